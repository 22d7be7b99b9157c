"""Package managers in RUN (apt, apk, yum, dnf, zypper, pip, npm, yarn, gem,
go install): pinned versions, caches left in the image, non-interactive runs.

A package cache stays out of the image when the RUN empties it after the
install (a clean before the install leaves the install's own cache), or
when a BuildKit cache or tmpfs mount holds it: what a mount holds never
reaches the layer."""

from __future__ import annotations

import re

from cnlint.checks import Checks
from cnlint.diagnostics import Edit, Finding, Fix, Span
from cnlint.dockerfile.commands import calls, commands, split
from cnlint.dockerfile.stages import shipped_stages
from cnlint.patterns import lazy

checks = Checks()


def _insert_after(span: Span, text: str) -> Edit:
    return Edit(Span(span.end_line, span.end_column, span.end_line, span.end_column), text)


_PIP = lazy(r"pip[0-9.]*")
_PYTHON = lazy(r"python[0-9.]*")


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
        view = type(cmd)(cmd.name, cmd.name_word, args, cmd.span, cmd.start, cmd.end, assignments=cmd.assignments)
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


def _removes(script, path: str, after: int = 0) -> bool:
    """Whether an `rm` at or after offset `after` of the script deletes
    `path` or what it holds (`path/*`, or a parent: `/var/cache/*`)."""
    for c in script.commands:
        if c.start < after:
            continue
        e = c.effective()
        if e.name == "rm" and any(_deletes(w.value, path) for w in e.args):
            return True
    return False


def _deletes(word: str, path: str) -> bool:
    base = word.rstrip("*").rstrip("/")
    if not base:
        return False
    return path == base or path.startswith(base + "/") or (word.endswith("*") and path.startswith(base)) or base.startswith(path + "/")


def _cache_targets(ins) -> list[str]:
    """Targets of the RUN's cache and tmpfs mounts (a RUN may have several
    --mount flags)."""
    out = []
    for f in ins.flag_spans:
        if f.name != "mount" or not re.search(r"(^|,)type=(cache|tmpfs)(,|$)", f.value):
            continue
        for part in f.value.split(","):
            key, _, value = part.partition("=")
            if key in ("target", "dst", "destination") and value:
                out.append(value.strip("\"'"))
    return out


def _cache_mount(ins, *paths: str) -> bool:
    """Is any of `paths` (absolute, or a tail such as `.cache/pip`) in a cache or tmpfs mount?"""
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


def _quiet_level(cmd) -> int:
    """How many times -q / --quiet is given (-qq and -q=2 count twice)."""
    level = 0
    for w in cmd.args:
        v = w.value
        if v.startswith(("-q=", "--quiet=")):
            level += int(v.split("=", 1)[1]) if v.split("=", 1)[1].isdigit() else 1
        elif v == "--quiet":
            level += 1
        elif v.startswith("-") and not v.startswith("--"):
            cluster = re.match(r"[A-Za-z]*", v[1:]).group(0)
            # -c, -o and -t take the rest of the word as their value: -oAcquire::...
            level += re.split(r"[cot]", cluster, maxsplit=1)[0].count("q")
    return level


def _assumes_yes(cmd) -> bool:
    # -qq (quiet level 2) implies -y, however it is spelled: -q -q, --quiet --quiet
    if _quiet_level(cmd) >= 2:
        return True
    for w in cmd.args:
        v = w.value
        if v in ("--yes", "--assume-yes", "--force-yes") or re.fullmatch(r"-[a-zA-Z]*y[a-zA-Z]*", v):
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


