"""`cnlint lsp` end to end: a real LSP client talks to the server process over stdio."""

from __future__ import annotations

import asyncio
import os
import sys
from pathlib import Path

import pytest
import pytest_lsp
from helpers import needs_shellcheck
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient

pytestmark = pytest.mark.asyncio

DOCKERFILE = "FROM alpine:latest\nMAINTAINER x\n"


@pytest_lsp.fixture(config=ClientServerConfig(server_command=[sys.executable, "-m", "cnlint", "lsp"]))
async def client(lsp_client: LanguageClient):
    yield
    await lsp_client.shutdown_session()


def uri_of(path: Path) -> str:
    return path.absolute().as_uri()


async def start(client, root: Path, options=None, pull=False, encodings=None, configuration=False, watch=False):
    caps = types.ClientCapabilities(
        text_document=types.TextDocumentClientCapabilities(diagnostic=types.DiagnosticClientCapabilities()) if pull else None,
        workspace=types.WorkspaceClientCapabilities(
            configuration=configuration,
            diagnostics=types.DiagnosticWorkspaceClientCapabilities(refresh_support=True) if pull else None,
            did_change_watched_files=types.DidChangeWatchedFilesClientCapabilities(dynamic_registration=watch),
        ),
        general=types.GeneralClientCapabilities(position_encodings=encodings) if encodings else None,
    )
    if watch:
        # The server registers its file watchers with the client.
        client.feature(types.CLIENT_REGISTER_CAPABILITY)(lambda params: None)
    return await client.initialize_session(
        types.InitializeParams(capabilities=caps, root_uri=uri_of(root), initialization_options=options)
    )


def open_doc(client, path: Path, text: str, language="dockerfile", version=1):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(types.TextDocumentItem(uri=uri_of(path), language_id=language, version=version, text=text))
    )
    return uri_of(path)


def replace_all(client, uri: str, text: str, version: int):
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
            content_changes=[types.TextDocumentContentChangeWholeDocument(text=text)],
        )
    )


