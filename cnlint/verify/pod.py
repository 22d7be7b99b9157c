"""Stage 3: a workload's pod, run on docker as the kubelet would run it.

An infra container (the helper image, `--network none`) owns the pod's
network namespace; the pod's containers join it and reach each other on
127.0.0.1, as in Kubernetes. Init containers run first, in order, each to
completion; then the containers start, and their probes run on the
kubelet's schedule. The pod passes when every container is ready and still
running after a settle period (a Job's: when all exit 0). What goes wrong
is an observation for the container and field that explains it.
"""

from __future__ import annotations

import os
import re
import tempfile
import time
from dataclasses import dataclass, field, replace
from pathlib import Path

from cnlint.images import ImageRef
from cnlint.kubernetes.common import containers_of, items, mapping
from cnlint.verify import image as images
from cnlint.verify import podspec
from cnlint.verify.docker import Docker, Timeout
from cnlint.verify.observe import Observation
from cnlint.verify.probes import PROBES, Probe, Prober

LOG_TAIL = 10
_READ_ONLY = re.compile(r"read-only file system", re.I)
_TICK = 0.5
_RUNS_TO_COMPLETION = ("Job", "CronJob", "ScaledJob")


@dataclass
class PodPlan:
    obj: object  # the KubeObject
    path: str  # the manifest's display path
    spec_key: tuple
    spec: dict

    @property
    def name(self) -> str:
        return re.sub(r"[^a-z0-9-]+", "-", str(self.obj.name or self.obj.kind).lower()).strip("-")[:40] or "pod"

    @property
    def key(self) -> str:
        """Unique among the run's pods: a name and a short hash of where it is written."""
        import hashlib

        where = f"{self.path}:{self.obj.kind}:{self.obj.name}:{self.spec_key}"
        return f"{self.name}-{hashlib.sha256(where.encode()).hexdigest()[:6]}"

    @property
    def job(self) -> bool:
        return self.obj.kind in _RUNS_TO_COMPLETION or (self.obj.kind == "Pod" and self.spec.get("restartPolicy") in ("Never", "OnFailure"))


@dataclass
class _Running:
    run: podspec.ContainerRun
    id: str
    probes: list[Probe]
    started: float
    ready: bool = False
    started_up: bool = True  # no startup probe, or it passed
    successes: dict = field(default_factory=dict)
    failures: dict = field(default_factory=dict)
    last: dict = field(default_factory=dict)  # probe kind -> what its last run said
    due: dict = field(default_factory=dict)  # probe kind -> when it runs next
    exit_code: int | None = None
    not_found: int = 0  # readiness answers of 404 in a row
    runs: dict = field(default_factory=dict)  # probe kind -> how often it ran

    @property
    def proven(self) -> bool:
        """Ready, and its liveness probe has run often enough to have failed."""
        live = [p for p in self.probes if p.kind == "livenessProbe"]
        return self.ready and all(self.runs.get(p.kind, 0) >= p.failure_threshold for p in live)


