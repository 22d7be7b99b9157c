"""Rule implementations, one module per artifact kind.

Each module holds a `Checks` table; `@checks.rule("DF001")` registers a
function of (artifact, ctx), `@checks.project("KM010")` one of (project,
ctx) that sees every input. Both yield Findings. A module is imported only
when an artifact of its kind is linted.
"""

from __future__ import annotations

import importlib
from functools import cache
from dataclasses import dataclass, field
from typing import Callable, Iterable

from cnlint.diagnostics import Finding

# Every module that holds checks for an artifact kind; each has a `checks` table.
MODULES = {
    "dockerfile": ("cnlint.dockerfile.rules.instructions", "cnlint.dockerfile.rules.packages", "cnlint.dockerfile.rules.security", "cnlint.dockerfile.rules.shellcheck"),
    "kubernetes": tuple(f"cnlint.kubernetes.rules.{m}" for m in ("images", "security", "containers", "workloads", "refs", "pss", "practices", "rbac", "schema", "extra")),
    "go": ("cnlint.golang.rules.basics", "cnlint.golang.rules.concurrency", "cnlint.golang.rules.service"),
}

# Reported by the engine itself, not by a check function.
ENGINE_CODES = {
    "CN001": "parse-error",
    "CN002": "unused-suppression",
    "CN003": "internal-error",
}

Check = Callable[..., Iterable[Finding]]


@dataclass
class Checks:
    per_artifact: dict[str, Check] = field(default_factory=dict)
    per_project: dict[str, Check] = field(default_factory=dict)

    def rule(self, code: str):
        def register(fn: Check) -> Check:
            assert code not in self.per_artifact and code not in self.per_project, code
            self.per_artifact[code] = fn
            return fn

        return register

    # Project rules that only batch per-file work (one ShellCheck run for all
    # files): they need no context files, only the files being reported on.
    batch: set[str] = field(default_factory=set)

    def project(self, code: str, batch: bool = False):
        def register(fn: Check) -> Check:
            assert code not in self.per_artifact and code not in self.per_project, code
            self.per_project[code] = fn
            if batch:
                self.batch.add(code)
            return fn

        return register

    @property
    def cross_file(self) -> bool:
        """Whether some rule here reads other files than the one it reports on."""
        return any(code not in self.batch for code in self.per_project)


@dataclass
class Context:
    """What a check may know besides its input: the settings in force."""

    settings: object
    code: str

    def option(self, name: str, default=None):
        return self.settings.option(name, default)


@cache
def checks_for(kind: str) -> Checks:
    """All checks of one artifact kind, from every module that holds some."""
    merged = Checks()
    for name in MODULES.get(kind, ()):
        table = importlib.import_module(name).checks
        for code, fn in table.per_artifact.items():
            merged.rule(code)(fn)
        for code, fn in table.per_project.items():
            merged.project(code, batch=code in table.batch)(fn)
    return merged


def all_checks() -> dict[str, Checks]:
    return {kind: checks_for(kind) for kind in MODULES}


def batch_codes() -> frozenset[str]:
    """Every rule that batches per-file work, across all artifact kinds."""
    return frozenset(code for kind in MODULES for code in checks_for(kind).batch)


def context_wanted(kind: str, path, named) -> bool:
    """Whether the file `path` of artifact kind `kind` is context for linting
    the `named` paths of that kind: only kinds with cross-file rules, and for
    Go only the packages being linted (a package is one directory)."""
    if not named or not checks_for(kind).cross_file:
        return False
    if kind == "go":
        return any(path.parent == other.parent for other in named)
    return True
