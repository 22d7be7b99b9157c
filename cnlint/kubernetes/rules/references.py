"""Kubernetes rules on what objects refer to by name or selector and nothing
among the inputs satisfies: a pod's service account, ConfigMaps, Secrets and
claims; a ServiceMonitor's Services.

The `missing-references` option says what a reference to an object no input
defines means: "always" reports it; "when-kind-present" (the default) only
when the inputs define some object of that kind in a namespace the referrer
could see, as a checkout that holds none is assumed to get them elsewhere.
"""

from __future__ import annotations

from cnlint.checks import Checks
from cnlint.kubernetes.common import at, describe_selector, items, mapping, missing_always, same_namespace, selector_matches
from cnlint.kubernetes.index import ObjectIndex

checks = Checks()


@checks.project("KM027")
def non_existent_service_account(project, ctx):
    index = project.view(ObjectIndex)
    always = missing_always(ctx)
    for ref in index.pod_references:
        if ref.kind == "ServiceAccount" and index.undefined(ref.kind, ref.obj, str(ref.name), always):
            span = ref.obj.value_span(ref.where)
            yield at(ref.obj, span, f"service account '{ref.name}' is not defined in any input, so the API server refuses to create the pods", path=ref.path)


CONSEQUENCE = {
    "ConfigMap": "the pod cannot start until it exists",
    "Secret": "the pod cannot start until it exists",
    "PersistentVolumeClaim": "the pod stays pending until it exists",
}


def _missing(project, ctx, wanted: str):
    index = project.view(ObjectIndex)
    always = missing_always(ctx)
    for ref in index.pod_references:
        if ref.kind != wanted or not index.undefined(ref.kind, ref.obj, str(ref.name), always):
            continue
        obj, name, where = ref.obj, ref.name, ref.where
        if "imagePullSecrets" in where:
            # Registry credentials are usually made outside the manifests
            # (kubectl create secret docker-registry), and pods start without them.
            if always:
                yield at(obj, obj.value_span(where), f"image pull Secret '{name}' is not defined in any input, so pulls from a private registry fail until it exists", path=ref.path)
            continue
        yield at(obj, obj.value_span(where), f"{ref.kind} '{name}' is not defined in any input, so {CONSEQUENCE[ref.kind]}", path=ref.path)


@checks.project("KM028")
def missing_configmap(project, ctx):
    yield from _missing(project, ctx, "ConfigMap")


@checks.project("KM029")
def missing_secret(project, ctx):
    yield from _missing(project, ctx, "Secret")


@checks.project("KM030")
def missing_persistent_volume_claim(project, ctx):
    yield from _missing(project, ctx, "PersistentVolumeClaim")


@checks.project("KM091")
def dangling_servicemonitor(project, ctx):
    index = project.view(ObjectIndex)
    services = [s for _, s in index.services]
    for path, monitor in index.of_kind("ServiceMonitor", "monitoring.coreos.com"):
        selector = monitor.get(("spec", "selector"))
        if not isinstance(selector, dict):
            continue
        spaces = mapping(monitor.get(("spec", "namespaceSelector")))
        if spaces.get("any") is True:
            candidates = services
        elif items(spaces.get("matchNames")):
            names = {str(n) for n in items(spaces.get("matchNames"))}
            candidates = [s for s in services if s.namespace is None or s.namespace in names]
        else:
            candidates = [s for s in services if same_namespace(monitor, s)]
        if not missing_always(ctx) and not candidates:
            continue
        results = [selector_matches(selector, mapping(s.get(("metadata", "labels")))) for s in candidates]
        if all(r is False for r in results):
            message = (
                f"ServiceMonitor '{monitor.name}' selects services labelled {describe_selector(selector) or 'anything'}, "
                "but no Service in the inputs it may watch has those labels, so nothing is scraped"
            )
            yield at(monitor, monitor.key_span(("spec", "selector")), message, path=path)
