"""The Docker engine, through its CLI: which CLI builds how, and a ledger of
what verify made so that all of it is removed again.

A machine can carry several docker CLIs, and which comes first on PATH says
nothing about what each can do: since Docker 23 the CLI builds with BuildKit
only through the buildx plugin, while older CLIs do BuildKit themselves with
DOCKER_BUILDKIT=1. So every CLI found is asked, and the best builder wins:
buildx, then an older CLI's BuildKit, then the legacy builder (said once).
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import subprocess
import uuid
from dataclasses import dataclass, field
from pathlib import Path

log = logging.getLogger("cnlint.verify")
LABEL = "dev.cnlint.verify"  # every container and volume verify makes carries it, valued with the run's id
# Known homes of a docker CLI that PATH may not list first (or at all).
_KNOWN = ("/usr/bin/docker", "/usr/local/bin/docker")


class DockerUnavailable(Exception):
    """No docker CLI, or no engine answers: verify cannot start."""


class Timeout(Exception):
    """A docker command ran past its deadline (it was killed)."""


@dataclass(frozen=True)
class Cli:
    path: str
    version: tuple[int, ...]  # the client's
    buildx: bool


@dataclass(frozen=True)
class Builder:
    cli: str
    how: str  # "buildx", "buildkit" or "legacy"

    @property
    def buildkit(self) -> bool:
        return self.how != "legacy"

    def argv(self) -> list[str]:
        return [self.cli, "buildx", "build", "--load"] if self.how == "buildx" else [self.cli, "build"]

    def env(self) -> dict[str, str]:
        value = {"buildx": None, "buildkit": "1", "legacy": "0"}[self.how]
        return {"DOCKER_BUILDKIT": value} if value else {}


def candidates(path: str | None = None) -> list[str]:
    """Every docker executable on PATH, then the known homes; one per real file."""
    found, seen = [], set()
    dirs = (path if path is not None else os.environ.get("PATH", "")).split(os.pathsep)
    for entry in [os.path.join(d, "docker") for d in dirs if d] + list(_KNOWN):
        if os.path.isfile(entry) and os.access(entry, os.X_OK):
            real = os.path.realpath(entry)
            if real not in seen:
                seen.add(real)
                found.append(entry)
    return found


def choose_builder(clis: list[Cli]) -> Builder:
    for cli in clis:
        if cli.buildx:
            return Builder(cli.path, "buildx")
    for cli in clis:
        if cli.version and cli.version < (23,):
            return Builder(cli.path, "buildkit")
    return Builder(clis[0].path, "legacy")


def _version(text: str) -> tuple[int, ...]:
    parts = []
    for piece in text.split("+")[0].split("-")[0].split("."):
        if not piece.isdigit():
            break
        parts.append(int(piece))
    return tuple(parts)


@dataclass
class Docker:
    """One engine, reached through `cli`; `builder` is how images are built.
    Everything a run makes is labelled with its id and recorded, and
    `cleanup()` removes it (also after Ctrl-C or a timeout)."""

    cli: str
    builder: Builder
    run_id: str = field(default_factory=lambda: uuid.uuid4().hex[:10])
    keep: bool = False
    images: list[str] = field(default_factory=list)  # tags this run made
    temporary: list[Path] = field(default_factory=list)  # host directories this run made
    stopped: bool = False  # interrupted: stages stop starting things
    _live: set = field(default_factory=set, repr=False)  # docker commands running now

    @classmethod
    def find(cls, keep: bool = False, path: str | None = None) -> Docker:
        paths = candidates(path)
        if not paths:
            raise DockerUnavailable("no docker command is installed; verify needs the docker CLI and a running Docker engine")
        clis, problem = [], ""
        for p in paths:
            answer = _ask(p, ["version", "--format", "{{json .}}"])
            if answer is None or answer.returncode != 0:
                problem = problem or _first_line(answer.stderr if answer else "it did not answer")
                continue
            try:
                info = json.loads(answer.stdout)
            except ValueError:
                continue
            if not info.get("Server"):
                continue
            buildx = _ask(p, ["buildx", "version"])
            clis.append(Cli(p, _version(str((info.get("Client") or {}).get("Version", ""))), bool(buildx and buildx.returncode == 0)))
        if not clis:
            host = os.environ.get("DOCKER_HOST", "unix:///var/run/docker.sock")
            raise DockerUnavailable(f"no Docker engine answers at {host} ({problem or 'no answer'}); verify needs a running Docker engine (start dockerd, or set DOCKER_HOST)")
        builder = choose_builder(clis)
        if builder.how == "legacy":
            log.warning("no docker CLI here builds with BuildKit (none has the buildx plugin); building with the legacy builder")
        log.info("docker: %s; building with %s (%s)", clis[0].path, builder.how, builder.cli)
        return cls(clis[0].path, builder, keep=keep)

    # ---- commands -------------------------------------------------------

    def run(self, args: list[str], timeout: float, input: bytes | str | None = None, text: bool = True, env: dict | None = None) -> subprocess.CompletedProcess:
        return _run([self.cli, *args], timeout, input=input, text=text, env=env, live=self._live)

    def build(self, args: list[str], timeout: float) -> subprocess.CompletedProcess:
        """`docker build` flags and context, run with the builder's CLI."""
        return _run(self.builder.argv() + args, timeout, env=self.builder.env(), live=self._live)

    def interrupt(self) -> None:
        """Kill the docker commands still running (other threads wait on
        them), so that cleanup can start at once."""
        self.stopped = True
        for process in list(self._live):
            process.kill()

    def label(self) -> list[str]:
        return ["--label", f"{LABEL}={self.run_id}"]

    def image_exists(self, ref: str) -> bool:
        return self.run(["image", "inspect", "--format", "{{.Id}}", ref], timeout=30).returncode == 0

    def inspect(self, ref: str, what: str = "container", timeout: float = 30) -> dict | None:
        answer = self.run([what, "inspect", ref], timeout=timeout)
        if answer.returncode != 0:
            return None
        try:
            found = json.loads(answer.stdout)
        except ValueError:
            return None
        return found[0] if found else None

    def logs(self, container: str, tail: int = 20) -> list[str]:
        answer = self.run(["logs", "--tail", str(tail), container], timeout=30)
        lines = (answer.stdout + answer.stderr).splitlines()
        return [line for line in lines if line.strip()][-tail:]

    # ---- cleanup --------------------------------------------------------

    def cleanup(self) -> None:
        """Remove the containers, volumes and images this run made. Idempotent."""
        for directory in self.temporary:
            shutil.rmtree(directory, ignore_errors=True)
        self.temporary = []
        if self.keep:
            return
        selector = ["--filter", f"label={LABEL}={self.run_id}"]
        self.stopped = True
        found = self.run(["ps", "-aq", *selector], timeout=60)
        ids = found.stdout.split() if found.returncode == 0 else []
        if ids:
            self.run(["rm", "-f", "-v", *ids], timeout=120)
        found = self.run(["volume", "ls", "-q", *selector], timeout=60)
        volumes = found.stdout.split() if found.returncode == 0 else []
        if volumes:
            self.run(["volume", "rm", "-f", *volumes], timeout=60)
        if self.images:
            # --no-prune keeps the layers, so the next run's build is a cache hit
            self.run(["rmi", "--no-prune", *self.images], timeout=120)
            self.images = []


def _ask(cli: str, args: list[str]) -> subprocess.CompletedProcess | None:
    try:
        return _run([cli, *args], timeout=20)
    except (Timeout, OSError):
        return None


def _run(argv: list[str], timeout: float, input=None, text: bool = True, env: dict | None = None, live: set | None = None) -> subprocess.CompletedProcess:
    full_env = {**os.environ, **env} if env else None
    stdin = subprocess.PIPE if input is not None else subprocess.DEVNULL
    with subprocess.Popen(argv, stdin=stdin, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=text, env=full_env) as process:
        if live is not None:
            live.add(process)
        try:
            out, err = process.communicate(input, timeout=timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.communicate()
            raise Timeout(f"`{' '.join(argv[:3])} ...` did not finish within {timeout:g} s") from None
        except BaseException:
            process.kill()
            raise
        finally:
            if live is not None:
                live.discard(process)
    return subprocess.CompletedProcess(argv, process.returncode, out, err)


def _first_line(text: str) -> str:
    lines = [line.strip() for line in (text or "").splitlines() if line.strip()]
    return lines[0] if lines else ""
