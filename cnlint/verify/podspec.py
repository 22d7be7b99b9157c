"""A pod template as `docker run` flags, as the kubelet would start it.

Pure translation, no engine: the pod runner (pod.py) runs what this says.
What the kubelet refuses before starting a container (runAsNonRoot against
a root or named user, a ConfigMap or Secret that does not exist) comes back
as an observation instead of flags.
"""

from __future__ import annotations

import base64
import re
from dataclasses import dataclass, field

from cnlint.kubernetes.common import effective, items, mapping, quantity, security_context
from cnlint.verify.observe import Observation

DEFAULT_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
_REFUSED = "the kubelet would not start the container (CreateContainerConfigError)"
# What a fieldRef reads, as the pod would see it here.
_FIELDS = {"metadata.namespace": "default", "status.podIP": "127.0.0.1", "status.hostIP": "127.0.0.1", "spec.nodeName": "cnlint-verify", "spec.serviceAccountName": "default"}
_REFERENCE = re.compile(r"\$\$|\$\(([A-Za-z_][A-Za-z0-9_.-]*)\)")


@dataclass
class ImageConfig:
    """What `docker image inspect` says of an image's config."""

    user: str = ""
    entrypoint: list[str] = field(default_factory=list)
    cmd: list[str] = field(default_factory=list)
    workdir: str = ""
    env: dict[str, str] = field(default_factory=dict)
    ports: tuple[str, ...] = ()

    @classmethod
    def from_inspect(cls, data: dict) -> ImageConfig:
        config = data.get("Config") or {}
        env = dict(e.split("=", 1) if "=" in e else (e, "") for e in config.get("Env") or ())
        return cls(config.get("User") or "", list(config.get("Entrypoint") or ()), list(config.get("Cmd") or ()), config.get("WorkingDir") or "", env, tuple(sorted(config.get("ExposedPorts") or ())))


@dataclass
class ContainerRun:
    """One container of the pod, ready to start."""

    name: str
    key: tuple  # keys from the object's root to the container
    init: bool
    image: str
    flags: list[str]  # `docker run` flags, before the image
    argv: list[str]  # after the image
    program: list[str]  # what runs in the end: entrypoint and arguments as the image and manifest give them
    env: dict[str, str]
    data: dict


@dataclass
class Volume:
    name: str
    kind: str  # "tmpfs" (emptyDir), "empty" (a claim: an empty volume), "files" (configMap/secret), "none"
    files: dict[str, bytes] = field(default_factory=dict)
    size: str | None = None
    mode: int = 0o644


@dataclass
class Objects:
    """The ConfigMaps and Secrets among the inputs, by name: what env,
    envFrom and volumes may refer to."""

    config_maps: dict[str, dict[str, bytes]] = field(default_factory=dict)
    secrets: dict[str, dict[str, bytes]] = field(default_factory=dict)

    @classmethod
    def of(cls, kube_objects) -> Objects:
        out = cls()
        for obj in kube_objects:
            if obj.kind == "ConfigMap" and obj.api_version == "v1" and obj.name:
                found = {str(k): str(v).encode() for k, v in mapping(obj.data.get("data")).items()}
                found.update({str(k): _b64(v) for k, v in mapping(obj.data.get("binaryData")).items()})
                out.config_maps[obj.name] = found
            elif obj.kind == "Secret" and obj.api_version == "v1" and obj.name:
                found = {str(k): _b64(v) for k, v in mapping(obj.data.get("data")).items()}
                found.update({str(k): str(v).encode() for k, v in mapping(obj.data.get("stringData")).items()})
                out.secrets[obj.name] = found
        return out

    def source(self, kind: str) -> dict[str, dict[str, bytes]]:
        return self.config_maps if kind == "configMap" else self.secrets


def _b64(value) -> bytes:
    try:
        return base64.b64decode(str(value), validate=False)
    except ValueError:
        return str(value).encode()


def expand(text: str, env: dict[str, str]) -> str:
    """The kubelet's $(VAR) expansion: a defined variable is replaced,
    an undefined one left as written, and $$ is a literal $."""

    def one(match):
        if match.group(0) == "$$":
            return "$"
        name = match.group(1)
        return env[name] if name in env else match.group(0)

    return _REFERENCE.sub(one, text)


def environment(container: dict, pod: str, objects: Objects, image_env: dict[str, str]) -> tuple[dict[str, str], Observation | None]:
    """The container's environment over the image's, in the kubelet's order
    (envFrom, then env); an observation when a reference cannot be met."""
    out: dict[str, str] = {}
    for i, entry in enumerate(items(container.get("envFrom"))):
        entry = mapping(entry)
        for kind in ("configMap", "secret"):
            ref = mapping(entry.get(kind + "Ref"))
            if not ref:
                continue
            found = objects.source(kind).get(str(ref.get("name")))
            if found is None:
                if ref.get("optional") is True:
                    continue
                return out, Observation("VF015", f"{_label(kind)} {ref.get('name')!r} is not among the inputs: {_REFUSED}", at=("envFrom", i))
            prefix = str(entry.get("prefix") or "")
            out.update({prefix + k: v.decode("utf-8", "replace") for k, v in found.items()})
    for i, entry in enumerate(items(container.get("env"))):
        entry = mapping(entry)
        name = str(entry.get("name") or "")
        if not name:
            continue
        if "value" in entry or "valueFrom" not in entry:
            out[name] = expand(_text(entry.get("value")), {**image_env, **out})
            continue
        source = mapping(entry.get("valueFrom"))
        value, problem = _value_from(source, pod, objects, container)
        if problem:
            return out, Observation("VF015", f"env {name}: {problem}: {_REFUSED}", at=("env", i))
        if value is not None:
            out[name] = value
    return out, None


