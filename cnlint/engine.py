"""The pipeline: inputs → artifacts → project → rules → filtered diagnostics.

`Engine.lint(inputs)` is the library entry point: the CLI feeds it files from
disk, the LSP unsaved buffers; both get the same diagnostics.
"""

from __future__ import annotations

import traceback
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path

from cnlint import checks, fixes, kinds
from cnlint.artifact import Artifact
from cnlint.config import ConfigError, Resolver, Settings
from cnlint.diagnostics import Diagnostic, Edit, Finding, Fix, RuleFailure, Span
from cnlint.discovery import FileRef, classify, discover
from cnlint.project import Project
from cnlint.registry import Catalogue, is_subcode, load_catalogue
from cnlint.source import Source

MAX_BYTES = 5 * 1024 * 1024  # larger files are reported, not linted
MAX_FIX_PASSES = 10
ALWAYS_REPORTED = frozenset({"CN001", "CN003"})  # unless ignored by name


@dataclass
class Input:
    """One file to lint: its display path, kind, and text (or why it has none)."""

    path: str
    kind: str  # file kind from discovery: dockerfile | yaml | go
    text: str | None = None
    absolute: Path | None = None
    error: str | None = None
    # Context: parsed so cross-file rules see it, never reported on
    # (the rest of a repository when pre-commit names only changed files).
    context: bool = False


@dataclass
class Result:
    diagnostics: list[Diagnostic]
    sources: dict[str, Source] = field(default_factory=dict)
    files: int = 0  # artifacts linted
    # path -> (original text, fixed text) for files a fix changed
    changes: dict[str, tuple[str, str]] = field(default_factory=dict)


def read(ref: FileRef) -> Input:
    """Read a file once; binary, huge or undecodable files get a reason instead."""
    inp = Input(ref.path, ref.kind, absolute=ref.absolute)
    try:
        size = ref.absolute.stat().st_size
        if size > MAX_BYTES:
            inp.error = f"file is too large to lint ({size / 1048576:.1f} MiB; the limit is {MAX_BYTES // 1048576} MiB)"
            return inp
        data = ref.absolute.read_bytes()
    except OSError as exc:
        inp.error = f"cannot read file: {exc.strerror or exc}"
        return inp
    inp.text, inp.error = decode(data)
    return inp


def decode(data: bytes) -> tuple[str | None, str | None]:
    if b"\0" in data[:8192]:
        return None, "file is binary (it contains NUL bytes), not text"
    try:
        return data.decode("utf-8-sig"), None
    except UnicodeDecodeError as exc:
        return None, f"file is not valid UTF-8 (byte {exc.start} is {data[exc.start]:#04x})"


