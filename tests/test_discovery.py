"""Discovery: what is walked, what is skipped, how files are classified."""

from __future__ import annotations

import subprocess

import pytest

from cnlint import globs
from cnlint.config import Resolver
from cnlint.discovery import classify, discover


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("Dockerfile", "dockerfile"),
        ("Containerfile", "dockerfile"),
        ("Dockerfile.prod", "dockerfile"),
        ("api.Dockerfile", "dockerfile"),
        ("api.dockerfile", "dockerfile"),
        ("Dockerfile.dockerignore", None),
        (".dockerignore", None),
        ("deploy.yaml", "yaml"),
        ("deploy.YML", "yaml"),
        ("main.go", "go"),
        ("go.mod", "gomod"),
        ("README.md", None),
    ],
)
def test_classify(name, kind):
    assert classify(name) == kind


def _tree(root, names):
    for name in names:
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("x")


def _found(root, *paths):
    return sorted(ref.path for ref in discover([str(root / p) if p != "." else str(root) for p in paths or ["."]], Resolver(isolated=True)))


def test_walk_skips_vcs_vendor_and_node_modules(tmp_path):
    _tree(tmp_path, ["Dockerfile", "k8s/app.yaml", "cmd/main.go", ".git/x.yaml", "vendor/a/b.go", "node_modules/m/Dockerfile", "notes.txt"])
    assert _found(tmp_path) == [str(tmp_path / p) for p in ("Dockerfile", "cmd/main.go", "k8s/app.yaml")]


def test_gitignored_files_are_skipped(tmp_path):
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    _tree(tmp_path, ["Dockerfile", "build/Dockerfile", "gen/x.go", "k8s/app.yaml"])
    (tmp_path / ".gitignore").write_text("build/\n*.go\n")
    assert _found(tmp_path) == [str(tmp_path / p) for p in ("Dockerfile", "k8s/app.yaml")]
    # a file named explicitly is linted even if git ignores it
    assert _found(tmp_path, "gen/x.go") == [str(tmp_path / "gen/x.go")]


def test_configured_dockerfile_patterns(tmp_path):
    (tmp_path / "cnlint.toml").write_text('dockerfile-patterns = ["*.docker"]\n')
    _tree(tmp_path, ["api.docker"])
    assert [r.kind for r in discover([str(tmp_path)], Resolver())] == ["dockerfile"]


@pytest.mark.parametrize(
    ("pattern", "path", "hit"),
    [
        ("vendor", "a/vendor/x.go", True),
        ("*.gen.go", "pkg/x.gen.go", True),
        ("k8s/generated", "k8s/generated/a.yaml", True),
        ("k8s/*.yaml", "k8s/a.yaml", True),
        ("k8s/*.yaml", "other/k8s/a.yaml", False),
        ("**/testdata", "a/b/testdata/x.go", True),
        ("./svc/", "svc/Dockerfile", True),
        ("svc", "service/Dockerfile", False),
    ],
)
def test_globs(pattern, path, hit):
    assert globs.matches(pattern, path) is hit
