"""examples/ is the flawed service `make check` lints: its flaws are found, and fixed."""

from __future__ import annotations

import json
import shutil

from conftest import ROOT
from helpers import run_cli

EXPECTED = {
    "Dockerfile": {"DF002", "DF003", "DF004", "DF001", "DF005"},
    "main.go": {"GO001", "GO002", "GO003", "GO004"},
    "k8s/deployment.yaml": {"KM001", "KM002", "KM003", "XA002", "XA005", "XA009"},
    "k8s/service.yaml": {"KM004"},
}


def _by_file(stdout: str) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for d in json.loads(stdout):
        out.setdefault(d["path"], set()).add(d["code"])
    return out


def test_make_check_finds_the_deliberate_flaws(tmp_path):
    proc = run_cli("check", "--format", "json", ".", cwd=ROOT / "examples")
    assert proc.returncode == 1, proc.stderr
    found = _by_file(proc.stdout)
    assert set(found) == set(EXPECTED)
    for path, flaws in EXPECTED.items():
        assert flaws <= found[path], path
        assert not found[path] & {"CN001", "CN003"}, path  # parses, and no rule fails on it


def test_make_check_command_exits_zero_and_prints_findings():
    proc = run_cli("check", "--exit-zero", "examples/", cwd=ROOT)
    assert proc.returncode == 0, proc.stderr
    assert "examples/Dockerfile:2:6: DF002" in proc.stdout
    assert "Found " in proc.stdout


def test_fix_on_a_copy_of_examples(tmp_path):
    copy = tmp_path / "examples"
    shutil.copytree(ROOT / "examples", copy)
    fixed = run_cli("check", "--fix", "--unsafe-fixes", "--format", "json", ".", cwd=copy)
    assert "Fixed" in fixed.stderr
    remaining = _by_file(fixed.stdout)
    for path, fixed_codes in (("Dockerfile", {"DF003", "DF004"}), ("main.go", {"GO003"}), ("k8s/deployment.yaml", {"KM002"})):
        assert not remaining.get(path, set()) & fixed_codes, path
    assert 'LABEL maintainer="Orders Team <orders@example.com>"' in (copy / "Dockerfile").read_text()
    assert "make(chan os.Signal, 1)" in (copy / "main.go").read_text()
    # Fixing again changes nothing: the fixes are idempotent.
    before = {p: p.read_text() for p in copy.rglob("*") if p.is_file()}
    again = run_cli("check", "--fix", "--unsafe-fixes", ".", cwd=copy)
    assert "Fixed" not in again.stderr
    assert {p: p.read_text() for p in copy.rglob("*") if p.is_file()} == before
