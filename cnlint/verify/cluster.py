"""A Kubernetes cluster for verify, driven through the kind and kubectl CLIs.

Only the command-line tools a developer already has are used, so what verify
reports is what `kubectl apply` would have told them, and their kubeconfig
and credentials stay kubectl's business. Every call has a timeout: a cluster
that stops answering fails the run instead of hanging it.

Everything a run makes (a namespace, a kind cluster) is named
`cnlint-verify-<random>` and removed by `cleanup()`, which is safe to call
more than once and from a `finally` on Ctrl-C.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import subprocess
import tempfile
from dataclasses import dataclass

KIND_INSTALL = "https://kind.sigs.k8s.io/docs/user/quick-start/#installation"
NOT_INSTALLED = {
    "kind": f"kind is not installed ({KIND_INSTALL})",
    "kubectl": "kubectl is not installed",
}
RUNTIME_TOOLS = {"kind": ("kind", "kubectl"), "cluster": ("kubectl",)}
MANAGER = "cnlint-verify"  # the field manager of what verify applies, and the label on what it creates
TIMEOUT = 60  # seconds, one kubectl call
APPLY_TIMEOUT = 180
CREATE_TIMEOUT = 600  # the first kind cluster pulls its node image
LOAD_TIMEOUT = 600
DELETE_TIMEOUT = 180
REQUEST_TIMEOUT = "30s"  # kubectl's own limit on one request to the API server


class ClusterUnavailable(Exception):
    """No cluster to verify on: a tool is missing, kind failed, or the API server does not answer."""


@dataclass(frozen=True)
class ApplyError:
    """One object kubectl apply refused, as kubectl names it."""

    kind: str | None  # Deployment, Deployment.apps or deployments.apps
    name: str | None
    message: str  # without kubectl's "Error from server (...)" and "error when ... "STDIN"" prefixes

    @property
    def unknown_kind(self) -> bool:
        """Whether the cluster has no such kind (a custom resource whose CRD is not installed)."""
        return "no matches for kind" in self.message or "doesn't have a resource type" in self.message


def missing_tools(runtime: str, which=shutil.which) -> list[str]:
    """The command-line tools `runtime` ("kind" or "cluster") needs and this machine lacks."""
    return [tool for tool in RUNTIME_TOOLS.get(runtime, ()) if which(tool) is None]


def require_tools(runtime: str, which=shutil.which) -> None:
    missing = missing_tools(runtime, which)
    if missing:
        raise ClusterUnavailable("; ".join(NOT_INSTALLED[tool] for tool in missing))


def fresh_name() -> str:
    return f"{MANAGER}-{secrets.token_hex(3)}"


_KLOG = re.compile(r"^[IWEF]\d{4} ")  # kubectl's internal log lines, which repeat what its own message says


def _tail(text: str, lines: int = 3) -> str:
    kept = [line.strip() for line in (text or "").splitlines() if line.strip() and not _KLOG.match(line)]
    return " / ".join(kept[-lines:]) or "no output"


class Cluster:
    """A cluster verify can deploy to: start(), then create_namespace(),
    load_images(), apply(), get(), events(), logs(), and always cleanup()."""

    loads_images = False  # load_images puts images on the nodes, so pods must never pull them
    scratch = False  # objects outside the namespace (ClusterRoles, CRDs...) may be created

    def __init__(self, keep: bool = False, runner=subprocess.run, which=shutil.which):
        self.keep = keep
        self.runner = runner
        self.which = which
        self.namespace: str | None = None
        self._namespaces: list[str] = []  # made by this run, to delete

    # ---- what a kind of cluster decides --------------------------------------

    def kubectl_flags(self) -> list[str]:
        return []

    def describe(self) -> str:
        raise NotImplementedError

    def start(self) -> None:
        """Make the cluster ready to use; raises ClusterUnavailable."""

    def load_images(self, tags: list[str]) -> None:
        """Put locally built images where the cluster's nodes find them."""

    # ---- the same on every cluster -----------------------------------------------

    def create_namespace(self) -> str:
        """A fresh namespace, deleted by cleanup(); later calls work in it."""
        name = fresh_name()
        body = {"apiVersion": "v1", "kind": "List", "items": [
            {"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": name, "labels": {"app.kubernetes.io/managed-by": MANAGER}}},
            # Pods are refused until the namespace has its default ServiceAccount;
            # applying it here saves waiting for the controller that makes it.
            {"apiVersion": "v1", "kind": "ServiceAccount", "metadata": {"name": "default", "namespace": name}},
        ]}
        self._namespaces.append(name)  # first: an interrupted call may still have made it
        self._kubectl(["apply", "--server-side", "--field-manager", MANAGER, "-f", "-"], input=json.dumps(body))
        self.namespace = name
        return name

    def apply(self, objects: list[dict], dry_run: bool) -> list[ApplyError]:
        """Server-side apply `objects` into the namespace; the objects refused.

        With dry_run the API server runs admission and validation and stores
        nothing. An error that names no object (the server cannot be reached,
        the credentials are refused) raises ClusterUnavailable instead.
        """
        args = ["apply", "--server-side", "--field-manager", MANAGER, "-f", "-", "-o", "json"]
        if self.namespace:
            args += ["-n", self.namespace]
        if dry_run:
            args.append("--dry-run=server")
        body = json.dumps({"apiVersion": "v1", "kind": "List", "items": objects})
        done = self._kubectl(args, APPLY_TIMEOUT, input=body, check=False)
        if done.returncode == 0:
            return []
        errors = apply_errors(done.stderr)
        if not any(e.kind or e.name for e in errors):
            raise ClusterUnavailable(f"kubectl apply failed: {_tail(done.stderr)}")
        return errors

    def get(self, kind: str, namespace: str) -> list[dict]:
        """The items of `kubectl get KIND -n NAMESPACE -o json`."""
        done = self._kubectl(["get", kind, "-n", namespace, "-o", "json"])
        try:
            items = json.loads(done.stdout).get("items")
        except (ValueError, AttributeError):
            raise ClusterUnavailable(f"kubectl get {kind} did not print JSON: {_tail(done.stdout)}") from None
        return [item for item in items or [] if isinstance(item, dict)]

    def events(self, namespace: str) -> list[dict]:
        return self.get("events", namespace)

    def logs(self, pod: str, container: str, previous: bool = False, tail: int = 20, namespace: str | None = None) -> list[str]:
        """The last lines a container printed; [] when it has no log (it never started)."""
        args = ["logs", pod, "-c", container, "-n", namespace or self.namespace or "default", f"--tail={tail}"]
        if previous:
            args.append("--previous")
        done = self._kubectl(args, check=False)
        return done.stdout.splitlines() if done.returncode == 0 else []

    def cleanup(self) -> list[str]:
        """Delete what this run made, once; return notes on what is left behind."""
        namespaces, self._namespaces = self._namespaces, []
        if self.keep:
            return [f"kept namespace {ns} ({self.describe()})" for ns in namespaces]
        notes = []
        for ns in namespaces:
            try:
                done = self._kubectl(["delete", "namespace", ns, "--wait=false", "--ignore-not-found"], check=False)
            except ClusterUnavailable as exc:
                notes.append(f"could not delete namespace {ns}: {exc}")
                continue
            if done.returncode != 0:
                notes.append(f"could not delete namespace {ns}: {_tail(done.stderr)}")
        return notes

    # ---- running the tools -------------------------------------------------------

    def _run(self, argv: list[str], timeout: float, input: str | None = None, what: str | None = None):
        what = what or " ".join(argv[:2])
        try:
            # Logs may hold any bytes: a stray one must not fail the run.
            return self.runner(argv, input=input, capture_output=True, encoding="utf-8", errors="replace", timeout=timeout)
        except subprocess.TimeoutExpired:
            raise ClusterUnavailable(f"{what} did not finish within {timeout:g} s") from None
        except FileNotFoundError:
            raise ClusterUnavailable(NOT_INSTALLED.get(argv[0], f"{argv[0]} is not installed")) from None

    def _kubectl(self, args: list[str], timeout: float = TIMEOUT, input: str | None = None, check: bool = True):
        argv = ["kubectl", *self.kubectl_flags(), f"--request-timeout={REQUEST_TIMEOUT}", *args]
        done = self._run(argv, timeout, input, what=f"kubectl {args[0]}")
        if check and done.returncode != 0:
            raise ClusterUnavailable(f"kubectl {args[0]} failed: {_tail(done.stderr)}")
        return done


