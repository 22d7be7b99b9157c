"""Who the container and its build steps run as (USER, sudo, useradd), and
file permissions."""

from __future__ import annotations

import re

from cnlint.checks import Checks
from cnlint.diagnostics import Finding
from cnlint.dockerfile.commands import commands
from cnlint.dockerfile.stages import chain, image_span

checks = Checks()


@checks.rule("DF005")
def last_user_root(doc, ctx):
    final = doc.final_stage
    if final is None:
        return
    # the USER in force: the final stage's, else the one it inherits from the stages it builds on
    users = [i for s in reversed(list(chain(final))) for i in doc.in_stage(s) if i.keyword == "USER"]
    if not users:
        return
    last = users[-1]
    user = (doc.resolve(last, last.arguments.strip()) or "").split(":")[0]
    if user not in ("root", "0"):
        return
    if last.stage == final.index:
        message = "the final stage's last USER is root, so the container runs as root; switch to an unprivileged user"
    else:
        message = f"the final stage (line {final.instruction.line}) inherits this USER root from the stage it builds on, so the container runs as root; switch to an unprivileged user"
    yield Finding(doc.args_span(last), message)


@checks.rule("DF062")
def missing_user(doc, ctx):
    final = doc.final_stage
    if final is None or final.windows:
        return
    if any(i.keyword == "USER" for s in chain(final) for i in doc.in_stage(s)):
        return
    yield Finding(image_span(doc, final), "the final stage never sets USER, so the container runs as root unless its base image says otherwise; add USER")


@checks.rule("DF065")
def non_numeric_user(doc, ctx):
    for ins in doc.of("USER"):
        user = (doc.resolve(ins, ins.arguments.strip()) or "").split(":")[0]
        if user and not user.isdigit():
            yield Finding(doc.args_span(ins), f"USER '{user}' is a name, which Kubernetes runAsNonRoot cannot verify; use a numeric UID")


@checks.rule("DF010")
def sudo_in_run(doc, ctx):
    for ins in doc.of("RUN"):
        script = doc.script(ins)
        if script is None:
            continue
        for cmd in script.commands:
            if cmd.name == "sudo":
                yield Finding(cmd.name_word.span, "sudo in a build has unpredictable TTY and signal behaviour; use USER, or gosu at runtime")


@checks.rule("DF045")
def useradd_without_no_log_init(doc, ctx):
    for _ins, cmd in commands(doc, "useradd"):
        if cmd.has("-l", "--no-log-init"):
            continue
        words = cmd.words
        for i, w in enumerate(words):
            uid = None
            if w in ("-u", "--uid") and i + 1 < len(words):
                uid = words[i + 1]
            elif w.startswith("--uid="):
                uid = w.split("=", 1)[1]
            if uid and uid.isdigit() and len(uid) > 5:
                yield Finding(cmd.name_word.span, f"useradd with the high UID {uid} and without -l writes a huge sparse /var/log/lastlog into the image; add --no-log-init")
                break


@checks.rule("DF080")
def world_writable_permissions(doc, ctx):
    for _, cmd in commands(doc, "chmod"):
        for w in cmd.args:
            v = w.value
            if re.fullmatch(r"0?[0-7]?777", v) or re.fullmatch(r"(a|o|ugo)\+[rx]*w[rx]*", v):
                yield Finding(w.span, f"chmod {v} makes files writable by every user in the container; grant only what the owner needs")
                break
    for ins in doc.of("COPY", "ADD"):
        mode = ins.flags.get("chmod", "")
        if re.fullmatch(r"0?[0-7]?777", mode):
            flag = next(f for f in ins.flag_spans if f.name == "chmod")
            yield Finding(flag.span, f"--chmod={mode} makes files writable by every user in the container; grant only what the owner needs")
