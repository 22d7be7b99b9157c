"""cnlint: lint Dockerfiles, Kubernetes manifests and Go source as one service."""

__version__ = "0.1.0"
