"""Config: found upwards, nearest wins, validated with one clear line."""

from __future__ import annotations

import json

import pytest
from helpers import run_cli

LATEST = "FROM alpine:latest\nMAINTAINER x\n"
ONLY = ["--select", "DF002,DF003"]  # config mechanics on a fixed pair of rules


def _codes(proc):
    return sorted({d["code"] for d in json.loads(proc.stdout)})


def _project(tmp_path, config_name="pyproject.toml", config="", dockerfile=LATEST):
    (tmp_path / "Dockerfile").write_text(dockerfile)
    if config_name:
        (tmp_path / config_name).write_text(config)
    return tmp_path


def check(tmp_path, *args):
    return run_cli("check", "--format", "json", *args, cwd=tmp_path)


@pytest.mark.parametrize(
    ("name", "config"),
    [
        ("pyproject.toml", '[tool.cnlint]\nignore = ["DF002"]\n'),
        ("cnlint.toml", 'ignore = ["DF002"]\n'),
        (".cnlint.toml", 'ignore = ["latest-base-image"]\n'),
    ],
)
def test_each_config_file_is_found(tmp_path, name, config):
    assert _codes(check(_project(tmp_path, name, config))) == ["DF003"]


def test_pyproject_without_a_cnlint_table_is_not_a_config(tmp_path):
    (tmp_path / "cnlint.toml").write_text('ignore = ["DF003"]\n')
    (tmp_path / "sub").mkdir()
    _project(tmp_path / "sub", "pyproject.toml", "[project]\nname = 'x'\n")
    assert _codes(check(tmp_path, "sub")) == ["DF002"]


def test_nearest_config_wins(tmp_path):
    (tmp_path / "cnlint.toml").write_text('ignore = ["DF002"]\n')
    (tmp_path / "svc").mkdir()
    _project(tmp_path / "svc", "cnlint.toml", 'ignore = ["DF003"]\n')
    _project(tmp_path, None)
    out = json.loads(check(tmp_path).stdout)
    assert sorted((d["path"], d["code"]) for d in out) == [("Dockerfile", "DF003"), ("svc/Dockerfile", "DF002")]


def test_dot_cnlint_toml_beats_pyproject_in_the_same_directory(tmp_path):
    _project(tmp_path, "pyproject.toml", '[tool.cnlint]\nignore = ["DF002"]\n')
    (tmp_path / ".cnlint.toml").write_text('ignore = ["DF003"]\n')
    assert _codes(check(tmp_path)) == ["DF002"]


def test_config_flag_and_isolated(tmp_path):
    _project(tmp_path, "cnlint.toml", 'ignore = ["DF002"]\n')
    (tmp_path / "other.toml").write_text('ignore = ["DF003"]\n')
    assert _codes(check(tmp_path, "--config", "other.toml", *ONLY)) == ["DF002"]
    assert _codes(check(tmp_path, "--isolated", *ONLY)) == ["DF002", "DF003"]


def test_cli_selection_overrides_the_file(tmp_path):
    _project(tmp_path, "cnlint.toml", 'select = ["DF003"]\n')
    assert _codes(check(tmp_path)) == ["DF003"]
    assert _codes(check(tmp_path, "--select", "DF002")) == ["DF002"]
    assert _codes(check(tmp_path, "--extend-select", "DL3007")) == ["DF002", "DF003"]  # DF003 from the file
    assert _codes(check(tmp_path, "--select", "DF002,DF003", "--ignore", "DF003")) == ["DF002"]


def test_select_all_enables_rules_that_are_off_by_default(tmp_path):
    _project(tmp_path, None)
    assert "DF006" not in _codes(check(tmp_path))
    assert "DF006" in _codes(check(tmp_path, "--select", "ALL"))
    assert "DF006" in _codes(check(tmp_path, "--extend-select", "base-image-without-digest"))


