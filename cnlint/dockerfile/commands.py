"""The shell commands of a Dockerfile's RUNs, as the rules ask for them.

The model parses each RUN once and lists its commands once
(`Dockerfile.run_commands`); this module answers the questions rules put to
that list: the commands of a name, and a package manager's subcommand with
the words after it.
"""

from __future__ import annotations

import heapq

# Options that take the next word as their value, per tool.
_VALUED = {
    "apt-get": {"-o", "-c", "-t", "--target-release", "--option", "--config-file"},
    "apk": {"-X", "--repository", "-t", "--virtual", "-p", "--root", "--arch", "--repositories-file", "--cache-dir", "--keys-dir"},
    "pip": {
        "-r", "--requirement", "-c", "--constraint", "-i", "--index-url", "--extra-index-url", "-t", "--target",
        "--prefix", "--root", "-f", "--find-links", "--trusted-host", "--platform", "--python-version",
        "--implementation", "--abi", "--src", "--upgrade-strategy", "--progress-bar", "--cache-dir", "--log",
        "--proxy", "--timeout", "--retries",
    },
    "npm": {"--prefix", "--registry", "--cache", "-w", "--workspace", "--loglevel", "--tag"},
    "gem": {"-v", "--version", "-i", "--install-dir", "-n", "--bindir", "--source", "-s", "-P", "--trust-policy", "--platform"},
    "yum": {"-c", "--config", "--installroot", "--enablerepo", "--disablerepo", "-x", "--exclude", "--releasever", "--setopt"},
    "zypper": {"-r", "--repo", "--from", "-t", "--type", "-R", "--root"},
    "go": {"-o", "-C", "-p", "-tags", "-ldflags", "-gcflags", "-mod", "-modfile", "-pkgdir", "-overlay", "-asmflags", "-buildmode", "-compiler", "-installsuffix"},
}
_VALUED["apt"] = _VALUED["apt-get"]
_VALUED["dnf"] = _VALUED["microdnf"] = _VALUED["yum"]


def commands(doc, *names):
    """(instruction, command) for every shell command named `names` in RUNs
    (ONBUILD RUN included; all of them when no name is given), looking
    through sudo/env wrappers."""
    if not names:
        return doc.run_commands
    if len(names) == 1:
        return doc.run_commands_by_name.get(names[0], ())
    # each name's list is in file order; merging them costs what they hold,
    # not a pass over every command (rules ask once per build stage)
    lists = [doc.run_commands_by_name.get(name, ()) for name in dict.fromkeys(names)]
    return list(heapq.merge(*lists, key=_file_order))


def _file_order(pair):
    ins, cmd = pair
    return ins.line, cmd.start


def _positional(args, valued):
    """Indices of the words that are neither options nor an option's value."""
    skip = False
    for i, w in enumerate(args):
        if skip:
            skip = False
        elif w.value.startswith("-"):
            skip = w.value in valued
        else:
            yield i


def split(cmd, tool: str):
    """(subcommand word, positional words after it) of a package manager call."""
    found = [cmd.args[i] for i in _positional(cmd.args, _VALUED.get(tool, ()))]
    return (found[0], found[1:]) if found else (None, [])


def calls(doc, tools, subs):
    """(instruction, command, subcommand word, packages) for `tool sub ...`."""
    for ins, cmd in commands(doc, *tools):
        positional = _positional(cmd.args, _VALUED.get(cmd.name, ()))
        first = next(positional, None)
        if first is not None and cmd.args[first].value in subs:
            yield ins, cmd, cmd.args[first], [cmd.args[i] for i in positional]
