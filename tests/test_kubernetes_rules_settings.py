"""Kubernetes rules that take a setting, KM151-KM154: accepted priority
classes, volume claim template annotations, autoscaler ceilings, OpenShift
routes; and how the settings are read and checked."""

from __future__ import annotations

import pytest
from helpers import lint, located, located_spans, run_cli

from cnlint.config import ConfigError, settings_from

POD = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n"
WEB = "  containers:\n  - name: web\n    image: a:1\n"


# ---- KM151 unaccepted-priority-class (kube-linter priority-class-name) ----

DEFAULTS = "system-cluster-critical, system-node-critical"


@pytest.mark.parametrize(
    ("spec", "config", "expected"),
    [
        ("  priorityClassName: high\n", None, [(6, 22, 26, f"pod 'p' uses priority class 'high', which is not an accepted one ({DEFAULTS})")]),
        ("  priorityClassName: system-node-critical\n", None, []),
        ("", None, []),
        ("  priorityClassName: ''\n", None, []),
        ("  priorityClassName: high\n", {"accepted-priority-classes": ["high", "low"]}, []),
        (
            "  priorityClassName: system-node-critical\n",
            {"accepted-priority-classes": ["high"]},
            [(6, 22, 42, "pod 'p' uses priority class 'system-node-critical', which is not an accepted one (high)")],
        ),
        ("  priorityClassName: high\n", {"accepted-priority-classes": []}, [(6, 22, 26, "pod 'p' uses priority class 'high', which is not an accepted one (none)")]),
        ("  priorityClassName: '{{ .Values.priority }}'\n", None, []),
    ],
)
def test_km151_accepted_priority_classes(spec, config, expected):
    assert located(POD + spec + WEB, "KM151", config) == expected


def test_km151_reports_in_pod_templates_of_every_workload_kind():
    cron = (
        "apiVersion: batch/v1\nkind: CronJob\nmetadata: {name: nightly}\nspec:\n  schedule: '0 1 * * *'\n  jobTemplate:\n"
        "    spec:\n      template:\n        spec:\n          priorityClassName: batch\n          restartPolicy: OnFailure\n"
        "          containers: [{name: c, image: a:1}]\n"
    )
    assert located_spans(cron, "KM151") == [(10, 30, 35)]
    assert located_spans(cron, "KM151", {"accepted-priority-classes": ["batch"]}) == []


def test_km151_answers_to_kube_linter_name_and_annotation():
    text = POD + "  priorityClassName: high\n" + WEB
    assert [d.code for d in lint(text, "p.yaml", select=["priority-class-name"])] == ["KM151"]
    ignored = text.replace("  name: p\n", "  name: p\n  annotations:\n    ignore-check.kube-linter.io/priority-class-name: platform pod\n")
    assert [d.code for d in lint(ignored, "p.yaml", select=["KM151"])] == []


# ---- KM152 volume-claim-template-without-annotation (kube-linter volumeclaimtemplates) ----

STS = (
    "apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: db\nspec:\n  serviceName: db\n  selector: {matchLabels: {app: db}}\n"
    "  template:\n    metadata: {labels: {app: db}}\n    spec:\n      containers: [{name: db, image: postgres:16.3}]\n"
    "  volumeClaimTemplates:\n"
)
BACKUP = {"volume-claim-template-annotation": "backup/policy"}


def test_km152_is_silent_without_the_setting():
    assert located(STS + "  - metadata: {name: data}\n    spec: {accessModes: [ReadWriteOnce]}\n", "KM152") == []


@pytest.mark.parametrize(
    ("claims", "expected"),
    [
        (
            "  - metadata:\n      name: data\n    spec: {accessModes: [ReadWriteOnce]}\n",
            [(13, 5, 13, "statefulset 'db' volume claim template 'data' lacks a value for the annotation 'backup/policy'")],
        ),
        (
            "  - metadata:\n      name: data\n      annotations:\n        other: x\n",
            [(15, 7, 18, "statefulset 'db' volume claim template 'data' lacks a value for the annotation 'backup/policy'")],
        ),
        (
            "  - metadata:\n      name: data\n      annotations:\n        backup/policy: ''\n",
            [(16, 9, 22, "statefulset 'db' volume claim template 'data' lacks a value for the annotation 'backup/policy'")],
        ),
        ("  - metadata:\n      name: data\n      annotations:\n        backup/policy: daily\n", []),
        (
            "  - metadata:\n      name: a\n      annotations: {backup/policy: daily}\n  - spec: {accessModes: [ReadWriteOnce]}\n",
            [(16, 5, 41, "statefulset 'db' volume claim template #2 lacks a value for the annotation 'backup/policy'")],
        ),
    ],
)
def test_km152_annotation_on_every_claim_template(claims, expected):
    assert located(STS + claims, "KM152", BACKUP) == expected


def test_km152_only_statefulsets():
    other = STS.replace("apps/v1", "example.com/v1") + "  - metadata: {name: data}\n"
    assert located(other, "KM152", BACKUP) == []


# ---- KM153 hpa-too-many-replicas (kube-linter hpa-maximum-replicas) ----