class PodRunner:
    def __init__(self, docker: Docker, options, objects: podspec.Objects, built: dict[str, str], progress=None, clock=time.monotonic, sleep=time.sleep):
        self.docker = docker
        self.options = options
        self.objects = objects
        self.built = built  # image name as the manifests write it -> the tag verify built
        self.progress = progress or (lambda text: None)
        self.clock = clock
        self.sleep = sleep

    def image_for(self, written: str) -> str:
        return self.built.get(ImageRef.parse(written).name, written) if written else written

    # ---- one pod ------------------------------------------------------------

    def run(self, plan: PodPlan) -> list[Observation]:
        def placed(obs: Observation, key: tuple | None) -> Observation:
            return replace(obs, obj=plan.obj, path=plan.path, spec_key=plan.spec_key, container_key=key)

        prefix = f"cnlint-verify-{self.docker.run_id}-{plan.key}"
        runs, problems = self._prepare(plan, prefix)
        if problems or self.docker.stopped:
            return [placed(obs, key) for key, obs in problems]
        mounts = self._volumes(plan, prefix)
        infra = self._start_infra(plan, prefix, mounts)
        try:
            for run in [r for r in runs if r.init]:
                self.progress(f"{plan.obj.kind}/{plan.obj.name}: init container {run.name}")
                obs = self._init(run, infra, mounts)
                if obs is not None:
                    return [placed(obs, run.key)]
            return [placed(obs, key) for key, obs in self._watch(plan, [r for r in runs if not r.init], infra, mounts)]
        finally:
            if not self.docker.keep:
                self.docker.run(["rm", "-f", "-v", infra] + [f"{prefix}-{r.name}" for r in runs], timeout=120)

    def _prepare(self, plan: PodPlan, prefix: str):
        """Every container's run, or the observations that keep the pod
        from starting (what the kubelet refuses, what cannot start)."""
        runs, problems = [], []
        for key, data in containers_of(plan.obj, plan.spec_key, plan.spec, ephemeral=False):
            name = str(data.get("name") or f"c{key[-1]}")
            image = self.image_for(str(data.get("image") or ""))
            missing = self._pull(image, data)
            if missing:
                problems.append((key, missing))
                continue
            config = images.config(self.docker, image) or podspec.ImageConfig()
            env, obs = podspec.environment(data, plan.name, self.objects, config.env)
            obs = obs or podspec.user_problem(plan.spec, data, config)
            full_env = {**config.env, **env}
            program = podspec.program(data, config, full_env)
            workdir = str(data.get("workingDir") or config.workdir or "/")
            if obs is None:
                with images.Files(self.docker, image) as files:
                    obs = images.startable(files, program, full_env, workdir, _chooser(data, config))
            if obs is not None:
                problems.append((key, obs))
                continue
            runs.append(self._container(plan, prefix, key, name, image, data, config, env, program))
        return runs, problems

    def _pull(self, image: str, data: dict) -> Observation | None:
        if not image:
            return Observation("VF013", "the container names no image", at=("image",))
        if self.docker.image_exists(image):
            return None
        if data.get("imagePullPolicy") == "Never":
            return Observation("VF013", f"the image {image} is not on this machine and imagePullPolicy is Never (ErrImageNeverPull)", at=("image",))
        try:
            answer = self.docker.run(["pull", image], timeout=self.options.timeouts["run"])
        except Timeout:
            return Observation("VF013", f"the image {image} could not be pulled within {self.options.timeouts['run']:g} s", at=("image",))
        if answer.returncode != 0:
            last = (answer.stderr.strip().splitlines() or ["no answer"])[-1]
            return Observation("VF013", f"the image {image} is neither built by verify nor on this machine, and cannot be pulled: {last}", at=("image",))
        return None

    def _container(self, plan, prefix, key, name, image, data, config, env, program) -> podspec.ContainerRun:
        flags = ["--name", f"{prefix}-{name}", *self.docker.label()]
        for k, v in env.items():
            flags += ["--env", f"{k}={v}"]
        if data.get("workingDir"):
            flags += ["--workdir", str(data["workingDir"])]
        flags += podspec.security_flags(plan.spec, data, config) + podspec.resource_flags(data)
        argv: list[str] = []
        if items(data.get("command")):
            flags += ["--entrypoint", program[0]]
            argv = program[1:]
        elif "args" in data:
            argv = program[len(config.entrypoint):]
        init = "initContainers" in key
        return podspec.ContainerRun(name, key, init, image, flags, argv, program, {**config.env, **env}, data)

    # ---- the pod's sandbox ----------------------------------------------------

    def _start_infra(self, plan: PodPlan, prefix: str, mounts: dict[str, list[str]]) -> str:
        """The pod's sandbox: it owns the network namespace, and holds every
        volume mounted so a tmpfs emptyDir lives as long as the pod (the
        local driver would drop it between an init container and the next)."""
        name = f"{prefix}-infra"
        held = [flag for i, spec in enumerate(mounts.values()) for flag in ("--mount", ",".join([*spec, f"dst=/cnlint-verify/volume-{i}"]))]
        argv = ["run", "-d", "--name", name, *self.docker.label(), "--network", "none", "--hostname", plan.name, *held, self.options.helper_image, "sleep", "2147483647"]
        answer = self.docker.run(argv, timeout=self.options.timeouts["run"])
        if answer.returncode != 0:
            from cnlint.verify.docker import DockerUnavailable

            last = (answer.stderr.strip().splitlines() or [""])[-1]
            raise DockerUnavailable(f"the helper image {self.options.helper_image} does not run ({last}); set [verify] helper-image to a local image with sh, sleep and nc (busybox)")
        return name

    def _volumes(self, plan: PodPlan, prefix: str) -> dict[str, list[str]]:
        """docker flags for each volume name: a labelled tmpfs volume for an
        emptyDir (shared by the pod's containers, world-writable as the
        kubelet makes it), an empty volume for a claim, the files of a
        ConfigMap or Secret from the inputs."""
        out: dict[str, list[str]] = {}
        for name, volume in podspec.volumes(plan.spec, self.objects).items():
            safe = re.sub(r"[^A-Za-z0-9_.-]", "-", name)
            if volume.kind in ("tmpfs", "empty"):
                options = ["--opt", "type=tmpfs", "--opt", "device=tmpfs", "--opt", "o=mode=1777" + (f",size={volume.size}" if volume.size else "")] if volume.kind == "tmpfs" else []
                created = self.docker.run(["volume", "create", *self.docker.label(), *options, f"{prefix}-{safe}"], timeout=60)
                if created.returncode == 0:
                    out[name] = ["type=volume", f"src={prefix}-{safe}"]
            elif volume.kind == "files":
                directory = Path(tempfile.mkdtemp(prefix="cnlint-verify-"))
                self.docker.temporary.append(directory)
                for rel, data in volume.files.items():
                    target = directory / rel
                    target.parent.mkdir(parents=True, exist_ok=True)
                    target.write_bytes(data)
                    os.chmod(target, volume.mode & 0o777)
                os.chmod(directory, 0o755)
                out[name] = ["type=bind", f"src={directory}", "readonly"]
        return out

    def _mount_flags(self, data: dict, mounts: dict[str, list[str]]) -> list[str]:
        flags = []
        for mount in items(data.get("volumeMounts")):
            mount = mapping(mount)
            found = mounts.get(str(mount.get("name")))
            path = mount.get("mountPath")
            if not found or not isinstance(path, str):
                continue
            spec = list(found)
            sub = mount.get("subPath")
            if sub and spec[0] == "type=bind":
                spec[1] = spec[1] + "/" + str(sub)
            spec.append(f"dst={path}")
            if mount.get("readOnly") is True and "readonly" not in spec:
                spec.append("readonly")
            flags += ["--mount", ",".join(spec)]
        return flags

    def _start(self, run: podspec.ContainerRun, infra: str, mounts) -> tuple[str | None, str]:
        argv = ["run", "-d", "--network", f"container:{infra}", *run.flags, *self._mount_flags(run.data, mounts), run.image, *run.argv]
        answer = self.docker.run(argv, timeout=self.options.timeouts["run"])
        if answer.returncode != 0:
            return None, (answer.stderr.strip().splitlines() or ["docker run failed"])[-1]
        return answer.stdout.strip(), ""

    # ---- init containers --------------------------------------------------------

    def _init(self, run: podspec.ContainerRun, infra: str, mounts) -> Observation | None:
        cid, error = self._start(run, infra, mounts)
        if cid is None:
            return _exited(run, None, error, [], init=True)
        try:
            answer = self.docker.run(["wait", cid], timeout=self.options.timeouts["run"])
        except Timeout:
            return Observation("VF012", f"init container {run.name} did not finish within {self.options.timeouts['run']:g} s: the pod's containers never start", at=_start_field(run))
        code = int(answer.stdout.strip() or 1) if answer.stdout.strip().lstrip("-").isdigit() else 1
        if code == 0:
            return None
        state = (self.docker.inspect(cid) or {}).get("State") or {}
        return _exited(run, code, state.get("Error", ""), self.docker.logs(cid, LOG_TAIL), init=True, oom=_oom(state, run))

    # ---- the containers ---------------------------------------------------------

    def _watch(self, plan: PodPlan, runs: list[podspec.ContainerRun], infra: str, mounts):
        start = self.clock()
        deadline = start + self.options.timeouts["run"]
        running: list[_Running] = []
        for run in runs:
            cid, error = self._start(run, infra, mounts)
            if cid is None:
                yield run.key, _exited(run, None, error, [])
                return
            probes = [Probe.of(kind, mapping(run.data.get(kind)), self.options.fast_probes) for kind in PROBES if isinstance(run.data.get(kind), dict)]
            state = _Running(run, cid, probes, self.clock())
            state.started_up = not any(p.kind == "startupProbe" for p in probes)
            state.due = {p.kind: state.started + p.initial_delay for p in probes}
            running.append(state)
        self.progress(f"{plan.obj.kind}/{plan.obj.name}: {len(running)} container{'s' if len(running) != 1 else ''} started")
        prober = Prober(self.docker, infra)
        settled_since = None
        while not self.docker.stopped:
            now = self.clock()
            for state in running:
                if state.exit_code is None:
                    found = self._exit_of(state, plan.job)
                    if found is not None:
                        yield found
                        if not plan.job:
                            return
                    if state.exit_code is None:
                        problem = self._probe(state, prober, now)
                        if problem is not None:
                            yield state.run.key, problem
                            return
            if plan.job and all(s.exit_code is not None for s in running):
                return
            if not plan.job and all(s.proven and s.exit_code is None for s in running):
                settled_since = settled_since or now
                if now - settled_since >= self.options.settle:
                    self.progress(f"{plan.obj.kind}/{plan.obj.name}: ready")
                    return
            else:
                settled_since = None
            if now >= deadline:
                yield from self._late(plan, running)
                return
            self.sleep(_TICK)

    def _exit_of(self, state: _Running, job: bool):
        """(key, observation) when the container has exited, unless a Job's
        container exited 0; sets its exit code."""
        found = (self.docker.inspect(state.id) or {}).get("State") or {}
        if found.get("Running", True) and found.get("Status") != "exited":
            return None
        state.exit_code = int(found.get("ExitCode") or 0)
        if job and state.exit_code == 0:
            return None
        logs = self.docker.logs(state.id, LOG_TAIL)
        return state.run.key, _exited(state.run, state.exit_code, found.get("Error", ""), logs, oom=_oom(found, state.run), job=job)

    def _probe(self, state: _Running, prober: Prober, now: float) -> Observation | None:
        if not state.probes:
            state.ready = True
            return None
        for probe in state.probes:
            if probe.kind != "startupProbe" and not state.started_up:
                continue
            if probe.kind == "startupProbe" and state.started_up:
                continue
            if now < state.due.get(probe.kind, now):
                continue
            state.due[probe.kind] = now + probe.period
            passed, detail = prober.check(probe, state.run.data, state.id)
            state.last[probe.kind] = detail
            state.runs[probe.kind] = state.runs.get(probe.kind, 0) + 1
            if passed:
                state.failures[probe.kind] = 0
                state.successes[probe.kind] = state.successes.get(probe.kind, 0) + 1
                if probe.kind == "startupProbe":
                    state.started_up = True
                elif probe.kind == "readinessProbe" and state.successes[probe.kind] >= probe.success_threshold:
                    state.ready = True
            else:
                state.successes[probe.kind] = 0
                state.failures[probe.kind] = state.failures.get(probe.kind, 0) + 1
                if probe.kind == "readinessProbe":
                    state.ready = False
                    # A 404 is an answer, not a server still starting: the path
                    # is wrong, and waiting out the deadline would change nothing.
                    state.not_found = state.not_found + 1 if " answered 404" in detail else 0
                    if state.not_found >= probe.failure_threshold:
                        times = f"{state.not_found} time{'s' if state.not_found != 1 else ''} in a row"
                        logs = tuple(self.docker.logs(state.id, LOG_TAIL))
                        return Observation("VF007", f"the readiness probe cannot pass: {detail}, {times}", at=_probe_field(probe.kind, state.run.data), logs=logs)
                elif state.failures[probe.kind] >= probe.failure_threshold:
                    return _probe_failed(state, probe, detail, self.docker.logs(state.id, LOG_TAIL))
        if not any(p.kind == "readinessProbe" for p in state.probes) and state.started_up:
            state.ready = True
        return None

    def _late(self, plan: PodPlan, running: list[_Running]):
        limit = self.options.timeouts["run"]
        for state in running:
            if state.exit_code is not None:
                continue
            if plan.job:
                yield state.run.key, Observation("VF017", f"the Job's container {state.run.name} was still running after {limit:g} s", at=_start_field(state.run))
            elif not state.started_up:
                yield state.run.key, Observation("VF009", f"the startup probe never passed within {limit:g} s: {state.last.get('startupProbe', 'it never ran')}", at=("startupProbe",))
            elif not state.ready:
                detail = state.last.get("readinessProbe", "it never ran")
                logs = tuple(self.docker.logs(state.id, LOG_TAIL))
                yield state.run.key, Observation("VF007", f"the readiness probe never passed within {limit:g} s; last: {detail}", at=_probe_field("readinessProbe", state.run.data), logs=logs)


