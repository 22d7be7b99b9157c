"""Guards against super-linear work: each parser and cross-file rule on an
input large enough that a quadratic step shows.

These are not benchmarks. An input that takes about a second when the work
is linear gets a limit many times that (CPU seconds of this process, so a
busy machine does not fail them). Where an input cannot be made large
enough for a quadratic step to blow a generous limit, a test compares the
cost of n and 4n, or counts the work done.
"""

from __future__ import annotations

import time
import tracemalloc

from helpers import codes, lint, lint_files

from cnlint.config import Settings
from cnlint.dockerfile import model as dockerfile
from cnlint.golang import model as golang
from cnlint.kubernetes import common, index

NO_SHELLCHECK = {"ignore": ["DF084"]}  # ShellCheck's own time is not cnlint's


def _seconds(work) -> float:
    start = time.process_time()
    work()
    return time.process_time() - start


# ---- Dockerfile -------------------------------------------------------------


def _env_lines(n: int) -> str:
    return "FROM alpine:3.20\n" + "".join(f"ENV V{i}=x{i}\n" for i in range(n)) + f'RUN echo "$V{n - 1}"\n'


def test_env_lines_share_their_scopes():
    # Each instruction keeps the ARG/ENV scope it sees; copied per line, the
    # scopes of 10,000 ENV lines took 1.3 GB (20,000: 5 GB).
    tracemalloc.start()
    try:
        doc = dockerfile.parse("Dockerfile", _env_lines(10_000), Settings())
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 200 * 2**20
    first, last = doc.instructions[1], doc.instructions[-1]
    assert ("V0" in first.scope, "V9998" in first.scope) == (False, False)
    assert (last.scope["V0"], last.scope["V9999"], len(last.scope)) == ("x0", "x9999", 10_001)  # and the shell


def test_thirty_thousand_env_lines():
    # 30,000 ran out of memory
    assert _seconds(lambda: lint(_env_lines(30_000), config=NO_SHELLCHECK)) < 30


def test_fifty_thousand_continuation_lines():
    # Every shell word's position used to rebuild the instruction's table of
    # joined lines: quadratic in the lines of one RUN.
    text = "FROM alpine:3.20\nRUN echo start \\\n" + "".join(f"  && echo {i} \\\n" for i in range(50_000)) + "  && echo end\n"
    assert _seconds(lambda: lint(text, config=NO_SHELLCHECK)) < 30
    doc = dockerfile.parse("Dockerfile", text, Settings())
    run = doc.instructions[1]
    assert doc.locate(run, "echo end").line == 50_003


def test_ten_thousand_chained_stages():
    # Rules asked for each stage's instructions by a pass over the file, and
    # each stage copied the environment of the one it builds on
    text = "FROM alpine:3.20 AS s0\n" + "".join(f"FROM s{i} AS s{i + 1}\nENV V{i}=${{V{i - 1}}}\nRUN echo {i}\n" for i in range(10_000))
    assert _seconds(lambda: lint(text, config=NO_SHELLCHECK)) < 30
    doc = dockerfile.parse("Dockerfile", text, Settings())
    assert doc.stage_named("s10000").parent is doc.stage_named("S9999")
    assert doc.stage_named("10000") is doc.stages[-1]
    assert len(doc.in_stage(doc.stages[-1])) == 3
    last = doc.instructions[-1].scope
    assert (last["V0"], last["V9999"], len(last)) == ("1", "1", 10_001)  # ${V-1} is 1; each stage inherits the chain's



def test_a_download_tool_in_each_of_twenty_thousand_stages():
    # DF069 walked every stage's commands once per stage
    from cnlint.dockerfile.rules.downloads import wget_and_curl

    text = "FROM alpine:3.20 AS s0\n" + "".join(f"FROM s{i} AS s{i + 1}\nRUN curl -o a http://x && wget http://y\n" for i in range(20_000))
    doc = dockerfile.parse("Dockerfile", text, Settings())
    found = []
    assert _seconds(lambda: found.extend(wget_and_curl(doc, None))) < 30
    assert len(found) == 20_000


