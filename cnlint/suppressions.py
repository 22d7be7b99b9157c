"""One suppression grammar, written in each artifact's comment syntax.

    Dockerfile, YAML   # cnlint: ignore=DF001,latest-tag     (this or the next line)
                       # cnlint: ignore-file=DF001          (whole file; no codes: all)
                       # hadolint ignore=DL3008             (migrating from hadolint)
                       # hadolint global ignore=DL3008
                       # hadolint stage ignore=DL3008       (the rest of a build stage)
    Go, go.mod         //cnlint:ignore GO001 reason         (this or the next line)
                       //cnlint:ignore-file GO001 reason
                       //lint:ignore SA2001 reason          (staticcheck)
                       //lint:file-ignore SA2001 reason
                       //nolint:gosec,govet                 (golangci-lint)
                       // #nosec G402                       (gosec)
    Kubernetes object  metadata.annotations:
                         cnlint.io/ignore: "KM001,KM002"
                         ignore-check.kube-linter.io/<check>: "reason"

Codes, rule names and aliases all work. A comment syntax (HASH, SLASH)
both reads these comments and writes cnlint's own; each artifact package
names its syntax in its KIND. Each artifact parser finds its comments and
turns them into Suppressions with the line range they cover; the engine
matches diagnostics against them and reports those that matched nothing
(CN002).
"""

from __future__ import annotations

import re
from typing import NamedTuple

from cnlint.diagnostics import Span
from cnlint.patterns import lazy

_SPLIT = lazy(r"[,\s]+")

# A code list is comma-separated; anything after it is the reason.
_LIST = r"(?P<codes>[\w.-]+(?:\s*,\s*[\w.-]+)*)"
# Words a comment naming rules carries (what hover and completion look for).
_HINT = r".*(ignore|nolint|nosec)"


class _Form(NamedTuple):
    """One way of writing a suppression comment body."""

    pattern: re.Pattern
    file_level: bool
    native: bool  # cnlint's own grammar (vs a migrated tool's)
    default: tuple[str, ...] = ()  # the codes when the comment names none
    stage: bool = False  # covers the rest of a Dockerfile build stage, not one line


class CommentSyntax:
    """A line-comment syntax: how suppression comments in it read and how
    cnlint writes its own. Two instances, compared by identity."""

    def __init__(self, marker: str, forms: tuple[_Form, ...], line_form: str, file_form: str, strip: bool = False):
        self.marker = marker  # what starts a comment: "#" or "//"
        self.forms = forms  # tried in order on the body after the marker
        self.line_form = line_form  # cnlint's comment for this or the next line; {codes}
        self.file_form = file_form  # ... and for the whole file
        self.strip = strip  # the body is read with surrounding blanks removed

    # ---- reading ----

    def _match(self, body: str) -> tuple[_Form, re.Match, int] | None:
        offset = 0
        if self.strip:
            offset = len(body) - len(body.lstrip())
            body = body.strip()
        for form in self.forms:
            m = form.pattern.match(body)
            if m:
                return form, m, offset
        return None

    def parse(self, body: str) -> tuple[tuple[str, ...], bool, bool] | None:
        """(codes, file_level, native) for the text after the marker, or None."""
        found = self._match(body)
        if found is None:
            return None
        form, m, _ = found
        return _codes(m.group("codes")) or form.default, form.file_level, form.native

    def parse_comment(self, comment: str) -> tuple[tuple[str, ...], bool, bool] | None:
        """As parse, for a whole comment starting with the marker."""
        return self.parse(comment[len(self.marker) :]) if comment.startswith(self.marker) else None

    def stage_level(self, comment: str) -> bool:
        """Whether a comment parse_comment reads covers a build stage
        (hadolint's `stage ignore`) rather than one line."""
        found = self._match(comment[len(self.marker) :]) if comment.startswith(self.marker) else None
        return found is not None and found[0].stage

    def hints(self, text: str) -> bool:
        """Whether text holds a comment that may name rules."""
        return bool(re.search(re.escape(self.marker) + _HINT, text, re.IGNORECASE))

    # ---- writing ----

    def comment(self, codes: tuple[str, ...] | list[str], file_level: bool = False) -> str:
        """cnlint's comment suppressing `codes` (none: every rule) on this or
        the next line, or in the whole file."""
        written = (self.file_form if file_level else self.line_form).format(codes=",".join(codes))
        return written.rstrip(" =")

    def appended(self, line_text: str, code: str, file_level: bool) -> str | None:
        """`line_text` with `code` added when it is an own-line cnlint comment
        of that level that names codes; else None."""
        indent = len(line_text) - len(line_text.lstrip())
        if not line_text.startswith(self.marker, indent):
            return None
        start = indent + len(self.marker)
        found = self._match(line_text[start:])
        if found is None:
            return None
        form, m, offset = found
        if not form.native or form.file_level != file_level or m.group("codes") is None:
            return None
        end = start + offset + m.end("codes")
        return f"{line_text[:end]},{code}{line_text[end:]}"


