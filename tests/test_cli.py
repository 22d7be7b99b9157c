"""The CLI as a user runs it: exit codes, stdin, fixes, rules, explain."""

from __future__ import annotations

import json

import pytest
from helpers import run_cli

BAD = "FROM alpine:latest\nMAINTAINER Jane <j@example.com>\nRUN apt-get update && apt-get install curl\n"
# The CLI's mechanics are tested on a fixed set of rules, whatever others join the default set.
RULES = 'select = ["DF002", "DF003", "DF004", "DF005", "CN"]\n'


@pytest.fixture
def project(tmp_path):
    (tmp_path / "Dockerfile").write_text(BAD)
    (tmp_path / "cnlint.toml").write_text(RULES)
    return tmp_path


def test_text_output_points_at_the_problem(project):
    proc = run_cli("check", cwd=project)
    assert proc.returncode == 1
    assert "Dockerfile:1:6: DF002 warning base image 'alpine:latest' uses the 'latest' tag" in proc.stdout
    assert "     1 | FROM alpine:latest\n       |      ^^^^^^^^^^^^^\n" in proc.stdout
    assert "Found 3 problems (1 error, 2 warnings) in 1 file checked." in proc.stdout
    assert "[*] 2 fixable with --fix" in proc.stdout
    assert "\033[" not in proc.stdout  # no colour when not on a terminal


def test_colour_can_be_forced(project):
    assert "\033[" in run_cli("check", "--color", "always", cwd=project).stdout
    assert "\033[" in run_cli("check", cwd=project, env={"FORCE_COLOR": "1"}).stdout
    assert "\033[" not in run_cli("check", "--color", "always", "--format", "json", cwd=project).stdout


def test_clean_run_exits_zero(tmp_path):
    (tmp_path / "Dockerfile").write_text("FROM alpine:3.20\nUSER 65532\n")
    (tmp_path / "cnlint.toml").write_text(RULES)
    proc = run_cli("check", cwd=tmp_path)
    assert proc.returncode == 0, proc.stdout
    assert "All checks passed (1 file checked)." in proc.stdout


def test_exit_codes(project):
    assert run_cli("check", "--exit-zero", cwd=project).returncode == 0
    assert run_cli("check", "--fail-on", "error", "--select", "DF002", cwd=project).returncode == 0
    assert run_cli("check", "--fail-on", "error", cwd=project).returncode == 1
    assert run_cli("check", "nope/", cwd=project).returncode == 2
    assert run_cli("check", "--select", "BOGUS", cwd=project).returncode == 2
    assert run_cli("--unknown-flag", cwd=project).returncode == 2
    assert run_cli(cwd=project).returncode == 2


def test_missing_path_is_one_clear_line(project):
    proc = run_cli("check", "nope/", cwd=project)
    assert proc.stderr.strip() == "cnlint: error: nope/: no such file or directory"


def test_paths_are_shown_as_named(project):
    (project / "svc").mkdir()
    (project / "svc" / "Dockerfile").write_text(BAD)
    out = json.loads(run_cli("check", "--format", "json", "svc", "./Dockerfile", cwd=project).stdout)
    assert sorted({d["path"] for d in out}) == ["Dockerfile", "svc/Dockerfile"]


def test_stdin_filename_lints_standard_input(tmp_path):
    (tmp_path / "cnlint.toml").write_text(RULES)
    proc = run_cli("check", "--format", "json", "--stdin-filename", "app/Dockerfile", stdin=BAD, cwd=tmp_path)
    out = json.loads(proc.stdout)
    assert {d["path"] for d in out} == {"app/Dockerfile"}
    assert {d["code"] for d in out} == {"DF002", "DF003", "DF004"}
    assert proc.returncode == 1


def test_stdin_filename_uses_the_config_where_the_file_would_be(tmp_path):
    (tmp_path / "app").mkdir()
    (tmp_path / "app" / "cnlint.toml").write_text('select = ["DF002"]\n')
    out = json.loads(run_cli("check", "--format", "json", "--stdin-filename", "app/Dockerfile", stdin=BAD, cwd=tmp_path).stdout)
    assert [d["code"] for d in out] == ["DF002"]


