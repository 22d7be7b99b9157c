"""Loaded by the LSP test's server process only: makes rule DF003 raise, to
show that a failing rule becomes a log message and a CN003, not a dead server."""

from cnlint.dockerfile.rules import metadata as dockerfile


def _broken(artifact, ctx):
    raise RuntimeError("rule exploded")
    yield  # a generator, like every check


dockerfile.checks.per_artifact["DF003"] = _broken
