"""Kubernetes rules on NetworkPolicies: pods no policy isolates, and
policies or peers whose pod selectors match no workload's pods."""

from __future__ import annotations

from cnlint.checks import Checks
from cnlint.kubernetes.common import at, describe_selector, items, mapping, missing_always
from cnlint.kubernetes.index import ObjectIndex

checks = Checks()

NETWORKING = "networking.k8s.io"

@checks.project("KM066")
def non_isolated_pod(project, ctx):
    index = project.view(ObjectIndex)
    for path, obj in index.workloads:
        if index.covering("NetworkPolicy", NETWORKING, ("spec", "podSelector"), obj):
            continue
        found = obj.pod_template()
        span = obj.key_span(found[0] + ("metadata", "labels")) if found[0] else obj.key_span(("metadata",))
        yield at(obj, span, f"no NetworkPolicy in the inputs selects the pods of {obj.kind.lower()} '{obj.name}', so they accept traffic from anywhere in the cluster", path=path)


@checks.project("KM034")
def dangling_networkpolicy(project, ctx):
    index = project.view(ObjectIndex)
    always = missing_always(ctx)
    for path, policy in index.of_kind("NetworkPolicy", NETWORKING):
        selector = policy.get(("spec", "podSelector"))
        if not isinstance(selector, dict) or not selector:
            continue  # an empty podSelector selects every pod of the namespace
        if not mapping(selector.get("matchLabels")) and not items(selector.get("matchExpressions")):
            continue
        if index.selects_no_pods(policy, selector, always):
            message = (
                f"NetworkPolicy '{policy.name}' selects pods labelled {describe_selector(selector)}, "
                "but no workload in the inputs has a pod template with those labels, so it applies to nothing"
            )
            yield at(policy, policy.key_span(("spec", "podSelector")), message, path=path)


@checks.project("KM085")
def dangling_networkpolicypeer_podselector(project, ctx):
    index = project.view(ObjectIndex)
    always = missing_always(ctx)
    for path, policy in index.of_kind("NetworkPolicy", NETWORKING):
        for direction, peers in (("ingress", "from"), ("egress", "to")):
            for i, rule in enumerate(items(policy.get(("spec", direction)))):
                for j, peer in enumerate(items(mapping(rule).get(peers))):
                    peer = mapping(peer)
                    selector = peer.get("podSelector")
                    # With a namespaceSelector the peer's pods live in other namespaces.
                    if "namespaceSelector" in peer or not isinstance(selector, dict):
                        continue
                    if not mapping(selector.get("matchLabels")) and not items(selector.get("matchExpressions")):
                        continue
                    if index.selects_no_pods(policy, selector, always):
                        span = policy.key_span(("spec", direction, i, peers, j, "podSelector"))
                        message = (
                            f"NetworkPolicy '{policy.name}' {direction} peer selects pods labelled {describe_selector(selector)}, "
                            "but no workload in the inputs has a pod template with those labels, so the rule matches nothing"
                        )
                        yield at(policy, span, message, path=path)
