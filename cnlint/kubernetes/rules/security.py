"""Kubernetes rules on what a pod may do to its node: host namespaces, host
mounts, root, capabilities, sysctls (kube-linter's default security checks)."""

from __future__ import annotations

from cnlint.checks import Checks
from cnlint.kubernetes.common import (
    as_int, at, container_name, containers_of, effective, items, mapping, pods, security_context,
)
from cnlint.kubernetes.schemas import parse_version

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


def _capabilities(container: dict, which: str) -> list:
    return items(mapping(security_context(container).get("capabilities")).get(which))


def _cap(value) -> str:
    name = str(value).upper()
    return name[4:] if name.startswith("CAP_") else name


@checks.rule("KM008")
def privilege_escalation(doc, ctx):
    for obj, spec_path, spec in pods(doc):
        for path, container in containers_of(obj, spec_path, spec, ephemeral=False):
            name = container_name(container)
            if security_context(container).get("allowPrivilegeEscalation") is True:
                span = obj.value_span(path + ("securityContext", "allowPrivilegeEscalation"))
                yield at(obj, span, f"container '{name}' sets allowPrivilegeEscalation: true, so setuid binaries can gain more privileges than the process has")
            for i, cap in enumerate(_capabilities(container, "add")):
                if _cap(cap) == "SYS_ADMIN":
                    span = obj.value_span(path + ("securityContext", "capabilities", "add", i))
                    yield at(obj, span, f"container '{name}' adds SYS_ADMIN, which always allows privilege escalation and is nearly root")


@checks.rule("KM009")
def run_as_root(doc, ctx):
    for obj, spec_path, spec in pods(doc):
        for path, container in containers_of(obj, spec_path, spec, ephemeral=False):
            name = container_name(container)
            non_root = effective(spec, container, "runAsNonRoot")
            user = as_int(effective(spec, container, "runAsUser"))
            group = as_int(effective(spec, container, "runAsGroup"))
            if non_root is True:
                if user == 0:
                    where = _setting_path(obj, spec_path, path, container, "runAsUser")
                    yield at(obj, obj.value_span(where), f"container '{name}' sets runAsNonRoot but runAsUser: 0, so the kubelet refuses to start it")
                continue
            if user is not None and user > 0 and group is not None and group > 0:
                continue
            if non_root is False:
                where = _setting_path(obj, spec_path, path, container, "runAsNonRoot")
                yield at(obj, obj.value_span(where), f"container '{name}' sets runAsNonRoot: false, so it may run as root")
            elif user is not None and user > 0:
                why = "runAsGroup 0" if group == 0 else "no runAsGroup"
                yield at(obj, obj.key_span(path + ("name",)), f"container '{name}' runs as user {user} but with {why} and not runAsNonRoot, so it may run in the root group")
            else:
                yield at(obj, obj.key_span(path + ("name",)), f"container '{name}' is not set to runAsNonRoot, so it runs as root if its image says so")


def _setting_path(obj, spec_path, path, container, key):
    if security_context(container).get(key) is not None:
        return path + ("securityContext", key)
    return spec_path + ("securityContext", key)


@checks.rule("KM010")
def writable_root_filesystem(doc, ctx):
    for obj, spec_path, spec in pods(doc):
        for path, container in containers_of(obj, spec_path, spec, ephemeral=False):
            value = security_context(container).get("readOnlyRootFilesystem")
            if value is True:
                continue
            name = container_name(container)
            if value is None:
                span = obj.key_span(path + ("name",))
            else:
                span = obj.value_span(path + ("securityContext", "readOnlyRootFilesystem"))
            yield at(obj, span, f"container '{name}' has a writable root filesystem, so an intruder can change its binaries and config")


