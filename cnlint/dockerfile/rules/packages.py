"""Dockerfile rules on the shell commands of RUN: package managers and friends."""

from __future__ import annotations

import re

from cnlint.checks import Checks
from cnlint.dockerfile.rules.instructions import commands, insert_after, shipped_stages
from cnlint.diagnostics import Finding, Fix

checks = Checks()

# Options that take the next word as their value, per tool.
_VALUED = {
    "apt-get": {"-o", "-c", "-t", "--target-release", "--option", "--config-file"},
    "apk": {"-X", "--repository", "-t", "--virtual", "-p", "--root", "--arch", "--repositories-file", "--cache-dir", "--keys-dir"},
    "pip": {"-r", "--requirement", "-c", "--constraint", "-i", "--index-url", "--extra-index-url", "-t", "--target", "--prefix", "--root", "-f", "--find-links", "--trusted-host", "--platform", "--python-version", "--implementation", "--abi", "--src", "--upgrade-strategy", "--progress-bar", "--cache-dir", "--log", "--proxy", "--timeout", "--retries"},
    "npm": {"--prefix", "--registry", "--cache", "-w", "--workspace", "--loglevel", "--tag"},
    "gem": {"-v", "--version", "-i", "--install-dir", "-n", "--bindir", "--source", "-s", "-P", "--trust-policy", "--platform"},
    "yum": {"-c", "--config", "--installroot", "--enablerepo", "--disablerepo", "-x", "--exclude", "--releasever", "--setopt"},
    "zypper": {"-r", "--repo", "--from", "-t", "--type", "-R", "--root"},
    "go": {"-o", "-C", "-p", "-tags", "-ldflags", "-gcflags", "-mod", "-modfile", "-pkgdir", "-overlay", "-asmflags", "-buildmode", "-compiler", "-installsuffix"},
}
_VALUED["apt"] = _VALUED["apt-get"]
_VALUED["dnf"] = _VALUED["microdnf"] = _VALUED["yum"]


def split(cmd, tool: str):
    """(subcommand word, positional words after it) of a package manager call."""
    valued = _VALUED.get(tool, set())
    sub = None
    rest = []
    skip = False
    for w in cmd.args:
        if skip:
            skip = False
            continue
        v = w.value
        if v.startswith("-"):
            if v in valued:
                skip = True
            continue
        if sub is None:
            sub = w
        else:
            rest.append(w)
    return sub, rest


def _split_cached(doc, cmd):
    key = ("split", id(cmd))
    if key not in doc.cache:
        doc.cache[key] = split(cmd, cmd.name)
    return doc.cache[key]


def calls(doc, tools, subs):
    """(instruction, command, subcommand word, packages) for `tool sub ...`."""
    for ins, cmd in commands(doc, *tools):
        sub, rest = _split_cached(doc, cmd)
        if sub is not None and sub.value in subs:
            yield ins, cmd, sub, rest


_PIP = re.compile(r"pip[0-9.]*")
_PYTHON = re.compile(r"python[0-9.]*")


def pip_commands(doc):
    """pip install calls, also spelled `python -m pip install`."""
    for ins, cmd in commands(doc):
        if not cmd.name.startswith(("pip", "python")):
            continue
        if _PIP.fullmatch(cmd.name):
            args = cmd.args
        elif _PYTHON.fullmatch(cmd.name) and [w.value for w in cmd.args[:2]] == ["-m", "pip"]:
            args = cmd.args[2:]
        else:
            continue
        view = type(cmd)(cmd.name, cmd.name_word, args, cmd.span, cmd.start, cmd.end)
        sub, rest = split(view, "pip")
        if sub is not None and sub.value == "install":
            yield ins, view, sub, rest


def _unpinned(doc, rest, pinned, what: str, example: str, skip=lambda v: False):
    """`example` shows the pinned spelling, with {} for the name."""
    for w in rest:
        v = w.value
        if w.expands or skip(v) or pinned(v):
            continue
        yield Finding(w.span, f"{what} '{v}' has no pinned version, so rebuilds pick up whatever is newest; pin it ({example.format(v)})")


def _is_path(v: str) -> bool:
    return v.startswith(("/", "./", "../", "~")) or v in (".", "..") or "://" in v


