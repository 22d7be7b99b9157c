"""Kubernetes JSON schemas: where they come from, and compiled validators.

Built-in kinds use the strict schemas the kubernetes-validate package ships
(one directory per Kubernetes minor version, 1.25 and later); custom
resources use the openAPIV3Schema of CRDs found among the inputs or in
`schema-locations`. Schema files are read once per process and only for the
kinds present; a built-in kind's schema and the definitions it reaches are
kept in the disk cache, so a later run reads neither the kind's file nor the
whole of the shared definitions. Validators are compiled once per (version,
kind). The
built-in schemas, their references inlined, need only a handful of keywords,
which BuiltinValidator checks directly; jsonschema is imported only for the
schemas users bring (CRDs, schema-locations).
"""

from __future__ import annotations

import importlib.util
import json
import re
from functools import cache
from pathlib import Path

from cnlint.patterns import lazy

_VERSION_DIR = lazy(r"^v1\.(\d+)\.0-local-strict$")
_GROUP_PREFIX = lazy(r"^([^./]*)(?:[.][^/]*)?/")
_NAME = lazy(r"^[A-Za-z][A-Za-z0-9]*$")
_API_VERSION = lazy(r"^(?:[a-z0-9][a-z0-9.-]*/)?v[0-9a-z]+$")


def environment(settings_list) -> list[str]:
    """What the result cache must know: the schema-locations files (names,
    sizes, times) and the kubernetes-validate install the built-in schemas
    come from."""
    from cnlint.cache import files_key

    spec = importlib.util.find_spec("kubernetes_validate")
    parts = [files_key(Path(spec.origin)) if spec and spec.origin else "kubernetes-validate: none"]  # an upgrade rewrites it
    seen = set()
    for settings in settings_list:
        for loc in settings.schema_locations:
            where = settings.root / loc
            if where not in seen:
                seen.add(where)
                parts.append(files_key(where))
    return parts


# ---- built-in schemas ---------------------------------------------------------


@cache
def _schema_root() -> Path | None:
    spec = importlib.util.find_spec("kubernetes_validate")
    if spec is None or not spec.submodule_search_locations:
        return None
    root = Path(next(iter(spec.submodule_search_locations))) / "kubernetes-json-schema"
    return root if root.is_dir() else None


@cache
def minors() -> tuple[int, ...]:
    """Minor versions (of 1.x) with schemas, oldest first."""
    root = _schema_root()
    if root is None:
        return ()
    found = (_VERSION_DIR.match(p.name) for p in root.iterdir())
    return tuple(sorted(int(m.group(1)) for m in found if m))


def parse_version(text: str | None) -> int | None:
    """The minor of 'v1.29', '1.29.3'; None when unset or not 1.x."""
    m = re.match(r"^v?1\.(\d+)", text or "")
    return int(m.group(1)) if m else None


def schema_minor(wanted: int | None) -> int | None:
    """The newest shipped schema not newer than `wanted` (the newest if unset)."""
    have = minors()
    if not have:
        return None
    if wanted is None:
        return have[-1]
    older = [m for m in have if m <= wanted]
    return older[-1] if older else have[0]


def _file_name(api_version: str, kind: str) -> str:
    # As kubernetes-validate names them: rbac.authorization.k8s.io/v1 -> rbac-v1.
    short = _GROUP_PREFIX.sub(r"\1-", api_version)
    return f"{kind.lower()}-{short}.json"


@cache
def _read_json(path: Path):
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def _directory(minor: int) -> Path:
    return _schema_root() / f"v1.{minor}.0-local-strict"


# Per minor: the definitions loaded so far, by name, and id(definition) ->
# Kubernetes type name. A kind brings only the definitions it reaches (a
# Deployment about 120 of ~860), so a one-file run need not read the 1.8 MB
# _definitions.json; a definition two kinds share is one object.
_tables: dict[int, dict[str, dict]] = {}
_names: dict[int, dict[int, str]] = {}


def _reached(schema, defs: dict) -> dict:
    """The definitions `schema` reaches through `$ref`s, by name, as read."""
    out: dict = {}
    todo = [schema]
    while todo:
        node = todo.pop()
        if isinstance(node, dict):
            ref = node.get("$ref")
            if isinstance(ref, str) and "#/$defs/" in ref:
                name = ref.rsplit("/", 1)[-1]
                if name not in out and name in defs:
                    out[name] = defs[name]
                    todo.append(defs[name])
            todo.extend(node.values())
        elif isinstance(node, list):
            todo.extend(node)
    return out


