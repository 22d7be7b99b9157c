"""The Go runtime in the pod: termination against signal handling and
shutdown, CPU limits against GOMAXPROCS."""

from __future__ import annotations

from pathlib import Path

from cnlint.checks import Checks
from cnlint.cross.seams import ALL_KINDS, Side, seam
from cnlint.cross.service import Services, real
from cnlint.golang.gomod import minor
from cnlint.golang.index import Packages
from cnlint.kubernetes.common import as_int, items, mapping

checks = Checks()
ROLLED = ("Deployment", "StatefulSet")
# Imports that handle termination for the program (or may: a signals package of its own).
LIFECYCLE = (
    "go.uber.org/fx", "github.com/oklog/run", "knative.dev/pkg/signals", "sigs.k8s.io/controller-runtime",
    "k8s.io/apiserver/pkg/server", "github.com/cloudflare/tableflip", "github.com/facebookgo/grace",
    "github.com/fvbock/endless", "github.com/go-kratos/kratos", "go-micro.dev", "github.com/zeromicro/go-zero",
    "github.com/micro/go-micro", "github.com/kardianos/service",
)
GOMAXPROCS_DEFAULT_FROM = 25  # Go 1.25 sizes GOMAXPROCS by the cgroup CPU limit


def server_facts(package):
    """The package's ServerFacts (imported here: linting a Dockerfile alone loads no Go parser)."""
    from cnlint.golang.facts import server_facts as read

    return read(package)


def _program(project, main) -> tuple[list, bool]:
    """The main package and the packages of its own module it imports,
    transitively, and whether every one of them is among the linted files."""
    modules = {real(g.absolute).parent: g for g in project.of_kind("gomod") if g.absolute is not None and g.module and g.module.args}
    packages = {real(Path(p.directory)): p for p in project.view(Packages) if not p.name.endswith("_test")}
    directory = real(Path(main.directory))
    root = next((d for d in (directory, *directory.parents) if d in modules), None)
    found, complete = [main], root is not None
    if root is None:
        return found, complete
    module, seen = modules[root].module.args[0], {directory}
    for package in found:
        for path in sorted(package.imports):
            if not path.startswith(module + "/"):
                continue
            where = real(root / path[len(module) + 1 :])
            if packages.get(where) is None:
                complete = False
            elif where not in seen:
                seen.add(where)
                found.append(packages[where])
    return found, complete


def _go_mod(project, main):
    """The go.mod governing the main package."""
    mods = {real(g.absolute).parent: g for g in project.of_kind("gomod") if g.absolute is not None}
    directory = real(Path(main.directory))
    return next((mods[d] for d in (directory, *directory.parents) if d in mods), None)


def _runs_main(container, service) -> bool:
    command = container.data.get("command")
    if command is None:
        return True
    start = service.facts.entrypoint if service.facts is not None else None
    return bool(isinstance(command, list) and command and start is not None and start.argv and not start.shell_form and command[0] == start.argv[0])


def _source_says(packages, *texts) -> bool:
    return any(t in doc.source.text for p in packages for doc in p.files if not doc.path.endswith("_test.go") for t in texts)


# ---- SIGTERM ---------------------------------------------------------------------------


def _known_signal(name: str) -> bool:
    return name.startswith("SIG") or name in ("Interrupt", "Kill")


def _may_handle_sigterm(packages) -> bool:
    for facts in (server_facts(p) for p in packages):
        if facts.shutdowns or any(s.catches_sigterm or not all(_known_signal(n) for n in s.signals) for s in facts.signals):
            return True
    imports = {path for p in packages for path in p.imports}
    if any(path.startswith(LIFECYCLE) or (path.endswith(("/signals", "/signal")) and path != "os/signal") for path in imports):
        return True
    return _source_says(packages, ".GracefulStop(", ".Shutdown(")


