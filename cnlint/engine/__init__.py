"""The pipeline: inputs → artifacts → project → rules → filtered diagnostics.

`Engine.lint(inputs)` is the library entry point: the CLI feeds it files from
disk, the editor its buffers; both get the same diagnostics. Each job has its
own module: reading inputs (inputs.py), which rules run at which severity
(selection.py), running them (runner.py), suppressions and CN002
(suppressing.py), the fix loop (fixing.py), the rules on several cores
(workers.py) and the result cache (caching.py). The engine never looks at
the process's working directory: paths are relative to `root`.
"""

from __future__ import annotations

from pathlib import Path

from cnlint import kinds, notes
from cnlint.artifact import Artifact
from cnlint.config import Resolver, Settings
from cnlint.diagnostics import Diagnostic, Span
from cnlint.discovery import classify, discover
from cnlint.engine import workers
from cnlint.engine.caching import ResultCache, environment
from cnlint.engine.fixing import fix_loop
from cnlint.engine.inputs import MAX_BYTES, Decoded, Input, decode, governing, read, read_limited, read_text, unencodable
from cnlint.engine.runner import Runner
from cnlint.engine.selection import Selection
from cnlint.engine.suppressing import Suppressor
from cnlint.project import Project
from cnlint.registry import Catalogue, load_catalogue
from cnlint.source import Source

__all__ = ["MAX_BYTES", "Decoded", "Engine", "Input", "Result", "decode", "read", "read_limited", "read_text"]


class Result:
    def __init__(self, diagnostics: list[Diagnostic], sources: dict[str, Source] | None = None, files: int = 0, changes: dict | None = None, project: Project | None = None):
        self.diagnostics = diagnostics
        self.sources: dict[str, Source] = sources if sources is not None else {}
        self.files = files  # artifacts linted
        # path -> (original text, fixed text) for files a fix changed
        self.changes: dict[str, tuple[str, str]] = changes if changes is not None else {}
        self.project = project  # what was linted, for what runs after the rules (verify)


class Engine:
    def __init__(
        self,
        resolver: Resolver | None = None,
        catalogue: Catalogue | None = None,
        skip=frozenset(),
        only=None,
        root: Path | None = None,
        jobs: int = 1,
        cache: bool = False,
    ):
        """`jobs`: processes for the rules (1: this one); `cache`: answer
        from and keep results in the result cache (the command line's lint)."""
        self.resolver = resolver or Resolver()
        self.jobs = jobs
        self.cache = cache
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
        inputs = [i if i.absolute else i.replace(absolute=self.absolute(i.path)) for i in inputs]
        inputs += governing(inputs, self.root)
        context = frozenset(i.path for i in inputs if i.context)
        store = self._store(inputs, context) if self.cache else None
        if store is not None:
            hit = store.answer()
            if hit is not None:
                notes.info("the result cache answered for all %d files", len(inputs))
                return hit
        diagnostics, parsed = self._parse_all(inputs)
        project = Project(parsed, self.resolver.for_dir(self.root), context)
        kinds.link(project)
        reported = [a for a in parsed if a.path not in context]
        known = {a.path: store.file(a.path) for a in reported} if store is not None else {}
        todo = [a for a in reported if known.get(a.path) is None]
        if store is not None:
            notes.info("per-file results of %d of %d files from the result cache", len(reported) - len(todo), len(reported))
        with notes.collecting() as said:
            per_file, project_diagnostics = workers.run(self.runner, todo, project, self.jobs)
        for artifact, found in zip(todo, per_file, strict=True):
            known[artifact.path] = found
            if store is not None:
                store.keep_file(artifact.path, found)
        for artifact in reported:
            diagnostics.extend(known[artifact.path])
        diagnostics.extend(project_diagnostics)
        diagnostics = [d for d in diagnostics if d.path not in context]
        result = Result(self.suppressor.filter(diagnostics, reported), {a.path: a.source for a in reported}, len(reported), project=project)
        if store is not None:
            store.keep(result, said)
        return result

    def _store(self, inputs: list[Input], context: frozenset[str]):
        from cnlint.cache import cache_dir

        directory = cache_dir(results=True)
        if directory is None:
            return None
        return _RunCache(self, ResultCache(directory, self.root), inputs, context)

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
        return diagnostics, parsed


class _RunCache:
    """One run's view of the result cache: the keys of its inputs."""

    def __init__(self, engine: Engine, cache: ResultCache, inputs: list[Input], context: frozenset[str]):
        self.cache = cache
        self.inputs = inputs
        settings = {i.path: engine.resolver.for_path(i.absolute) for i in inputs}
        extra = environment(set(settings.values())) + repr(sorted(engine.selection.only or ())) + repr(sorted(engine.selection.skip))
        self.keys = cache.keys(inputs, lambda i: settings[i.path], engine.selection.enabled, extra)
        self.run_key = cache.run_key(self.keys, context, extra)
        self.context = context

    def answer(self) -> Result | None:
        found = self.cache.run(self.run_key)
        if found is None:
            return None
        diagnostics, linted, said = found
        for note in said:
            notes.warning("%s", note)
        texts = {i.path: i.text for i in self.inputs}
        return Result(diagnostics, {path: Source(texts[path]) for path in linted}, len(linted))

    def file(self, path: str) -> list[Diagnostic] | None:
        return self.cache.file(path, self.keys[path])

    def keep_file(self, path: str, diagnostics: list[Diagnostic]) -> None:
        self.cache.keep_file(path, self.keys[path], diagnostics)

    def keep(self, result: Result, said: list[str]) -> None:
        self.cache.keep_run(self.run_key, result.diagnostics, list(result.sources), said)
        self.cache.save()
