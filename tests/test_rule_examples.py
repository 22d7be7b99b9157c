"""Every rule's bad examples must report it; every good example must not."""

from __future__ import annotations

import pytest
from helpers import DEFAULT_NAMES, codes, lint, lint_files

from cnlint.registry import load_catalogue

CATALOGUE = load_catalogue()


def _cases(kind: str):
    for rule in CATALOGUE:
        if rule.artifact == "verify":  # run by `cnlint verify`: tests/test_verify_examples.py
            continue
        for i, example in enumerate(rule.examples[kind]):
            yield pytest.param(rule, example, id=f"{rule.code}-{kind}-{i}")


def _lint_example(rule, example):
    select = [rule.code]
    if isinstance(example, str):
        return lint(example, DEFAULT_NAMES[rule.artifact], select=select)
    config = example.get("config")
    if "files" in example:
        return lint_files(example["files"], select=select, config=config)
    return lint(example["text"], example.get("filename", DEFAULT_NAMES[rule.artifact]), select=select, config=config)


@pytest.mark.parametrize(("rule", "example"), list(_cases("bad")))
def test_bad_example_reports_rule(rule, example):
    found = _lint_example(rule, example)
    assert rule.code in codes(found), f"{rule.code} did not report its bad example; got {codes(found)}"


@pytest.mark.parametrize(("rule", "example"), list(_cases("good")))
def test_good_example_is_clean(rule, example):
    found = _lint_example(rule, example)
    assert rule.code not in codes(found), [d.message for d in found if d.code == rule.code]


def test_every_rule_but_internal_error_has_a_bad_example():
    assert [r.code for r in CATALOGUE if not r.examples["bad"]] == ["CN003"]
