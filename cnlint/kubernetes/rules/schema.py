"""Kubernetes manifests against their schemas: fields, types, apiVersions, CRDs."""

from __future__ import annotations

import json

from cnlint.checks import Checks
from cnlint.diagnostics import Edit, Finding, Fix, Span
from cnlint.kubernetes import apis as kubernetes_apis
from cnlint.kubernetes import schemas
from cnlint.kubernetes.index import ObjectIndex
from cnlint.patterns import lazy

checks = Checks()

_TYPES = {
    "string": "a string",
    "integer": "an integer",
    "number": "a number",
    "boolean": "a boolean",
    "object": "a mapping",
    "array": "a list",
    "null": "null",
}


def _minor(settings) -> int | None:
    return schemas.schema_minor(schemas.parse_version(settings.option("kubernetes-version")))


def _wanted_minor(settings) -> int | None:
    """The version the user asked for (API removals apply to it), else the newest."""
    return schemas.parse_version(settings.option("kubernetes-version")) or schemas.schema_minor(None)


# ---- schema sources ------------------------------------------------------------


class SchemaSources:
    """Where each object's schema comes from, for one run over a set of
    inputs: the CRDs among them, schema-locations, the built-in schemas. A
    project view (`project.view(SchemaSources)`), shared by KM100 and KM103."""

    def __init__(self, crds: dict[tuple[str, str, str], dict]):
        self.crds = crds
        self.crd_validators: dict[tuple, object] = {}
        self._found: dict[int, object] = {}
        self._locations: dict[object, list[str]] = {}

    @classmethod
    def build(cls, project) -> SchemaSources:
        crds: dict[tuple[str, str, str], dict] = {}
        for _, obj in project.view(ObjectIndex).of_kind("CustomResourceDefinition", "apiextensions.k8s.io"):
            crds.update(schemas.crd_schemas(obj.data))
        return cls(crds)

    def locations(self, settings) -> list[str]:
        if settings not in self._locations:
            self._locations[settings] = [str((settings.root / loc).resolve()) for loc in settings.option("schema-locations", ()) or ()]
        return self._locations[settings]

    def validator(self, obj, settings):
        """(validator, minor or None) for `obj`, or None when it has no schema."""
        if id(obj) not in self._found:
            self._found[id(obj)] = self._validator(obj, settings)
        return self._found[id(obj)]

    def _validator(self, obj, settings):
        removal = kubernetes_apis.removal(obj.api_version, obj.kind)
        if removal and _wanted_minor(settings) and _wanted_minor(settings) >= removal.removed:
            return "removed"  # KM101 reports it
        group, _, version = obj.api_version.rpartition("/")
        key = (group, version, obj.kind)
        if key in self.crds:
            if key not in self.crd_validators:
                self.crd_validators[key] = schemas.checked_schema(self.crds[key])
            return self.crd_validators[key], None
        for directory in self.locations(settings):
            schema = schemas.located(schemas.from_location(directory), obj.api_version, obj.kind)
            if schema is not None:
                return schemas.validator(("location", directory, key), schema, checked=True), None
        minor = _minor(settings)
        if minor is None:
            return None
        schema = schemas.builtin_schema(minor, obj.api_version, obj.kind)
        if schema is None:
            served = schemas.served_as(minor, obj.kind)
            # Certain only when the schemas are of the version asked for (not older ones' stand-in).
            if _wanted_minor(settings) >= minor and group in {a.rpartition("/")[0] for a in served}:
                return "unserved"  # a built-in group and kind, at a version it does not have
            return None
        return schemas.validator(("builtin", minor, obj.api_version, obj.kind), schema, minor), minor


# ---- KM100 ------------------------------------------------------------------------


def _field(path) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _type_of(value) -> str:
    for python, name in ((bool, "boolean"), (str, "string"), (dict, "object"), (list, "array"), (int, "integer"), (float, "number")):
        if isinstance(value, python):
            return name
    return "null" if value is None else type(value).__name__


def _wanted(types) -> str:
    types = [types] if isinstance(types, str) else [t for t in types if t != "null"]
    return " or ".join(_TYPES.get(t, t) for t in types)


def _branch_types(branches) -> list[str] | None:
    """The types a oneOf/anyOf of plain types allows (IntOrString, Quantity)."""
    out = []
    for branch in branches:
        if not isinstance(branch, dict) or set(branch) - {"type", "description"}:
            return None
        t = branch.get("type")
        out.extend([t] if isinstance(t, str) else [x for x in t or () if x != "null"])
    return out or None


def _value(value) -> str:
    text = repr(value) if isinstance(value, str) else str(value).lower() if isinstance(value, bool) else str(value)
    return text if len(text) <= 40 else text[:37] + "..."


