"""Dockerfile rules on instructions, images and stages (no shell needed).

Shared helpers for the other Dockerfile check modules live here too.
"""

from __future__ import annotations

import json
import re

from cnlint.dockerfile.model import env_pairs, pairs, tokens, unquote
from cnlint.checks import Checks
from cnlint.diagnostics import Edit, Finding, Fix, Span

checks = Checks()


# ---- helpers ------------------------------------------------------------------


def image_ref(image: str) -> tuple[str, str | None, str | None]:
    """(name, tag, digest) of an image reference."""
    name, _, digest = image.partition("@")
    last = name.rsplit("/", 1)[-1]
    tag = None
    if ":" in last:
        name, tag = name.rsplit(":", 1)
    return name, tag, digest or None


def registry_of(name: str) -> str:
    first = name.split("/", 1)[0]
    if "/" in name and ("." in first or ":" in first or first == "localhost"):
        return first
    return "docker.io"


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
    ins = stage.instruction
    return doc.locate(ins, stage.image, ins.args_offset) if stage.image else ins.keyword_span


def shipped_stages(doc) -> set[int]:
    """The final stage and every stage it builds on: what ends up in the image."""
    out = set()
    stage = doc.final_stage
    while stage is not None:
        out.add(stage.index)
        stage = stage.parent
    return out


def commands(doc, *names):
    """(instruction, command) for every shell command named `names` in RUNs
    (ONBUILD RUN included), looking through sudo/env wrappers."""
    found = doc.cache.get("commands")
    if found is None:
        found = doc.cache["commands"] = []
        by_name = doc.cache["by_name"] = {}
        for ins in doc.of("RUN"):
            script = doc.script(ins)
            for cmd in script.commands if script is not None else ():
                e = cmd.effective()
                found.append((ins, e))
                by_name.setdefault(e.name, []).append((ins, e))
    if not names:
        return found
    if len(names) == 1:
        return doc.cache["by_name"].get(names[0], ())
    return [pair for pair in found if pair[1].name in names]


def insert_after(span: Span, text: str) -> Edit:
    return Edit(Span(span.end_line, span.end_column, span.end_line, span.end_column), text)


# ---- images and stages ----------------------------------------------------------


@checks.rule("DF001")
def untagged_base_image(doc, ctx):
    for stage in external_stages(doc):
        _, tag, digest = image_ref(stage.resolved)
        if tag is None and digest is None:
            yield Finding(
                image_span(doc, stage),
                f"base image {shown(stage)} has no tag, so it means ':latest' and changes under you; pin a version",
            )


@checks.rule("DF002")
def latest_base_image(doc, ctx):
    for stage in external_stages(doc):
        _, tag, digest = image_ref(stage.resolved)
        if tag == "latest" and digest is None:
            yield Finding(image_span(doc, stage), f"base image '{stage.resolved}' uses the 'latest' tag; pin a version")


@checks.rule("DF003")
def maintainer_deprecated(doc, ctx):
    for ins in doc.of("MAINTAINER"):
        if ins.line != ins.end_line:
            fix = None  # a multi-line MAINTAINER is too odd to rewrite safely
        else:
            who = ins.arguments.strip().replace("\\", "\\\\").replace('"', '\\"')
            fix = Fix((Edit(ins.span, f'LABEL maintainer="{who}"'),), "Replace MAINTAINER with a maintainer LABEL")
        yield Finding(ins.keyword_span, "MAINTAINER is deprecated; use LABEL maintainer=\"...\"", fix)


@checks.rule("DF005")
def last_user_root(doc, ctx):
    final = doc.final_stage
    if final is None:
        return
    users = [i for i in doc.in_stage(final) if i.keyword == "USER"]
    if not users:
        return
    last = users[-1]
    user = (doc.resolve(last, last.arguments.strip()) or "").split(":")[0]
    if user in ("root", "0"):
        yield Finding(
            doc.args_span(last),
            "the final stage's last USER is root, so the container runs as root; switch to an unprivileged user",
        )


