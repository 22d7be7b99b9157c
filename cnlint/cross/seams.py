"""Where a cross-artifact finding is reported.

A seam has two sides: the line to change in one artifact and the lines it
disagrees with in others. The finding goes to the first side whose file is
reported on (so pre-commit, naming only the changed Dockerfile, still shows
the seam with a manifest it reads as context); the other sides become
related locations (SARIF relatedLocations, LSP relatedInformation).
"""

from __future__ import annotations

from typing import NamedTuple

from cnlint.diagnostics import Finding, Related, Span

# What a cross rule reads: every artifact kind.
ALL_KINDS = ("dockerfile", "kubernetes", "go", "gomod")


class Side(NamedTuple):
    path: str
    span: Span
    note: str  # what this side says, for the related location


def seam(project, message: str, *sides: Side, logical=None) -> Finding | None:
    """A finding at the first side reported on, the others related; None when
    every side is context."""
    reported = [s for s in sides if s.path not in project.context]
    if not reported:
        return None
    primary = reported[0]
    related = tuple(Related(s.path, s.span, s.note) for s in sides if s is not primary)
    return Finding(primary.span, message, related=related, logical=logical if primary is sides[0] else None, path=primary.path)
