"""Kubernetes rules across inputs KM027-KM035: references, target ports, dangling targets."""

from __future__ import annotations

import pytest
from helpers import lint_files

ALWAYS = {"missing-references": "always"}


def deployment(spec="", containers="", name="web", ns="", labels="{app: web}"):
    return (
        f"apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {name}\n{ns}spec:\n  selector: {{matchLabels: {labels}}}\n"
        f"  template:\n    metadata:\n      labels: {labels}\n    spec:\n{spec}      containers:\n      - name: c\n        image: a:1\n{containers}"
    )


def obj(kind, name, ns="", api="v1"):
    return f"apiVersion: {api}\nkind: {kind}\nmetadata:\n  name: {name}\n{ns}"


def found(files, code, config=None):
    return [(d.path, d.span.line, d.span.column, d.span.end_column, d.message) for d in lint_files(files, select=[code], config=config)]


def where(files, code, config=None):
    return [f[:4] for f in found(files, code, config)]


# ---- service accounts ------------------------------------------------------------

SA_SPEC = "      serviceAccountName: api\n"


@pytest.mark.parametrize(
    ("others", "config", "reported"),
    [
        ({}, None, False),  # no ServiceAccount among the inputs: assumed elsewhere
        ({}, ALWAYS, True),
        ({"sa.yaml": obj("ServiceAccount", "worker")}, None, True),
        ({"sa.yaml": obj("ServiceAccount", "api")}, None, False),
        ({"sa.yaml": obj("ServiceAccount", "api", "  namespace: other\n")}, {"missing-references": "always"}, False),
    ],
)
def test_km027_missing_service_account(others, config, reported):
    files = {"d.yaml": deployment(spec=SA_SPEC), **others}
    expected = [("d.yaml", 11, 27, 30, "service account 'api' is not defined in any input, so the API server refuses to create the pods")]
    assert found(files, "KM027", config) == (expected if reported else [])


def test_km027_namespaces_must_agree_when_both_are_set():
    files = {"d.yaml": deployment(spec=SA_SPEC, ns="  namespace: a\n"), "sa.yaml": obj("ServiceAccount", "api", "  namespace: b\n")}
    assert where(files, "KM027", ALWAYS) == [("d.yaml", 12, 27, 30)]


def test_km027_default_and_deprecated_field():
    files = {"d.yaml": deployment(spec="      serviceAccount: default\n"), "p.yaml": deployment(spec="      serviceAccount: x\n", name="p")}
    assert where(files, "KM027", ALWAYS) == [("p.yaml", 11, 23, 24)]


# ---- ConfigMaps, Secrets, claims ----------------------------------------------------

VOLUMES = (
    "      volumes:\n      - {name: a, configMap: {name: cm}}\n      - {name: b, secret: {secretName: sec}}\n"
    "      - {name: c, persistentVolumeClaim: {claimName: pvc}}\n      - {name: d, configMap: {name: opt, optional: true}}\n"
    "      - name: e\n        projected:\n          sources:\n          - secret: {name: proj}\n"
)
ENV = (
    "        env:\n        - name: A\n          valueFrom: {configMapKeyRef: {name: envcm, key: a}}\n"
    "        envFrom:\n        - secretRef: {name: envsec}\n"
)


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("KM028", [("d.yaml", 12, 37, 39), ("d.yaml", 25, 47, 52)]),
        ("KM029", [("d.yaml", 13, 40, 43), ("d.yaml", 19, 28, 32), ("d.yaml", 27, 29, 35)]),
        ("KM030", [("d.yaml", 14, 54, 57)]),
    ],
)
def test_missing_references_are_found_everywhere_a_pod_names_them(code, expected):
    files = {"d.yaml": deployment(spec=VOLUMES, containers=ENV)}
    assert where(files, code, ALWAYS) == expected


def test_missing_reference_messages():
    files = {"d.yaml": deployment(spec=VOLUMES, containers=ENV)}
    assert [f[4] for f in found(files, "KM030", ALWAYS)] == ["PersistentVolumeClaim 'pvc' is not defined in any input, so the pod stays pending until it exists"]


def test_defined_and_generated_objects_satisfy_references():
    kustomization = "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nconfigMapGenerator:\n- name: envcm\nsecretGenerator:\n- name: envsec\n"
    files = {
        "d.yaml": deployment(spec=VOLUMES, containers=ENV),
        "cm.yaml": obj("ConfigMap", "cm"),
        "cert.yaml": obj("Certificate", "c", api="cert-manager.io/v1") + "spec:\n  secretName: sec\n",
        "sealed.yaml": obj("SealedSecret", "proj", api="bitnami.com/v1alpha1"),
        "kustomization.yaml": kustomization,
        "pvc.yaml": obj("PersistentVolumeClaim", "pvc"),
    }
    for code in ("KM028", "KM029", "KM030"):
        assert found(files, code, ALWAYS) == [], code


def test_when_kind_present_reports_only_kinds_the_inputs_define():
    files = {"d.yaml": deployment(spec=VOLUMES, containers=ENV), "cm.yaml": obj("ConfigMap", "cm")}
    assert where(files, "KM028") == [("d.yaml", 25, 47, 52)]
    assert where(files, "KM029") == []


