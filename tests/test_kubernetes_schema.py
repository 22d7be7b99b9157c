"""Schema validation (KM100), apiVersion removals (KM101, KM102), missing schemas (KM103)."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from helpers import engine_for, lint, lint_files

from cnlint.engine import Input
from cnlint.kubernetes import schemas as kubernetes_schemas
from cnlint.registry import load_catalogue

POD = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: a\n    image: a:1\n"


def found(diagnostics, code=None):
    return [(d.code, d.span.line, d.span.column, d.span.end_column, d.message) for d in diagnostics if code is None or d.code == code]


def km(text, *rules, config=None, name="m.yaml"):
    return lint(text, name, select=list(rules) or ["KM1"], config=config)


# ---- KM100 -------------------------------------------------------------------


def test_unknown_field_is_reported_at_its_key_with_did_you_mean():
    text = POD.replace("  containers:\n", "  contianers:\n")
    assert found(km(text, "KM100")) == [
        ("KM100", 6, 3, 13, "unknown field 'contianers' of PodSpec (spec): strict validation rejects it; did you mean 'containers'?"),
    ]


def test_unknown_field_without_a_close_name_has_no_guess():
    [(_, line, col, end, message)] = found(km(POD + "    colour: red\n", "KM100"))
    assert (line, col, end, message) == (9, 5, 11, "unknown field 'colour' of Container (spec.containers[0]): strict validation rejects it")


def test_wrong_types_are_reported_at_the_value_in_kubernetes_terms():
    text = POD + "    ports:\n    - containerPort: '80'\n    env:\n    - {name: X, value: 8080}\n    livenessProbe:\n      httpGet: {port: 1.5}\n"
    assert found(km(text, "KM100")) == [
        ("KM100", 10, 22, 26, "'spec.containers[0].ports[0].containerPort' must be an integer, not a string ('80')"),
        ("KM100", 12, 24, 28, "'spec.containers[0].env[0].value' must be a string, not an integer (8080)"),
        ("KM100", 14, 23, 26, "'spec.containers[0].livenessProbe.httpGet.port' must be a string or an integer, not a number"),
    ]


def test_missing_required_field_is_reported_at_the_parent_key_or_kind():
    text = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: d\nspec:\n  template: {}\n"
    assert found(km(text, "KM100")) == [("KM100", 5, 1, 5, "DeploymentSpec is missing the required field 'selector'")]
    assert found(km("apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d}\n", "KM100")) == [
        ("KM100", 2, 1, 5, "Deployment is missing the required field 'spec'"),
    ]


def test_valid_objects_of_many_kinds_pass():
    text = (
        POD + "---\napiVersion: v1\nkind: Service\nmetadata: {name: s}\nspec:\n  ports: [{port: 80, targetPort: http}]\n"
        "---\napiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata: {name: r}\nrules: [{apiGroups: [''], resources: [pods], verbs: [get]}]\n"
    )
    assert km(text, "KM100", "KM103") == []


CRD = """apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: widgets.example.com
spec:
  group: example.com
  scope: Namespaced
  names: {kind: Widget, plural: widgets}
  versions:
    - name: v1
      served: true
      storage: true
      schema:
        openAPIV3Schema:
          type: object
          properties:
            spec:
              type: object
              required: [size]
              properties:
                size: {type: integer}
                port: {x-kubernetes-int-or-string: true}
                note: {type: string, nullable: true}
                extra: {type: object, x-kubernetes-preserve-unknown-fields: true}
