"""YAML is read as the API server reads it, by one loader, everywhere.

The API server decodes manifests with sigs.k8s.io/yaml on go-yaml v2: YAML
1.1 scalars (`privileged: yes` is true), keys turned into JSON text, the last
of duplicate keys kept. The rule catalogue and .hadolint.yaml go through the
same loader.
"""

from __future__ import annotations

import math

import pytest
from helpers import lint

from cnlint.kubernetes import loader as kubernetes_yaml

POD = """apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  containers:
  - name: app
    image: app:1.0
    securityContext:
      privileged: {value}
{extra}"""
COMPLEX_KEY = "? [a, b]\n: complex\n"  # a list as a key: legal YAML, not legal JSON


def _km002(value: str, extra: str = "") -> list:
    found = lint(POD.format(value=value, extra=extra), "pod.yaml", select=["KM002", "CN001"])
    return [(d.code, d.span.line, d.span.column) for d in found]


TRUE_WORDS = ["yes", "Yes", "YES", "y", "Y", "on", "On", "ON", "true", "True", "TRUE"]
FALSE_WORDS = ["no", "No", "NO", "n", "N", "off", "Off", "OFF", "false", "False", "FALSE"]


@pytest.mark.parametrize("extra", ["", COMPLEX_KEY], ids=["plain", "with-complex-key"])
@pytest.mark.parametrize("word", TRUE_WORDS)
def test_yaml_1_1_true_words_make_a_container_privileged(word, extra):
    expected = [("KM002", 10, 19)]
    if extra:  # the complex key is reported where it is, and the object is still linted
        expected.append(("CN001", 11, 3))
    assert sorted(_km002(word, extra)) == sorted(expected)


@pytest.mark.parametrize("extra", ["", COMPLEX_KEY], ids=["plain", "with-complex-key"])
@pytest.mark.parametrize("word", FALSE_WORDS + ["'yes'", '"on"', "~"])
def test_false_words_quoted_words_and_null_do_not(word, extra):
    assert [f for f in _km002(word, extra) if f[0] == "KM002"] == []


def test_a_complex_key_in_another_document_changes_nothing():
    text = POD.format(value="yes", extra="") + "---\n" + COMPLEX_KEY
    found = lint(text, "pod.yaml", select=["KM002", "CN001"])
    assert [(d.code, d.span.line) for d in found] == [("KM002", 10), ("CN001", 12)]


def test_the_complex_key_problem_says_what_and_why():
    found = lint(POD.format(value="yes", extra=COMPLEX_KEY), "pod.yaml", select=["CN001"])
    assert [d.message for d in found] == [
        "a list used as a key: JSON keys are text, so the API server refuses this document; the key is left out here"
    ]


# ---- go-yaml v2's resolve(), scalar by scalar -------------------------------------

GO_YAML_V2 = {
    # booleans and nulls: exactly the words in resolve.go's table
    **{w: True for w in TRUE_WORDS},
    **{w: False for w in FALSE_WORDS},
    "": None, "~": None, "null": None, "Null": None, "NULL": None,
    "tRUE": "tRUE", "yES": "yES", "nULL": "nULL", "Off!": "Off!", "t": "t", "f": "f", "o": "o",
    # ints: ParseInt/ParseUint with base 0, after removing every '_'
    "0": 0, "-0": 0, "+12": 12, "1_000": 1000, "0755": 493, "0o17": 15, "0O17": 15, "0x1F": 31, "0X1f": 31,
    "0b101": 5, "-0x10": -16, "9223372036854775807": 9223372036854775807,
    "18446744073709551615": 18446744073709551615, "0xFFFFFFFFFFFFFFFFFF": 0xFFFFFFFFFFFFFFFFFF,
    # floats: the yamlStyleFloat regexp, and ParseFloat for a leading '.'
    "1.5": 1.5, "1e3": 1000.0, "1.e3": 1000.0, "-1.5E-2": -0.015, ".5": 0.5, ".1_5": 0.15, "08": 8.0,
    "99999999999999999999": 1e20, "-9223372036854775809": -9223372036854775809.0,
    # text: sexagesimal, timestamps, out-of-range floats, malformed numbers
    "190:20:30": "190:20:30", "2024-01-02": "2024-01-02", "1.5e400": "1.5e400", "0x": "0x", "0b": "0b",
    "12abc": "12abc", "._5": "._5", ".5_": ".5_", "0x1p-2": "0x1p-2", "+": "+", "-x": "-x", "<<": "<<",
}


