"""Applying fixes: non-overlapping edits, from the end of the text backwards."""

from __future__ import annotations

from itertools import pairwise

from cnlint.diagnostics import Fix
from cnlint.source import Source


def apply(text: str, fixes: list[Fix]) -> tuple[str, int]:
    """Apply as many fixes as do not overlap; return the text and how many.

    A fix is applied whole or not at all. Fixes left out because they overlap
    an earlier one are picked up by the next pass of the fix loop. The lines
    a fix writes end as the file's first line does (CRLF or LF).
    """
    source = Source(text)
    first_break = text.find("\n")
    crlf = first_break > 0 and text[first_break - 1] == "\r"
    accepted: list[tuple[int, int, str]] = []
    taken: list[tuple[int, int]] = []
    count = 0
    ordered = sorted(fixes, key=lambda f: min((e.span.line, e.span.column) for e in f.edits) if f.edits else (0, 0))
    for fix in ordered:
        ranges = []
        for edit in fix.edits:
            start = source.offset(edit.span.line, edit.span.column)
            end = source.offset(edit.span.end_line, edit.span.end_column)
            new = edit.text.replace("\r\n", "\n")
            ranges.append((start, max(start, end), new.replace("\n", "\r\n") if crlf else new))
        if not ranges or any(_overlaps(s, e, taken) for s, e, _ in ranges):
            continue
        # Overlapping edits inside one fix make it malformed: skip it whole.
        spans = sorted((s, e) for s, e, _ in ranges)
        if any(a[1] > b[0] for a, b in pairwise(spans)):
            continue
        taken.extend((s, e) for s, e, _ in ranges)
        accepted.extend(ranges)
        count += 1
    out = text
    for start, end, new in sorted(accepted, key=lambda r: (r[0], r[1]), reverse=True):
        out = out[:start] + new + out[end:]
    return out, count


def _overlaps(start: int, end: int, taken: list[tuple[int, int]]) -> bool:
    for s, e in taken:
        if start < e and s < end:
            return True
        # Two insertions at one point would have an order we cannot know.
        if start == end == s == e:
            return True
    return False
