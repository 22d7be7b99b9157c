"""What a Dockerfile says about the image it builds, for rules that read the
Dockerfile together with Go packages and Kubernetes workloads.

`facts(doc)` describes the final stage (or the stage a build `--target`
names) as the image config ends up: its root base image after following
`FROM <stage>` chains, USER, WORKDIR, ENV, EXPOSE, ENTRYPOINT and CMD as
inherited through that chain, the files COPY and ADD put there, and every
`go build` / `go install` any stage runs. Each fact carries the 1-based span
of what it was read from, so a cross-artifact rule can point at it.

What a Dockerfile leaves to its base image is None (unknown) here, unless
schemas/base-images.yaml knows the base (`ImageFacts.base_facts`).
"""

from __future__ import annotations

import posixpath
import re
from collections import ChainMap
from typing import NamedTuple

from cnlint.diagnostics import Span
from cnlint.dockerfile import stages as stage_help
from cnlint.dockerfile.model import Dockerfile, Instruction, Stage, env_pairs, substitute, tokens, unquote
from cnlint.images import BaseFacts, ImageRef, base_image_facts, canonical_name
from cnlint.patterns import lazy

_PLATFORM_ARGS = frozenset("BUILDPLATFORM BUILDOS BUILDARCH BUILDVARIANT TARGETPLATFORM TARGETOS TARGETARCH TARGETVARIANT".split())
# An EXPOSE range wider than this is left out rather than expanded.
MAX_EXPOSE_RANGE = 1024
_PORT = lazy(r"^(\d{1,5})(?:-(\d{1,5}))?(?:/([A-Za-z]+))?$")
_GO_TAG = lazy(r"^(?:go)?1\.(\d+)(?:\.\d+)?(?:(?:rc|beta)\d+)?(?:$|-)")
_GO_IMAGES = ("docker.io/library/golang", "mirror.gcr.io/library/golang", "public.ecr.aws/docker/library/golang", "cgr.dev/chainguard/go")
# Flags of `go build` / `go install` that take the next word as their value.
_GO_VALUED = frozenset(
    "-o -C -p -tags -ldflags -gcflags -asmflags -mod -modfile -pkgdir -overlay -buildmode -compiler "
    "-installsuffix -toolexec -pgo -covermode -coverpkg -gccgoflags".split()
)
# The variables of the go command this module reads off a RUN.
_GO_ENV = ("CGO_ENABLED", "GOOS", "GOARCH", "GOBIN", "GOPATH")
# `NAME=value` not inside another word: `export CGO_ENABLED=0;`, `GOOS=linux &&`.
_ASSIGNMENT = lazy(r"(?<![^\s;&|(])(" + "|".join(_GO_ENV) + r""")=("[^"]*"|'[^']*'|[^\s;&|)]*)""")
_URL = lazy(r"^[a-z][a-z0-9+.-]*://", re.I)
_WINDOWS_PATH = lazy(r"^([A-Za-z]:)?[\\\\]|^[A-Za-z]:")
_GLOB = lazy(r"[*?\[]")


class Process(NamedTuple):
    """ENTRYPOINT or CMD: the argv Docker stores (a shell form is the SHELL
    with the command line appended), whether it was shell form, and where."""

    argv: list[str]
    shell_form: bool
    span: Span


class Port(NamedTuple):
    port: int
    protocol: str  # tcp, udp or sctp, lower case
    span: Span


