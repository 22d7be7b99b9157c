"""The Kubernetes model: the located loader, aliases, template files."""

from __future__ import annotations

import subprocess
import sys
import time

import pytest
from helpers import lint

from cnlint.config import Settings
from cnlint.diagnostics import Span
from cnlint.kubernetes import loader as kubernetes_yaml
from cnlint.kubernetes.model import MAX_NODES, parse

VARIED = """apiVersion: apps/v1
kind: Deployment
metadata:
  name: x  # comment
  labels: {app: x, "tier": 'y'}
  annotations:
    a: |
      multi
    b: >-
      folded
spec:
  template:
    spec:
      containers:
      - name: a
        args: [a, "b", 3]
        env:
          - name: X
            value: "1"
          -
            name: W
            value: z
      - {name: b, image: c}
  nested:
  - - n1
    - n2
"""


def _positions(node, path=()):
    """Every (path, position record) of a loaded tree, for comparing loaders."""
    out = [(path, "node", node.lc.line, node.lc.col, bool(node.fa.flow_style()))]
    keys = node.keys() if isinstance(node, dict) else range(len(node))
    for k in keys:
        out.append((path + (k,), *node.lc.data[k]))
        if isinstance(node[k], (dict, list)):
            out.extend(_positions(node[k], path + (k,)))
    return out


def test_the_loader_gives_the_positions_ruamel_gives():
    from ruamel.yaml import YAML

    fast, _ = kubernetes_yaml.load(VARIED)
    assert _positions(fast) == _positions(YAML(typ="rt").load(VARIED))
    assert fast == YAML(typ="rt").load(VARIED)


def test_fast_loader_shifts_lines_by_the_offset():
    root, shared = kubernetes_yaml.load("a:\n  b: [1]\n", offset=10)
    assert (root.lc.line, root.lc.key("a"), root["a"].lc.value("b")) == (10, (10, 0), (11, 5))
    assert not shared


def test_scalars_resolve_as_the_api_server_reads_them():
    root, _ = kubernetes_yaml.load("a: yes\nb: 0755\nc: 2024-01-02\nd: ~\ne: 1.5\nf: '1'\ng: 0x1F\n")
    assert dict(root) == {"a": True, "b": 493, "c": "2024-01-02", "d": None, "e": 1.5, "f": "1", "g": 31}


def test_a_scalar_keeps_its_own_style_when_the_same_text_was_seen_before():
    # Resolved tags are remembered per text and style: a quoted "yes" or "0755"
    # after a plain one is still a string.
    first, _ = kubernetes_yaml.load("a: yes\nb: 0755\nc: null\n")
    second, _ = kubernetes_yaml.load("a: 'yes'\nb: \"0755\"\nc: 'null'\nd: yes\n")
    assert (first["a"], first["b"], first["c"]) == (True, 493, None)
    assert (second["a"], second["b"], second["c"], second["d"]) == ("yes", "0755", "null", True)


def test_merge_keys_fill_in_without_positions_of_their_own():
    text = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\nbase: &b {x: '1', z: '2'}\ndata:\n  <<: *b\n  z: '3'\n"
    [obj] = parse("m.yaml", text, Settings()).objects
    assert dict(obj.get(("data",))) == {"z": "3", "x": "1"}
    assert obj.key_span(("data", "x")).line == 6  # the merged key points at its mapping's key


def test_merge_keys_apply_in_document_order_as_go_yaml_v2_does():
    # go-yaml v2 writes a merge into the mapping where it stands: it overrides
    # the keys before it, the keys after it override it; of a list of
    # mappings, the earlier ones win.
    root, _ = kubernetes_yaml.load("b: &b {x: 1, w: 1}\nc: &c {x: 2, v: 2}\nm:\n  x: 0\n  <<: [*b, *c]\n  w: 3\n")
    assert dict(root["m"]) == {"x": 1, "w": 3, "v": 2}
    assert "x" not in root["m"].lc.data and root["m"].lc.key("w") == (5, 2)


def test_a_document_that_does_not_parse_raises_with_pyyaml_s_precise_message():
    with pytest.raises(kubernetes_yaml.LoadError) as err:
        kubernetes_yaml.load("a: 1\nb:\n\tc: 2\n")
    assert "'\\t'" in err.value.error.problem and err.value.error.problem_mark.line == 2


@pytest.mark.parametrize(
    ("text", "data", "problem"),
    [
        ("a: 1\na: 2\n", {"a": 2}, (1, 0, "duplicate key 'a' (first on line 1)", "key")),
        ("? [a]\n: 1\nb: 2\n", {"b": 2}, (0, 2, "a list used as a key", "line")),
        ("? {a: 1}\n: 1\nb: 2\n", {"b": 2}, (0, 2, "a mapping used as a key", "line")),
        ("~: 1\nb: 2\n", {"b": 2}, (0, 0, "a null key", "key")),
        ("a: !!int x\n", {"a": "x"}, (0, 3, "cannot decode !!str `x` as a !!int", "value")),
        ("a: .nan\n", None, (0, 3, ".nan is not a number JSON can hold", "value")),
        ("a: <<\n<<: 1\n", {"a": "<<"}, (1, 4, "a merge (<<) needs a mapping or a list of mappings", "line")),
    ],
)
def test_what_the_api_server_refuses_is_a_problem_and_the_rest_is_built(text, data, problem):
    problems = []
    root, _ = kubernetes_yaml.load(text, 0, problems)
    if data is not None:
        assert dict(root) == data
    assert [(p.line, p.col, p.what, p.where) for p in problems] == [problem]


