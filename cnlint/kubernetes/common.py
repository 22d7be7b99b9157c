"""Functions the Kubernetes rule modules share: walking pods and containers,
reading values the way the API server does, building findings."""

from __future__ import annotations

import re

from cnlint.diagnostics import Finding
from cnlint.patterns import lazy

# Names that say a value only points at a secret: where it lives or what it is called.
_POINTER_NAME = lazy(r"[_.-](file|path|dir|name|ref|arn|url|uri|endpoint)$", re.I)


def container_name(container: dict) -> str:
    return str(container.get("name") or "?")


def at(obj, span, message: str, fix=None, path: str | None = None) -> Finding:
    """A finding on `obj`; project rules pass the file's `path`."""
    return Finding(span, message, fix, logical=obj.logical, path=path)


def mapping(value) -> dict:
    return value if isinstance(value, dict) else {}


def items(value) -> list:
    return value if isinstance(value, list) else []


def text(value) -> str | None:
    """A string field's value; None for anything else (a mapping or a list
    where a name belongs: the schema rule reports it, and it cannot be a key)."""
    return value if isinstance(value, str) else None


def pods(doc):
    """Yield (object, spec path, spec) for every workload of a file."""
    for obj in doc.objects:
        for path, spec in obj.pod_specs():
            yield obj, path, spec


def template_labels(obj) -> dict | None:
    """Labels of the pods `obj` runs, or None if it runs none. Besides the
    kinds cnlint knows, any custom resource with a `spec.template` that holds
    containers (Argo Rollouts, OpenKruise CloneSets...) counts, so selectors
    aimed at its pods are not taken for dangling ones."""
    if obj.pod_template() is not None:
        return obj.pod_labels()
    template = obj.get(("spec", "template"))
    if obj.group and isinstance(template, dict) and isinstance(mapping(template.get("spec")).get("containers"), list):
        return mapping(mapping(template.get("metadata")).get("labels"))
    return None


def containers_of(obj, spec_path: tuple, spec: dict, ephemeral: bool = True):
    """Yield (path, container) of one pod spec, init and ephemeral ones too."""
    for kind in ("initContainers", "containers", "ephemeralContainers"):
        if kind == "ephemeralContainers" and not ephemeral:
            continue
        for i, container in enumerate(items(spec.get(kind))):
            if isinstance(container, dict):
                yield spec_path + (kind, i), container


def security_context(container: dict) -> dict:
    return mapping(container.get("securityContext"))


def effective(spec: dict, container: dict, key: str):
    """A securityContext setting as in force: the container's, else the pod's."""
    own = security_context(container).get(key)
    if own is not None:
        return own
    return mapping(spec.get("securityContext")).get(key)


def as_int(value) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().lstrip("-").isdigit():
        return int(value.strip())
    return None


def label(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def same_namespace(a, b) -> bool:
    # Without a namespace an object lands wherever it is applied.
    return a.namespace is None or b.namespace is None or a.namespace == b.namespace


def selector_matches(selector: dict, labels: dict) -> bool | None:
    """Whether a LabelSelector (matchLabels and matchExpressions) selects
    `labels`; None when the selector holds something this cannot decide."""
    have = {str(k): label(v) for k, v in mapping(labels).items()}
    for k, v in mapping(selector.get("matchLabels")).items():
        if have.get(str(k)) != label(v):
            return False
    for expr in items(selector.get("matchExpressions")):
        if not isinstance(expr, dict):
            return None
        key, op = str(expr.get("key")), expr.get("operator")
        values = [label(v) for v in items(expr.get("values"))]
        if op == "In":
            ok = have.get(key) in values
        elif op == "NotIn":
            ok = have.get(key) not in values
        elif op == "Exists":
            ok = key in have
        elif op == "DoesNotExist":
            ok = key not in have
        else:
            return None
        if not ok:
            return False
    return True


def points_at_secret(name: str, value: str) -> bool:
    """Whether a secret-sounding setting holds only a path, URL or name of the
    secret rather than the secret itself."""
    return bool(_POINTER_NAME.search(name)) or value.startswith(("/", "file://"))


def templated(name) -> bool:
    """Whether a name is missing or only known after rendering (Helm, envsubst, kustomize)."""
    return not isinstance(name, str) or not name or "$" in name or "{{" in name


def missing_always(ctx) -> bool:
    """Whether the `missing-references` setting reports a reference to an object
    no input defines even when the inputs define nothing of its kind."""
    return ctx.option("missing-references", "when-kind-present") == "always"


def describe_selector(selector: dict) -> str:
    """A LabelSelector as a message shows it: `app=web, tier In`."""
    parts = [f"{k}={v}" for k, v in mapping(selector.get("matchLabels")).items()]
    parts += [f"{mapping(e).get('key')} {mapping(e).get('operator')}" for e in items(selector.get("matchExpressions"))]
    return ", ".join(parts)


# ---- security contexts ------------------------------------------------------------


def pod_security_context(spec: dict) -> dict:
    return mapping(spec.get("securityContext"))


def runs_linux(spec: dict) -> bool:
    """Whether a pod runs on Linux: the restricted Pod Security level exempts
    Windows pods from Linux-only controls."""
    return mapping(spec.get("os")).get("name") != "windows"


def security_contexts(obj, spec_path: tuple, spec: dict):
    """Yield (path of the securityContext, context, who) for the pod and each
    of its containers, init and ephemeral ones too."""
    yield spec_path + ("securityContext",), pod_security_context(spec), "the pod"
    for path, container in containers_of(obj, spec_path, spec):
        yield path + ("securityContext",), security_context(container), f"container '{container_name(container)}'"



_QUANTITY = lazy(r"([+-]?(?:\d+\.?\d*|\.\d+))(?:[eE]([+-]?\d+))?(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E)?")
_SCALE = {
    None: 1, "Ki": 2**10, "Mi": 2**20, "Gi": 2**30, "Ti": 2**40, "Pi": 2**50, "Ei": 2**60,
    "n": 1e-9, "u": 1e-6, "m": 1e-3, "k": 1e3, "M": 1e6, "G": 1e9, "T": 1e12, "P": 1e15, "E": 1e18,
}


def quantity(value) -> float | None:
    """A resource quantity (`100m`, `64Mi`, `1e3`, 2) as a number, or None."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, (int, float)):
        return float(value)
    found = _QUANTITY.fullmatch(str(value).strip())
    if not found:
        return None
    return float(found.group(1)) * 10 ** int(found.group(2) or 0) * _SCALE[found.group(3)]
