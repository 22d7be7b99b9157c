"""Hover: a rule's documentation over its diagnostic, or over its code in a
suppression comment."""

from __future__ import annotations

from lsprotocol import types

from cnlint.diagnostics import Span
from cnlint.docs import explain
from cnlint.lsp import actions, convert
from cnlint.lsp.code_actions import overlaps
from cnlint.lsp.session import Session


def hover(session: Session, uri: str, position: types.Position, encoding: str) -> types.Hover | None:
    linted = session.current(uri)
    if linted is None:
        return None
    line, column = convert.from_position(linted.source, position, encoding)
    catalogue = session.engine.catalogue
    text = linted.source.line(line)
    word = actions.word_at(text, column)
    if word and actions.in_suppression_comment(text, word[1]):
        rule = catalogue.get(word[0])
        if rule is not None:
            span_range = convert.to_range(linted.source, Span(line, word[1], line, word[2]), encoding)
            return types.Hover(contents=types.MarkupContent(kind=types.MarkupKind.Markdown, value=explain(rule)), range=span_range)
    here = types.Range(start=position, end=position)
    rules = []
    for d in linted.diagnostics:
        if overlaps(convert.to_range(linted.source, d.span, encoding), here):
            rule = catalogue.by_code.get(d.code)
            if rule is not None and rule not in rules:
                rules.append(rule)
    if not rules:
        return None
    return types.Hover(contents=types.MarkupContent(kind=types.MarkupKind.Markdown, value="\n---\n\n".join(explain(r) for r in rules)))
