"""Kubernetes rules on workloads as a whole: selectors, spreading replicas,
and the disruption budgets that protect them."""

from __future__ import annotations

import re

from cnlint.checks import Checks
from cnlint.kubernetes.common import as_int, at, items, label, mapping, same_namespace, selector_matches

checks = Checks()

# Kinds whose replicas are a count in spec.replicas (DaemonSets and Jobs have none).
REPLICATED = ("Deployment", "ReplicaSet", "StatefulSet", "ReplicationController", "DeploymentConfig")
HOSTNAME = "kubernetes.io/hostname"


def _selector(obj) -> dict | None:
    """The workload's pod selector as a LabelSelector mapping."""
    selector = obj.get(("spec", "selector"))
    if not isinstance(selector, dict) or not selector:
        return None
    if obj.kind in ("ReplicationController", "DeploymentConfig"):
        return {"matchLabels": selector}  # a plain label map
    return selector


@checks.rule("KM022")
def mismatching_selector(doc, ctx):
    for obj in doc.objects:
        if obj.pod_template() is None or obj.kind in ("Pod", "CronJob"):
            continue
        selector = _selector(obj)
        if selector is None or selector_matches(selector, obj.pod_labels()) is not False:
            continue
        labels = ", ".join(f"{k}={label(v)}" for k, v in obj.pod_labels().items()) or "none"
        yield at(obj, obj.key_span(("spec", "selector")), f"{obj.kind.lower()} '{obj.name}' selector does not match its own pod template's labels ({labels}), so it can never find its pods")


def replicas(obj) -> int | None:
    if obj.kind not in REPLICATED or obj.pod_template() is None:
        return None
    value = obj.get(("spec", "replicas"))
    return 1 if value is None else as_int(value)


def _spreads(term: dict, obj, labels: dict) -> bool | None:
    if term.get("topologyKey") != HOSTNAME:
        return False
    namespaces = items(term.get("namespaces"))
    if namespaces and obj.namespace is not None and obj.namespace not in namespaces:
        return False
    return selector_matches(mapping(term.get("labelSelector")), labels)


@checks.rule("KM023")
def no_anti_affinity(doc, ctx):
    for obj in doc.objects:
        count = replicas(obj)
        if count is None or count < 2:
            continue
        path, template = obj.pod_template()
        spec = mapping(template.get("spec"))
        labels = obj.pod_labels()
        anti = mapping(mapping(spec.get("affinity")).get("podAntiAffinity"))
        terms = [mapping(t).get("podAffinityTerm") for t in items(anti.get("preferredDuringSchedulingIgnoredDuringExecution"))]
        terms += items(anti.get("requiredDuringSchedulingIgnoredDuringExecution"))
        # Topology spread over nodes spreads replicas as well (kube-linter does not look at it).
        terms += items(spec.get("topologySpreadConstraints"))
        if any(_spreads(mapping(t), obj, labels) is not False for t in terms):
            continue
        if anti:
            span = obj.key_span(path + ("spec", "affinity", "podAntiAffinity"))
            why = f"its pod anti-affinity has no term on {HOSTNAME} that selects its own pods"
        else:
            span = obj.key_span(("spec", "replicas"))
            why = "it does not ask to spread them with pod anti-affinity"
        yield at(obj, span, f"{obj.kind.lower()} '{obj.name}' runs {count} replicas but {why}, so one node failure can take them all down")


def _is_pdb(obj) -> bool:
    return obj.kind == "PodDisruptionBudget" and obj.group == "policy"


@checks.rule("KM024")
def pdb_max_unavailable_zero(doc, ctx):
    for obj in doc.objects:
        value = obj.get(("spec", "maxUnavailable"))
        if _is_pdb(obj) and value is not None and str(value).strip() in ("0", "0%"):
            yield at(obj, obj.value_span(("spec", "maxUnavailable")), f"PodDisruptionBudget '{obj.name}' sets maxUnavailable to {value}, so no pod may ever be evicted and node drains hang")


