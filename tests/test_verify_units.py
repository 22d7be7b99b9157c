"""verify's parts that need no engine: reading build logs, choosing a
builder, reading programs, translating pod specs, probes and gRPC health."""

from __future__ import annotations

import os
import socket
import struct
import threading
from pathlib import Path

import pytest

from cnlint.config import Settings
from cnlint.dockerfile.model import parse as parse_dockerfile
from cnlint.kubernetes.model import parse as parse_manifest
from cnlint.verify import build, docker, elf, podspec
from cnlint.verify.findings import finding
from cnlint.verify.observe import Observation
from cnlint.verify.options import Options, parse_timeouts
from cnlint.verify.probes import Probe, port_of

LOGS = Path(__file__).parent / "data" / "verify" / "build-logs"


def _dockerfile():
    return parse_dockerfile("Dockerfile", (LOGS / "Dockerfile").read_text(), Settings())


# ---- build logs -----------------------------------------------------------------


@pytest.mark.parametrize("log", ["buildx.log", "buildkit-20.10.log", "legacy.log"])
def test_the_failing_instruction_is_found_in_every_builders_log(log):
    line, error, output = build.failing_step((LOGS / log).read_text(), _dockerfile())
    assert line == 3
    assert "exit code: 2" in error or "non-zero code: 2" in error
    assert "main.go:3: undefined: foo" in output


def test_a_step_header_names_its_stage_and_position_when_the_text_is_ambiguous():
    text = "FROM busybox:stable AS a\nRUN make\nFROM busybox:stable AS b\nRUN make\n"
    doc = parse_dockerfile("Dockerfile", text, Settings())
    log = "#7 [b 2/2] RUN make\n#7 0.1 boom\n#7 ERROR: exit code: 2\n"
    assert build.failing_step(log, doc)[0] == 4
    unnamed = parse_dockerfile("Dockerfile", "FROM busybox:stable\nRUN make\nFROM busybox:stable\nRUN make\n", Settings())
    assert build.failing_step("#7 [stage-1 2/2] RUN make\n#7 ERROR: exit code: 2\n", unnamed)[0] == 4


def test_a_base_image_that_cannot_be_had_is_reported_at_its_from():
    doc = parse_dockerfile("Dockerfile", "FROM busybox:stable AS build\nRUN true\nFROM example.invalid/base:1\nCOPY --from=build /x /x\n", Settings())
    log = "#3 [internal] load metadata for example.invalid/base:1\n#3 ERROR: failed to do request: dial tcp: lookup example.invalid: no such host\n"
    line, error, _ = build.failing_step(log, doc)
    assert line == 3 and "no such host" in error


def test_a_pinned_base_image_from_docker_hub_is_found_by_its_full_name():
    text = "FROM --platform=$BUILDPLATFORM golang:1.26-alpine@sha256:0178a6 AS builder\nRUN true\nFROM gcr.io/distroless/static\n"
    doc = parse_dockerfile("Dockerfile", text, Settings())
    log = "#4 [internal] load metadata for docker.io/library/golang:1.26-alpine@sha256:0178a6\n#4 ERROR: failed to do request: no such host\n"
    assert build.failing_step(log, doc)[0] == 1
    log = "#5 [internal] load metadata for gcr.io/distroless/static:latest\n#5 ERROR: failed to do request: no such host\n"
    assert build.failing_step(log, doc)[0] == 3


def test_a_dockerfile_parse_error_is_reported_at_its_line():
    doc = parse_dockerfile("Dockerfile", "FROM busybox:stable\nRNU true\n", Settings())
    log = "failed to solve with frontend dockerfile.v0: failed to create LLB definition: dockerfile parse error line 2: unknown instruction: RNU\n"
    assert build.failing_step(log, doc)[0] == 2


def test_the_build_finding_is_at_the_whole_failing_instruction_with_its_output():
    doc = _dockerfile()
    item = build.Build("web", "web", doc, Path("."))
    obs = build.failure(item, (LOGS / "buildx.log").read_text())
    found = finding(obs)
    assert (found.span.line, found.span.column) == (3, 1)
    assert obs.logs[-1] == "main.go:3: undefined: foo"


