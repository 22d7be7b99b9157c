"""Container image references, as Docker and the kubelet read them.

    [registry/]repository[:tag][@digest]

The first path segment is a registry when it has a dot or a port, or is
`localhost`; otherwise the image lives on Docker Hub. One type for the
Dockerfile's FROM and a manifest's `image:`, so a setting such as
`trusted-registries` means the same for both.
"""

from __future__ import annotations

import re
from fnmatch import fnmatchcase
from functools import cache
from typing import NamedTuple

from cnlint.patterns import lazy

DOCKER_HUB = "docker.io"
_HUB_ALIASES = frozenset({"docker.io", "index.docker.io", "registry-1.docker.io"})


class ImageRef(NamedTuple):
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


# ---- base image facts -------------------------------------------------------

LIBCS = ("glibc", "musl", "uclibc", "unknown")  # and None: the image has none
BASE_FACTS = ("libc", "shell", "uid", "gcc", "go_toolchain_local", "workdir", "gopath")


class BaseFacts(NamedTuple):
    """What schemas/base-images.yaml knows of an image; None means unknown,
    except for `libc`, where None means the image has no C library and
    "unknown" that it may have one."""

    name: str  # the table's name that matched: registry/repository
    libc: str | None = "unknown"
    shell: bool | None = None  # /bin/sh exists
    uid: int | None = None  # the user it runs as without a USER
    gcc: bool | None = None  # a C compiler on the PATH
    go_toolchain_local: bool = False  # GOTOOLCHAIN=local is set
    workdir: str | None = None
    gopath: str | None = None
    sources: tuple[str, ...] = ()

    @property
    def has_libc(self) -> bool | None:
        """Whether a dynamically linked binary finds a C library (None: unknown)."""
        return None if self.libc == "unknown" else self.libc is not None


def canonical_name(ref: ImageRef) -> str:
    """`registry/repository` with Docker Hub's official images under `library/`:
    `alpine`, `docker.io/alpine` and `index.docker.io/library/alpine` agree."""
    repository = ref.repository
    if ref.registry == DOCKER_HUB and "/" not in repository:
        repository = "library/" + repository
    return f"{ref.registry}/{repository}"


def _fact_value(key: str, value):
    if key == "libc":
        return None if value == "none" else value
    return value


@cache
def base_image_table() -> tuple[dict, ...]:
    """The entries of schemas/base-images.yaml, loaded once; parsed once per
    content (the disk cache keeps it as JSON, so a run needs no YAML parser)."""
    from cnlint import cache as disk_cache
    from cnlint.resources import data_dir

    text = (data_dir("schemas") / "base-images.yaml").read_text(encoding="utf-8")
    digest = disk_cache.key("base-images", text)
    data = disk_cache.load("base-images", digest)
    if data is None:
        from cnlint.kubernetes.loader import load_data

        data = load_data(text)
        disk_cache.store("base-images", digest, data)
    return tuple(data["images"])


def _entry_for(name: str) -> dict | None:
    for entry in base_image_table():
        if any(pattern == name or (_GLOB_CHARS.search(pattern) and name.startswith(_literal_prefix(pattern)) and fnmatchcase(name, pattern)) for pattern in entry["names"]):
            return entry
    return None


# Most names in the table are plain; a glob is compiled only for a name that
# starts as it does (fnmatch compiles a regex for each pattern it is given).
_GLOB_CHARS = lazy(r"[*?\[]")


def _literal_prefix(pattern: str) -> str:
    return pattern[: _GLOB_CHARS.search(pattern).start()]


def base_image_facts(ref: ImageRef) -> BaseFacts | None:
    """The facts of a well-known base image, or None for an image the table
    does not know. A tag rule decides only when the tag is known: an image
    pinned by digest alone leaves what the tag rules change unknown."""
    name = canonical_name(ref)
    entry = _entry_for(name)
    if entry is None:
        return None
    facts = {key: _fact_value(key, value) for key, value in entry["facts"].items()}
    rules = entry.get("tags") or ()
    if ref.tag is None and ref.digest is not None:
        for rule in rules:
            for key in rule["facts"]:
                facts[key] = "unknown" if key == "libc" else (False if key == "go_toolchain_local" else None)
    else:
        tag = ref.tag or "latest"
        for rule in rules:
            if re.search(rule["match"], tag):
                facts.update((key, _fact_value(key, value)) for key, value in rule["facts"].items())
    return BaseFacts(name=name, sources=tuple(entry["sources"]), **facts)
