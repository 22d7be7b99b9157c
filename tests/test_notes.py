"""Notes: what a run says besides its findings, and when logging is loaded for them."""

from __future__ import annotations

import logging
import subprocess
import sys

from cnlint import notes

PROBE = """
import sys
from cnlint import notes
notes.configure(verbose=False)
notes.info("not heard %s", 1)
print("logging" in sys.modules)
with notes.collecting() as kept:
    notes.warning("heard %s", 2)
print("logging" in sys.modules, kept)
"""


def test_logging_is_loaded_only_once_a_note_is_said():
    proc = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, timeout=60, check=True)
    assert proc.stdout.split("\n")[:2] == ["False", "True ['heard 2']"]
    assert proc.stderr == "cnlint: heard 2\n"


def test_verbose_says_info_too():
    code = "from cnlint import notes\nnotes.configure(verbose=True)\nnotes.info('rules run in %d processes', 2, name='cnlint.x')\n"
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True)
    assert proc.stderr == "cnlint: rules run in 2 processes\n"


def test_collected_warnings_are_kept_by_every_collector_and_a_quiet_one_says_none(caplog):
    with caplog.at_level(logging.INFO, logger="cnlint"):
        with notes.collecting() as outer:
            notes.warning("first")
            with notes.collecting(quiet=True) as inner:
                notes.warning("second %s", "note")
                notes.info("an info note is neither kept nor said")
            notes.info("an info note is not kept")
            notes.warning("third")
    assert outer == ["first", "second note", "third"]
    assert inner == ["second note"]
    said = [(r.levelname, r.getMessage()) for r in caplog.records if r.name == "cnlint"]
    assert said == [("WARNING", "first"), ("INFO", "an info note is not kept"), ("WARNING", "third")]
    assert notes._collectors == [] and notes._quiet is False


def test_a_worker_keeps_its_warnings_and_its_parent_says_them(caplog):
    from cnlint.engine import workers

    def work():
        notes.warning("shellcheck failed, so SC checks were skipped: %s", "gone")
        return ["found"]

    with caplog.at_level(logging.INFO, logger="cnlint"):
        result = workers._noted(work)
        assert result == (["found"], ["shellcheck failed, so SC checks were skipped: gone"])
        assert not caplog.records  # the worker says nothing itself
        with notes.collecting() as kept:
            assert workers._said(result) == ["found"]
    assert [r.getMessage() for r in caplog.records] == ["shellcheck failed, so SC checks were skipped: gone"]
    assert kept == ["shellcheck failed, so SC checks were skipped: gone"]  # and the run keeps it with its results