HASH = CommentSyntax(
    marker="#",
    forms=(
        _Form(lazy(rf"^\s*cnlint:\s*ignore-file(?:\s*=\s*{_LIST})?(?:\s.*)?$"), True, True),
        _Form(lazy(rf"^\s*cnlint:\s*ignore(?:\s*=\s*{_LIST})?(?:\s.*)?$"), False, True),
        _Form(lazy(rf"^\s*hadolint\s+global\s+ignore\s*=\s*{_LIST}(?:\s.*)?$"), True, False),
        _Form(lazy(rf"^\s*hadolint\s+stage\s+ignore\s*=\s*{_LIST}(?:\s.*)?$"), False, False, stage=True),
        _Form(lazy(rf"^\s*hadolint\s+ignore\s*=\s*{_LIST}(?:\s.*)?$"), False, False),
    ),
    line_form="# cnlint: ignore={codes}",
    file_form="# cnlint: ignore-file={codes}",
)

# The rest of the comment after the codes is the reason.
SLASH = CommentSyntax(
    marker="//",
    forms=(
        _Form(lazy(r"^cnlint:ignore-file(?:\s+(?P<codes>\S+))?(?:\s+.*)?$"), True, True),
        _Form(lazy(r"^cnlint:ignore(?:\s+(?P<codes>\S+))?(?:\s+.*)?$"), False, True),
        _Form(lazy(r"^lint:file-ignore\s+(?P<codes>\S+)(?:\s+.*)?$"), True, False),
        _Form(lazy(r"^lint:ignore\s+(?P<codes>\S+)(?:\s+.*)?$"), False, False),
        _Form(lazy(r"^nolint(?::(?P<codes>[\w,-]+))?\b.*$"), False, False),
        _Form(lazy(r"^\s*#nosec(?:\s+(?P<codes>G\d{3}(?:[,\s]+G\d{3})*))?.*$"), False, False, ("gosec",)),
    ),
    line_form="//cnlint:ignore {codes}",
    file_form="//cnlint:ignore-file {codes}",
    strip=True,
)

SYNTAXES = (HASH, SLASH)
_ANNOTATION_HINT = lazy(r"cnlint\.io/ignore\b|ignore-check\.kube-linter\.io/", re.IGNORECASE)


def names_rules(text: str) -> bool:
    """Whether text (a line up to some point) is inside a comment or
    annotation that names rules."""
    return any(s.hints(text) for s in SYNTAXES) or bool(_ANNOTATION_HINT.search(text))


class Suppression:
    """`codes` empty means every rule. Covers lines first_line..last_line."""

    def __init__(self, codes: tuple[str, ...], span: Span, first_line: int, last_line: int, file_level: bool = False, native: bool = True, own_line: bool = True):
        self.codes = codes
        self.span = span  # the comment or annotation, where CN002 points
        self.first_line = first_line
        self.last_line = last_line
        self.file_level = file_level
        self.native = native  # cnlint's own grammar (vs a migrated tool's)
        self.own_line = own_line  # the comment stands alone on its line
        self.used: set[str] = set()

    def covers(self, line: int) -> bool:
        return self.file_level or self.first_line <= line <= self.last_line


def _codes(raw: str | None) -> tuple[str, ...]:
    if not raw:
        return ()
    return tuple(c for c in _SPLIT.split(raw.strip()) if c)


def from_comment(parsed, span: Span, first_line: int, last_line: int, own_line: bool) -> Suppression:
    codes, file_level, native = parsed
    return Suppression(codes, span, first_line, last_line, file_level, native, own_line)


def from_annotations(annotations: dict, key_spans: dict, first_line: int, last_line: int) -> list[Suppression]:
    """Suppressions from a Kubernetes object's annotations (whole object)."""
    out = []
    for key, value in annotations.items():
        if not isinstance(key, str):
            continue
        span = key_spans.get(key) or Span.point(first_line)
        if key == "cnlint.io/ignore":
            out.append(Suppression(_codes(str(value or "")), span, first_line, last_line, native=True, own_line=False))
        elif key.startswith("ignore-check.kube-linter.io/"):
            check = key.split("/", 1)[1]
            out.append(Suppression((check,), span, first_line, last_line, native=False, own_line=False))
    return out