def test_templated_names_are_not_references():
    files = {"d.yaml": deployment(spec="      volumes:\n      - {name: a, configMap: {name: '{{ .Values.cm }}'}}\n")}
    assert found(files, "KM028", ALWAYS) == []


# ---- service target ports --------------------------------------------------------------

SERVICE = "apiVersion: v1\nkind: Service\nmetadata:\n  name: s\nspec:\n  selector: {app: web}\n  ports:\n  - port: 80\n    targetPort: TARGET\n"
PORTS = "        ports:\n        - {name: http, containerPort: 8080}\n"


@pytest.mark.parametrize(("target", "reported"), [("http", False), ("metrics", True), ("8080", False), ("'9090'", False)])
def test_km031_named_target_port(target, reported):
    files = {"s.yaml": SERVICE.replace("TARGET", target), "d.yaml": deployment(containers=PORTS)}
    expected = [("s.yaml", 9, 17, 24, "service 's' targets port 'metrics', but the pods of deployment 'web', which it selects, have no container port of that name, so connections to it fail")]
    assert found(files, "KM031") == (expected if reported else [])


def test_km031_needs_a_selected_workload():
    files = {"s.yaml": SERVICE.replace("TARGET", "metrics"), "d.yaml": deployment(containers=PORTS, labels="{app: api}")}
    assert found(files, "KM031") == []


# ---- dangling targets ---------------------------------------------------------------------

HPA = "apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata:\n  name: h\nspec:\n  scaleTargetRef: {apiVersion: apps/v1, kind: KIND, name: NAME}\n"


@pytest.mark.parametrize(
    ("kind", "name", "config", "reported"),
    [("Deployment", "web", None, False), ("Deployment", "api", None, True), ("StatefulSet", "web", None, False), ("StatefulSet", "web", ALWAYS, True)],
)
def test_km032_dangling_hpa(kind, name, config, reported):
    files = {"h.yaml": HPA.replace("KIND", kind).replace("NAME", name), "d.yaml": deployment()}
    col = 55 + len(kind)
    assert where(files, "KM032", config) == ([("h.yaml", 6, col, col + len(name))] if reported else [])


PDB = "apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata:\n  name: b\nspec:\n  selector:\n    matchExpressions: [{key: app, operator: In, values: [VALUE]}]\n"
NETPOL = "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: np\nspec:\n  podSelector:\n    matchLabels: {app: VALUE}\n"


@pytest.mark.parametrize(("code", "text", "span"), [("KM033", PDB, (6, 3, 11)), ("KM034", NETPOL, (6, 3, 14))])
@pytest.mark.parametrize(("value", "reported"), [("web", False), ("api", True)])
def test_dangling_selectors(code, text, span, value, reported):
    files = {"x.yaml": text.replace("VALUE", value), "d.yaml": deployment()}
    assert where(files, code) == ([("x.yaml", *span)] if reported else [])


def test_dangling_selectors_are_quiet_without_workloads_unless_always():
    files = {"x.yaml": NETPOL.replace("VALUE", "api")}
    assert found(files, "KM034") == []
    assert [f[4] for f in found(files, "KM034", ALWAYS)] == [
        "NetworkPolicy 'np' selects pods labelled app=api, but no workload in the inputs has a pod template with those labels, so it applies to nothing"
    ]


def test_empty_network_policy_selector_selects_everything():
    files = {"x.yaml": NETPOL.replace("    matchLabels: {app: VALUE}\n", "    {}\n"), "d.yaml": deployment()}
    assert found(files, "KM034", ALWAYS) == []


INGRESS = (
    "apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: i\nspec:\n  defaultBackend:\n    service: {name: SVC, port: {PORT}}\n"
)
SVC = "apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  ports:\n  - {name: http, port: 80}\n"


@pytest.mark.parametrize(
    ("svc", "port", "expected"),
    [
        ("web", "number: 80", []),
        ("web", "name: http", []),
        ("web", "number: 8080", [("i.yaml", 7, 41, 45, "ingress 'i' routes to port 8080 of service 'web', which has no such port, so those requests fail")]),
        ("api", "number: 80", [("i.yaml", 7, 21, 24, "ingress 'i' routes to service 'api', which no input defines, so those requests fail")]),
    ],
)
def test_km035_dangling_ingress(svc, port, expected):
    files = {"i.yaml": INGRESS.replace("SVC", svc).replace("PORT", port), "s.yaml": SVC}
    assert found(files, "KM035") == expected


def test_km035_v1beta1_backends():
    text = (
        "apiVersion: extensions/v1beta1\nkind: Ingress\nmetadata:\n  name: i\nspec:\n  rules:\n  - http:\n      paths:\n"
        "      - backend: {serviceName: web, servicePort: 81}\n"
    )
    assert where({"i.yaml": text, "s.yaml": SVC}, "KM035") == [("i.yaml", 9, 50, 52)]


def test_missing_references_option_is_validated(tmp_path):
    from cnlint.config import ConfigError, settings_from

    (tmp_path / "cnlint.toml").write_text('missing-references = "sometimes"\n')
    with pytest.raises(ConfigError, match="missing-references"):
        settings_from(tmp_path / "cnlint.toml")
    (tmp_path / "cnlint.toml").write_text('missing-references = "always"\n')
    assert settings_from(tmp_path / "cnlint.toml").option("missing-references") == "always"
