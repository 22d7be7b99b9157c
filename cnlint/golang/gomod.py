"""go.mod: its located model, the go.mod that governs a directory, and Go
versions.

`parse` makes a GoMod artifact: the `module`, `go` and `toolchain`
directives with the spans of their values, every other directive, and the
language version in force. What the go command would reject (an unknown
directive, a missing argument, a malformed version, an unterminated block
or string) is a parse problem, reported as CN001. Comments are `//`.

Versions are language versions as the go command compares them: "1.22"
for go1.22, 1.22.3 and 1.22rc1 alike.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from cnlint.artifact import Artifact
from cnlint.config import Settings
from cnlint.diagnostics import Span
from cnlint.patterns import lazy
from cnlint.source import Source

ARTIFACT = "gomod"

# No Go release will have a minor version of more digits; past about 4300
# Python cannot even read the number.
MAX_MINOR_DIGITS = 6
_VERSION = lazy(r"^(?:go)?1(?:\.(\d+))?(?:[.a-z]\S*)?$")
_GO_LINE = lazy(r"^\s*go\s+(\S+)\s*(?://.*)?$")
# The go command assumes this when go.mod has no go line.
NO_GO_LINE = "1.16"


def language_version(version: str | None) -> str | None:
    """'1.N' for a Go version or release ('go1.22.3', '1.21rc1'), else None."""
    m = _VERSION.match(version.strip()) if version else None
    if m is None or len(m.group(1) or "") > MAX_MINOR_DIGITS:
        return None
    return f"1.{int(m.group(1) or 0)}"


def minor(version: str) -> int:
    """N of a language version '1.N'."""
    return int(version.split(".")[1])


def go_line(text: str) -> str | None:
    """The language version of a go.mod's `go` directive (1.16 when absent)."""
    for line in text.splitlines():
        m = _GO_LINE.match(line)
        if m:
            return language_version(m.group(1))
    return NO_GO_LINE


def version_in_force(build_line: str | None, governing: str | None, setting: str | None) -> tuple[str | None, str]:
    """The language version a Go file is compiled with, and where it comes
    from (for messages): its //go:build line, else the go line of the
    go.mod governing it, else the go-version setting; (None, '') if none."""
    if build_line is not None:
        return build_line, "its //go:build line"
    if governing:
        return governing, "go.mod"
    setting = language_version(setting)
    return setting, "the go-version setting" if setting else ""


# ---- the go.mod artifact ---------------------------------------------------------

VERBS = ("module", "go", "toolchain", "godebug", "require", "exclude", "replace", "retract", "tool", "ignore")
# What the one argument of each single-value directive is, for messages.
_SINGLE = {"module": "the module path", "go": "the Go version", "toolchain": "the toolchain name"}
# As golang.org/x/mod/modfile checks them.
_GO_VERSION = lazy(r"^([1-9][0-9]*)\.(0|[1-9][0-9]*)(\.(0|[1-9][0-9]*))?([a-z]+[0-9]+)?$")
_TOOLCHAIN = lazy(r"^default$|^go1($|\.)")
_PUNCTUATION = "()[]{},"


class Directive(NamedTuple):
    verb: str
    span: Span  # the directive, or in a ( block the entry, through its last argument
    args: tuple[str, ...]  # unquoted
    arg_spans: tuple[Span, ...]

    @property
    def value(self) -> str | None:
        return self.args[0] if self.args else None

    @property
    def value_span(self) -> Span | None:
        return self.arg_spans[0] if self.arg_spans else None


class GoMod(Artifact):
    def __init__(self, kind: str, path: str, source: Source, settings: Settings, language_version: str | None = NO_GO_LINE):
        super().__init__(kind, path, source, settings)
        self.directives: list[Directive] = []  # in order, block entries one each
        self.module: Directive | None = None  # the first of each
        self.go: Directive | None = None
        self.toolchain: Directive | None = None
        self.language_version = language_version  # of the go line, as go_line reads it


class _Token(NamedTuple):
    text: str  # unquoted
    start: int  # 0-based columns
    end: int
    quoted: bool = False

    def span(self, line: int) -> Span:
        return Span(line, self.start + 1, line, self.end + 1)


