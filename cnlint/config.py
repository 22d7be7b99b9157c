"""Settings: found from each linted file upwards, nearest config wins.

A config is `[tool.cnlint]` in pyproject.toml, or the top level of
cnlint.toml / .cnlint.toml. Keys are checked against
schemas/config.schema.json; a mistake is a ConfigError naming the file and
the key, which the CLI turns into one line and exit code 2.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import NamedTuple

from cnlint import cache as disk_cache

CONFIG_NAMES = (".cnlint.toml", "cnlint.toml", "pyproject.toml")
DEFAULT_EXCLUDES = (".git", ".hg", ".svn", "vendor", "node_modules", ".venv", "__pycache__")


class ConfigError(Exception):
    """A config file is unreadable or wrong; the message names file and key."""


class _Fields(NamedTuple):
    origin: Path | None = None  # the config file, None for defaults
    root: Path | None = None  # relative globs start here: the working directory when not given
    select: tuple[str, ...] | None = None
    extend_select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    per_file_ignores: tuple[tuple[str, tuple[str, ...]], ...] = ()
    severity: tuple[tuple[str, str], ...] = ()
    exclude: tuple[str, ...] = ()
    respect_gitignore: bool = True
    fail_on: str = "warning"
    docs_url: str | None = None
    dockerfile_patterns: tuple[str, ...] = ()
    trusted_registries: tuple[str, ...] = ()
    label_schema: tuple[tuple[str, str], ...] = ()  # Dockerfile label -> value type
    strict_labels: bool = False
    kubernetes_version: str | None = None
    schema_locations: tuple[str, ...] = ()
    missing_references: str = "when-kind-present"
    accepted_priority_classes: tuple[str, ...] | None = None  # None: kube-linter's defaults
    volume_claim_template_annotation: str | None = None
    hpa_max_replicas: int = 100
    go_version: str | None = None
    # image -> (dockerfile, target, context, build args), paths relative to `root`
    services: tuple[tuple[str, tuple[str, str | None, str | None, tuple[tuple[str, str], ...]]], ...] = ()
    # `cnlint verify`: the [verify] table (cnlint/verify/options.py reads it)
    verify: tuple[tuple[str, object], ...] = ()


class Settings(_Fields):
    """The settings in force for a file: immutable, compared and hashed by
    value; `_replace` makes a changed copy. A named tuple whose root, when
    not given, is the working directory."""

    __slots__ = ()

    def __new__(cls, *args, **kwargs):
        made = super().__new__(cls, *args, **kwargs)
        return made if made.root is not None else made._replace(root=Path.cwd())

    def option(self, name: str, default=None):
        """Artifact options by their config key, e.g. 'trusted-registries'."""
        return getattr(self, name.replace("-", "_"), default)


class Overrides(NamedTuple):
    """What the command line says; it beats every config file."""

    select: tuple[str, ...] | None = None
    extend_select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    fail_on: str | None = None

    def apply(self, settings: Settings) -> Settings:
        changes = {}
        if self.select is not None:
            changes["select"] = self.select
            changes["extend_select"] = ()
        if self.extend_select:
            changes["extend_select"] = settings.extend_select + self.extend_select
        if self.ignore:
            changes["ignore"] = settings.ignore + self.ignore
        if self.fail_on:
            changes["fail_on"] = self.fail_on
        return settings._replace(**changes) if changes else settings


def _read_text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read config: {exc}") from None


def _read_toml(path: Path, text: str) -> dict:
    # the TOML parser only once there is a config to read (it costs a few ms)
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - exercised on 3.10 only
        import tomli as tomllib

    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML: {exc}") from None


def _table(path: Path, text: str) -> dict | None:
    """The cnlint table of a config file, or None if it has none."""
    if path.name != "pyproject.toml":
        return _read_toml(path, text)
    tool = _read_toml(path, text).get("tool", {})
    if not isinstance(tool, dict) or "cnlint" not in tool:
        return None
    table = tool["cnlint"]
    if not isinstance(table, dict):
        raise ConfigError(f"{path}: [tool.cnlint] must be a table")
    return table


def _check(path: Path, table: dict) -> None:
    from jsonschema import Draft202012Validator

    from cnlint.kubernetes.schema_errors import first_error
    from cnlint.resources import schema

    problem = first_error(Draft202012Validator(schema("config.schema.json")), table)
    if problem:
        prefix = "[tool.cnlint] " if path.name == "pyproject.toml" else ""
        raise ConfigError(f"{path}: {prefix}{problem}")


def _tuple(value) -> tuple:
    return tuple(value) if value is not None else ()


def _checked_table(path: Path) -> dict | None:
    """The cnlint table of a config file, checked against the schema, or
    None if it has none. A table that passed is kept in the disk cache by
    the file's text, so the next run neither parses the TOML nor checks it
    (the parser and the validator cost a one-file run milliseconds)."""
    text = _read_text(path)
    if path.name == "pyproject.toml" and "cnlint" not in text:
        return None  # no [tool.cnlint] table: the project's own pyproject.toml need not be parsed
    digest = disk_cache.key(str(path), text)
    kept = disk_cache.load("config", digest)
    if isinstance(kept, dict) and "table" in kept:
        return kept["table"]
    table = _table(path, text)
    if table is not None:
        _check(path, table)
    try:
        disk_cache.store("config", digest, {"table": table})
    except (TypeError, ValueError):
        pass  # a TOML date or time where any value may go: JSON cannot keep it, so it is read each time
    return table


def settings_from(path: Path) -> Settings | None:
    """Settings of one config file, or None if it holds no cnlint config."""
    table = _checked_table(path)
    if table is None:
        return None
    return settings_from_table(table, path, path.parent)


def settings_from_table(table: dict, origin: Path | None = None, root: Path | None = None) -> Settings:
    """Settings from an already validated config table."""
    get = table.get
    return Settings(
        origin=origin,
        root=root or Path.cwd(),
        select=tuple(get("select")) if "select" in table else None,
        extend_select=_tuple(get("extend-select")),
        ignore=_tuple(get("ignore")),
        per_file_ignores=tuple((k, tuple(v)) for k, v in get("per-file-ignores", {}).items()),
        severity=tuple(get("severity", {}).items()),
        exclude=_tuple(get("exclude")),
        respect_gitignore=get("respect-gitignore", True),
        fail_on=get("fail-on", "warning"),
        docs_url=get("docs-url"),
        dockerfile_patterns=_tuple(get("dockerfile-patterns")),
        trusted_registries=_tuple(get("trusted-registries")),
        label_schema=tuple(get("label-schema", {}).items()),
        strict_labels=get("strict-labels", False),
        kubernetes_version=get("kubernetes-version"),
        schema_locations=_tuple(get("schema-locations")),
        missing_references=get("missing-references", "when-kind-present"),
        accepted_priority_classes=tuple(get("accepted-priority-classes")) if "accepted-priority-classes" in table else None,
        volume_claim_template_annotation=get("volume-claim-template-annotation"),
        hpa_max_replicas=get("hpa-max-replicas", 100),
        go_version=get("go-version"),
        services=tuple(sorted((image, _service(entry)) for image, entry in get("services", {}).items())),
        verify=tuple(sorted((key, _frozen(value)) for key, value in get("verify", {}).items())),
    )


def _service(entry) -> tuple[str, str | None, str | None, tuple[tuple[str, str], ...]]:
    if isinstance(entry, str):
        return entry, None, None, ()
    return entry["dockerfile"], entry.get("target"), entry.get("context"), tuple(sorted(entry.get("build-args", {}).items()))


def _frozen(value):
    """A config value that can sit in the (hashable) settings."""
    if isinstance(value, dict):
        return tuple(sorted((k, _frozen(v)) for k, v in value.items()))
    if isinstance(value, list):
        return tuple(_frozen(v) for v in value)
    return value


class Resolver:
    """Finds the settings for any path; caches per directory."""

    def __init__(self, config: Path | None = None, isolated: bool = False, overrides: Overrides | None = None, root: Path | None = None):
        # Where relative paths start and the settings' root when no config
        # file says otherwise: the working directory for the CLI, the
        # workspace folder for the editor.
        self.root = Path(root).absolute() if root is not None else Path.cwd()
        self.overrides = overrides or Overrides()
        self._by_dir: dict[Path, Settings] = {}
        self._fixed: Settings | None = None
        if isolated:
            self._fixed = self.overrides.apply(Settings(root=self.root))
        elif config is not None:
            path = Path(config)
            if not path.is_file():
                raise ConfigError(f"{config}: config file not found")
            found = settings_from(path.resolve())
            if found is None:
                raise ConfigError(f"{config}: no [tool.cnlint] table in this file")
            self._fixed = self.overrides.apply(found)

    @classmethod
    def fixed(cls, settings: Settings) -> "Resolver":
        """Every path gets `settings` (tests, editors with explicit settings)."""
        resolver = cls(isolated=True)
        resolver._fixed = settings
        return resolver

    def for_path(self, path: Path) -> Settings:
        if self._fixed is not None:
            return self._fixed
        path = self.root / path
        return self.for_dir(path if path.is_dir() else path.parent)

    def for_dir(self, directory: Path) -> Settings:
        if self._fixed is not None:
            return self._fixed
        directory = self.root / directory
        cached = self._by_dir.get(directory)
        if cached is not None:
            return cached
        settings = None
        for name in CONFIG_NAMES:
            candidate = directory / name
            if candidate.is_file():
                found = settings_from(candidate)
                if found is not None:
                    settings = self.overrides.apply(found)
                    break
        if settings is None:
            parent = directory.parent
            if parent == directory:
                settings = self.overrides.apply(Settings(root=self.root))
            else:
                settings = self.for_dir(parent)
        from cnlint.dockerfile import hadolint_config

        settings = hadolint_config.merge(settings, directory)
        self._by_dir[directory] = settings
        return settings
