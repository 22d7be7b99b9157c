"""What a goroutine does that its starter relies on: the WaitGroup that
counts it (Add inside it, Done skipped by a return), and t.Fatal called
from it in a test. Types come from the scope resolver; where the syntax
cannot prove a type, the rule says nothing."""

from __future__ import annotations

from cnlint.checks import Checks
from cnlint.diagnostics import Finding
from cnlint.golang.index import per_package
from cnlint.golang.syntax import TESTING, field_of, launched_literal, line_of, method_call, own_nodes, package_imports, typed

checks = Checks()


SYNC = "sync"
FATAL = ("Fatal", "Fatalf", "FailNow", "Skip", "Skipf", "SkipNow")


def _waitgroup_calls_in_goroutines(doc, method: str):
    """(literal, call, receiver) for each wg.<method>() in a launched func literal."""
    if not package_imports(doc, SYNC):
        return
    for statement in doc.nodes("go_statement"):
        literal = launched_literal(statement)
        if literal is None:
            continue
        for call in own_nodes(doc, ("call_expression",), literal):
            receiver, name = method_call(doc, call)
            if name == method and typed(doc, receiver, SYNC, "WaitGroup"):
                yield literal, call, receiver


# ---- GO006 WaitGroup.Add in the goroutine -----------------------------------------


@checks.project("GO006")
@per_package
def waitgroup_add_in_goroutine(doc, ctx):
    for literal, call, receiver in _waitgroup_calls_in_goroutines(doc, "Add"):
        # An Add that counts a goroutine this one starts later is right.
        if not any(g.start_byte > call.end_byte for g in own_nodes(doc, ("go_statement",), literal)):
            name = doc.text_of(receiver)
            yield Finding(
                doc.span(call),
                f"{name}.Add is called inside the goroutine it counts, so {name}.Wait() may return before the goroutine starts; call {name}.Add before the go statement",
            )


# ---- GO007 WaitGroup.Done skipped by a return -------------------------------------


@checks.project("GO007")
@per_package
def waitgroup_done_skipped(doc, ctx):
    for literal, call, receiver in _waitgroup_calls_in_goroutines(doc, "Done"):
        if call.parent.type != "expression_statement":
            continue
        early = [r for r in own_nodes(doc, ("return_statement",), literal) if r.end_byte <= call.start_byte]
        if early:
            name = doc.text_of(receiver)
            yield Finding(
                doc.span(call),
                f"{name}.Done() is not deferred and the return on line {line_of(early[0])} skips it, so {name}.Wait() blocks forever; write defer {name}.Done() first",
            )


# ---- GO011 t.Fatal from a goroutine -----------------------------------------------


@checks.project("GO011")
@per_package
def test_fatal_in_goroutine(doc, ctx):
    if not package_imports(doc, TESTING):
        return
    for statement in doc.nodes("go_statement"):
        literal = launched_literal(statement)
        if literal is None:
            continue
        for call in doc.nodes("call_expression", within=literal):
            receiver, method = method_call(doc, call)
            if method in FATAL and typed(doc, receiver, TESTING, "T", "B", "F", "TB"):
                name = doc.text_of(receiver)
                yield Finding(
                    doc.span(field_of(field_of(call, "function"), "field")),
                    f"{name}.{method} in a goroutine only ends that goroutine, not the test, which goes on running; report with {name}.Error and return, or signal the test's goroutine",
                )
