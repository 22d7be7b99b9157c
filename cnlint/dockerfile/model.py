"""Dockerfile model: instructions with stages, flags, ARG/ENV scope and exact spans.

cnlint splits instructions itself rather than through dockerfile-parse: the
rules need columns, a map from every character of a joined instruction back
to the file (so shell commands inside RUN point at their real line and
column), comments inside continuations, both escape characters and heredoc
bodies, and one pass over the text is several times faster.
"""

from __future__ import annotations

import json
import re
from bisect import bisect_right
from collections import ChainMap
from collections.abc import Mapping
from functools import cached_property
from typing import NamedTuple

from cnlint import comments
from cnlint.artifact import Artifact
from cnlint.config import Settings
from cnlint.diagnostics import Span
from cnlint.dockerfile.scope import Scope
from cnlint.patterns import lazy
from cnlint.source import Source

INSTRUCTIONS = frozenset(
    "ADD ARG CMD COPY ENTRYPOINT ENV EXPOSE FROM HEALTHCHECK LABEL MAINTAINER "
    "ONBUILD RUN SHELL STOPSIGNAL USER VOLUME WORKDIR".split()
)
DIRECTIVES = ("syntax", "escape", "check")
_DIRECTIVE = lazy(r"^#\s*([A-Za-z]+)\s*=\s*(.*?)\s*$")
# Flags that need a value: `--platform linux/arm64` (no `=`) is a build error.
VALUE_FLAGS = frozenset(
    "platform from chown chmod mount network security checksum exclude "
    "interval timeout start-period start-interval retries".split()
)
_FLAG = lazy(r"--([A-Za-z][A-Za-z-]*)(?:=(\S*))?")
_NEXT_WORD = lazy(r"[ \t]+(\S+)")
_HEREDOC = lazy(r"<<(-?)(['\"]?)([A-Za-z_][A-Za-z0-9_]*)\2")
_VAR = lazy(r"\$(?:\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-+])([^}]*))?\}|([A-Za-z_][A-Za-z0-9_]*))")
_TOKEN = lazy(r"""(?:"(?:\\.|[^"\\])*"|'[^']*'|\\.|[^\s"'\\])+""")
# Default shells of build stages whose base image runs Windows.
_WINDOWS_IMAGE = lazy(r"(?i)(windows|nanoserver|servercore)")
POSIX_SHELL = ("/bin/sh", "-c")
_PLATFORM_ARGS = dict.fromkeys(
    "BUILDPLATFORM BUILDOS BUILDARCH BUILDVARIANT TARGETPLATFORM TARGETOS TARGETARCH TARGETVARIANT".split()
)
# What ONBUILD may not wrap (Docker rejects it, and a rule reports it).
NOT_TRIGGERS = frozenset(("ONBUILD", "FROM", "MAINTAINER"))


class Heredoc(NamedTuple):
    word: str
    strip_tabs: bool
    quoted: bool
    body: str  # text between the marker line and the terminator
    body_start: int  # character offset of the body in the file
    first_line: int  # 1-based line of the body's first line


class Flag(NamedTuple):
    name: str
    value: str
    span: Span


# Instructions and stages are compared by identity.
class Instruction:
    def __init__(self, keyword: str, value: str, line: int, end_line: int, span: Span, stage: int, keyword_span: Span, pieces: list[tuple[int, int]] | None = None):
        self.keyword = keyword  # upper case
        self.value = value  # everything after the keyword, continuations joined, comments dropped
        self.line = line  # 1-based first line
        self.end_line = end_line  # 1-based last line (heredoc bodies included)
        self.span = span
        self.stage = stage  # index of the build stage, -1 before the first FROM
        self.keyword_span = keyword_span
        self.flags: dict[str, str] = {}
        self.flag_spans: list[Flag] = []
        self.arguments = ""  # value without leading --flags
        self.heredocs: list[Heredoc] = []
        self.scope = Scope()  # ARG/ENV names -> value (None: unknown)
        self.inner: Instruction | None = None  # what ONBUILD wraps
        self.onbuild = False  # wrapped by ONBUILD: runs only in images built FROM this one
        # (offset in value, offset in file) pairs: where each joined piece starts
        self.pieces: list[tuple[int, int]] = pieces if pieces is not None else []
        self.args_offset = 0  # offset of `arguments` in `value`

    def __repr__(self) -> str:
        return f"Instruction({self.keyword} at line {self.line})"

    @property
    def exec_form(self) -> bool:
        return self.json_arguments is not None

    @property
    def json_arguments(self) -> list[str] | None:
        text = self.arguments.strip()
        if not text.startswith("["):
            return None
        try:
            value = json.loads(text)
        except (ValueError, RecursionError):  # nested too deep for a flat list of strings anyway
            return None
        if isinstance(value, list) and all(isinstance(v, str) for v in value):
            return value
        return None

    def file_offset(self, value_offset: int) -> int:
        """File offset of a character of `value`."""
        if len(self.pieces) == 1:
            return self.pieces[0][1] + value_offset
        i = max(bisect_right(self._piece_starts, value_offset) - 1, 0)
        joined, real = self.pieces[i]
        return real + value_offset - joined

    @cached_property
    def _piece_starts(self) -> list[int]:
        # built once: a RUN of 50,000 continuation lines asks for thousands of offsets
        return [p[0] for p in self.pieces]


