"""How the files of a run are shared among worker processes."""

from __future__ import annotations

import logging
import os
import signal
from types import SimpleNamespace

import pytest

from cnlint.config import Resolver
from cnlint.engine import Engine, workers
from cnlint.engine.workers import SHARES_PER_JOB, _Forked, _shares


def _artifact(path: str, kind: str, size: int):
    return SimpleNamespace(path=path, kind=kind, source=SimpleNamespace(text="x" * size))


def test_a_go_package_is_never_split_and_the_largest_share_goes_first():
    files = [_artifact(f"big/f{i}.go", "go", 10_000) for i in range(20)]
    files += [_artifact(f"small{i}/a.go", "go", 2_000) for i in range(30)]
    shares = _shares(files, jobs=2)
    by_directory: dict[str, set[int]] = {}
    for number, share in enumerate(shares):
        for n in share:
            by_directory.setdefault(files[n].path.rsplit("/", 1)[0], set()).add(number)
    assert all(len(numbers) == 1 for numbers in by_directory.values())
    assert by_directory["big"] == {0}  # a package larger than a share is one, and first
    assert sorted(n for share in shares for n in share) == list(range(len(files)))


def test_files_of_other_kinds_in_one_directory_are_spread():
    files = [_artifact(f"dockerfiles/{i}.Dockerfile", "dockerfile", 1_000) for i in range(80)]
    shares = _shares(files, jobs=2)
    assert len(shares) >= 2 * SHARES_PER_JOB - 1
    assert max(len(s) for s in shares) <= 2 * len(files) // (2 * SHARES_PER_JOB)
    assert sorted(n for share in shares for n in share) == list(range(len(files)))


def _square(n: int) -> int:
    return n * n


def _pid(_) -> int:
    return os.getpid()


def _no_children_left() -> bool:
    try:
        os.waitpid(-1, os.WNOHANG)
    except ChildProcessError:
        return True
    return False


@pytest.mark.parametrize("jobs", [1, 2, 7])
def test_the_workers_give_every_result_in_the_order_of_the_tasks(jobs):
    tasks = [(_square, n) for n in range(25)]
    with _Forked(jobs, tasks) as pool:
        assert pool.results() == [n * n for n in range(25)]
    assert _no_children_left()


def test_the_results_are_the_workers_not_this_process():
    with _Forked(2, [(_pid, n) for n in range(6)]) as pool:
        assert os.getpid() not in pool.results()


def _fails(n: int):
    if n == 3:
        raise ValueError("no such thing")
    return n


def _dies(n: int):
    if n == 3:
        os.kill(os.getpid(), signal.SIGKILL)
    return n


def test_a_task_that_raises_fails_the_pool_and_says_why():
    with _Forked(2, [(_fails, n) for n in range(8)]) as pool, pytest.raises(ChildProcessError, match="ValueError: no such thing"):
        pool.results()
    assert _no_children_left()


def test_a_worker_that_is_killed_fails_the_pool():
    with _Forked(2, [(_dies, n) for n in range(8)]) as pool, pytest.raises(ChildProcessError, match="exit status -9"):
        pool.results()
    assert _no_children_left()


def _sleeps(_):
    import time

    time.sleep(60)


def test_closing_stops_the_workers_at_once():
    with _Forked(2, [(_sleeps, n) for n in range(4)]):
        pass  # as when the parent is interrupted: nothing waits a minute
    assert _no_children_left()


def test_a_failed_worker_costs_time_not_findings(tmp_path, monkeypatch, caplog):
    """The run falls back to this process and finds what it would have."""
    for i in range(60):
        (tmp_path / f"{i}.Dockerfile").write_text("FROM alpine:latest\nRUN cd /tmp && apk add curl\n" + "# padding\n" * 500)
    fresh = Engine(Resolver(isolated=True, root=tmp_path), jobs=1).lint_paths([str(tmp_path)]).diagnostics
    monkeypatch.setattr(workers, "_file_task", lambda share: _fails(3))
    with caplog.at_level(logging.INFO, logger="cnlint"):
        again = Engine(Resolver(isolated=True, root=tmp_path), jobs=2).lint_paths([str(tmp_path)]).diagnostics
    assert fresh and again == fresh
    assert any("worker processes failed (ChildProcessError: a worker failed: ValueError: no such thing)" in r.getMessage() for r in caplog.records)
    assert _no_children_left()


def _frozen(_) -> int:
    import gc

    return gc.get_freeze_count()


def test_what_exists_at_the_fork_is_frozen_for_the_workers_collector_only():
    import gc

    before = gc.get_freeze_count()
    with _Forked(2, [(_frozen, n) for n in range(4)]) as pool:
        assert min(pool.results()) > before  # a worker's collections skip the parent's objects
    assert gc.get_freeze_count() == 0  # given back to this process's collector


class _Interrupted(Exception):
    pass


def test_a_parent_interrupted_while_it_waits_stops_its_workers():
    def interrupt(signum, frame):
        raise _Interrupted

    before = signal.signal(signal.SIGALRM, interrupt)
    try:
        signal.setitimer(signal.ITIMER_REAL, 0.5, 5)  # again every 5 s: a wait that hangs is interrupted too
        with pytest.raises(_Interrupted), _Forked(2, [(_sleeps, n) for n in range(4)]) as pool:
            pool.results()
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, before)
    assert _no_children_left()  # none left sleeping: stopped, not waited for


def test_more_tasks_than_a_pipe_holds_fail_the_pool_without_waiting():
    import gc

    with pytest.raises(OSError):
        _Forked(2, [(_square, n) for n in range(20_000)])  # 80 kB of task numbers
    assert _no_children_left() and gc.get_freeze_count() == 0
