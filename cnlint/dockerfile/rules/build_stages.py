"""Build stages: their names, and COPY --from between them."""

from __future__ import annotations

import re

from cnlint.checks import Checks
from cnlint.diagnostics import Finding
from cnlint.dockerfile.model import tokens, unquote

checks = Checks()


@checks.rule("DF025")
def duplicate_stage_name(doc, ctx):
    seen = {}
    for stage in doc.stages:
        if not stage.name:
            continue
        low = stage.name.lower()
        if low in seen:
            yield Finding(
                doc.locate(stage.instruction, stage.name, stage.instruction.args_offset + len(stage.image)),
                f"stage name '{stage.name}' is already used at line {seen[low]}; stage names must be unique",
            )
        else:
            seen[low] = stage.instruction.line


def _from_flag(ins):
    for f in ins.flag_spans:
        if f.name == "from":
            return f
    return None


@checks.rule("DF023")
def copy_from_unknown_stage(doc, ctx):
    # ONBUILD COPY --from names a stage of the downstream build
    for ins in doc.of("COPY", triggers=False):
        flag = _from_flag(ins)
        if flag is None:
            continue
        ref = doc.resolve(ins, flag.value)
        if not ref:
            continue
        target = doc.stage_named(ref)
        if ref.isdigit() and target is None:
            yield Finding(flag.span, f"COPY --from={ref} names no build stage: this Dockerfile has {len(doc.stages)}")
        elif target is not None and target.index > ins.stage:
            yield Finding(flag.span, f"COPY --from={ref} names a stage defined later, at line {target.instruction.line}; stages can only copy from earlier ones")
        elif target is None and not re.search(r"[:/@$]", ref):
            # a bare name is most likely a stage that was renamed or never defined
            yield Finding(
                flag.span,
                f"COPY --from={ref} names no stage of this Dockerfile, so Docker pulls an image called '{ref}:latest' instead; define the stage before this one, or name the image with its tag",
            )


@checks.rule("DF024")
def copy_from_own_stage(doc, ctx):
    for ins in doc.of("COPY", triggers=False):
        flag = _from_flag(ins)
        if flag is None:
            continue
        target = doc.stage_named(doc.resolve(ins, flag.value) or "\0")
        if target is not None and target.index == ins.stage:
            yield Finding(flag.span, f"COPY --from={flag.value} names the stage it is in, which cannot copy from itself")


@checks.rule("DF068")
def copy_whole_filesystem(doc, ctx):
    for ins in doc.of("COPY"):
        if _from_flag(ins) is None:
            continue
        words = ins.json_arguments or [unquote(w) for w, _ in tokens(ins.arguments)]
        if len(words) >= 2 and words[-1] == "/" and "/" in words[:-1]:
            yield Finding(doc.args_span(ins), "COPY --from=... / / copies a whole filesystem over this one; copy only what you need")
