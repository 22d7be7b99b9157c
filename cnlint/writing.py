"""Writing fixed files: in place, through the path that was read.

A file is rewritten, not replaced: writing through its path follows a
symlink to the file it names and keeps the inode, so the mode, the owner,
ACLs and hard links stay as they were. The byte order mark the file had is
put back, and the line endings are the fixes' business (fixes.py keeps them).

Every file is opened for writing, and checked to still hold what was read,
before any is changed, so a file that cannot be written (or was edited
meanwhile) leaves every file as it was. A write that fails later (a full
disk) puts that file's old text back; the caller is told exactly which files
were written and which were not.
"""

from __future__ import annotations

import errno
import os
import stat
from dataclasses import dataclass, field
from pathlib import Path

from cnlint.engine.inputs import BOM


def encoded(text: str, bom: bool) -> bytes:
    """A file's bytes: its text in UTF-8, after the byte order mark it had."""
    return (BOM if bom else b"") + text.encode("utf-8", "surrogateescape")


@dataclass
class Change:
    path: str  # display path
    target: Path
    old: str
    new: str
    bom: bool = False

    def data(self, text: str) -> bytes:
        return encoded(text, self.bom)


@dataclass
class Outcome:
    written: list[str] = field(default_factory=list)
    failed: dict[str, str] = field(default_factory=dict)  # path -> why its fixes were not written


def write(changes: list[Change]) -> Outcome:
    outcome = Outcome()
    opened: list[tuple[Change, int]] = []
    try:
        for change in changes:
            try:
                opened.append((change, _open(change)))
            except (OSError, ValueError) as exc:
                outcome.failed[change.path] = _why(exc)
        if outcome.failed:  # nothing is written when one file cannot be
            for change, _ in opened:
                outcome.failed[change.path] = "another file could not be written, so none was"
            return outcome
        for change, fd in opened:
            try:
                _replace(fd, change.data(change.new))
                outcome.written.append(change.path)
            except OSError as exc:
                outcome.failed[change.path] = _why(exc) + _restore(fd, change.data(change.old))
    finally:
        for _, fd in opened:
            os.close(fd)
    return outcome


def _open(change: Change) -> int:
    fd = os.open(change.target, os.O_RDWR | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise ValueError("it is no longer a regular file")
        expected = change.data(change.old)
        if _read_all(fd, len(expected) + 1) != expected:
            raise ValueError("it changed after it was read; run again")
        return fd
    except BaseException:
        os.close(fd)
        raise


def _read_all(fd: int, limit: int) -> bytes:
    os.lseek(fd, 0, os.SEEK_SET)
    chunks, size = [], 0
    while size < limit:
        chunk = os.read(fd, limit - size)
        if not chunk:
            break
        chunks.append(chunk)
        size += len(chunk)
    return b"".join(chunks)


def _replace(fd: int, data: bytes) -> None:
    os.lseek(fd, 0, os.SEEK_SET)
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]
    os.ftruncate(fd, len(data))
    try:
        os.fsync(fd)  # a full disk or a network file system may only say so now
    except OSError as exc:
        if exc.errno not in (errno.EINVAL, errno.ENOTSUP):  # a file system that cannot sync
            raise


def _restore(fd: int, data: bytes) -> str:
    try:
        _replace(fd, data)
    except OSError:
        return "; the file may be left partly written"
    return "; the file is unchanged"


def _why(exc: Exception) -> str:
    return exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
