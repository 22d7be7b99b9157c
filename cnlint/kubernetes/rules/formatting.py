"""Kubernetes rules on how a manifest is written out: the order of its keys."""

from __future__ import annotations

from cnlint.checks import Checks
from cnlint.kubernetes.common import at, label

checks = Checks()

def _own_keys(node: dict) -> list:
    """The scalar keys written in this mapping, in their order (not those merged in with `<<:`)."""
    data = getattr(getattr(node, "lc", None), "data", None) or {}
    own = [k for k in node if isinstance(k, (str, int, float, bool)) and k in data]
    return sorted(own, key=lambda k: tuple(data[k][:2]))


def _where(path: tuple) -> str:
    out = ""
    for step in path:
        out += f"[{step}]" if isinstance(step, int) else (f".{step}" if out else str(step))
    return out or "the top level"


@checks.rule("KM098")
def sorted_keys(doc, ctx):
    for obj in doc.objects:
        seen = set()
        stack = [((), obj.data)]
        while stack:
            path, node = stack.pop()
            if id(node) in seen:  # an alias: its keys were checked where it is defined
                continue
            seen.add(id(node))
            if isinstance(node, list):
                stack.extend((path + (i,), item) for i, item in reversed(list(enumerate(node))) if isinstance(item, (dict, list)))
                continue
            keys = _own_keys(node)
            names = [label(k) for k in keys]
            order = sorted(names)
            for i, (name, wanted) in enumerate(zip(names, order, strict=True)):
                if name != wanted:
                    message = f"keys of {_where(path)} are not in alphabetical order: '{wanted}' should come before '{name}'"
                    yield at(obj, obj.key_span(path + (keys[i],)), message)
                    break
            stack.extend((path + (k,), node[k]) for k in reversed(keys) if isinstance(node[k], (dict, list)))
