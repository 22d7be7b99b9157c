"""The service model: which Dockerfile builds the image a container runs.

A view of the project (`project.view(Services)`). For every image the
manifests' pod templates run, it finds the Dockerfile (or, for ko, the Go
package) that builds it, in this order:

1. `services` in the config: image -> Dockerfile, with a target and context;
2. skaffold.yaml's build.artifacts (image, context, docker.dockerfile,
   docker.target; ko.main), and `ko://<import path>` image references;
3. a name match: the image's last path segment equals the name of the
   directory a Dockerfile sits in (its build context, as skaffold and
   kustomize repositories lay them out), or else the name of the binary a
   Dockerfile's image starts (`go build -o /out/api` ... `ENTRYPOINT ["/api"]`).

A link that could go two ways is never made. Each link, and each image left
unlinked with the reason, is said once on the "cnlint.services" logger, which
`cnlint check -v` shows.
"""

from __future__ import annotations

import os
import posixpath
from pathlib import Path
from typing import NamedTuple

from cnlint import notes
from cnlint.diagnostics import Span
from cnlint.images import ImageRef
from cnlint.kubernetes.common import containers_of, items, mapping

KO = "ko://"


class Container:
    """One container of one pod template, and where it is written;
    compared by identity."""

    __slots__ = ("path", "settings", "obj", "key", "data", "spec_key", "spec")

    def __init__(self, path: str, settings, obj, key: tuple, data: dict, spec_key: tuple, spec: dict):
        self.path = path  # the manifest's display path
        self.settings = settings  # the settings in force for the manifest
        self.obj = obj  # its KubeObject
        self.key = key  # keys from the object's root to the container's mapping
        self.data = data
        self.spec_key = spec_key  # keys to the pod spec it belongs to
        self.spec = spec

    @property
    def image(self) -> str:
        value = self.data.get("image")
        return value.strip() if isinstance(value, str) else ""

    @property
    def name(self) -> str:
        return str(self.data.get("name") or "?")

    def span(self, *keys) -> Span:
        """The span of a value under the container (the container's own
        mapping with no keys)."""
        return self.obj.value_span(self.key + keys) if keys else self.obj.key_span(self.key)


class Service:
    """One image the manifests run, and what builds it; compared by identity."""

    def __init__(self, image: str, *, dockerfile=None, target: str | None = None, context: Path | None = None, go_package: Path | None = None, build_args: dict[str, str] | None = None, how: str = ""):
        self.image = image  # as the manifests name it, without tag or digest
        self.containers: list[Container] = []
        self.dockerfile = dockerfile  # the Dockerfile artifact that builds it
        self.target = target  # its build target stage
        self.context = context  # the build context directory
        self.go_package = go_package  # the Go main package's directory, when known
        self.build_args = build_args if build_args is not None else {}  # --build-arg values (config, skaffold)
        self.how = how  # how the link was made, for -v and messages
        self.facts = None  # the image's ImageFacts (cnlint/dockerfile/facts.py)
        self.main = None  # the Go main Package it runs (cnlint/golang/index.py)


class Services:
    def __init__(self, services: list[Service], unlinked: dict[str, str], modules: dict[str, Path]):
        self.services = services
        self.unlinked = unlinked  # image -> why no Dockerfile was linked
        self.modules = modules  # the linted go.mod files: module path -> directory

    @classmethod
    def build(cls, project) -> Services:
        by_image: dict[str, list[Container]] = {}
        for container in _containers(project):
            if container.image:
                by_image.setdefault(_image_key(container.image), []).append(container)
        if not by_image:
            return cls([], {}, _modules(project))
        linker = _Linker(project)
        mains = _main_packages(project)
        services, unlinked = [], {}
        for image, containers in sorted(by_image.items()):
            service = linker.link(image, containers[0].settings)
            if service is None:
                unlinked[image] = linker.why
                notes.info("service: image %s (%s) is linked to no Dockerfile: %s", image, _where(containers[0]), linker.why, name="cnlint.services")
                continue
            service.containers = containers
            _describe(service, mains, linker.modules)
            services.append(service)
            runs = f"; it runs the Go package in {service.main.directory}" if service.main is not None else ""
            notes.info("service: image %s (%s) is built by %s, %s%s", image, _where(containers[0]), _shown(service), service.how, runs, name="cnlint.services")
        return cls(services, unlinked, linker.modules)

    def for_dockerfile(self, artifact) -> list[Service]:
        return [s for s in self.services if s.dockerfile is artifact]


