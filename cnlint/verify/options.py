"""What a verify run does: the [verify] config table and the command line."""

from __future__ import annotations

from dataclasses import dataclass, field

STAGES = ("build", "run", "deploy")
DEFAULT_TIMEOUTS = {"build": 900.0, "run": 180.0, "deploy": 600.0}


@dataclass
class Options:
    runtime: str = "docker"  # docker, kind or cluster
    cluster: str | None = None  # a kind cluster to reuse
    kube_context: str | None = None  # the kubectl context of an existing cluster
    keep: bool = False
    pull: bool = False
    lint: bool = True
    fast_probes: bool = False
    helper_image: str = "busybox:stable"
    settle: float = 5.0
    timeouts: dict[str, float] = field(default_factory=lambda: dict(DEFAULT_TIMEOUTS))
    build_args: dict[str, str] = field(default_factory=dict)

    @classmethod
    def from_settings(cls, settings, **given) -> Options:
        table = dict(settings.verify)
        options = cls(**{k: v for k, v in given.items() if v is not None})
        options.helper_image = table.get("helper-image", options.helper_image)
        options.settle = float(table.get("settle", options.settle))
        options.timeouts.update({k: float(v) for k, v in dict(table.get("timeouts", ())).items()})
        options.build_args = dict(table.get("build-args", ()))
        return options


def parse_timeouts(values: list[str] | None) -> dict[str, float]:
    """`--timeout build=600 --timeout run=60`; ValueError names the bad one."""
    out = {}
    for value in values or ():
        stage, _, seconds = value.partition("=")
        stage = stage.strip()
        if stage not in STAGES:
            raise ValueError(f"--timeout {value}: the stage must be one of {', '.join(STAGES)}")
        try:
            out[stage] = float(seconds)
        except ValueError:
            raise ValueError(f"--timeout {value}: {seconds!r} is not a number of seconds") from None
        if out[stage] <= 0:
            raise ValueError(f"--timeout {value}: the time must be above 0")
    return out
