"""GitLab Code Quality: a JSON array of Code Climate issues (the subset GitLab reads)."""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from pathlib import PurePath

from cnlint.report import valid

SEVERITIES = {"error": "major", "warning": "minor", "info": "info"}


def render(result, ctx) -> str:
    seen: Counter[tuple] = Counter()
    issues = []
    for d in result.diagnostics:
        text = _line_text(result.sources.get(d.path), d.span.line)
        key = (d.code, d.path, text)
        seen[key] += 1
        issues.append(_issue(d, fingerprint(*key, seen[key])))
    return json.dumps(issues, indent=2) + "\n"


def _issue(d, fp: str) -> dict:
    return {
        "description": valid(f"{d.code} {d.full_message}"),
        "check_name": d.code,
        "fingerprint": fp,
        "severity": SEVERITIES[d.severity],
        "location": {
            "path": valid(PurePath(d.path).as_posix()),
            "lines": {"begin": d.span.line, "end": d.span.end_line},
        },
    }


def fingerprint(code: str, path: str, text: str, occurrence: int) -> str:
    """Stable across edits elsewhere in the file: no line number, only the
    line's text and which occurrence of (code, path, text) this is. GitLab
    shows one issue per fingerprint, so the occurrence keeps them distinct."""
    data = "\0".join((code, valid(PurePath(path).as_posix()), text, str(occurrence)))
    return hashlib.sha256(data.encode("utf-8")).hexdigest()[:32]


def _line_text(source, line: int) -> str:
    return source.line(line).strip() if source is not None else ""
