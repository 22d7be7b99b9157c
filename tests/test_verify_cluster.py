"""verify on a cluster: kind and kubectl driven through a fake runner, and the
API's own objects (recorded under data/verify/api) turned into observations."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from cnlint.config import Settings
from cnlint.kubernetes.common import quantity
from cnlint.kubernetes.model import parse
from cnlint.project import Project
from cnlint.verify import deploy
from cnlint.verify.cluster import ApplyError, ClusterUnavailable, ExistingCluster, KindCluster, apply_errors, missing_tools
from cnlint.verify.kube_status import FAILED, PENDING, READY, diagnose, hopeless, pods_of, rejected, rewrite, workload_state
from cnlint.verify.options import Options

API = Path(__file__).parent / "data" / "verify" / "api"
NS = "cnlint-verify-3f9a1c"
WEB = ("spec", "template", "spec", "containers", 0)
CACHE = ("spec", "template", "spec", "containers", 1)
POD_SPEC = ("spec", "template", "spec")

MANIFESTS = """\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 1
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      securityContext:
        runAsNonRoot: true
      initContainers:
        - name: wait-db
          image: busybox:1.36
          command: ["sh", "-c", "nc -z db 5432"]
      containers:
        - name: web
          image: example.com/shop/web:dev
          command: ["/app/web"]
          env:
            - name: MODE
              value: prod
            - name: LEVEL
              valueFrom:
                configMapKeyRef:
                  name: settings
                  key: level
          envFrom:
            - secretRef:
                name: web-secrets
          securityContext:
            runAsNonRoot: true
          resources:
            requests:
              cpu: 100m
              memory: 64Mi
            limits:
              memory: 128Mi
          readinessProbe:
            httpGet: {path: /ready, port: 8080}
          livenessProbe:
            httpGet: {path: /healthz, port: 8080}
          startupProbe:
            httpGet: {path: /healthz, port: 8080}
        - name: cache
          image: redis:7
          securityContext:
            readOnlyRootFilesystem: true
          resources:
            requests:
              memory: 2Ti
      volumes:
        - name: config
          configMap:
            name: web-config
---
apiVersion: batch/v1
kind: Job
metadata:
  name: migrate
spec:
  backoffLimit: 1
  template:
    spec:
      restartPolicy: Never
      containers:
        - name: migrate
          image: example.com/shop/migrate:dev
          command: ["/app/migrate", "up"]
---
apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  selector:
    app: web
  ports:
    - port: 80
      targetPort: 8080
