"""Dockerfile settings: label-schema rules and migration from .hadolint.yaml."""

from __future__ import annotations

import pytest
from helpers import codes, lint, run_cli

from cnlint.config import Resolver
from cnlint.diagnostics import Span
from cnlint.dockerfile.hadolint_config import HadolintConfigError, load
from cnlint.engine import Engine

A = "FROM alpine:3.20\n"
SCHEMA = {"label-schema": {"org.opencontainers.image.version": "semver", "maintainer": "email"}}


def test_typed_label_points_at_its_key():
    found = lint(A + 'LABEL maintainer="team at example" org.opencontainers.image.version=1.2\n', select=["DF055", "DF057"], config=SCHEMA)
    assert [(d.code, d.span) for d in found] == [("DF057", Span(2, 7, 2, 17)), ("DF055", Span(2, 36, 2, 68))]
    assert found[1].message == "label 'org.opencontainers.image.version' is '1.2', which is not a semantic version as label-schema requires"


def test_label_value_from_an_arg_is_resolved_or_left_alone():
    cfg = {"label-schema": {"v": "semver"}}
    assert codes(lint(A + "ARG V=1.0\nLABEL v=$V\n", select=["DF055"], config=cfg)) == ["DF055"]
    assert lint(A + "ARG V\nLABEL v=$V\n", select=["DF055"], config=cfg) == []


def test_missing_label_counts_labels_of_parent_stages():
    base = "FROM alpine:3.20 AS base\nLABEL maintainer=team@example.com\nFROM base\nLABEL org.opencontainers.image.version=1.0.0\n"
    assert lint(base, select=["DF048"], config=SCHEMA) == []
    found = lint("FROM alpine:3.20\nLABEL maintainer=team@example.com\n", select=["DF048"], config=SCHEMA)
    assert [(d.span.line, d.message) for d in found] == [(1, "the image has no label 'org.opencontainers.image.version', which label-schema requires")]


def test_spdx_expressions():
    cfg = {"label-schema": {"l": "spdx"}}
    for good in ("MIT", "(MIT OR Apache-2.0) AND BSD-3-Clause", "GPL-2.0-only WITH Classpath-exception-2.0"):
        assert lint(A + f'LABEL l="{good}"\n', select=["DF053"], config=cfg) == [], good
    for bad in ("MIT and Apache", "MIT OR", "(MIT"):
        assert codes(lint(A + f'LABEL l="{bad}"\n', select=["DF053"], config=cfg)) == ["DF053"], bad


def test_reading_hadolint_yaml():
    text = """
# comment
ignored:
  - DL3008
  - SC2086   # trailing comment
override:
  error: [DL3015]
  style:
  - DL3059
trustedRegistries:
- docker.io
- "quay.io"
label-schema:
  author: text
strict-labels: true
failure-threshold: error
"""
    assert load(text) == {
        "ignored": ["DL3008", "SC2086"],
        "override": {"error": ["DL3015"], "style": ["DL3059"]},
        "trustedRegistries": ["docker.io", "quay.io"],
        "label-schema": {"author": "text"},
        "strict-labels": True,
        "failure-threshold": "error",
    }


def _lint_dir(tmp_path, dockerfile, hadolint, cnlint_toml=None):
    (tmp_path / "Dockerfile").write_text(dockerfile)
    (tmp_path / ".hadolint.yaml").write_text(hadolint)
    if cnlint_toml is not None:
        (tmp_path / "cnlint.toml").write_text(cnlint_toml)
    engine = Engine(Resolver())
    return engine, engine.lint_paths([str(tmp_path)])


def test_hadolint_yaml_ignores_overrides_and_trusts(tmp_path):
    text = "FROM quay.io/org/app:1.0\nRUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*\n"
    config = "ignored: [DL3008, DL9999]\noverride:\n  error: [DL3015]\ntrustedRegistries: [docker.io]\nfailure-threshold: error\n"
    engine, result = _lint_dir(tmp_path, text, config)
    found = {d.code: d.severity for d in result.diagnostics}
    assert "DF011" not in found
    assert found["DF017"] == "error"
    assert "DF027" in found
    assert engine.resolver.for_dir(tmp_path).fail_on == "error"


