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


def governing(inputs: list[Input], root: Path) -> list[Input]:
    """Inputs for the files that govern the linted ones (a Go file's go.mod)
    and are not among `inputs` yet, read from disk as context."""
    from cnlint import context
    from cnlint.discovery import classify

    present = {i.absolute for i in inputs}
    targets = [(i.absolute, i.kind) for i in inputs if i.absolute is not None and not i.context]
    out = []
    for path in context.governing(targets):
        if path not in present:
            try:
                display = path.relative_to(root).as_posix()
            except ValueError:
                display = str(path)
            text, error = read_text(path)
            out.append(Input(display, classify(path.name), text=text, absolute=path, error=error, context=True))
    return out
