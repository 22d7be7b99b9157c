"""Machine-readable reports, each checked the way its consumer reads it."""

from __future__ import annotations

import json
import re
from pathlib import Path

from helpers import engine_for, run_cli
from jsonschema import Draft202012Validator, FormatChecker
from jsonschema.validators import validator_for
from junitparser import Failure, JUnitXml

from cnlint.diagnostics import Diagnostic, Logical, Related, Span
from cnlint.engine import Result
from cnlint.registry import load_catalogue
from cnlint.report import ReportContext, render
from cnlint.resources import schema
from cnlint.source import Source

SARIF_SCHEMA = json.loads((Path(__file__).parent / "data" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
DOCKERFILE = "FROM alpine:latest\nMAINTAINER x\n"  # DF002, and DF003 with a fix
K8S = "k8s/web app.yaml"  # a space, to be quoted in URIs
MANIFEST = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n  namespace: shop\n"


def lint(text: str = DOCKERFILE) -> Result:
    return engine_for().lint_text(text, "Dockerfile")


def report(fmt: str, result: Result, **ctx) -> str:
    return render(fmt, result, ReportContext(load_catalogue(), **ctx))


def mixed() -> Result:
    """Real Dockerfile findings plus Kubernetes ones built by hand."""
    result = lint()
    result.diagnostics += [
        Diagnostic(
            "KM001", "latest-image-tag", "info", "image uses 'latest'", K8S, Span(4, 9, 4, 12),
            related=(Related("Dockerfile", Span(1, 6, 1, 19), "built from here"),),
            logical=Logical("Deployment", "web", "shop"), artifact="kubernetes",
        ),
        # A code the catalogue does not know still gets a complete rule descriptor.
        Diagnostic("KM999", "no-limits", "warning", "no limits", "/srv/my app/ns.yaml", Span(1, 1, 2, 5), logical=Logical("Namespace", "shop")),
    ]
    result.sources[K8S] = Source(MANIFEST)
    return result


def sarif(result: Result, **ctx) -> dict:
    return json.loads(report("sarif", result, **ctx))


def by_rule(log: dict) -> dict:
    return {r["ruleId"]: r for r in log["runs"][0]["results"]}


# ---- SARIF ------------------------------------------------------------------


def test_sarif_validates_against_the_official_schema():
    # The OASIS schema declares draft-04; validate with what it declares.
    validator = validator_for(SARIF_SCHEMA)(SARIF_SCHEMA, format_checker=FormatChecker())
    for result in (mixed(), lint("FROM alpine:3.20\n")):
        for log in (sarif(result), sarif(result, docs_url="https://example.com/rules/{code}")):
            assert [e.message for e in validator.iter_errors(log)] == []


def test_sarif_meets_github_code_scanning_requirements():
    result = mixed()
    log = sarif(result)
    assert log["version"] == "2.1.0" and log["$schema"].endswith("sarif-schema-2.1.0.json")
    run = log["runs"][0]
    assert run["columnKind"] == "unicodeCodePoints"
    assert run["invocations"] == [{"executionSuccessful": True}]
    rules = run["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == ["DF002", "DF003", "KM001", "KM999"]
    for rule in rules:
        assert rule["shortDescription"]["text"] and rule["fullDescription"]["text"] and rule["help"]["text"]
        assert "helpUri" not in rule
    assert rules[1]["fullDescription"]["text"] == "Checks for the `MAINTAINER` instruction."
    assert rules[1]["properties"] == {"aliases": ["DL4000"], "tags": [], "artifact": "dockerfile"}
    for res in run["results"]:
        assert rules[res["ruleIndex"]]["id"] == res["ruleId"]
        assert res["message"]["text"]
        region = res["locations"][0]["physicalLocation"]["region"]
        assert {"startLine", "startColumn", "endLine", "endColumn"} <= set(region)
        assert re.fullmatch(r"[0-9a-f]{16}:[1-9][0-9]*", res["partialFingerprints"]["primaryLocationLineHash"])
    assert [r["level"] for r in run["results"]] == ["warning", "error", "note", "warning"]


def test_sarif_help_uri_only_with_a_docs_url():
    rules = sarif(lint(), docs_url="https://example.com/rules/{code}")["runs"][0]["tool"]["driver"]["rules"]
    assert [r["helpUri"] for r in rules] == ["https://example.com/rules/DF002", "https://example.com/rules/DF003"]


def test_sarif_locations_logical_locations_related_and_fixes():
    results = by_rule(sarif(mixed()))
    location = results["DF002"]["locations"][0]
    assert location["physicalLocation"] == {
        "artifactLocation": {"uri": "Dockerfile", "uriBaseId": "%SRCROOT%"},
        "region": {"startLine": 1, "startColumn": 6, "endLine": 1, "endColumn": 19},
    }
    assert "logicalLocations" not in location
    (fix,) = results["DF003"]["fixes"]
    (change,) = fix["artifactChanges"]
    assert change["replacements"] == [
        {
            "deletedRegion": {"startLine": 2, "startColumn": 1, "endLine": 2, "endColumn": 13},
            "insertedContent": {"text": 'LABEL maintainer="x"'},
        }
    ]
    km = results["KM001"]
    (logical,) = km["locations"][0]["logicalLocations"]
    assert (logical["name"], logical["fullyQualifiedName"], logical["kind"]) == ("web", "Deployment/shop/web", "object")
    assert km["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "k8s/web%20app.yaml"
    (related,) = km["relatedLocations"]
    assert related["message"]["text"] == "built from here"
    assert related["physicalLocation"]["artifactLocation"]["uri"] == "Dockerfile"
    absolute = results["KM999"]["locations"][0]
    assert absolute["physicalLocation"]["artifactLocation"] == {"uri": "file:///srv/my%20app/ns.yaml"}
    assert absolute["logicalLocations"][0]["fullyQualifiedName"] == "Namespace/shop"


def test_sarif_fingerprints_follow_the_line_text_not_the_line_number():
    def hashes(text):
        return [r["partialFingerprints"]["primaryLocationLineHash"] for r in sarif(lint(text))["runs"][0]["results"]]

    before = hashes(DOCKERFILE)
    assert hashes("FROM alpine:latest\n\n# the base image\nMAINTAINER x\n") == before
    assert hashes("FROM alpine:latest\nMAINTAINER y\n")[1] != before[1]
    first, second = hashes("FROM alpine:latest\nFROM alpine:latest\n")
    assert (first.split(":"), second.split(":")[1]) == ([first.split(":")[0], "1"], "2")


# ---- JSON ---------------------------------------------------------------------


def test_json_report_matches_its_schema():
    report_schema = schema("report.schema.json")
    Draft202012Validator.check_schema(report_schema)
    validator = Draft202012Validator(report_schema, format_checker=FormatChecker())
    data = json.loads(report("json", mixed()))
    assert [e.message for e in validator.iter_errors(data)] == []
    # Every optional field is exercised, and an unknown one is refused.
    assert {"artifact", "object", "related", "fix"} <= set().union(*data)
    data[0]["extra"] = 1
    assert not validator.is_valid(data)


# ---- GitHub Actions -------------------------------------------------------------

COMMAND = re.compile(r"::(error|warning|notice) ([^:]*)::(.*)")


def unescape(text: str) -> str:
    for code, char in (("%0D", "\r"), ("%0A", "\n"), ("%3A", ":"), ("%2C", ","), ("%25", "%")):
        text = text.replace(code, char)
    return text


def parse_command(line: str) -> tuple[str, dict, str]:
    kind, props, message = COMMAND.fullmatch(line).groups()
    return kind, {k: unescape(v) for k, v in (p.split("=", 1) for p in props.split(","))}, unescape(message)


def test_github_commands_parse_back_with_escaping():
    odd = Diagnostic("KM001", "odd", "info", "100%0A sure, a: b\r\nnext", "k8s/a,b:c%2C.yaml", Span(3, 5, 3, 9))
    multi = Diagnostic("KM002", "multi", "warning", "spans lines", "k8s/d.yaml", Span(1, 3, 2, 4))
    result = lint()
    result.diagnostics += [odd, multi]
    lines = report("github", result).splitlines()
    assert len(lines) == 4
    commands = [parse_command(line) for line in lines]
    assert [c[0] for c in commands] == ["warning", "error", "notice", "warning"]
    assert commands[0][1] == {
        "file": "Dockerfile", "line": "1", "col": "6", "endLine": "1", "endColumn": "19", "title": "DF002 latest-base-image"
    }
    assert commands[2][1]["file"] == odd.path and commands[2][2] == odd.message
    # GitHub takes columns only for a span on one line.
    assert commands[3][1] == {"file": "k8s/d.yaml", "line": "1", "endLine": "2", "title": "KM002 multi"}
    assert report("github", lint("FROM alpine:3.20\n")) == ""


# ---- JUnit --------------------------------------------------------------------------


def test_junit_reads_back_with_junitparser():
    result = mixed()
    result.diagnostics.append(Diagnostic("KM003", "x", "error", 'bad <tag> & "q"\x01', K8S, Span(1, 1, 1, 2)))
    result.sources["k8s/clean.yaml"] = Source(MANIFEST)
    (suite,) = JUnitXml.fromstring(report("junit", result))
    cases = list(suite)
    failures = [r for case in cases for r in case.result if isinstance(r, Failure)]
    assert suite.name == "cnlint"
    assert (suite.tests, suite.failures) == (len(result.diagnostics) + 1, len(result.diagnostics)) == (len(cases), len(failures))
    suite.update_statistics()  # what consumers recount must match what is declared
    assert (suite.tests, suite.failures) == (len(cases), len(failures))
    first = failures[1]
    assert (first.type, first.message) == ("DF003", 'MAINTAINER is deprecated; use LABEL maintainer="..."')
    assert first.text.startswith("Dockerfile:2:1: DF003 error:")
    assert failures[-1].message == 'bad <tag> & "q"\\x01'
    assert [c.classname for c in cases] == [d.path for d in result.diagnostics] + ["k8s/clean.yaml"]
    assert cases[-1].is_passed


def test_junit_clean_run_is_one_passing_testcase():
    for result in (lint("FROM alpine:3.20\n"), Result([])):
        (suite,) = JUnitXml.fromstring(report("junit", result))
        (case,) = suite
        assert (suite.tests, suite.failures, case.is_passed) == (1, 0, True)


# ---- GitLab Code Quality ----------------------------------------------------------------


def test_gitlab_code_quality_fields():
    issues = json.loads(report("gitlab", mixed()))
    for issue in issues:
        assert issue["description"].startswith(issue["check_name"] + " ")
        assert isinstance(issue["fingerprint"], str) and isinstance(issue["location"]["lines"]["begin"], int)
    assert [(i["check_name"], i["severity"], i["location"]["path"]) for i in issues] == [
        ("DF002", "minor", "Dockerfile"),
        ("DF003", "major", "Dockerfile"),
        ("KM001", "info", K8S),
        ("KM999", "minor", "/srv/my app/ns.yaml"),
    ]
    assert issues[1]["location"]["lines"]["begin"] == 2


def test_gitlab_fingerprints_are_stable_and_distinct():
    def prints(text):
        return [i["fingerprint"] for i in json.loads(report("gitlab", lint(text)))]

    assert prints("FROM alpine:latest\n\n# the base image\nMAINTAINER x\n") == prints(DOCKERFILE)
    first, second = prints("FROM alpine:latest\nFROM alpine:latest\n")
    assert first != second
    assert prints("FROM alpine:latest\nMAINTAINER y\n")[1] != prints(DOCKERFILE)[1]


# ---- CLI ----------------------------------------------------------------------------------


def test_output_writes_the_report_to_a_file(tmp_path):
    (tmp_path / "Dockerfile").write_text(DOCKERFILE, encoding="utf-8")
    proc = run_cli("check", "--format", "sarif", "--output", "report.sarif", cwd=tmp_path)
    assert (proc.returncode, proc.stdout) == (1, ""), proc.stderr
    log = json.loads((tmp_path / "report.sarif").read_text(encoding="utf-8"))
    assert [r["ruleId"] for r in log["runs"][0]["results"]] == ["DF002", "DF003"]


# ---- what the reports carry from files and their names ---------------------------------

ODD = "k8s/caf\udce9.yaml"  # the file system's bytes b"caf\xe9.yaml": not UTF-8, kept as a lone surrogate
HOSTILE = 'FROM alpine:latest\nMAINTAINER \x1b]0;owned\x07\x1b[2J\x00\n'


def odd_named() -> Result:
    result = lint(HOSTILE)
    result.diagnostics = [d._replace(path=ODD) for d in result.diagnostics]
    result.sources = {ODD: result.sources["Dockerfile"]}
    return result


def test_every_format_carries_a_file_name_that_is_not_utf8():
    result = odd_named()
    # .encode("utf-8") is strict: what a UTF-8 terminal or file can take
    assert "k8s/caf\\xe9.yaml:1:6:" in report("text", result).encode("utf-8").decode()
    assert "file=k8s/caf\\xe9.yaml," in report("github", result).encode("utf-8").decode()
    assert json.loads(report("json", result).encode("utf-8"))[0]["path"] == "k8s/caf\\xe9.yaml"
    assert json.loads(report("gitlab", result).encode("utf-8"))[0]["location"]["path"] == "k8s/caf\\xe9.yaml"
    assert by_rule(sarif(result))["DF002"]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "k8s/caf%E9.yaml"
    suite = next(iter(JUnitXml.fromstring(report("junit", result).encode("utf-8"))))
    assert {case.classname for case in suite} == {"k8s/caf\\xe9.yaml"}


def test_a_file_name_that_is_not_utf8_reaches_a_strict_terminal(tmp_path):
    import os

    (tmp_path / "cnlint.toml").write_text('select = ["DF002"]\n')
    (tmp_path / os.fsdecode(b"caf\xe9.Dockerfile")).write_text("FROM alpine:latest\n")
    for fmt in ("text", "sarif", "gitlab", "junit"):
        proc = run_cli("check", "--format", fmt, cwd=tmp_path, env={"PYTHONIOENCODING": "utf-8:strict"})
        assert proc.returncode == 1 and "caf" in proc.stdout, (fmt, proc.stderr)


def test_text_output_shows_control_characters_from_files_as_escapes():
    out = report("text", lint(HOSTILE + "FROM x\x1b[31m:latest\n"))
    assert "\x1b" not in out and "\x07" not in out and "\x00" not in out
    assert "     2 | MAINTAINER \\x1b]0;owned\\x07\\x1b[2J\\x00\n" in out
    # the caret still marks the image, escapes and all
    assert "     3 | FROM x\\x1b[31m:latest\n       |      ^^^^^^^^^^^^^^^^\n" in out
