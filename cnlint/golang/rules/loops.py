"""Loops and what outlives an iteration: a loop variable captured by a
goroutine, deferred function or parallel subtest (before Go 1.22), and a
defer inside a loop."""

from __future__ import annotations

import re

from cnlint.checks import Checks
from cnlint.diagnostics import Finding
from cnlint.golang.index import per_package
from cnlint.golang.loops import captured
from cnlint.golang.model import enclosing_function
from cnlint.golang.scope import same
from cnlint.golang.syntax import line_of

checks = Checks()


# ---- GO005 loop variable captured -------------------------------------------------


@checks.project("GO005")
@per_package
def loop_variable_captured(doc, ctx):
    if not doc.version_below(22) or not _LAUNCHES.search(doc.data):
        return
    for loop in doc.nodes("for_statement"):
        for ident, name, how in captured(doc, loop):
            yield Finding(
                doc.span(ident),
                f"loop variable {name} is captured by {how}; before Go 1.22 every iteration shares one {name}, so it may see a later value ({doc.version_note()})",
            )


_LAUNCHES = re.compile(rb"\b(?:go|defer)\s|\.(?:Go|Run)\(")


# ---- GO015 defer in a loop --------------------------------------------------------


@checks.rule("GO015")
def defer_in_loop(doc, ctx):
    if doc.path.endswith("_test.go"):
        return  # a test process is short-lived; its loops are small
    for statement in doc.nodes("defer_statement"):
        node, function = statement.parent, enclosing_function(statement)
        while node is not None and not same(node, function):
            if node.type == "for_statement":
                yield Finding(
                    doc.span(statement.child(0)),
                    f"defer in the loop on line {line_of(node)} runs only when the function returns, so every iteration's resources stay held until then; move the loop body into a function",
                )
                break
            node = node.parent
