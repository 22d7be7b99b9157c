"""Regular expressions compiled on first use.

A run imports many modules whose patterns it never uses (the comment forms
of other file kinds, rules with nothing to match); compiling them all at
import costs more than linting a small file. `lazy(source, flags)` stands in
for `re.compile(source, flags)` and compiles on the first use.
"""

from __future__ import annotations

import re

# The methods copied onto the instance once compiled, so that later calls
# are found directly and cost what the compiled pattern's own do.
_METHODS = ("match", "fullmatch", "search", "sub", "subn", "split", "findall", "finditer")


class Lazy:
    def __init__(self, source: str, flags: int = 0):
        self._source = source
        self._flags = flags

    def compiled(self) -> re.Pattern:
        found = self.__dict__.get("_compiled")
        if found is None:
            found = self._compiled = re.compile(self._source, self._flags)
            for name in _METHODS:
                setattr(self, name, getattr(found, name))
        return found

    def __getattr__(self, name: str):
        # reached only for what is not set yet: the methods before the first
        # use, and the rest of re.Pattern (pattern, flags, groupindex, ...)
        if name.startswith("__") or name in ("_source", "_flags", "_compiled"):
            raise AttributeError(name)
        return getattr(self.compiled(), name)

    def __repr__(self) -> str:
        return f"lazy({self._source!r}, {self._flags})"


def lazy(source: str, flags: int = 0) -> re.Pattern:
    """A pattern compiled when first used (typed as the pattern it becomes)."""
    return Lazy(source, flags)  # type: ignore[return-value]
