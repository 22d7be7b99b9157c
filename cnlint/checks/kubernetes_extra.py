"""Kubernetes rules for kube-linter's opt-in checks on scheduling, restarts,
DNS and the order of keys (all strict-only)."""

from __future__ import annotations

from cnlint.checks import Checks
from cnlint.checks.kubernetes_common import at, label, mapping, pods

checks = Checks()

RESTART_POLICIES = ("Always", "OnFailure")
# kube-linter's default parameters for dnsconfig-options.
DNS_OPTION = ("ndots", "2")


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


@checks.rule("KM150")
def restart_policy(doc, ctx):
    for obj, spec_path, spec in pods(doc):
        policy = spec.get("restartPolicy")
        # Unset means Always, which the API server fills in.
        if policy is None or policy in RESTART_POLICIES:
            continue
        yield at(obj, obj.value_span(spec_path + ("restartPolicy",)), f"{obj.kind.lower()} '{obj.name}' sets restartPolicy {label(policy)}, so containers that fail are not restarted; use Always or OnFailure")
