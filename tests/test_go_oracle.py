"""cnlint against Go's own analyzers on the labelled corpus (benchmarks/corpus/go).

These run only where the oracles are installed (Debian: golang-go,
go-staticcheck); the agreement logic itself is tested without them.
"""

from __future__ import annotations

import importlib.util
import re
import subprocess
from pathlib import Path

import pytest

from cnlint.registry import load_catalogue

ROOT = Path(__file__).resolve().parent.parent
_spec = importlib.util.spec_from_file_location("go_benchmark", ROOT / "benchmarks" / "go.py")
bench = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(bench)

STATICCHECK = bench.staticcheck_binary()


def _go_minor(go) -> int:
    out = subprocess.run([go, "env", "GOVERSION"], capture_output=True, text=True, timeout=60).stdout if go else ""
    m = re.match(r"go1\.(\d+)", out.strip())
    return int(m.group(1)) if m else 0


# go vet before 1.22 ignores the go.mod version for loop variables; every
# newer go installed is an oracle of its own.
VETS = [go for go in bench.go_binaries() if _go_minor(go) >= 22]


def test_cnlint_reports_every_labelled_case_and_nothing_else():
    assert bench.cnlint_findings() == bench.labels()


def test_labels_cover_every_go_rule_and_the_version_gates():
    labelled = {code for _, _, code in bench.labels()}
    rules = {r.code for r in load_catalogue() if r.artifact == "go"}
    assert labelled == rules
    by_module = {(path.split("/")[0], code) for path, _, code in bench.labels()}
    assert ("loopvar121", "GO005") in by_module and ("loopvar122", "GO005") not in by_module
    assert ("loopvar122", "GO013") in by_module and ("tick123", "GO013") not in by_module
    assert ("loopvar122", "GO010") in by_module and ("loopvar121", "GO010") not in by_module
    # declared in one file of the package, used in another
    across = {code for path, _, code in bench.labels() if path.startswith("pkgscope/")}
    assert {"GO006", "GO007", "GO010", "GO012", "GO024", "GO025", "GO026"} <= across


def test_declaration_of_a_line():
    path = bench.CORPUS / "conc" / "conc.go"
    lines = path.read_text().splitlines()
    inside = lines.index("\tdefer mu.Lock()") + 1
    assert lines[bench.declaration_of(path, inside) - 1] == "func DeferredLock() {"


@pytest.mark.skipif(not VETS, reason="no go 1.22 or later is installed (Debian: golang-1.22-go or newer)")
@pytest.mark.parametrize("go", VETS or [None])
def test_every_go_vet_finding_is_a_cnlint_finding_of_the_aliased_rule(go):
    aliases = bench.alias_map()
    mine = {(p, bench.declaration_of(bench.CORPUS / p, line), c) for p, line, c in bench.cnlint_findings()}
    vet = bench.vet_findings(go)
    mapped = [(p, bench.declaration_of(bench.CORPUS / p, line), code) for p, line, a in vet for code in aliases.get(a, ())]
    assert mapped, "go vet found nothing in the corpus"
    assert [m for m in mapped if m not in mine] == []


@pytest.mark.skipif(STATICCHECK is None, reason="staticcheck is not installed (Debian: apt-get install go-staticcheck)")
def test_staticcheck_findings_match_except_the_documented_ticker_cases():
    aliases = bench.alias_map()
    mine = {(p, bench.declaration_of(bench.CORPUS / p, line), c) for p, line, c in bench.cnlint_findings()}
    found = bench.staticcheck_findings(STATICCHECK)
    mapped = [(p, bench.declaration_of(bench.CORPUS / p, line), code) for p, line, a in found for code in aliases.get(a, ())]
    missing = sorted({(p, c) for p, d, c in mapped if (p, d, c) not in mine})
    # cnlint is quiet, by design, on time.Tick in an endless function and
    # from Go 1.23 on; staticcheck 2023.1 (Debian bookworm) reports both.
    documented = {("loopvar121/poller/poll.go", "GO013"), ("loopvar122/poller/poll.go", "GO013"), ("tick123/poller/poll.go", "GO013")}
    assert mapped and set(missing) <= documented