def test_the_image_tag_follows_the_content_of_the_context(tmp_path):
    (tmp_path / "Dockerfile").write_text("FROM busybox:stable\nCOPY app /app\n")
    (tmp_path / "app").write_text("one")
    (tmp_path / ".dockerignore").write_text("notes.txt\n")
    doc = parse_dockerfile("Dockerfile", (tmp_path / "Dockerfile").read_text(), Settings())
    item = build.Build("Web API", "web", doc, tmp_path)
    first = build.content_tag(item)
    assert first.startswith("cnlint-verify/web-api:")
    (tmp_path / "notes.txt").write_text("ignored by the build")
    assert build.content_tag(item) == first
    (tmp_path / "app").write_text("two")
    assert build.content_tag(item) != first
    item.build_args = {"VERSION": "2"}
    assert build.content_tag(item) != first


# ---- which docker builds how ---------------------------------------------------------


def test_buildx_wins_then_an_older_clis_buildkit_then_the_legacy_builder():
    new, old, newer = docker.Cli("/a/docker", (28, 2), False), docker.Cli("/b/docker", (20, 10), False), docker.Cli("/c/docker", (27,), True)
    assert docker.choose_builder([new, old, newer]) == docker.Builder("/c/docker", "buildx")
    assert docker.choose_builder([new, old]) == docker.Builder("/b/docker", "buildkit")
    assert docker.choose_builder([old, new]) == docker.Builder("/b/docker", "buildkit")
    assert docker.choose_builder([new]) == docker.Builder("/a/docker", "legacy")
    assert docker.Builder("/b/docker", "buildkit").env() == {"DOCKER_BUILDKIT": "1"}
    assert docker.Builder("/c/docker", "buildx").argv() == ["/c/docker", "buildx", "build", "--load"]


def _fake_docker(directory: Path, version: str, buildx: bool, server: bool = True) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    script = directory / "docker"
    server_json = '{"Version": "24.0.0"}' if server else "null"
    answer = '{"Client": {"Version": "%s"}, "Server": %s}' % (version, server_json)
    no_buildx = 'echo "docker: unknown command: docker buildx" >&2; exit 1'
    script.write_text(
        "#!/bin/sh\n"
        f"if [ \"$1\" = version ]; then echo '{answer}'; exit 0; fi\n"
        f"if [ \"$1\" = buildx ]; then {'exit 0' if buildx else no_buildx}; fi\n"
        "exit 0\n"
    )
    script.chmod(0o755)
    return script


@pytest.mark.parametrize("order", ["new-first", "old-first"])
def test_every_docker_on_path_is_asked_whatever_comes_first(tmp_path, order):
    new = _fake_docker(tmp_path / "new", "28.2.2", buildx=False)
    old = _fake_docker(tmp_path / "old", "20.10.24", buildx=False)
    dirs = [new.parent, old.parent] if order == "new-first" else [old.parent, new.parent]
    found = docker.candidates(os.pathsep.join(map(str, dirs)))
    assert set(found[:2]) == {str(new), str(old)}
    engine = docker.Docker.find(path=os.pathsep.join(map(str, dirs)))
    assert engine.builder == docker.Builder(str(old), "buildkit")


def test_no_engine_answering_is_a_clear_error(tmp_path, monkeypatch):
    monkeypatch.setattr(docker, "_KNOWN", ())
    silent = _fake_docker(tmp_path / "silent", "28.2.2", buildx=False, server=False)
    with pytest.raises(docker.DockerUnavailable, match="no Docker engine answers"):
        docker.Docker.find(path=str(silent.parent))


def test_no_docker_at_all_is_a_clear_error(tmp_path, monkeypatch):
    monkeypatch.setattr(docker, "_KNOWN", ())
    with pytest.raises(docker.DockerUnavailable, match="no docker command is installed"):
        docker.Docker.find(path=str(tmp_path))


# ---- programs -------------------------------------------------------------------------


def _elf64(interp: bytes | None) -> bytes:
    header = bytearray(64)
    header[:6] = b"\x7fELF\x02\x01"
    phoff, phentsize = 64, 56
    struct.pack_into("<Q", header, 32, phoff)
    struct.pack_into("<HH", header, 54, phentsize, 1 if interp else 0)
    if not interp:
        return bytes(header)
    data_at = 64 + 56
    ph = struct.pack("<IIQQQQQQ", 3, 4, data_at, 0, 0, len(interp) + 1, len(interp) + 1, 1)
    return bytes(header) + ph + interp + b"\0"


