"""`project.view(Analysis)`: for each Go package, as one of its files sees
it, the types its files declare (cnlint/golang/types.py) and its call graph
with the control flow of its functions (cnlint/golang/calls.py,
cnlint/golang/flow.py). Each is made on first use and shared by every rule
and every file of the package.

A _test.go file sees the package's tests as well, so a package with tests
has two: one for its build, one for its tests. A file in no package (a
package clause missing) is a package of its own.
"""

from __future__ import annotations

from cnlint.golang.calls import CallGraph
from cnlint.golang.index import Packages
from cnlint.golang.types import PackageTypes


class PackageAnalysis:
    def __init__(self, files):
        self.files = list(files)
        self.types = PackageTypes(self.files)
        self.calls = CallGraph(self.files, self.types)


class Analysis:
    def __init__(self):
        self._of: dict = {}

    @classmethod
    def build(cls, project) -> Analysis:
        project.view(Packages)  # gives each file the package scope it sees
        return cls()

    def of(self, doc) -> PackageAnalysis:
        scope = doc.scopes.package
        key = id(scope) if scope is not None else id(doc)
        found = self._of.get(key)
        if found is None:
            found = self._of[key] = PackageAnalysis(scope.files if scope is not None else [doc])
        return found
