"""Human text: file:line:col, code, severity, message, the line with a caret."""

from __future__ import annotations

from collections import Counter

from cnlint.report import visible

_COLORS = {"error": "31", "warning": "33", "info": "36", "bold": "1", "dim": "2", "code": "35"}


def _paint(text: str, style: str, on: bool) -> str:
    return f"\033[{_COLORS[style]}m{text}\033[0m" if on else text


def render(result, ctx) -> str:
    out = []
    on = ctx.color
    for d in result.diagnostics:
        where = f"{visible(d.path)}:{d.span.line}:{d.span.column}:"
        fixable = " [*]" if d.fix else ""
        out.append(
            f"{_paint(where, 'bold', on)} {_paint(d.code, 'code', on)} "
            f"{_paint(d.severity, d.severity, on)}{fixable} {visible(d.message)} ({d.name})"
        )
        source = result.sources.get(d.path)
        if ctx.show_source and source is not None and 1 <= d.span.line <= source.line_count:
            line = source.line(d.span.line)
            if line.strip():
                end = d.span.end_column if d.span.end_line == d.span.line else len(line) + 1
                before, marked = _shown(line[: d.span.column - 1]), _shown(line[d.span.column - 1 : end - 1])
                caret = " " * len(before) + "^" * max(1, len(marked))
                out.append(f"  {d.span.line:>4} | {_shown(line)}")
                out.append(f"       | {_paint(caret, d.severity, on)}")
        if d.log:
            out.append(_paint("       last lines of its log:", "dim", on))
            out.extend(f"       > {visible(line)}" for line in d.log)
    out.append(_summary(result, ctx))
    return "\n".join(out) + "\n"


def _shown(text: str) -> str:
    """A line as printed: control characters as escapes, a tab as one space."""
    return visible(text).replace("\t", " ")


def _summary(result, ctx) -> str:
    files = f"{result.files} file{'s' if result.files != 1 else ''}"
    if not result.diagnostics:
        return f"All checks passed ({files} checked)."
    counts = Counter(d.severity for d in result.diagnostics)
    parts = [f"{counts[s]} {s}{'s' if counts[s] != 1 and s != 'info' else ''}" for s in ("error", "warning", "info") if counts[s]]
    n = len(result.diagnostics)
    line = f"Found {n} problem{'s' if n != 1 else ''} ({', '.join(parts)}) in {files} checked."
    fixable = sum(1 for d in result.diagnostics if d.fix and d.fix.safe)
    unsafe = sum(1 for d in result.diagnostics if d.fix and not d.fix.safe)
    if ctx.fix_hint and fixable:
        line += f"\n[*] {fixable} fixable with --fix"
        if unsafe:
            line += f" ({unsafe} more with --fix --unsafe-fixes)"
    elif ctx.fix_hint and unsafe:
        line += f"\n{unsafe} fixable with --fix --unsafe-fixes"
    return line
