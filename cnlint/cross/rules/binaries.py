"""The binary an image starts: whether the C library a cgo build links
against is in the final image, and whether the program is there at all."""

from __future__ import annotations

import posixpath
import re
from pathlib import Path

from cnlint.checks import Checks
from cnlint.cross.seams import ALL_KINDS, Side, seam
from cnlint.cross.service import Services, built_directory, module_directory, real
from cnlint.dockerfile import stages as stage_help
from cnlint.kubernetes.common import items, mapping
from cnlint.patterns import lazy

checks = Checks()

# Imports that make a cgo build link the C library dynamically: the net and
# os/user packages use libc's resolver and user lookups whenever cgo is on,
# `import "C"` links it directly; the rest are well-known packages that
# import net/http themselves.
_LIBC_IMPORTS = frozenset(
    "C net net/http net/http/pprof net/http/httputil net/rpc net/smtp net/textproto os/user crypto/tls".split()
)
_LIBC_IMPORT_PREFIXES = (
    "google.golang.org/grpc",
    "github.com/gin-gonic/gin",
    "github.com/labstack/echo",
    "github.com/go-chi/chi",
    "github.com/gorilla/mux",
    "github.com/mattn/go-sqlite3",
)
# Build settings that keep a cgo binary from needing the image's libc, or leave it unknown.
_STATIC_TAGS = frozenset({"netgo", "osusergo"})
_INSTALLS_CC = lazy(r"\b(?:apk|apt-get|apt|yum|dnf|microdnf)\b.*\b(?:gcc|clang|build-base|build-essential)\b", re.S)
_PROVIDES_LIBC = lazy(r"libc|compat|musl|glibc")
# Where a known base image may hold files: anything outside these top-level
# directories is in the image only when the Dockerfile puts it there.
_BASE_DIRECTORIES = frozenset(
    "bin sbin usr lib lib32 lib64 libx32 etc var opt root home tmp run dev proc sys srv mnt media boot go busybox".split()
)
# What an image with no executables (scratch, distroless, chainguard static) still holds.
_BARE_HOLDS = ("/lib", "/lib32", "/lib64", "/libx32", "/usr/lib", "/usr/share", "/etc", "/busybox")
_BARE_IMAGES = ("gcr.io/distroless/", "cgr.dev/chainguard/static")


# ---- XA004 ---------------------------------------------------------------------------


def _builder_mentions(doc, builder, pattern) -> bool:
    """Whether a RUN of the builder's stage chain matches `pattern`."""
    chain = {s.index for s in builder.chain}
    return any(ins.stage in chain and re.search(pattern, ins.value) for ins in doc.of("RUN", triggers=False))


def _cgo(doc, build, builder) -> str | None:
    """Why cgo is on for the build (CGO_ENABLED=1, or unset with a C compiler
    on a builder that builds for itself); None when it is off or unknown."""
    if build.cgo_enabled is True:
        return "CGO_ENABLED=1"
    if build.cgo_enabled is False or build.instruction is None:
        return None
    scope = build.instruction.scope
    if any(name in scope for name in ("CGO_ENABLED", "GOOS", "GOARCH", "GOFLAGS")):
        return None  # set by ENV or ARG to a value cnlint does not know, or cross-compiling
    if _builder_mentions(doc, builder, r"CGO_ENABLED|GOARCH|GOFLAGS") or (build.goos not in (None, "linux")):
        return None  # `go env -w`, a value cnlint does not know, or cross-compiling
    if re.search(r"\bGOOS\b", build.instruction.value) and build.goos != "linux":
        return None
    base = builder.base_facts
    if base is not None and base.gcc:
        return f"CGO_ENABLED is unset and {_image_name(builder)} has a C compiler"
    if _builder_mentions(doc, builder, _INSTALLS_CC.pattern):
        return "CGO_ENABLED is unset and the build stage installs a C compiler"
    return None


def _links_statically(build) -> bool | None:
    """True when the build's flags make a static binary; None when unknown."""
    ldflags = build.ldflags or ""
    if "$" in ldflags or any("$" in t for t in build.tags):
        return None
    return "static" in ldflags or bool(_STATIC_TAGS & set(build.tags))


def _missing_libc(builder_libc: str, final) -> str | None:
    """What the final image lacks for a binary linked against `builder_libc`."""
    base = final.base_facts
    if base is None or base.libc == "unknown":
        return None
    shown = _image_name(final)
    if base.libc is None:
        return f"the final image ({shown}) has no C library"
    if base.libc != builder_libc:
        return f"the final image ({shown}) has {base.libc}, not {builder_libc}"
    return None


def _final_provides_libc(doc, final) -> bool:
    """Whether the final image may bring a C library of its own: a COPY into
    a library directory, or a RUN that names one (apk add gcompat)."""
    if any(c.destination is None or c.destination.startswith(("/lib", "/usr/lib", "/usr/local/lib")) for c in final.copies):
        return True
    chain = {s.index for s in final.chain}
    return any(ins.stage in chain and _PROVIDES_LIBC.search(ins.value) for ins in doc.of("RUN", triggers=False))


