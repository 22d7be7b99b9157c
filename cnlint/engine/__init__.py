"""The pipeline: inputs → artifacts → project → rules → filtered diagnostics.

`Engine.lint(inputs)` is the library entry point: the CLI feeds it files from
disk, the editor its buffers; both get the same diagnostics. Each job has its
own module: reading inputs (inputs.py), which rules run at which severity
(selection.py), running them (runner.py), suppressions and CN002
(suppressing.py) and the fix loop (fixing.py). The engine never looks at the
process's working directory: paths are relative to `root`.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path

from cnlint import kinds
from cnlint.artifact import Artifact
from cnlint.config import Resolver, Settings
from cnlint.diagnostics import Diagnostic, Span
from cnlint.discovery import classify, discover
from cnlint.engine.fixing import fix_loop
from cnlint.engine.inputs import MAX_BYTES, Decoded, Input, decode, governing, read, read_limited, read_text, unencodable
from cnlint.engine.runner import Runner
from cnlint.engine.selection import Selection
from cnlint.engine.suppressing import Suppressor
from cnlint.project import Project
from cnlint.registry import Catalogue, load_catalogue
from cnlint.source import Source

__all__ = ["MAX_BYTES", "Decoded", "Engine", "Input", "Result", "decode", "read", "read_limited", "read_text"]


@dataclass
class Result:
    diagnostics: list[Diagnostic]
    sources: dict[str, Source] = field(default_factory=dict)
    files: int = 0  # artifacts linted
    # path -> (original text, fixed text) for files a fix changed
    changes: dict[str, tuple[str, str]] = field(default_factory=dict)
    project: Project | None = None  # what was linted, for what runs after the rules (verify)


class Engine:
    def __init__(self, resolver: Resolver | None = None, catalogue: Catalogue | None = None, skip=frozenset(), only=None, root: Path | None = None):
        self.resolver = resolver or Resolver()
        self.catalogue = catalogue or load_catalogue()
        self.root = Path(root) if root is not None else self.resolver.root
        self.selection = Selection(self.catalogue, skip, only)
        self.runner = Runner(self.catalogue, self.selection)
        self.suppressor = Suppressor(self.selection, self.runner, self.resolver, self.root)

    @property
    def only(self) -> frozenset[str] | None:
        return self.selection.only

    def enabled(self, settings: Settings) -> frozenset[str]:
        return self.selection.enabled(settings)

    def absolute(self, path: str) -> Path:
        return Path(path) if Path(path).is_absolute() else self.root / path

    # ---- entry points -------------------------------------------------

    def lint_paths(self, paths: list[str]) -> Result:
        return self.lint([read(ref) for ref in discover(paths, self.resolver)])

    def lint_text(self, text: str, path: str, absolute: Path | None = None) -> Result:
        """Lint in-memory text as if it were the file `path` (stdin, editors)."""
        absolute = absolute or self.absolute(path)
        kind = classify(Path(path).name, self.resolver.for_path(absolute))
        if kind is None:
            return Result([])
        return self.lint([Input(path, kind, text=text, absolute=absolute)])

    def lint(self, inputs: list[Input]) -> Result:
        inputs = [i if i.absolute else replace(i, absolute=self.absolute(i.path)) for i in inputs]
        inputs += governing(inputs, self.root)
        context = frozenset(i.path for i in inputs if i.context)
        diagnostics, parsed = self._parse_all(inputs)
        project = Project(parsed, self.resolver.for_dir(self.root), context)
        kinds.link(project)
        for artifact in parsed:
            if artifact.path not in context:
                diagnostics.extend(self.runner.artifact_rules(artifact, project))
        diagnostics.extend(self.runner.project_rules(project))
        reported = [a for a in parsed if a.path not in context]
        diagnostics = [d for d in diagnostics if d.path not in context]
        return Result(self.suppressor.filter(diagnostics, reported), {a.path: a.source for a in reported}, len(reported), project=project)

    def fix(self, inputs: list[Input], unsafe: bool = False) -> Result:
        """Lint, apply fixes, and lint again until nothing more applies."""
        return fix_loop(self.lint, inputs, unsafe)

    def parse(self, inp: Input, settings: Settings) -> Artifact | None:
        """One input's artifact (the editor reuses unchanged context files')."""
        return kinds.parse(inp.kind, inp.path, inp.text, settings)

    def _parse_all(self, inputs: list[Input]) -> tuple[list[Diagnostic], list[Artifact]]:
        diagnostics: list[Diagnostic] = []
        parsed: list[Artifact] = []
        for inp in inputs:
            settings = self.resolver.for_path(inp.absolute)
            if inp.text is None:
                diagnostics.append(self.runner.engine_diagnostic("CN001", inp.error or "cannot read file", inp.path, inp.error_span or Span.point(1), settings))
                continue
            surrogate = unencodable(inp.text)
            if surrogate is not None:  # text from an editor or a library caller, not from a file
                diagnostics.append(self.runner.engine_diagnostic("CN001", surrogate.error, inp.path, surrogate.span, settings))
                continue
            try:
                artifact = self.parse(inp, settings)
            except Exception as exc:  # a parser bug must not end the run
                diagnostics.append(self.runner.internal(exc, f"parsing {inp.kind}", inp.path, settings))
                continue
            if artifact is None:
                continue
            artifact.absolute = inp.absolute
            parsed.append(artifact)
            for finding in artifact.problems:
                diagnostics.append(self.runner.engine_diagnostic("CN001", finding.message, artifact.path, finding.span, settings))
        return diagnostics, parsed