@checks.project("KM025")
def pdb_min_available_blocks(project, ctx):
    files = project.of_kind("kubernetes")
    objects = [(f, o) for f in files for o in f.objects]
    scaled = {(o.namespace, o.get(("spec", "scaleTargetRef", "kind")), o.get(("spec", "scaleTargetRef", "name"))) for _, o in objects if o.kind == "HorizontalPodAutoscaler"}
    for f, pdb in objects:
        value = pdb.get(("spec", "minAvailable"))
        selector = pdb.get(("spec", "selector"))
        if not _is_pdb(pdb) or value is None:
            continue
        span = pdb.value_span(("spec", "minAvailable"))
        if str(value).strip() == "100%":
            yield at(pdb, span, f"PodDisruptionBudget '{pdb.name}' sets minAvailable to 100%, so no pod may ever be evicted and node drains hang", path=f.path)
            continue
        wanted = as_int(value)
        if wanted is None or not isinstance(selector, dict):
            continue
        for _, workload in objects:
            count = replicas(workload)
            if count is None or not same_namespace(pdb, workload) or selector_matches(selector, workload.pod_labels()) is not True:
                continue
            if (workload.namespace, workload.kind, workload.name) in scaled:
                continue  # an autoscaler decides the replicas
            if count <= wanted:
                message = f"PodDisruptionBudget '{pdb.name}' requires {wanted} available pods but {workload.kind.lower()} '{workload.name}' runs {count}, so none may ever be evicted"
                yield at(pdb, span, message, path=f.path)
                break


@checks.rule("KM026")
def pdb_unhealthy_pod_eviction_policy(doc, ctx):
    for obj in doc.objects:
        if _is_pdb(obj) and isinstance(obj.get(("spec",)), dict) and obj.get(("spec", "unhealthyPodEvictionPolicy")) is None:
            yield at(obj, obj.key_span(("spec",)), f"PodDisruptionBudget '{obj.name}' does not set unhealthyPodEvictionPolicy, so pods that never became ready block node drains")


_LABEL_NAME = re.compile(r"^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$")
_DNS_SUBDOMAIN = re.compile(r"^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")


def label_key_problem(key: str) -> str | None:
    prefix, _, name = key.rpartition("/")
    if prefix and (len(prefix) > 253 or not _DNS_SUBDOMAIN.match(prefix)):
        return f"prefix '{prefix}' is not a DNS subdomain"
    if not name or len(name) > 63 or not _LABEL_NAME.match(name):
        return "name must be 1-63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit"
    return None


def label_value_problem(value: str) -> str | None:
    if value == "" or (len(value) <= 63 and _LABEL_NAME.match(value)):
        return None
    return "must be at most 63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit"


def _label_maps(obj):
    """Yield the paths of every label map of an object: its own, its pod template's, its selectors'."""
    yield ("metadata", "labels")
    found = obj.pod_template()
    if found and found[0]:
        yield found[0] + ("metadata", "labels")
    selector = obj.get(("spec", "selector"))
    if isinstance(selector, dict):
        plain = obj.kind in ("Service", "ReplicationController")
        yield ("spec", "selector") if plain else ("spec", "selector", "matchLabels")


@checks.rule("KM092")
def invalid_label(doc, ctx):
    for obj in doc.objects:
        for path in _label_maps(obj):
            for key, value in mapping(obj.get(path)).items():
                key_problem = label_key_problem(str(key))
                if key_problem:
                    yield at(obj, obj.key_span(path + (key,)), f"label key '{key}': {key_problem}, so the API server rejects it")
                if isinstance(value, str):
                    value_problem = label_value_problem(value)
                    if value_problem:
                        yield at(obj, obj.value_span(path + (key,)), f"label value '{value}' {value_problem}, so the API server rejects it")
