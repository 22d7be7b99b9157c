"""The Dockerfile model: instructions, spans, directives, heredocs, stages and scope."""

from __future__ import annotations

from helpers import codes, lint, positions

from cnlint.config import Settings
from cnlint.diagnostics import Span
from cnlint.dockerfile.model import parse, substitute


def doc(text):
    return parse("Dockerfile", text, Settings())


def test_instruction_spans_cover_continuations_and_skip_comments():
    d = doc("FROM alpine:3.20\n  RUN apk add \\\n# a comment\n    curl\nUSER 1\n")
    run = d.instructions[1]
    assert (run.keyword, run.line, run.end_line) == ("RUN", 2, 4)
    assert run.keyword_span == Span(2, 3, 2, 6)
    assert run.span == Span(2, 3, 4, 9)
    assert run.arguments == "apk add     curl"
    assert d.locate(run, "curl") == Span(4, 5, 4, 9)


def test_flags_are_split_with_their_spans():
    d = doc("FROM alpine:3.20\nCOPY --from=build --chown=1:1 a /b\n")
    copy = d.instructions[1]
    assert copy.flags == {"from": "build", "chown": "1:1"}
    assert [f.span for f in copy.flag_spans] == [Span(2, 6, 2, 18), Span(2, 19, 2, 30)]
    assert copy.arguments == "a /b"


def test_backtick_escape_directive_continues_lines():
    d = doc("# escape=`\nFROM mcr.microsoft.com/windows/servercore:ltsc2022\nRUN dir `\n    C:\\\n")
    assert d.escape == "`"
    assert d.instructions[1].arguments == "dir     C:\\"
    assert d.stages[0].windows


def test_bad_escape_directive_is_a_parse_problem_and_the_file_is_still_linted():
    found = lint("# escape=x\nFROM alpine:latest\n", select=["CN001", "DF002"])
    assert [(d.code, d.span.line, d.span.column) for d in found] == [("CN001", 1, 1), ("DF002", 2, 6)]
    assert "escape directive must be" in found[0].message


def test_directives_are_read_only_at_the_top():
    d = doc("# syntax=docker/dockerfile:1\n# check=skip=all\nFROM alpine:3.20\n# escape=`\n")
    assert set(d.directives) == {"syntax", "check"}
    assert d.escape == "\\"


def test_heredocs_of_every_kind_are_consumed():
    text = (
        "FROM alpine:3.20\n"
        "RUN <<EOF\napk add curl\nEOF\n"
        "COPY <<-'A' <<\"B\" /x/\n\thello\n\tA\nworld\nB\n"
        "USER 1\n"
    )
    d = doc(text)
    assert [(i.keyword, i.line, i.end_line) for i in d.instructions] == [("FROM", 1, 1), ("RUN", 2, 4), ("COPY", 5, 9), ("USER", 10, 10)]
    copy = d.instructions[2]
    assert [(h.word, h.strip_tabs, h.quoted, h.body) for h in copy.heredocs] == [("A", True, True, "\thello\n"), ("B", False, True, "world\n")]


def test_unterminated_heredoc_is_reported():
    found = lint("FROM alpine:3.20\nRUN <<EOF\napk add curl\n", select=["CN001"])
    assert [(d.span.line, d.span.column, d.message) for d in found] == [(2, 1, "heredoc <<EOF is never terminated")]


def test_a_quoted_or_shifted_double_angle_is_no_heredoc():
    # BuildKit reads a heredoc only from a word that starts with `<<`:
    # neither inside quotes nor in a shift, so the rest of the file is linted
    text = 'FROM alpine:3.20\nRUN echo "a <<EOF b" && echo $((x<<y)) \'<<EOF\'\nMAINTAINER someone\n'
    d = doc(text)
    assert [(i.keyword, i.line, i.end_line, i.heredocs) for i in d.instructions[1:]] == [("RUN", 2, 2, []), ("MAINTAINER", 3, 3, [])]
    assert codes(lint(text, select=["CN001", "DF003"])) == ["DF003"]


def test_a_heredoc_word_may_follow_a_file_descriptor():
    d = doc("FROM alpine:3.20\nRUN cat 3<<EOF >&3\nhi\nEOF\nUSER 1\n")
    assert [(h.word, h.body) for h in d.instructions[1].heredocs] == [("EOF", "hi\n")]
    assert [i.keyword for i in d.instructions] == ["FROM", "RUN", "USER"]


def test_unknown_instruction_is_reported_and_the_rest_is_linted():
    found = lint("FROM alpine:latest\nFROBNICATE x\nMAINTAINER me\n", select=["CN001", "DF003"])
    assert [(d.code, d.span) for d in found] == [("CN001", Span(2, 1, 2, 11)), ("DF003", Span(3, 1, 3, 11))]


def test_onbuild_wraps_an_instruction():
    d = doc("FROM alpine:3.20\nONBUILD RUN apk add curl\n")
    inner = d.instructions[1].inner
    assert (inner.keyword, inner.arguments, inner.keyword_span) == ("RUN", "apk add curl", Span(2, 9, 2, 12))


