"""Baselines: adopt cnlint on an existing tree by reporting only new findings.

An entry is keyed by rule, file and where the finding is in terms that
survive unrelated edits: the Kubernetes object it is on, or else the text of
its source line with whitespace normalised. Line numbers are not part of the
key, so adding lines above a finding does not bring it back. Several
findings with the same key are counted.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from pathlib import Path

VERSION = 1


class BaselineError(Exception):
    pass


def key(d, sources, base: Path) -> tuple[str, str, str]:
    """(code, path relative to the baseline file, where) of a diagnostic."""
    path = Path(os.path.relpath(Path(d.path).absolute(), base)).as_posix()
    if d.logical is not None:
        where = "object:" + d.logical.qualified
    else:
        source = sources.get(d.path)
        where = "line:" + " ".join(source.line(d.span.line).split()) if source else f"at:{d.span.line}"
    return d.code, path, where


def create(result, path: str) -> int:
    base = Path(path).absolute().parent
    counts = Counter(key(d, result.sources, base) for d in result.diagnostics)
    entries = [{"code": c, "path": p, "where": w, "count": n} for (c, p, w), n in sorted(counts.items())]
    data = {"cnlint-baseline": VERSION, "entries": entries}
    try:
        Path(path).write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
    except OSError as exc:
        raise BaselineError(f"cannot write baseline {path}: {exc.strerror or exc}") from None
    return len(result.diagnostics)


def load(path: str) -> Counter:
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except OSError as exc:
        raise BaselineError(f"cannot read baseline {path}: {exc.strerror or exc}") from None
    except ValueError as exc:
        raise BaselineError(f"{path}: not a cnlint baseline (invalid JSON: {exc})") from None
    if not isinstance(data, dict) or data.get("cnlint-baseline") != VERSION or not isinstance(data.get("entries"), list):
        raise BaselineError(f"{path}: not a cnlint baseline (create one with --create-baseline)")
    counts: Counter = Counter()
    for entry in data["entries"]:
        try:
            counts[(entry["code"], entry["path"], entry["where"])] += int(entry.get("count", 1))
        except (KeyError, TypeError, ValueError):
            raise BaselineError(f"{path}: malformed entry {entry!r}") from None
    return counts


def subtract(result, baseline: Counter, path: str) -> int:
    """Drop the findings the baseline at `path` knows; return how many."""
    base = Path(path).absolute().parent
    left = Counter(baseline)
    kept = []
    for d in result.diagnostics:
        k = key(d, result.sources, base)
        if left[k] > 0:
            left[k] -= 1
        else:
            kept.append(d)
    dropped = len(result.diagnostics) - len(kept)
    result.diagnostics = kept
    return dropped
