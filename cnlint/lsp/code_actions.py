"""Code actions: a rule's fix, "suppress on this line / in this file", and
the fix-all source action."""

from __future__ import annotations

from lsprotocol import types

from cnlint.lsp import actions, convert
from cnlint.lsp.session import Linted, Session

FIX_ALL = "source.fixAll.cnlint"


def overlaps(a: types.Range, b: types.Range) -> bool:
    def start(p):
        return (p.line, p.character)

    return start(a.start) <= start(b.end) and start(b.start) <= start(a.end)


def _wanted(kind: str, only) -> bool:
    return not only or any(kind == o or kind.startswith(o + ".") for o in only)


def code_actions(session: Session, uri: str, params: types.CodeActionParams, encoding: str) -> list[types.CodeAction] | None:
    linted = session.current(uri)
    if linted is None:
        return None
    only = params.context.only
    out: list[types.CodeAction] = []
    if _wanted(types.CodeActionKind.QuickFix, only):
        out.extend(_quick_fixes(session, uri, linted, params.range, encoding))
    if _wanted(FIX_ALL, only) and any(d.fix and d.fix.safe for d in linted.diagnostics):
        new_text = fix_all(session, linted)
        if new_text is not None and new_text != linted.source.text:
            whole = types.Range(
                start=types.Position(line=0, character=0),
                end=convert.to_position(linted.source, linted.source.line_count + 1, 1, encoding),
            )
            out.append(types.CodeAction(
                title="Fix all safely fixable cnlint problems",
                kind=FIX_ALL,
                edit=types.WorkspaceEdit(changes={uri: [types.TextEdit(range=whole, new_text=new_text)]}),
            ))
    return out or None


def _quick_fixes(session: Session, uri: str, linted: Linted, wanted_range: types.Range, encoding: str):
    docs_url = session.docs_url(linted.path)
    catalogue = session.engine.catalogue
    unsuppressible = {r.code for r in catalogue if "engine" in r.tags}

    def edit_for(edits) -> types.WorkspaceEdit:
        return types.WorkspaceEdit(changes={uri: [convert.to_text_edit(e, linted.source, encoding) for e in edits]})

    suppressed = set()
    for d in linted.diagnostics:
        diag = convert.to_diagnostic(d, linted.source, encoding, docs_url)
        if not overlaps(diag.range, wanted_range):
            continue
        if d.fix is not None:
            yield types.CodeAction(
                title=f"{d.fix.description} ({d.code})" + ("" if d.fix.safe else " [unsafe]"),
                kind=types.CodeActionKind.QuickFix,
                diagnostics=[diag],
                edit=edit_for(d.fix.edits),
                is_preferred=d.fix.safe,
            )
        if d.code in unsuppressible:
            continue
        for file_level in (False, True):
            key = (d.code, file_level, None if file_level else d.span.line)
            if key in suppressed:
                continue
            suppressed.add(key)
            resolver = session.engine.resolver
            edit = actions.suppression_edit(
                session.index.kind(linted.path, resolver), session.index.display(linted.path), linted.source.text,
                resolver.for_path(linted.path), d.code, d.span.line, file_level,
            )
            if edit is None:
                continue
            where = "in this file" if file_level else "on this line"
            yield types.CodeAction(title=f"Suppress {d.code} {where}", kind=types.CodeActionKind.QuickFix, diagnostics=[diag], edit=edit_for([edit]))


def fix_all(session: Session, linted: Linted) -> str | None:
    engine = session.engine
    display = session.index.display(linted.path)
    try:
        result = engine.fix(session.index.inputs([(linted.path, session.index.kind(linted.path, engine.resolver))], engine.resolver))
    except Exception as exc:
        session.client.log(f"cnlint: fixing {display} failed: {type(exc).__name__}: {exc}", "error")
        return None
    change = result.changes.get(display)
    return change[1] if change else None
