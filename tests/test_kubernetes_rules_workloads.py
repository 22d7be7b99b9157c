"""Kubernetes workload rules KM022-KM026: selectors, anti-affinity, disruption budgets."""

from __future__ import annotations

import pytest
from helpers import lint, lint_files


def found(text, code):
    return [(d.span.line, d.span.column, d.span.end_column, d.message) for d in lint(text, "w.yaml", select=[code])]


def where(text, code):
    return [f[:3] for f in found(text, code)]


def deployment(top="", selector="{matchLabels: {app: web}}", labels="{app: web}", spec="", name="web", ns=""):
    return (
        f"apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {name}\n{ns}spec:\n{top}  selector: {selector}\n"
        f"  template:\n    metadata:\n      labels: {labels}\n    spec:\n{spec}      containers: []\n"
    )


@pytest.mark.parametrize(
    ("selector", "labels", "reported"),
    [
        ("{matchLabels: {app: web}}", "{app: web, tier: x}", False),
        ("{matchLabels: {app: api}}", "{app: web}", True),
        ("{matchExpressions: [{key: app, operator: In, values: [web, api]}]}", "{app: web}", False),
        ("{matchExpressions: [{key: tier, operator: Exists}]}", "{app: web}", True),
        ("{matchExpressions: [{key: tier, operator: Weird}]}", "{app: web}", False),
    ],
)
def test_km022_selector_against_template_labels(selector, labels, reported):
    assert where(deployment(selector=selector, labels=labels), "KM022") == ([(6, 3, 11)] if reported else [])


def test_km022_replication_controller_map_selector():
    text = (
        "apiVersion: v1\nkind: ReplicationController\nmetadata: {name: rc}\nspec:\n  selector: {app: a}\n"
        "  template:\n    metadata:\n      labels: {app: b}\n    spec:\n      containers: []\n"
    )
    assert found(text, "KM022") == [(5, 3, 11, "replicationcontroller 'rc' selector does not match its own pod template's labels (app=b), so it can never find its pods")]


ANTI = (
    "      affinity:\n        podAntiAffinity:\n          requiredDuringSchedulingIgnoredDuringExecution:\n"
    "          - topologyKey: {key}\n            labelSelector: {{matchLabels: {{app: {app}}}}}\n"
)


@pytest.mark.parametrize(
    ("top", "spec", "expected"),
    [
        ("", "", []),
        ("  replicas: 1\n", "", []),
        ("  replicas: 2\n", "", [(6, 3, 11, "deployment 'web' runs 2 replicas but it does not ask to spread them with pod anti-affinity, so one node failure can take them all down")]),
        ("  replicas: 3\n", ANTI.format(key="kubernetes.io/hostname", app="web"), []),
        ("  replicas: 3\n", ANTI.format(key="kubernetes.io/hostname", app="api"),
         [(13, 9, 24, "deployment 'web' runs 3 replicas but its pod anti-affinity has no term on kubernetes.io/hostname that selects its own pods, so one node failure can take them all down")]),
        ("  replicas: 3\n", ANTI.format(key="topology.kubernetes.io/zone", app="web"), [(13, 9, 24)]),
    ],
)
def test_km023_anti_affinity(top, spec, expected):
    got = found(deployment(top=top, spec=spec), "KM023")
    assert len(got) == len(expected) and [g[: len(e)] for g, e in zip(got, expected, strict=True)] == expected


PDB = "apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata:\n  name: b\n{ns}spec:\n  selector: {{matchLabels: {{app: web}}}}\n  {body}\n"


@pytest.mark.parametrize(("value", "reported"), [("0", True), ("'0%'", True), ("1", False), ("10%", False)])
def test_km024_max_unavailable(value, reported):
    expected = [(7, 19, 19 + len(value), f"PodDisruptionBudget 'b' sets maxUnavailable to {value.strip(chr(39))}, so no pod may ever be evicted and node drains hang")]
    assert found(PDB.format(ns="", body=f"maxUnavailable: {value}"), "KM024") == (expected if reported else [])


def km025(files):
    return [(d.path, d.span.line, d.span.column, d.message) for d in lint_files(files, select=["KM025"])]


def test_km025_hundred_percent_needs_no_workload():
    assert km025({"b.yaml": PDB.format(ns="", body="minAvailable: 100%")}) == [
        ("b.yaml", 7, 17, "PodDisruptionBudget 'b' sets minAvailable to 100%, so no pod may ever be evicted and node drains hang")
    ]


@pytest.mark.parametrize(
    ("min_available", "replicas", "dep_ns", "reported"),
    [(2, 2, "", True), (3, 2, "", True), (2, 3, "", False), (2, 2, "  namespace: other\n", False)],
)
def test_km025_min_available_against_replicas(min_available, replicas, dep_ns, reported):
    files = {
        "b.yaml": PDB.format(ns="  namespace: prod\n", body=f"minAvailable: {min_available}"),
        "d.yaml": deployment(top=f"  replicas: {replicas}\n", ns=dep_ns),
    }
    expected = [("b.yaml", 8, 17, f"PodDisruptionBudget 'b' requires {min_available} available pods but deployment 'web' runs {replicas}, so none may ever be evicted")]
    assert km025(files) == (expected if reported else [])


def test_km025_skips_workloads_an_autoscaler_scales():
    hpa = (
        "apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata: {name: h}\n"
        "spec:\n  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}\n  minReplicas: 2\n  maxReplicas: 5\n"
    )
    files = {"b.yaml": PDB.format(ns="", body="minAvailable: 2"), "d.yaml": deployment(top="  replicas: 2\n"), "h.yaml": hpa}
    assert km025(files) == []


def test_km026_policy_unset_points_at_spec():
    assert where(PDB.format(ns="", body="maxUnavailable: 1"), "KM026") == [(5, 1, 5)]
    assert found(PDB.format(ns="", body="unhealthyPodEvictionPolicy: AlwaysAllow"), "KM026") == []


@pytest.mark.parametrize(
    ("labels", "expected"),
    [
        ("{app: web, version: '1.0'}", []),
        ("{app: web, version: 1.2.3+b}", [(9, 35, 42)]),
        ("{app: web, version: ''}", []),
        ("{app: web, example.com/tier: front}", []),
        ("{app: web, Example.com/tier: front}", [(9, 26, 42)]),
        ("{app: web, -tier: front}", [(9, 26, 31)]),
    ],
)
def test_km092_label_keys_and_values(labels, expected):
    text = deployment(labels=labels, selector="{matchLabels: {app: web}}")
    assert where(text, "KM092") == expected


def test_km092_service_selector_and_message():
    svc = "apiVersion: v1\nkind: Service\nmetadata: {name: s}\nspec:\n  selector: {app: 'web server'}\n"
    assert found(svc, "KM092") == [
        (5, 19, 31, "label value 'web server' must be at most 63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit, so the API server rejects it")
    ]
