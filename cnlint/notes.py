"""What a run says besides its findings: a skipped ShellCheck, a migrated
hadolint setting, a result cache that answered.

Notes go through the standard logging module, imported only once something
is said: most runs say nothing, and logging (with string, threading and
traceback) is milliseconds of a one-file run. A warning is always said, and
kept by every `collecting()` around it (a cached answer says again what its
lint said; a worker's notes are said by its parent). Info is said only where
someone listens, and listening (`-v`, the language server, a test's log
capture) imports logging first.
"""

from __future__ import annotations

import sys
from contextlib import contextmanager

_collectors: list[list[str]] = []
_quiet = False  # in a worker: what it collects its parent says
_setup: bool | None = None  # the command line's -v, until logging is set up for it


def configure(verbose: bool) -> None:
    """The command line's choice: notes on stderr as `cnlint: ...`, info
    notes too with `verbose`."""
    global _setup
    _setup = verbose
    if verbose:
        _logging()


def _logging():
    global _setup
    import logging

    if _setup is not None:
        logging.basicConfig(format="cnlint: %(message)s", level=logging.INFO if _setup else logging.WARNING, stream=sys.stderr)
        _setup = None
    return logging


def info(message: str, *args, name: str = "cnlint") -> None:
    if "logging" in sys.modules and not _quiet:
        _logging().getLogger(name).info(message, *args)


def warning(message: str, *args, name: str = "cnlint") -> None:
    text = message % args if args else message
    for kept in _collectors:
        kept.append(text)
    if not _quiet:
        _logging().getLogger(name).warning("%s", text)


@contextmanager
def collecting(quiet: bool = False):
    """The warnings said inside, as a list; with `quiet` they are only
    kept, and info notes not said at all (a worker's, as every worker
    works out some of what its parent does)."""
    global _quiet
    kept: list[str] = []
    _collectors.append(kept)
    before, _quiet = _quiet, _quiet or quiet
    try:
        yield kept
    finally:
        del _collectors[next(i for i, k in enumerate(_collectors) if k is kept)]  # by identity: empty lists are equal
        _quiet = before
