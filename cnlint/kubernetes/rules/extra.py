"""Kubernetes rules for kube-linter's opt-in checks on scheduling, restarts,
DNS, the order of keys, and those that take a setting: priority classes,
volume claim template annotations, autoscaler ceilings, OpenShift routes
(all strict-only)."""

from __future__ import annotations

from cnlint.checks import Checks
from cnlint.kubernetes.common import as_int, at, items, label, mapping, pods

checks = Checks()

RESTART_POLICIES = ("Always", "OnFailure")
# kube-linter's default parameters for dnsconfig-options.
DNS_OPTION = ("ndots", "2")
# kube-linter's default parameters for priority-class-name.
ACCEPTED_PRIORITY_CLASSES = ("system-cluster-critical", "system-node-critical")


@checks.rule("KM097")
def no_node_affinity(doc, ctx):
    for obj, spec_path, spec in pods(doc):
        affinity = spec.get("affinity")
        if mapping(affinity).get("nodeAffinity") is not None:
            continue
        if isinstance(affinity, dict):
            span = obj.key_span(spec_path + ("affinity",))
        else:
            span = obj.key_span(spec_path)
        yield at(obj, span, f"{obj.kind.lower()} '{obj.name}' sets no node affinity, so its pods may be scheduled on any node")


@checks.rule("KM099")
def dnsconfig_options(doc, ctx):
    key, value = DNS_OPTION
    for obj, spec_path, spec in pods(doc):
        config = spec.get("dnsConfig")
        what = f"{obj.kind.lower()} '{obj.name}'"
        if not isinstance(config, dict):
            yield at(obj, obj.key_span(spec_path), f"{what} sets no dnsConfig, so it does not set the DNS option {key}:{value}")
            continue
        options = config.get("options")
        path = spec_path + ("dnsConfig",)
        if not isinstance(options, list):
            yield at(obj, obj.key_span(path), f"{what} sets no dnsConfig options, so it does not set the DNS option {key}:{value}")
            continue
        named = [(i, o) for i, o in enumerate(options) if isinstance(o, dict) and o.get("name") == key]
        if any(o.get("value") is not None and label(o.get("value")) == value for _, o in named):
            continue
        if named:
            i, option = named[0]
            span = obj.value_span(path + ("options", i, "value")) if "value" in option else obj.value_span(path + ("options", i, "name"))
            have = f"{key}:{label(option['value'])}" if option.get("value") is not None else f"{key} without a value"
            yield at(obj, span, f"{what} sets the DNS option {have}, not {key}:{value}")
        else:
            yield at(obj, obj.key_span(path + ("options",)), f"{what} does not set the DNS option {key}:{value} in dnsConfig options")



def _own_keys(node: dict) -> list:
    """The scalar keys written in this mapping, in their order (not those merged in with `<<:`)."""
    data = getattr(getattr(node, "lc", None), "data", None) or {}
    own = [k for k in node if isinstance(k, (str, int, float, bool)) and k in data]
    return sorted(own, key=lambda k: tuple(data[k][:2]))


def _where(path: tuple) -> str:
    out = ""
    for step in path:
        out += f"[{step}]" if isinstance(step, int) else (f".{step}" if out else str(step))
    return out or "the top level"


@checks.rule("KM098")
def sorted_keys(doc, ctx):
    for obj in doc.objects:
        seen = set()
        stack = [((), obj.data)]
        while stack:
            path, node = stack.pop()
            if id(node) in seen:  # an alias: its keys were checked where it is defined
                continue
            seen.add(id(node))
            if isinstance(node, list):
                stack.extend((path + (i,), item) for i, item in reversed(list(enumerate(node))) if isinstance(item, (dict, list)))
                continue
            keys = _own_keys(node)
            names = [label(k) for k in keys]
            order = sorted(names)
            for i, (name, wanted) in enumerate(zip(names, order)):
                if name != wanted:
                    message = f"keys of {_where(path)} are not in alphabetical order: '{wanted}' should come before '{name}'"
                    yield at(obj, obj.key_span(path + (keys[i],)), message)
                    break
            stack.extend((path + (k,), node[k]) for k in reversed(keys) if isinstance(node[k], (dict, list)))


# Job features the API server accepts only with restartPolicy: Never.
NEEDS_NEVER = ("podFailurePolicy", "backoffLimitPerIndex")


def _job_spec(obj) -> dict:
    if obj.group != "batch":
        return {}
    path = {"Job": ("spec",), "CronJob": ("spec", "jobTemplate", "spec")}.get(obj.kind)
    return mapping(obj.get(path)) if path else {}


@checks.rule("KM150")
def restart_policy(doc, ctx):
    for obj, spec_path, spec in pods(doc):
        policy = spec.get("restartPolicy")
        # Unset means Always, which the API server fills in.
        if policy is None or policy in RESTART_POLICIES:
            continue
        job = _job_spec(obj)
        if any(job.get(key) is not None for key in NEEDS_NEVER):
            continue
        # Jobs may not use Always.
        fix = "OnFailure" if obj.kind in ("Job", "CronJob") and obj.group == "batch" else "Always or OnFailure"
        yield at(obj, obj.value_span(spec_path + ("restartPolicy",)), f"{obj.kind.lower()} '{obj.name}' sets restartPolicy {label(policy)}, so containers that fail are not restarted; use {fix}")


def _substituted(value: str) -> bool:
    # Helm, envsubst and kustomize values are only known after rendering.
    return "{{" in value or "$" in value


@checks.rule("KM151")
def unaccepted_priority_class(doc, ctx):
    accepted = ctx.option("accepted-priority-classes")
    accepted = ACCEPTED_PRIORITY_CLASSES if accepted is None else tuple(accepted)
    for obj, spec_path, spec in pods(doc):
        name = spec.get("priorityClassName")
        if not isinstance(name, str) or not name.strip() or _substituted(name) or name in accepted:
            continue
        allowed = ", ".join(accepted) if accepted else "none"
        yield at(obj, obj.value_span(spec_path + ("priorityClassName",)), f"{obj.kind.lower()} '{obj.name}' uses priority class '{name}', which is not an accepted one ({allowed})")


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


@checks.rule("KM154")
def route_allows_plaintext(doc, ctx):
    for obj in doc.objects:
        if obj.kind != "Route" or obj.group != "route.openshift.io":
            continue
        if obj.get(("spec", "tls", "insecureEdgeTerminationPolicy")) == "Allow":
            span = obj.value_span(("spec", "tls", "insecureEdgeTerminationPolicy"))
            yield at(obj, span, f"route '{obj.name}' also serves plain HTTP (insecureEdgeTerminationPolicy: Allow), so requests and their credentials may travel unencrypted")