@cache
def _all_definitions(minor: int) -> dict:
    """The whole _definitions.json, as read: only copies of it are inlined."""
    return (_read_json(_directory(minor) / "_definitions.json") or {}).get("$defs", {})


def _kind_and_definitions(minor: int, path: Path) -> dict | None:
    """{"schema": the kind's schema, "defs": the definitions it reaches},
    fresh objects of their own: from the disk cache, keyed by both files'
    names, sizes and times, or read and then kept there."""
    from cnlint import cache as disk_cache

    key = disk_cache.key(disk_cache.files_key(path), disk_cache.files_key(_directory(minor) / "_definitions.json"))
    found = disk_cache.load("k8s-schema", key)
    if isinstance(found, dict) and isinstance(found.get("schema"), dict) and isinstance(found.get("defs"), dict):
        return found
    schema = _read_json(path)
    if not isinstance(schema, dict):
        return None
    text = json.dumps({"schema": schema, "defs": _reached(schema, _all_definitions(minor))})
    disk_cache.store_text("k8s-schema", key, text)
    return json.loads(text)  # a copy: inlining changes it in place


def _with_definitions(minor: int, defs: dict) -> dict:
    """The minor's table of definitions, with those of `defs` it lacks."""
    table = _tables.setdefault(minor, {})
    names = _names.setdefault(minor, {})
    for name, definition in defs.items():
        if name not in table:
            table[name] = definition
            names[id(definition)] = name.rsplit(".", 1)[-1]
    return table


# Definitions already inlined, by id; holding them keeps their ids from being reused.
_inlined_defs: dict[int, dict] = {}


def _inline(node, table: dict):
    """Replace each `$ref` into `table` by the referenced schema itself, in place.

    Validation then follows plain references instead of resolving a URI at
    every step, several times faster; recursive types become cycles, which
    validation only follows as deep as the instance goes. Only definitions
    reached from `node` are inlined, each once; a work list, not recursion,
    as chains of definitions run deep.
    """
    todo = [node]
    while todo:
        current = todo.pop()
        items = enumerate(current) if isinstance(current, list) else current.items()
        for key, value in list(items):
            if not isinstance(value, (dict, list)):
                continue
            target = _target(value, table)
            if target is value:
                todo.append(value)
                continue
            current[key] = target
            if id(target) not in _inlined_defs:
                _inlined_defs[id(target)] = target
                todo.append(target)


def _target(node, table: dict):
    ref = node.get("$ref") if isinstance(node, dict) else None
    if isinstance(ref, str) and "#/$defs/" in ref:
        return table.get(ref.rsplit("/", 1)[-1], node)
    return node


@cache
def builtin_schema(minor: int, api_version: str, kind: str) -> dict | None:
    """The schema of a built-in kind, its definitions inlined, or None if
    this version has no such kind."""
    if not _NAME.match(kind) or not _API_VERSION.match(api_version):
        return None  # not a name a schema file can have (and no path tricks)
    found = _kind_and_definitions(minor, _directory(minor) / _file_name(api_version, kind))
    if found is None:
        return None
    schema = found["schema"]
    group, _, version = api_version.rpartition("/")
    # The file name drops most of the group; the schema names it in full.
    for gvk in schema.get("x-kubernetes-group-version-kind", ()):
        if (gvk.get("group", ""), gvk.get("version"), gvk.get("kind")) == (group, version, kind):
            _inline(schema, _with_definitions(minor, found["defs"]))
            return schema
    return None


@cache
def served_as(minor: int, kind: str) -> tuple[str, ...]:
    """The apiVersions under which this Kubernetes version serves a built-in kind."""
    if not _NAME.match(kind):
        return ()
    prefix = kind.lower() + "-"
    out = []
    for path in sorted(_directory(minor).glob(prefix + "*.json")):
        schema = _read_json(path)
        for gvk in schema.get("x-kubernetes-group-version-kind", ()) if isinstance(schema, dict) else ():
            if gvk.get("kind") == kind:
                group = gvk.get("group", "")
                out.append(f"{group}/{gvk.get('version')}" if group else str(gvk.get("version")))
    return tuple(out)


def type_names(minor: int) -> dict[int, str]:
    """id(definition) -> Kubernetes type name (PodSpec), to name where an
    error is: every definition the kinds validated so far reach."""
    return _names.get(minor, {})


# ---- custom resources ----------------------------------------------------------


