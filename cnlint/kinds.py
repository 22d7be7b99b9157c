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
import os
from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from cnlint.suppressions import CommentSyntax

PACKAGES = ("cnlint.dockerfile", "cnlint.kubernetes", "cnlint.golang", "cnlint.cross")


class ArtifactKind:
    """One per package, compared by identity."""

    def __init__(
        self,
        package: str,
        *,
        parsers: dict[str, tuple[str, str]] | None = None,
        artifacts: tuple[str, ...] = (),
        governing: tuple[str, ...] = (),
        context_scope: str = "project",
        comments: CommentSyntax | None = None,
        reads: tuple[str, ...] = (),
        needs: tuple[str, ...] = (),
        linker: str | None = None,
        environment: str | None = None,
    ):
        self.package = package
        # Discovery's file kind -> (the artifact kind it becomes, the module whose
        # parse(path, text, settings) makes it, or None when it is not one after all).
        self.parsers = parsers or {}
        # The artifact kinds it makes; the first is the one its rules judge by default.
        self.artifacts = artifacts
        # Files governing a directory and everything under it (go.mod): read as
        # context for the artifacts below them.
        self.governing = governing
        # How far cross-file context reaches for this kind: "project" (every file
        # of the kind) or "directory" (a Go package is one directory).
        self.context_scope = context_scope
        # How its files write comments, and so suppressions (suppressions.HASH,
        # SLASH); None when it has no files of its own.
        self.comments = comments
        # The artifact kinds its cross-file (project) rules read, so which other
        # files a lint needs is known without importing any rule (a test checks
        # every rule's `reads` against it); empty when no rule reads other files.
        self.reads = reads
        # For a package of rules only (cnlint/cross): its rules can find
        # something only when one of these kinds is among the inputs.
        self.needs = needs
        # A module whose link(project) ties this package's artifacts to the rest
        # once all are parsed, before any rule runs (the go.mod governing a Go file).
        self.linker = linker
        # A module whose environment(settings_list) names, as strings, what its
        # rules read besides files and settings (a program they run, schema
        # directories), so the result cache knows when an answer went stale.
        self.environment = environment

    @property
    def name(self) -> str:
        return self.artifacts[0] if self.artifacts else self.package.rsplit(".", 1)[-1]

    def rule_modules(self) -> list[str]:
        try:
            rules = importlib.import_module(self.package + ".rules")
        except ModuleNotFoundError:
            return []
        # the .py files of the folder: pkgutil.iter_modules would import inspect (and ast, dis, tokenize)
        names = sorted({entry.name[:-3] for folder in rules.__path__ for entry in os.scandir(folder) if entry.name.endswith(".py") and entry.is_file()})
        return [f"{rules.__name__}.{name}" for name in names if not name.startswith("_")]


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
