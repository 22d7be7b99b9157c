"""The rule catalogue: rules/<artifact>/*.yaml, the single truth of what a rule is.

Loading validates every file against schemas/rule.schema.json. The validated
catalogue is cached by the files' contents so that an ordinary run needs
neither a YAML parser nor jsonschema to know its rules. A lint reads only
what selects and reports a rule; its description and examples (nine tenths
of the catalogue, for docs and SARIF) are kept apart and read when asked.
"""

from __future__ import annotations

import re
from functools import cache, partial
from pathlib import Path

from cnlint import cache as disk_cache
from cnlint.patterns import lazy
from cnlint.resources import data_dir

PREFIX_BY_ARTIFACT = {
    "dockerfile": "DF",
    "kubernetes": "KM",
    "go": "GO",
    "cross": "XA",
    "verify": "VF",
    "cnlint": "CN",
}

# Families of foreign codes, so `//nolint:gosec` or `# hadolint ignore=...`
# can name a whole tool's set.
_FAMILIES = {
    "gosec": lazy(r"^G\d{3}$"),
    "staticcheck": lazy(r"^(SA|S|ST|QF)\d{4}$"),
    "stylecheck": lazy(r"^ST\d{4}$"),
    "gosimple": lazy(r"^S\d{4}$"),
    "shellcheck": lazy(r"^SC\d{4}$"),
}
# go vet analyzers are plain names; a rule aliasing one belongs to "govet".
GO_VET_ANALYZERS = frozenset(
    "appends asmdecl assign atomic bools buildtag cgocall composites copylocks "
    "defers directive errorsas framepointer httpresponse ifaceassert loopclosure "
    "lostcancel nilfunc printf shift sigchanyzer slog stdmethods stdversion "
    "stringintconv structtag testinggoroutine tests timeformat unmarshal "
    "unreachable unsafeptr unusedresult waitgroup".split()
)


# Foreign codes reported as sub-codes of one rule, by the tag that rule carries.
SUBCODES = {"shellcheck": lazy(r"^SC\d{4}$", re.I)}


def is_subcode(selector: str) -> bool:
    return any(p.match(selector.strip()) for p in SUBCODES.values())


class CatalogueError(Exception):
    """A rule file is malformed; the message names the file."""


class Rule:
    """One rule of the catalogue; one object per rule of a run (compared by
    identity). Its description and examples are read from the catalogue's
    texts on first use."""

    __slots__ = ("code", "name", "artifact", "severity", "summary", "fixable", "aliases", "default", "tags", "file", "_texts")

    def __init__(self, code: str, name: str, artifact: str, severity: str, summary: str, fixable: bool, aliases: tuple[str, ...], default: bool, tags: tuple[str, ...], file: str = "", texts=None):
        self.code, self.name, self.artifact, self.severity, self.summary = code, name, artifact, severity, summary
        self.fixable, self.aliases, self.default, self.tags, self.file = fixable, aliases, default, tags, file
        self._texts = texts  # () -> {code: (description, examples)}

    @property
    def description(self) -> str:
        return self._texts()[self.code][0] if self._texts else ""

    @property
    def examples(self) -> dict:
        return self._texts()[self.code][1] if self._texts else {}

    def __repr__(self) -> str:
        return f"Rule({self.code}, {self.name})"

    def summary_dict(self) -> dict:
        return {
            "code": self.code,
            "name": self.name,
            "artifact": self.artifact,
            "severity": self.severity,
            "summary": self.summary,
            "fixable": self.fixable,
            "aliases": list(self.aliases),
            "default": self.default,
            "tags": list(self.tags),
        }


class Catalogue:
    def __init__(self, rules: list[Rule]):
        self.rules = sorted(rules, key=lambda r: r.code)
        self.by_code = {r.code: r for r in self.rules}
        self._lookup: dict[str, Rule] = {}
        for rule in self.rules:
            for key in (rule.code, rule.name, *rule.aliases):
                self._lookup.setdefault(key.lower(), rule)
        # selector -> codes: every diagnostic under a suppression comment asks
        # again, and each answer reads the whole catalogue
        self._matching: dict[str, frozenset[str]] = {}

    def __iter__(self):
        return iter(self.rules)

    def __len__(self):
        return len(self.rules)

    def get(self, ident: str) -> Rule | None:
        """A rule by code, name or alias (case-insensitive)."""
        return self._lookup.get(ident.strip().lower())

    def matching(self, selector: str) -> frozenset[str]:
        """Codes a selector names: ALL, a code or code prefix, a name, an alias,
        a tag, an artifact, or a foreign tool family (gosec, staticcheck, govet)."""
        found = self._matching.get(selector)
        if found is None:
            found = self._matching[selector] = frozenset(self._match(selector))
        return found

    def _match(self, selector: str) -> set[str]:
        sel = selector.strip()
        low = sel.lower()
        if sel.upper() == "ALL":
            return set(self.by_code)
        rule = self.get(sel)
        if rule:
            # A foreign alias may be shared by several rules (one hadolint
            # code split in two here); a pragma naming it covers all of them.
            return {r.code for r in self.rules if low in (a.lower() for a in (r.code, r.name, *r.aliases))}
        if re.fullmatch(r"[A-Za-z]{2}\d{0,2}", sel):
            prefix = sel.upper()
            found = {c for c in self.by_code if c.startswith(prefix)}
            if found:
                return found
        found = {r.code for r in self.rules if low in r.tags or low == r.artifact}
        if found:
            return found
        for family, pattern in SUBCODES.items():
            if pattern.match(sel):
                return {r.code for r in self.rules if family in r.tags}
        return {r.code for r in self.rules if any(in_family(low, a) for a in r.aliases)}

    def is_known(self, selector: str) -> bool:
        return bool(self.matching(selector))

    @property
    def default_codes(self) -> set[str]:
        return {r.code for r in self.rules if r.default}