"""
WIDGET = "apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: w\nspec:\n  {body}\n"


def test_crds_among_the_inputs_give_their_resources_a_schema():
    bad = WIDGET.format(body="size: 1\n  port: [1]\n  colour: red\n  extra: {any: thing}")
    good = WIDGET.format(body="size: 1\n  port: http\n  note: null\n  extra: {any: thing}")
    diagnostics = lint_files({"crd.yaml": CRD, "bad.yaml": bad, "good.yaml": good}, select=["KM100", "KM103"])
    assert [(d.path, *f) for d, f in zip(diagnostics, found(diagnostics), strict=True)] == [
        ("bad.yaml", "KM100", 7, 9, 12, "'spec.port' must be an integer or a string, not a list"),
        ("bad.yaml", "KM100", 8, 3, 9, "unknown field 'colour' (spec): strict validation rejects it"),
    ]


def test_schema_locations_hold_crds_and_json_schemas(tmp_path):
    (tmp_path / "crds" / "example.com").mkdir(parents=True)
    (tmp_path / "crds" / "widget.yaml").write_text(CRD)
    schema = {"type": "object", "properties": {"spec": {"type": "object", "properties": {"replicas": {"type": "integer"}}, "additionalProperties": False}}}
    (tmp_path / "crds" / "example.com" / "gadget_v2.json").write_text(json.dumps(schema))
    files = {
        "w.yaml": WIDGET.format(body="size: big"),
        "g.yaml": "apiVersion: example.com/v2\nkind: Gadget\nmetadata: {name: g}\nspec: {replica: 1}\n",
    }
    diagnostics = lint_files(files, select=["KM100", "KM103"], config={"schema-locations": ["crds"]}, root=tmp_path)
    assert [(d.path, d.code, d.span.line, d.span.column) for d in diagnostics] == [("g.yaml", "KM100", 4, 8), ("w.yaml", "KM100", 6, 9)]
    assert lint_files(files, select=["KM103"], root=tmp_path) != []


def test_validators_are_compiled_once_per_kind_and_version(monkeypatch):
    kubernetes_schemas._validators.clear()
    compiled = []
    real = kubernetes_schemas.compile_schema
    monkeypatch.setattr(kubernetes_schemas, "compile_schema", lambda schema, minor=None: compiled.append(minor) or real(schema, minor))
    files = {f"p{i}.yaml": POD for i in range(3)}
    engine = engine_for(select=["KM100"])
    inputs = [Input(name, "yaml", text=text) for name, text in files.items()]
    assert engine.lint(inputs).diagnostics == [] and engine.lint(inputs).diagnostics == []
    assert len(compiled) == 1
    lint(POD, "p.yaml", select=["KM100"], config={"kubernetes-version": "1.25"})
    assert compiled[1:] == [25]


def _forget_schemas():
    """A new process, as far as the schemas go (the disk cache stays)."""
    for cached in (kubernetes_schemas._read_json, kubernetes_schemas._all_definitions, kubernetes_schemas.builtin_schema):
        cached.cache_clear()
    for table in (kubernetes_schemas._validators, kubernetes_schemas._tables, kubernetes_schemas._names):
        table.clear()


def test_only_the_schemas_of_kinds_present_are_read(monkeypatch, tmp_path):
    monkeypatch.setenv("CNLINT_CACHE_DIR", str(tmp_path))
    _forget_schemas()
    read = []
    real = kubernetes_schemas._read_json.__wrapped__
    monkeypatch.setattr(kubernetes_schemas, "_read_json", lambda path: read.append(path.name) or real(path))
    assert km(POD, "KM100") == []
    assert read == ["pod-v1.json", "_definitions.json"]


def test_a_kind_and_the_definitions_it_reaches_come_from_the_cache_the_next_time(monkeypatch, tmp_path):
    monkeypatch.setenv("CNLINT_CACHE_DIR", str(tmp_path))
    bad = POD.replace("  containers:\n", "  contianers:\n") + "---\n" + POD.replace("image: a:1", "image: a:1\n    colour: red")
    _forget_schemas()
    first = found(km(bad, "KM100"))
    assert [m for *_, m in first] == [
        "unknown field 'contianers' of PodSpec (spec): strict validation rejects it; did you mean 'containers'?",
        "unknown field 'colour' of Container (spec.containers[0]): strict validation rejects it",
    ]
    _forget_schemas()
    read = []
    real = kubernetes_schemas._read_json.__wrapped__
    monkeypatch.setattr(kubernetes_schemas, "_read_json", lambda path: read.append(path.name) or real(path))
    assert found(km(bad, "KM100")) == first  # the types still named
    assert read == []  # neither the kind's file nor the 1.8 MB of definitions
    assert len(kubernetes_schemas._tables[kubernetes_schemas.schema_minor(None)]) < 200  # what a Pod reaches, of ~860


def test_a_definition_two_kinds_reach_is_one_object(tmp_path, monkeypatch):
    monkeypatch.setenv("CNLINT_CACHE_DIR", str(tmp_path))
    minor = kubernetes_schemas.schema_minor(None)
    for _ in range(2):  # read, then from the cache
        _forget_schemas()
        pod = kubernetes_schemas.builtin_schema(minor, "v1", "Pod")
        deployment = kubernetes_schemas.builtin_schema(minor, "apps/v1", "Deployment")
        assert deployment["properties"]["spec"]["properties"]["template"]["properties"]["spec"] is pod["properties"]["spec"]
        assert _refs(deployment) == []


def _refs(schema) -> list[str]:
    """$refs still reachable from `schema` (inlining leaves none)."""
    found, todo, seen = [], [schema], set()
    while todo:
        node = todo.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, dict):
            found += [node["$ref"]] if "$ref" in node else []
            todo += node.values()
        elif isinstance(node, list):
            todo += node
    return found


def test_a_kind_schema_reaches_no_reference_even_after_the_caches_are_cleared():
    minor = kubernetes_schemas.schema_minor(None)
    for _ in range(3):  # fresh definitions each time: their ids may repeat old ones
        _forget_schemas()
        assert _refs(kubernetes_schemas.builtin_schema(minor, "apps/v1", "Deployment")) == []


def test_kubernetes_version_picks_the_schemas():
    policy = "apiVersion: admissionregistration.k8s.io/v1\nkind: ValidatingAdmissionPolicy\nmetadata: {name: v}\nspec: {}\n"
    assert km(policy, "KM100", "KM103") == []
    assert found(km(policy, "KM100", "KM103", config={"kubernetes-version": "1.29"})) == [
        ("KM100", 1, 13, 44, "Kubernetes 1.29 has no ValidatingAdmissionPolicy in admissionregistration.k8s.io/v1, so the API server rejects it;"
         " it serves ValidatingAdmissionPolicy as admissionregistration.k8s.io/v1alpha1 or admissionregistration.k8s.io/v1beta1"),
    ]


PROBE = """
import sys
from cnlint.config import Resolver, Settings
from cnlint.engine import Engine, Input
pod = "apiVersion: v1\\nkind: Pod\\nmetadata: {name: p}\\nspec: {containers: []}\\n"
for select, text in ((("KM001",), pod), (("KM100",), pod), (("KM100",), sys.stdin.read())):
    found = Engine(Resolver.fixed(Settings(select=select))).lint([Input("p.yaml", "yaml", text=text)])
    print(len(found.diagnostics), "jsonschema" in sys.modules)
