"""Image references: registry, repository, tag and digest, as Docker reads them."""

from __future__ import annotations

import pytest

from cnlint.images import ImageRef

DIGEST = "sha256:" + "a" * 64


@pytest.mark.parametrize(
    ("image", "registry", "repository", "tag", "digest"),
    [
        ("alpine", "docker.io", "alpine", None, None),
        ("alpine:3.20", "docker.io", "alpine", "3.20", None),
        ("library/alpine:3.20", "docker.io", "library/alpine", "3.20", None),
        ("docker.io/library/alpine:3.20", "docker.io", "library/alpine", "3.20", None),
        ("index.docker.io/library/alpine", "docker.io", "library/alpine", None, None),
        ("registry-1.docker.io/library/alpine:edge", "docker.io", "library/alpine", "edge", None),
        ("ghcr.io/acme/api:1.0", "ghcr.io", "acme/api", "1.0", None),
        ("localhost/app", "localhost", "app", None, None),
        ("localhost:5000/app:1.0", "localhost:5000", "app", "1.0", None),
        ("registry.example.com:8443/team/app", "registry.example.com:8443", "team/app", None, None),
        (f"alpine@{DIGEST}", "docker.io", "alpine", None, DIGEST),
        (f"gcr.io/distroless/static:nonroot@{DIGEST}", "gcr.io", "distroless/static", "nonroot", DIGEST),
        (f"localhost:5000/app@{DIGEST}", "localhost:5000", "app", None, DIGEST),
        # a first segment without a dot or port is a Docker Hub namespace
        ("acme/api:1.0", "docker.io", "acme/api", "1.0", None),
        ("localhost", "docker.io", "localhost", None, None),
    ],
)
def test_parse(image, registry, repository, tag, digest):
    ref = ImageRef.parse(image)
    assert (ref.registry, ref.repository, ref.tag, ref.digest) == (registry, repository, tag, digest)


def test_name_keeps_the_registry_as_written():
    assert ImageRef.parse("index.docker.io/library/alpine:3.20").name == "index.docker.io/library/alpine"
    assert ImageRef.parse("localhost:5000/app:1.0").name == "localhost:5000/app"
    assert ImageRef.parse("ghcr.io/acme/api:1.0").last_segment == "api"


@pytest.mark.parametrize(
    ("image", "pinned"),
    [("alpine", False), ("alpine:latest", False), ("alpine:3.20", True), (f"alpine@{DIGEST}", True), (f"alpine:latest@{DIGEST}", True)],
)
def test_pinned(image, pinned):
    assert ImageRef.parse(image).pinned is pinned


def test_trusted_by_treats_docker_hub_names_as_one():
    for image in ("alpine:3.20", "docker.io/library/alpine", "index.docker.io/library/alpine", "registry-1.docker.io/library/alpine"):
        assert ImageRef.parse(image).trusted_by(["docker.io"]), image
        assert ImageRef.parse(image).trusted_by(["index.docker.io"]), image
    assert not ImageRef.parse("ghcr.io/acme/api:1.0").trusted_by(["docker.io"])
    assert ImageRef.parse("localhost:5000/app").trusted_by(["localhost:5000"])
    assert not ImageRef.parse("localhost:5000/app").trusted_by(["localhost"])
