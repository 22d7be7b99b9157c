"""One verify run: lint, build, inspect, run the pods (or deploy), and
turn what was observed into VF diagnostics. Whatever happens (a failure,
a timeout, Ctrl-C, SIGTERM) what the run made is removed, unless --keep."""

from __future__ import annotations

import signal
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager

from cnlint.diagnostics import severity_rank
from cnlint.verify import plan as planning
from cnlint.verify.build import build, content_tag
from cnlint.verify.docker import Docker
from cnlint.verify.findings import finding
from cnlint.verify.observe import Observation
from cnlint.verify.options import Options
from cnlint.verify.pod import PodRunner
from cnlint.verify.podspec import Objects

PARALLEL_PODS = 4  # pods run at once on docker


def run(engine, inputs, options: Options, progress) -> tuple[object, list]:
    """(the result with every diagnostic, lint's and verify's)."""
    result = engine.lint(inputs)
    if options.lint:
        if any(severity_rank(d.severity) >= severity_rank("error") for d in result.diagnostics):
            progress("lint found errors: nothing is built (fix them, or pass --no-lint)")
            return result, []
    else:
        result.diagnostics = []
    observations = observe(result.project, options, progress)
    result.diagnostics = sorted(result.diagnostics + diagnostics(engine, result, observations), key=lambda d: d.sort_key())
    return result, observations


def observe(project, options: Options, progress) -> list[Observation]:
    if options.runtime != "docker":
        from cnlint.verify.cluster import require_tools

        require_tools(options.runtime)  # before anything is built
    docker = Docker.find(keep=options.keep)
    progress(f"run {docker.run_id}: docker at {docker.cli}, images built with {docker.builder.how} ({docker.builder.cli})")
    with _terminated_as_interrupt():
        try:
            return _stages(docker, project, options, progress)
        finally:
            progress("removing what verify made" if not options.keep else f"keeping what verify made (label dev.cnlint.verify={docker.run_id})")
            docker.cleanup()


def _stages(docker: Docker, project, options: Options, progress) -> list[Observation]:
    found: list[Observation] = []
    builds = planning.builds(project, options.build_args)
    if not builds and not planning.pods(project):
        progress("nothing to verify: no Dockerfile is linked to an image the manifests run, and no manifest runs a pod")
        return found
    failed_images = set()
    for item in builds:
        item.tag = content_tag(item)
        progress(f"building {item.image} from {item.dockerfile.path}" + (f" (target {item.target})" if item.target else "") + f" as {item.tag}")
        obs = build(docker, item, options.timeouts["build"], options.pull)
        if obs is not None:
            found.append(obs)
            failed_images.add(item.image)
    built = {b.image: b.tag for b in builds if b.image not in failed_images}
    if options.runtime == "docker":
        found.extend(_run_pods(docker, project, options, built, failed_images, progress))
    else:
        from cnlint.verify.deploy import deploy_project

        found.extend(deploy_project(project, options, built, progress, skip_images=failed_images))
    return found


def _run_pods(docker: Docker, project, options: Options, built: dict[str, str], failed_images: set[str], progress) -> list[Observation]:
    """Every workload's pod, several at a time (each mostly waits on its
    probes); the observations in the order the pods are written."""
    runner = PodRunner(docker, options, Objects.of(planning.kube_objects(project)), built, progress)
    pods = []
    for pod in planning.pods(project):
        if _images_of(pod) & failed_images:
            progress(f"{pod.obj.kind}/{pod.obj.name}: not run, its image does not build")
        else:
            pods.append(pod)
    if not pods:
        return []
    pool = ThreadPoolExecutor(max_workers=min(PARALLEL_PODS, len(pods)), thread_name_prefix="cnlint-verify-pod")
    try:
        futures = []
        for pod in pods:
            progress(f"{pod.obj.kind}/{pod.obj.name}: starting its pod")
            futures.append(pool.submit(runner.run, pod))
        return [obs for future in futures for obs in future.result()]
    finally:
        if not all(f.done() for f in futures):
            docker.interrupt()  # the pods still running stop at once; cleanup follows
        pool.shutdown(wait=True, cancel_futures=True)


def _images_of(pod) -> set[str]:
    from cnlint.images import ImageRef
    from cnlint.kubernetes.common import containers_of

    return {ImageRef.parse(str(c.get("image") or "")).name for _, c in containers_of(pod.obj, pod.spec_key, pod.spec, ephemeral=False) if c.get("image")}


def diagnostics(engine, result, observations: list[Observation]) -> list:
    """VF diagnostics, less what the config or a suppression comment silences."""
    artifacts = {a.path: a for a in result.project.artifacts} if result.project else {}
    out = []
    for obs in observations:
        where = finding(obs)
        artifact = artifacts.get(where.path)
        settings = artifact.settings if artifact else engine.resolver.for_path(engine.absolute(where.path))
        if obs.code not in engine.enabled(settings):
            continue
        diagnostic = engine.runner.diagnostic(obs.code, where, where.path, settings)._replace(log=obs.logs)
        if artifact is None or not engine.suppressor.silenced(diagnostic, artifact):
            out.append(diagnostic)
    return out


@contextmanager
def _terminated_as_interrupt():
    """SIGTERM (a CI job cancelled, a timeout's kill) cleans up as Ctrl-C does."""

    def interrupt(signum, frame):
        raise KeyboardInterrupt

    try:
        previous = signal.signal(signal.SIGTERM, interrupt)
    except ValueError:  # not the main thread
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)
