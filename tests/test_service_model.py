"""The service model: which Dockerfile (or Go package) builds each image the
manifests run, and `-v` saying how each link was made."""

from __future__ import annotations

from pathlib import Path

from helpers import run_cli

from cnlint import kinds
from cnlint.config import Resolver
from cnlint.cross.service import Services
from cnlint.discovery import discover
from cnlint.engine import Engine, read
from cnlint.project import Project

POD = """apiVersion: v1
kind: Pod
metadata:
  name: {name}
spec:
  containers:
    - name: {name}
      image: {image}
"""
DOCKERFILE = "FROM alpine:3.20\nUSER 10001\n"


def _write(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text)


def _services(root: Path, files: dict[str, str]) -> Services:
    _write(root, files)
    engine = Engine(Resolver(root=root))
    inputs = [read(ref) for ref in discover([str(root)], engine.resolver)]
    project = Project([], engine.resolver.for_dir(root))
    for inp in inputs:
        artifact = engine.parse(inp, engine.resolver.for_path(inp.absolute))
        if artifact is not None:
            artifact.absolute = inp.absolute
            project.artifacts.append(artifact)
    kinds.link(project)
    return project.view(Services)


def _links(services: Services) -> dict[str, tuple]:
    out = {}
    for s in services.services:
        where = s.dockerfile.absolute.parent.name if s.dockerfile is not None else str(s.go_package.name)
        out[s.image] = (where, s.target, s.how.split(" (")[0].split(":")[0])
    return out


def test_a_name_match_links_the_image_to_the_dockerfile_of_that_directory(tmp_path):
    files = {"api/Dockerfile": DOCKERFILE, "web/Dockerfile": DOCKERFILE, "k8s/api.yaml": POD.format(name="api", image="ghcr.io/acme/api:1.2@sha256:abc")}
    services = _services(tmp_path, files)
    assert _links(services) == {"ghcr.io/acme/api": ("api", None, "by name")}
    [service] = services.services
    assert [(c.path, c.span("image").line) for c in service.containers] == [(str(tmp_path / "k8s/api.yaml"), 8)]


def test_the_config_wins_and_names_target_and_context(tmp_path):
    files = {
        "cnlint.toml": '[services]\n"ghcr.io/acme/api" = { dockerfile = "build/api.Dockerfile", target = "prod" }\n',
        "build/api.Dockerfile": DOCKERFILE,
        "api/Dockerfile": DOCKERFILE,
        "k8s/api.yaml": POD.format(name="api", image="ghcr.io/acme/api:1.2"),
    }
    [service] = _services(tmp_path, files).services
    assert (service.dockerfile.path.endswith("build/api.Dockerfile"), service.target, service.context) == (True, "prod", tmp_path / "build")
    assert service.how.startswith("as the config's services table says")


def test_skaffold_artifacts_link_dockerfile_target_and_ko_packages(tmp_path):
    skaffold = """apiVersion: skaffold/v4beta11
kind: Config
build:
  artifacts:
    - image: api
      context: services/api
      docker:
        dockerfile: deploy/Dockerfile
        target: runtime
    - image: worker
      context: .
      ko:
        main: ./cmd/worker
"""
    files = {
        "skaffold.yaml": skaffold,
        "services/api/deploy/Dockerfile": DOCKERFILE,
        "k8s/api.yaml": POD.format(name="api", image="api"),
        "k8s/worker.yaml": POD.format(name="worker", image="worker"),
    }
    services = _services(tmp_path, files)
    assert _links(services) == {"api": ("deploy", "runtime", "as skaffold builds it"), "worker": ("worker", None, "as skaffold builds it")}
    api = next(s for s in services.services if s.image == "api")
    assert api.context == tmp_path / "services/api"
    assert api.how.endswith("skaffold.yaml:5)")


def test_ko_references_find_the_package_through_go_mod(tmp_path):
    files = {
        "go.mod": "module example.com/shop\n\ngo 1.23\n",
        "cmd/api/main.go": "package main\n\nfunc main() {}\n",
        "k8s/api.yaml": POD.format(name="api", image="ko://example.com/shop/cmd/api"),
    }
    [service] = _services(tmp_path, files).services
    assert (service.dockerfile, service.go_package, service.context) == (None, tmp_path / "cmd/api", tmp_path)


def test_an_ambiguous_link_is_never_made_and_says_why(tmp_path):
    files = {"a/api/Dockerfile": DOCKERFILE, "b/api/Dockerfile": DOCKERFILE, "k8s/api.yaml": POD.format(name="api", image="api:1")}
    services = _services(tmp_path, files)
    assert services.services == []
    assert services.unlinked["api"].startswith("its name 'api' fits several Dockerfiles: ")


def test_third_party_images_are_left_unlinked(tmp_path):
    services = _services(tmp_path, {"api/Dockerfile": DOCKERFILE, "k8s/db.yaml": POD.format(name="db", image="postgres:16")})
    assert services.services == [] and "postgres" in services.unlinked


def test_verbose_check_says_how_each_image_was_linked(tmp_path):
    _write(tmp_path, {"api/Dockerfile": DOCKERFILE, "k8s/api.yaml": POD.format(name="api", image="ghcr.io/acme/api:1.2"), "k8s/db.yaml": POD.format(name="db", image="postgres:16")})
    proc = run_cli("check", "-v", "--select", "XA", ".", cwd=tmp_path)
    assert "cnlint: service: image ghcr.io/acme/api (k8s/api.yaml:8) is built by api/Dockerfile, by name: the Dockerfile's directory is called 'api'" in proc.stderr
    assert "cnlint: service: image postgres (k8s/db.yaml:8) is linked to no Dockerfile" in proc.stderr


ROLLOUT = """apiVersion: argoproj.io/v1alpha1
kind: Rollout
metadata:
  name: api
spec:
  template:
    spec:
      containers:
        - name: api
          image: ghcr.io/acme/api:1.2
"""


def test_pod_templates_of_known_custom_resources_count(tmp_path):
    [service] = _services(tmp_path, {"api/Dockerfile": DOCKERFILE, "k8s/rollout.yaml": ROLLOUT}).services
    [container] = service.containers
    assert (container.obj.kind, container.key, container.span("image").line) == ("Rollout", ("spec", "template", "spec", "containers", 0), 10)


BUILDS = 'FROM golang:1.23 AS build\nWORKDIR /src\nCOPY . .\nRUN CGO_ENABLED=0 go build -o /out/{name} ./cmd/{name}\nFROM scratch\nCOPY --from=build /out/{name} /{name}\nENTRYPOINT ["/{name}"]\n'


def test_an_image_named_after_the_binary_a_dockerfile_builds_links_to_it(tmp_path):
    files = {
        "build/api.Dockerfile": BUILDS.format(name="api"),
        "build/worker.Dockerfile": BUILDS.format(name="worker"),
        "k8s/api.yaml": POD.format(name="api", image="ghcr.io/acme/api:1.2"),
    }
    services = _services(tmp_path, files)
    [service] = services.services
    assert (service.dockerfile.path.endswith("api.Dockerfile"), service.how) == (True, "by name: the Dockerfile's image runs a binary called 'api'")
