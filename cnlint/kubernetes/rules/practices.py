"""Opt-in Kubernetes best practices (kube-linter's non-default checks, and
the kube-score and Polaris checks it lacks): probes, requests, service
accounts, namespaces, replicas, update strategies, Jobs."""

from __future__ import annotations

import re

from cnlint.checks import Checks
from cnlint.kubernetes.common import (
    as_int, at, container_name, containers_of, effective, items, mapping, pods, points_at_secret, same_namespace, selector_matches,
)
from cnlint.kubernetes.rules.images import _image_ref as image_ref
from cnlint.kubernetes.rules.workloads import REPLICATED, replicas

checks = Checks()

# Pods of these run to completion: they need no liveness or readiness probe.
RUN_TO_COMPLETION = ("Job", "CronJob")


def _serving_containers(doc):
    for obj, spec_path, spec in pods(doc):
        if obj.kind in RUN_TO_COMPLETION:
            continue
        for i, container in enumerate(items(spec.get("containers"))):
            if isinstance(container, dict):
                yield obj, spec_path + ("containers", i), container


@checks.rule("KM050")
def no_liveness_probe(doc, ctx):
    for obj, path, container in _serving_containers(doc):
        if "livenessProbe" not in container:
            yield at(obj, obj.key_span(path + ("name",)), f"container '{container_name(container)}' has no liveness probe, so a hung process is never restarted")


@checks.rule("KM051")
def no_readiness_probe(doc, ctx):
    for obj, path, container in _serving_containers(doc):
        if "readinessProbe" not in container:
            yield at(obj, obj.key_span(path + ("name",)), f"container '{container_name(container)}' has no readiness probe, so it receives traffic before it can serve it")


HANDLERS = ("httpGet", "tcpSocket", "grpc", "exec")


def _handler(probe: dict):
    for key in HANDLERS:
        if key in probe:
            return key, probe[key]
    return None


def _behind_service(obj, services) -> bool:
    labels = obj.pod_labels()
    return any(
        same_namespace(svc, obj) and selector_matches({"matchLabels": svc.get(("spec", "selector"))}, labels) is True
        for svc in services
    )


@checks.project("KM052")
def identical_liveness_readiness_probe(project, ctx):
    files = project.of_kind("kubernetes")
    # As kube-score: readiness only matters for pods a Service sends traffic to.
    services = [o for f in files for o in f.objects if o.kind == "Service" and o.group == "" and mapping(o.get(("spec", "selector")))]
    for f in project.targets("kubernetes"):
        for obj, path, container in _serving_containers(f):
            live = _handler(mapping(container.get("livenessProbe")))
            ready = _handler(mapping(container.get("readinessProbe")))
            if live is not None and live == ready and _behind_service(obj, services):
                span = obj.key_span(path + ("livenessProbe",))
                yield at(obj, span, f"container '{container_name(container)}' has the same liveness and readiness check, so under load it is restarted instead of just taken out of rotation", path=f.path)


@checks.rule("KM053")
def unset_memory_request(doc, ctx):
    for obj, spec_path, spec in pods(doc):
        for path, container in containers_of(obj, spec_path, spec, ephemeral=False):
            resources = mapping(container.get("resources"))
            if mapping(resources.get("requests")).get("memory") is None and mapping(resources.get("limits")).get("memory") is None:
                yield at(obj, obj.key_span(path + ("name",)), f"container '{container_name(container)}' requests no memory, so the scheduler may place it on a node without room for it")


@checks.rule("KM054")
def privileged_port(doc, ctx):
    for obj, spec_path, spec in pods(doc):
        for path, container in containers_of(obj, spec_path, spec, ephemeral=False):
            for i, port in enumerate(items(container.get("ports"))):
                number = as_int(mapping(port).get("containerPort"))
                if number is not None and 0 < number < 1024:
                    span = obj.value_span(path + ("ports", i, "containerPort"))
                    yield at(obj, span, f"container '{container_name(container)}' listens on privileged port {number}, which needs root or NET_BIND_SERVICE")


@checks.rule("KM055")
def writable_host_mount(doc, ctx):
    for obj, spec_path, spec in pods(doc):
        host = {mapping(v).get("name") for v in items(spec.get("volumes")) if "hostPath" in mapping(v)}
        for path, container in containers_of(obj, spec_path, spec, ephemeral=False):
            for i, mount in enumerate(items(container.get("volumeMounts"))):
                mount = mapping(mount)
                if mount.get("name") in host and mount.get("readOnly") is not True:
                    span = obj.value_span(path + ("volumeMounts", i, "name"))
                    yield at(obj, span, f"container '{container_name(container)}' mounts host path volume '{mount.get('name')}' writable, so it can change files on the node")


