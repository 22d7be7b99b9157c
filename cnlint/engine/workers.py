"""Running the rules of a parsed project on several cores.

Once every file is parsed and the project indexed, the rules are pure
functions of that state: the per-file rules of a share of the files, and each
project rule, are separate tasks. Worker processes are forked at that point,
so each starts with the parsed project already in memory (nothing parsed is
sent to them; only their diagnostics come back). A parser may leave its
costliest part to the first rule that needs it: Go files get their trees in
the worker whose share holds their package, so that parsing is shared out
too (and a file whose findings the cache holds is not parsed at all).
Results are put back in the order of the sequential run, so the output never
depends on --jobs.

Where fork is not available (Windows, and macOS, where Python does not
fork by default), while other threads run (the editor's server), or when
the work is too small to pay for the processes, the rules run in this
process.
"""

from __future__ import annotations

import os
import sys

from cnlint import notes
from cnlint.diagnostics import Diagnostic

MIN_BYTES = 256 * 1024  # less than this is linted faster than processes start
SHARES_PER_JOB = 4  # files are unequal: smaller shares keep every worker busy

_state = None  # (runner, artifacts, project, project rules) in a forked worker


def cpus() -> int:
    """CPUs this process may run on (a container may get fewer than the machine has)."""
    try:
        return len(os.sched_getaffinity(0)) or 1
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def _can_fork() -> bool:
    import threading  # only here: a run too small for workers needs none of it

    return sys.platform.startswith("linux") and threading.active_count() == 1


def _shares(artifacts: list, jobs: int) -> list[list[int]]:
    """Indexes of `artifacts` in about jobs × SHARES_PER_JOB shares of
    similar size, the largest first. The files of a kind whose rules read
    their directory (a Go package) are never split: a package's types and
    calls are worked out once per worker that reads it, so a package larger
    than a share is a share of its own."""
    from cnlint import kinds

    sizes = [len(a.source.text) + 200 for a in artifacts]
    target = max(sum(sizes) // (jobs * SHARES_PER_JOB), 1)
    groups: dict[str, list[int]] = {}
    for n in sorted(range(len(artifacts)), key=lambda n: artifacts[n].path):
        owner = kinds.for_artifact(artifacts[n].kind)
        together = owner is not None and owner.context_scope == "directory"
        groups.setdefault(os.path.dirname(artifacts[n].path) + "/" if together else artifacts[n].path, []).append(n)
    shares: list[list[int]] = []
    filled: list[int] = []
    for files in groups.values():
        size = sum(sizes[n] for n in files)
        if shares and filled[-1] + size <= target:
            shares[-1].extend(files)
            filled[-1] += size
        else:
            shares.append(list(files))
            filled.append(size)
    order = sorted(range(len(shares)), key=lambda i: -filled[i])
    return [sorted(shares[i]) for i in order]


def _noted(work):
    """Run `work` in a worker; its notes go back to the parent to be said
    (and remembered with the run), not printed here."""
    with notes.collecting(quiet=True) as said:
        found = work()
    return found, said


def _file_task(indexes: list[int]):
    runner, artifacts, project, _ = _state
    return _noted(lambda: [(n, runner.artifact_rules(artifacts[n], project)) for n in indexes])


def _project_task(n: int):
    runner, _, project, rules = _state
    return _noted(lambda: runner.project_rule(rules[n], project))


def run(runner, artifacts: list, project, jobs: int) -> tuple[list[list[Diagnostic]], list[Diagnostic]]:
    """(each artifact's per-file diagnostics, the project rules' diagnostics)."""
    rules = runner.enabled_project_rules(project)
    for rule in rules:
        if rule.start is not None:
            try:
                rule.start(project)
            except Exception:  # the rule fails again when it runs, and is reported then
                pass
    size = sum(len(a.source.text) for a in artifacts)
    if jobs > 1 and size >= MIN_BYTES and _can_fork():
        try:
            return _in_processes(runner, artifacts, project, rules, jobs)
        except Exception as exc:  # no processes to be had (limits), a worker killed: do it here
            notes.info("worker processes failed (%s: %s), so the rules run in this one", type(exc).__name__, exc)
    per_file = [runner.artifact_rules(a, project) for a in artifacts]
    return per_file, [d for rule in rules for d in runner.project_rule(rule, project)]


def _said(result):
    found, said = result
    for note in said:
        notes.warning("%s", note)
    return found


def _in_processes(runner, artifacts, project, rules, jobs):
    import multiprocessing  # only here: it costs a one-file run several milliseconds
    from concurrent.futures import ProcessPoolExecutor

    global _state
    _state = (runner, artifacts, project, rules)
    notes.info("rules run in %d processes", jobs)
    try:
        with ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context("fork")) as pool:
            # the slowest project rules first: they are one task each
            project_futures = {n: pool.submit(_project_task, n) for n, rule in enumerate(rules) if not rule.batch}
            file_futures = [pool.submit(_file_task, share) for share in _shares(artifacts, jobs)]
            # a batch rule mostly waits for another program (ShellCheck): it
            # runs here meanwhile, where it would keep a worker idle
            here = {n: runner.project_rule(rule, project) for n, rule in enumerate(rules) if rule.batch}
            per_file: list[list[Diagnostic]] = [[] for _ in artifacts]
            for future in file_futures:
                for n, found in _said(future.result()):
                    per_file[n] = found
            return per_file, [d for n in range(len(rules)) for d in (here[n] if n in here else _said(project_futures[n].result()))]
    finally:
        _state = None
