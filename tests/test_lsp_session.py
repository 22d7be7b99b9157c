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


def test_a_buffer_over_the_size_limit_is_reported_as_the_cli_reports_a_file(tmp_path):
    from cnlint.engine import MAX_BYTES, decode

    session, client = _session(tmp_path)
    uri = f"file://{tmp_path / 'Dockerfile'}"
    client.documents[uri] = Doc("FROM alpine:latest\n" + "# padding\n" * (MAX_BYTES // 10))

    async def run():
        return session.lint([uri])

    assert asyncio.run(run()) == [uri]
    too_large = decode(b" " * (MAX_BYTES + 1)).error
    assert [(d.code, d.span.line, d.message) for d in session.results[uri].diagnostics] == [("CN001", 1, too_large)]


def _corpus_dockerfile(lines: int) -> str:
    """Real Dockerfiles, joined as the stages of one of `lines` lines."""
    corpus = sorted((Path(__file__).resolve().parent.parent / "benchmarks" / "corpus" / "dockerfiles").glob("*.Dockerfile"))
    out: list[str] = []
    while len(out) < lines:
        for path in corpus:
            out += path.read_text().splitlines()
    return "\n".join(out[:lines]) + "\n"


def test_typing_in_a_long_dockerfile_waits_for_a_pause(tmp_path):
    # A lint runs on the event loop: one per keystroke froze the editor for
    # seconds on a 15,000-line Dockerfile. The wait after a keystroke grows to
    # what the document's last lint took, so typing lints nothing.
    session, client = _session(tmp_path)
    session.set_options({"ignore": ["DF084"]}, "init_options")
    uri = f"file://{tmp_path / 'Dockerfile'}"
    text = _corpus_dockerfile(15_000)
    client.documents[uri] = Doc(text)
    lints = []

    async def run():
        session.lint([uri])  # as on opening
        real = session.lint
        session.lint = lambda uris: lints.append(uris) or real(uris)
        for version in range(2, 12):  # a key every 50 ms
            client.documents[uri] = Doc(f"{text}# {version}\n", version)
            session.schedule(uri)
            await asyncio.sleep(0.05)
        typed = list(lints)
        await asyncio.sleep(session.costs[uri] + 1)
        return typed

    assert asyncio.run(run()) == []
    assert lints == [[uri]] and session.results[uri].version == 11


def test_the_wait_after_a_keystroke_is_at_least_the_last_lint(tmp_path):
    session, client = _session(tmp_path)
    session.set_options({"debounce-ms": 20}, "init_options")
    uri = f"file://{tmp_path / 'Dockerfile'}"
    client.documents[uri] = Doc("FROM alpine:3.20\n")

    async def run():
        loop = asyncio.get_running_loop()
        session.lint([uri])
        assert 0 < session.costs[uri] < 20
        session.costs[uri] = 0.0
        session.schedule(uri)
        short = session.timers[uri].when() - loop.time()
        session.costs[uri] = 3.0
        session.schedule(uri)
        long = session.timers[uri].when() - loop.time()
        session.timers.pop(uri).cancel()
        return short, long

    short, long = asyncio.run(run())
    assert short <= 0.02 < 2.9 < long <= 3


def test_a_second_pass_still_waiting_is_dropped_when_the_document_changes(tmp_path):
    import threading

    session, client = _session(tmp_path)
    uri = f"file://{tmp_path / 'Dockerfile'}"
    client.documents[uri] = Doc("FROM alpine:3.20\nRUN echo hi\n")
    busy = threading.Event()

    async def run():
        session.pool.submit(busy.wait)  # the worker is on another pass
        session.lint([uri])
        stale = session.batches[-1][1]
        client.documents[uri] = Doc("FROM alpine:3.20\nRUN echo $hi\n", 2)
        session.lint([uri])
        busy.set()
        current = session.batches[-1][1]
        await current
        return stale, current

    stale, current = asyncio.run(run())
    assert stale.cancelled() and not current.cancelled()
    assert uri in session.deferred  # the current pass reported