class Stage:
    def __init__(self, index: int, image: str, name: str | None, instruction: Instruction, resolved: str | None = None, parent: Stage | None = None, shell: tuple[str, ...] = POSIX_SHELL):
        self.index = index
        self.image = image  # as written after FROM (flags stripped)
        self.name = name
        self.instruction = instruction
        self.resolved = resolved  # image with ARGs substituted; None when unknown
        self.parent = parent  # the earlier stage this one builds on
        self.shell = shell  # shell in force at the stage start

    def __repr__(self) -> str:
        return f"Stage({self.index}, {self.image!r}, {self.name!r})"

    @property
    def windows(self) -> bool:
        return bool(self.resolved and _WINDOWS_IMAGE.search(self.resolved))


class Dockerfile(Artifact):
    def __init__(self, kind: str, path: str, source: Source, settings: Settings):
        super().__init__(kind, path, source, settings)
        self.instructions: list[Instruction] = []
        self.stages: list[Stage] = []
        self.directives: dict[str, tuple[str, Span]] = {}
        self.escape = "\\"
        self.global_args = Scope()
        self._shells: dict = {}

    def of(self, *keywords: str, triggers: bool = True):
        """Instructions of these kinds in file order; with `triggers`, also
        what ONBUILD wraps (rules that judge one instruction judge those too)."""
        out = []
        for i in self.instructions:
            if i.keyword in keywords:
                out.append(i)
            elif triggers and i.inner is not None and i.inner.keyword in keywords and i.inner.keyword not in NOT_TRIGGERS:
                out.append(i.inner)
        return out

    def span_of(self, ins: Instruction, start: int, end: int) -> Span:
        """Span of value[start:end] in the file."""
        a = ins.file_offset(start)
        b = ins.file_offset(end - 1) + 1 if end > start else a
        return self.source.span(a, b)

    def locate(self, instruction: Instruction, needle: str, start: int = 0) -> Span:
        """Span of the first `needle` in the instruction's value, or the keyword."""
        i = instruction.value.find(needle, start)
        if i < 0 or not needle:
            return instruction.keyword_span
        return self.span_of(instruction, i, i + len(needle))

    def args_span(self, ins: Instruction) -> Span:
        text = ins.arguments.rstrip()
        if not text:
            return ins.keyword_span
        return self.span_of(ins, ins.args_offset, ins.args_offset + len(text))

    def keyword_span(self, instruction: Instruction) -> Span:
        return instruction.keyword_span

    @property
    def final_stage(self) -> Stage | None:
        return self.stages[-1] if self.stages else None

    def in_stage(self, stage: Stage) -> list[Instruction]:
        return list(self._by_stage.get(stage.index, ()))

    @cached_property
    def _by_stage(self) -> dict[int, list[Instruction]]:
        # once per file: rules ask for every stage, and a file may have thousands
        out: dict[int, list[Instruction]] = {}
        for i in self.instructions:
            out.setdefault(i.stage, []).append(i)
        return out

    def stage_of(self, ins: Instruction) -> Stage | None:
        return self.stages[ins.stage] if 0 <= ins.stage < len(self.stages) else None

    def stage_named(self, name: str) -> Stage | None:
        """The first stage called `name` (any case) or numbered `name`."""
        by_name = self._stage_names.get(name.lower())
        index = int(name) if name.isdigit() and name.isascii() else -1
        by_index = self.stages[index] if 0 <= index < len(self.stages) and str(index) == name else None
        found = [s for s in (by_name, by_index) if s is not None]
        return min(found, key=lambda s: s.index) if found else None

    @cached_property
    def _stage_names(self) -> dict[str, Stage]:
        out: dict[str, Stage] = {}
        for s in self.stages:
            if s.name:
                out.setdefault(s.name.lower(), s)
        return out

    def resolve(self, ins: Instruction, text: str) -> str | None:
        return substitute(text, ins.scope)

    def shell_of(self, ins: Instruction) -> tuple[str, ...]:
        return ins.scope.get("\0shell", POSIX_SHELL)

    def script(self, ins: Instruction):
        """The shell commands of a shell-form RUN (parsed once), or None when
        the RUN is exec form or runs a non-POSIX shell."""
        if ins.keyword != "RUN" or ins.exec_form:
            return None
        if id(ins) not in self._shells:
            from cnlint.dockerfile import shell

            self._shells[id(ins)] = shell.script_of(self, ins) if is_posix(self.shell_of(ins)) else None
        return self._shells[id(ins)]

    @cached_property
    def run_commands(self) -> list:
        """(instruction, command) for every shell command of every RUN (ONBUILD
        RUN included) in file order, looking through sudo/env wrappers."""
        out = []
        for ins in self.of("RUN"):
            script = self.script(ins)
            for cmd in script.commands if script is not None else ():
                out.append((ins, cmd.effective()))
        return out

    @cached_property
    def run_commands_by_name(self) -> dict[str, list]:
        """`run_commands` by command name."""
        out: dict[str, list] = {}
        for pair in self.run_commands:
            out.setdefault(pair[1].name, []).append(pair)
        return out


