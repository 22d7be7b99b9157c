"""Which rules run on a file, and at which severity: the settings' select,
extend-select, ignore and severity, resolved against the catalogue.

Every selector in a config is checked the first time its settings are used,
so a typo anywhere in a config is an error before any file is linted.
"""

from __future__ import annotations

from functools import lru_cache

from cnlint.config import ConfigError, Settings
from cnlint.registry import Catalogue, is_subcode


class Selection:
    def __init__(self, catalogue: Catalogue, skip=frozenset(), only=None):
        self.catalogue = catalogue
        # Narrow every run to fewer rules, whatever the settings enable (the
        # editor runs slow batch rules in a second pass: skip them, then only them).
        self.skip = frozenset(skip)
        self.only = frozenset(only) if only is not None else None
        # A file that could not be read or a rule that failed is reported
        # whatever is selected, or the user would take silence for a pass.
        self.always = frozenset(r.code for r in catalogue if "always-reported" in r.tags)
        self.enabled = lru_cache(maxsize=None)(self._enabled)
        self.severity = lru_cache(maxsize=None)(self._severity)

    def _enabled(self, settings: Settings) -> frozenset[str]:
        """The codes enabled under `settings` (and the config checked)."""
        codes = set(self.catalogue.default_codes) if settings.select is None else self.expand("select", settings.select, settings)
        codes |= self.expand("extend-select", settings.extend_select, settings)
        codes |= self.always
        # ignoring a sub-code (SC2086) drops those findings, not the rule
        codes -= self.expand("ignore", [s for s in settings.ignore if not is_subcode(s)], settings)
        self.expand("ignore", [s for s in settings.ignore if is_subcode(s)], settings)
        for pattern, selectors in settings.per_file_ignores:
            self.expand(f"per-file-ignores.{pattern}", selectors, settings)
        self.expand("severity", [sel for sel, _ in settings.severity], settings)
        if self.only is not None:
            codes &= self.only
        return frozenset(codes - self.skip)

    def expand(self, key: str, selectors, settings: Settings) -> set[str]:
        out: set[str] = set()
        for sel in selectors:
            found = self.catalogue.matching(sel)
            if not found:
                where = f"{settings.origin}: " if settings.origin else ""
                raise ConfigError(f"{where}{key}: unknown rule or selector {sel!r}")
            out |= found
        return out

    def _severity(self, settings: Settings, code: str) -> str:
        for selector, severity in reversed(settings.severity):
            if code in self.catalogue.matching(selector):
                return severity
        rule = self.catalogue.by_code.get(code)
        return rule.severity if rule else "error"

    def hits(self, code: str, subcode: str | None, selector: str) -> bool:
        """Does `selector` name a finding of `code` (and `subcode`)? A
        sub-code selector names only the findings with that sub-code."""
        if is_subcode(selector):
            return (subcode or "").upper() == selector.strip().upper()
        return code in self.catalogue.matching(selector)