@checks.rule("KM011")
def net_raw_not_dropped(doc, ctx):
    for obj, spec_path, spec in pods(doc):
        for path, container in containers_of(obj, spec_path, spec, ephemeral=False):
            caps = mapping(security_context(container).get("capabilities"))
            if "capabilities" not in security_context(container):
                continue  # as kube-linter: only containers that manage capabilities
            name = container_name(container)
            for i, cap in enumerate(items(caps.get("add"))):
                if _cap(cap) in ("NET_RAW", "ALL"):
                    span = obj.value_span(path + ("securityContext", "capabilities", "add", i))
                    yield at(obj, span, f"container '{name}' adds {cap}, which lets it forge raw packets on the pod network")
            if not any(_cap(cap) in ("NET_RAW", "ALL") for cap in items(caps.get("drop"))):
                span = obj.key_span(path + ("securityContext", "capabilities"))
                yield at(obj, span, f"container '{name}' does not drop NET_RAW, which lets it forge raw packets on the pod network")


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
def sensitive_host_mount(doc, ctx):
    def sensitive(path: str) -> bool:
        return (path.rstrip("/") or "/") in SENSITIVE_HOST_DIRS

    for obj, spec_path, spec in pods(doc):
        for where, host, users in _host_path_mounts(obj, spec_path, spec, sensitive):
            yield at(obj, obj.value_span(where), f"host system directory '{host}' is mounted into container {_names(users)}, exposing the node to the pod")


@checks.rule("KM013")
def docker_socket_mount(doc, ctx):
    for obj, spec_path, spec in pods(doc):
        for where, host, users in _host_path_mounts(obj, spec_path, spec, lambda p: p.endswith("docker.sock")):
            yield at(obj, obj.value_span(where), f"the Docker socket '{host}' is mounted into container {_names(users)}, which gives it full control of the node")


# Sysctls Kubernetes deems safe (namespaced, isolated), with the minor
# version whose Pod Security baseline level first allows each.
SAFE_SYSCTLS = {
    "kernel.shm_rmid_forced": 0,
    "net.ipv4.ip_local_port_range": 0,
    "net.ipv4.tcp_syncookies": 0,
    "net.ipv4.ping_group_range": 0,
    "net.ipv4.ip_unprivileged_port_start": 22,
    "net.ipv4.ip_local_reserved_ports": 27,
    "net.ipv4.tcp_keepalive_time": 29,
    "net.ipv4.tcp_fin_timeout": 29,
    "net.ipv4.tcp_keepalive_intvl": 29,
    "net.ipv4.tcp_keepalive_probes": 29,
    "net.ipv4.tcp_rmem": 32,
    "net.ipv4.tcp_wmem": 32,
}


@checks.rule("KM014")
def unsafe_sysctl(doc, ctx):
    minor = parse_version(ctx.option("kubernetes-version"))  # None: the newest
    for obj, spec_path, spec in pods(doc):
        sysctls = items(mapping(spec.get("securityContext")).get("sysctls"))
        for i, sysctl in enumerate(sysctls):
            name = mapping(sysctl).get("name")
            if not isinstance(name, str):
                continue
            since = SAFE_SYSCTLS.get(name.replace("/", "."))
            if since is not None and (minor is None or minor >= since):
                continue
            where = spec_path + ("securityContext", "sysctls", i, "name")
            yield at(obj, obj.value_span(where), f"sysctl '{name}' is not one Kubernetes deems safe: it can affect other pods or the node itself")


@checks.rule("KM015")
def ssh_port(doc, ctx):
    for obj, spec_path, spec in pods(doc):
        for path, container in containers_of(obj, spec_path, spec, ephemeral=False):
            for i, port in enumerate(items(container.get("ports"))):
                port = mapping(port)
                if as_int(port.get("containerPort")) == 22 and str(port.get("protocol") or "TCP").upper() == "TCP":
                    span = obj.value_span(path + ("ports", i, "containerPort"))
                    yield at(obj, span, f"container '{container_name(container)}' exposes port 22, the SSH port: a shell into a pod bypasses kubectl's audit trail")



@checks.rule("KM080")
def container_runtime_socket_mount(doc, ctx):
    def runtime_socket(path: str) -> bool:
        return path.endswith(("containerd.sock", "crio.sock"))

    for obj, spec_path, spec in pods(doc):
        for where, host, users in _host_path_mounts(obj, spec_path, spec, runtime_socket):
            yield at(obj, obj.value_span(where), f"the container runtime socket '{host}' is mounted into container {_names(users)}, which gives it full control of the node")


@checks.rule("KM084")
def scc_allows_privileged(doc, ctx):
    for obj in doc.objects:
        if obj.kind == "SecurityContextConstraints" and obj.get(("allowPrivilegedContainer",)) is True:
            yield at(obj, obj.value_span(("allowPrivilegedContainer",)), f"SecurityContextConstraints '{obj.name}' allows privileged containers to every user and service account it applies to")
