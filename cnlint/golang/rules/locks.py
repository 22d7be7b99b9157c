"""Mutexes locked and unlocked: an empty critical section, a deferred Lock
where Unlock was meant, and a return that leaves a lock held."""

from __future__ import annotations

from itertools import pairwise

from cnlint.checks import Checks
from cnlint.diagnostics import Edit, Finding, Fix
from cnlint.golang.model import enclosing_function
from cnlint.golang.syntax import call_of, children, field_of, line_of, method_call, own_nodes

checks = Checks()


UNLOCK_OF = {"Lock": "Unlock", "RLock": "RUnlock"}


# ---- GO002 empty critical section -------------------------------------------------


@checks.rule("GO002")
def empty_critical_section(doc, ctx):
    if b"Unlock" not in doc.data:
        return
    for statements in doc.nodes("statement_list"):
        items = children(statements)
        for first, second in pairwise(items):
            lock, unlock = _plain_method_statement(doc, first), _plain_method_statement(doc, second)
            if lock and unlock and lock[0] == unlock[0] and UNLOCK_OF.get(lock[1]) == unlock[1]:
                receiver, method, call = lock
                yield Finding(
                    doc.span(call),
                    f"empty critical section: {receiver}.{method}() is followed at once by {receiver}.{unlock[1]}()",
                )


def _plain_method_statement(doc, statement):
    """(receiver text, method, call) of a statement `recv.Method()`, else None.

    A receiver containing a call may name a different value each time, so
    it is not compared."""
    if statement.type != "expression_statement":
        return None
    call = statement.named_child(0)
    if call is None or call.type != "call_expression" or children(field_of(call, "arguments")):
        return None
    function = field_of(call, "function")
    if function is None or function.type != "selector_expression":
        return None
    receiver = field_of(function, "operand")
    if receiver is None or _has_call(receiver):
        return None
    return doc.text_of(receiver), doc.text_of(field_of(function, "field")), call


def _has_call(node) -> bool:
    return node.type == "call_expression" or any(_has_call(c) for c in node.named_children)


# ---- GO008 defer Lock right after Lock --------------------------------------------


@checks.rule("GO008")
def deferred_lock_after_lock(doc, ctx):
    if b"defer" not in doc.data:
        return
    for statements in doc.nodes("statement_list"):
        items = children(statements)
        for first, second in pairwise(items):
            call = call_of(first)
            if call is None or second.type != "defer_statement" or not second.named_child_count:
                continue
            deferred = second.named_child(0)
            receiver, method = method_call(doc, call)
            again, method_again = method_call(doc, deferred) if deferred.type == "call_expression" else (None, None)
            if method not in ("Lock", "RLock") or method_again != method or doc.text_of(receiver) != doc.text_of(again):
                continue
            if children(field_of(deferred, "arguments")):
                continue
            unlock = "Unlock" if method == "Lock" else "RUnlock"
            name = doc.text_of(again)
            field = field_of(field_of(deferred, "function"), "field")
            yield Finding(
                doc.span(field),
                f"defer {name}.{method}() right after {name}.{method}() locks again when the function returns, which deadlocks; {unlock} was meant",
                Fix((Edit(doc.span(field), unlock),), f"Defer {name}.{unlock}() instead", safe=False),
            )


# ---- GO009 return with a lock held ------------------------------------------------


@checks.rule("GO009")
def return_with_lock_held(doc, ctx):
    if b"Unlock" not in doc.data:
        return
    for statements in doc.nodes("statement_list"):
        items = children(statements)
        for i, statement in enumerate(items):
            call = call_of(statement)
            receiver, method = method_call(doc, call) if call is not None else (None, None)
            if method not in ("Lock", "RLock") or receiver is None or children(field_of(call, "arguments")):
                continue
            name = doc.text_of(receiver)
            unlock = "Unlock" if method == "Lock" else "RUnlock"
            function = enclosing_function(statement)
            if function is None or not _unlocks(doc, function, name, unlock) or _defers_unlock(doc, function, name, unlock):
                continue  # a function that only locks hands the lock on by design
            for return_ in _returns_while_held(doc, items[i + 1 :], name, unlock):
                yield Finding(
                    doc.span(return_),
                    f"this return leaves {name} locked: {name}.{method}() on line {line_of(statement)} is not followed by {name}.{unlock}() on this path, so the next {method} blocks forever",
                )


def _unlocks(doc, within, name, unlock) -> list:
    """Calls name.unlock() under `within` in its own function."""
    out = []
    for call in own_nodes(doc, ("call_expression",), within):
        receiver, method = method_call(doc, call)
        if method == unlock and doc.text_of(receiver) == name:
            out.append(call)
    return out


def _returns_while_held(doc, following, name, unlock):
    for statement in following:
        if statement.type == "defer_statement" and _defers_unlock(doc, statement, name, unlock):
            return
        if statement.type in ("go_statement", "labeled_statement") or statement.type == "goto_statement":
            return
        unlocks = _unlocks(doc, statement, name, unlock) if statement.type != "defer_statement" else []
        for return_ in own_nodes(doc, ("return_statement",), statement) if statement.type != "defer_statement" else ():
            if not any(_on_path_before(call, return_) for call in unlocks):
                yield return_
        if unlocks or _defers_unlock(doc, statement, name, unlock):
            return


def _defers_unlock(doc, statement, name, unlock) -> bool:
    """Whether `statement` is, or holds in its own function, a defer that unlocks."""
    if statement.type != "defer_statement":
        return any(_defers_unlock(doc, d, name, unlock) for d in own_nodes(doc, ("defer_statement",), statement))
    calls = doc.nodes("call_expression", within=statement)
    return any(method_call(doc, c)[1] == unlock and doc.text_of(method_call(doc, c)[0]) == name for c in calls)


def _on_path_before(call, return_) -> bool:
    """Whether the statement making `call` runs before `return_` on its path:
    it precedes the return in a statement list that holds the return."""
    if call.start_byte >= return_.start_byte:
        return False
    statement = call
    while statement.parent is not None and statement.parent.type != "statement_list":
        statement = statement.parent
    holder = statement.parent
    return holder is not None and holder.start_byte <= return_.start_byte and return_.end_byte <= holder.end_byte
