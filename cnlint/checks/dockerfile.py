"""Dockerfile rules."""

from __future__ import annotations

import re

from cnlint.checks import Checks
from cnlint.diagnostics import Edit, Finding, Fix, Span

checks = Checks()

_SEGMENT = re.compile(r"&&|\|\||[;|\n]")


def _image_ref(image: str) -> tuple[str, str | None, str | None]:
    """(name, tag, digest) of an image reference."""
    name, _, digest = image.partition("@")
    last = name.rsplit("/", 1)[-1]
    tag = None
    if ":" in last:
        name, tag = name.rsplit(":", 1)
    return name, tag, digest or None


def _external_stages(doc):
    """Stages whose FROM names an image, not an earlier stage or scratch."""
    names = set()
    for stage in doc.stages:
        image = stage.image
        if image and image.lower() not in names and image != "scratch" and "$" not in image:
            yield stage
        if stage.name:
            names.add(stage.name.lower())


@checks.rule("DF001")
def untagged_base_image(doc, ctx):
    for stage in _external_stages(doc):
        _, tag, digest = _image_ref(stage.image)
        if tag is None and digest is None:
            yield Finding(
                doc.locate(stage.instruction, stage.image),
                f"base image '{stage.image}' has no tag, so it means ':latest' and changes under you; pin a version",
            )


@checks.rule("DF002")
def latest_base_image(doc, ctx):
    for stage in _external_stages(doc):
        _, tag, digest = _image_ref(stage.image)
        if tag == "latest" and digest is None:
            yield Finding(
                doc.locate(stage.instruction, stage.image),
                f"base image '{stage.image}' uses the 'latest' tag; pin a version",
            )


@checks.rule("DF003")
def maintainer_deprecated(doc, ctx):
    for ins in doc.of("MAINTAINER"):
        if ins.line != ins.end_line:
            fix = None  # a multi-line MAINTAINER is too odd to rewrite safely
        else:
            who = ins.arguments.strip().replace("\\", "\\\\").replace('"', '\\"')
            fix = Fix((Edit(ins.span, f'LABEL maintainer="{who}"'),), "Replace MAINTAINER with a maintainer LABEL")
        yield Finding(doc.keyword_span(ins), "MAINTAINER is deprecated; use LABEL maintainer=\"...\"", fix)


def _shell_commands(ins):
    """Shell-form RUN text split into simple commands (word lists, offsets)."""
    text = ins.arguments
    pos = 0
    for m in list(_SEGMENT.finditer(text)) + [None]:
        end = m.start() if m else len(text)
        yield text[pos:end].split(), pos
        pos = m.end() if m else end


def _is_apt_install(words: list[str]) -> bool:
    while words and (words[0] in ("sudo", "env") or "=" in words[0]):
        words = words[1:]
    return len(words) > 1 and words[0] in ("apt-get", "apt") and "install" in words


def _assumes_yes(words: list[str]) -> bool:
    for w in words:
        if w in ("--yes", "--assume-yes", "-qq", "-q=2", "--quiet=2"):
            return True
        if re.fullmatch(r"-[a-zA-Z]*y[a-zA-Z]*", w):
            return True
    return False


@checks.rule("DF004")
def apt_get_install_without_yes(doc, ctx):
    for ins in doc.of("RUN"):
        if ins.exec_form or ins.heredocs:
            continue
        searched = 0
        for words, _ in _shell_commands(ins):
            if not _is_apt_install(words) or _assumes_yes(words):
                continue
            span = doc.locate(ins, "install", searched)
            searched = _offset_in(doc, ins, span) + len("install")
            edit = Edit(Span(span.end_line, span.end_column, span.end_line, span.end_column), " -y")
            yield Finding(
                span,
                "apt-get install without -y waits for a confirmation no build can give",
                Fix((edit,), "Add -y to apt-get install"),
            )


def _offset_in(doc, ins, span: Span) -> int:
    return doc.source.offset(span.line, span.column) - doc.source.offset(ins.line, 1)


@checks.rule("DF005")
def last_user_root(doc, ctx):
    final = doc.final_stage
    if final is None:
        return
    users = [i for i in doc.in_stage(final) if i.keyword == "USER"]
    if not users:
        return
    last = users[-1]
    user = last.arguments.strip().split(":")[0]
    if user in ("root", "0"):
        yield Finding(
            doc.locate(last, user, len("USER")),
            "the final stage's last USER is root, so the container runs as root; switch to an unprivileged user",
        )


@checks.rule("DF006")
def base_image_without_digest(doc, ctx):
    for stage in _external_stages(doc):
        if _image_ref(stage.image)[2] is None:
            yield Finding(
                doc.locate(stage.instruction, stage.image),
                f"base image '{stage.image}' is not pinned by digest; append @sha256:... of the image you tested",
            )