@pytest.mark.parametrize("text", list(GO_YAML_V2))
def test_plain_scalars_resolve_as_go_yaml_v2(text):
    root, _ = kubernetes_yaml.load(f"v: {text}\n" if text else "v:\n")
    value, want = root["v"], GO_YAML_V2[text]
    assert (type(value), value) == (type(want), want)


@pytest.mark.parametrize(("text", "want"), [(".inf", math.inf), ("-.Inf", -math.inf), ("+.INF", math.inf)])
def test_infinities_resolve_and_are_reported(text, want):
    problems = []
    root, _ = kubernetes_yaml.load(f"v: {text}\n", 0, problems)
    assert root["v"] == want
    assert [p.what for p in problems] == [f"{text} is not a number JSON can hold"]


def test_explicit_tags_resolve_the_text_or_are_a_problem():
    problems = []
    root, _ = kubernetes_yaml.load("a: !!int '12'\nb: !!float 3\nc: !!str yes\nd: !!bool 'on'\ne: !!binary aGk=\nf: !custom yes\n", 0, problems)
    assert dict(root) == {"a": 12, "b": 3.0, "c": "yes", "d": True, "e": "hi", "f": "yes"}
    assert problems == []


# ---- duplicate keys -----------------------------------------------------------------


DUPLICATE = """apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  containers:
  - name: app
    image: app:1.0
    securityContext:
      privileged: {first}
      privileged: {second}
"""


def test_a_duplicate_key_is_reported_at_the_second_and_the_last_value_is_linted():
    found = lint(DUPLICATE.format(first="false", second="true"), "pod.yaml", select=["KM002", "CN001"])
    found.sort(key=lambda d: d.code)
    assert [(d.code, d.span.line, d.span.column, d.span.end_column) for d in found] == [
        ("CN001", 11, 7, 17),
        ("KM002", 11, 19, 23),
    ]
    assert found[0].message == (
        "duplicate key 'privileged' (first on line 10): the API server keeps this last value,"
        " or refuses the object under strict field validation (kubectl's default)"
    )


def test_a_duplicate_key_whose_last_value_is_harmless_reports_only_the_duplicate():
    found = lint(DUPLICATE.format(first="true", second="false"), "pod.yaml", select=["KM002", "CN001"])
    assert [(d.code, d.span.line) for d in found] == [("CN001", 11)]


def test_every_repeat_names_the_first_line():
    problems = []
    kubernetes_yaml.load("a: 1\nb: 2\na: 3\na: 4\n", 0, problems)
    assert [(p.line, p.what) for p in problems] == [
        (2, "duplicate key 'a' (first on line 1)"),
        (3, "duplicate key 'a' (first on line 1)"),
    ]


def test_keys_equal_as_json_text_are_duplicates():
    problems = []
    root, _ = kubernetes_yaml.load("true: 1\n'true': 2\n", 0, problems)
    assert dict(root) == {"true": 2} and [p.what for p in problems] == ["duplicate key 'true' (first on line 1)"]


def test_a_duplicate_key_in_a_flow_mapping_points_at_the_key():
    found = lint("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a, name: b}\n", "c.yaml", select=["CN001"])
    assert [(d.span.line, d.span.column, d.span.end_column) for d in found] == [(3, 21, 25)]
