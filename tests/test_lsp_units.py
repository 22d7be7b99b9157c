"""The LSP server's pure parts: position conversion and suppression edits."""

from __future__ import annotations

from lsprotocol import types

from cnlint import fixes
from cnlint.config import Settings
from cnlint.diagnostics import Diagnostic, Edit, Fix, Related, Span
from cnlint.lsp import actions, convert
from cnlint.source import Source

TEXT = "a😀b\nx\n"  # the emoji is one character, two UTF-16 units, four UTF-8 bytes


def test_columns_convert_per_encoding():
    source = Source(TEXT)
    # Column 3 (1-based) is 'b', after one astral character.
    assert convert.to_position(source, 1, 3, convert.UTF16) == types.Position(line=0, character=3)
    assert convert.to_position(source, 1, 3, convert.UTF8) == types.Position(line=0, character=5)
    assert convert.to_position(source, 1, 3, convert.UTF32) == types.Position(line=0, character=2)


def test_positions_convert_back_and_round_up_inside_a_character():
    source = Source(TEXT)
    assert convert.from_position(source, types.Position(line=0, character=3), convert.UTF16) == (1, 3)
    assert convert.from_position(source, types.Position(line=0, character=2), convert.UTF16) == (1, 3)  # mid-pair
    assert convert.from_position(source, types.Position(line=0, character=5), convert.UTF8) == (1, 3)
    assert convert.from_position(source, types.Position(line=0, character=99), convert.UTF16) == (1, 4)


def test_a_span_past_the_end_clamps_to_the_text():
    source = Source("ab")
    assert convert.to_range(source, Span(1, 1, 9, 1), convert.UTF16).end == types.Position(line=0, character=2)


def test_diagnostic_carries_code_severity_link_and_related_locations():
    source = Source("FROM x\n")
    d = Diagnostic("DF001", "untagged-base-image", "info", "m", "Dockerfile", Span(1, 6, 1, 7),
                   related=(Related("other", Span(1, 1, 1, 2), "see"), Related("gone", Span(1, 1, 1, 2), "lost")))
    located = lambda path, span: types.Location(uri=f"file:///{path}", range=convert.to_range(source, span, "utf-16")) if path == "other" else None  # noqa: E731
    lsp = convert.to_diagnostic(d, source, convert.UTF16, "https://x/{name}", located)
    assert (lsp.code, lsp.severity, lsp.code_description.href) == ("DF001", types.DiagnosticSeverity.Information, "https://x/untagged-base-image")
    assert [(r.location.uri, r.message) for r in lsp.related_information] == [("file:///other", "see")]
    assert convert.to_diagnostic(d, source, convert.UTF16).code_description is None


def test_unused_suppression_is_tagged_unnecessary():
    d = Diagnostic("CN002", "unused-suppression", "warning", "m", "Dockerfile", Span(1, 1, 1, 2))
    assert convert.to_diagnostic(d, Source("#\n"), convert.UTF16).tags == [types.DiagnosticTag.Unnecessary]


def _apply(text, edit):
    return fixes.apply(text, [Fix((edit,), "")])[0]


def test_suppression_above_a_yaml_block_scalar_not_inside_it():
    text = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  script: |\n    echo one\n    echo two\n"
    edit = actions.suppression_edit("yaml", "c.yaml", text, Settings(), "KM001", 8, file_level=False)
    assert edit == Edit(Span(6, 1, 6, 1), "  # cnlint: ignore=KM001\n")


def test_suppression_in_a_dockerfile_continuation():
    text = "FROM alpine:3.20\nRUN apk add \\\n      curl\n"
    edit = actions.suppression_edit("dockerfile", "Dockerfile", text, Settings(), "DF019", 3, file_level=False)
    assert edit is not None
    assert _apply(text, edit).count("# cnlint: ignore=DF019") == 1


def test_a_code_is_appended_to_an_existing_suppression_comment():
    text = "FROM alpine:3.20\n  # cnlint: ignore=DF001  why\nRUN x\n"
    edit = actions.suppression_edit("dockerfile", "Dockerfile", text, Settings(), "DF009", 3, file_level=False)
    assert edit == Edit(Span(2, 1, 2, 30), "  # cnlint: ignore=DF001,DF009  why")
    go = "package main\n\n//cnlint:ignore-file GO001 vendored\nfunc main() {}\n"
    edit = actions.suppression_edit("go", "main.go", go, Settings(), "GO004", 4, file_level=True)
    assert _apply(go, edit) == "package main\n\n//cnlint:ignore-file GO001,GO004 vendored\nfunc main() {}\n"


def test_file_suppression_in_a_file_without_final_newline():
    text = "FROM alpine:3.20"
    edit = actions.suppression_edit("dockerfile", "Dockerfile", text, Settings(), "DF002", 1, file_level=True)
    assert _apply(text, edit) == "# cnlint: ignore-file=DF002\nFROM alpine:3.20"


def test_crlf_files_get_crlf_comments():
    text = "FROM alpine:3.20\r\nMAINTAINER x\r\n"
    edit = actions.suppression_edit("dockerfile", "Dockerfile", text, Settings(), "DF003", 2, file_level=False)
    assert edit.text == "# cnlint: ignore=DF003\r\n"


def test_no_suppression_for_text_that_is_not_an_artifact():
    assert actions.suppression_edit("yaml", "x.yaml", "just: data\n", Settings(), "KM001", 1, file_level=False) is None


def test_word_at_and_suppression_comment_context():
    line = "# hadolint ignore=DL3008,DL3009"
    assert actions.word_at(line, 20) == ("DL3008", 19, 25)
    assert actions.word_at(line, 25) == ("DL3008", 19, 25)  # just past a word still names it
    assert actions.in_suppression_comment(line, 19)
    assert not actions.in_suppression_comment("RUN DL3008", 5)
    assert actions.in_suppression_comment('    cnlint.io/ignore: "KM001"', 24)
    assert actions.word_at("    ignore-check.kube-linter.io/latest-tag: x", 35) == ("latest-tag", 33, 43)
    assert actions.in_suppression_comment("    ignore-check.kube-linter.io/latest-tag: x", 33)


def test_suppression_above_a_heredoc_and_a_go_raw_string():
    text = "FROM alpine:3.20\nRUN <<EOF\napk add curl\nEOF\n"
    edit = actions.suppression_edit("dockerfile", "Dockerfile", text, Settings(), "DF019", 3, file_level=False)
    assert edit == Edit(Span(2, 1, 2, 1), "# cnlint: ignore=DF019\n")
    go = "package main\n\nvar s = `a\nb`\n"
    edit = actions.suppression_edit("go", "main.go", go, Settings(), "GO018", 4, file_level=False)
    assert edit == Edit(Span(3, 1, 3, 1), "//cnlint:ignore GO018\n")


def test_suppression_comments_are_written_in_the_declared_syntax():
    from cnlint import kinds

    cases = [
        ("dockerfile", "Dockerfile", "FROM alpine:latest\n", "DF002", 1),
        ("yaml", "pod.yaml", "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n  - name: a\n    image: nginx\n", "KM001", 8),
        ("go", "main.go", "package main\n\nfunc main() {}\n", "GO004", 3),
    ]
    for kind, path, text, code, line in cases:
        syntax = kinds.for_file_kind(kind).comments
        for file_level in (False, True):
            edit = actions.suppression_edit(kind, path, text, Settings(), code, line, file_level=file_level)
            assert edit is not None and edit.text.strip() == syntax.comment((code,), file_level)
            assert syntax.parse_comment(edit.text.strip()) == ((code,), file_level, True)