def _binaries(final):
    """(path in the image, build, copy) for every go build whose binary a
    COPY --from puts into the final image."""
    seen = set()
    for copy in final.copies:
        if copy.source_stage is None or copy.destination is None:
            continue
        if copy.to_directory:
            paths = [posixpath.join(copy.destination, posixpath.basename(s.rstrip("/"))) for s in copy.sources]
        else:
            paths = [copy.destination]
        for path in paths:
            for build in final.builds_for(path):
                if id(build) not in seen:
                    seen.add(id(build))
                    yield path, build, copy


def _image_name(image_facts) -> str:
    if image_facts.scratch or image_facts.base is None:
        return "scratch"
    base = image_facts.base
    return base.name + (f":{base.tag}" if base.tag else "")


class _GoCode:
    """The Go main package a build compiles, found through the build
    stage's COPY of the context, and whether it needs the C library."""

    def __init__(self, project):
        from cnlint.golang.index import Packages  # the Go parser loads only when a rule needs it

        self.packages = {real(Path(p.directory)): p for p in project.view(Packages)}
        self.services = project.view(Services)

    def contexts(self, doc) -> list[Path]:
        linked = {s.context for s in self.services.for_dockerfile(doc) if s.context is not None}
        return sorted(linked or {real(doc.absolute).parent})

    def main_of(self, doc, build, builder):
        """The main package `build` compiles, when exactly one is found."""
        found = {id(p): p for context in self.contexts(doc) for p in [self._package(build, builder, context)] if p is not None}
        return next(iter(found.values())) if len(found) == 1 else None

    def _package(self, build, builder, context: Path):
        directory = built_directory(build, builder, context, self.services.modules)
        found = self.packages.get(directory) if directory is not None else None
        return found if found is not None and found.is_main else None

    def needs_libc(self, package) -> bool:
        """Whether the package, or a package of its module it imports, imports
        one that links the C library when cgo is on."""
        seen, todo = set(), [package]
        while todo:
            current = todo.pop()
            if id(current) in seen:
                continue
            seen.add(id(current))
            imports = current.build.imports
            if imports & _LIBC_IMPORTS or any(i.startswith(_LIBC_IMPORT_PREFIXES) for i in imports):
                return True
            for path in imports:
                directory = module_directory(path, self.services.modules)
                if directory is not None and directory in self.packages:
                    todo.append(self.packages[directory])
        return False


def _cgo_findings(project, doc, code: list, target: str | None):
    from cnlint.dockerfile.facts import facts

    final = facts(doc, target)
    if final.stage is None or _final_provides_libc(doc, final):
        return
    shipped = {s.index for s in final.chain}
    for path, build, _ in _binaries(final):
        if build.stage in shipped:
            continue
        builder = facts(doc, str(build.stage))
        if builder.base_facts is None or builder.base_facts.libc not in ("glibc", "musl"):
            continue
        missing = _missing_libc(builder.base_facts.libc, final)
        why = _cgo(doc, build, builder) if missing else None
        if why is None or _links_statically(build) is not False:
            continue
        if not code:
            code.append(_GoCode(project))  # read the Go code only once a build needs it
        package = code[0].main_of(doc, build, builder)
        if package is None or not code[0].needs_libc(package):
            continue
        message = (
            f"this go build links {path} against the build stage's {builder.base_facts.libc} ({why}), but {missing}: "
            f"the container fails to start with 'exec {path}: no such file or directory'; build with CGO_ENABLED=0, or use a final image with {builder.base_facts.libc}"
        )
        yield build.span, message, final


@checks.project("XA004", reads=ALL_KINDS)
def cgo_binary_without_libc(project, ctx):
    if not project.of_kind("dockerfile"):
        return
    # the Dockerfile stack only with a Dockerfile (a manifest alone runs these rules too)
    from cnlint.dockerfile.facts import may_build_go

    code: list = []
    for doc in project.of_kind("dockerfile"):
        if doc.absolute is None or not may_build_go(doc):
            continue
        reported = set()
        targets = [None, *sorted({s.target for s in project.view(Services).for_dockerfile(doc) if s.target})]
        for target in targets:
            try:
                found = list(_cgo_findings(project, doc, code, target))
            except LookupError:
                continue
            for span, message, final in found:
                if span in reported:
                    continue
                reported.add(span)
                finding = seam(project, message, Side(doc.path, span, "the go build"), Side(doc.path, final.base_span or span, "the final image"))
                if finding is not None:
                    yield finding


# ---- XA006 ---------------------------------------------------------------------------


def _bare(image_facts) -> bool:
    """Whether the image starts from one that holds no program at all."""
    if image_facts.scratch:
        return True
    base = image_facts.base
    return base is not None and image_facts.base_facts is not None and base.name.startswith(_BARE_IMAGES) and "debug" not in (base.tag or "")


