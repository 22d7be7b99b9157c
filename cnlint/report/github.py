"""GitHub Actions workflow commands: one ::error/::warning/::notice per diagnostic."""

from __future__ import annotations

from cnlint.report import visible

COMMANDS = {"error": "error", "warning": "warning", "info": "notice"}


def escape_data(text: str) -> str:
    # The log shows the text: a terminal's escape sequences from a file are written out.
    return visible(text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A"))


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def render(result, ctx) -> str:
    return "".join(_command(d) + "\n" for d in result.diagnostics)


def _command(d) -> str:
    span = d.span
    props = {"file": d.path, "line": span.line, "col": span.column, "endLine": span.end_line, "endColumn": span.end_column}
    if span.end_line != span.line:
        # GitHub annotations take columns only for a span on one line.
        del props["col"], props["endColumn"]
    props["title"] = f"{d.code} {d.name}"
    joined = ",".join(f"{key}={escape_property(str(value))}" for key, value in props.items())
    return f"::{COMMANDS[d.severity]} {joined}::{escape_data(d.full_message)}"
