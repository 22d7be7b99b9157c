"""Reading inputs: only regular files, never more than the size limit, and
every file that is skipped is reported where the problem is."""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys

import pytest

from cnlint.config import Resolver
from cnlint.discovery import discover
from cnlint.engine import MAX_BYTES, decode, read_text

RULES = 'select = ["DF002", "CN", "KM001"]\n'
POD = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: a\n    image: a:latest\n"


def _found(proc) -> list[tuple[str, str, int, int]]:
    return [(d["path"], d["code"], d["line"], d["column"]) for d in json.loads(proc.stdout)]


def _bounded_cli(*args, cwd, seconds=60):
    """The CLI with 1 GiB of address space and a time limit: reading must be bounded."""

    def limit():
        resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))

    env = {k: v for k, v in os.environ.items() if k != "GITHUB_ACTIONS"}
    return subprocess.run([sys.executable, "-m", "cnlint", *args], cwd=cwd, capture_output=True, text=True, timeout=seconds, preexec_fn=limit, env=env)


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="no /dev/zero")
def test_a_symlink_to_a_device_is_reported_not_read(tmp_path):
    (tmp_path / "cnlint.toml").write_text(RULES)
    (tmp_path / "Dockerfile").symlink_to("/dev/zero")
    (tmp_path / "app.yaml").write_text(POD)
    proc = _bounded_cli("check", "--format", "json", cwd=tmp_path)
    assert _found(proc) == [("Dockerfile", "CN001", 1, 1), ("app.yaml", "KM001", 8, 12)], proc.stderr
    assert "not a regular file" in json.loads(proc.stdout)[0]["message"]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_a_fifo_in_the_tree_is_reported_and_the_run_goes_on(tmp_path):
    (tmp_path / "cnlint.toml").write_text(RULES)
    os.mkfifo(tmp_path / "pipe.yaml")
    (tmp_path / "app.yaml").write_text(POD)
    proc = _bounded_cli("check", "--format", "json", cwd=tmp_path, seconds=30)
    assert _found(proc) == [("app.yaml", "KM001", 8, 12), ("pipe.yaml", "CN001", 1, 1)]
    assert "FIFO" in json.loads(proc.stdout)[1]["message"]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_a_fifo_named_on_the_command_line_is_reported(tmp_path):
    (tmp_path / "cnlint.toml").write_text(RULES)
    os.mkfifo(tmp_path / "Dockerfile")
    os.mkfifo(tmp_path / "pipe")
    proc = _bounded_cli("check", "--format", "json", "Dockerfile", "pipe", cwd=tmp_path, seconds=30)
    assert _found(proc) == [("Dockerfile", "CN001", 1, 1), ("pipe", "CN001", 1, 1)]
    assert proc.returncode == 1


def test_at_most_the_limit_is_read_whatever_the_size_says(tmp_path, monkeypatch):
    path = tmp_path / "Dockerfile"
    path.write_bytes(b"#" * (MAX_BYTES + 10))

    def empty(real):  # a file whose stat says it is empty, as files in /proc do
        return lambda *args, **kwargs: os.stat_result((*real(*args, **kwargs)[:6], 0, *real(*args, **kwargs)[7:]))

    monkeypatch.setattr(os, "fstat", empty(os.fstat))
    monkeypatch.setattr(os, "stat", empty(os.stat))
    text, error = read_text(path)[:2]
    assert text is None and "too large" in error


def test_an_unreadable_directory_is_reported(tmp_path, monkeypatch):
    (tmp_path / "ok").mkdir()
    (tmp_path / "ok" / "Dockerfile").write_text("FROM a\n")
    (tmp_path / "locked").mkdir()
    real = os.scandir

    def scandir(path="."):
        if os.fspath(path).endswith("locked"):
            raise PermissionError(13, "Permission denied", os.fspath(path))
        return real(path)

    monkeypatch.setattr(os, "scandir", scandir)
    refs = discover([str(tmp_path)], Resolver(isolated=True))
    assert [(r.path, r.kind, r.error) for r in refs] == [
        (str(tmp_path / "locked"), None, "cannot read directory: Permission denied"),
        (str(tmp_path / "ok" / "Dockerfile"), "dockerfile", None),
    ]


