"""Walk the given paths and classify each file by name.

Kubernetes YAML is classified by content later (its documents must carry
apiVersion and kind); here a .yaml file is only a candidate, so no file is
read twice.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import NamedTuple

from cnlint import globs
from cnlint.config import DEFAULT_EXCLUDES, Resolver, Settings

DOCKERFILE_NAMES = ("Dockerfile", "Containerfile")


class FileRef(NamedTuple):
    path: str  # as named on the command line, or joined under a named directory
    absolute: Path
    kind: str | None  # dockerfile | yaml | go | gomod; None for what is only reported
    error: str | None = None  # why it cannot be linted, known before reading (a directory that cannot be read)


class DiscoveryError(Exception):
    pass


def classify(name: str, settings: Settings | None = None) -> str | None:
    """The artifact kind a file name suggests, or None."""
    lower = name.lower()
    if lower.endswith(".dockerignore"):
        return None
    for base in DOCKERFILE_NAMES:
        if name == base or name.startswith(base + ".") or name.endswith("." + base) or lower.endswith("." + base.lower()):
            return "dockerfile"
    if settings and any(globs.matches(p, name) for p in settings.dockerfile_patterns):
        return "dockerfile"
    if lower.endswith((".yaml", ".yml")):
        return "yaml"
    if lower.endswith(".go"):
        return "go"
    if name == "go.mod":
        return "gomod"
    return None


def _relative(path: Path, root: Path) -> str | None:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return None


def is_excluded(path: Path, settings: Settings) -> bool:
    rel = _relative(path, settings.root)
    if rel is not None and globs.matches_any(settings.exclude, rel):
        return True
    return False


def _git_root(directory: Path) -> Path | None:
    for d in (directory, *directory.parents):
        if (d / ".git").exists():
            return d
    return None


def _git_visible(directory: Path) -> set[Path] | None:
    """Files git does not ignore under `directory`, or None if git can't say."""
    root = _git_root(directory)
    if root is None:
        return None
    import subprocess  # only inside a git work tree

    try:
        out = subprocess.run(
            ["git", "-C", str(root), "ls-files", "-z", "--cached", "--others", "--exclude-standard", "--", str(directory)],
            capture_output=True,
            timeout=60,
            check=True,
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    return {root / os.fsdecode(p) for p in out.split(b"\0") if p}


def _git_ignored(path: Path) -> bool:
    import subprocess

    root = _git_root(path)
    try:
        return root is not None and subprocess.run(["git", "-C", str(root), "check-ignore", "-q", "--", str(path)], capture_output=True, timeout=60).returncode == 0
    except (OSError, subprocess.SubprocessError):
        return False


def discover(paths: list[str], resolver: Resolver) -> list[FileRef]:
    """Files to lint, in a stable order, without duplicates.

    What cannot be linted is still returned, to be reported: a directory
    that cannot be read, and a named FIFO, device or socket (reading says
    why), whatever its name.
    """
    found: dict[Path, FileRef] = {}
    for named in paths:
        start = Path(named)
        if not start.exists():
            raise DiscoveryError(f"{named}: no such file or directory")
        absolute = start.absolute()
        if not start.is_dir():
            settings = resolver.for_path(absolute)
            kind = classify(start.name, settings)
            if (kind or not start.is_file()) and not is_excluded(absolute, settings):
                found.setdefault(absolute, FileRef(str(start), absolute, kind))
            continue
        _walk(start, absolute, resolver, found)
    return list(found.values())


def _walk(start: Path, absolute: Path, resolver: Resolver, found: dict) -> None:
    settings = resolver.for_dir(absolute)
    visible = _git_visible(absolute) if settings.respect_gitignore else None

    def unreadable(error: OSError) -> None:
        path = Path(error.filename) if error.filename else absolute
        if visible is not None and _git_ignored(path):
            return
        display = os.path.normpath(os.path.join(str(start), os.path.relpath(path, absolute)))
        found.setdefault(path, FileRef(display, path, None, f"cannot read directory: {error.strerror or error}"))

    for dirpath, dirnames, filenames in os.walk(absolute, onerror=unreadable):
        here = Path(dirpath)
        keep = []
        for d in sorted(dirnames):
            sub = here / d
            if d in DEFAULT_EXCLUDES or is_excluded(sub, resolver.for_dir(sub)):
                continue
            keep.append(d)
        dirnames[:] = keep
        settings = resolver.for_dir(here)
        for name in sorted(filenames):
            path = here / name
            if visible is not None and path not in visible:
                continue
            kind = classify(name, settings)
            if kind is None or is_excluded(path, settings):
                continue
            display = os.path.normpath(os.path.join(str(start), os.path.relpath(path, absolute)))
            found.setdefault(path, FileRef(display, path, kind))
