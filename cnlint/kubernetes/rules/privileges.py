"""Kubernetes rules on the powers a container runs with: privileged mode,
privilege escalation, root and low user ids, Linux capabilities, and the
OpenShift constraints that allow privileged containers.

Pod Security Standards checks (KM037, KM045-KM047, KM049) follow the API
server's Pod Security admission, field by field, at its latest policy
version: values are compared as the admission code does, exactly, without
case folding or a CAP_ prefix. Baseline rules carry the tags pss-baseline
and pss-restricted, restricted rules pss-restricted only, so selecting a
level enforces exactly its checks (with those of confinement.py and
host_access.py).
"""

from __future__ import annotations

from cnlint.checks import Checks
from cnlint.diagnostics import Edit, Fix
from cnlint.kubernetes.common import (
    as_int,
    at,
    container_name,
    containers_of,
    effective,
    items,
    label,
    mapping,
    pod_security_context,
    pods,
    runs_linux,
    security_context,
    security_contexts,
)

checks = Checks()

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
            yield at(obj, span, f"container '{container_name(container)}' is privileged: it has every capability and the host's devices; grant only the capabilities it needs", fix)


def _capabilities(container: dict, which: str) -> list:
    return items(mapping(security_context(container).get("capabilities")).get(which))


def _cap(value) -> str:
    name = str(value).upper()
    return name[4:] if name.startswith("CAP_") else name


@checks.rule("KM008")
def privilege_escalation_container(doc, ctx):
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


@checks.rule("KM011")
def drop_net_raw_capability(doc, ctx):
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


BASELINE_CAPABILITIES = frozenset(
    "AUDIT_WRITE CHOWN DAC_OVERRIDE FOWNER FSETID KILL MKNOD NET_BIND_SERVICE SETFCAP SETGID SETPCAP SETUID SYS_CHROOT".split()
)


@checks.rule("KM037")
def disallowed_capability(doc, ctx):
    for obj, spec_path, spec in pods(doc):
        for path, container in containers_of(obj, spec_path, spec):
            for i, cap in enumerate(items(mapping(security_context(container).get("capabilities")).get("add"))):
                if isinstance(cap, str) and cap not in BASELINE_CAPABILITIES:  # not a string: the schema rule says so
                    span = obj.value_span(path + ("securityContext", "capabilities", "add", i))
                    yield at(obj, span, f"container '{container_name(container)}' adds capability {cap}, which the baseline Pod Security level forbids")


@checks.rule("KM045")
def privilege_escalation_not_disabled(doc, ctx):
    for obj, spec_path, spec in pods(doc):
        if not runs_linux(spec):
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
        pod_value = pod_security_context(spec).get("runAsNonRoot")
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
        for path, context, who in security_contexts(obj, spec_path, spec):
            if "runAsUser" in context and as_int(context.get("runAsUser")) == 0:
                yield at(obj, obj.value_span(path + ("runAsUser",)), f"{who} sets runAsUser: 0, so it runs as root")


@checks.rule("KM049")
def capabilities_not_dropped(doc, ctx):
    for obj, spec_path, spec in pods(doc):
        if not runs_linux(spec):
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


@checks.rule("KM094")
def low_user_id(doc, ctx):
    for obj, spec_path, spec in pods(doc):
        for path, container in containers_of(obj, spec_path, spec, ephemeral=False):
            for key in ("runAsUser", "runAsGroup"):
                value = as_int(effective(spec, container, key))
                if value is None or value >= 10000:
                    continue
                own = key in mapping(container.get("securityContext"))
                where = path + ("securityContext", key) if own else spec_path + ("securityContext", key)
                yield at(obj, obj.value_span(where), f"container '{container_name(container)}' runs with {key} {value}, below 10000, where it may share an id with a user of the node")


@checks.rule("KM084")
def scc_deny_privileged_container(doc, ctx):
    for obj in doc.objects:
        if obj.kind == "SecurityContextConstraints" and obj.get(("allowPrivilegedContainer",)) is True:
            yield at(obj, obj.value_span(("allowPrivilegedContainer",)), f"SecurityContextConstraints '{obj.name}' allows privileged containers to every user and service account it applies to")
