"""`cnlint verify` end to end on a real Docker engine: builds with each
builder this machine has, pods with probes, volumes and security settings,
cleanup after Ctrl-C and SIGTERM, --keep, and the reports. Nothing is pulled
and no traffic leaves the pods' own loopback."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from docker_support import base_image, engine, leftovers, verify_config, which_go
from helpers import run_cli
from jsonschema import FormatChecker
from jsonschema.validators import validator_for

from cnlint.config import Settings
from cnlint.dockerfile.model import parse as parse_dockerfile
from cnlint.verify import build as building
from cnlint.verify.docker import Builder, Docker, _version, candidates


@pytest.fixture(scope="module")
def image():
    found, why = base_image()
    if found is None:
        pytest.skip(why)
    return found


def _service(root: Path, image: str, files: dict[str, str], **config) -> Path:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text.replace("BASE", image))
    (root / "cnlint.toml").write_text(verify_config(image, **config) + config_extra(files))
    return root


def config_extra(files) -> str:
    return files.get("#config", "")


def _verify(root: Path, *args: str, env=None):
    answer = run_cli("verify", "--fast-probes", "--format", "json", *args, cwd=root, env=env)
    assert answer.returncode in (0, 1), answer.stderr
    found = [d for d in json.loads(answer.stdout) if d["code"].startswith("VF")]
    run_id = re.search(r"run ([0-9a-f]+):", answer.stderr).group(1)
    assert leftovers(engine()[0], run_id) == []
    return found, answer


WEB = {
    "web/Dockerfile": "FROM BASE\nRUN mkdir -p /www && echo ok > /www/index.html\nCMD [\"httpd\", \"-f\", \"-p\", \"8080\", \"-h\", \"/www\"]\n",
}


def _pod(body: str, kind_header: str = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n") -> str:
    return kind_header + body


def test_a_service_that_runs_passes_and_the_report_is_plain_json_on_stdout(tmp_path, image):
    manifest = _pod(
        "  containers:\n"
        "    - name: web\n      image: registry.example.com/web:1.0\n"
        "      readinessProbe:\n        httpGet: {path: /, port: 8080}\n"
        "      livenessProbe:\n        tcpSocket: {port: 8080}\n"
        "    - name: sidecar\n      image: registry.example.com/web:1.0\n"
        "      command: [sh, -c, 'while sleep 1; do wget -q -O /dev/null http://127.0.0.1:8080/ || exit 1; done']\n"
        "      readinessProbe:\n        exec: {command: [wget, -q, -O, /dev/null, 'http://127.0.0.1:8080/']}\n"
    )
    root = _service(tmp_path, image, {**WEB, "k8s/web.yaml": manifest})
    found, answer = _verify(root)
    assert found == []
    assert "Pod/web: ready" in answer.stderr


def test_a_failing_service_is_reported_in_sarif_that_validates(tmp_path, image):
    manifest = _pod("  containers:\n    - name: web\n      image: registry.example.com/web:1.0\n      command: [sh, -c, 'echo no config >&2; exit 3']\n")
    root = _service(tmp_path, image, {**WEB, "k8s/web.yaml": manifest})
    answer = run_cli("verify", "--format", "sarif", "--select", "VF", cwd=root)
    assert answer.returncode == 1, answer.stderr
    log = json.loads(answer.stdout)
    schema = json.loads((Path(__file__).parent / "data" / "sarif-schema-2.1.0.json").read_text())
    errors = list(validator_for(schema)(schema, format_checker=FormatChecker()).iter_errors(log))
    assert errors == []
    result = log["runs"][0]["results"][0]
    assert result["ruleId"] == "VF005"
    assert result["locations"][0]["physicalLocation"]["region"]["startLine"] == 9
    assert "exited with code 3" in result["message"]["text"] and "no config" in result["message"]["text"]


def test_text_output_shows_the_line_and_the_log(tmp_path, image):
    manifest = _pod("  containers:\n    - name: web\n      image: registry.example.com/web:1.0\n      command: [sh, -c, 'echo listening; echo bind: address in use >&2; exit 1']\n")
    root = _service(tmp_path, image, {**WEB, "k8s/web.yaml": manifest})
    answer = run_cli("verify", "--no-source", "--select", "VF", cwd=root)
    assert answer.returncode == 1
    assert "k8s/web.yaml:9:7: VF005 error container web exited with code 1" in answer.stdout
    assert "> bind: address in use" in answer.stdout


@pytest.mark.parametrize("how", ["buildx", "buildkit", "legacy"])
def test_each_builder_this_machine_has_reports_the_failing_line(tmp_path, image, how):
    """Every docker CLI found is tried in each way it can build, whatever
    PATH lists first: the failing RUN is found in each one's log."""
    usable = [cli for cli in candidates() if _builds(cli, how)]
    if not usable:
        pytest.skip(f"no docker CLI here builds with {how}")
    docker = engine()[0]
    text = f"FROM {image} AS build\nRUN echo building\nRUN echo 'main.go:3: undefined: foo' >&2 && exit 2\nFROM {image}\nCOPY --from=build /x /x\n"
    (tmp_path / "Dockerfile").write_text(text)
    doc = parse_dockerfile("Dockerfile", text, Settings())
    doc.absolute = tmp_path / "Dockerfile"
    for cli in usable:
        item = building.Build("demo", "demo", doc, tmp_path)
        handle = Docker(docker.cli, Builder(cli, how))
        try:
            obs = building.build(handle, item, timeout=300)
        finally:
            handle.cleanup()
        assert obs is not None and obs.code == "VF001" and obs.line == 3, (cli, obs)
        assert "main.go:3: undefined: foo" in obs.logs