def test_an_unparsed_manifest_whose_metadata_has_no_name():
    # The names of documents that do not parse are still looked for; the
    # pattern could match an indented line two ways, so a metadata block of
    # n such lines and no name took time exponential in n (40: hours).
    text = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n" + "    note: x\n" * 40 + "  name@ x\ndata: [\n"
    found = []
    assert _seconds(lambda: found.extend(lint(text, "cm.yaml"))) < 30
    assert [d.code for d in found] == ["CN001"]

# ---- Go -----------------------------------------------------------------------


def _go_file(text: str):
    return golang.parse("main.go", text, Settings())


def test_a_build_line_of_a_hundred_thousand_terms():
    terms = " && ".join(f"t{i}" for i in range(100_000))
    start = time.process_time()
    doc = _go_file(f"//go:build {terms} && go1.22\n\npackage main\n")
    assert time.process_time() - start < 20
    assert doc.build_version == "1.22"
    doc = _go_file(f"//go:build {terms.replace('&&', '||')} || go1.22\n\npackage main\n")
    assert doc.build_version is None  # `t0 || ...` implies no version


def test_deep_negation_and_parentheses_on_a_build_line():
    # 20,000 `!` overflowed the recursion limit (CN003: the file was not linted)
    assert _go_file("//go:build " + "!" * 20_000 + "go1.23\n\npackage main\n").build_version == "1.23"
    assert _go_file("//go:build " + "!" * 20_001 + "go1.23\n\npackage main\n").build_version is None
    assert _go_file("//go:build " + "(" * 20_000 + "go1.23" + ")" * 20_000 + "\n\npackage main\n").build_version == "1.23"
    assert _go_file("//go:build " + "(" * 20_000 + "go1.23" + ")" * 19_999 + "\n\npackage main\n").build_version is None
    found = lint("//go:build " + "!" * 20_000 + "go1.23\n\npackage main\n", "main.go")
    assert "CN003" not in codes(found)


def test_a_hundred_thousand_nested_blocks_are_reported_not_linted():
    # tree-sitter's queries took 40 s on these; the rules' walks up the tree
    # grow with the depth squared, so past MAX_DEPTH the file is not linted
    text = "package main\n\nfunc main() {\n" + "{" * 100_000 + "}" * 100_000 + "\n}\n"
    found = []
    assert _seconds(lambda: found.extend(lint(text, "main.go"))) < 20
    assert [(d.code, d.span.line, d.message) for d in found] == [
        ("CN001", 4, f"the syntax nests more than {golang.MAX_DEPTH} levels deep here, so the file is not linted"),
    ]


def test_code_nested_below_the_limit_is_linted():
    depth = 40  # blocks: twice as many levels of the syntax tree
    text = 'package main\n\nimport "sync"\n\nfunc main() {\n\tvar mu sync.Mutex\n' + "{\n" * depth + "copied := mu\n_ = copied\n" + "}\n" * depth + "}\n"
    assert [(d.code, d.span.line) for d in lint(text, "main.go", select=["CN001", "GO010"])] == [("GO010", 7 + depth), ("GO010", 8 + depth)]


def _go_package(files: int) -> dict[str, str]:
    out = {"big/go.mod": "module example.com/big\n\ngo 1.22\n"}
    for i in range(files):
        out[f"big/f{i}.go"] = (
            f'package big\n\nimport "sync"\n\nvar mu{i} sync.Mutex\n\n'
            f"type T{i} struct {{\n\tmu sync.Mutex\n}}\n\n"
            f"func F{i}() T{(i + 1) % files} {{\n\tmu{i}.Lock()\n\tdefer mu{i}.Unlock()\n\treturn T{(i + 1) % files}{{}}\n}}\n"
        )
    return out


def test_a_package_of_many_files_is_linted_file_by_file():
    # GO010 compared every name of the package with every file: a package of
    # 4,000 files took 14 s. Four times the files must cost about four times
    # as much, not sixteen.
    small, large = _go_package(400), _go_package(1_600)
    lint_files(small, select=["GO010"])  # parsers and rules loaded
    assert _seconds(lambda: lint_files(large, select=["GO010"])) < 8 * _seconds(lambda: lint_files(small, select=["GO010"]))


# ---- Kubernetes -------------------------------------------------------------------


def _bomb(i: int) -> str:
    """A ConfigMap whose aliases expand it to about 190,000 nodes."""
    return (
        f"apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c{i}\ndata:\n"
        "  a: &a [1, 1, 1, 1, 1, 1, 1, 1, 1, 1]\n  b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
        "  c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\n  d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\n"
        "  e: [" + ", ".join(["*d"] * 16) + "]\n"
    )


def test_the_alias_limit_holds_for_the_whole_file():
    # 1,000 documents each just under the limit of one document took 30 s
    text = "---\n".join(_bomb(i) for i in range(1_000))
    found = []
    assert _seconds(lambda: found.extend(lint(text, "bombs.yaml"))) < 20
    refused = [d for d in found if d.code == "CN001"]
    assert refused and all("the documents of this file to more than" in d.message for d in refused)
    assert len(refused) > 990  # the first ones are linted
    assert "c0" in {d.logical.name for d in found if d.logical and d.code != "CN001"}


def _manifests(groups: int) -> dict[str, str]:
    """Per group a Deployment, its Service, PodDisruptionBudget,
    NetworkPolicy and ConfigMap, each in a file of its own."""
    out = {}
    for i in range(groups):
        labels = f"{{app: app{i}, tier: web}}"
        out[f"k/d{i}.yaml"] = (
            f"apiVersion: apps/v1\nkind: Deployment\nmetadata: {{name: app{i}, namespace: ns}}\n"
            f"spec:\n  replicas: 2\n  selector: {{matchLabels: {{app: app{i}}}}}\n"
            f"  template:\n    metadata: {{labels: {labels}}}\n    spec:\n"
            f"      containers:\n        - name: c\n          image: example/app{i}:1.0\n"
            f"          envFrom: [{{configMapRef: {{name: cm{i}}}}}, {{configMapRef: {{name: missing{i}}}}}]\n"
            f"          readinessProbe: {{httpGet: {{path: /, port: 80}}}}\n          livenessProbe: {{httpGet: {{path: /, port: 80}}}}\n"
        )
        out[f"k/s{i}.yaml"] = f"apiVersion: v1\nkind: Service\nmetadata: {{name: app{i}, namespace: ns}}\nspec:\n  selector: {{app: app{i}}}\n  ports: [{{port: 80}}]\n"
        out[f"k/p{i}.yaml"] = f"apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata: {{name: app{i}, namespace: ns}}\nspec:\n  minAvailable: 1\n  selector: {{matchLabels: {{app: app{i}}}}}\n"
        out[f"k/n{i}.yaml"] = (
            f"apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {{name: app{i}, namespace: ns}}\n"
            f"spec:\n  podSelector: {{matchLabels: {{app: app{i}}}}}\n  ingress: [{{from: [{{podSelector: {{matchLabels: {{app: app{i + 1}}}}}}}]}}]\n"
        )
        out[f"k/c{i}.yaml"] = f"apiVersion: v1\nkind: ConfigMap\nmetadata: {{name: cm{i}, namespace: ns}}\ndata: {{a: b}}\n"
    # a Service that selects every pod, and one that selects none
    out["k/all.yaml"] = "apiVersion: v1\nkind: Service\nmetadata: {name: all, namespace: ns}\nspec:\n  selector: {tier: web}\n  ports: [{port: 80}]\n"
    out["k/none.yaml"] = "apiVersion: v1\nkind: Service\nmetadata: {name: none, namespace: ns}\nspec:\n  selector: {app: none}\n  ports: [{port: 80}]\n"
    return out


def test_selectors_are_matched_through_an_index(monkeypatch):
    # The selector rules tried every workload for every selector: 6,000
    # manifests took 26 s. Count the selectors tried, not the seconds.
    calls = []
    real = common.selector_matches
    monkeypatch.setattr(index, "selector_matches", lambda selector, labels: calls.append(1) or real(selector, labels))
    groups = 500
    found = lint_files(_manifests(groups))
    assert len(calls) < 20 * groups
    # what the selectors find is found still
    assert [d.path for d in found if d.code == "KM004"] == ["k/none.yaml"]
    assert len([d for d in found if d.code == "KM028"]) == groups  # ConfigMap 'missing<i>'


# ---- suppression comments -------------------------------------------------------


def test_many_suppression_comments():
    # Each own-line comment looked for the code line after it and what that
    # covers, and each diagnostic was held up against every suppression of
    # its file: a run of 8,000 comments took 12 s.
    run = "FROM alpine:3.20\n" + "# cnlint: ignore=DF003\n" * 10_000 + "MAINTAINER m\n"
    each = "FROM alpine:3.20\n" + "".join(f"# cnlint: ignore=DF003\nMAINTAINER m{i}\n" for i in range(10_000))
    block = (
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n"
        + "# cnlint: ignore=KM100\n" * 10_000
        + "data:\n" + "".join(f"  k{i}: v\n" for i in range(10_000))
    )
    found = []
    spent = _seconds(lambda: found.extend([*lint(run, config=NO_SHELLCHECK), *lint(each, config=NO_SHELLCHECK), *lint(block, "cm.yaml")]))
    assert spent < 30
    assert [d.code for d in found if d.code != "CN002"] == []
