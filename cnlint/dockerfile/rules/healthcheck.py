"""HEALTHCHECK: whether the image has one, and only one a stage."""

from __future__ import annotations

from cnlint.checks import Checks
from cnlint.diagnostics import Finding
from cnlint.dockerfile.stages import chain, overridden_in_stage

checks = Checks()


@checks.rule("DF056")
def missing_healthcheck(doc, ctx):
    final = doc.final_stage
    if final is None or any(i.keyword == "HEALTHCHECK" for s in chain(final) for i in doc.in_stage(s)):
        return
    yield Finding(final.instruction.keyword_span, "the final stage sets no HEALTHCHECK, so Docker cannot tell a hung container from a healthy one")


@checks.rule("DF015")
def multiple_healthchecks(doc, ctx):
    yield from overridden_in_stage(doc, "HEALTHCHECK")
