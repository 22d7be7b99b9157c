"""Container image references, as Docker and the kubelet read them.

    [registry/]repository[:tag][@digest]

The first path segment is a registry when it has a dot or a port, or is
`localhost`; otherwise the image lives on Docker Hub. One type for the
Dockerfile's FROM and a manifest's `image:`, so a setting such as
`trusted-registries` means the same for both.
"""

from __future__ import annotations

from dataclasses import dataclass

DOCKER_HUB = "docker.io"
_HUB_ALIASES = frozenset({"docker.io", "index.docker.io", "registry-1.docker.io"})


@dataclass(frozen=True)
class ImageRef:
    name: str  # everything before the tag and digest, registry included, as written
    tag: str | None
    digest: str | None

    @classmethod
    def parse(cls, image: str) -> ImageRef:
        name, _, digest = image.strip().partition("@")
        tag = None
        if ":" in name.rsplit("/", 1)[-1]:
            name, tag = name.rsplit(":", 1)
        return cls(name, tag, digest or None)

    @property
    def registry(self) -> str:
        """The registry host, `docker.io` when the name has none."""
        first = self.name.split("/", 1)[0]
        if "/" in self.name and ("." in first or ":" in first or first == "localhost"):
            return DOCKER_HUB if first in _HUB_ALIASES else first
        return DOCKER_HUB

    @property
    def repository(self) -> str:
        """The name without its registry (`library/` kept as written)."""
        first, _, rest = self.name.partition("/")
        has_host = rest and ("." in first or ":" in first or first == "localhost")
        return rest if has_host else self.name

    @property
    def last_segment(self) -> str:
        """The repository's last path segment: `api` of `ghcr.io/acme/api:1.0`."""
        return self.name.rsplit("/", 1)[-1]

    @property
    def pinned(self) -> bool:
        """Whether the reference names one image: a digest, or a tag other than latest."""
        return self.digest is not None or (self.tag is not None and self.tag != "latest")

    def trusted_by(self, registries) -> bool:
        """Whether the image comes from one of `registries` (Docker Hub by any of its names)."""
        own = self.registry
        return any((DOCKER_HUB if r in _HUB_ALIASES else r) == own for r in registries)