def is_posix(shell: tuple[str, ...]) -> bool:
    name = shell[0].lower().replace("\\", "/").rsplit("/", 1)[-1] if shell else ""
    return name in ("sh", "bash", "ash", "dash", "zsh", "ksh", "busybox")


def substitute(text: str, scope: Mapping, undeclared: str | None = None) -> str | None:
    """`text` with $VAR, ${VAR}, ${VAR:-x}, ${VAR:+x} replaced as Docker does;
    None when a value is unknown: an ARG without default (the build may set
    it) or, unless `undeclared` gives a value, a variable declared nowhere
    here (the base image may set it)."""
    if "$" not in text:
        return text
    unknown = False

    def repl(m):
        nonlocal unknown
        name = m.group(1) or m.group(4)
        op, word = m.group(2), m.group(3)
        value = scope.get(name, undeclared)
        if value is None:
            if op in (":-", "-") and name not in scope:
                return word
            unknown = True
            return ""
        if op in (":-", "-"):
            return value if (value or op == "-") else word
        if op in (":+", "+"):
            return word if (value or op == "+") else ""
        return value

    out = _VAR.sub(repl, text)
    return None if unknown else out


def tokens(text: str) -> list[tuple[str, int]]:
    """Whitespace-separated words, quotes kept, with their offsets."""
    return [(m.group(0), m.start()) for m in _TOKEN.finditer(text)]


def unquote(word: str) -> str:
    if "'" not in word and '"' not in word and "\\" not in word:
        return word  # most words: nothing to take away
    out = []
    i = 0
    quote = None
    while i < len(word):
        c = word[i]
        if quote:
            if c == quote:
                quote = None
            elif c == "\\" and quote == '"' and i + 1 < len(word):
                i += 1
                out.append(word[i])
            else:
                out.append(c)
        elif c in "'\"":
            quote = c
        elif c == "\\" and i + 1 < len(word):
            i += 1
            out.append(word[i])
        else:
            out.append(c)
        i += 1
    return "".join(out)


def pairs(text: str) -> list[tuple[str, str, int]]:
    """(key, value, offset) of `key=value` words (ENV, LABEL, ARG)."""
    out = []
    for word, offset in tokens(text):
        key, eq, value = word.partition("=")
        out.append((unquote(key), unquote(value) if eq else None, offset))
    return out


def env_pairs(arguments: str) -> list[tuple[str, str | None, int]]:
    """ENV's and LABEL's two syntaxes: `ENV a=b c=d` and the legacy `ENV a b c`."""
    found = pairs(arguments)
    if found and found[0][1] is None and len(found) > 1:
        first = tokens(arguments)[0]
        rest = arguments[first[1] + len(first[0]) :].strip()
        return [(unquote(first[0]), rest, first[1])]
    return found