@checks.rule("DF006")
def base_image_without_digest(doc, ctx):
    for stage in external_stages(doc):
        if image_ref(stage.resolved)[2] is None:
            yield Finding(
                image_span(doc, stage),
                f"base image '{stage.resolved}' is not pinned by digest; append @sha256:... of the image you tested",
            )


@checks.rule("DF007")
def workdir_relative(doc, ctx):
    for ins in doc.of("WORKDIR"):
        path = doc.resolve(ins, unquote(ins.arguments.strip()))
        if not path or path.startswith("/") or re.match(r"^[A-Za-z]:[\\/]", path):
            continue
        if doc.stage_of(ins) and doc.stage_of(ins).windows:
            continue
        yield Finding(doc.args_span(ins), f"WORKDIR '{path}' is relative, so it depends on the WORKDIR before it; use an absolute path")


@checks.rule("DF014")
def expose_port_out_of_range(doc, ctx):
    for ins in doc.of("EXPOSE"):
        for word, offset in tokens(ins.arguments):
            value = doc.resolve(ins, unquote(word))
            if value is None:
                continue
            port = value.split("/", 1)[0]
            for part in port.split("-", 1):
                if part.isdigit() and int(part) > 65535:
                    start = ins.args_offset + offset
                    yield Finding(doc.span_of(ins, start, start + len(word)), f"port {part} is out of range: ports go from 0 to 65535")
                    break


def _per_stage_duplicates(doc, keyword: str, what: str):
    for stage in doc.stages:
        found = [i for i in doc.in_stage(stage) if i.keyword == keyword]
        for ins in found[:-1]:
            yield Finding(ins.keyword_span, f"{what} at line {found[-1].line} overrides this one in the same stage, so this one has no effect")


@checks.rule("DF015")
def multiple_healthchecks(doc, ctx):
    yield from _per_stage_duplicates(doc, "HEALTHCHECK", "the HEALTHCHECK")


@checks.rule("DF066")
def multiple_cmd(doc, ctx):
    yield from _per_stage_duplicates(doc, "CMD", "the CMD")


@checks.rule("DF067")
def multiple_entrypoint(doc, ctx):
    yield from _per_stage_duplicates(doc, "ENTRYPOINT", "the ENTRYPOINT")


ARCHIVE = re.compile(r"\.(tar|tar\.(gz|bz2|xz|zst)|tgz|tbz2?|txz)$")


@checks.rule("DF021")
def add_for_plain_files(doc, ctx):
    for ins in doc.of("ADD"):
        if ins.heredocs:
            continue
        words = ins.json_arguments or [unquote(w) for w, _ in tokens(ins.arguments)]
        sources = words[:-1]
        if not sources:
            continue
        if any(re.match(r"^[a-z]+://|^git@", s) or ARCHIVE.search(s) or "$" in s for s in sources):
            continue
        yield Finding(ins.keyword_span, "ADD copies plain files here; COPY does the same without ADD's implicit unpacking and downloads")


@checks.rule("DF022")
def copy_many_sources_without_slash(doc, ctx):
    for ins in doc.of("COPY", "ADD"):
        if ins.heredocs:
            continue
        words = ins.json_arguments or [unquote(w) for w, _ in tokens(ins.arguments)]
        if len(words) > 2 and not words[-1].endswith("/") and "$" not in words[-1]:
            yield Finding(doc.args_span(ins), f"{ins.keyword} with several sources needs a destination ending in '/', not '{words[-1]}'")


def _from_flag(ins):
    for f in ins.flag_spans:
        if f.name == "from":
            return f
    return None


@checks.rule("DF023")
def copy_from_later_stage(doc, ctx):
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
            yield Finding(flag.span, f"COPY --from={ref} names no stage of this Dockerfile, so Docker pulls an image called '{ref}:latest' instead; define the stage before this one, or name the image with its tag")


@checks.rule("DF024")
def copy_from_own_stage(doc, ctx):
    for ins in doc.of("COPY", triggers=False):
        flag = _from_flag(ins)
        if flag is None:
            continue
        target = doc.stage_named(doc.resolve(ins, flag.value) or "\0")
        if target is not None and target.index == ins.stage:
            yield Finding(flag.span, f"COPY --from={flag.value} names the stage it is in, which cannot copy from itself")


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


