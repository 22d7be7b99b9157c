"""Package managers in RUN (apt, apk, yum, dnf, zypper, pip, npm, yarn, gem,
go install): pinned versions, caches left in the image, non-interactive runs."""

from __future__ import annotations

import re

from cnlint.checks import Checks
from cnlint.diagnostics import Edit, Finding, Fix, Span
from cnlint.dockerfile.commands import calls, commands, split
from cnlint.dockerfile.stages import shipped_stages

checks = Checks()


def _insert_after(span: Span, text: str) -> Edit:
    return Edit(Span(span.end_line, span.end_column, span.end_line, span.end_column), text)


_PIP = re.compile(r"pip[0-9.]*")
_PYTHON = re.compile(r"python[0-9.]*")


def _pip_installs(doc):
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


# ---- apt ---------------------------------------------------------------------


def _apt_installs(doc):
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
    for _ins, cmd, sub, _ in _apt_installs(doc):
        if _assumes_yes(cmd):
            continue
        yield Finding(
            sub.span,
            f"{cmd.name} install without -y waits for a confirmation no build can give",
            Fix((_insert_after(sub.span, " -y"),), f"Add -y to {cmd.name} install"),
        )


@checks.rule("DF011")
def apt_install_unpinned(doc, ctx):
    for _ins, _cmd, _sub, rest in _apt_installs(doc):
        yield from _unpinned(doc, rest, lambda v: "=" in v, "package", "{}=<version>", lambda v: v.endswith(".deb") or _is_path(v))


@checks.rule("DF012")
def apt_lists_kept(doc, ctx):
    shipped = shipped_stages(doc)
    runs = doc.of("RUN", triggers=False)
    for ins, cmd, sub, _rest in calls(doc, ("apt-get", "apt"), ("update",)):
        if (ins.stage not in shipped and not ins.onbuild) or _cache_mount(ins, "/var/lib/apt"):
            continue
        # an ONBUILD RUN lands in the downstream image: only its own rm counts
        later = [ins] if ins.onbuild else [r for r in runs if r.stage == ins.stage and r.line >= ins.line]
        if any((s := doc.script(r)) is not None and _removes(s, "/var/lib/apt/lists") for r in later):
            continue
        yield Finding(sub.span, f"{cmd.name} update leaves package lists in /var/lib/apt/lists, in the image; remove them with rm -rf /var/lib/apt/lists/* in the same RUN")


@checks.rule("DF017")
def apt_install_recommends(doc, ctx):
    for _ins, cmd, sub, _rest in _apt_installs(doc):
        if cmd.has("--no-install-recommends") or any("Install-Recommends=" in w.value for w in cmd.args):
            continue
        yield Finding(
            sub.span,
            f"{cmd.name} install without --no-install-recommends also installs recommended packages the image likely does not need",
            Fix((_insert_after(sub.span, " --no-install-recommends"),), "Add --no-install-recommends", safe=False),
        )


@checks.rule("DF028")
def apt_in_run(doc, ctx):
    for _ins, cmd in commands(doc, "apt"):
        sub, _ = split(cmd, "apt")
        if sub is not None and sub.value in ("install", "update", "upgrade", "remove", "purge", "autoremove", "dist-upgrade", "full-upgrade"):
            yield Finding(cmd.name_word.span, "apt is meant for people at a terminal and its interface may change; use apt-get in scripts")


@checks.rule("DF073")
def index_update_without_install(doc, ctx):
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
    for _ins, cmd, sub, _rest in calls(doc, ("apt-get", "apt"), ("dist-upgrade", "full-upgrade")):
        yield Finding(sub.span, f"{cmd.name} {sub.value} may move the image to new major package versions at any build; rely on the base image's release")


# ---- apk ---------------------------------------------------------------------


def _apk_pinned(v: str) -> bool:
    return bool(re.search(r"[=~<>]", v))


@checks.rule("DF019")
def apk_add_unpinned(doc, ctx):
    for _ins, _cmd, _sub, rest in calls(doc, ("apk",), ("add",)):
        yield from _unpinned(doc, rest, _apk_pinned, "package", "{}=<version>", lambda v: v.endswith(".apk") or _is_path(v))


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
            Fix((_insert_after(sub.span, " --no-cache"),), "Add --no-cache to apk add"),
        )


# ---- pip, npm, yarn, gem, go -------------------------------------------------


_PIP_PINNED = re.compile(r"(===?|~=|@)")


def _pip_not_from_index(v: str) -> bool:
    return _is_path(v) or v.endswith((".whl", ".tar.gz", ".zip")) or v.startswith("git+")


@checks.rule("DF016")
def pip_install_unpinned(doc, ctx):
    for _ins, cmd, _sub, rest in _pip_installs(doc):
        if cmd.has("-r", "--requirement", "-c", "--constraint", "-e", "--editable"):
            continue
        yield from _unpinned(doc, rest, lambda v: bool(_PIP_PINNED.search(v)), "package", "{}==<version>", _pip_not_from_index)


