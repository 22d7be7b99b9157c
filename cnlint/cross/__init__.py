"""Rules that read several artifact kinds together: the service a
Dockerfile, its manifests and its Go code make."""

from cnlint.kinds import ArtifactKind

KIND = ArtifactKind(package=__name__)