def test_stdin_fix_writes_the_fixed_text_to_stdout(tmp_path):
    (tmp_path / "cnlint.toml").write_text(RULES)
    proc = run_cli("check", "--fix", "--stdin-filename", "Dockerfile", stdin=BAD, cwd=tmp_path)
    assert proc.stdout == 'FROM alpine:latest\nLABEL maintainer="Jane <j@example.com>"\nRUN apt-get update && apt-get install -y curl\n'
    assert "DF002" in proc.stderr and proc.returncode == 1


def test_fix_rewrites_files_and_is_idempotent(project):
    proc = run_cli("check", "--fix", cwd=project)
    fixed = (project / "Dockerfile").read_text()
    assert fixed == 'FROM alpine:latest\nLABEL maintainer="Jane <j@example.com>"\nRUN apt-get update && apt-get install -y curl\n'
    assert "Fixed 1 file." in proc.stderr
    assert [line for line in proc.stdout.splitlines() if "DF0" in line and ":" in line][0].startswith("Dockerfile:1:6: DF002")
    again = run_cli("check", "--fix", cwd=project)
    assert (project / "Dockerfile").read_text() == fixed
    assert "Fixed" not in again.stderr


def test_diff_shows_fixes_and_changes_nothing(project):
    proc = run_cli("check", "--diff", cwd=project)
    assert proc.returncode == 1
    assert "-MAINTAINER Jane <j@example.com>\n" in proc.stdout
    assert "+LABEL maintainer=\"Jane <j@example.com>\"\n" in proc.stdout
    assert proc.stdout.startswith("--- a/Dockerfile\n+++ b/Dockerfile\n")
    assert (project / "Dockerfile").read_text() == BAD
    (project / "Dockerfile").write_text("FROM alpine:3.20\nUSER 65532\n")
    clean = run_cli("check", "--diff", cwd=project)
    assert clean.returncode == 0 and clean.stdout == ""


def test_unsafe_fixes_need_fix_or_diff(project):
    proc = run_cli("check", "--unsafe-fixes", cwd=project)
    assert proc.returncode == 2 and "--unsafe-fixes needs --fix or --diff" in proc.stderr


@pytest.mark.parametrize(
    ("data", "column", "message"),
    [
        (b"FROM x\0\0\0", 7, "file is binary"),
        (b"FROM caf\xe9\n", 9, "file is not valid UTF-8 (byte 8 is 0xe9)"),
    ],
)
def test_unreadable_files_are_reported_not_crashed(tmp_path, data, column, message):
    (tmp_path / "Dockerfile").write_bytes(data)
    (tmp_path / "cnlint.toml").write_text(RULES)
    proc = run_cli("check", "--format", "json", cwd=tmp_path)
    [d] = json.loads(proc.stdout)
    assert (d["code"], d["line"], d["column"]) == ("CN001", 1, column)
    assert message in d["message"]
    assert proc.returncode == 1


def test_huge_files_are_reported_not_linted(tmp_path):
    (tmp_path / "cnlint.toml").write_text(RULES)
    (tmp_path / "Dockerfile").write_text("FROM alpine:3.20\n" + "# filler\n" * 700_000)
    [d] = json.loads(run_cli("check", "--format", "json", cwd=tmp_path).stdout)
    assert d["code"] == "CN001" and "too large" in d["message"]


def test_a_failing_rule_becomes_cn003_and_the_rest_still_runs(monkeypatch):
    from helpers import codes, lint

    from cnlint.checks import per_artifact

    table = per_artifact("dockerfile")

    def broken(doc, ctx):
        raise KeyError("boom")
        yield

    monkeypatch.setitem(table, "DF005", broken)
    found = lint(BAD + "USER root\n", select=["DF002", "DF005", "CN"])
    assert "CN003" in codes(found) and "DF002" in codes(found)
    [internal] = [d for d in found if d.code == "CN003"]
    assert "rule DF005" in internal.message and "KeyError" in internal.message


