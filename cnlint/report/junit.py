"""JUnit XML for CI test-report views (Jenkins, GitLab, Azure Pipelines).

One testcase per diagnostic, each with a single <failure>: Jenkins and Azure
show only the first <failure> of a testcase, so grouping a file's findings
into one testcase would hide all but one. The classname is the file's path,
so the views still group findings by file. Linted files without findings
are passing testcases; a run that linted nothing has one passing testcase.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from cnlint.patterns import lazy
from cnlint.report import valid

SUITE = "cnlint"
# Characters XML 1.0 cannot carry at all, even escaped.
_NOT_XML = lazy("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _clean(text: str) -> str:
    return _NOT_XML.sub(lambda m: f"\\x{ord(m.group()):02x}", valid(text))


def render(result, ctx) -> str:
    cases = [_failing(d) for d in result.diagnostics]
    with_findings = {d.path for d in result.diagnostics}
    cases += [_passing(path) for path in sorted(result.sources) if path not in with_findings]
    if not cases:
        cases.append(_passing(SUITE))
    failures = len(result.diagnostics)
    counts = {"tests": str(len(cases)), "failures": str(failures), "errors": "0", "skipped": "0"}
    root = ET.Element("testsuites", {"name": SUITE, **counts})
    suite = ET.SubElement(root, "testsuite", {"name": SUITE, **counts})
    suite.extend(cases)
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def _failing(d) -> ET.Element:
    at = f"{d.span.line}:{d.span.column}"
    case = ET.Element("testcase", {"name": _clean(f"{d.code} {d.name} at {at}"), "classname": _clean(d.path)})
    failure = ET.SubElement(case, "failure", {"type": d.code, "message": _clean(d.message)})
    failure.text = _clean(f"{d.path}:{at}: {d.code} {d.severity}: {d.full_message} ({d.name})")
    return case


def _passing(path: str) -> ET.Element:
    return ET.Element("testcase", {"name": _clean(path), "classname": _clean(path)})
