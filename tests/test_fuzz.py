"""Every parser, and --fix, under generated input (hypothesis).

Each target feeds one parser text made from real files and rule examples,
cut, spliced and salted with the syntax that parser cares about and with
random characters (control characters, NUL, Unicode line separators, lone
CRs), and checks what must hold for any input (tests/fuzz_checks.py).

`make test` runs a few examples of each target; `make fuzz` sets
CNLINT_FUZZ_EXAMPLES (100,000 by default) and runs each that many times,
then the coverage-guided targets of tests/fuzz_coverage.py as long.
"""

from __future__ import annotations

import os
from pathlib import Path

import fuzz_checks as check
import pytest
from fuzz_checks import COMMENTS, DOCKERFILE, GO, GOMOD, ODD, TOML, YAML, corpus, seeds
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

EXAMPLES = int(os.environ.get("CNLINT_FUZZ_EXAMPLES", "0"))
settings.register_profile(
    "cnlint",
    max_examples=EXAMPLES or 15,
    deadline=None,
    database=None,
    derandomize=not EXAMPLES,  # the short run in `make test` is the same every time
    suppress_health_check=list(HealthCheck),
)
settings.load_profile("cnlint")


# ---- inputs ------------------------------------------------------------------------


@st.composite
def _mutated(draw, seeds: list[str], tokens: list[str]) -> str:
    """A seed, changed a few times: a token or random text put in, a piece
    cut out, a piece of another seed spliced in, a piece repeated."""
    text = draw(st.sampled_from(seeds))
    # Places are drawn evenly: hypothesis's own integers favour the ends of
    # their range, and most changes would land on the first line.
    place = draw(st.randoms(use_true_random=False))
    for _ in range(draw(st.integers(0, 8))):
        at = place.randint(0, len(text))
        op = draw(st.integers(0, 4))
        if op == 0:
            text = text[:at] + draw(st.sampled_from(tokens + ODD)) + text[at:]
        elif op == 1:
            text = text[:at] + draw(st.text(max_size=6)) + text[at:]
        elif op == 2:
            text = text[:at] + text[place.randint(at, min(len(text), at + 60)) :]
        elif op == 3:
            other = draw(st.sampled_from(seeds))
            start = place.randint(0, len(other))
            text = text[:at] + other[start : place.randint(start, min(len(other), start + 200))] + text[at:]
        else:
            end = place.randint(at, min(len(text), at + 40))
            text = text[:end] + text[at:end] + text[end:]
    return text


@st.composite
def texts(draw, seeds: list[str], tokens: list[str]) -> str:
    """Mostly a changed seed, which gets past a parser's first checks to the
    rules; else tokens and random text strung together, or random text."""
    roll = draw(st.randoms(use_true_random=False)).random()
    if roll < 0.8:
        return draw(_mutated(seeds, tokens))
    if roll < 0.9:
        return "".join(draw(st.lists(st.sampled_from(tokens + ODD) | st.text(max_size=4), max_size=40)))
    return draw(st.text(max_size=200))


DOCKERFILES = texts(seeds("dockerfile") + corpus("*Dockerfile*"), DOCKERFILE)
MANIFESTS = texts(seeds("kubernetes") + corpus("*.yaml"), YAML)
GO_FILES = texts(seeds("go") + corpus("*.go"), GO)
GO_MODS = texts(corpus("go.mod") + ["module example.com/x\n\ngo 1.22\n"], GOMOD)


# ---- targets -------------------------------------------------------------------------


@given(DOCKERFILES)
def test_dockerfile_model(text):
    check.dockerfile(text)


@given(texts(seeds("dockerfile"), DOCKERFILE))
def test_shell_splitter(text):
    check.shell_splitter(text)


@given(MANIFESTS)
def test_yaml_loader_with_positions(text):
    check.yaml_loader(text)


@given(MANIFESTS)
def test_kubernetes_manifests(text):
    check.kubernetes(text)


@given(GO_FILES)
def test_go_via_tree_sitter(text):
    check.go(text)


@given(GO_MODS, GO_FILES)
def test_go_mod(mod, text):
    check.go_mod(mod, text)