# ---- apt ------------------------------------------------------------------------


def apt_installs(doc):
    yield from calls(doc, ("apt-get", "apt"), ("install",))


def _assumes_yes(cmd) -> bool:
    for w in cmd.args:
        v = w.value
        if v in ("--yes", "--assume-yes", "-qq", "-q=2", "--quiet=2", "--force-yes") or re.fullmatch(r"-[a-zA-Z]*y[a-zA-Z]*", v):
            return True
        if v.startswith("-o") and "Assume-Yes=" in v.replace(" ", ""):
            return True
    return False


@checks.rule("DF004")
def apt_get_install_without_yes(doc, ctx):
    for ins, cmd, sub, _ in apt_installs(doc):
        if _assumes_yes(cmd):
            continue
        yield Finding(
            sub.span,
            f"{cmd.name} install without -y waits for a confirmation no build can give",
            Fix((insert_after(sub.span, " -y"),), f"Add -y to {cmd.name} install"),
        )


@checks.rule("DF011")
def apt_install_unpinned(doc, ctx):
    for ins, cmd, sub, rest in apt_installs(doc):
        yield from _unpinned(doc, rest, lambda v: "=" in v, "package", "{}=<version>", lambda v: v.endswith(".deb") or _is_path(v))


def _removes(script, path_prefix: str) -> bool:
    for c in script.commands:
        e = c.effective()
        if e.name == "rm" and any(w.value.startswith(path_prefix) for w in e.args):
            return True
    return False


def _cache_targets(ins) -> list[str]:
    """Targets of the RUN's cache mounts (a RUN may have several --mount flags)."""
    out = []
    for f in ins.flag_spans:
        if f.name != "mount" or "type=cache" not in f.value:
            continue
        for part in f.value.split(","):
            key, _, value = part.partition("=")
            if key in ("target", "dst", "destination") and value:
                out.append(value.strip("\"'"))
    return out


def _cache_mount(ins, *paths: str) -> bool:
    """Is any of `paths` (absolute, or a tail such as `.cache/pip`) in a cache mount?"""
    for target in _cache_targets(ins):
        t = target.rstrip("/")
        for path in paths:
            if path.startswith("/") and (path == t or path.startswith(t + "/") or t.startswith(path.rstrip("/") + "/")):
                return True
            if not path.startswith("/") and (path in t or t.endswith("/" + path.split("/", 1)[0])):
                return True
    return False


@checks.rule("DF012")
def apt_lists_kept(doc, ctx):
    shipped = shipped_stages(doc)
    runs = doc.of("RUN", triggers=False)
    for ins, cmd, sub, rest in calls(doc, ("apt-get", "apt"), ("update",)):
        if (ins.stage not in shipped and not ins.onbuild) or _cache_mount(ins, "/var/lib/apt"):
            continue
        # an ONBUILD RUN lands in the downstream image: only its own rm counts
        later = [ins] if ins.onbuild else [r for r in runs if r.stage == ins.stage and r.line >= ins.line]
        if any((s := doc.script(r)) is not None and _removes(s, "/var/lib/apt/lists") for r in later):
            continue
        yield Finding(sub.span, f"{cmd.name} update leaves package lists in /var/lib/apt/lists, in the image; remove them with rm -rf /var/lib/apt/lists/* in the same RUN")


@checks.rule("DF017")
def apt_install_recommends(doc, ctx):
    for ins, cmd, sub, rest in apt_installs(doc):
        if cmd.has("--no-install-recommends") or any("Install-Recommends=" in w.value for w in cmd.args):
            continue
        yield Finding(
            sub.span,
            f"{cmd.name} install without --no-install-recommends also installs recommended packages the image likely does not need",
            Fix((insert_after(sub.span, " --no-install-recommends"),), "Add --no-install-recommends", safe=False),
        )


@checks.rule("DF028")
def apt_in_run(doc, ctx):
    for ins, cmd in commands(doc, "apt"):
        sub, _ = split(cmd, "apt")
        if sub is not None and sub.value in ("install", "update", "upgrade", "remove", "purge", "autoremove", "dist-upgrade", "full-upgrade"):
            yield Finding(cmd.name_word.span, "apt is meant for people at a terminal and its interface may change; use apt-get in scripts")


