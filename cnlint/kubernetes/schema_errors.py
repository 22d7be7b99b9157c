"""Turn a jsonschema error into one line a person can act on."""

from __future__ import annotations

import difflib

_TYPES = {"array": "a list", "object": "a table", "string": "a string", "boolean": "true or false", "integer": "a whole number", "number": "a number"}


def location(path) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(top level)"


def _type_name(value) -> str:
    for python, name in ((bool, "boolean"), (str, "string"), (dict, "object"), (list, "array"), (int, "integer"), (float, "number")):
        if isinstance(value, python):
            return _TYPES[name]
    return type(value).__name__


def describe(error) -> str:
    where = location(error.absolute_path)
    if error.validator == "additionalProperties":
        known = list(error.schema.get("properties", {}))
        extra = sorted(set(error.instance) - set(known))
        if extra:
            hint = difflib.get_close_matches(extra[0], known, n=1)
            suggestion = f" (did you mean {hint[0]!r}?)" if hint else ""
            return f"{location(list(error.absolute_path) + [extra[0]])}: unknown key{suggestion}"
    if error.validator == "type":
        wanted = error.validator_value if isinstance(error.validator_value, str) else error.validator_value[0]
        return f"{where}: expected {_TYPES.get(wanted, wanted)}, got {_type_name(error.instance)} {error.instance!r}"
    if error.validator == "enum":
        choices = ", ".join(repr(c) for c in error.validator_value)
        return f"{where}: {error.instance!r} is not one of {choices}"
    return f"{where}: {error.message}"


def first_error(validator, data) -> str | None:
    from jsonschema.exceptions import best_match

    error = best_match(validator.iter_errors(data))
    return describe(error) if error else None
