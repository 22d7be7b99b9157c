"""Suppressions in Dockerfile comment syntax, and unused ones (CN002)."""

from __future__ import annotations

import pytest
from helpers import codes, engine_for, lint, positions

from cnlint import kinds
from cnlint.suppressions import HASH, SLASH

RUN = "RUN apt-get update && \\\n    apt-get install curl\n"


@pytest.mark.parametrize(
    "comment",
    [
        "# cnlint: ignore=DF002",
        "# cnlint: ignore=latest-base-image",
        "# cnlint: ignore=DL3007",
        "# cnlint:ignore=DF002, latest-base-image",
        "# hadolint ignore=DL3007",
        "# cnlint: ignore",
    ],
)
def test_comment_above_suppresses_the_next_instruction(comment):
    found = lint(f"{comment}\nFROM alpine:latest\nFROM debian:latest\n", select=["DF002", "CN"])
    assert positions(found, "DF002") == [(3, 6)]
    assert "CN002" not in codes(found)


def test_suppression_covers_every_line_of_a_continued_instruction():
    assert "DF004" in codes(lint("FROM debian:12\n" + RUN, select=["DF004", "CN"]))
    assert codes(lint("FROM debian:12\n# cnlint: ignore=DF004\n" + RUN, select=["DF004", "CN"])) == []


def test_trailing_comment_suppresses_its_own_line():
    assert codes(lint("FROM debian:12\nRUN apt-get install curl # cnlint: ignore=DF004\n", select=["DF004", "CN"])) == []


@pytest.mark.parametrize("comment", ["# cnlint: ignore-file=DF002", "# hadolint global ignore=DL3007", "# cnlint: ignore-file"])
def test_file_level_suppression(comment):
    assert "DF002" not in codes(lint(f"FROM alpine:latest\n{comment}\nFROM debian:latest\n", select=["DF002", "CN"]))


def test_suppression_of_another_rule_does_not_hide_this_one():
    found = lint("# cnlint: ignore=DF003\nFROM alpine:latest\n", select=["DF002", "DF003", "CN"])
    assert codes(found) == ["CN002", "DF002"]


def test_unused_suppression_is_reported_with_a_fix():
    result = engine_for(select=["DF002", "DF005", "CN"]).lint_text("FROM alpine:3.20\n# cnlint: ignore=DF002\nUSER 65532\n", "Dockerfile")
    [d] = result.diagnostics
    assert (d.code, d.span.line, d.span.column) == ("CN002", 2, 1)
    assert d.message == "unused suppression: DF002 matches no diagnostic"
    from cnlint.engine import Input

    fixed = engine_for(select=["DF002", "DF005", "CN"]).fix([Input("Dockerfile", "dockerfile", text="FROM alpine:3.20\n# cnlint: ignore=DF002\nUSER 65532\n")])
    assert fixed.changes["Dockerfile"][1] == "FROM alpine:3.20\nUSER 65532\n"
    assert fixed.diagnostics == []


def test_unknown_code_in_a_cnlint_suppression_is_reported():
    [d] = lint("# cnlint: ignore=DF999\nFROM alpine:3.20\n", select=["DF002", "CN"])
    assert d.code == "CN002" and "DF999 is not a known rule" in d.message


def test_foreign_pragmas_for_rules_cnlint_lacks_are_left_alone():
    assert lint("# hadolint ignore=DL9999\nFROM alpine:3.20\n", select=["DF002", "CN"]) == []


def test_partly_used_suppression_reports_only_the_unused_code():
    [d] = [d for d in lint("# cnlint: ignore=DF002,DF003\nFROM alpine:latest\n", select=["DF002", "DF003", "CN"]) if d.code == "CN002"]
    assert d.message == "unused suppression: DF003 matches no diagnostic" and d.fix is None


def test_suppression_naming_a_rule_that_is_not_selected_is_not_reported():
    assert lint("# cnlint: ignore=DF002\nFROM alpine:3.20\n", select=["DF001", "CN002"]) == []


def test_unused_suppressions_can_themselves_be_ignored():
    assert lint("# cnlint: ignore-file=CN002\n# cnlint: ignore=DF002\nFROM alpine:3.20\n", select=["DF002", "CN"]) == []


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (" cnlint: ignore=DF001, DF002", (("DF001", "DF002"), False, True)),
        (" cnlint: ignore-file", ((), True, True)),
        (" hadolint ignore=DL3008, DL3009", (("DL3008", "DL3009"), False, False)),
        (" cnlint: ignore=DF002 pinned by the release job", (("DF002",), False, True)),
        (" cnlint: ignore=KM003  # why: sidecar", (("KM003",), False, True)),
        (" cnlint: ignorefoo", None),
        (" hadolint global ignore=DL3008", (("DL3008",), True, False)),
        (" just a comment", None),
    ],
)
def test_hash_grammar(body, expected):
    assert HASH.parse(body) == expected
    assert HASH.parse_comment("#" + body) == expected


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("cnlint:ignore GO001 the test server uses a self-signed cert", (("GO001",), False, True)),
        ("cnlint:ignore-file GO001,GO002 generated", (("GO001", "GO002"), True, True)),
        ("lint:ignore SA2001 reason", (("SA2001",), False, False)),
        ("lint:file-ignore SA2001 reason", (("SA2001",), True, False)),
        ("nolint:gosec,govet // reason", (("gosec", "govet"), False, False)),
        ("nolint", ((), False, False)),
        (" #nosec G402", (("G402",), False, False)),
        (" #nosec", (("gosec",), False, False)),
        (" plain comment", None),
    ],
)
def test_slash_grammar(body, expected):
    assert SLASH.parse(body) == expected
    assert SLASH.parse_comment("//" + body) == expected


