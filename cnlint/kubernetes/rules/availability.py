"""Kubernetes rules on keeping a workload available: its replicas and how
they spread over nodes, how it updates, the PodDisruptionBudgets that
protect it from evictions and the autoscalers that size it."""

from __future__ import annotations

from cnlint.checks import Checks
from cnlint.kubernetes.common import as_int, at, describe_selector, items, mapping, missing_always, selector_matches, text
from cnlint.kubernetes.index import ObjectIndex

checks = Checks()

# Kinds whose replicas are a count in spec.replicas (DaemonSets and Jobs have none).
REPLICATED = ("Deployment", "ReplicaSet", "StatefulSet", "ReplicationController", "DeploymentConfig")
HOSTNAME = "kubernetes.io/hostname"


def replicas(obj) -> int | None:
    if obj.kind not in REPLICATED or obj.pod_template() is None:
        return None
    value = obj.get(("spec", "replicas"))
    return 1 if value is None else as_int(value)


@checks.rule("KM060")
def minimum_three_replicas(doc, ctx):
    for obj in doc.objects:
        count = replicas(obj)
        if count is None or count >= 3 or obj.kind not in REPLICATED:
            continue
        span = obj.value_span(("spec", "replicas")) if obj.get(("spec", "replicas")) is not None else obj.key_span(("spec",))
        yield at(obj, span, f"{obj.kind.lower()} '{obj.name}' runs {count} replica{'s' if count != 1 else ''}, so one node failure or eviction leaves it with little or no capacity")


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


def _is_pdb(obj) -> bool:
    return obj.kind == "PodDisruptionBudget" and obj.group == "policy"


@checks.rule("KM024")
def pdb_max_unavailable(doc, ctx):
    for obj in doc.objects:
        value = obj.get(("spec", "maxUnavailable"))
        if _is_pdb(obj) and value is not None and str(value).strip() in ("0", "0%"):
            yield at(obj, obj.value_span(("spec", "maxUnavailable")), f"PodDisruptionBudget '{obj.name}' sets maxUnavailable to {value}, so no pod may ever be evicted and node drains hang")


@checks.project("KM025")
def pdb_min_available(project, ctx):
    index = project.view(ObjectIndex)
    # Any autoscaler, whatever its API group, decides the replicas of what it scales.
    scaled = {(o.namespace, text(o.get(("spec", "scaleTargetRef", "kind"))), text(o.get(("spec", "scaleTargetRef", "name")))) for _, o in index.of_kind("HorizontalPodAutoscaler")}
    for path, pdb in index.of_kind("PodDisruptionBudget", "policy"):
        value = pdb.get(("spec", "minAvailable"))
        selector = pdb.get(("spec", "selector"))
        if value is None:
            continue
        span = pdb.value_span(("spec", "minAvailable"))
        if str(value).strip() == "100%":
            yield at(pdb, span, f"PodDisruptionBudget '{pdb.name}' sets minAvailable to 100%, so no pod may ever be evicted and node drains hang", path=path)
            continue
        wanted = as_int(value)
        if wanted is None or not isinstance(selector, dict):
            continue
        for _, workload in index.pods_selected(pdb, selector):
            count = replicas(workload)
            if count is None:
                continue
            if (workload.namespace, workload.kind, workload.name) in scaled:
                continue  # an autoscaler decides the replicas
            if count <= wanted:
                message = f"PodDisruptionBudget '{pdb.name}' requires {wanted} available pods but {workload.kind.lower()} '{workload.name}' runs {count}, so none may ever be evicted"
                yield at(pdb, span, message, path=path)
                break


@checks.rule("KM026")
def pdb_unhealthy_pod_eviction_policy(doc, ctx):
    for obj in doc.objects:
        if _is_pdb(obj) and isinstance(obj.get(("spec",)), dict) and obj.get(("spec", "unhealthyPodEvictionPolicy")) is None:
            yield at(obj, obj.key_span(("spec",)), f"PodDisruptionBudget '{obj.name}' does not set unhealthyPodEvictionPolicy, so pods that never became ready block node drains")


@checks.project("KM033")
def dangling_pod_disruption_budget(project, ctx):
    index = project.view(ObjectIndex)
    always = missing_always(ctx)
    for path, pdb in index.of_kind("PodDisruptionBudget", "policy"):
        selector = pdb.get(("spec", "selector"))
        if not isinstance(selector, dict) or not selector:
            continue
        if index.selects_no_pods(pdb, selector, always):
            message = (
                f"PodDisruptionBudget '{pdb.name}' selects pods labelled {describe_selector(selector)}, "
                "but no workload in the inputs has a pod template with those labels, so it protects nothing"
            )
            yield at(pdb, pdb.key_span(("spec", "selector")), message, path=path)


@checks.project("KM065")
def missing_pod_disruption_budget(project, ctx):
    index = project.view(ObjectIndex)
    for path, obj in index.workloads:
        count = replicas(obj)
        if count is None or count < 2:
            continue
        if index.covering("PodDisruptionBudget", "policy", ("spec", "selector"), obj):
            continue
        span = obj.key_span(("spec", "replicas"))
        yield at(obj, span, f"{obj.kind.lower()} '{obj.name}' runs {count} replicas but no PodDisruptionBudget in the inputs covers them, so a node drain may evict them all at once", path=path)


@checks.project("KM032")
def dangling_horizontalpodautoscaler(project, ctx):
    index = project.view(ObjectIndex)
    always = missing_always(ctx)
    for path, hpa, ref in index.autoscalers:
        kind, name = ref.get("kind"), ref.get("name")
        if isinstance(kind, str) and isinstance(name, str) and index.undefined(kind, hpa, name, always):
            span = hpa.value_span(("spec", "scaleTargetRef", "name"))
            yield at(hpa, span, f"HorizontalPodAutoscaler '{hpa.name}' scales {kind} '{name}', which no input defines, so it scales nothing", path=path)


@checks.project("KM067")
def replicas_with_hpa(project, ctx):
    index = project.view(ObjectIndex)
    for _, hpa, ref in index.autoscalers:
        for path, obj in index.scale_targets(hpa, ref):
            if obj.get(("spec", "replicas")) is not None:
                span = obj.key_span(("spec", "replicas"))
                yield at(obj, span, f"{obj.kind.lower()} '{obj.name}' sets replicas although HorizontalPodAutoscaler '{hpa.name}' scales it, so every apply resets the autoscaler's choice", path=path)


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


@checks.rule("KM153")
def hpa_too_many_replicas(doc, ctx):
    ceiling = ctx.option("hpa-max-replicas", 100)
    for obj in doc.objects:
        if obj.kind != "HorizontalPodAutoscaler" or obj.group != "autoscaling":
            continue
        count = as_int(obj.get(("spec", "maxReplicas")))
        if count is not None and count > ceiling:
            span = obj.value_span(("spec", "maxReplicas"))
            yield at(obj, span, f"HorizontalPodAutoscaler '{obj.name}' may scale to {count} replicas, over the allowed {ceiling}")
