"""Comments that steer the linter: ignore pragmas on single instructions."""

from __future__ import annotations

from cnlint.checks import Checks
from cnlint.diagnostics import Finding
from cnlint.suppressions import HASH

checks = Checks()


@checks.rule("DF085")
def inline_ignore_pragma(doc, ctx):
    for s in doc.suppressions:
        if s.file_level:
            continue
        line = doc.source.line(s.span.line)
        if HASH.stage_level(line[s.span.column - 1 :]):
            continue  # a stage's pragma is a policy for the stage, as hadolint sees it
        yield Finding(s.span, "this comment silences findings on one instruction, where a reader will not look for them; fix the instruction, or ignore the rule in the config or for the file")