def _modules(project) -> dict[str, Path]:
    return {g.module.args[0]: real(g.absolute).parent for g in project.of_kind("gomod") if g.module and g.module.args and g.absolute}


def _main_packages(project) -> dict[Path, object]:
    if not project.of_kind("go"):
        return {}  # and no Go stack to import
    from cnlint.golang.index import Packages

    return {real(Path(p.directory)): p for p in project.view(Packages) if p.is_main}


def _describe(service: Service, mains: dict[Path, object], modules: dict[str, Path]) -> None:
    """The image's facts, and the Go main package it runs: ko's, or the one
    a `go build` of the Dockerfile makes into the binary the image starts."""
    if service.dockerfile is not None:
        from cnlint.dockerfile.facts import facts

        try:
            service.facts = facts(service.dockerfile, service.target)
        except LookupError:
            return
        if service.go_package is None and service.context is not None:
            service.go_package = _built_package(service.dockerfile, service.facts, service.context, modules)
    if service.go_package is not None:
        service.main = mains.get(real(service.go_package))


def _built_package(doc, image_facts, context: Path, modules: dict[str, Path]) -> Path | None:
    """The directory of the package a `go build` makes into the binary the
    image starts. One candidate, or none."""
    from cnlint.dockerfile.facts import facts

    start = image_facts.entrypoint or image_facts.cmd
    if start is None or not start.argv or start.shell_form:
        return None
    builds = image_facts.builds_for(start.argv[0])
    if len(builds) != 1:
        return None
    return built_directory(builds[0], facts(doc, str(builds[0].stage)), context, modules)


def module_directory(import_path: str, modules: dict[str, Path]) -> Path | None:
    """The directory of a package of one of the linted modules (module path -> directory)."""
    owners = [m for m in modules if import_path == m or import_path.startswith(m + "/")]
    if not owners:
        return None
    module = max(owners, key=len)
    return real(modules[module] / import_path[len(module) :].lstrip("/"))


def built_directory(build, builder, context: Path, modules: dict[str, Path]) -> Path | None:
    """Where the package a `go build` compiles comes from: a directory of the
    build context, mapped back through the COPY of the builder's stage chain
    that put it where the build runs, or a package of a linted module named
    by import path. None when that cannot be told."""
    if len(build.packages) != 1 or "..." in build.packages[0]:
        return None
    package = build.packages[0]
    if not package.startswith((".", "/")):
        return module_directory(package, modules)
    inside = posixpath.normpath(posixpath.join(build.workdir or "/", package))
    if inside.endswith(".go"):
        inside = posixpath.dirname(inside)
    return _from_context(inside, builder, context)


def _from_context(inside: str, builder, context: Path) -> Path | None:
    """The context directory the builder's directory `inside` comes from:
    the last COPY of a context directory (or of one .go file) that covers it."""
    chain = {s.index for s in builder.chain}
    found = None
    for copy in builder.copies:
        if copy.stage not in chain or copy.from_stage is not None or copy.from_image is not None or copy.destination is None or len(copy.sources) != 1:
            continue
        source = copy.sources[0].rstrip("/") or "."
        if "*" in source or "?" in source or source.startswith(("/", "..")) or copy.heredoc:
            continue
        destination = copy.destination
        if source.endswith(".go"):
            if copy.to_directory:
                destination = posixpath.join(destination, posixpath.basename(source))
            if posixpath.dirname(destination) == inside:  # the package is the directory the file came from
                found = real(context / posixpath.dirname(source))
            continue
        rel = posixpath.relpath(inside, destination)
        if not rel.startswith(".."):
            found = real(context / source / rel)
    return found


