"""How the container's process starts: CMD and ENTRYPOINT, their JSON form
(and RUN's and SHELL's, which share its syntax)."""

from __future__ import annotations

import json
import re

from cnlint.checks import Checks
from cnlint.diagnostics import Edit, Finding, Fix
from cnlint.dockerfile.stages import overridden_in_stage
from cnlint.patterns import lazy

checks = Checks()


_SHELL_META = lazy(r"""[$|&;<>*?'"`\\~(){}\[\]#]""")


_TYPOGRAPHIC = lazy("[\u201c\u201d\u201e\u201f\u2018\u2019\u201a\u201b\u00ab\u00bb\u2033]")


def _args_start(ins) -> int:
    """Offset in `ins.value` of the first non-blank character of the arguments."""
    return ins.args_offset + len(ins.arguments) - len(ins.arguments.lstrip())


def _straight_quotes(doc, ins, text):
    """An unsafe fix that makes typographic quotes straight, when that yields JSON."""
    fixed = _TYPOGRAPHIC.sub('"', text)
    try:
        value = json.loads(fixed)
    except ValueError:
        return None
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        return None
    start = _args_start(ins)
    edits = tuple(Edit(doc.span_of(ins, start + m.start(), start + m.end()), '"') for m in _TYPOGRAPHIC.finditer(text))
    return Fix(edits, "Replace the typographic quotes with straight ones", safe=False)


def _broken_json(doc, ins):
    """A Finding when the arguments look like JSON form but are not JSON, so
    Docker runs them in shell form as a literal string."""
    text = ins.arguments.strip()
    quote = _TYPOGRAPHIC.search(text)
    if quote:
        start = _args_start(ins) + quote.start()
        span = doc.span_of(ins, start, start + 1)
        effect = "Docker rejects it (SHELL takes JSON form only)" if ins.keyword == "SHELL" else f"so Docker runs it in shell form as the literal string {text[:20]!r}"
        return Finding(
            span,
            f"{ins.keyword} uses the typographic quote '{quote.group(0)}' (column {span.column}) where JSON needs a straight '\"', {effect}; use straight double quotes",
            _straight_quotes(doc, ins, text),
        )
    if ins.keyword in ("CMD", "ENTRYPOINT"):
        return Finding(
            doc.args_span(ins),
            f"{ins.keyword} starts with '[' but is not valid JSON, so Docker runs it in shell form under /bin/sh -c; write a JSON array of double-quoted strings",
        )
    return None


@checks.rule("DF026")
def cmd_shell_form(doc, ctx):
    for ins in doc.of("RUN", "SHELL"):
        if ins.arguments.lstrip().startswith("[") and not ins.exec_form:
            found = _broken_json(doc, ins)
            if found:
                yield found
    for ins in doc.of("CMD", "ENTRYPOINT"):
        text = ins.arguments.strip()
        if not text or ins.exec_form:
            continue
        if text.startswith("["):
            yield _broken_json(doc, ins)
            continue
        if ins.line != ins.end_line:
            continue
        fix = None
        if not _SHELL_META.search(text):
            args = ", ".join(f'"{w}"' for w in text.split())
            edit = Edit(doc.args_span(ins), f"[{args}]")
            fix = Fix((edit,), f"Rewrite {ins.keyword} in JSON form", safe=False)
        yield Finding(
            ins.keyword_span,
            f"{ins.keyword} in shell form runs under /bin/sh -c, so the process does not get signals like SIGTERM; use JSON form",
            fix,
        )
    for ins in doc.of("HEALTHCHECK"):
        found = _healthcheck_shell_form(doc, ins)
        if found:
            yield found


def _healthcheck_shell_form(doc, ins):
    """A finding when HEALTHCHECK CMD is in shell form (HEALTHCHECK NONE has no command)."""
    m = re.match(r"(?i)(\s*)CMD\b\s*", ins.arguments)
    text = ins.arguments[m.end() :].rstrip() if m else ""
    if not text or _json_list(text):
        return None
    word = ins.args_offset + len(m.group(1))
    fix = None
    if ins.line == ins.end_line and not _SHELL_META.search(text):
        start = ins.args_offset + m.end()
        args = ", ".join(f'"{w}"' for w in text.split())
        fix = Fix((Edit(doc.span_of(ins, start, start + len(text)), f"[{args}]"),), "Rewrite HEALTHCHECK CMD in JSON form", safe=False)
    shell = " ".join(doc.shell_of(ins))
    return Finding(
        doc.span_of(ins, word, word + 3),
        f"HEALTHCHECK CMD in shell form runs under {shell}, so every check needs that shell in the image (a distroless or scratch image has none) and starts one more process; use JSON form",
        fix,
    )


def _json_list(text: str) -> bool:
    try:
        value = json.loads(text)
    except ValueError:
        return False
    return isinstance(value, list) and all(isinstance(v, str) for v in value)


@checks.rule("DF066")
def multiple_cmd(doc, ctx):
    yield from overridden_in_stage(doc, "CMD")


@checks.rule("DF067")
def multiple_entrypoint(doc, ctx):
    yield from overridden_in_stage(doc, "ENTRYPOINT")
