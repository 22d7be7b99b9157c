"""What verify is doing, on stderr: one live status line on a terminal,
plain lines elsewhere (CI logs keep every step)."""

from __future__ import annotations

import os
import sys
import time


class Progress:
    def __init__(self, stream=None, live: bool | None = None):
        self.stream = stream if stream is not None else sys.stderr
        if live is None:
            live = hasattr(self.stream, "isatty") and self.stream.isatty() and not os.environ.get("CI")
        self.live = live
        self.start = time.monotonic()
        self._shown = False

    def __call__(self, text: str) -> None:
        stamp = f"[{time.monotonic() - self.start:5.1f}s]"
        if self.live:
            self.stream.write(f"\r\033[K{stamp} {text}")
            self._shown = True
        else:
            self.stream.write(f"cnlint verify {stamp} {text}\n")
        self.stream.flush()

    def done(self) -> None:
        if self.live and self._shown:
            self.stream.write("\r\033[K")
            self.stream.flush()
            self._shown = False
