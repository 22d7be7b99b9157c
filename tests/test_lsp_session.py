"""The editor's session without the protocol: a fake client stands in for
pygls, and the process's working directory is never the workspace's."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from cnlint.lsp.session import Session
from cnlint.lsp.workspace import Index


@dataclass
class Doc:
    source: str
    version: int = 1


class Client:
    def __init__(self):
        self.documents: dict[str, Doc] = {}
        self.logs: list[tuple[str, str]] = []
        self.published: list[str] = []

    @staticmethod
    def path_of(uri: str) -> Path:
        return Path(uri.removeprefix("file://"))

    def log(self, message, level="log"):
        self.logs.append((level, message))

    def show_error(self, message):
        self.logs.append(("shown", message))

    def publish(self, uris):
        self.published.extend(uris)

    def refresh(self):
        pass


def _session(root: Path) -> tuple[Session, Client]:
    client = Client()
    session = Session(client)
    session.index = Index([root])
    return session, client


def test_the_session_needs_no_protocol_library():
    code = "import sys, cnlint.lsp.session; print(any(m.startswith('pygls') for m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"


def test_paths_and_config_resolve_from_the_workspace_not_the_working_directory(tmp_path, monkeypatch):
    root = tmp_path / "ws"
    (root / "svc").mkdir(parents=True)
    (root / "cnlint.toml").write_text('[per-file-ignores]\n"svc/*" = ["DF003"]\n')
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    session, client = _session(root)
    uri = f"file://{root / 'svc' / 'Dockerfile'}"
    client.documents[uri] = Doc("FROM alpine:latest\nMAINTAINER someone\n")

    async def run():
        return session.lint([uri])

    assert asyncio.run(run()) == [uri]
    linted = session.results[uri]
    assert {d.path for d in linted.diagnostics} == {"svc/Dockerfile"}
    codes = {d.code for d in linted.diagnostics}
    assert "DF002" in codes and "DF003" not in codes  # the per-file-ignore, relative to the workspace
    assert Path.cwd() == elsewhere and os.getcwd() == str(elsewhere)


def test_a_bad_setting_is_logged_and_ignored(tmp_path):
    session, client = _session(tmp_path)
    session.set_options({"select": "DF001", "nonsense": 1}, "init_options")
    assert session.options == {}
    assert [level for level, _ in client.logs] == ["warning", "warning"]
