"""The project's Go code as packages, and the go.mod governing each file.

`project.view(Packages)` groups the Go files of a run by package: one
directory and one package clause, as the go command builds them. Building
it also gives each file's scopes the files of its package they may follow
a name into (`Scopes.package`), so every rule that looks across files
(`per_package`) reads the same grouping, made once per run.

`link(project)` runs once all artifacts are parsed, before any rule: it
gives each Go file the language version of the go.mod that governs it.
"""

from __future__ import annotations

import os
from functools import wraps
from pathlib import Path

from cnlint.golang import gomod
from cnlint.golang.scope import PackageScope, package_name


class Package:
    """One Go package: the files of a directory that share a package clause;
    compared by identity."""

    def __init__(self, directory: str, name: str, files: list, build: PackageScope, tests: PackageScope):
        self.directory = directory  # absolute
        self.name = name
        self.files = files  # GoFiles in the project's order, _test.go files included
        self.build = build  # what a non-test file sees: the package's other non-test files
        self.tests = tests  # what a _test.go file sees: every file of the package
        self.server_facts = None  # cnlint/golang/facts.py, read on first use

    def __repr__(self) -> str:
        return f"Package({self.name!r} in {self.directory!r})"

    @property
    def is_main(self) -> bool:
        return self.name == "main"

    @property
    def imports(self) -> frozenset[str]:
        """Every path a file of the package imports, tests included."""
        return self.tests.imports

    def scope_for(self, doc) -> PackageScope:
        """The files `doc` sees, as the build does: a _test.go file sees
        the whole package, any other file only the non-test ones."""
        return self.tests if doc.path.endswith("_test.go") else self.build


class Packages:
    """The Go packages of a run, in the order their first file came."""

    def __init__(self, packages: list[Package]):
        self.packages = packages
        self._by_file = {id(doc): package for package in packages for doc in package.files}

    @classmethod
    def build(cls, project) -> Packages:
        return cls.of(project.of_kind("go"))

    @classmethod
    def of(cls, files) -> Packages:
        """Group Go files by package and set each file's `scopes.package`.
        A file without a package clause belongs to none."""
        groups: dict = {}
        for doc in files:
            name = package_name(doc)
            if name is not None:
                # Where the file is, not where its display path points from here.
                directory = str(doc.absolute.parent) if doc.absolute is not None else os.path.dirname(os.path.abspath(doc.path))
                groups.setdefault((directory, name), []).append(doc)
        out = []
        for (directory, name), group in groups.items():
            package = Package(directory, name, group, PackageScope(d for d in group if not d.path.endswith("_test.go")), PackageScope(group))
            for doc in group:
                doc.scopes.package = package.scope_for(doc)
            out.append(package)
        return cls(out)

    def __iter__(self):
        return iter(self.packages)

    def of_file(self, doc) -> Package | None:
        return self._by_file.get(id(doc))


def per_package(check):
    """A rule of one file that sees the package-level declarations of the
    other files of its package (a WaitGroup declared in one file and used in
    another): the files are grouped into packages before it runs. Those
    files are a Go file's inputs as much as its own text (context, the
    result cache's key), so the rule is a per-file one: the files of a run
    are shared among the workers."""

    @wraps(check)
    def run(doc, ctx):
        ctx.project.view(Packages)
        return check(doc, ctx)

    return run


# ---- go.mod -------------------------------------------------------------------


def link(project) -> None:
    """Give each Go file the language version of the go.mod that governs it:
    the nearest among the project's go.mod artifacts, in the file's real
    directory or above. A //go:build line still comes first; a file no
    go.mod of the project governs keeps the version it was parsed with."""
    modules: dict[Path, object] = {}
    for mod in project.of_kind(gomod.ARTIFACT):
        if mod.absolute is not None:
            modules.setdefault(_real_directory(mod.absolute), mod)
    if not modules:
        return
    governed: dict[Path, tuple] = {}  # a package's files share a directory
    for doc in project.of_kind("go"):
        if doc.absolute is None:
            continue
        found = governed.get(doc.absolute.parent)
        if found is None:
            directory = _real_directory(doc.absolute)
            mod = next((modules[d] for d in (directory, *directory.parents) if d in modules), None)
            found = governed[doc.absolute.parent] = (directory, mod.language_version if mod is not None else None)
        doc.directory, doc.module_version = found


def _real_directory(path: Path) -> Path:
    return Path(os.path.realpath(path.parent))