def test_a_valid_manifest_is_loaded_without_ruamel():
    probe = (
        "import sys\nfrom cnlint.kubernetes.model import parse\nfrom cnlint.config import Settings\n"
        "a = parse('p.yaml', 'apiVersion: v1\\nkind: Pod\\nmetadata: {name: p}\\n', Settings())\n"
        "print(len(a.objects), 'ruamel' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60, check=True).stdout
    assert out.split() == ["1", "False"]


BOMB = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: lol}\na: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 10)}]\n" for i in range(8)
)


def test_billion_laughs_finishes_fast_with_a_clear_message():
    text = BOMB + "---\napiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {containers: [{name: a, image: a}]}\n"
    start = time.perf_counter()
    found = lint(text, "bomb.yaml", select=["CN001", "KM001"])
    assert time.perf_counter() - start < 5
    assert [(d.code, d.span.line, d.span.column, d.span.end_column) for d in found] == [("CN001", 1, 1, 15), ("KM001", 17, 38, 39)]
    assert found[0].message == f"aliases expand this document to more than {MAX_NODES} nodes (a 'billion laughs' bomb, or an alias inside itself); it is not linted"


def test_an_alias_inside_itself_is_refused_not_looped_over():
    found = lint("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata: &d {x: *d}\n", "c.yaml", select=["CN001", "KM1"])
    assert [(d.code, d.span.line) for d in found] == [("CN001", 1)]


def test_small_aliases_are_fine():
    text = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c, labels: &l {a: b}}\ndata: *l\n"
    assert lint(text, "c.yaml", select=["CN001", "KM1"]) == []


# ---- templates ---------------------------------------------------------------

HELM = """apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ include "app.fullname" . }}
  labels:
{{ include "app.labels" . | indent 4 }}
spec:
  {{- if .Values.replicas }}
  replicas: {{ .Values.replicas }}
  {{- end }}
"""


def test_a_template_is_reported_once_and_not_as_a_yaml_error():
    found = lint(HELM + "---\n" + HELM, "templates/deployment.yaml", select=["ALL"])
    assert [(d.code, d.span.line, d.span.column, d.span.end_column, d.severity) for d in found] == [("KM104", 4, 9, 39, "info")]


def test_template_lines_alone_make_a_template():
    text = '{{- if .Values.enabled }}\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: "x"\n{{- end }}\n'
    artifact = parse("c.yaml", text, Settings())
    assert (artifact.template, artifact.objects) == (Span(1, 1, 1, 26), [])


@pytest.mark.parametrize(
    "value",
    ['"{{ .Release.Name }}"', "'{{ x }}'", "prefix-{{ x }}", "|\n    {{ $labels.instance }} is down\n    {{ end }}"],
)
def test_braces_inside_strings_are_text(value):
    text = f"apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  k: {value}\n"
    artifact = parse("c.yaml", text, Settings())
    assert artifact.template is None and len(artifact.objects) == 1
    assert lint(text, "c.yaml", select=["KM104", "CN001"]) == []


def test_a_key_python_cannot_hold_is_a_parse_problem_not_a_crash():
    text = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  ? - name: web\n"
    found = lint(text, "c.yaml", select=["CN001", "CN003", "KM1"])
    assert [(d.code, d.span.line, d.span.column, d.message) for d in found] == [
        ("CN001", 6, 5, "a list used as a key: JSON keys are text, so the API server refuses this document; the key is left out here")
    ]


def test_mapping_keys_are_text_as_in_json():
    root, _ = kubernetes_yaml.load("80: a\non: b\n0x10: c\n'x': d\nn: e\n1.5: f\n1e6: g\n100000.0: h\n")
    assert list(root) == ["80", "true", "16", "x", "false", "1.5", "1e+06", "100000"] and root.lc.key("true") == (1, 0)


def test_a_manifest_written_as_one_flow_mapping_is_linted():
    text = '---\n{\n  apiVersion: "v1",\n  kind: "Pod",\n  metadata: {name: "p"},\n  spec: {containers: [{name: "a", image: "a:1", colour: 1}]},\n}\n'
    [obj] = parse("p.yaml", text, Settings()).objects
    assert (obj.kind, obj.first_line) == ("Pod", 2)
    assert [(d.code, d.span.line, d.span.column) for d in lint(text, "p.yaml", select=["KM100"])] == [("KM100", 6, 49)]


# ---- documents ---------------------------------------------------------------

CM = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {}\n"


@pytest.mark.parametrize(
    "text",
    [
        "---\n---\n" + CM.format("a"),  # helm template's empty template
        "---\n# Source: chart/templates/empty.yaml\n---\n" + CM.format("a"),
        "--- \n---  # two empty documents\n" + CM.format("a"),
        "...\n" + CM.format("a"),
        "# a comment\n...\n---\n" + CM.format("a"),
        CM.format("a") + "---\n---\n...\n",
    ],
)
def test_empty_documents_and_document_ends_are_valid_yaml(text):
    artifact = parse("m.yaml", text, Settings())
    assert [o.name for o in artifact.objects] == ["a"] and artifact.problems == []


def test_objects_after_empty_documents_are_all_linted():
    text = "---\n---\n" + CM.format("a") + "...\n...\n---\n" + CM.format("b") + "---\n---\n" + CM.format("c")
    artifact = parse("m.yaml", text, Settings())
    assert [(o.name, o.first_line, o.last_line) for o in artifact.objects] == [("a", 3, 6), ("b", 10, 13), ("c", 16, 19)]
    assert artifact.problems == []
