"""The Pod Security Standards, field by field, as the API server's Pod
Security admission checks them (its latest policy version).

Baseline rules carry the tags pss-baseline and pss-restricted, restricted
rules pss-restricted only, so selecting a level enforces exactly its checks
(together with KM002, KM005-KM007 and KM014, which are baseline checks too).
Values are compared as the admission code does: exactly, without case
folding or a CAP_ prefix.
"""

from __future__ import annotations

from cnlint.checks import Checks
from cnlint.kubernetes.common import (
    as_int, at, container_name, containers_of, items, label, mapping, pods, security_context,
)

checks = Checks()

BASELINE_CAPABILITIES = frozenset(
    "AUDIT_WRITE CHOWN DAC_OVERRIDE FOWNER FSETID KILL MKNOD NET_BIND_SERVICE SETFCAP SETGID SETPCAP SETUID SYS_CHROOT".split()
)
SELINUX_TYPES = frozenset(("", "container_t", "container_init_t", "container_kvm_t", "container_engine_t"))
RESTRICTED_VOLUMES = frozenset(
    ("configMap", "csi", "downwardAPI", "emptyDir", "ephemeral", "persistentVolumeClaim", "projected", "secret")
)
APPARMOR_PREFIX = "container.apparmor.security.beta.kubernetes.io/"


def _pod_context(spec: dict) -> dict:
    return mapping(spec.get("securityContext"))


def _linux(spec: dict) -> bool:
    # The restricted level exempts Windows pods from Linux-only controls.
    return mapping(spec.get("os")).get("name") != "windows"


def _contexts(obj, spec_path, spec):
    """Yield (path of the securityContext, context, who) for the pod and each container."""
    yield spec_path + ("securityContext",), _pod_context(spec), "the pod"
    for path, container in containers_of(obj, spec_path, spec):
        yield path + ("securityContext",), security_context(container), f"container '{container_name(container)}'"


@checks.rule("KM036")
def host_process(doc, ctx):
    for obj, spec_path, spec in pods(doc):
        for path, context, who in _contexts(obj, spec_path, spec):
            if mapping(context.get("windowsOptions")).get("hostProcess") is True:
                span = obj.value_span(path + ("windowsOptions", "hostProcess"))
                yield at(obj, span, f"{who} runs as a Windows HostProcess container, with full access to the node")


@checks.rule("KM037")
def disallowed_capability(doc, ctx):
    for obj, spec_path, spec in pods(doc):
        for path, container in containers_of(obj, spec_path, spec):
            for i, cap in enumerate(items(mapping(security_context(container).get("capabilities")).get("add"))):
                if cap not in BASELINE_CAPABILITIES:
                    span = obj.value_span(path + ("securityContext", "capabilities", "add", i))
                    yield at(obj, span, f"container '{container_name(container)}' adds capability {cap}, which the baseline Pod Security level forbids")


@checks.rule("KM038")
def host_path_volume(doc, ctx):
    for obj, spec_path, spec in pods(doc):
        for i, volume in enumerate(items(spec.get("volumes"))):
            if "hostPath" in mapping(volume):
                span = obj.key_span(spec_path + ("volumes", i, "hostPath"))
                yield at(obj, span, f"volume '{mapping(volume).get('name')}' is a hostPath volume, which exposes the node's filesystem to the pod")


@checks.rule("KM039")
def host_port(doc, ctx):
    for obj, spec_path, spec in pods(doc):
        for path, container in containers_of(obj, spec_path, spec):
            for i, port in enumerate(items(container.get("ports"))):
                value = mapping(port).get("hostPort")
                if value is not None and as_int(value) != 0:
                    span = obj.value_span(path + ("ports", i, "hostPort"))
                    yield at(obj, span, f"container '{container_name(container)}' binds host port {value}, which ties the pod to the node's network and bypasses network policies")


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
                yield at(obj, obj.value_span(meta_path + (key,)), f"AppArmor profile '{text}' for container '{str(key)[len(APPARMOR_PREFIX):]}' is not runtime/default or localhost/*, so the container runs without confinement")
        for spec_path, spec in obj.pod_specs():
            for path, context, who in _contexts(obj, spec_path, spec):
                profile = context.get("appArmorProfile")
                if profile is not None and mapping(profile).get("type") not in ("RuntimeDefault", "Localhost"):
                    span = obj.value_span(path + ("appArmorProfile", "type"))
                    yield at(obj, span, f"{who} sets AppArmor profile type {mapping(profile).get('type')}; only RuntimeDefault and Localhost confine it")