# ---- splitting --------------------------------------------------------------


def _directives(doc: Dockerfile, source: Source) -> int:
    """Read parser directives; return the first line after them."""
    n = 1
    seen = set()
    while n <= source.line_count:
        text = source.line(n)
        m = _DIRECTIVE.match(text.strip())
        if not m or m.group(1).lower() not in DIRECTIVES or m.group(1).lower() in seen:
            break
        key, value = m.group(1).lower(), m.group(2)
        seen.add(key)
        span = source.line_span(n)
        doc.directives[key] = (value, span)
        if key == "escape":
            if value in ("\\", "`"):
                doc.escape = value
            else:
                doc.problem(span, f"escape directive must be '\\' or '`', not {value!r}")
        n += 1
    return n


def _continues(text: str, escape: str) -> bool:
    stripped = text.rstrip()
    return stripped.endswith(escape)


def _split(doc: Dockerfile, source: Source, start_line: int):
    """Yield (first line, last line, value-with-keyword, pieces) per instruction."""
    esc = doc.escape
    n = start_line
    count = source.line_count
    starts = source.line_starts
    while n <= count:
        text = source.line(n)
        stripped = text.strip()
        if not stripped or stripped.startswith("#"):
            n += 1
            continue
        first = n
        indent = len(text) - len(text.lstrip())
        parts: list[str] = []
        pieces: list[tuple[int, int]] = []
        length = 0
        line_text = text[indent:]
        base = starts[n - 1] + indent
        while True:
            if _continues(line_text, esc):
                body = line_text.rstrip()[:-1]
            else:
                body = line_text
            pieces.append((length, base))
            parts.append(body)
            length += len(body)
            if body is line_text or n >= count:
                break
            n += 1
            # comment and empty lines inside a continuation are dropped
            while n <= count:
                nxt = source.line(n)
                s = nxt.strip()
                if s.startswith("#") or not s:
                    n += 1
                    continue
                break
            if n > count:
                n = count
                break
            line_text = source.line(n)
            base = starts[n - 1]
        yield first, n, "".join(parts), pieces
        n += 1


def heredoc_markers(arguments: str) -> list[re.Match]:
    """The `<<WORD` markers of RUN, COPY or ADD arguments, as BuildKit finds
    them: a shell word that starts with `<<` (after a file descriptor number,
    if any), outside quotes. `echo "a <<EOF b"` quotes one, and in
    `$((x<<y))` the shift is inside a word."""
    out = []
    quote = None
    word = 0  # where the current word starts
    i, n = 0, len(arguments)
    while i < n:
        c = arguments[i]
        if quote:
            if c == quote:
                quote = None
            elif c == "\\" and quote == '"':
                i += 1
        elif c in " \t\n":
            word = i + 1
        elif c in "'\"":
            quote = c
        elif c == "\\":
            i += 1
        elif c == "<" and arguments.startswith("<<", i) and (i == word or arguments[word:i].isdigit()):
            m = _HEREDOC.match(arguments, i)
            if m:
                out.append(m)
                i = m.end()
                continue
            i += 1  # both characters of `<<`
        i += 1
    return out


def _heredocs(doc: Dockerfile, source: Source, value: str, last: int) -> tuple[list[Heredoc], int, bool]:
    """Heredoc bodies after line `last`; (heredocs, new last line, terminated)."""
    out = []
    line = last
    for m in heredoc_markers(value):
        strip_tabs, quoted, word = m.group(1) == "-", bool(m.group(2)), m.group(3)
        n = line + 1
        body_start = source.line_starts[n - 1] if n <= source.line_count else len(source.text)
        while n <= source.line_count:
            text = source.line(n)
            if (text.lstrip("\t") if strip_tabs else text) == word:
                break
            n += 1
        if n > source.line_count:
            out.append(Heredoc(word, strip_tabs, quoted, source.text[body_start:], body_start, line + 1))
            return out, source.line_count, False
        body_end = source.line_starts[n - 1]
        out.append(Heredoc(word, strip_tabs, quoted, source.text[body_start:body_end], body_start, line + 1))
        line = n
    return out, line, True


