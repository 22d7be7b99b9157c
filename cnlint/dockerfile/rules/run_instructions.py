"""How RUN runs its commands: layers, cd, pipes, interactive tools, the shell."""

from __future__ import annotations

import re

from cnlint.checks import Checks
from cnlint.diagnostics import Finding
from cnlint.dockerfile.commands import commands
from cnlint.dockerfile.shell import shell_pipefail

checks = Checks()


@checks.rule("DF058")
def consecutive_run(doc, ctx):
    previous = None
    for ins in doc.instructions:
        if ins.keyword == "RUN" and previous is not None and previous.keyword == "RUN" and previous.flags == ins.flags and previous.stage == ins.stage:
            # a RUN of several commands is a deliberate step of its own
            if _command_count(doc, ins) == 1 and _command_count(doc, previous) == 1:
                yield Finding(ins.keyword_span, f"RUN right after the RUN at line {previous.line} adds a layer; join them with &&")
        previous = ins


def _command_count(doc, ins) -> int:
    script = doc.script(ins)
    if script is not None:
        return len(script.commands)
    if ins.exec_form:
        return 1
    # cmd or PowerShell: count the separated statements roughly
    return len([p for p in re.split(r"&&|\|\||;", ins.arguments) if p.strip()])


_POINTLESS = ("ssh", "vim", "shutdown", "service", "ps", "free", "top", "kill", "mount", "ifconfig")


@checks.rule("DF008")
def interactive_command_in_run(doc, ctx):
    for _ins, cmd in commands(doc, *_POINTLESS):
        yield Finding(cmd.name_word.span, f"'{cmd.name}' is meant for an interactive machine and does nothing useful in an image build")


@checks.rule("DF009")
def cd_in_run(doc, ctx):
    for _ins, cmd in commands(doc, "cd"):
        yield Finding(cmd.name_word.span, "cd in RUN changes directory for this RUN only, which is easy to misread; use WORKDIR")


@checks.rule("DF070")
def shell_replaced_with_ln(doc, ctx):
    for _ins, cmd in commands(doc, "ln"):
        if any(w.value == "/bin/sh" for w in cmd.positional()[1:]):
            yield Finding(cmd.name_word.span, "replacing /bin/sh with ln changes the shell of every later RUN behind the reader's back; use the SHELL instruction")


@checks.rule("DF071")
def pipe_without_pipefail(doc, ctx):
    for ins in doc.of("RUN"):
        script = doc.script(ins)
        if script is None or not script.pipes or script.pipefail:
            continue
        shell = doc.shell_of(ins)
        if shell_pipefail(shell):
            continue
        hint = "set SHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]"
        stage = doc.stage_of(ins)
        if stage is not None and stage.resolved and re.search(r"(^|/)(alpine|busybox)\b", stage.resolved) and shell[0] in ("/bin/sh", "sh"):
            hint = "on Alpine or BusyBox set SHELL [\"/bin/ash\", \"-o\", \"pipefail\", \"-c\"]"
        yield Finding(script.pipes[0], f"without pipefail only the last command of this pipe decides whether RUN fails, so a failed download passes; {hint} or start the RUN with set -o pipefail")
