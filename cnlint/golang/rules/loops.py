"""Loops and what outlives an iteration: a loop variable captured by a
goroutine, deferred function or parallel subtest (before Go 1.22), and a
defer inside a loop."""

from __future__ import annotations

from cnlint.checks import Checks
from cnlint.diagnostics import Finding
from cnlint.golang.analysis import Analysis
from cnlint.golang.index import per_package
from cnlint.golang.loops import captured
from cnlint.golang.model import enclosing_function
from cnlint.golang.scope import same
from cnlint.golang.syntax import field_of, line_of, own_nodes
from cnlint.patterns import lazy

checks = Checks()


# ---- GO005 loop variable captured -------------------------------------------------


@checks.rule("GO005")
@per_package
def loop_variable_captured(doc, ctx):
    if not doc.version_below(22) or not _LAUNCHES.search(doc.data):
        return
    for loop in doc.nodes("for_statement"):
        for ident, name, how in captured(doc, loop, assigned=True):
            yield Finding(
                doc.span(ident),
                f"loop variable {name} is captured by {how}; before Go 1.22 every iteration shares one {name}, so it may see a later value ({doc.version_note()})",
            )


_LAUNCHES = lazy(rb"\b(?:go|defer)\s|\.(?:Go|Run)\(")


# ---- GO015 defer in a loop --------------------------------------------------------


@checks.rule("GO015")
@per_package
def defer_in_loop(doc, ctx):
    if b"defer" not in doc.data:
        return
    types = ctx.project.view(Analysis).of(doc).types
    for statement in doc.nodes("defer_statement"):
        node, function = statement.parent, enclosing_function(statement)
        while node is not None and not same(node, function):
            if node.type == "for_statement":
                channel = _endless_channel_range(doc, types, node)
                if channel is not None:
                    yield Finding(
                        doc.span(statement.child(0)),
                        f"defer in the range over channel {channel} on line {line_of(node)}: deferred calls run only when the function returns, "
                        f"and this loop ends only when {channel} is closed, so until then every iteration's call piles up; move the loop body into a function",
                    )
                elif not doc.path.endswith("_test.go"):  # a test process is short-lived; its loops are small
                    yield Finding(
                        doc.span(statement.child(0)),
                        f"defer in the loop on line {line_of(node)} runs only when the function returns, so every iteration's resources stay held until then; move the loop body into a function",
                    )
                break
            node = node.parent


def _endless_channel_range(doc, types, loop) -> str | None:
    """The channel a `for ... range ch` loop reads, when nothing in its body
    leaves it (return, break, goto, panic): it runs until ch is closed."""
    clause = loop.named_child(0) if loop.named_child_count else None
    if clause is None or clause.type != "range_clause":
        return None
    ranged = field_of(clause, "right")
    found = types.type_of(doc, ranged) if ranged is not None else None
    if found is None or found.name != "chan" or found.pointer:
        return None
    for leaving in own_nodes(doc, ("return_statement", "goto_statement", "break_statement", "call_expression"), field_of(loop, "body")):
        if leaving.type == "call_expression":
            function = field_of(leaving, "function")
            if function is not None and function.type == "identifier" and doc.text_of(function) == "panic":
                return None
        elif leaving.type != "break_statement" or _breaks_out(leaving, loop):
            return None
    return doc.text_of(ranged)


def _breaks_out(statement, loop) -> bool:
    """Whether a break leaves `loop`: labelled (taken to leave it), or the
    innermost for, switch or select around it is the loop."""
    if any(c.type == "label_name" for c in statement.named_children):
        return True
    node = statement.parent
    while node is not None and not same(node, loop):
        if node.type in ("for_statement", "expression_switch_statement", "type_switch_statement", "select_statement"):
            return False
        node = node.parent
    return True