def _findings(obj, error, names: dict, misspelt: set):
    where = tuple(error.absolute_path)
    name = _field(where)
    owner = names.get(id(error.schema)) or (obj.kind if not where else "")
    in_owner = f" of {owner}" if owner else ""
    v = error.validator
    if v == "additionalProperties" and isinstance(error.instance, dict):
        known = list(error.schema.get("properties", {}))
        for key in error.instance:
            if key in known:
                continue
            import difflib  # only for a key the schema does not know

            hint = difflib.get_close_matches(str(key), known, n=1, cutoff=0.7)
            mean = f"; did you mean '{hint[0]}'?" if hint else ""
            if hint:
                misspelt.add((where, hint[0]))
            at = f" ({name})" if name else ""
            yield obj.key_span(where + (key,)), f"unknown field '{key}'{in_owner}{at}: strict validation rejects it{mean}"
        return
    if v == "required":
        missing = error.message.split("'")[1] if "'" in error.message else str(error.validator_value)
        if (where, missing) in misspelt:
            return  # the misspelt key already says it
        span = obj.key_span(where) if where else obj.key_span(("kind",))
        yield span, f"{owner or name} is missing the required field '{missing}'"
        return
    shown = f"'{name}'" if name else "the object"
    if v == "type":
        got = _type_of(error.instance)
        yield obj.value_span(where), f"{shown} must be {_wanted(error.validator_value)}, not {_TYPES.get(got, got)} ({_value(error.instance)})"
        return
    if v in ("oneOf", "anyOf") and _branch_types(error.validator_value):
        got = _type_of(error.instance)
        yield obj.value_span(where), f"{shown} must be {_wanted(_branch_types(error.validator_value))}, not {_TYPES.get(got, got)}"
        return
    if v == "enum":
        choices = ", ".join(_value(c) for c in error.validator_value if c is not None)
        yield obj.value_span(where), f"{shown} is {_value(error.instance)}, not one of {choices}"
        return
    limit = error.validator_value
    bounds = {
        "minimum": f"is {_value(error.instance)}, below the minimum {limit}",
        "maximum": f"is {_value(error.instance)}, above the maximum {limit}",
        "pattern": f"is {_value(error.instance)}, which does not match the pattern {limit!r}",
        "minLength": f"must be at least {limit} characters long",
        "maxLength": f"must be at most {limit} characters long",
        "minItems": f"must have at least {limit} items",
        "maxItems": f"must have at most {limit} items",
    }
    yield obj.value_span(where), f"{shown} {bounds[v]}" if v in bounds else f"{shown}: {error.message}"


@checks.project("KM100")
def schema_violation(project, ctx):
    index = project.view(SchemaSources)
    broken = set()
    for f in project.targets("kubernetes"):  # CRDs come from every file; findings only for these
        for obj in f.objects:
            found = index.validator(obj, f.settings)
            if found is None or found == "removed":
                continue
            if found == "unserved":
                minor = _minor(f.settings)
                served = " or ".join(schemas.served_as(minor, obj.kind))
                yield Finding(
                    obj.value_span(("apiVersion",)),
                    f"Kubernetes 1.{minor} has no {obj.kind} in {obj.api_version}, so the API server rejects it; it serves {obj.kind} as {served}",
                    logical=obj.logical,
                    path=f.path,
                )
                continue
            validator, minor = found
            try:
                if isinstance(validator, str):
                    raise ValueError(validator)
                # Unknown fields first, so a misspelt key hides its "missing" twin.
                errors = sorted(validator.iter_errors(obj.data), key=lambda e: e.validator != "additionalProperties")
            except Exception as exc:  # a user's schema jsonschema cannot apply (a bad type or pattern)
                if (obj.api_version, obj.kind) not in broken:
                    broken.add((obj.api_version, obj.kind))
                    yield Finding(
                        obj.value_span(("kind",)),
                        f"the schema of {obj.kind} ({obj.api_version}) cannot be applied, so its objects are not validated: {str(exc).splitlines()[0]}",
                        logical=obj.logical,
                        path=f.path,
                    )
                continue
            names = schemas.type_names(minor) if minor is not None else {}
            seen, misspelt = set(), set()
            for error in errors:
                for span, message in _findings(obj, error, names, misspelt):
                    if (span, message) not in seen:
                        seen.add((span, message))
                        yield Finding(span, message, logical=obj.logical, path=f.path)


# ---- KM101, KM102 ------------------------------------------------------------------