class Engine:
    def __init__(self, resolver: Resolver | None = None, catalogue: Catalogue | None = None, skip=frozenset(), only=None):
        self.resolver = resolver or Resolver()
        self.catalogue = catalogue or load_catalogue()
        # Narrow every run to fewer rules, whatever the settings enable (the
        # editor runs slow batch rules in a second pass: skip them, then only them).
        self.skip = frozenset(skip)
        self.only = frozenset(only) if only is not None else None
        self._enabled = lru_cache(maxsize=None)(self._compute_enabled)
        self._severity = lru_cache(maxsize=None)(self._compute_severity)

    # ---- entry points -------------------------------------------------

    def lint_paths(self, paths: list[str]) -> Result:
        return self.lint([read(ref) for ref in discover(paths, self.resolver)])

    def lint_text(self, text: str, path: str, absolute: Path | None = None) -> Result:
        """Lint in-memory text as if it were the file `path` (stdin, editors)."""
        absolute = absolute or Path(path).absolute()
        kind = classify(Path(path).name, self.resolver.for_path(absolute))
        if kind is None:
            return Result([])
        return self.lint([Input(path, kind, text=text, absolute=absolute)])

    def lint(self, inputs: list[Input]) -> Result:
        diagnostics: list[Diagnostic] = []
        parsed: list[Artifact] = []
        sources: dict[str, Source] = {}
        context = {i.path for i in inputs if i.context}
        for inp in inputs:
            settings = self.resolver.for_path(inp.absolute or Path(inp.path).absolute())
            if inp.text is None:
                diagnostics.append(self._engine_diag("CN001", inp.error or "cannot read file", inp.path, Span.point(1), settings))
                continue
            try:
                artifact = self.parse(inp, settings)
            except Exception as exc:  # a parser bug must not end the run
                diagnostics.append(self._internal(exc, f"parsing {inp.kind}", inp.path, settings))
                continue
            if artifact is None:
                continue
            parsed.append(artifact)
            sources[artifact.path] = artifact.source
            for finding in artifact.problems:
                diagnostics.append(self._engine_diag("CN001", finding.message, artifact.path, finding.span, settings))

        by_path = {a.path: a for a in parsed}
        project = Project(parsed, self.resolver.for_dir(Path.cwd()), frozenset(context))
        for artifact in parsed:
            if artifact.path not in context:
                diagnostics.extend(self._run_artifact_checks(artifact, project))
        diagnostics.extend(self._run_project_checks(project, by_path))
        if context:
            diagnostics = [d for d in diagnostics if d.path not in context]
            parsed = [a for a in parsed if a.path not in context]
            sources = {p: s for p, s in sources.items() if p not in context}
        return Result(self._filter(diagnostics, parsed), sources, len(parsed))

    def fix(self, inputs: list[Input], unsafe: bool = False) -> Result:
        """Lint, apply fixes, and lint again until nothing more applies."""
        current = {i.path: replace(i) for i in inputs}  # the caller's inputs stay as they were
        original = {i.path: i.text for i in inputs if i.text is not None}
        result = self.lint(list(current.values()))
        for _ in range(MAX_FIX_PASSES):
            wanted: dict[str, list[Fix]] = {}
            for d in result.diagnostics:
                if d.fix and (d.fix.safe or unsafe) and d.path in current:
                    wanted.setdefault(d.path, []).append(d.fix)
            progress = False
            for path, path_fixes in wanted.items():
                inp = current[path]
                new_text, applied = fixes.apply(inp.text, path_fixes)
                if applied and new_text != inp.text:
                    inp.text = new_text
                    progress = True
            if not progress:
                break
            result = self.lint(list(current.values()))
        result.changes = {
            p: (original[p], current[p].text) for p in original if current[p].text != original[p]
        }
        return result

    def parse(self, inp: Input, settings: Settings) -> Artifact | None:
        """One input's artifact (the LSP server reuses unchanged context files')."""
        return kinds.parse(inp.kind, inp.path, inp.text, settings)

    # ---- rules ----------------------------------------------------------

    def enabled(self, settings: Settings) -> frozenset[str]:
        return self._enabled(settings)

    def _compute_enabled(self, settings: Settings) -> frozenset[str]:
        cat = self.catalogue
        if settings.select is None:
            codes = set(cat.default_codes)
        else:
            codes = self._expand("select", settings.select, settings)
        codes |= self._expand("extend-select", settings.extend_select, settings)
        # A file that could not be read or a rule that failed is reported
        # whatever is selected, or the user would take silence for a pass.
        codes |= ALWAYS_REPORTED
        # ignoring a sub-code (SC2086) drops those findings in _filter, not the rule
        codes -= self._expand("ignore", [s for s in settings.ignore if not is_subcode(s)], settings)
        self._expand("ignore", [s for s in settings.ignore if is_subcode(s)], settings)
        # Selectors used elsewhere are checked here too, so a typo anywhere
        # in a config is an error before any file is linted.
        for pattern, selectors in settings.per_file_ignores:
            self._expand(f"per-file-ignores.{pattern}", selectors, settings)
        self._expand("severity", [sel for sel, _ in settings.severity], settings)
        if self.only is not None:
            codes &= self.only
        return frozenset(codes - self.skip)

    def _expand(self, key: str, selectors, settings: Settings) -> set[str]:
        out: set[str] = set()
        for sel in selectors:
            found = self.catalogue.matching(sel)
            if not found:
                where = f"{settings.origin}: " if settings.origin else ""
                raise ConfigError(f"{where}{key}: unknown rule or selector {sel!r}")
            out |= found
        return out

    def _compute_severity(self, settings: Settings, code: str) -> str:
        for selector, severity in reversed(settings.severity):
            if code in self.catalogue.matching(selector):
                return severity
        rule = self.catalogue.by_code.get(code)
        return rule.severity if rule else "error"

    def _run_artifact_checks(self, artifact: Artifact, project: Project) -> list[Diagnostic]:
        table = checks.per_artifact(artifact.kind)
        enabled = self.enabled(artifact.settings)
        out = []
        for code, check in table.items():
            if code in enabled:
                out.extend(self._call(check, artifact, code, artifact.settings, artifact.path, project))
        return out

    def _run_project_checks(self, project: Project, by_path: dict[str, Artifact]) -> list[Diagnostic]:
        parsed = project.artifacts
        if not parsed:
            return []
        out = []
        for rule in checks.project_rules(project.kinds):
            code, check = rule.code, rule.check
            if any(code in self.enabled(a.settings) for a in parsed):
                for d in self._call(check, project, code, project.settings, None, project):
                    owner = by_path.get(d.path)
                    if owner is None or code in self.enabled(owner.settings):
                        # The file's own config sets the severity, as for per-file rules.
                        out.append(replace(d, severity=self._severity(owner.settings, d.code)) if owner else d)
        return out

    def _call(self, check, subject, code: str, settings: Settings, path: str | None, project: Project) -> list[Diagnostic]:
        rule = self.catalogue.by_code[code]
        ctx = checks.Context(settings, code, project)
        out = []
        try:
            for f in check(subject, ctx):
                if isinstance(f, RuleFailure):
                    out.append(self._internal(f.error, f"rule {code}", f.path, settings))
                else:
                    out.append(self._diag(rule.code, f, f.path or path, settings))
        except Exception as exc:
            return [self._internal(exc, f"rule {code}", path or "<project>", settings)]
        return out

    def _diag(self, code: str, finding: Finding, path: str, settings: Settings) -> Diagnostic:
        rule = self.catalogue.by_code[code]
        return Diagnostic(
            code=code,
            name=rule.name,
            severity=self._severity(settings, code),
            message=finding.message,
            path=path,
            span=finding.span,
            fix=finding.fix,
            related=finding.related,
            logical=finding.logical,
            artifact=rule.artifact,
            subcode=finding.subcode,
        )

    def _engine_diag(self, code: str, message: str, path: str, span: Span, settings: Settings, fix: Fix | None = None) -> Diagnostic:
        return self._diag(code, Finding(span, message, fix), path, settings)

    def _internal(self, exc: Exception, what: str, path: str, settings: Settings) -> Diagnostic:
        frame = traceback.extract_tb(exc.__traceback__)[-1] if exc.__traceback__ else None
        where = f" at {Path(frame.filename).name}:{frame.lineno}" if frame else ""
        message = f"internal error in {what}: {type(exc).__name__}: {exc}{where}; please report this"
        return self._engine_diag("CN003", message, path, Span.point(1), settings)

    # ---- filter ---------------------------------------------------------

    def _filter(self, diagnostics: list[Diagnostic], parsed: list[Artifact]) -> list[Diagnostic]:
        artifacts_by_path = {a.path: a for a in parsed}
        kept = []
        for d in diagnostics:
            artifact = artifacts_by_path.get(d.path)
            settings = artifact.settings if artifact else self.resolver.for_path(Path(d.path).absolute())
            if d.code not in self.enabled(settings) or self._ignored_for_file(d, settings):
                continue
            if d.subcode and any(self._hits(d, s) for s in settings.ignore):
                continue
            if artifact and self._suppressed(d, artifact):
                continue
            kept.append(d)
        for artifact in parsed:
            if "CN002" in self.enabled(artifact.settings):
                for d in self._unused_suppressions(artifact):
                    if not self._ignored_for_file(d, artifact.settings) and not self._suppressed(d, artifact, mark=False):
                        kept.append(d)
        kept.sort(key=Diagnostic.sort_key)
        return kept

    def _hits(self, d: Diagnostic, selector: str) -> bool:
        """Does `selector` name this diagnostic? A sub-code selector names
        only the findings with that sub-code."""
        if is_subcode(selector):
            return (d.subcode or "").upper() == selector.strip().upper()
        return d.code in self.catalogue.matching(selector)

    def _ignored_for_file(self, d: Diagnostic, settings: Settings) -> bool:
        if not settings.per_file_ignores:
            return False
        from cnlint import globs

        try:
            rel = Path(d.path).absolute().relative_to(settings.root).as_posix()
        except ValueError:
            rel = Path(d.path).as_posix()
        for pattern, selectors in settings.per_file_ignores:
            if globs.matches(pattern, rel) and any(self._hits(d, s) for s in selectors):
                return True
        return False

    def _suppressed(self, d: Diagnostic, artifact: Artifact, mark: bool = True) -> bool:
        hit = False
        for s in artifact.suppressions:
            if not s.covers(d.span.line):
                continue
            if not s.codes:
                matched = True
            else:
                matched = any(self._hits(d, c) for c in s.codes)
            if matched:
                hit = True
                if mark:
                    s.used.add(d.code)
        return hit

    def _unused_suppressions(self, artifact: Artifact) -> list[Diagnostic]:
        enabled = self.enabled(artifact.settings)
        out = []
        for s in artifact.suppressions:
            if not s.native:
                # A hadolint, kube-linter or staticcheck pragma may still be
                # needed by that tool, whose rules fire where cnlint's do not.
                continue
            if not s.codes:
                if not s.used:
                    out.append(self._unused_diag(artifact, s, "suppression matches no diagnostic", whole=True))
                continue
            problems = []
            unused = 0
            for sel in s.codes:
                matched = self.catalogue.matching(sel)
                if not matched:
                    problems.append(f"{sel} is not a known rule")
                    unused += 1
                elif not (matched & s.used) and matched & enabled == matched:
                    problems.append(f"{sel} matches no diagnostic")
                    unused += 1
            if problems:
                whole = unused == len(s.codes)
                out.append(self._unused_diag(artifact, s, "unused suppression: " + "; ".join(problems), whole))
        return out

    def _unused_diag(self, artifact: Artifact, s, message: str, whole: bool) -> Diagnostic:
        fix = None
        if whole and s.own_line:
            line = s.span.line
            end = Span(line + 1, 1, line + 1, 1) if line < artifact.source.line_count else Span(line, len(artifact.source.line(line)) + 1, line, len(artifact.source.line(line)) + 1)
            fix = Fix((Edit(Span(line, 1, end.line, end.column), ""),), "Remove the unused suppression comment")
        return self._engine_diag("CN002", message, artifact.path, s.span, artifact.settings, fix)