async def diagnostics(client, uri: str, until=lambda ds: True, timeout=15.0):
    """The diagnostics last published for `uri`, once `until` holds for them."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while True:
        current = client.diagnostics.get(uri)
        if current is not None and until(current):
            return current
        if loop.time() > deadline:
            raise AssertionError(f"diagnostics for {uri}: {current}")
        await asyncio.sleep(0.02)  # polling: a cancelled wait would upset the client


def codes(diags) -> list[str]:
    return sorted(str(d.code) for d in diags)


def rng(d) -> tuple[int, int, int, int]:
    return (d.range.start.line, d.range.start.character, d.range.end.line, d.range.end.character)


def apply_edits(text: str, edits) -> str:
    """Apply LSP TextEdits (UTF-16 positions; ASCII text here) as an editor does."""
    lines = text.split("\n")

    def offset(pos):
        return sum(len(line) + 1 for line in lines[: pos.line]) + pos.character

    for e in sorted(edits, key=lambda e: (e.range.start.line, e.range.start.character), reverse=True):
        text = text[: offset(e.range.start)] + e.new_text + text[min(offset(e.range.end), len(text)) :]
    return text


async def actions(client, uri, line, character=0, only=None):
    pos = types.Position(line=line, character=character)
    return await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            range=types.Range(start=pos, end=pos),
            context=types.CodeActionContext(diagnostics=[], only=only),
        )
    )


# ---- diagnostics ---------------------------------------------------------------


async def test_open_publishes_exact_diagnostics_with_codes_and_severities(client, tmp_path):
    await start(client, tmp_path, {"select": ["DF002", "DF003"]})
    uri = open_doc(client, tmp_path / "Dockerfile", DOCKERFILE)
    diags = await diagnostics(client, uri)
    assert [(str(d.code), rng(d), d.severity, d.source) for d in diags] == [
        ("DF002", (0, 5, 0, 18), types.DiagnosticSeverity.Warning, "cnlint"),
        ("DF003", (1, 0, 1, 10), types.DiagnosticSeverity.Error, "cnlint"),
    ]
    assert diags[0].message == "base image 'alpine:latest' uses the 'latest' tag; pin a version"
    assert all(d.code_description is None for d in diags)  # no docs-url configured


async def test_docs_link_comes_from_the_docs_url_setting(client, tmp_path):
    await start(client, tmp_path, {"select": ["DF003"], "docs-url": "https://example.com/rules/{code}-{name}"})
    uri = open_doc(client, tmp_path / "Dockerfile", DOCKERFILE)
    (diag,) = await diagnostics(client, uri)
    assert diag.code_description.href == "https://example.com/rules/DF003-maintainer-deprecated"


async def test_docs_link_comes_from_the_config_file(client, tmp_path):
    (tmp_path / "cnlint.toml").write_text('select = ["DF003"]\ndocs-url = "https://docs.example/{code}"\n')
    await start(client, tmp_path)
    uri = open_doc(client, tmp_path / "Dockerfile", DOCKERFILE)
    (diag,) = await diagnostics(client, uri)
    assert diag.code_description.href == "https://docs.example/DF003"


async def test_change_lints_the_unsaved_buffer_and_close_clears(client, tmp_path):
    await start(client, tmp_path, {"select": ["DF002", "DF003"]})
    uri = open_doc(client, tmp_path / "Dockerfile", DOCKERFILE)
    await diagnostics(client, uri, lambda ds: len(ds) == 2)
    replace_all(client, uri, "FROM alpine:3.20\nMAINTAINER x\n", 2)
    diags = await diagnostics(client, uri, lambda ds: codes(ds) == ["DF003"])
    assert rng(diags[0]) == (1, 0, 1, 10)
    assert (tmp_path / "Dockerfile").read_text() == DOCKERFILE  # the disk was never the source
    client.text_document_did_close(types.DidCloseTextDocumentParams(types.TextDocumentIdentifier(uri=uri)))
    assert list(await diagnostics(client, uri, lambda ds: len(ds) == 0)) == []


async def test_incremental_changes_are_applied_before_linting(client, tmp_path):
    await start(client, tmp_path, {"select": ["DF002"]})
    uri = open_doc(client, tmp_path / "Dockerfile", "FROM alpine:3.20\n")
    await diagnostics(client, uri, lambda ds: len(ds) == 0)
    edit = types.TextDocumentContentChangePartial(
        range=types.Range(start=types.Position(line=0, character=12), end=types.Position(line=0, character=16)), text="latest"
    )
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(types.VersionedTextDocumentIdentifier(uri=uri, version=2), [edit])
    )
    diags = await diagnostics(client, uri, lambda ds: len(ds) == 1)
    assert rng(diags[0]) == (0, 5, 0, 18)


NON_BMP = 'FROM alpine:3.20\nLABEL note="🐳🐳" empty=""\n'


async def test_columns_are_utf16_code_units_by_default(client, tmp_path):
    result = await start(client, tmp_path, {"select": ["DF050"]})
    assert result.capabilities.position_encoding == types.PositionEncodingKind.Utf16
    uri = open_doc(client, tmp_path / "Dockerfile", NON_BMP)
    (diag,) = await diagnostics(client, uri, lambda ds: len(ds) == 1)
    # 16 characters precede 'empty'; the two whales are two UTF-16 units each.
    assert rng(diag) == (1, 18, 1, 23)


async def test_utf8_positions_when_the_client_prefers_them(client, tmp_path):
    result = await start(client, tmp_path, {"select": ["DF050"]}, encodings=[types.PositionEncodingKind.Utf8, types.PositionEncodingKind.Utf16])
    assert result.capabilities.position_encoding == types.PositionEncodingKind.Utf8
    uri = open_doc(client, tmp_path / "Dockerfile", NON_BMP)
    (diag,) = await diagnostics(client, uri, lambda ds: len(ds) == 1)
    assert rng(diag) == (1, 22, 1, 27)  # each whale is four bytes


async def test_utf32_positions_count_characters(client, tmp_path):
    await start(client, tmp_path, {"select": ["DF050"]}, encodings=[types.PositionEncodingKind.Utf32])
    uri = open_doc(client, tmp_path / "Dockerfile", NON_BMP)
    (diag,) = await diagnostics(client, uri, lambda ds: len(ds) == 1)
    assert rng(diag) == (1, 16, 1, 21)


async def test_pull_diagnostics_when_the_client_supports_them(client, tmp_path):
    result = await start(client, tmp_path, {"select": ["DF003"]}, pull=True)
    assert result.capabilities.diagnostic_provider.inter_file_dependencies is True
    uri = open_doc(client, tmp_path / "Dockerfile", DOCKERFILE)
    report = await client.text_document_diagnostic_async(types.DocumentDiagnosticParams(types.TextDocumentIdentifier(uri=uri)))
    assert [(str(d.code), rng(d)) for d in report.items] == [("DF003", (1, 0, 1, 10))]
    replace_all(client, uri, "FROM alpine:3.20\n", 2)
    report = await client.text_document_diagnostic_async(types.DocumentDiagnosticParams(types.TextDocumentIdentifier(uri=uri)))
    assert list(report.items) == []
    assert uri not in client.diagnostics  # pulled, never pushed


async def test_a_broken_file_is_a_diagnostic_and_the_server_lives_on(client, tmp_path):
    await start(client, tmp_path, {"select": ["CN001", "KM", "DF003"]})
    uri = open_doc(client, tmp_path / "deploy.yaml", "apiVersion: v1\nkind: Pod\nmetadata: {name: [\n", "yaml")
    diags = await diagnostics(client, uri, lambda ds: len(ds) > 0)
    assert codes(diags) == ["CN001"]
    assert diags[0].severity == types.DiagnosticSeverity.Error
    # Half-typed text keeps arriving; the server answers each time.
    for version, text in enumerate(["apiVersion: v1\nkind: Pod\nmetadata:\n  name: \"", "\t\x00", "kind: [", ""], start=2):
        replace_all(client, uri, text, version)
        await asyncio.sleep(0.05)
    replace_all(client, uri, "FROM x\n", 9)
    doc = tmp_path / "Dockerfile"
    uri2 = open_doc(client, doc, DOCKERFILE)
    await diagnostics(client, uri2, lambda ds: len(ds) > 0)
    assert client.error is None


# ---- code actions ----------------------------------------------------------------


async def test_quick_fix_applied_gives_a_clean_relint(client, tmp_path):
    await start(client, tmp_path, {"select": ["DF003"]})
    uri = open_doc(client, tmp_path / "Dockerfile", DOCKERFILE)
    await diagnostics(client, uri, lambda ds: len(ds) == 1)
    found = await actions(client, uri, line=1, character=3)
    fix = next(a for a in found if a.title.startswith("Replace MAINTAINER"))
    assert fix.kind == types.CodeActionKind.QuickFix and fix.is_preferred
    assert [str(d.code) for d in fix.diagnostics] == ["DF003"]
    fixed = apply_edits(DOCKERFILE, fix.edit.changes[uri])
    assert fixed == 'FROM alpine:latest\nLABEL maintainer="x"\n'
    replace_all(client, uri, fixed, 2)
    await diagnostics(client, uri, lambda ds: len(ds) == 0)


async def test_no_actions_away_from_a_diagnostic(client, tmp_path):
    await start(client, tmp_path, {"select": ["DF003"]})
    uri = open_doc(client, tmp_path / "Dockerfile", DOCKERFILE)
    await diagnostics(client, uri, lambda ds: len(ds) == 1)
    assert await actions(client, uri, line=0, only=[types.CodeActionKind.QuickFix]) is None


SERVICE = """apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
        - name: web
          image: nginx:latest