def _builds(cli: str, how: str) -> bool:
    if how == "buildx":
        return subprocess.run([cli, "buildx", "version"], capture_output=True).returncode == 0
    version = subprocess.run([cli, "version", "--format", "{{.Client.Version}}"], capture_output=True, text=True).stdout.strip()
    return how == "legacy" or (_version(version) or (99,)) < (23,)


def test_target_stage_and_build_args_come_from_the_config(tmp_path, image):
    files = {
        "svc/Dockerfile": "FROM BASE AS base\nARG VERSION=dev\nRUN echo $VERSION > /version\nFROM base AS release\nRUN echo release > /stage\nFROM base AS debug\nRUN echo debug > /stage\n",
        "k8s/job.yaml": "apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: check\nspec:\n  template:\n    spec:\n      restartPolicy: Never\n      containers:\n"
        "        - name: check\n          image: registry.example.com/app:1\n"
        "          command: [sh, -c, 'test \"$(cat /version)/$(cat /stage)\" = 2.0/release || { cat /version /stage >&2; exit 1; }']\n",
        "#config": '[services."registry.example.com/app"]\ndockerfile = "svc/Dockerfile"\ntarget = "release"\nbuild-args = { VERSION = "2.0" }\n',
    }
    root = _service(tmp_path, image, files)
    os.remove(root / "#config")
    found, _ = _verify(root)
    assert found == []


def test_volumes_init_containers_and_a_non_root_user_work_together(tmp_path, image):
    manifest = _pod(
        "  securityContext:\n    runAsNonRoot: true\n    runAsUser: 65534\n"
        "  initContainers:\n    - name: seed\n      image: registry.example.com/web:1.0\n"
        "      command: [sh, -c, 'cp /etc/app/greeting /shared/index.html']\n"
        "      volumeMounts:\n        - {name: shared, mountPath: /shared}\n        - {name: conf, mountPath: /etc/app}\n"
        "  containers:\n    - name: web\n      image: registry.example.com/web:1.0\n"
        "      command: [httpd, -f, -p, '8080', -h, /shared]\n"
        "      securityContext:\n        readOnlyRootFilesystem: true\n        allowPrivilegeEscalation: false\n        capabilities: {drop: [ALL]}\n"
        "      resources:\n        limits: {memory: 64Mi, cpu: 250m}\n"
        "      readinessProbe:\n        httpGet: {path: /index.html, port: 8080}\n"
        "      volumeMounts:\n        - {name: shared, mountPath: /shared}\n"
        "  volumes:\n    - name: shared\n      emptyDir: {}\n    - name: conf\n      configMap: {name: web-config}\n"
        "---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: web-config\ndata:\n  greeting: hello\n"
    )
    root = _service(tmp_path, image, {**WEB, "k8s/web.yaml": manifest})
    found, _ = _verify(root)
    assert found == []


