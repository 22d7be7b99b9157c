"""Every fix, safe and unsafe, applied to the real files in benchmarks/corpus:
no file parses worse and no object validates worse than before, and what
the fixes wrote reads back to the same findings."""

from __future__ import annotations

from collections import Counter

import pytest
from conftest import ROOT

from cnlint.config import Overrides, Resolver
from cnlint.discovery import discover
from cnlint.engine import Engine, read
from cnlint.registry import load_catalogue

CORPUS = ROOT / "benchmarks" / "corpus"
# What a fix must never make worse: parse problems, schema violations, rules that fail.
WORSE = ("CN001", "CN003", "KM100")


def _engine() -> Engine:
    fixable = tuple(r.code for r in load_catalogue() if r.fixable)
    return Engine(Resolver(isolated=True, overrides=Overrides(select=(*fixable, *WORSE)), root=ROOT))


def _damage(result) -> Counter:
    counts = Counter((d.path, d.code) for d in result.diagnostics if d.code in WORSE)
    for artifact in result.project.artifacts:
        counts[(artifact.path, "objects")] -= len(getattr(artifact, "objects", ()))
    return counts


@pytest.mark.parametrize("corpus", sorted(p.name for p in CORPUS.iterdir() if p.is_dir()))
def test_every_fix_keeps_the_corpus_as_valid_as_it_was(corpus):
    engine = _engine()
    inputs = [read(ref) for ref in discover([str(CORPUS / corpus)], engine.resolver)]
    before = engine.lint(inputs)
    fixed = engine.fix(inputs, unsafe=True)
    # Read back from scratch, as the next run would.
    again = engine.lint([i.replace(text=fixed.changes[i.path][1]) if i.path in fixed.changes else i for i in inputs])
    was, now = _damage(before), _damage(again)
    assert {k: (was[k], now[k]) for k in now if now[k] > was[k]} == {}
    assert sorted(d.sort_key() for d in again.diagnostics) == sorted(d.sort_key() for d in fixed.diagnostics)


def test_the_corpus_has_fixes_of_both_kinds_to_apply():
    engine = _engine()
    inputs = [read(ref) for ref in discover([str(CORPUS / "kubernetes"), str(CORPUS / "dockerfiles")], engine.resolver)]
    fixes = [d.fix for d in engine.lint(inputs).diagnostics if d.fix]
    assert any(f.safe for f in fixes) and any(not f.safe for f in fixes)
    assert any("spec.selector" in f.description for f in fixes)
