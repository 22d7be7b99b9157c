"""The result cache and the worker processes never change an answer.

Each test runs the command line as a user does, in a process of its own
(worker processes are forked only from a process without other threads).
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from cnlint.config import Resolver
from cnlint.dockerfile import tools
from cnlint.dockerfile.rules import shellcheck
from cnlint.engine import Engine

ROOT = Path(__file__).resolve().parent.parent
CORPORA = {
    "dockerfiles": ROOT / "benchmarks" / "corpus" / "dockerfiles",
    "kubernetes": ROOT / "benchmarks" / "corpus" / "kubernetes",
    "go": ROOT / "benchmarks" / "corpus" / "go",
    "examples": ROOT / "examples",
}


def _check(cwd: Path, cache: Path, *args: str) -> tuple[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("GITHUB_ACTIONS", "GITLAB_CI")}
    env["CNLINT_CACHE_DIR"] = str(cache)
    proc = subprocess.run(
        [sys.executable, "-m", "cnlint", "check", "--format", "json", "--exit-zero", "--verbose", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr
    return proc.stdout, proc.stderr


@pytest.fixture(scope="module")
def tree(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("corpora")
    for name, src in CORPORA.items():
        shutil.copytree(src, root / name)
    return root


def test_jobs_and_the_cache_give_the_same_findings_on_every_corpus(tree, tmp_path):
    fresh, said = _check(tree, tmp_path / "unused", "--jobs", "1", "--no-cache")
    assert "rules run in" not in said
    assert len(json.loads(fresh)) > 1000
    parallel, said = _check(tree, tmp_path / "unused", "--jobs", "2", "--no-cache")
    assert "rules run in 2 processes" in said
    # --no-cache keeps no results, ShellCheck's answers neither
    assert not [p.name for p in (tmp_path / "unused").glob("*") if p.name == "results" or p.name.startswith("shellcheck")]
    cold, said = _check(tree, tmp_path / "cache", "--jobs", "2")
    assert "per-file results of 0 of" in said
    warm, said = _check(tree, tmp_path / "cache", "--jobs", "2")
    assert "the result cache answered for all" in said
    one_job_warm, _ = _check(tree, tmp_path / "cache", "--jobs", "1")
    assert fresh == parallel == cold == warm == one_job_warm


def test_text_output_from_the_cache_shows_the_same_source_lines(tree, tmp_path):
    args = ("--format", "text", "--no-source", "examples")
    first, _ = _check(tree, tmp_path, *args[:2], "examples")
    second, said = _check(tree, tmp_path, *args[:2], "examples")
    assert "the result cache answered" in said and first == second and "^" in first
    junit = [_check(tree, tmp_path, "--format", "junit", "examples")[0] for _ in range(2)]
    assert junit[0] == junit[1]  # files without findings are listed from the cache too


def _service(root: Path) -> Path:
    (root / "svc").mkdir(parents=True)
    (root / "svc" / "go.mod").write_text("module example.com/svc\n\ngo 1.21\n")
    (root / "svc" / "lock.go").write_text("package main\n\nimport \"sync\"\n\ntype Counter struct {\n\tmu sync.Mutex\n\tn  int\n}\n")
    (root / "svc" / "main.go").write_text(
        "package main\n\nimport \"fmt\"\n\nfunc show(c Counter) { fmt.Println(c.n) }\n\n"
        "func main() {\n\tfor _, v := range []int{1, 2} {\n\t\tgo func() { fmt.Println(v) }()\n\t}\n\tshow(Counter{})\n}\n"
    )
    (root / "svc" / "Dockerfile").write_text("FROM golang:1.22 AS build\nRUN go build -o /app .\nFROM alpine:3.20\nCOPY --from=build /app /app\n")
    return root / "svc"


def _codes(out: str, path: str | None = None) -> list[tuple[str, str, int]]:
    return sorted((d["code"], d["path"], d["line"]) for d in json.loads(out) if path is None or d["path"] == path)


def _same_as_fresh(root: Path, cache: Path, *args: str) -> str:
    cached, said = _check(root, cache, *args)
    fresh, _ = _check(root, cache.parent / "none", "--no-cache", *args)
    assert cached == fresh
    return cached


def test_a_changed_file_config_or_linked_file_gets_the_fresh_answer(tmp_path):
    svc = _service(tmp_path / "tree")
    cache = tmp_path / "cache"
    first = _same_as_fresh(svc.parent, cache)
    assert ("GO010", "svc/main.go", 5) in _codes(first)  # a Counter, declared in lock.go, is copied
    assert ("GO005", "svc/main.go", 9) in _codes(first)  # loop variable captured before go 1.22

    # the file itself
    (svc / "Dockerfile").write_text("FROM golang:1.22 AS build\nRUN go build -o /app .\nFROM alpine:3.20\nMAINTAINER me\nCOPY --from=build /app /app\n")
    assert ("DF003", "svc/Dockerfile", 4) in _codes(_same_as_fresh(svc.parent, cache))
    _, said = _check(svc.parent, cache)
    assert "the result cache answered" in said

    # another file of the Go package: the copied type no longer holds a lock
    (svc / "lock.go").write_text("package main\n\ntype Counter struct {\n\tn int\n}\n")
    found, said = _check(svc.parent, cache)
    assert "per-file results of 2 of 4 files" in said  # the Dockerfile's and go.mod's still hold
    assert ("GO010", "svc/main.go", 5) not in _codes(found)
    assert found == _same_as_fresh(svc.parent, cache)

    # the go.mod that governs it: loop variables are per iteration from 1.22
    (svc / "go.mod").write_text("module example.com/svc\n\ngo 1.22\n")
    assert ("GO005", "svc/main.go", 9) not in _codes(_same_as_fresh(svc.parent, cache))

    # a config file
    (svc.parent / "cnlint.toml").write_text('ignore = ["DF003"]\n')
    assert ("DF003", "svc/Dockerfile", 4) not in _codes(_same_as_fresh(svc.parent, cache))

    # the rules selected on the command line
    only = _codes(_same_as_fresh(svc.parent, cache, "--select", "DF"))
    assert only and all(code.startswith("DF") for code, _, _ in only)


def test_a_schema_location_is_read_again_when_it_changes(tmp_path):
    root = tmp_path / "tree"
    (root / "schemas").mkdir(parents=True)
    (root / "cnlint.toml").write_text('schema-locations = ["schemas"]\n')
    crd = (
        "apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata: {name: widgets.example.com}\n"
        "spec:\n  group: example.com\n  names: {kind: Widget, plural: widgets}\n  scope: Namespaced\n  versions:\n"
        "  - name: v1\n    served: true\n    storage: true\n    schema:\n      openAPIV3Schema:\n        type: object\n"
        "        properties:\n          spec:\n            type: object\n            properties:\n              size: {type: %s}\n"
    )
    (root / "schemas" / "widget.yaml").write_text(crd % "integer")
    (root / "k8s").mkdir()
    (root / "k8s" / "widget.yaml").write_text("apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w}\nspec: {size: 3}\n")
    cache = tmp_path / "cache"
    assert "KM100" not in {c for c, _, _ in _codes(_same_as_fresh(root, cache, "k8s"))}
    (root / "schemas" / "widget.yaml").write_text(crd % "string")
    assert "KM100" in {c for c, _, _ in _codes(_same_as_fresh(root, cache, "k8s"))}


def test_a_damaged_cache_is_not_used_and_is_replaced(tmp_path):
    svc = _service(tmp_path / "tree")
    cache = tmp_path / "cache"
    good = _same_as_fresh(svc.parent, cache)
    [stored] = (cache / "results").glob("*.json")
    stored.write_text('{"format": 1, "code": "x", "files": {')
    assert _check(svc.parent, cache)[0] == good
    data = json.loads(stored.read_text())
    stored.write_text(json.dumps({**data, "runs": {k: {"diagnostics": [["bad"]]} for k in data["runs"]}}))
    assert _check(svc.parent, cache)[0] == good
    json.loads(stored.read_text())  # written whole again


def test_concurrent_runs_share_the_cache_safely(tmp_path):
    svc = _service(tmp_path / "tree")
    cache = tmp_path / "cache"
    fresh, _ = _check(svc.parent, tmp_path / "none", "--no-cache")
    env = {**os.environ, "CNLINT_CACHE_DIR": str(cache)}
    cmd = [sys.executable, "-m", "cnlint", "check", "--format", "json", "--exit-zero"]
    procs = [subprocess.Popen(cmd, cwd=svc.parent, env=env, stdout=subprocess.PIPE, text=True) for _ in range(4)]
    outs = [p.communicate(timeout=300)[0] for p in procs]
    assert outs == [fresh] * 4
    assert _check(svc.parent, cache)[0] == fresh
    [stored] = (cache / "results").glob("*.json")
    json.loads(stored.read_text())
    assert not list((cache / "results").glob("*.tmp"))


def test_a_note_the_lint_said_is_said_again_from_the_cache(tmp_path, monkeypatch, caplog):
    (tmp_path / "Dockerfile").write_text("FROM alpine:3.20\nRUN echo $HOME\n")
    monkeypatch.setenv("CNLINT_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(tools, "shellcheck", lambda: None)
    monkeypatch.setattr(shellcheck, "_warned", False)
    notes = []
    for _ in range(2):
        caplog.clear()
        with caplog.at_level(logging.INFO, logger="cnlint"):
            Engine(Resolver(isolated=True, root=tmp_path), cache=True).lint_paths([str(tmp_path)])
        notes.append([r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING])
        monkeypatch.setattr(shellcheck, "_warned", True)  # said once per process: only the cache says it now
    assert notes[0] == notes[1] and "shellcheck was not found" in notes[0][0]
    assert any("the result cache answered" in r.getMessage() for r in caplog.records)


KILLED_WORKER = """
import os, sys
from cnlint.engine import workers
def die(share):
    os._exit(3)
workers._file_task = die  # every worker dies on its first share
from cnlint.cli import main
sys.exit(main(["check", "--format", "json", "--exit-zero", "--no-cache", "--jobs", "2", "--verbose", *sys.argv[1:]]))
"""


def test_a_worker_that_dies_costs_time_not_findings(tree, tmp_path):
    fresh, _ = _check(tree, tmp_path, "--jobs", "1", "--no-cache", "dockerfiles")
    proc = subprocess.run([sys.executable, "-c", KILLED_WORKER, "dockerfiles"], cwd=tree, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    assert "worker processes failed (ChildProcessError: a worker failed: exit status 3)" in proc.stderr
    assert proc.stdout == fresh