def test_a_dynamic_go_binary_in_a_libc_less_image_and_a_static_one(tmp_path, image):
    go = which_go()
    if go is None:
        pytest.skip("no Go toolchain (Debian's golang-go) to build the test servers")
    # os/user links the C library's user lookup with cgo: the dynamic build needs ld-linux
    source = (
        'package main\n\nimport (\n\t"net/http"\n\t"os/user"\n)\n\nfunc main() {\n\tuser.Current()\n'
        '\thttp.HandleFunc("/healthz", func(w http.ResponseWriter, r *http.Request) { w.Write([]byte("ok")) })\n'
        '\thttp.ListenAndServe(":8080", nil)\n}\n'
    )
    server = tmp_path / "src"
    server.mkdir()
    (server / "main.go").write_text(source)
    (server / "go.mod").write_text("module example.com/server\n\ngo 1.19\n")
    env = {**os.environ, "GOTOOLCHAIN": "local", "GOPROXY": "off", "GOFLAGS": "-mod=mod", "GOCACHE": str(tmp_path / "gocache"), "HOME": str(tmp_path)}
    for name, cgo in (("static", "0"), ("dynamic", "1")):
        answer = subprocess.run([go, "build", "-o", str(tmp_path / name / "web" / "server"), "."], cwd=server, env={**env, "CGO_ENABLED": cgo}, capture_output=True, text=True)
        if answer.returncode != 0:
            pytest.skip(f"go build failed: {answer.stderr[-300:]}")
        service = tmp_path / name
        (service / "web" / "Dockerfile").write_text(f'FROM {image}\nCOPY server /server\nENTRYPOINT ["/server"]\n')
        (service / "k8s").mkdir()
        probe = "      readinessProbe:\n        httpGet: {path: /healthz, port: 8080}\n"
        (service / "k8s" / "web.yaml").write_text(_pod("  containers:\n    - name: web\n      image: registry.example.com/web:1.0\n" + probe))
        (service / "cnlint.toml").write_text(verify_config(image))
    found, _ = _verify(tmp_path / "static", "--no-lint")
    assert found == []
    found, _ = _verify(tmp_path / "dynamic", "--no-lint")
    assert [d["code"] for d in found] == ["VF003"]
    assert "ld-linux" in found[0]["message"] and found[0]["line"] == 8


def test_lint_errors_stop_verify_before_it_builds(tmp_path, image):
    bad = "FROM BASE\nWORKDIR app\nCMD [\"sh\"]\n"  # a relative WORKDIR is an error
    manifest = _pod("  containers:\n    - name: web\n      image: registry.example.com/web:1.0\n")
    root = _service(tmp_path, image, {"web/Dockerfile": bad, "k8s/web.yaml": manifest})
    answer = run_cli("verify", "--format", "json", cwd=root)
    found = json.loads(answer.stdout)
    assert answer.returncode == 1 and any(d["severity"] == "error" for d in found)
    assert not any(d["code"].startswith("VF") for d in found)
    assert "nothing is built" in answer.stderr and "building" not in answer.stderr