def _absent(image_facts, path: str) -> bool:
    """Whether the image certainly lacks `path` (absolute): nothing the
    Dockerfile does puts it there, and its base image cannot hold it."""
    path = posixpath.normpath(path)
    known = image_facts.files_created(path)
    if known is not None:
        return not known
    if image_facts.base_facts is None or image_facts.runs or (image_facts.stage is not None and image_facts.stage.windows):
        return False
    if any(copy.places(path) is not False for copy in image_facts.copies):
        return False
    if any(d == path or d.startswith(path + "/") for d in image_facts.created_dirs):
        return False
    if _bare(image_facts):
        return not any(path == d or path.startswith(d + "/") for d in _BARE_HOLDS)
    return path.split("/")[1] not in _BASE_DIRECTORIES


def _runs_a_path(doc) -> bool:
    """Whether an ENTRYPOINT or CMD of the Dockerfile starts an absolute
    path in exec form (what _program reads): a cheap test before an image's
    facts, which most Dockerfiles need not have worked out."""
    for ins in doc.of("ENTRYPOINT", "CMD"):
        argv = ins.json_arguments
        if argv and isinstance(argv[0], str) and argv[0].startswith("/"):
            return True
    return False


def _program(process) -> str | None:
    """argv[0] of an exec-form ENTRYPOINT or CMD, when it is an absolute path."""
    if process is None or process.shell_form or not process.argv:
        return None
    first = process.argv[0]
    return first if isinstance(first, str) and first.startswith("/") and "$" not in first else None


def _where_the_binary_went(doc, image_facts, path: str) -> tuple[str, Side] | None:
    """What became of a go build that makes a binary of the program's name:
    copied under another path, or never copied into the final image."""
    name = posixpath.basename(path)
    for copied_to, build, copy in _binaries(image_facts):
        if name in (posixpath.basename(copied_to), posixpath.basename(build.output or "")):
            line = copy.span.line
            return f"; the COPY on line {line} puts the go build's binary at {copied_to}", Side(doc.path, copy.span, f"copies the binary to {copied_to}")
    shipped = {s.index for s in image_facts.chain}
    for build in image_facts.go_builds:
        if build.stage not in shipped and build.output and build.output_exact and not build.output_is_dir and posixpath.basename(build.output) == name:
            tail = f"; the go build on line {build.span.line} makes {build.output}, but no COPY --from puts it into the final image"
            return tail, Side(doc.path, build.span, f"builds {build.output}")
    return None


def _image_findings(project, doc, image_facts):
    process = image_facts.entrypoint or image_facts.cmd
    path = _program(process)
    if path is None or not _absent(image_facts, path):
        return None
    which = "ENTRYPOINT" if process is image_facts.entrypoint else "CMD"
    went = _where_the_binary_went(doc, image_facts, path)
    if went is not None:
        tail, side = went
    else:
        tail = f"; nothing in the Dockerfile puts it there and the base image ({_image_name(image_facts)}) does not have it"
        side = Side(doc.path, image_facts.base_span or process.span, "the final image")
    message = f"the {which} runs {path}, which is not in the image: the container fails to start with 'exec {path}: no such file or directory'{tail}"
    return seam(project, message, Side(doc.path, process.span, f"the {which}"), side)


def _mounted(container, path: str) -> bool:
    for mount in items(container.data.get("volumeMounts")):
        where = mapping(mount).get("mountPath")
        if isinstance(where, str) and (path == where.rstrip("/") or path.startswith(where.rstrip("/") + "/")):
            return True
    return False


def _container_findings(project, service):
    for container in service.containers:
        command = container.data.get("command")
        if not isinstance(command, list) or not command or not isinstance(command[0], str):
            continue
        path = command[0]
        if not path.startswith("/") or "$" in path or _mounted(container, path) or not _absent(service.facts, path):
            continue
        own = _program(service.facts.entrypoint or service.facts.cmd)
        tail = f"; the image starts {own}" if own is not None and own != path and service.facts.files_created(own) else ""
        message = (
            f"container '{container.name}' runs {path}, which is not in its image (built by {service.dockerfile.path}): "
            f"the container fails to start with 'exec {path}: no such file or directory'; nothing in the Dockerfile puts it there "
            f"and the base image ({_image_name(service.facts)}) does not have it{tail}"
        )
        finding = seam(
            project,
            message,
            Side(container.path, container.span("command", 0), "the command"),
            Side(service.dockerfile.path, service.facts.base_span or stage_help.image_span(service.dockerfile, service.facts.stage), "the image"),
            logical=container.obj.logical,
        )
        if finding is not None:
            yield finding


@checks.project("XA006", reads=ALL_KINDS)
def entrypoint_not_in_image(project, ctx):
    if not project.of_kind("dockerfile"):
        return
    from cnlint.dockerfile.facts import facts

    services = project.view(Services)
    for doc in project.of_kind("dockerfile"):
        if not _runs_a_path(doc):
            continue  # no image of it starts a program the rule can look for
        reported = set()
        targets = [None, *sorted({s.target for s in services.for_dockerfile(doc) if s.target})]
        for target in targets:
            try:
                image_facts = facts(doc, target)
            except LookupError:
                continue
            if image_facts.stage is None:
                continue
            finding = _image_findings(project, doc, image_facts)
            if finding is not None and (finding.path, finding.span) not in reported:
                reported.add((finding.path, finding.span))
                yield finding
    for service in services.services:
        if service.facts is not None and service.facts.stage is not None:
            yield from _container_findings(project, service)
