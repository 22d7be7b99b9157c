"""Kubernetes rules on how containers are configured: resources, environment,
ports and probes, service account fields."""

from __future__ import annotations

import re

from cnlint.checks import Checks
from cnlint.kubernetes.common import as_int, at, container_name, containers_of, items, mapping, pods, points_at_secret
from cnlint.diagnostics import Edit, Fix

checks = Checks()


def _zero(value) -> bool:
    text = str(value).strip()
    return re.fullmatch(r"0+(\.0*)?m?", text) is not None


@checks.rule("KM016")
def unset_cpu_request(doc, ctx):
    for obj, spec_path, spec in pods(doc):
        for path, container in containers_of(obj, spec_path, spec, ephemeral=False):
            resources = mapping(container.get("resources"))
            request = mapping(resources.get("requests")).get("cpu")
            if request is None and mapping(resources.get("limits")).get("cpu") is not None:
                continue  # the API server defaults the request to the limit
            name = container_name(container)
            if request is None:
                span = obj.key_span(path + ("name",))
            elif _zero(request):
                span = obj.value_span(path + ("resources", "requests", "cpu"))
            else:
                continue
            yield at(obj, span, f"container '{name}' requests no CPU, so the scheduler may pack it onto a node that has none to spare")


_SECRET_NAME = re.compile(r"secret", re.I)
_REFERENCE = re.compile(r"^\$\([A-Za-z_][A-Za-z0-9_.-]*\)$")


@checks.rule("KM017")
def env_var_secret(doc, ctx):
    for obj, spec_path, spec in pods(doc):
        for path, container in containers_of(obj, spec_path, spec):
            for i, env in enumerate(items(container.get("env"))):
                env = mapping(env)
                name, value = env.get("name"), env.get("value")
                if not isinstance(name, str) or not _SECRET_NAME.search(name):
                    continue
                if value is None or str(value) == "" or _REFERENCE.match(str(value)) or points_at_secret(name, str(value)):
                    continue
                span = obj.value_span(path + ("env", i, "value"))
                yield at(obj, span, f"environment variable '{name}' of container '{container_name(container)}' holds a secret in plain text, readable by anyone who can read the manifest")


@checks.rule("KM018")
def duplicate_env_var(doc, ctx):
    for obj, spec_path, spec in pods(doc):
        for path, container in containers_of(obj, spec_path, spec):
            seen: dict[str, int] = {}
            for i, env in enumerate(items(container.get("env"))):
                name = mapping(env).get("name")
                if not isinstance(name, str):
                    continue
                if name in seen:
                    first = obj.value_span(path + ("env", seen[name], "name")).line
                    span = obj.value_span(path + ("env", i, "name"))
                    yield at(obj, span, f"environment variable '{name}' of container '{container_name(container)}' is already set on line {first}; only the last one takes effect")
                seen[name] = i


# IANA_SVC_NAME (RFC 6335 5.1): what Kubernetes accepts as a port name.
_PORT_NAME = re.compile(r"^(?=.*[a-z])(?!-)(?!.*--)[a-z0-9-]{1,15}(?<!-)$")


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
def invalid_port_name(doc, ctx):
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


PROBES = ("livenessProbe", "readinessProbe", "startupProbe")


@checks.rule("KM020")
def probe_port_not_exposed(doc, ctx):
    for obj, spec_path, spec in pods(doc):
        for path, container in containers_of(obj, spec_path, spec, ephemeral=False):
            names = {mapping(p).get("name") for p in items(container.get("ports"))}
            for probe in PROBES:
                for handler in ("httpGet", "tcpSocket"):
                    port = mapping(mapping(container.get(probe)).get(handler)).get("port")
                    # A numeric port needs no declaration: the kubelet probes it all the same.
                    if not isinstance(port, str) or as_int(port) is not None or port in names:
                        continue
                    span = obj.value_span(path + (probe, handler, "port"))
                    yield at(obj, span, f"{probe} of container '{container_name(container)}' uses port '{port}', but no port of the container has that name, so the probe always fails")


@checks.rule("KM021")
def deprecated_service_account_field(doc, ctx):
    for obj, path, spec in pods(doc):
        old = spec.get("serviceAccount")
        if not isinstance(old, str) or not old:
            continue
        new = spec.get("serviceAccountName")
        key = obj.key_span(path + ("serviceAccount",))
        fix = None
        if new is None and obj.source.line(key.line)[key.column - 1 : key.end_column - 1] == "serviceAccount":
            # The API server copies serviceAccount into serviceAccountName when that is unset.
            fix = Fix((Edit(key, "serviceAccountName"),), "Rename serviceAccount to serviceAccountName")
        if new is not None and str(new) != old:
            message = f"serviceAccount '{old}' is deprecated and contradicts serviceAccountName '{new}', which wins; remove it"
        else:
            message = f"serviceAccount is deprecated; use serviceAccountName: {old}"
        yield at(obj, key, message, fix)
