"""Probes as the kubelet runs them, against 127.0.0.1 inside the pod.

The pod's network is its own (`--network none`); nothing outside it can
reach a port in it, and nothing here reaches anything else. A probe's bytes
travel through `docker exec -i <infra> nc 127.0.0.1 PORT`: the helper
container holding the pod's network namespace relays them, and the
protocol (HTTP/1.1, gRPC health over HTTP/2) is spoken here. exec probes
run in their container with `docker exec`.
"""

from __future__ import annotations

import os
import select
import subprocess
import time
from dataclasses import dataclass

from cnlint.kubernetes.common import as_int, items, mapping

# The kubelet's defaults (k8s.io/api/core/v1 Probe).
DEFAULTS = {"initialDelaySeconds": 0, "periodSeconds": 10, "timeoutSeconds": 1, "successThreshold": 1, "failureThreshold": 3}
PROBES = ("startupProbe", "livenessProbe", "readinessProbe")
USER_AGENT = "kube-probe/1.31"
_SLACK = 3.0  # seconds docker exec itself may take, on top of the probe's timeout


@dataclass
class Probe:
    kind: str  # startupProbe, readinessProbe or livenessProbe
    data: dict
    initial_delay: float
    period: float
    timeout: float
    success_threshold: int
    failure_threshold: int

    @classmethod
    def of(cls, kind: str, data: dict, fast: bool = False) -> Probe:
        def number(key):
            value = as_int(data.get(key))
            return value if value is not None and value >= 0 else DEFAULTS[key]

        delay, period = float(number("initialDelaySeconds")), float(max(number("periodSeconds"), 1))
        if fast:
            delay, period = min(delay, 1.0), min(period, 1.0)
        return cls(kind, data, delay, period, float(max(number("timeoutSeconds"), 1)), max(number("successThreshold"), 1), max(number("failureThreshold"), 1))

    @property
    def handler(self) -> str:
        for name in ("httpGet", "tcpSocket", "grpc", "exec"):
            if name in self.data:
                return name
        return ""


def port_of(probe: Probe, container: dict) -> int | None:
    """The probe's port: a number, or a name of one of the container's ports."""
    value = mapping(probe.data.get(probe.handler)).get("port")
    number = as_int(value)
    if number is not None:
        return number
    for port in items(container.get("ports")):
        if mapping(port).get("name") == value:
            return as_int(mapping(port).get("containerPort"))
    return None


