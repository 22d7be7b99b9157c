"""Kubernetes rules on the environment variables a container is given."""

from __future__ import annotations

from cnlint.checks import Checks
from cnlint.kubernetes.common import at, container_name, containers_of, items, mapping, pods

checks = Checks()

@checks.rule("KM018")
def duplicate_env_var(doc, ctx):
    for obj, spec_path, spec in pods(doc):
        for path, container in containers_of(obj, spec_path, spec):
            seen: dict[str, int] = {}
            for i, env in enumerate(items(container.get("env"))):
                name = mapping(env).get("name")
                if not isinstance(name, str):
                    continue
                if name in seen:
                    first = obj.value_span(path + ("env", seen[name], "name")).line
                    span = obj.value_span(path + ("env", i, "name"))
                    yield at(obj, span, f"environment variable '{name}' of container '{container_name(container)}' is already set on line {first}; only the last one takes effect")
                seen[name] = i
