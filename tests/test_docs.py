"""The docs generated from rules/ are current, and the README keeps its promises."""

from __future__ import annotations

from conftest import ROOT

from cnlint.docs import rules_markdown
from cnlint.registry import load_catalogue


def test_rule_reference_is_generated_from_rules():
    expected = rules_markdown(load_catalogue())
    actual = (ROOT / "docs" / "rules.md").read_text()
    assert actual == expected, "docs/rules.md is stale: run `make docs`"


def test_readme_opens_with_the_two_setup_commands():
    head = (ROOT / "README.md").read_text().split("\n## ")[0]
    assert "make check" in head and "make test" in head


def test_ci_runs_make_test():
    assert "make test" in (ROOT / ".ci" / "run").read_text()