_SHELL_META = re.compile(r"""[$|&;<>*?'"`\\~(){}\[\]#]""")


_TYPOGRAPHIC = re.compile("[\u201c\u201d\u201e\u201f\u2018\u2019\u201a\u201b\u00ab\u00bb\u2033]")


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


@checks.rule("DF027")
def untrusted_registry(doc, ctx):
    trusted = tuple(ctx.option("trusted-registries") or ())
    if not trusted:
        return
    for stage in external_stages(doc):
        name = image_ref(stage.resolved)[0]
        registry = registry_of(name)
        if not any(registry == t or (t == "docker.io" and registry in ("docker.io", "index.docker.io")) for t in trusted):
            yield Finding(image_span(doc, stage), f"base image '{stage.resolved}' comes from {registry}, which is not a trusted registry ({', '.join(trusted)})")


_PLATFORM_VARS = ("$BUILDPLATFORM", "${BUILDPLATFORM}", "$TARGETPLATFORM", "${TARGETPLATFORM}")


@checks.rule("DF030")
def from_fixed_platform(doc, ctx):
    for stage in doc.stages:
        for f in stage.instruction.flag_spans:
            if f.name == "platform" and "$" not in f.value:
                yield Finding(f.span, f"FROM --platform={f.value} pins one platform, so builds for any other platform get the wrong image; drop it or use $BUILDPLATFORM")


@checks.rule("DF064")
def from_platform_targetplatform(doc, ctx):
    for stage in doc.stages:
        for f in stage.instruction.flag_spans:
            if f.name == "platform" and f.value in ("$TARGETPLATFORM", "${TARGETPLATFORM}"):
                yield Finding(f.span, "FROM --platform=$TARGETPLATFORM is what FROM does anyway; the flag is redundant")


@checks.rule("DF042")
def onbuild_forbidden_trigger(doc, ctx):
    for ins in doc.of("ONBUILD"):
        inner = ins.inner
        if inner and inner.keyword in ("ONBUILD", "FROM", "MAINTAINER"):
            yield Finding(inner.keyword_span, f"ONBUILD cannot trigger {inner.keyword}; Docker rejects it")


@checks.rule("DF043")
def env_self_reference(doc, ctx):
    for ins in doc.of("ENV"):
        defined = []
        for key, value, offset in env_pairs(ins.arguments):
            if value:
                for name in defined:
                    if name not in ins.scope and re.search(rf"\$(\{{)?{re.escape(name)}\b", value):
                        start = ins.args_offset + offset
                        yield Finding(
                            doc.span_of(ins, start, start + len(key)),
                            f"{key} refers to ${name}, set in this same ENV, but Docker substitutes the value from before it (empty here); split the ENV",
                        )
                        break
            defined.append(key)


@checks.rule("DF044")
def copy_relative_destination(doc, ctx):
    workdir_stages = set()
    for ins in doc.instructions:
        if ins.keyword == "WORKDIR":
            workdir_stages.add(ins.stage)
        if ins.keyword not in ("COPY", "ADD") or ins.heredocs:
            continue
        stage = doc.stage_of(ins)
        chain = stage
        has_workdir = False
        while chain is not None:
            if chain.index in workdir_stages:
                has_workdir = True
            chain = chain.parent
        if has_workdir or (stage and stage.windows):
            continue
        words = ins.json_arguments or [unquote(w) for w, _ in tokens(ins.arguments)]
        if len(words) < 2:
            continue
        dest = words[-1]
        if dest.startswith(("/", "$")) or re.match(r"^[A-Za-z]:", dest):
            continue
        yield Finding(doc.args_span(ins), f"{ins.keyword} to the relative path '{dest}' with no WORKDIR in this stage lands wherever the base image's WORKDIR is; set WORKDIR or use an absolute path")


_LABEL_KEY = re.compile(r"^[a-z0-9]([a-z0-9._-]*[a-z0-9])?$")
_RESERVED_LABEL = ("com.docker.", "io.docker.", "org.dockerproject.")


