"""A short coverage-guided run of every fuzzing target (tests/fuzz_coverage.py;
`make fuzz` runs them at length)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("atheris", reason="atheris (coverage-guided fuzzing) has wheels for Linux x86_64 only")

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from fuzz_coverage import TARGETS  # noqa: E402


@pytest.mark.parametrize("target", TARGETS)
def test_a_short_coverage_guided_run_finds_nothing(target, tmp_path):
    proc = subprocess.run(
        [sys.executable, str(HERE / "fuzz_coverage.py"), target, "-runs=200", "-seed=1", "-max_len=8192", f"-artifact_prefix={tmp_path}/crash-", str(tmp_path / "corpus")],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    assert re.search(r"Done \d+ runs", proc.stderr), proc.stderr[-2000:]  # the seeds count as runs too
    assert not list(tmp_path.glob("crash-*"))


def test_a_failing_input_is_caught_and_kept(tmp_path):
    # the driver reports an input its check fails on, as libFuzzer does: exit code and the input kept
    seed = tmp_path / "seeds"
    seed.mkdir()
    (seed / "a").write_text("x")
    probe = (
        "import sys\n"
        f"sys.path.insert(0, {str(HERE)!r})\n"
        "import fuzz_checks\n"
        "def fail(text):\n"
        "    raise AssertionError('planted')\n"
        "fuzz_checks.dockerfile = fail\n"
        "import fuzz_coverage\n"
        f"fuzz_coverage.fuzz('dockerfile', ['-runs=10', '-artifact_prefix={tmp_path}/crash-', {str(seed)!r}])\n"
    )
    proc = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=300)
    assert proc.returncode != 0 and "planted" in proc.stdout + proc.stderr
    assert list(tmp_path.glob("crash-*"))