def _migration(obj, r, settings) -> Fix | None:
    """Rewrite apiVersion to the replacement, and add the spec.selector that
    the old workload APIs defaulted from the template's labels and apps/v1
    requires. Offered only when the object then validates against the new
    version's schema: a fix must not leave an object the API server
    refuses (Ingress backends, say, are written differently and stay the
    user's to rewrite)."""
    span = obj.value_span(("apiVersion",))
    old = obj.source.line(span.line)[span.column - 1 : span.end_column - 1]
    quote = old[0] if old[:1] in ("'", '"') else ""
    edits = [Edit(span, f"{quote}{r.replacement}{quote}")]
    data = {**obj.data, "apiVersion": r.replacement}
    spec = obj.get(("spec",))
    if obj.kind in _SELECTED_WORKLOADS and isinstance(spec, dict) and "selector" not in spec:
        labels = obj.get(("spec", "template", "metadata", "labels"))
        insert = _selector_edit(obj, spec, labels)
        if insert is None:
            return None
        edits.append(insert)
        data["spec"] = {**spec, "selector": {"matchLabels": dict(labels)}}
    minor = _minor(settings)
    schema = schemas.builtin_schema(minor, r.replacement, obj.kind) if minor is not None else None
    if schema is None:
        if not r.mechanical:
            return None  # nothing to check the result against
    elif next(iter(schemas.validator(("builtin", minor, r.replacement, obj.kind), schema, minor).iter_errors(data)), None) is not None:
        return None
    what = f"Change apiVersion to {r.replacement}" + (" and add the spec.selector it requires" if len(edits) > 1 else "")
    return Fix(tuple(edits), what, safe=r.mechanical)


# The old workload APIs defaulted spec.selector to the template's labels.
_SELECTED_WORKLOADS = frozenset({"Deployment", "DaemonSet", "ReplicaSet", "StatefulSet"})
_PLAIN_LABEL = lazy(r"[A-Za-z0-9]([-A-Za-z0-9_./]*[A-Za-z0-9])?")


def _selector_edit(obj, spec, labels) -> Edit | None:
    """`selector: {matchLabels: <the template's labels>}`, written as the
    first key of a block `spec`."""
    if not isinstance(labels, dict) or not labels or not all(isinstance(v, str) for v in labels.values()) or spec.fa.flow_style():
        return None
    try:
        line, column = spec.lc.key(next(iter(spec)))
        step = " " * max(1, column - obj.data.lc.key("spec")[1])
    except (KeyError, StopIteration):  # keys merged in with `<<:` have no place of their own
        return None
    if obj.source.line(line + 1)[:column].strip():
        return None  # not a key that starts its own line
    pad = " " * column
    entries = "".join(f"{pad}{step}{step}{_scalar(k)}: {_scalar(v)}\n" for k, v in labels.items())
    return Edit(Span(line + 1, 1, line + 1, 1), f"{pad}selector:\n{pad}{step}matchLabels:\n{entries}")


def _scalar(text: str) -> str:
    """`text` as a YAML scalar that reads back as the same text."""
    from cnlint.kubernetes import loader

    if _PLAIN_LABEL.fullmatch(text) and loader.plain_value(text) == text:
        return text
    return json.dumps(text)



def _api_findings(doc, ctx, removed: bool):
    wanted = _wanted_minor(ctx.settings)
    if wanted is None:
        return
    for obj in doc.objects:
        r = kubernetes_apis.removal(obj.api_version, obj.kind)
        if r is None or (wanted >= r.removed) != removed or wanted < r.deprecated:
            continue
        fix = None
        if r.replacement:
            fix = _migration(obj, r, ctx.settings)
            use = f"use {r.replacement}" + (f" ({r.note})" if r.note else "")
        else:
            use = r.note or "nothing replaces it"
        when = f"was removed in Kubernetes 1.{r.removed}" if removed else f"is deprecated since 1.{r.deprecated} and removed in 1.{r.removed}"
        yield Finding(obj.value_span(("apiVersion",)), f"{obj.kind} {obj.api_version} {when}; {use}", fix, logical=obj.logical)


@checks.rule("KM101")
def removed_api_version(doc, ctx):
    yield from _api_findings(doc, ctx, removed=True)


@checks.rule("KM102")
def deprecated_api_version(doc, ctx):
    yield from _api_findings(doc, ctx, removed=False)


# ---- KM103, KM104 ----------------------------------------------------------------------


@checks.project("KM103")
def missing_schema(project, ctx):
    index = project.view(SchemaSources)
    reported = set()
    for f in project.targets("kubernetes"):  # CRDs come from every file; findings only for these
        for obj in f.objects:
            key = (obj.api_version, obj.kind)
            if key in reported or kubernetes_apis.is_config_file(obj.api_version) or index.validator(obj, f.settings) is not None:
                continue
            reported.add(key)
            minor = _minor(f.settings)
            served = schemas.served_as(minor, obj.kind) if minor is not None else ()
            hint = f" (Kubernetes serves {obj.kind} as {' or '.join(served)})" if served else ""
            yield Finding(
                obj.value_span(("kind",)),
                f"no schema for {obj.kind} ({obj.api_version}), so its objects are not validated; add its CRD to the inputs or to schema-locations{hint}",
                logical=obj.logical,
                path=f.path,
            )


@checks.rule("KM104")
def template_syntax(doc, ctx):
    if doc.template is not None:
        yield Finding(doc.template, "template syntax outside a string: this is a chart template, not a manifest, so it is not linted; lint the output of `helm template`")
