"""Reporters: one module per output format, each `render(result, ctx) -> str`."""

from __future__ import annotations

import importlib
import re

from cnlint.engine import Result
from cnlint.patterns import lazy
from cnlint.registry import Catalogue

FORMATS = {
    "text": "cnlint.report.text",
    "json": "cnlint.report.json",
    "sarif": "cnlint.report.sarif",
    "github": "cnlint.report.github",
    "junit": "cnlint.report.junit",
    "gitlab": "cnlint.report.gitlab",
}


class ReportContext:
    def __init__(self, catalogue: Catalogue, docs_url: str | None = None, color: bool = False, show_source: bool = True, fix_hint: bool = True):
        self.catalogue = catalogue
        self.docs_url = docs_url  # base URL of rule docs: {code} and {name} are replaced
        self.color = color
        self.show_source = show_source
        self.fix_hint = fix_hint  # mention --fix in the text summary

    def help_uri(self, rule) -> str | None:
        if not self.docs_url:
            return None
        return self.docs_url.replace("{code}", rule.code).replace("{name}", rule.name)


def render(fmt: str, result: Result, ctx: ReportContext) -> str:
    return importlib.import_module(FORMATS[fmt]).render(result, ctx)


# ---- text from files and their names, made fit to print ------------------------------

# A file name that is not UTF-8 arrives as lone surrogates (Python's
# surrogateescape), which no UTF-8 output can carry; a file's text may hold
# escape sequences a terminal would obey (a title change, a cleared screen).
_SURROGATE = lazy("[\ud800-\udfff]")
_UNPRINTABLE = lazy("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")


def _escape(match: re.Match) -> str:
    code = ord(match.group())
    if 0xDC80 <= code <= 0xDCFF:  # a byte surrogateescape kept
        return f"\\x{code - 0xDC00:02x}"
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def valid(text: str) -> str:
    """`text` as valid Unicode: a byte that was not UTF-8 is written \\xNN."""
    return _SURROGATE.sub(_escape, text) if not text.isascii() else text


def visible(text: str) -> str:
    """`text` safe for a terminal: control characters (ESC, NUL, CR...) are
    written as escapes, tabs and line breaks are kept."""
    return _UNPRINTABLE.sub(_escape, text)