def test_cnlint_config_wins_over_hadolint_yaml(tmp_path):
    config = "trustedRegistries: [docker.io]\noverride:\n  error: [DL3015]\n"
    toml = 'trusted-registries = ["quay.io"]\n[severity]\nDF017 = "warning"\n'
    _, result = _lint_dir(tmp_path, "FROM quay.io/org/app:1.0\nRUN apt-get install -y curl=1\n", config, toml)
    found = {d.code: d.severity for d in result.diagnostics}
    assert "DF027" not in found
    assert found["DF017"] == "warning"


def test_verbose_says_what_was_migrated(tmp_path):
    (tmp_path / "Dockerfile").write_text(A)
    (tmp_path / ".hadolint.yaml").write_text("ignored:\n  - DL3006\n  - DL3005\n")
    quiet = run_cli("check", cwd=tmp_path)
    assert "hadolint" not in quiet.stderr
    loud = run_cli("check", "--verbose", cwd=tmp_path)
    assert "cnlint: " + str(tmp_path / ".hadolint.yaml") + ": using hadolint settings where the cnlint config sets none: ignored DL3006" in loud.stderr
    assert "no cnlint rule for DL3005, left out" in loud.stderr
    assert loud.stdout == quiet.stdout


def test_unreadable_hadolint_yaml_is_a_warning_not_an_error(tmp_path):
    _, result = _lint_dir(tmp_path, "FROM alpine:latest\n", "ignored: [\n  - x\n bad: indentation\n")
    assert codes(result.diagnostics) == ["DF002"]


# ---- reading .hadolint.yaml: the manifests' YAML loader ----------------------------


def test_hadolint_yaml_scalars_read_as_manifests_do(tmp_path, monkeypatch):
    monkeypatch.setenv("CNLINT_CACHE_DIR", str(tmp_path))
    assert load("strict-labels: yes\nignored: [DL3008, 'on']\nfailure-threshold: ~\n") == {
        "strict-labels": True,
        "ignored": ["DL3008", "on"],
        "failure-threshold": None,
    }
    assert load("") == {} and load("# only a comment\n") == {}


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("ignored:\n  - DL3008\nignored:\n  - DL3009\n", "line 3, column 1: duplicate key 'ignored' (first on line 1)"),
        ("ignored: [\n  - x\n bad: indentation\n", "line 2, column 3: expected the node content, but found '-'"),
        ("override:\n  error: [DL3015\n", "line 3, column 1: "),
    ],
)
def test_a_broken_hadolint_yaml_says_which_line(tmp_path, monkeypatch, text, message):
    monkeypatch.setenv("CNLINT_CACHE_DIR", str(tmp_path))
    with pytest.raises(HadolintConfigError) as err:
        load(text)
    assert str(err.value).startswith(message)


def test_a_broken_hadolint_yaml_is_named_in_the_warning(tmp_path):
    (tmp_path / "Dockerfile").write_text(A)
    (tmp_path / ".hadolint.yaml").write_text("ignored: [DL3006]\nignored: [DL3007]\n")
    result = run_cli("check", "--verbose", cwd=tmp_path)
    assert (
        str(tmp_path / ".hadolint.yaml") + ": cannot read hadolint config, so it is not used: line 2, column 1: duplicate key 'ignored' (first on line 1)"
    ) in result.stderr


def test_a_read_hadolint_yaml_is_cached_so_a_dockerfile_run_loads_no_yaml_library(tmp_path):
    import subprocess
    import sys

    probe = (
        "import sys\nfrom cnlint.dockerfile.hadolint_config import load\n"
        "print(load('ignored: [DL3006]\\nstrict-labels: on\\n'), 'yaml' in sys.modules)\n"
    )
    env = {**__import__("os").environ, "CNLINT_CACHE_DIR": str(tmp_path)}
    runs = [subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60, check=True, env=env).stdout for _ in range(2)]
    assert runs == ["{'ignored': ['DL3006'], 'strict-labels': True} True\n", "{'ignored': ['DL3006'], 'strict-labels': True} False\n"]
