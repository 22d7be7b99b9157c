"""The VF rules: each turns what a stage observed into a finding at the
line that explains it. One function per rule, named after it; rules/verify/
holds each rule's documentation."""

from __future__ import annotations

from collections.abc import Callable

from cnlint.diagnostics import Finding, Span
from cnlint.verify.observe import Observation

RULES: dict[str, Callable[[Observation], Finding]] = {}


def rule(code: str):
    def register(fn):
        assert code not in RULES, code
        RULES[code] = fn
        return fn

    return register


def finding(obs: Observation) -> Finding:
    return RULES[obs.code](obs)


# ---- where ------------------------------------------------------------------


def in_dockerfile(obs: Observation) -> Finding:
    """At the instruction that holds the line the build log names."""
    doc = obs.dockerfile
    span = Span.point(obs.line or 1)
    for ins in doc.instructions:
        if ins.line <= (obs.line or 1) <= ins.end_line:
            span = ins.span
            break
    return Finding(span, obs.message, path=obs.path)


def in_manifest(obs: Observation) -> Finding:
    """At the field `at` names under the container, else under the pod spec,
    else its nearest existing parent: the container, the pod spec, the object."""
    obj = obs.obj
    bases = [k for k in (obs.container_key, obs.spec_key) if k is not None]
    span = None
    for depth in range(len(obs.at), 0, -1):
        for base in bases:
            key = base + tuple(obs.at[:depth])
            if obj.get(key) is not None:
                span = obj.value_span(key) if _scalar(obj.get(key)) else obj.key_span(key)
                break
        if span is not None:
            break
    if span is None:
        base = bases[0] if bases else ()
        span = obj.key_span(base) if base else obj.key_span(("kind",))
    return Finding(span, obs.message, logical=obj.logical, path=obs.path)


def _scalar(value) -> bool:
    return not isinstance(value, (dict, list))


# ---- the rules ----------------------------------------------------------------


@rule("VF001")
def build_failed(obs):
    return in_dockerfile(obs)


@rule("VF002")
def program_not_startable(obs):
    return in_manifest(obs)


@rule("VF003")
def interpreter_missing(obs):
    return in_manifest(obs)


@rule("VF004")
def non_root_refused(obs):
    return in_manifest(obs)


@rule("VF005")
def container_exited(obs):
    return in_manifest(obs)


@rule("VF006")
def oom_killed(obs):
    return in_manifest(obs)


@rule("VF007")
def readiness_never_passed(obs):
    return in_manifest(obs)


@rule("VF008")
def liveness_failed(obs):
    return in_manifest(obs)


@rule("VF009")
def startup_probe_failed(obs):
    return in_manifest(obs)


@rule("VF010")
def read_only_filesystem_write(obs):
    return in_manifest(obs)


@rule("VF011")
def job_failed(obs):
    return in_manifest(obs)


@rule("VF012")
def init_container_failed(obs):
    return in_manifest(obs)


@rule("VF013")
def image_pull_failed(obs):
    return in_manifest(obs)


@rule("VF014")
def unschedulable(obs):
    return in_manifest(obs)


@rule("VF015")
def container_config_error(obs):
    return in_manifest(obs)


@rule("VF016")
def apply_rejected(obs):
    return in_manifest(obs)


@rule("VF017")
def rollout_timeout(obs):
    return in_manifest(obs)