@checks.rule("KM041")
def custom_selinux_options(doc, ctx):
    for obj, spec_path, spec in pods(doc):
        for path, context, who in _contexts(obj, spec_path, spec):
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
        for path, context, who in _contexts(obj, spec_path, spec):
            if _seccomp_type(context) == "Unconfined":
                span = obj.value_span(path + ("seccompProfile", "type"))
                yield at(obj, span, f"{who} sets seccomp profile Unconfined, so every system call is open to it")


@checks.rule("KM044")
def disallowed_volume_type(doc, ctx):
    for obj, spec_path, spec in pods(doc):
        for i, volume in enumerate(items(spec.get("volumes"))):
            for key in mapping(volume):
                if key != "name" and key not in RESTRICTED_VOLUMES:
                    span = obj.key_span(spec_path + ("volumes", i, key))
                    yield at(obj, span, f"volume '{mapping(volume).get('name')}' is of type {key}, which the restricted Pod Security level does not allow")


@checks.rule("KM045")
def privilege_escalation_not_disabled(doc, ctx):
    for obj, spec_path, spec in pods(doc):
        if not _linux(spec):
            continue
        for path, container in containers_of(obj, spec_path, spec):
            value = security_context(container).get("allowPrivilegeEscalation")
            if value is False:
                continue
            name = container_name(container)
            if value is None:
                yield at(obj, obj.key_span(path + ("name",)), f"container '{name}' does not set allowPrivilegeEscalation: false, which the restricted Pod Security level requires")
            else:
                span = obj.value_span(path + ("securityContext", "allowPrivilegeEscalation"))
                yield at(obj, span, f"container '{name}' sets allowPrivilegeEscalation: {label(value)}; the restricted Pod Security level requires false")


@checks.rule("KM046")
def run_as_non_root_unset(doc, ctx):
    for obj, spec_path, spec in pods(doc):
        pod_value = _pod_context(spec).get("runAsNonRoot")
        if pod_value is not None and pod_value is not True:
            span = obj.value_span(spec_path + ("securityContext", "runAsNonRoot"))
            yield at(obj, span, f"the pod sets runAsNonRoot: {label(pod_value)}; the restricted Pod Security level requires true")
        for path, container in containers_of(obj, spec_path, spec):
            value = security_context(container).get("runAsNonRoot")
            name = container_name(container)
            if value is None and pod_value is not True:
                yield at(obj, obj.key_span(path + ("name",)), f"container '{name}' is not set to runAsNonRoot (nor is its pod), which the restricted Pod Security level requires")
            elif value is not None and value is not True:
                span = obj.value_span(path + ("securityContext", "runAsNonRoot"))
                yield at(obj, span, f"container '{name}' sets runAsNonRoot: {label(value)}; the restricted Pod Security level requires true")


@checks.rule("KM047")
def run_as_user_root(doc, ctx):
    for obj, spec_path, spec in pods(doc):
        for path, context, who in _contexts(obj, spec_path, spec):
            if "runAsUser" in context and as_int(context.get("runAsUser")) == 0:
                yield at(obj, obj.value_span(path + ("runAsUser",)), f"{who} sets runAsUser: 0, so it runs as root")


@checks.rule("KM048")
def seccomp_profile_unset(doc, ctx):
    for obj, spec_path, spec in pods(doc):
        if not _linux(spec):
            continue
        pod_type = _seccomp_type(_pod_context(spec))
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


@checks.rule("KM049")
def capabilities_not_dropped(doc, ctx):
    for obj, spec_path, spec in pods(doc):
        if not _linux(spec):
            continue
        for path, container in containers_of(obj, spec_path, spec):
            caps = mapping(security_context(container).get("capabilities"))
            name = container_name(container)
            if "ALL" not in items(caps.get("drop")):
                where = path + ("securityContext", "capabilities") if "capabilities" in security_context(container) else path + ("name",)
                yield at(obj, obj.key_span(where), f"container '{name}' does not drop ALL capabilities, which the restricted Pod Security level requires")
            for i, cap in enumerate(items(caps.get("add"))):
                if cap != "NET_BIND_SERVICE":
                    span = obj.value_span(path + ("securityContext", "capabilities", "add", i))
                    yield at(obj, span, f"container '{name}' adds capability {cap}; the restricted Pod Security level allows adding only NET_BIND_SERVICE")
