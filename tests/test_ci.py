"""The CI recipes: valid for their CI system, and their commands work."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT
from helpers import run_cli
from ruamel.yaml import YAML

FLAWED = "FROM alpine:latest\nMAINTAINER x\n"
BIN = str(Path(sys.executable).parent)


def _yaml(path: Path):
    return YAML(typ="safe", pure=True).load(path.read_text())


@pytest.mark.parametrize(
    ("path", "schema"),
    [("action.yml", "vendor.github-actions"), ("docs/ci/github-workflow.yml", "vendor.github-workflows"), ("docs/ci/gitlab-ci.yml", "vendor.gitlab-ci")],
)
def test_recipe_matches_its_ci_systems_schema(path, schema):
    proc = subprocess.run([sys.executable, "-m", "check_jsonschema", "--builtin-schema", schema, str(ROOT / path)], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def _project(tmp_path) -> Path:
    (tmp_path / "Dockerfile").write_text(FLAWED)
    return tmp_path


def _shell(script: str, cwd: Path, env: dict) -> subprocess.CompletedProcess:
    full = {**os.environ, "PATH": BIN + os.pathsep + os.environ["PATH"], **env}
    full.pop("GITHUB_ACTIONS", None)
    return subprocess.run(["bash", "-c", script], cwd=cwd, env=full, capture_output=True, text=True, timeout=120)


def test_action_steps_write_sarif_and_annotations(tmp_path):
    action = _yaml(ROOT / "action.yml")
    inputs = {k: v.get("default", "") for k, v in action["inputs"].items()}
    env = {"CNLINT_PATHS": inputs["paths"], "CNLINT_ARGS": inputs["args"], "CNLINT_SARIF": inputs["sarif-file"]}
    steps = {s.get("name"): s for s in action["runs"]["steps"]}
    project = _project(tmp_path)

    sarif = _shell(steps["Write the SARIF report"]["run"], project, env)
    assert sarif.returncode == 0, sarif.stderr
    log = json.loads((project / "cnlint.sarif").read_text())
    assert {r["ruleId"] for r in log["runs"][0]["results"]} == {"DF002", "DF003"}

    lint = _shell(steps["Lint (annotations and exit code)"]["run"], project, env)
    assert lint.returncode == 1
    assert re.search(r"^::warning file=Dockerfile,line=1,col=6,endLine=1,endColumn=19,title=DF002 latest-base-image::", lint.stdout, re.M)
    upload = steps["Upload to code scanning"]
    assert upload["uses"].startswith("github/codeql-action/upload-sarif@") and upload["with"]["sarif_file"] == "${{ inputs.sarif-file }}"


def test_gitlab_recipe_writes_a_code_quality_report(tmp_path):
    job = _yaml(ROOT / "docs/ci/gitlab-ci.yml")["cnlint"]
    project = _project(tmp_path)
    script = "set -e\n" + "\n".join(job["script"])
    proc = _shell(script, project, {"CNLINT_SPEC": "cnlint"})
    assert proc.returncode == 1  # findings fail the job
    report = json.loads((project / job["artifacts"]["reports"]["codequality"]).read_text())
    assert {r["check_name"] for r in report} == {"DF002", "DF003"}
    assert all(r["location"]["path"] == "Dockerfile" and r["fingerprint"] for r in report)


def test_plain_shell_step(tmp_path):
    project = _project(tmp_path)
    proc = _shell(f"sh {ROOT / 'docs/ci/lint.sh'}", project, {})
    assert proc.returncode == 1
    assert "Dockerfile:1:6: DF002" in proc.stdout
    assert '<testsuite name="cnlint" tests="2" failures="2"' in (project / "cnlint-junit.xml").read_text()
    (project / "Dockerfile").write_text("FROM alpine:3.20\nUSER 65532\n")
    assert _shell(f"sh {ROOT / 'docs/ci/lint.sh'} Dockerfile", project, {}).returncode == 0


def test_github_format_is_the_default_under_github_actions(tmp_path):
    project = _project(tmp_path)
    assert run_cli("check", cwd=project, env={"GITHUB_ACTIONS": "true"}).stdout.startswith("::warning file=Dockerfile,line=1")
    assert run_cli("check", "--format", "json", cwd=project, env={"GITHUB_ACTIONS": "true"}).stdout.startswith("[")
