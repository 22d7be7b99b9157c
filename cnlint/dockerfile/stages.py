"""Build stages as the rules ask about them: the ones built on an image, the
ones that end up in the image, a stage with those it builds on, and where
a stage's image is written."""

from __future__ import annotations

from cnlint.diagnostics import Finding


def external_stages(doc):
    """Stages whose FROM names an image (not scratch, not an earlier stage)
    and whose reference is known after ARG substitution."""
    for stage in doc.stages:
        if stage.parent is None and stage.resolved and stage.resolved != "scratch":
            yield stage


def shown(stage) -> str:
    """The image as written, and as resolved when ARGs changed it."""
    if stage.resolved == stage.image:
        return f"'{stage.image}'"
    return f"'{stage.image}' ('{stage.resolved}')"


def image_span(doc, stage):
    """Where the stage's image is written after FROM (FROM itself when it is not)."""
    ins = stage.instruction
    return doc.locate(ins, stage.image, ins.args_offset) if stage.image else ins.keyword_span


def chain(stage):
    """The stage, then the stage it builds on, and so on."""
    while stage is not None:
        yield stage
        stage = stage.parent


def shipped_stages(doc) -> set[int]:
    """The final stage and every stage it builds on: what ends up in the image.
    A fragment without FROM is judged as the image it would build (stage -1)."""
    out = set()
    stage = doc.final_stage
    if stage is None:
        return {-1}
    while stage is not None:
        out.add(stage.index)
        stage = stage.parent
    return out


def groups(doc):
    """(stage index, its instructions) in file order. Instructions before the
    first FROM come first, as stage -1, so rules that look at a stage also
    judge a fragment that has not started one."""
    out: dict[int, list] = {}
    for ins in doc.instructions:
        out.setdefault(ins.stage, []).append(ins)
    return list(out.items())


def overridden_in_stage(doc, keyword: str):
    """A finding on every `keyword` instruction that a later one in the same stage overrides."""
    for _, instructions in groups(doc):
        found = [i for i in instructions if i.keyword == keyword]
        for ins in found[:-1]:
            yield Finding(ins.keyword_span, f"the {keyword} at line {found[-1].line} overrides this one in the same stage, so this one has no effect")