def test_parse_errors_and_failed_rules_are_reported_whatever_is_selected(tmp_path, monkeypatch):
    from helpers import codes, lint

    from cnlint.checks import per_artifact

    (tmp_path / "Dockerfile").write_text("FROM alpine:3.20\nRUN <<EOF\necho hi\n")
    shown = json.loads(run_cli("check", "--isolated", "--select", "DF001", "--format", "json", cwd=tmp_path).stdout)
    assert [(d["code"], d["line"]) for d in shown] == [("CN001", 2)]
    hidden = run_cli("check", "--isolated", "--select", "DF001", "--ignore", "CN001", cwd=tmp_path)
    assert hidden.returncode == 0, hidden.stdout

    def broken(doc, ctx):
        raise KeyError("boom")
        yield

    monkeypatch.setitem(per_artifact("dockerfile"), "DF005", broken)
    found = codes(lint(BAD, select=["DF002", "DF005"]))
    assert "CN003" in found and "DF002" in found


def test_a_package_reading_rule_that_fails_on_one_file_still_reports_the_others(monkeypatch):
    from helpers import lint_files

    from cnlint.checks import per_artifact
    from cnlint.golang.index import per_package
    from cnlint.golang.rules import goroutines

    original = goroutines.waitgroup_add_in_goroutine.__wrapped__
    failing = "package a\n\nvar boom = 1\n"

    def fragile(doc, ctx):
        if b"boom" in doc.data:
            raise ValueError("boom")
        yield from original(doc, ctx)

    monkeypatch.setitem(per_artifact("go"), "GO006", per_package(fragile))
    bad = "package b\n\nimport \"sync\"\n\nfunc F() {\n\tvar wg sync.WaitGroup\n\tgo func() {\n\t\twg.Add(1)\n\t\tdefer wg.Done()\n\t}()\n\twg.Wait()\n}\n"
    found = lint_files({"a/a.go": failing, "b/b.go": bad}, select=["GO006"])
    assert sorted((d.path, d.code) for d in found) == [("a/a.go", "CN003"), ("b/b.go", "GO006")]
    [internal] = [d for d in found if d.code == "CN003"]
    assert "rule GO006" in internal.message and "ValueError" in internal.message


def test_one_go_file_is_linted_with_the_rest_of_its_package(tmp_path):
    pkg = tmp_path / "svc"
    pkg.mkdir()
    (pkg / "go.mod").write_text("module svc\n\ngo 1.22\n")
    (pkg / "decls.go").write_text('package svc\n\nimport "sync"\n\nvar wg sync.WaitGroup\n')
    (pkg / "use.go").write_text("package svc\n\nfunc Start() {\n\tgo func() {\n\t\twg.Add(1)\n\t\tdefer wg.Done()\n\t}()\n}\n")
    (tmp_path / "other").mkdir()
    (tmp_path / "other" / "x.go").write_text("package other\n\nfunc (\n")  # not its package: never read
    out = run_cli("check", "--isolated", "--format", "json", "svc/use.go", cwd=tmp_path)
    found = json.loads(out.stdout)
    assert [(d["path"], d["code"], d["line"]) for d in found] == [("svc/use.go", "GO006", 5)]
    assert "wg" in found[0]["message"]


def test_rules_json_lists_the_catalogue():
    rules = json.loads(run_cli("rules", "--format", "json").stdout)
    df002 = next(r for r in rules if r["code"] == "DF002")
    assert df002 == {
        "code": "DF002",
        "name": "latest-base-image",
        "artifact": "dockerfile",
        "severity": "warning",
        "summary": "A base image is pinned to the moving 'latest' tag",
        "fixable": False,
        "aliases": ["DL3007"],
        "default": True,
        "tags": ["dockerfile-pinning"],
    }
    assert [r["code"] for r in rules] == sorted(r["code"] for r in rules)


def test_rules_text_and_markdown():
    text = run_cli("rules").stdout
    assert "DF003 *" in text and "latest-base-image" in text
    markdown = run_cli("rules", "--format", "markdown").stdout
    assert "| [DF002](#df002-latest-base-image) | latest-base-image |" in markdown
    assert "## DF002 latest-base-image" in markdown


