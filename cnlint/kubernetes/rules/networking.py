"""Kubernetes rules on how pods are reached and reach out: Services and the
pods they select, their ports and target ports, container ports, Ingresses,
OpenShift Routes, StatefulSets' governing Services, DNS settings."""

from __future__ import annotations

import re

from cnlint.checks import Checks
from cnlint.kubernetes.common import (
    as_int,
    at,
    container_name,
    containers_of,
    items,
    label,
    mapping,
    missing_always,
    pods,
    templated,
)
from cnlint.kubernetes.index import ObjectIndex
from cnlint.patterns import lazy

checks = Checks()

@checks.project("KM004")
def dangling_service(project, ctx):
    index = project.view(ObjectIndex)
    for path, svc in index.services:
        spec = svc.get(("spec",))
        selector = spec.get("selector") if isinstance(spec, dict) else None
        if not isinstance(selector, dict) or not selector or spec.get("type") == "ExternalName":
            continue
        if index.service_backends(svc):
            continue
        wanted = ", ".join(f"{k}={label(v)}" for k, v in selector.items())
        yield at(svc, svc.key_span(("spec", "selector")), f"service '{svc.name}' selects pods labelled {wanted}, but no workload in the inputs has a pod template with those labels", path=path)


def _port_names(workload) -> set:
    names = set()
    for spec_path, spec in workload.pod_specs():
        for _, container in containers_of(workload, spec_path, spec, ephemeral=False):
            names |= {mapping(p).get("name") for p in items(container.get("ports"))}
    return names


@checks.project("KM031")
def service_target_port_unmatched(project, ctx):
    index = project.view(ObjectIndex)
    for path, svc in index.services:
        spec = mapping(svc.get(("spec",)))
        selector = spec.get("selector")
        if not isinstance(selector, dict) or not selector or spec.get("type") == "ExternalName":
            continue
        named = [(i, mapping(p).get("targetPort")) for i, p in enumerate(items(spec.get("ports")))]
        named = [(i, t) for i, t in named if isinstance(t, str) and not t.strip().isdigit()]
        if not named:
            continue  # numeric target ports need no container port declared
        selected = [w for _, w in index.pods_selected(svc, {"matchLabels": selector})]
        for i, target in named:
            lacking = [w for w in selected if target not in _port_names(w)]
            if lacking:
                w = lacking[0]
                span = svc.value_span(("spec", "ports", i, "targetPort"))
                message = (
                    f"service '{svc.name}' targets port '{target}', but the pods of {w.kind.lower()} '{w.name}', "
                    "which it selects, have no container port of that name, so connections to it fail"
                )
                yield at(svc, span, message, path=path)


# IANA_SVC_NAME (RFC 6335 5.1): what Kubernetes accepts as a port name.
_PORT_NAME = lazy(r"^(?=.*[a-z])(?!-)(?!.*--)[a-z0-9-]{1,15}(?<!-)$")


def port_name_problem(name: str) -> str | None:
    if _PORT_NAME.match(name):
        return None
    if len(name) > 15:
        return "is longer than 15 characters"
    if not re.fullmatch("[a-z0-9-]+", name):
        return "may hold only lowercase letters, digits and '-'"
    if not re.search("[a-z]", name):
        return "has no letter"
    return "has a hyphen at its start, its end or next to another"


@checks.rule("KM019")
def invalid_target_ports(doc, ctx):
    for obj, spec_path, spec in pods(doc):
        for path, container in containers_of(obj, spec_path, spec):
            for i, port in enumerate(items(container.get("ports"))):
                name = mapping(port).get("name")
                problem = isinstance(name, str) and port_name_problem(name)
                if problem:
                    span = obj.value_span(path + ("ports", i, "name"))
                    yield at(obj, span, f"port name '{name}' of container '{container_name(container)}' {problem}, so the API server rejects it")
    for obj in doc.objects:
        if obj.kind != "Service" or obj.group != "":
            continue
        for i, port in enumerate(items(mapping(obj.get(("spec",))).get("ports"))):
            target = mapping(port).get("targetPort")
            if isinstance(target, str) and not target.strip().isdigit():
                problem = port_name_problem(target)
                message = f"targetPort '{target}' {problem}, so it can name no container port"
            else:
                number = as_int(target)
                problem = number is not None and not 1 <= number <= 65535
                message = f"targetPort {target} is not a port number (1-65535)"
            if problem:
                span = obj.value_span(("spec", "ports", i, "targetPort"))
                yield at(obj, span, f"service '{obj.name}' {message}")


@checks.rule("KM054")
def privileged_ports(doc, ctx):
    for obj, spec_path, spec in pods(doc):
        for path, container in containers_of(obj, spec_path, spec, ephemeral=False):
            for i, port in enumerate(items(container.get("ports"))):
                number = as_int(mapping(port).get("containerPort"))
                if number is not None and 0 < number < 1024:
                    span = obj.value_span(path + ("ports", i, "containerPort"))
                    yield at(obj, span, f"container '{container_name(container)}' listens on privileged port {number}, which needs root or NET_BIND_SERVICE")


