"""Kubernetes manifests: parsing, positions, suppressions and the KM rules."""

from __future__ import annotations

import subprocess
import sys

import pytest
from helpers import codes, engine_for, lint, lint_files, positions

from cnlint.config import Settings
from cnlint.engine import Input
from cnlint.kubernetes.model import parse
from cnlint.registry import load_catalogue

POD = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n"
LIMITS = "    resources: {limits: {memory: 64Mi}}\n"


def spans(diagnostics, code):
    return [(d.span.line, d.span.column, d.span.end_column) for d in diagnostics if d.code == code]


def km(text, *rules):
    return lint(text, "deploy.yaml", select=list(rules) or ["KM", "CN"])


# ---- rules ----------------------------------------------------------------


def test_km001_reports_latest_and_untagged_images_at_the_value():
    text = POD + "  - name: a\n    image: nginx:latest\n  - name: b\n    image: 'redis'  # x\n  - name: c\n    image: nginx:1.27\n"
    assert spans(km(text, "KM001"), "KM001") == [(8, 12, 24), (10, 12, 19)]


def test_km001_accepts_digests_and_registry_ports():
    text = POD + "  - name: a\n    image: r.io:5000/a@sha256:00\n  - name: b\n    image: r.io:5000/b:1\n"
    assert km(text, "KM001") == []


def test_km002_reports_the_privileged_value():
    text = POD + "  - name: a\n    image: a:1\n    securityContext:\n      privileged: true\n"
    [d] = km(text, "KM002")
    assert (d.span.line, d.span.column, d.span.end_column, d.severity) == (10, 19, 23, "error")
    assert d.fix and not d.fix.safe and d.logical.qualified == "Pod/web"


def test_km002_unsafe_fix_sets_false_and_relints_clean():
    text = POD + "  - name: a\n    image: a:1\n    securityContext: {privileged: true}  # why\n"
    engine = engine_for(select=["KM002"])
    assert engine.fix([Input("p.yaml", "yaml", text=text)]).changes == {}
    result = engine.fix([Input("p.yaml", "yaml", text=text)], unsafe=True)
    fixed = result.changes["p.yaml"][1]
    assert fixed == text.replace("privileged: true", "privileged: false")
    assert result.diagnostics == [] and km(fixed, "KM002") == []


def test_km003_reports_the_container_name_key_or_the_item():
    text = POD + "  - name: a\n    image: a:1\n" + LIMITS + "  - name: b\n    image: b:1\n  - image: c:1\n"
    assert spans(km(text, "KM003"), "KM003") == [(10, 5, 9), (12, 5, 15)]


def test_km003_skips_ephemeral_containers():
    text = POD + "  - name: a\n    image: a:1\n" + LIMITS + "  ephemeralContainers:\n  - name: debug\n    image: busybox:1\n"
    assert km(text, "KM003") == []


SERVICE = "apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n{ns}spec:\n  selector:\n    app: web\n"
DEPLOYMENT = (
    "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n{ns}spec:\n  template:\n"
    "    metadata:\n      labels: {{app: {app}, tier: x}}\n    spec:\n      containers: []\n"
)


@pytest.mark.parametrize(
    ("svc_ns", "app", "dep_ns", "dangling"),
    [
        ("", "web", "", False),
        ("  namespace: a\n", "web", "", False),
        ("  namespace: a\n", "web", "  namespace: a\n", False),
        ("", "api", "", True),
        ("  namespace: a\n", "web", "  namespace: b\n", True),
    ],
)
def test_km004_dangling_service(svc_ns, app, dep_ns, dangling):
    files = {"svc.yaml": SERVICE.format(ns=svc_ns), "dep.yaml": DEPLOYMENT.format(ns=dep_ns, app=app)}
    found = lint_files(files, select=["KM004"])
    line = 6 + bool(svc_ns)
    assert [(d.path, d.span.line, d.span.column, d.span.end_column) for d in found] == ([("svc.yaml", line, 3, 11)] if dangling else [])


def test_km004_ignores_services_without_selector_and_non_core_services():
    external = "apiVersion: v1\nkind: Service\nmetadata:\n  name: db\nspec:\n  type: ExternalName\n  externalName: db.example.com\n"
    knative = SERVICE.format(ns="").replace("apiVersion: v1", "apiVersion: serving.knative.dev/v1")
    assert lint_files({"a.yaml": external, "b.yaml": knative}, select=["KM004"]) == []


def test_cronjob_init_containers_are_found_through_the_accessors():
    text = (
        "apiVersion: batch/v1\nkind: CronJob\nmetadata:\n  name: r\nspec:\n  jobTemplate:\n    spec:\n      template:\n"
        "        spec:\n          initContainers:\n          - name: i\n            image: i\n          containers:\n          - name: c\n            image: c:1\n"
    )
    [obj] = parse("c.yaml", text, Settings()).objects
    assert [p for p, _ in obj.containers()] == [
        ("spec", "jobTemplate", "spec", "template", "spec", "initContainers", 0),
        ("spec", "jobTemplate", "spec", "template", "spec", "containers", 0),
    ]
    assert positions(km(text, "KM001")) == [(12, 20)]


