"""The Go toolchain: the version the builder image brings against the one
go.mod asks for."""

from __future__ import annotations

import posixpath
from pathlib import Path

from cnlint.checks import Checks
from cnlint.cross.seams import ALL_KINDS, Side, seam
from cnlint.cross.service import Services, built_directory, real
from cnlint.patterns import lazy

checks = Checks()


def _contexts(project, doc) -> set[Path]:
    """The build contexts of a Dockerfile: those the service model links it
    with, else its own directory (`docker build .` beside it)."""
    linked = {s.context for s in project.view(Services).for_dockerfile(doc) if s.context is not None}
    return linked or {real(doc.absolute).parent}


_RELEASE = lazy(r"^(?:go)?1\.(\d+)(?:\.(\d+))?")


def _release(version: str | None) -> tuple[int, int | None] | None:
    """(minor, patch) of a Go version or image tag ("1.22.3", "1.22-alpine"); patch None when not given."""
    m = _RELEASE.match(version or "")
    return (int(m.group(1)), int(m.group(2)) if m.group(2) else None) if m else None


def _too_old(tag: str | None, wanted: str) -> bool:
    """Whether an image tagged `tag` has an older Go than go.mod's `wanted`.
    A tag without a patch release is that line's newest, so it is too old
    only by its minor version."""
    have, need = _release(tag), _release(wanted)
    if have is None or need is None:
        return False
    if have[0] != need[0]:
        return have[0] < need[0]
    return have[1] is not None and need[1] is not None and have[1] < need[1]


def _go_mod_read(project, mods: dict, build, builder, context: Path):
    """The go.mod the build reads from the context: the one governing the
    built package, or the context's own when the stage copies go.mod by name."""
    directory = built_directory(build, builder, context, project.view(Services).modules)
    if directory is not None:
        for d in (directory, *directory.parents):
            if d in mods:
                return mods[d]
            if d == context:
                break
    chain = {s.index for s in builder.chain}
    for copy in builder.copies:
        named = [s.rstrip("/") for s in copy.sources]
        if copy.stage in chain and copy.from_stage is None and copy.from_image is None and "go.mod" in named and context in mods:
            return mods[context]
    return None


@checks.project("XA003", reads=ALL_KINDS)
def builder_go_older_than_go_mod(project, ctx):
    mods = {real(g.absolute).parent: g for g in project.of_kind("gomod") if g.absolute is not None and g.go is not None}
    if not mods:
        return
    from cnlint.dockerfile.facts import facts, may_build_go
    from cnlint.golang.gomod import minor  # the Go stack, only once there is a go.mod

    for doc in project.of_kind("dockerfile"):
        if doc.absolute is None or not may_build_go(doc):
            continue
        reported = set()
        for build in facts(doc).go_builds:
            builder = facts(doc, str(build.stage))
            base = builder.base_facts
            if build.go_version is None or base is None or not base.go_toolchain_local or (builder.env.get("GOTOOLCHAIN") or ("local",))[0] != "local":
                continue
            for context in sorted(_contexts(project, doc)):
                mod = _go_mod_read(project, mods, build, builder, context)
                if mod is None or mod.language_version is None or (build.stage, mod.path) in reported:
                    continue
                if not _too_old(builder.base.tag, mod.go.args[0]) and minor(mod.language_version) <= minor(build.go_version):
                    continue
                reported.add((build.stage, mod.path))
                message = (
                    f"the build stage's image {builder.base.name}:{builder.base.tag} has an older Go than {mod.path} asks for (go {mod.go.args[0]}); "
                    f"the image sets GOTOOLCHAIN=local, so the build fails: use golang:{mod.go.args[0]} or newer"
                )
                finding = seam(
                    project,
                    message,
                    Side(doc.path, builder.base_span, f"Go {build.go_version}"),
                    Side(mod.path, mod.go.span, f"go {mod.go.args[0]}"),
                )
                if finding is not None:
                    yield finding


# ---- XA016: a build that bypasses go.mod's language version -----------------------


def _commands(doc, ins):
    """(outer command, the command it runs) of a RUN."""
    script = doc.script(ins)
    return [(c, c.effective()) for c in script.commands] if script is not None else []


def _is(cmd, *words: str) -> bool:
    return cmd.name.rsplit("/", 1)[-1] == "go" and [w.value for w in cmd.args[: len(words)]] == list(words)


def _module_init(doc, build, builder, context: Path):
    """The `go mod init` the build runs after, in the directory it builds in
    (same WORKDIR, no `cd` or -C between), with no COPY or ADD between them; else None."""
    sequence = [i for stage in builder.chain for i in doc.in_stage(stage) if i.keyword not in ("FROM", "ONBUILD")]
    if build.instruction not in sequence:
        return None
    found = None  # (RUN, `cd`s before it in that RUN, span) of the last `go mod init`
    for ins in sequence[: sequence.index(build.instruction) + 1]:
        if ins.keyword == "WORKDIR" or (ins.keyword in ("COPY", "ADD") and _may_bring_go_mod(ins, builder, build.workdir, context)):
            found = None  # another directory, or perhaps a go.mod over the fresh one
        if ins.keyword != "RUN":
            continue
        cds = 0
        for outer, cmd in _commands(doc, ins):
            if ins is build.instruction and outer.span == build.span:
                here = found is not None and found[1] == cds and (found[0] is ins or cds == 0)
                return found[2] if here and "-C" not in [w.value for w in cmd.args] else None
            if cmd.name == "cd":
                cds += 1
            elif _is(cmd, "mod", "init"):
                found = (ins, cds, outer.span)
    return None