HPA = "apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata:\n  name: web\nspec:\n  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}\n  maxReplicas: {}\n"


@pytest.mark.parametrize(
    ("count", "config", "expected"),
    [
        (100, None, []),
        (101, None, [(7, 16, 19, "HorizontalPodAutoscaler 'web' may scale to 101 replicas, over the allowed 100")]),
        (21, {"hpa-max-replicas": 20}, [(7, 16, 18, "HorizontalPodAutoscaler 'web' may scale to 21 replicas, over the allowed 20")]),
        (500, {"hpa-max-replicas": 500}, []),
    ],
)
def test_km153_hpa_ceiling(count, config, expected):
    assert located(HPA.replace("{}", str(count)), "KM153", config) == expected


# ---- KM154 route-allows-plaintext (kube-linter insecure-route-termination) ----

ROUTE = "apiVersion: route.openshift.io/v1\nkind: Route\nmetadata:\n  name: web\nspec:\n  to: {kind: Service, name: web}\n  tls:\n    termination: edge\n    insecureEdgeTerminationPolicy: {}\n"


@pytest.mark.parametrize(("policy", "expected"), [("Allow", [(9, 36, 41)]), ("Redirect", []), ("None", [])])
def test_km154_insecure_edge_termination(policy, expected):
    assert located_spans(ROUTE.replace("{}", policy), "KM154") == expected


def test_km154_only_openshift_routes():
    assert located_spans(ROUTE.replace("route.openshift.io/v1", "example.com/v1").replace("{}", "Allow"), "KM154") == []


# ---- the settings in config files ----


@pytest.mark.parametrize(
    ("toml", "message"),
    [
        ('accepted-priority-classes = "high"\n', "accepted-priority-classes: expected a list, got a string 'high'"),
        ("accepted-priority-classes = [1]\n", "accepted-priority-classes[0]: expected a string"),
        ("volume-claim-template-annotation = 3\n", "volume-claim-template-annotation: expected a string"),
        ('volume-claim-template-annotation = ""\n', "volume-claim-template-annotation: '' should be non-empty"),
        ('hpa-max-replicas = "20"\n', "hpa-max-replicas: expected a whole number, got a string '20'"),
        ("hpa-max-replicas = 0\n", "hpa-max-replicas: 0 is less than the minimum of 1"),
    ],
)
def test_wrong_settings_are_config_errors(tmp_path, toml, message):
    (tmp_path / "cnlint.toml").write_text(toml)
    with pytest.raises(ConfigError) as caught:
        settings_from(tmp_path / "cnlint.toml")
    assert str(caught.value).startswith(f"{tmp_path / 'cnlint.toml'}: {message}")


def test_settings_are_read_from_pyproject(tmp_path):
    (tmp_path / "pyproject.toml").write_text(
        '[tool.cnlint]\naccepted-priority-classes = ["high"]\nvolume-claim-template-annotation = "backup/policy"\nhpa-max-replicas = 20\n'
    )
    settings = settings_from(tmp_path / "pyproject.toml")
    assert settings.option("accepted-priority-classes") == ("high",)
    assert settings.option("volume-claim-template-annotation") == "backup/policy"
    assert settings.option("hpa-max-replicas") == 20
    (tmp_path / "pyproject.toml").write_text("[tool.cnlint]\n")
    empty = settings_from(tmp_path / "pyproject.toml")
    assert (empty.option("accepted-priority-classes"), empty.option("volume-claim-template-annotation"), empty.option("hpa-max-replicas")) == (None, None, 100)


def test_cli_applies_the_settings_and_rejects_bad_ones(tmp_path):
    (tmp_path / "p.yaml").write_text(POD + "  priorityClassName: high\n" + WEB)
    (tmp_path / "cnlint.toml").write_text('select = ["KM151"]\n')
    run = run_cli("check", "--no-source", "p.yaml", cwd=tmp_path)
    assert run.returncode == 1 and "p.yaml:6:22: KM151" in run.stdout
    (tmp_path / "cnlint.toml").write_text('select = ["KM151"]\naccepted-priority-classes = ["high"]\n')
    assert run_cli("check", "p.yaml", cwd=tmp_path).returncode == 0
    (tmp_path / "cnlint.toml").write_text('select = ["KM151"]\naccepted-priority-classes = "high"\n')
    run = run_cli("check", "p.yaml", cwd=tmp_path)
    assert run.returncode == 2
    assert run.stderr.strip().splitlines() == [f"cnlint: error: {tmp_path / 'cnlint.toml'}: accepted-priority-classes: expected a list, got a string 'high'"]


def test_readme_config_example_shows_the_settings_and_is_valid(tmp_path):
    from conftest import ROOT

    readme = (ROOT / "README.md").read_text()
    block = readme.split("```toml\n[tool.cnlint]\n", 1)[1].split("```", 1)[0]
    for key in ("accepted-priority-classes", "volume-claim-template-annotation", "hpa-max-replicas"):
        assert f"\n{key} = " in block
    (tmp_path / "pyproject.toml").write_text("[tool.cnlint]\n" + block)
    assert settings_from(tmp_path / "pyproject.toml").option("hpa-max-replicas") == 20
