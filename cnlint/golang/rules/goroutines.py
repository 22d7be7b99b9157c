"""What a goroutine does that its starter relies on: the WaitGroup that
counts it (Add inside it, Done skipped by a return), and t.Fatal called
from it in a test. Types come from the scope resolver; where the syntax
cannot prove a type, the rule says nothing."""

from __future__ import annotations

from cnlint.checks import Checks
from cnlint.diagnostics import Finding
from cnlint.golang.analysis import Analysis
from cnlint.golang.calls import TEST_STOPS, is_testing
from cnlint.golang.index import per_package
from cnlint.golang.syntax import TESTING, field_of, launched_literal, line_of, method_call, own_nodes, package_imports, typed, within
from cnlint.patterns import lazy

checks = Checks()


SYNC = "sync"


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


@checks.rule("GO006")
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


@checks.rule("GO007")
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

_HELPER_DEPTH = 3  # package functions followed below the one the goroutine runs
_STOPS = lazy(rb"\.(?:Fatal|Fatalf|FailNow|Skip|Skipf|SkipNow)\(")


@checks.rule("GO011")
@per_package
def test_fatal_in_goroutine(doc, ctx):
    if not package_imports(doc, TESTING):
        return
    calls = ctx.project.view(Analysis).of(doc).calls
    for statement in doc.nodes("go_statement"):
        call = statement.named_child(0) if statement.named_child_count else None
        if call is None or call.type != "call_expression":
            continue
        function = field_of(call, "function")
        if function is not None and function.type == "func_literal":
            # In the goroutine's own code: at the call, or at the helper call.
            for inner in calls.calls_in(doc, function):
                if _stops_test(calls, doc, inner):
                    yield _stop_finding(doc, inner)
                    continue
                trail = _helper_trail(calls, doc, inner, _HELPER_DEPTH, function)
                if trail:
                    yield _helper_finding(doc, trail)
        elif _stops_test(calls, doc, call):
            yield _stop_finding(doc, call)
        else:
            trail = _helper_trail(calls, doc, call, _HELPER_DEPTH + 1)
            if trail:
                yield _helper_finding(doc, trail)


def _helper_trail(calls, doc, call, depth, looked_at=None):
    """[(file, call), ...] from a call of a package function down to the
    call that stops the test, or None. A literal inside `looked_at` (the
    goroutine's own literal) is part of the code already looked at."""
    function = field_of(call, "function")
    name = doc.text_of(field_of(function, "field") if function is not None and function.type == "selector_expression" else function)
    if not calls.may_reach(name, "test-stop", _STOPS):
        return None
    target = calls.callee(doc, call)
    if target is None or looked_at is not None and target[0] is doc and within(target[1], looked_at):
        return None
    below = calls.find(*target, lambda d, c: _stops_test(calls, d, c), "test-stop", depth)
    return [(doc, call), *below] if below else None


def _stops_test(calls, doc, call) -> bool:
    """`x.Fatal(...)` (FailNow, Skip...) on a *testing.T, B, F or testing.TB."""
    receiver, method = method_call(doc, call)
    return method in TEST_STOPS and is_testing(calls.types.type_of(doc, receiver))


def _stop_finding(doc, call) -> Finding:
    receiver, method = method_call(doc, call)
    name = doc.text_of(receiver)
    return Finding(
        doc.span(field_of(field_of(call, "function"), "field")),
        f"{name}.{method} in a goroutine only ends that goroutine, not the test, which goes on running; report with {name}.Error and return, or signal the test's goroutine",
    )


def _helper_finding(doc, trail) -> Finding:
    """At a call of a helper that stops the test some levels down."""
    call = trail[0][1]
    where, stop = trail[-1]
    receiver, method = method_call(where, stop)
    helper = doc.text_of(field_of(call, "function"))
    through = " through " + ", ".join(d.text_of(field_of(c, "function")) for d, c in trail[1:-1]) if len(trail) > 2 else ""
    line = f" on line {line_of(stop)}" if where is doc else ""
    return Finding(
        doc.span(field_of(call, "function")),
        f"{helper} calls {where.text_of(receiver)}.{method}{line}{through}, which in a goroutine only ends that goroutine, not the test, which goes on running; "
        f"have {helper} report with Error and return, or call it from the test's goroutine",
    )
