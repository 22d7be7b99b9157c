"""Cross-artifact rules: exact positions on every side of a seam, the side
reported on when only one file is named, and the negatives beside them."""

from __future__ import annotations

from pathlib import Path

from helpers import lint_files, run_cli

BUILD = "FROM golang:{go}-alpine AS build\nWORKDIR /src\nCOPY go.mod ./\nCOPY . .\nRUN CGO_ENABLED=0 go build -o /out/api ./cmd/api\n"
FINAL = "FROM {base}\nCOPY --from=build /out/api /api\n{user}ENTRYPOINT [\"/api\"]\n"
POD = """apiVersion: v1
kind: Pod
metadata:
  name: api
spec:
  securityContext:
    runAsNonRoot: true{run_as}
  containers:
    - name: api
      image: registry.example.com/api:1.0{probe}
"""


def _files(go="1.23", mod="1.23", base="gcr.io/distroless/static", user="", run_as="", probe="", healthcheck=""):
    return {
        "api/go.mod": f"module example.com/api\n\ngo {mod}\n",
        "api/cmd/api/main.go": "package main\n\nfunc main() {}\n",
        "api/Dockerfile": BUILD.format(go=go) + FINAL.format(base=base, user=user) + healthcheck,
        "k8s/api.yaml": POD.format(run_as=run_as, probe=probe),
    }


def _found(files, code, root: Path):
    return [(d.path, d.span.line, d.span.column, [(r.path, r.span.line) for r in d.related]) for d in lint_files(files, select=[code], root=root)]


def test_xa002_points_at_run_as_non_root_and_at_the_image_user(tmp_path):
    assert _found(_files(), "XA002", tmp_path) == [("k8s/api.yaml", 7, 5, [("api/Dockerfile", 6)])]
    assert _found(_files(user="USER root\n"), "XA002", tmp_path) == [("k8s/api.yaml", 7, 5, [("api/Dockerfile", 8)])]


def test_xa002_is_quiet_for_a_non_root_image_or_an_explicit_user(tmp_path):
    assert _found(_files(base="gcr.io/distroless/static:nonroot"), "XA002", tmp_path) == []
    assert _found(_files(user="USER 65532\n"), "XA002", tmp_path) == []
    assert _found(_files(run_as="\n    runAsUser: 1000"), "XA002", tmp_path) == []
    assert _found(_files(base="registry.example.com/unknown-base:1"), "XA002", tmp_path) == []  # its user is unknown


def test_xa003_points_at_the_builder_image_and_the_go_line(tmp_path):
    assert _found(_files(go="1.22"), "XA003", tmp_path) == [("api/Dockerfile", 1, 6, [("api/go.mod", 3)])]
    assert _found(_files(go="1.23", mod="1.23.4"), "XA003", tmp_path) == []
    assert _found(_files(go="1.24", mod="1.23"), "XA003", tmp_path) == []


def test_xa005_needs_a_healthcheck_and_no_probe(tmp_path):
    healthcheck = 'HEALTHCHECK CMD ["/api", "-health"]\n'
    assert _found(_files(healthcheck=healthcheck), "XA005", tmp_path) == [("k8s/api.yaml", 9, 13, [("api/Dockerfile", 9)])]
    probe = "\n      readinessProbe:\n        exec: {command: [/api, -health]}"
    assert _found(_files(healthcheck=healthcheck, probe=probe), "XA005", tmp_path) == []
    assert _found(_files(), "XA005", tmp_path) == []


def test_naming_only_the_dockerfile_reports_the_seam_there(tmp_path):
    for name, text in _files(user="USER root\n").items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text)
    alone = run_cli("check", "--isolated", "--select", "XA", "--no-source", "api/Dockerfile", cwd=tmp_path)
    assert alone.returncode == 0, alone.stdout  # no manifest read: no seam to see
    with_context = run_cli("check", "--isolated", "--select", "XA", "--no-source", "--context", ".", "api/Dockerfile", cwd=tmp_path)
    assert with_context.stdout.startswith("api/Dockerfile:8:6: XA002 error container 'api' sets runAsNonRoot but no runAsUser"), with_context.stdout


MEMORY_POD = POD.format(run_as="\n    runAsUser: 65532", probe="\n      resources:\n        limits: {{memory: 256Mi}}{env}")


def test_xa014_memory_limit_without_gomemlimit(tmp_path):
    files = _files()
    files["k8s/api.yaml"] = MEMORY_POD.format(env="")
    assert _found(files, "XA014", tmp_path) == [("k8s/api.yaml", 13, 18, [("api/cmd/api/main.go", 1)])]
    files["k8s/api.yaml"] = MEMORY_POD.format(env="\n      env: [{name: GOMEMLIMIT, value: 230MiB}]")
    assert _found(files, "XA014", tmp_path) == []
    files["k8s/api.yaml"] = MEMORY_POD.format(env="")
    files["api/cmd/api/main.go"] = 'package main\n\nimport _ "github.com/KimMachineGun/automemlimit"\n\nfunc main() {}\n'
    assert _found(files, "XA014", tmp_path) == []


def test_xa015_names_an_env_entry_nothing_reads_and_is_silent_when_reads_are_dynamic(tmp_path):
    files = _files()
    files["api/cmd/api/main.go"] = 'package main\n\nimport "os"\n\nfunc main() { _ = os.Getenv("PORT") }\n'
    env = "\n      env:\n        - {name: PORT, value: '8080'}\n        - {name: CACHE_TTL, value: '60'}\n        - {name: HTTPS_PROXY, value: 'http://proxy:3128'}"
    files["k8s/api.yaml"] = POD.format(run_as="\n    runAsUser: 65532", probe=env)
    assert _found(files, "XA015", tmp_path) == [("k8s/api.yaml", 14, 18, [("api/cmd/api/main.go", 1)])]
    files["api/cmd/api/main.go"] = 'package main\n\nimport "os"\n\nfunc main() {\n\tkey := "CACHE_TTL"\n\t_ = os.Getenv(key)\n}\n'
    assert _found(files, "XA015", tmp_path) == []


def test_xa003_compares_patch_releases_when_the_tag_names_one(tmp_path):
    files = _files(mod="1.22.3")
    files["api/Dockerfile"] = files["api/Dockerfile"].replace("golang:1.23-alpine", "golang:1.22.1-alpine")
    assert [(p, line) for p, line, _, _ in _found(files, "XA003", tmp_path)] == [("api/Dockerfile", 1)]
    for tag in ("golang:1.22-alpine", "golang:1.22.3-alpine", "golang:1.22.5-alpine"):  # 1.22 is that line's newest
        files["api/Dockerfile"] = _files()["api/Dockerfile"].replace("golang:1.23-alpine", tag)
        assert _found(files, "XA003", tmp_path) == [], tag