def _split_flags(ins: Instruction, doc: Dockerfile) -> None:
    value = ins.value
    i = 0
    while True:
        while i < len(value) and value[i] in " \t":
            i += 1
        m = _FLAG.match(value, i) if value.startswith("--", i) else None
        if not m:
            break
        name, flag_value = m.group(1).lower(), m.group(2) or ""
        end = m.end()
        if m.group(2) is None and name in VALUE_FLAGS:
            doc.problem(doc.span_of(ins, m.start(), end), f"missing a value on flag --{name}: write --{name}=VALUE")
            # take the next word as the value, as meant, so the rest still lints
            word = _NEXT_WORD.match(value, end)
            if word:
                flag_value, end = word.group(1), word.end()
        ins.flags[name] = flag_value
        ins.flag_spans.append(Flag(name, flag_value, doc.span_of(ins, m.start(), end)))
        i = end
    ins.args_offset = i
    ins.arguments = value[i:]


def _shift(pieces, n: int):
    """The piece table of text[n:]: pieces that start before n collapse onto 0."""
    shifted: dict[int, int] = {}
    for j, r in pieces:
        shifted[max(j - n, 0)] = r + max(n - j, 0)
    return sorted(shifted.items())


def _make(doc: Dockerfile, source: Source, first: int, last: int, joined: str, pieces, stage: int) -> Instruction | None:
    lead = len(joined) - len(joined.lstrip())
    if lead:  # a first line of only an escape leaves the keyword further on
        joined, pieces = joined[lead:], _shift(pieces, lead)
    word = joined.split(None, 1)[0]
    keyword = word.upper()
    start = pieces[0][1]
    # the keyword may be split by a line continuation (`FR\` then `OM`): it ends after its last character
    piece = max(j for j, _ in pieces if j < len(word))
    kw_span = source.span(start, dict(pieces)[piece] + len(word) - piece)
    if keyword not in INSTRUCTIONS:
        doc.problem(kw_span, f"unknown instruction {word!r}")
        return None
    rest = len(word)
    while rest < len(joined) and joined[rest] in " \t":
        rest += 1
    value = joined[rest:]
    ins = Instruction(keyword, value, first, last, Span(0, 0, 0, 0), stage, kw_span, pieces=_shift(pieces, rest))
    _split_flags(ins, doc)
    return ins


def _end_span(source: Source, ins: Instruction) -> Span:
    a = ins.keyword_span
    end = source.line(ins.end_line)
    return Span(a.line, a.column, ins.end_line, len(end.rstrip()) + 1)


def _onbuild_trigger(doc: Dockerfile, source: Source, ins: Instruction, scope: Scope) -> Instruction:
    """The instruction `ins` stands for: the trigger an ONBUILD wraps, parsed as
    an instruction of its own (kept in `ins.inner`) so rules check it too, else `ins`."""
    if ins.keyword != "ONBUILD" or not ins.arguments.strip():
        return ins
    inner = _make(doc, source, ins.line, ins.end_line, ins.arguments, _shift(ins.pieces, ins.args_offset), ins.stage)
    ins.inner = inner
    if inner is None:
        return ins
    inner.onbuild = True
    inner.scope = scope
    return inner


def _read_heredocs(doc: Dockerfile, source: Source, ins: Instruction, target: Instruction) -> int:
    """Attach the heredoc bodies `target` reads; return the last line of `ins`,
    which then covers them, so the next instruction starts after them."""
    if target.keyword in ("RUN", "COPY", "ADD") and "<<" in target.arguments:
        target.heredocs, end, closed = _heredocs(doc, source, target.arguments, ins.end_line)
        if not closed:
            doc.problem(ins.keyword_span, f"heredoc <<{target.heredocs[-1].word} is never terminated")
        ins.end_line = end
    return ins.end_line


def _set_spans(source: Source, ins: Instruction, target: Instruction) -> None:
    ins.span = _end_span(source, ins)
    if target is not ins:
        # an ONBUILD trigger ends where its ONBUILD does, heredocs included
        target.end_line = ins.end_line
        target.span = _end_span(source, target)