@checks.project("XA008", reads=ALL_KINDS)
def sigterm_not_handled(project, ctx):
    by_main: dict = {}
    for service in project.view(Services).services:
        if service.main is not None:
            entry = by_main.setdefault(id(service.main), (service.main, []))
            entry[1].extend(c for c in service.containers if c.obj.kind in ROLLED and _runs_main(c, service))
    for main, containers in by_main.values():
        listens = server_facts(main).listens
        if not listens or not containers:
            continue
        packages, complete = _program(project, main)
        if not complete or _may_handle_sigterm(packages):
            continue
        kinds = sorted({f"{c.obj.kind} '{c.obj.name}'" for c in containers})
        message = (
            f"this Go server never handles SIGTERM (no signal.Notify for it, no Shutdown or GracefulStop), and {', '.join(kinds)} runs it: "
            "on every rollout the process dies at once and its in-flight requests are dropped; "
            "catch SIGTERM with signal.NotifyContext and call the server's Shutdown (GracefulStop for gRPC)"
        )
        sides = [Side(listens[0].path, listens[0].span, "the server")]
        sides += [Side(c.path, c.obj.value_span(("metadata", "name")) if c.obj.name else c.span("name"), f"{c.obj.kind} '{c.obj.name}' rolls it") for c in containers]
        finding = seam(project, message, *sides)
        if finding is not None:
            yield finding


# ---- GOMAXPROCS -------------------------------------------------------------------------


def _sets_env(container, image_facts, name: str) -> bool:
    if container.data.get("envFrom") is not None:
        return True
    if any(mapping(e).get("name") == name for e in items(container.data.get("env"))):
        return True
    return image_facts is not None and name in image_facts.env


@checks.project("XA009", reads=ALL_KINDS)
def cpu_limit_without_gomaxprocs(project, ctx):
    for service in project.view(Services).services:
        if service.main is None:
            continue
        mod = _go_mod(project, service.main)
        if mod is None or mod.go is None or mod.language_version is None or minor(mod.language_version) >= GOMAXPROCS_DEFAULT_FROM:
            continue
        packages, complete = _program(project, service.main)
        if not complete or any(server_facts(p).sets_gomaxprocs for p in packages) or _source_says(packages, "GOMAXPROCS"):
            continue
        for container in service.containers:
            limits = mapping(mapping(container.data.get("resources")).get("limits"))
            if limits.get("cpu") is None or not _runs_main(container, service) or _sets_env(container, service.facts, "GOMAXPROCS"):
                continue
            message = (
                f"container '{container.name}' has a CPU limit of {limits['cpu']}, but its Go program (go {mod.go.args[0]} in {mod.path}) sets GOMAXPROCS "
                "to the node's CPU count, not the limit: it runs more threads than it may use and is throttled; "
                "set the GOMAXPROCS env from limits.cpu, import go.uber.org/automaxprocs, or move to go 1.25"
            )
            finding = seam(
                project,
                message,
                Side(container.path, container.obj.key_span(container.key + ("resources", "limits", "cpu")), "the CPU limit"),
                Side(mod.path, mod.go.span, f"go {mod.go.args[0]}: GOMAXPROCS ignores the limit"),
                logical=container.obj.logical,
            )
            if finding is not None:
                yield finding


# ---- the grace period --------------------------------------------------------------------


@checks.project("XA010", reads=ALL_KINDS)
def shutdown_longer_than_grace_period(project, ctx):
    seen = set()
    for service in project.view(Services).services:
        if service.main is None:
            continue
        shutdown = next((s for s in server_facts(service.main).shutdowns if s.timeout is not None), None)
        if shutdown is None:
            continue
        for container in service.containers:
            key = (id(container.obj), container.spec_key)
            grace = container.spec.get("terminationGracePeriodSeconds")
            seconds = 30 if grace is None else as_int(grace)
            if key in seen or seconds is None or shutdown.timeout <= seconds or not _runs_main(container, service):
                continue
            seen.add(key)
            given = f"terminationGracePeriodSeconds is {seconds}" if grace is not None else "it keeps the default terminationGracePeriodSeconds of 30"
            message = (
                f"the Go program gives its server {shutdown.timeout:g}s to shut down, but {given}: "
                "the kubelet kills it before the in-flight requests finish; "
                f"raise terminationGracePeriodSeconds above {shutdown.timeout:g} or shorten the shutdown timeout"
            )
            unset = container.span("name") if "name" in container.data else container.span("image")
            where = container.obj.key_span(container.spec_key + ("terminationGracePeriodSeconds",)) if grace is not None else unset
            finding = seam(
                project,
                message,
                Side(container.path, where, f"{seconds}s to terminate"),
                Side(shutdown.path, shutdown.span, f"a {shutdown.timeout:g}s shutdown"),
                logical=container.obj.logical,
            )
            if finding is not None:
                yield finding