def parse(path: str, text: str, settings: Settings) -> GoMod:
    mod = GoMod(ARTIFACT, path, Source(text), settings, language_version=go_line(text))
    block = None  # (verb token, its line, the "(" token) while inside a block
    for number in range(1, mod.source.line_count + 1):
        tokens = _tokens(mod, number)
        if not tokens:
            continue
        if block is not None:
            if tokens[0].text == ")" and not tokens[0].quoted:
                block = None
            else:
                _add(mod, block[0].text, number, tokens[0], tokens)
            continue
        verb, args = tokens[0], tokens[1:]
        if verb.quoted or verb.text not in VERBS:
            mod.problem(verb.span(number), f"unknown directive: {verb.text}")
            continue
        if [a.text for a in args if not a.quoted] == ["("] and len(args) == 1:
            block = (verb, number, args[0])
            continue
        if [a.text for a in args if not a.quoted] == ["(", ")"] and len(args) == 2:
            continue  # an empty block
        if not args:
            mod.problem(verb.span(number), f"{verb.text} directive is missing {_SINGLE.get(verb.text, 'its arguments')}")
        _add(mod, verb.text, number, verb, args)
    if block is not None:
        verb, number, opening = block
        mod.problem(opening.span(number), f"the {verb.text} block opened here is never closed with )")
    return mod


def _add(mod: GoMod, verb: str, line: int, first: _Token, args: list[_Token]) -> None:
    last = args[-1] if args else first
    directive = Directive(verb, Span(line, first.start + 1, line, last.end + 1), tuple(a.text for a in args), tuple(a.span(line) for a in args))
    mod.directives.append(directive)
    if verb not in _SINGLE:
        return
    if len(args) > 1:
        mod.problem(Span(line, args[1].start + 1, line, last.end + 1), f"{verb} directive takes one argument, {_SINGLE[verb]}")
    value = args[0] if args else None
    if verb == "go" and value is not None and not _GO_VERSION.match(value.text):
        mod.problem(value.span(line), f"invalid go version '{value.text}': must match format 1.23.0")
    elif verb == "go" and value is not None and language_version(value.text) is None:
        mod.problem(value.span(line), f"invalid go version '{_short(value.text)}': no Go release has a minor version of more than {MAX_MINOR_DIGITS} digits")
    elif verb == "toolchain" and value is not None and not _TOOLCHAIN.match(value.text):
        mod.problem(value.span(line), f"invalid toolchain version '{value.text}': must match format go1.23.0 or default")
    seen = getattr(mod, verb)
    if seen is None:
        setattr(mod, verb, directive)
    else:
        mod.problem(first.span(line), f"repeated {verb} directive (the first is on line {seen.span.line})")


def _short(text: str) -> str:
    return text if len(text) <= 40 else text[:37] + "..."


def _tokens(mod: GoMod, number: int) -> list[_Token]:
    """The tokens of one line, up to a // comment. A line with an
    unterminated quoted string is a problem, and has no tokens."""
    line = mod.source.line(number)
    out: list[_Token] = []
    i, n = 0, len(line)
    while i < n:
        c = line[i]
        if c.isspace():
            i += 1
        elif line.startswith("//", i):
            break
        elif c in _PUNCTUATION:
            out.append(_Token(c, i, i + 1))
            i += 1
        elif c in "\"`":
            j = i + 1
            while j < n and line[j] != c:
                j += 2 if c == '"' and line[j] == "\\" else 1
            if j >= n:
                mod.problem(Span(number, i + 1, number, n + 1), "unterminated quoted string")
                return []  # the line says nothing more
            inner = line[i + 1 : j]
            out.append(_Token(re.sub(r"\\(.)", r"\1", inner) if c == '"' else inner, i, j + 1, quoted=True))
            i = j + 1
        else:
            j = i + 1
            while j < n and not line[j].isspace() and line[j] not in _PUNCTUATION and not line.startswith("//", j):
                j += 1
            out.append(_Token(line[i:j], i, j))
            i = j
    return out
