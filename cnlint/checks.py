"""How a rule's function is registered, and how the engine finds it.

A rules module holds a `Checks` table. `@checks.rule("DF001")` registers a
function of (artifact, ctx) that judges one artifact; `@checks.project("KM010",
reads=("kubernetes",))` one of (project, ctx) that judges the project and may
read every artifact of the kinds it names (by default its package's own). Both
yield Findings. The function is named after the rule's `name`.

The engine learns every rule from the artifact packages' declarations
(cnlint/kinds.py): the modules under each package's rules/ folder.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable
from functools import cache
from typing import NamedTuple

from cnlint import kinds
from cnlint.diagnostics import Finding

Check = Callable[..., Iterable[Finding]]


class ProjectRule(NamedTuple):
    code: str
    check: Check
    reads: frozenset[str]  # artifact kinds it looks at
    # Only batches per-file work (one ShellCheck run for all files): it
    # needs no context, only the files being reported on.
    batch: bool = False
    # start(project), called before any rule runs: a batch rule starts the
    # program it waits for, which then runs while the other rules do.
    start: Callable | None = None


class Checks:
    def __init__(self):
        self.per_artifact: dict[str, Check] = {}
        self.per_project: dict[str, Check] = {}
        # code -> artifact kind, for per-artifact rules of a kind other than the package's first
        self.kinds: dict[str, str] = {}
        self.reads: dict[str, tuple[str, ...]] = {}
        self.batch: set[str] = set()
        self.starts: dict[str, Callable] = {}

    def rule(self, code: str, kind: str | None = None):
        def register(fn: Check) -> Check:
            assert code not in self.per_artifact and code not in self.per_project, code
            self.per_artifact[code] = fn
            if kind:
                self.kinds[code] = kind
            return fn

        return register

    def project(self, code: str, reads: tuple[str, ...] | None = None, batch: bool = False, start: Callable | None = None):
        def register(fn: Check) -> Check:
            assert code not in self.per_artifact and code not in self.per_project, code
            self.per_project[code] = fn
            if reads:
                self.reads[code] = tuple(reads)
            if batch:
                self.batch.add(code)
            if start is not None:
                self.starts[code] = start
            return fn

        return register


class Context:
    """What a check may know besides its input: the settings in force, and
    the project (for its computed-once views)."""

    __slots__ = ("settings", "code", "project")

    def __init__(self, settings, code: str, project=None):
        self.settings, self.code, self.project = settings, code, project

    def option(self, name: str, default=None):
        return self.settings.option(name, default)


class Table:
    """Every rule of one artifact package."""

    def __init__(self):
        self.per_artifact: dict[str, dict[str, Check]] = {}  # artifact kind -> code -> check
        self.project: dict[str, ProjectRule] = {}  # code -> rule

    def codes(self) -> dict[str, Check]:
        out = {code: fn for table in self.per_artifact.values() for code, fn in table.items()}
        out.update((code, r.check) for code, r in self.project.items())
        return out


@cache
def table(package_kind: kinds.ArtifactKind) -> Table:
    out = Table()
    default = package_kind.name
    for name in package_kind.rule_modules():
        found = importlib.import_module(name).checks
        for code, fn in found.per_artifact.items():
            out.per_artifact.setdefault(found.kinds.get(code, default), {})[code] = fn
        for code, fn in found.per_project.items():
            reads = frozenset(found.reads.get(code, (default,)))
            out.project[code] = ProjectRule(code, fn, reads, code in found.batch, found.starts.get(code))
    return out


def per_artifact(artifact_kind: str) -> dict[str, Check]:
    """The rules that judge one artifact of this kind."""
    owner = kinds.for_artifact(artifact_kind)
    return table(owner).per_artifact.get(artifact_kind, {}) if owner else {}


def project_rules(artifact_kinds) -> list[ProjectRule]:
    """The project rules that read any of these artifact kinds. A package's
    project rules read its own kinds; only cnlint/cross reads across them."""
    wanted = set(artifact_kinds)
    packages = {kinds.for_artifact(k) for k in wanted} - {None}
    packages |= {k for k in kinds.declared() if not k.artifacts and (not k.needs or wanted & set(k.needs))}
    out = []
    for package_kind in kinds.declared():
        if package_kind in packages:
            out.extend(r for r in table(package_kind).project.values() if r.reads & wanted)
    return out


def all_rules() -> dict[str, Check]:
    """code -> check for every rule of every package (imports them all)."""
    out: dict[str, Check] = {}
    for package_kind in kinds.declared():
        out.update(table(package_kind).codes())
    return out


def batch_codes() -> frozenset[str]:
    """Every rule that only batches per-file work, across all packages."""
    return frozenset(r.code for k in kinds.declared() for r in table(k).project.values() if r.batch)
