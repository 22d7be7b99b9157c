"""The fix loop: lint, apply the fixes that are wanted, lint again, until
nothing more applies (or MAX_FIX_PASSES, so two fixes that undo each other
cannot loop forever)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from cnlint import fixes
from cnlint.diagnostics import Fix

MAX_FIX_PASSES = 10


def fix_loop(lint: Callable, inputs: list, unsafe: bool = False):
    """`lint(inputs)` until the wanted fixes change nothing; the result of the
    last lint, with `changes` set to path -> (original, fixed) text."""
    current = {i.path: replace(i) for i in inputs}  # the caller's inputs stay as they were
    original = {i.path: i.text for i in inputs if i.text is not None}
    result = lint(list(current.values()))
    for _ in range(MAX_FIX_PASSES):
        wanted: dict[str, list[Fix]] = {}
        for d in result.diagnostics:
            if d.fix and (d.fix.safe or unsafe) and d.path in current:
                wanted.setdefault(d.path, []).append(d.fix)
        progress = False
        for path, path_fixes in wanted.items():
            inp = current[path]
            new_text, applied = fixes.apply(inp.text, path_fixes)
            if applied and new_text != inp.text:
                inp.text = new_text
                progress = True
        if not progress:
            break
        result = lint(list(current.values()))
    result.changes = {p: (original[p], current[p].text) for p in original if current[p].text != original[p]}
    return result