class Copy:
    """A COPY or ADD that puts files into the image."""

    def __init__(
        self, keyword: str, sources: list[str], destination: str | None, to_directory: bool, from_stage: str | int | None, from_image: ImageRef | None,
        source_stage: Stage | None, stage: int, span: Span, destination_span: Span, heredoc: bool = False, instruction: Instruction | None = None,
    ):
        self.keyword = keyword  # COPY or ADD
        self.sources = sources  # ARGs substituted where known; heredoc names for `COPY <<EOF`
        self.destination = destination  # absolute, against the WORKDIR then; None when unknown
        self.to_directory = to_directory  # the sources land inside `destination` (`/dir/`, or several sources)
        self.from_stage = from_stage  # --from: the stage's name as written, or its index; None: the context
        self.from_image = from_image  # --from naming an image rather than a stage
        self.source_stage = source_stage  # the stage --from names
        self.stage = stage  # the stage the instruction is in
        self.span = span  # the instruction
        self.destination_span = destination_span
        self.heredoc = heredoc
        self.instruction = instruction

    def __repr__(self) -> str:
        return f"Copy({self.keyword} {self.sources!r} -> {self.destination!r})"

    def _files_only(self) -> bool:
        """Whether every source is one file (a heredoc or a URL), never a directory."""
        return self.heredoc or (self.keyword == "ADD" and all(_URL.match(s) for s in self.sources))

    def _names(self) -> list[str]:
        if self.heredoc:
            return list(self.sources)
        return [posixpath.basename(s.rstrip("/").split("?", 1)[0]) for s in self.sources if not _GLOB.search(s)]

    def places(self, path: str) -> bool | None:
        """Whether this copy puts `path` (absolute, normalised) into the image:
        True, False, or None when the sources decide (a directory, a glob, an archive)."""
        dest = self.destination
        if dest is None:
            return None
        if path == dest or dest.startswith(path.rstrip("/") + "/"):
            return True
        if not path.startswith(dest.rstrip("/") + "/"):
            return False
        rest = path[len(dest.rstrip("/")) + 1 :]
        first = rest.split("/", 1)[0]
        if self.to_directory and first in self._names():
            return True if rest == first else (False if self._files_only() else None)
        return False if self._files_only() else None


class GoBuild:
    """One `go build` or `go install` in a RUN of any stage."""

    def __init__(
        self, *, subcommand: str, stage: int, stage_name: str | None, packages: list[str], output: str | None, output_is_dir: bool, output_exact: bool,
        workdir: str | None, cgo_enabled: bool | None, goos: str | None, goarch: str | None, tags: list[str], ldflags: str | None, span: Span,
        go_version: str | None, gobin: str | None = None, instruction: Instruction | None = None,
    ):
        self.subcommand = subcommand  # build or install
        self.stage = stage
        self.stage_name = stage_name
        self.packages = packages  # as written after the flags; ["."] when none
        self.output = output  # the binary's path: -o, or what the go command names it; None when unknown or none
        self.output_is_dir = output_is_dir  # -o names a directory (`-o /out/`): the binaries land inside it
        self.output_exact = output_exact  # False when the name is guessed from the directory (go.mod's module path decides)
        self.workdir = workdir  # where the go command runs (WORKDIR, then `cd` and -C)
        self.cgo_enabled = cgo_enabled  # CGO_ENABLED=0/1 on the command, in the RUN, or by ENV/ARG; None: unknown
        self.goos = goos  # GOOS set for the command; None when unset or unknown
        self.goarch = goarch
        self.tags = tags
        self.ldflags = ldflags  # ARGs substituted when known, else as written
        self.span = span  # the command within the RUN
        self.go_version = go_version  # the Go language version ("1.22") of the stage's golang base image
        self.gobin = gobin  # where `go install` puts binaries
        self.instruction = instruction

    def __repr__(self) -> str:
        return f"GoBuild(go {self.subcommand} {' '.join(self.packages)} -> {self.output!r})"

    def output_for(self, import_path: str) -> str | None:
        """The binary's path once the main package's import path is known
        (from go.mod): what the go command names it without -o."""
        if self.output is None or self.output_exact or self.output_is_dir:
            return self.output
        name = _binary_name(import_path, self.goos)
        return posixpath.join(posixpath.dirname(self.output), name) if name else None


