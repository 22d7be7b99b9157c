"""The Go runtime in the pod: termination against signal handling and
shutdown, CPU limits against GOMAXPROCS."""

from __future__ import annotations

from cnlint.checks import Checks
from cnlint.cross.program import Programs, env_setting, facts_of, runs_main
from cnlint.cross.seams import ALL_KINDS, Side, seam
from cnlint.cross.service import Services
from cnlint.kubernetes.common import as_int, mapping

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


# ---- SIGTERM ---------------------------------------------------------------------------


def _known_signal(name: str) -> bool:
    return name.startswith("SIG") or name in ("Interrupt", "Kill")


def _may_handle_sigterm(program) -> bool:
    for facts in program.facts:
        if facts.shutdowns or any(s.catches_sigterm or not all(_known_signal(n) for n in s.signals) for s in facts.signals):
            return True
    if any(path.startswith(LIFECYCLE) or (path.endswith(("/signals", "/signal")) and path != "os/signal") for path in program.imports):
        return True
    return program.says(".GracefulStop(", ".Shutdown(")


@checks.project("XA008", reads=ALL_KINDS)
def sigterm_not_handled(project, ctx):
    by_main: dict = {}
    for service in project.view(Services).services:
        if service.main is not None:
            entry = by_main.setdefault(id(service.main), (service.main, []))
            entry[1].extend(c for c in service.containers if c.obj.kind in ROLLED and runs_main(c, service))
    for main, containers in by_main.values():
        listens = facts_of(main).listens
        if not listens or not containers:
            continue
        program = project.view(Programs).of(main)
        if not program.complete or _may_handle_sigterm(program):
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


def _untold_limits(project, resource: str, setting: str, told):
    """(service, program, container, limit) for each container with a
    `resource` limit whose Go program is not told it: `told(program)` is
    False, and neither the container nor the image sets the `setting` env."""
    for service in project.view(Services).services:
        if service.main is None:
            continue
        program = project.view(Programs).of(service.main)
        if not program.complete or told(program) or program.says(setting):
            continue
        for container in service.containers:
            limit = mapping(mapping(container.data.get("resources")).get("limits")).get(resource)
            if limit is not None and runs_main(container, service) and env_setting(container, service, setting) is None:
                yield service, program, container, limit


def _limit_side(container, resource: str) -> Side:
    return Side(container.path, container.obj.key_span(container.key + ("resources", "limits", resource)), f"the {resource} limit")


@checks.project("XA009", reads=ALL_KINDS)
def cpu_limit_without_gomaxprocs(project, ctx):
    def told(program) -> bool:
        from cnlint.golang.gomod import minor  # the Go stack, only once there is a Go program

        mod = program.go_mod
        old = mod is not None and mod.go is not None and mod.language_version is not None and minor(mod.language_version) < GOMAXPROCS_DEFAULT_FROM
        return not old or any(f.sets_gomaxprocs for f in program.facts)

    for _, program, container, limit in _untold_limits(project, "cpu", "GOMAXPROCS", told):
        mod = program.go_mod
        message = (
            f"container '{container.name}' has a CPU limit of {limit}, but its Go program (go {mod.go.args[0]} in {mod.path}) sets GOMAXPROCS "
            "to the node's CPU count, not the limit: it runs more threads than it may use and is throttled; "
            "set the GOMAXPROCS env from limits.cpu, import go.uber.org/automaxprocs, or move to go 1.25"
        )
        side = Side(mod.path, mod.go.span, f"go {mod.go.args[0]}: GOMAXPROCS ignores the limit")
        finding = seam(project, message, _limit_side(container, "cpu"), side, logical=container.obj.logical)
        if finding is not None:
            yield finding


# ---- the grace period --------------------------------------------------------------------


@checks.project("XA010", reads=ALL_KINDS)
def shutdown_longer_than_grace_period(project, ctx):
    seen = set()
    for service in project.view(Services).services:
        if service.main is None:
            continue
        shutdown = next((s for s in facts_of(service.main).shutdowns if s.timeout is not None), None)
        if shutdown is None:
            continue
        for container in service.containers:
            key = (id(container.obj), container.spec_key)
            grace = container.spec.get("terminationGracePeriodSeconds")
            seconds = 30 if grace is None else as_int(grace)
            if key in seen or seconds is None or shutdown.timeout <= seconds or not runs_main(container, service):
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


# ---- GOMEMLIMIT -------------------------------------------------------------------------


@checks.project("XA014", reads=ALL_KINDS)
def memory_limit_without_gomemlimit(project, ctx):
    def told(program) -> bool:
        return any(f.sets_gomemlimit for f in program.facts) or program.says("SetMemoryLimit(")

    for _, program, container, limit in _untold_limits(project, "memory", "GOMEMLIMIT", told):
        message = (
            f"container '{container.name}' has a memory limit of {limit}, but its Go program's garbage collector "
            "does not know it (no GOMEMLIMIT): the heap may grow past the limit and the container be OOMKilled; "
            "set the GOMEMLIMIT env from limits.memory"
        )
        finding = seam(project, message, _limit_side(container, "memory"), Side(*program.where()), logical=container.obj.logical)
        if finding is not None:
            yield finding
