"""Opt-in Kubernetes practice rules KM050-KM068."""

from __future__ import annotations

import pytest
from helpers import lint, lint_files

POD = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n"
WEB = "  containers:\n  - name: web\n    image: a:1\n"


def found(text, code):
    return [(d.span.line, d.span.column, d.span.end_column, d.message) for d in lint(text, "p.yaml", select=[code])]


def where(text, code):
    return [f[:3] for f in found(text, code)]


def deployment(top="", spec="", containers="", labels="{app: web}", kind="Deployment", name="web"):
    return (
        f"apiVersion: apps/v1\nkind: {kind}\nmetadata:\n  name: {name}\nspec:\n{top}  selector: {{matchLabels: {labels}}}\n"
        f"  template:\n    metadata:\n      labels: {labels}\n    spec:\n{spec}      containers:\n      - name: c\n        image: a:1\n{containers}"
    )


JOB = "apiVersion: batch/v1\nkind: Job\nmetadata: {name: j}\nspec:\n  template:\n    spec:\n      containers:\n      - name: c\n        image: a:1\n"


@pytest.mark.parametrize(("code", "probe"), [("KM050", "livenessProbe"), ("KM051", "readinessProbe")])
def test_probes_missing_in_serving_containers_only(code, probe):
    init = "  initContainers:\n  - name: init\n    image: i:1\n"
    assert where(POD + init + WEB, code) == [(10, 5, 9)]
    assert found(POD + WEB + f"    {probe}: {{tcpSocket: {{port: 80}}}}\n", code) == []
    assert found(JOB, code) == []


@pytest.mark.parametrize(
    ("live", "ready", "reported"),
    [
        ("{httpGet: {path: /h, port: 80}}", "{httpGet: {path: /h, port: 80}, periodSeconds: 5}", True),
        ("{httpGet: {path: /h, port: 80}}", "{httpGet: {path: /ready, port: 80}}", False),
        ("{exec: {command: [a]}}", "{exec: {command: [a]}}", True),
        ("{tcpSocket: {port: 80}}", "{httpGet: {path: /, port: 80}}", False),
    ],
)
def test_km052_identical_probes(live, ready, reported):
    text = POD.replace("  name: p\n", "  name: p\n  labels: {app: p}\n") + WEB + f"    livenessProbe: {live}\n    readinessProbe: {ready}\n"
    svc = "apiVersion: v1\nkind: Service\nmetadata: {name: p}\nspec:\n  selector: {app: p}\n"
    got = [(d.span.line, d.span.column, d.span.end_column) for d in lint_files({"p.yaml": text, "s.yaml": svc}, select=["KM052"])]
    assert got == ([(10, 5, 18)] if reported else [])
    assert where(text, "KM052") == []  # no Service sends it traffic


@pytest.mark.parametrize(("resources", "reported"), [("", True), ("    resources: {requests: {memory: 1Gi}}\n", False), ("    resources: {limits: {memory: 1Gi}}\n", False)])
def test_km053_memory_request(resources, reported):
    assert where(POD + WEB + resources, "KM053") == ([(7, 5, 9)] if reported else [])


@pytest.mark.parametrize(("port", "reported"), [(80, True), (1023, True), (1024, False), (8080, False)])
def test_km054_privileged_ports(port, reported):
    assert where(POD + WEB + f"    ports: [{{containerPort: {port}}}]\n", "KM054") == ([(9, 29, 29 + len(str(port)))] if reported else [])


def test_km055_writable_host_mounts_only():
    volumes = "  volumes:\n  - {name: h, hostPath: {path: /var/log}}\n  - {name: e, emptyDir: {}}\n"
    mounts = "    volumeMounts:\n    - {name: h, mountPath: /a}\n    - {name: h, mountPath: /b, readOnly: true}\n    - {name: e, mountPath: /c}\n"
    assert found(POD + volumes + WEB + mounts, "KM055") == [(13, 14, 15, "container 'web' mounts host path volume 'h' writable, so it can change files on the node")]


def test_km056_secret_env_and_env_from():
    text = POD + WEB + "    env:\n    - {name: A, valueFrom: {secretKeyRef: {name: s, key: k}}}\n    - {name: B, value: b}\n    envFrom:\n    - secretRef: {name: s}\n    - configMapRef: {name: c}\n"
    assert where(text, "KM056") == [(10, 14, 15), (13, 7, 16)]


@pytest.mark.parametrize(("spec", "expected"), [("", [(5, 1, 5)]), ("  serviceAccountName: default\n", [(6, 23, 30)]), ("  serviceAccountName: web\n", [])])
def test_km057_default_service_account(spec, expected):
    assert where(POD + spec + WEB, "KM057") == expected