@checks.rule("DF047")
def invalid_label_key(doc, ctx):
    for ins in doc.of("LABEL"):
        for key, _, offset in env_pairs(ins.arguments):
            problem = None
            if key.startswith(_RESERVED_LABEL):
                problem = "uses a namespace reserved by Docker"
            elif not _LABEL_KEY.match(key) or ".." in key or "--" in key:
                problem = "is not a valid label key (lower-case letters, digits, '.', '-' and '_', starting and ending alphanumeric)"
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


@checks.rule("DF056")
def missing_healthcheck(doc, ctx):
    final = doc.final_stage
    if final is None or any(i.keyword == "HEALTHCHECK" for s in _chain(doc, final) for i in doc.in_stage(s)):
        return
    yield Finding(final.instruction.keyword_span, "the final stage sets no HEALTHCHECK, so Docker cannot tell a hung container from a healthy one")


def _chain(doc, stage):
    while stage is not None:
        yield stage
        stage = stage.parent


@checks.rule("DF058")
def consecutive_run(doc, ctx):
    previous = None
    for ins in doc.instructions:
        if ins.keyword == "RUN" and previous is not None and previous.keyword == "RUN" and previous.flags == ins.flags and previous.stage == ins.stage:
            # a RUN of several commands is a deliberate step of its own
            if _command_count(doc, ins) == 1 and _command_count(doc, previous) == 1:
                yield Finding(ins.keyword_span, f"RUN right after the RUN at line {previous.line} adds a layer; join them with &&")
        previous = ins


def _command_count(doc, ins) -> int:
    script = doc.script(ins)
    if script is not None:
        return len(script.commands)
    if ins.exec_form:
        return 1
    # cmd or PowerShell: count the separated statements roughly
    return len([p for p in re.split(r"&&|\|\||;", ins.arguments) if p.strip()])


@checks.rule("DF060")
def instruction_before_from(doc, ctx):
    for ins in doc.instructions:
        if ins.keyword == "FROM":
            return
        if ins.keyword != "ARG":
            yield Finding(ins.keyword_span, f"{ins.keyword} before the first FROM: a Dockerfile must begin with FROM (only ARG may come before it)")


@checks.rule("DF062")
def missing_user(doc, ctx):
    final = doc.final_stage
    if final is None or final.windows:
        return
    if any(i.keyword == "USER" for s in _chain(doc, final) for i in doc.in_stage(s)):
        return
    yield Finding(image_span(doc, final), "the final stage never sets USER, so the container runs as root unless its base image says otherwise; add USER")


@checks.rule("DF065")
def non_numeric_user(doc, ctx):
    for ins in doc.of("USER"):
        user = (doc.resolve(ins, ins.arguments.strip()) or "").split(":")[0]
        if user and not user.isdigit():
            yield Finding(doc.args_span(ins), f"USER '{user}' is a name, which Kubernetes runAsNonRoot cannot verify; use a numeric UID")


@checks.rule("DF068")
def copy_whole_filesystem(doc, ctx):
    for ins in doc.of("COPY"):
        if _from_flag(ins) is None:
            continue
        words = ins.json_arguments or [unquote(w) for w, _ in tokens(ins.arguments)]
        if len(words) >= 2 and words[-1] == "/" and "/" in words[:-1]:
            yield Finding(doc.args_span(ins), "COPY --from=... / / copies a whole filesystem over this one; copy only what you need")


# ---- label schema (configured with label-schema / strict-labels) ------------------


def _labels(doc, stage):
    """label -> (value, instruction, offset of the key) for a stage and those it builds on."""
    out = {}
    for s in reversed(list(_chain(doc, stage))):
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


_SEMVER = re.compile(r"^v?(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?(?:\+[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?$")
_RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$")
_EMAIL = re.compile(r"^[^@\s<>]+@[^@\s<>]+\.[^@\s<>]+$")
_HASH = re.compile(r"^[0-9a-fA-F]{7,40}$")
_SPDX_TOKEN = re.compile(r"\(|\)|[A-Za-z0-9.+-]+(?::[A-Za-z0-9.+-]+)?")


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