class Prober:
    """Runs one probe once: (passed, what happened)."""

    def __init__(self, docker, infra: str):
        self.docker = docker
        self.infra = infra

    def check(self, probe: Probe, container: dict, container_id: str) -> tuple[bool, str]:
        if probe.handler == "exec":
            return self._exec(probe, container_id)
        port = port_of(probe, container)
        if port is None:
            return False, f"the probe's port {mapping(probe.data.get(probe.handler)).get('port')!r} is not a number or a named port of the container"
        if probe.handler == "tcpSocket":
            return self._tcp(port, probe.timeout)
        if probe.handler == "httpGet":
            return self._http(mapping(probe.data.get("httpGet")), port, probe.timeout)
        if probe.handler == "grpc":
            return self._grpc(mapping(probe.data.get("grpc")), port, probe.timeout)
        return False, "the probe has no handler (httpGet, tcpSocket, grpc or exec)"

    def _exec(self, probe: Probe, container_id: str) -> tuple[bool, str]:
        command = [str(c) for c in items(mapping(probe.data.get("exec")).get("command"))]
        if not command:
            return False, "the exec probe has no command"
        try:
            answer = self.docker.run(["exec", container_id, *command], timeout=probe.timeout + _SLACK)
        except Exception:
            return False, f"the command {command[0]} did not finish within {probe.timeout:g} s"
        output = (answer.stdout + answer.stderr).strip().splitlines()
        tail = f": {output[-1]}" if output else ""
        return answer.returncode == 0, f"the command exited with code {answer.returncode}{tail}"

    def _relay(self, port: int, timeout: float) -> subprocess.Popen:
        argv = [self.docker.cli, "exec", "-i", self.infra, "nc", "-w", str(max(int(timeout), 1)), "127.0.0.1", str(port)]
        return subprocess.Popen(argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)

    def _tcp(self, port: int, timeout: float) -> tuple[bool, str]:
        try:
            answer = self.docker.run(["exec", self.infra, "nc", "-w", str(max(int(timeout), 1)), "127.0.0.1", str(port)], timeout=timeout + _SLACK, input="")
        except Exception:
            return False, f"no connection to port {port} within {timeout:g} s"
        if answer.returncode == 0:
            return True, f"port {port} accepts connections"
        return False, _refused(answer.stderr, port)

    def _http(self, get: dict, port: int, timeout: float) -> tuple[bool, str]:
        path = str(get.get("path") or "/")
        if not path.startswith("/"):
            path = "/" + path
        if str(get.get("scheme") or "HTTP").upper() == "HTTPS":
            # TLS is not spoken through the relay: the port must accept connections
            passed, detail = self._tcp(port, timeout)
            return passed, f"{detail} (HTTPS: the TLS answer is not checked)" if passed else detail
        headers = {"Host": f"127.0.0.1:{port}", "User-Agent": USER_AGENT, "Accept": "*/*"}
        for header in items(get.get("httpHeaders")):
            header = mapping(header)
            if header.get("name"):
                headers[str(header["name"])] = str(header.get("value") or "")
        headers["Connection"] = "close"
        request = f"GET {path} HTTP/1.1\r\n" + "".join(f"{k}: {v}\r\n" for k, v in headers.items()) + "\r\n"
        process = self._relay(port, timeout)
        try:
            out, err = process.communicate(request.encode(), timeout=timeout + _SLACK)
        except subprocess.TimeoutExpired:
            process.kill()
            process.communicate()
            return False, f"GET {path} on port {port}: no answer within {timeout:g} s"
        if not out:
            return False, _refused(err.decode("utf-8", "replace"), port)
        status = out.split(b"\r\n", 1)[0].decode("latin-1").split(" ", 2)
        code = as_int(status[1]) if len(status) > 1 else None
        if code is None:
            return False, f"GET {path} on port {port}: the answer is not HTTP ({status[0][:40]!r})"
        reason = status[2] if len(status) > 2 else ""
        return 200 <= code < 400, f"GET {path} on port {port} answered {code} {reason}".rstrip()

    def _grpc(self, grpc: dict, port: int, timeout: float) -> tuple[bool, str]:
        from cnlint.verify.grpc_health import HealthCheck

        service = str(grpc.get("service") or "")
        process = self._relay(port, timeout)
        try:
            check = HealthCheck(service)
            process.stdin.write(check.request())
            process.stdin.flush()
            deadline = time.monotonic() + timeout + _SLACK
            fd = process.stdout.fileno()
            while check.status is None and check.error is None:
                left = deadline - time.monotonic()
                if left <= 0 or not select.select([fd], [], [], left)[0]:
                    return False, f"gRPC health check on port {port}: no answer within {timeout:g} s"
                data = os.read(fd, 65536)
                if not data:
                    err = process.stderr.read().decode("utf-8", "replace") if process.poll() is not None else ""
                    return False, _refused(err, port) if err else f"gRPC health check on port {port}: the connection closed without an answer"
                process.stdin.write(check.receive(data))
                process.stdin.flush()
        except (BrokenPipeError, OSError):
            return False, f"gRPC health check on port {port}: the connection closed"
        finally:
            process.kill()
            process.wait()
        if check.error:
            return False, f"gRPC health check on port {port}: {check.error}"
        return check.status == "SERVING", f"gRPC health check on port {port}: {check.status}"


def _refused(stderr: str, port: int) -> str:
    text = (stderr or "").strip()
    if "refused" in text:
        return f"connection to port {port} refused: nothing listens on 127.0.0.1:{port} in the pod"
    last = text.splitlines()[-1] if text else "no connection"
    return f"no connection to port {port}: {last}"