# ---- writing: each syntax writes what it reads ------------------------------

SYNTAXES = pytest.mark.parametrize("syntax", [HASH, SLASH], ids=["hash", "slash"])
CODE_LISTS = [(), ("DF001",), ("GO001", "insecure-skip-verify"), ("KM001", "KM002", "latest-tag")]


@SYNTAXES
@pytest.mark.parametrize("codes_", CODE_LISTS)
@pytest.mark.parametrize("file_level", [False, True])
def test_written_comments_read_back(syntax, codes_, file_level):
    comment = syntax.comment(codes_, file_level)
    assert comment.startswith(syntax.marker)
    assert syntax.parse_comment(comment) == (codes_, file_level, True)


@SYNTAXES
@pytest.mark.parametrize("file_level", [False, True])
@pytest.mark.parametrize("indent", ["", "    ", "\t"])
@pytest.mark.parametrize("reason", ["", " a reason", "  why: a sidecar"])
def test_appended_comments_read_back_with_both_codes(syntax, file_level, indent, reason):
    line = indent + syntax.comment(("DF001",), file_level) + reason
    extended = syntax.appended(line, "DF009", file_level)
    assert extended == indent + syntax.comment(("DF001", "DF009"), file_level) + reason
    assert syntax.parse_comment(extended.lstrip()) == (("DF001", "DF009"), file_level, True)
    # and again: the codes keep accumulating
    assert syntax.parse_comment(syntax.appended(extended, "KM001", file_level).lstrip())[0] == ("DF001", "DF009", "KM001")


@pytest.mark.parametrize(
    ("syntax", "line", "file_level"),
    [
        (HASH, "# cnlint: ignore=DF001", True),  # another level
        (HASH, "# cnlint: ignore-file=DF001", False),
        (HASH, "# cnlint: ignore", False),  # every rule already
        (HASH, "# hadolint ignore=DL3008", False),  # not cnlint's own
        (HASH, "RUN x # cnlint: ignore=DF001", False),  # not on its own line
        (HASH, "# just a comment", False),
        (SLASH, "//cnlint:ignore GO001", True),
        (SLASH, "//cnlint:ignore", False),
        (SLASH, "//nolint:gosec", False),
        (SLASH, "//lint:ignore SA2001 reason", False),
        (SLASH, "x := 1 //cnlint:ignore GO001", False),
        (HASH, "//cnlint:ignore GO001", False),  # the other syntax
        (SLASH, "# cnlint: ignore=DF001", False),
    ],
)
def test_only_own_line_cnlint_comments_of_the_level_are_appended_to(syntax, line, file_level):
    assert syntax.appended(line, "DF009", file_level) is None


def test_each_artifact_declares_its_comment_syntax():
    assert kinds.for_file_kind("dockerfile").comments is HASH
    assert kinds.for_file_kind("yaml").comments is HASH
    assert kinds.for_file_kind("go").comments is SLASH


POD = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n  - name: a\n    image: nginx\n"
GO = 'package main\n\nimport "net/http"\n\nfunc main() {\n\thttp.ListenAndServe(":80", nil)\n}\n'


@pytest.mark.parametrize("comment", ["# cnlint: ignore-file=KM001", "# cnlint: ignore-file=latest-tag"])
def test_file_level_suppression_in_yaml(comment):
    assert codes(lint(POD + comment + "\n", "pod.yaml", select=["KM001", "CN002"])) == []


def test_next_line_suppression_in_yaml():
    text = POD.replace("    image: nginx", "    # cnlint: ignore=KM001\n    image: nginx")
    assert codes(lint(text, "pod.yaml", select=["KM001", "CN002"])) == []


@pytest.mark.parametrize(
    "comment",
    ["//cnlint:ignore-file GO004 generated", "//lint:file-ignore G114 generated", "//cnlint:ignore-file"],
)
def test_file_level_suppression_in_go(comment):
    assert codes(lint(comment + "\n" + GO, "main.go", select=["GO004", "CN002"])) == []


def test_unused_go_suppression_is_reported():
    found = lint(GO.replace("func main", "//cnlint:ignore GO001 not here\nfunc main"), "main.go", select=["GO001", "GO004", "CN002"])
    assert [(d.code, d.span.line) for d in found] == [("CN002", 5), ("GO004", 7)]
