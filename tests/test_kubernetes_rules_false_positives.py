"""Kubernetes findings that real manifests showed to be wrong or misleading:
each test pins the case a kube-linter or kube-score user would call wrong."""

from __future__ import annotations

import json

import pytest
from helpers import lint, lint_files, located, located_spans, run_cli

POD = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n"
WEB = "  containers:\n  - name: web\n    image: a:1\n"


def test_km058_pod_takes_its_service_account_setting():
    sa = "apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: web\n  namespace: shop\nautomountServiceAccountToken: false\n"
    pod = POD.replace("  name: p\n", "  name: p\n  namespace: shop\n") + "  serviceAccountName: web\n" + WEB

    def where_files(files):
        return [(d.path, d.span.line, d.span.column) for d in lint_files(files, select=["KM058"])]

    assert where_files({"sa.yaml": sa, "pod.yaml": pod}) == []
    # the pod's own setting wins over the account's
    assert where_files({"sa.yaml": sa, "pod.yaml": pod + "  automountServiceAccountToken: true\n"}) == [("pod.yaml", 11, 33)]
    # another account, or the same name in another namespace, does not count
    assert where_files({"sa.yaml": sa.replace("name: web", "name: api"), "pod.yaml": pod}) == [("pod.yaml", 6, 1)]
    assert where_files({"sa.yaml": sa.replace("namespace: shop", "namespace: other"), "pod.yaml": pod}) == [("pod.yaml", 6, 1)]
    assert where_files({"sa.yaml": sa.replace("false", "true"), "pod.yaml": pod}) == [("pod.yaml", 6, 1)]


@pytest.mark.parametrize(
    ("context", "message"),
    [
        ("{runAsUser: 101}", "container 'web' runs as user 101 but with no runAsGroup and not runAsNonRoot, so it may run in the root group"),
        ("{runAsUser: 101, runAsGroup: 0}", "container 'web' runs as user 101 but with runAsGroup 0 and not runAsNonRoot, so it may run in the root group"),
        ("{runAsGroup: 101}", "container 'web' is not set to runAsNonRoot, so it runs as root if its image says so"),
    ],
)
def test_km009_says_why_a_non_root_user_is_reported(context, message):
    assert located(POD + WEB + f"    securityContext: {context}\n", "KM009") == [(7, 5, 9, message)]


@pytest.mark.parametrize(
    ("name", "version", "reported"),
    [
        ("net.ipv4.tcp_rmem", None, False),
        ("net.ipv4.tcp_wmem", "1.32", False),
        ("net.ipv4.tcp_rmem", "1.31", True),
        ("net.ipv4.tcp_keepalive_time", "1.29", False),
        ("net.ipv4.tcp_keepalive_time", "1.28", True),
        ("net.ipv4.tcp_syncookies", "1.20", False),
        ("net.core.somaxconn", None, True),
    ],
)
def test_km014_safe_sysctls_follow_the_kubernetes_version(name, version, reported):
    text = POD + f"  securityContext:\n    sysctls:\n    - name: {name}\n      value: '1'\n" + WEB
    config = {"kubernetes-version": version} if version else None
    assert located_spans(text, "KM014", config) == ([(8, 13, 13 + len(name))] if reported else [])


RBAC_ROLE = "apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata: {{name: r, namespace: {ns}}}\nrules:\n- apiGroups: [{groups}]\n  resources: [{resources}]\n  verbs: [get, create]\n"
RBAC_BINDING = (
    "apiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata: {name: b, namespace: shop}\n"
    "roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: r}\nsubjects: [{kind: ServiceAccount, name: app}]\n"
)


