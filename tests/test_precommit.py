"""The pre-commit hooks, run by the real pre-commit against a real git repository."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest
from conftest import ROOT

PRE_COMMIT = [sys.executable, "-m", "pre_commit"]

DOCKERFILE = "FROM alpine:3.20\nMAINTAINER Jane <jane@example.com>\nUSER 65532\n"
DEPLOYMENT = """\
apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
        - name: web
          image: nginx:1.27
          resources: {requests: {cpu: 100m}, limits: {memory: 128Mi}}
          securityContext: {runAsNonRoot: true, readOnlyRootFilesystem: true}
"""
SERVICE = "apiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec:\n  selector: {app: web}\n  ports: [{port: 80}]\n"
GO = 'package main\n\nimport "os"\nimport "os/signal"\n\nfunc main() {\n\tc := make(chan os.Signal)\n\tsignal.Notify(c, os.Interrupt)\n\t<-c\n}\n'


def git(cwd, *args):
    return subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.com", *args], cwd=cwd, check=True, capture_output=True, text=True)


@pytest.fixture(scope="module")
def hook_repo(tmp_path_factory):
    """The cnlint source as a committed repository pre-commit can install from."""
    repo = tmp_path_factory.mktemp("hook-repo")
    shutil.copytree(ROOT, repo, dirs_exist_ok=True, ignore=shutil.ignore_patterns(".git", ".venv", "__pycache__", "*.pyc", ".pytest_cache", "benchmarks"))
    git(repo, "init", "-q")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "snapshot")
    return repo, git(repo, "rev-parse", "HEAD").stdout.strip()


@pytest.fixture(scope="module")
def env(tmp_path_factory):
    out = dict(os.environ)
    out["PRE_COMMIT_HOME"] = str(tmp_path_factory.mktemp("pre-commit-home"))
    out.pop("GITHUB_ACTIONS", None)
    return out


@pytest.fixture
def project(tmp_path):
    for name, text in {"Dockerfile": DOCKERFILE, "k8s/deployment.yaml": DEPLOYMENT, "k8s/service.yaml": SERVICE, "main.go": GO}.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text)
    git(tmp_path, "init", "-q")
    git(tmp_path, "add", "-A")
    return tmp_path


def try_repo(hook_repo, env, cwd, hook, *args):
    repo, rev = hook_repo
    cmd = PRE_COMMIT + ["try-repo", str(repo), hook, "--ref", rev, "--color", "never", *args]
    return subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, timeout=600)


def test_manifest_is_valid():
    proc = subprocess.run(PRE_COMMIT + ["validate-manifest", str(ROOT / ".pre-commit-hooks.yaml")], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_hook_fails_on_flaws_then_fix_hook_fixes_then_passes(hook_repo, env, project):
    proc = try_repo(hook_repo, env, project, "cnlint", "--all-files")
    assert proc.returncode == 1, proc.stdout
    assert "Dockerfile:2:1: DF003" in proc.stdout and "main.go:8:16: GO003" in proc.stdout

    fixed = try_repo(hook_repo, env, project, "cnlint-fix", "--all-files")
    assert fixed.returncode == 1  # pre-commit fails a hook that changed files
    assert "files were modified by this hook" in fixed.stdout
    assert 'LABEL maintainer="Jane <jane@example.com>"' in (project / "Dockerfile").read_text()
    assert "make(chan os.Signal, 1)" in (project / "main.go").read_text()

    git(project, "add", "-A")
    clean = try_repo(hook_repo, env, project, "cnlint", "--all-files")
    assert clean.returncode == 0, clean.stdout
    assert "Passed" in clean.stdout


def test_cross_file_rules_see_the_whole_repository(hook_repo, env, project):
    # Only the Service is passed; its Deployment is elsewhere in the repository.
    ok = try_repo(hook_repo, env, project, "cnlint-kubernetes", "--files", "k8s/service.yaml")
    assert ok.returncode == 0, ok.stdout
    (project / "k8s/service.yaml").write_text(SERVICE.replace("app: web", "app: api"))
    git(project, "add", "-A")
    dangling = try_repo(hook_repo, env, project, "cnlint-kubernetes", "--files", "k8s/service.yaml")
    assert dangling.returncode == 1
    assert "k8s/service.yaml:5:3: KM004" in dangling.stdout
    assert "deployment.yaml" not in dangling.stdout  # context files are read, never reported


def test_per_artifact_hooks_only_see_their_files(hook_repo, env, project):
    proc = try_repo(hook_repo, env, project, "cnlint-dockerfile", "--all-files")
    assert proc.returncode == 1
    assert "DF003" in proc.stdout and "GO003" not in proc.stdout


def test_changing_only_the_dockerfile_still_shows_its_seam_with_the_manifest(hook_repo, env, project):
    # The Deployment runs registry.example.com/web as a non-root user; the web/
    # Dockerfile that builds that image (linked by its directory's name) now runs as root.
    (project / "k8s/deployment.yaml").write_text(DEPLOYMENT.replace("nginx:1.27", "registry.example.com/web:1.0"))
    (project / "web").mkdir()
    (project / "web/Dockerfile").write_text("FROM alpine:3.20\nCOPY web /web\nUSER 65532\nENTRYPOINT [\"/web\"]\n")
    git(project, "add", "-A")
    ok = try_repo(hook_repo, env, project, "cnlint", "--files", "web/Dockerfile")
    assert ok.returncode == 0, ok.stdout
    (project / "web/Dockerfile").write_text("FROM alpine:3.20\nCOPY web /web\nUSER root\nENTRYPOINT [\"/web\"]\n")
    git(project, "add", "-A")
    seam = try_repo(hook_repo, env, project, "cnlint", "--files", "web/Dockerfile")
    assert seam.returncode == 1
    assert "web/Dockerfile:3:6: XA002" in seam.stdout
    assert "deployment.yaml:" not in seam.stdout  # the manifest is read, never reported
