"""Probes: what the kubelet asks the container against what its Go
program serves."""

from __future__ import annotations

import re

from cnlint.checks import Checks
from cnlint.cross.program import Programs, env_setting, facts_of
from cnlint.cross.seams import ALL_KINDS, Side, seam
from cnlint.cross.service import Services
from cnlint.kubernetes.common import as_int, items, mapping

checks = Checks()
PROBES = ("livenessProbe", "readinessProbe", "startupProbe")
# Imports that add routes cnlint does not read: the probe path may be one of them.
ROUTES_ELSEWHERE = ("github.com/grpc-ecosystem/grpc-gateway",)
# Imports that register routes on http.DefaultServeMux.
DEFAULT_MUX_ROUTES = {"net/http/pprof": "/debug/pprof/", "expvar": "/debug/vars"}


def _serves_everything(program) -> bool:
    """Whether the program has a ServeHTTP of its own that is no
    middleware (it calls no other handler's ServeHTTP): it may answer
    any path."""
    for package in program.packages:
        for doc in package.files:
            for method in doc.nodes("method_declaration") if not doc.path.endswith("_test.go") else ():
                body = method.child_by_field_name("body")
                if doc.text_of(method.child_by_field_name("name")) == "ServeHTTP" and body is not None and ".ServeHTTP(" not in doc.text_of(body):
                    return True
    return False


def _probes(container, kind: str):
    for probe in PROBES:
        handler = mapping(container.data.get(probe)).get(kind)
        if isinstance(handler, dict):
            yield probe, handler


def _port(container, value) -> int | None:
    """A probe's port: a number, or the name of one of the container's ports."""
    number = as_int(value)
    if number is not None or not isinstance(value, str):
        return number
    for port in items(container.data.get("ports")):
        if mapping(port).get("name") == value:
            return as_int(mapping(port).get("containerPort"))
    return None


def _listen_port(container, service, listen) -> int | None:
    """The port a Listen serves in this container, when known."""
    if listen.flag is not None and container.data.get("args") is not None:
        return None
    if listen.env is None:
        return listen.port
    setting = env_setting(container, service, listen.env)
    if setting is None:
        return listen.port
    text = (setting.value or "").rsplit(":", 1)[-1]
    return int(text) if text.isdigit() else None


def _other_port(container, service, listens, port) -> bool:
    """Whether the probe's port is known to be none of these listeners'."""
    ports = [_listen_port(container, service, listen) for listen in listens]
    return port is not None and bool(ports) and None not in ports and port not in ports


# ---- HTTP paths ----------------------------------------------------------------------


def _segment(text: str) -> tuple[str, bool]:
    """A pattern segment as a regex, and whether it matches the rest of the path."""
    if text == "{$}":
        return "", False
    if text.startswith("*") or re.fullmatch(r"\{[^{}]*\.\.\.\}", text):
        return ".*", True
    if text.startswith(":"):
        return "[^/]+", False
    out, rest = "", text
    while "{" in rest:
        head, _, tail = rest.partition("{")
        out += re.escape(head) + "[^/]*"
        rest = tail.partition("}")[2]
    return out + re.escape(rest), False


def _pattern_regex(pattern: str, prefix: bool) -> str:
    parts = []
    for segment in pattern.split("/"):
        regex, rest = _segment(segment)
        parts.append(regex)
        if rest:
            return "/".join(parts)
    regex = "/".join(parts)
    if prefix:
        return regex  # anything may follow
    return regex.rstrip("/") + "/?$"  # a trailing slash is redirected either way, which the kubelet follows


def _serves(handler, path: str) -> bool:
    if handler.method not in (None, "GET"):
        return False
    pattern = handler.pattern
    if handler.unknown_prefix:
        known = pattern.rstrip("/")
        return path.rstrip("/").endswith(known) or path.startswith(known)
    if handler.prefix and pattern.endswith("/") and path.rstrip("/") == pattern.rstrip("/"):
        return True  # ServeMux redirects /x to /x/
    return re.match(_pattern_regex(pattern, handler.prefix), path) is not None


