"""Ports: the ports the Go program listens on against the image's EXPOSE,
the container's ports and probes, and the Services that send it traffic.

The program's ports are known only when every listen the main package makes
has a known port once the overrides in force are applied: the environment
variable it reads (the container's `env` when the manifest sets it
literally, else the image's ENV) and the flag it reads (the container's
command and args, else the image's ENTRYPOINT and CMD). A call whose name
says it listens but that the Go facts do not follow (tls.Listen, a
framework's Listen), or a package of the program's own module that cnlint
does not read, leaves the set incomplete: nothing is reported then.
"""

from __future__ import annotations

from typing import NamedTuple

from cnlint.checks import Checks
from cnlint.cross.program import Programs, env_setting, runs_main
from cnlint.cross.seams import ALL_KINDS, Side, seam
from cnlint.cross.service import Services
from cnlint.kubernetes.common import as_int, items, mapping

checks = Checks()
PROBES = (("readinessProbe", "never becomes ready"), ("livenessProbe", "is restarted over and over"), ("startupProbe", "never finishes starting"))
PROBE_HANDLERS = ("httpGet", "tcpSocket", "grpc")
_UNKNOWN = object()


class _Port(NamedTuple):
    """A port the program listens on, and where that number comes from."""

    number: int
    source: str  # for the message: "cmd/api/main.go:12", "$PORT read at main.go:12, set by the container's env at k8s/api.yaml:20"
    listen: Side  # the Go listen line
    override: Side | None = None  # the env entry, ENV or argument that sets it


# ---- the program's listens ----------------------------------------------------------


def _listening_name(doc, call) -> bool:
    """Whether a call's name says it listens (net.Listen, tls.Listen, app.Listen, ListenAndServe)."""
    from cnlint.golang.syntax import field_of

    function = field_of(call, "function")
    if function is None:
        return False
    if function.type == "selector_expression":
        function = field_of(function, "field")
    return function is not None and function.type in ("identifier", "field_identifier") and "Listen" in doc.text_of(function)


class _Listens:
    """Every listen of the program: of its main package and of the packages
    of its own module it imports; `complete` False when some may be unseen
    (a package not among the inputs, a call named like a listen that the Go
    facts do not read)."""

    def __init__(self, program):
        self.listens: list = []
        self.complete = program.complete
        for package, facts in zip(program.packages, program.facts, strict=True):
            self.listens.extend(facts.listens)
            followed = {(listen.path, listen.span.line, listen.span.column) for listen in facts.listens}
            for doc in package.files:
                if doc.path.endswith("_test.go"):
                    continue
                for call in doc.nodes("call_expression"):
                    span = doc.span(call)
                    if _listening_name(doc, call) and (doc.path, span.line, span.column) not in followed:
                        self.complete = False
        self.complete = self.complete and bool(self.listens)


# ---- overrides: environment variables and flags ---------------------------------------


def _port_value(text) -> int | None:
    """The port of an override's value: `8080`, `:8080` or `host:8080`."""
    if not isinstance(text, str) or "$" in text:
        return None
    text = text.strip().rsplit(":", 1)[-1]
    return int(text) if text.isdigit() and 0 < int(text) < 65536 else None


def _env_override(service, container, name: str):
    """(port, source, side) of what sets `name` for the program; None when
    nothing does; _UNKNOWN when something does with a value cnlint cannot read."""
    setting = env_setting(container, service, name)
    if setting is None:
        return None
    port = _port_value(setting.value)
    if port is None or setting.span is None:
        return _UNKNOWN
    if setting.by == "env":
        return port, f"set by the container's env at {setting.path}:{setting.span.line}", Side(setting.path, setting.span, f"{name} is set to {port} here")
    return port, f"set by the image's ENV at {setting.path}:{setting.span.line}", Side(setting.path, setting.span, f"ENV {name} is {port} here")


def _argv(service, container):
    """(words the program is started with, where, span) as the container
    runs it; None when they are unknown (a shell form)."""
    image = service.facts
    data = container.data if container is not None else {}
    if "command" in data:
        words, where = [*items(data.get("command")), *items(data.get("args"))], "command"
        return words, where, container.span("command")
    if image is not None and image.entrypoint is not None and image.entrypoint.shell_form:
        return None
    entry = image.entrypoint.argv if image is not None and image.entrypoint is not None else []
    if "args" in data:
        return [*entry, *items(data.get("args"))], "args", container.span("args")
    cmd = image.cmd if image is not None else None
    if cmd is not None and cmd.shell_form:
        return None
    span = cmd.span if cmd is not None else (image.entrypoint.span if image is not None and image.entrypoint is not None else None)
    return [*entry, *(cmd.argv if cmd is not None else [])], "image", span