"""


@pytest.fixture(scope="module")
def objects():
    return {obj.kind: obj for obj in parse("k8s/app.yaml", MANIFESTS, Settings()).objects}


def api(name: str) -> dict[str, list[dict]]:
    """A recorded List, its items by kind."""
    out: dict[str, list[dict]] = {}
    for item in yaml.safe_load((API / name).read_text())["items"]:
        out.setdefault(item["kind"], []).append(item)
    return out


class Logs:
    def __init__(self, lines=("panic: no config",)):
        self.lines = list(lines)
        self.asked = []

    def __call__(self, pod, container, previous):
        self.asked.append((pod, container, previous))
        return self.lines


def seen(observations):
    return [(o.code, o.container_key, o.at) for o in observations]


def run_diagnose(obj, name, logs=None, **kwargs):
    found = api(name)
    return diagnose(obj, pods_of(obj, found.get("Pod", [])), found.get("Event", []), logs or Logs(), path="k8s/app.yaml", **kwargs)


# ---- pods, as the API server has them -----------------------------------------------------


def test_crash_loop_points_at_the_command_with_the_last_logs(objects):
    logs = Logs(["starting", "panic: open /etc/web/config.yaml: no such file or directory"])
    [found] = run_diagnose(objects["Deployment"], "crashloop.yaml", logs)
    assert (found.code, found.container_key, found.at) == ("VF005", WEB, ("command",))
    assert "exited with code 1 (Error)" in found.message and "restarted 4 times" in found.message
    assert found.logs == ("starting", "panic: open /etc/web/config.yaml: no such file or directory")
    assert logs.asked == [("web-7d4b9c6f5-x2k8q", "web", True)]  # the crashed run's log, not the waiting one's
    assert found.obj is objects["Deployment"] and found.path == "k8s/app.yaml" and found.spec_key == POD_SPEC


def test_crash_of_a_container_without_command_points_at_its_image(objects):
    [found] = run_diagnose(objects["Deployment"], "readonly.yaml", Logs(["1:M 12 May 11:00:20 # Can't open the log file: Permission denied"]))
    assert seen([found]) == [("VF005", CACHE, ("image",))]


def test_read_only_filesystem_in_the_log(objects):
    logs = Logs(["1:C 12 May 11:00:20 # Failed opening the temp RDB file temp-1.rdb (in server root dir /data) for saving: Read-only file system"])
    [found] = run_diagnose(objects["Deployment"], "readonly.yaml", logs)
    assert seen([found]) == [("VF010", CACHE, ("securityContext", "readOnlyRootFilesystem"))]
    assert found.logs


def test_oom_killed(objects):
    [found] = run_diagnose(objects["Deployment"], "oomkilled.yaml")
    assert seen([found]) == [("VF006", WEB, ("resources", "limits", "memory"))]
    assert "128Mi" in found.message and "OOMKilled" in found.message


@pytest.mark.parametrize(("name", "key"), [("imagepullbackoff.yaml", WEB), ("errimagepull.yaml", CACHE)])
def test_image_pull_failures(objects, name, key):
    [found] = run_diagnose(objects["Deployment"], name)
    assert seen([found]) == [("VF013", key, ("image",))]


def test_unschedulable_blames_the_container_asking_most_memory(objects):
    [found] = run_diagnose(objects["Deployment"], "unschedulable.yaml")
    assert seen([found]) == [("VF014", CACHE, ("resources", "requests"))]
    assert "0/1 nodes are available: 1 Insufficient memory." in found.message


@pytest.mark.parametrize(("message", "at"), [
    ("0/1 nodes are available: 1 node(s) didn't match Pod's node affinity/selector. preemption: 0/1 nodes are available: 1 Preemption is not helpful for scheduling.", ("nodeSelector",)),
    ("0/3 nodes are available: 3 node(s) didn't match pod anti-affinity rules.", ("affinity",)),
    ("0/1 nodes are available: 1 node(s) had untolerated taint {node.kubernetes.io/disk-pressure: }.", ("tolerations",)),
    # The control-plane taint is one node's reason; most nodes lack the memory.
    ("0/4 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 3 Insufficient memory.", ("resources", "requests")),
    ("0/1 nodes are available: pod has unbound immediate PersistentVolumeClaims.", ("volumes",)),
])
def test_unschedulable_reasons(objects, message, at):
    found = api("unschedulable.yaml")
    found["Pod"][0]["status"]["conditions"][0]["message"] = message
    [obs] = diagnose(objects["Deployment"], found["Pod"], [], Logs())
    assert (obs.code, obs.at) == ("VF014", at)
    assert obs.container_key == (CACHE if at == ("resources", "requests") else None)


def test_readiness_probe_never_passed(objects):
    [found] = run_diagnose(objects["Deployment"], "readiness.yaml")
    assert seen([found]) == [("VF007", WEB, ("readinessProbe",))]
    assert "HTTP probe failed with statuscode: 404" in found.message


def test_liveness_kills_are_the_finding_not_the_exit(objects):
    [found] = run_diagnose(objects["Deployment"], "liveness.yaml")
    assert seen([found]) == [("VF008", WEB, ("livenessProbe",))]
    assert "connection refused" in found.message


def test_startup_probe(objects):
    [found] = run_diagnose(objects["Deployment"], "startup.yaml")
    assert seen([found]) == [("VF009", WEB, ("startupProbe",))]


def test_missing_configmap_points_at_the_env_entry(objects):
    [found] = run_diagnose(objects["Deployment"], "configerror.yaml")
    assert seen([found]) == [("VF015", WEB, ("env", 1))]
    assert 'configmap "settings" not found' in found.message


@pytest.mark.parametrize(("message", "at"), [
    ('secret "web-secrets" not found', ("envFrom", 0)),
    ("couldn't find key level in ConfigMap cnlint-verify-3f9a1c/settings", ("env", 1)),
    ("couldn't find key token in Secret cnlint-verify-3f9a1c/elsewhere", ("image",)),
])
def test_other_config_errors(objects, message, at):
    found = api("configerror.yaml")
    found["Pod"][0]["status"]["containerStatuses"][0]["state"]["waiting"]["message"] = message
    [obs] = diagnose(objects["Deployment"], found["Pod"], [], Logs())
    assert seen([obs]) == [("VF015", WEB, at)]


def test_volume_that_cannot_be_mounted(objects):
    found = api("configerror.yaml")
    pod = found["Pod"][0]
    pod["status"]["containerStatuses"][0]["state"] = {"waiting": {"reason": "ContainerCreating"}}
    event = found["Event"][0]
    event["reason"], event["message"] = "FailedMount", 'MountVolume.SetUp failed for volume "config" : configmap "web-config" not found'
    del event["involvedObject"]["fieldPath"]
    [obs] = diagnose(objects["Deployment"], [pod], [event], Logs())
    assert (obs.code, obs.container_key, obs.spec_key, obs.at) == ("VF015", None, POD_SPEC, ("volumes", 0))


def test_run_as_non_root_refusal(objects):
    [found] = run_diagnose(objects["Deployment"], "nonroot.yaml")
    assert seen([found]) == [("VF004", WEB, ("securityContext", "runAsNonRoot"))]


def test_run_as_non_root_from_the_pod_spec(objects):
    found = api("nonroot.yaml")
    status = found["Pod"][0]["status"]["containerStatuses"][0]
    status["name"] = "cache"  # cache does not set it: the pod's securityContext does
    status["state"]["waiting"]["message"] = status["state"]["waiting"]["message"].replace("container: web", "container: cache")
    [obs] = diagnose(objects["Deployment"], found["Pod"], [], Logs())
    assert (obs.code, obs.container_key, obs.spec_key, obs.at) == ("VF004", None, POD_SPEC, ("securityContext", "runAsNonRoot"))


def test_failed_init_container(objects):
    [found] = run_diagnose(objects["Deployment"], "initfailed.yaml")
    assert seen([found]) == [("VF012", ("spec", "template", "spec", "initContainers", 0), ("command",))]
    assert "init container 'wait-db' exited with code 1" in found.message


def test_failed_job(objects):
    found = api("job-failed.yaml")
    job = objects["Job"]
    logs = Logs(["migrating 0007_orders", "error: relation \"orders\" already exists"])
    observations = diagnose(job, pods_of(job, found["Pod"]), [], logs, status=found["Job"][0]["status"])
    assert seen(observations) == [("VF011", ("spec", "template", "spec", "containers", 0), ("command",))]  # both pods, one finding
    assert "exited with code 2" in observations[0].message and observations[0].logs
    assert logs.asked[0][2] is False  # restartPolicy Never: the terminated container is the current one


def test_failed_job_without_pods_left(objects):
    found = api("job-failed.yaml")
    [obs] = diagnose(objects["Job"], [], [], Logs(), status=found["Job"][0]["status"])
    assert (obs.code, obs.at) == ("VF011", ("command",))
    assert "BackoffLimitExceeded" in obs.message and "backoff limit" in obs.message


def test_pods_of_matches_labels_and_owners(objects):
    pods = api("crashloop.yaml")["Pod"] + api("job-failed.yaml")["Pod"]
    assert [p["metadata"]["name"] for p in pods_of(objects["Deployment"], pods)] == ["web-7d4b9c6f5-x2k8q"]
    assert [p["metadata"]["name"] for p in pods_of(objects["Job"], pods)] == ["migrate-8kq2z", "migrate-x7c4v"]
    stranger = json.loads(json.dumps(pods[0]))
    stranger["metadata"]["ownerReferences"][0]["name"] = "other-5c6d7e"
    assert pods_of(objects["Deployment"], [stranger]) == []


def test_workload_state():
    assert workload_state(api("job-failed.yaml")["Job"][0]) == FAILED
    assert workload_state(api("readiness.yaml")["Pod"][0]) == PENDING
    deployment = {"kind": "Deployment", "metadata": {"generation": 1}, "spec": {"replicas": 2}, "status": {"observedGeneration": 1, "readyReplicas": 2, "updatedReplicas": 2}}
    assert workload_state(deployment) == READY
    deployment["status"]["readyReplicas"] = 1
    assert workload_state(deployment) == PENDING
    assert workload_state({"kind": "DaemonSet", "metadata": {"generation": 1}, "status": {}}) == PENDING
    assert hopeless(api("imagepullbackoff.yaml")["Pod"][0]) and not hopeless(api("errimagepull.yaml")["Pod"][0])


def test_quantities():
    assert quantity("64Mi") == 64 * 2**20 and quantity("100m") == pytest.approx(0.1) and quantity("1e3") == 1000 and quantity("2") == 2
    assert quantity("lots") is None


# ---- the objects applied ---------------------------------------------------------------


def test_rewrite_swaps_built_images_and_leaves_the_manifest_alone(objects):
    obj = objects["Deployment"]
    data = rewrite(obj, {"example.com/shop/web": "cnlint-verify/web:3f9a1c"}, NS, "Never")
    json.dumps(data)  # plain data
    assert type(data) is dict and type(data["spec"]["template"]["spec"]["containers"]) is list
    assert data["metadata"]["namespace"] == NS
    web, cache = data["spec"]["template"]["spec"]["containers"]
    assert (web["image"], web["imagePullPolicy"]) == ("cnlint-verify/web:3f9a1c", "Never")
    assert cache["image"] == "redis:7" and "imagePullPolicy" not in cache
    assert obj.get(WEB + ("image",)) == "example.com/shop/web:dev"
    assert "namespace" not in obj.data["metadata"]


# ---- refused objects ---------------------------------------------------------------------


def by_identity(objects):
    return {(o.kind, o.name): (o, "k8s/app.yaml") for o in objects.values()}


def test_apply_errors_of_several_objects(objects):
    stderr = (
        "Warning: spec.template.spec.containers[0].env[1]: hides previous definition of \"LEVEL\"\n"
        'Error from server (Invalid): Deployment.apps "web" is invalid: spec.template.spec.containers[0].image: Required value\n'
        'Error from server (Invalid): Service "web" is invalid: [spec.ports[0].port: Invalid value: 0: must be between 1 and 65535, inclusive, '
        'spec.selector: Invalid value: "Web!": a valid label must be an empty string]\n'
    )
    errors = apply_errors(stderr)
    assert [(e.kind, e.name) for e in errors] == [("Deployment.apps", "web"), ("Service", "web")]
    found = rejected(by_identity(objects), errors)
    assert [(o.code, o.obj.kind, o.container_key, o.spec_key, o.at) for o in found] == [
        ("VF016", "Deployment", None, (), ("spec", "template", "spec", "containers", 0, "image")),
        ("VF016", "Service", None, (), ("spec", "ports", 0, "port")),
        ("VF016", "Service", None, (), ("spec", "selector")),
    ]
    assert "Required value" in found[0].message


def test_apply_error_of_one_object_with_causes(objects):
    stderr = 'The Deployment "web" is invalid: \n* spec.selector: Required value\n* spec.template.spec.containers[1].name: Duplicate value: "web"\n'
    found = rejected(by_identity(objects), apply_errors(stderr))
    assert [o.at for o in found] == [("spec", "selector"), ("spec", "template", "spec", "containers", 1, "name")]


def test_server_side_apply_field_paths(objects):
    stderr = (
        "Error from server (BadRequest): failed to create typed patch object (cnlint-verify-3f9a1c/web; apps/v1, Kind=Deployment): "
        '.spec.template.spec.containers[name="cache"].imagePullPolcy: field not declared in schema\n'
    )
    [found] = rejected(by_identity(objects), apply_errors(stderr))
    assert found.obj.kind == "Deployment"
    assert found.at == ("spec", "template", "spec", "containers", 1, "imagePullPolcy")


def test_refusal_naming_no_manifest_object_is_still_reported(objects):
    stderr = 'Error from server (NotFound): error when creating "STDIN": namespaces "shop" not found\n'
    [found] = rejected(by_identity(objects), apply_errors(stderr))
    assert found.obj is objects["Deployment"] and found.at == ()
    assert found.message == 'the API server refuses namespaces \'shop\': namespaces "shop" not found'


def test_unknown_kind_and_unattributed_errors():
    stderr = 'error: resource mapping not found for name: "web" namespace: "" from "STDIN": no matches for kind "Rollout" in version "argoproj.io/v1alpha1"\nensure CRDs are installed first\n'
    [error] = apply_errors(stderr)
    assert (error.kind, error.name, error.unknown_kind) == ("Rollout", "web", True)
    [error] = apply_errors("error: You must be logged in to the server (Unauthorized)\n")
    assert (error.kind, error.name) == (None, None)


# ---- the cluster, through a fake kind and kubectl ------------------------------------------


class Runner:
    """Stands in for subprocess.run: records each command and answers from
    `replies`: words that must all be in the command -> (code, stdout,
    stderr), an exception to raise, or a list of those used in turn."""

    def __init__(self, replies=None):
        self.replies = replies or {}
        self.calls: list[tuple[list[str], dict]] = []

    def __call__(self, argv, **kwargs):
        assert kwargs.get("timeout", 0) > 0 and not kwargs.get("shell")
        self.calls.append((list(argv), kwargs))
        for words, reply in self.replies.items():
            if set(words.split()) <= set(argv):
                if isinstance(reply, list):
                    reply = reply.pop(0) if len(reply) > 1 else reply[0]
                if isinstance(reply, BaseException):
                    raise reply
                if callable(reply):
                    reply = reply(argv, kwargs)
                code, out, err = reply
                return subprocess.CompletedProcess(argv, code, out, err)
        return subprocess.CompletedProcess(argv, 0, "", "")

    def commands(self) -> list[str]:
        """Each command without kubectl's connection flags."""
        out = []
        for argv, _ in self.calls:
            words, skip = [], False
            for word in argv:
                if skip:
                    skip = False
                elif word in ("--kubeconfig", "--context") and argv[0] == "kubectl":
                    skip = True
                elif not word.startswith("--request-timeout"):
                    words.append(word)
            out.append(" ".join(words))
        return out


