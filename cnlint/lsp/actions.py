"""Suppression edits for the 'suppress' code actions, and the rule a hover
points at.

A suppression comment is written, above the reported line and indented like
it, by the comment syntax the artifact's package declares (its KIND's
`comments`, cnlint/suppressions.py). The edit is checked by parsing the
edited text: the comment must become a suppression covering the line, the
file must not gain a parse problem, and its meaning must not change. When it would not (inside a YAML block
scalar, a heredoc or a Go raw string), the comment moves up a line at a
time until it does.
"""

from __future__ import annotations

import re

from cnlint import fixes, kinds, suppressions
from cnlint.diagnostics import Edit, Fix, Span
from cnlint.source import Source
from cnlint.suppressions import CommentSyntax

MAX_CLIMB = 60  # lines a suppression may move up before we give up
_DIRECTIVE = re.compile(r"^\s*#\s*(syntax|escape|check)\s*=", re.IGNORECASE)
_WORD = re.compile(r"[A-Za-z0-9_.-]+")


def _newline(text: str) -> str:
    return "\r\n" if "\r\n" in text else "\n"


def _edit_at(syntax: CommentSyntax, source: Source, target: int, code: str, file_level: bool) -> tuple[Edit, bool]:
    """The edit that suppresses `code` with a comment above line `target`;
    True when it inserts a line."""
    above = source.line(target - 1) if target > 1 else None
    if above is not None:
        extended = syntax.appended(above, code, file_level)
        if extended is not None:
            return Edit(Span(target - 1, 1, target - 1, len(above) + 1), extended), False
    line = source.line(target)
    indent = "" if file_level else line[: len(line) - len(line.lstrip())]
    comment = syntax.comment((code,), file_level)
    if target > source.line_count or (target == source.line_count and not line and not source.text.endswith("\n")):
        return Edit(Span.point(target, len(line) + 1), _newline(source.text) + comment), True
    return Edit(Span.point(target), indent + comment + _newline(source.text)), True


def _meaning(kind: str, artifact):
    """What a comment must not change: instructions, YAML data, Go tokens."""
    if kind == "dockerfile":
        return [(i.keyword, i.value, [h.body for h in i.heredocs]) for i in artifact.instructions]
    if kind == "yaml":  # the data as the manifest loader reads it, document by document
        from cnlint.kubernetes import loader, model

        try:
            return [loader.load(doc.text)[0] for doc in model.split_documents(artifact.source)]
        except Exception:
            return None
    tokens, stack = [], [artifact.tree.root_node]
    while stack:
        node = stack.pop()
        if node.type == "comment":
            continue
        if node.child_count == 0:
            tokens.append((node.type, node.text))
        stack.extend(reversed(node.children))
    return tokens


def _works(kind, path, text, edit, settings, code, line, file_level, original) -> bool:
    new_text, applied = fixes.apply(text, [Fix((edit,), "")])
    if not applied:
        return False
    try:
        artifact = kinds.parse(kind, path, new_text, settings)
        if artifact is None or len(artifact.parse_problems()) > len(original.parse_problems()):
            return False
        if _meaning(kind, artifact) != _meaning(kind, original):
            return False
    except Exception:
        return False
    wanted = code.lower()
    for s in artifact.suppressions:
        if s.native and s.file_level == file_level and s.covers(line) and wanted in (c.lower() for c in s.codes):
            return True
    return False


def suppression_edit(kind: str, path: str, text: str, settings, code: str, line: int, file_level: bool) -> Edit | None:
    """An edit that suppresses `code` on `line` (or in the whole file), or
    None when no comment placement provably does."""
    try:
        original = kinds.parse(kind, path, text, settings)
    except Exception:
        return None
    if original is None:
        return None
    syntax = kinds.for_file_kind(kind).comments
    source = Source(text)
    if file_level:
        first = 1
        if kind == "dockerfile":
            while first <= source.line_count and _DIRECTIVE.match(source.line(first)):
                first += 1
        candidates = range(first, min(first + MAX_CLIMB, source.line_count + 1) + 1)
    else:
        candidates = range(line, max(line - MAX_CLIMB, 0), -1)
    edits = [_edit_at(syntax, source, target, code, file_level) for target in candidates]
    if file_level:  # extend a file-level comment the file already has
        for number in range(1, source.line_count + 1):
            extended = syntax.appended(source.line(number), code, True)
            if extended is not None:
                edits.insert(0, (Edit(source.line_span(number), extended), False))
                break
    for edit, inserted in edits:
        covered = line + 1 if inserted and edit.span.line <= line else line
        if _works(kind, path, text, edit, settings, code, covered, file_level, original):
            return edit
    return None


def word_at(line_text: str, column: int) -> tuple[str, int, int] | None:
    """The code-like word around 1-based `column`: (word, start, end) with
    1-based start and exclusive end columns."""
    for m in _WORD.finditer(line_text):
        if m.start() + 1 <= column <= m.end() + 1:
            return m.group(), m.start() + 1, m.end() + 1
    return None


def in_suppression_comment(line_text: str, start: int) -> bool:
    """Whether the word starting at 1-based `start` sits in a suppression comment."""
    return suppressions.names_rules(line_text[: start - 1])