def _flag_override(service, container, name: str):
    """(port, source, side) of the flag `name` on the command line; None
    when it is not given; _UNKNOWN when it is given in a way not read here."""
    found = _argv(service, container)
    if found is None:
        return _UNKNOWN
    words, where, span = found
    value = None
    given = False
    for i, word in enumerate(words):
        if not isinstance(word, str):
            return _UNKNOWN
        flag, eq, text = word.lstrip("-").partition("=")
        if not word.startswith("-") or flag != name:
            continue
        given = True
        value = text if eq else (words[i + 1] if i + 1 < len(words) else None)
    if not given:
        return None
    port = _port_value(value)
    if port is None or span is None:
        return _UNKNOWN
    if where == "image":
        path = service.dockerfile.path
        return port, f"given in the image's command at {path}:{span.line}", Side(path, span, f"-{name} is {port} here")
    return port, f"given in the container's {where} at {container.path}:{span.line}", Side(container.path, span, f"-{name} is {port} here")


def _listen_port(service, container, listen) -> _Port | None:
    """The port one listen serves on, overrides applied; None when unknown."""
    side = Side(listen.path, listen.span, f"the program listens on {listen.address or 'a port'} here")
    overrides = []
    for name, read, what in ((listen.env, _env_override, "${}"), (listen.flag, _flag_override, "flag -{}")):
        if name:
            found = read(service, container, name)
            if found is _UNKNOWN:
                return None
            if found is not None:
                port, source, override = found
                overrides.append((port, f"{what.format(name)} read at {listen.path}:{listen.span.line}, {source}", override))
    if len({port for port, _, _ in overrides}) > 1:
        return None  # the env var and the flag disagree: which wins is the code's business
    if overrides:
        port, source, override = overrides[0]
        return _Port(port, source, side, override)
    if listen.port is None:
        return None
    return _Port(listen.port, f"{listen.path}:{listen.span.line}", side)


def program_ports(service, container, program) -> list[_Port] | None:
    """Every port the program listens on in `container` (None: the image
    alone), or None when any of them is unknown."""
    if not program.complete:
        return None
    found = [_listen_port(service, container, listen) for listen in program.listens]
    return None if any(p is None for p in found) else found


# ---- the manifest's ports -------------------------------------------------------------


def _tcp(port: dict) -> bool:
    return str(port.get("protocol") or "TCP").upper() == "TCP"


def _container_ports(container) -> list[tuple[int, int, str | None]]:
    """(index, containerPort, name) of the container's TCP ports."""
    out = []
    for i, port in enumerate(items(container.data.get("ports"))):
        port = mapping(port)
        number = as_int(port.get("containerPort"))
        if number is not None and _tcp(port):
            out.append((i, number, port.get("name") if isinstance(port.get("name"), str) else None))
    return out


def _resolve(value, ports) -> tuple[int | None, str | None]:
    """(number, name) of a port given as a number or as a container port's name."""
    number = as_int(value)
    if number is not None:
        return number, None
    if isinstance(value, str):
        return next((n for _, n, name in ports if name == value), None), value
    return None, None


def _shown(number: int, name: str | None) -> str:
    return f"'{name}' ({number})" if name else str(number)


def _listened(ports: list[_Port]) -> str:
    by_number: dict[int, list[str]] = {}
    for port in ports:
        by_number.setdefault(port.number, []).append(port.source)
    return ", ".join(f"{n} ({'; '.join(dict.fromkeys(sources))})" for n, sources in sorted(by_number.items()))


def _sides(ports: list[_Port]) -> list[Side]:
    out: list[Side] = []
    for port in ports:
        for side in (port.listen, port.override):
            if side is not None and all((s.path, s.span) != (side.path, side.span) for s in out):
                out.append(side)
    return out


