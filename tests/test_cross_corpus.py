"""The cross-artifact rules on a real repository: exactly what they report
there, and that a seam broken on purpose is found where it broke."""

from __future__ import annotations

import json
import shutil

from conftest import ROOT
from helpers import run_cli

DEMO = ROOT / "benchmarks" / "corpus" / "services" / "microservices-demo"


def _xa(cwd) -> list[tuple[str, int, str]]:
    proc = run_cli("check", "--isolated", "--select", "XA", "--format", "json", ".", cwd=cwd)
    assert proc.returncode in (0, 1), proc.stderr
    return sorted((d["path"], d["line"], d["code"]) for d in json.loads(proc.stdout))


def test_what_the_cross_rules_report_on_microservices_demo():
    assert _xa(DEMO) == [
        ("kubernetes-manifests/checkoutservice.yaml", 75, "XA014"),
        ("kubernetes-manifests/frontend.yaml", 106, "XA014"),
        ("kubernetes-manifests/productcatalogservice.yaml", 66, "XA014"),
        ("kubernetes-manifests/shippingservice.yaml", 66, "XA014"),
        ("src/checkoutservice/main.go", 127, "XA008"),
        ("src/frontend/main.go", 171, "XA008"),
        ("src/productcatalogservice/server.go", 124, "XA008"),
        ("src/shippingservice/main.go", 78, "XA008"),
    ]


def test_seams_broken_on_purpose_are_found_where_they_broke(tmp_path):
    copy = tmp_path / "demo"
    shutil.copytree(DEMO, copy)
    frontend = copy / "kubernetes-manifests" / "frontend.yaml"
    text = frontend.read_text()
    assert text.count('path: "/_healthz"') == 2 and "runAsUser: 1000" in text
    frontend.write_text(text.replace('path: "/_healthz"', 'path: "/healthz"').replace("        runAsUser: 1000\n", ""))
    dockerfile = copy / "src" / "checkoutservice" / "Dockerfile"
    builder = dockerfile.read_text()
    assert "golang:1.26.5-alpine@sha256:" in builder
    dockerfile.write_text(builder.replace("golang:1.26.5-alpine@sha256:", "golang:1.24-alpine@sha256:"))
    before = {code for _, _, code in _xa(DEMO)}  # still there, some a line up
    found = {f for f in _xa(copy) if f[2] not in before}
    assert sorted(found) == [
        ("kubernetes-manifests/frontend.yaml", 36, "XA002"),  # runAsNonRoot, now without runAsUser
        ("kubernetes-manifests/frontend.yaml", 52, "XA011"),  # the two probes' path
        ("kubernetes-manifests/frontend.yaml", 60, "XA011"),
        ("src/checkoutservice/Dockerfile", 18, "XA003"),  # go 1.24 for a go 1.25 module
    ]
