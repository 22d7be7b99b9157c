"""File and directory modes: world-writable modes set with Chmod, and files
named as secrets created readable by other users."""

from __future__ import annotations

import re

from cnlint.checks import Checks
from cnlint.diagnostics import Finding
from cnlint.golang.syntax import children, field_of, imports

checks = Checks()


_MODE_ARG = {"WriteFile": 2, "OpenFile": 2, "Chmod": 1, "Mkdir": 1, "MkdirAll": 1}
SECRET_FILE = re.compile(r"(key|secret|token|credential|passw|\.pem|\.p12|\.pfx|kubeconfig|id_rsa|id_ed25519)", re.I)


# ---- GO022 file mode too wide -----------------------------------------------------


@checks.rule("GO022")
def file_mode_too_wide(doc, ctx):
    if not imports(doc, "os"):
        return
    for call in doc.calls_to("os", *_MODE_ARG):
        function = field_of(call, "function")
        name = doc.text_of(field_of(function, "field") if function.type == "selector_expression" else function)  # os.Chmod, or Chmod after a dot import
        args = children(field_of(call, "arguments"))
        if len(args) <= _MODE_ARG[name] or args[_MODE_ARG[name]].type != "int_literal":
            continue
        mode_node = args[_MODE_ARG[name]]
        mode = _int(doc.text_of(mode_node))
        if mode is None:
            continue
        if mode & 0o002 and name == "Chmod":
            # Creation modes pass through the umask (0666 and 0777 are the
            # idiom); Chmod sets the bits as given.
            yield Finding(doc.span(mode_node), f"mode {oct(mode)[2:].zfill(4)} makes {doc.text_of(args[0])} writable by every user on the host; drop the world-write bit (0755 / 0644 or tighter)")
        elif not name.startswith("Mkdir") and mode & 0o044 and SECRET_FILE.search(doc.text_of(args[0])):
            yield Finding(doc.span(mode_node), f"mode {oct(mode)[2:].zfill(4)} lets other users read {doc.text_of(args[0])}, which by its name holds a secret; use 0600")


def _int(text: str) -> int | None:
    text = text.replace("_", "")
    try:
        if re.fullmatch(r"0[0-7]+", text):
            return int(text, 8)
        return int(text, 0)
    except ValueError:
        return None
