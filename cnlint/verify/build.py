"""Stage 1: build every Dockerfile the service model links, with BuildKit.

Each image is tagged cnlint-verify/<service>:<content hash> (Dockerfile,
context, target and build arguments), so an image a kept run left behind is
reused as it is. A failed build becomes an observation at the line of the
failing instruction: BuildKit's log names it (`3 | >>> RUN ...` in newer
versions; a step header `[stage 2/4] RUN ...` in older ones; the legacy
builder a `Step 3/5 : RUN ...`).
"""

from __future__ import annotations

import fnmatch
import hashlib
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from cnlint.verify.docker import Docker, Timeout
from cnlint.verify.observe import Observation

LOG_TAIL = 12
_SNIPPET = re.compile(r"^\s*(\d+) \| >>> ", re.M)  # BuildKit's excerpt of the Dockerfile, failing lines marked
_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
_PARSE_ERROR = re.compile(r"dockerfile parse error (?:on )?line (\d+)", re.I)
_STEP = re.compile(r"^#(\d+) \[(.+?)\] (.*)$")
_STEP_ERROR = re.compile(r"^#(\d+) ERROR: (.*)$")
_STEP_OUTPUT = re.compile(r"^#(\d+) \d+\.\d+ (.*)$")
_LEGACY_STEP = re.compile(r"^Step (\d+)/(\d+) : (.*)$")
_STEP_POSITION = re.compile(r"^(?:(\S+) )?(\d+)/(\d+)$")
# Instructions BuildKit turns into a step of their own, after the stage's FROM.
_STEPS = frozenset(("RUN", "COPY", "ADD", "WORKDIR"))


@dataclass
class Build:
    name: str  # the service's short name
    image: str  # as the manifests name it
    dockerfile: object  # the Dockerfile artifact
    context: Path
    target: str | None = None
    build_args: dict[str, str] = field(default_factory=dict)
    tag: str = ""
    built: bool = False  # this run built it (so it removes it)

    def argv(self, docker: Docker, pull: bool) -> list[str]:
        argv = ["-f", str(self.dockerfile.absolute), "-t", self.tag]
        if docker.builder.buildkit:
            argv.append("--progress=plain")
        if self.target:
            argv += ["--target", self.target]
        for key, value in sorted(self.build_args.items()):
            argv += ["--build-arg", f"{key}={value}"]
        if pull:
            argv.append("--pull")
        return argv + [str(self.context)]


def content_tag(build: Build) -> str:
    h = hashlib.sha256()
    h.update(build.dockerfile.source.text.encode())
    h.update(f"\0{build.target}\0{sorted(build.build_args.items())}".encode())
    for rel, path in _context_files(build.context):
        h.update(f"\0{rel}\0{os.stat(path).st_mode & 0o777}\0".encode())
        with open(path, "rb") as f:
            for block in iter(lambda: f.read(1 << 20), b""):
                h.update(block)
    return f"cnlint-verify/{_tag_name(build.name)}:{h.hexdigest()[:16]}"


def _tag_name(name: str) -> str:
    return re.sub(r"[^a-z0-9._-]+", "-", name.lower()).strip("-._") or "service"


def _context_files(context: Path):
    """(relative path, path) of the files the build can see: the context
    without .git and what .dockerignore excludes (its plain patterns)."""
    ignore = []
    ignore_file = context / ".dockerignore"
    if ignore_file.is_file():
        for line in ignore_file.read_text(errors="replace").splitlines():
            line = line.strip()
            if line and not line.startswith(("#", "!")):
                ignore.append(line.strip("/"))
    out = []
    for root, dirs, files in os.walk(context):
        rel_root = os.path.relpath(root, context)
        dirs[:] = sorted(d for d in dirs if d != ".git" and not _ignored(os.path.normpath(os.path.join(rel_root, d)), ignore))
        for name in sorted(files):
            rel = os.path.normpath(os.path.join(rel_root, name))
            path = os.path.join(root, name)
            if not _ignored(rel, ignore) and os.path.isfile(path):
                out.append((rel, path))
    return out


def _ignored(rel: str, patterns: list[str]) -> bool:
    return any(fnmatch.fnmatch(rel, p) or fnmatch.fnmatch(rel, p + "/*") for p in patterns)


def build(docker: Docker, item: Build, timeout: float, pull: bool = False) -> Observation | None:
    """Build one image; an observation when it fails."""
    item.tag = item.tag or content_tag(item)
    if docker.image_exists(item.tag):
        return None
    try:
        answer = docker.build(item.argv(docker, pull), timeout=timeout)
    except Timeout:
        first = _from_line(item.dockerfile, item.target)
        return Observation("VF001", f"the build of {item.tag} did not finish within {timeout:g} s", dockerfile=item.dockerfile, path=item.dockerfile.path, line=first)
    if answer.returncode == 0:
        item.built = True
        docker.images.append(item.tag)
        return None
    return failure(item, answer.stdout + "\n" + answer.stderr)


