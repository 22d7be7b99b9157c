"""Kubernetes rules on container images: tags and digests, pull policy,
the registries they come from."""

from __future__ import annotations

from cnlint.checks import Checks
from cnlint.images import ImageRef
from cnlint.kubernetes.common import at, container_name, containers_of, pods
from cnlint.kubernetes.index import ObjectIndex

checks = Checks()


def _substituted(image) -> bool:
    # $(VAR), Helm and envsubst images are only known after rendering.
    return "$" in image or "{{" in image


def _images(project, pinned_by: str):
    """Yield (file, object, path, container, image, ImageRef) for every
    literal image, in the files reported on, that kustomize does not pin."""
    index = project.view(ObjectIndex)
    pins = index.image_pins(pinned_by) | index.image_pins("digest")
    for f in project.targets("kubernetes"):
        for obj in f.objects:
            for path, container in obj.containers():
                image = container.get("image")
                if not isinstance(image, str) or not image.strip() or _substituted(image):
                    continue
                ref = ImageRef.parse(image)
                if ref.name not in pins:
                    yield f, obj, path, container, image, ref


@checks.project("KM001")
def latest_tag(project, ctx):
    for f, obj, path, container, image, ref in _images(project, "newTag"):
        if ref.digest is not None or ref.tag not in (None, "latest"):
            continue
        why = "uses the 'latest' tag" if ref.tag else "has no tag, so it means ':latest'"
        yield at(obj, obj.value_span(path + ("image",)), f"container '{container_name(container)}' image '{image}' {why} and changes under you; pin a version or digest", path=f.path)


@checks.project("KM083")
def image_not_pinned_by_digest(project, ctx):
    for f, obj, path, container, image, ref in _images(project, "digest"):
        if ref.digest is None:
            yield at(obj, obj.value_span(path + ("image",)), f"container '{container_name(container)}' image '{image}' is not pinned by digest, so a re-pushed tag changes what runs", path=f.path)


@checks.rule("KM095")
def image_pull_policy_not_always(doc, ctx):
    for obj, spec_path, spec in pods(doc):
        for path, container in containers_of(obj, spec_path, spec, ephemeral=False):
            policy = container.get("imagePullPolicy")
            if policy == "Always":
                continue
            name = container_name(container)
            if policy is None:
                ref = ImageRef.parse(str(container.get("image") or ""))
                if ref.digest is None and ref.tag in (None, "latest"):
                    continue  # the API server defaults it to Always for these
                span = obj.key_span(path + ("name",))
            else:
                span = obj.value_span(path + ("imagePullPolicy",))
            yield at(obj, span, f"container '{name}' may start from an image cached on the node, which skips the registry's access check for that image")


@checks.rule("KM155")
def untrusted_image_registry(doc, ctx):
    trusted = tuple(ctx.option("trusted-registries") or ())
    if not trusted:
        return
    for obj in doc.objects:
        for path, container in obj.containers():
            image = container.get("image")
            if not isinstance(image, str) or not image.strip() or _substituted(image):
                continue
            ref = ImageRef.parse(image)
            if not ref.trusted_by(trusted):
                span = obj.value_span(path + ("image",))
                yield at(obj, span, f"container '{container_name(container)}' image '{image.strip()}' comes from {ref.registry}, which is not a trusted registry ({', '.join(trusted)})")