def _may_bring_go_mod(ins, builder, directory: str | None, context: Path) -> bool:
    """Whether a COPY or ADD may put a go.mod into `directory`: not when it
    copies elsewhere, or only files of the context that are not go.mod."""
    copy = next((c for c in builder.copies if c.instruction is ins), None)
    if copy is None or directory is None:
        return True
    placed = copy.places(posixpath.join(directory, "go.mod"))
    if placed is not None:
        return placed
    if copy.from_stage is not None or copy.from_image is not None or copy.heredoc or copy.keyword != "COPY":
        return True
    for source in copy.sources:
        if source.startswith(("/", "..")) or "[" in source:
            return True
        matches = list(context.glob(source)) if any(c in source for c in "*?") else [context / source]
        if any(not m.is_file() or m.name == "go.mod" for m in matches):
            return True
    return False


_EXPORT = lazy(r"""(?:^|[;&|(\n])\s*export\s+GO111MODULE=["']?(\w*)""")


def _unquoted(text: str) -> str:
    return text.replace('"', "").replace("'", "")


def _modules_off(doc, build, builder):
    """Where GO111MODULE=off is set for the build: the ENV or ARG of the
    stage chain in force at its RUN, or the RUN itself; else None."""
    ins = build.instruction
    for outer, _ in _commands(doc, ins):
        if outer.span == build.span:
            if any(_unquoted(a) == "GO111MODULE=off" for a in outer.assignments):
                return build.span
            script = doc.script(ins)
            exports = list(_EXPORT.finditer(script.text, 0, outer.start))
            # the last export sets it, unless the variable is named again after
            if exports and exports[-1].group(1) == "off" and "GO111MODULE" not in script.text[exports[-1].end() : outer.start]:
                return build.span
            break
    if ins.scope.get("GO111MODULE") != "off":
        return None
    declared = [i for stage in builder.chain for i in doc.in_stage(stage) if i.keyword in ("ENV", "ARG") and i.line < ins.line and "GO111MODULE" in i.arguments]
    return doc.args_span(declared[-1]) if declared else None


def _bypass(doc, build, builder, context: Path):
    """(span, how) of what makes the build ignore the repository's go.mod."""
    span = _module_init(doc, build, builder, context)
    if span is not None:
        return span, "runs `go mod init`"
    span = _modules_off(doc, build, builder)
    return (span, "sets GO111MODULE=off") if span is not None else None


def _shared_loop(program):
    """(path, span, name, how) of the first loop whose variable outlives an
    iteration: captured by a literal started in it, or its address kept."""
    from cnlint.golang.loops import addresses_kept, captured

    for package in program.packages:
        for doc in package.files:
            if doc.path.endswith("_test.go"):
                continue
            for loop in doc.nodes("for_statement"):
                for _, name, how in captured(doc, loop):
                    return doc.path, doc.span(loop.child(0)), name, f"captured by {how}"
                for _, name in addresses_kept(doc, loop):
                    return doc.path, doc.span(loop.child(0)), name, "kept by address"
    return None


def _governing(mods: dict, directory: Path | None, context: Path):
    for d in (directory, *directory.parents) if directory is not None else ():
        if d in mods:
            return mods[d]
        if d == context:
            break
    return None


@checks.project("XA016", reads=ALL_KINDS)
def build_ignores_go_mod_semantics(project, ctx):
    mods = {real(g.absolute).parent: g for g in project.of_kind("gomod") if g.absolute is not None and g.go is not None}
    if not mods:
        return
    from cnlint.cross.program import Programs  # the Go stack, only once there is a go.mod
    from cnlint.dockerfile.facts import facts, may_build_go
    from cnlint.golang.gomod import minor
    from cnlint.golang.index import Packages

    mains = {real(Path(p.directory)): p for p in project.view(Packages) if p.is_main}
    for doc in project.of_kind("dockerfile"):
        if doc.absolute is None or not may_build_go(doc):
            continue
        reported = set()
        for build in facts(doc).go_builds:
            if build.go_version is None or build.instruction is None or minor(build.go_version) < 22:
                continue
            builder = facts(doc, str(build.stage))
            for context in sorted(_contexts(project, doc)):
                bypass = _bypass(doc, build, builder, context)
                if bypass is None:
                    continue
                directory = built_directory(build, builder, context, project.view(Services).modules)
                mod = _governing(mods, directory, context)
                main = mains.get(directory)
                if mod is None or main is None or mod.language_version is None or minor(mod.language_version) >= 22 or (build.stage, mod.path) in reported:
                    continue
                loop = _shared_loop(project.view(Programs).of(main))
                if loop is None:
                    continue
                reported.add((build.stage, mod.path))
                path, span, name, how = loop
                message = (
                    f"the build {bypass[1]}, so the image's Go {build.go_version}, not {mod.path}'s go {mod.go.args[0]}, sets the language version: "
                    f"under the image the loop variable {name} ({path}:{span.line}) is per iteration, while the module was written for one shared by every iteration"
                )
                finding = seam(
                    project,
                    message,
                    Side(doc.path, bypass[0], f"Go {build.go_version}"),
                    Side(mod.path, mod.go.span, f"go {mod.go.args[0]}"),
                    Side(path, span, f"loop variable {name} {how}"),
                )
                if finding is not None:
                    yield finding