@pytest.mark.parametrize(
    ("groups", "resources", "ns", "codes"),
    [
        ('""', "'*'", "shop", ["KM077", "KM078"]),
        ("apps", "'*'", "shop", ["KM078"]),  # apps has no Secrets
        ("batch", "'*'", "shop", ["KM078"]),
        ("apps", "secrets", "shop", []),
        ('""', "secrets", "shop", ["KM077"]),
        ("'*'", "secrets", "shop", ["KM077"]),
        ('""', "secrets", "other", []),  # a RoleBinding cannot use another namespace's Role
    ],
)
def test_km077_km078_respect_api_groups_and_namespaces(groups, resources, ns, codes):
    files = {"r.yaml": RBAC_ROLE.format(groups=groups, resources=resources, ns=ns), "b.yaml": RBAC_BINDING}
    assert sorted(d.code for d in lint_files(files, select=["KM077", "KM078"])) == codes


ROLLOUT = (
    "apiVersion: argoproj.io/v1alpha1\nkind: Rollout\nmetadata: {name: web}\nspec:\n  selector: {matchLabels: {app: web}}\n"
    "  template:\n    metadata: {labels: {app: web}}\n    spec:\n      containers: [{name: web, image: a:1}]\n"
)
SELECTORS = {
    "KM004": "apiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec:\n  selector: {app: LABEL}\n  ports: [{port: 80}]\n",
    "KM033": "apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata: {name: web}\nspec:\n  maxUnavailable: 1\n  selector: {matchLabels: {app: LABEL}}\n",
    "KM034": "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: web}\nspec:\n  podSelector: {matchLabels: {app: LABEL}}\n",
    "KM085": (
        "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: db}\nspec:\n  podSelector: {}\n"
        "  ingress:\n  - from:\n    - podSelector: {matchLabels: {app: LABEL}}\n"
    ),
}


@pytest.mark.parametrize("code", sorted(SELECTORS))
def test_selectors_of_custom_workload_pods_are_not_dangling(code):
    def codes(label, workload=ROLLOUT):
        files = {"sel.yaml": SELECTORS[code].replace("LABEL", label), "w.yaml": workload}
        return [d.code for d in lint_files(files, select=[code], config={"missing-references": "always"})]

    assert codes("web") == []
    assert codes("api") == [code]
    # a custom resource without containers in its template runs no pods
    assert codes("web", ROLLOUT.replace("containers", "volumes")) == [code]


@pytest.mark.parametrize(
    ("env", "reported"),
    [
        ("{name: SECRET_KEY_FILE, value: /var/run/secrets/web/key}", False),
        ("{name: TLS_SECRET_NAME, value: web-tls}", False),
        ("{name: jwt-secret-path, value: keys/jwt}", False),
        ("{name: DB_SECRET_ARN, value: 'arn:aws:secretsmanager:eu-west-1:1:secret:db'}", False),
        ("{name: CLIENT_SECRET, value: 'file:///etc/app/secret'}", False),
        ("{name: CLIENT_SECRET, value: s3cr3t}", True),
        ("{name: SECRET_NAMESPACE_KEY, value: s3cr3t}", True),
    ],
)
def test_km017_values_that_only_point_at_a_secret(env, reported):
    assert bool(located(POD + WEB + f"    env:\n    - {env}\n", "KM017")) == reported


def test_km087_reports_credentials_not_pointers_to_them():
    cm = (
        "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata:\n  token_endpoint: https://id.example.com/token\n"
        "  DB_PASSWORD_FILE: /run/secrets/db\n  api_key: ''\n  client_secret: s3cr3t\n  SECRET_PATH: x\n"
    )
    assert located(cm, "KM087") == [(8, 3, 16, "ConfigMap 'c' key 'client_secret' looks like a credential (secret); ConfigMaps are readable by anyone who may read the namespace's configuration")]