def _apt_mounts(ins) -> str | None:
    """None when the RUN's mounts keep apt's files out of the layer (as
    hadolint judges it: the lists directory itself, or both /var/lib/apt
    and /var/cache/apt); else what is left, for the message."""
    lists = any(t.rstrip("/") == "/var/lib/apt/lists" or t.startswith("/var/lib/apt/lists/") for t in _cache_targets(ins))
    state, archives = _cache_mount(ins, "/var/lib/apt"), _cache_mount(ins, "/var/cache/apt")
    if lists or (state and archives):
        return None
    if state:
        return "runs with /var/lib/apt in a cache mount but not /var/cache/apt, where apt keeps the packages it downloads, in the layer; mount /var/cache/apt as well"
    return "leaves package lists in /var/lib/apt/lists, in the image; remove them with rm -rf /var/lib/apt/lists/* in the same RUN"


@checks.rule("DF012")
def apt_lists_kept(doc, ctx):
    shipped = shipped_stages(doc)
    runs = doc.of("RUN", triggers=False)
    for ins, cmd, sub, _rest in calls(doc, ("apt-get", "apt"), ("update",)):
        if ins.stage not in shipped and not ins.onbuild:
            continue
        left = _apt_mounts(ins)
        if left is None:
            continue
        # an ONBUILD RUN lands in the downstream image: only its own rm counts
        later = [ins] if ins.onbuild else [r for r in runs if r.stage == ins.stage and r.line >= ins.line]
        if any((s := doc.script(r)) is not None and _removes(s, "/var/lib/apt/lists") for r in later):
            continue
        yield Finding(sub.span, f"{cmd.name} update {left}")


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
        if cmd.has("--no-cache") or _removes(script, "/var/cache/apk", cmd.start) or _cache_mount(ins, "/var/cache/apk", "/etc/apk/cache") or not rest:
            continue
        yield Finding(
            sub.span,
            "apk add keeps its package index in /var/cache/apk, in the image; use apk add --no-cache",
            Fix((_insert_after(sub.span, " --no-cache"),), "Add --no-cache to apk add"),
        )


# ---- pip, npm, yarn, gem, go -------------------------------------------------


_PIP_PINNED = lazy(r"(===?|~=|@)")
# pip's version control schemes (git+https://..., hg+ssh://..., svn+...).
_VCS = lazy(r"^(git|hg|svn|bzr)(\+[a-z-]+)?://", re.I)


def _vcs_pinned(v: str) -> bool:
    """A VCS requirement names a commit, tag or branch after `@` in its
    path: git+https://host/org/repo@v1.2#egg=repo (not the `git@` of ssh)."""
    url = v.split(" @ ", 1)[-1].split("#", 1)[0]
    path = _VCS.sub("", url).partition("/")[2]
    return "@" in path


def _pip_not_from_index(v: str) -> bool:
    return (_is_path(v) and not _VCS.match(v.split(" @ ", 1)[-1])) or v.endswith((".whl", ".tar.gz", ".zip"))


def _pip_pinned(v: str) -> bool:
    if _VCS.match(v.split(" @ ", 1)[-1]):
        return _vcs_pinned(v)
    return bool(_PIP_PINNED.search(v))


@checks.rule("DF016")
def pip_install_unpinned(doc, ctx):
    for _ins, cmd, _sub, rest in _pip_installs(doc):
        if cmd.has("-r", "--requirement", "-c", "--constraint", "-e", "--editable"):
            continue
        yield from _unpinned(doc, rest, _pip_pinned, "package", "{}==<version>", _pip_not_from_index)


# pip reads PIP_NO_CACHE_DIR as a boolean; these are the values that say "no cache"
_TRUE = ("1", "true", "on", "yes")
_NO_CACHE_SET = lazy(r"""\bPIP_NO_CACHE_DIR=["']?([A-Za-z0-9]*)""")


def _no_cache_set(doc, ins, cmd) -> bool:
    """PIP_NO_CACHE_DIR set true for this pip: by ENV or ARG, or in the RUN
    before it (`PIP_NO_CACHE_DIR=1 pip ...`, `env ...`, `export ...`)."""
    if str(ins.scope.get("PIP_NO_CACHE_DIR") or "").lower() in _TRUE:
        return True
    script = doc.script(ins)
    before = script.text[: cmd.name_word.start] if script is not None else ""
    return any(m.group(1).lower() in _TRUE for m in _NO_CACHE_SET.finditer(before))