# ---- apk ------------------------------------------------------------------------


@checks.rule("DF019")
def apk_add_unpinned(doc, ctx):
    for ins, cmd, sub, rest in calls(doc, ("apk",), ("add",)):
        pinned = lambda v: bool(re.search(r"[=~<>]", v))
        yield from _unpinned(doc, rest, pinned, "package", "{}=<version>", lambda v: v.endswith(".apk") or _is_path(v))


@checks.rule("DF020")
def apk_add_with_cache(doc, ctx):
    for ins, cmd, sub, rest in calls(doc, ("apk",), ("add",)):
        script = doc.script(ins)
        # /etc/apk/cache is where apk keeps its cache when that directory exists
        if cmd.has("--no-cache") or _removes(script, "/var/cache/apk") or _cache_mount(ins, "/var/cache/apk", "/etc/apk/cache") or not rest:
            continue
        yield Finding(
            sub.span,
            "apk add keeps its package index in /var/cache/apk, in the image; use apk add --no-cache",
            Fix((insert_after(sub.span, " --no-cache"),), "Add --no-cache to apk add"),
        )


# ---- pip, npm, gem, go -------------------------------------------------------------


_PIP_PINNED = re.compile(r"(===?|~=|@)")


@checks.rule("DF016")
def pip_install_unpinned(doc, ctx):
    for ins, cmd, sub, rest in pip_commands(doc):
        if cmd.has("-r", "--requirement", "-c", "--constraint", "-e", "--editable"):
            continue
        skip = lambda v: _is_path(v) or v.endswith((".whl", ".tar.gz", ".zip")) or v.startswith("git+")
        yield from _unpinned(doc, rest, lambda v: bool(_PIP_PINNED.search(v)), "package", "{}==<version>", skip)


@checks.rule("DF041")
def pip_install_with_cache(doc, ctx):
    for ins, cmd, sub, rest in pip_commands(doc):
        scope = ins.scope
        cache_dir = scope.get("PIP_CACHE_DIR") or ".cache/pip"
        if cmd.has("--no-cache-dir") or scope.get("PIP_NO_CACHE_DIR") not in (None, "", "0", "false", "off") or _cache_mount(ins, cache_dir):
            continue
        if any(a.startswith("PIP_NO_CACHE_DIR=") for a in cmd.assignments):
            continue
        yield Finding(
            sub.span,
            "pip install keeps its download cache in the image; use pip install --no-cache-dir",
            Fix((insert_after(sub.span, " --no-cache-dir"),), "Add --no-cache-dir to pip install"),
        )


def _npm_pinned(v: str) -> bool:
    name = v[1:] if v.startswith("@") else v
    return "@" in name


@checks.rule("DF018")
def npm_install_unpinned(doc, ctx):
    for ins, cmd, sub, rest in calls(doc, ("npm",), ("install", "i", "add")):
        skip = lambda v: _is_path(v) or v.endswith((".tgz", ".tar.gz")) or v.startswith(("git", "github:", "http"))
        yield from _unpinned(doc, rest, _npm_pinned, "package", "{}@<version>", skip)


@checks.rule("DF029")
def gem_install_unpinned(doc, ctx):
    for ins, cmd, sub, rest in calls(doc, ("gem",), ("install",)):
        if cmd.has("-v", "--version"):
            continue
        yield from _unpinned(doc, rest, lambda v: ":" in v, "gem", "{}:<version>", lambda v: v.endswith(".gem") or _is_path(v))


@checks.rule("DF061")
def go_install_unpinned(doc, ctx):
    for ins, cmd, sub, rest in calls(doc, ("go",), ("install",)):
        for w in rest:
            v = w.value
            if w.expands or v.startswith((".", "/")) or "@" in v and not v.endswith("@latest"):
                continue
            if "@" not in v and "." not in v.split("/", 1)[0]:
                continue  # a package of the local module, built at the module's version
            yield Finding(w.span, f"go install '{v}' takes whatever version is newest; pin it (go install {v.split('@')[0]}@v1.2.3)")