"""


async def test_suppress_on_this_line_inserts_the_comment_indented(client, tmp_path):
    await start(client, tmp_path, {"select": ["KM", "CN002"]})
    uri = open_doc(client, tmp_path / "deploy.yaml", SERVICE, "yaml")
    diags = await diagnostics(client, uri, lambda ds: len(ds) > 0)
    latest = next(d for d in diags if d.range.start.line == 13 and "latest" in d.message)
    code = str(latest.code)
    found = await actions(client, uri, line=13, character=18)
    action = next(a for a in found if a.title == f"Suppress {code} on this line")
    (edit,) = action.edit.changes[uri]
    assert edit.new_text == f"          # cnlint: ignore={code}\n"
    assert (edit.range.start.line, edit.range.start.character) == (13, 0)
    fixed = apply_edits(SERVICE, [edit])
    replace_all(client, uri, fixed, 2)
    after = await diagnostics(client, uri, lambda ds: all(str(d.code) != code for d in ds))
    assert "CN002" not in codes(after)  # the new comment is used


async def test_suppress_in_this_file_goes_below_parser_directives(client, tmp_path):
    text = "# syntax=docker/dockerfile:1\nFROM alpine:latest\nMAINTAINER x\n"
    await start(client, tmp_path, {"select": ["DF003", "CN002"]})
    uri = open_doc(client, tmp_path / "Dockerfile", text)
    await diagnostics(client, uri, lambda ds: len(ds) == 1)
    found = await actions(client, uri, line=2)
    action = next(a for a in found if a.title == "Suppress DF003 in this file")
    (edit,) = action.edit.changes[uri]
    assert (edit.range.start.line, edit.new_text) == (1, "# cnlint: ignore-file=DF003\n")
    replace_all(client, uri, apply_edits(text, [edit]), 2)
    await diagnostics(client, uri, lambda ds: len(ds) == 0)


async def test_suppress_go_uses_the_go_comment_syntax(client, tmp_path):
    text = 'package main\n\nimport "crypto/tls"\n\nfunc main() {\n\t_ = &tls.Config{InsecureSkipVerify: true}\n}\n'
    await start(client, tmp_path, {"select": ["GO001", "CN002"]})
    uri = open_doc(client, tmp_path / "main.go", text, "go")
    diags = await diagnostics(client, uri, lambda ds: len(ds) > 0)
    code = str(diags[0].code)
    line = diags[0].range.start.line
    found = await actions(client, uri, line=line, character=diags[0].range.start.character)
    by_title = {a.title: a for a in found}
    (edit,) = by_title[f"Suppress {code} on this line"].edit.changes[uri]
    assert (edit.range.start.line, edit.new_text) == (line, f"\t//cnlint:ignore {code}\n")
    (file_edit,) = by_title[f"Suppress {code} in this file"].edit.changes[uri]
    assert (file_edit.range.start.line, file_edit.new_text) == (0, f"//cnlint:ignore-file {code}\n")
    replace_all(client, uri, apply_edits(text, [edit]), 2)
    await diagnostics(client, uri, lambda ds: code not in codes(ds))


async def test_fix_all_applies_every_safe_fix(client, tmp_path):
    text = "FROM alpine:3.20\nMAINTAINER x\nRUN apt-get install curl\n"
    await start(client, tmp_path, {"select": ["DF003", "DF004", "DF017"]})
    uri = open_doc(client, tmp_path / "Dockerfile", text)
    await diagnostics(client, uri, lambda ds: len(ds) == 3)
    (action,) = await actions(client, uri, line=0, only=["source.fixAll"])
    assert action.kind == "source.fixAll.cnlint"
    fixed = apply_edits(text, action.edit.changes[uri])
    # DF017's fix is unsafe: fix-all leaves it.
    assert fixed == 'FROM alpine:3.20\nLABEL maintainer="x"\nRUN apt-get install -y curl\n'
    replace_all(client, uri, fixed, 2)
    assert codes(await diagnostics(client, uri, lambda ds: len(ds) == 1)) == ["DF017"]


# ---- hover ------------------------------------------------------------------------


async def test_hover_on_a_code_in_a_suppression_comment(client, tmp_path):
    text = "FROM alpine:3.20\n# hadolint ignore=DL4000\nMAINTAINER x\n"
    await start(client, tmp_path)
    uri = open_doc(client, tmp_path / "Dockerfile", text)
    hover = await client.text_document_hover_async(
        types.HoverParams(types.TextDocumentIdentifier(uri=uri), types.Position(line=1, character=20))
    )
    assert hover.contents.value.startswith("# DF003 maintainer-deprecated\n")
    assert rng(hover) == (1, 18, 1, 24)


async def test_hover_on_a_diagnostic_shows_its_rule(client, tmp_path):
    await start(client, tmp_path, {"select": ["DF002"]})
    uri = open_doc(client, tmp_path / "Dockerfile", DOCKERFILE)
    await diagnostics(client, uri, lambda ds: len(ds) == 1)
    hover = await client.text_document_hover_async(
        types.HoverParams(types.TextDocumentIdentifier(uri=uri), types.Position(line=0, character=9))
    )
    assert hover.contents.kind == types.MarkupKind.Markdown
    assert hover.contents.value.startswith("# DF002 latest-base-image\n")
    assert "## Why is this bad?" in hover.contents.value
    nothing = await client.text_document_hover_async(
        types.HoverParams(types.TextDocumentIdentifier(uri=uri), types.Position(line=1, character=3))
    )
    assert nothing is None


# ---- configuration -----------------------------------------------------------------


async def test_configuration_change_from_the_editor(client, tmp_path):
    client.set_configuration({"select": ["DF002", "DF003"]}, section="cnlint")
    await start(client, tmp_path, configuration=True)
    uri = open_doc(client, tmp_path / "Dockerfile", DOCKERFILE)
    await diagnostics(client, uri, lambda ds: codes(ds) == ["DF002", "DF003"])
    client.set_configuration({"select": ["DF002", "DF003"], "ignore": ["DF002"]}, section="cnlint")
    client.workspace_did_change_configuration(types.DidChangeConfigurationParams(settings=None))
    await diagnostics(client, uri, lambda ds: codes(ds) == ["DF003"])


async def test_configuration_pushed_without_workspace_configuration(client, tmp_path):
    await start(client, tmp_path, {"select": ["DF002", "DF003"]})
    uri = open_doc(client, tmp_path / "Dockerfile", DOCKERFILE)
    await diagnostics(client, uri, lambda ds: len(ds) == 2)
    client.workspace_did_change_configuration(types.DidChangeConfigurationParams(settings={"cnlint": {"ignore": ["DF003"]}}))
    await diagnostics(client, uri, lambda ds: codes(ds) == ["DF002"])


async def test_a_bad_setting_is_logged_not_fatal(client, tmp_path):
    await start(client, tmp_path, {"select": "DF003", "colour": True})
    uri = open_doc(client, tmp_path / "Dockerfile", DOCKERFILE)
    await diagnostics(client, uri, lambda ds: len(ds) > 1)  # defaults apply
    logged = [m.message for m in client.log_messages]
    assert "cnlint: setting 'select' must be a list of strings" in logged
    assert any(m.startswith("cnlint: unknown setting 'colour'") for m in logged)


async def test_config_file_change_is_picked_up(client, tmp_path):
    config = tmp_path / "cnlint.toml"
    config.write_text('select = ["DF002", "DF003"]\n')
    await start(client, tmp_path, watch=True)
    uri = open_doc(client, tmp_path / "Dockerfile", DOCKERFILE)
    await diagnostics(client, uri, lambda ds: len(ds) == 2)
    config.write_text('select = ["DF003"]\n')
    client.workspace_did_change_watched_files(
        types.DidChangeWatchedFilesParams([types.FileEvent(uri=uri_of(config), type=types.FileChangeType.Changed)])
    )
    await diagnostics(client, uri, lambda ds: codes(ds) == ["DF003"])


async def test_a_broken_config_file_is_shown_and_fixed_later(client, tmp_path):
    config = tmp_path / "cnlint.toml"
    config.write_text('select = ["DF999"]\n')
    await start(client, tmp_path)
    uri = open_doc(client, tmp_path / "Dockerfile", DOCKERFILE)
    for _ in range(100):
        if client.messages:
            break
        await asyncio.sleep(0.05)
    assert "unknown rule or selector 'DF999'" in client.messages[0].message
    config.write_text('select = ["DF003"]\n')
    client.workspace_did_change_watched_files(
        types.DidChangeWatchedFilesParams([types.FileEvent(uri=uri_of(config), type=types.FileChangeType.Changed)])
    )
    await diagnostics(client, uri, lambda ds: codes(ds) == ["DF003"])


# ---- the workspace -------------------------------------------------------------------

KM_SERVICE = """apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  selector:
    app: web
  ports:
    - port: 80
