"""`cnlint lsp`: a Language Server on stdio — the protocol only. What to
lint and when lives in session.py; code actions and hover in their modules."""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path

from lsprotocol import types
from pygls.exceptions import JsonRpcException, JsonRpcInvalidRequest, JsonRpcParseError
from pygls.lsp.server import LanguageServer
from pygls.protocol import LanguageServerProtocol
from pygls.uris import from_fs_path, to_fs_path

from cnlint import __version__
from cnlint.engine import read_text
from cnlint.lsp import code_actions, convert
from cnlint.lsp.hover import hover as hover_for
from cnlint.lsp.session import Session
from cnlint.lsp.workspace import Index, is_config
from cnlint.source import Source

WATCHED = ("**/{.cnlint.toml,cnlint.toml,pyproject.toml,.hadolint.yaml,.hadolint.yml}", "**/*.{yaml,yml,go}", "**/go.mod", "**/*Dockerfile*", "**/*Containerfile*")
LEVELS = {"error": types.MessageType.Error, "warning": types.MessageType.Warning, "log": types.MessageType.Log}


class _Refused:
    """A message that could not be read, and the error it is answered with
    (`answer` False: a notification, which takes no answer)."""

    def __init__(self, msg_id, error: JsonRpcException, answer: bool):
        self.id, self.error, self.answer = msg_id, error, answer


class Protocol(LanguageServerProtocol):
    """JSON-RPC as the spec asks for what is malformed: a request whose params
    do not fit its method is answered with Invalid Params, what is no message
    at all with Invalid Request (id null); a notification that cannot be read
    is only said in the log."""

    def structure_message(self, data):
        try:
            return super().structure_message(data)
        except JsonRpcException as exc:
            msg_id = data.get("id")
            if "method" in data and msg_id is None:
                return _Refused(None, exc, answer=False)
            return _Refused(msg_id if isinstance(msg_id, (int, str)) else None, exc, answer=True)

    def _send_data(self, data):
        if self._server.unreachable:
            return  # the editor is gone: nothing more is sent
        try:
            super()._send_data(data)
        except (OSError, ValueError):  # a closed pipe or file (pygls reports other failures)
            self._server._lost()

    def handle_message(self, message):
        if isinstance(message, _Refused):
            self.refuse(message.id, message.error, message.answer)
        elif not hasattr(message, "jsonrpc"):  # a list, a string, a number: no JSON-RPC message
            self.refuse(None, JsonRpcInvalidRequest())
        else:
            super().handle_message(message)

    def refuse(self, msg_id, error: JsonRpcException, answer: bool = True) -> None:
        if answer:
            self._send_data({"jsonrpc": "2.0", "id": msg_id, "error": {"code": error.code, "message": error.message}})
        self._server.log(f"cnlint: refused a message from the editor: {error.message}", "warning")


