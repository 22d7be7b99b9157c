"""Loops and what outlives an iteration: a loop variable captured by a
goroutine, deferred function or parallel subtest (before Go 1.22), and a
defer inside a loop."""

from __future__ import annotations

import re

from cnlint.checks import Checks
from cnlint.diagnostics import Finding
from cnlint.golang.index import per_package
from cnlint.golang.model import enclosing_function
from cnlint.golang.scope import same
from cnlint.golang.syntax import TESTING, call_of, children, field_of, launched_literal, line_of, method_call, own_nodes, statements, typed

checks = Checks()


ERRGROUP = "golang.org/x/sync/errgroup"


# ---- GO005 loop variable captured -------------------------------------------------


@checks.project("GO005")
@per_package
def loop_variable_captured(doc, ctx):
    if not doc.version_below(22) or not _LAUNCHES.search(doc.data):
        return
    for loop in doc.nodes("for_statement"):
        names = _loop_variables(doc, loop)
        body = field_of(loop, "body")
        if not names or body is None:
            continue
        for literal, how, waits in _closures_in_loop(doc, body):
            if waits:
                continue
            seen = set()
            for ident in doc.nodes("identifier", within=field_of(literal, "body")):
                name = doc.text_of(ident)
                if name not in names or name in seen:
                    continue
                decl = doc.scopes.resolve(ident)
                if decl is None or decl.kind not in ("range", "loop") or not same(decl.node, names[name]):
                    continue
                seen.add(name)
                yield Finding(
                    doc.span(ident),
                    f"loop variable {name} is captured by {how}; before Go 1.22 every iteration shares one {name}, so it may see a later value ({doc.version_note()})",
                )


_LAUNCHES = re.compile(rb"\b(?:go|defer)\s|\.(?:Go|Run)\(")


def _loop_variables(doc, loop) -> dict:
    clause = loop.named_children[0] if loop.named_child_count else None
    if clause is None:
        return {}
    if clause.type == "range_clause":
        if not any(c.type == ":=" for c in clause.children):
            return {}
        left = field_of(clause, "left")
    elif clause.type == "for_clause":
        init = field_of(clause, "initializer")
        left = field_of(init, "left") if init is not None and init.type == "short_var_declaration" else None
    else:
        return {}
    return {doc.text_of(n): n for n in children(left) if n.type == "identifier" and doc.text_of(n) != "_"}


def _closures_in_loop(doc, body):
    """(function literal, what runs it, whether the iteration waits for it)."""
    for statement in own_nodes(doc, ("go_statement", "defer_statement"), body):
        literal = launched_literal(statement)
        if literal is None:
            continue
        if statement.type == "defer_statement":
            yield literal, "a deferred function, which runs only after the loop", False
        else:
            yield literal, "a goroutine started in the loop", _waited(doc, statement, body)
    for call in own_nodes(doc, ("call_expression",), body):
        receiver, method = method_call(doc, call)
        args = children(field_of(call, "arguments"))
        if method == "Go" and len(args) == 1 and args[0].type == "func_literal" and typed(doc, receiver, ERRGROUP, "Group"):
            yield args[0], f"{doc.text_of(receiver)}.Go", _waited(doc, call, body)
        elif method == "Run" and len(args) == 2 and args[1].type == "func_literal" and typed(doc, receiver, TESTING, "T"):
            if _parallel(doc, args[1]):
                yield args[1], "a parallel subtest, which runs after the loop", False


def _waited(doc, launch, body) -> bool:
    """Whether the iteration, after `launch`, waits (x.Wait() or a receive)."""
    for node in own_nodes(doc, ("call_expression", "unary_expression", "select_statement"), body):
        if node.start_byte < launch.end_byte:
            continue
        if node.type == "select_statement":
            return True
        if node.type == "unary_expression" and doc.text_of(field_of(node, "operator")) == "<-":
            return True
        if node.type == "call_expression" and method_call(doc, node)[1] == "Wait":
            return True
    return False


def _parallel(doc, literal) -> bool:
    """Whether a subtest literal calls Parallel() on its own *testing.T first."""
    params = children(field_of(literal, "parameters"))
    names = params[0].children_by_field_name("name") if params else []
    body = statements(field_of(literal, "body"))
    if not names or not body:
        return False
    call = call_of(body[0])
    receiver, method = method_call(doc, call) if call is not None else (None, None)
    return method == "Parallel" and doc.text_of(receiver) == doc.text_of(names[0])


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
