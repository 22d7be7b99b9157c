"""Go: the tree-sitter model (model.py), package scope and types (scope.py),
the packages of a run and the go.mod governing each file (index.py), go.mod
(gomod.py), what the rules read off the syntax (syntax.py), and the rules."""

from cnlint.kinds import ArtifactKind
from cnlint.suppressions import SLASH

KIND = ArtifactKind(
    package=__name__,
    parsers={"go": ("go", "cnlint.golang.model"), "gomod": ("gomod", "cnlint.golang.gomod")},
    reads=("go",),
    artifacts=("go", "gomod"),
    context_scope="directory",
    governing=("go.mod",),
    comments=SLASH,
    linker="cnlint.golang.index",
)