# ---- yum, dnf, zypper -----------------------------------------------------------------


def _rpm_pinned(v: str) -> bool:
    return bool(re.search(r"-\d", v)) or v.endswith(".rpm") or _is_path(v)


def _without_yes(doc, tools, label):
    for ins, cmd, sub, rest in calls(doc, tools, ("install", "groupinstall", "localinstall", "reinstall")):
        if cmd.has("-y", "--assumeyes"):
            continue
        yield Finding(sub.span, f"{cmd.name} {sub.value} without -y waits for a confirmation no build can give", Fix((insert_after(sub.span, " -y"),), f"Add -y to {cmd.name} {sub.value}"))


@checks.rule("DF031")
def yum_install_without_yes(doc, ctx):
    yield from _without_yes(doc, ("yum",), "yum")


@checks.rule("DF038")
def dnf_install_without_yes(doc, ctx):
    yield from _without_yes(doc, ("dnf", "microdnf"), "dnf")


def _cleaned(doc, ins, tool: str, cache_dir: str) -> bool:
    script = doc.script(ins)
    for c in script.commands:
        e = c.effective()
        if e.name == tool and (sub := split(e, tool)[0]) is not None and sub.value == "clean":
            return True  # options may come first: microdnf -y clean all
    return _removes(script, cache_dir) or _cache_mount(ins, cache_dir)


def _not_cleaned(doc, tools, cache_dir, clean):
    shipped = shipped_stages(doc)
    # whatever downloads packages fills the cache: installs and upgrades alike
    subs = ("install", "groupinstall", "localinstall", "reinstall", "in", "upgrade", "update", "up", "distro-sync")
    for ins, cmd, sub, rest in calls(doc, tools, subs):
        if ins.stage in shipped and not _cleaned(doc, ins, cmd.name, cache_dir):
            yield Finding(sub.span, f"{cmd.name} {sub.value} leaves its package cache in {cache_dir}, in the image; run {clean} in the same RUN")


@checks.rule("DF032")
def yum_cache_kept(doc, ctx):
    yield from _not_cleaned(doc, ("yum",), "/var/cache/yum", "yum clean all")


@checks.rule("DF039")
def dnf_cache_kept(doc, ctx):
    yield from _not_cleaned(doc, ("dnf", "microdnf"), "/var/cache/dnf", "dnf clean all")


@checks.rule("DF036")
def zypper_cache_kept(doc, ctx):
    yield from _not_cleaned(doc, ("zypper",), "/var/cache/zypp", "zypper clean")


@checks.rule("DF033")
def yum_install_unpinned(doc, ctx):
    for ins, cmd, sub, rest in calls(doc, ("yum",), ("install",)):
        yield from _unpinned(doc, rest, _rpm_pinned, "package", "{}-<version>")


@checks.rule("DF040")
def dnf_install_unpinned(doc, ctx):
    for ins, cmd, sub, rest in calls(doc, ("dnf", "microdnf"), ("install",)):
        yield from _unpinned(doc, rest, _rpm_pinned, "package", "{}-<version>")


@checks.rule("DF037")
def zypper_install_unpinned(doc, ctx):
    for ins, cmd, sub, rest in calls(doc, ("zypper",), ("install", "in")):
        yield from _unpinned(doc, rest, lambda v: bool(re.search(r"[=<>]", v)) or v.endswith(".rpm"), "package", "{}=<version>")


@checks.rule("DF034")
def zypper_without_non_interactive(doc, ctx):
    for ins, cmd, sub, rest in calls(doc, ("zypper",), ("install", "in", "remove", "rm", "source-install", "si", "patch", "update", "up")):
        if cmd.has("-n", "--non-interactive", "-y", "--no-confirm"):
            continue
        yield Finding(sub.span, f"zypper {sub.value} without --non-interactive waits for a confirmation no build can give")


@checks.rule("DF035")
def zypper_dist_upgrade(doc, ctx):
    for ins, cmd, sub, rest in calls(doc, ("zypper",), ("dist-upgrade", "dup")):
        yield Finding(sub.span, "zypper dist-upgrade moves the whole distribution to new releases, so the image changes with every build; use the base image's release")