def _unknowable(program, handlers, container, service) -> bool:
    """Whether the program's routes cannot all be told."""
    return (
        not program.complete
        or not handlers
        or any(h.unknown_prefix and not h.pattern.strip("/") for h in handlers)
        or any(h.host for h in handlers)
        or any(h.env and env_setting(container, service, h.env) is not None for h in handlers)
        or any(path.startswith(ROUTES_ELSEWHERE) for path in program.imports)
        or _serves_everything(program)
    )


@checks.project("XA011", reads=ALL_KINDS)
def probe_path_not_served(project, ctx):
    for service in project.view(Services).services:
        if service.main is None:
            continue
        listens = [x for x in facts_of(service.main).listens if x.protocol == "http"]
        program = project.view(Programs).of(service.main)
        handlers = [h for f in program.facts for h in f.handlers]
        extra = [path for module, path in DEFAULT_MUX_ROUTES.items() if module in program.imports]
        for container in service.containers:
            if container.data.get("command") is not None or _unknowable(program, handlers, container, service):
                continue
            for probe, get in _probes(container, "httpGet"):
                path = get.get("path") if "path" in get else "/"
                if not isinstance(path, str) or not path.startswith("/") or "$" in path or "{{" in path:
                    continue
                path = path.split("?", 1)[0]
                if _other_port(container, service, listens, _port(container, get.get("port"))):
                    continue
                if any(_serves(h, path) for h in handlers) or any(path.startswith(p) or path == p.rstrip("/") for p in extra) or program.mentions(path):
                    continue
                yield from _not_served(project, container, probe, path, handlers, listens)


def _not_served(project, container, probe, path, handlers, listens):
    shown = ", ".join(sorted({(f"{h.method} " if h.method else "") + h.pattern for h in handlers})[:6])
    more = ", ..." if len({(h.method, h.pattern) for h in handlers}) > 6 else ""
    message = (
        f"container '{container.name}' {probe} asks for GET {path}, which no handler of its Go program serves "
        f"(it routes {shown}{more}): the probe gets 404 and "
        + ("the container is restarted" if probe != "readinessProbe" else "the pod never becomes ready")
        + "; probe a path the program serves, or add a handler for it"
    )
    first = listens[0] if listens else handlers[0]
    has_path = "path" in mapping(container.data[probe]).get("httpGet")
    keys = (probe, "httpGet", "path") if has_path else (probe, "httpGet")
    finding = seam(
        project,
        message,
        Side(container.path, container.obj.value_span(container.key + keys) if has_path else container.obj.key_span(container.key + keys), f"the probe asks for {path}"),
        Side(first.path, first.span, "the Go server that answers it" if listens else "the routes the Go program serves"),
        logical=container.obj.logical,
    )
    if finding is not None:
        yield finding


# ---- gRPC ------------------------------------------------------------------------------


@checks.project("XA012", reads=ALL_KINDS)
def grpc_probe_without_health_service(project, ctx):
    for service in project.view(Services).services:
        if service.main is None:
            continue
        listens = facts_of(service.main).listens
        grpc = [x for x in listens if x.protocol == "grpc"]
        if not grpc:
            continue
        program = project.view(Programs).of(service.main)
        if not program.complete or any(f.grpc_health for f in program.facts) or any(p.startswith("google.golang.org/grpc/health") for p in program.imports):
            continue
        for container in service.containers:
            if container.data.get("command") is not None:
                continue
            for probe, check in _probes(container, "grpc"):
                port = _port(container, check.get("port"))
                others = [x for x in listens if x.protocol != "grpc"]
                if port is not None and others and port in [_listen_port(container, service, x) for x in others]:
                    continue  # it probes another server of the program
                message = (
                    f"container '{container.name}' has a gRPC {probe}, but its Go program never registers the gRPC health service "
                    f"(grpc_health_v1.RegisterHealthServer): every probe fails with Unimplemented and "
                    + ("the container is restarted" if probe != "readinessProbe" else "the pod never becomes ready")
                    + "; register health.NewServer() on the gRPC server"
                )
                finding = seam(
                    project,
                    message,
                    Side(container.path, container.obj.key_span(container.key + (probe, "grpc")), "the gRPC probe"),
                    Side(grpc[0].path, grpc[0].span, "the gRPC server, with no health service"),
                    logical=container.obj.logical,
                )
                if finding is not None:
                    yield finding

