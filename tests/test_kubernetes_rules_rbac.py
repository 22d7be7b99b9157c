"""Kubernetes RBAC and remaining kube-linter rules KM069-KM085."""

from __future__ import annotations

import pytest
from helpers import lint, lint_files

ROLE = "apiVersion: rbac.authorization.k8s.io/v1\nkind: KIND\nmetadata:\n  name: r\n{labels}rules:\n- apiGroups: [{groups}]\n  resources: [{resources}]\n  verbs: [{verbs}]\n{extra}"


def role(verbs, resources="pods", groups='""', kind="ClusterRole", labels="", extra=""):
    return ROLE.replace("KIND", kind).format(labels=labels, groups=groups, resources=resources, verbs=verbs, extra=extra)


def found(text, code):
    return [(d.span.line, d.span.column, d.span.end_column, d.message) for d in lint(text, "r.yaml", select=[code])]


def where(text, code):
    return [f[:3] for f in found(text, code)]


def test_km069_each_wildcard():
    assert where(role("'*'", resources="pods, '*'"), "KM069") == [(7, 21, 24), (8, 11, 14)]
    assert found(role("get"), "KM069") == []


@pytest.mark.parametrize(
    ("groups", "kind", "reported"),
    [("'*'", "ClusterRole", True), ('""', "ClusterRole", True), ("apps", "ClusterRole", False), ("'*'", "Role", False)],
)
def test_km070_cluster_admin_equivalent(groups, kind, reported):
    assert where(role("'*'", resources="'*'", groups=groups, kind=kind), "KM070") == ([(6, 3, 3 + len(groups) + 13)] if reported else [])


@pytest.mark.parametrize(
    ("verbs", "resources", "groups", "message"),
    [
        ("escalate", "roles", "rbac.authorization.k8s.io", "escalate (create roles with more permissions than its own)"),
        ("escalate", "roles", '""', None),  # no roles in the core group
        ("'*'", "'*'", "ceph.rook.io", None),
        ("'*'", "'*'", "'*'", "escalate (create roles with more permissions than its own) and bind (bind any role, however powerful)"),
        ("bind", "clusterroles", "rbac.authorization.k8s.io", "bind (bind any role, however powerful)"),
        ("bind", "clusterroles", "apps", None),
        ("get", "'*'", "'*'", None),
        ("create", "roles", "'*'", None),
    ],
)
def test_km071_escalating_verbs(verbs, resources, groups, message):
    got = found(role(verbs, resources, groups), "KM071")
    assert got == ([(8, 3, 8, f"ClusterRole 'r' lets its holder {message}, bypassing RBAC's escalation protection")] if message else [])


@pytest.mark.parametrize(("extra", "reported"), [("", True), ("  resourceNames: [ci]\n", False)])
def test_km072_impersonate(extra, reported):
    assert where(role("impersonate", "users", extra=extra), "KM072") == ([(8, 3, 8)] if reported else [])


def test_km073_approve_signers():
    assert where(role("approve", "signers", "certificates.k8s.io"), "KM073") == [(8, 3, 8)]
    assert found(role("approve", "signers", "certificates.k8s.io", extra="  resourceNames: [x/y]\n"), "KM073") == []


def test_km074_deletecollection():
    assert [f[3] for f in found(role("deletecollection", "secrets, widgets"), "KM074")] == [
        "ClusterRole 'r' may deletecollection secrets, wiping every one of them in a single call"
    ]
    assert found(role("deletecollection", "widgets"), "KM074") == []


@pytest.mark.parametrize(("value", "reported"), [("'true'", True), ("'false'", False)])
def test_km075_aggregated_roles(value, reported):
    labels = f"  labels:\n    rbac.authorization.k8s.io/aggregate-to-admin: {value}\n"
    assert where(role("patch", "secrets", labels=labels), "KM075") == ([(8, 3, 18)] if reported else [])


BINDING = (
    "apiVersion: rbac.authorization.k8s.io/v1\nkind: {kind}\nmetadata: {{name: b}}\nroleRef: {{apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: {name}}}\n"
    "subjects: [{{kind: ServiceAccount, name: app, namespace: shop}}]\n"
)


def test_km076_cluster_admin():
    assert found(BINDING.format(kind="RoleBinding", name="cluster-admin"), "KM076") == [
        (4, 73, 86, "RoleBinding 'b' grants cluster-admin, full control of the namespace")
    ]
    assert found(BINDING.format(kind="ClusterRoleBinding", name="edit"), "KM076") == []


