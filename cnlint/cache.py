"""A small on-disk cache for work that only depends on file contents (and
the directory the result cache, engine/caching.py, lives in).

Validating the rule catalogue and config files needs YAML and jsonschema,
which cost more to import than a whole Dockerfile lint. Their results depend
only on the inputs, so each is done once per content and remembered here;
so are ShellCheck's answers, per script.
A cache that cannot be read or written is simply not used.
"""

from __future__ import annotations

import json
import os
from contextlib import contextmanager
from pathlib import Path

from cnlint import __version__

try:  # the interpreter's own: importing hashlib loads OpenSSL, 2 ms of every run
    from _blake2 import blake2b as _digest
except ImportError:  # pragma: no cover - an interpreter without it
    from hashlib import blake2b as _digest

_results_off = False


@contextmanager
def no_results():
    """No cached result (findings, ShellCheck's answers) is read or written
    inside (`check --no-cache`); the validated catalogue and the like still are."""
    global _results_off
    was, _results_off = _results_off, True
    try:
        yield
    finally:
        _results_off = was


def cache_dir(results: bool = False) -> Path | None:
    """The cache directory; None when caching is off (for `results`, also
    inside no_results())."""
    if (results and _results_off) or os.environ.get("CNLINT_NO_CACHE"):
        return None
    if os.environ.get("CNLINT_CACHE_DIR"):
        return Path(os.environ["CNLINT_CACHE_DIR"])
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "cnlint"


def files_key(path: Path, suffix: str = "") -> str:
    """A key of the names, sizes and times of the files at or under `path`
    ending in `suffix` (a stat each, no read): what changes when they are
    edited, replaced or upgraded. Plain strings, as thousands of Path
    objects cost a one-file run milliseconds to sort."""
    parts = []
    if os.path.isfile(path):
        parts.append(_stat(str(path)))
    for top, dirs, names in os.walk(path):
        dirs[:] = [d for d in dirs if d != "__pycache__"]
        parts.extend(_stat(os.path.join(top, name)) for name in names if name.endswith(suffix))
    parts.sort()
    return key(*parts)


def _stat(path: str) -> str:
    try:
        st = os.stat(path)
    except OSError as exc:
        return f"{path}: {exc.strerror}"
    return f"{path}:{st.st_size}:{st.st_mtime_ns}"


def key(*parts: str | bytes) -> str:
    h = _digest(__version__.encode(), digest_size=16)
    for part in parts:
        h.update(b"\0")
        h.update(part.encode("utf-8", "surrogatepass") if isinstance(part, str) else part)
    return h.hexdigest()


def load(kind: str, digest: str, results: bool = False):
    directory = cache_dir(results)
    if directory is None:
        return None
    try:
        return json.loads((directory / f"{kind}-{digest}.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def store(kind: str, digest: str, value, results: bool = False) -> None:
    store_text(kind, digest, json.dumps(value), results)  # dumps, not dump: only the one-shot encoder is the C one


def store_text(kind: str, digest: str, text: str, results: bool = False) -> None:
    """`store` of a value already written as JSON text."""
    directory = cache_dir(results)
    if directory is None:
        return
    import tempfile  # only to write: a run that reads its caches needs none of it

    try:
        directory.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=directory, suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(text)
        os.replace(tmp, directory / f"{kind}-{digest}.json")
    except OSError:
        pass
