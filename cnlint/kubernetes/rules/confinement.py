"""Kubernetes rules on how the kernel confines a container: its root
filesystem, seccomp, AppArmor and SELinux profiles, /proc masking, sysctls.

Pod Security Standards checks (KM040-KM043, KM048) follow the API server's
Pod Security admission, field by field, at its latest policy version, and
carry the tags of their level (see privileges.py).
"""

from __future__ import annotations

from cnlint.checks import Checks
from cnlint.kubernetes.common import (
    at,
    container_name,
    containers_of,
    items,
    mapping,
    pod_security_context,
    pods,
    runs_linux,
    security_context,
    security_contexts,
)
from cnlint.kubernetes.schemas import parse_version

checks = Checks()

@checks.rule("KM010")
def no_read_only_root_fs(doc, ctx):
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
def unsafe_sysctls(doc, ctx):
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


SELINUX_TYPES = frozenset(("", "container_t", "container_init_t", "container_kvm_t", "container_engine_t"))


APPARMOR_PREFIX = "container.apparmor.security.beta.kubernetes.io/"


@checks.rule("KM040")
def unconfined_apparmor(doc, ctx):
    for obj in doc.objects:
        found = obj.pod_template()
        if not found:
            continue
        meta_path = found[0] + ("metadata", "annotations")
        for key, value in mapping(obj.get(meta_path)).items():
            text = "" if value is None else str(value)
            if str(key).startswith(APPARMOR_PREFIX) and text and text != "runtime/default" and not text.startswith("localhost/"):
                container = str(key)[len(APPARMOR_PREFIX):]
                message = f"AppArmor profile '{text}' for container '{container}' is not runtime/default or localhost/*, so the container runs without confinement"
                yield at(obj, obj.value_span(meta_path + (key,)), message)
        for spec_path, spec in obj.pod_specs():
            for path, context, who in security_contexts(obj, spec_path, spec):
                profile = context.get("appArmorProfile")
                if profile is not None and mapping(profile).get("type") not in ("RuntimeDefault", "Localhost"):
                    span = obj.value_span(path + ("appArmorProfile", "type"))
                    yield at(obj, span, f"{who} sets AppArmor profile type {mapping(profile).get('type')}; only RuntimeDefault and Localhost confine it")


@checks.rule("KM041")
def custom_selinux_options(doc, ctx):
    for obj, spec_path, spec in pods(doc):
        for path, context, who in security_contexts(obj, spec_path, spec):
            options = mapping(context.get("seLinuxOptions"))
            kind = options.get("type")
            if kind is not None and str(kind) not in SELINUX_TYPES:
                yield at(obj, obj.value_span(path + ("seLinuxOptions", "type")), f"{who} sets SELinux type '{kind}', which can lift the container's confinement")
            for key in ("user", "role"):
                if options.get(key) not in (None, ""):
                    yield at(obj, obj.value_span(path + ("seLinuxOptions", key)), f"{who} sets a custom SELinux {key}, which can lift the container's confinement")


@checks.rule("KM042")
def unsafe_proc_mount(doc, ctx):
    for obj, spec_path, spec in pods(doc):
        for path, container in containers_of(obj, spec_path, spec):
            value = security_context(container).get("procMount")
            if value is not None and value != "Default":
                span = obj.value_span(path + ("securityContext", "procMount"))
                yield at(obj, span, f"container '{container_name(container)}' sets procMount: {value}, which unmasks the host's /proc paths")


def _seccomp_type(context: dict):
    profile = context.get("seccompProfile")
    return None if profile is None else mapping(profile).get("type")


@checks.rule("KM043")
def unconfined_seccomp(doc, ctx):
    for obj, spec_path, spec in pods(doc):
        for path, context, who in security_contexts(obj, spec_path, spec):
            if _seccomp_type(context) == "Unconfined":
                span = obj.value_span(path + ("seccompProfile", "type"))
                yield at(obj, span, f"{who} sets seccomp profile Unconfined, so every system call is open to it")


@checks.rule("KM048")
def seccomp_profile_unset(doc, ctx):
    for obj, spec_path, spec in pods(doc):
        if not runs_linux(spec):
            continue
        pod_type = _seccomp_type(pod_security_context(spec))
        pod_set = pod_type is not None
        if pod_set and pod_type not in ("RuntimeDefault", "Localhost"):
            span = obj.value_span(spec_path + ("securityContext", "seccompProfile", "type"))
            yield at(obj, span, f"the pod sets seccomp profile {pod_type}; the restricted Pod Security level requires RuntimeDefault or Localhost")
        for path, container in containers_of(obj, spec_path, spec):
            kind = _seccomp_type(security_context(container))
            name = container_name(container)
            if kind is None and not pod_set:
                yield at(obj, obj.key_span(path + ("name",)), f"container '{name}' has no seccomp profile (nor has its pod), which the restricted Pod Security level requires")
            elif kind is not None and kind not in ("RuntimeDefault", "Localhost"):
                span = obj.value_span(path + ("securityContext", "seccompProfile", "type"))
                yield at(obj, span, f"container '{name}' sets seccomp profile {kind}; the restricted Pod Security level requires RuntimeDefault or Localhost")