class CnlintServer(LanguageServer):
    """The session's client: how it reaches the editor."""

    def __init__(self):
        super().__init__("cnlint", __version__, text_document_sync_kind=types.TextDocumentSyncKind.Incremental, protocol_cls=Protocol)
        self.session = Session(self)
        self.loop: asyncio.AbstractEventLoop | None = None  # set once the protocol runs
        # Once the editor cannot be written to, nothing more is sent: a failed
        # send is reported, and the report is a send that fails in turn.
        self.unreachable = False
        self._reporting = False

    @property
    def documents(self):
        return self.workspace.text_documents

    @staticmethod
    def path_of(uri: str) -> Path | None:
        path = to_fs_path(uri)
        return Path(path) if path else None

    @property
    def encoding(self) -> str:
        enc = self.workspace.position_encoding or convert.UTF16
        return getattr(enc, "value", enc)

    def log(self, message: str, level: str = "log") -> None:
        if not self.unreachable:
            self.window_log_message(types.LogMessageParams(type=LEVELS[level], message=message))

    def show_error(self, message: str) -> None:
        self.window_show_message(types.ShowMessageParams(type=types.MessageType.Error, message=message))

    def report_server_error(self, error, source):
        # Out-of-band errors go to the log: the editor keeps working. A body
        # that is not JSON gets the Parse Error JSON-RPC asks for.
        if self._reporting or self.unreachable:
            # reporting failed: what failed is the way to the editor
            self._lost()
            return
        self._reporting = True
        try:
            if isinstance(error, ValueError) and source is JsonRpcException:
                self.protocol.refuse(None, JsonRpcParseError())
                return
            self.log(f"cnlint: {type(error).__name__}: {error}", "error")
        finally:
            self._reporting = False

    def _lost(self) -> None:
        """The editor cannot be written to: send nothing more, and stop at
        the next message or the end of the input."""
        self.unreachable = True
        if self._stop_event is not None:
            self._stop_event.set()

    def diagnostics_of(self, uri: str) -> list[types.Diagnostic]:
        linted = self.session.results.get(uri)
        if linted is None:
            return []
        docs_url = self.session.docs_url(linted.path)
        return [convert.to_diagnostic(d, linted.source, self.encoding, docs_url, self.locate) for d in linted.diagnostics]

    def locate(self, display: str, span) -> types.Location | None:
        path = self.session.index.absolute(display)
        uri = from_fs_path(str(path))
        doc = self.documents.get(uri)
        if doc is not None:
            source = Source(doc.source)
        else:
            text = read_text(path).text
            if text is None:
                return None
            source = Source(text)
        return types.Location(uri=uri, range=convert.to_range(source, span, self.encoding))

    def publish(self, uris: list[str]) -> None:
        if self.session.pull:
            return
        for uri in uris:
            linted = self.session.results.get(uri)
            self.text_document_publish_diagnostics(
                types.PublishDiagnosticsParams(uri=uri, diagnostics=self.diagnostics_of(uri), version=linted.version if linted else None)
            )

    def refresh(self) -> None:
        caps = self.client_capabilities.workspace
        if caps and caps.diagnostics and caps.diagnostics.refresh_support:
            self.workspace_diagnostic_refresh(None)


server = CnlintServer()


# ---- lifecycle -----------------------------------------------------------------


@server.feature(types.INITIALIZE)
def initialize(ls: CnlintServer, params: types.InitializeParams):
    ls.loop = asyncio.get_running_loop()
    roots = [Path(to_fs_path(f.uri)) for f in params.workspace_folders or [] if to_fs_path(f.uri)]
    if not roots and params.root_uri and to_fs_path(params.root_uri):
        roots = [Path(to_fs_path(params.root_uri))]
    elif not roots and params.root_path:
        roots = [Path(params.root_path)]
    # Project-wide settings and relative paths start at the first folder.
    ls.session.index = Index(roots)
    options = params.initialization_options
    if isinstance(options, dict) and isinstance(options.get("cnlint"), dict):
        options = options["cnlint"]
    ls.session.set_options(options, "init_options")
    ls.session.pull = params.capabilities.text_document is not None and params.capabilities.text_document.diagnostic is not None


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
            ls.log(f"cnlint: cannot watch files: {exc}", "warning")
    if caps and caps.configuration:
        await fetch_configuration(ls)


async def fetch_configuration(ls: CnlintServer) -> bool:
    try:
        got = await ls.workspace_configuration_async(types.ConfigurationParams(items=[types.ConfigurationItem(section="cnlint")]))
    except Exception as exc:
        ls.log(f"cnlint: cannot read the editor's settings: {exc}", "warning")
        return False
    ls.session.set_options(got[0] if got else None, "client_options")
    return True


# ---- documents -----------------------------------------------------------------


@server.feature(types.TEXT_DOCUMENT_DID_OPEN)
def did_open(ls: CnlintServer, params: types.DidOpenTextDocumentParams):
    ls.publish(ls.session.lint([params.text_document.uri]))


@server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
def did_change(ls: CnlintServer, params: types.DidChangeTextDocumentParams):
    uri = params.text_document.uri
    doc, path, _ = ls.session.document(uri, ls.path_of(uri))
    if doc is not None:  # other files' lints see the new text at once
        ls.session.index.buffers[path] = doc.source
    ls.session.schedule(uri)


@server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
def did_close(ls: CnlintServer, params: types.DidCloseTextDocumentParams):
    uri = params.text_document.uri
    if not ls.session.pull:
        ls.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri=uri, diagnostics=[]))
    ls.session.closed(uri, ls.path_of(uri))