def installed(tool):
    return f"/usr/bin/{tool}"


def test_missing_tools():
    assert missing_tools("kind", which=lambda tool: None) == ["kind", "kubectl"]
    assert missing_tools("cluster", which=lambda tool: None) == ["kubectl"]
    assert missing_tools("kind", which=installed) == []
    with pytest.raises(ClusterUnavailable) as raised:
        KindCluster(runner=Runner(), which=lambda tool: None).start()
    assert str(raised.value) == "kind is not installed (https://kind.sigs.k8s.io/docs/user/quick-start/#installation); kubectl is not installed"
    with pytest.raises(ClusterUnavailable, match="^kubectl is not installed$"):
        ExistingCluster("dev", runner=Runner(), which=lambda tool: None if tool == "kubectl" else installed(tool)).start()


def test_kind_cluster_it_creates_is_deleted():
    runner = Runner({"kind get clusters": (0, "", "No kind clusters found.\n")})
    cluster = KindCluster(runner=runner, which=installed)
    cluster.start()
    namespace = cluster.create_namespace()
    cluster.load_images(["cnlint-verify/web:3f9a1c"])
    assert namespace.startswith("cnlint-verify-") and cluster.name.startswith("cnlint-verify-") and namespace != cluster.name
    kubeconfig = cluster.kubeconfig
    notes = cluster.cleanup()
    assert notes == [] and cluster.cleanup() == []  # twice is harmless
    commands = runner.commands()
    assert commands[1] == f"kind create cluster --name {cluster.name} --kubeconfig {kubeconfig} --wait 120s"
    assert f"kind load docker-image cnlint-verify/web:3f9a1c --name {cluster.name}" in commands
    assert commands[-1] == f"kind delete cluster --name {cluster.name} --kubeconfig {kubeconfig}"
    assert sum("kind delete" in c for c in commands) == 1
    # kubectl talks to this cluster only, through this run's own kubeconfig
    kubectl = [argv for argv, _ in runner.calls if argv[0] == "kubectl"]
    assert kubectl and all(argv[1:5] == ["--kubeconfig", kubeconfig, "--context", f"kind-{cluster.name}"] for argv in kubectl)
    assert not Path(kubeconfig).exists()