@pytest.mark.parametrize(
    ("code", "verbs", "resources", "reported"),
    [("KM077", "list", "secrets", True), ("KM077", "list", "configmaps", False), ("KM078", "create", "pods", True), ("KM078", "'*'", "'*'", True), ("KM078", "get", "pods", False)],
)
def test_bindings_to_roles_among_the_inputs(code, verbs, resources, reported):
    files = {"b.yaml": BINDING.format(kind="ClusterRoleBinding", name="r"), "r.yaml": role(verbs, resources)}
    got = [(d.path, d.span.line, d.span.column) for d in lint_files(files, select=[code])]
    assert got == ([("b.yaml", 4, 73)] if reported else [])


def test_bindings_to_unknown_roles_are_not_judged():
    assert lint_files({"b.yaml": BINDING.format(kind="ClusterRoleBinding", name="r")}, select=["KM077", "KM078"]) == []


def test_km079_webhook_failure_policy():
    text = "apiVersion: admissionregistration.k8s.io/v1\nkind: MutatingWebhookConfiguration\nmetadata: {name: m}\nwebhooks:\n- name: a\n  failurePolicy: Ignore\n- name: b\n  failurePolicy: Fail\n"
    assert found(text, "KM079") == [(6, 18, 24, "webhook 'a' fails open: while it is down, every request it should check is admitted")]


POD = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n"
WEB = "  containers:\n  - name: web\n    image: a:1\n"


@pytest.mark.parametrize(("path", "reported"), [("/run/containerd/containerd.sock", True), ("/var/run/crio/crio.sock", True), ("/var/run/docker.sock", False)])
def test_km080_runtime_sockets(path, reported):
    text = POD + f"  volumes:\n  - name: s\n    hostPath: {{path: {path}}}\n" + WEB + "    volumeMounts: [{name: s, mountPath: /s}]\n"
    assert where(text, "KM080") == ([(8, 22, 22 + len(path))] if reported else [])


def test_km081_token_expiration():
    text = POD + "  volumes:\n  - name: t\n    projected:\n      sources:\n      - serviceAccountToken: {path: t, expirationSeconds: 90000}\n" + WEB
    assert where(text, "KM081") == [(10, 59, 64)]
    assert found(text.replace("90000", "86400"), "KM081") == []


@pytest.mark.parametrize(("spec", "expected"), [("  maxReplicas: 5\n", [(4, 1, 5)]), ("  minReplicas: 2\n", [(5, 16, 17)]), ("  minReplicas: 3\n", [])])
def test_km082_hpa_min_replicas(spec, expected):
    text = "apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata: {name: h}\nspec:\n" + spec
    assert where(text, "KM082") == expected


@pytest.mark.parametrize(("image", "reported"), [("nginx:1.27", True), ("nginx", True), ("nginx@sha256:00", False), ("$(IMAGE)", False)])
def test_km083_digest(image, reported):
    assert where(POD + f"  containers:\n  - name: web\n    image: {image}\n", "KM083") == ([(8, 12, 12 + len(image))] if reported else [])


def test_km084_scc():
    scc = "apiVersion: security.openshift.io/v1\nkind: SecurityContextConstraints\nmetadata: {name: s}\nallowPrivilegedContainer: true\n"
    assert where(scc, "KM084") == [(4, 27, 31)]
    assert found(scc.replace("true", "false"), "KM084") == []


NP = (
    "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: n}\nspec:\n  podSelector: {}\n  egress:\n"
    "  - to:\n    - podSelector: {matchLabels: {app: PEER}}\n    - namespaceSelector: {}\n      podSelector: {matchLabels: {app: other}}\n"
)
DEPLOY = (
    "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  selector: {matchLabels: {app: web}}\n"
    "  template:\n    metadata: {labels: {app: web}}\n    spec: {containers: []}\n"
)


@pytest.mark.parametrize(("peer", "reported"), [("web", False), ("api", True)])
def test_km085_network_policy_peers(peer, reported):
    got = [(d.path, d.span.line, d.span.column) for d in lint_files({"n.yaml": NP.replace("PEER", peer), "d.yaml": DEPLOY}, select=["KM085"])]
    assert got == ([("n.yaml", 8, 7)] if reported else [])
