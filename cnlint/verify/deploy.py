"""Stage 4 of verify: the manifests on a cluster.

The images go onto the cluster, the objects are checked by a server-side
dry run (a refused object stops here, as it would stop `kubectl apply`),
then applied into a namespace of verify's own. Each workload is polled
until it is ready, has failed, or the deadline passes; those that are not
ready are diagnosed from their pods and events. Whatever happens, the
cluster is cleaned up.
"""

from __future__ import annotations

import time

from cnlint.images import ImageRef
from cnlint.verify.cluster import Cluster, ExistingCluster, KindCluster
from cnlint.verify.kube_status import (
    CLUSTER_SCOPED,
    FAILED,
    READY,
    diagnose,
    hopeless,
    pending_summary,
    pods_of,
    rejected,
    rewrite,
    same_kind,
    workload_state,
)
from cnlint.verify.observe import Observation

POLL = 2.0  # seconds between two looks at the workloads
# The resource kubectl gets for each kind verify waits on.
WAITED = {
    "Deployment": "deployments.apps",
    "StatefulSet": "statefulsets.apps",
    "DaemonSet": "daemonsets.apps",
    "ReplicaSet": "replicasets.apps",
    "ReplicationController": "replicationcontrollers",
    "Job": "jobs.batch",
    "Pod": "pods",
}


def _silent(_message: str) -> None:
    pass


def cluster_for(options) -> Cluster:
    """The cluster `options.runtime` names: "kind" (options.cluster, a kind
    cluster to reuse) or "cluster" (options.kube_context, an existing one)."""
    if options.runtime == "kind":
        return KindCluster(options.cluster, keep=options.keep)
    return ExistingCluster(options.kube_context, keep=options.keep)


def deploy_project(project, options, built: dict[str, str], progress=_silent, skip_images=frozenset(), cluster: Cluster | None = None) -> list[Observation]:
    """Stage 4 for a linted project: every manifest object, but those whose
    pods run an image that did not build (`skip_images`, names without tag)."""
    manifests = []
    for f in project.of_kind("kubernetes"):
        if f.path in project.context:
            continue  # read for context only: not the service's own manifests
        for obj in f.objects:
            images = {ImageRef.parse(str(c.get("image"))).name for _, c in obj.containers() if c.get("image")}
            if images & set(skip_images):
                progress(f"{obj.kind}/{obj.name}: not deployed, its image does not build")
                continue
            manifests.append((obj, f.path))
    return run(cluster or cluster_for(options), manifests, built, options.timeouts["deploy"], progress)


def run(cluster, manifests: list, images: dict[str, str], deadline: float = 300, progress=_silent, clock=time.monotonic, sleep=time.sleep) -> list[Observation]:
    """Deploy `manifests` ((KubeObject, display path) pairs) with the built
    `images` (image name -> local tag) on `cluster`; what went wrong.

    Raises cluster.ClusterUnavailable when there is no cluster to use.
    Cleans up in every case, Ctrl-C included; `cluster.keep` keeps it all.
    """
    try:
        progress(f"starting the {cluster.describe()}")
        cluster.start()
        tags = sorted(set(images.values()))
        if tags and cluster.loads_images:
            progress(f"loading {len(tags)} image{'s' if len(tags) != 1 else ''} into the {cluster.describe()}")
            cluster.load_images(tags)
        namespace = cluster.create_namespace()
        chosen = _chosen(cluster, manifests, progress)
        if not chosen:
            return []
        policy = "Never" if cluster.loads_images else "IfNotPresent"
        bodies = {id(obj): rewrite(obj, images, namespace, policy) for obj, _ in chosen}
        by_identity = {(obj.kind, obj.name): (obj, path) for obj, path in chosen}

        progress(f"checking {len(chosen)} object{'s' if len(chosen) != 1 else ''} with a server-side dry run in namespace {namespace}")
        errors = cluster.apply([bodies[id(obj)] for obj, _ in chosen], dry_run=True)
        unknown = {(e.kind, e.name) for e in errors if e.unknown_kind}
        errors = [e for e in errors if not e.unknown_kind]
        if errors:
            return rejected(by_identity, errors)
        kept = []
        for obj, path in chosen:
            if any(_names(obj, kind, name) for kind, name in unknown):
                progress(f"skipping {obj.kind} '{obj.name}': the cluster has no such kind (its CustomResourceDefinition is not installed)")
            else:
                kept.append((obj, path))

        if not kept:
            return []
        progress(f"applying {len(kept)} object{'s' if len(kept) != 1 else ''}")
        errors = cluster.apply([bodies[id(obj)] for obj, _ in kept], dry_run=False)
        if errors:
            return rejected(by_identity, errors)
        return _wait(cluster, namespace, kept, deadline, progress, clock, sleep)
    finally:
        for note in cluster.cleanup():
            progress(note)