@checks.rule("DF041")
def pip_install_with_cache(doc, ctx):
    for ins, cmd, sub, _rest in _pip_installs(doc):
        cache_dir = ins.scope.get("PIP_CACHE_DIR") or ".cache/pip"
        if cmd.has("--no-cache-dir") or _no_cache_set(doc, ins, cmd) or _cache_mount(ins, cache_dir):
            continue
        yield Finding(
            sub.span,
            "pip install keeps its download cache in the image; use pip install --no-cache-dir",
            Fix((_insert_after(sub.span, " --no-cache-dir"),), "Add --no-cache-dir to pip install"),
        )


# npm's git sources name a commit (or a semver range) after `#`
_NPM_GIT = ("git://", "git+ssh://", "git+http://", "git+https://", "github:", "gitlab:", "bitbucket:", "gist:")


def _npm_pinned(v: str) -> bool:
    if v.startswith(_NPM_GIT):
        return "#" in v
    name = v[1:] if v.startswith("@") else v
    return "@" in name


def _npm_not_from_registry(v: str) -> bool:
    if v.startswith(_NPM_GIT):
        return False
    # a tarball is one fixed version, wherever it comes from
    return _is_path(v) or v.endswith((".tar", ".tgz", ".tar.gz")) or v.startswith("http")


@checks.rule("DF018")
def npm_install_unpinned(doc, ctx):
    for _ins, _cmd, _sub, rest in calls(doc, ("npm",), ("install", "i", "add")):
        yield from _unpinned(doc, rest, _npm_pinned, "package", "{}@<version>", _npm_not_from_registry)


@checks.rule("DF059")
def yarn_cache_kept(doc, ctx):
    shipped = shipped_stages(doc)
    for ins, cmd, sub, _rest in calls(doc, ("yarn",), ("install", "add")):
        if ins.stage not in shipped or _cache_mount(ins, "yarn"):
            continue
        script = doc.script(ins)
        # a clean before the install leaves what the install downloads
        if any(c.start >= cmd.start and c.effective().name == "yarn" and [w.value for w in c.effective().args[:2]] == ["cache", "clean"] for c in script.commands):
            continue
        yield Finding(sub.span, f"yarn {sub.value} leaves its cache in the image; run yarn cache clean after it in the same RUN")


@checks.rule("DF029")
def gem_install_unpinned(doc, ctx):
    for _ins, cmd, _sub, rest in calls(doc, ("gem",), ("install", "i")):
        if cmd.has("-v", "--version"):
            continue
        yield from _unpinned(doc, rest, lambda v: ":" in v, "gem", "{}:<version>", lambda v: v.endswith(".gem") or _is_path(v))


@checks.rule("DF061")
def go_install_unpinned(doc, ctx):
    # go get fetches a module version as go install does (and installs it before Go 1.17)
    for _ins, _cmd, sub, rest in calls(doc, ("go",), ("install", "get")):
        for w in rest:
            v = w.value
            if w.expands or v.startswith((".", "/")) or "@" in v and not v.endswith("@latest") or v.endswith("@none"):
                continue
            if "@" not in v and "." not in v.split("/", 1)[0]:
                continue  # a package of the local module, built at the module's version
            yield Finding(w.span, f"go {sub.value} '{v}' takes whatever version is newest; pin it (go {sub.value} {v.split('@')[0]}@v1.2.3)")


# ---- yum, dnf, zypper --------------------------------------------------------


def _rpm_pinned(v: str) -> bool:
    return bool(re.search(r"-\d", v)) or v.endswith(".rpm") or _is_path(v)


def _rpm_calls(doc, tools, subs):
    """(instruction, command, subcommand word, arguments, module) for `tool
    sub ...` and `tool module sub ...`, whose arguments are module streams."""
    for ins, cmd in commands(doc, *tools):
        sub, rest = split(cmd, cmd.name)
        module = sub is not None and sub.value == "module" and bool(rest)
        if module:
            sub, rest = rest[0], rest[1:]
        if sub is not None and sub.value in subs:
            yield ins, cmd, sub, rest, module