class ImageFacts:
    def __init__(self, stage: Stage | None, chain: list[Stage], base: ImageRef | None, scratch: bool, base_span: Span | None, base_facts: BaseFacts | None, builds: tuple | None = None):
        self.stage = stage
        self.chain = chain  # the root stage first, `stage` last
        self.base = base  # the root stage's image; None for scratch or when ARGs leave it unknown
        self.scratch = scratch
        self.base_span = base_span
        self.base_facts = base_facts  # what schemas/base-images.yaml knows of `base`
        self.user: str | None = None  # the last USER of the chain; None when never set (or unknown: then user_span is set)
        self.user_span: Span | None = None
        self.workdir: str | None = None  # WORKDIR of the chain, else the base image's when known
        self.workdir_span: Span | None = None  # None when the base image sets it
        self.env: dict[str, tuple[str | None, Span]] = {}  # value None: unknown
        self.expose: list[Port] = []
        self.entrypoint: Process | None = None
        self.cmd: Process | None = None
        self.cmd_inherited = True  # no CMD in the chain and no ENTRYPOINT cleared the base image's
        self.healthcheck_span: Span | None = None  # the HEALTHCHECK in force, unless HEALTHCHECK NONE
        self.copies: list[Copy] = []
        self.runs = False  # a RUN in the chain (it may create any file)
        self.created_dirs: list[str] = []  # WORKDIRs of the chain
        self._builds: list | tuple = builds if builds is not None else []  # (doc, workdirs) until go_builds is read

    def __repr__(self) -> str:
        return f"ImageFacts(stage {self.stage.index if self.stage else None}, base {self.base!r})"

    @property
    def go_builds(self) -> list[GoBuild]:
        """The go builds of every stage. Read from the RUNs when first asked:
        most questions about an image need no shell parsed."""
        if isinstance(self._builds, tuple):
            doc, workdirs = self._builds
            self._builds = list(_go_builds(doc, workdirs))
        return self._builds

    @property
    def uid(self) -> int | None:
        """The numeric user the image runs as, when the Dockerfile or the base image says."""
        if self.user is None:
            # a USER whose value is unknown, or none: the base image's
            return self.base_facts.uid if self.base_facts and self.user_span is None else None
        name = self.user.split(":", 1)[0]
        if name.isdigit():
            return int(name)
        return 0 if name == "root" else None

    def files_created(self, path: str) -> bool | None:
        """Whether the image holds `path`: True when a COPY/ADD or WORKDIR puts
        it there, False when the image starts from scratch and nothing does,
        None when unknown (the base has a filesystem, or a RUN may create it)."""
        if not path.startswith("/"):
            path = posixpath.join(self.workdir or "/", path)
        path = posixpath.normpath(path)
        if path == "/":
            return True
        unknown = False
        for copy in self.copies:
            placed = copy.places(path)
            if placed:
                return True
            unknown = unknown or placed is None
        if any(d == path or d.startswith(path + "/") for d in self.created_dirs):
            return True
        if unknown or self.runs or not self.scratch:
            return None
        return False

    def builds_for(self, path: str) -> list[GoBuild]:
        """The go builds whose binary a COPY puts at `path` of this image
        (relative: against the image's WORKDIR)."""
        path = posixpath.normpath(posixpath.join(self.workdir or "/", path))
        out = []
        for copy in self.copies:
            if copy.source_stage is None or copy.places(path) is not True:
                continue
            wanted = _copied_from(copy, path)
            chain = {s.index for s in stage_help.chain(copy.source_stage)}
            out.extend(b for b in self.go_builds if b.stage in chain and b.output and wanted is not None and _same_or_inside(wanted, b))
        return out


def _copied_from(copy: Copy, path: str) -> str | None:
    """The source path a copy's `path` comes from (one source only)."""
    if len(copy.sources) != 1 or copy.destination is None:
        return None
    source = copy.sources[0]
    if path == copy.destination and not copy.to_directory:
        return source
    if copy.to_directory and path == posixpath.join(copy.destination, posixpath.basename(source.rstrip("/"))):
        return source
    return None


