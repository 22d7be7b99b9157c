"""Kubernetes manifest rules."""

from __future__ import annotations

from cnlint.checks import Checks
from cnlint.kubernetes.common import items, template_labels
from cnlint.diagnostics import Edit, Finding, Fix

checks = Checks()


def _image_ref(image: str) -> tuple[str, str | None, str | None]:
    """(name, tag, digest) of an image reference."""
    name, _, digest = image.partition("@")
    tag = None
    if ":" in name.rsplit("/", 1)[-1]:
        name, tag = name.rsplit(":", 1)
    return name, tag, digest or None


def _container_name(container: dict) -> str:
    return str(container.get("name") or "?")


def _kustomize_pins(project, key: str) -> set[str]:
    """Image names a Kustomization among the inputs gives a tag (`newTag`) or
    digest (`digest`) when it renders: kustomize replaces what the manifest says."""
    pins = set()
    for f in project.of_kind("kubernetes"):
        for obj in f.objects:
            if obj.kind != "Kustomization" or obj.group != "kustomize.config.k8s.io":
                continue
            for entry in items(obj.get(("images",))):
                if isinstance(entry, dict) and isinstance(entry.get("name"), str) and entry.get(key) not in (None, "", "latest"):
                    pins.add(entry["name"])
    return pins


def _images(project, pinned_by: str):
    """Yield (file, object, path, container, image, (name, tag, digest)) for
    every literal image, in the files reported on, that kustomize does not pin."""
    pins = _kustomize_pins(project, pinned_by) | _kustomize_pins(project, "digest")
    for f in project.targets("kubernetes"):
        for obj in f.objects:
            for path, container in obj.containers():
                image = container.get("image")
                # Substituted images ($(VAR), Helm/envsubst) are decided elsewhere.
                if not isinstance(image, str) or not image.strip() or "$" in image or "{{" in image:
                    continue
                ref = _image_ref(image.strip())
                if ref[0] not in pins:
                    yield f, obj, path, container, image, ref


@checks.project("KM001")
def latest_tag(project, ctx):
    for f, obj, path, container, image, (_, tag, digest) in _images(project, "newTag"):
        if digest is not None or tag not in (None, "latest"):
            continue
        why = "uses the 'latest' tag" if tag else "has no tag, so it means ':latest'"
        yield Finding(
            obj.value_span(path + ("image",)),
            f"container '{_container_name(container)}' image '{image}' {why} and changes under you; pin a version or digest",
            logical=obj.logical,
            path=f.path,
        )


@checks.rule("KM002")
def privileged_container(doc, ctx):
    for obj in doc.objects:
        for path, container in obj.containers():
            context = container.get("securityContext")
            if not isinstance(context, dict) or context.get("privileged") is not True:
                continue
            span = obj.value_span(path + ("securityContext", "privileged"))
            # Unsafe: the workload may really need host devices.
            fix = Fix((Edit(span, "false"),), "Set privileged to false", safe=False)
            yield Finding(
                span,
                f"container '{_container_name(container)}' is privileged: it has every capability and the host's devices; grant only the capabilities it needs",
                fix,
                logical=obj.logical,
            )


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
            yield Finding(
                obj.key_span(path + ("name",)),
                f"container '{_container_name(container)}' has no memory limit, so a leak can exhaust the node; set resources.limits.memory",
                logical=obj.logical,
            )


def _label(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _selects(selector: dict, labels: dict) -> bool:
    have = {str(k): _label(v) for k, v in labels.items()}
    return all(have.get(str(k)) == _label(v) for k, v in selector.items())


def _same_namespace(a, b) -> bool:
    # Without a namespace an object lands wherever it is applied.
    return a.namespace is None or b.namespace is None or a.namespace == b.namespace


@checks.project("KM004")
def dangling_service(project, ctx):
    files = project.of_kind("kubernetes")
    workloads = [(obj, labels) for f in files for obj in f.objects if (labels := template_labels(obj)) is not None]
    for f in files:
        for svc in f.objects:
            if svc.kind != "Service" or svc.group != "":
                continue
            spec = svc.get(("spec",))
            selector = spec.get("selector") if isinstance(spec, dict) else None
            if not isinstance(selector, dict) or not selector or spec.get("type") == "ExternalName":
                continue
            if any(_same_namespace(svc, w) and _selects(selector, labels) for w, labels in workloads):
                continue
            wanted = ", ".join(f"{k}={_label(v)}" for k, v in selector.items())
            yield Finding(
                svc.key_span(("spec", "selector")),
                f"service '{svc.name}' selects pods labelled {wanted}, but no workload in the inputs has a pod template with those labels",
                logical=svc.logical,
                path=f.path,
            )


@checks.project("KM083")
def image_not_pinned_by_digest(project, ctx):
    for f, obj, path, container, image, (_, _, digest) in _images(project, "digest"):
        if digest is None:
            yield Finding(
                obj.value_span(path + ("image",)),
                f"container '{_container_name(container)}' image '{image}' is not pinned by digest, so a re-pushed tag changes what runs",
                logical=obj.logical,
                path=f.path,
            )
