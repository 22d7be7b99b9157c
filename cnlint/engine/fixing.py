"""The fix loop: lint, apply the fixes that are wanted, lint again, until
nothing more applies (or MAX_FIX_PASSES, so two fixes that undo each other
cannot loop forever).

A fix must never leave a file worse than it found it: when a pass adds a
parse problem, a schema violation or a failing rule to a file, or loses one
of its objects, that file's text goes back to what it was, and its fixes are
then tried one at a time, so only the fix to blame is left out.
"""

from __future__ import annotations

from collections.abc import Callable

from cnlint import fixes
from cnlint.diagnostics import Fix

MAX_FIX_PASSES = 10
# Findings a fix must not add to a file: it parses worse, validates worse, or breaks a rule.
DAMAGE = frozenset({"CN001", "CN003", "KM100"})


def fix_loop(lint: Callable, inputs: list, unsafe: bool = False):
    """`lint(inputs)` until the wanted fixes change nothing; the result of the
    last lint, with `changes` set to path -> (original, fixed) text."""
    current = {i.path: i.replace() for i in inputs}  # the caller's inputs stay as they were
    original = {i.path: i.text for i in inputs if i.text is not None}
    result = lint(list(current.values()))
    refused: set[tuple[str, Fix]] = set()
    singly: set[str] = set()  # files whose fixes are tried one at a time
    for _ in range(MAX_FIX_PASSES):
        wanted: dict[str, list[Fix]] = {}
        for d in result.diagnostics:
            if d.fix and (d.fix.safe or unsafe) and d.path in current and (d.path, d.fix) not in refused:
                wanted.setdefault(d.path, []).append(d.fix)
        before: dict[str, tuple[str, list[Fix]]] = {}
        for path, path_fixes in wanted.items():
            inp = current[path]
            tried = path_fixes[:1] if path in singly else path_fixes
            new_text, applied = fixes.apply(inp.text, tried)
            if applied and new_text != inp.text:
                before[path] = (inp.text, tried)
                inp.text = new_text
        if not before:
            break
        health = _health(result)
        result = lint(list(current.values()))
        now = _health(result)
        worse = [p for p in before if _worse(health.get(p), now.get(p))]
        for path in worse:
            text, tried = before[path]
            current[path].text = text
            if path in singly:
                refused.add((path, tried[0]))
            singly.add(path)
        if worse:
            result = lint(list(current.values()))
    result.changes = {p: (original[p], current[p].text) for p in original if current[p].text != original[p]}
    return result


def _health(result) -> dict[str, tuple[int, int]]:
    """Per file: how many damage findings it has, and how many objects (a
    manifest that stops parsing as one has none)."""
    out: dict[str, tuple[int, int]] = {}
    for artifact in result.project.artifacts if result.project else ():
        out[artifact.path] = (0, len(getattr(artifact, "objects", ())))
    for d in result.diagnostics:
        if d.code in DAMAGE:
            damage, objects = out.get(d.path, (0, 0))
            out[d.path] = (damage + 1, objects)
    return out


def _worse(before: tuple[int, int] | None, after: tuple[int, int] | None) -> bool:
    before, after = before or (0, 0), after or (0, 0)
    return after[0] > before[0] or after[1] < before[1]
