"""JSON: an array, one object per diagnostic (schemas/report.schema.json)."""

from __future__ import annotations

import json

from cnlint.report import valid


def render(result, ctx) -> str:
    return json.dumps([_valid(d.to_dict()) for d in result.diagnostics], indent=2) + "\n"


def _valid(node):
    """Strings a strict JSON reader accepts (no lone surrogates from a file name)."""
    if isinstance(node, str):
        return valid(node)
    if isinstance(node, dict):
        return {k: _valid(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_valid(v) for v in node]
    return node
