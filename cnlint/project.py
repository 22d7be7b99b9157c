"""The index: every artifact of a run, for rules that look across files."""

from __future__ import annotations

from dataclasses import dataclass, field

from cnlint.artifact import Artifact
from cnlint.config import Settings


@dataclass
class Project:
    artifacts: list[Artifact]
    settings: Settings  # the settings in force where the run started
    # Paths read only so cross-file rules see them; nothing is reported on them.
    context: frozenset[str] = field(default_factory=frozenset)

    def of_kind(self, kind: str) -> list[Artifact]:
        """Every artifact of a kind, context included: what a rule may look at."""
        return [a for a in self.artifacts if a.kind == kind]

    def targets(self, kind: str) -> list[Artifact]:
        """The artifacts of a kind that findings are reported on."""
        return [a for a in self.artifacts if a.kind == kind and a.path not in self.context]

    @property
    def kinds(self) -> set[str]:
        return {a.kind for a in self.artifacts}
