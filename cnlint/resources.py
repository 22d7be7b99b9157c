"""Where rules/ and schemas/ live: inside the wheel, or in the source tree."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


@cache
def data_dir(name: str) -> Path:
    """`rules` or `schemas`: package data when installed, else the tree's own."""
    installed = _PACKAGE / "_data" / name
    if installed.is_dir():
        return installed
    return _PACKAGE.parent / name


@cache
def schema(name: str) -> dict:
    return json.loads((data_dir("schemas") / name).read_text(encoding="utf-8"))