class KindCluster(Cluster):
    """A kind cluster: a throwaway one named cnlint-verify-<random>, or the
    one named `name`, reused. It is deleted on cleanup if this run created
    it, unless `keep`. kind writes its credentials to a kubeconfig of this
    run's own, so the user's kubeconfig and current context are untouched."""

    loads_images = True
    scratch = True

    def __init__(self, name: str | None = None, keep: bool = False, runner=subprocess.run, which=shutil.which):
        super().__init__(keep, runner, which)
        self.name = name or fresh_name()
        self.created = False
        self._dir: str | None = None

    @property
    def kubeconfig(self) -> str | None:
        return os.path.join(self._dir, "kubeconfig") if self._dir else None

    def kubectl_flags(self) -> list[str]:
        flags = ["--kubeconfig", self.kubeconfig] if self.kubeconfig else []
        return [*flags, "--context", f"kind-{self.name}"]

    def describe(self) -> str:
        return f"kind cluster {self.name}"

    def start(self) -> None:
        require_tools("kind", self.which)
        if self._dir is None:
            self._dir = tempfile.mkdtemp(prefix=f"{MANAGER}-")
        if self.name in self._clusters():
            done = self._kind(["get", "kubeconfig", "--name", self.name])
            with open(self.kubeconfig, "w", encoding="utf-8") as out:
                out.write(done.stdout)
            return
        self.created = True  # first: an interrupted create leaves a node container to remove
        argv = ["kind", "create", "cluster", "--name", self.name, "--kubeconfig", self.kubeconfig, "--wait", "120s"]
        done = self._run(argv, CREATE_TIMEOUT, what="kind create cluster")
        if done.returncode != 0:
            raise ClusterUnavailable(f"kind could not create a node: {_tail(done.stderr)}")

    def load_images(self, tags: list[str]) -> None:
        if tags:
            self._kind(["load", "docker-image", *tags, "--name", self.name], LOAD_TIMEOUT)

    def cleanup(self) -> list[str]:
        notes: list[str] = []
        if self.created and not self.keep:
            self.created, self._namespaces = False, []  # the namespaces go with the cluster
            try:
                done = self._run(["kind", "delete", "cluster", "--name", self.name, "--kubeconfig", self.kubeconfig], DELETE_TIMEOUT, what="kind delete cluster")
                if done.returncode != 0:
                    notes.append(f"could not delete kind cluster {self.name}: {_tail(done.stderr)}")
            except ClusterUnavailable as exc:
                notes.append(f"could not delete kind cluster {self.name}: {exc}")
        else:
            notes += super().cleanup()
            if self.created and self.keep:
                self.created = False
                notes.append(f"kept kind cluster {self.name}: `kind export kubeconfig --name {self.name}` gives kubectl its context")
        if self._dir is not None:
            shutil.rmtree(self._dir, ignore_errors=True)
            self._dir = None
        return notes

    def _clusters(self) -> list[str]:
        return self._kind(["get", "clusters"]).stdout.split()

    def _kind(self, args: list[str], timeout: float = TIMEOUT):
        done = self._run(["kind", *args], timeout, what=f"kind {' '.join(args[:2])}")
        if done.returncode != 0:
            raise ClusterUnavailable(f"kind {' '.join(args[:2])} failed: {_tail(done.stderr)}")
        return done


