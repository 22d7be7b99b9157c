"""The catalogue and the implementations agree, and rule files are checked."""

from __future__ import annotations

import pytest

from cnlint import checks
from cnlint.registry import CatalogueError, Catalogue, load_catalogue, _validate

CATALOGUE = load_catalogue()


def test_every_rule_file_has_an_implementation_and_back():
    implemented = set(checks.ENGINE_CODES)
    for kind, table in checks.all_checks().items():
        for code in list(table.per_artifact) + list(table.per_project):
            assert code not in implemented, f"{code} is implemented twice"
            implemented.add(code)
    documented = {r.code for r in CATALOGUE}
    assert documented - implemented == set(), "rule files without an implementation"
    assert implemented - documented == set(), "implementations without a rule file"


def test_engine_codes_match_their_names():
    for code, name in checks.ENGINE_CODES.items():
        assert CATALOGUE.by_code[code].name == name


def test_checks_live_in_the_module_of_their_artifact():
    prefixes = {"dockerfile": "DF", "kubernetes": "KM", "go": "GO", "cross": "XA"}
    for kind, table in checks.all_checks().items():
        for code in list(table.per_artifact) + list(table.per_project):
            assert code.startswith(prefixes[kind]), f"{code} is in the {kind} checks"


def test_lookup_by_code_name_and_alias_is_case_insensitive():
    rule = CATALOGUE.by_code["DF002"]
    for ident in ("DF002", "df002", "latest-base-image", "DL3007", "dl3007"):
        assert CATALOGUE.get(ident) is rule


def test_selectors():
    assert CATALOGUE.matching("ALL") == set(CATALOGUE.by_code)
    assert CATALOGUE.matching("DF") == {c for c in CATALOGUE.by_code if c.startswith("DF")}
    assert CATALOGUE.matching("DL3007") == {"DF002"}
    assert CATALOGUE.matching("dockerfile-pinning") == {"DF001", "DF002", "DF006"}
    assert CATALOGUE.matching("no-such-thing") == set()


def _write_rule(tmp_path, text, folder="dockerfile", name="DF900.yaml"):
    (tmp_path / folder).mkdir(parents=True, exist_ok=True)
    (tmp_path / folder / name).write_text(text)
    return sorted(tmp_path.glob("*/*.yaml"))


GOOD_RULE = """\
code: DF900
name: some-rule
severity: warning
summary: One line
fixable: false
aliases: []
description: |
  ## What it does
  x
  ## Why is this bad?
  x
  ## Example
  x
  ## Use instead
  x
examples:
  bad: ["FROM x"]
  good: ["FROM y"]
"""


def test_a_valid_rule_file_loads(tmp_path):
    [data] = _validate(_write_rule(tmp_path, GOOD_RULE))
    assert data["artifact"] == "dockerfile"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (("severity: warning", "severity: fatal"), "severity"),
        (("## Use instead", "## Instead"), "description"),
        (("fixable: false\n", ""), "'fixable' is a required property"),
        (("aliases: []", "aliases: []\nextra: 1"), "extra: unknown key"),
        (("code: DF900", "code: KM900"), "must start with DF"),
        (("name: some-rule", "name: Some_Rule"), "name"),
        (("summary: One line", "summary: [unclosed"), "cannot read rule file"),
    ],
)
def test_a_broken_rule_file_is_named(tmp_path, change, message):
    files = _write_rule(tmp_path, GOOD_RULE.replace(*change), name="KM900.yaml" if "KM900" in change[1] else "DF900.yaml")
    with pytest.raises(CatalogueError) as err:
        _validate(files)
    assert str(tmp_path) in str(err.value)
    assert message in str(err.value)


def test_duplicate_names_are_refused(tmp_path):
    _write_rule(tmp_path, GOOD_RULE)
    files = _write_rule(tmp_path, GOOD_RULE.replace("DF900", "DF901"), name="DF901.yaml")
    with pytest.raises(CatalogueError, match="already used"):
        _validate(files)


def test_only_kinds_with_cross_file_rules_need_context():
    # ShellCheck is batched over the reported files; it reads no other Dockerfile.
    assert "DF084" in checks.checks_for("dockerfile").batch
    assert not checks.checks_for("dockerfile").cross_file
    assert checks.checks_for("kubernetes").cross_file
