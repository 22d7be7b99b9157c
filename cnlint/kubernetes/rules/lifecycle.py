"""Kubernetes rules on how pods and Jobs run to their end: restart
policies, CronJob deadlines, cleaning up finished Jobs."""

from __future__ import annotations

from cnlint.checks import Checks
from cnlint.kubernetes.common import at, label, mapping, pods

checks = Checks()

@checks.rule("KM063")
def job_ttl_seconds_after_finished(doc, ctx):
    for obj in doc.objects:
        if obj.group != "batch":
            continue
        if obj.kind == "Job" and obj.get(("spec", "ttlSecondsAfterFinished")) is None and isinstance(obj.get(("spec",)), dict):
            yield at(obj, obj.key_span(("spec",)), f"job '{obj.name}' does not set ttlSecondsAfterFinished, so it and its pods stay in the cluster after it finishes")
        elif obj.kind == "CronJob" and obj.get(("spec", "jobTemplate", "spec", "ttlSecondsAfterFinished")) is not None:
            span = obj.key_span(("spec", "jobTemplate", "spec", "ttlSecondsAfterFinished"))
            yield at(obj, span, f"cronjob '{obj.name}' sets ttlSecondsAfterFinished on its jobs, which deletes them before its history limits can keep them")


@checks.rule("KM093")
def cronjob_missing_deadline(doc, ctx):
    for obj in doc.objects:
        if obj.kind == "CronJob" and obj.group == "batch" and isinstance(obj.get(("spec",)), dict) and obj.get(("spec", "startingDeadlineSeconds")) is None:
            yield at(obj, obj.key_span(("spec",)), f"cronjob '{obj.name}' sets no startingDeadlineSeconds, so after 100 missed runs (a long outage) it stops scheduling for good")


RESTART_POLICIES = ("Always", "OnFailure")


# Job features the API server accepts only with restartPolicy: Never.
NEEDS_NEVER = ("podFailurePolicy", "backoffLimitPerIndex")


def _job_spec(obj) -> dict:
    if obj.group != "batch":
        return {}
    path = {"Job": ("spec",), "CronJob": ("spec", "jobTemplate", "spec")}.get(obj.kind)
    return mapping(obj.get(path)) if path else {}


@checks.rule("KM150")
def restart_policy(doc, ctx):
    for obj, spec_path, spec in pods(doc):
        policy = spec.get("restartPolicy")
        # Unset means Always, which the API server fills in.
        if policy is None or policy in RESTART_POLICIES:
            continue
        job = _job_spec(obj)
        if any(job.get(key) is not None for key in NEEDS_NEVER):
            continue
        # Jobs may not use Always.
        fix = "OnFailure" if obj.kind in ("Job", "CronJob") and obj.group == "batch" else "Always or OnFailure"
        yield at(obj, obj.value_span(spec_path + ("restartPolicy",)), f"{obj.kind.lower()} '{obj.name}' sets restartPolicy {label(policy)}, so containers that fail are not restarted; use {fix}")
