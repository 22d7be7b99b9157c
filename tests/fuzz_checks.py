"""What must hold for any input, for every parser and for --fix: the
checks the fuzzing suites share (tests/test_fuzz.py generates inputs with
hypothesis, tests/fuzz_coverage.py with atheris, coverage-guided).

- no exception escapes (through the engine: no CN003);
- every finding, related location and fix edit is inside the file;
- a fix never adds a parse problem, and fixing twice changes nothing more.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from unittest import mock

from cnlint import checks
from cnlint.config import ConfigError, Resolver, Settings, settings_from
from cnlint.engine import Engine, Input
from cnlint.registry import load_catalogue
from cnlint.source import Source

ROOT = Path(__file__).resolve().parent.parent
FUZZ_ROOT = Path(tempfile.gettempdir()) / "cnlint-fuzz-root"  # never read: the inputs are in memory
CATALOGUE = load_catalogue()


# ---- inputs ------------------------------------------------------------------------

ODD = ["\x00", "\x1b[31m", "\t", "\r", "\r\n", "\n", "\u2028", "\x85", "\ufeff", "é", "😀", "\\", "\\\n", '"', "'", "`", "$", "{", "}", "[", "]", " ", "#"]
DOCKERFILE = [
    "FROM ", "FROM alpine:latest", "FROM golang:1.22 AS build\n", "RUN ", "RUN apt-get update && apt-get install curl\n", "COPY ", "ADD ",
    "CMD ", "ENTRYPOINT ", '["a", "b"]', "USER ", "USER root\n", "WORKDIR ", "ENV ", "ARG ", "LABEL ", "EXPOSE 80", "HEALTHCHECK ", "SHELL ",
    "ONBUILD ", "STOPSIGNAL ", "VOLUME ", "MAINTAINER x\n", "<<EOF\n", "EOF\n", "<<-EOT", "${A:-b}", "$(id)", "| ", "&& ", "; ", "--mount=type=cache,target=/x ",
    "# cnlint: ignore=DF002\n", "# hadolint ignore=DL3008\n", "# syntax=docker/dockerfile:1\n", "# escape=`\n", "\\\n  ",
]
YAML = [
    "---\n", "...\n", "apiVersion: v1\n", "apiVersion: apps/v1\n", "apiVersion: extensions/v1beta1\n", "kind: Pod\n", "kind: Deployment\n", "kind: List\nitems:\n",
    "metadata:\n  name: x\n", "spec:\n", "  containers:\n  - name: a\n    image: a:latest\n", ": ", "- ", "? ", "&a ", "*a", "<<: ", "!!int ", "!!binary ", "!!str ", "|\n", ">-\n",
    "  ", "    ", "{", "}", "[", "]", ", ", "~", "null", "on", "0x1F", "0o17", "1e400", ".nan", "-.inf", "08", "1_000", "9" * 30, "%YAML 1.1\n",
    "# cnlint: ignore=KM001\n", "cnlint.io/ignore: KM001\n", "{{ .Values.x }}", "\t",
]
GO = [
    "package main\n", "package x\n", 'import "sync"\n', 'import "net/http"\n', "func main() {\n", "}\n", "go func() {\n", "defer ", "wg.Add(1)\n", "var wg sync.WaitGroup\n",
    "for i := range xs {\n", "http.ListenAndServe(\":8080\", nil)\n", "//go:build go1.21\n", "//cnlint:ignore GO001 reason\n", "//nolint:govet\n", "/*", "*/", "`", '"',
    "'", "(", ")", "{", "}", ":=", "<-", "chan ", "select {\n", "case ", "mu.Lock()\n", "ctx, cancel := context.WithCancel(ctx)\n", "\n",
]
GOMOD = [
    "module example.com/x\n", "go 1.22\n", "go 1.", "toolchain go1.22.3\n", "require (\n", ")\n", "require example.com/y v1.0.0\n", "replace a => b\n",
    "retract v1.0.0\n", "exclude a v1\n", "godebug default=go1.21\n", "// comment\n", '"quoted"', "`raw`", "(", ")", "1", "0", "9", ".", "\n",
]
TOML = [
    'select = ["ALL"]\n', 'ignore = ["DL3007"]\n', 'extend-select = ["DF006"]\n', 'fail-on = "error"\n', 'exclude = ["x"]\n', 'kubernetes-version = "1.30"\n',
    'go-version = "1.22"\n', "[per-file-ignores]\n", '"a/**" = ["KM"]\n', "[severity]\n", 'latest-base-image = "error"\n', "[services]\n",
    '"img" = "Dockerfile"\n', '"img" = { dockerfile = "a/Dockerfile", target = "prod" }\n', 'trusted-registries = ["r.example.com"]\n',
    'dockerfile-patterns = ["*.docker"]\n', "hpa-max-replicas = 20\n", "[tool.cnlint]\n", "=", '"', "[", "]", "{", "}", ",", "1.", "true", "\n",
]
COMMENTS = ["cnlint: ignore", "cnlint: ignore-file", "cnlint:ignore", "cnlint:ignore-file", "hadolint ignore", "hadolint global ignore", "hadolint stage ignore",
            "nolint", "nolint:", "lint:ignore", "lint:file-ignore", "#nosec", "=", ",", " ", "DF002", "DL3007", "KM", "G101", "SA1000", "latest-tag", "ALL", "reason"]


def seeds(artifact: str) -> list[str]:
    """The examples of the rules of one artifact kind: each one a small file made to hit a rule."""
    out = []
    for rule in CATALOGUE:
        if rule.artifact != artifact:
            continue
        for example in rule.examples["bad"] + rule.examples["good"]:
            text = example if isinstance(example, str) else example.get("text")
            if isinstance(text, str) and len(text) < 4000:
                out.append(text)
    return out or [""]


def corpus(glob: str) -> list[str]:
    out = []
    for path in sorted((ROOT / "benchmarks" / "corpus").rglob(glob)):
        if path.is_file() and path.stat().st_size < 4000:
            out.append(path.read_text(encoding="utf-8", errors="replace"))
    return out[:60]


# ---- what must hold ------------------------------------------------------------------


def _engine(select) -> Engine:
    resolver = Resolver.fixed(Settings(root=FUZZ_ROOT, select=tuple(select)))
    # Batch rules run other programs (ShellCheck): their own fuzzing is not ours.
    return Engine(resolver, skip=checks.batch_codes(), root=FUZZ_ROOT)


ALL = _engine(["ALL"])
FIXABLE = _engine([r.code for r in CATALOGUE if r.fixable] + ["CN", "KM100"])


def _width(source: Source, number: int) -> int:
    """Characters of line `number` without its line break: the CR of a CRLF
    is part of the break, a lone CR (also at the very end) a character."""
    start = source.line_starts[number - 1]
    if number == source.line_count:
        return len(source.text) - start
    return len(source.text[start : source.line_starts[number] - 1].removesuffix("\r"))


def _inside(span, source: Source, what) -> None:
    assert 1 <= span.line <= span.end_line <= source.line_count, (what, span, source.line_count)
    assert 1 <= span.column <= _width(source, span.line) + 1, (what, span, source.line(span.line))
    assert 1 <= span.end_column <= _width(source, span.end_line) + 1, (what, span, source.line(span.end_line))
    assert span.line < span.end_line or span.column <= span.end_column, (what, span)


def _sound(result, texts: dict[str, str]) -> None:
    """No rule or parser failed, and everything points inside its file."""
    failed = [d.message for d in result.diagnostics if d.code == "CN003"]
    assert not failed, failed
    sources = {path: Source(text) for path, text in texts.items()}
    for d in result.diagnostics:
        _inside(d.span, sources[d.path], d)
        for edit in d.fix.edits if d.fix else ():
            _inside(edit.span, sources[d.path], (d.code, edit))
        for r in d.related:
            if r.path in sources:
                _inside(r.span, sources[r.path], (d.code, r))


def _lint(engine: Engine, files: dict[str, str]):
    inputs = [Input(path, _kind(path), text=text, absolute=FUZZ_ROOT / path) for path, text in files.items()]
    return engine.lint(inputs), inputs


def _kind(path: str) -> str:
    from cnlint.discovery import classify

    return classify(Path(path).name)


def _fixes_are_sound(files: dict[str, str]) -> None:
    before, inputs = _lint(FIXABLE, files)
    fixed = FIXABLE.fix(inputs, unsafe=True)
    now = {path: fixed.changes.get(path, (text, text))[1] for path, text in files.items()}
    _sound(fixed, now)
    for path in files:
        was = sum(d.code == "CN001" for d in before.diagnostics if d.path == path)
        assert sum(d.code == "CN001" for d in fixed.diagnostics if d.path == path) <= was, (path, now[path])
    again = FIXABLE.fix([i.replace(text=now[i.path]) for i in inputs], unsafe=True)
    assert again.changes == {}, again.changes


# ---- one check per target --------------------------------------------------------------


def dockerfile(text: str) -> None:
    _sound(_lint(ALL, {"Dockerfile": text})[0], {"Dockerfile": text})


def shell_splitter(text: str) -> None:
    from cnlint.dockerfile.shell import parse_script

    # What a RUN hands the shell: its lines without the CR of a CRLF.
    text = "\n".join(line.removesuffix("\r") for line in text.split("\n"))
    source = Source(text)
    script = parse_script(text, lambda offset: offset, source)
    spans = [c.span for c in script.commands] + [w.span for c in script.commands for w in [c.name_word, *c.args]] + list(script.pipes)
    for span in spans + ([script.error] if script.error else []):
        _inside(span, source, span)
    for c in script.commands:
        assert 0 <= c.start <= c.end <= len(text)


def yaml_loader(text: str) -> None:
    from cnlint.kubernetes import loader
    from cnlint.kubernetes.model import parse

    artifact = parse("m.yaml", text, Settings())
    for problem in artifact.problems if artifact else ():
        _inside(problem.span, artifact.source, problem)
    for obj in artifact.objects if artifact else ():
        for path in _paths(obj.data, (), 200):
            _inside(obj.key_span(path), artifact.source, path)
            _inside(obj.value_span(path), artifact.source, path)
    try:
        loader.load_data(text)
    except loader.DataError as exc:
        assert exc.line >= 1 and exc.column >= 1


def _paths(node, prefix: tuple, budget: int):
    """Up to `budget` paths of a loaded tree, breadth first."""
    queue, out = [(node, prefix)], []
    while queue and len(out) < budget:
        item, path = queue.pop(0)
        keys = list(item) if isinstance(item, dict) else range(len(item)) if isinstance(item, list) else ()
        for k in keys:
            out.append(path + (k,))
            queue.append((item[k], path + (k,)))
    return out[:budget]


def kubernetes(text: str) -> None:
    _sound(_lint(ALL, {"m.yaml": text})[0], {"m.yaml": text})


def go(text: str) -> None:
    _sound(_lint(ALL, {"main.go": text})[0], {"main.go": text})


def go_mod(mod: str, text: str) -> None:
    files = {"go.mod": mod, "main.go": text}
    _sound(_lint(ALL, files)[0], files)


def config(text: str, name: str) -> None:
    from cnlint.engine.selection import Selection

    with tempfile.TemporaryDirectory() as tmp, mock.patch("cnlint.cache.store"):
        path = Path(tmp) / name
        path.write_text(text, encoding="utf-8", errors="surrogatepass")
        try:
            found = settings_from(path)
            if found is not None:
                Selection(CATALOGUE).enabled(found)
        except ConfigError as exc:
            assert str(exc).startswith(str(path)) or str(exc).startswith(str(path.name))


def suppressions(body: str, codes: list[str]) -> None:
    from cnlint.suppressions import SYNTAXES

    for syntax in SYNTAXES:
        syntax.parse(body)
        syntax.parse_comment(syntax.marker + body)
        syntax.stage_level(syntax.marker + body)
        syntax.appended(syntax.marker + body, "DF003", False)
        for file_level in (False, True):
            written = syntax.comment(codes, file_level)
            assert syntax.parse_comment(written) == (tuple(codes), file_level, True), written
    # and inside the files that carry them
    for name, line in (("Dockerfile", f"#{body}\nFROM alpine:latest\n"), ("m.yaml", f"#{body}\napiVersion: v1\nkind: Pod\nmetadata: {{name: p}}\n"), ("main.go", f"//{body}\npackage main\n")):
        _sound(_lint(ALL, {name: line})[0], {name: line})


def fix_dockerfile(text: str) -> None:
    _fixes_are_sound({"Dockerfile": text})


def fix_kubernetes(text: str) -> None:
    _fixes_are_sound({"m.yaml": text})


def fix_go(text: str) -> None:
    _fixes_are_sound({"main.go": text})
