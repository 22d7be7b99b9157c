"""The image's metadata: LABEL keys and values (checked against label-schema
and strict-labels when configured), and MAINTAINER."""

from __future__ import annotations

from cnlint.checks import Checks
from cnlint.diagnostics import Edit, Finding, Fix
from cnlint.dockerfile.model import env_pairs
from cnlint.dockerfile.stages import chain
from cnlint.patterns import lazy

checks = Checks()


@checks.rule("DF003")
def maintainer_deprecated(doc, ctx):
    for ins in doc.of("MAINTAINER"):
        if ins.line != ins.end_line:
            fix = None  # a multi-line MAINTAINER is too odd to rewrite safely
        else:
            who = ins.arguments.strip().replace("\\", "\\\\").replace('"', '\\"')
            fix = Fix((Edit(ins.span, f'LABEL maintainer="{who}"'),), "Replace MAINTAINER with a maintainer LABEL")
        yield Finding(ins.keyword_span, "MAINTAINER is deprecated; use LABEL maintainer=\"...\"", fix)


# Docker's label key format: starts with a letter, ends alphanumeric.
_LABEL_KEY = lazy(r"^[a-z]([a-z0-9._-]*[a-z0-9])?$")


_RESERVED_LABEL = ("com.docker.", "io.docker.", "org.dockerproject.")


@checks.rule("DF047")
def invalid_label_key(doc, ctx):
    for ins in doc.of("LABEL"):
        for key, _, offset in env_pairs(ins.arguments):
            problem = None
            if key.startswith(_RESERVED_LABEL):
                problem = "uses a namespace reserved by Docker"
            elif not _LABEL_KEY.match(key) or ".." in key or "--" in key:
                problem = "is not a valid label key (lower-case letters, digits, '.', '-' and '_', starting with a letter and ending alphanumeric)"
            if problem:
                start = ins.args_offset + offset
                yield Finding(doc.span_of(ins, start, start + len(key)), f"label key '{key}' {problem}")


@checks.rule("DF050")
def label_empty(doc, ctx):
    for ins in doc.of("LABEL"):
        for key, value, offset in env_pairs(ins.arguments):
            if value == "":
                start = ins.args_offset + offset
                yield Finding(doc.span_of(ins, start, start + len(key)), f"label '{key}' has an empty value")


# ---- label schema (configured with label-schema / strict-labels) -------------


def _labels(doc, stage):
    """label -> (value, instruction, offset of the key) for a stage and those it builds on."""
    out = {}
    for s in reversed(list(chain(stage))):
        for ins in doc.in_stage(s):
            if ins.keyword == "LABEL":
                for key, value, offset in env_pairs(ins.arguments):
                    out[key] = (value, ins, offset)
    return out


def _key_span(doc, ins, key, offset):
    start = ins.args_offset + offset
    return doc.span_of(ins, start, start + len(key))


@checks.rule("DF048")
def label_missing(doc, ctx):
    schema = dict(ctx.option("label-schema") or ())
    final = doc.final_stage
    if not schema or final is None:
        return
    present = _labels(doc, final)
    for key in schema:
        if key not in present:
            yield Finding(final.instruction.keyword_span, f"the image has no label '{key}', which label-schema requires")


@checks.rule("DF049")
def label_not_in_schema(doc, ctx):
    schema = dict(ctx.option("label-schema") or ())
    if not ctx.option("strict-labels"):
        return
    for ins in doc.of("LABEL"):
        for key, _, offset in env_pairs(ins.arguments):
            if key not in schema:
                yield Finding(_key_span(doc, ins, key, offset), f"label '{key}' is not in label-schema, and strict-labels allows no others")


_SEMVER = lazy(r"^v?(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?(?:\+[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?$")


_RFC3339 = lazy(r"^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$")


_EMAIL = lazy(r"^[^@\s<>]+@[^@\s<>]+\.[^@\s<>]+$")


_HASH = lazy(r"^[0-9a-fA-F]{7,40}$")


_SPDX_TOKEN = lazy(r"\(|\)|[A-Za-z0-9.+-]+(?::[A-Za-z0-9.+-]+)?")


def _url_ok(value: str) -> bool:
    from urllib.parse import urlsplit

    parts = urlsplit(value)
    return bool(parts.scheme and parts.netloc)


def _spdx_ok(value: str) -> bool:
    """The shape of an SPDX license expression: ids joined by AND / OR / WITH."""
    rest = value
    words = []
    while rest.strip():
        rest = rest.lstrip()
        m = _SPDX_TOKEN.match(rest)
        if not m:
            return False
        words.append(m.group(0))
        rest = rest[m.end() :]
    expect_id = True
    depth = 0
    for w in words:
        if w == "(":
            if not expect_id:
                return False
            depth += 1
        elif w == ")":
            if expect_id or depth == 0:
                return False
            depth -= 1
        elif w in ("AND", "OR", "WITH"):
            if expect_id:
                return False
            expect_id = True
        else:
            if not expect_id:
                return False
            expect_id = False
    return bool(words) and not expect_id and depth == 0


_CHECKERS = {
    "url": (_url_ok, "a URL"),
    "rfc3339": (lambda v: bool(_RFC3339.match(v)), "an RFC 3339 time"),
    "spdx": (_spdx_ok, "an SPDX license expression"),
    "hash": (lambda v: bool(_HASH.match(v)), "a git commit hash"),
    "semver": (lambda v: bool(_SEMVER.match(v)), "a semantic version"),
    "email": (lambda v: bool(_EMAIL.match(v)), "an email address"),
}


def _typed_labels(doc, ctx, kind: str):
    schema = dict(ctx.option("label-schema") or ())
    check, what = _CHECKERS[kind]
    for ins in doc.of("LABEL"):
        for key, value, offset in env_pairs(ins.arguments):
            if schema.get(key) != kind or value is None:
                continue
            resolved = doc.resolve(ins, value)
            if resolved and not check(resolved):
                yield Finding(_key_span(doc, ins, key, offset), f"label '{key}' is '{resolved}', which is not {what} as label-schema requires")


@checks.rule("DF051")
def label_not_url(doc, ctx):
    yield from _typed_labels(doc, ctx, "url")


@checks.rule("DF052")
def label_not_rfc3339(doc, ctx):
    yield from _typed_labels(doc, ctx, "rfc3339")


@checks.rule("DF053")
def label_not_spdx(doc, ctx):
    yield from _typed_labels(doc, ctx, "spdx")


@checks.rule("DF054")
def label_not_git_hash(doc, ctx):
    yield from _typed_labels(doc, ctx, "hash")


@checks.rule("DF055")
def label_not_semver(doc, ctx):
    yield from _typed_labels(doc, ctx, "semver")


@checks.rule("DF057")
def label_not_email(doc, ctx):
    yield from _typed_labels(doc, ctx, "email")
