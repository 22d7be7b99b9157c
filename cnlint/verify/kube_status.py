"""What the cluster says went wrong with a workload, as Observations.

Pure functions over the API's own objects (pods, events, a Job's status, as
`kubectl get -o json` prints them), so every case is tested from a recorded
object without a cluster. A pod's status names its containers; the manifest
object says where each is, so observations carry the manifest's key paths.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from cnlint.images import ImageRef
from cnlint.kubernetes.common import items, label, mapping, quantity
from cnlint.verify.observe import Observation

PULL_FAILURES = {"ErrImagePull", "ImagePullBackOff", "InvalidImageName", "ErrImageNeverPull", "ErrImageInspect", "RegistryUnavailable"}
CONFIG_FAILURES = {"CreateContainerConfigError", "CreateContainerError"}
# Waiting reasons no wait cures: a rollout stuck on one of them is diagnosed
# at once. A first failed pull may be a registry's hiccup; its back-off is not.
HOPELESS = PULL_FAILURES - {"ErrImagePull"} | {"CreateContainerConfigError"}
# A crash loop is given up on after this many restarts (about a minute of
# back-off): a dependency that comes up late makes the first few normal.
CRASHES_BEFORE_GIVING_UP = 3
JOB_KINDS = ("Job", "CronJob")
# Kinds without a namespace: neither moved into verify's namespace nor, on a
# cluster that is not verify's own, created at all.
CLUSTER_SCOPED = {
    "Namespace", "Node", "PersistentVolume", "StorageClass", "ClusterRole", "ClusterRoleBinding",
    "CustomResourceDefinition", "PriorityClass", "IngressClass", "RuntimeClass", "CSIDriver", "CSINode",
    "VolumeAttachment", "MutatingWebhookConfiguration", "ValidatingWebhookConfiguration",
    "ValidatingAdmissionPolicy", "ValidatingAdmissionPolicyBinding", "MutatingAdmissionPolicy",
    "MutatingAdmissionPolicyBinding", "APIService", "CertificateSigningRequest", "PodSecurityPolicy",
    "FlowSchema", "PriorityLevelConfiguration", "ClusterIssuer", "GatewayClass",
}
READY, FAILED, PENDING = "ready", "failed", "pending"
_PROBE = re.compile(r"(Readiness|Liveness|Startup) probe (?:failed|errored): ?(.*)", re.S)
_PROBE_CODES = {
    "Readiness": ("VF007", "readinessProbe", "never became ready"),
    "Liveness": ("VF008", "livenessProbe", "was killed and restarted"),
    "Startup": ("VF009", "startupProbe", "never finished starting"),
}
_MISSING = re.compile(r'\b(configmap|secret)s? "([^"]+)" not found', re.I)
_MISSING_KEY = re.compile(r"couldn't find key (\S+) in (ConfigMap|Secret) (?:[^/\s]+/)?(\S+)")
_MOUNT = re.compile(r'for volume "([^"]+)"')
_FIELD_CONTAINER = re.compile(r"spec\.(?:initContainers|containers|ephemeralContainers)\{([^}]*)\}")
_SCHEDULED_PART = re.compile(r"(\d+) (.+)")
# ---- the manifest's side ---------------------------------------------------------


def rewrite(obj, images: dict[str, str], namespace: str, pull_policy: str = "IfNotPresent") -> dict:
    """The object to apply: a plain copy with verify's namespace and, for
    every container whose image name (without tag or digest) is a key of
    `images`, the built tag and `pull_policy`. The manifest is not changed."""
    data = _plain(obj.data)
    metadata = data.get("metadata")
    if obj.kind not in CLUSTER_SCOPED and isinstance(metadata, dict):
        metadata["namespace"] = namespace
    for path, _ in obj.containers():
        container = data
        for step in path:
            container = container[step]
        image = container.get("image")
        if isinstance(image, str) and ImageRef.parse(image).name in images:
            container["image"] = images[ImageRef.parse(image).name]
            container["imagePullPolicy"] = pull_policy
    return data


def _plain(node):
    """The loader's positioned mappings and lists as plain ones, for JSON."""
    if isinstance(node, dict):
        return {str(k): _plain(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_plain(v) for v in node]
    if node is None or isinstance(node, (bool, int, float, str)):
        return node
    return str(node)


@dataclass
class _Container:
    key: tuple | None  # keys from the object's root; None when the manifest has no such container
    data: dict
    init: bool


def _manifest_containers(workload) -> tuple[tuple | None, dict, dict[tuple[bool, str], _Container]]:
    spec_key, spec = next(workload.pod_specs(), (None, {}))
    found = {}
    for path, container in workload.containers():
        if path[-2] != "ephemeralContainers":
            init = path[-2] == "initContainers"
            found.setdefault((init, str(container.get("name"))), _Container(path, container, init))
    return spec_key, spec, found


# ---- which pods are a workload's ---------------------------------------------------


def pods_of(workload, pods: list[dict]) -> list[dict]:
    """The pods `workload` runs: by name for a Pod, by the template's labels
    (a Job's by its job-name label) and, where the pod says, by its owner."""
    if workload.kind == "Pod":
        return [p for p in pods if mapping(p.get("metadata")).get("name") == workload.name]
    if workload.kind == "Job":
        wanted = None
    else:
        wanted = {str(k): label(v) for k, v in workload.pod_labels().items()}
        if not wanted:
            return []
    out = []
    for pod in pods:
        labels = mapping(mapping(pod.get("metadata")).get("labels"))
        if wanted is None:
            matches = workload.name in (labels.get("job-name"), labels.get("batch.kubernetes.io/job-name"))
        else:
            matches = all(labels.get(k) == v for k, v in wanted.items())
        if matches and _owned_by(workload, pod) is not False:
            out.append(pod)
    return out


def _owned_by(workload, pod: dict) -> bool | None:
    owners = [o for o in items(mapping(pod.get("metadata")).get("ownerReferences")) if isinstance(o, dict) and o.get("controller")]
    if not owners:
        return None
    owner = owners[0]
    if owner.get("kind") == workload.kind and owner.get("name") == workload.name:
        return True
    # A Deployment's pods belong to its ReplicaSets, named after it.
    return workload.kind == "Deployment" and owner.get("kind") == "ReplicaSet" and str(owner.get("name")).startswith(f"{workload.name}-")


# ---- is it there yet ------------------------------------------------------------------


def workload_state(live: dict) -> str:
    """READY, FAILED or PENDING for a workload as the API server has it now."""
    kind = live.get("kind")
    spec, status = mapping(live.get("spec")), mapping(live.get("status"))
    if kind == "Pod":
        phase = status.get("phase")
        if phase in ("Succeeded", "Failed"):
            return READY if phase == "Succeeded" else FAILED
        return READY if _condition(status, "Ready").get("status") == "True" else PENDING
    if kind == "Job":
        if _condition(status, "Complete").get("status") == "True":
            return READY
        return FAILED if _condition(status, "Failed").get("status") == "True" else PENDING
    if kind not in ("Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "ReplicationController"):
        return READY  # nothing to wait for
    generation = mapping(live.get("metadata")).get("generation") or 0
    if (status.get("observedGeneration") or 0) < generation:
        return PENDING  # the controller has not looked at it yet
    if kind == "Deployment" and _condition(status, "Progressing").get("reason") == "ProgressDeadlineExceeded":
        return FAILED
    if kind == "DaemonSet":
        want = status.get("desiredNumberScheduled") or 0
        done = min(status.get("numberReady") or 0, status.get("updatedNumberScheduled") or 0)
        return READY if done >= want else PENDING
    want = spec.get("replicas", 1)
    done = status.get("readyReplicas") or 0
    if kind in ("Deployment", "StatefulSet"):
        done = min(done, status.get("updatedReplicas") or 0)
    return READY if done >= want else PENDING


def hopeless(pod: dict) -> bool:
    """Whether waiting longer cannot make this pod ready."""
    status = mapping(pod.get("status"))
    if status.get("phase") == "Failed":
        return True
    for cs in items(status.get("initContainerStatuses")) + items(status.get("containerStatuses")):
        waiting = mapping(mapping(cs.get("state")).get("waiting"))
        if waiting.get("reason") in HOPELESS:
            return True
        if waiting.get("reason") == "CrashLoopBackOff" and (cs.get("restartCount") or 0) >= CRASHES_BEFORE_GIVING_UP:
            return True
    return False


def _condition(status: dict, kind: str) -> dict:
    for condition in items(status.get("conditions")):
        if isinstance(condition, dict) and condition.get("type") == kind:
            return condition
    return {}


# ---- diagnosis -------------------------------------------------------------------------


@dataclass
class _Found:
    workload: object
    path: str | None
    spec_key: tuple | None
    observations: list[Observation] = field(default_factory=list)
    seen: set = field(default_factory=set)

    def add(self, code: str, message: str, container: _Container | None = None, at: tuple = (), logs=(), spec_key=None) -> None:
        key = container.key if container else None
        if (code, key, at) in self.seen:
            return
        self.seen.add((code, key, at))
        self.observations.append(Observation(
            code, message, obj=self.workload, path=self.path, container_key=key,
            spec_key=self.spec_key if spec_key is None else spec_key, at=at, logs=tuple(logs),
        ))

    def has(self, code: str) -> bool:
        return any(o.code == code for o in self.observations)


def diagnose(workload, pods: list[dict], events: list[dict], logs, status: dict | None = None, path: str | None = None) -> list[Observation]:
    """Why `workload` (the manifest's KubeObject) is not ready, from its pods,
    the namespace's events and, for a Job, its live `status`.

    `logs(pod_name, container, previous)` returns a container's last log
    lines. One observation per container and cause.
    """
    spec_key, spec, containers = _manifest_containers(workload)
    found = _Found(workload, path, spec_key)
    job = workload.kind in JOB_KINDS
    for pod in pods:
        name = str(mapping(pod.get("metadata")).get("name"))
        pod_status = mapping(pod.get("status"))
        _scheduling(found, pod_status, spec, containers)
        _mounts(found, pod_status, name, events, spec)
        probes = _probe_failures(name, pod, events)
        for init, field_name in ((True, "initContainerStatuses"), (False, "containerStatuses")):
            for cs in items(pod_status.get(field_name)):
                if isinstance(cs, dict):
                    known = containers.get((init, str(cs.get("name"))))
                    container = known or _Container(None, {}, init)
                    _container(found, name, cs, container, probes.get(str(cs.get("name")), {}), logs, job)
    if job:
        _job(found, workload, mapping(status), containers)
    return found.observations


def _container(found: _Found, pod: str, cs: dict, container: _Container, probes: dict, logs, job: bool) -> None:
    name = str(cs.get("name"))
    state, last = mapping(cs.get("state")), mapping(mapping(cs.get("lastState")).get("terminated"))
    waiting, terminated = mapping(state.get("waiting")), mapping(state.get("terminated"))
    reason = waiting.get("reason")
    who = f"init container '{name}'" if container.init else f"container '{name}'"
    if reason in PULL_FAILURES:
        image = cs.get("image") or container.data.get("image")
        found.add("VF013", f"{who} could not get its image {image}: {reason}{_detail(waiting)}", container, ("image",))
    elif reason in CONFIG_FAILURES:
        _config_error(found, who, waiting, container)
    elif reason == "RunContainerError":
        found.add(_exit_code(container, job), f"{who} could not be started{_detail(waiting)}", container, _program(container))
    run, previous = None, False
    if terminated and (terminated.get("exitCode") or terminated.get("reason") == "OOMKilled"):
        run = terminated
    elif last and (reason == "CrashLoopBackOff" or last.get("reason") == "OOMKilled"):
        run, previous = last, True
    if run:
        _failed_run(found, pod, who, cs, run, previous, container, probes, logs, job)
    elif reason == "CrashLoopBackOff":
        found.add(_exit_code(container, job), f"{who} keeps exiting (CrashLoopBackOff{_detail(waiting)})", container, _program(container))
    broken = run or reason in PULL_FAILURES | CONFIG_FAILURES | {"CrashLoopBackOff", "RunContainerError"}
    for kind, text in probes.items():
        if kind == "Readiness" and (cs.get("ready") or broken):
            continue  # a container that is not running fails its readiness probe as a matter of course
        code, probe, outcome = _PROBE_CODES[kind]
        found.add(code, f"{who} {outcome}: its {kind.lower()} probe failed: {text}", container, (probe,), logs(pod, name, False) if kind == "Readiness" else ())


def _failed_run(found: _Found, pod: str, who: str, cs: dict, run: dict, previous: bool, container: _Container, probes: dict, logs, job: bool) -> None:
    code, why = run.get("exitCode"), run.get("reason") or "Error"
    if why == "OOMKilled":
        limit = mapping(mapping(container.data.get("resources")).get("limits")).get("memory")
        against = f"its {limit} memory limit" if limit is not None else "its memory limit"
        message = f"{who} was killed for using more memory than {against} (OOMKilled, exit code {code})"
        found.add("VF006", message, container, ("resources", "limits", "memory"), logs(pod, str(cs.get("name")), previous))
        return
    if "Liveness" in probes or "Startup" in probes:
        return  # the kubelet killed it for its probe: that is the finding
    lines = logs(pod, str(cs.get("name")), previous)
    if any("read-only file system" in line.lower() for line in lines):
        found.add("VF010", f"{who} exited with code {code} writing to its read-only root filesystem", container, ("securityContext", "readOnlyRootFilesystem"), lines)
        return
    message = f"{who} exited with code {code}{_signal(code)} ({why}){_detail(run)}"
    restarts = cs.get("restartCount") or 0
    if previous and restarts:
        message += f", restarted {restarts} time{'s' if restarts != 1 else ''}"
    if container.init:
        message += "; the pod's other containers never started"
    found.add(_exit_code(container, job), message, container, _program(container), lines)


def _exit_code(container: _Container, job: bool) -> str:
    if container.init:
        return "VF012"
    return "VF011" if job else "VF005"


def _program(container: _Container) -> tuple:
    return ("command",) if container.data.get("command") else ("image",)


def _signal(code) -> str:
    if isinstance(code, int) and 128 < code < 160:
        return f", signal {code - 128}" + {137: " SIGKILL", 143: " SIGTERM", 139: " SIGSEGV"}.get(code, "")
    return ""


def _detail(state: dict) -> str:
    text = " ".join(str(state.get("message") or "").split())
    return f": {text[:300]}" if text else ""


def _config_error(found: _Found, who: str, waiting: dict, container: _Container) -> None:
    message = str(waiting.get("message") or "")
    if "runAsNonRoot" in message:
        text = f"{who} was refused: {' '.join(message.split())}"
        at = ("securityContext", "runAsNonRoot")
        if mapping(container.data.get("securityContext")).get("runAsNonRoot") is not None:
            found.add("VF004", text, container, at)
        else:
            found.add("VF004", text, None, at)  # the pod's securityContext asked for it
        return
    found.add("VF015", f"{who} could not be created{_detail(waiting)}", container, _env_reference(container.data, message) or ("image",))


def _env_reference(container: dict, message: str) -> tuple | None:
    """The env or envFrom entry naming the ConfigMap or Secret an error says is missing."""
    keyed = _MISSING_KEY.search(message)
    missing = _MISSING.search(message)
    if keyed:
        key, kind, name = keyed.group(1), keyed.group(2).lower(), keyed.group(3)
    elif missing:
        key, kind, name = None, missing.group(1).lower(), missing.group(2)
    else:
        return None
    ref_key = "configMapKeyRef" if kind == "configmap" else "secretKeyRef"
    for i, env in enumerate(items(container.get("env"))):
        ref = mapping(mapping(mapping(env).get("valueFrom")).get(ref_key))
        if ref.get("name") == name and (key is None or ref.get("key") == key):
            return ("env", i)
    source_key = "configMapRef" if kind == "configmap" else "secretRef"
    for i, source in enumerate(items(container.get("envFrom"))):
        if key is None and mapping(mapping(source).get(source_key)).get("name") == name:
            return ("envFrom", i)
    return None


def _mounts(found: _Found, pod_status: dict, pod: str, events: list[dict], spec: dict) -> None:
    """A volume the kubelet cannot mount keeps the pod in ContainerCreating."""
    if pod_status.get("phase") not in (None, "Pending"):
        return
    for event in events:
        involved, message = _involved(event), _event_message(event)
        if involved.get("kind") != "Pod" or involved.get("name") != pod or event.get("reason") != "FailedMount" or not _MISSING.search(message):
            continue
        volume = _MOUNT.search(message)
        names = [mapping(v).get("name") for v in items(spec.get("volumes"))]
        at = ("volumes", names.index(volume.group(1))) if volume and volume.group(1) in names else ("volumes",)
        found.add("VF015", f"the pod's volume could not be mounted: {' '.join(message.split())}", None, at)


def _probe_failures(pod: str, pod_data: dict, events: list[dict]) -> dict[str, dict[str, str]]:
    """container name -> probe kind -> the latest failure the kubelet reported."""
    names = [mapping(c).get("name") for c in items(mapping(pod_data.get("spec")).get("containers"))]
    out: dict[str, dict[str, str]] = {}
    for event in events:
        involved = _involved(event)
        if involved.get("kind") != "Pod" or involved.get("name") != pod or event.get("reason") != "Unhealthy":
            continue
        failed = _PROBE.match(_event_message(event))
        if not failed:
            continue
        named = _FIELD_CONTAINER.search(str(involved.get("fieldPath") or ""))
        container = named.group(1) if named else (names[0] if len(names) == 1 else None)
        if container:
            out.setdefault(str(container), {})[failed.group(1)] = " ".join(failed.group(2).split())[:300]
    return out


def _involved(event: dict) -> dict:
    return mapping(event.get("involvedObject") or event.get("regarding"))  # core/v1, events.k8s.io/v1


def _event_message(event: dict) -> str:
    return str(event.get("message") or event.get("note") or "")


def _job(found: _Found, workload, status: dict, containers: dict) -> None:
    failed = _condition(status, "Failed")
    if failed.get("status") != "True":
        return
    reason = failed.get("reason") or "Failed"
    message = f"Job '{workload.name}' failed ({reason}){_detail(failed)}"
    template = workload.pod_template()
    deadline = template[0][:-1] + ("activeDeadlineSeconds",) if template else None
    if reason == "DeadlineExceeded" and deadline and workload.get(deadline) is not None:
        found.add("VF011", message, None, deadline, spec_key=())
    elif not found.has("VF011"):
        regular = [c for c in containers.values() if not c.init]
        first = regular[0] if regular else None
        found.add("VF011", message, first, _program(first) if first else ())


# ---- scheduling ------------------------------------------------------------------------


def _scheduling(found: _Found, pod_status: dict, spec: dict, containers: dict) -> None:
    scheduled = _condition(pod_status, "PodScheduled")
    if scheduled.get("status") != "False" or scheduled.get("reason") != "Unschedulable":
        return
    message = " ".join(str(scheduled.get("message") or "").split())
    container, at = _unschedulable_at(message, spec, containers)
    found.add("VF014", f"the scheduler cannot place the pod: {message}", container, at)


def _unschedulable_at(message: str, spec: dict, containers: dict) -> tuple[_Container | None, tuple]:
    """Which field the scheduler's message blames: the reason most nodes gave."""
    text = message.split(" preemption:")[0]
    _, _, listing = text.partition(" are available: ")
    reasons = []
    for part in (listing or text).rstrip(". ").split(", "):
        counted = _SCHEDULED_PART.match(part.strip())
        reasons.append((int(counted.group(1)), counted.group(2)) if counted else (0, part))
    reason = max(reasons, key=lambda r: r[0])[1] if reasons else text
    lowered = reason.lower()
    if lowered.startswith("insufficient "):
        return _largest(containers, reason.split()[1]), ("resources", "requests")
    if "node affinity/selector" in lowered or "node selector" in lowered:
        return None, ("nodeSelector",) if spec.get("nodeSelector") or not spec.get("affinity") else ("affinity",)
    if "affinity" in lowered:
        return None, ("affinity",)
    if "taint" in lowered:
        return None, ("tolerations",)
    if "topology spread" in lowered:
        return None, ("topologySpreadConstraints",)
    if "persistentvolumeclaim" in lowered or "volume" in lowered:
        return None, ("volumes",)
    return None, ()


def _largest(containers: dict, resource: str) -> _Container | None:
    """The container asking most of `resource` (its request, else its limit)."""
    best, most = None, -1.0
    for container in containers.values():
        resources = mapping(container.data.get("resources"))
        asked = mapping(resources.get("requests")).get(resource, mapping(resources.get("limits")).get(resource))
        amount = quantity(asked)
        if amount is not None and amount > most:
            best, most = container, amount
    if best is None:
        regular = [c for c in containers.values() if not c.init]
        best = regular[0] if regular else None
    return best


# ---- refused by the API server ------------------------------------------------------------

_CAUSE = re.compile(r'(\.?[A-Za-z_$][\w$-]*(?:\.[A-Za-z_$][\w$-]*|\[[^\]]*\])*): (.+)', re.S)
_UNKNOWN_FIELD = re.compile(r'unknown field "([^"]+)"')
_CAUSE_SPLIT = re.compile(r", (?=\.?[A-Za-z_$][\w$-]*(?:\.[A-Za-z_$][\w$-]*|\[[^\]]*\])*: )")
_INTRO = re.compile(r'^.*?(?: is invalid:|Kind=\w+\):)\s*')
_STEP = re.compile(r'\.?([^.\[\]]+)|\[([^\]]*)\]')


def rejected(obj_by_identity: dict, errors) -> list[Observation]:
    """VF016 for each cause of each refused object.

    `obj_by_identity` maps (kind, name) to (KubeObject, display path);
    `errors` are cluster.ApplyError. A field the error names becomes `at`,
    from the object's root (spec_key is ()). An error that names no object
    of the manifests is put on the first one, its message saying what
    kubectl named, so that it is reported all the same.
    """
    out = []
    for error in errors:
        found = _target(obj_by_identity, error.kind, error.name)
        if found is None and not obj_by_identity:
            continue
        obj, path = found or next(iter(obj_by_identity.values()))
        what = f"{obj.kind} '{obj.name}'" if found else " ".join(filter(None, (error.kind, f"'{error.name}'" if error.name else None))) or "an object"
        for field_path, text in _causes(error.message):
            at = _keys(obj.data, field_path) if found and field_path else ()
            out.append(Observation("VF016", f"the API server refuses {what}: {text}", obj=obj, path=path, spec_key=(), at=at))
    return out


def _target(obj_by_identity: dict, kind: str | None, name: str | None):
    if kind is None and name is None:
        return None
    candidates = [(k, v) for k, v in obj_by_identity.items() if name is None or k[1] == name]
    if kind is not None:
        candidates = [(k, v) for k, v in candidates if same_kind(kind, k[0])]
    return candidates[0][1] if candidates else None


def same_kind(said: str, kind: str) -> bool:
    """Whether kubectl's `Deployment.apps` or `deployments.apps` names `kind`."""
    head, kind = said.split(".")[0].lower(), kind.lower()
    if kind.endswith("y") and not kind.endswith(("ay", "ey", "oy", "uy")):
        plural = kind[:-1] + "ies"
    elif kind.endswith(("s", "x", "z", "ch", "sh")):
        plural = kind + "es"
    else:
        plural = kind + "s"
    return head in (kind, plural)


def _causes(message: str) -> list[tuple[str | None, str]]:
    """(field path or None, text) of each cause an API error lists."""
    segments = []
    for n, line in enumerate(message.splitlines()):
        if n == 0:
            line = _INTRO.sub("", line, count=1)
        line = line.strip().removeprefix("* ").strip()
        if line.startswith("[") and line.endswith("]"):
            segments += _CAUSE_SPLIT.split(line[1:-1])
        elif line and line != "errors:":
            segments.append(line)
    causes = []
    for segment in segments:
        named = _CAUSE.fullmatch(segment)
        unknown = _UNKNOWN_FIELD.search(segment)
        if named:
            causes.append((named.group(1), segment))
        elif unknown:
            causes.append((unknown.group(1), segment))
    return causes or [(None, " ".join(message.split()))]


def _keys(data, field_path: str) -> tuple:
    """An API field path (`spec.containers[0].image`, server-side apply's
    `.spec.containers[name="web"].image`) as keys into `data`, as far as they go."""
    keys: list = []
    node = data
    for step in _STEP.finditer(field_path):
        name, selector = step.group(1), step.group(2)
        if name is not None:
            key = name
        elif selector.isdigit():
            key = int(selector)
        elif "=" in selector and isinstance(node, list):
            key = _select(node, selector)
            if key is None:
                break
        else:
            key = selector  # a map key: metadata.labels[app]
        keys.append(key)
        try:
            node = node[key]
        except (KeyError, IndexError, TypeError):
            node = None
    return tuple(keys)


def _select(node: list, selector: str) -> int | None:
    """The index of the item server-side apply names by its keys: `name="web"`, `containerPort=80,protocol="TCP"`."""
    wanted = {}
    for pair in re.findall(r'(\w+)=("(?:[^"\\]|\\.)*"|[^,]*)', selector):
        wanted[pair[0]] = pair[1][1:-1] if pair[1].startswith('"') else pair[1]
    for i, item in enumerate(node):
        if isinstance(item, dict) and all(label(item.get(k)) == v for k, v in wanted.items()):
            return i
    return None


def pending_summary(live: dict | None, pods: list[dict]) -> str:
    """A short account of where a workload stands, for a rollout that ran out of time."""
    parts = []
    status = mapping(mapping(live).get("status"))
    if "replicas" in mapping(mapping(live).get("spec")) or "readyReplicas" in status:
        parts.append(f"{status.get('readyReplicas') or 0}/{mapping(mapping(live).get('spec')).get('replicas', 1)} replicas ready")
    for pod in pods[:3]:
        pod_status = mapping(pod.get("status"))
        waiting = [
            str(mapping(mapping(cs.get("state")).get("waiting")).get("reason"))
            for cs in items(pod_status.get("initContainerStatuses")) + items(pod_status.get("containerStatuses"))
            if mapping(mapping(cs.get("state")).get("waiting")).get("reason")
        ]
        parts.append(f"pod {mapping(pod.get('metadata')).get('name')} {pod_status.get('phase') or 'Unknown'}" + (f" ({', '.join(waiting)})" if waiting else ""))
    if not pods and live is not None and live.get("kind") != "Pod":
        parts.append("no pods were created")
    return "; ".join(parts)
