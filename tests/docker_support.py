"""A Docker engine and local base images for the verify tests.

Nothing is pulled: the base image is a root filesystem made from the
machine's static busybox (`docker import`), tagged by its content so every
test process of a run shares it. Tests that need an engine skip, saying
why, when none answers.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import tarfile
import tempfile
from functools import cache
from pathlib import Path

BUSYBOX = ("/bin/busybox", "/usr/bin/busybox")
# What the rule examples and README name; tests put the local image in its place.
DOCUMENTED_BASE = "busybox:stable"


@cache
def engine():
    """(the Docker handle, None), or (None, why the docker tests skip)."""
    from cnlint.verify.docker import Docker, DockerUnavailable

    try:
        return Docker.find(), None
    except DockerUnavailable as exc:
        return None, f"no Docker engine: {exc}"


def _static_busybox() -> str | None:
    from cnlint.verify.elf import program

    for path in BUSYBOX:
        if os.path.isfile(path):
            with open(path, "rb") as f:
                found = program(f.read(1 << 16))
            if found.kind == "elf" and found.interpreter is None:
                return path
    return None


@cache
def base_image() -> tuple[str | None, str | None]:
    """(a local busybox image, None), or (None, why not)."""
    docker, why = engine()
    if docker is None:
        return None, why
    busybox = _static_busybox()
    if busybox is None:
        return None, "no static busybox on this machine (Debian's busybox-static) to make a base image from"
    data = Path(busybox).read_bytes()
    tag = f"cnlint-test/busybox:{hashlib.sha256(data).hexdigest()[:12]}"
    if docker.image_exists(tag):
        return tag, None
    applets = subprocess.run([busybox, "--list"], capture_output=True, text=True, check=True).stdout.split()
    with tempfile.TemporaryDirectory() as tmp:
        archive = Path(tmp) / "rootfs.tar"
        with tarfile.open(archive, "w") as tar:
            for directory, mode in (("bin", 0o755), ("etc", 0o755), ("tmp", 0o1777), ("root", 0o700), ("www", 0o755)):
                info = tarfile.TarInfo(directory)
                info.type, info.mode = tarfile.DIRTYPE, mode
                tar.addfile(info)
            tar.add(busybox, "bin/busybox")
            for applet in applets:
                if applet != "busybox":
                    info = tarfile.TarInfo(f"bin/{applet}")
                    info.type, info.linkname = tarfile.SYMTYPE, "busybox"
                    tar.addfile(info)
            for name, text in (("etc/passwd", "root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/:/bin/sh\n"), ("etc/group", "root:x:0:\nnogroup:x:65534:\n")):
                body = text.encode()
                info = tarfile.TarInfo(name)
                info.size, info.mode = len(body), 0o644
                tar.addfile(info, __import__("io").BytesIO(body))
        answer = docker.run(["import", "-c", "ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "-c", 'CMD ["sh"]', str(archive), tag], timeout=120)
    if answer.returncode != 0:
        return None, f"docker import failed: {answer.stderr.strip()}"
    return tag, None


def localised(text: str, image: str) -> str:
    """A documented file with the local base image in place of busybox."""
    return text.replace(DOCUMENTED_BASE, image)


def verify_config(image: str, **extra) -> str:
    """cnlint.toml for a test service: the local helper image, short settles."""
    timeouts = extra.pop("timeouts", {"run": 30})
    lines = ["[verify]", f'helper-image = "{image}"', f"settle = {extra.pop('settle', 2)}"]
    lines += [f"{k} = {v!r}" for k, v in extra.items()]
    lines += ["[verify.timeouts]"] + [f"{k} = {v}" for k, v in timeouts.items()]
    return "\n".join(lines) + "\n"


def leftovers(docker, run_label: str | None = None) -> list[str]:
    """Containers and volumes a verify run left (by its label)."""
    from cnlint.verify.docker import LABEL

    selector = f"label={LABEL}={run_label}" if run_label else f"label={LABEL}"
    out = docker.run(["ps", "-aq", "--filter", selector], timeout=30).stdout.split()
    out += docker.run(["volume", "ls", "-q", "--filter", selector], timeout=30).stdout.split()
    return out


def which_go() -> str | None:
    return shutil.which("go") or next((p for p in ("/usr/lib/go/bin/go", "/usr/lib/go-1.23/bin/go") if os.path.exists(p)), None)
