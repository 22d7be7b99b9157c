"""What the build downloads, and whether it is checked: download tools, TLS
and signature checks, ADD of a URL, a download piped into a shell."""

from __future__ import annotations

import re

from cnlint.checks import Checks
from cnlint.diagnostics import Finding
from cnlint.dockerfile.commands import commands
from cnlint.dockerfile.model import env_pairs, pairs, tokens, unquote
from cnlint.dockerfile.stages import groups

checks = Checks()


@checks.rule("DF046")
def wget_without_progress(doc, ctx):
    for _ins, cmd in commands(doc, "wget"):
        if cmd.has("-q", "--quiet", "-nv", "--no-verbose", "--progress", "-o", "--output-file", "-a", "--append-output"):
            continue
        yield Finding(cmd.name_word.span, "wget without --progress floods the build log with progress bars; use wget --progress=dot:giga, -q or -nv")


@checks.rule("DF069")
def wget_and_curl(doc, ctx):
    by_stage: dict[int, list] = {}  # one pass, not one per stage: a file may have thousands
    for ins, cmd in commands(doc, "wget", "curl"):
        if not ins.onbuild:
            by_stage.setdefault(ins.stage, []).append(cmd)
    for index, _ in groups(doc):
        found = by_stage.get(index, ())
        first = found[0] if found else None
        other = next((cmd for cmd in found if cmd.name != first.name), None)
        if other is not None:
            yield Finding(other.name_word.span, f"this stage uses both {first.name} (line {first.name_word.span.line}) and {other.name}; one download tool is enough")


_TLS_ENV = {
    "NODE_TLS_REJECT_UNAUTHORIZED": ("0",),
    "GIT_SSL_NO_VERIFY": None,  # any non-empty value turns verification off
    "PYTHONHTTPSVERIFY": ("0",),
    "NPM_CONFIG_STRICT_SSL": ("false",),
    "PIP_TRUSTED_HOST": None,
}


def _tls_env(name: str, value: str | None) -> bool:
    if name.upper() not in _TLS_ENV or value in (None, ""):
        return False
    bad = _TLS_ENV[name.upper()]
    return bad is None or value.lower() in bad


@checks.rule("DF077")
def tls_verification_disabled(doc, ctx):
    for ins in doc.of("ENV", "ARG"):
        found = env_pairs(ins.arguments) if ins.keyword in ("ENV", "LABEL") else pairs(ins.arguments)
        for key, value, offset in found:
            if _tls_env(key, value):
                start = ins.args_offset + offset
                yield Finding(doc.span_of(ins, start, start + len(key)), f"{key}={value} switches TLS certificate checks off, so downloads can be tampered with on the way")
    for _, cmd in commands(doc):
        what = None
        if cmd.name == "curl" and cmd.has("-k", "--insecure"):
            what = "curl -k"
        elif cmd.name == "wget" and cmd.has("--no-check-certificate"):
            what = "wget --no-check-certificate"
        elif re.fullmatch(r"pip[0-9.]*|python[0-9.]*", cmd.name) and cmd.has("--trusted-host"):
            what = "pip --trusted-host"
        elif cmd.name == "git" and any(re.fullmatch(r"(?i)http\.sslverify=(false|0|no)", w.value) for w in cmd.args):
            what = "git http.sslVerify=false"
        elif cmd.name in ("npm", "yarn") and [w.value for w in cmd.args[:4]] in (["config", "set", "strict-ssl", "false"],):
            what = "npm strict-ssl false"
        elif cmd.name == "export" or cmd.assignments:
            for a in list(cmd.assignments) + [w.value for w in cmd.args]:
                k, _, v = a.partition("=")
                if _tls_env(k, v):
                    what = a
        if what:
            yield Finding(cmd.span, f"{what} switches TLS certificate checks off, so downloads can be tampered with on the way")


@checks.rule("DF078")
def signature_check_disabled(doc, ctx):
    for _ins, cmd in commands(doc):
        what = None
        if cmd.name == "apk" and cmd.has("--allow-untrusted"):
            what = "apk --allow-untrusted"
        elif cmd.name in ("apt-get", "apt") and (cmd.has("--allow-unauthenticated", "--force-yes") or any(re.search(r"(?i)AllowUnauthenticated=(true|1|yes)", w.value) for w in cmd.args)):
            what = f"{cmd.name} --allow-unauthenticated"
        elif cmd.name in ("yum", "dnf", "microdnf", "tdnf", "zypper") and cmd.has("--nogpgcheck", "--no-gpg-checks"):
            what = f"{cmd.name} --nogpgcheck"
        elif cmd.name == "rpm" and cmd.has("--nosignature", "--nodigest"):
            what = "rpm --nosignature"
        if what:
            yield Finding(cmd.span, f"{what} installs packages whose signatures are not checked, so a tampered package goes unnoticed")


_SHELLS = ("sh", "bash", "ash", "dash", "zsh", "ksh", "/bin/sh", "/bin/bash", "/bin/ash", "/usr/bin/env")


@checks.rule("DF079")
def download_piped_to_shell(doc, ctx):
    for ins in doc.of("RUN"):
        script = doc.script(ins)
        if script is None:
            continue
        cmds = script.commands
        for i, c in enumerate(cmds):
            if c.in_pipe and c.name in ("curl", "wget") and i + 1 < len(cmds):
                nxt = cmds[i + 1].effective()
                if cmds[i + 1].in_pipe and (nxt.name in _SHELLS or nxt.name.startswith("python")):
                    yield Finding(c.span, f"{c.name} output piped into {nxt.name} runs whatever the server sends, unchecked; download, verify a checksum, then run")


@checks.rule("DF081")
def add_url_without_checksum(doc, ctx):
    for ins in doc.of("ADD"):
        if "checksum" in ins.flags or ins.heredocs:
            continue
        words = ins.json_arguments or [unquote(w) for w, _ in tokens(ins.arguments)]
        for src in words[:-1]:
            url = doc.resolve(ins, src) or src
            if re.match(r"^https?://", url) and not url.endswith(".git") and "#" not in url:
                yield Finding(doc.locate(ins, src, ins.args_offset), f"ADD downloads {url} without --checksum, so whatever the server returns goes into the image; add --checksum=sha256:...")
