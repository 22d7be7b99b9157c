"""Kubernetes rules on what a pod reaches of its node: the node's network,
process and IPC namespaces, host paths and the container runtime's sockets,
host ports, Windows HostProcess containers, and volume types beyond the pod.

Pod Security Standards checks (KM036, KM038, KM039, KM044) follow the API
server's Pod Security admission and carry the tags of their level (see
privileges.py).
"""

from __future__ import annotations

from cnlint.checks import Checks
from cnlint.kubernetes.common import as_int, at, container_name, containers_of, items, mapping, pods, security_contexts, text

checks = Checks()

def _host_namespace(doc, key: str, what: str):
    for obj, path, spec in pods(doc):
        if spec.get(key) is True:
            yield at(obj, obj.value_span(path + (key,)), f"{key} is true: the pod shares the node's {what}")


@checks.rule("KM005")
def host_network(doc, ctx):
    yield from _host_namespace(doc, "hostNetwork", "network namespace, so it can see and bind every host interface")


@checks.rule("KM006")
def host_pid(doc, ctx):
    yield from _host_namespace(doc, "hostPID", "process namespace, so it can see and signal every process on the node")


@checks.rule("KM007")
def host_ipc(doc, ctx):
    yield from _host_namespace(doc, "hostIPC", "IPC namespace, so it can read other processes' shared memory")


@checks.rule("KM036")
def host_process(doc, ctx):
    for obj, spec_path, spec in pods(doc):
        for path, context, who in security_contexts(obj, spec_path, spec):
            if mapping(context.get("windowsOptions")).get("hostProcess") is True:
                span = obj.value_span(path + ("windowsOptions", "hostProcess"))
                yield at(obj, span, f"{who} runs as a Windows HostProcess container, with full access to the node")


SENSITIVE_HOST_DIRS = ("/", "/boot", "/dev", "/etc", "/lib", "/proc", "/sys", "/usr")


def _host_path_mounts(obj, spec_path, spec, matches):
    """Yield (volume path, host path, mounting container names) for hostPath
    volumes whose path `matches` and that some container mounts."""
    for i, volume in enumerate(items(spec.get("volumes"))):
        host = mapping(mapping(volume).get("hostPath")).get("path")
        if not isinstance(host, str) or not matches(host):
            continue
        users = [
            container_name(c)
            for _, c in containers_of(obj, spec_path, spec, ephemeral=False)
            if any(mapping(m).get("name") == volume.get("name") for m in items(c.get("volumeMounts")))
        ]
        if users:
            yield spec_path + ("volumes", i, "hostPath", "path"), host, users


def _names(users) -> str:
    return ", ".join(f"'{u}'" for u in users)


@checks.rule("KM012")
def sensitive_host_mounts(doc, ctx):
    def sensitive(path: str) -> bool:
        return (path.rstrip("/") or "/") in SENSITIVE_HOST_DIRS

    for obj, spec_path, spec in pods(doc):
        for where, host, users in _host_path_mounts(obj, spec_path, spec, sensitive):
            yield at(obj, obj.value_span(where), f"host system directory '{host}' is mounted into container {_names(users)}, exposing the node to the pod")


@checks.rule("KM013")
def docker_sock(doc, ctx):
    for obj, spec_path, spec in pods(doc):
        for where, host, users in _host_path_mounts(obj, spec_path, spec, lambda p: p.endswith("docker.sock")):
            yield at(obj, obj.value_span(where), f"the Docker socket '{host}' is mounted into container {_names(users)}, which gives it full control of the node")


@checks.rule("KM080")
def container_runtime_sock(doc, ctx):
    def runtime_socket(path: str) -> bool:
        return path.endswith(("containerd.sock", "crio.sock"))

    for obj, spec_path, spec in pods(doc):
        for where, host, users in _host_path_mounts(obj, spec_path, spec, runtime_socket):
            yield at(obj, obj.value_span(where), f"the container runtime socket '{host}' is mounted into container {_names(users)}, which gives it full control of the node")


@checks.rule("KM055")
def writable_host_mount(doc, ctx):
    for obj, spec_path, spec in pods(doc):
        host = {text(mapping(v).get("name")) for v in items(spec.get("volumes")) if "hostPath" in mapping(v)} - {None}
        for path, container in containers_of(obj, spec_path, spec, ephemeral=False):
            for i, mount in enumerate(items(container.get("volumeMounts"))):
                mount = mapping(mount)
                if text(mount.get("name")) in host and mount.get("readOnly") is not True:
                    span = obj.value_span(path + ("volumeMounts", i, "name"))
                    yield at(obj, span, f"container '{container_name(container)}' mounts host path volume '{mount.get('name')}' writable, so it can change files on the node")


@checks.rule("KM038")
def host_path_volume(doc, ctx):
    for obj, spec_path, spec in pods(doc):
        for i, volume in enumerate(items(spec.get("volumes"))):
            if "hostPath" in mapping(volume):
                span = obj.key_span(spec_path + ("volumes", i, "hostPath"))
                yield at(obj, span, f"volume '{mapping(volume).get('name')}' is a hostPath volume, which exposes the node's filesystem to the pod")


RESTRICTED_VOLUMES = frozenset(
    ("configMap", "csi", "downwardAPI", "emptyDir", "ephemeral", "persistentVolumeClaim", "projected", "secret")
)


@checks.rule("KM044")
def disallowed_volume_type(doc, ctx):
    for obj, spec_path, spec in pods(doc):
        for i, volume in enumerate(items(spec.get("volumes"))):
            for key in mapping(volume):
                if key != "name" and key not in RESTRICTED_VOLUMES:
                    span = obj.key_span(spec_path + ("volumes", i, key))
                    yield at(obj, span, f"volume '{mapping(volume).get('name')}' is of type {key}, which the restricted Pod Security level does not allow")


@checks.rule("KM039")
def host_port(doc, ctx):
    for obj, spec_path, spec in pods(doc):
        for path, container in containers_of(obj, spec_path, spec):
            for i, port in enumerate(items(container.get("ports"))):
                value = mapping(port).get("hostPort")
                if value is not None and as_int(value) != 0:
                    span = obj.value_span(path + ("ports", i, "hostPort"))
                    yield at(obj, span, f"container '{container_name(container)}' binds host port {value}, which ties the pod to the node's network and bypasses network policies")