def test_reused_kind_cluster_is_kept_but_its_namespace_deleted():
    runner = Runner({"kind get clusters": (0, "cnlint-dev\nother\n", ""), "kind get kubeconfig": (0, "apiVersion: v1\nkind: Config\n", "")})
    cluster = KindCluster("cnlint-dev", runner=runner, which=installed)
    cluster.start()
    assert Path(cluster.kubeconfig).read_text() == "apiVersion: v1\nkind: Config\n"
    namespace = cluster.create_namespace()
    cluster.cleanup()
    commands = runner.commands()
    assert not any(c.startswith(("kind create", "kind delete")) for c in commands)
    assert commands[-1] == f"kubectl delete namespace {namespace} --wait=false --ignore-not-found"


def test_kept_cluster_is_left_and_said_so():
    cluster = KindCluster(keep=True, runner=Runner({"kind get clusters": (0, "", "")}), which=installed)
    cluster.start()
    cluster.create_namespace()
    notes = cluster.cleanup()
    assert not any("delete" in c for c in cluster.runner.commands())
    assert any(f"kind export kubeconfig --name {cluster.name}" in n for n in notes)


def test_kind_that_cannot_create_a_node():
    stderr = (
        "Creating cluster \"cnlint-verify-ab12cd\" ...\n"
        " ✗ Preparing nodes 📦\n"
        "ERROR: failed to create cluster: could not find a log line that matches \"Reached target .*Multi-User System.*|detected cgroup v1\"\n"
    )
    runner = Runner({"kind get clusters": (0, "", ""), "kind create": (1, "", stderr)})
    cluster = KindCluster(runner=runner, which=installed)
    with pytest.raises(ClusterUnavailable, match="^kind could not create a node: .*ERROR: failed to create cluster: could not find a log line"):
        cluster.start()
    cluster.cleanup()
    assert runner.commands()[-1].startswith(f"kind delete cluster --name {cluster.name}")  # a half-made node is removed too