PROBE_FIELDS = {"httpGet": ("path", "port"), "tcpSocket": ("port",), "grpc": ("port",), "exec": ("command",)}


def _probe_field(kind: str, data: dict) -> tuple:
    """The line that explains a failing probe: an httpGet's path (a 404) or
    port (refused), a tcpSocket's or grpc's port, an exec's command."""
    probe = mapping(data.get(kind))
    for handler, keys in PROBE_FIELDS.items():
        if handler in probe:
            return (kind, handler, keys[0])
    return (kind,)


def _chooser(data: dict, config: podspec.ImageConfig) -> str:
    """Who chose the program a container starts, for messages and positions."""
    if items(data.get("command")):
        return "the manifest's command"
    if items(data.get("args")) and not config.entrypoint:
        return "the manifest's args"
    return "the image's ENTRYPOINT/CMD"


def _start_field(run: podspec.ContainerRun) -> tuple:
    return ("command",) if items(run.data.get("command")) else ("image",)


def _oom(state: dict, run: podspec.ContainerRun) -> bool:
    limited = "--memory" in run.flags
    return bool(state.get("OOMKilled")) or (limited and state.get("ExitCode") == 137)


def _exited(run: podspec.ContainerRun, code: int | None, error: str, logs: list[str], init: bool = False, oom: bool = False, job: bool = False) -> Observation:
    logs = tuple(logs[-LOG_TAIL:])
    who = f"init container {run.name}" if init else f"container {run.name}"
    if oom:
        limit = mapping(mapping(run.data.get("resources")).get("limits")).get("memory")
        return Observation("VF006", f"{who} was killed for running out of memory (OOMKilled) under its limit of {limit}", at=("resources", "limits", "memory"), logs=logs)
    if code is None:
        return Observation("VF012" if init else "VF005", f"{who} could not start: {error}", at=_start_field(run), logs=logs)
    read_only = any(_READ_ONLY.search(line) for line in logs)
    if read_only and "--read-only" in run.flags:
        return Observation("VF010", f"{who} exited with code {code} writing to its read-only root filesystem", at=("securityContext", "readOnlyRootFilesystem"), logs=logs)
    if init:
        return Observation("VF012", f"{who} exited with code {code}: the pod's containers never start", at=_start_field(run), logs=logs)
    if job:
        return Observation("VF011", f"the Job's {who} exited with code {code}", at=_start_field(run), logs=logs)
    restart = " and the kubelet restarts it over and over (CrashLoopBackOff)"
    detail = f": {error}" if error else ""
    return Observation("VF005", f"{who} exited with code {code}{detail}{restart}", at=_start_field(run), logs=logs)


def _probe_failed(state: _Running, probe: Probe, detail: str, logs: list[str]) -> Observation:
    times = f"{probe.failure_threshold} time{'s' if probe.failure_threshold != 1 else ''} in a row"
    if probe.kind == "startupProbe":
        return Observation("VF009", f"the startup probe failed {times} ({detail}): the kubelet kills the container and restarts it", at=_probe_field(probe.kind, state.run.data), logs=tuple(logs))
    return Observation("VF008", f"the liveness probe failed {times} ({detail}): the kubelet restarts the container over and over", at=_probe_field(probe.kind, state.run.data), logs=tuple(logs))
