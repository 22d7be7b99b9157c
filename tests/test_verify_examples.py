"""Every verify rule's examples, run by `cnlint verify` on a real Docker
engine: each bad example reports its rule, each good one does not, and
nothing the run made is left behind. Cluster examples run only where kind
can start a cluster."""

from __future__ import annotations

import json
import re

import pytest
from docker_support import base_image, engine, leftovers, localised, verify_config
from helpers import run_cli

from cnlint.registry import load_catalogue

CATALOGUE = load_catalogue()
RULES = [r for r in CATALOGUE if r.artifact == "verify"]


def _cases(kind: str):
    for rule in RULES:
        for i, example in enumerate(rule.examples[kind]):
            yield pytest.param(rule, example, id=f"{rule.code}-{kind}-{i}")


def _verify(tmp_path, example):
    if example.get("runtime") == "cluster":
        pytest.skip("a cluster example: it runs only where kind can start a cluster (none can here)")
    image, why = base_image()
    if image is None:
        pytest.skip(why)
    for name, text in example["files"].items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(localised(text, image))
    verify = dict(example.get("config", {}).get("verify", {}))
    (tmp_path / "cnlint.toml").write_text(verify_config(image, **verify))
    answer = run_cli("verify", "--no-lint", "--fast-probes", "--format", "json", cwd=tmp_path)
    assert answer.returncode in (0, 1), answer.stderr
    run_id = re.search(r"run ([0-9a-f]+):", answer.stderr).group(1)
    assert leftovers(engine()[0], run_id) == [], "verify left containers or volumes behind"
    return json.loads(answer.stdout)


@pytest.mark.parametrize(("rule", "example"), list(_cases("bad")))
def test_bad_example_reports_rule(tmp_path, rule, example):
    found = _verify(tmp_path, example)
    assert rule.code in [d["code"] for d in found], f"{rule.code} did not report its bad example; got {found}"


@pytest.mark.parametrize(("rule", "example"), list(_cases("good")))
def test_good_example_is_clean(tmp_path, rule, example):
    found = _verify(tmp_path, example)
    assert [d for d in found if d["code"].startswith("VF")] == []


def test_every_verify_rule_has_a_bad_example():
    assert [r.code for r in RULES if not r.examples["bad"]] == []
