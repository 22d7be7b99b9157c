"""Kubernetes rules on container probes: whether serving containers have
liveness, readiness and startup probes, and whether those probe something
that can answer."""

from __future__ import annotations

from cnlint.checks import Checks
from cnlint.kubernetes.common import as_int, at, container_name, containers_of, items, mapping, pods, text
from cnlint.kubernetes.index import ObjectIndex

checks = Checks()

# Pods of these run to completion: they need no liveness or readiness probe.
RUN_TO_COMPLETION = ("Job", "CronJob")


def _serving_containers(doc):
    for obj, spec_path, spec in pods(doc):
        if obj.kind in RUN_TO_COMPLETION:
            continue
        for i, container in enumerate(items(spec.get("containers"))):
            if isinstance(container, dict):
                yield obj, spec_path + ("containers", i), container


@checks.rule("KM050")
def no_liveness_probe(doc, ctx):
    for obj, path, container in _serving_containers(doc):
        if "livenessProbe" not in container:
            yield at(obj, obj.key_span(path + ("name",)), f"container '{container_name(container)}' has no liveness probe, so a hung process is never restarted")


@checks.rule("KM051")
def no_readiness_probe(doc, ctx):
    for obj, path, container in _serving_containers(doc):
        if "readinessProbe" not in container:
            yield at(obj, obj.key_span(path + ("name",)), f"container '{container_name(container)}' has no readiness probe, so it receives traffic before it can serve it")


@checks.rule("KM088")
def no_startup_probe(doc, ctx):
    for obj, path, container in _serving_containers(doc):
        if "startupProbe" not in container:
            yield at(obj, obj.key_span(path + ("name",)), f"container '{container_name(container)}' has no startup probe, so a slow start must fit within the liveness probe's patience")


HANDLERS = ("httpGet", "tcpSocket", "grpc", "exec")


def _handler(probe: dict):
    for key in HANDLERS:
        if key in probe:
            return key, probe[key]
    return None


@checks.project("KM052")
def identical_liveness_readiness_probe(project, ctx):
    index = project.view(ObjectIndex)
    for f in project.targets("kubernetes"):
        for obj, path, container in _serving_containers(f):
            live = _handler(mapping(container.get("livenessProbe")))
            ready = _handler(mapping(container.get("readinessProbe")))
            # As kube-score: readiness only matters for pods a Service sends traffic to.
            if live is not None and live == ready and index.services_selecting(obj):
                span = obj.key_span(path + ("livenessProbe",))
                message = (
                    f"container '{container_name(container)}' has the same liveness and readiness check, "
                    "so under load it is restarted instead of just taken out of rotation"
                )
                yield at(obj, span, message, path=f.path)


PROBES = ("livenessProbe", "readinessProbe", "startupProbe")


@checks.rule("KM020")
def probe_port_not_exposed(doc, ctx):
    for obj, spec_path, spec in pods(doc):
        for path, container in containers_of(obj, spec_path, spec, ephemeral=False):
            names = {text(mapping(p).get("name")) for p in items(container.get("ports"))}
            for probe in PROBES:
                for handler in ("httpGet", "tcpSocket"):
                    port = mapping(mapping(container.get(probe)).get(handler)).get("port")
                    # A numeric port needs no declaration: the kubelet probes it all the same.
                    if not isinstance(port, str) or as_int(port) is not None or port in names:
                        continue
                    span = obj.value_span(path + (probe, handler, "port"))
                    yield at(obj, span, f"{probe} of container '{container_name(container)}' uses port '{port}', but no port of the container has that name, so the probe always fails")
