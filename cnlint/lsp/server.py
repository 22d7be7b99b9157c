"""`cnlint lsp`: the engine behind a Language Server on stdio.

Buffers are linted as typed (debounced), never the file on disk. Files whose
rules look across files (Kubernetes references) are linted with the rest of
the workspace as context, and a change re-lints the other open files of that
kind, whose diagnostics may depend on it.
"""

from __future__ import annotations

import asyncio
import os
import traceback
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from lsprotocol import types
from pygls.lsp.server import LanguageServer
from pygls.uris import from_fs_path, to_fs_path

from cnlint import __version__
from cnlint import checks, context, kinds
from cnlint.config import ConfigError, Overrides, Resolver
from cnlint.diagnostics import Diagnostic, Span
from cnlint.engine import Engine
from cnlint.lsp import actions, convert
from cnlint.lsp.workspace import Index, WorkspaceEngine, is_config
from cnlint.source import Source

FIX_ALL = "source.fixAll.cnlint"
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
WATCHED = ("**/{.cnlint.toml,cnlint.toml,pyproject.toml}", "**/*.{yaml,yml,go}", "**/*Dockerfile*", "**/*Containerfile*")
NOT_SUPPRESSIBLE = {"CN001", "CN002", "CN003"}


@dataclass
class Linted:
    """The last lint of one open document."""

    version: int | None
    kind: str
    path: Path
    source: Source
    diagnostics: list[Diagnostic]


