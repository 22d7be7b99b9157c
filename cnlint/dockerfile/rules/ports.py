"""The ports EXPOSE offers."""

from __future__ import annotations

from cnlint.checks import Checks
from cnlint.diagnostics import Finding
from cnlint.dockerfile.model import tokens, unquote

checks = Checks()


@checks.rule("DF014")
def expose_port_out_of_range(doc, ctx):
    for ins in doc.of("EXPOSE"):
        for word, offset in tokens(ins.arguments):
            value = doc.resolve(ins, unquote(word))
            if value is None:
                continue
            port = value.split("/", 1)[0]
            for part in port.split("-", 1):
                if part.isdigit() and int(part) > 65535:
                    start = ins.args_offset + offset
                    yield Finding(doc.span_of(ins, start, start + len(word)), f"port {part} is out of range: ports go from 0 to 65535")
                    break


@checks.rule("DF072")
def expose_ssh_port(doc, ctx):
    for ins in doc.of("EXPOSE"):
        for word, offset in tokens(ins.arguments):
            value = doc.resolve(ins, unquote(word))
            if value and value.split("/", 1)[0] == "22":
                start = ins.args_offset + offset
                yield Finding(doc.span_of(ins, start, start + len(word)), "EXPOSE 22 offers SSH into the container; use docker exec or kubectl exec instead")