@pytest.mark.parametrize(
    ("data", "where", "message"),
    [
        (b"FROM alpine:3.20\nRUN echo caf\xe9\n", (2, 13), "file is not valid UTF-8 (byte 29 is 0xe9)"),
        (b"FROM alpine:3.20\nRUN echo \xc3\xa9\xe9\n", (2, 11), "file is not valid UTF-8 (byte 28 is 0xe9)"),
        (b"FROM alpine:3.20\n\nRUN x\0\n", (3, 6), "file is binary (it contains NUL bytes), not text"),
        (b"FROM alpine:3.20\n" + b"# filler\n" * 2000 + b"\0", (2002, 1), "file is binary (it contains NUL bytes), not text"),
    ],
)
def test_undecodable_files_are_reported_at_the_byte(data, where, message):
    decoded = decode(data)
    assert (decoded.text, decoded.error, (decoded.span.line, decoded.span.column)) == (None, message, where)


def test_a_bom_is_remembered_not_kept_in_the_text():
    decoded = decode(b"\xef\xbb\xbfFROM a\r\n")
    assert (decoded.text, decoded.bom) == ("FROM a\r\n", True)


# ---- standard input reads as a file does ----------------------------------------------


def _stdin(data: bytes, name: str, *args, cwd):
    env = {k: v for k, v in os.environ.items() if k != "GITHUB_ACTIONS"}
    return subprocess.run([sys.executable, "-m", "cnlint", "check", "--stdin-filename", name, *args], input=data, cwd=cwd, capture_output=True, timeout=120, env=env)


def test_stdin_drops_a_bom_and_fix_puts_it_back(tmp_path):
    (tmp_path / "cnlint.toml").write_text('select = ["DF002", "DF003", "CN"]\n')
    data = b"\xef\xbb\xbfFROM alpine:latest\r\nMAINTAINER Jane\r\n"
    found = json.loads(_stdin(data, "Dockerfile", "--format", "json", cwd=tmp_path).stdout)
    assert [(d["code"], d["line"], d["column"]) for d in found] == [("DF002", 1, 6), ("DF003", 2, 1)]
    fixed = _stdin(data, "Dockerfile", "--fix", cwd=tmp_path).stdout
    assert fixed == b'\xef\xbb\xbfFROM alpine:latest\r\nLABEL maintainer="Jane"\r\n'


@pytest.mark.parametrize(
    ("data", "name", "where", "message"),
    [
        (b"FROM a\nRUN x\0\n", "Dockerfile", (2, 6), "file is binary"),
        (b"apiVersion: v1\nkind: Pod\nmetadata:\n  name: caf\xe9\n", "pod.yaml", (4, 12), "not valid UTF-8"),
        (b"package main\n\n// caf\xe9\n", "main.go", (3, 7), "not valid UTF-8"),
        (b"FROM a\n" + b"#" * MAX_BYTES, "Dockerfile", (1, 1), "too large"),
    ],
)
def test_stdin_is_checked_as_a_file_is(tmp_path, data, name, where, message):
    (tmp_path / "cnlint.toml").write_text('select = ["DF002", "CN"]\n')
    proc = _stdin(data, name, "--format", "json", cwd=tmp_path)
    [d] = json.loads(proc.stdout)
    assert (d["code"], d["line"], d["column"]) == ("CN001", *where) and message in d["message"]
    unchanged = _stdin(data, name, "--fix", cwd=tmp_path)
    assert unchanged.stdout == data and b"CN001" in unchanged.stderr


def test_text_with_a_lone_surrogate_is_a_parse_problem_not_a_crash():
    from helpers import lint

    for name in ("p.yaml", "main.go", "Dockerfile"):
        found = lint("apiVersion: v1\nkind: Pod\nmetadata:\n  name: \ud800\n", name, select=["CN"])
        assert [(d.code, d.span.line, d.span.column, d.message) for d in found] == [("CN001", 4, 9, "text is not valid Unicode: a lone surrogate U+D800")]
