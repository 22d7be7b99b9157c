"""go.mod as an artifact: located directives, CN001 parse problems, and the
language version it gives the Go files it governs (index.link)."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import engine_for, run_cli

from cnlint.config import Settings
from cnlint.diagnostics import Span
from cnlint.engine import Input
from cnlint.golang import gomod, index, model
from cnlint.project import Project

FULL = """// A module of two packages.
module "example.com/svc" // quoted, as the go command allows

go 1.22.3

toolchain go1.23.1

require (
\texample.com/a v1.0.0 // indirect
\texample.com/b v1.2.0
)

replace example.com/a => ../a

exclude ()
"""


def problems(text: str) -> list[tuple[int, int, int, str]]:
    mod = gomod.parse("go.mod", text, Settings())
    return [(p.span.line, p.span.column, p.span.end_column, p.message) for p in mod.problems]


def test_module_go_and_toolchain_directives_and_their_values_are_located():
    mod = gomod.parse("go.mod", FULL, Settings())
    assert mod.kind == "gomod" and mod.problems == []
    assert (mod.module.value, mod.module.span, mod.module.value_span) == ("example.com/svc", Span(2, 1, 2, 25), Span(2, 8, 2, 25))
    assert (mod.go.value, mod.go.span, mod.go.value_span) == ("1.22.3", Span(4, 1, 4, 10), Span(4, 4, 4, 10))
    assert (mod.toolchain.value, mod.toolchain.span, mod.toolchain.value_span) == ("go1.23.1", Span(6, 1, 6, 19), Span(6, 11, 6, 19))
    assert mod.language_version == "1.22"
    # block entries are directives of their block's verb, located on their own line
    requires = [(d.args, d.span) for d in mod.directives if d.verb == "require"]
    assert requires == [(("example.com/a", "v1.0.0"), Span(9, 2, 9, 22)), (("example.com/b", "v1.2.0"), Span(10, 2, 10, 22))]
    assert [d.args for d in mod.directives if d.verb == "replace"] == [("example.com/a", "=>", "../a")]


def test_language_version_is_1_16_without_a_go_line_and_unknown_when_malformed():
    assert gomod.parse("go.mod", "module m\n", Settings()).language_version == "1.16"
    assert gomod.parse("go.mod", "module m\n\ngo 1.21rc1\n", Settings()).language_version == "1.21"
    assert gomod.parse("go.mod", "module m\n\ngo one\n", Settings()).language_version is None


def test_crlf_lines_and_tabs_keep_character_columns():
    mod = gomod.parse("go.mod", "module m\r\n\r\ngo\t1.22\r\n", Settings())
    assert mod.problems == [] and mod.go.value_span == Span(3, 4, 3, 8)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("module m\nfoo bar\n", [(2, 1, 4, "unknown directive: foo")]),
        ("module\n", [(1, 1, 7, "module directive is missing the module path")]),
        ("module m\ngo\n", [(2, 1, 3, "go directive is missing the Go version")]),
        ("module m\ntoolchain // later\n", [(2, 1, 10, "toolchain directive is missing the toolchain name")]),
        ("module m\nrequire\n", [(2, 1, 8, "require directive is missing its arguments")]),
        ("module m\ngo 1.x\n", [(2, 4, 7, "invalid go version '1.x': must match format 1.23.0")]),
        ("module m\ngo 1.21\ntoolchain 1.21.0\n", [(3, 11, 17, "invalid toolchain version '1.21.0': must match format go1.23.0 or default")]),
        ("module m\ngo 1.21 1.22\n", [(2, 9, 13, "go directive takes one argument, the Go version")]),
        ("module m\ngo 1.21\ngo 1.22\n", [(3, 1, 3, "repeated go directive (the first is on line 2)")]),
        ("module m\nrequire (\n\texample.com/a v1.0.0\n", [(2, 9, 10, "the require block opened here is never closed with )")]),
        ('module "example.com/m\n', [(1, 8, 22, "unterminated quoted string")]),
        ("module m\nreplace a => `../a\n", [(2, 14, 19, "unterminated quoted string")]),
    ],
)
def test_each_parse_problem_is_located(text, expected):
    assert problems(text) == expected


def test_parse_problems_are_reported_as_cn001():
    result = engine_for(["GO"]).lint([Input("go.mod", "gomod", text="module m\ngo 1.x\n", absolute=Path.cwd() / "go.mod")])
    assert [(d.code, d.span.line, d.span.column, d.message) for d in result.diagnostics] == [
        ("CN001", 2, 4, "invalid go version '1.x': must match format 1.23.0")
    ]


# ---- the go.mod governing a Go file -------------------------------------------------


def _project(tmp_path, mods: dict[str, str], gos: dict[str, str], **settings) -> tuple[Project, dict]:
    settings = Settings(root=tmp_path, **settings)
    artifacts = []
    for p, text in mods.items():
        artifacts.append(gomod.parse(str(tmp_path / p), text, settings))
        artifacts[-1].absolute = tmp_path / p
    docs = {}
    for p, text in gos.items():
        (tmp_path / p).parent.mkdir(parents=True, exist_ok=True)
        docs[p] = model.parse(str(tmp_path / p), text, settings)
        docs[p].absolute = tmp_path / p
    return Project(artifacts + list(docs.values()), settings), docs


def test_the_nearest_go_mod_artifact_governs_a_go_file(tmp_path):
    mods = {"go.mod": "module m\n\ngo 1.21\n", "tools/go.mod": "module t\n\ngo 1.23.4\n"}
    gos = {"main.go": "package main\n", "cmd/app/main.go": "package main\n", "tools/gen/main.go": "package main\n"}
    project, docs = _project(tmp_path, mods, gos)
    index.link(project)
    assert {p: (d.go_version, d.go_version_origin) for p, d in docs.items()} == {
        "main.go": ("1.21", "go.mod"),
        "cmd/app/main.go": ("1.21", "go.mod"),
        "tools/gen/main.go": ("1.23", "go.mod"),
    }


def test_the_artifact_text_wins_over_the_file_on_disk(tmp_path):
    (tmp_path / "go.mod").write_text("module m\n\ngo 1.21\n")  # an editor's unsaved buffer says 1.22
    project, docs = _project(tmp_path, {"go.mod": "module m\n\ngo 1.22\n"}, {"main.go": "package main\n"})
    assert docs["main.go"].go_version is None  # parsing reads no go.mod
    index.link(project)
    assert docs["main.go"].go_version == "1.22" and not docs["main.go"].version_below(22)


def test_a_build_line_still_beats_the_governing_go_mod(tmp_path):
    project, docs = _project(tmp_path, {"go.mod": "module m\n\ngo 1.21\n"}, {"main.go": "//go:build go1.23\n\npackage main\n"})
    index.link(project)
    assert (docs["main.go"].go_version, docs["main.go"].go_version_origin) == ("1.23", "its //go:build line")


def test_no_go_line_means_1_16_and_a_malformed_one_falls_back_to_the_setting(tmp_path):
    project, docs = _project(tmp_path, {"a/go.mod": "module a\n", "b/go.mod": "module b\n\ngo one\n"}, {"a/x.go": "package a\n", "b/y.go": "package b\n"}, go_version="1.20")
    index.link(project)
    assert (docs["a/x.go"].go_version, docs["b/y.go"].go_version) == ("1.16", "1.20")
    assert docs["b/y.go"].go_version_origin == "the go-version setting"


def test_a_file_no_go_mod_artifact_governs_keeps_its_version(tmp_path):
    project, docs = _project(tmp_path, {"sub/go.mod": "module s\n\ngo 1.23\n"}, {"main.go": "package main\n"}, go_version="1.19")
    index.link(project)
    assert (docs["main.go"].go_version, docs["main.go"].go_version_origin) == ("1.19", "the go-version setting")


def test_the_engine_links_a_go_mod_read_as_context(tmp_path):
    loop = "package main\n\nfunc main() {\n\tfor _, v := range []int{1} {\n\t\tgo func() { _ = v }()\n\t}\n}\n"
    main = Input(str(tmp_path / "main.go"), "go", text=loop, absolute=tmp_path / "main.go")
    mod = lambda version: Input(str(tmp_path / "go.mod"), "gomod", text=f"module m\n\ngo {version}\n", absolute=tmp_path / "go.mod", context=True)  # noqa: E731
    found = engine_for(["GO005"], root=tmp_path).lint([main, mod("1.21")]).diagnostics
    assert [d.message.rsplit("(", 1)[1] for d in found] == ["go 1.21 per go.mod)"]
    assert engine_for(["GO005"], root=tmp_path).lint([main, mod("1.22")]).diagnostics == []


LOOP = "package main\n\nfunc main() {\n\tfor _, v := range []int{1} {\n\t\tgo func() { _ = v }()\n\t}\n}\n"


def test_the_cli_reports_go_mod_problems_and_reads_it_for_any_go_file_named(tmp_path):
    (tmp_path / "go.mod").write_text("module m\n\ngo 1.21\nfoo bar\n")
    (tmp_path / "cmd").mkdir()
    (tmp_path / "cmd" / "main.go").write_text(LOOP)
    whole = run_cli("check", "--isolated", "--no-source", ".", cwd=tmp_path)
    assert whole.returncode == 1
    assert "go.mod:4:1: CN001 error unknown directive: foo (parse-error)" in whole.stdout
    assert "cmd/main.go:5:19: GO005" in whole.stdout and "(go 1.21 per go.mod)" in whole.stdout
    # One file named, or given on stdin: its go.mod is still read, never reported.
    for args, stdin in (((str(Path("cmd") / "main.go"),), None), (("--stdin-filename", "cmd/main.go"), LOOP)):
        one = run_cli("check", "--isolated", "--no-source", *args, cwd=tmp_path, stdin=stdin)
        assert "(go 1.21 per go.mod)" in one.stdout and "go.mod:" not in one.stdout, one.stdout
    (tmp_path / "go.mod").write_text("module m\n\ngo 1.22\n")
    assert run_cli("check", "--isolated", "cmd/main.go", cwd=tmp_path).returncode == 0