"""


def test_jsonschema_is_imported_only_to_validate_custom_resources():
    load_catalogue.__wrapped__()  # fill the rule cache, so the catalogue needs no jsonschema
    crd = CRD + "---\n" + WIDGET.format(body="size: big")
    out = subprocess.run([sys.executable, "-c", PROBE], input=crd, capture_output=True, text=True, timeout=60, check=True).stdout
    assert out.split() == ["0", "False", "0", "False", "1", "True"]


def _fuzzed(node, rng):
    """A copy of a manifest with a few wrong types, unknown keys and missing keys."""
    if isinstance(node, dict):
        out = {k: _fuzzed(v, rng) for k, v in node.items() if rng.random() > 0.05}
        if rng.random() < 0.1:
            out[rng.choice(["colour", "contianers", "x"])] = 1
        return out
    if isinstance(node, list):
        return [_fuzzed(v, rng) for v in node]
    return rng.choice([node, node, node, 7, "7", True, None, [1], {"a": 1}])


def test_the_builtin_validator_reports_what_jsonschema_reports():
    import random
    from pathlib import Path

    import yaml
    from jsonschema import Draft202012Validator

    rng = random.Random(5)
    corpus = Path(__file__).resolve().parent.parent / "benchmarks" / "corpus" / "kubernetes"
    minor = kubernetes_schemas.schema_minor(None)
    compared = 0
    for path in sorted(corpus.rglob("*.yaml")):
        for obj in yaml.safe_load_all(path.read_text()):
            real = isinstance(obj, dict) and "apiVersion" in obj and "kind" in obj
            schema = kubernetes_schemas.builtin_schema(minor, obj["apiVersion"], obj["kind"]) if real else None
            if schema is None:
                continue
            ours = kubernetes_schemas.BuiltinValidator(schema)
            theirs = Draft202012Validator(schema)
            for instance in [obj] + [_fuzzed(obj, rng) for _ in range(5)]:
                got = sorted((tuple(map(str, e.absolute_path)), e.validator) for e in ours.iter_errors(instance))
                want = sorted((tuple(map(str, e.absolute_path)), e.validator) for e in theirs.iter_errors(instance))
                assert got == want, (path.name, obj["kind"])
                compared += 1
    assert compared > 400


# ---- KM103 ---------------------------------------------------------------------

CERT = "apiVersion: cert-manager.io/v1\nkind: Certificate\nmetadata:\n  name: {name}\nspec: {{}}\n"


def test_a_kind_without_schema_is_reported_once_as_info():
    diagnostics = lint_files({"a.yaml": CERT.format(name="a"), "b.yaml": CERT.format(name="b") + "---\n" + CERT.format(name="c")}, select=["KM103"])
    assert [(d.path, d.span.line, d.span.column, d.span.end_column, d.severity) for d in diagnostics] == [("a.yaml", 2, 7, 18, "info")]


@pytest.mark.parametrize("text", [
    "kind: Cluster\napiVersion: kind.x-k8s.io/v1alpha4\nnodes:\n- role: control-plane\n",
    "apiVersion: kubeadm.k8s.io/v1beta3\nkind: ClusterConfiguration\nkubernetesVersion: v1.30.0\n",
    "apiVersion: apiserver.k8s.io/v1beta1\nkind: EgressSelectorConfiguration\negressSelections: []\n",
    "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources: [a.yaml]\n",
])
def test_configuration_files_are_not_api_objects_so_no_schema_is_missing(text):
    assert km(text) == []
    # A served group that merely ends like one is still an API object.
    assert [d.code for d in km("apiVersion: flowcontrol.apiserver.k8s.io/v9\nkind: Widget\nmetadata: {name: w}\n")] == ["KM103"]


def test_a_missing_schema_can_be_made_an_error():
    [d] = km(CERT.format(name="a"), "KM103", config={"severity": {"missing-schema": "error"}})
    assert d.severity == "error"


# ---- KM101, KM102 ---------------------------------------------------------------

CRONJOB = 'apiVersion: {api}  # keep me\nkind: CronJob\nmetadata:\n  name: r\nspec:\n  schedule: "0 * * * *"\n  jobTemplate: {{spec: {{template: {{spec: {{containers: []}}}}}}}}\n'


def test_removed_api_version_names_its_replacement_and_skips_validation():
    text = CRONJOB.format(api="batch/v1beta1")
    assert found(km(text)) == [("KM101", 1, 13, 26, "CronJob batch/v1beta1 was removed in Kubernetes 1.25; use batch/v1")]


@pytest.mark.parametrize("api", ["batch/v1beta1", '"batch/v1beta1"', "'batch/v1beta1'"])
def test_mechanical_rename_is_a_safe_fix_that_keeps_quotes_and_comments(api):
    text = CRONJOB.format(api=api)
    result = engine_for(select=["KM1"]).fix([Input("c.yaml", "yaml", text=text)])
    fixed = result.changes["c.yaml"][1]
    assert fixed == text.replace("v1beta1", "v1")
    assert result.diagnostics == [] and km(fixed) == []


def test_a_rename_that_changes_fields_is_only_an_unsafe_fix():
    text = "apiVersion: policy/v1beta1\nkind: PodDisruptionBudget\nmetadata: {name: p}\nspec: {minAvailable: 1, selector: {matchLabels: {a: b}}}\n"
    engine = engine_for(select=["KM101"])
    assert engine.fix([Input("p.yaml", "yaml", text=text)]).changes == {}
    [d] = engine.lint([Input("p.yaml", "yaml", text=text)]).diagnostics
    assert d.message == "PodDisruptionBudget policy/v1beta1 was removed in Kubernetes 1.25; use policy/v1 (in policy/v1 an empty selector selects every pod)"
    fixed = engine.fix([Input("p.yaml", "yaml", text=text)], unsafe=True).changes["p.yaml"][1]
    assert fixed.startswith("apiVersion: policy/v1\n") and km(fixed, "KM100", "KM101") == []


DAEMONSET = """apiVersion: extensions/v1beta1
kind: DaemonSet
metadata:
  name: agent