def failure(item: Build, log: str) -> Observation:
    line, error, output = failing_step(log, item.dockerfile)
    if line is None:
        line = _from_line(item.dockerfile, item.target)
    message = f"the image does not build: {error}" if error else "the image does not build"
    return Observation("VF001", message, dockerfile=item.dockerfile, path=item.dockerfile.path, line=line, logs=tuple(output[-LOG_TAIL:]))


def failing_step(log: str, doc) -> tuple[int | None, str, list[str]]:
    """(Dockerfile line, error, the failing step's output) from a build log."""
    log = _ANSI.sub("", log)
    lines = log.splitlines()
    line = None
    found = _SNIPPET.search(log) or _PARSE_ERROR.search(log)
    if found:
        line = int(found.group(1))
    failed = [m for m in map(_STEP_ERROR.match, lines) if m]
    if failed:
        step, error = failed[-1].group(1), failed[-1].group(2)
        header = next((m for m in map(_STEP.match, lines) if m and m.group(1) == step), None)
        output = [m.group(2) for m in map(_STEP_OUTPUT.match, lines) if m and m.group(1) == step]
        if line is None and header is not None:
            line = _buildkit_line(doc, header.group(2), header.group(3))
        if header is not None and header.group(2) == "internal" and header.group(3).startswith("load metadata for "):
            error = f"the base image {header.group(3).removeprefix('load metadata for ')} is not on this machine and cannot be pulled: {error}"
        return line, error.strip(), output
    legacy = [(i, m) for i, m in enumerate(map(_LEGACY_STEP.match, lines)) if m]
    if legacy:
        index, last = legacy[-1]
        output = [x for x in lines[index + 1 :] if x.strip() and not x.startswith((" ---> ", "Removing intermediate"))]
        error = output[-1] if output else ""
        if line is None:
            line = _legacy_line(doc, int(last.group(1)), int(last.group(2)), last.group(3))
        return line, error.strip(), output[:-1]
    errors = [x.strip() for x in lines if x.strip().lower().startswith(("error", "failed"))]
    return line, (errors[-1] if errors else ""), []


def _normal(text: str) -> str:
    return " ".join(text.split())


def _buildkit_line(doc, where: str, text: str) -> int | None:
    if where == "internal":
        wanted = _same_image(text.removeprefix("load metadata for ").strip())
        for stage in doc.stages:
            if wanted and _same_image(stage.resolved or stage.image) == wanted:
                return stage.instruction.line
        return None
    position = _STEP_POSITION.match(where.strip())
    if position is None:
        return None
    stage = _stage(doc, position.group(1))
    candidates = doc.stages if stage is None else [stage]
    wanted = _normal(text)
    exact = [i for s in candidates for i in _stage_instructions(doc, s) if _normal(f"{i.keyword} {i.value}") == wanted]
    if len(exact) == 1:
        return exact[0].line
    if stage is not None:
        steps = [stage.instruction] + [i for i in _stage_instructions(doc, stage) if i.keyword in _STEPS]
        number, total = int(position.group(2)), int(position.group(3))
        if total == len(steps) and 1 <= number <= total:
            return steps[number - 1].line
    return exact[0].line if exact else None


def _same_image(image: str) -> tuple | None:
    """An image reference as BuildKit names it: registry, repository with
    Docker Hub's library/ filled in, tag or digest."""
    from cnlint.images import ImageRef

    if not image or "$" in image:
        return None
    ref = ImageRef.parse(image)
    repository = ref.repository if "/" in ref.repository or ref.registry != "docker.io" else f"library/{ref.repository}"
    return ref.registry, repository, ref.digest or ref.tag or "latest"


def _stage(doc, name: str | None):
    if not doc.stages:
        return None
    if name is None:
        return doc.stages[-1] if len(doc.stages) == 1 else None
    for stage in doc.stages:
        if stage.name and stage.name.lower() == name.lower():
            return stage
    match = re.fullmatch(r"stage-(\d+)", name)
    if match and int(match.group(1)) < len(doc.stages):
        return doc.stages[int(match.group(1))]
    return None


def _stage_instructions(doc, stage):
    return [i for i in doc.instructions if i.stage == stage.index and i is not stage.instruction]


def _legacy_line(doc, number: int, total: int, text: str) -> int | None:
    if total == len(doc.instructions) and 1 <= number <= total:
        return doc.instructions[number - 1].line
    wanted = _normal(text)
    exact = [i for i in doc.instructions if _normal(f"{i.keyword} {i.value}") == wanted]
    return exact[0].line if len(exact) == 1 else None


def _from_line(doc, target: str | None) -> int:
    stage = _stage(doc, target) if target else (doc.stages[-1] if doc.stages else None)
    return stage.instruction.line if stage is not None else 1
