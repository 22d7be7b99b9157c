"""A wheel installed elsewhere carries its rules/ and schemas/ and works."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

from conftest import ROOT


def _run(*cmd, **kw):
    return subprocess.run(cmd, capture_output=True, text=True, check=True, timeout=300, **kw)


def test_wheel_works_without_the_source_tree(tmp_path):
    # Build from a copy of the tree, then delete the copy: nothing can fall back on it.
    src = tmp_path / "src"
    shutil.copytree(ROOT, src, ignore=shutil.ignore_patterns(".venv", ".git", "__pycache__", "*.pyc", "dist", "build", ".pytest_cache"))
    _run(sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--no-build-isolation", "-w", str(tmp_path / "dist"), str(src))
    shutil.rmtree(src)
    [wheel] = (tmp_path / "dist").glob("cnlint-*.whl")

    venv = tmp_path / "venv"
    _run(sys.executable, "-m", "venv", str(venv))
    python = venv / "bin" / "python"
    # Dependencies come from the test environment (a path, so its editable
    # cnlint is not visible); cnlint itself only from the wheel.
    site = _run(str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])").stdout.strip()
    Path(site, "deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    _run(str(python), "-m", "pip", "install", "-q", "--no-deps", "--no-index", str(wheel))

    work = tmp_path / "work"
    work.mkdir()
    (work / "Dockerfile").write_text("FROM alpine:latest\n")
    where = _run(str(venv / "bin" / "cnlint"), "--version", cwd=work)
    assert where.stdout.startswith("cnlint ")
    probe = _run(str(python), "-c", "import cnlint, cnlint.resources as r; print(cnlint.__file__); print(r.data_dir('rules')); print(r.data_dir('schemas'))", cwd=work)
    module, rules, schemas = probe.stdout.split()
    assert module.startswith(str(venv)) and rules.startswith(str(venv)) and schemas.startswith(str(venv))
    assert (Path(schemas) / "config.schema.json").is_file() and (Path(schemas) / "rule.schema.json").is_file()

    listed = json.loads(_run(str(venv / "bin" / "cnlint"), "rules", "--format", "json", cwd=work).stdout)
    assert {r["code"] for r in listed} == {p.stem for p in ROOT.glob("rules/*/*.yaml")}
    checked = subprocess.run([str(venv / "bin" / "cnlint"), "check", "--format", "json"], cwd=work, capture_output=True, text=True, env={"CNLINT_NO_CACHE": "1", "PATH": "/usr/bin:/bin"})
    assert checked.returncode == 1, checked.stderr
    assert [d["code"] for d in json.loads(checked.stdout)] == ["DF002"]
