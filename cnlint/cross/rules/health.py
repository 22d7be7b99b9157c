"""Health checks: what the Dockerfile asks for against what the manifest
gives the cluster."""

from __future__ import annotations

from cnlint.checks import Checks
from cnlint.cross.seams import ALL_KINDS, Side, seam
from cnlint.cross.service import Services

checks = Checks()
PROBES = ("livenessProbe", "readinessProbe", "startupProbe")


@checks.project("XA005", reads=ALL_KINDS)
def healthcheck_without_probes(project, ctx):
    for service in project.view(Services).services:
        image_facts = service.facts
        if image_facts is None or image_facts.healthcheck_span is None:
            continue
        for container in service.containers:
            if any(probe in container.data for probe in PROBES):
                continue
            message = (
                f"container '{container.name}' has no probes, but its image's Dockerfile has a HEALTHCHECK, "
                "which Kubernetes ignores; give the container the liveness and readiness probes it stands for"
            )
            where = container.span("name") if "name" in container.data else container.span("image")
            finding = seam(
                project,
                message,
                Side(container.path, where, "the container has no probes"),
                Side(service.dockerfile.path, image_facts.healthcheck_span, "the HEALTHCHECK Kubernetes ignores"),
                logical=container.obj.logical,
            )
            if finding is not None:
                yield finding