@checks.rule("KM015")
def ssh_port(doc, ctx):
    for obj, spec_path, spec in pods(doc):
        for path, container in containers_of(obj, spec_path, spec, ephemeral=False):
            for i, port in enumerate(items(container.get("ports"))):
                port = mapping(port)
                if as_int(port.get("containerPort")) == 22 and str(port.get("protocol") or "TCP").upper() == "TCP":
                    span = obj.value_span(path + ("ports", i, "containerPort"))
                    yield at(obj, span, f"container '{container_name(container)}' exposes port 22, the SSH port: a shell into a pod bypasses kubectl's audit trail")


@checks.rule("KM061")
def exposed_services(doc, ctx):
    for obj in doc.objects:
        kind = obj.get(("spec", "type"))
        if obj.kind == "Service" and obj.group == "" and kind in ("NodePort", "LoadBalancer"):
            yield at(obj, obj.value_span(("spec", "type")), f"service '{obj.name}' is of type {kind}, which exposes it outside the cluster")


@checks.rule("KM086")
def externalname_service_redirect(doc, ctx):
    for obj in doc.objects:
        if obj.kind == "Service" and obj.group == "" and obj.get(("spec", "type")) == "ExternalName" and obj.get(("spec", "externalName")):
            span = obj.value_span(("spec", "externalName"))
            yield at(obj, span, f"service '{obj.name}' sends in-cluster traffic to '{obj.get(('spec', 'externalName'))}', wherever that name resolves to")


def _backends(ingress):
    """Yield (path of the backend, service name key, port key) of every backend."""
    spec = mapping(ingress.get(("spec",)))
    candidates = []
    for key in ("defaultBackend", "backend"):
        if key in spec:
            candidates.append(("spec", key))
    for i, rule in enumerate(items(spec.get("rules"))):
        for j, _ in enumerate(items(mapping(mapping(rule).get("http")).get("paths"))):
            candidates.append(("spec", "rules", i, "http", "paths", j, "backend"))
    for path in candidates:
        backend = mapping(ingress.get(path))
        if "service" in backend:  # networking.k8s.io/v1
            port = mapping(mapping(backend["service"]).get("port"))
            port_key = "number" if "number" in port else "name" if "name" in port else None
            yield path + ("service", "name"), path + ("service", "port", port_key) if port_key else None
        elif "serviceName" in backend:  # v1beta1
            yield path + ("serviceName",), path + ("servicePort",) if "servicePort" in backend else None


@checks.project("KM035")
def dangling_ingress(project, ctx):
    index = project.view(ObjectIndex)
    always = missing_always(ctx)
    for path, ing in index.of_kind("Ingress"):
        if ing.group not in ("networking.k8s.io", "extensions"):
            continue
        for name_path, port_path in _backends(ing):
            name = ing.get(name_path)
            if templated(name):
                continue
            match = [s for _, s in index.named("Service", name, ing, group="")]
            if not match:
                if index.undefined("Service", ing, str(name), always):
                    yield at(ing, ing.value_span(name_path), f"ingress '{ing.name}' routes to service '{name}', which no input defines, so those requests fail", path=path)
                continue
            port = ing.get(port_path) if port_path else None
            if port is None or templated(str(port)):
                continue
            ports = [mapping(p) for p in items(mapping(match[0].get(("spec",))).get("ports"))]
            if not any(str(p.get("port")) == str(port) or p.get("name") == port for p in ports):
                yield at(ing, ing.value_span(port_path), f"ingress '{ing.name}' routes to port {port} of service '{name}', which has no such port, so those requests fail", path=path)


@checks.project("KM068")
def statefulset_service_not_headless(project, ctx):
    index = project.view(ObjectIndex)
    always = missing_always(ctx)
    for path, sts in index.of_kind("StatefulSet", "apps"):
        name = sts.get(("spec", "serviceName"))
        if templated(name):
            continue
        match = [s for _, s in index.named("Service", name, sts, group="")]
        span = sts.value_span(("spec", "serviceName"))
        if not match:
            if index.undefined("Service", sts, name, always):
                yield at(sts, span, f"statefulset '{sts.name}' names governing service '{name}', which no input defines, so its pods get no stable DNS names", path=path)
        elif str(match[0].get(("spec", "clusterIP"))) != "None":
            yield at(sts, span, f"statefulset '{sts.name}' names service '{name}', which is not headless (clusterIP: None), so its pods get no stable DNS names", path=path)


# kube-linter's default parameters for dnsconfig-options.
DNS_OPTION = ("ndots", "2")


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


@checks.rule("KM154")
def route_allows_plaintext(doc, ctx):
    for obj in doc.objects:
        if obj.kind != "Route" or obj.group != "route.openshift.io":
            continue
        if obj.get(("spec", "tls", "insecureEdgeTerminationPolicy")) == "Allow":
            span = obj.value_span(("spec", "tls", "insecureEdgeTerminationPolicy"))
            yield at(obj, span, f"route '{obj.name}' also serves plain HTTP (insecureEdgeTerminationPolicy: Allow), so requests and their credentials may travel unencrypted")
