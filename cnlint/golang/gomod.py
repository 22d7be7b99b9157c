"""The `go` line of the go.mod that governs a directory, and Go versions.

Versions are language versions as the go command compares them: "1.22"
for go1.22, 1.22.3 and 1.22rc1 alike.
"""

from __future__ import annotations

import os
import re
from functools import lru_cache
from pathlib import Path

_VERSION = re.compile(r"^(?:go)?1(?:\.(\d+))?(?:[.a-z]\S*)?$")
_GO_LINE = re.compile(r"^\s*go\s+(\S+)\s*(?://.*)?$")
# The go command assumes this when go.mod has no go line.
NO_GO_LINE = "1.16"


def language_version(version: str | None) -> str | None:
    """'1.N' for a Go version or release ('go1.22.3', '1.21rc1'), else None."""
    m = _VERSION.match(version.strip()) if version else None
    return f"1.{int(m.group(1) or 0)}" if m else None


def minor(version: str) -> int:
    """N of a language version '1.N'."""
    return int(version.split(".")[1])


def go_line(text: str) -> str | None:
    """The language version of a go.mod's `go` directive (1.16 when absent)."""
    for line in text.splitlines():
        m = _GO_LINE.match(line)
        if m:
            return language_version(m.group(1))
    return NO_GO_LINE


def find(directory: Path) -> Path | None:
    """The nearest go.mod in `directory` or above it."""
    for d in (directory, *directory.parents):
        candidate = d / "go.mod"
        if candidate.is_file():
            return candidate
    return None


def version_for(directory: Path) -> str | None:
    """The language version the governing go.mod sets, or None without one."""
    path = find(directory)
    if path is None:
        return None
    try:
        mtime = path.stat().st_mtime_ns
    except OSError:
        return None
    return _read(str(path), mtime)


@lru_cache(maxsize=256)
def _read(path: str, mtime_ns: int) -> str | None:
    # mtime is part of the key so an edited go.mod is read again (editors).
    try:
        with open(path, encoding="utf-8") as f:
            return go_line(f.read())
    except (OSError, UnicodeDecodeError):
        return None


def real_directory(path: str, root: Path) -> Path | None:
    """The real directory of a display path: as given if absolute, else under
    the working directory or the config root, whichever exists."""
    given = Path(path)
    candidates = [given] if given.is_absolute() else [Path.cwd() / given, root / given]
    for candidate in candidates:
        if candidate.is_file():
            return Path(os.path.realpath(candidate.parent))
    for candidate in candidates:
        if candidate.parent.is_dir():
            return Path(os.path.realpath(candidate.parent))
    return None
