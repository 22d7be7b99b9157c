"""Kubernetes security rules KM005-KM015: host namespaces, root, capabilities, host mounts."""

from __future__ import annotations

import pytest
from helpers import lint

POD = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n"
WEB = "  containers:\n  - name: web\n    image: a:1\n"


def found(text, code):
    return [(d.span.line, d.span.column, d.span.end_column, d.message) for d in lint(text, "p.yaml", select=[code])]


def where(text, code):
    return [f[:3] for f in found(text, code)]


@pytest.mark.parametrize(("code", "key"), [("KM005", "hostNetwork"), ("KM006", "hostPID"), ("KM007", "hostIPC")])
def test_host_namespaces_point_at_the_true_value(code, key):
    assert where(POD + f"  {key}: true\n" + WEB, code) == [(6, len(key) + 5, len(key) + 9)]
    assert found(POD + f"  {key}: false\n" + WEB, code) == []


def test_host_namespace_in_a_cronjob_template():
    text = (
        "apiVersion: batch/v1\nkind: CronJob\nmetadata: {name: c}\nspec:\n  jobTemplate:\n    spec:\n      template:\n"
        "        spec:\n          hostNetwork: true\n          containers: []\n"
    )
    assert where(text, "KM005") == [(9, 24, 28)]


def test_km008_explicit_escalation_and_sys_admin():
    text = POD + WEB + "    securityContext:\n      allowPrivilegeEscalation: true\n      capabilities: {add: [SYS_ADMIN]}\n"
    assert found(text, "KM008") == [
        (10, 33, 37, "container 'web' sets allowPrivilegeEscalation: true, so setuid binaries can gain more privileges than the process has"),
        (11, 28, 37, "container 'web' adds SYS_ADMIN, which always allows privilege escalation and is nearly root"),
    ]
    assert found(POD + WEB, "KM008") == []


@pytest.mark.parametrize(
    ("pod_sc", "container_sc", "expected"),
    [
        ("", "", [(7, 5, 9)]),
        ("  securityContext: {runAsNonRoot: true}\n", "", []),
        ("  securityContext: {runAsUser: 1000, runAsGroup: 1000}\n", "", []),
        ("  securityContext: {runAsUser: 1000}\n", "", [(8, 5, 9)]),
        ("  securityContext: {runAsNonRoot: true}\n", "    securityContext: {runAsNonRoot: false}\n", [(10, 37, 42)]),
        ("  securityContext: {runAsNonRoot: true, runAsUser: 0}\n", "", [(6, 52, 53)]),
        ("", "    securityContext: {runAsNonRoot: true, runAsUser: 0}\n", [(9, 54, 55)]),
    ],
)
def test_km009_run_as_root(pod_sc, container_sc, expected):
    assert where(POD + pod_sc + WEB + container_sc, "KM009") == expected


def test_km010_reports_missing_at_the_name_and_false_at_the_value():
    text = POD + WEB + "  - name: b\n    image: b:1\n    securityContext: {readOnlyRootFilesystem: false}\n  - name: c\n    image: c:1\n    securityContext: {readOnlyRootFilesystem: true}\n"
    assert where(text, "KM010") == [(7, 5, 9), (11, 47, 52)]


def test_km010_skips_ephemeral_containers():
    text = POD + "  containers: []\n  ephemeralContainers:\n  - name: debug\n    image: busybox:1\n"
    assert found(text, "KM010") == []


@pytest.mark.parametrize(
    ("caps", "expected"),
    [
        ("{drop: [ALL]}", []),
        ("{drop: [net_raw]}", []),
        ("{drop: [CAP_NET_RAW]}", []),
        ("{drop: [MKNOD]}", [(10, 7, 19)]),
        ("{add: [NET_RAW], drop: [ALL]}", [(10, 28, 35)]),
    ],
)
def test_km011_net_raw(caps, expected):
    assert where(POD + WEB + "    securityContext:\n      capabilities: " + caps + "\n", "KM011") == expected


def test_km011_leaves_containers_without_capabilities_alone():
    assert found(POD + WEB + "    securityContext: {runAsNonRoot: true}\n", "KM011") == []


VOLUME = "  volumes:\n  - name: v\n    hostPath:\n      path: {path}\n"
MOUNT = "    volumeMounts:\n    - {name: v, mountPath: /host}\n"


@pytest.mark.parametrize(
    ("path", "code", "reported"),
    [("/etc", "KM012", True), ("/etc/", "KM012", True), ("/", "KM012", True), ("/etc/ssl/certs", "KM012", False),
     ("/var/log", "KM012", False), ("/var/run/docker.sock", "KM013", True), ("/run/containerd/containerd.sock", "KM013", False)],
)
def test_host_mounts(path, code, reported):
    text = POD + VOLUME.format(path=path) + WEB + MOUNT
    assert where(text, code) == ([(9, 13, 13 + len(path))] if reported else [])


def test_host_mount_needs_a_container_that_mounts_it():
    assert found(POD + VOLUME.format(path="/etc") + WEB, "KM012") == []


def test_km012_message_names_the_containers():
    text = POD + VOLUME.format(path="/proc") + WEB + MOUNT + "  initContainers:\n  - name: init\n    image: i:1\n" + MOUNT
    [(_, _, _, message)] = found(text, "KM012")
    assert message == "host system directory '/proc' is mounted into container 'init', 'web', exposing the node to the pod"


@pytest.mark.parametrize(("name", "reported"), [("net.core.somaxconn", True), ("kernel.msgmax", True), ("net.ipv4.tcp_syncookies", False), ("net/ipv4/ip_local_port_range", False)])
def test_km014_sysctls(name, reported):
    text = POD + f"  securityContext:\n    sysctls:\n    - name: {name}\n      value: '1'\n" + WEB
    assert where(text, "KM014") == ([(8, 13, 13 + len(name))] if reported else [])


@pytest.mark.parametrize(
    ("port", "reported"),
    [("{containerPort: 22}", True), ("{containerPort: 22, protocol: tcp}", True), ("{containerPort: 22, protocol: UDP}", False), ("{containerPort: 2222}", False)],
)
def test_km015_ssh_port(port, reported):
    assert where(POD + WEB + f"    ports:\n    - {port}\n", "KM015") == ([(10, 23, 25)] if reported else [])


def test_kube_linter_annotations_suppress_through_aliases():
    meta = "  annotations:\n    ignore-check.kube-linter.io/run-as-non-root: legacy image\n"
    text = POD.replace("  name: p\n", "  name: p\n" + meta) + WEB
    assert found(text, "KM009") == []
    assert len(found(POD + WEB, "KM009")) == 1
