"""The result cache: a run on an unchanged tree answers from disk.

Two levels, like ruff's cache, stored in one JSON file per project root
under cnlint's cache directory:

- per file, the diagnostics of its per-file rules, keyed by everything they
  read: the file's text, the other files of its package and the file that
  governs it (a Go file's go.mod), its resolved settings, the rules enabled
  for it, and cnlint itself (version and code);
- per run, the final diagnostics (project rules and suppressions applied),
  keyed by the keys of every file the run read and what the artifact
  packages declare their rules read besides (the shellcheck binary, the
  schema-locations files).

A file whose key changed is linted again; project rules run again whenever
any file changed. The file is written whole to a temporary name and renamed,
so concurrent runs never read half of one (the last writer wins). Notes a
lint logs (a skipped ShellCheck) are kept with the run and said again when
it is answered from the cache. A cache that cannot be read or written is
not used.
"""

from __future__ import annotations

import importlib
import json
import os
from functools import cache
from pathlib import Path

from cnlint import kinds
from cnlint.cache import files_key, key
from cnlint.diagnostics import Diagnostic, Edit, Fix, Logical, Related, Span

FORMAT = 1
MAX_RUNS = 8  # run results kept per root: a full run, pre-commit's subsets, …
MAX_FILES = 50_000


@cache
def code_fingerprint() -> str:
    """cnlint's version and the state of its code and rule files: a cache made
    by other code is never read (a developer's edit changes no version)."""
    from cnlint.registry import rules_key

    return key(files_key(Path(__file__).resolve().parent.parent, ".py"), rules_key(None))


def environment(settings_list) -> str:
    """What a lint reads besides its inputs and settings, as the artifact
    packages declare it (the shellcheck binary, schema-locations files)."""
    parts = []
    for kind in kinds.declared():
        if kind.environment:
            parts.extend(importlib.import_module(kind.environment).environment(settings_list))
    return key(*parts)


# ---- diagnostics as JSON ------------------------------------------------------


def _span(s: Span) -> list:
    return [s.line, s.column, s.end_line, s.end_column]


def dump(d: Diagnostic) -> list:
    fix = d.fix and [[[_span(e.span), e.text] for e in d.fix.edits], d.fix.description, d.fix.safe]
    logical = d.logical and [d.logical.kind, d.logical.name, d.logical.namespace]
    related = [[r.path, _span(r.span), r.message] for r in d.related]
    return [d.code, d.name, d.severity, d.message, d.path, _span(d.span), fix, related, logical, d.artifact, d.subcode, list(d.log)]


def load(row: list) -> Diagnostic:
    code, name, severity, message, path, span, fix, related, logical, artifact, subcode, lines = row
    return Diagnostic(
        code=code,
        name=name,
        severity=severity,
        message=message,
        path=path,
        span=Span(*span),
        fix=fix and Fix(tuple(Edit(Span(*s), t) for s, t in fix[0]), fix[1], fix[2]),
        related=tuple(Related(p, Span(*s), m) for p, s, m in related),
        logical=logical and Logical(*logical),
        artifact=artifact,
        subcode=subcode,
        log=tuple(lines),
    )


# ---- the store ----------------------------------------------------------------


class ResultCache:
    def __init__(self, directory: Path, root: Path):
        self.path = directory / "results" / f"{key(str(root.resolve()))}.json"
        self.files: dict[str, list] = {}  # path -> [key, diagnostics]
        self.runs: dict[str, dict] = {}  # run key -> {"diagnostics", "linted", "notes"}
        self.dirty = False
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            if data.get("format") == FORMAT and data.get("code") == code_fingerprint():
                self.files, self.runs = data["files"], data["runs"]
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            pass

    @staticmethod
    def keys(inputs, settings_of, enabled_of, extra: str) -> dict[str, str]:
        """Each input's key: its own text and what its per-file rules read
        besides (the other files of a directory-scoped kind in its
        directory, the files that govern it)."""
        texts = {i.path: key(i.kind or "", i.text if i.text is not None else f"\0unreadable:{i.error}") for i in inputs}
        packages: dict[tuple, list[str]] = {}
        for i in inputs:
            if i.kind and i.absolute is not None and kinds.for_file_kind(i.kind).context_scope == "directory":
                packages.setdefault((i.kind, i.absolute.parent), []).append(f"{i.path}={texts[i.path]}")
        package_digest = {where: key(*sorted(parts)) for where, parts in packages.items()}
        by_name: dict[str, list] = {}
        for i in inputs:
            if i.absolute is not None:
                by_name.setdefault(i.absolute.name, []).append(i)
        out = {}
        for i in inputs:
            settings = settings_of(i)
            parts = [code_fingerprint(), extra, i.path, texts[i.path], repr(settings), ",".join(sorted(enabled_of(settings)))]
            if i.kind and i.absolute is not None:
                parts.append(package_digest.get((i.kind, i.absolute.parent), ""))
                for name in kinds.for_file_kind(i.kind).governing:
                    for g in by_name.get(name, ()):
                        if i.absolute.is_relative_to(g.absolute.parent):
                            parts.append(f"{g.path}={texts[g.path]}")
            out[i.path] = key(*parts)
        return out

    @staticmethod
    def run_key(keys: dict[str, str], context: frozenset[str], extra: str) -> str:
        return key(extra, *(f"{p}{'@' if p in context else '='}{k}" for p, k in sorted(keys.items())))

    def run(self, key: str):
        """(diagnostics, paths linted, notes) of a run with this key, or None."""
        found = self.runs.get(key)
        if found is None:
            return None
        try:
            return [load(r) for r in found["diagnostics"]], found["linted"], found["notes"]
        except (KeyError, TypeError, ValueError):
            return None

    def file(self, path: str, key: str) -> list[Diagnostic] | None:
        found = self.files.get(path)
        if not found or found[0] != key:
            return None
        try:
            return [load(r) for r in found[1]]
        except (TypeError, ValueError):
            return None

    def keep_file(self, path: str, key: str, diagnostics: list[Diagnostic]) -> None:
        self.files[path] = [key, [dump(d) for d in diagnostics]]
        self.dirty = True

    def keep_run(self, key: str, diagnostics: list[Diagnostic], linted: list[str], notes: list[str]) -> None:
        self.runs.pop(key, None)
        self.runs[key] = {"diagnostics": [dump(d) for d in diagnostics], "linted": linted, "notes": notes}
        while len(self.runs) > MAX_RUNS:
            self.runs.pop(next(iter(self.runs)))
        self.dirty = True

    def save(self) -> None:
        if not self.dirty:
            return
        if len(self.files) > MAX_FILES:
            self.files = dict(list(self.files.items())[-MAX_FILES:])
        import tempfile  # only to write

        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=self.path.parent, prefix=".results-", suffix=".tmp")
            try:
                with os.fdopen(fd, "w", encoding="utf-8") as out:
                    # dumps, not dump: only the one-shot encoder is the C one
                    out.write(json.dumps({"format": FORMAT, "code": code_fingerprint(), "files": self.files, "runs": self.runs}, separators=(",", ":")))
                os.replace(tmp, self.path)
            except BaseException:
                os.unlink(tmp)
                raise
        except OSError:
            pass