# Custom resources that run pods from a template at a known place, besides
# the built-in workloads the Kubernetes model knows.
CRD_POD_SPECS = {
    ("Rollout", "argoproj.io"): ("spec", "template", "spec"),
    ("Service", "serving.knative.dev"): ("spec", "template", "spec"),
    ("CloneSet", "apps.kruise.io"): ("spec", "template", "spec"),
    ("ScaledJob", "keda.sh"): ("spec", "jobTemplate", "spec", "template", "spec"),
}


def pod_specs(obj):
    """(key, spec) of each pod spec the object runs: built-in workloads and the known custom ones."""
    yield from obj.pod_specs()
    key = CRD_POD_SPECS.get((obj.kind, obj.group))
    if key is not None and isinstance(obj.get(key), dict):
        yield key, obj.get(key)


def _containers(project):
    for f in project.of_kind("kubernetes"):
        for obj in f.objects:
            for spec_key, spec in pod_specs(obj):
                for key, data in containers_of(obj, spec_key, spec, ephemeral=False):
                    yield Container(f.path, f.settings, obj, key, data, spec_key, spec)


def _image_key(image: str) -> str:
    if image.startswith(KO):
        return image
    return ImageRef.parse(image).name


def _where(container: Container) -> str:
    return f"{container.path}:{container.span('image').line}"


def _shown(service: Service) -> str:
    if service.dockerfile is None:
        return f"the Go package in {service.go_package}"
    target = f" (target {service.target})" if service.target else ""
    return f"{service.dockerfile.path}{target}"


class _Linker:
    """Links one image at a time; `why` says why the last one failed."""

    def __init__(self, project):
        self.project = project
        self.why = ""
        self.dockerfiles = {real(a.absolute): a for a in project.of_kind("dockerfile") if a.absolute is not None}
        self.skaffold = list(_skaffold_artifacts(project))
        self._binaries: dict = {}  # id of a Dockerfile -> the binary its image starts
        self.modules = _modules(project)

    def link(self, image: str, settings) -> Service | None:
        """The service of `image`; `settings` are the manifest's (its config's services table)."""
        self.settings = settings
        for step in (self._configured, self._from_skaffold, self._from_ko, self._by_name):
            service = step(image)
            if service is not None or self.why:
                return service
        self.why = "no config entry, skaffold artifact or Dockerfile directory has its name"
        return None

    # ---- 1. config -------------------------------------------------------------

    def _configured(self, image: str) -> Service | None:
        self.why = ""
        ref = ImageRef.parse(image)
        for name, (dockerfile, target, context, build_args) in self.settings.services:
            if name not in (ref.name, ref.repository):
                continue
            root = self.settings.root
            path = real(root / dockerfile)
            found = self.dockerfiles.get(path)
            if found is None:
                self.why = f"the config names {dockerfile} for it, which is not among the linted files"
                return None
            context_dir = real(root / context) if context else path.parent
            return Service(image, dockerfile=found, target=target, context=context_dir, build_args=dict(build_args), how=f"as the config's services table says ({self.settings.origin})")
        return None

    # ---- 2. skaffold and ko ------------------------------------------------------------

    def _from_skaffold(self, image: str) -> Service | None:
        matches = [a for a in self.skaffold if ImageRef.parse(a.image).name == image]
        if len(matches) > 1 and len({(a.dockerfile, a.target, a.ko) for a in matches}) > 1:
            self.why = "skaffold builds it in several ways: " + ", ".join(a.where for a in matches)
            return None
        if not matches:
            return None
        artifact = matches[0]
        how = f"as skaffold builds it ({artifact.where})"
        if artifact.ko is not None:
            return Service(image, context=artifact.context, go_package=artifact.ko, how=how)
        found = self.dockerfiles.get(artifact.dockerfile)
        if found is None:
            self.why = f"skaffold builds it from {artifact.dockerfile}, which is not among the linted files ({artifact.where})"
            return None
        return Service(image, dockerfile=found, target=artifact.target, context=artifact.context, build_args=dict(artifact.build_args), how=how)

    def _from_ko(self, image: str) -> Service | None:
        if not image.startswith(KO):
            return None
        path = image[len(KO):]
        directory = module_directory(path, self.modules)
        if directory is None:
            self.why = f"no go.mod among the linted files declares a module that holds {path}"
            return None
        owner = max((m for m in self.modules if path == m or path.startswith(m + "/")), key=len)
        return Service(image, context=self.modules[owner], go_package=directory, how=f"as ko builds the Go package {path}")

    # ---- 3. a name match -------------------------------------------------------------

    def _by_name(self, image: str) -> Service | None:
        name = ImageRef.parse(image).last_segment
        matches = [a for path, a in self.dockerfiles.items() if path.parent.name == name]
        how = f"by name: the Dockerfile's directory is called {name!r}"
        if not matches:
            matches = [a for a in self.dockerfiles.values() if self._binary_of(a) == name]
            how = f"by name: the Dockerfile's image runs a binary called {name!r}"
        if len(matches) > 1:
            self.why = f"its name {name!r} fits several Dockerfiles: " + ", ".join(a.path for a in matches)
            return None
        if not matches:
            return None
        found = matches[0]
        return Service(image, dockerfile=found, context=real(found.absolute).parent, how=how)

    def _binary_of(self, doc) -> str | None:
        """The file name of what the Dockerfile's image starts, when its
        final stage runs a binary a `go build -o` made (the way repositories
        that build several images name each after its binary)."""
        if id(doc) not in self._binaries:
            from cnlint.dockerfile.facts import facts

            self._binaries[id(doc)] = None
            image_facts = facts(doc)
            start = image_facts.entrypoint or image_facts.cmd
            if start is not None and start.argv and not start.shell_form and image_facts.builds_for(start.argv[0]):
                self._binaries[id(doc)] = posixpath.basename(start.argv[0])
        return self._binaries[id(doc)]


