"""What a verify run builds and runs, from the linted project: one build
per image the service model links to a Dockerfile, one pod per workload."""

from __future__ import annotations

import logging

from cnlint.cross.service import Services, pod_specs
from cnlint.images import ImageRef
from cnlint.verify.build import Build
from cnlint.verify.pod import PodPlan

log = logging.getLogger("cnlint.verify")


def builds(project, build_args: dict[str, str]) -> list[Build]:
    out = []
    for service in project.view(Services).services:
        if service.dockerfile is None:
            log.warning("verify: %s is built by ko from %s; verify builds only Dockerfiles, so its pods run the image as written", service.image, service.go_package)
            continue
        name = ImageRef.parse(service.image).last_segment
        out.append(Build(name, service.image, service.dockerfile, service.context, service.target, {**build_args, **service.build_args}))
    return out


def pods(project) -> list[PodPlan]:
    out = []
    for f in project.of_kind("kubernetes"):
        if f.path in project.context:
            continue
        for obj in f.objects:
            for spec_key, spec in pod_specs(obj):
                out.append(PodPlan(obj, f.path, spec_key, spec))
    return out


def kube_objects(project):
    return [obj for f in project.of_kind("kubernetes") for obj in f.objects]