@checks.rule("DF059")
def yarn_cache_kept(doc, ctx):
    shipped = shipped_stages(doc)
    for ins, cmd, sub, rest in calls(doc, ("yarn",), ("install", "add")):
        if ins.stage not in shipped or _cache_mount(ins, "yarn"):
            continue
        script = doc.script(ins)
        if any(c.effective().name == "yarn" and [w.value for w in c.effective().args[:2]] == ["cache", "clean"] for c in script.commands):
            continue
        yield Finding(sub.span, f"yarn {sub.value} leaves its cache in the image; run yarn cache clean in the same RUN")


# ---- other commands ------------------------------------------------------------------------


_POINTLESS = ("ssh", "vim", "shutdown", "service", "ps", "free", "top", "kill", "mount", "ifconfig")


@checks.rule("DF008")
def pointless_command(doc, ctx):
    for ins, cmd in commands(doc, *_POINTLESS):
        yield Finding(cmd.name_word.span, f"'{cmd.name}' is meant for an interactive machine and does nothing useful in an image build")


@checks.rule("DF009")
def cd_in_run(doc, ctx):
    for ins, cmd in commands(doc, "cd"):
        yield Finding(cmd.name_word.span, "cd in RUN changes directory for this RUN only, which is easy to misread; use WORKDIR")


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
    for ins, cmd in commands(doc, "useradd"):
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


@checks.rule("DF046")
def wget_without_progress(doc, ctx):
    for ins, cmd in commands(doc, "wget"):
        if cmd.has("-q", "--quiet", "-nv", "--no-verbose", "--progress", "-o", "--output-file", "-a", "--append-output"):
            continue
        yield Finding(cmd.name_word.span, "wget without --progress floods the build log with progress bars; use wget --progress=dot:giga, -q or -nv")


@checks.rule("DF069")
def wget_and_curl(doc, ctx):
    for stage in doc.stages:
        seen = {}
        for ins, cmd in commands(doc, "wget", "curl"):
            if ins.stage != stage.index or ins.onbuild:
                continue
            seen.setdefault(cmd.name, cmd)
            if len(seen) == 2 and cmd.name != next(iter(seen)):
                first = next(iter(seen.values()))
                yield Finding(cmd.name_word.span, f"this stage uses both {first.name} (line {first.name_word.span.line}) and {cmd.name}; one download tool is enough")
                break


@checks.rule("DF070")
def ln_bin_sh(doc, ctx):
    for ins, cmd in commands(doc, "ln"):
        if any(w.value == "/bin/sh" for w in cmd.positional()[1:]):
            yield Finding(cmd.name_word.span, "replacing /bin/sh with ln changes the shell of every later RUN behind the reader's back; use the SHELL instruction")


@checks.rule("DF071")
def pipe_without_pipefail(doc, ctx):
    from cnlint.dockerfile.shell import shell_pipefail

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


def _extracts(cmd) -> bool:
    first = cmd.args[0].value if cmd.args else ""
    return cmd.has("-x", "--extract", "--get") or (bool(first) and not first.startswith("-") and "x" in first)


@checks.rule("DF013")
def copied_archive_extracted(doc, ctx):
    from cnlint.dockerfile.model import tokens, unquote
    from cnlint.dockerfile.rules.instructions import ARCHIVE

    extracted = {}
    for ins, cmd in commands(doc, "tar"):
        if _extracts(cmd) and not ins.onbuild:
            for w in cmd.args:
                extracted.setdefault((ins.stage, w.value.rsplit("/", 1)[-1]), ins)
    for ins in doc.of("COPY", triggers=False):
        if "from" in ins.flags or ins.heredocs:
            continue
        words = ins.json_arguments or [unquote(w) for w, _ in tokens(ins.arguments)]
        for src in words[:-1]:
            name = src.rstrip("/").rsplit("/", 1)[-1]
            run = extracted.get((ins.stage, name))
            if ARCHIVE.search(name) and run is not None and run.line > ins.line:
                yield Finding(doc.locate(ins, src, ins.args_offset), f"'{src}' is copied and then unpacked by the RUN at line {run.line}; ADD unpacks a local archive in one layer")
