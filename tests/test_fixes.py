"""Applying edits: whole fixes, no overlaps, idempotent."""

from __future__ import annotations

from cnlint.diagnostics import Edit, Fix, Span
from cnlint.fixes import apply


def fix(line, col, end_line, end_col, text):
    return Fix((Edit(Span(line, col, end_line, end_col), text),), "x")


def test_edits_apply_from_the_end():
    text = "abc\ndef\n"
    assert apply(text, [fix(1, 1, 1, 2, "A"), fix(2, 3, 2, 4, "F")]) == ("Abc\ndeF\n", 2)


def test_overlapping_fixes_apply_one_and_leave_the_other():
    out, n = apply("abcdef", [fix(1, 1, 1, 4, "X"), fix(1, 3, 1, 5, "Y")])
    assert (out, n) == ("Xdef", 1)


def test_two_insertions_at_one_point_apply_once():
    assert apply("ab", [fix(1, 2, 1, 2, "1"), fix(1, 2, 1, 2, "2")]) == ("a1b", 1)


def test_multi_edit_fix_is_all_or_nothing():
    first = fix(1, 1, 1, 2, "Q")
    both = Fix((Edit(Span(1, 3, 1, 4), "Z"), Edit(Span(1, 1, 1, 2), "X")), "x")
    assert apply("abc", [first, both]) == ("Qbc", 1)


def test_deleting_a_whole_line():
    assert apply("a\nb\nc\n", [fix(2, 1, 3, 1, "")]) == ("a\nc\n", 1)


def test_positions_past_the_end_are_clamped():
    assert apply("ab", [fix(1, 9, 4, 1, "!")]) == ("ab!", 1)


def test_engine_fix_leaves_the_callers_inputs_alone():
    from helpers import engine_for

    from cnlint.engine import Input

    inp = Input("Dockerfile", "dockerfile", text="FROM alpine:3.20\nMAINTAINER x\n")
    result = engine_for().fix([inp])
    assert inp.text == "FROM alpine:3.20\nMAINTAINER x\n"
    assert result.changes["Dockerfile"][1] == 'FROM alpine:3.20\nLABEL maintainer="x"\n'


def test_new_lines_follow_the_file_s_line_endings():
    assert apply("a\r\nb\r\n", [fix(2, 1, 2, 1, "x\ny\n")]) == ("a\r\nx\r\ny\r\nb\r\n", 1)
    assert apply("a\nb\n", [fix(2, 1, 2, 1, "x\r\ny\n")]) == ("a\nx\ny\nb\n", 1)


def test_a_fix_that_would_break_the_file_is_not_applied(monkeypatch):
    from helpers import engine_for

    from cnlint.checks import per_artifact
    from cnlint.diagnostics import Finding
    from cnlint.engine import Input

    def breaks_parsing(doc, ctx):  # a fix with a bug: an unterminated heredoc
        yield Finding(Span(2, 1, 2, 1), "breaks", Fix((Edit(Span(2, 1, 2, 1), "RUN <<EOF\n"),), "break it"))

    monkeypatch.setitem(per_artifact("dockerfile"), "DF003", breaks_parsing)
    text = "FROM alpine:3.20\nUSER app\n"
    result = engine_for(select=["DF003", "CN"]).fix([Input("Dockerfile", "dockerfile", text=text)])
    assert result.changes == {}
    assert [(d.code, d.span.line) for d in result.diagnostics] == [("DF003", 2)]