def _same_or_inside(source: str, build: GoBuild) -> bool:
    output = build.output or ""
    if not source.startswith("/"):
        source = posixpath.join(build.workdir or "/", source)
    source = posixpath.normpath(source)
    return source == output or (build.output_is_dir and posixpath.dirname(source) == output)


# ---- the image --------------------------------------------------------------


_GO_COMMAND = lazy(r"\bgo\s+(?:-C\s+\S+\s+)?(?:build|install)\b")


def may_build_go(doc: Dockerfile) -> bool:
    """Whether some RUN of the Dockerfile may run `go build` or `go install`:
    a cheap test before reading its facts."""
    return bool(_GO_COMMAND.search(doc.text))


def facts(doc: Dockerfile, target: str | None = None) -> ImageFacts:
    """The facts of the image the final stage (or stage `target`) builds.

    Raises LookupError when no stage is named `target`."""
    stage = doc.stage_named(target) if target else doc.final_stage
    if target and stage is None:
        raise LookupError(f"no build stage named {target!r}")
    workdirs = _workdirs(doc)
    if stage is None:
        return ImageFacts(None, [], None, False, None, None, (doc, workdirs))
    chain = list(stage_help.chain(stage))[::-1]
    root = chain[0]
    base, scratch = _base_of(root)
    out = ImageFacts(stage, chain, base, scratch, stage_help.image_span(doc, root), _base_facts(root), (doc, workdirs))
    out.workdir = out.base_facts.workdir if out.base_facts else None
    for st in chain:
        _read_stage(doc, st, out, workdirs)
    return out


def _base_of(root: Stage) -> tuple[ImageRef | None, bool]:
    if root.resolved is None or not root.resolved.strip():
        return None, False
    if root.resolved.lower() == "scratch":
        return None, True
    return ImageRef.parse(root.resolved), False


def _base_facts(root: Stage) -> BaseFacts | None:
    base, scratch = _base_of(root)
    if scratch:
        return base_image_facts(ImageRef.parse("scratch"))
    return base_image_facts(base) if base else None


def _own(doc: Dockerfile, stage: Stage):
    """The stage's instructions after FROM that run in this build (not ONBUILD)."""
    return [i for i in doc.in_stage(stage) if i.keyword not in ("FROM", "ONBUILD")]


def _read_stage(doc: Dockerfile, stage: Stage, out: ImageFacts, workdirs: dict) -> None:
    cmd_set = False  # ENTRYPOINT clears a CMD unless this stage set one
    for ins in _own(doc, stage):
        kw = ins.keyword
        if kw == "USER":
            out.user, out.user_span = doc.resolve(ins, ins.arguments.strip()), doc.args_span(ins)
        elif kw == "WORKDIR":
            out.workdir, out.workdir_span = workdirs[id(ins)], doc.args_span(ins)
            if out.workdir:
                out.created_dirs.append(out.workdir)
        elif kw == "ENV":
            out.env.update(_env(doc, ins))
        elif kw == "EXPOSE":
            out.expose.extend(_ports(doc, ins))
        elif kw == "CMD":
            out.cmd, out.cmd_inherited, cmd_set = _process(doc, ins), False, True
        elif kw == "ENTRYPOINT":
            out.entrypoint = _process(doc, ins)
            if not cmd_set:
                out.cmd, out.cmd_inherited = None, False
        elif kw == "HEALTHCHECK":
            out.healthcheck_span = None if ins.arguments.strip().upper() == "NONE" else ins.span
        elif kw in ("COPY", "ADD"):
            out.copies.append(_copy(doc, ins, workdirs.get(id(ins), "/")))
        elif kw == "RUN":
            out.runs = True


def _word_span(doc: Dockerfile, ins: Instruction, offset: int, text: str) -> Span:
    start = ins.args_offset + offset
    return doc.span_of(ins, start, start + len(text))


