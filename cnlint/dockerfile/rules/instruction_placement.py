"""Where an instruction may stand: before the first FROM, inside ONBUILD."""

from __future__ import annotations

from cnlint.checks import Checks
from cnlint.diagnostics import Finding

checks = Checks()


@checks.rule("DF060")
def instruction_before_from(doc, ctx):
    for ins in doc.instructions:
        if ins.keyword == "FROM":
            return
        if ins.keyword != "ARG":
            yield Finding(ins.keyword_span, f"{ins.keyword} before the first FROM: a Dockerfile must begin with FROM (only ARG may come before it)")


@checks.rule("DF042")
def onbuild_forbidden_trigger(doc, ctx):
    for ins in doc.of("ONBUILD"):
        inner = ins.inner
        if inner and inner.keyword in ("ONBUILD", "FROM", "MAINTAINER"):
            yield Finding(inner.keyword_span, f"ONBUILD cannot trigger {inner.keyword}; Docker rejects it")
