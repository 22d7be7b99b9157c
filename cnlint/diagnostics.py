"""The one Diagnostic type every stage after the rules speaks.

Positions are 1-based lines and 1-based columns counted in characters, as
editors show them; an end column points just past the last character (as in
SARIF). Parsers convert to this convention in one place: `Source`.
"""

from __future__ import annotations

from typing import NamedTuple

SEVERITIES = ("info", "warning", "error")


def severity_rank(severity: str) -> int:
    return SEVERITIES.index(severity)


# Findings, diagnostics and what they are made of are named tuples:
# immutable, hashable and ordered as their fields are; `_replace` makes a
# changed copy. (Why not dataclasses: README, Development.)
class Span(NamedTuple):
    line: int
    column: int
    end_line: int
    end_column: int

    @classmethod
    def point(cls, line: int, column: int = 1) -> "Span":
        return cls(line, column, line, column)


class Edit(NamedTuple):
    """Replace the text at `span` with `text` (an empty span inserts)."""

    span: Span
    text: str


class Fix(NamedTuple):
    edits: tuple[Edit, ...]
    description: str
    # Safe: behaviour cannot change. `--fix` applies only safe fixes.
    safe: bool = True


class Logical(NamedTuple):
    """A Kubernetes object's identity, for SARIF logical locations."""

    kind: str
    name: str
    namespace: str | None = None

    @property
    def qualified(self) -> str:
        ns = f"{self.namespace}/" if self.namespace else ""
        return f"{self.kind}/{ns}{self.name}"


class Related(NamedTuple):
    path: str
    span: Span
    message: str


class Finding(NamedTuple):
    """What a rule yields: where, what, and optionally how to fix it.

    Project (cross-file) rules set `path`; per-artifact rules leave it None.
    """

    span: Span
    message: str
    fix: Fix | None = None
    related: tuple[Related, ...] = ()
    logical: Logical | None = None
    path: str | None = None
    # A foreign tool's code under one rule (SC2086 under the ShellCheck rule);
    # selectors and suppressions can name it on its own.
    subcode: str | None = None


class Diagnostic(NamedTuple):
    code: str
    name: str
    severity: str
    message: str
    path: str
    span: Span
    fix: Fix | None = None
    related: tuple[Related, ...] = ()
    logical: Logical | None = None
    artifact: str | None = None
    subcode: str | None = None
    # What verify saw: the last lines of a build or container log, oldest first
    log: tuple[str, ...] = ()

    @property
    def full_message(self) -> str:
        """The message with its log, for formats that carry one text."""
        return self.message + "".join(f"\n  | {line}" for line in self.log)

    def sort_key(self):
        return (self.path, self.span.line, self.span.column, self.code)

    def to_dict(self) -> dict:
        """The JSON report's shape (schemas/report.schema.json)."""
        out = {
            "code": self.code,
            "name": self.name,
            "severity": self.severity,
            "message": self.message,
            "path": self.path,
            "line": self.span.line,
            "column": self.span.column,
            "end_line": self.span.end_line,
            "end_column": self.span.end_column,
        }
        if self.artifact:
            out["artifact"] = self.artifact
        if self.subcode:
            out["subcode"] = self.subcode
        if self.log:
            out["log"] = list(self.log)
        if self.logical:
            out["object"] = {
                "kind": self.logical.kind,
                "name": self.logical.name,
                "namespace": self.logical.namespace,
            }
        if self.related:
            out["related"] = [
                {"path": r.path, "line": r.span.line, "column": r.span.column, "message": r.message}
                for r in self.related
            ]
        if self.fix:
            out["fix"] = {
                "description": self.fix.description,
                "safe": self.fix.safe,
                "edits": [
                    {
                        "line": e.span.line,
                        "column": e.span.column,
                        "end_line": e.span.end_line,
                        "end_column": e.span.end_column,
                        "text": e.text,
                    }
                    for e in self.fix.edits
                ],
            }
        return out