def _structural(schema, root: bool = False):
    """An openAPIV3Schema as a JSON schema, strict as the API server's field validation."""
    if isinstance(schema, list):
        return [_structural(s) for s in schema]
    if not isinstance(schema, dict):
        return schema
    out = {}
    for key, value in schema.items():
        if key in ("properties", "patternProperties", "definitions", "$defs"):
            out[key] = {k: _structural(v) for k, v in value.items()} if isinstance(value, dict) else value
        elif key in ("items", "additionalProperties", "not") or key in ("allOf", "anyOf", "oneOf"):
            out[key] = _structural(value)
        elif key in ("nullable", "format", "x-kubernetes-int-or-string", "x-kubernetes-preserve-unknown-fields"):
            continue
        elif key in ("exclusiveMinimum", "exclusiveMaximum") and isinstance(value, bool):
            continue  # OpenAPI's boolean form; 2020-12 wants a number
        else:
            out[key] = value
    if schema.get("x-kubernetes-int-or-string"):
        out.pop("type", None)
        out["anyOf"] = [{"type": "integer"}, {"type": "string"}]
    elif schema.get("nullable") and isinstance(out.get("type"), str):
        out["type"] = [out["type"], "null"]
    if root:
        if not isinstance(out.get("properties"), dict):
            out["properties"] = {}
        props = out["properties"]
        props.setdefault("apiVersion", {"type": "string"})
        props.setdefault("kind", {"type": "string"})
        props.setdefault("metadata", {"type": "object"})
    # Unknown fields are pruned (strict validation rejects them) unless preserved.
    if "properties" in out and "additionalProperties" not in out and not schema.get("x-kubernetes-preserve-unknown-fields"):
        out["additionalProperties"] = False
    return out


def crd_schemas(crd) -> dict[tuple[str, str, str], dict]:
    """(group, version, kind) -> schema for every served version of a CRD mapping."""
    spec = crd.get("spec") if isinstance(crd, dict) else None
    if not isinstance(spec, dict):
        return {}
    names = spec.get("names")
    group, kind = spec.get("group"), names.get("kind") if isinstance(names, dict) else None
    if not isinstance(group, str) or not isinstance(kind, str):
        return {}
    out = {}
    common = spec.get("validation")  # apiextensions.k8s.io/v1beta1 kept one schema for all versions
    versions = spec.get("versions") if isinstance(spec.get("versions"), list) else []
    if not versions and isinstance(spec.get("version"), str):
        versions = [{"name": spec["version"]}]
    for entry in versions:
        if not isinstance(entry, dict) or not isinstance(entry.get("name"), str) or entry.get("served") is False:
            continue
        holder = entry.get("schema") if isinstance(entry.get("schema"), dict) else common
        schema = holder.get("openAPIV3Schema") if isinstance(holder, dict) else None
        out[(group, entry["name"], kind)] = _structural(schema, root=True) if isinstance(schema, dict) else {}
    return out


@cache
def from_location(directory: str) -> dict[tuple[str, str, str], dict]:
    """Schemas in a schema-locations directory: CRD YAML, or JSON schema files.

    A JSON file names its kind by `x-kubernetes-group-version-kind`, or by
    its name as kubeconform's catalogues do: [<group>/]<kind>_<version>.json
    (its group, when not in a folder named after it, is taken as any).
    """
    out: dict[tuple[str, str, str], dict] = {}
    root = Path(directory)
    for path in sorted(root.rglob("*")):
        if path.suffix in (".yaml", ".yml"):
            out.update(_crds_in_yaml(path))
        elif path.suffix == ".json":
            schema = _read_json(path)
            if not isinstance(schema, dict):
                continue
            gvks = schema.get("x-kubernetes-group-version-kind")
            if isinstance(gvks, list) and gvks:
                for gvk in gvks:
                    if isinstance(gvk, dict):
                        out[(gvk.get("group", ""), gvk.get("version", ""), gvk.get("kind", "").lower())] = schema
                continue
            kind, _, version = path.stem.rpartition("_")
            if kind and version:
                group = path.parent.name if path.parent != root else "*"
                out[(group, version, kind.lower())] = schema
    return out


def _crds_in_yaml(path: Path) -> dict:
    from cnlint.kubernetes import loader as kubernetes_yaml

    out = {}
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return out
    for part in re.split(r"(?m)^---[ \t]*$", text):
        try:
            root, _ = kubernetes_yaml.load(part)
        except kubernetes_yaml.Unsupported:
            continue
        if isinstance(root, dict) and root.get("kind") == "CustomResourceDefinition":
            out.update({(g, v, k.lower()): s for (g, v, k), s in crd_schemas(root).items()})
    return out


def located(locations: dict, api_version: str, kind: str) -> dict | None:
    group, _, version = api_version.rpartition("/")
    for key in ((group, version, kind.lower()), ("*", version, kind.lower())):
        if key in locations:
            return locations[key]
    return None


# ---- validators -----------------------------------------------------------------