_RPM_INSTALLS = ("install", "groupinstall", "localinstall", "reinstall")


def _without_yes(doc, tools):
    for _ins, cmd, sub, _rest, module in _rpm_calls(doc, tools, _RPM_INSTALLS):
        if cmd.has("-y", "--assumeyes"):
            continue
        what = f"{cmd.name} {'module ' if module else ''}{sub.value}"
        yield Finding(sub.span, f"{what} without -y waits for a confirmation no build can give", Fix((_insert_after(sub.span, " -y"),), f"Add -y to {what}"))


@checks.rule("DF031")
def yum_install_without_yes(doc, ctx):
    yield from _without_yes(doc, ("yum",))


@checks.rule("DF038")
def dnf_install_without_yes(doc, ctx):
    yield from _without_yes(doc, ("dnf", "microdnf"))


def _cleaned(doc, ins, cmd, tools, cache_dirs, cleans) -> bool:
    """Whether the RUN empties the package cache after `cmd`, or a mount keeps it out."""
    if _cache_mount(ins, *cache_dirs):
        return True
    script = doc.script(ins)
    for c in script.commands:
        e = c.effective()
        # a clean before the install leaves what the install downloads
        if c.start >= cmd.start and e.name in tools and (sub := split(e, e.name)[0]) is not None and sub.value in cleans:
            return True  # options may come first: microdnf -y clean all
    return any(_removes(script, d, cmd.start) for d in cache_dirs)


def _not_cleaned(doc, tools, cache_dirs, clean, cleans=("clean",)):
    shipped = shipped_stages(doc)
    # whatever downloads packages fills the cache: installs and upgrades alike
    subs = ("install", "groupinstall", "localinstall", "reinstall", "in", "upgrade", "update", "up", "distro-sync")
    for ins, cmd, sub, _rest, module in _rpm_calls(doc, tools, subs):
        if ins.stage in shipped and not _cleaned(doc, ins, cmd, tools, cache_dirs, cleans):
            what = f"{cmd.name} {'module ' if module else ''}{sub.value}"
            yield Finding(sub.span, f"{what} leaves its package cache in {cache_dirs[0]}, in the image; run {clean} after it in the same RUN")


@checks.rule("DF032")
def yum_cache_kept(doc, ctx):
    # yum 4 on EL8 and later is dnf, whose cache is /var/cache/dnf
    yield from _not_cleaned(doc, ("yum",), ("/var/cache/yum", "/var/cache/dnf"), "yum clean all")


@checks.rule("DF039")
def dnf_cache_kept(doc, ctx):
    # microdnf keeps its cache in /var/cache/yum, dnf5 in /var/cache/libdnf5
    yield from _not_cleaned(doc, ("dnf", "microdnf"), ("/var/cache/dnf", "/var/cache/yum", "/var/cache/libdnf5"), "dnf clean all")


@checks.rule("DF036")
def zypper_cache_kept(doc, ctx):
    yield from _not_cleaned(doc, ("zypper",), ("/var/cache/zypp",), "zypper clean", ("clean", "cc"))


def _rpm_unpinned(doc, tools):
    for _ins, _cmd, _sub, rest, module in _rpm_calls(doc, tools, ("install",)):
        if module:
            # a module installs its default stream unless one is named: nodejs:18
            yield from _unpinned(doc, rest, lambda v: ":" in v, "module", "{}:<stream>")
        else:
            yield from _unpinned(doc, rest, _rpm_pinned, "package", "{}-<version>")


@checks.rule("DF033")
def yum_install_unpinned(doc, ctx):
    yield from _rpm_unpinned(doc, ("yum",))


@checks.rule("DF040")
def dnf_install_unpinned(doc, ctx):
    yield from _rpm_unpinned(doc, ("dnf", "microdnf"))


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
