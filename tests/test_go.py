"""Go: parsing, positions, the Go version in force, suppressions and fixes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import codes, engine_for, linked_go, lint, positions

from cnlint.config import Settings
from cnlint.engine import Input
from cnlint.golang import model as golang

GO = ["GO001", "GO002", "GO003", "GO004"]


def go(body: str, imports: str = "") -> str:
    """A complete file: package clause, imports, then `body`."""
    return f"package main\n\nimport ({imports}\n)\n\n{body}"


# ---- positions ----------------------------------------------------------


def test_insecure_skip_verify_with_aliased_tls_points_at_true():
    text = go(
        "var a = &t.Config{InsecureSkipVerify: true}\n"
        "func f(c *t.Config) {\n\tc.InsecureSkipVerify = true\n}\n",
        '\n\tt "crypto/tls"',
    )
    assert positions(lint(text, "main.go", select=GO)) == [(7, 39), (9, 25)]


def test_insecure_skip_verify_in_elided_slice_elements():
    text = go('var a = []*tls.Config{{InsecureSkipVerify: true}}\n', '\n\t"crypto/tls"')
    assert positions(lint(text, "main.go", select=["GO001"])) == [(7, 44)]


def test_config_of_another_package_or_local_type_is_not_tls():
    text = go(
        "type Config struct{ InsecureSkipVerify bool }\n"
        "var a = Config{InsecureSkipVerify: true}\n"
        "var b = tls.Config{InsecureSkipVerify: true}\n",
        '\n\t"example.com/fake/tls"',
    )
    assert lint(text, "main.go", select=["GO001"]) == []


def test_dot_imported_tls_config_is_resolved():
    text = go("var a = Config{InsecureSkipVerify: true}\n", '\n\t. "crypto/tls"')
    assert positions(lint(text, "main.go", select=["GO001"])) == [(7, 36)]


def test_empty_critical_section_points_at_the_lock_call():
    text = go("func f() {\n\tmu.Lock()\n\tmu.Unlock()\n\tx.RLock()\n\ty.RUnlock()\n\tg().Lock()\n\tg().Unlock()\n}\n")
    found = lint(text, "main.go", select=GO)
    assert positions(found) == [(7, 2)]
    assert (found[0].span.end_line, found[0].span.end_column) == (7, 11)


def test_signal_notify_unbuffered_points_at_the_channel_argument():
    text = go(
        "func main() {\n\tc := make(chan os.Signal)\n\ts.Notify(c, os.Interrupt)\n"
        "\ts.Notify(make(chan os.Signal, 0))\n}\n",
        '\n\t"os"\n\ts "os/signal"',
    )
    assert positions(lint(text, "main.go", select=GO)) == [(10, 11), (11, 11)]


def test_signal_channel_declared_elsewhere_or_reassigned_is_not_reported():
    text = go(
        "var pkg = make(chan os.Signal, 1)\n"
        "func a() {\n\tif true {\n\t\tpkg := make(chan os.Signal)\n\t\t_ = pkg\n\t}\n\tsignal.Notify(pkg)\n}\n"
        "func b() {\n\tc := make(chan os.Signal)\n\tc = make(chan os.Signal, 1)\n\tsignal.Notify(c)\n}\n"
        "func c(ch chan os.Signal) {\n\tsignal.Notify(ch)\n}\n",
        '\n\t"os"\n\t"os/signal"',
    )
    assert lint(text, "main.go", select=["GO003"]) == []


def test_http_serve_points_at_the_function_name():
    text = go('func main() {\n\th.ListenAndServe(":80", nil)\n\th.Serve(nil, nil)\n}\n', '\n\th "net/http"')
    assert positions(lint(text, "main.go", select=GO)) == [(8, 4), (9, 4)]


def test_shadowed_package_name_is_not_the_package():
    text = go('func main() {\n\thttp := server{}\n\thttp.ListenAndServe(":80", nil)\n}\n', '\n\t"net/http"')
    assert lint(text, "main.go", select=["GO004"]) == []


# ---- syntax errors ----------------------------------------------------------


def test_syntax_error_position_and_rest_of_file_still_linted():
    text = go('func f() {\n\tx :=\n}\n\nfunc main() { http.ListenAndServe(":80", nil) }\n', '\n\t"net/http"')
    found = lint(text, "main.go", select=["CN001", "GO004"])
    assert [(d.code, d.span.line, d.span.column, d.message) for d in found] == [
        ("CN001", 8, 6, "syntax error: missing identifier"),
        ("GO004", 11, 20, found[1].message),
    ]


def test_syntax_error_column_counts_characters_not_bytes():
    text = 'package main\n\nfunc f() {\n\ts := "héllo, 世界"; x := )\n}\n'
    found = lint(text, "main.go", select=["CN001"])
    assert [(d.span.line, d.span.column, d.span.end_column) for d in found] == [(4, 20, 26)]
    assert found[0].message == "syntax error: unexpected 'x := )'"


def test_missing_package_clause_is_a_syntax_error():
    assert positions(lint("func main() {}\n", "main.go", select=["CN001"])) == [(1, 1)]


def test_syntax_errors_are_capped_per_file():
    text = "package main\n\n" + "func f() { x := ) }\n" * 10
    assert len(lint(text, "main.go", select=["CN001"])) == golang.MAX_SYNTAX_ERRORS


# ---- Go version ---------------------------------------------------------


def _version(path, text="package main\n", **settings):
    return linked_go(path, text, **settings).go_version


def test_go_mod_is_found_from_a_sub_directory(tmp_path):
    (tmp_path / "go.mod").write_text("module example.com/m\n\ngo 1.22.3\n\ntoolchain go1.23.1\n")
    (tmp_path / "cmd" / "app").mkdir(parents=True)
    assert _version(tmp_path / "cmd" / "app" / "main.go", go_version="1.19") == "1.22"


def test_relative_path_resolves_under_the_root_not_the_working_directory(tmp_path, monkeypatch):
    (tmp_path / "mod" / "sub").mkdir(parents=True)
    (tmp_path / "mod" / "go.mod").write_text("module m\n\ngo 1.23\n")
    monkeypatch.chdir(tmp_path)
    assert _version("sub/main.go", root=tmp_path / "mod") == "1.23"


def test_build_line_beats_go_mod(tmp_path):
    (tmp_path / "go.mod").write_text("module m\n\ngo 1.21\n")
    text = "//go:build go1.23 && linux\n\npackage main\n"
    assert _version(tmp_path / "main.go", text) == "1.23"


def test_settings_version_when_no_go_mod_governs(tmp_path):
    assert _version(tmp_path / "main.go", go_version="go1.20.4") == "1.20"
    assert _version(tmp_path / "main.go") is None


@pytest.mark.parametrize(
    ("expr", "minimum"),
    [("go1.22", 22), ("linux && go1.22", 22), ("go1.20 || go1.22", 20), ("go1.22 || linux", None), ("!go1.22", None), ("!(!go1.22 || !go1.23)", 23), ("go1.22 &&", None)],
)
def test_build_expression_minimum_version(expr, minimum):
    assert golang.build_minimum(expr) == minimum


def test_build_line_below_go1_21_means_go1_21(tmp_path):
    assert _version(tmp_path / "main.go", "//go:build go1.18\n\npackage main\n") == "1.21"


# ---- imports ------------------------------------------------------------


def test_import_map_handles_alias_dot_and_blank_imports():
    text = go("", '\n\ts "sync"\n\t. "crypto/tls"\n\t_ "net/http/pprof"\n\t"os/signal"\n\t"gopkg.in/yaml.v3"\n\t"github.com/x/y/v2"')
    doc = golang.parse("main.go", text, Settings())
    assert doc.imports == {"s": "sync", "signal": "os/signal", "yaml": "gopkg.in/yaml.v3", "y": "github.com/x/y/v2"}
    assert doc.dot_imports == ("crypto/tls",)


# ---- suppressions -------------------------------------------------------

TLS_IMPORT = '\n\t"crypto/tls"'


def test_own_line_cnlint_ignore_covers_the_whole_next_statement():
    text = go("var a = &tls.Config{\n\tMinVersion: 0,\n\tInsecureSkipVerify: true,\n}\n", TLS_IMPORT)
    assert codes(lint(text, "main.go", select=["GO001"])) == ["GO001"]
    ignored = text.replace("var a", "//cnlint:ignore GO001 test servers only\nvar a")
    assert lint(ignored, "main.go", select=["GO001", "CN002"]) == []


def test_own_line_comment_does_not_cover_the_statement_after_next():
    text = go("//cnlint:ignore GO001 reason\nvar a = 1\nvar b = &tls.Config{InsecureSkipVerify: true}\n", TLS_IMPORT)
    assert codes(lint(text, "main.go", select=["GO001", "CN002"])) == ["CN002", "GO001"]


@pytest.mark.parametrize("comment", ["//nolint:gosec", "// #nosec G402", "//nolint", "//cnlint:ignore insecure-skip-verify"])
def test_trailing_comment_covers_its_line(comment):
    text = go(f"var a = &tls.Config{{InsecureSkipVerify: true}} {comment}\nvar b = &tls.Config{{InsecureSkipVerify: true}}\n", TLS_IMPORT)
    assert positions(lint(text, "main.go", select=["GO001", "CN002"])) == [(8, 41)]


def test_staticcheck_line_and_file_ignores():
    body = "func f() {\n\t{}\n\tmu.Lock()\n\tmu.Unlock()\n}\n"
    line = go(body.replace("\t{}\n", "\t//lint:ignore SA2001 a barrier\n"))
    whole = "//lint:file-ignore SA2001 barriers\n" + go(body)
    assert lint(go(body), "main.go", select=["GO002"]) != []
    assert lint(line, "main.go", select=["GO002", "CN002"]) == []
    assert lint(whole, "main.go", select=["GO002", "CN002"]) == []


def test_nolint_govet_covers_the_vet_alias():
    text = go("func main() {\n\tsignal.Notify(make(chan os.Signal)) //nolint:govet\n}\n", '\n\t"os"\n\t"os/signal"')
    assert lint(text, "main.go", select=["GO003"]) == []


def test_unused_cnlint_ignore_is_reported():
    text = go("//cnlint:ignore GO004 no server here\nfunc main() {}\n")
    found = lint(text, "main.go", select=GO + ["CN002"])
    assert [(d.code, d.span.line, d.span.column) for d in found] == [("CN002", 6, 1)]


# ---- fix ------------------------------------------------------------------


def test_signal_buffer_fix_applies_and_relints_clean():
    text = go(
        "func main() {\n\tc := make(chan os.Signal)\n\tsignal.Notify(c, os.Interrupt)\n\tsignal.Notify(make(chan os.Signal, 0))\n}\n",
        '\n\t"os"\n\t"os/signal"',
    )
    engine = engine_for(select=["GO003"])
    result = engine.fix([Input("main.go", "go", text=text, absolute=Path.cwd() / "main.go")])
    fixed = result.changes["main.go"][1]
    assert "c := make(chan os.Signal, 1)\n" in fixed
    assert "signal.Notify(make(chan os.Signal, 1))" in fixed
    assert result.diagnostics == []
    assert lint(fixed, "main.go", select=["GO003", "CN001"]) == []


# ---- startup --------------------------------------------------------------


def test_linting_a_dockerfile_does_not_import_tree_sitter(tmp_path):
    probe = (
        "import json, sys\n"
        "from cnlint.engine import Engine\n"
        "from cnlint.config import Resolver\n"
        "Engine(Resolver(isolated=True)).lint_text('FROM alpine:3.20\\n', 'Dockerfile')\n"
        "print(json.dumps(sorted(sys.modules)))\n"
    )
    out = subprocess.run([sys.executable, "-c", probe], cwd=tmp_path, capture_output=True, text=True, timeout=60, check=True)
    loaded = set(json.loads(out.stdout))
    assert "cnlint.dockerfile.rules.base_images" in loaded
    assert not {"tree_sitter", "tree_sitter_go", "cnlint.golang.model"} & loaded


def test_linting_go_does_not_import_the_yaml_or_schema_stack(tmp_path):
    (tmp_path / "main.go").write_text('package main\n\nimport "net/http"\n\nfunc main() { _ = http.ListenAndServe(":80", nil) }\n')
    probe = (
        "import json, sys\n"
        "from cnlint.engine import Engine\n"
        "from cnlint.config import Resolver\n"
        "result = Engine(Resolver(isolated=True)).lint_paths(['main.go'])\n"
        "print(json.dumps([sorted(sys.modules), [d.code for d in result.diagnostics]]))\n"
    )
    for _ in range(2):  # the first run may fill the catalogue's cache, which reads YAML and jsonschema
        out = subprocess.run([sys.executable, "-c", probe], cwd=tmp_path, capture_output=True, text=True, timeout=60, check=True)
    loaded, found = json.loads(out.stdout)
    assert "GO004" in found and "cnlint.golang.rules.http_servers" in loaded
    assert not {m for m in loaded if m.split(".")[0] in ("ruamel", "jsonschema", "dockerfile_parse")}


# ---- what parsing does, and leaves to the rules ---------------------------------------


def test_parsing_reads_imports_and_suppressions_without_querying_the_whole_file():
    # The query over the whole tree is the rules' (in the workers, in
    # parallel); parsing is serial, so it reads only what it must.
    text = (
        'package p\n\nimport (\n\t"os"\n\tt "crypto/tls"\n\t. "strings"\n)\n\nimport "net/http"\n\n'
        "// a comment about linting\nvar x = 1 //nolint:GO001 // why\n\n"
        "var y = 2 // #nosec G101\n/* nolint: a block comment is no suppression */\n"
    )
    doc = golang.parse("p.go", text, Settings())
    assert doc.imports == {"os": "os", "t": "crypto/tls", "http": "net/http"}
    assert doc.dot_imports == ("strings",)
    assert [s.span.line for s in doc.suppressions] == [12, 14]
    assert not any(isinstance(k, tuple) and k[0] == "all" for k in doc._found) and "queried" not in doc._found


def test_a_file_with_syntax_errors_still_has_its_imports():
    doc = golang.parse("p.go", 'package p\n\nimport (\n\t"os"\n\t"net/http"\n)\n\nfunc f( {\n', Settings())
    assert doc.parse_problems()
    assert doc.imports == {"os": "os", "http": "net/http"}


def test_string_values_read_go_escapes_and_keep_other_text():
    from cnlint.golang.syntax import string_value

    text = 'package p\n\nvar a = "h\u00e9llo\\n\\t\\x41\\101\\u00e9\\U0001F600\\}\\uD800"\nvar b = `raw\\n`\n'
    doc = golang.parse("p.go", text, Settings())
    interpreted, raw = doc.nodes("interpreted_string_literal", "raw_string_literal")
    # no warning either: an escape Go does not have stays as written
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert string_value(doc, interpreted) == "h\u00e9llo\n\tAA\u00e9\U0001f600\\}\\uD800"
    assert string_value(doc, raw) == "raw\\n"
