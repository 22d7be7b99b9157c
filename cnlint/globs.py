"""Path globs as config files write them (exclude, per-file-ignores).

A pattern without a slash matches any single path component (`vendor`,
`*.gen.go`); a pattern with one matches the path relative to the config
file's directory, or any leading part of it (`k8s/generated` excludes all
below). `**` matches across directories.
"""

from __future__ import annotations

import re
from functools import lru_cache


@lru_cache(maxsize=512)
def _compile(pattern: str) -> re.Pattern:
    out = []
    i = 0
    while i < len(pattern):
        c = pattern[i]
        if pattern.startswith("**/", i):
            out.append("(?:.*/)?")
            i += 3
            continue
        if pattern.startswith("**", i):
            out.append(".*")
            i += 2
            continue
        if c == "*":
            out.append("[^/]*")
        elif c == "?":
            out.append("[^/]")
        elif c == "[":
            end = pattern.find("]", i + 1)
            if end == -1:
                out.append(re.escape(c))
            else:
                body = pattern[i + 1 : end].replace("\\", "\\\\")
                if body.startswith("!"):
                    body = "^" + body[1:]
                out.append(f"[{body}]")
                i = end
        else:
            out.append(re.escape(c))
        i += 1
    return re.compile("".join(out) + r"\Z")


def matches(pattern: str, relpath: str) -> bool:
    """Does `pattern` match the posix path `relpath` (relative, no leading ./)?"""
    pattern = pattern.strip()
    if pattern.startswith("./"):
        pattern = pattern[2:]
    pattern = pattern.rstrip("/")
    if not pattern:
        return False
    parts = relpath.split("/")
    if "/" not in pattern:
        rx = _compile(pattern)
        return any(rx.match(part) for part in parts)
    rx = _compile(pattern.lstrip("/"))
    return any(rx.match("/".join(parts[:n])) for n in range(1, len(parts) + 1))


def matches_any(patterns, relpath: str) -> bool:
    return any(matches(p, relpath) for p in patterns)