@pytest.mark.parametrize(("spec", "expected"), [("", [(5, 1, 5)]), ("  automountServiceAccountToken: true\n", [(6, 33, 37)]), ("  automountServiceAccountToken: false\n", [])])
def test_km058_automount(spec, expected):
    assert where(POD + spec + WEB, "KM058") == expected


def test_km059_namespaces():
    assert where(POD + WEB, "KM059") == [(3, 1, 9)]
    assert where(POD.replace("  name: p\n", "  name: p\n  namespace: default\n") + WEB, "KM059") == [(5, 14, 21)]
    assert found(POD.replace("  name: p\n", "  name: p\n  namespace: shop\n") + WEB, "KM059") == []
    assert found("apiVersion: v1\nkind: Namespace\nmetadata: {name: shop}\n", "KM059") == []


@pytest.mark.parametrize(("top", "expected"), [("", [(5, 1, 5)]), ("  replicas: 1\n", [(6, 13, 14)]), ("  replicas: 3\n", [])])
def test_km060_replicas(top, expected):
    assert where(deployment(top=top), "KM060") == expected


def test_km061_exposed_services():
    svc = "apiVersion: v1\nkind: Service\nmetadata: {name: s}\nspec:\n  type: TYPE\n"
    assert where(svc.replace("TYPE", "NodePort"), "KM061") == [(5, 9, 17)]
    assert found(svc.replace("TYPE", "ClusterIP"), "KM061") == []


def test_km062_update_strategies():
    assert where(deployment(top="  strategy: {type: Recreate}\n"), "KM062") == [(6, 20, 28)]
    assert where(deployment(top="  updateStrategy: {type: OnDelete}\n", kind="DaemonSet"), "KM062") == [(6, 26, 34)]
    assert found(deployment(), "KM062") == []


def test_km063_job_ttl():
    assert where(JOB, "KM063") == [(4, 1, 5)]
    assert found(JOB.replace("spec:\n  template", "spec:\n  ttlSecondsAfterFinished: 100\n  template"), "KM063") == []


def test_km064_ephemeral_storage():
    assert where(POD + WEB, "KM064") == [(7, 5, 9)]
    assert found(POD + WEB + "    resources: {limits: {ephemeral-storage: 1Gi}}\n", "KM064") == []


def project(files, code):
    return [(d.path, d.span.line, d.span.column, d.message) for d in lint_files(files, select=[code])]


PDB = "apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata: {name: b}\nspec:\n  selector: {matchLabels: {app: LABEL}}\n"


@pytest.mark.parametrize(("label", "reported"), [("web", False), ("api", True)])
def test_km065_missing_pdb(label, reported):
    files = {"d.yaml": deployment(top="  replicas: 2\n"), "b.yaml": PDB.replace("LABEL", label)}
    expected = [("d.yaml", 6, 3, "deployment 'web' runs 2 replicas but no PodDisruptionBudget in the inputs covers them, so a node drain may evict them all at once")]
    assert project(files, "KM065") == (expected if reported else [])


NP = "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: n}\nspec:\n  podSelector: SELECTOR\n"


@pytest.mark.parametrize(("selector", "reported"), [("{}", False), ("{matchLabels: {app: web}}", False), ("{matchLabels: {app: api}}", True)])
def test_km066_non_isolated_pods(selector, reported):
    files = {"d.yaml": deployment(), "n.yaml": NP.replace("SELECTOR", selector)}
    assert [f[:3] for f in project(files, "KM066")] == ([("d.yaml", 9, 7)] if reported else [])


HPA = "apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata: {name: h}\nspec:\n  scaleTargetRef: {kind: Deployment, name: web}\n"


def test_km067_replicas_with_hpa():
    assert project({"d.yaml": deployment(top="  replicas: 3\n"), "h.yaml": HPA}, "KM067") == [
        ("d.yaml", 6, 3, "deployment 'web' sets replicas although HorizontalPodAutoscaler 'h' scales it, so every apply resets the autoscaler's choice")
    ]
    assert project({"d.yaml": deployment(), "h.yaml": HPA}, "KM067") == []


SVC = "apiVersion: v1\nkind: Service\nmetadata: {name: db}\nspec:\n  clusterIP: CIP\n"


@pytest.mark.parametrize(("cip", "reported"), [("None", False), ("10.0.0.1", True)])
def test_km068_statefulset_service(cip, reported):
    sts = deployment(kind="StatefulSet", top="  serviceName: db\n")
    assert [f[:3] for f in project({"s.yaml": sts, "svc.yaml": SVC.replace("CIP", cip)}, "KM068")] == ([("s.yaml", 6, 16)] if reported else [])