class ExistingCluster(Cluster):
    """A cluster kubectl already reaches, by context (None: the current one).

    Only a namespace of its own is created there, and objects outside a
    namespace are left out. load_images() does nothing: the images must be
    pushed, under the tags the manifests are rewritten to, to a registry the
    cluster's nodes pull from.
    """

    def __init__(self, context: str | None = None, keep: bool = False, runner=subprocess.run, which=shutil.which):
        super().__init__(keep, runner, which)
        self.context = context

    def kubectl_flags(self) -> list[str]:
        return ["--context", self.context] if self.context else []

    def describe(self) -> str:
        return f"cluster of context {self.context}" if self.context else "cluster of the current context"

    def start(self) -> None:
        require_tools("cluster", self.which)
        if self.context is None:
            done = self._run(["kubectl", "config", "current-context"], TIMEOUT, what="kubectl config")
            if done.returncode != 0:
                raise ClusterUnavailable(f"kubectl has no current context: {_tail(done.stderr)}")
            return
        done = self._run(["kubectl", "config", "get-contexts", "-o", "name"], TIMEOUT, what="kubectl config")
        if self.context not in done.stdout.split():
            raise ClusterUnavailable(f"kubectl has no context named {self.context}")


# ---- kubectl's error output ---------------------------------------------------------------