@checks.rule("DF041")
def pip_install_with_cache(doc, ctx):
    for ins, cmd, sub, _rest in _pip_installs(doc):
        scope = ins.scope
        cache_dir = scope.get("PIP_CACHE_DIR") or ".cache/pip"
        if cmd.has("--no-cache-dir") or scope.get("PIP_NO_CACHE_DIR") not in (None, "", "0", "false", "off") or _cache_mount(ins, cache_dir):
            continue
        if any(a.startswith("PIP_NO_CACHE_DIR=") for a in cmd.assignments):
            continue
        yield Finding(
            sub.span,
            "pip install keeps its download cache in the image; use pip install --no-cache-dir",
            Fix((_insert_after(sub.span, " --no-cache-dir"),), "Add --no-cache-dir to pip install"),
        )


def _npm_pinned(v: str) -> bool:
    name = v[1:] if v.startswith("@") else v
    return "@" in name


def _npm_not_from_registry(v: str) -> bool:
    return _is_path(v) or v.endswith((".tgz", ".tar.gz")) or v.startswith(("git", "github:", "http"))


@checks.rule("DF018")
def npm_install_unpinned(doc, ctx):
    for _ins, _cmd, _sub, rest in calls(doc, ("npm",), ("install", "i", "add")):
        yield from _unpinned(doc, rest, _npm_pinned, "package", "{}@<version>", _npm_not_from_registry)


@checks.rule("DF059")
def yarn_cache_kept(doc, ctx):
    shipped = shipped_stages(doc)
    for ins, _cmd, sub, _rest in calls(doc, ("yarn",), ("install", "add")):
        if ins.stage not in shipped or _cache_mount(ins, "yarn"):
            continue
        script = doc.script(ins)
        if any(c.effective().name == "yarn" and [w.value for w in c.effective().args[:2]] == ["cache", "clean"] for c in script.commands):
            continue
        yield Finding(sub.span, f"yarn {sub.value} leaves its cache in the image; run yarn cache clean in the same RUN")


@checks.rule("DF029")
def gem_install_unpinned(doc, ctx):
    for _ins, cmd, _sub, rest in calls(doc, ("gem",), ("install",)):
        if cmd.has("-v", "--version"):
            continue
        yield from _unpinned(doc, rest, lambda v: ":" in v, "gem", "{}:<version>", lambda v: v.endswith(".gem") or _is_path(v))


@checks.rule("DF061")
def go_install_unpinned(doc, ctx):
    for _ins, _cmd, _sub, rest in calls(doc, ("go",), ("install",)):
        for w in rest:
            v = w.value
            if w.expands or v.startswith((".", "/")) or "@" in v and not v.endswith("@latest"):
                continue
            if "@" not in v and "." not in v.split("/", 1)[0]:
                continue  # a package of the local module, built at the module's version
            yield Finding(w.span, f"go install '{v}' takes whatever version is newest; pin it (go install {v.split('@')[0]}@v1.2.3)")


# ---- yum, dnf, zypper --------------------------------------------------------


def _rpm_pinned(v: str) -> bool:
    return bool(re.search(r"-\d", v)) or v.endswith(".rpm") or _is_path(v)


def _without_yes(doc, tools, label):
    for _ins, cmd, sub, _rest in calls(doc, tools, ("install", "groupinstall", "localinstall", "reinstall")):
        if cmd.has("-y", "--assumeyes"):
            continue
        yield Finding(sub.span, f"{cmd.name} {sub.value} without -y waits for a confirmation no build can give", Fix((_insert_after(sub.span, " -y"),), f"Add -y to {cmd.name} {sub.value}"))


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
    for ins, cmd, sub, _rest in calls(doc, tools, subs):
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
    for _ins, _cmd, _sub, rest in calls(doc, ("yum",), ("install",)):
        yield from _unpinned(doc, rest, _rpm_pinned, "package", "{}-<version>")


@checks.rule("DF040")
def dnf_install_unpinned(doc, ctx):
    for _ins, _cmd, _sub, rest in calls(doc, ("dnf", "microdnf"), ("install",)):
        yield from _unpinned(doc, rest, _rpm_pinned, "package", "{}-<version>")


@checks.rule("DF037")
def zypper_install_unpinned(doc, ctx):
    for _ins, _cmd, _sub, rest in calls(doc, ("zypper",), ("install", "in")):
        yield from _unpinned(doc, rest, lambda v: bool(re.search(r"[=<>]", v)) or v.endswith(".rpm"), "package", "{}=<version>")


@checks.rule("DF034")
def zypper_without_non_interactive(doc, ctx):
    for _ins, cmd, sub, _rest in calls(doc, ("zypper",), ("install", "in", "remove", "rm", "source-install", "si", "patch", "update", "up")):
        if cmd.has("-n", "--non-interactive", "-y", "--no-confirm"):
            continue
        yield Finding(sub.span, f"zypper {sub.value} without --non-interactive waits for a confirmation no build can give")


@checks.rule("DF035")
def zypper_dist_upgrade(doc, ctx):
    for _ins, _cmd, sub, _rest in calls(doc, ("zypper",), ("dist-upgrade", "dup")):
        yield Finding(sub.span, "zypper dist-upgrade moves the whole distribution to new releases, so the image changes with every build; use the base image's release")
