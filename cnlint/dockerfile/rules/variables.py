"""ENV and ARG variables: how Docker substitutes them."""

from __future__ import annotations

import re

from cnlint.checks import Checks
from cnlint.diagnostics import Finding
from cnlint.dockerfile.model import env_pairs

checks = Checks()


@checks.rule("DF043")
def env_self_reference(doc, ctx):
    for ins in doc.of("ENV"):
        defined = []
        for key, value, offset in env_pairs(ins.arguments):
            if value:
                for name in defined:
                    if name not in ins.scope and re.search(rf"\$(\{{)?{re.escape(name)}\b", value):
                        start = ins.args_offset + offset
                        yield Finding(
                            doc.span_of(ins, start, start + len(key)),
                            f"{key} refers to ${name}, set in this same ENV, but Docker substitutes the value from before it (empty here); split the ENV",
                        )
                        break
            defined.append(key)