class CnlintServer(LanguageServer):
    def __init__(self):
        super().__init__("cnlint", __version__, text_document_sync_kind=types.TextDocumentSyncKind.Incremental)
        self.index = Index([])
        self.init_options: dict = {}
        self.client_options: dict = {}
        self.engine: Engine | None = None
        # Batch rules (ShellCheck) start processes: they run in a second pass,
        # off the event loop, so a keystroke's diagnostics never wait for them.
        self.deferred_engine: Engine | None = None
        self.deferred: dict[str, list[Diagnostic]] = {}  # uri -> the second pass's last findings
        self.pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="cnlint-batch")
        self.results: dict[str, Linted] = {}
        self.timers: dict[str, asyncio.TimerHandle] = {}
        self.pull = False
        self.config_error: str | None = None
        self.logged: set[tuple[str, str]] = set()

    # ---- plumbing ----------------------------------------------------------

    def log(self, message: str, kind=types.MessageType.Log) -> None:
        self.window_log_message(types.LogMessageParams(type=kind, message=message))

    def report_server_error(self, error, source):
        # Out-of-band errors go to the log: the editor keeps working.
        self.log(f"cnlint: {type(error).__name__}: {error}", types.MessageType.Error)

    @property
    def encoding(self) -> str:
        enc = self.workspace.position_encoding or convert.UTF16
        return getattr(enc, "value", enc)

    @property
    def options(self) -> dict:
        return {**self.init_options, **self.client_options}

    def set_options(self, raw, into: str) -> None:
        clean = {}
        if raw is not None and not isinstance(raw, dict):
            self.log(f"cnlint: settings must be an object, not {type(raw).__name__}", types.MessageType.Warning)
            raw = {}
        for key, value in (raw or {}).items():
            want = OPTIONS.get(key)
            if want is None:
                self.log(f"cnlint: unknown setting {key!r} (known: {', '.join(OPTIONS)})", types.MessageType.Warning)
            elif not isinstance(value, want) or (want is list and not all(isinstance(v, str) for v in value)):
                self.log(f"cnlint: setting {key!r} must be a {'list of strings' if want is list else want.__name__}", types.MessageType.Warning)
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
            config = opts.get("config")
            if config and self.index.roots and not Path(config).is_absolute():
                config = str(self.index.roots[0] / config)
            isolated = opts.get("isolated", False)
            batch = checks.batch_codes()
            try:
                self.engine = WorkspaceEngine(Resolver(config=config, isolated=isolated, overrides=overrides), skip=batch)
                resolver = Resolver(config=config, isolated=isolated, overrides=overrides)
                self.deferred_engine = WorkspaceEngine(resolver, only=batch) if batch else None
            except ConfigError as exc:
                self.config_problem(str(exc))
                return None
            self.deferred.clear()
        return self.engine

    def config_problem(self, message: str) -> None:
        if message != self.config_error:
            self.window_show_message(types.ShowMessageParams(type=types.MessageType.Error, message=f"cnlint: {message}"))
        self.config_error = message
        self.log(f"cnlint: {message}", types.MessageType.Error)

    # ---- linting -----------------------------------------------------------

    def document(self, uri: str):
        doc = self.workspace.text_documents.get(uri)
        if doc is None:
            return None, None, None
        path = to_fs_path(uri)
        engine = self.get_engine()
        if path is None or engine is None:
            return None, None, None
        path = Path(path)
        kind = self.index.kind(path, engine.resolver)
        return (doc, path, kind) if kind else (None, None, None)

    def lint(self, uris: list[str]) -> list[str]:
        """Lint open documents together; returns the uris linted."""
        targets, docs = [], {}
        for uri in uris:
            doc, path, kind = self.document(uri)
            if doc is None:
                self.results.pop(uri, None)
                continue
            self.index.buffers[path] = doc.source
            targets.append((path, kind))
            docs[uri] = (doc, path, kind)
        engine = self.engine
        if not targets or engine is None:
            return []
        try:
            inputs = self.index.inputs(targets, engine.resolver)
            result = engine.lint(inputs)
        except ConfigError as exc:
            self.config_problem(str(exc))
            return []
        except Exception as exc:  # a bug in cnlint must not kill the editor's linter
            self.log(f"cnlint: internal error: {type(exc).__name__}: {exc}\n{traceback.format_exc()}", types.MessageType.Error)
            return []
        self.config_error = None
        by_path: dict[str, list[Diagnostic]] = {}
        for d in result.diagnostics:
            by_path.setdefault(d.path, []).append(d)
            if d.code == "CN003" and (d.path, d.message) not in self.logged:
                self.logged.add((d.path, d.message))  # once, not on every keystroke
                self.log(f"cnlint: {d.path}: {d.message}", types.MessageType.Error)
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
        future = asyncio.get_running_loop().run_in_executor(self.pool, engine.lint, inputs)
        future.add_done_callback(lambda done: self.deferred_done(done, versions, engine))

    def deferred_done(self, future, versions: dict[str, int | None], engine: Engine) -> None:
        if engine is not self.deferred_engine:
            return  # the settings changed meanwhile; a new pass is on its way
        try:
            result = future.result()
        except Exception as exc:
            self.log(f"cnlint: internal error: {type(exc).__name__}: {exc}", types.MessageType.Error)
            return
        by_path: dict[str, list[Diagnostic]] = {}
        for d in result.diagnostics:
            by_path.setdefault(d.path, []).append(d)
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
        if not updated:
            return
        if self.pull:
            caps = self.client_capabilities.workspace
            if caps and caps.diagnostics and caps.diagnostics.refresh_support:
                self.workspace_diagnostic_refresh(None)
        else:
            self.publish(updated)

    def current(self, uri: str) -> Linted | None:
        """The lint of the document as it is now, linting it if needed."""
        doc = self.workspace.text_documents.get(uri)
        linted = self.results.get(uri)
        if doc is None:
            return None
        if linted is None or linted.version != doc.version:
            self.lint([uri])
            linted = self.results.get(uri)
        return linted

    def lsp_diagnostics(self, uri: str) -> list[types.Diagnostic]:
        linted = self.results.get(uri)
        if linted is None:
            return []
        docs_url = self.docs_url(linted.path)
        return [convert.to_diagnostic(d, linted.source, self.encoding, docs_url, self.locate) for d in linted.diagnostics]

    def docs_url(self, path: Path) -> str | None:
        if "docs-url" in self.options:
            return self.options["docs-url"]
        try:
            return self.engine.resolver.for_path(path).docs_url if self.engine else None
        except ConfigError:
            return None

    def locate(self, display: str, span) -> types.Location | None:
        path = self.index.absolute(display)
        uri = from_fs_path(str(path))
        doc = self.workspace.text_documents.get(uri)
        if doc is not None:
            source = Source(doc.source)
        else:
            try:
                source = Source(path.read_text(encoding="utf-8"))
            except (OSError, UnicodeDecodeError):
                return None
        return types.Location(uri=uri, range=convert.to_range(source, span, self.encoding))

    def publish(self, uris: list[str]) -> None:
        if self.pull:
            return
        for uri in uris:
            linted = self.results.get(uri)
            self.text_document_publish_diagnostics(
                types.PublishDiagnosticsParams(uri=uri, diagnostics=self.lsp_diagnostics(uri), version=linted.version if linted else None)
            )

    def dependents(self, uri: str | None, kind: str | None) -> list[str]:
        """Other open documents whose cross-file diagnostics may change."""
        open_kinds = {other: self.document(other)[2] for other in self.workspace.text_documents if other != uri}
        return context.dependents(kind, open_kinds)

    def refresh(self, uris: list[str]) -> None:
        """Re-lint documents that did not change themselves."""
        if not uris:
            return
        self.lint(uris)
        if self.pull:
            caps = self.client_capabilities.workspace
            if caps and caps.diagnostics and caps.diagnostics.refresh_support:
                self.workspace_diagnostic_refresh(None)
        else:
            self.publish(uris)

    def changed(self, uri: str) -> None:
        self.timers.pop(uri, None)
        try:
            if not self.pull:  # a pulling client asks for this document itself
                self.publish(self.lint([uri]))
            _, _, kind = self.document(uri)
            self.refresh(self.dependents(uri, kind))
        except Exception as exc:
            self.log(f"cnlint: internal error: {type(exc).__name__}: {exc}\n{traceback.format_exc()}", types.MessageType.Error)

    def schedule(self, uri: str) -> None:
        timer = self.timers.pop(uri, None)
        if timer:
            timer.cancel()
        delay = self.options.get("debounce-ms", DEBOUNCE_SECONDS * 1000) / 1000
        self.timers[uri] = asyncio.get_running_loop().call_later(delay, self.changed, uri)

    def relint_all(self) -> None:
        self.engine = self.deferred_engine = None
        self.results.clear()
        uris = list(self.workspace.text_documents)
        if self.get_engine() is None:
            return
        self.lint(uris)
        self.publish(uris)
        if self.pull:
            caps = self.client_capabilities.workspace
            if caps and caps.diagnostics and caps.diagnostics.refresh_support:
                self.workspace_diagnostic_refresh(None)