def _probe_findings(project, container, ports, numbers, bad_names):
    for probe, outcome in PROBES:
        spec = mapping(container.data.get(probe))
        for handler in PROBE_HANDLERS:
            action = spec.get(handler)
            if not isinstance(action, dict) or "port" not in action or action.get("host"):
                continue
            number, name = _resolve(action.get("port"), _container_ports(container))
            if number is None or number in numbers or name in bad_names:
                continue
            message = (
                f"the {probe} of container '{container.name}' checks port {_shown(number, name)}, but the Go program listens "
                f"only on {_listened(ports)}: the probe fails and the pod {outcome}"
            )
            side = Side(container.path, container.span(probe, handler, "port"), f"the {probe} checks port {number} here")
            yield seam(project, message, side, *_sides(ports), logical=container.obj.logical)


def _container_port_finding(project, container, ports, numbers):
    declared = _container_ports(container)
    if not declared or any(n in numbers for _, n, _ in declared):
        return None, set()
    listed = ", ".join(str(n) for _, n, _ in declared)
    what = f"containerPort {listed}" if len(declared) == 1 else f"containerPorts {listed}, none of which"
    message = (
        f"container '{container.name}' declares {what}, but the Go program listens only on {_listened(ports)}; "
        "declare the port it listens on"
    )
    first = declared[0][0]
    side = Side(container.path, container.span("ports", first, "containerPort"), f"containerPort {declared[0][1]} is declared here")
    finding = seam(project, message, side, *_sides(ports), logical=container.obj.logical)
    return finding, {name for _, _, name in declared if name}


def _alone(container) -> bool:
    """Whether the container is the only one of its pod that serves (no other container, no sidecar)."""
    others = [c for c in items(container.spec.get("containers")) if c is not container.data]
    sidecars = [c for c in items(container.spec.get("initContainers")) if mapping(c).get("restartPolicy") == "Always"]
    return not others and not sidecars


def _service_findings(project, container, ports, numbers, bad_names, done):
    if not _alone(container):
        return
    from cnlint.kubernetes.index import ObjectIndex

    index = project.view(ObjectIndex)
    for path, svc in index.services:
        spec = mapping(svc.get(("spec",)))
        if spec.get("type") == "ExternalName" or not any(w is container.obj for _, w, _ in index.service_backends(svc)):
            continue
        for i, port in enumerate(items(spec.get("ports"))):
            port = mapping(port)
            if not _tcp(port) or (id(svc), i) in done:
                continue
            given = "targetPort" in port
            number, name = _resolve(port.get("targetPort") if given else port.get("port"), _container_ports(container))
            if number is None or number in numbers or name in bad_names:
                continue
            done.add((id(svc), i))
            target = f"targetPort {_shown(number, name)}" if given else f"port {number} (no targetPort, so the same)"
            message = (
                f"Service '{svc.name}' sends traffic to {target}, but the Go program in container '{container.name}' "
                f"listens only on {_listened(ports)}: its connections are refused"
            )
            keys = ("spec", "ports", i, "targetPort" if given else "port")
            side = Side(path, svc.value_span(keys), f"the Service targets port {number} here")
            yield seam(project, message, side, *_sides(ports), Side(container.path, container.span(), "the container it selects"), logical=svc.logical)


def _expose_findings(project, service, program, done):
    image = service.facts
    if image is None or service.dockerfile is None:
        return
    ports = program_ports(service, None, program)
    if ports is None:
        return
    numbers = {p.number for p in ports}
    for exposed in image.expose:
        key = (service.dockerfile.path, exposed.span, exposed.port)
        if exposed.protocol != "tcp" or exposed.port in numbers or key in done:
            continue
        done.add(key)
        message = f"the image EXPOSEs port {exposed.port}, but the Go program it runs listens only on {_listened(ports)}"
        side = Side(service.dockerfile.path, exposed.span, f"EXPOSE {exposed.port} here")
        yield seam(project, message, side, *_sides(ports))


@checks.project("XA001", reads=ALL_KINDS)
def port_mismatch(project, ctx):
    done: set = set()
    for service in project.view(Services).services:
        if service.main is None:
            continue
        program = _Listens(project.view(Programs).of(service.main))
        if not program.complete:
            continue
        found = list(_expose_findings(project, service, program, done))
        for container in service.containers:
            if not runs_main(container, service):
                continue
            ports = program_ports(service, container, program)
            if ports is None:
                continue
            numbers = {p.number for p in ports}
            finding, bad_names = _container_port_finding(project, container, ports, numbers)
            found.append(finding)
            found.extend(_probe_findings(project, container, ports, numbers, bad_names))
            found.extend(_service_findings(project, container, ports, numbers, bad_names, done))
        yield from (f for f in found if f is not None)
