"""Which other files a lint needs, and which lints a change affects.

One policy for every door: the CLI's `--context` and package loading, and the
editor's workspace, ask these functions. They follow from what each artifact
package declares its cross-file rules read (cnlint/kinds.py), so no rule is
imported to answer: a file is context for a lint when some package's rules
read both its kind and a linted kind.
Kinds scoped to a directory (a Go package is one directory) are context only
beside the linted files of that kind.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from cnlint import kinds


@cache
def _reads(target_kinds: frozenset[str]) -> frozenset[str]:
    out: set[str] = set()
    for kind in kinds.declared():
        if set(kind.reads) & target_kinds:
            out |= set(kind.reads)
    return frozenset(out)


def kinds_read(target_kinds) -> frozenset[str]:
    """Artifact kinds that cross-file rules need when these kinds are linted."""
    return _reads(frozenset(target_kinds))


def needs_context(file_kind: str) -> bool:
    """Whether linting a file of this kind reads other files."""
    return bool(kinds_read({kinds.artifact_of_file(file_kind)}))


def wanted(file_kind: str, path: Path, targets: list[tuple[Path, str]]) -> bool:
    """Whether `path` (of discovery kind `file_kind`) is context for linting
    `targets`, a list of (absolute path, discovery kind)."""
    kind = kinds.artifact_of_file(file_kind)
    target_kinds = {kinds.artifact_of_file(k) for _, k in targets}
    if kind not in kinds_read(target_kinds):
        return False
    if kinds.for_file_kind(file_kind).context_scope == "directory":
        same = [p for p, k in targets if kinds.artifact_of_file(k) == kind]
        return not same or any(path.parent == p.parent for p in same)
    return True


def directories(targets: list[tuple[Path, str]]) -> list[Path]:
    """Directories whose files of a directory-scoped kind are context for
    `targets` even when no --context names them (the rest of a Go package)."""
    out = set()
    for path, file_kind in targets:
        decl = kinds.for_file_kind(file_kind)
        if decl.context_scope == "directory" and kinds_read({kinds.artifact_of_file(file_kind)}):
            out.add(path.parent)
    return sorted(out)


def governing(targets: list[tuple[Path, str]], exists=Path.is_file) -> list[Path]:
    """The files that govern the linted files (the go.mod nearest above a Go
    file): always read, as the go command reads them. `exists` says whether a
    file is there (the editor counts unsaved buffers)."""
    out = set()
    for path, file_kind in targets:
        for name in kinds.for_file_kind(file_kind).governing:
            found = next((d / name for d in path.parents if exists(d / name)), None)
            if found is not None:
                out.add(found)
    return sorted(out)


def dependents(changed_kind: str | None, open_kinds: dict[str, str]) -> list[str]:
    """Of the open documents (uri -> discovery kind), those whose findings may
    change when a file of discovery kind `changed_kind` changes."""
    if changed_kind is None:
        return []
    changed = kinds.artifact_of_file(changed_kind)
    return [uri for uri, k in open_kinds.items() if k and (changed in kinds_read({kinds.artifact_of_file(k)}) or _governs(changed_kind, k))]


def _governs(changed_kind: str, file_kind: str) -> bool:
    from cnlint.discovery import classify

    return any(classify(name) == changed_kind for name in kinds.for_file_kind(file_kind).governing)
