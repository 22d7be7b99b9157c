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

import gc
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
    global _state
    _state = (runner, artifacts, project, rules)
    notes.info("rules run in %d processes", jobs)
    # the slowest project rules first: they are one task each; a batch rule
    # mostly waits for another program (ShellCheck): it runs here meanwhile,
    # where it would keep a worker idle
    tasks = [(_project_task, n) for n, rule in enumerate(rules) if not rule.batch]
    tasks += [(_file_task, share) for share in _shares(artifacts, jobs)]
    try:
        with _Forked(jobs, tasks) as pool:
            here = {n: runner.project_rule(rule, project) for n, rule in enumerate(rules) if rule.batch}
            done = pool.results()
    finally:
        _state = None
    per_file: list[list[Diagnostic]] = [[] for _ in artifacts]
    by_rule = {}  # a project rule's results, said after every file's (the order of a sequential run)
    for (work, argument), result in zip(tasks, done, strict=True):
        if work is _file_task:
            for n, found in _said(result):
                per_file[n] = found
        else:
            by_rule[argument] = result
    return per_file, [d for n in range(len(rules)) for d in (here[n] if n in here else _said(by_rule[n]))]


class _Forked:
    """Worker processes forked from this one, so each starts with the run in
    memory. They take the numbers of the tasks from one pipe they share (a
    read of four bytes takes one whole number), so a worker that is done
    takes the next, and each writes the results of its tasks to a pipe of
    its own once the numbers run out. Lighter than a ProcessPoolExecutor,
    whose modules alone cost a run 20 ms; fork-only, as the workers are.

    What exists at the fork is frozen for the garbage collector, as Python's
    documentation advises before a fork: a worker's collections then walk
    only what it makes, not the whole parsed run, nor copy the pages they
    would touch."""

    def __init__(self, jobs: int, tasks: list):
        self.tasks = tasks
        self.children: list[tuple[int, int]] = []  # (pid, read end of its results)
        gc.freeze()
        try:
            numbers, feed = os.pipe()
            try:
                # All at once, before any worker reads, so that every read
                # finds whole numbers. A pipe holds far more numbers than a
                # run has tasks (64 KiB, or 4 KiB where the system is short
                # of pipe memory); one that cannot take them all fails the
                # pool (the rules then run here), it never waits.
                os.set_blocking(feed, False)
                if os.write(feed, b"".join(n.to_bytes(4, "little") for n in range(len(tasks)))) != 4 * len(tasks):
                    raise OSError("the task numbers did not fit in a pipe")
                for _ in range(max(1, min(jobs, len(tasks)))):
                    self._fork(numbers, feed)
            finally:
                os.close(numbers)
                os.close(feed)
        except BaseException:
            self.close()
            raise

    def _fork(self, numbers: int, feed: int) -> None:
        read_end, write_end = os.pipe()
        pid = os.fork()
        if pid == 0:  # the worker: never returns
            try:
                os.close(read_end)
                os.close(feed)  # or the numbers would never run out
                for _, earlier in self.children:
                    os.close(earlier)
                self._work(numbers, write_end)
            finally:
                os._exit(1)
        os.close(write_end)
        self.children.append((pid, read_end))

    def _work(self, numbers: int, out: int) -> None:
        import pickle

        code = 0
        try:
            done = []
            while taken := os.read(numbers, 4):
                n = int.from_bytes(taken, "little")
                work, argument = self.tasks[n]
                done.append((n, work(argument)))
            payload = pickle.dumps(done, pickle.HIGHEST_PROTOCOL)
        except BaseException as exc:  # said by the parent, which then runs the rules itself
            code, payload = 1, pickle.dumps(f"{type(exc).__name__}: {exc}")
        try:
            view = memoryview(payload)
            while view:
                view = view[os.write(out, view) :]
        finally:
            os._exit(code)  # no atexit handlers, no flush of what the parent had buffered

    def results(self) -> list:
        """Each task's result, in the order of the tasks; ChildProcessError
        when a worker failed or died."""
        import pickle

        out: dict[int, object] = {}
        while self.children:
            pid, read_end = self.children[0]  # interrupted while it reads, close() stops the worker
            with os.fdopen(read_end, "rb", closefd=False) as f:
                payload = f.read()
            self.children.pop(0)
            os.close(read_end)
            _, status = os.waitpid(pid, 0)
            done = pickle.loads(payload) if payload else f"exit status {os.waitstatus_to_exitcode(status)}"
            if isinstance(done, str):
                raise ChildProcessError(f"a worker failed: {done}")
            out.update(done)
        if len(out) != len(self.tasks):
            raise ChildProcessError(f"{len(self.tasks) - len(out)} tasks were not done")
        return [out[n] for n in range(len(self.tasks))]

    def close(self) -> None:
        """Stop and reap the workers still running (after a failure or an
        interrupt), and give what was frozen back to the collector."""
        import signal

        for pid, read_end in self.children:
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            os.close(read_end)
            os.waitpid(pid, 0)
        self.children = []
        gc.unfreeze()

    def __enter__(self) -> _Forked:
        return self

    def __exit__(self, *exc) -> None:
        self.close()
