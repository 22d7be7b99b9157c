"""Rules that read several artifact kinds together: the service a
Dockerfile, its manifests and its Go code make."""

from cnlint.kinds import ArtifactKind

# Its rules read every kind (cnlint/cross/seams.py ALL_KINDS); each starts
# from a Dockerfile or from the containers of a manifest.
KIND = ArtifactKind(package=__name__, reads=("dockerfile", "kubernetes", "go", "gomod"), needs=("dockerfile", "kubernetes"))
