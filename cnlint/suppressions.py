"""One suppression grammar, written in each artifact's comment syntax.

    Dockerfile, YAML   # cnlint: ignore=DF001,latest-tag     (this or the next line)
                       # cnlint: ignore-file=DF001          (whole file; no codes: all)
                       # hadolint ignore=DL3008             (migrating from hadolint)
                       # hadolint global ignore=DL3008
    Go                 //cnlint:ignore GO001 reason         (this or the next line)
                       //cnlint:ignore-file GO001 reason
                       //lint:ignore SA2001 reason          (staticcheck)
                       //lint:file-ignore SA2001 reason
                       //nolint:gosec,govet                 (golangci-lint)
                       // #nosec G402                       (gosec)
    Kubernetes object  metadata.annotations:
                         cnlint.io/ignore: "KM001,KM002"
                         ignore-check.kube-linter.io/<check>: "reason"

Codes, rule names and aliases all work. Each artifact parser finds its
comments and turns them into Suppressions with the line range they cover;
the engine matches diagnostics against them and reports those that matched
nothing (CN002).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from cnlint.diagnostics import Span

_SPLIT = re.compile(r"[,\s]+")

# A code list is comma-separated; anything after it is the reason.
_LIST = r"(?P<codes>[\w.-]+(?:\s*,\s*[\w.-]+)*)"
# Comment bodies after '#': (regex, file-level?, native?[, codes when none named])
_HASH = (
    (re.compile(rf"^\s*cnlint:\s*ignore-file(?:\s*=\s*{_LIST})?(?:\s.*)?$"), True, True),
    (re.compile(rf"^\s*cnlint:\s*ignore(?:\s*=\s*{_LIST})?(?:\s.*)?$"), False, True),
    (re.compile(rf"^\s*hadolint\s+global\s+ignore\s*=\s*{_LIST}(?:\s.*)?$"), True, False),
    (re.compile(rf"^\s*hadolint\s+ignore\s*=\s*{_LIST}(?:\s.*)?$"), False, False),
)
# Comment bodies after '//': the rest of the comment after the codes is the reason.
_SLASH = (
    (re.compile(r"^cnlint:ignore-file(?:\s+(?P<codes>\S+))?(?:\s+.*)?$"), True, True),
    (re.compile(r"^cnlint:ignore(?:\s+(?P<codes>\S+))?(?:\s+.*)?$"), False, True),
    (re.compile(r"^lint:file-ignore\s+(?P<codes>\S+)(?:\s+.*)?$"), True, False),
    (re.compile(r"^lint:ignore\s+(?P<codes>\S+)(?:\s+.*)?$"), False, False),
    (re.compile(r"^nolint(?::(?P<codes>[\w,-]+))?\b.*$"), False, False),
    (re.compile(r"^\s*#nosec(?:\s+(?P<codes>G\d{3}(?:[,\s]+G\d{3})*))?.*$"), False, False, ("gosec",)),
)


@dataclass
class Suppression:
    """`codes` empty means every rule. Covers lines first_line..last_line."""

    codes: tuple[str, ...]
    span: Span  # the comment or annotation, where CN002 points
    first_line: int
    last_line: int
    file_level: bool = False
    native: bool = True  # cnlint's own grammar (vs a migrated tool's)
    own_line: bool = True  # the comment stands alone on its line
    used: set[str] = field(default_factory=set)

    def covers(self, line: int) -> bool:
        return self.file_level or self.first_line <= line <= self.last_line


def _codes(raw: str | None) -> tuple[str, ...]:
    if not raw:
        return ()
    return tuple(c for c in _SPLIT.split(raw.strip()) if c)


def _parse(body: str, grammar) -> tuple[tuple[str, ...], bool, bool] | None:
    for pattern, file_level, native, *default in grammar:
        m = pattern.match(body)
        if m:
            codes = _codes(m.group("codes")) or (default[0] if default else ())
            return codes, file_level, native
    return None


def parse_hash_comment(body: str):
    """(codes, file_level, native) for the text after '#', or None."""
    return _parse(body, _HASH)


def parse_slash_comment(body: str):
    """(codes, file_level, native) for the text after '//', or None."""
    return _parse(body.strip(), _SLASH)


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
