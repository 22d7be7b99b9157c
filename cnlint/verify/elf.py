"""What a program file needs to start: read from its first bytes, never run.

An ELF executable names its dynamic loader in a PT_INTERP program header
(absent: statically linked); a script names its interpreter on the #! line.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass

PT_INTERP = 3


@dataclass(frozen=True)
class Program:
    kind: str  # "elf", "script" or "other"
    interpreter: str | None = None  # the loader or #! interpreter it needs; None for a static ELF


def program(data: bytes) -> Program:
    if data.startswith(b"\x7fELF"):
        return Program("elf", _interp(data))
    if data.startswith(b"#!"):
        line = data[2:].split(b"\n", 1)[0].decode("utf-8", "replace").strip()
        return Program("script", line.split()[0] if line else None)
    return Program("other")


def _interp(data: bytes) -> str | None:
    if len(data) < 52:
        return None
    wide = data[4] == 2
    endian = "<" if data[5] == 1 else ">"
    try:
        if wide:
            phoff, = struct.unpack_from(endian + "Q", data, 32)
            phentsize, phnum = struct.unpack_from(endian + "HH", data, 54)
        else:
            phoff, = struct.unpack_from(endian + "I", data, 28)
            phentsize, phnum = struct.unpack_from(endian + "HH", data, 42)
        for i in range(phnum):
            at = phoff + i * phentsize
            if wide:
                kind, _, offset, _, _, size = struct.unpack_from(endian + "IIQQQQ", data, at)
            else:
                kind, offset, _, _, size = struct.unpack_from(endian + "IIIII", data, at)
            if kind == PT_INTERP:
                return data[offset : offset + size].split(b"\0", 1)[0].decode("utf-8", "replace") or None
    except struct.error:
        return None
    return None
