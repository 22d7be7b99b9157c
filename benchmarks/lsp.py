#!/usr/bin/env python3
"""Editor latency: how long after a keystroke (didChange) the diagnostics arrive.

    python benchmarks/lsp.py [--changes N]

A real LSP client (pygls) starts `cnlint lsp` over stdio, opens a typical
~200-line file of each artifact kind, then sends N edits one at a time and
times each from the didChange notification to the first publishDiagnostics of
that version, and to the last one (ShellCheck's findings come in a second
pass). The time includes the server's debounce (the default unless given
with --debounce-ms). Kubernetes YAML is measured twice: alone in its
workspace, and among the rest of the manifest corpus, which cross-file rules
read as context on every change. `--ignore RULE` leaves a rule out, e.g.
DF084, the ShellCheck rule.
"""

from __future__ import annotations

import argparse
import asyncio
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

from lsprotocol import types
from pygls.lsp.client import LanguageClient

CORPUS = Path(__file__).resolve().parent / "corpus"


def _dockerfile() -> str:
    """About 200 lines of real Dockerfiles, joined as the stages of one."""
    lines: list[str] = []
    for path in sorted((CORPUS / "dockerfiles").glob("*.Dockerfile")):
        lines += path.read_text().splitlines()
        if len(lines) >= 200:
            break
    return "\n".join(lines) + "\n"


def cases(workspace: Path) -> list[tuple[str, Path, str, str]]:
    """(label, file, language id, text); files are written into `workspace`."""
    alone = workspace / "alone"
    with_corpus = workspace / "corpus"
    shutil.copytree(CORPUS / "kubernetes", with_corpus / "k8s")
    flannel = (CORPUS / "kubernetes" / "flannel" / "kube-flannel.yml").read_text()
    out = [
        ("Dockerfile", alone / "Dockerfile", "dockerfile", _dockerfile()),
        ("Kubernetes YAML", alone / "kube-flannel.yml", "yaml", flannel),
        ("Kubernetes YAML + corpus as context", with_corpus / "k8s" / "flannel" / "kube-flannel.yml", "yaml", flannel),
        ("Go", alone / "conc.go", "go", (CORPUS / "go" / "conc" / "conc.go").read_text()),
    ]
    for _, path, _, text in out:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return out


SETTLE = 0.3  # a version is complete when no publish for it came for this long


async def measure(root: Path, path: Path, language: str, text: str, changes: int, options: dict) -> tuple[list[float], list[float]]:
    """Per edit: ms to the first publish of its version, and to the last one
    (Dockerfiles get ShellCheck's findings in a second publish)."""
    client = LanguageClient("cnlint-benchmark", "1")
    arrived: dict[int, float] = {}
    last: dict[int, float] = {}
    event = asyncio.Event()

    @client.feature(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    def _published(params: types.PublishDiagnosticsParams):
        if params.version is not None:
            now = time.perf_counter()
            arrived.setdefault(params.version, now)
            last[params.version] = now
            event.set()

    await client.start_io(sys.executable, "-m", "cnlint", "lsp")
    await client.initialize_async(
        types.InitializeParams(capabilities=types.ClientCapabilities(), root_uri=root.as_uri(), initialization_options=options)
    )
    client.initialized(types.InitializedParams())
    uri = path.as_uri()

    async def until(version: int) -> float:
        while version not in arrived:
            event.clear()
            await asyncio.wait_for(event.wait(), 60)
        return arrived[version]

    async def settled(version: int) -> float:
        while time.perf_counter() - last[version] < SETTLE:
            await asyncio.sleep(0.02)
        return last[version]

    client.text_document_did_open(types.DidOpenTextDocumentParams(types.TextDocumentItem(uri=uri, language_id=language, version=1, text=text)))
    await until(1)  # the first lint also loads the parsers and rules
    comment = "//" if language == "go" else "#"
    samples, complete = [], []
    await settled(1)
    for version in range(2, changes + 2):
        # Every edit makes a text not seen before, so no cache can answer.
        edited = f"{text}{comment} edit {version}\n"
        sent = time.perf_counter()
        client.text_document_did_change(
            types.DidChangeTextDocumentParams(
                types.VersionedTextDocumentIdentifier(uri=uri, version=version),
                [types.TextDocumentContentChangeWholeDocument(text=edited)],
            )
        )
        samples.append((await until(version) - sent) * 1000)
        complete.append((await settled(version) - sent) * 1000)
    await client.shutdown_async(None)
    client.exit(None)
    await client.stop()
    return samples, complete


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--changes", type=int, default=30, help="edits per file (default 30)")
    parser.add_argument("--debounce-ms", type=int, help="the server's debounce (default: its own)")
    parser.add_argument("--ignore", action="append", default=[], metavar="RULE", help="rules the server leaves out")
    args = parser.parse_args()
    options = {"ignore": args.ignore} if args.ignore else {}
    if args.debounce_ms is not None:
        options["debounce-ms"] = args.debounce_ms
    with tempfile.TemporaryDirectory() as tmp:
        rows = []
        for label, path, language, text in cases(Path(tmp)):
            root = path.parent if "context" not in label else Path(tmp) / "corpus"
            first, complete = asyncio.run(measure(root, path, language, text, args.changes, options))
            first.sort()
            p90 = first[int(0.9 * (len(first) - 1))]
            rows.append((label, len(text.splitlines()), statistics.median(first), p90, first[-1], statistics.median(complete)))
    debounce = "default" if args.debounce_ms is None else f"{args.debounce_ms} ms"
    ignored = f", ignoring {', '.join(args.ignore)}" if args.ignore else ""
    print(f"didChange -> publishDiagnostics, {args.changes} edits per file, debounce {debounce}{ignored}\n")
    print("| File | Lines | Median ms | p90 ms | Max ms | All passes done, median ms |")
    print("|---|---:|---:|---:|---:|---:|")
    for label, lines, median, p90, worst, done in rows:
        print(f"| {label} | {lines} | {median:.1f} | {p90:.1f} | {worst:.1f} | {done:.1f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
