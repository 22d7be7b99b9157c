"""benchmarks/run.py prints its table (no time is asserted: the one-file rows only)."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_the_quick_benchmark_prints_a_table():
    proc = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "run.py"), "--runs", "1", "--quick"],
                          capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    lines = proc.stdout.splitlines()
    assert lines[0].startswith("load average ") and " CPUs" in lines[0]
    table = [[cell.strip() for cell in line.strip("|").split("|")] for line in lines if line.startswith("|")]
    assert table[0] == ["work", "peer", "peer time", "cnlint", "ratio (cnlint/peer)"]
    rows = {row[0]: row for row in table[2:]}
    assert set(rows) == {"examples/Dockerfile", "examples/k8s/deployment.yaml", "examples/main.go"}
    for work, peer, theirs, ours, _ in rows.values():
        assert ours.endswith(")") and " s (best " in ours, (work, ours)
        # a peer that is not installed is said to be, never dropped
        assert theirs == "not installed" or " s (best " in theirs or peer == "(none)", (work, theirs)
