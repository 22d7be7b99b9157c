"""Kubernetes rules on container images: KM155 untrusted-image-registry,
which reads the `trusted-registries` setting DF027 reads for Dockerfiles,
and the image references KM001 and KM095 read with cnlint.images.ImageRef."""

from __future__ import annotations

import pytest
from helpers import lint, located, located_spans

POD = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: web\n    image: IMAGE\n"
TRUSTED = {"trusted-registries": ["registry.example.com", "docker.io"]}


# ---- KM155 untrusted-image-registry ----


@pytest.mark.parametrize(
    ("image", "expected"),
    [
        ("quay.io/acme/web:1.4", [(8, 12, 32, "container 'web' image 'quay.io/acme/web:1.4' comes from quay.io, which is not a trusted registry (registry.example.com, docker.io)")]),
        (
            "localhost:5000/web@sha256:abc",
            [(8, 12, 41, "container 'web' image 'localhost:5000/web@sha256:abc' comes from localhost:5000, which is not a trusted registry (registry.example.com, docker.io)")],
        ),
        ("registry.example.com/acme/web:1.4", []),
        # Docker Hub under any of its names, and images with no registry at all.
        ("nginx:1.27", []),
        ("library/nginx:1.27", []),
        ("index.docker.io/library/nginx:1.27", []),
        # Only known after rendering.
        ("$(REGISTRY)/web:1.4", []),
        ("'{{ .Values.image }}'", []),
    ],
)
def test_km155_reports_images_from_untrusted_registries(image, expected):
    assert located(POD.replace("IMAGE", image), "KM155", TRUSTED) == expected


def test_km155_reports_nothing_without_the_setting():
    text = POD.replace("IMAGE", "quay.io/acme/web:1.4")
    assert located(text, "KM155") == []
    assert located(text, "KM155", {"trusted-registries": []}) == []


def test_km155_judges_init_and_ephemeral_containers_in_every_workload_kind():
    cron = (
        "apiVersion: batch/v1\nkind: CronJob\nmetadata: {name: nightly}\nspec:\n  schedule: '0 1 * * *'\n  jobTemplate:\n"
        "    spec:\n      template:\n        spec:\n          restartPolicy: OnFailure\n"
        "          initContainers: [{name: fetch, image: ghcr.io/acme/fetch:1}]\n"
        "          containers:\n          - name: report\n            image: registry.example.com/report:2\n"
        "          ephemeralContainers:\n          - name: debug\n            image: quay.io/tools/debug:1\n"
    )
    assert located_spans(cron, "KM155", TRUSTED) == [(11, 49, 69), (17, 20, 41)]


def test_km155_runs_by_default_once_trusted_registries_is_set_like_df027():
    text = POD.replace("IMAGE", "quay.io/acme/web:1.4")
    assert [d.code for d in lint(text, "p.yaml", config=TRUSTED) if d.code == "KM155"] == ["KM155"]
    assert [d.code for d in lint(text, "p.yaml") if d.code == "KM155"] == []
    for selector in ("untrusted-image-registry", "strict", "default"):
        assert [d.code for d in lint(text, "p.yaml", select=[selector], config=TRUSTED) if d.code == "KM155"] == ["KM155"]


# ---- image references as ImageRef reads them ----


@pytest.mark.parametrize(
    ("image", "reported"),
    [
        ("registry.example.com:5000/web", True),  # a port is not a tag
        ("registry.example.com:5000/web:latest", True),
        ("registry.example.com:5000/web:1.0", False),
        ("web@sha256:abc", False),
    ],
)
def test_km001_reads_registry_ports_and_digests(image, reported):
    assert located_spans(POD.replace("IMAGE", image), "KM001") == ([(8, 12, 12 + len(image))] if reported else [])


@pytest.mark.parametrize(
    ("image", "reported"),
    [
        ("registry.example.com:5000/web", False),  # untagged: the API server defaults the policy to Always
        ("registry.example.com:5000/web:1.0", True),
        ("web@sha256:abc", True),
    ],
)
def test_km095_reads_registry_ports_and_digests(image, reported):
    assert located_spans(POD.replace("IMAGE", image), "KM095") == ([(7, 5, 9)] if reported else [])