def test_a_binary_names_its_loader_and_a_static_one_none():
    assert elf.program(_elf64(b"/lib64/ld-linux-x86-64.so.2")) == elf.Program("elf", "/lib64/ld-linux-x86-64.so.2")
    assert elf.program(_elf64(None)) == elf.Program("elf", None)
    assert elf.program(b"#!/usr/bin/env python3\nprint()") == elf.Program("script", "/usr/bin/env")
    assert elf.program(b"plain text") == elf.Program("other")
    assert elf.program(b"\x7fELF\x02\x01") == elf.Program("elf", None)  # cut short: nothing claimed


def test_a_32_bit_binary_names_its_loader():
    header = bytearray(52)
    header[:6] = b"\x7fELF\x01\x01"
    struct.pack_into("<I", header, 28, 52)
    struct.pack_into("<HH", header, 42, 32, 1)
    interp = b"/lib/ld-linux.so.2\0"
    ph = struct.pack("<IIIIIIII", 3, 52 + 32, 0, 0, len(interp), len(interp), 4, 1)
    assert elf.program(bytes(header) + ph + interp).interpreter == "/lib/ld-linux.so.2"


# ---- pod specs -------------------------------------------------------------------------


def _pod(text: str):
    doc = parse_manifest("pod.yaml", text, Settings())
    obj = doc.objects[0]
    spec_key, spec = next(obj.pod_specs())
    return obj, spec_key, spec


POD = """apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  securityContext:
    runAsNonRoot: true
    supplementalGroups: [2000]
  containers:
    - name: web
      image: web:1
      command: ["/server", "--port=$(PORT)", "--literal=$$(PORT)", "--unknown=$(NOPE)"]
      env:
        - name: PORT
          value: "8080"
        - name: ADDR
          value: ":$(PORT)"
        - name: LEVEL
          valueFrom:
            configMapKeyRef: {name: settings, key: level}
        - name: TOKEN
          valueFrom:
            secretKeyRef: {name: creds, key: token}
        - name: POD
          valueFrom:
            fieldRef: {fieldPath: metadata.name}
        - name: MEMORY_MB
          valueFrom:
            resourceFieldRef: {resource: limits.memory, divisor: 1Mi}
      envFrom:
        - configMapRef: {name: settings}
          prefix: CFG_
      securityContext:
        runAsUser: 1000
        runAsGroup: 3000
        readOnlyRootFilesystem: true
        allowPrivilegeEscalation: false
        capabilities:
          drop: [ALL]
          add: [CAP_NET_BIND_SERVICE]
      resources:
        limits:
          memory: 64Mi
          cpu: 500m
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: settings
data:
  level: debug
---
apiVersion: v1
kind: Secret
metadata:
  name: creds
data:
  token: czNjcjN0
"""


def test_a_container_is_translated_as_the_kubelet_would_start_it():
    doc = parse_manifest("pod.yaml", POD, Settings())
    obj = doc.objects[0]
    _, spec = next(obj.pod_specs())
    container = spec["containers"][0]
    objects = podspec.Objects.of(doc.objects)
    env, problem = podspec.environment(container, "web", objects, {"PATH": "/bin"})
    assert problem is None
    assert env == {"CFG_level": "debug", "PORT": "8080", "ADDR": ":8080", "LEVEL": "debug", "TOKEN": "s3cr3t", "POD": "web", "MEMORY_MB": "64"}
    image = podspec.ImageConfig(user="", entrypoint=["/entry"], cmd=["serve"])
    assert podspec.program(container, image, env) == ["/server", "--port=8080", "--literal=$(PORT)", "--unknown=$(NOPE)"]
    flags = podspec.security_flags(spec, container, image)
    assert flags == [
        "--user", "1000:3000", "--group-add", "2000", "--read-only",
        "--security-opt", "no-new-privileges", "--cap-drop", "ALL", "--cap-add", "NET_BIND_SERVICE",
    ]
    assert podspec.resource_flags(container) == ["--memory", str(64 * 2**20), "--memory-swap", str(64 * 2**20), "--cpus", "0.5"]
    assert podspec.user_problem(spec, container, image) is None