spec:
    template:
        metadata:
            labels: {app: agent, "on": "yes", tier: "08"}
        spec:
            containers: [{name: agent, image: agent:1.0}]
"""


def test_moving_a_workload_to_apps_v1_adds_the_selector_the_old_api_defaulted():
    [d] = km(DAEMONSET, "KM101")
    assert (d.fix.safe, d.fix.description) == (False, "Change apiVersion to apps/v1 and add the spec.selector it requires")
    fixed = engine_for(select=["KM101"]).fix([Input("d.yaml", "yaml", text=DAEMONSET)], unsafe=True).changes["d.yaml"][1]
    assert fixed == DAEMONSET.replace("extensions/v1beta1", "apps/v1").replace(
        "spec:\n    template:", 'spec:\n    selector:\n        matchLabels:\n            app: agent\n            "on": "yes"\n            tier: "08"\n    template:'
    )
    assert km(fixed, "KM100", "KM101", "CN001") == []


@pytest.mark.parametrize(
    "text",
    [
        # a workload whose pods carry no labels: no selector to write
        DAEMONSET.replace('labels: {app: agent, "on": "yes", tier: "08"}', "name: x"),
        # Ingress backends are written differently in networking.k8s.io/v1
        "apiVersion: extensions/v1beta1\nkind: Ingress\nmetadata: {name: web}\nspec:\n  backend:\n    serviceName: web\n    servicePort: 80\n",
    ],
)
def test_no_fix_leaves_an_object_the_new_api_refuses(text):
    [d] = km(text, "KM101")
    assert d.fix is None


def test_an_api_with_no_replacement_has_no_fix():
    [d] = km("apiVersion: policy/v1beta1\nkind: PodSecurityPolicy\nmetadata: {name: p}\n", "KM101")
    assert (d.message, d.fix) == ("PodSecurityPolicy policy/v1beta1 was removed in Kubernetes 1.25; use Pod Security Admission", None)


def test_deprecated_before_removal_and_removed_after():
    text = "apiVersion: autoscaling/v2beta2\nkind: HorizontalPodAutoscaler\nmetadata: {name: h}\nspec: {scaleTargetRef: {kind: Deployment, name: d}, maxReplicas: 2}\n"
    [d] = km(text, "KM101", "KM102", config={"kubernetes-version": "1.25"})
    assert (d.code, d.severity, d.message) == ("KM102", "warning", "HorizontalPodAutoscaler autoscaling/v2beta2 is deprecated since 1.23 and removed in 1.26; use autoscaling/v2")
    assert [d.code for d in km(text, "KM101", "KM102", config={"kubernetes-version": "1.26"})] == ["KM101"]


def test_kube_linter_annotation_suppresses_schema_findings_through_the_alias():
    text = POD.replace("  name: p\n", "  name: p\n  annotations:\n    ignore-check.kube-linter.io/schema-validation: generated\n") + "    colour: red\n"
    assert km(text, "KM100", "CN002") == []
    assert [d.code for d in km(text.replace("schema-validation", "latest-tag"), "KM100")] == ["KM100"]


def test_a_crd_schema_jsonschema_cannot_apply_is_reported_once():
    broken = CRD.replace("size: {type: integer}", "size: {type: integr}")
    files = {"crd.yaml": broken, "a.yaml": WIDGET.format(body="size: 1"), "b.yaml": WIDGET.format(body="size: 2")}
    diagnostics = lint_files(files, select=["KM100", "KM103"])
    assert [(d.path, d.code, d.span.line, d.span.column) for d in diagnostics] == [("a.yaml", "KM100", 2, 7)]
    assert diagnostics[0].message.startswith("the schema of Widget (example.com/v1) cannot be applied, so its objects are not validated: 'integr' is not valid")


def test_agrees_with_kubernetes_validate_on_the_benchmark_corpus():
    pytest.importorskip("kubernetes_validate", reason="the oracle kubernetes-validate is not installed")
    import importlib.util
    from pathlib import Path

    path = Path(__file__).resolve().parent.parent / "benchmarks" / "kubernetes.py"
    spec = importlib.util.spec_from_file_location("kubernetes_benchmark", path)
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    # A slice of the corpus keeps this quick: the oracle re-reads its schemas for every document.
    files = [bench.CORPUS / "own" / "mistakes.yaml", bench.CORPUS / "ingress-nginx" / "deploy.yaml"]
    ours = bench.cnlint_verdicts(files)
    theirs = bench.kubernetes_validate_verdicts(files, f"1.{kubernetes_schemas.schema_minor(None)}")
    judged = {k: verdict == "invalid" for k, (verdict, _) in theirs.items() if verdict != "no-schema"}
    assert len(judged) == 29 and sum(judged.values()) == 8
    assert {k: ours[k]["schema"] == "invalid" for k in judged} == judged


def test_a_built_in_kind_at_a_version_it_lacks_is_an_error_naming_the_served_ones():
    text = "apiVersion: autoscaling/v3\nkind: HorizontalPodAutoscaler\nmetadata: {name: h}\n"
    assert found(km(text)) == [
        ("KM100", 1, 13, 27, "Kubernetes 1.37 has no HorizontalPodAutoscaler in autoscaling/v3, so the API server rejects it; it serves HorizontalPodAutoscaler as autoscaling/v1 or autoscaling/v2"),
    ]
    old = CRONJOB.format(api="batch/v1beta1")  # served by 1.20, whose schemas 1.25 stands in for
    assert [d.code for d in km(old, config={"kubernetes-version": "1.20"})] == ["KM103"]


def test_a_kind_in_an_unknown_group_hints_at_the_built_in_one():
    [d] = km("apiVersion: app/v1\nkind: Deployment\nmetadata: {name: d}\n")
    assert (d.code, d.message) == (
        "KM103",
        "no schema for Deployment (app/v1), so its objects are not validated; "
        "add its CRD to the inputs or to schema-locations (Kubernetes serves Deployment as apps/v1)",
    )


def test_custom_resource_bounds_read_as_sentences():
    crd = CRD.replace("size: {type: integer}", "size: {type: integer, minimum: 1}").replace("note: {type: string, nullable: true}", "note: {type: string, pattern: '^[a-z]+$', maxLength: 3}")
    widget = WIDGET.format(body="size: 0\n  note: Hello")
    diagnostics = lint_files({"crd.yaml": crd, "w.yaml": widget}, select=["KM100"])
    assert [(d.span.line, d.span.column, d.message) for d in diagnostics] == [
        (6, 9, "'spec.size' is 0, below the minimum 1"),
        (7, 9, "'spec.note' is 'Hello', which does not match the pattern '^[a-z]+$'"),
        (7, 9, "'spec.note' must be at most 3 characters long"),
    ]


@pytest.mark.parametrize(("api", "kind"), [("v1", "../pod"), ("v1", "*"), ("../../x/v1", "Pod")])
def test_odd_kinds_and_api_versions_name_no_schema_file(api, kind):
    text = f"apiVersion: '{api}'\nkind: '{kind}'\nmetadata: {{name: x}}\n"
    assert [d.code for d in km(text, "KM100", "KM103")] == ["KM103"]
