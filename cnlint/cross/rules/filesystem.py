"""The container's filesystem: where the Go program writes against what the
manifest leaves writable."""

from __future__ import annotations

import posixpath
import re

from cnlint.checks import Checks
from cnlint.cross.program import env_setting, facts_of, runs_main
from cnlint.cross.seams import ALL_KINDS, Side, seam
from cnlint.cross.service import Services
from cnlint.kubernetes.common import items, mapping, security_context

checks = Checks()

# The calls whose /tmp is os.TempDir(): $TMPDIR when it is set.
_TEMP_CALLS = frozenset({"os.CreateTemp", "os.MkdirTemp", "os.TempFile", "os.TempDir"})
# What the container runtime mounts writable whatever the root filesystem is.
_RUNTIME_DIRECTORIES = ("/dev", "/proc", "/sys")
_RUNTIME_FILES = frozenset({"/etc/hosts", "/etc/hostname", "/etc/resolv.conf"})
MAX_LISTED = 3


def _mounts(container) -> list[str] | None:
    """The container's mountPaths, normalised; None when one is not a plain string."""
    out = []
    for mount in items(container.data.get("volumeMounts")):
        where = mapping(mount).get("mountPath")
        if not isinstance(where, str) or not where.startswith("/") or "$" in where:
            return None
        out.append(posixpath.normpath(where))
    return out


def _covered(target: str, mounts: list[str]) -> bool:
    """Whether a mount holds the write; a mount below a partly known path may too."""
    for where in mounts:
        if where == "/" or target == where or target.startswith(where + "/"):
            return True
        if where.startswith(target + "/"):
            return True  # os.MkdirAll of a mount's parent, or a partial path that may lead into it
    return False


def _tmpdir_set(container, service) -> bool | None:
    """Whether TMPDIR may be set for the program (None: cannot tell)."""
    setting = env_setting(container, service, "TMPDIR")
    return None if setting is not None and setting.by == "envFrom" else setting is not None


def _image_volumes(service) -> list[str] | None:
    """VOLUMEs of the image's Dockerfile (the runtime may make them
    writable); None when the image is not known well enough to say."""
    image_facts = service.facts
    if service.dockerfile is None:
        return []  # ko: its base images declare none
    if image_facts is None or image_facts.stage is None or (image_facts.base_facts is None and not image_facts.scratch):
        return None
    doc = service.dockerfile
    chain = {s.index for s in image_facts.chain}
    out = []
    for ins in doc.of("VOLUME", triggers=False):
        if ins.stage not in chain:
            continue
        words = ins.json_arguments if ins.json_arguments is not None else ins.arguments.split()
        for word in words:
            value = doc.resolve(ins, word.strip("'\"")) if isinstance(word, str) else None
            if not value or not value.startswith("/"):
                return None
            out.append(posixpath.normpath(value))
    return out


def _unwritable(writes, mounts: list[str], tmpdir: bool | None, termination: str) -> list:
    out = []
    for write in writes:
        target = posixpath.normpath(write.target)
        if write.call in _TEMP_CALLS and target == "/tmp" and tmpdir is not False:
            continue  # $TMPDIR decides where it goes
        if target.startswith(tuple(d + "/" for d in _RUNTIME_DIRECTORIES)) or target in _RUNTIME_DIRECTORIES:
            continue
        if target in _RUNTIME_FILES or target == termination or re.search(r"[*?$]", target):
            continue
        if target != "/" and not _covered(target, mounts):
            out.append(write)
    return out


def _shown(write) -> str:
    if write.call in _TEMP_CALLS and write.target == "/tmp":
        return f"/tmp ({write.call})"
    return f"{write.target}/..." if write.partial else write.target


@checks.project("XA013", reads=ALL_KINDS)
def read_only_root_fs_written(project, ctx):
    for service in project.view(Services).services:
        if service.main is None:
            continue
        writes = facts_of(service.main).writes
        volumes = _image_volumes(service) if writes else None
        if volumes is None:
            continue
        for container in service.containers:
            if security_context(container.data).get("readOnlyRootFilesystem") is not True or not runs_main(container, service):
                continue
            mounts = _mounts(container)
            if mounts is None:
                continue
            termination = container.data.get("terminationMessagePath") or "/dev/termination-log"
            found = _unwritable(writes, mounts + volumes, _tmpdir_set(container, service), termination)
            if not found:
                continue
            places = list(dict.fromkeys(_shown(w) for w in found))
            listed = ", ".join(places[:MAX_LISTED]) + (f" and {len(places) - MAX_LISTED} more" if len(places) > MAX_LISTED else "")
            message = (
                f"container '{container.name}' has a read-only root filesystem, but its program writes {listed}, which no volumeMount covers: "
                "the writes fail with 'read-only file system'; mount an emptyDir (or another volume) there"
            )
            keys = container.key + ("securityContext", "readOnlyRootFilesystem")
            sides = [Side(container.path, container.obj.key_span(keys), "readOnlyRootFilesystem is set here")]
            sides += [Side(w.path, w.span, f"writes {_shown(w)}") for w in found]
            finding = seam(project, message, *sides, logical=container.obj.logical)
            if finding is not None:
                yield finding
