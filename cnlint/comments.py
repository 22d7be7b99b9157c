"""`#` comments shared by Dockerfiles and YAML: finding them, and the
suppressions they carry (read in the HASH syntax)."""

from __future__ import annotations

from cnlint.diagnostics import Span
from cnlint.source import Source
from cnlint.suppressions import HASH, Suppression, from_comment


def hash_comment_start(line: str) -> int:
    """Index of a '#' that starts a comment on this line, or -1.

    A '#' starts a comment at the line start or after whitespace, outside
    single or double quotes (enough for YAML plain and quoted scalars and for
    Dockerfile lines).
    """
    quote = None
    for i, c in enumerate(line):
        if quote:
            if c == quote:
                quote = None
            elif c == "\\" and quote == '"':
                continue
        elif c in "'\"" and (i == 0 or line[i - 1] in " \t:[{,-"):
            quote = c
        elif c == "#" and (i == 0 or line[i - 1] in " \t"):
            return i
    return -1


def scan(source: Source, target_range, lines=None, stage_range=None) -> list[Suppression]:
    """Suppressions in `#` comments.

    `target_range(line)` gives the (first, last) lines an own-line comment
    above `line` covers (an instruction with its continuations, a YAML block);
    `stage_range(line)` the same for a comment that covers a build stage
    (without it, such a comment covers what target_range says).
    `lines` limits the scan to these line numbers (default: every line).
    """
    out = []
    numbers = lines if lines is not None else range(1, source.line_count + 1)
    # A run of comment lines shares the code line after it and what that
    # covers: found once, not once per comment (a run of 8,000 took 12 s).
    after: tuple[int, int | None] = (0, 0)  # the last own-line comment, the code line after it
    ranges: dict = {}  # (covering function, code line) -> (first, last)
    for number in numbers:
        text = source.line(number)
        if "#" not in text:
            continue
        start = hash_comment_start(text)
        if start < 0:
            continue
        parsed = HASH.parse_comment(text[start:])
        if parsed is None:
            continue
        span = Span(number, start + 1, number, len(text.rstrip()) + 1)
        own_line = not text[:start].strip()
        if own_line:
            comment, target = after
            if not (comment < number and (target is None or number < target)):
                target = _next_code_line(source, number)
            after = (number, target)
            covered = stage_range if stage_range is not None and HASH.stage_level(text[start:]) else target_range
            if target and (covered, target) not in ranges:
                ranges[covered, target] = covered(target)
            first, last = ranges[covered, target] if target else (number, number)
        else:
            first = last = number
        out.append(from_comment(parsed, span, first, last, own_line))
    return out


def _next_code_line(source: Source, number: int) -> int | None:
    for n in range(number + 1, source.line_count + 1):
        stripped = source.line(n).strip()
        if stripped and not stripped.startswith("#"):
            return n
    return None
