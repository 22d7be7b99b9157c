"""schemas/base-images.yaml: its shape, and what base_image_facts reads from it."""

from __future__ import annotations

import re

import pytest

from cnlint.images import BASE_FACTS, LIBCS, BaseFacts, ImageRef, base_image_facts, base_image_table, canonical_name
from cnlint.resources import data_dir

DIGEST = "sha256:" + "b" * 64
_KINDS = {
    "libc": lambda v: v == "none" or v in LIBCS,
    "shell": lambda v: isinstance(v, bool),
    "uid": lambda v: isinstance(v, int) and not isinstance(v, bool) and v >= 0,
    "gcc": lambda v: isinstance(v, bool),
    "go_toolchain_local": lambda v: isinstance(v, bool),
    "workdir": lambda v: isinstance(v, str) and bool(v),
    "gopath": lambda v: isinstance(v, str) and bool(v),
}


def test_the_table_ships_with_the_schemas():
    assert (data_dir("schemas") / "base-images.yaml").is_file()
    assert set(_KINDS) == set(BASE_FACTS)


@pytest.mark.parametrize("entry", base_image_table(), ids=lambda e: e["names"][0])
def test_table_shape(entry):
    assert set(entry) <= {"names", "sources", "facts", "tags"}
    assert entry["names"] and all(isinstance(n, str) and "/" in n or n == "scratch" for n in entry["names"])
    assert entry["sources"] and all(re.match(r"^https://[^\s]+$", s) for s in entry["sources"])
    for key, value in entry["facts"].items():
        assert key in _KINDS and _KINDS[key](value), (key, value)
    assert {"libc", "shell", "uid", "gcc", "go_toolchain_local"} <= set(entry["facts"])
    for rule in entry.get("tags") or ():
        assert set(rule) == {"match", "facts"}
        re.compile(rule["match"])
        for key, value in rule["facts"].items():
            assert key in _KINDS and _KINDS[key](value), (key, value)


def test_names_are_canonical_and_unique():
    seen = set()
    for entry in base_image_table():
        for name in entry["names"]:
            if name != "scratch" and "*" not in name:
                assert canonical_name(ImageRef.parse(name)) == name
            assert name not in seen
            seen.add(name)


def facts_of(image: str) -> BaseFacts | None:
    return base_image_facts(ImageRef.parse(image))


def summary(image: str):
    f = facts_of(image)
    return (f.libc, f.shell, f.uid, f.gcc, f.go_toolchain_local)


@pytest.mark.parametrize(
    ("image", "expected"),
    [
        ("scratch", (None, False, 0, False, False)),
        ("gcr.io/distroless/static", (None, False, 0, False, False)),
        ("gcr.io/distroless/static:nonroot", (None, False, 65532, False, False)),
        ("gcr.io/distroless/static-debian12:nonroot", (None, False, 65532, False, False)),
        ("gcr.io/distroless/static-debian11:latest", (None, False, 0, False, False)),
        ("gcr.io/distroless/static-debian12:debug-nonroot", (None, False, 65532, False, False)),
        ("gcr.io/distroless/base", ("glibc", False, 0, False, False)),
        ("gcr.io/distroless/base-debian12:nonroot", ("glibc", False, 65532, False, False)),
        ("gcr.io/distroless/cc-debian12:latest", ("glibc", False, 0, False, False)),
        ("gcr.io/distroless/cc:nonroot", ("glibc", False, 65532, False, False)),
        ("cgr.dev/chainguard/static:latest", (None, False, 65532, False, False)),
        ("alpine:3.20", ("musl", True, 0, False, False)),
        ("docker.io/library/alpine", ("musl", True, 0, False, False)),
        ("index.docker.io/library/alpine:edge", ("musl", True, 0, False, False)),
        ("busybox", ("unknown", True, 0, False, False)),
        ("busybox:1.36", ("unknown", True, 0, False, False)),
        ("busybox:1.36-glibc", ("glibc", True, 0, False, False)),
        ("busybox:musl", ("musl", True, 0, False, False)),
        ("busybox:1.36.1-uclibc", ("uclibc", True, 0, False, False)),
        ("debian:bookworm-slim", ("glibc", True, 0, False, False)),
        ("ubuntu:24.04", ("glibc", True, 0, False, False)),
        ("golang:1.22", ("glibc", True, 0, True, True)),
        ("golang:1.22-bookworm", ("glibc", True, 0, True, True)),
        ("golang:1.21.5-bullseye", ("glibc", True, 0, True, True)),
        ("golang:1.22-alpine", ("musl", True, 0, False, True)),
        ("golang:alpine3.20", ("musl", True, 0, False, True)),
        ("golang:1.20-alpine", ("musl", True, 0, False, False)),
        ("golang:1.19", ("glibc", True, 0, True, False)),
        ("golang", ("glibc", True, 0, True, True)),
        ("public.ecr.aws/docker/library/golang:1.23", ("glibc", True, 0, True, True)),
    ],
)
def test_lookup(image, expected):
    assert summary(image) == expected


def test_workdir_and_gopath():
    assert (facts_of("golang:1.22").workdir, facts_of("golang:1.22").gopath) == ("/go", "/go")
    assert (facts_of("alpine").workdir, facts_of("alpine").gopath) == ("/", None)


@pytest.mark.parametrize("image", ["nginx:1.27", "acme/golang:1.22", "ghcr.io/acme/alpine", "gcr.io/distroless/java17", "mcr.microsoft.com/windows/nanoserver"])
def test_unknown_images(image):
    assert facts_of(image) is None


def test_a_digest_alone_leaves_tag_facts_unknown():
    f = facts_of(f"gcr.io/distroless/static@{DIGEST}")
    assert (f.libc, f.shell, f.uid) == (None, False, None)
    f = facts_of(f"golang@{DIGEST}")
    assert (f.libc, f.gcc, f.go_toolchain_local, f.uid) == ("unknown", None, False, 0)
    # a tag with the digest still decides
    assert facts_of(f"gcr.io/distroless/static:nonroot@{DIGEST}").uid == 65532


def test_has_libc_and_sources():
    assert facts_of("scratch").has_libc is False
    assert facts_of("alpine").has_libc is True
    assert facts_of("busybox").has_libc is None
    assert all(s.startswith("https://") for s in facts_of("golang").sources)
    assert facts_of("alpine").name == "docker.io/library/alpine"


def test_table_is_loaded_once():
    assert base_image_table() is base_image_table()


def test_a_name_finds_the_first_entry_fnmatch_matches():
    """Plain names are compared and a glob tried only on names that start as
    it does: the entry found is still the first whose glob matches."""
    from fnmatch import fnmatchcase

    from cnlint.images import _entry_for

    names = {"docker.io/library/nothing", ""}
    for entry in base_image_table():
        for pattern in entry["names"]:
            names |= {pattern, pattern.replace("*", ""), pattern.replace("*", "12-slim"), pattern + "x", pattern[:-1], "x" + pattern}
    for name in names:
        expected = next((e for e in base_image_table() if any(fnmatchcase(name, p) for p in e["names"])), None)
        assert _entry_for(name) is expected, name
