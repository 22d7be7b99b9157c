"""Dockerfile security rules beyond hadolint's set (what Checkov and Trivy check)."""

from __future__ import annotations

import re

from cnlint.dockerfile.model import env_pairs, pairs, tokens, unquote
from cnlint.checks import Checks
from cnlint.dockerfile.rules.instructions import commands, image_ref
from cnlint.dockerfile.rules.packages import calls, split
from cnlint.diagnostics import Finding

checks = Checks()


@checks.rule("DF072")
def expose_ssh(doc, ctx):
    for ins in doc.of("EXPOSE"):
        for word, offset in tokens(ins.arguments):
            value = doc.resolve(ins, unquote(word))
            if value and value.split("/", 1)[0] == "22":
                start = ins.args_offset + offset
                yield Finding(doc.span_of(ins, start, start + len(word)), "EXPOSE 22 offers SSH into the container; use docker exec or kubectl exec instead")


@checks.rule("DF073")
def index_update_alone(doc, ctx):
    for ins in doc.of("RUN"):
        script = doc.script(ins)
        if script is None:
            continue
        installs = False
        updates = []
        for c in script.commands:
            e = c.effective()
            if e.name in ("apt-get", "apt", "apk"):
                sub, _ = split(e, e.name)
                if sub is None:
                    continue
                if sub.value == "update":
                    updates.append((e, sub))
                elif sub.value in ("install", "add", "upgrade", "dist-upgrade"):
                    installs = True
        if updates and not installs:
            e, sub = updates[0]
            yield Finding(sub.span, f"{e.name} update in a RUN of its own is cached as a layer, so a later install uses a stale index; update and install in the same RUN")


@checks.rule("DF074")
def dist_upgrade(doc, ctx):
    for ins, cmd, sub, rest in calls(doc, ("apt-get", "apt"), ("dist-upgrade", "full-upgrade")):
        yield Finding(sub.span, f"{cmd.name} {sub.value} may move the image to new major package versions at any build; rely on the base image's release")


_SYSTEM_DIRS = ("/", "/bin", "/sbin", "/usr/bin", "/usr/sbin", "/lib", "/lib64", "/usr/lib", "/etc", "/boot", "/dev", "/proc", "/sys", "/var/run", "/run")


@checks.rule("DF075")
def workdir_system_directory(doc, ctx):
    for ins in doc.of("WORKDIR"):
        path = doc.resolve(ins, unquote(ins.arguments.strip()))
        if path and path.rstrip("/") in tuple(d.rstrip("/") for d in _SYSTEM_DIRS):
            yield Finding(doc.args_span(ins), f"WORKDIR {path} is a system directory, so COPY and RUN write among system files; use a directory of the application's own")


_SECRET_FILE = re.compile(
    r"(^|/)(id_rsa|id_dsa|id_ecdsa|id_ed25519|\.ssh|\.aws|\.netrc|\.npmrc|\.pypirc|\.git-credentials|\.dockercfg|\.docker/config\.json|\.env|kubeconfig|credentials\.json|service-account\.json)$"
    r"|\.(pem|key|p12|pfx|jks|keystore)$|(^|/)[^/]*private[_-]?key[^/]*$"
)


@checks.rule("DF076")
def secret_file_copied(doc, ctx):
    for ins in doc.of("COPY", "ADD"):
        if ins.heredocs:
            continue
        words = ins.json_arguments or [unquote(w) for w, _ in tokens(ins.arguments)]
        for src in words[:-1]:
            if _SECRET_FILE.search(src.rstrip("/")):
                yield Finding(doc.locate(ins, src, ins.args_offset), f"'{src}' looks like a key or credentials file; once copied it stays in the image layers for anyone who pulls it. Use a build secret (RUN --mount=type=secret)")


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
    for ins, cmd in commands(doc):
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
    for ins, cmd in commands(doc):
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


@checks.rule("DF080")
def chmod_world_writable(doc, ctx):
    for ins, cmd in commands(doc, "chmod"):
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


_SECRET_VALUE = re.compile(
    r"AKIA[0-9A-Z]{16}|ASIA[0-9A-Z]{16}|gh[pousr]_[A-Za-z0-9]{36}|github_pat_[A-Za-z0-9_]{22,}|glpat-[A-Za-z0-9_-]{20}"
    r"|xox[baprs]-[A-Za-z0-9-]{10,}|sk_live_[A-Za-z0-9]{24,}|AIza[0-9A-Za-z_-]{35}|npm_[A-Za-z0-9]{36}|-----BEGIN [A-Z ]*PRIVATE KEY-----"
)


@checks.rule("DF082")
def secret_value_in_arg_env(doc, ctx):
    for ins in doc.of("ENV", "ARG", "LABEL"):
        found = env_pairs(ins.arguments) if ins.keyword in ("ENV", "LABEL") else pairs(ins.arguments)
        for key, value, offset in found:
            if value and _SECRET_VALUE.search(value):
                start = ins.args_offset + offset
                yield Finding(doc.span_of(ins, start, start + len(key)), f"{ins.keyword} {key} holds what looks like a real credential, which stays readable in the image history; pass it as a build secret")


_SENSITIVE_NAMES = frozenset(
    "ACCESS_TOKEN APPLICATION_KEY APP_SECRET AUTH_TOKEN AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY CF_PASSWORD "
    "CIRCLE_TOKEN CI_DEPLOY_PASSWORD DOCKERHUB_PASSWORD DOCKER_PASSWORD FIREBASE_TOKEN GH_TOKEN GITHUB_TOKEN "
    "HEROKU_API_KEY NPM_AUTH_TOKEN NPM_TOKEN OPENAI_API_KEY OS_PASSWORD POSTGRES_PASSWORD SLACK_TOKEN "
    "STRIPE_API_KEY VAULT_TOKEN".split()
)
_SENSITIVE_PART = re.compile(r"(?i)api_key|client_key|password|passwd|private_key|secret|token")
# Names that mention a secret without holding one.
_NOT_SECRET = re.compile(r"(?i)_(file|path|dir|url|host|name|id|length|size)$")


@checks.rule("DF063")
def sensitive_arg_env_name(doc, ctx):
    for ins in doc.of("ENV", "ARG"):
        found = env_pairs(ins.arguments) if ins.keyword in ("ENV", "LABEL") else pairs(ins.arguments)
        for key, value, offset in found:
            if (key.upper() in _SENSITIVE_NAMES or _SENSITIVE_PART.search(key)) and not _NOT_SECRET.search(key):
                start = ins.args_offset + offset
                yield Finding(doc.span_of(ins, start, start + len(key)), f"{ins.keyword} {key} looks like a secret, and {ins.keyword} values stay readable in the image history; use RUN --mount=type=secret")


_TOOLCHAINS = re.compile(r"^(?:[^/]+/)*(golang|rust|gcc|maven|gradle|openjdk-\d+-jdk)$|(^|/)dotnet/sdk$")


@checks.rule("DF083")
def toolchain_in_final_stage(doc, ctx):
    final = doc.final_stage
    if final is None:
        return
    root = final
    while root.parent is not None:
        root = root.parent
    if not root.resolved:
        return
    name = image_ref(root.resolved)[0]
    if _TOOLCHAINS.search(name):
        from cnlint.dockerfile.rules.instructions import image_span

        yield Finding(image_span(doc, final), f"the final stage runs on {root.resolved}, so the image ships a whole build toolchain; build in an earlier stage and copy only the result into a small runtime image")