@server.feature(types.TEXT_DOCUMENT_DIAGNOSTIC, types.DiagnosticOptions(inter_file_dependencies=True, workspace_diagnostics=False))
def pull_diagnostics(ls: CnlintServer, params: types.DocumentDiagnosticParams):
    ls.session.current(params.text_document.uri)
    return types.RelatedFullDocumentDiagnosticReport(items=ls.diagnostics_of(params.text_document.uri))


# ---- settings and files ----------------------------------------------------------


@server.feature(types.WORKSPACE_DID_CHANGE_CONFIGURATION)
async def did_change_configuration(ls: CnlintServer, params: types.DidChangeConfigurationParams):
    caps = ls.client_capabilities.workspace
    if not (caps and caps.configuration and await fetch_configuration(ls)):
        settings = params.settings
        if isinstance(settings, dict) and "cnlint" in settings:
            settings = settings["cnlint"]
        ls.session.set_options(settings, "client_options")
    ls.session.relint_all()


@server.feature(types.WORKSPACE_DID_CHANGE_WORKSPACE_FOLDERS)
def did_change_workspace_folders(ls: CnlintServer, params: types.DidChangeWorkspaceFoldersParams):
    roots = [Path(p) for p in (to_fs_path(f.uri) for f in ls.workspace.folders.values()) if p]
    if ls.workspace.root_path and Path(ls.workspace.root_path) not in roots:
        roots.insert(0, Path(ls.workspace.root_path))  # a client that gave only rootUri
    buffers = ls.session.index.buffers
    ls.session.index = Index(roots)
    ls.session.index.buffers = buffers
    ls.session.relint_cross_file()


@server.feature(types.WORKSPACE_DID_CHANGE_WATCHED_FILES)
def did_change_watched_files(ls: CnlintServer, params: types.DidChangeWatchedFilesParams):
    changes = [(ls.path_of(e.uri), e.type == types.FileChangeType.Deleted) for e in params.changes if ls.path_of(e.uri)]
    ls.session.files_changed(changes, is_config)


# ---- code actions and hover ---------------------------------------------------------


@server.feature(
    types.TEXT_DOCUMENT_CODE_ACTION,
    types.CodeActionOptions(code_action_kinds=[types.CodeActionKind.QuickFix, code_actions.FIX_ALL]),
)
def code_action(ls: CnlintServer, params: types.CodeActionParams):
    return code_actions.code_actions(ls.session, params.text_document.uri, params, ls.encoding)


@server.feature(types.TEXT_DOCUMENT_HOVER)
def hover(ls: CnlintServer, params: types.HoverParams):
    return hover_for(ls.session, params.text_document.uri, params.position, ls.encoding)


class _ToClientLog(logging.Handler):
    """cnlint's notes (how images were linked to Dockerfiles, a skipped
    ShellCheck) go to the editor's log, as `check -v` prints them; from the
    batch thread too."""

    def __init__(self, ls: CnlintServer):
        super().__init__(logging.INFO)
        self.ls = ls
        self.seen: set[str] = set()

    def emit(self, record: logging.LogRecord) -> None:
        message = f"cnlint: {record.getMessage()}"
        if message in self.seen:  # once, not on every keystroke
            return
        self.seen.add(message)
        loop = self.ls.loop
        if loop is not None and loop.is_running():
            loop.call_soon_threadsafe(self.ls.log, message, "log")


class _LibraryLog(logging.Handler):
    """pygls's own warnings, one line each to the editor's log: stderr gets
    no tracebacks for what a client sent."""

    def __init__(self, ls: CnlintServer):
        super().__init__(logging.WARNING)
        self.ls = ls

    def emit(self, record: logging.LogRecord) -> None:
        loop = self.ls.loop
        if loop is not None and loop.is_running():
            first = record.getMessage().splitlines()[0] if record.getMessage() else record.levelname
            loop.call_soon_threadsafe(self.ls.log, f"cnlint (pygls): {first}", "log")


def main() -> int:
    notes = logging.getLogger("cnlint")
    notes.setLevel(logging.INFO)
    notes.addHandler(_ToClientLog(server))
    notes.propagate = False  # stdout and stderr belong to the protocol
    library = logging.getLogger("pygls")
    library.addHandler(_LibraryLog(server))
    library.propagate = False
    server.start_io()
    return 0
