"""Dockerfiles: the located model and parser (model.py), the shell reading of
RUN (shell.py), hadolint's config (hadolint_config.py), and the rules."""

from cnlint.kinds import ArtifactKind
from cnlint.suppressions import HASH

KIND = ArtifactKind(
    package=__name__,
    parsers={"dockerfile": ("dockerfile", "cnlint.dockerfile.model")},
    artifacts=("dockerfile",),
    comments=HASH,
    environment="cnlint.dockerfile.tools",
)