def test_args_replace_the_images_cmd_and_command_drops_it():
    image = podspec.ImageConfig(entrypoint=["/entry"], cmd=["serve", "--default"])
    assert podspec.program({}, image, {}) == ["/entry", "serve", "--default"]
    assert podspec.program({"args": ["other"]}, image, {}) == ["/entry", "other"]
    assert podspec.program({"command": ["/bin/sh"]}, image, {}) == ["/bin/sh"]


@pytest.mark.parametrize(
    ("user", "run_as", "expected"),
    [
        ("", None, "image will run as root"),
        ("root", None, "image will run as root"),
        ("0:0", None, "image will run as root"),
        ("app", None, "non-numeric user (app)"),
        ("app", 1000, None),
        ("1000", None, None),
        ("1000", 0, "runAsUser is 0"),
    ],
)
def test_run_as_non_root_is_checked_as_the_kubelet_checks_it(user, run_as, expected):
    container = {"securityContext": {"runAsNonRoot": True, **({"runAsUser": run_as} if run_as is not None else {})}}
    found = podspec.user_problem({}, container, podspec.ImageConfig(user=user))
    if expected is None:
        assert found is None
    else:
        assert found.code == "VF004" and expected in found.message


def test_a_missing_config_map_key_or_secret_is_a_config_error_at_its_entry():
    objects = podspec.Objects(config_maps={"settings": {"level": b"x"}})
    container = {"env": [{"name": "A", "value": "1"}, {"name": "B", "valueFrom": {"configMapKeyRef": {"name": "settings", "key": "nope"}}}]}
    _, problem = podspec.environment(container, "p", objects, {})
    assert problem.code == "VF015" and problem.at == ("env", 1) and "has no key 'nope'" in problem.message
    optional = {"env": [{"name": "B", "valueFrom": {"secretKeyRef": {"name": "gone", "key": "k", "optional": True}}}]}
    assert podspec.environment(optional, "p", objects, {}) == ({}, None)
    _, problem = podspec.environment({"envFrom": [{"secretRef": {"name": "gone"}}]}, "p", objects, {})
    assert problem.at == ("envFrom", 0) and "Secret 'gone'" in problem.message


def test_volumes_become_shared_tmpfs_empty_volumes_or_files():
    spec = {"volumes": [
        {"name": "cache", "emptyDir": {"sizeLimit": "64Mi"}},
        {"name": "data", "persistentVolumeClaim": {"claimName": "data"}},
        {"name": "conf", "configMap": {"name": "settings", "items": [{"key": "level", "path": "app/level.txt"}], "defaultMode": 0o440}},
        {"name": "host", "hostPath": {"path": "/var/run"}},
    ]}
    found = podspec.volumes(spec, podspec.Objects(config_maps={"settings": {"level": b"debug"}}))
    assert [(v.name, v.kind) for v in found.values()] == [("cache", "tmpfs"), ("data", "empty"), ("conf", "files"), ("host", "none")]
    assert found["cache"].size == "64Mi"
    assert found["conf"].files == {"app/level.txt": b"debug"} and found["conf"].mode == 0o440


# ---- probes ----------------------------------------------------------------------------


def test_probes_take_the_kubelets_defaults_and_fast_probes_shorten_the_waits():
    probe = Probe.of("readinessProbe", {"httpGet": {"path": "/", "port": "http"}})
    assert (probe.initial_delay, probe.period, probe.timeout, probe.success_threshold, probe.failure_threshold) == (0, 10, 1, 1, 3)
    fast = Probe.of("livenessProbe", {"tcpSocket": {"port": 80}, "initialDelaySeconds": 30, "periodSeconds": 20}, fast=True)
    assert (fast.initial_delay, fast.period) == (1, 1)
    assert port_of(probe, {"ports": [{"name": "http", "containerPort": 8080}]}) == 8080
    assert port_of(probe, {"ports": []}) is None