def test_km052_only_pods_a_service_selects():
    pod = (
        "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web, namespace: shop}\nspec:\n  selector: {matchLabels: {app: web}}\n"
        "  template:\n    metadata: {labels: {app: web, tier: fe}}\n    spec:\n      containers:\n      - name: web\n        image: a:1\n"
        "        livenessProbe: {httpGet: {path: /h, port: 80}}\n        readinessProbe: {httpGet: {path: /h, port: 80}}\n"
    )
    svc = "apiVersion: v1\nkind: Service\nmetadata: {name: web, namespace: NS}\nspec:\n  selector: {SELECTOR}\n"

    def where_files(ns="shop", selector="app: web"):
        files = {"d.yaml": pod, "s.yaml": svc.replace("NS", ns).replace("SELECTOR", selector)}
        return [(d.path, d.span.line, d.span.column) for d in lint_files(files, select=["KM052"])]

    assert where_files() == [("d.yaml", 12, 9)]
    assert where_files(selector="app: web, tier: fe") == [("d.yaml", 12, 9)]
    assert where_files(selector="app: api") == []
    assert where_files(ns="other") == []


KUSTOMIZATION = "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources: [deploy.yaml]\nimages:\n- name: registry.example.com/web\n  {pin}\n"


@pytest.mark.parametrize(
    ("pin", "codes"),
    [
        ("newTag: 1.2.3", ["KM083"]),
        ("digest: sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", []),
        ("newTag: latest", ["KM001", "KM083"]),
        ("newName: registry.example.com/web2", ["KM001", "KM083"]),
    ],
)
def test_km001_km083_images_a_kustomization_pins(pin, codes):
    pod = POD + "  containers:\n  - name: web\n    image: registry.example.com/web\n"
    files = {"deploy.yaml": pod, "kustomization.yaml": KUSTOMIZATION.format(pin=pin)}
    found = lint_files(files, select=["KM001", "KM083"])
    assert sorted(d.code for d in found) == codes
    assert {(d.path, d.span.line, d.span.column) for d in found} <= {("deploy.yaml", 8, 12)}


def test_km029_image_pull_secrets_only_when_always():
    pod = POD.replace("  name: p\n", "  name: p\n  namespace: shop\n") + "  imagePullSecrets: [{name: regcred}]\n" + WEB
    secret = "apiVersion: v1\nkind: Secret\nmetadata: {name: app, namespace: shop}\n"
    files = {"p.yaml": pod, "s.yaml": secret}

    def found_with(config=None):
        return [(d.path, d.span.line, d.span.column, d.message) for d in lint_files(files, select=["KM029"], config=config)]

    assert found_with() == []
    assert found_with({"missing-references": "always"}) == [
        ("p.yaml", 7, 29, "image pull Secret 'regcred' is not defined in any input, so pulls from a private registry fail until it exists")
    ]


RBAC_RULE = "apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata: {{name: r}}\nrules:\n- apiGroups: [{groups}]\n  resources: [{resources}]\n  verbs: [{verbs}]\n"


@pytest.mark.parametrize(
    ("groups", "resources", "verbs", "codes"),
    [
        # every verb on a custom group's resources (rook's ceph.rook.io) escalates nothing
        ("ceph.rook.io", "'*'", "'*'", ["KM069", "KM069"]),
        ("'*'", "'*'", "'*'", ["KM069", "KM069", "KM071", "KM072", "KM073"]),
        ('""', "users", "impersonate", ["KM072"]),
        ("authentication.k8s.io", "userextras/scopes", "impersonate", ["KM072"]),
        ("apps", "users", "impersonate", []),
        ("certificates.k8s.io", "signers", "approve", ["KM073"]),
        ('""', "signers", "approve", []),
        ("ceph.rook.io", "'*'", "deletecollection", ["KM069"]),
        ("apps", "deployments, secrets", "deletecollection", ["KM074"]),
        ('""', "deployments", "deletecollection", []),
    ],
)
def test_rbac_rules_look_only_at_the_api_groups_they_are_about(groups, resources, verbs, codes):
    text = RBAC_RULE.format(groups=groups, resources=resources, verbs=verbs)
    assert sorted(d.code for d in lint(text, "r.yaml", select=["KM069", "KM071", "KM072", "KM073", "KM074"])) == codes


def test_km074_names_only_resources_of_matching_groups():
    text = RBAC_RULE.format(groups="apps", resources="deployments, secrets", verbs="deletecollection")
    assert [f[3] for f in located(text, "KM074")] == ["Role 'r' may deletecollection deployments, wiping every one of them in a single call"]