def _enter_stage(doc: Dockerfile, ins: Instruction, global_args: Scope, stage_names: dict[str, Stage], final_scope: list[Scope]) -> Scope:
    """Record the stage a FROM starts; return the ARG/ENV scope it starts with."""
    parts = ins.arguments.split()
    name = parts[2] if len(parts) >= 3 and parts[1].upper() == "AS" else None
    image = parts[0] if parts else ""
    # the builder's platform ARGs are known only at build time
    resolved = substitute(image, ChainMap(global_args, _PLATFORM_ARGS), undeclared="")
    parent = stage_names.get(resolved.lower()) if resolved else None
    # a stage built on another inherits its environment and SHELL
    scope = final_scope[parent.index] if parent else Scope()
    shell = parent.shell if parent else POSIX_SHELL
    st = Stage(ins.stage, image, name, ins, resolved, parent)
    if parent is None and st.windows:
        shell = ("cmd", "/S", "/C")
    st.shell = shell
    if "\0shell" not in scope:
        scope = scope.set("\0shell", shell)
    doc.stages.append(st)
    final_scope.append(scope)
    if name:
        stage_names[name.lower()] = st
    return scope


def _with_global_args(ins: Instruction, global_args: Scope) -> Scope:
    """The global ARGs after an ARG before the first FROM (a new scope: the
    instructions before keep the one they saw)."""
    for key, value, _ in pairs(ins.arguments):
        global_args = global_args.set(key, substitute(value, global_args, undeclared="") if value is not None else None)
    return global_args


def _scope_after(ins: Instruction, scope: Scope, global_args: Scope) -> Scope:
    """What ARG/ENV (and SHELL, as "\\0shell") hold after `ins` inside a stage.
    A changed scope is a new one: earlier instructions keep the one they saw."""
    if ins.keyword == "ARG":
        for key, value, _ in pairs(ins.arguments):
            if value is not None:
                scope = scope.set(key, substitute(value, scope))
            elif key in global_args:
                scope = scope.set(key, global_args[key])
            elif key not in scope:
                scope = scope.set(key, None)
    elif ins.keyword == "ENV":
        base = scope  # every pair of one ENV sees the scope before it
        for key, value, _ in env_pairs(ins.arguments):
            if value is not None:
                scope = scope.set(key, substitute(value, base))
    elif ins.keyword == "SHELL":
        args = ins.json_arguments
        if args:
            scope = scope.set("\0shell", tuple(args))
    return scope


def _suppressions(doc: Dockerfile, source: Source):
    """The suppression comments of the file; one above an instruction covers
    all its lines, a stage pragma the rest of the build stage."""
    by_line = {i.line: i for i in doc.instructions}
    froms = [i.line for i in doc.instructions if i.keyword == "FROM"]

    def target(line: int) -> tuple[int, int]:
        instruction = by_line.get(line)
        return (line, instruction.end_line) if instruction else (line, line)

    def stage(line: int) -> tuple[int, int]:
        # up to the next FROM: the stage `line` is in, or starts when it is a FROM
        after = [f for f in froms if f > line]
        return line, after[0] - 1 if after else source.line_count

    return comments.scan(source, target, stage_range=stage)


def parse(path: str, text: str, settings: Settings) -> Dockerfile:
    source = Source(text)
    doc = Dockerfile("dockerfile", path, source, settings)
    start = _directives(doc, source)
    stage = -1
    scope = Scope()  # what ARG/ENV hold at this instruction
    global_args = Scope()  # the ARGs before the first FROM
    stage_names: dict[str, Stage] = {}
    final_scope: list[Scope] = []  # each stage's scope at its end, for the stages built on it
    last_line = 0
    for first, last, joined, pieces in _split(doc, source, start):
        if first <= last_line or not joined.strip():
            continue
        if joined.split(None, 1)[0].upper() == "FROM":
            stage += 1
        ins = _make(doc, source, first, last, joined, pieces, stage)
        if ins is None:
            last_line = last
            continue
        target = _onbuild_trigger(doc, source, ins, scope)
        last_line = _read_heredocs(doc, source, ins, target)
        _set_spans(source, ins, target)
        doc.instructions.append(ins)
        if ins.keyword == "FROM":
            ins.scope = global_args  # FROM sees only the global ARGs
            scope = _enter_stage(doc, ins, global_args, stage_names, final_scope)
        elif stage < 0:
            # anything but ARG before FROM is DF060's, not a parse error
            ins.scope = scope
            if ins.keyword == "ARG":
                global_args = _with_global_args(ins, global_args)
                ins.scope = global_args
        else:
            ins.scope = scope
            scope = final_scope[stage] = _scope_after(ins, scope, global_args)
    doc.global_args = global_args
    doc.suppressions = _suppressions(doc, source)
    return doc