def test_grpc_health_check_speaks_http2_to_a_real_server():
    import h2.config
    import h2.connection
    import h2.events

    from cnlint.verify.grpc_health import HealthCheck

    client_side, server_side = socket.socketpair()

    def serve():
        conn = h2.connection.H2Connection(h2.config.H2Configuration(client_side=False, header_encoding="utf-8"))
        conn.initiate_connection()
        server_side.sendall(conn.data_to_send())
        done = False
        while not done:
            data = server_side.recv(65536)
            if not data:
                return
            for event in conn.receive_data(data):
                if isinstance(event, h2.events.StreamEnded):
                    conn.send_headers(event.stream_id, [(":status", "200"), ("content-type", "application/grpc")])
                    conn.send_data(event.stream_id, b"\x00\x00\x00\x00\x02\x08\x01")  # status: SERVING
                    conn.send_headers(event.stream_id, [("grpc-status", "0")], end_stream=True)
                    done = True
            server_side.sendall(conn.data_to_send())

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    check = HealthCheck("web")
    client_side.sendall(check.request())
    while check.status is None and check.error is None:
        data = client_side.recv(65536)
        assert data, "the server closed first"
        client_side.sendall(check.receive(data))
    thread.join(5)
    assert check.status == "SERVING" and check.error is None


def test_grpc_health_check_reports_a_server_that_is_not_http2():
    from cnlint.verify.grpc_health import HealthCheck

    check = HealthCheck()
    check.request()
    check.receive(b"HTTP/1.1 400 Bad Request\r\n\r\n")
    assert check.error and "not an HTTP/2" in check.error


# ---- placing observations ----------------------------------------------------------------------


def test_an_observation_lands_on_its_field_else_the_pods_else_the_container():
    obj, spec_key, spec = _pod(POD)
    key = spec_key + ("containers", 0)
    at = lambda *field: finding(Observation("VF005", "x", obj=obj, path="pod.yaml", container_key=key, spec_key=spec_key, at=field)).span.line  # noqa: E731
    assert at("resources", "limits", "memory") == 43
    assert at("securityContext", "readOnlyRootFilesystem") == 36
    assert at("securityContext", "supplementalGroups") == 8  # only the pod sets it
    assert at("livenessProbe", "httpGet", "path") == 10  # not written: the container
    assert at("securityContext", "seccompProfile") == 33  # the nearest that is written


def test_timeouts_are_checked():
    assert parse_timeouts(["build=60", "run=1.5"]) == {"build": 60.0, "run": 1.5}
    for bad in (["compile=1"], ["run=soon"], ["run=0"]):
        with pytest.raises(ValueError):
            parse_timeouts(bad)
    options = Options.from_settings(Settings(verify=(("settle", 1), ("timeouts", (("run", 9),)))), keep=True)
    assert options.keep and options.settle == 1 and options.timeouts["run"] == 9 and options.timeouts["build"] == 900


# ---- the door ----------------------------------------------------------------------------------


def test_progress_is_a_live_line_on_a_terminal_and_plain_lines_elsewhere():
    import io

    from cnlint.verify.progress import Progress

    plain = io.StringIO()
    progress = Progress(plain, live=False)
    progress("building web")
    progress("Pod/web: ready")
    assert plain.getvalue().count("\n") == 2 and "cnlint verify" in plain.getvalue()
    live = io.StringIO()
    progress = Progress(live, live=True)
    progress("building web")
    progress("Pod/web: ready")
    progress.done()
    assert "\n" not in live.getvalue() and live.getvalue().count("\r\033[K") == 3


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--cluster", "dev"], "--cluster names a kind cluster to reuse: it needs --runtime kind"),
        (["--runtime", "cluster"], "--runtime cluster needs --context CTX"),
        (["--context", "prod"], "it needs --runtime cluster"),
        (["--timeout", "run=never"], "is not a number of seconds"),
    ],
)
def test_verify_usage_errors_exit_2(tmp_path, args, message):
    from helpers import run_cli

    answer = run_cli("verify", *args, cwd=tmp_path)
    assert answer.returncode == 2 and message in answer.stderr


def test_a_missing_kind_or_kubectl_is_named_before_anything_is_built(tmp_path):
    from helpers import run_cli

    (tmp_path / "bin").mkdir()
    answer = run_cli("verify", "--runtime", "kind", cwd=tmp_path, env={"PATH": str(tmp_path / "bin")})
    assert answer.returncode == 2
    assert "kind is not installed" in answer.stderr and "kubectl is not installed" in answer.stderr
    assert "Traceback" not in answer.stderr
