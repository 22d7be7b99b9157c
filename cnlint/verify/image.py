"""Stage 2: the built image as it really is: its config, and whether the
program a container starts is in it, executable, and able to start (a
dynamically linked binary needs its loader; a script its interpreter).
Files are read out of a created, never started, container (`docker cp`).
"""

from __future__ import annotations

import io
import posixpath
import tarfile

from cnlint.verify.docker import Docker, Timeout
from cnlint.verify.elf import program
from cnlint.verify.observe import Observation
from cnlint.verify.podspec import DEFAULT_PATH, ImageConfig

_HEAD = 1 << 22  # enough of a file to read its ELF program headers or #! line


def config(docker: Docker, ref: str) -> ImageConfig | None:
    data = docker.inspect(ref, "image")
    return ImageConfig.from_inspect(data) if data else None


class Files:
    """Reads files of one image through a container created (not started) from it."""

    def __init__(self, docker: Docker, ref: str):
        self.docker = docker
        self.ref = ref
        self.container: str | None = None

    def __enter__(self) -> Files:
        answer = self.docker.run(["create", *self.docker.label(), "--entrypoint", "/cnlint-verify-never-started", self.ref], timeout=60)
        if answer.returncode == 0:
            self.container = answer.stdout.strip()
        return self

    def __exit__(self, *exc):
        if self.container:
            self.docker.run(["rm", "-f", self.container], timeout=60)

    def read(self, path: str) -> tuple[bytes, int, bool] | None:
        """(the first bytes, mode, is a directory) of the file at `path`,
        links followed; None when absent."""
        if not self.container:
            return None
        try:
            answer = self.docker.run(["cp", "-L", f"{self.container}:{path}", "-"], timeout=120, text=False)
        except Timeout:
            return None
        if answer.returncode != 0:
            return None
        try:
            with tarfile.open(fileobj=io.BytesIO(answer.stdout)) as tar:
                member = tar.next()
                if member is None:
                    return None
                if not member.isfile():
                    return b"", member.mode, member.isdir()
                return tar.extractfile(member).read(_HEAD), member.mode, False
        except tarfile.TarError:
            return None


def startable(files: Files, argv: list[str], env: dict[str, str], workdir: str, where: str) -> Observation | None:
    """VF002/VF003 when what the container starts cannot start; `where` says
    who chose the program (the manifest's command, the image's ENTRYPOINT)."""
    if not argv:
        return Observation("VF002", "the container runs nothing: the image sets no ENTRYPOINT or CMD and the manifest no command", at=("image",))
    name = argv[0]
    path, found = _locate(files, name, env, workdir)
    at = {"the manifest's command": ("command",), "the manifest's args": ("args",)}.get(where, ("image",))
    if found is None:
        searched = "" if "/" in name else f" (searched PATH {env.get('PATH', DEFAULT_PATH)})"
        return Observation("VF002", f"{where} starts {name}, which is not in the image{searched}", at=at)
    data, mode, directory = found
    if directory or not mode & 0o111:
        kind = "a directory" if directory else f"not executable (mode {mode & 0o7777:04o})"
        return Observation("VF002", f"{where} starts {path}, which is {kind} in the image", at=at)
    needs = program(data)
    if needs.interpreter and files.read(_absolute(needs.interpreter, workdir)) is None:
        what = "a dynamically linked binary" if needs.kind == "elf" else "a script"
        loader = "its loader" if needs.kind == "elf" else "its #! interpreter"
        static = " (build it static, e.g. CGO_ENABLED=0 for Go, or use a base image with libc)" if needs.kind == "elf" else ""
        return Observation("VF003", f"{where} starts {path}, {what} whose {loader} {needs.interpreter} is not in the image{static}", at=at)
    return None


def _locate(files: Files, name: str, env: dict[str, str], workdir: str):
    if "/" in name:
        path = _absolute(name, workdir)
        return path, files.read(path)
    for directory in (env.get("PATH") or DEFAULT_PATH).split(":"):
        if directory:
            path = posixpath.join(_absolute(directory, workdir), name)
            found = files.read(path)
            if found is not None:
                return path, found
    return name, None


def _absolute(path: str, workdir: str) -> str:
    return posixpath.normpath(posixpath.join(workdir or "/", path))
