"""Kubernetes rules on where and in what order pods are scheduled: priority
classes and node affinity."""

from __future__ import annotations

from cnlint.checks import Checks
from cnlint.kubernetes.common import at, mapping, pods

checks = Checks()

# kube-linter's default parameters for priority-class-name.
ACCEPTED_PRIORITY_CLASSES = ("system-cluster-critical", "system-node-critical")


@checks.rule("KM096")
def priority_class_not_set(doc, ctx):
    for obj, spec_path, spec in pods(doc):
        if not spec.get("priorityClassName"):
            yield at(obj, obj.key_span(spec_path), f"{obj.kind.lower()} '{obj.name}' sets no priorityClassName, so under pressure the scheduler may evict it before less important pods")


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
