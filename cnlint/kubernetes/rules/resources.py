"""Kubernetes rules on what containers request and are limited to: CPU,
memory, ephemeral storage."""

from __future__ import annotations

import re

from cnlint.checks import Checks
from cnlint.kubernetes.common import at, container_name, containers_of, mapping, pods

checks = Checks()

def _unset(value) -> bool:
    return value is None or str(value).strip() in ("", "0")


@checks.rule("KM003")
def unset_memory_limit(doc, ctx):
    for obj in doc.objects:
        # Ephemeral containers may not set resources at all.
        for path, container in obj.containers(ephemeral=False):
            resources = container.get("resources")
            limits = resources.get("limits") if isinstance(resources, dict) else None
            if isinstance(limits, dict) and not _unset(limits.get("memory")):
                continue
            yield at(obj, obj.key_span(path + ("name",)), f"container '{container_name(container)}' has no memory limit, so a leak can exhaust the node; set resources.limits.memory")


def _zero(value) -> bool:
    text = str(value).strip()
    return re.fullmatch(r"0+(\.0*)?m?", text) is not None


@checks.rule("KM016")
def unset_cpu_requirements(doc, ctx):
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


@checks.rule("KM053")
def unset_memory_request(doc, ctx):
    for obj, spec_path, spec in pods(doc):
        for path, container in containers_of(obj, spec_path, spec, ephemeral=False):
            resources = mapping(container.get("resources"))
            if mapping(resources.get("requests")).get("memory") is None and mapping(resources.get("limits")).get("memory") is None:
                yield at(obj, obj.key_span(path + ("name",)), f"container '{container_name(container)}' requests no memory, so the scheduler may place it on a node without room for it")


@checks.rule("KM064")
def unset_ephemeral_storage(doc, ctx):
    for obj, spec_path, spec in pods(doc):
        for path, container in containers_of(obj, spec_path, spec, ephemeral=False):
            resources = mapping(container.get("resources"))
            if mapping(resources.get("limits")).get("ephemeral-storage") is None:
                yield at(obj, obj.key_span(path + ("name",)), f"container '{container_name(container)}' has no ephemeral-storage limit, so its logs and scratch files can fill the node's disk")