def in_family(family: str, alias: str) -> bool:
    if family == "govet":
        return alias in GO_VET_ANALYZERS
    pattern = _FAMILIES.get(family)
    return bool(pattern and pattern.match(alias))


def rule_files(root: Path | None = None) -> list[Path]:
    root = root or data_dir("rules")
    return sorted(root.glob("*/*.yaml"))


@cache
def rules_key(root: Path | None = None) -> str:
    """A key of the rule files as they are on disk (names, sizes, times)."""
    return disk_cache.files_key(root or data_dir("rules"), ".yaml")


def _validate(files: list[Path], against_schema: bool = True) -> list[dict]:
    """The rule files' data, checked; `against_schema=False` leaves out the
    JSON Schema (the shipped rules meet it: the suite checks every file),
    which with its import is most of a first run's start-up."""
    # Rule files are read by the loader that reads manifests: one YAML library, one set of rules.
    from cnlint.kubernetes.loader import DataError, load_data

    if against_schema:
        from cnlint.kubernetes.schema_errors import first_error

        validator = _rule_validator()
    out = []
    seen: dict[str, Path] = {}
    for path in files:
        try:
            data = load_data(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError) as exc:
            raise CatalogueError(f"{path}: cannot read rule file: {exc}") from None
        except DataError as exc:
            raise CatalogueError(f"{path}:{exc.line}:{exc.column}: cannot read rule file: {exc.message}") from None
        problem = first_error(validator, data) if against_schema else None
        if problem:
            raise CatalogueError(f"{path}: {problem}")
        artifact = path.parent.name
        prefix = PREFIX_BY_ARTIFACT.get(artifact)
        if prefix is None:
            raise CatalogueError(f"{path}: unknown artifact folder {artifact!r}")
        if not data["code"].startswith(prefix):
            raise CatalogueError(f"{path}: code {data['code']} must start with {prefix} in rules/{artifact}/")
        if path.stem != data["code"]:
            raise CatalogueError(f"{path}: file name must be the rule code, {data['code']}.yaml")
        for ident in (data["code"], data["name"]):
            if ident in seen:
                raise CatalogueError(f"{path}: {ident} is already used by {seen[ident]}")
            seen[ident] = path
        data["artifact"] = artifact
        data["file"] = str(path)
        out.append(data)
    return out


def _rule_validator():
    from jsonschema import Draft202012Validator

    from cnlint.resources import schema

    return Draft202012Validator(schema("rule.schema.json"))


_LISTED = ("code", "name", "artifact", "severity", "summary", "fixable", "aliases", "default", "tags", "file")


@cache
def load_catalogue(root: Path | None = None) -> Catalogue:
    digest = rules_key(root)
    listed = disk_cache.load("catalogue", digest)
    if listed is None:
        listed = [{k: d[k] for k in _LISTED if k in d} for d in _texts_and_rules(root, digest)[1]]
        disk_cache.store("catalogue", digest, listed)
    texts = partial(_rule_texts, root, digest)
    return Catalogue(
        [
            Rule(
                code=d["code"],
                name=d["name"],
                artifact=d["artifact"],
                severity=d["severity"],
                summary=d["summary"],
                fixable=d["fixable"],
                aliases=tuple(d.get("aliases", ())),
                default=d.get("default", True),
                tags=tuple(d.get("tags", ())),
                file=d["file"],
                texts=texts,
            )
            for d in listed
        ]
    )


@cache
def _texts_and_rules(root: Path | None, digest: str) -> tuple[dict, list[dict]]:
    """The rule files read and checked (once a process): each rule's
    description and examples by code, and every rule's data."""
    data = _validate(rule_files(root), against_schema=root is not None)
    texts = {d["code"]: (d["description"].rstrip() + "\n", d["examples"]) for d in data}
    disk_cache.store("rule-texts", digest, texts)
    return texts, data


@cache
def _rule_texts(root: Path | None, digest: str) -> dict:
    kept = disk_cache.load("rule-texts", digest)
    if isinstance(kept, dict):
        return {code: tuple(pair) for code, pair in kept.items()}
    return _texts_and_rules(root, digest)[0]
