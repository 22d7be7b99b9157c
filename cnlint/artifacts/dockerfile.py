"""Dockerfile model: instructions with stages, flags and exact spans.

dockerfile-parse splits the file into instructions (escape directive and
line continuations included) with 0-based lines; columns and heredoc bodies
are derived here from the text.
"""

from __future__ import annotations

import io
import json
import re
from dataclasses import dataclass, field

from dockerfile_parse import DockerfileParser

from cnlint.artifacts import Artifact, comments
from cnlint.config import Settings
from cnlint.diagnostics import Span
from cnlint.source import Source

INSTRUCTIONS = frozenset(
    "ADD ARG CMD COPY ENTRYPOINT ENV EXPOSE FROM HEALTHCHECK LABEL MAINTAINER "
    "ONBUILD RUN SHELL STOPSIGNAL USER VOLUME WORKDIR".split()
)
_FLAG = re.compile(r"--([a-z][a-z-]*)(?:=(\S*))?\s*")
_HEREDOC = re.compile(r"<<(-?)(['\"]?)([A-Za-z_][A-Za-z0-9_]*)\2")


@dataclass
class Instruction:
    keyword: str  # upper case
    value: str  # everything after the keyword, continuations joined
    line: int  # 1-based first line
    end_line: int  # 1-based last line (heredoc bodies included)
    span: Span
    stage: int  # index of the build stage, -1 before the first FROM
    flags: dict[str, str] = field(default_factory=dict)
    arguments: str = ""  # value without leading --flags
    heredocs: list[str] = field(default_factory=list)

    @property
    def exec_form(self) -> bool:
        return self.json_arguments is not None

    @property
    def json_arguments(self) -> list[str] | None:
        text = self.arguments.strip()
        if not text.startswith("["):
            return None
        try:
            value = json.loads(text)
        except ValueError:
            return None
        if isinstance(value, list) and all(isinstance(v, str) for v in value):
            return value
        return None


@dataclass
class Stage:
    index: int
    image: str  # as written after FROM (flags stripped)
    name: str | None
    instruction: Instruction


@dataclass
class Dockerfile(Artifact):
    instructions: list[Instruction] = field(default_factory=list)
    stages: list[Stage] = field(default_factory=list)

    def of(self, *keywords: str):
        return [i for i in self.instructions if i.keyword in keywords]

    def locate(self, instruction: Instruction, needle: str, start: int = 0) -> Span:
        """Span of the first `needle` in the instruction's text, or the keyword."""
        first = self.source.offset(instruction.line, 1)
        last = self.source.offset(instruction.end_line + 1, 1) if instruction.end_line < self.source.line_count else len(self.text)
        i = self.text.find(needle, first + start, last)
        if i < 0:
            return self.keyword_span(instruction)
        return self.source.span(i, i + len(needle))

    def keyword_span(self, instruction: Instruction) -> Span:
        col = instruction.span.column
        return Span(instruction.line, col, instruction.line, col + len(instruction.keyword))

    @property
    def final_stage(self) -> Stage | None:
        return self.stages[-1] if self.stages else None

    def in_stage(self, stage: Stage) -> list[Instruction]:
        return [i for i in self.instructions if i.stage == stage.index]


def _split_flags(value: str) -> tuple[dict[str, str], str]:
    flags = {}
    rest = value.lstrip()
    while rest.startswith("--"):
        m = _FLAG.match(rest)
        if not m:
            break
        flags[m.group(1)] = m.group(2) or ""
        rest = rest[m.end() :]
    return flags, rest


def _heredoc_end(source: Source, after_line: int, words: list[tuple[str, bool]]) -> int:
    """Last line of the heredoc bodies that follow line `after_line`."""
    line = after_line
    for word, strip_tabs in words:
        n = line + 1
        while n <= source.line_count:
            text = source.line(n)
            if (text.lstrip("\t") if strip_tabs else text) == word:
                break
            n += 1
        line = n
    return min(line, source.line_count)


def parse(path: str, text: str, settings: Settings) -> Dockerfile:
    source = Source(text)
    doc = Dockerfile("dockerfile", path, source, settings)
    try:
        structure = DockerfileParser(fileobj=io.BytesIO(text.encode("utf-8")), env_replace=False).structure
    except Exception as exc:  # the library rejects some malformed input outright
        doc.problem(Span.point(1), f"Dockerfile does not parse: {exc}")
        return doc

    stage = -1
    skip_to = 0
    for item in structure:
        first, last = item["startline"] + 1, item["endline"] + 1
        keyword = item["instruction"].upper()
        if first <= skip_to or keyword == "COMMENT":
            continue
        raw_line = source.line(first)
        column = len(raw_line) - len(raw_line.lstrip()) + 1
        value = item["value"]
        heredocs = [(m.group(3), m.group(1) == "-") for m in _HEREDOC.finditer(value)] if keyword in ("RUN", "COPY", "ADD") else []
        if heredocs:
            end = _heredoc_end(source, last, heredocs)
            if end == source.line_count and source.line(end) != heredocs[-1][0]:
                doc.problem(Span(first, column, first, column + len(keyword)), f"heredoc <<{heredocs[-1][0]} is never terminated")
            skip_to = last = end
        end_text = source.line(last)
        span = Span(first, column, last, len(end_text.rstrip()) + 1)
        if keyword not in INSTRUCTIONS:
            word = raw_line.strip().split()[0] if raw_line.strip() else keyword
            doc.problem(Span(first, column, first, column + len(word)), f"unknown instruction {word!r}")
            continue
        if keyword == "FROM":
            stage += 1
        flags, arguments = _split_flags(value)
        instruction = Instruction(keyword, value, first, last, span, stage, flags, arguments, [w for w, _ in heredocs])
        doc.instructions.append(instruction)
        if keyword == "FROM":
            parts = arguments.split()
            name = parts[2] if len(parts) >= 3 and parts[1].upper() == "AS" else None
            doc.stages.append(Stage(stage, parts[0] if parts else "", name, instruction))
        elif stage < 0 and keyword != "ARG":
            doc.problem(doc.keyword_span(instruction), f"{keyword} before the first FROM: only ARG may come before FROM")

    by_line = {i.line: i for i in doc.instructions}

    def target(line: int) -> tuple[int, int]:
        instruction = by_line.get(line)
        return (line, instruction.end_line) if instruction else (line, line)

    doc.suppressions = comments.scan(source, target)
    return doc
