"""What does not parse, or cannot be held, is a CN001 at its place: never a
CN003, never at 1:1 when the place is known, never silently skipped."""

from __future__ import annotations

import subprocess
import sys

import pytest
from conftest import ROOT
from helpers import lint

from cnlint.config import Settings
from cnlint.kubernetes.model import parse


def _found(text, filename, *rules):
    return [(d.code, d.span.line, d.span.column, d.message) for d in lint(text, filename, select=["CN", *rules])]


# ---- YAML -----------------------------------------------------------------------

CM = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n"


@pytest.mark.parametrize(
    ("value", "column", "what"),
    [("x\x07", 8, "U+0007"), ("\u00e9\u00e9\x1b[31m", 9, "U+001B"), ("x\x7f", 8, "U+007F")],
)
def test_a_character_yaml_refuses_is_reported_where_it_is(value, column, what):
    [(code, line, col, message)] = _found(CM + f'  a: "{value}"\n', "c.yaml")
    assert (code, line, col) == ("CN001", 6, column)
    assert message == f"YAML does not parse: the control character {what} is not allowed in YAML; write it as an escape in a double-quoted string"


def test_line_breaks_only_yaml_knows_do_not_shift_positions():
    # NEL and the Unicode line and paragraph separators break lines in YAML 1.1 (libyaml), not in editors.
    text = CM + '  a: "one\u2028two\x85three"\n  b: "x\u2029y"\n  c: [1\n'
    [(code, line, col, _)] = _found(text, "c.yaml")
    assert (code, line, col) == ("CN001", 9, 1)
    found = lint(text.replace("  c: [1\n", "  c: 1\n  c: 2\n"), "c.yaml", select=["CN"])
    assert [(d.code, d.span.line, d.span.column, d.span.end_column) for d in found] == [("CN001", 9, 3, 4)]


def test_lone_cr_line_endings_are_reported_not_skipped():
    text = "apiVersion: v1\rkind: Pod\rmetadata:\r  name: p\r"
    [(code, line, col, message)] = _found(text, "p.yaml")
    assert (code, line, col) == ("CN001", 1, 15)
    # a CR that ends the file is where the last line ends
    [found] = lint("apiVersion: v1\nkind: Pod\nmetadata: {name: p}\n\r", "p.yaml", select=["CN"])
    assert (found.span.line, found.span.column, found.span.end_column) == (4, 1, 1)
    assert message.startswith("a lone CR (\\r, the line ending of classic Mac OS): YAML reads it as a line break")


@pytest.mark.parametrize(
    ("text", "where", "message"),
    [
        ("apiVersion: 1\nkind: Pod\nmetadata: {name: p}\n", (1, 13), "apiVersion must be a string, not an integer (1): the API server refuses this object; it is not linted"),
        ("apiVersion: v1\nkind: [Pod]\nmetadata: {name: p}\n", (2, 7), "kind must be a string, not a list: the API server refuses this object; it is not linted"),
        ("apiVersion: v1\nmetadata: {name: p}\n---\napiVersion: v1\nkind: Pod\nmetadata: {name: q}\n", (1, 1), "this document has no kind: the API server refuses it; it is not linted"),
        (
            "apiVersion: v1\nkind: List\nitems:\n- {apiVersion: v1, kind: 7, metadata: {name: q}}\n",
            (4, 26),
            "kind must be a string, not an integer (7): the API server refuses this object; it is not linted",
        ),
    ],
)
def test_an_object_the_api_server_cannot_decode_is_reported(text, where, message):
    assert [f for f in _found(text, "p.yaml")] == [("CN001", *where, message)]


def test_documents_that_are_no_objects_are_still_fine():
    text = "# just a comment\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n---\n~\n"
    assert _found(text, "c.yaml") == [] and len(parse("c.yaml", text, Settings()).objects) == 1


def test_a_huge_integer_is_a_problem_at_its_place_not_a_crash():
    text = CM + "  a: b\nspec:\n  replicas: " + "1" * 5000 + "\n"
    assert _found(text, "c.yaml") == [("CN001", 8, 13, "an integer of 5000 characters, past any number JSON can hold: the API server refuses this document; it is read as text here")]


