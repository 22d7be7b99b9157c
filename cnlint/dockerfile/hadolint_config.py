"""Migration from hadolint: read a .hadolint.yaml next to the linted files.

Its `ignored`, `override`, `trustedRegistries`, `label-schema`,
`strict-labels` and `failure-threshold` apply where no cnlint config sets the
same thing; `--verbose` says what was taken. hadolint codes work as they are
(DL3008 and SC2086 are aliases and sub-codes of cnlint rules); codes cnlint
has no rule for are left out and named in the verbose note.

The file is read by the YAML loader that reads manifests and the rule
catalogue (cnlint/kubernetes/loader.py). What it holds is cached by the
file's contents, as the catalogue is, so only the first run after the file
changes loads a YAML library; a Dockerfile run stays free of one.
"""

from __future__ import annotations

from pathlib import Path

from cnlint import notes

NAMES = (".hadolint.yaml", ".hadolint.yml")
LEVELS = {"error": "error", "warning": "warning", "info": "info", "style": "info"}


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
        notes.warning("%s: cannot read hadolint config, so it is not used: %s", path, exc, name="cnlint.config")
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
        notes.info("%s: using hadolint settings where the cnlint config sets none: %s", path, "; ".join(taken), name="cnlint.config")
    if left_out:
        notes.info("%s: no cnlint rule for %s, left out", path, ", ".join(left_out), name="cnlint.config")
    return settings._replace(**changes) if changes else settings


def _strings(value) -> list[str]:
    if value is None:
        return []
    if isinstance(value, list):
        return [str(v) for v in value if v is not None]
    return [str(value)]


# ---- reading ----------------------------------------------------------------------


def load(text: str):
    """The data of a .hadolint.yaml; HadolintConfigError says where it is broken."""
    from cnlint import cache as disk_cache

    digest = disk_cache.key("hadolint", text)
    cached = disk_cache.load("hadolint", digest)
    if cached is not None:
        return cached["data"]
    from cnlint.kubernetes.loader import DataError, load_data

    try:
        data = load_data(text)
    except DataError as exc:
        raise HadolintConfigError(str(exc)) from None
    data = {} if data is None else data
    disk_cache.store("hadolint", digest, {"data": data})
    return data
