"""The index: every artifact of a run, and views derived from them.

A view is a class with `build(project)`; `project.view(ObjectIndex)` builds
it on first use and keeps it for the rest of the run, so every rule that
asks shares one lookup (objects by name, Go packages, the service model).
"""

from __future__ import annotations

from typing import TypeVar

from cnlint.artifact import Artifact
from cnlint.config import Settings

V = TypeVar("V")


class Project:
    def __init__(self, artifacts: list[Artifact], settings: Settings, context: frozenset[str] = frozenset()):
        self.artifacts = artifacts
        self.settings = settings  # the settings in force at the root of the run
        # Paths read only so cross-file rules see them; nothing is reported on them.
        self.context = context
        self._views: dict = {}

    def of_kind(self, kind: str) -> list[Artifact]:
        """Every artifact of a kind, context included: what a rule may look at."""
        return [a for a in self.artifacts if a.kind == kind]

    def targets(self, kind: str) -> list[Artifact]:
        """The artifacts of a kind that findings are reported on."""
        return [a for a in self.artifacts if a.kind == kind and a.path not in self.context]

    @property
    def by_path(self) -> dict[str, Artifact]:
        found = self._views.get("by_path")
        if found is None:
            found = self._views["by_path"] = {a.path: a for a in self.artifacts}
        return found

    @property
    def kinds(self) -> set[str]:
        return {a.kind for a in self.artifacts}

    def view(self, cls: type[V]) -> V:
        """The view `cls` of this project, built once."""
        found = self._views.get(cls)
        if found is None:
            found = self._views[cls] = cls.build(self)
        return found