def _chosen(cluster, manifests: list, progress) -> list:
    """The objects to apply, in an order the API server accepts: namespaces
    and CRDs first, workloads last, so their pods find what they use."""
    out = []
    for obj, path in manifests:
        if obj.kind in CLUSTER_SCOPED and not cluster.scratch:
            progress(f"leaving out {obj.kind} '{obj.name}': verify creates nothing outside its namespace on a cluster it does not own")
            continue
        out.append((obj, path))

    def order(entry) -> int:
        obj = entry[0]
        if obj.kind in ("Namespace", "CustomResourceDefinition"):
            return 0
        return 2 if obj.pod_template() is not None else 1

    return sorted(out, key=order)


def _names(obj, kind: str | None, name: str | None) -> bool:
    return name == obj.name and (kind is None or same_kind(kind, obj.kind))


def _wait(cluster, namespace: str, applied: list, deadline: float, progress, clock, sleep) -> list[Observation]:
    workloads = [(obj, path) for obj, path in applied if obj.kind in WAITED and obj.pod_template() is not None]
    if not workloads:
        return []
    progress(f"waiting up to {deadline:g} s for {', '.join(f'{obj.kind}/{obj.name}' for obj, _ in workloads)}")
    start = clock()
    while True:
        live, pods = _look(cluster, namespace, workloads)
        waiting = [w for w in workloads if not _settled(w[0], live.get((w[0].kind, w[0].name)), pods)]
        if not waiting or clock() - start >= deadline:
            break
        sleep(POLL)
    failing = [(obj, path) for obj, path in workloads if _state(live.get((obj.kind, obj.name))) != READY]
    if not failing:
        progress("every workload is ready")
        return []
    events = cluster.events(namespace)

    def logs(pod: str, container: str, previous: bool) -> list[str]:
        return cluster.logs(pod, container, previous=previous)

    out = []
    for obj, path in failing:
        current = live.get((obj.kind, obj.name))
        mine = pods_of(obj, pods)
        found = diagnose(obj, mine, events, logs, status=(current or {}).get("status"), path=path)
        if not found:
            summary = pending_summary(current, mine)
            message = f"{obj.kind} '{obj.name}' was not ready within {deadline:g} s" + (f": {summary}" if summary else "")
            found = [Observation("VF017", message, obj=obj, path=path, spec_key=(), at=())]
        out.extend(found)
    return out


def _look(cluster, namespace: str, workloads: list) -> tuple[dict, list[dict]]:
    """The live workloads by (kind, name), and the namespace's pods."""
    fetched = {resource: cluster.get(resource, namespace) for resource in sorted({WAITED[obj.kind] for obj, _ in workloads})}
    live = {}
    for resource, found in fetched.items():
        kind = next(k for k, r in WAITED.items() if r == resource)
        for item in found:
            live[(kind, (item.get("metadata") or {}).get("name"))] = item
    pods = fetched["pods"] if "pods" in fetched else cluster.get("pods", namespace)
    return live, pods


def _state(current: dict | None) -> str:
    return workload_state(current) if current is not None else "pending"


def _settled(obj, current: dict | None, pods: list[dict]) -> bool:
    state = _state(current)
    if state in (READY, FAILED):
        return True
    return any(hopeless(pod) for pod in pods_of(obj, pods))
