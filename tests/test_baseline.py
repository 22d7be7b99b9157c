"""--create-baseline / --baseline: only new findings, robust to unrelated edits."""

from __future__ import annotations

import json

from helpers import run_cli

DOCKERFILE = "FROM alpine:latest\nMAINTAINER x\n"
POD = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n  - name: a\n    image: nginx:latest\n    resources: {limits: {memory: 64Mi}}\n"


def _codes(proc):
    return [(d["path"], d["code"], d["line"]) for d in json.loads(proc.stdout)]


def test_baseline_hides_known_findings_and_survives_edits_above(tmp_path):
    (tmp_path / "Dockerfile").write_text(DOCKERFILE)
    created = run_cli("check", "--create-baseline", "cnlint-baseline.json", cwd=tmp_path)
    assert created.returncode == 0 and "Wrote 2 findings" in created.stderr

    clean = run_cli("check", "--format", "json", "--baseline", "cnlint-baseline.json", cwd=tmp_path)
    assert (clean.returncode, _codes(clean)) == (0, [])
    assert "2 findings in the baseline not shown." in clean.stderr

    # Lines added above move the findings; the baseline still knows them.
    (tmp_path / "Dockerfile").write_text("# syntax=docker/dockerfile:1\n\n" + DOCKERFILE + "USER root\n")
    moved = run_cli("check", "--format", "json", "--baseline", "cnlint-baseline.json", cwd=tmp_path)
    assert _codes(moved) == [("Dockerfile", "DF005", 5)]
    assert moved.returncode == 1


def test_a_second_identical_finding_is_new(tmp_path):
    (tmp_path / "Dockerfile").write_text("FROM alpine:latest\n")
    run_cli("check", "--create-baseline", "b.json", cwd=tmp_path)
    (tmp_path / "Dockerfile").write_text("FROM alpine:latest\nFROM alpine:latest\n")
    assert _codes(run_cli("check", "--format", "json", "--baseline", "b.json", cwd=tmp_path)) == [("Dockerfile", "DF002", 2)]


def test_kubernetes_findings_are_keyed_by_object(tmp_path):
    (tmp_path / "pod.yaml").write_text(POD)
    run_cli("check", "--select", "KM001", "--create-baseline", "b.json", cwd=tmp_path)
    assert "object:Pod/web" in (tmp_path / "b.json").read_text()
    (tmp_path / "pod.yaml").write_text(POD.replace("  name: web\n", "  name: web\n  labels: {app: web}\n"))
    assert _codes(run_cli("check", "--select", "KM001", "--format", "json", "--baseline", "b.json", cwd=tmp_path)) == []


def test_paths_are_relative_to_the_baseline_file(tmp_path):
    (tmp_path / "svc").mkdir()
    (tmp_path / "svc" / "Dockerfile").write_text(DOCKERFILE)
    run_cli("check", "--create-baseline", "b.json", "svc", cwd=tmp_path)
    assert _codes(run_cli("check", "--format", "json", "--baseline", "../b.json", ".", cwd=tmp_path / "svc")) == []


def test_a_bad_baseline_is_one_clear_line(tmp_path):
    (tmp_path / "Dockerfile").write_text(DOCKERFILE)
    (tmp_path / "b.json").write_text("{not json")
    proc = run_cli("check", "--baseline", "b.json", cwd=tmp_path)
    assert proc.returncode == 2 and proc.stderr.startswith("cnlint: error: b.json: not a cnlint baseline")
    assert run_cli("check", "--baseline", "missing.json", cwd=tmp_path).stderr.startswith("cnlint: error: cannot read baseline missing.json")
