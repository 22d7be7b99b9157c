"""Dropping what the user silenced: per-file-ignores, ignored sub-codes and
suppression comments or annotations; then CN002 for each suppression of
cnlint's own grammar that silenced nothing.

Matching never changes an artifact: which suppressions were used is kept
here, per run.
"""

from __future__ import annotations

from pathlib import Path

from cnlint import globs
from cnlint.artifact import Artifact
from cnlint.config import Resolver, Settings
from cnlint.diagnostics import Diagnostic, Edit, Fix, Span
from cnlint.engine.runner import Runner
from cnlint.engine.selection import Selection
from cnlint.suppressions import Suppression


class Suppressor:
    def __init__(self, selection: Selection, runner: Runner, resolver: Resolver, root: Path):
        self.selection = selection
        self.runner = runner
        self.resolver = resolver
        self.root = root
        # verify's findings are made after the lint: a suppression of one is never unused to the lint
        self._verify_codes = frozenset(r.code for r in selection.catalogue if r.artifact == "verify")

    def filter(self, diagnostics: list[Diagnostic], parsed: list[Artifact]) -> list[Diagnostic]:
        by_path = {a.path: a for a in parsed}
        used: dict[int, set[str]] = {}  # id of a Suppression -> codes it silenced
        lines: dict[str, _Lines] = {}  # path -> its suppressions by line
        kept = []
        for d in diagnostics:
            artifact = by_path.get(d.path)
            settings = artifact.settings if artifact else self.resolver.for_path(self._absolute(d.path))
            if d.code not in self.selection.enabled(settings) or self._ignored_for_file(d, settings):
                continue
            if d.subcode and any(self.selection.hits(d.code, d.subcode, s) for s in settings.ignore):
                continue
            if artifact and self._suppressed(d, artifact, used, _lines_of(artifact, lines)):
                continue
            kept.append(d)
        for artifact in parsed:
            if "CN002" in self.selection.enabled(artifact.settings):
                for d in self._unused(artifact, used):
                    if not self._ignored_for_file(d, artifact.settings) and not self._suppressed(d, artifact, None, _lines_of(artifact, lines)):
                        kept.append(d)
        kept.sort(key=Diagnostic.sort_key)
        return kept

    def silenced(self, d: Diagnostic, artifact: Artifact) -> bool:
        """Whether a diagnostic made after the lint (verify's) is silenced
        by a suppression comment, a per-file-ignore or an ignored code."""
        settings = artifact.settings
        return d.code not in self.selection.enabled(settings) or self._ignored_for_file(d, settings) or self._suppressed(d, artifact, None)

    def _absolute(self, path: str) -> Path:
        return Path(path) if Path(path).is_absolute() else self.root / path

    def _ignored_for_file(self, d: Diagnostic, settings: Settings) -> bool:
        if not settings.per_file_ignores:
            return False
        try:
            rel = self._absolute(d.path).relative_to(settings.root).as_posix()
        except ValueError:
            rel = Path(d.path).as_posix()
        for pattern, selectors in settings.per_file_ignores:
            if globs.matches(pattern, rel) and any(self.selection.hits(d.code, d.subcode, s) for s in selectors):
                return True
        return False

    def _suppressed(self, d: Diagnostic, artifact: Artifact, used: dict | None, lines: _Lines | None = None) -> bool:
        hit = False
        for s in lines.covering(d.span.line) if lines is not None else artifact.suppressions:
            if not s.covers(d.span.line):
                continue
            if not s.codes or any(self.selection.hits(d.code, d.subcode, c) for c in s.codes):
                hit = True
                if used is not None:
                    used.setdefault(id(s), set()).add(d.code)
        return hit

    def _unused(self, artifact: Artifact, used: dict[int, set[str]]) -> list[Diagnostic]:
        enabled = self.selection.enabled(artifact.settings)
        catalogue = self.selection.catalogue
        out = []
        for s in artifact.suppressions:
            if not s.native:
                # A hadolint, kube-linter or staticcheck pragma may still be
                # needed by that tool, whose rules fire where cnlint's do not.
                continue
            silenced = used.get(id(s), set())
            if not s.codes:
                if not silenced:
                    out.append(self._unused_diagnostic(artifact, s, "suppression matches no diagnostic", whole=True))
                continue
            problems = []
            for sel in s.codes:
                matched = catalogue.matching(sel)
                if not matched:
                    problems.append(f"{sel} is not a known rule")
                elif not (matched & silenced) and matched & enabled == matched and not matched <= self._verify_codes:
                    problems.append(f"{sel} matches no diagnostic")
            if problems:
                whole = len(problems) == len(s.codes)
                out.append(self._unused_diagnostic(artifact, s, "unused suppression: " + "; ".join(problems), whole))
        return out

    def _unused_diagnostic(self, artifact: Artifact, s: Suppression, message: str, whole: bool) -> Diagnostic:
        fix = None
        if whole and s.own_line:
            source, line = artifact.source, s.span.line
            if line < source.line_count:
                end = (line + 1, 1)
            else:
                end = (line, len(source.line(line)) + 1)
            fix = Fix((Edit(Span(line, 1, *end), ""),), "Remove the unused suppression comment")
        return self.runner.engine_diagnostic("CN002", message, artifact.path, s.span, artifact.settings, fix)


class _Lines:
    """A file's suppressions by the lines they cover: a diagnostic is held
    up against those of its line, not all of the file's (a file of 8,000
    suppressions took 11 s). Suppressions that cover the same lines are
    entered as one group, so a run of comments above a long block costs
    the block once."""

    def __init__(self, suppressions: list[Suppression]):
        self.everywhere = [s for s in suppressions if s.file_level]
        ranges: dict[tuple[int, int], list[Suppression]] = {}
        for s in suppressions:
            if not s.file_level:
                ranges.setdefault((s.first_line, s.last_line), []).append(s)
        self.by_line: dict[int, list[list[Suppression]]] = {}
        for (first, last), group in ranges.items():
            for line in range(first, last + 1):
                self.by_line.setdefault(line, []).append(group)

    def covering(self, line: int):
        yield from self.everywhere
        for group in self.by_line.get(line, ()):
            yield from group


def _lines_of(artifact: Artifact, known: dict[str, _Lines]) -> _Lines:
    found = known.get(artifact.path)
    if found is None:
        found = known[artifact.path] = _Lines(artifact.suppressions)
    return found
