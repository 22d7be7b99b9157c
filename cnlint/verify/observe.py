"""What verify saw go wrong, before it is placed at a line.

Every stage (build, inspect, the pod on docker, the cluster) reports an
`Observation`; cnlint/verify/findings.py turns each into a VF finding at the
Dockerfile or manifest line that explains it. Stages know what happened;
only the rules know where to point.
"""

from __future__ import annotations

from dataclasses import dataclass, replace


@dataclass(frozen=True)
class Observation:
    code: str  # the VF rule it is reported under
    message: str  # what happened, in a sentence, without the log
    # Where it belongs: a Dockerfile artifact (a build), or a workload object
    # with the pod spec's key path and, for one container, its key path.
    dockerfile: object | None = None
    line: int | None = None  # the Dockerfile line, when the build log names it
    obj: object | None = None  # the KubeObject
    path: str | None = None  # the manifest's (or Dockerfile's) display path
    container_key: tuple | None = None  # keys from the object's root to the container
    spec_key: tuple | None = None  # keys from the object's root to the pod spec
    # `at`: which field explains it, relative to the container (or to the pod spec
    # when there is no container): ("command",), ("resources", "limits",
    # "memory"), ("readinessProbe",), ("env", 2), ... The rule falls back
    # to the nearest key that exists.
    at: tuple = ()
    logs: tuple[str, ...] = ()  # the last lines of a log, oldest first

    def with_logs(self, lines) -> Observation:
        return replace(self, logs=tuple(lines))
