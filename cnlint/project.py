"""The index: every artifact of a run, for rules that look across files."""

from __future__ import annotations

from dataclasses import dataclass

from cnlint.artifacts import Artifact
from cnlint.config import Settings


@dataclass
class Project:
    artifacts: list[Artifact]
    settings: Settings  # the settings in force where the run started

    def of_kind(self, kind: str) -> list[Artifact]:
        return [a for a in self.artifacts if a.kind == kind]

    @property
    def kinds(self) -> set[str]:
        return {a.kind for a in self.artifacts}
