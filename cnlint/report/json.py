"""JSON: an array, one object per diagnostic (schemas/report.schema.json)."""

from __future__ import annotations

import json


def render(result, ctx) -> str:
    return json.dumps([d.to_dict() for d in result.diagnostics], indent=2) + "\n"