@given(texts(['select = ["ALL"]\n', "[tool.cnlint]\nignore = []\n", ""], TOML), st.sampled_from(["cnlint.toml", "pyproject.toml"]))
def test_config_reader(text, name):
    check.config(text, name)


@given(st.lists(st.sampled_from(COMMENTS) | st.text(max_size=4), max_size=12).map("".join), st.lists(st.sampled_from(["DF002", "KM001", "GO003", "DL3007", "latest-tag"]), min_size=1, max_size=4))
def test_suppression_comments(body, codes):
    check.suppressions(body, codes)


@given(DOCKERFILES)
def test_fix_dockerfile(text):
    check.fix_dockerfile(text)


@given(MANIFESTS)
def test_fix_kubernetes(text):
    check.fix_kubernetes(text)


@given(GO_FILES)
def test_fix_go(text):
    check.fix_go(text)


@pytest.mark.skipif(not EXAMPLES, reason="only in `make fuzz`: the corpora's own files, every fix applied")
def test_seeds_themselves_are_sound():
    for target, seeds_of in ((check.dockerfile, corpus("*Dockerfile*")), (check.kubernetes, corpus("*.yaml")), (check.go, corpus("*.go"))):
        for text in seeds_of:
            target(text)


# Inputs the coverage-guided run (tests/fuzz_coverage.py) failed on, kept as cases.
FOUND = [
    # a script ending in lone CRs: a span may end after the last one
    ("shell_splitter", "FROM alp\ufffd\ufffd\ufffd'\n\n\n\n\n\n\n\x14\n[\x01" + "\n" * 18 + "\ufffd\n\n\n\n\n\n)\r\r\r"),
    # `apiVersion:` with nothing after it: the problem was put past the end of the line
    ("yaml_loader", 'apiVersion:\ndata:\n  CAZE: "64"\n  LOG_LEVEL: info\nkind: ConfigMap\nme: web\n'),
    # an unknown instruction whose keyword a line continuation splits: its span ran on past the line
    ("dockerfile", "#n\n\n\ufffd\x7f\ufffd\\\r\n\n[\ufffd\n\x05\x7f\n\nt\ufffd\n\n\n\nFROM alpine:latest\n"),
    # `?` alone, a null key at the end of a line: reported past it
    ("yaml_loader", "apiVersion: rbac.k8s.io/v1\nkind: Clusreader\nrules:\n  - s: ['K']\n?"),
    ("kubernetes", "i/\n?"),
    # a mapping or a list where a name or a capability belongs: rules put them in sets (found by hypothesis)
    ("kubernetes", "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n    - name: web\n      image: nginx:1.27\n"
     "      securityContext:\n        capabilities:\n          add: [\n        allowPrivilegeEscalation: NET_ADMIN]\n"),
    ("kubernetes", "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  volumes: [{name: {a: b}, hostPath: {path: /x}}]\n"
     "  containers:\n  - name: c\n    image: nginx:1.27\n    volumeMounts: [{name: [x], mountPath: /x}]\n"
     "    ports: [{name: {a: b}, containerPort: 80}]\n    livenessProbe: {httpGet: {port: http}}\n"),
    ("kubernetes", "apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata: {name: p}\nspec: {minAvailable: 1, selector: {matchLabels: {app: a}}}\n---\n"
     "apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata: {name: h}\nspec: {scaleTargetRef: {kind: [Deployment], name: {a: b}}, maxReplicas: 3}\n"),
    # a Unicode line separator: PyYAML's lines drifted from the file's (found by hypothesis)
    ("kubernetes", "apiVersion: v1\nkind:\u2028 Pod\nmetadata:\n apiVersion: v1\n name: web\nspec:\n  securityContext:\n    runAsUser: 0\n"
     "ec:\n  securityContext:\n    runAsUser: 0\n  containers:\n    - name: web\n{{ .Values.x }}      image: nginx:1.27\n"),
    # a document that does not parse, its metadata without a name: 90 s in a pattern that backtracked
    ("kubernetes", (Path(__file__).parent / "data" / "fuzz" / "kubernetes-metadata-without-name.yaml").read_text(encoding="utf-8", errors="replace")),
]


@pytest.mark.parametrize(("target", "text"), FOUND)
def test_inputs_coverage_guided_fuzzing_found(target, text):
    getattr(check, target)(text)
