"""The editor's lint state, without the protocol: settings, engines, the
workspace, each open document's last lint, and the second pass.

Buffers are linted as typed (debounced), never the file on disk. The wait
after a keystroke is at least what the document's last lint took: a lint runs
on the event loop, so a file that takes a second to lint is linted when the
typing pauses, not after every keystroke (which froze the editor). Files whose
rules look across files are linted with the rest of the workspace as context
(cnlint/context.py says which), and a change re-lints the open documents
whose findings may depend on it. Batch rules (ShellCheck) start processes:
they run in a second pass off the event loop, so a keystroke's diagnostics
never wait for them.

The session talks to the editor through a `client` with: documents (uri ->
an object with .source and .version), log(message, level), show_error(message),
publish(uris) and refresh() (ask a pulling client to pull again).
"""

from __future__ import annotations

import asyncio
import time
import traceback
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from cnlint import checks, context, kinds
from cnlint.config import ConfigError, Overrides, Resolver
from cnlint.diagnostics import Diagnostic
from cnlint.engine import Engine
from cnlint.lsp.workspace import Index, WorkspaceEngine
from cnlint.source import Source

DEBOUNCE_SECONDS = 0.03
# initializationOptions / workspace configuration "cnlint" section: key -> type
OPTIONS = {
    "select": list,
    "extend-select": list,
    "ignore": list,
    "config": str,
    "isolated": bool,
    "docs-url": str,
    "debounce-ms": int,
}


@dataclass
class Linted:
    """The last lint of one open document."""

    version: int | None
    kind: str
    path: Path
    source: Source
    diagnostics: list[Diagnostic]