def _env(doc: Dockerfile, ins: Instruction):
    words = dict((offset, word) for word, offset in tokens(ins.arguments))
    found = env_pairs(ins.arguments)
    legacy = len(found) == 1 and len(words) > 1 and "=" not in words.get(found[0][2], "=")
    for key, value, offset in found:
        if value is None:
            continue
        text = ins.arguments[offset:].rstrip() if legacy else words.get(offset, key)
        yield key, (substitute(value, ins.scope), _word_span(doc, ins, offset, text))


def _ports(doc: Dockerfile, ins: Instruction):
    for word, offset in tokens(ins.arguments):
        value = substitute(unquote(word), ins.scope)
        m = _PORT.match(value or "")
        if not m:
            continue
        low = int(m.group(1))
        high = int(m.group(2) or low)
        protocol = (m.group(3) or "tcp").lower()
        if not 0 < low <= high <= 65535 or high - low >= MAX_EXPOSE_RANGE or protocol not in ("tcp", "udp", "sctp"):
            continue
        span = _word_span(doc, ins, offset, word)
        yield from (Port(p, protocol, span) for p in range(low, high + 1))


def _process(doc: Dockerfile, ins: Instruction) -> Process:
    argv = ins.json_arguments
    if argv is not None:
        return Process(argv, False, doc.args_span(ins))
    return Process([*doc.shell_of(ins), ins.arguments.strip()], True, doc.args_span(ins))


# ---- WORKDIR ----------------------------------------------------------------


def _join(directory: str | None, path: str | None) -> str | None:
    """`path` against `directory` (None: unknown), normalised."""
    if path is None:
        return None
    if _WINDOWS_PATH.match(path):
        return path  # a Windows stage's C:\\dir: kept as written
    if not path.startswith("/"):
        if directory is None:
            return None
        path = posixpath.join(directory, path)
    return posixpath.normpath(path)


def _workdirs(doc: Dockerfile) -> dict[int, str | None]:
    """The WORKDIR in force at each instruction (by id), after it for WORKDIR;
    a stage starts with its parent's, else its base image's (else `/`)."""
    at: dict[int, str | None] = {}
    end: dict[int, str | None] = {}
    for stage in doc.stages:
        if stage.parent is not None:
            current = end.get(stage.parent.index)
        else:
            known = _base_facts(stage)
            current = known.workdir if known and known.workdir else "/"
        for ins in doc.in_stage(stage):
            if ins.keyword == "WORKDIR":
                current = _join(current, doc.resolve(ins, unquote(ins.arguments.strip())))
            at[id(ins)] = current
        end[stage.index] = current
    return at


# ---- COPY and ADD -----------------------------------------------------------


def _copy_words(doc: Dockerfile, ins: Instruction) -> list[tuple[str, Span]]:
    argv = ins.json_arguments
    if argv is not None:
        span = doc.args_span(ins)
        return [(w, span) for w in argv]
    return [(unquote(w), _word_span(doc, ins, offset, w)) for w, offset in tokens(ins.arguments)]


def _copy(doc: Dockerfile, ins: Instruction, workdir: str | None) -> Copy:
    words = _copy_words(doc, ins)
    if not words:
        words = [("", ins.keyword_span)]
    heredoc = bool(ins.heredocs)
    sources = [w for w, _ in words[:-1]]
    if heredoc:
        sources = [h.word for h in ins.heredocs]
    else:
        sources = [doc.resolve(ins, s) or s for s in sources]
    raw_dest, dest_span = words[-1]
    dest = doc.resolve(ins, raw_dest) if not raw_dest.startswith("<<") else None
    to_directory = bool(dest) and (dest.endswith(("/", "/.")) or dest == "." or len(sources) > 1)
    destination = _join(workdir, dest) if dest else None
    from_stage, from_image, source_stage = _copy_from(doc, ins)
    return Copy(ins.keyword, sources, destination, to_directory, from_stage, from_image, source_stage, ins.stage, ins.span, dest_span, heredoc, ins)