def test_keep_leaves_what_it_made(tmp_path, image):
    manifest = _pod("  containers:\n    - name: web\n      image: registry.example.com/web:1.0\n")
    root = _service(tmp_path, image, {**WEB, "k8s/web.yaml": manifest})
    answer = run_cli("verify", "--keep", "--format", "json", "--select", "VF", cwd=root)
    run_id = re.search(r"run ([0-9a-f]+):", answer.stderr).group(1)
    docker = engine()[0]
    try:
        assert answer.returncode == 0, answer.stderr
        kept = leftovers(docker, run_id)
        assert kept, "--keep removed the pod's containers"
    finally:
        Docker(docker.cli, docker.builder, run_id=run_id).cleanup()
    assert leftovers(docker, run_id) == []


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM], ids=["ctrl-c", "sigterm"])
def test_an_interrupted_run_removes_what_it_made(tmp_path, image, sig):
    manifest = _pod("  containers:\n    - name: web\n      image: registry.example.com/web:1.0\n      readinessProbe:\n        httpGet: {path: /never, port: 8080}\n")
    unique = {"web/Dockerfile": WEB["web/Dockerfile"] + f"LABEL test={tmp_path.name}\n"}  # a tag no other test builds
    root = _service(tmp_path, image, {**unique, "k8s/web.yaml": manifest}, timeouts={"run": 120})
    process = subprocess.Popen([sys.executable, "-m", "cnlint", "verify", "--fast-probes"], cwd=root, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    seen = ""
    deadline = time.monotonic() + 60
    while "container started" not in seen and time.monotonic() < deadline:
        line = process.stderr.readline()
        if not line:
            break
        seen += line
    run_id = re.search(r"run ([0-9a-f]+):", seen).group(1)
    assert leftovers(engine()[0], run_id), "the pod was not running when it was interrupted"
    process.send_signal(sig)
    _, rest = process.communicate(timeout=120)
    assert process.returncode == 130, seen + rest
    assert "interrupted" in rest
    assert leftovers(engine()[0], run_id) == []
    tag = re.search(r"as (cnlint-verify/web:[0-9a-f]+)", seen).group(1)
    assert not engine()[0].image_exists(tag), "the image verify built was left behind"


def test_a_run_timeout_ends_a_pod_that_never_gets_ready(tmp_path, image):
    manifest = _pod("  containers:\n    - name: web\n      image: registry.example.com/web:1.0\n      readinessProbe:\n        tcpSocket: {port: 9999}\n")
    root = _service(tmp_path, image, {**WEB, "k8s/web.yaml": manifest}, timeouts={"run": 120})
    start = time.monotonic()
    found, _ = _verify(root, "--timeout", "run=3")
    assert time.monotonic() - start < 60
    assert [d["code"] for d in found] == ["VF007"]
    assert "refused" in found[0]["message"] and found[0]["line"] == 10


def test_the_readme_example_passes_one_service_and_fails_the_other_at_its_probe_path(tmp_path, image):
    example = Path(__file__).parent.parent / "examples" / "verify"
    files = {str(p.relative_to(example)): p.read_text() for p in example.rglob("*") if p.is_file()}
    root = _service(tmp_path, image, {k: v.replace("busybox:stable", image) for k, v in files.items()})
    found, answer = _verify(root)
    assert [(d["code"], d["path"], d["line"]) for d in found] == [("VF007", "k8s/api.yaml", 27)]
    assert "GET /ready on port 8080 answered 404" in found[0]["message"]
    assert "Deployment/web: ready" in answer.stderr


def test_a_suppression_comment_silences_a_verify_finding_and_is_not_unused_to_check(tmp_path, image):
    manifest = _pod(
        "  containers:\n    - name: web\n      image: registry.example.com/web:1.0\n"
        "      readinessProbe:\n        httpGet:\n          path: /ready  # cnlint: ignore=VF007 served by the sidecar in production\n          port: 8080\n"
    )
    root = _service(tmp_path, image, {**WEB, "k8s/web.yaml": manifest}, timeouts={"run": 10})
    found, _ = _verify(root)
    assert found == []
    answer = run_cli("check", "--format", "json", cwd=root)
    assert "CN002" not in [d["code"] for d in json.loads(answer.stdout)]


def test_a_grpc_probe_asks_the_health_service(tmp_path, image):
    go = which_go()
    if go is None:
        pytest.skip("no Go toolchain (Debian's golang-go) to build the test gRPC server")
    source = Path(__file__).parent / "data" / "verify" / "grpc-health"
    service = tmp_path / "health"
    env = {**os.environ, "CGO_ENABLED": "0", "GOTOOLCHAIN": "local", "GOPROXY": "off", "GO111MODULE": "off", "GOCACHE": str(tmp_path / "gocache"), "HOME": str(tmp_path)}
    built = subprocess.run([go, "build", "-o", str(service / "server"), str(source / "main.go")], env=env, capture_output=True, text=True)
    if built.returncode != 0:
        pytest.skip(f"go build failed: {built.stderr[-300:]}")
    (service / "Dockerfile").write_text(f'FROM {image}\nCOPY server /server\nENTRYPOINT ["/server"]\n')
    probe = "      readinessProbe:\n        grpc: {port: 50051}\n"
    pods = "  containers:\n    - name: health\n      image: registry.example.com/health:1\n"
    (tmp_path / "k8s").mkdir()
    (tmp_path / "k8s" / "ok.yaml").write_text(_pod(pods + probe).replace("name: web", "name: ok"))
    (tmp_path / "k8s" / "down.yaml").write_text(_pod(pods + "      args: [not-serving]\n" + probe).replace("name: web", "name: down"))
    (tmp_path / "cnlint.toml").write_text(verify_config(image, timeouts={"run": 8}))
    found, answer = _verify(tmp_path, "--no-lint")
    assert "Pod/ok: ready" in answer.stderr
    assert [(d["code"], d["path"]) for d in found] == [("VF007", "k8s/down.yaml")]
    assert "NOT_SERVING" in found[0]["message"]
