"""Derived contexts: the cancel function of context.WithCancel, WithTimeout
and WithDeadline discarded or never called."""

from __future__ import annotations

from cnlint.checks import Checks
from cnlint.diagnostics import Finding
from cnlint.golang.model import enclosing_function
from cnlint.golang.scope import same
from cnlint.golang.syntax import children, field_of, imports

checks = Checks()


CONTEXT_WITH = ("WithCancel", "WithTimeout", "WithDeadline", "WithCancelCause", "WithTimeoutCause", "WithDeadlineCause")


# ---- GO012 context cancel function lost -------------------------------------------


@checks.rule("GO012")
def context_cancel_lost(doc, ctx):
    if not imports(doc, "context"):
        return
    for call in doc.calls_to("context", *CONTEXT_WITH):
        function = field_of(call, "function")
        statement = call.parent.parent if call.parent is not None else None
        if statement is None or statement.type not in ("short_var_declaration", "assignment_statement", "var_spec"):
            continue
        left = statement.children_by_field_name("name") if statement.type == "var_spec" else children(field_of(statement, "left"))
        if len(left) != 2 or left[1].type != "identifier":
            continue
        cancel = left[1]
        what = doc.text_of(field_of(function, "field") if function.type == "selector_expression" else function)
        if doc.text_of(cancel) == "_":
            yield Finding(doc.span(cancel), f"the cancel function of context.{what} is discarded, so the context and its timer live until the parent is cancelled; call it, usually with defer")
            continue
        decl = doc.scopes.resolve(cancel)
        owner = enclosing_function(statement)
        if decl is None or decl.kind not in ("local",) or owner is None or not same(decl.node, cancel):
            continue
        if not doc.scopes.references(decl, owner):
            yield Finding(
                doc.span(cancel),
                f"{decl.name}, the cancel function of context.{what}, is never called, "
                f"so the context and its timer live until the parent is cancelled; defer {decl.name}()",
            )