# ---- parsing ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "where", "message"),
    [
        ("metadata:\n  name: x\n  name: z\n", (5, 3, 7), "duplicate key 'name' (first on line 4)"),
        ("metadata:\n    name: x\n  labels: {}\n", (5, 3, 4), "bad indentation"),
        ("metadata:\n\tname: x\n", (4, 1, 2), "tab character"),
    ],
)
def test_cn001_points_where_yaml_broke(body, where, message):
    [d] = km("apiVersion: v1\nkind: ConfigMap\n" + body, "CN001")
    assert (d.code, d.span.line, d.span.column, d.span.end_column) == ("CN001", *where)
    assert d.message.startswith(message)


def test_one_broken_document_does_not_hide_the_others():
    good = "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n  - {name: a, image: a}\n"
    text = good + "---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: x\n  name: y\n---\n# plain data\nfoo: 1\n...\n" + good
    found = km(text, "KM001", "CN001")
    assert [(d.code, d.span.line, d.span.column) for d in found] == [
        ("KM001", 6, 22),
        ("CN001", 12, 3),
        ("KM001", 22, 22),
    ]


def test_list_items_are_objects():
    text = (
        "apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: Pod\n  metadata: {name: a}\n"
        "  spec: {containers: [{name: a, image: 'a:latest'}]}\n- apiVersion: v1\n  kind: Pod\n  metadata: {name: b}\n"
        "  spec:\n    containers:\n    - name: b\n      image: b\n"
    )
    objects = parse("l.yaml", text, Settings()).objects
    assert [(o.name, o.first_line, o.last_line) for o in objects] == [("a", 4, 7), ("b", 8, 14)]
    assert positions(km(text, "KM001")) == [(7, 40), (14, 14)]


@pytest.mark.parametrize(
    "text",
    [
        "services:\n  web:\n    image: nginx:latest\n",
        "on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n",
        "image:\n  tag: latest\nkind: values\n",
    ],
)
def test_yaml_that_is_not_kubernetes_is_not_linted(text):
    assert parse("x.yaml", text, Settings()) is None
    assert lint(text, "x.yaml", select=["ALL"]) == []


PROBE = """
import sys
from cnlint.config import Resolver, Settings
from cnlint.engine import Engine, Input
engine = Engine(Resolver.fixed(Settings()))
engine.lint([Input("compose.yaml", "yaml", text="services:\\n  web:\\n    image: nginx\\n")])
print("ruamel" in sys.modules or "yaml" in sys.modules)
engine.lint([Input("pod.yaml", "yaml", text="apiVersion: v1\\nkind: Pod\\n")])
print("ruamel" in sys.modules or "yaml" in sys.modules)
"""


def test_non_kubernetes_yaml_does_not_import_a_yaml_parser():
    load_catalogue.__wrapped__()  # fill the rule cache, so the catalogue needs no YAML parser
    out = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, timeout=60, check=True).stdout
    assert out.split() == ["False", "True"]


def test_documents_without_kind_are_skipped_in_a_manifest():
    text = "apiVersion: v1\nkind: Namespace\nmetadata: {name: a}\n---\nfoo: [1, 2]\n---\n- a\n"
    assert [o.kind for o in parse("n.yaml", text, Settings()).objects] == ["Namespace"]
    assert km(text, "CN") == []


# ---- suppressions -----------------------------------------------------------

ANNOTATED = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\n  annotations:\n    {key}: \"{value}\"\nspec:\n  containers:\n  - name: a\n    image: nginx\n"


@pytest.mark.parametrize(
    ("key", "value"),
    [("cnlint.io/ignore", "KM001"), ("cnlint.io/ignore", "latest-tag, KM003"), ("ignore-check.kube-linter.io/latest-tag", "pinned by policy")],
)
def test_annotation_suppresses_the_whole_object(key, value):
    assert codes(km(ANNOTATED.format(key=key, value=value), "KM001", "CN002")) == []


def test_annotation_that_suppresses_nothing_is_cn002_at_its_key():
    found = km(ANNOTATED.format(key="cnlint.io/ignore", value="KM002"), "KM001", "KM002", "CN002")
    assert [(d.code, d.span.line, d.span.column, d.span.end_column) for d in found] == [("CN002", 6, 5, 21), ("KM001", 10, 12, 17)]


def test_comment_above_a_block_covers_the_whole_block():
    two = "  - name: a\n    image: nginx\n  - name: b\n    image: redis\n"
    text = POD.replace("  containers:\n", "  # cnlint: ignore=KM001\n  containers:\n") + two
    assert codes(km(text, "KM001", "CN002")) == []
    item = POD + "  # cnlint: ignore=KM001\n" + two
    assert positions(km(item, "KM001", "CN002")) == [(11, 12)]


def test_trailing_comment_covers_only_its_line():
    text = POD + "  - name: a\n    image: nginx  # cnlint: ignore=latest-tag\n  - name: b\n    image: redis\n"
    assert positions(km(text, "KM001")) == [(10, 12)]