@checks.rule("KM056")
def read_secret_from_env_var(doc, ctx):
    for obj, spec_path, spec in pods(doc):
        for path, container in containers_of(obj, spec_path, spec):
            name = container_name(container)
            for i, env in enumerate(items(container.get("env"))):
                if "secretKeyRef" in mapping(mapping(env).get("valueFrom")):
                    span = obj.value_span(path + ("env", i, "name"))
                    yield at(obj, span, f"container '{name}' reads a Secret into environment variable '{mapping(env).get('name')}', where it leaks into logs, crash dumps and child processes")
            for i, env in enumerate(items(container.get("envFrom"))):
                if "secretRef" in mapping(env):
                    span = obj.key_span(path + ("envFrom", i, "secretRef"))
                    yield at(obj, span, f"container '{name}' reads a whole Secret into its environment, where it leaks into logs, crash dumps and child processes")


@checks.rule("KM057")
def default_service_account(doc, ctx):
    for obj, spec_path, spec in pods(doc):
        name = spec.get("serviceAccountName", spec.get("serviceAccount"))
        if name not in (None, "", "default"):
            continue
        key = "serviceAccountName" if "serviceAccountName" in spec else "serviceAccount"
        span = obj.value_span(spec_path + (key,)) if name is not None else obj.key_span(spec_path)
        yield at(obj, span, f"{obj.kind.lower()} '{obj.name}' runs as the namespace's default service account, which every other pod there shares")


def _account(spec: dict) -> str:
    return str(spec.get("serviceAccountName") or spec.get("serviceAccount") or "default")


@checks.project("KM058")
def automount_service_account_token(project, ctx):
    files = project.of_kind("kubernetes")
    # A pod that says nothing takes its ServiceAccount's setting.
    opted_out = [
        sa for f in files for sa in f.objects
        if sa.kind == "ServiceAccount" and sa.group == "" and sa.get(("automountServiceAccountToken",)) is False
    ]
    for f in project.targets("kubernetes"):
        for obj, spec_path, spec in pods(f):
            value = spec.get("automountServiceAccountToken")
            if value is False:
                continue
            if value is None and any(sa.name == _account(spec) and same_namespace(sa, obj) for sa in opted_out):
                continue
            span = obj.value_span(spec_path + ("automountServiceAccountToken",)) if value is not None else obj.key_span(spec_path)
            yield at(obj, span, f"{obj.kind.lower()} '{obj.name}' mounts its service account token, which lets anyone inside call the Kubernetes API as it", path=f.path)


# Kinds that live in a namespace, for use-namespace.
NAMESPACED = frozenset(
    "Pod Deployment ReplicaSet StatefulSet DaemonSet Job CronJob ReplicationController Service ConfigMap Secret "
    "ServiceAccount PersistentVolumeClaim Ingress NetworkPolicy PodDisruptionBudget HorizontalPodAutoscaler Role RoleBinding".split()
)


@checks.rule("KM059")
def default_namespace(doc, ctx):
    for obj in doc.objects:
        if obj.kind not in NAMESPACED:
            continue
        if obj.namespace not in (None, "default"):
            continue
        if obj.namespace == "default":
            span = obj.value_span(("metadata", "namespace"))
        else:
            span = obj.key_span(("metadata",))
        yield at(obj, span, f"{obj.kind} '{obj.name}' goes to the default namespace, which shares access rules and quotas with everything else put there")


@checks.rule("KM060")
def fewer_than_three_replicas(doc, ctx):
    for obj in doc.objects:
        count = replicas(obj)
        if count is None or count >= 3 or obj.kind not in REPLICATED:
            continue
        span = obj.value_span(("spec", "replicas")) if obj.get(("spec", "replicas")) is not None else obj.key_span(("spec",))
        yield at(obj, span, f"{obj.kind.lower()} '{obj.name}' runs {count} replica{'s' if count != 1 else ''}, so one node failure or eviction leaves it with little or no capacity")