_FROM_SERVER = re.compile(r"^Error from server(?: \([^)]*\))?: ")
_INVALID_ONE = re.compile(r'^The (\S+) "([^"]*)" is invalid')  # kubectl's form when one object is refused
_SOURCE = re.compile(r'^error when [^"]*"[^"]*": ')
_TYPED_PATCH = re.compile(r"\((?:[^/;()]*)/([^;()]+); [^,()]*, Kind=(\w+)\)")
_MAPPING = re.compile(r'resource mapping not found for name: "([^"]*)".*?no matches for kind "([^"]+)"', re.S)
_NAMED = re.compile(r'^([A-Za-z][\w.-]*) "([^"]*)"')
_HANDLED_AS = re.compile(r"cannot be handled as an? (\w+)")
_GENERATE_NAME = re.compile(r"^from (\S+): cannot use generate name")


def apply_errors(stderr: str) -> list[ApplyError]:
    """The objects `kubectl apply` refused, from what it printed on stderr.

    Several refused objects print one `Error from server (Reason): ...` line
    each; a single invalid one prints `The Kind "name" is invalid: ...`,
    with its causes on `* ` lines when there are several.
    """
    entries: list[str] = []
    for line in stderr.splitlines():
        if not line.strip() or line.startswith("Warning:"):
            continue
        if _FROM_SERVER.match(line) or _INVALID_ONE.match(line) or line.startswith("error: "):
            entries.append(line)
        elif entries:
            entries[-1] += "\n" + line
    return [_apply_error(entry) for entry in entries]


def _apply_error(entry: str) -> ApplyError:
    one = _INVALID_ONE.match(entry)
    if one:
        return ApplyError(one.group(1), one.group(2), entry[len("The "):])
    text = _FROM_SERVER.sub("", entry, count=1)
    if text.startswith("error: "):
        text = text[len("error: "):]
    text = _SOURCE.sub("", text, count=1)
    for pattern, name_group, kind_group in ((_TYPED_PATCH, 1, 2), (_MAPPING, 1, 2), (_NAMED, 2, 1)):
        found = pattern.search(text)
        if found:
            return ApplyError(found.group(kind_group), found.group(name_group), text)
    handled = _HANDLED_AS.search(text)
    if handled:
        return ApplyError(handled.group(1), None, text)
    generated = _GENERATE_NAME.match(text)
    return ApplyError(None, generated.group(1) if generated else None, text)
