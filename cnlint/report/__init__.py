"""Reporters: one module per output format, each `render(result, ctx) -> str`."""

from __future__ import annotations

import importlib
from dataclasses import dataclass

from cnlint.engine import Result
from cnlint.registry import Catalogue

FORMATS = {
    "text": "cnlint.report.text",
    "json": "cnlint.report.json",
    "sarif": "cnlint.report.sarif",
    "github": "cnlint.report.github",
    "junit": "cnlint.report.junit",
    "gitlab": "cnlint.report.gitlab",
}


@dataclass
class ReportContext:
    catalogue: Catalogue
    docs_url: str | None = None  # base URL of rule docs: {code} and {name} are replaced
    color: bool = False
    show_source: bool = True
    fix_hint: bool = True  # mention --fix in the text summary

    def help_uri(self, rule) -> str | None:
        if not self.docs_url:
            return None
        return self.docs_url.replace("{code}", rule.code).replace("{name}", rule.name)


def render(fmt: str, result: Result, ctx: ReportContext) -> str:
    return importlib.import_module(FORMATS[fmt]).render(result, ctx)
