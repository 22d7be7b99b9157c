"""Running rules: each enabled check on its artifact or on the project, its
Findings made Diagnostics, and a failing rule made CN003 on the file it
failed on (the rest of the run goes on)."""

from __future__ import annotations

from pathlib import Path

from cnlint import checks
from cnlint.artifact import Artifact
from cnlint.config import Settings
from cnlint.diagnostics import Diagnostic, Finding, Fix, Span
from cnlint.engine.selection import Selection
from cnlint.project import Project
from cnlint.registry import Catalogue


class Runner:
    def __init__(self, catalogue: Catalogue, selection: Selection):
        self.catalogue = catalogue
        self.selection = selection

    def artifact_rules(self, artifact: Artifact, project: Project) -> list[Diagnostic]:
        """The file's parse problems (CN001) and its per-file rules' findings:
        what a file's text and its context decide, so what is kept of it."""
        settings = artifact.settings
        try:
            problems = artifact.parse_problems()
        except Exception as exc:  # a parser bug (in the part a parser leaves to this point) must not end the run
            return [self.internal(exc, f"parsing {artifact.kind}", artifact.path, settings)]
        out = [self.engine_diagnostic("CN001", p.message, artifact.path, p.span, settings) for p in problems]
        enabled = self.selection.enabled(settings)
        for code, check in checks.per_artifact(artifact.kind).items():
            if code in enabled:
                out.extend(self._call(check, artifact, code, artifact.settings, artifact.path, project))
        return out

    def enabled_project_rules(self, project: Project) -> list:
        """The project rules enabled for any of the project's files."""
        if not project.artifacts:
            return []
        enabled = self.selection.enabled
        return [rule for rule in checks.project_rules(project.kinds) if any(rule.code in enabled(a.settings) for a in project.artifacts)]

    def project_rule(self, rule, project: Project) -> list[Diagnostic]:
        by_path = project.by_path
        enabled = self.selection.enabled
        # A rule that fails outright is reported on a file it reads (a
        # report needs a file), the first that is linted.
        reads = sorted(a.path for a in project.artifacts if a.kind in rule.reads and a.path not in project.context)
        out = []
        for d in self._call(rule.check, project, rule.code, project.settings, None, project, reads[0] if reads else None):
            owner = by_path.get(d.path)
            if owner is None:
                out.append(d)
            elif rule.code in enabled(owner.settings):
                # The file's own config sets the severity, as for per-file rules.
                out.append(d._replace(severity=self.selection.severity(owner.settings, d.code)))
        return out

    def _call(self, check, subject, code: str, settings: Settings, path: str | None, project: Project, owner: str | None = None) -> list[Diagnostic]:
        ctx = checks.Context(settings, code, project)
        out = []
        try:
            for f in check(subject, ctx):
                out.append(self.diagnostic(code, f, f.path or path, settings))
        except Exception as exc:
            if path is None and owner is not None:
                return [self.internal(exc, f"rule {code} (it reads every file; this is the first)", owner, settings)]
            return [self.internal(exc, f"rule {code}", path or "<project>", settings)]
        return out

    def diagnostic(self, code: str, finding: Finding, path: str, settings: Settings) -> Diagnostic:
        rule = self.catalogue.by_code[code]
        return Diagnostic(
            code=code,
            name=rule.name,
            severity=self.selection.severity(settings, code),
            message=finding.message,
            path=path,
            span=finding.span,
            fix=finding.fix,
            related=finding.related,
            logical=finding.logical,
            artifact=rule.artifact,
            subcode=finding.subcode,
        )

    def engine_diagnostic(self, code: str, message: str, path: str, span: Span, settings: Settings, fix: Fix | None = None) -> Diagnostic:
        return self.diagnostic(code, Finding(span, message, fix), path, settings)

    def internal(self, exc: Exception, what: str, path: str, settings: Settings) -> Diagnostic:
        import traceback  # only here: with linecache and tokenize, milliseconds of a run where nothing fails

        frame = traceback.extract_tb(exc.__traceback__)[-1] if exc.__traceback__ else None
        where = f" at {Path(frame.filename).name}:{frame.lineno}" if frame else ""
        message = f"internal error in {what}: {type(exc).__name__}: {exc}{where}; please report this"
        return self.engine_diagnostic("CN003", message, path, Span.point(1), settings)
