"""An artifact: one file's located model, what every parser returns.

A parser module (named in its package's declaration, cnlint/kinds.py)
exposes `parse(path, text, settings) -> Artifact | None` (None: the file is
not of this kind after all, e.g. YAML that is not Kubernetes). Parser
modules are imported only when a file of their kind is linted, so a
Dockerfile run never loads the YAML or Go stacks.
"""

from __future__ import annotations

from pathlib import Path

from cnlint.config import Settings
from cnlint.diagnostics import Finding, Span
from cnlint.source import Source
from cnlint.suppressions import Suppression


class Artifact:
    """Compared by identity, as are the artifacts of each kind."""

    def __init__(self, kind: str, path: str, source: Source, settings: Settings):
        self.kind = kind  # dockerfile | kubernetes | go
        self.path = path
        self.source = source
        self.settings = settings
        # Parse problems, reported as CN001 at their position.
        self.problems: list[Finding] = []
        self.suppressions: list[Suppression] = []
        # Where the file is (set by the engine once parsed): linking artifacts
        # by their place, such as a Go file to the go.mod above it, needs it.
        self.absolute: Path | None = None

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.path!r})"

    @property
    def text(self) -> str:
        return self.source.text

    def problem(self, span: Span, message: str) -> None:
        self.problems.append(Finding(span, message))

    def parse_problems(self) -> list[Finding]:
        """What its parse found wrong. A parser may leave part of its work
        to the first rule that needs it (Go's tree); this finishes it."""
        return self.problems
