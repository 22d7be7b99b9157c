"""Migration from hadolint: read a .hadolint.yaml next to the linted files.

Its `ignored`, `override`, `trustedRegistries`, `label-schema`,
`strict-labels` and `failure-threshold` apply where no cnlint config sets the
same thing; `--verbose` says what was taken. hadolint codes work as they are
(DL3008 and SC2086 are aliases and sub-codes of cnlint rules); codes cnlint
has no rule for are left out and named in the verbose note.

The file is read with a small reader of the YAML hadolint configs use (block
and flow lists, nested mappings, scalars), so a Dockerfile run never loads a
YAML library.
"""

from __future__ import annotations

import logging
import re
from dataclasses import replace
from pathlib import Path

NAMES = (".hadolint.yaml", ".hadolint.yml")
LEVELS = {"error": "error", "warning": "warning", "info": "info", "style": "info"}
log = logging.getLogger("cnlint.config")


class HadolintConfigError(ValueError):
    pass


def merge(settings, directory: Path):
    """`settings` with what a .hadolint.yaml in `directory` adds."""
    path = next((directory / n for n in NAMES if (directory / n).is_file()), None)
    if path is None:
        return settings
    try:
        data = load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, HadolintConfigError) as exc:
        log.warning("%s: cannot read hadolint config, so it is not used: %s", path, exc)
        return settings
    if not isinstance(data, dict):
        return settings
    return apply(settings, data, path)


def apply(settings, data: dict, path: Path):
    from cnlint.registry import load_catalogue

    catalogue = load_catalogue()
    changes = {}
    taken = []
    left_out = []

    def known(codes) -> list[str]:
        out = []
        for code in _strings(codes):
            (out if catalogue.is_known(code) else left_out).append(code)
        return out

    ignored = known(data.get("ignored"))
    if ignored:
        changes["ignore"] = tuple(ignored) + settings.ignore
        taken.append("ignored " + ", ".join(ignored))
    override = data.get("override")
    if isinstance(override, dict):
        pairs = []
        for level, codes in override.items():
            if str(level) in LEVELS:
                pairs += [(c, LEVELS[str(level)]) for c in known(codes)]
        if pairs:
            # the cnlint config's own severities come later, so they win
            changes["severity"] = tuple(pairs) + settings.severity
            taken.append("override of " + ", ".join(c for c, _ in pairs))
    registries = _strings(data.get("trustedRegistries"))
    if registries and not settings.trusted_registries:
        changes["trusted_registries"] = tuple(registries)
        taken.append("trustedRegistries")
    schema = data.get("label-schema")
    if isinstance(schema, dict) and schema and not settings.label_schema:
        changes["label_schema"] = tuple((str(k), str(v)) for k, v in schema.items())
        taken.append("label-schema")
    if data.get("strict-labels") is True and not settings.strict_labels:
        changes["strict_labels"] = True
        taken.append("strict-labels")
    threshold = str(data.get("failure-threshold", "")).lower()
    if threshold in LEVELS and settings.fail_on == "warning" and LEVELS[threshold] != "warning":
        changes["fail_on"] = LEVELS[threshold]
        taken.append(f"failure-threshold {threshold}")
    if taken:
        log.info("%s: using hadolint settings where the cnlint config sets none: %s", path, "; ".join(taken))
    if left_out:
        log.info("%s: no cnlint rule for %s, left out", path, ", ".join(left_out))
    return replace(settings, **changes) if changes else settings


def _strings(value) -> list[str]:
    if value is None:
        return []
    if isinstance(value, list):
        return [str(v) for v in value if v is not None]
    return [str(value)]


# ---- a reader for the YAML of hadolint configs ------------------------------------


def load(text: str):
    lines = []
    for number, raw in enumerate(text.splitlines(), 1):
        line = _strip_comment(raw).rstrip()
        if line.strip() and line.strip() != "---":
            lines.append((len(line) - len(line.lstrip(" ")), line.strip(), number))
    if not lines:
        return {}
    value, rest = _block(lines, 0, lines[0][0])
    if rest != len(lines):
        raise HadolintConfigError(f"line {lines[rest][2]}: unexpected indentation")
    return value


def _block(lines, i: int, indent: int):
    if lines[i][1].startswith("- ") or lines[i][1] == "-":
        out = []
        while i < len(lines) and lines[i][0] == indent and (lines[i][1].startswith("- ") or lines[i][1] == "-"):
            out.append(_scalar(lines[i][1][1:].strip()))
            i += 1
        return out, i
    out = {}
    while i < len(lines) and lines[i][0] == indent:
        m = re.match(r"^(['\"]?)([^'\":]+)\1\s*:(?:\s+(.*))?$", lines[i][1])
        if not m:
            raise HadolintConfigError(f"line {lines[i][2]}: expected 'key: value'")
        key, value = m.group(2).strip(), m.group(3)
        i += 1
        if value is not None and value != "":
            out[key] = _scalar(value)
        elif i < len(lines) and lines[i][0] > indent:
            out[key], i = _block(lines, i, lines[i][0])
        elif i < len(lines) and lines[i][0] == indent and lines[i][1].startswith("-"):
            out[key], i = _block(lines, i, indent)  # a list may sit at the key's indent
        else:
            out[key] = None
    return out, i


def _scalar(text: str):
    text = text.strip()
    if text.startswith("[") and text.endswith("]"):
        return [_scalar(t) for t in text[1:-1].split(",") if t.strip()]
    if len(text) >= 2 and text[0] == text[-1] and text[0] in "'\"":
        return text[1:-1]
    low = text.lower()
    if low in ("true", "yes", "on"):
        return True
    if low in ("false", "no", "off"):
        return False
    if low in ("null", "~", ""):
        return None
    return text


def _strip_comment(line: str) -> str:
    quote = None
    for i, c in enumerate(line):
        if quote:
            if c == quote:
                quote = None
        elif c in "'\"":
            quote = c
        elif c == "#" and (i == 0 or line[i - 1] in " \t"):
            return line[:i]
    return line
