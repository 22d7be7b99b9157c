"""Opt-in Kubernetes rules KM097-KM099 and KM150: node affinity, key order, DNS options, restart policy."""

from __future__ import annotations

import pytest
from helpers import lint

POD = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n"
WEB = "  containers:\n  - name: web\n    image: a:1\n"


def found(text, code):
    return [(d.span.line, d.span.column, d.span.end_column, d.message) for d in lint(text, "p.yaml", select=[code])]


def where(text, code):
    return [f[:3] for f in found(text, code)]


def deployment(spec=""):
    return (
        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  selector: {matchLabels: {app: web}}\n"
        f"  template:\n    metadata:\n      labels: {{app: web}}\n    spec:\n{spec}      containers:\n      - name: c\n        image: a:1\n"
    )


NODE_AFFINITY = "    nodeAffinity:\n      requiredDuringSchedulingIgnoredDuringExecution:\n        nodeSelectorTerms:\n        - matchExpressions: [{key: pool, operator: In, values: [web]}]\n"


@pytest.mark.parametrize(
    ("spec", "expected"),
    [
        ("", [(5, 1, 5, "pod 'p' sets no node affinity, so its pods may be scheduled on any node")]),
        ("  affinity:\n    podAntiAffinity: {}\n", [(6, 3, 11, "pod 'p' sets no node affinity, so its pods may be scheduled on any node")]),
        ("  affinity:\n" + NODE_AFFINITY, []),
    ],
)
def test_km097_node_affinity(spec, expected):
    assert found(POD + spec + WEB, "KM097") == expected


def test_km097_pod_template_and_other_kinds():
    assert where(deployment(), "KM097") == [(10, 5, 9)]
    service = "apiVersion: v1\nkind: Service\nmetadata: {name: s}\nspec:\n  ports: [{port: 80}]\n"
    assert found(service, "KM097") == []


@pytest.mark.parametrize(
    ("spec", "expected"),
    [
        ("", []),
        ("  restartPolicy: Always\n", []),
        ("  restartPolicy: OnFailure\n", []),
        ("  restartPolicy: Never\n", [(6, 18, 23, "pod 'p' sets restartPolicy Never, so containers that fail are not restarted; use Always or OnFailure")]),
        ("  restartPolicy: 'never'\n", [(6, 18, 25, "pod 'p' sets restartPolicy never, so containers that fail are not restarted; use Always or OnFailure")]),
    ],
)
def test_km150_restart_policy(spec, expected):
    assert found(POD + spec + WEB, "KM150") == expected


def test_km150_job_template():
    job = "apiVersion: batch/v1\nkind: Job\nmetadata: {name: j}\nspec:\n  template:\n    spec:\n      restartPolicy: Never\n      containers: []\n"
    assert where(job, "KM150") == [(7, 22, 27)]


def dns(options):
    return f"  dnsConfig:\n    options:\n{options}"


@pytest.mark.parametrize(
    ("spec", "expected"),
    [
        ("", [(5, 1, 5, "pod 'p' sets no dnsConfig, so it does not set the DNS option ndots:2")]),
        ("  dnsConfig:\n    nameservers: [1.1.1.1]\n", [(6, 3, 12, "pod 'p' sets no dnsConfig options, so it does not set the DNS option ndots:2")]),
        (dns("    - name: edns0\n"), [(7, 5, 12, "pod 'p' does not set the DNS option ndots:2 in dnsConfig options")]),
        (dns("    - name: ndots\n      value: \"5\"\n"), [(9, 14, 17, "pod 'p' sets the DNS option ndots:5, not ndots:2")]),
        (dns("    - name: ndots\n"), [(8, 13, 18, "pod 'p' sets the DNS option ndots without a value, not ndots:2")]),
        (dns("    - name: ndots\n      value: \"2\"\n"), []),
        (dns("    - {name: edns0}\n    - {name: ndots, value: \"2\"}\n"), []),
    ],
)
def test_km099_dnsconfig_options(spec, expected):
    assert found(POD + spec + WEB, "KM099") == expected


def test_km099_pod_template():
    assert where(deployment("      dnsConfig: {options: [{name: ndots, value: \"3\"}]}\n"), "KM099") == [(11, 50, 53)]
    assert where(deployment("      dnsConfig: {options: [{name: ndots, value: \"2\"}]}\n"), "KM099") == []


SORTED_POD = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - image: a:1\n    name: web\n"


def test_km098_sorted_object_passes():
    assert found(SORTED_POD, "KM098") == []


def test_km098_each_mapping_once_at_its_first_key_out_of_place():
    text = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  labels: {b: '1', a: '2', c: '3'}\nspec:\n  containers:\n  - name: web\n    image: a:1\n"
    assert found(text, "KM098") == [
        (4, 3, 7, "keys of metadata are not in alphabetical order: 'labels' should come before 'name'"),
        (5, 12, 13, "keys of metadata.labels are not in alphabetical order: 'a' should come before 'b'"),
        (8, 5, 9, "keys of spec.containers[0] are not in alphabetical order: 'image' should come before 'name'"),
    ]


def test_km098_top_level_and_code_point_order():
    text = "kind: Pod\napiVersion: v1\nmetadata:\n  name: p\n"
    assert found(text, "KM098") == [(1, 1, 5, "keys of the top level are not in alphabetical order: 'apiVersion' should come before 'kind'")]
    assert found("apiVersion: v1\ndata:\n  Z: '1'\n  a: '2'\nkind: ConfigMap\nmetadata:\n  name: c\n", "KM098") == []


def test_km098_aliases_once_and_merged_keys_ignored():
    text = (
        "apiVersion: v1\nkind: Pod\nmetadata:\n  labels: &l {b: '1', a: '2'}\n  name: p\n"
        "spec:\n  nodeSelector: *l\n  tolerations:\n  - {<<: {z: 1}, effect: NoSchedule, key: k}\n"
    )
    assert where(text, "KM098") == [(4, 15, 16)]


def test_km098_complex_keys_not_compared():
    # A list as a key is a parse problem (JSON keys are text), left out of the object.
    text = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  ? [x]\n  : 1\n"
    assert [d.code for d in lint(text, "p.yaml", select=["KM098"])] == ["CN001"]
