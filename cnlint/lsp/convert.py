"""cnlint positions and diagnostics as LSP values, and back.

cnlint counts 1-based lines and 1-based columns in characters (code
points); LSP counts 0-based lines and 0-based columns in the negotiated
position encoding: UTF-16 code units unless the client offered utf-8 or
utf-32.
"""

from __future__ import annotations

from lsprotocol import types

from cnlint.diagnostics import Diagnostic, Edit, Span
from cnlint.source import Source

UTF8, UTF16, UTF32 = "utf-8", "utf-16", "utf-32"

SEVERITY = {
    "error": types.DiagnosticSeverity.Error,
    "warning": types.DiagnosticSeverity.Warning,
    "info": types.DiagnosticSeverity.Information,
}


def units(text: str, encoding: str) -> int:
    """Length of `text` in the code units of `encoding`."""
    if encoding == UTF32 or text.isascii():
        return len(text)
    if encoding == UTF8:
        return len(text.encode("utf-8"))
    return len(text) + sum(1 for c in text if ord(c) > 0xFFFF)


def to_position(source: Source, line: int, column: int, encoding: str) -> types.Position:
    """LSP position of a 1-based (line, column); past the end clamps to it."""
    if line > source.line_count:
        line = source.line_count
        column = len(source.line(line)) + 1
    text = source.line(line)
    return types.Position(line=max(line, 1) - 1, character=units(text[: max(column, 1) - 1], encoding))


def to_range(source: Source, span: Span, encoding: str) -> types.Range:
    return types.Range(
        start=to_position(source, span.line, span.column, encoding),
        end=to_position(source, span.end_line, span.end_column, encoding),
    )


def from_position(source: Source, position: types.Position, encoding: str) -> tuple[int, int]:
    """1-based (line, column) of an LSP position; a split surrogate pair or
    UTF-8 sequence rounds up to the next character."""
    line = position.line + 1
    text = source.line(line)
    if encoding == UTF32 or text.isascii():
        return line, min(position.character, len(text)) + 1
    count = 0
    for index, char in enumerate(text):
        if count >= position.character:
            return line, index + 1
        count += units(char, encoding)
    return line, len(text) + 1


def docs_link(template: str | None, code: str, name: str) -> str | None:
    if not template:
        return None
    return template.replace("{code}", code).replace("{name}", name)


def to_diagnostic(d: Diagnostic, source: Source, encoding: str, docs_url: str | None = None, locate=None) -> types.Diagnostic:
    """`locate(path, span)` gives the Location of a related span in any
    file, or None when that file is unknown."""
    href = docs_link(docs_url, d.code, d.name)
    related = []
    for r in d.related:
        location = locate(r.path, r.span) if locate else None
        if location is not None:
            related.append(types.DiagnosticRelatedInformation(location=location, message=r.message))
    return types.Diagnostic(
        range=to_range(source, d.span, encoding),
        message=d.message,
        severity=SEVERITY.get(d.severity, types.DiagnosticSeverity.Warning),
        code=d.code,
        code_description=types.CodeDescription(href=href) if href else None,
        source="cnlint",
        related_information=related or None,
        tags=[types.DiagnosticTag.Unnecessary] if d.code == "CN002" else None,
    )


def to_text_edit(edit: Edit, source: Source, encoding: str) -> types.TextEdit:
    return types.TextEdit(range=to_range(source, edit.span, encoding), new_text=edit.text)
