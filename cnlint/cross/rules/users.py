"""Who the container runs as: the manifest's securityContext against the
user the image runs as."""

from __future__ import annotations

from cnlint.checks import Checks
from cnlint.cross.seams import ALL_KINDS, Side, seam
from cnlint.cross.service import Services
from cnlint.kubernetes.common import mapping, security_context

checks = Checks()


def _setting(container, key: str):
    """(value, keys to it) of a securityContext setting as in force: the
    container's, else the pod's; (None, None) when neither sets it."""
    if security_context(container.data).get(key) is not None:
        return security_context(container.data)[key], container.key + ("securityContext", key)
    pod = mapping(container.spec.get("securityContext"))
    if pod.get(key) is not None:
        return pod[key], container.spec_key + ("securityContext", key)
    return None, None


def _image_user(image_facts) -> tuple[str, str] | None:
    """(problem, what the image says) when the image runs as root or as a
    name the kubelet cannot check; None when it is fine or unknown."""
    user = image_facts.user
    if user is None and image_facts.user_span is not None:
        return None  # USER is set to something cnlint cannot resolve
    name = (user or "").split(":", 1)[0]
    if user is not None and name and not name.isdigit() and name != "root":
        return "gives its user as a name", f"USER {user}: the kubelet cannot tell its uid"
    if image_facts.uid != 0:
        return None
    if user is not None:
        return "runs as root", f"USER {user}"
    base = image_facts.base.name if image_facts.base is not None else "scratch"
    return "runs as root", f"no USER, so the base image's user: uid 0 for {base}"


@checks.project("XA002", reads=ALL_KINDS)
def run_as_non_root_image_user_root(project, ctx):
    for service in project.view(Services).services:
        image_facts = service.facts
        if image_facts is None or image_facts.stage is None:
            continue
        found = _image_user(image_facts)
        if found is None:
            continue
        problem, why = found
        image_span = image_facts.user_span or image_facts.base_span
        for container in service.containers:
            non_root, keys = _setting(container, "runAsNonRoot")
            if non_root is not True or _setting(container, "runAsUser")[0] is not None:
                continue
            message = (
                f"container '{container.name}' sets runAsNonRoot but no runAsUser, and its image {problem} ({why}): "
                "the kubelet refuses to start it (CreateContainerConfigError); set runAsUser or a numeric non-root USER"
            )
            finding = seam(
                project,
                message,
                Side(container.path, container.obj.key_span(keys), "runAsNonRoot is set here"),
                Side(service.dockerfile.path, image_span, f"the image {problem} here"),
                logical=container.obj.logical,
            )
            if finding is not None:
                yield finding
