"""The Go toolchain: the version the builder image brings against the one
go.mod asks for."""

from __future__ import annotations

import re
from pathlib import Path

from cnlint.checks import Checks
from cnlint.cross.seams import ALL_KINDS, Side, seam
from cnlint.cross.service import Services, built_directory, real
from cnlint.dockerfile.facts import facts, may_build_go

checks = Checks()


def _contexts(project, doc) -> set[Path]:
    """The build contexts of a Dockerfile: those the service model links it
    with, else its own directory (`docker build .` beside it)."""
    linked = {s.context for s in project.view(Services).for_dockerfile(doc) if s.context is not None}
    return linked or {real(doc.absolute).parent}


_RELEASE = re.compile(r"^(?:go)?1\.(\d+)(?:\.(\d+))?")


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
    from cnlint.golang.gomod import minor  # the Go stack, only once the rule runs

    mods = {real(g.absolute).parent: g for g in project.of_kind("gomod") if g.absolute is not None and g.go is not None}
    if not mods:
        return
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