# ---- Dockerfile -------------------------------------------------------------------


def test_a_deeply_nested_json_form_is_shell_form_not_a_crash():
    text = "FROM alpine:3.20\nUSER app\nCMD " + "[" * 5000 + '"a"' + "]" * 5000 + "\n"
    assert [d.code for d in lint(text, "Dockerfile", select=["ALL"]) if d.code.startswith("CN")] == []


# ---- go.mod -----------------------------------------------------------------------


def test_a_go_version_of_thousands_of_digits_is_a_parse_problem_of_go_mod():
    from helpers import lint_files

    mod = "module example.com/x\n\ngo 1." + "1" * 5000 + "\n"
    found = lint_files({"go.mod": mod, "main.go": "package main\n\nfunc main() {}\n"}, select=["CN", "GO"])
    assert [(d.path, d.code, d.span.line, d.span.column) for d in found] == [("go.mod", "CN001", 3, 4)]
    assert found[0].message.startswith("invalid go version '1.111")


def test_characters_past_the_basic_plane_do_not_crash_the_shell_parser():
    # tree-sitter-bash reads out of bounds on `{` then U+E0000, and kills the process about every other time
    probe = (
        "from helpers import lint\n"
        "for cp in range(0xE0000, 0x110000, 0x2000):\n"
        "    assert 'CN003' not in [d.code for d in lint('FROM alpine:3.20\\nUSER app\\nRUN {' + chr(cp) + '\\n', select=['DF004', 'CN'])]\n"
    )
    for _ in range(4):
        proc = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=120, cwd=ROOT / "tests")
        assert proc.returncode == 0, proc.stderr[-2000:]


# ---- Go ----------------------------------------------------------------------------


def test_a_go_syntax_error_at_a_crlf_line_end_stays_on_the_line():
    # tree-sitter counts the CR of a CRLF into the line; editors do not
    found = lint('package main\r\n\r\nvar x = "a\r\n', "main.go", select=["CN"])
    assert [(d.code, d.span.line, d.span.column, d.span.end_line, d.span.end_column) for d in found] == [("CN001", 3, 1, 3, 11)]


def test_a_missing_closing_brace_is_still_a_place_in_the_file():
    # GO012's related location is a function's closing brace; tree-sitter puts a missing one at the end, with no width
    text = (
        'package main\n\nimport (\n\t"context"\n\t"log"\n)\n\nfunc fetch(context.Context) error { return nil }\n\n'
        "func get(parent context.Context) error {\n\tctx, cancel := context.WithCancel(parent)\n"
        "\tif err := fetch(ctx); err != nil {ent)\n\tif err := fetch(ctx); err != nil {\n\t\tlog.Fatal(err)\n\t}\n\tdefer cancel()\n\treturn fetch(ctx)\n}\n"
    )
    spans = [r.span for d in lint(text, "main.go", select=["GO012"]) for r in d.related]
    assert spans and all(s.column >= 1 for s in spans)


def test_an_api_version_left_empty_is_reported_at_its_key():
    found = lint("kind: Pod\napiVersion:\nmetadata: {name: p}\n", "p.yaml", select=["CN"])
    assert [(d.code, d.span.line, d.span.column, d.span.end_column) for d in found] == [("CN001", 2, 1, 11)]
    assert found[0].message.startswith("apiVersion must be a string, not null")


def test_a_keyword_split_by_a_continuation_is_spanned_across_it():
    found = lint("FROM alpine:3.20\nRU\\\nNX echo\n", "Dockerfile", select=["CN"])
    assert [(d.span.line, d.span.column, d.span.end_line, d.span.end_column) for d in found] == [(2, 1, 3, 3)]
    assert found[0].message == "unknown instruction 'RUNX'"


def test_template_syntax_after_a_line_break_only_yaml_knows_is_at_its_line():
    text = "apiVersion: v1\nkind:\u2028 Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: c\n{{ .Values.x }}    image: nginx:1.27\n"
    found = lint(text, "p.yaml", select=["KM104", "CN"])
    assert [(d.code, d.span.line, d.span.column, d.span.end_column) for d in found] == [("KM104", 8, 1, 16)]