"""
KM_DEPLOYMENT = SERVICE.replace("nginx:latest", "nginx:1.27").replace("app: web", "app: wbe")


async def test_cross_file_rule_sees_the_workspace_and_other_buffers(client, tmp_path):
    (tmp_path / "k8s").mkdir()
    (tmp_path / "k8s" / "deployment.yaml").write_text(KM_DEPLOYMENT)
    await start(client, tmp_path, {"select": ["KM004"]})
    svc = open_doc(client, tmp_path / "k8s" / "service.yaml", KM_SERVICE, "yaml")
    (diag,) = await diagnostics(client, svc, lambda ds: len(ds) == 1)  # the deployment is on disk only
    assert str(diag.code) == "KM004"
    dep = open_doc(client, tmp_path / "k8s" / "deployment.yaml", KM_DEPLOYMENT, "yaml")
    await diagnostics(client, dep, lambda ds: len(ds) == 0)
    replace_all(client, dep, KM_DEPLOYMENT.replace("app: wbe", "app: web"), 2)  # fixed in the other buffer
    await diagnostics(client, svc, lambda ds: len(ds) == 0)
    # Closing the fixed buffer unsaved: the file on disk counts again.
    client.text_document_did_close(types.DidCloseTextDocumentParams(types.TextDocumentIdentifier(uri=dep)))
    await diagnostics(client, svc, lambda ds: len(ds) == 1)


async def test_a_new_file_on_disk_is_seen_by_cross_file_rules(client, tmp_path):
    await start(client, tmp_path, {"select": ["KM004"]}, watch=True)
    svc = open_doc(client, tmp_path / "service.yaml", KM_SERVICE, "yaml")
    await diagnostics(client, svc, lambda ds: len(ds) == 1)
    created = tmp_path / "deployment.yaml"
    created.write_text(KM_DEPLOYMENT.replace("app: wbe", "app: web"))
    client.workspace_did_change_watched_files(
        types.DidChangeWatchedFilesParams([types.FileEvent(uri=uri_of(created), type=types.FileChangeType.Created)])
    )
    await diagnostics(client, svc, lambda ds: len(ds) == 0)


# ---- a failing rule -------------------------------------------------------------------

BROKEN = {**os.environ, "PYTHONPATH": os.pathsep.join([str(Path(__file__).parent / "data" / "lsp_broken_rule"), os.environ.get("PYTHONPATH", "")])}


@pytest_lsp.fixture(config=ClientServerConfig(server_command=[sys.executable, "-m", "cnlint", "lsp"], server_env=BROKEN))
async def broken_client(lsp_client: LanguageClient):
    yield
    await lsp_client.shutdown_session()


async def test_a_failing_rule_is_logged_and_the_others_still_run(broken_client, tmp_path):
    await start(broken_client, tmp_path, {"select": ["DF002", "DF003", "CN003"]})
    uri = open_doc(broken_client, tmp_path / "Dockerfile", DOCKERFILE)
    diags = await diagnostics(broken_client, uri, lambda ds: len(ds) == 2)
    assert codes(diags) == ["CN003", "DF002"]
    errors = [m.message for m in broken_client.log_messages if m.type == types.MessageType.Error]
    assert any("internal error in rule DF003: RuntimeError: rule exploded" in m for m in errors), errors


async def test_pulling_clients_are_asked_to_refresh_when_another_file_changes(client, tmp_path):
    await start(client, tmp_path, {"select": ["KM004"]}, pull=True)
    svc = open_doc(client, tmp_path / "service.yaml", KM_SERVICE, "yaml")
    dep = open_doc(client, tmp_path / "deployment.yaml", KM_DEPLOYMENT, "yaml")

    async def pulled(uri):
        report = await client.text_document_diagnostic_async(types.DocumentDiagnosticParams(types.TextDocumentIdentifier(uri=uri)))
        return codes(report.items)

    assert await pulled(svc) == ["KM004"]
    replace_all(client, dep, KM_DEPLOYMENT.replace("app: wbe", "app: web"), 2)
    for _ in range(300):
        if client.diagnostic_refresh_count:
            break
        await asyncio.sleep(0.02)
    assert client.diagnostic_refresh_count >= 1
    assert await pulled(svc) == []


async def test_changes_are_debounced(client, tmp_path):
    await start(client, tmp_path, {"select": ["DF003"], "debounce-ms": 400})
    uri = open_doc(client, tmp_path / "Dockerfile", DOCKERFILE)
    await diagnostics(client, uri, lambda ds: len(ds) == 1)  # opening lints at once
    replace_all(client, uri, "FROM alpine:3.20\n", 2)
    await asyncio.sleep(0.1)
    assert codes(client.diagnostics[uri]) == ["DF003"]  # not yet: the server waits for typing to pause
    await diagnostics(client, uri, lambda ds: len(ds) == 0)


async def test_an_added_workspace_folder_joins_the_index(client, tmp_path):
    first, second = tmp_path / "a", tmp_path / "b"
    second.mkdir()
    (second / "deployment.yaml").write_text(KM_DEPLOYMENT.replace("app: wbe", "app: web"))
    await start(client, first, {"select": ["KM004"]})
    svc = open_doc(client, first / "service.yaml", KM_SERVICE, "yaml")
    await diagnostics(client, svc, lambda ds: len(ds) == 1)
    client.workspace_did_change_workspace_folders(
        types.DidChangeWorkspaceFoldersParams(
            types.WorkspaceFoldersChangeEvent(added=[types.WorkspaceFolder(uri=uri_of(second), name="b")], removed=[])
        )
    )
    await diagnostics(client, svc, lambda ds: len(ds) == 0)


SC_BAD = "FROM alpine:3.20\nRUN dir=$(mktemp -d) && rm -rf $dir/cache\nUSER 65532\n"


@needs_shellcheck
async def test_shellcheck_findings_follow_in_a_second_pass(client, tmp_path):
    # ShellCheck runs off the event loop: the other rules' diagnostics do not wait for it.
    await start(client, tmp_path)
    uri = open_doc(client, tmp_path / "Dockerfile", SC_BAD.replace("USER 65532", "MAINTAINER x\nUSER 65532"))
    found = await diagnostics(client, uri, until=lambda ds: "DF084" in codes(ds))
    assert codes(found) == ["DF003", "DF084"]
    [sc] = [d for d in found if d.code == "DF084"]
    assert (sc.range.start.line, sc.range.start.character) == (1, 31) and sc.message.startswith("SC2086")
    replace_all(client, uri, SC_BAD.replace("$dir/cache", '"$dir/cache"'), 2)
    assert codes(await diagnostics(client, uri, until=lambda ds: "DF084" not in codes(ds))) == []


GO_LOOP = "package main\n\nfunc main() {\n\tfor _, v := range []int{1} {\n\t\tgo func() { _ = v }()\n\t}\n}\n"


async def test_an_unsaved_go_mod_governs_the_go_files_and_reports_its_own_errors(client, tmp_path):
    (tmp_path / "go.mod").write_text("module m\n\ngo 1.21\n")
    await start(client, tmp_path, {"select": ["GO005", "CN001"]})
    main = open_doc(client, tmp_path / "cmd" / "main.go", GO_LOOP, "go")
    (diag,) = await diagnostics(client, main, lambda ds: len(ds) == 1)
    assert "go 1.21 per go.mod" in diag.message
    mod = open_doc(client, tmp_path / "go.mod", "module m\n\ngo 1.21\n", "go.mod")
    await diagnostics(client, mod, lambda ds: len(ds) == 0)
    # Typed, not saved: the Go file follows the buffer at once.
    replace_all(client, mod, "module m\n\ngo 1.22\nfoo bar\n", 2)
    await diagnostics(client, main, lambda ds: len(ds) == 0)
    (problem,) = await diagnostics(client, mod, lambda ds: len(ds) == 1)
    assert (str(problem.code), rng(problem), problem.message) == ("CN001", (3, 0, 3, 3), "unknown directive: foo")
    # Closed unsaved: the file on disk governs again.
    client.text_document_did_close(types.DidCloseTextDocumentParams(types.TextDocumentIdentifier(uri=mod)))
    await diagnostics(client, main, lambda ds: len(ds) == 1)


XA_DOCKERFILE = 'FROM alpine:3.20\nCOPY api /api\nUSER root\nENTRYPOINT ["/api"]\n'
XA_POD = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: api\nspec:\n  securityContext:\n    runAsNonRoot: true\n  containers:\n    - name: api\n      image: registry.example.com/api:1.0\n"


async def test_an_edit_to_a_manifest_updates_the_open_dockerfile_it_links_to(client, tmp_path):
    (tmp_path / "k8s").mkdir()
    (tmp_path / "k8s" / "api.yaml").write_text(XA_POD)
    await start(client, tmp_path, {"select": ["XA002"]})
    dockerfile = open_doc(client, tmp_path / "api" / "Dockerfile", XA_DOCKERFILE)
    (diag,) = await diagnostics(client, dockerfile, lambda ds: len(ds) == 1)  # the manifest is on disk only
    assert (str(diag.code), rng(diag)) == ("XA002", (2, 5, 2, 9))
    assert [(i.location.uri, i.location.range.start.line, i.message) for i in diag.related_information] == [(uri_of(tmp_path / "k8s" / "api.yaml"), 6, "runAsNonRoot is set here")]
    manifest = open_doc(client, tmp_path / "k8s" / "api.yaml", XA_POD, "yaml")
    await diagnostics(client, manifest, lambda ds: len(ds) == 1)
    replace_all(client, manifest, XA_POD.replace("runAsNonRoot: true", "runAsNonRoot: true\n    runAsUser: 1000"), 2)
    await diagnostics(client, dockerfile, lambda ds: len(ds) == 0)


async def test_the_editor_log_says_how_each_image_was_linked(client, tmp_path):
    (tmp_path / "k8s").mkdir()
    (tmp_path / "k8s" / "api.yaml").write_text(XA_POD)
    await start(client, tmp_path, {"select": ["XA002"]})
    open_doc(client, tmp_path / "api" / "Dockerfile", XA_DOCKERFILE)
    expected = "cnlint: service: image registry.example.com/api (k8s/api.yaml:10) is built by api/Dockerfile, by name: the Dockerfile's directory is called 'api'"
    loop = asyncio.get_running_loop()
    deadline = loop.time() + 15
    while expected not in [m.message for m in client.log_messages]:
        assert loop.time() < deadline, [m.message for m in client.log_messages]
        await asyncio.sleep(0.02)
