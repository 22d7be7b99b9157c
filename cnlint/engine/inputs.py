"""Inputs: one file's display path, kind and text — read once, the same way
for every door (the CLI from disk, the editor from disk or its buffers)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from cnlint.discovery import FileRef

MAX_BYTES = 5 * 1024 * 1024  # larger files are reported, not linted


@dataclass
class Input:
    """One file to lint: its display path, kind, and text (or why it has none)."""

    path: str
    kind: str  # file kind from discovery: dockerfile | yaml | go | gomod
    text: str | None = None
    absolute: Path | None = None
    error: str | None = None
    # Context: parsed so cross-file rules see it, never reported on
    # (the rest of a repository when pre-commit names only changed files).
    context: bool = False


def read_text(path: Path) -> tuple[str | None, str | None]:
    """(text, None), or (None, why not) for a file that is missing, too
    large, binary or not UTF-8."""
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            return None, f"file is too large to lint ({size / 1048576:.1f} MiB; the limit is {MAX_BYTES // 1048576} MiB)"
        data = path.read_bytes()
    except OSError as exc:
        return None, f"cannot read file: {exc.strerror or exc}"
    return decode(data)


def decode(data: bytes) -> tuple[str | None, str | None]:
    if b"\0" in data[:8192]:
        return None, "file is binary (it contains NUL bytes), not text"
    try:
        return data.decode("utf-8-sig"), None
    except UnicodeDecodeError as exc:
        return None, f"file is not valid UTF-8 (byte {exc.start} is {data[exc.start]:#04x})"


def read(ref: FileRef, context: bool = False) -> Input:
    """A discovered file as an input."""
    text, error = read_text(ref.absolute)
    return Input(ref.path, ref.kind, text=text, absolute=ref.absolute, error=error, context=context)