server = CnlintServer()


# ---- lifecycle -----------------------------------------------------------------


@server.feature(types.INITIALIZE)
def initialize(ls: CnlintServer, params: types.InitializeParams):
    roots = [Path(to_fs_path(f.uri)) for f in params.workspace_folders or [] if to_fs_path(f.uri)]
    if not roots and params.root_uri and to_fs_path(params.root_uri):
        roots = [Path(to_fs_path(params.root_uri))]
    elif not roots and params.root_path:
        roots = [Path(params.root_path)]
    ls.index = Index(roots)
    if roots and roots[0].is_dir():
        # Project-wide settings and relative paths start at the workspace.
        os.chdir(roots[0])
    options = params.initialization_options
    if isinstance(options, dict) and isinstance(options.get("cnlint"), dict):
        options = options["cnlint"]
    ls.set_options(options, "init_options")
    ls.pull = params.capabilities.text_document is not None and params.capabilities.text_document.diagnostic is not None


@server.feature(types.INITIALIZED)
async def initialized(ls: CnlintServer, params: types.InitializedParams):
    caps = ls.client_capabilities.workspace
    if caps and caps.did_change_watched_files and caps.did_change_watched_files.dynamic_registration:
        watchers = [types.FileSystemWatcher(glob_pattern=g) for g in WATCHED]
        registration = types.Registration(
            id="cnlint-watch",
            method=types.WORKSPACE_DID_CHANGE_WATCHED_FILES,
            register_options=types.DidChangeWatchedFilesRegistrationOptions(watchers=watchers),
        )
        try:
            await ls.client_register_capability_async(types.RegistrationParams(registrations=[registration]))
        except Exception as exc:
            ls.log(f"cnlint: cannot watch files: {exc}", types.MessageType.Warning)
    if caps and caps.configuration:
        await fetch_configuration(ls)


async def fetch_configuration(ls: CnlintServer) -> bool:
    try:
        got = await ls.workspace_configuration_async(types.ConfigurationParams(items=[types.ConfigurationItem(section="cnlint")]))
    except Exception as exc:
        ls.log(f"cnlint: cannot read the editor's settings: {exc}", types.MessageType.Warning)
        return False
    ls.set_options(got[0] if got else None, "client_options")
    return True


# ---- documents -----------------------------------------------------------------