@checks.rule("KM061")
def exposed_service(doc, ctx):
    for obj in doc.objects:
        kind = obj.get(("spec", "type"))
        if obj.kind == "Service" and obj.group == "" and kind in ("NodePort", "LoadBalancer"):
            yield at(obj, obj.value_span(("spec", "type")), f"service '{obj.name}' is of type {kind}, which exposes it outside the cluster")


STRATEGY = {"Deployment": ("strategy", "RollingUpdate"), "DaemonSet": ("updateStrategy", "RollingUpdate"), "StatefulSet": ("updateStrategy", "RollingUpdate")}


@checks.rule("KM062")
def no_rolling_update_strategy(doc, ctx):
    for obj in doc.objects:
        key, wanted = STRATEGY.get(obj.kind, (None, None))
        if key is None or obj.pod_template() is None:
            continue
        kind = obj.get(("spec", key, "type"))
        if kind is not None and kind != wanted:  # unset means RollingUpdate
            yield at(obj, obj.value_span(("spec", key, "type")), f"{obj.kind.lower()} '{obj.name}' updates with {kind}, which takes every pod down at once (or never replaces them)")


@checks.rule("KM063")
def job_ttl_seconds_after_finished(doc, ctx):
    for obj in doc.objects:
        if obj.group != "batch":
            continue
        if obj.kind == "Job" and obj.get(("spec", "ttlSecondsAfterFinished")) is None and isinstance(obj.get(("spec",)), dict):
            yield at(obj, obj.key_span(("spec",)), f"job '{obj.name}' does not set ttlSecondsAfterFinished, so it and its pods stay in the cluster after it finishes")
        elif obj.kind == "CronJob" and obj.get(("spec", "jobTemplate", "spec", "ttlSecondsAfterFinished")) is not None:
            span = obj.key_span(("spec", "jobTemplate", "spec", "ttlSecondsAfterFinished"))
            yield at(obj, span, f"cronjob '{obj.name}' sets ttlSecondsAfterFinished on its jobs, which deletes them before its history limits can keep them")


@checks.rule("KM064")
def unset_ephemeral_storage(doc, ctx):
    for obj, spec_path, spec in pods(doc):
        for path, container in containers_of(obj, spec_path, spec, ephemeral=False):
            resources = mapping(container.get("resources"))
            if mapping(resources.get("limits")).get("ephemeral-storage") is None:
                yield at(obj, obj.key_span(path + ("name",)), f"container '{container_name(container)}' has no ephemeral-storage limit, so its logs and scratch files can fill the node's disk")



@checks.rule("KM081")
def projected_token_long_expiration(doc, ctx):
    for obj, spec_path, spec in pods(doc):
        for i, volume in enumerate(items(spec.get("volumes"))):
            for j, source in enumerate(items(mapping(mapping(volume).get("projected")).get("sources"))):
                seconds = as_int(mapping(mapping(source).get("serviceAccountToken")).get("expirationSeconds"))
                if seconds is not None and seconds > 86400:
                    span = obj.value_span(spec_path + ("volumes", i, "projected", "sources", j, "serviceAccountToken", "expirationSeconds"))
                    yield at(obj, span, f"projected service account token lives {seconds} seconds, over a day: a stolen token stays valid that long")


@checks.rule("KM082")
def hpa_minimum_three_replicas(doc, ctx):
    for obj in doc.objects:
        if obj.kind != "HorizontalPodAutoscaler" or obj.group != "autoscaling" or not isinstance(obj.get(("spec",)), dict):
            continue
        value = obj.get(("spec", "minReplicas"))
        count = 1 if value is None else as_int(value)
        if count is not None and count < 3:
            span = obj.value_span(("spec", "minReplicas")) if value is not None else obj.key_span(("spec",))
            yield at(obj, span, f"HorizontalPodAutoscaler '{obj.name}' may scale down to {count} replica{'s' if count != 1 else ''}, too few to survive a node failure")


@checks.rule("KM086")
def externalname_service(doc, ctx):
    for obj in doc.objects:
        if obj.kind == "Service" and obj.group == "" and obj.get(("spec", "type")) == "ExternalName" and obj.get(("spec", "externalName")):
            span = obj.value_span(("spec", "externalName"))
            yield at(obj, span, f"service '{obj.name}' sends in-cluster traffic to '{obj.get(('spec', 'externalName'))}', wherever that name resolves to")


CREDENTIAL_WORDS = ("password", "secret", "token", "api_key", "apikey", "private_key", "credential")


