"""Go: the tree-sitter model (model.py), package scope and types (scope.py),
go.mod (gomod.py), and the rules."""

from cnlint.kinds import ArtifactKind
from cnlint.suppressions import SLASH

KIND = ArtifactKind(
    package=__name__,
    parsers={"go": ("go", "cnlint.golang.model")},
    artifacts=("go",),
    context_scope="directory",
    comments=SLASH,
)