def _copy_from(doc: Dockerfile, ins: Instruction):
    """(--from as a stage name or index, as an image, the stage) of a COPY."""
    value = ins.flags.get("from")
    if not value or ins.keyword != "COPY":
        return None, None, None
    value = doc.resolve(ins, value) or value
    stage = doc.stage_named(value)
    if stage is not None and stage.index < ins.stage:
        return (stage.index if value.isdigit() else value), None, stage
    return None, ImageRef.parse(value), None


# ---- go build and go install ------------------------------------------------


def go_version(ref: ImageRef | None) -> str | None:
    """The Go language version ("1.22") of a golang image's tag:
    golang:1.22-alpine, golang:1.21.5-bookworm, golang:1.23rc1."""
    if ref is None or ref.tag is None or canonical_name(ref) not in _GO_IMAGES:
        return None
    m = _GO_TAG.match(ref.tag)
    return f"1.{int(m.group(1))}" if m else None


def builder_go_version(stage: Stage) -> str | None:
    """The Go language version of the golang image a stage (through the
    stages it builds on) starts from; None for any other image."""
    root = list(stage_help.chain(stage))[-1]
    base, _ = _base_of(root)
    return go_version(base)


def _binary_name(import_path: str, goos: str | None = None) -> str | None:
    """The executable the go command names after a package: its import
    path's last element that is not a major version (`v2`), or a first .go file's name."""
    path = import_path.split("@", 1)[0].rstrip("/")
    if path.endswith(".go"):
        name = posixpath.basename(path)[:-3]
    else:
        parts = [p for p in path.split("/") if p and p != "."]
        if len(parts) > 1 and re.fullmatch(r"v[2-9]\d*", parts[-1]):
            parts.pop()
        name = parts[-1] if parts and parts[-1] != ".." else None
    if not name:
        return None
    return name + ".exe" if goos == "windows" else name


def _go_env(doc: Dockerfile, ins: Instruction, script, cmd, outer) -> dict[str, str | None]:
    """The go variables the command sees: ENV and ARG, then assignments
    earlier in the RUN (outside other commands), then `env X=1` and prefixes."""
    env: dict[str, str | None] = {k: ins.scope[k] for k in _GO_ENV if k in ins.scope}
    for m in _ASSIGNMENT.finditer(script.text, 0, outer.start):
        if not any(c.start <= m.start() < c.end for c in script.commands if c is not outer):
            env[m.group(1)] = _value(ins, unquote(m.group(2)), env)
    words = [a.raw for a in outer.args if a.start < cmd.name_word.start] if cmd is not outer else []
    for text in [*outer.assignments, *words]:
        key, eq, value = text.partition("=")
        if eq and key in _GO_ENV:
            env[key] = _value(ins, unquote(value), env)
    return env


def _value(ins: Instruction, text: str, env: dict) -> str | None:
    """A word of the RUN with ARG/ENV (and earlier assignments) substituted.
    The platform ARGs are unknown: the build sets them, whatever their default."""
    platform = {k: None for k in _PLATFORM_ARGS if k in ins.scope}
    # looked through, not merged: a copy of the scope per word grows with every ENV
    return substitute(text, ChainMap(env, platform, ins.scope))


def _parse_go_args(args) -> tuple[dict[str, str], list]:
    """(flags by name, package words) of `go build` / `go install` arguments."""
    flags: dict[str, str] = {}
    packages: list = []
    i = 0
    while i < len(args):
        word = args[i]
        value = word.value
        if not packages and value.startswith(("$(", "`")):
            pass  # a command substitution may expand to flags: `$(echo -tags x)`
        elif packages or not value.startswith("-") or value == "-":
            packages.append(word)
        elif value == "--":
            packages.extend(args[i + 1 :])
            break
        else:
            name, eq, given = ("-" + value.lstrip("-")).partition("=")
            if not eq and name in _GO_VALUED and i + 1 < len(args):
                i += 1
                given = args[i].value
            flags[name] = given
        i += 1
    return flags, packages