@checks.rule("KM087")
def configmap_with_credentials(doc, ctx):
    for obj in doc.objects:
        if obj.kind != "ConfigMap" or obj.group != "":
            continue
        for field in ("data", "binaryData"):
            for key, value in mapping(obj.get((field,))).items():
                word = next((w for w in CREDENTIAL_WORDS if w in str(key).lower()), None)
                if word and value is not None and str(value).strip() and not points_at_secret(str(key), str(value)):
                    span = obj.key_span((field, key))
                    yield at(obj, span, f"ConfigMap '{obj.name}' key '{key}' looks like a credential ({word}); ConfigMaps are readable by anyone who may read the namespace's configuration")


@checks.rule("KM088")
def no_startup_probe(doc, ctx):
    for obj, path, container in _serving_containers(doc):
        if "startupProbe" not in container:
            yield at(obj, obj.key_span(path + ("name",)), f"container '{container_name(container)}' has no startup probe, so a slow start must fit within the liveness probe's patience")


@checks.rule("KM089")
def required_label_owner(doc, ctx):
    for obj in doc.objects:
        if "owner" not in mapping(obj.get(("metadata", "labels"))):
            span = obj.key_span(("metadata", "labels")) if obj.get(("metadata", "labels")) is not None else obj.key_span(("metadata",))
            yield at(obj, span, f"{obj.kind} '{obj.name}' has no 'owner' label, so nobody knows whom to ask about it")


_EMAIL = re.compile(r"[a-zA-Z0-9_.+-]+@[a-zA-Z0-9-]+\.[a-zA-Z0-9-.]+")


@checks.rule("KM090")
def required_annotation_email(doc, ctx):
    for obj in doc.objects:
        annotations = mapping(obj.get(("metadata", "annotations")))
        value = annotations.get("email")
        if value is not None and _EMAIL.search(str(value)):
            continue
        if value is not None:
            span, why = obj.value_span(("metadata", "annotations", "email")), f"an 'email' annotation that is no address ('{value}')"
        else:
            span = obj.key_span(("metadata", "annotations")) if annotations else obj.key_span(("metadata",))
            why = "no 'email' annotation"
        yield at(obj, span, f"{obj.kind} '{obj.name}' has {why}, so nobody knows whom to tell about it")


@checks.rule("KM093")
def cronjob_missing_deadline(doc, ctx):
    for obj in doc.objects:
        if obj.kind == "CronJob" and obj.group == "batch" and isinstance(obj.get(("spec",)), dict) and obj.get(("spec", "startingDeadlineSeconds")) is None:
            yield at(obj, obj.key_span(("spec",)), f"cronjob '{obj.name}' sets no startingDeadlineSeconds, so after 100 missed runs (a long outage) it stops scheduling for good")


@checks.rule("KM094")
def low_user_id(doc, ctx):
    for obj, spec_path, spec in pods(doc):
        for path, container in containers_of(obj, spec_path, spec, ephemeral=False):
            for key in ("runAsUser", "runAsGroup"):
                value = as_int(effective(spec, container, key))
                if value is None or value >= 10000:
                    continue
                own = key in mapping(container.get("securityContext"))
                where = path + ("securityContext", key) if own else spec_path + ("securityContext", key)
                yield at(obj, obj.value_span(where), f"container '{container_name(container)}' runs with {key} {value}, below 10000, where it may share an id with a user of the node")


@checks.rule("KM095")
def image_pull_policy_not_always(doc, ctx):
    for obj, spec_path, spec in pods(doc):
        for path, container in containers_of(obj, spec_path, spec, ephemeral=False):
            policy = container.get("imagePullPolicy")
            if policy == "Always":
                continue
            name = container_name(container)
            if policy is None:
                _, tag, digest = image_ref(str(container.get("image") or ""))
                if digest is None and tag in (None, "latest"):
                    continue  # the API server defaults it to Always for these
                span = obj.key_span(path + ("name",))
            else:
                span = obj.value_span(path + ("imagePullPolicy",))
            yield at(obj, span, f"container '{name}' may start from an image cached on the node, which skips the registry's access check for that image")


@checks.rule("KM096")
def priority_class_not_set(doc, ctx):
    for obj, spec_path, spec in pods(doc):
        if not spec.get("priorityClassName"):
            yield at(obj, obj.key_span(spec_path), f"{obj.kind.lower()} '{obj.name}' sets no priorityClassName, so under pressure the scheduler may evict it before less important pods")