def _value_from(source: dict, pod: str, objects: Objects, container: dict) -> tuple[str | None, str | None]:
    for kind in ("configMap", "secret"):
        ref = mapping(source.get(kind + "KeyRef"))
        if not ref:
            continue
        found = objects.source(kind).get(str(ref.get("name")))
        key = str(ref.get("key"))
        if found is None or key not in found:
            if ref.get("optional") is True:
                return None, None
            what = f"{_label(kind)} {ref.get('name')!r} is not among the inputs" if found is None else f"{_label(kind)} {ref.get('name')!r} has no key {key!r}"
            return None, what
        return found[key].decode("utf-8", "replace"), None
    field_path = str(mapping(source.get("fieldRef")).get("fieldPath") or "")
    if field_path:
        return (pod if field_path == "metadata.name" else _FIELDS.get(field_path, "")), None
    resource = mapping(source.get("resourceFieldRef"))
    if resource:
        section, _, kind = str(resource.get("resource") or "").partition(".")
        amount = quantity(mapping(mapping(container.get("resources")).get(section)).get(kind))
        divisor = quantity(resource.get("divisor")) or 1
        if amount is None:
            return "", None
        return str(max(1, -int(-amount // divisor))), None
    return "", None


def _label(kind: str) -> str:
    return "ConfigMap" if kind == "configMap" else "Secret"


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def user_problem(spec: dict, container: dict, image: ImageConfig) -> Observation | None:
    """The kubelet's runAsNonRoot check, made before the container starts."""
    if effective(spec, container, "runAsNonRoot") is not True:
        return None
    uid = effective(spec, container, "runAsUser")
    if uid is not None:
        if str(uid) == "0":
            return _refused("runAsUser is 0")
        return None
    user = image.user.split(":", 1)[0]
    if user in ("", "root", "0"):
        return _refused("image will run as root" + ("" if user else " (it sets no USER)"))
    if not user.isdigit():
        return _refused(f"image has non-numeric user ({user}), cannot verify user is non-root")
    return None


def _refused(why: str) -> Observation:
    # placed at the container's runAsNonRoot, else the pod's (findings.py falls back)
    return Observation("VF004", f"the kubelet refuses to start it: container has runAsNonRoot and {why}", at=("securityContext", "runAsNonRoot"))


def program(container: dict, image: ImageConfig, env: dict[str, str]) -> list[str]:
    """What the container runs: Kubernetes' command replaces the image's
    ENTRYPOINT (and drops its CMD), args replace CMD."""
    command = [expand(_text(c), env) for c in items(container.get("command"))]
    args = [expand(_text(a), env) for a in items(container.get("args"))]
    if command:
        return command + args
    return image.entrypoint + (args if "args" in container else image.cmd)


def security_flags(spec: dict, container: dict, image: ImageConfig) -> list[str]:
    flags = []
    uid, gid = effective(spec, container, "runAsUser"), effective(spec, container, "runAsGroup")
    if uid is not None or gid is not None:
        user = str(uid) if uid is not None else (image.user.split(":", 1)[0] or "0")
        flags += ["--user", f"{user}:{gid}" if gid is not None else user]
    for group in items(mapping(spec.get("securityContext")).get("supplementalGroups")):
        flags += ["--group-add", str(group)]
    own = security_context(container)
    if own.get("readOnlyRootFilesystem") is True:
        flags.append("--read-only")
    if own.get("privileged") is True:
        flags.append("--privileged")
    if own.get("allowPrivilegeEscalation") is False:
        flags += ["--security-opt", "no-new-privileges"]
    capabilities = mapping(own.get("capabilities"))
    for flag, key in (("--cap-drop", "drop"), ("--cap-add", "add")):
        for cap in items(capabilities.get(key)):
            flags += [flag, str(cap).upper().removeprefix("CAP_")]
    return flags


def resource_flags(container: dict) -> list[str]:
    limits = mapping(mapping(container.get("resources")).get("limits"))
    flags = []
    memory = quantity(limits.get("memory"))
    if memory:
        # no swap, as on a Kubernetes node: past the limit the container is OOM killed
        flags += ["--memory", str(int(memory)), "--memory-swap", str(int(memory))]
    cpu = quantity(limits.get("cpu"))
    if cpu:
        flags += ["--cpus", f"{cpu:g}"]
    return flags


def volumes(spec: dict, objects: Objects) -> dict[str, Volume]:
    out = {}
    for entry in items(spec.get("volumes")):
        entry = mapping(entry)
        name = str(entry.get("name") or "")
        if "emptyDir" in entry:
            size = mapping(entry.get("emptyDir")).get("sizeLimit")
            out[name] = Volume(name, "tmpfs", size=str(size) if size is not None else None)
        elif "persistentVolumeClaim" in entry or "ephemeral" in entry:
            out[name] = Volume(name, "empty")
        elif "configMap" in entry or "secret" in entry:
            kind = "configMap" if "configMap" in entry else "secret"
            source = mapping(entry.get(kind))
            found = objects.source(kind).get(str(source.get("name" if kind == "configMap" else "secretName"))) or {}
            chosen = items(source.get("items"))
            files = {str(mapping(i).get("path")): found.get(str(mapping(i).get("key")), b"") for i in chosen} if chosen else dict(found)
            mode = source.get("defaultMode")
            out[name] = Volume(name, "files", files=files, mode=mode if isinstance(mode, int) else 0o644)
        else:
            out[name] = Volume(name, "none")
    return out