_validators: dict[tuple, object] = {}


def validator(key: tuple, schema: dict, minor: int | None = None, checked: bool = False):
    """A compiled validator, cached for the whole run under `key`.

    `checked`: the schema comes from the user, so check it first; a broken
    one gives the reason (a str) instead of a validator.
    """
    found = _validators.get(key)
    if found is None:
        found = _validators[key] = checked_schema(schema) if checked else compile_schema(schema, minor)
    return found


def checked_schema(schema: dict):
    """A validator for a user's schema, or why there is none (a str)."""
    from jsonschema.exceptions import SchemaError

    validator = compile_schema(schema)
    try:
        validator.check_schema(validator.schema)
    except SchemaError as exc:
        where = "/".join(str(p) for p in exc.absolute_path)
        return f"{exc.message} at {where or 'its root'}"
    return validator


def compile_schema(schema: dict, minor: int | None = None):
    """A validator for `schema`: the built-in schemas (`minor` given, references
    inlined) use the few keywords BuiltinValidator knows; others get jsonschema."""
    if minor is not None:
        return BuiltinValidator(schema)
    from jsonschema import Draft202012Validator

    if "$schema" not in schema:
        schema = {**schema, "$schema": "https://json-schema.org/draft/2020-12/schema"}
    return Draft202012Validator(schema)


# ---- the built-in schemas' validator -------------------------------------------


class SchemaViolation:
    """One error, shaped as jsonschema's ValidationError where the checks read it."""

    __slots__ = ("validator", "validator_value", "absolute_path", "schema", "instance", "message")

    def __init__(self, validator, value, path, schema, instance, message):
        self.validator, self.validator_value, self.absolute_path = validator, value, path
        self.schema, self.instance, self.message = schema, instance, message


def _is(instance, kind: str) -> bool:
    if kind == "string":
        return isinstance(instance, str)
    if kind == "object":
        return isinstance(instance, dict)
    if kind == "array":
        return isinstance(instance, list)
    if kind == "null":
        return instance is None
    if kind == "boolean":
        return isinstance(instance, bool)
    if isinstance(instance, bool):
        return False
    if kind == "integer":
        return isinstance(instance, int) or (isinstance(instance, float) and instance.is_integer())
    return kind == "number" and isinstance(instance, (int, float))


class BuiltinValidator:
    """Draft 2020-12 semantics for the keywords the Kubernetes schemas use:
    type, properties, additionalProperties, required, items, enum, oneOf
    (format is an annotation, as jsonschema treats it by default). Several
    times faster than jsonschema on these schemas, and no import cost."""

    def __init__(self, schema: dict):
        self.schema = schema

    def iter_errors(self, instance):
        return self._check(instance, self.schema, ())

    def is_valid(self, instance, schema) -> bool:
        return next(self._check(instance, schema, ()), None) is None

    def _check(self, instance, schema, path):
        types = schema.get("type")
        if types is not None:
            wanted = (types,) if isinstance(types, str) else types
            if not any(_is(instance, t) for t in wanted):
                yield SchemaViolation("type", types, path, schema, instance, f"{instance!r} is not of type {types!r}")
        if "enum" in schema and instance not in schema["enum"]:
            yield SchemaViolation("enum", schema["enum"], path, schema, instance, f"{instance!r} is not one of {schema['enum']!r}")
        if "oneOf" in schema:
            matches = sum(self.is_valid(instance, branch) for branch in schema["oneOf"])
            if matches != 1:
                how = "any" if matches == 0 else "more than one"
                yield SchemaViolation("oneOf", schema["oneOf"], path, schema, instance, f"{instance!r} is valid under {how} of the given schemas")
        if isinstance(instance, dict):
            properties = schema.get("properties", {})
            for name in schema.get("required", ()):
                if name not in instance:
                    yield SchemaViolation("required", schema["required"], path, schema, instance, f"{name!r} is a required property")
            extra = schema.get("additionalProperties", True)
            for key, value in instance.items():
                sub = properties.get(key)
                if sub is not None:
                    yield from self._check(value, sub, path + (key,))
                elif isinstance(extra, dict):
                    yield from self._check(value, extra, path + (key,))
            if extra is False and any(key not in properties for key in instance):
                unexpected = ", ".join(repr(k) for k in instance if k not in properties)
                yield SchemaViolation("additionalProperties", False, path, schema, instance, f"Additional properties are not allowed ({unexpected} were unexpected)")
        elif isinstance(instance, list) and isinstance(schema.get("items"), dict):
            items = schema["items"]
            for i, item in enumerate(instance):
                yield from self._check(item, items, path + (i,))