@server.feature(types.TEXT_DOCUMENT_DID_OPEN)
def did_open(ls: CnlintServer, params: types.DidOpenTextDocumentParams):
    uri = params.text_document.uri
    ls.publish(ls.lint([uri]))


@server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
def did_change(ls: CnlintServer, params: types.DidChangeTextDocumentParams):
    uri = params.text_document.uri
    doc, path, _ = ls.document(uri)
    if doc is not None:  # other files' lints see the new text at once
        ls.index.buffers[path] = doc.source
    ls.schedule(uri)


@server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
def did_close(ls: CnlintServer, params: types.DidCloseTextDocumentParams):
    uri = params.text_document.uri
    timer = ls.timers.pop(uri, None)
    if timer:
        timer.cancel()
    linted = ls.results.pop(uri, None)
    ls.deferred.pop(uri, None)
    path = to_fs_path(uri)
    if path:
        ls.index.buffers.pop(Path(path), None)
    if not ls.pull:
        ls.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri=uri, diagnostics=[]))
    # The file on disk takes the buffer's place for the others.
    ls.refresh(ls.dependents(uri, linted.kind if linted else None))


@server.feature(types.TEXT_DOCUMENT_DIAGNOSTIC, types.DiagnosticOptions(inter_file_dependencies=True, workspace_diagnostics=False))
def pull_diagnostics(ls: CnlintServer, params: types.DocumentDiagnosticParams):
    ls.current(params.text_document.uri)
    return types.RelatedFullDocumentDiagnosticReport(items=ls.lsp_diagnostics(params.text_document.uri))


# ---- settings and files ----------------------------------------------------------


@server.feature(types.WORKSPACE_DID_CHANGE_CONFIGURATION)
async def did_change_configuration(ls: CnlintServer, params: types.DidChangeConfigurationParams):
    caps = ls.client_capabilities.workspace
    if not (caps and caps.configuration and await fetch_configuration(ls)):
        settings = params.settings
        if isinstance(settings, dict) and "cnlint" in settings:
            settings = settings["cnlint"]
        ls.set_options(settings, "client_options")
    ls.relint_all()


@server.feature(types.WORKSPACE_DID_CHANGE_WORKSPACE_FOLDERS)
def did_change_workspace_folders(ls: CnlintServer, params: types.DidChangeWorkspaceFoldersParams):
    roots = [Path(p) for p in (to_fs_path(f.uri) for f in ls.workspace.folders.values()) if p]
    if ls.workspace.root_path and Path(ls.workspace.root_path) not in roots:
        roots.insert(0, Path(ls.workspace.root_path))  # a client that gave only rootUri
    buffers = ls.index.buffers
    ls.index = Index(roots)
    ls.index.buffers = buffers
    ls.refresh([u for u, r in ls.results.items() if context.needs_context(r.kind)])


@server.feature(types.WORKSPACE_DID_CHANGE_WATCHED_FILES)
def did_change_watched_files(ls: CnlintServer, params: types.DidChangeWatchedFilesParams):
    config_changed = False
    for event in params.changes:
        path = to_fs_path(event.uri)
        if not path:
            continue
        path = Path(path)
        if is_config(path):
            config_changed = True
        elif ls.engine is not None:
            ls.index.file_changed(path, ls.engine.resolver, deleted=event.type == types.FileChangeType.Deleted)
    if config_changed:
        ls.index.forget_files()  # excludes and Dockerfile patterns may differ now
        ls.relint_all()
        return
    uris = [u for u, r in ls.results.items() if context.needs_context(r.kind)]
    ls.refresh(uris)


# ---- code actions -----------------------------------------------------------------


def _overlaps(a: types.Range, b: types.Range) -> bool:
    start = lambda p: (p.line, p.character)  # noqa: E731
    return start(a.start) <= start(b.end) and start(b.start) <= start(a.end)


def _wanted(kind: str, only) -> bool:
    return not only or any(kind == o or kind.startswith(o + ".") for o in only)


