"""The artifact packages, and what each declares about itself.

Each package (cnlint/dockerfile, cnlint/kubernetes, cnlint/golang,
cnlint/cross) declares itself once, as `KIND` in its __init__: the file kinds
it parses and with which module, the artifact kinds it makes, and its comment
syntax. Its rules are every module under its `rules/` folder; nothing else
lists them. A declaration is light: parsers and rule modules are imported
only when a file of their kind is linted.
"""

from __future__ import annotations

import importlib
import pkgutil
from dataclasses import dataclass, field
from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from cnlint.suppressions import CommentSyntax

PACKAGES = ("cnlint.dockerfile", "cnlint.kubernetes", "cnlint.golang", "cnlint.cross")


@dataclass(frozen=True, eq=False)  # one per package: compared by identity
class ArtifactKind:
    package: str
    # Discovery's file kind -> (the artifact kind it becomes, the module whose
    # parse(path, text, settings) makes it, or None when it is not one after all).
    parsers: dict[str, tuple[str, str]] = field(default_factory=dict)
    # The artifact kinds it makes; the first is the one its rules judge by default.
    artifacts: tuple[str, ...] = ()
    # Files governing a directory and everything under it (go.mod): read as
    # context for the artifacts below them.
    governing: tuple[str, ...] = ()
    # How far cross-file context reaches for this kind: "project" (every file
    # of the kind) or "directory" (a Go package is one directory).
    context_scope: str = "project"
    # How its files write comments, and so suppressions (suppressions.HASH,
    # SLASH); None when it has no files of its own.
    comments: CommentSyntax | None = None
    # The artifact kinds its cross-file (project) rules read, so which other
    # files a lint needs is known without importing any rule (a test checks
    # every rule's `reads` against it); empty when no rule reads other files.
    reads: tuple[str, ...] = ()
    # For a package of rules only (cnlint/cross): its rules can find
    # something only when one of these kinds is among the inputs.
    needs: tuple[str, ...] = ()
    # A module whose link(project) ties this package's artifacts to the rest
    # once all are parsed, before any rule runs (the go.mod governing a Go file).
    linker: str | None = None
    # A module whose environment(settings_list) names, as strings, what its
    # rules read besides files and settings (a program they run, schema
    # directories), so the result cache knows when an answer went stale.
    environment: str | None = None

    @property
    def name(self) -> str:
        return self.artifacts[0] if self.artifacts else self.package.rsplit(".", 1)[-1]

    def rule_modules(self) -> list[str]:
        try:
            rules = importlib.import_module(self.package + ".rules")
        except ModuleNotFoundError:
            return []
        return [f"{rules.__name__}.{m.name}" for m in pkgutil.iter_modules(rules.__path__) if not m.name.startswith("_")]


@cache
def declared() -> tuple[ArtifactKind, ...]:
    return tuple(importlib.import_module(p).KIND for p in PACKAGES)


def for_file_kind(file_kind: str) -> ArtifactKind:
    for kind in declared():
        if file_kind in kind.parsers:
            return kind
    raise KeyError(file_kind)


def for_artifact(artifact_kind: str) -> ArtifactKind | None:
    for kind in declared():
        if artifact_kind in kind.artifacts:
            return kind
    return None


def artifact_of_file(file_kind: str) -> str:
    """The artifact kind a file of this discovery kind becomes (yaml -> kubernetes)."""
    return for_file_kind(file_kind).parsers[file_kind][0]


def parse(file_kind: str, path: str, text: str, settings):
    module = for_file_kind(file_kind).parsers[file_kind][1]
    return importlib.import_module(module).parse(path, text, settings)


def link(project) -> None:
    """Run the packages' linkers on a freshly parsed project."""
    present = project.kinds
    for kind in declared():
        if kind.linker and present & set(kind.artifacts):
            importlib.import_module(kind.linker).link(project)