JOB = "apiVersion: batch/v1\nkind: Job\nmetadata: {name: j}\nspec:\nJOB  template:\n    spec:\n      restartPolicy: Never\n      containers: [{name: c, image: a:1}]\n"


@pytest.mark.parametrize(
    ("job", "expected"),
    [
        ("", [(7, 22, 27, "job 'j' sets restartPolicy Never, so containers that fail are not restarted; use OnFailure")]),
        ("  podFailurePolicy:\n    rules: [{action: FailJob, onExitCodes: {operator: In, values: [42]}}]\n", []),
        ("  completionMode: Indexed\n  completions: 3\n  backoffLimitPerIndex: 1\n", []),
    ],
)
def test_km150_jobs_whose_features_require_never(job, expected):
    text = JOB.replace("JOB", job)
    shift = job.count("\n")
    assert located(text, "KM150") == [(line + shift, *rest) for line, *rest in expected]


def test_km150_cronjob_with_pod_failure_policy():
    cron = (
        "apiVersion: batch/v1\nkind: CronJob\nmetadata: {name: c}\nspec:\n  schedule: '@daily'\n  jobTemplate:\n    spec:\n"
        "      podFailurePolicy: {rules: [{action: Ignore, onPodConditions: [{type: DisruptionTarget}]}]}\n"
        "      template:\n        spec:\n          restartPolicy: Never\n          containers: [{name: c, image: a:1}]\n"
    )
    assert located(cron, "KM150") == []
    assert [f[3] for f in located(cron.replace("      podFailurePolicy", "      x-unused"), "KM150")] == [
        "cronjob 'c' sets restartPolicy Never, so containers that fail are not restarted; use OnFailure"
    ]


def test_objects_of_documents_that_do_not_parse_still_count_as_defined():
    broken = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  labels: {app: web}\n  name: carts\ndata:\n  A: '1'\n  A: '2'\n"
    other = "---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: unrelated}\n"
    pod = POD + "  containers:\n  - name: web\n    image: a:1\n    envFrom: [{configMapRef: {name: NAME}}]\n"

    def codes(name):
        files = {"cm.yaml": broken + other, "p.yaml": pod.replace("NAME", name)}
        return sorted(d.code for d in lint_files(files, select=["KM028", "CN001"]))

    assert codes("carts") == ["CN001"]  # its own error is reported, not a missing ConfigMap
    assert codes("nothere") == ["CN001", "KM028"]


def test_km029_secret_a_certgen_job_creates():
    job = (
        "apiVersion: batch/v1\nkind: Job\nmetadata: {name: admission-create, namespace: ingress}\nspec:\n  template:\n    spec:\n"
        "      restartPolicy: OnFailure\n      containers:\n      - name: create\n        image: certgen:1\n"
        "        args: [create, --host=svc, --secret-name=admission]\n"
    )
    pod = POD.replace("  name: p\n", "  name: p\n  namespace: ingress\n") + WEB + "  volumes: [{name: cert, secret: {secretName: admission}}]\n"
    always = {"missing-references": "always"}
    assert lint_files({"job.yaml": job, "p.yaml": pod}, select=["KM029"], config=always) == []
    assert [d.code for d in lint_files({"p.yaml": pod}, select=["KM029"], config=always)] == ["KM029"]


def test_cross_file_rules_take_the_severity_of_the_files_own_config(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "cnlint.toml").write_text('extend-select = ["KM058"]\n[severity]\nlatest-tag = "info"\nautomount-service-account-token = "info"\n')
    (tmp_path / "sub" / "p.yaml").write_text(POD + "  containers: [{name: c, image: nginx}]\n")
    run = run_cli("check", "--no-source", "--format", "json", "sub/p.yaml", cwd=tmp_path)
    severities = {d["code"]: d["severity"] for d in json.loads(run.stdout)}
    assert (severities["KM001"], severities["KM058"], severities["KM003"]) == ("info", "info", "warning")
