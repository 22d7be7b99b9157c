"""Kubernetes rules on an object's metadata: its namespace, its labels and
the selectors that must match them, the owner and contact it names, the
annotations a StatefulSet's volume claims must carry."""

from __future__ import annotations

from cnlint.checks import Checks
from cnlint.kubernetes.common import at, items, label, mapping, selector_matches
from cnlint.patterns import lazy

checks = Checks()

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


# Kinds that live in a namespace, for use-namespace.
NAMESPACED = frozenset(
    "Pod Deployment ReplicaSet StatefulSet DaemonSet Job CronJob ReplicationController Service ConfigMap Secret "
    "ServiceAccount PersistentVolumeClaim Ingress NetworkPolicy PodDisruptionBudget HorizontalPodAutoscaler Role RoleBinding".split()
)


@checks.rule("KM059")
def use_namespace(doc, ctx):
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


@checks.rule("KM089")
def required_label_owner(doc, ctx):
    for obj in doc.objects:
        if "owner" not in mapping(obj.get(("metadata", "labels"))):
            span = obj.key_span(("metadata", "labels")) if obj.get(("metadata", "labels")) is not None else obj.key_span(("metadata",))
            yield at(obj, span, f"{obj.kind} '{obj.name}' has no 'owner' label, so nobody knows whom to ask about it")


_EMAIL = lazy(r"[a-zA-Z0-9_.+-]+@[a-zA-Z0-9-]+\.[a-zA-Z0-9-.]+")


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


@checks.rule("KM152")
def volume_claim_template_without_annotation(doc, ctx):
    wanted = ctx.option("volume-claim-template-annotation")
    if not wanted:
        return
    for obj in doc.objects:
        if obj.kind != "StatefulSet" or obj.group != "apps":
            continue
        for i, template in enumerate(items(obj.get(("spec", "volumeClaimTemplates")))):
            metadata = mapping(mapping(template).get("metadata"))
            value = mapping(metadata.get("annotations")).get(wanted)
            if value is not None and label(value).strip():
                continue
            path = ("spec", "volumeClaimTemplates", i, "metadata")
            span = obj.key_span(path + ("annotations", wanted) if value is not None else path + ("annotations",))
            claim = f"'{metadata['name']}'" if metadata.get("name") else f"#{i + 1}"
            yield at(obj, span, f"statefulset '{obj.name}' volume claim template {claim} lacks a value for the annotation '{wanted}'")


_LABEL_NAME = lazy(r"^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$")


_DNS_SUBDOMAIN = lazy(r"^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")


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
