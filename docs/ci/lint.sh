#!/bin/sh
# A plain CI step for any runner with Python 3.10 or newer:
#   sh lint.sh [PATH...]
set -eu
[ $# -gt 0 ] || set -- .
command -v cnlint >/dev/null || python3 -m pip install --quiet "${CNLINT_SPEC:-cnlint}"
# JUnit for the runner's test-report view, then the readable log. The exit
# code is the verdict: 0 clean, 1 findings at or above fail-on, 2 an error.
cnlint check --format junit --output cnlint-junit.xml --exit-zero "$@"
cnlint check --no-source "$@"
