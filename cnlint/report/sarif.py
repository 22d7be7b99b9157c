"""SARIF 2.1.0: one run, shaped for GitHub code scanning and SARIF viewers."""

from __future__ import annotations

import hashlib
import json
import os
from collections import Counter
from pathlib import PurePath
from urllib.parse import quote

from cnlint import __version__
from cnlint.report import valid

SCHEMA_URI = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
INFORMATION_URI = "https://cnlint.dev/"
SRCROOT = "%SRCROOT%"
LEVELS = {"error": "error", "warning": "warning", "info": "note"}


def render(result, ctx) -> str:
    rules, index = _rules(result.diagnostics, ctx)
    hashes = _LineHashes(result.sources)
    run = {
        "tool": {
            "driver": {
                "name": "cnlint",
                "version": __version__,
                "semanticVersion": __version__,
                "informationUri": INFORMATION_URI,
                "rules": rules,
            }
        },
        "invocations": [{"executionSuccessful": True}],
        "columnKind": "unicodeCodePoints",
        "results": [_result(d, index[d.code], hashes) for d in result.diagnostics],
    }
    log = {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run]}
    return json.dumps(log, indent=2) + "\n"


# ---- rules ------------------------------------------------------------------


def _rules(diagnostics, ctx) -> tuple[list[dict], dict[str, int]]:
    """Descriptors for the rules that occur, sorted by code, and each code's index."""
    first = {}
    for d in diagnostics:
        first.setdefault(d.code, d)
    codes = sorted(first)
    descriptors = []
    for code in codes:
        rule = ctx.catalogue.by_code.get(code)
        descriptors.append(_descriptor(rule, ctx) if rule else _fallback_descriptor(first[code]))
    return descriptors, {code: i for i, code in enumerate(codes)}


def _descriptor(rule, ctx) -> dict:
    out = {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": _first_paragraph(rule.description) or rule.summary},
        "help": {"text": rule.description, "markdown": rule.description},
        "defaultConfiguration": {"level": LEVELS[rule.severity]},
        "properties": {
            "aliases": list(rule.aliases),
            "tags": list(dict.fromkeys(rule.tags)),  # SARIF wants unique tags
            "artifact": rule.artifact,
        },
    }
    uri = ctx.help_uri(rule)
    if uri is not None:
        out["helpUri"] = uri
    return out


def _fallback_descriptor(d) -> dict:
    # A diagnostic whose code the catalogue does not know still needs the
    # fields GitHub requires of every rule.
    text = d.name or d.code
    out = {
        "id": d.code,
        "name": text,
        "shortDescription": {"text": text},
        "fullDescription": {"text": text},
        "help": {"text": text},
        "defaultConfiguration": {"level": LEVELS[d.severity]},
    }
    if d.artifact:
        out["properties"] = {"artifact": d.artifact}
    return out


def _first_paragraph(markdown: str) -> str:
    """The first prose paragraph of a rule's docs (headings skipped)."""
    for block in markdown.split("\n\n"):
        lines = [ln.strip() for ln in block.splitlines() if not ln.lstrip().startswith("#")]
        text = " ".join(ln for ln in lines if ln)
        if text and not text.startswith("```"):
            return text
    return ""


# ---- results ----------------------------------------------------------------


def _result(d, rule_index: int, hashes) -> dict:
    location = {"physicalLocation": _physical(d.path, d.span)}
    if d.logical:
        location["logicalLocations"] = [_logical(d.logical)]
    out = {
        "ruleId": d.code,
        "ruleIndex": rule_index,
        "level": LEVELS[d.severity],
        "message": {"text": valid(d.full_message)},
        "locations": [location],
        "partialFingerprints": {"primaryLocationLineHash": hashes.get(d.path, d.span.line)},
    }
    if d.related:
        out["relatedLocations"] = [
            {"id": i, "physicalLocation": _physical(r.path, r.span), "message": {"text": valid(r.message)}}
            for i, r in enumerate(d.related, start=1)
        ]
    if d.fix:
        out["fixes"] = [_fix(d.path, d.fix)]
    return out


def _physical(path: str, span) -> dict:
    return {"artifactLocation": artifact_location(path), "region": _region(span)}


def _region(span) -> dict:
    # Both SARIF and cnlint use an exclusive end column.
    return {
        "startLine": span.line,
        "startColumn": span.column,
        "endLine": span.end_line,
        "endColumn": span.end_column,
    }


def artifact_location(path: str) -> dict:
    """Relative paths stay relative to the source root; absolute ones become
    file URIs. The URI quotes the name's own bytes, UTF-8 or not."""
    pure = PurePath(path)
    if pure.is_absolute():
        try:
            return {"uri": pure.as_uri()}
        except UnicodeEncodeError:
            return {"uri": "file://" + quote(os.fsencode(pure.as_posix()))}
    return {"uri": quote(os.fsencode(pure.as_posix())), "uriBaseId": SRCROOT}


def _logical(obj) -> dict:
    properties = {"kubernetesKind": obj.kind}
    if obj.namespace:
        properties["namespace"] = obj.namespace
    return {
        "name": obj.name,
        "fullyQualifiedName": obj.qualified,
        "kind": "object",
        "properties": properties,
    }


def _fix(path: str, fix) -> dict:
    return {
        "description": {"text": fix.description},
        "artifactChanges": [
            {
                "artifactLocation": artifact_location(path),
                "replacements": [
                    {"deletedRegion": _region(e.span), "insertedContent": {"text": e.text}} for e in fix.edits
                ],
            }
        ],
        "properties": {"safe": fix.safe},
    }


# ---- fingerprints -------------------------------------------------------------


class _LineHashes:
    """primaryLocationLineHash as GitHub computes it in spirit: the hash of the
    line's stripped text and which occurrence of that text it is in the file,
    so editing unrelated lines above a finding does not change it."""

    def __init__(self, sources):
        self.sources = sources
        self.tables: dict[str, list[str]] = {}

    def get(self, path: str, line: int) -> str:
        table = self.tables.get(path)
        if table is None:
            source = self.sources.get(path)
            table = self.tables[path] = _hash_lines(source) if source is not None else []
        if 1 <= line <= len(table):
            return table[line - 1]
        return f"{line_hash('')}:1"


def _hash_lines(source) -> list[str]:
    seen: Counter[str] = Counter()
    out = []
    for number in range(1, source.line_count + 1):
        text = source.line(number).strip()
        seen[text] += 1
        out.append(f"{line_hash(text)}:{seen[text]}")
    return out


def line_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogateescape")).hexdigest()[:16]
