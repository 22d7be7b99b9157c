"""A Go file's tree is built by the first rule that reads it: in the worker
process that runs the rules, not in the process that reads every file."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from cnlint.config import Settings
from cnlint.golang import model as golang
from cnlint.golang.scope import header_package

# Run in a process of its own: worker processes are forked only from a
# process without other threads. MIN_BYTES 0: even these small files go to
# the workers.
_LINT = textwrap.dedent(
    """
    import json, sys
    from pathlib import Path
    from cnlint.config import Resolver
    from cnlint.engine import Engine, read, workers
    from cnlint.discovery import discover

    workers.MIN_BYTES = 0
    root = Path(sys.argv[1])
    resolver = Resolver(isolated=True, root=root)
    engine = Engine(resolver, jobs=int(sys.argv[2]), root=root)
    result = engine.lint([read(ref) for ref in discover(["."], resolver)])
    print(json.dumps({
        "found": sorted((d.code, d.path, d.span.line) for d in result.diagnostics),
        "parsed here": sorted(a.path for a in result.project.artifacts if a.kind == "go" and a._syntax is not None),
    }))
    """
)


def _lint(root: Path, jobs: int) -> dict:
    proc = subprocess.run([sys.executable, "-c", _LINT, str(root), str(jobs)], capture_output=True, text=True, timeout=120, cwd=root)
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


def _package(root: Path) -> Path:
    (root / "go.mod").write_text("module example.com/svc\n\ngo 1.21\n")
    (root / "lock.go").write_text('package main\n\nimport "sync"\n\ntype Counter struct {\n\tmu sync.Mutex\n\tn  int\n}\n')
    (root / "main.go").write_text(
        'package main\n\nimport "fmt"\n\nfunc show(c Counter) { fmt.Println(c.n) }\n\n'
        "func main() {\n\tfor _, v := range []int{1, 2} {\n\t\tgo func() { fmt.Println(v) }()\n\t}\n\tshow(Counter{})\n}\n"
    )
    (root / "quiet.go").write_text(
        'package main\n\nimport "fmt"\n\n//nolint:GO010\nfunc quiet(c Counter) { fmt.Println(c.n) }\n'
    )
    (root / "broken.go").write_text("package main\n\nfunc broken( {\n")
    return root


def test_the_rules_find_the_same_when_only_the_workers_parse(tmp_path):
    root = _package(tmp_path)
    alone, shared = _lint(root, 1), _lint(root, 2)
    assert shared["found"] == alone["found"]
    found = {(code, path) for code, path, _ in alone["found"]}
    assert ("GO010", "main.go") in found  # a Counter of lock.go, copied
    assert ("CN001", "broken.go") in found  # the parse problem, found where the tree is built
    assert ("GO010", "quiet.go") not in found  # the suppression, read where the engine filters
    # Only the file with a comment that may be a suppression was parsed in
    # the process that reads the files; the workers parsed the others.
    assert shared["parsed here"] == ["quiet.go"]
    assert set(alone["parsed here"]) == {"broken.go", "lock.go", "main.go", "quiet.go"}


def test_a_parse_problem_comes_back_from_the_cache_for_a_file_not_parsed_again(tmp_path):
    root = tmp_path / "tree"
    root.mkdir()
    _package(root)
    (root / "other").mkdir()
    (root / "other" / "broken.go").write_text("package other\n\nfunc broken( {\n")
    env = {"CNLINT_CACHE_DIR": str(tmp_path / "cache"), "PATH": ""}
    argv = [sys.executable, "-m", "cnlint", "check", "--format", "json", "--exit-zero", "--isolated", "--verbose", "."]

    def run():
        proc = subprocess.run(argv, cwd=root, env=env, capture_output=True, text=True, timeout=120)
        assert proc.returncode == 0, proc.stderr
        return {(d["code"], d["path"]) for d in json.loads(proc.stdout)}, proc.stderr

    first, _ = run()
    (root / "main.go").write_text((root / "main.go").read_text() + "\n// changed\n")
    second, said = run()
    assert "per-file results of 2 of 6 files" in said  # go.mod and other/broken.go: unchanged
    assert first == second
    assert {("CN001", "broken.go"), ("CN001", "other/broken.go")} <= second and ("GO010", "quiet.go") not in second


def test_reading_a_file_parses_it_once_and_only_when_asked():
    doc = golang.parse("p.go", 'package p\n\nimport "os"\n\nfunc f() { os.Exit(1) }\n', Settings())
    assert doc._syntax is None and doc.suppressions == []
    assert doc.imports == {"os": "os"} and doc._syntax is not None
    tree = doc.tree
    assert doc.root.type == "source_file" and doc.tree is tree
    assert doc.parse_problems() == []


@pytest.mark.parametrize(
    "text, name",
    [
        ("package main\n", "main"),
        ("\ufeffpackage main\n", "main"),
        ("// Package x does things.\n//go:build linux\n\npackage x // trailing\n", "x"),
        ("/* a\n * block */ package /* inside */ y;", "y"),
        ("package\n// between\nz\n", "z"),
        ("package ünïcode\n", "ünïcode"),
        ("package _\n", "_"),
        ("packagemain\n", None),
        ("func main() {}\n", None),
        ("/* never closed\npackage main\n", None),
        ("package 9lives\n", None),
        ("package", None),
        ("", None),
    ],
)
def test_the_package_name_is_read_off_the_header_as_the_go_command_reads_it(text, name):
    assert header_package(text) == name
    if name is not None and "\ufeff" not in text:  # the tree's package clause names the same
        # (its first named child may be a comment: the name read off the
        # tree's first child was once "/* inside */")
        doc = golang.parse("p.go", text, Settings())
        [clause] = [c for c in doc.root.named_children if c.type == "package_clause"]
        assert [doc.text_of(c) for c in clause.named_children if c.type == "package_identifier"] == [name]
