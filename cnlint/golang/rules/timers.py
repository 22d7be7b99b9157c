"""Timers and tickers: time.Tick, whose ticker is never stopped and, before
Go 1.23, never collected."""

from __future__ import annotations

from cnlint.checks import Checks
from cnlint.diagnostics import Finding
from cnlint.golang.model import enclosing_function
from cnlint.golang.scope import package_name
from cnlint.golang.syntax import field_of, own_nodes, statements

checks = Checks()


# ---- GO013 time.Tick leak ---------------------------------------------------------


@checks.rule("GO013")
def time_tick_leak(doc, ctx):
    if not doc.version_below(23) or doc.path.endswith("_test.go"):
        return
    if package_name(doc) == "main":
        return
    for call in doc.calls_to("time", "Tick"):
        function = enclosing_function(call)
        if function is None or _endless(doc, function):
            continue
        yield Finding(
            doc.span(field_of(field_of(call, "function"), "field")),
            f"time.Tick's ticker is never stopped and, before Go 1.23, never collected, so each call leaks one ({doc.version_note()}); use time.NewTicker and defer its Stop",
        )


def _endless(doc, function) -> bool:
    """A function that never returns: its body ends in `for {}` without
    break or return (the ticker lives as long as the function anyway)."""
    body = statements(field_of(function, "body"))
    if not body or body[-1].type != "for_statement" or body[-1].named_child_count != 1:
        return False
    return not own_nodes(doc, ("return_statement", "break_statement"), body[-1])
