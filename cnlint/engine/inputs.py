"""Inputs: one file's display path, kind and text — read once, the same way
for every door (the CLI from disk or standard input, the editor from disk or
its buffers).

Reading is bounded: only regular files are opened for reading (a FIFO would
block for ever, a device never ends), and never more than MAX_BYTES is read,
whatever the file's size says (files in /proc say 0). A file that is not
read says why, at the byte that stopped it when there is one.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import BinaryIO, NamedTuple

from cnlint.diagnostics import Span
from cnlint.discovery import FileRef

MAX_BYTES = 5 * 1024 * 1024  # larger files are reported, not linted
BOM = b"\xef\xbb\xbf"
# Opening a FIFO for reading waits for a writer; without blocking it does not.
_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_BINARY", 0)
_NOT_REGULAR = (
    (stat.S_ISDIR, "a directory"),
    (stat.S_ISFIFO, "a FIFO (named pipe)"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
)


class Input:
    """One file to lint: its display path, kind, and text (or why it has none)."""

    __slots__ = ("path", "kind", "text", "absolute", "error", "context", "error_span", "bom")

    def __init__(
        self, path: str, kind: str | None, text: str | None = None, absolute: Path | None = None, error: str | None = None,
        context: bool = False, error_span: Span | None = None, bom: bool = False,
    ):
        self.path = path
        self.kind = kind  # file kind from discovery: dockerfile | yaml | go | gomod; None for a directory that cannot be read
        self.text = text
        self.absolute = absolute
        self.error = error
        # Context: parsed so cross-file rules see it, never reported on
        # (the rest of a repository when pre-commit names only changed files).
        self.context = context
        self.error_span = error_span  # where in the file `error` is, when at one place
        self.bom = bom  # the file starts with a UTF-8 byte order mark (not part of `text`)

    def replace(self, **changes) -> Input:
        """A copy, with `changes` (the input itself stays as it was)."""
        out = Input.__new__(Input)
        for name in self.__slots__:
            setattr(out, name, getattr(self, name))
        for name, value in changes.items():
            setattr(out, name, value)
        return out

    def __eq__(self, other) -> bool:
        return isinstance(other, Input) and all(getattr(self, name) == getattr(other, name) for name in self.__slots__)

    __hash__ = None  # mutable: equal inputs need not stay equal

    def __repr__(self) -> str:
        return f"Input({self.path!r}, {self.kind!r})"


class Decoded(NamedTuple):
    """A file's text, or why it has none and where in it the problem is."""

    text: str | None
    error: str | None = None
    span: Span | None = None
    bom: bool = False


def read_bytes(path: Path) -> bytes:
    """At most MAX_BYTES + 1 bytes of a regular file; OSError, or ValueError
    for what is not a regular file, otherwise."""
    _check_regular(os.stat(path).st_mode)
    fd = os.open(path, _OPEN_FLAGS)
    try:
        _check_regular(os.fstat(fd).st_mode)  # it may have changed since
        with os.fdopen(fd, "rb", closefd=False) as stream:
            return read_limited(stream)
    finally:
        os.close(fd)


def read_limited(stream: BinaryIO) -> bytes:
    """At most MAX_BYTES + 1 bytes of a stream (one more tells it is too large)."""
    chunks, size = [], 0
    while size <= MAX_BYTES:
        chunk = stream.read(MAX_BYTES + 1 - size)
        if not chunk:
            break
        chunks.append(chunk)
        size += len(chunk)
    return b"".join(chunks)


def _check_regular(mode: int) -> None:
    if not stat.S_ISREG(mode):
        what = next((name for test, name in _NOT_REGULAR if test(mode)), "not a regular file")
        raise ValueError(f"not a regular file but {what}: only regular files are read")


def read_text(path: Path) -> Decoded:
    """The text of a file, or why it has none: missing, not a regular file,
    too large, binary or not UTF-8."""
    try:
        data = read_bytes(path)
    except ValueError as exc:
        return Decoded(None, str(exc))
    except OSError as exc:
        return Decoded(None, f"cannot read file: {exc.strerror or exc}")
    return decode(data)


def decode(data: bytes) -> Decoded:
    if len(data) > MAX_BYTES:
        return Decoded(None, f"file is too large to lint (more than {MAX_BYTES // 1048576} MiB, the limit)")
    nul = data.find(b"\0")
    if nul >= 0:
        return Decoded(None, "file is binary (it contains NUL bytes), not text", _span_of_byte(data, nul))
    bom = data.startswith(BOM)
    try:
        return Decoded(data.decode("utf-8-sig"), bom=bom)
    except UnicodeDecodeError as exc:
        return Decoded(None, f"file is not valid UTF-8 (byte {exc.start} is {data[exc.start]:#04x})", _span_of_byte(data, exc.start), bom)


def unencodable(text: str) -> Decoded | None:
    """Why `text` cannot be written as UTF-8 (a lone surrogate, which only
    an editor's buffer or a library caller can hand over), or None."""
    if text.isascii():
        return None
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as exc:
        line = text.count("\n", 0, exc.start) + 1
        column = exc.start - text.rfind("\n", 0, exc.start)
        return Decoded(None, f"text is not valid Unicode: a lone surrogate U+{ord(text[exc.start]):04X}", Span(line, column, line, column + 1))
    return None


def _span_of_byte(data: bytes, index: int) -> Span:
    """The 1-based line and character column of byte `index` (what comes
    before it on its line is read as UTF-8, as far as it is valid)."""
    start = data.rfind(b"\n", 0, index) + 1
    if start == 0 and data.startswith(BOM):
        start = len(BOM)
    column = len(data[start:index].decode("utf-8", "replace")) + 1
    line = data.count(b"\n", 0, index) + 1
    return Span(line, column, line, column + 1)


def read(ref: FileRef, context: bool = False) -> Input:
    """A discovered file as an input."""
    if ref.error is not None:
        return Input(ref.path, ref.kind, absolute=ref.absolute, error=ref.error, context=context)
    text, error, span, bom = read_text(ref.absolute)
    return Input(ref.path, ref.kind, text=text, absolute=ref.absolute, error=error, context=context, error_span=span, bom=bom)


def governing(inputs: list[Input], root: Path) -> list[Input]:
    """Inputs for the files that govern the linted ones (a Go file's go.mod)
    and are not among `inputs` yet, read from disk as context."""
    from cnlint import context
    from cnlint.discovery import classify

    present = {i.absolute for i in inputs}
    targets = [(i.absolute, i.kind) for i in inputs if i.absolute is not None and i.kind and not i.context]
    out = []
    for path in context.governing(targets):
        if path not in present:
            try:
                display = path.relative_to(root).as_posix()
            except ValueError:
                display = str(path)
            text, error, span, bom = read_text(path)
            out.append(Input(display, classify(path.name), text=text, absolute=path, error=error, context=True, error_span=span, bom=bom))
    return out