def test_global_args_resolve_from():
    d = doc("ARG BASE=golang\nARG TAG=1.23\nFROM ${BASE}:${TAG} AS build\nFROM build\n")
    assert [s.resolved for s in d.stages] == ["golang:1.23", "build"]
    assert d.stages[1].parent is d.stages[0]


def test_from_with_a_defaulted_arg_is_not_untagged():
    assert lint("ARG IMAGE=alpine:3.20\nFROM ${IMAGE}\n", select=["DF001"]) == []
    found = lint("ARG IMAGE=alpine\nFROM ${IMAGE}\n", select=["DF001"])
    assert [(d.span, d.message) for d in found] == [
        (Span(2, 6, 2, 14), "base image '${IMAGE}' ('alpine') has no tag, so it means ':latest' and changes under you; pin a version")
    ]


def test_an_arg_without_default_is_not_judged():
    assert lint("ARG IMAGE\nFROM ${IMAGE}\n", select=["DF001", "DF002"]) == []


def test_stage_scope_tracks_arg_and_env():
    d = doc("ARG V=1\nFROM alpine:3.20\nARG V\nENV HOME_DIR=/srv/$V\nWORKDIR $HOME_DIR\n")
    workdir = d.instructions[-1]
    assert d.resolve(workdir, workdir.arguments) == "/srv/1"


def test_substitute_follows_docker_modifiers():
    scope = {"A": "x", "E": "", "U": None}
    assert substitute("${A:-d}/${E:-d}/${A:+s}/${E:+s}", scope) == "x/d/s/"
    assert substitute("$U", scope) is None
    assert substitute("${NOPE:-d}", scope) == "d"


def test_instruction_before_from():
    found = lint("RUN echo hi\nFROM alpine:3.20\n", select=["DF060"])
    assert positions(found) == [(1, 1)]


def test_crlf_files_point_at_the_right_columns():
    found = lint("FROM alpine:latest\r\nMAINTAINER me\r\n", select=["DF002", "DF003"])
    assert [(d.code, d.span) for d in found] == [("DF002", Span(1, 6, 1, 19)), ("DF003", Span(2, 1, 2, 11))]


def test_suppression_covers_a_continued_instruction():
    text = "FROM debian:12.7\n# hadolint ignore=DL3008\nRUN apt-get install -y \\\n    curl\n"
    assert "DF011" not in codes(lint(text, select=["DF011"]))


def test_value_flag_without_equals_is_a_parse_problem_and_the_rest_is_linted():
    text = "FROM --platform linux/arm64 alpine:latest\nCOPY --chown 1:1 --link a /b\nRUN --network none apk add curl\nHEALTHCHECK --interval 30s CMD true\n"
    found = lint(text, select=["CN001", "DF002"])
    assert [(d.code, d.span) for d in found] == [
        ("CN001", Span(1, 6, 1, 16)),
        ("DF002", Span(1, 29, 1, 42)),
        ("CN001", Span(2, 6, 2, 13)),
        ("CN001", Span(3, 5, 3, 14)),
        ("CN001", Span(4, 13, 4, 23)),
    ]
    assert found[0].message == "missing a value on flag --platform: write --platform=VALUE"
    d = doc(text)
    assert d.stages[0].image == "alpine:latest"
    copy = d.instructions[1]
    assert (copy.flags, copy.arguments) == ({"chown": "1:1", "link": ""}, "a /b")
    assert d.instructions[2].flag_spans[0].span == Span(3, 5, 3, 19)


def test_boolean_flags_alone_are_fine():
    assert lint("FROM alpine:3.20\nCOPY --link --parents a /b/\nADD --keep-git-dir https://x/y.git /src\n", select=["CN001"]) == []


def test_from_with_a_platform_arg_is_unknown_not_untagged():
    text = "FROM scratch AS binaries-linux\nFROM binaries-$TARGETOS AS binaries\nFROM alpine:${TAG:-3.20}\n"
    d = doc(text)
    assert [s.resolved for s in d.stages] == ["scratch", None, "alpine:3.20"]
    assert lint(text, select=["DF001"]) == []


def test_the_real_corpus_lints_without_rule_failures():
    from pathlib import Path

    from helpers import lint_files

    corpus = Path(__file__).resolve().parent.parent / "benchmarks" / "corpus" / "dockerfiles"
    files = {p.name: p.read_text(encoding="utf-8") for p in sorted(corpus.glob("*Dockerfile*"))}
    assert len(files) >= 300
    found = lint_files(files, select=["dockerfile", "CN001", "CN003"], config={"ignore": ["DF084"]})
    assert not [d for d in found if d.code == "CN003"]
    # the corpus keeps files Docker itself rejects; these are the only parse problems in it
    assert sorted((d.path, d.span.line) for d in found if d.code == "CN001") == [
        ("node-alpine-template.Dockerfile", 46),
        ("node-alpine-template.Dockerfile", 73),
        ("swaggerswift-platform-flag-without-equals.Dockerfile", 1),
    ]