class Session:
    def __init__(self, client):
        self.client = client
        self.index = Index([])
        self.init_options: dict = {}
        self.client_options: dict = {}
        self.engine: Engine | None = None
        self.deferred_engine: Engine | None = None
        self.deferred: dict[str, list[Diagnostic]] = {}  # uri -> the second pass's last findings
        self.pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="cnlint-batch")
        self.results: dict[str, Linted] = {}
        self.timers: dict[str, asyncio.TimerHandle] = {}
        self.costs: dict[str, float] = {}  # uri -> seconds its last lint took
        self.batches: list[tuple[frozenset, asyncio.Future]] = []  # second passes not done: their uris
        self.pull = False
        self.config_error: str | None = None
        self.logged: set[tuple[str, str]] = set()

    # ---- settings ----------------------------------------------------------

    @property
    def options(self) -> dict:
        return {**self.init_options, **self.client_options}

    def set_options(self, raw, into: str) -> None:
        clean = {}
        if raw is not None and not isinstance(raw, dict):
            self.client.log(f"cnlint: settings must be an object, not {type(raw).__name__}", "warning")
            raw = {}
        for key, value in (raw or {}).items():
            want = OPTIONS.get(key)
            if want is None:
                self.client.log(f"cnlint: unknown setting {key!r} (known: {', '.join(OPTIONS)})", "warning")
            elif not isinstance(value, want) or (want is list and not all(isinstance(v, str) for v in value)):
                self.client.log(f"cnlint: setting {key!r} must be a {'list of strings' if want is list else want.__name__}", "warning")
            else:
                clean[key] = value
        setattr(self, into, clean)
        self.engine = self.deferred_engine = None

    def get_engine(self) -> Engine | None:
        if self.engine is None:
            opts = self.options
            overrides = Overrides(
                select=tuple(opts["select"]) if "select" in opts else None,
                extend_select=tuple(opts.get("extend-select", ())),
                ignore=tuple(opts.get("ignore", ())),
            )
            root = self.index.roots[0] if self.index.roots else None
            config = opts.get("config")
            if config and root and not Path(config).is_absolute():
                config = str(root / config)
            isolated = opts.get("isolated", False)
            batch = checks.batch_codes()
            try:
                self.engine = WorkspaceEngine(Resolver(config=config, isolated=isolated, overrides=overrides, root=root), skip=batch)
                resolver = Resolver(config=config, isolated=isolated, overrides=overrides, root=root)
                self.deferred_engine = WorkspaceEngine(resolver, only=batch) if batch else None
            except ConfigError as exc:
                self.config_problem(str(exc))
                return None
            self.deferred.clear()
        return self.engine

    def config_problem(self, message: str) -> None:
        if message != self.config_error:
            self.client.show_error(f"cnlint: {message}")
        self.config_error = message
        self.client.log(f"cnlint: {message}", "error")

    def docs_url(self, path: Path) -> str | None:
        if "docs-url" in self.options:
            return self.options["docs-url"]
        try:
            return self.engine.resolver.for_path(path).docs_url if self.engine else None
        except ConfigError:
            return None

    # ---- linting -----------------------------------------------------------

    def document(self, uri: str, path: Path | None):
        """(document, path, file kind) of an open document cnlint lints, else Nones."""
        doc = self.client.documents.get(uri)
        engine = self.get_engine()
        if doc is None or path is None or engine is None:
            return None, None, None
        kind = self.index.kind(path, engine.resolver)
        return (doc, path, kind) if kind else (None, None, None)

    def lint(self, uris: list[str]) -> list[str]:
        """Lint open documents together; returns the uris linted."""
        targets, docs = [], {}
        for uri in uris:
            doc, path, kind = self.document(uri, self.client.path_of(uri))
            if doc is None:
                self.results.pop(uri, None)
                continue
            self.index.buffers[path] = doc.source
            targets.append((path, kind))
            docs[uri] = (doc, path, kind)
        engine = self.engine
        if not targets or engine is None:
            return []
        started = time.perf_counter()
        try:
            inputs = self.index.inputs(targets, engine.resolver)
            result = engine.lint(inputs)
        except ConfigError as exc:
            self.config_problem(str(exc))
            return []
        except Exception as exc:  # a bug in cnlint must not kill the editor's linter
            self.client.log(f"cnlint: internal error: {type(exc).__name__}: {exc}\n{traceback.format_exc()}", "error")
            return []
        self.config_error = None
        cost = time.perf_counter() - started
        self.costs.update(dict.fromkeys(docs, cost))
        by_path = _by_path(result.diagnostics)
        for d in result.diagnostics:
            if d.code == "CN003" and (d.path, d.message) not in self.logged:
                self.logged.add((d.path, d.message))  # once, not on every keystroke
                self.client.log(f"cnlint: {d.path}: {d.message}", "error")
        for uri, (doc, path, kind) in docs.items():
            display = self.index.display(path)
            source = result.sources.get(display) or Source(doc.source)
            # The second pass's last findings stay until it reports again.
            found = by_path.get(display, []) + self.deferred.get(uri, [])
            self.results[uri] = Linted(doc.version, kind, path, source, sorted(found, key=Diagnostic.sort_key))
        self.defer({uri: doc.version for uri, (doc, _, _) in docs.items()}, [i for i in inputs if not i.context])
        return list(docs)

    def defer(self, versions: dict[str, int | None], inputs: list) -> None:
        """Run the batch rules on `inputs` in the background, then publish."""
        engine = self.deferred_engine
        if engine is None or not any(r.batch for r in checks.project_rules({kinds.artifact_of_file(i.kind) for i in inputs})):
            return
        # A pass still waiting for the worker is stale once its documents
        # change again: cancelled, it leaves the worker (and the interpreter)
        # to the pass that matters.
        uris = frozenset(versions)
        for covered, waiting in self.batches:
            if covered <= uris:
                waiting.cancel()
        future = asyncio.get_running_loop().run_in_executor(self.pool, engine.lint, inputs)
        future.add_done_callback(lambda done: self.deferred_done(done, versions, engine))
        self.batches = [(covered, f) for covered, f in self.batches if not f.done()] + [(uris, future)]

    def deferred_done(self, future, versions: dict[str, int | None], engine: Engine) -> None:
        if engine is not self.deferred_engine or future.cancelled():
            return  # the settings or the documents changed meanwhile; a new pass is on its way
        try:
            result = future.result()
        except Exception as exc:
            self.client.log(f"cnlint: internal error: {type(exc).__name__}: {exc}", "error")
            return
        by_path = _by_path(result.diagnostics)
        updated = []
        for uri, version in versions.items():
            linted = self.results.get(uri)
            if linted is None or linted.version != version:
                continue  # edited since: that edit's own pass will report
            fresh = by_path.get(self.index.display(linted.path), [])
            self.deferred[uri] = fresh
            kept = [d for d in linted.diagnostics if d.code not in engine.only]
            linted.diagnostics = sorted(kept + fresh, key=Diagnostic.sort_key)
            updated.append(uri)
        if updated:
            self.show(updated)

    def show(self, uris: list[str]) -> None:
        """Bring the editor up to date on these documents' diagnostics."""
        if self.pull:
            self.client.refresh()
        else:
            self.client.publish(uris)

    def current(self, uri: str) -> Linted | None:
        """The lint of the document as it is now, linting it if needed."""
        doc = self.client.documents.get(uri)
        linted = self.results.get(uri)
        if doc is None:
            return None
        if linted is None or linted.version != doc.version:
            self.lint([uri])
            linted = self.results.get(uri)
        return linted

    def dependents(self, uri: str | None, kind: str | None) -> list[str]:
        """Other open documents whose cross-file diagnostics may change."""
        open_kinds = {other: self.document(other, self.client.path_of(other))[2] for other in self.client.documents if other != uri}
        return context.dependents(kind, open_kinds)

    def refresh(self, uris: list[str]) -> None:
        """Re-lint documents that did not change themselves."""
        if uris:
            self.lint(uris)
            self.show(uris)

    def changed(self, uri: str) -> None:
        self.timers.pop(uri, None)
        try:
            if not self.pull:  # a pulling client asks for this document itself
                self.client.publish(self.lint([uri]))
            _, _, kind = self.document(uri, self.client.path_of(uri))
            self.refresh(self.dependents(uri, kind))
        except Exception as exc:
            self.client.log(f"cnlint: internal error: {type(exc).__name__}: {exc}\n{traceback.format_exc()}", "error")

    def schedule(self, uri: str) -> None:
        timer = self.timers.pop(uri, None)
        if timer:
            timer.cancel()
        delay = max(self.options.get("debounce-ms", DEBOUNCE_SECONDS * 1000) / 1000, self.costs.get(uri, 0.0))
        self.timers[uri] = asyncio.get_running_loop().call_later(delay, self.changed, uri)

    def closed(self, uri: str, path: Path | None) -> None:
        timer = self.timers.pop(uri, None)
        if timer:
            timer.cancel()
        linted = self.results.pop(uri, None)
        self.deferred.pop(uri, None)
        self.costs.pop(uri, None)
        if path:
            self.index.buffers.pop(path, None)
        # The file on disk takes the buffer's place for the others.
        self.refresh(self.dependents(uri, linted.kind if linted else None))

    def relint_all(self) -> None:
        self.engine = self.deferred_engine = None
        self.results.clear()
        uris = list(self.client.documents)
        if self.get_engine() is None:
            return
        self.lint(uris)
        self.client.publish(uris)
        if self.pull:
            self.client.refresh()

    def relint_cross_file(self) -> None:
        """Re-lint the open documents whose rules read other files."""
        self.refresh([u for u, r in self.results.items() if context.needs_context(r.kind)])

    def files_changed(self, changes: list[tuple[Path, bool]], is_config) -> None:
        """Files changed on disk: (path, deleted) each."""
        config_changed = False
        for path, deleted in changes:
            if is_config(path):
                config_changed = True
            elif self.engine is not None:
                self.index.file_changed(path, self.engine.resolver, deleted=deleted)
        if config_changed:
            self.index.forget_files()  # excludes and Dockerfile patterns may differ now
            self.relint_all()
        else:
            self.relint_cross_file()


def _by_path(diagnostics: list[Diagnostic]) -> dict[str, list[Diagnostic]]:
    out: dict[str, list[Diagnostic]] = {}
    for d in diagnostics:
        out.setdefault(d.path, []).append(d)
    return out