class _SkaffoldArtifact(NamedTuple):
    image: str
    context: Path
    dockerfile: Path | None
    target: str | None
    ko: Path | None  # the Go main package a ko artifact builds
    where: str
    build_args: tuple[tuple[str, str], ...] = ()


def _skaffold_artifacts(project):
    """build.artifacts of every skaffold Config among the inputs (as a
    manifest-like YAML file, skaffold.yaml is read by the Kubernetes loader)."""
    for f in project.of_kind("kubernetes"):
        if f.absolute is None:
            continue
        base = real(f.absolute).parent
        for obj in f.objects:
            if not (obj.api_version or "").startswith("skaffold/") or obj.kind != "Config":
                continue
            for i, entry in enumerate(items(mapping(obj.get(("build",))).get("artifacts"))):
                if not isinstance(entry, dict) or not isinstance(entry.get("image"), str):
                    continue
                context = real(base / str(entry.get("context") or "."))
                docker, ko = mapping(entry.get("docker")), entry.get("ko")
                where = f"{f.path}:{obj.value_span(('build', 'artifacts', i, 'image')).line}"
                if isinstance(ko, dict):
                    main = str(mapping(ko).get("main") or ".")
                    yield _SkaffoldArtifact(entry["image"], context, None, None, real(context / main), where)
                elif not any(k in entry for k in ("jib", "bazel", "buildpacks", "custom", "kaniko")):
                    dockerfile = real(context / str(docker.get("dockerfile") or "Dockerfile"))
                    target = docker.get("target") if isinstance(docker.get("target"), str) else None
                    args = tuple((str(k), str(v)) for k, v in mapping(docker.get("buildArgs")).items() if v is not None)
                    yield _SkaffoldArtifact(entry["image"], context, dockerfile, target, None, where, args)


def real(path: Path) -> Path:
    """The path with symbolic links resolved, as every lookup here keys paths."""
    return Path(os.path.realpath(path))