def test_severity_override_and_fail_on(tmp_path):
    _project(tmp_path, "cnlint.toml", 'select = ["DF002"]\nfail-on = "error"\n[severity]\nDF002 = "info"\n')
    proc = check(tmp_path)
    assert [d["severity"] for d in json.loads(proc.stdout)] == ["info"]
    assert proc.returncode == 0
    assert check(tmp_path, "--fail-on", "info").returncode == 1


def test_per_file_ignores_are_relative_to_the_config(tmp_path):
    _project(tmp_path, "cnlint.toml", '[per-file-ignores]\n"svc/*" = ["DF"]\n')
    (tmp_path / "svc").mkdir()
    (tmp_path / "svc" / "Dockerfile").write_text(LATEST)
    out = json.loads(check(tmp_path).stdout)
    assert {d["path"] for d in out} == {"Dockerfile"}


def test_exclude(tmp_path):
    _project(tmp_path, "cnlint.toml", 'exclude = ["generated", "*.old.Dockerfile"]\n')
    for name in ("generated/Dockerfile", "app.old.Dockerfile", "vendor/Dockerfile", "node_modules/x/Dockerfile"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(LATEST)
    assert {d["path"] for d in json.loads(check(tmp_path).stdout)} == {"Dockerfile"}


@pytest.mark.parametrize(
    ("config", "message"),
    [
        ('[tool.cnlint]\nselct = ["DF"]\n', "[tool.cnlint] selct: unknown key (did you mean 'select'?)"),
        ('[tool.cnlint]\nselect = "DF"\n', "[tool.cnlint] select: expected a list, got a string 'DF'"),
        ('[tool.cnlint]\nfail-on = "fatal"\n', "fail-on: 'fatal' is not one of"),
        ('[tool.cnlint]\nselect = ["NOPE1"]\n', "select: unknown rule or selector 'NOPE1'"),
        ('[tool.cnlint.per-file-ignores]\n"x" = ["NOPE1"]\n', "per-file-ignores.x: unknown rule or selector 'NOPE1'"),
        ('[tool.cnlint.severity]\nDF002 = "fatal"\n', "severity.DF002: 'fatal' is not one of"),
        ("[tool.cnlint\n", "invalid TOML"),
        ('[tool]\ncnlint = 3\n', "[tool.cnlint] must be a table"),
    ],
)
def test_a_bad_config_is_one_line_naming_file_and_key(tmp_path, config, message):
    proc = check(_project(tmp_path, "pyproject.toml", config))
    assert proc.returncode == 2
    assert proc.stdout == ""
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, proc.stderr
    assert "pyproject.toml" in lines[0] and message in lines[0], lines[0]


def test_missing_config_flag_file(tmp_path):
    proc = check(_project(tmp_path, None), "--config", "nope.toml")
    assert proc.returncode == 2 and "nope.toml: config file not found" in proc.stderr


def test_a_valid_config_is_parsed_and_validated_once_per_content(tmp_path, monkeypatch):
    import cnlint.config as config

    path = tmp_path / "cnlint.toml"
    path.write_text('select = ["DF"]\n[verify.timeouts]\nbuild = 2.5\n')
    first = config.settings_from(path)
    assert first.select == ("DF",)
    with monkeypatch.context() as m:
        m.setattr("jsonschema.Draft202012Validator", None)  # a second validation would fail
        m.setattr(config, "_read_toml", None)  # and so would parsing the TOML again
        assert config.settings_from(path) == first
    path.write_text('select = ["KM"]\n')  # a new text is read and checked afresh
    assert config.settings_from(path).select == ("KM",)
    path.write_text('select = "KM"\n')
    with pytest.raises(config.ConfigError):
        config.settings_from(path)
    path.write_text('select = ["DF"]\n[verify.timeouts]\nbuild = 2.5\n')  # the text the cache holds: not checked again
    with monkeypatch.context() as m:
        m.setattr(config, "_read_toml", None)
        assert config.settings_from(path) == first
