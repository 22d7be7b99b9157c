"""Kubernetes manifests: the YAML loader and object model, the API schemas,
shared accessors for objects and pod specs (common.py), and the rules."""

from cnlint.kinds import ArtifactKind
from cnlint.suppressions import HASH

KIND = ArtifactKind(
    package=__name__,
    parsers={"yaml": ("kubernetes", "cnlint.kubernetes.model")},
    reads=("kubernetes",),
    artifacts=("kubernetes",),
    comments=HASH,
    environment="cnlint.kubernetes.schemas",
)