@server.feature(
    types.TEXT_DOCUMENT_CODE_ACTION,
    types.CodeActionOptions(code_action_kinds=[types.CodeActionKind.QuickFix, FIX_ALL]),
)
def code_action(ls: CnlintServer, params: types.CodeActionParams):
    uri = params.text_document.uri
    linted = ls.current(uri)
    if linted is None:
        return None
    only = params.context.only
    enc = ls.encoding
    docs_url = ls.docs_url(linted.path)
    out: list[types.CodeAction] = []

    def edit_for(edits) -> types.WorkspaceEdit:
        return types.WorkspaceEdit(changes={uri: [convert.to_text_edit(e, linted.source, enc) for e in edits]})

    if _wanted(types.CodeActionKind.QuickFix, only):
        suppressed = set()
        for d in linted.diagnostics:
            diag = convert.to_diagnostic(d, linted.source, enc, docs_url)
            if not _overlaps(diag.range, params.range):
                continue
            if d.fix is not None:
                out.append(types.CodeAction(
                    title=f"{d.fix.description} ({d.code})" + ("" if d.fix.safe else " [unsafe]"),
                    kind=types.CodeActionKind.QuickFix,
                    diagnostics=[diag],
                    edit=edit_for(d.fix.edits),
                    is_preferred=d.fix.safe,
                ))
            if d.code in NOT_SUPPRESSIBLE:
                continue
            for file_level in (False, True):
                key = (d.code, file_level, None if file_level else d.span.line)
                if key in suppressed:
                    continue
                suppressed.add(key)
                settings = ls.engine.resolver.for_path(linted.path)
                file_kind = ls.index.kind(linted.path, ls.engine.resolver)
                edit = actions.suppression_edit(file_kind, ls.index.display(linted.path), linted.source.text, settings, d.code, d.span.line, file_level)
                if edit is None:
                    continue
                where = "in this file" if file_level else "on this line"
                out.append(types.CodeAction(
                    title=f"Suppress {d.code} {where}",
                    kind=types.CodeActionKind.QuickFix,
                    diagnostics=[diag],
                    edit=edit_for([edit]),
                ))
    if _wanted(FIX_ALL, only) and any(d.fix and d.fix.safe for d in linted.diagnostics):
        new_text = fix_all(ls, linted)
        if new_text is not None and new_text != linted.source.text:
            whole = types.Range(
                start=types.Position(line=0, character=0),
                end=convert.to_position(linted.source, linted.source.line_count + 1, 1, enc),
            )
            out.append(types.CodeAction(
                title="Fix all safely fixable cnlint problems",
                kind=FIX_ALL,
                edit=types.WorkspaceEdit(changes={uri: [types.TextEdit(range=whole, new_text=new_text)]}),
            ))
    return out or None


def fix_all(ls: CnlintServer, linted: Linted) -> str | None:
    engine = ls.engine
    display = ls.index.display(linted.path)
    try:
        result = engine.fix(ls.index.inputs([(linted.path, ls.index.kind(linted.path, engine.resolver))], engine.resolver))
    except Exception as exc:
        ls.log(f"cnlint: fixing {display} failed: {type(exc).__name__}: {exc}", types.MessageType.Error)
        return None
    change = result.changes.get(display)
    return change[1] if change else None


# ---- hover ----------------------------------------------------------------------


@server.feature(types.TEXT_DOCUMENT_HOVER)
def hover(ls: CnlintServer, params: types.HoverParams):
    from cnlint.docs import explain

    linted = ls.current(params.text_document.uri)
    if linted is None:
        return None
    enc = ls.encoding
    line, column = convert.from_position(linted.source, params.position, enc)
    catalogue = ls.engine.catalogue
    text = linted.source.line(line)
    word = actions.word_at(text, column)
    if word and actions.in_suppression_comment(text, word[1]):
        rule = catalogue.get(word[0])
        if rule is not None:
            span_range = convert.to_range(linted.source, Span(line, word[1], line, word[2]), enc)
            return types.Hover(contents=types.MarkupContent(kind=types.MarkupKind.Markdown, value=explain(rule)), range=span_range)
    pos = types.Range(start=params.position, end=params.position)
    rules = []
    for d in linted.diagnostics:
        if _overlaps(convert.to_range(linted.source, d.span, enc), pos):
            rule = catalogue.by_code.get(d.code)
            if rule is not None and rule not in rules:
                rules.append(rule)
    if not rules:
        return None
    return types.Hover(contents=types.MarkupContent(kind=types.MarkupKind.Markdown, value="\n---\n\n".join(explain(r) for r in rules)))


def main() -> int:
    server.start_io()
    return 0

