"""The shell of RUN: commands, words and their Dockerfile positions."""

from __future__ import annotations

from cnlint.config import Settings
from cnlint.diagnostics import Span
from cnlint.dockerfile.model import parse


def script(text, index=-1):
    d = parse("Dockerfile", text, Settings())
    return d.script(d.of("RUN")[index])


def test_commands_and_words_point_into_the_dockerfile():
    s = script('FROM alpine:3.20\nRUN apk add \\\n      curl "b c" && \\\n    echo $(ls -l)\n')
    assert [(c.name, c.words) for c in s.commands] == [("apk", ["add", "curl", "b c"]), ("echo", ["$(ls -l)"]), ("ls", ["-l"])]
    apk = s.commands[0]
    assert [w.span for w in apk.args] == [Span(2, 9, 2, 12), Span(3, 7, 3, 11), Span(3, 12, 3, 17)]
    assert s.commands[2].name_word.span == Span(4, 12, 4, 14)


def test_pipes_and_pipefail():
    s = script("FROM alpine:3.20\nRUN set -eo pipefail; wget -qO- https://x | tar -x\n")
    assert [(c.name, c.in_pipe) for c in s.commands] == [("set", False), ("wget", True), ("tar", True)]
    assert s.pipes == [Span(2, 23, 2, 51)]
    assert s.pipefail
    late = script("FROM alpine:3.20\nRUN wget -qO- https://x | tar -x; set -o pipefail\n")
    assert not late.pipefail


def test_subshells_and_lists():
    s = script("FROM alpine:3.20\nRUN (cd /x && make) || { echo failed; exit 1; }\n")
    assert [c.name for c in s.commands] == ["cd", "make", "echo", "exit"]


def test_wrappers_are_looked_through():
    s = script("FROM debian:12.7\nRUN sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y curl\n")
    e = s.commands[0].effective()
    assert (e.name, e.words) == ("apt-get", ["install", "-y", "curl"])


def test_heredoc_script_body_is_parsed_at_its_lines():
    s = script("FROM alpine:3.20\nRUN <<EOF\napk add curl\ncd /x\nEOF\n")
    assert [(c.name, c.span.line, c.span.column) for c in s.commands] == [("apk", 3, 1), ("cd", 4, 1)]


def test_command_fed_by_a_heredoc():
    s = script("FROM alpine:3.20\nRUN python3 <<EOF && echo done\nprint(1)\nEOF\n")
    assert [(c.name, c.span.line) for c in s.commands] == [("python3", 2), ("echo", 2)]


def test_non_ascii_text_keeps_character_columns():
    s = script('FROM alpine:3.20\nRUN echo "héllo" && cd /x\n')
    assert s.commands[1].name_word.span == Span(2, 21, 2, 23)


def test_exec_form_and_windows_shells_have_no_script():
    assert script('FROM alpine:3.20\nRUN ["apk", "add", "curl"]\n') is None
    assert script('FROM alpine:3.20\nSHELL ["powershell", "-Command"]\nRUN Get-ChildItem\n') is None
    assert script("FROM mcr.microsoft.com/windows/servercore:ltsc2022\nRUN dir\n") is None


def test_shell_of_a_stage_is_inherited_by_stages_built_on_it():
    text = 'FROM debian:12.7 AS base\nSHELL ["/bin/bash", "-o", "pipefail", "-c"]\nFROM base\nRUN a | b\n'
    d = parse("Dockerfile", text, Settings())
    assert d.shell_of(d.of("RUN")[0]) == ("/bin/bash", "-o", "pipefail", "-c")


def test_syntax_errors_do_not_crash():
    s = script("FROM alpine:3.20\nRUN echo $(\n")
    assert s is not None and s.error is not None


def test_a_heredoc_fed_to_a_shell_is_the_script():
    s = script("FROM alpine:3.20\nRUN <<'EOT' /bin/bash -o pipefail\nset -e\ncurl -s https://x | tar -x\nEOT\n")
    assert s.dialect == "bash" and s.pipefail
    assert [(c.name, c.name_word.span) for c in s.commands] == [("set", Span(3, 1, 3, 4)), ("curl", Span(4, 1, 4, 5)), ("tar", Span(4, 21, 4, 24))]
    # a heredoc fed to another program is that program's input, not shell
    fed = script("FROM python:3.12\nRUN python3 <<EOF\nimport os\nEOF\n")
    assert fed.dialect is None and [c.name for c in fed.commands] == ["python3"]
    assert script("FROM alpine:3.20\nRUN <<EOT sh -ex\necho hi\nEOT\n").dialect == "sh"