def test_existing_cluster():
    runner = Runner({"config get-contexts": (0, "dev\nprod\n", "")})
    cluster = ExistingCluster("dev", runner=runner, which=installed)
    cluster.start()
    cluster.load_images(["cnlint-verify/web:3f9a1c"])  # nothing: the user pushes images
    namespace = cluster.create_namespace()
    cluster.cleanup()
    assert not any(c.startswith("kind") for c in runner.commands())
    kubectl = [argv for argv, _ in runner.calls[1:]]
    assert all(argv[1:3] == ["--context", "dev"] for argv in kubectl)
    assert runner.commands()[-1] == f"kubectl delete namespace {namespace} --wait=false --ignore-not-found"
    with pytest.raises(ClusterUnavailable, match="no context named staging"):
        ExistingCluster("staging", runner=runner, which=installed).start()


def test_apply_sends_a_list_and_parses_refusals():
    stderr = 'Error from server (Invalid): Deployment.apps "web" is invalid: spec.template.spec.containers[0].image: Required value\n'
    runner = Runner({"apply --dry-run=server": (1, "", stderr)})
    cluster = ExistingCluster("dev", runner=runner, which=installed)
    namespace = cluster.create_namespace()
    errors = cluster.apply([{"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "web"}}], dry_run=True)
    assert errors == [ApplyError("Deployment.apps", "web", stderr.split(": ", 1)[1].strip())]
    argv, kwargs = runner.calls[-1]
    assert runner.commands()[-1] == f"kubectl apply --server-side --field-manager cnlint-verify -f - -o json -n {namespace} --dry-run=server"
    sent = json.loads(kwargs["input"])
    assert sent["kind"] == "List" and sent["items"][0]["metadata"]["name"] == "web"
    assert cluster.apply([], dry_run=False) == []


def test_apply_that_reaches_no_server():
    stderr = "The connection to the server 127.0.0.1:36467 was refused - did you specify the right host or port?\n"
    cluster = ExistingCluster("dev", runner=Runner({"apply": (1, "", stderr)}), which=installed)
    with pytest.raises(ClusterUnavailable, match="connection to the server"):
        cluster.apply([{}], dry_run=True)


def test_unreachable_cluster_says_so_plainly():
    stderr = (
        'E1205 02:09:14.502526    9600 memcache.go:265] "Unhandled Error" err="couldn\'t get current server API group list"\n'
        "The connection to the server 127.0.0.1:36467 was refused - did you specify the right host or port?\n"
    )
    cluster = ExistingCluster("dev", runner=Runner({"get": (1, "", stderr)}), which=installed)
    with pytest.raises(ClusterUnavailable) as raised:
        cluster.get("pods", NS)
    assert str(raised.value) == "kubectl get failed: The connection to the server 127.0.0.1:36467 was refused - did you specify the right host or port?"


def test_hung_command_times_out():
    runner = Runner({"get pods": subprocess.TimeoutExpired(["kubectl"], 60)})
    cluster = ExistingCluster("dev", runner=runner, which=installed)
    with pytest.raises(ClusterUnavailable, match="^kubectl get did not finish within 60 s$"):
        cluster.get("pods", NS)


def test_get_and_logs():
    pods = json.dumps({"apiVersion": "v1", "kind": "List", "items": api("crashloop.yaml")["Pod"]})
    runner = Runner({"get pods": (0, pods, ""), "logs --previous": (0, "a\nb\n", ""), "logs": (1, "", 'container "web" in pod is waiting to start')})
    cluster = ExistingCluster("dev", runner=runner, which=installed)
    assert [p["metadata"]["name"] for p in cluster.get("pods", NS)] == ["web-7d4b9c6f5-x2k8q"]
    assert cluster.logs("web-7d4b9c6f5-x2k8q", "web", previous=True, namespace=NS) == ["a", "b"]
    assert runner.commands()[-1] == f"kubectl logs web-7d4b9c6f5-x2k8q -c web -n {NS} --tail=20 --previous"
    assert cluster.logs("web-7d4b9c6f5-x2k8q", "web", namespace=NS) == []


# ---- the whole stage -----------------------------------------------------------------------


class Clock:
    def __init__(self):
        self.now = 0.0
        self.slept = []

    def __call__(self):
        return self.now

    def sleep(self, seconds):
        self.slept.append(seconds)
        self.now += seconds


def listed(items):
    return (0, json.dumps({"apiVersion": "v1", "kind": "List", "items": items}), "")


def live_deployment(ready):
    return {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "web", "generation": 1},
            "spec": {"replicas": 1}, "status": {"observedGeneration": 1, "replicas": 1, "readyReplicas": ready, "updatedReplicas": 1}}


def manifests(objects, *kinds):
    return [(objects[kind], "k8s/app.yaml") for kind in kinds]


def test_deploy_diagnoses_a_crash_and_cleans_up(objects):
    crash = api("crashloop.yaml")
    runner = Runner({
        "kind get clusters": (0, "", ""),
        "get deployments.apps": listed([live_deployment(0)]),
        "get pods": listed(crash["Pod"]),
        "get events": listed(crash["Event"]),
        "logs": (0, "panic: no config\n", ""),
    })
    cluster = KindCluster(runner=runner, which=installed)
    clock = Clock()
    messages = []
    found = deploy.run(cluster, manifests(objects, "Deployment", "Service"), {"example.com/shop/web": "cnlint-verify/web:3f9a1c"}, 120, messages.append, clock, clock.sleep)
    assert seen(found) == [("VF005", WEB, ("command",))]
    assert found[0].logs == ("panic: no config",) and found[0].path == "k8s/app.yaml"
    assert clock.slept == []  # a crash loop with 4 restarts is not waited out
    commands = runner.commands()
    applies = [kwargs["input"] for argv, kwargs in runner.calls if "apply" in argv and "-o" in argv]
    assert len(applies) == 2 and "--dry-run=server" in commands[[i for i, c in enumerate(commands) if "-o json" in c and "apply" in c][0]]
    sent = json.loads(applies[1])["items"]
    assert [o["kind"] for o in sent] == ["Service", "Deployment"]  # workloads last
    assert sent[1]["spec"]["template"]["spec"]["containers"][0]["imagePullPolicy"] == "Never"
    assert commands[-1].startswith(f"kind delete cluster --name {cluster.name}")


def test_deploy_times_out_without_a_cause(objects):
    runner = Runner({
        "config get-contexts": (0, "dev\n", ""),
        "get deployments.apps": listed([live_deployment(0)]),
        "get pods": listed([]),
        "get events": listed([]),
    })
    clock = Clock()
    found = deploy.run(ExistingCluster("dev", runner=runner, which=installed), manifests(objects, "Deployment"), {}, 10, clock=clock, sleep=clock.sleep)
    assert [(o.code, o.obj.kind, o.container_key, o.spec_key, o.at) for o in found] == [("VF017", "Deployment", None, (), ())]
    assert "was not ready within 10 s" in found[0].message and "0/1 replicas ready" in found[0].message
    assert clock.slept == [2.0] * 5
    assert runner.commands()[-1].startswith("kubectl delete namespace cnlint-verify-")


def test_deploy_ready_workload_has_no_findings(objects):
    runner = Runner({"config get-contexts": (0, "dev\n", ""), "get deployments.apps": listed([live_deployment(1)]), "get pods": listed([])})
    clock = Clock()
    assert deploy.run(ExistingCluster("dev", runner=runner, which=installed), manifests(objects, "Deployment"), {}, 10, clock=clock, sleep=clock.sleep) == []
    assert clock.slept == []


def test_deploy_stops_at_a_refused_dry_run(objects):
    stderr = 'The Deployment "web" is invalid: spec.template.spec.containers[0].image: Required value\n'
    runner = Runner({"config get-contexts": (0, "dev\n", ""), "--dry-run=server": (1, "", stderr)})
    found = deploy.run(ExistingCluster("dev", runner=runner, which=installed), manifests(objects, "Deployment", "Service"), {})
    assert [(o.code, o.at) for o in found] == [("VF016", ("spec", "template", "spec", "containers", 0, "image"))]
    assert sum("apply" in c and "-o json" in c for c in runner.commands()) == 1  # nothing applied for real
    assert runner.commands()[-1].startswith("kubectl delete namespace")


def test_deploy_skips_a_kind_the_cluster_lacks(objects):
    stderr = 'error: resource mapping not found for name: "web" namespace: "" from "STDIN": no matches for kind "Service" in version "v1"\nensure CRDs are installed first\n'
    runner = Runner({"config get-contexts": (0, "dev\n", ""), "--dry-run=server": (1, "", stderr), "get deployments.apps": listed([live_deployment(1)]), "get pods": listed([])})
    messages = []
    assert deploy.run(ExistingCluster("dev", runner=runner, which=installed), manifests(objects, "Deployment", "Service"), {}, progress=messages.append) == []
    assert any("skipping Service 'web'" in m for m in messages)
    applied = [json.loads(kwargs["input"]) for argv, kwargs in runner.calls if "apply" in argv and "-o" in argv and "--dry-run=server" not in argv]
    assert [o["kind"] for o in applied[0]["items"]] == ["Deployment"]


def test_deploy_project_leaves_out_what_did_not_build():
    doc = parse("k8s/app.yaml", MANIFESTS, Settings())
    project = Project([doc], Settings())
    runner = Runner({"config get-contexts": (0, "dev\n", ""), "get deployments.apps": listed([live_deployment(1)]), "get pods": listed([])})
    messages = []
    options = Options(runtime="cluster", kube_context="dev")
    found = deploy.deploy_project(project, options, {"example.com/shop/web": "cnlint-verify/web:3f9a1c"}, messages.append,
                                  skip_images={"example.com/shop/migrate"}, cluster=ExistingCluster("dev", runner=runner, which=installed))
    assert found == []
    assert "Job/migrate: not deployed, its image does not build" in messages
    [applied] = [json.loads(kwargs["input"]) for argv, kwargs in runner.calls if "apply" in argv and "-o" in argv and "--dry-run=server" not in argv]
    assert [o["kind"] for o in applied["items"]] == ["Service", "Deployment"]
    assert applied["items"][1]["spec"]["template"]["spec"]["containers"][0]["image"] == "cnlint-verify/web:3f9a1c"


def test_cluster_for_options():
    kind = deploy.cluster_for(Options(runtime="kind", cluster="dev", keep=True))
    assert isinstance(kind, KindCluster) and (kind.name, kind.keep) == ("dev", True)
    existing = deploy.cluster_for(Options(runtime="cluster", kube_context="staging"))
    assert isinstance(existing, ExistingCluster) and existing.context == "staging" and existing.kubectl_flags() == ["--context", "staging"]


def test_cleanup_runs_when_interrupted(objects):
    runner = Runner({"kind get clusters": (0, "", ""), "apply -o": KeyboardInterrupt()})
    cluster = KindCluster(runner=runner, which=installed)
    with pytest.raises(KeyboardInterrupt):
        deploy.run(cluster, manifests(objects, "Deployment"), {})
    assert runner.commands()[-1].startswith(f"kind delete cluster --name {cluster.name}")


# ---- on a real kind cluster --------------------------------------------------------------------


def _docker_runs() -> bool:
    try:
        return subprocess.run(["docker", "info"], capture_output=True, timeout=30).returncode == 0
    except (OSError, subprocess.TimeoutExpired):
        return False


def test_kind_end_to_end():
    if not (shutil.which("kind") and shutil.which("kubectl")):
        pytest.skip("kind and kubectl are not installed: the kind runtime's end-to-end test needs them")
    if not _docker_runs():
        pytest.skip("no docker engine answers: kind runs its node in a container")
    text = (
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: nowhere\nspec:\n  containers:\n"
        "    - name: app\n      image: cnlint-verify.invalid/nothing:1\n"
    )
    [pod] = parse("pod.yaml", text, Settings()).objects
    cluster = KindCluster()
    try:
        found = deploy.run(cluster, [(pod, "pod.yaml")], {}, deadline=240)
    except ClusterUnavailable as exc:
        pytest.skip(f"kind cannot make a cluster here: {exc}")
    assert [(o.code, o.container_key, o.at) for o in found] == [("VF013", ("spec", "containers", 0), ("image",))]
