"""What goes into the image's filesystem, and where: COPY, ADD and WORKDIR."""

from __future__ import annotations

import re

from cnlint.checks import Checks
from cnlint.diagnostics import Finding
from cnlint.dockerfile.commands import commands
from cnlint.dockerfile.model import tokens, unquote
from cnlint.patterns import lazy

checks = Checks()


# What ADD may unpack: a tar archive, plain or compressed. Docker looks at the
# content, so any of these names may be one (hadolint's list, and zstd).
ARCHIVE = lazy(r"\.(tar|Z|bz2|gz|lz|lzma|tZ|tb2|tbz|tbz2|tgz|tlz|tpz|txz|xz|zst)$")
# Tools that unpack or decompress a file in place of ADD.
_UNPACKERS = frozenset("gunzip bunzip2 unxz unlzma uncompress unzstd zcat gzcat".split())


@checks.rule("DF021")
def add_for_plain_files(doc, ctx):
    for ins in doc.of("ADD"):
        if ins.heredocs:
            continue
        words = ins.json_arguments or [unquote(w) for w, _ in tokens(ins.arguments)]
        sources = words[:-1]
        if not sources:
            continue
        if any(re.match(r"^[a-z]+://|^git@", s) or ARCHIVE.search(s) or "$" in s for s in sources):
            continue
        yield Finding(ins.keyword_span, "ADD copies plain files here; COPY does the same without ADD's implicit unpacking and downloads")


@checks.rule("DF022")
def copy_many_sources_without_slash(doc, ctx):
    for ins in doc.of("COPY", "ADD"):
        if ins.heredocs:
            continue
        words = ins.json_arguments or [unquote(w) for w, _ in tokens(ins.arguments)]
        if len(words) > 2 and not words[-1].endswith("/") and "$" not in words[-1]:
            yield Finding(doc.args_span(ins), f"{ins.keyword} with several sources needs a destination ending in '/', not '{words[-1]}'")


@checks.rule("DF044")
def copy_relative_destination(doc, ctx):
    workdir_stages = set()
    for ins in doc.instructions:
        if ins.keyword == "WORKDIR":
            workdir_stages.add(ins.stage)
        if ins.keyword not in ("COPY", "ADD") or ins.heredocs:
            continue
        stage = doc.stage_of(ins)
        chain = stage
        has_workdir = False
        while chain is not None:
            if chain.index in workdir_stages:
                has_workdir = True
            chain = chain.parent
        if has_workdir:
            continue
        words = ins.json_arguments or [unquote(w) for w, _ in tokens(ins.arguments)]
        if len(words) < 2:
            continue
        dest = words[-1]
        # a Windows stage's absolute paths start with a drive: C:\app, c:/app
        if dest.startswith(("/", "$")) or re.match(r"^[A-Za-z]:", dest):
            continue
        yield Finding(doc.args_span(ins), f"{ins.keyword} to the relative path '{dest}' with no WORKDIR in this stage lands wherever the base image's WORKDIR is; set WORKDIR or use an absolute path")


def _extracts(cmd) -> bool:
    if cmd.name == "tar":
        first = cmd.args[0].value if cmd.args else ""
        return cmd.has("-x", "--extract", "--get") or (bool(first) and not first.startswith("-") and "x" in first)
    # a decompressor does ADD's work only on a tar archive: x.tar.gz, not x.gz
    return cmd.name in _UNPACKERS or (cmd.name in ("xz", "gzip", "bzip2", "zstd") and cmd.has("-d", "--decompress"))


def _basename(path: str) -> str:
    return re.split(r"[/\\]", path.rstrip("/\\"))[-1]


@checks.rule("DF013")
def copied_archive_extracted(doc, ctx):
    extracted = {}
    for ins, cmd in commands(doc, "tar", "xz", "gzip", "bzip2", "zstd", *_UNPACKERS):
        if _extracts(cmd) and not ins.onbuild:
            tar = cmd.name == "tar"
            for w in cmd.args:
                name = _basename(w.value)
                if tar or re.search(r"\.(tar\.\w+|tgz|tbz2?|txz|tZ)$", name):
                    extracted.setdefault((ins.stage, name), ins)
    for ins in doc.of("COPY", triggers=False):
        if "from" in ins.flags or ins.heredocs:
            continue
        words = ins.json_arguments or [unquote(w) for w, _ in tokens(ins.arguments)]
        if len(words) < 2:
            continue
        # a copy to a file name lands under that name: COPY app.tgz /tmp/build.tgz
        target = _basename(words[-1]) if not words[-1].endswith(("/", "\\")) and len(words) == 2 else None
        for src in words[:-1]:
            name = target if target and ARCHIVE.search(target) else _basename(src)
            run = extracted.get((ins.stage, name))
            if ARCHIVE.search(name) and run is not None and run.line > ins.line:
                yield Finding(doc.locate(ins, src, ins.args_offset), f"'{src}' is copied and then unpacked by the RUN at line {run.line}; ADD unpacks a local archive in one layer")


@checks.rule("DF007")
def workdir_relative_path(doc, ctx):
    for ins in doc.of("WORKDIR"):
        path = doc.resolve(ins, unquote(ins.arguments.strip()))
        # a drive makes a Windows path absolute, however it is quoted: C:\app, "C:\"
        if not path or path.startswith("/") or re.match(r"^[A-Za-z]:", path) or re.match(r"""^["']?[A-Za-z]:""", ins.arguments.strip()):
            continue
        if doc.stage_of(ins) and doc.stage_of(ins).windows:
            continue
        yield Finding(doc.args_span(ins), f"WORKDIR '{path}' is relative, so it depends on the WORKDIR before it; use an absolute path")


_SYSTEM_DIRS = ("/", "/bin", "/sbin", "/usr/bin", "/usr/sbin", "/lib", "/lib64", "/usr/lib", "/etc", "/boot", "/dev", "/proc", "/sys", "/var/run", "/run")


@checks.rule("DF075")
def workdir_system_directory(doc, ctx):
    for ins in doc.of("WORKDIR"):
        path = doc.resolve(ins, unquote(ins.arguments.strip()))
        if path and path.rstrip("/") in tuple(d.rstrip("/") for d in _SYSTEM_DIRS):
            yield Finding(doc.args_span(ins), f"WORKDIR {path} is a system directory, so COPY and RUN write among system files; use a directory of the application's own")