def test_km086_external_name():
    svc = "apiVersion: v1\nkind: Service\nmetadata: {name: s}\nspec:\n  type: ExternalName\n  externalName: x.example.com\n"
    assert where(svc, "KM086") == [(6, 17, 30)]
    assert found(svc.replace("ExternalName\n", "ClusterIP\n"), "KM086") == []


def test_km087_credential_keys_in_any_case():
    cm = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata:\n  Api_Token: x\n  mode: y\nbinaryData:\n  tls.private_key: eA==\n"
    assert where(cm, "KM087") == [(5, 3, 12), (8, 3, 18)]


def test_km088_startup_probe():
    assert where(POD + WEB, "KM088") == [(7, 5, 9)]
    assert found(POD + WEB + "    startupProbe: {tcpSocket: {port: 80}}\n", "KM088") == []


def test_km089_owner_label():
    assert where(POD.replace("  name: p\n", "  name: p\n  labels: {app: a}\n") + WEB, "KM089") == [(5, 3, 9)]
    assert found(POD.replace("  name: p\n", "  name: p\n  labels: {owner: team}\n") + WEB, "KM089") == []


@pytest.mark.parametrize(("annotations", "expected"), [("", [(3, 1, 9)]), ("  annotations: {email: nobody}\n", [(5, 24, 30)]), ("  annotations: {email: a@b.io}\n", [])])
def test_km090_email_annotation(annotations, expected):
    assert where(POD.replace("  name: p\n", "  name: p\n" + annotations) + WEB, "KM090") == expected


SM = "apiVersion: monitoring.coreos.com/v1\nkind: ServiceMonitor\nmetadata: {name: m, namespace: mon}\nspec:\n  selector: {matchLabels: {app: web}}\nNS"
SVC_WEB = "apiVersion: v1\nkind: Service\nmetadata: {name: web, namespace: shop, labels: {app: web}}\n"


@pytest.mark.parametrize(
    ("namespaces", "by_default", "always"),
    [
        ("", False, True),  # looks in its own namespace, where the inputs define no Service
        ("  namespaceSelector: {matchNames: [shop]}\n", False, False),
        ("  namespaceSelector: {any: true}\n", False, False),
        ("  namespaceSelector: {matchNames: [other]}\n", False, True),
    ],
)
def test_km091_service_monitor_namespaces(namespaces, by_default, always):
    files = {"m.yaml": SM.replace("NS", namespaces), "s.yaml": SVC_WEB}
    assert [g[:2] for g in project(files, "KM091")] == ([("m.yaml", 5)] if by_default else [])
    got = [(d.path, d.span.line) for d in lint_files(files, select=["KM091"], config={"missing-references": "always"})]
    assert got == ([("m.yaml", 5)] if always else [])


def test_km091_wrong_labels_in_the_watched_namespace():
    files = {"m.yaml": SM.replace("NS", "  namespaceSelector: {matchNames: [shop]}\n").replace("app: web}}", "app: api}}"), "s.yaml": SVC_WEB}
    assert project(files, "KM091") == [
        ("m.yaml", 5, 3, "ServiceMonitor 'm' selects services labelled app=api, but no Service in the inputs it may watch has those labels, so nothing is scraped")
    ]


def test_km093_cronjob_deadline():
    cron = "apiVersion: batch/v1\nkind: CronJob\nmetadata: {name: c}\nspec:\n  schedule: '* * * * *'\n"
    assert where(cron, "KM093") == [(4, 1, 5)]
    assert found(cron + "  startingDeadlineSeconds: 60\n", "KM093") == []


def test_km094_low_ids_point_at_the_setting_in_force():
    text = POD + "  securityContext: {runAsUser: 1000, runAsGroup: 20000}\n" + WEB + "    securityContext: {runAsGroup: 3}\n"
    assert where(text, "KM094") == [(6, 32, 36), (10, 35, 36)]


@pytest.mark.parametrize(
    ("image", "policy", "reported"),
    [("a:1", "", True), ("a:1", "    imagePullPolicy: IfNotPresent\n", True), ("a:1", "    imagePullPolicy: Always\n", False), ("a", "", False), ("a:latest", "", False), ("a@sha256:00", "", True)],
)
def test_km095_pull_policy(image, policy, reported):
    text = POD + f"  containers:\n  - name: web\n    image: {image}\n" + policy
    assert bool(found(text, "KM095")) == reported


def test_km096_priority_class():
    assert where(POD + WEB, "KM096") == [(5, 1, 5)]
    assert found(POD + "  priorityClassName: high\n" + WEB, "KM096") == []