def _go_commands(doc: Dockerfile, ins: Instruction, script, workdir: str | None):
    """(command, the command a wrapper runs, directory) for each go build /
    install of a RUN, following `cd` on the way."""
    cwd = workdir
    for outer in script.commands:
        cmd = outer.effective()
        name = cmd.name.rsplit("/", 1)[-1]
        if name == "cd":
            # `cd` alone goes $HOME, `cd -` back: neither is followed
            target = cmd.args[0].value if cmd.args and cmd.args[0].value != "-" else None
            cwd = _join(cwd, _value(ins, target, {})) if target else None
        elif name == "go" and cmd.args and cmd.args[0].value in ("build", "install"):
            yield outer, cmd, cwd


def _go_builds(doc: Dockerfile, workdirs: dict):
    for ins in doc.of("RUN", triggers=False):
        script = doc.script(ins)
        if script is None or "go" not in script.text:
            continue
        stage = doc.stage_of(ins)
        for outer, cmd, cwd in _go_commands(doc, ins, script, workdirs.get(id(ins))):
            yield _go_build(doc, ins, script, outer, cmd, cwd, stage)


def _flag(ins: Instruction, flags: dict, name: str, env: dict) -> str | None:
    if name not in flags:
        return None
    return _value(ins, flags[name], env)


def _go_build(doc, ins, script, outer, cmd, cwd, stage) -> GoBuild:
    env = _go_env(doc, ins, script, cmd, outer)
    flags, package_words = _parse_go_args(cmd.args[1:])
    packages = [_value(ins, w.value, env) or w.value for w in package_words] or ["."]
    if "-C" in flags:
        cwd = _join(cwd, _flag(ins, flags, "-C", env))
    tags_text = _flag(ins, flags, "-tags", env) if "-tags" in flags else None
    cgo = env.get("CGO_ENABLED")
    goos = env.get("GOOS") or None
    build = GoBuild(
        subcommand=cmd.args[0].value,
        stage=stage.index if stage else -1,
        stage_name=stage.name if stage else None,
        packages=packages,
        output=None,
        output_is_dir=False,
        output_exact=True,
        workdir=cwd,
        cgo_enabled={"0": False, "1": True}.get(cgo or ""),
        goos=goos,
        goarch=env.get("GOARCH") or None,
        tags=[t for t in re.split(r"[,\s]+", tags_text or flags.get("-tags", "")) if t],
        ldflags=(_flag(ins, flags, "-ldflags", env) or flags.get("-ldflags")) if "-ldflags" in flags else None,
        span=outer.span,
        go_version=builder_go_version(stage) if stage else None,
        instruction=ins,
    )
    _set_output(build, ins, flags, env, doc, stage)
    return build


def _gobin(env: dict, doc: Dockerfile, stage: Stage | None) -> str | None:
    if "GOBIN" in env:
        return env["GOBIN"] or None
    if "GOPATH" in env:
        gopath = env["GOPATH"]
    else:
        root = list(stage_help.chain(stage))[-1] if stage else None
        known = _base_facts(root) if root else None
        gopath = known.gopath if known else None
    return posixpath.join(gopath.split(":", 1)[0], "bin") if gopath else None


def _set_output(build: GoBuild, ins: Instruction, flags: dict, env: dict, doc: Dockerfile, stage: Stage | None) -> None:
    packages = build.packages
    if "-o" in flags:
        given = _flag(ins, flags, "-o", env)
        build.output = _join(build.workdir, given) if given else None
        build.output_is_dir = bool(given) and given.endswith("/")
        return
    single = len(packages) == 1 or all(p.endswith(".go") for p in packages)
    if not single or "..." in packages[0]:
        return  # several packages: go build discards them, go install names each
    package = packages[0]
    if build.subcommand == "build":
        directory = build.workdir
    else:
        build.gobin = directory = _gobin(env, doc, stage)
    if package.startswith((".", "/")) and not package.endswith(".go"):
        # the import path comes from go.mod; the directory's name is the guess
        build.output_exact = False
        package = _join(build.workdir, package) or ""
    name = _binary_name(package, build.goos)
    if name and directory:
        build.output = posixpath.join(directory, name)