@pytest.mark.parametrize("ident", ["DF002", "latest-base-image", "DL3007", "dl3007"])
def test_explain_by_code_name_or_alias(ident):
    proc = run_cli("explain", ident)
    assert proc.returncode == 0
    assert proc.stdout.startswith("# DF002 latest-base-image\n")
    assert "## Why is this bad?" in proc.stdout and "- Aliases: DL3007" in proc.stdout


def test_explain_unknown_rule():
    proc = run_cli("explain", "XX123")
    assert proc.returncode == 2 and "no rule is called 'XX123'" in proc.stderr


DEPLOYMENT = (
    "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  selector: {matchLabels: {app: web}}\n"
    "  template:\n    metadata: {labels: {app: web}}\n    spec:\n      containers: [{name: web, image: nginx}]\n"
)
SERVICE = "apiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec:\n  selector: {app: web}\n  ports: [{port: 80}]\n"


def test_context_feeds_cross_file_rules_without_being_reported(tmp_path):
    (tmp_path / "cnlint.toml").write_text('select = ["KM001", "KM004"]\n')
    (tmp_path / "deploy.yaml").write_text(DEPLOYMENT)  # has findings of its own (latest tag)
    (tmp_path / "svc.yaml").write_text(SERVICE)
    alone = json.loads(run_cli("check", "--format", "json", "svc.yaml", cwd=tmp_path).stdout)
    assert [d["code"] for d in alone] == ["KM004"]
    proc = run_cli("check", "--format", "json", "--context", ".", "svc.yaml", cwd=tmp_path)
    assert (proc.returncode, json.loads(proc.stdout)) == (0, [])
    assert "All checks passed (1 file checked)." in run_cli("check", "--context", ".", "svc.yaml", cwd=tmp_path).stdout


def test_go_context_is_only_the_named_files_packages(tmp_path):
    from cnlint.cli import _context_inputs
    from cnlint.config import Resolver
    from cnlint.discovery import discover
    from cnlint.engine import read

    for name in ("a/main.go", "a/types.go", "b/other.go", "k8s/svc.yaml"):
        (tmp_path / name).parent.mkdir(exist_ok=True)
        (tmp_path / name).write_text("package main\n" if name.endswith(".go") else SERVICE)
    resolver = Resolver(isolated=True)
    named = [read(ref) for ref in discover([str(tmp_path / "a/main.go")], resolver)]
    context = _context_inputs([str(tmp_path)], named, resolver)
    # The rest of the package, and the manifests the cross-artifact rules read
    # with it; never another package.
    assert sorted(i.absolute.relative_to(tmp_path).as_posix() for i in context) == ["a/types.go", "k8s/svc.yaml"]
    assert all(i.context for i in context)


def test_a_project_rule_that_fails_outright_is_reported_on_a_file_it_reads(monkeypatch):
    from helpers import lint_files

    from cnlint import checks, kinds

    def broken(project, ctx):
        raise RecursionError("deep")
        yield

    rules = checks.table(kinds.for_artifact("kubernetes")).project
    monkeypatch.setitem(rules, "KM100", rules["KM100"]._replace(check=broken))
    pod = "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\n"
    found = lint_files({"b.yaml": pod, "a.yaml": pod, "Dockerfile": "FROM alpine:3.20\n"}, select=["KM100"])
    assert [(d.path, d.code) for d in found] == [("a.yaml", "CN003")]
    assert "rule KM100 (it reads every file; this is the first)" in found[0].message


def test_a_lint_collects_garbage_less_often_and_puts_the_setting_back(project, monkeypatch):
    # what a lint builds lives to its end: see cli._few_collections
    import gc

    from cnlint import cli
    from cnlint.checks import per_artifact

    seen = []

    def probe(doc, ctx):
        seen.append(gc.get_threshold()[0])
        yield from ()

    monkeypatch.setitem(per_artifact("dockerfile"), "DF005", probe)
    before = gc.get_threshold()
    assert cli.main(["check", "--no-cache", "--exit-zero", str(project / "Dockerfile")]) == 0
    assert seen == [cli.GC_GENERATION0] and gc.get_threshold() == before
