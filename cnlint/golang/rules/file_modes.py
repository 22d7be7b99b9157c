"""File and directory modes: world-writable modes set with Chmod, and files
named as secrets created readable by other users."""

from __future__ import annotations

import re

from cnlint.checks import Checks
from cnlint.diagnostics import Edit, Finding, Fix
from cnlint.golang.analysis import Analysis
from cnlint.golang.index import per_package
from cnlint.golang.syntax import children, field_of, imports
from cnlint.patterns import lazy

checks = Checks()


_MODE_ARG = {"WriteFile": 2, "OpenFile": 2, "Chmod": 1, "Mkdir": 1, "MkdirAll": 1}
SECRET_FILE = lazy(r"(key|secret|token|credential|passw|\.pem|\.p12|\.pfx|kubeconfig|id_rsa|id_ed25519)", re.I)


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


# ---- GO030 file mode written in decimal -------------------------------------------

_DECIMAL_MODE = lazy(rb"[(,]\s*([1-7][0-7]{2})\s*[,)]")
# The os and io/ioutil functions that take an fs.FileMode, and where.
_MODE_PARAM = {"WriteFile": 2, "OpenFile": 2, "Chmod": 1, "Mkdir": 1, "MkdirAll": 1}


@checks.rule("GO030")
@per_package
def file_mode_not_octal(doc, ctx):
    if not imports(doc, "os", "io/ioutil") and b"FileMode" not in doc.data:
        return
    calls = None
    # As staticcheck: three digits that read as octal, written without the 0.
    for m in _DECIMAL_MODE.finditer(doc.data):
        literal = doc.root.descendant_for_byte_range(m.start(1), m.end(1))
        if literal is None or literal.type != "int_literal" or literal.start_byte != m.start(1) or literal.parent.type != "argument_list":
            continue
        text = doc.text_of(literal)
        call = literal.parent.parent
        calls = calls or ctx.project.view(Analysis).of(doc).calls
        index = _mode_index(doc, calls, call)
        args = children(field_of(call, "arguments"))
        if index is None or index >= len(args) or args[index] != literal:
            continue
        yield Finding(
            doc.span(literal),
            f"file mode {text} is decimal, which is {oct(int(text))[2:].zfill(4)} in octal ({_symbolic(int(text))}); 0{text} was meant",
            Fix((Edit(doc.span(literal), "0" + text),), f"Write the mode in octal, 0{text}", safe=False),
        )


def _mode_index(doc, calls, call) -> int | None:
    """Which argument of a call is an fs.FileMode, where the declarations show it."""
    function = field_of(call, "function")
    for path in ("os", "io/ioutil"):
        if doc.refers_to(function, path, *_MODE_PARAM):
            name = field_of(function, "field") if function.type == "selector_expression" else function
            return _MODE_PARAM[doc.text_of(name)]
    receiver, method = (field_of(function, "operand"), doc.text_of(field_of(function, "field"))) if function is not None and function.type == "selector_expression" else (None, None)
    if method == "Chmod":
        owner = calls.types.type_of(doc, receiver)
        if owner is not None and owner.path == "os" and owner.name == "File":
            return 0
    target = calls.callee(doc, call)
    if target is None:
        return None
    owner, node = target
    params = [p for p in children(field_of(node, "parameters")) if p.type == "parameter_declaration"]
    index = 0
    for param in params:
        found = owner.scopes.type_from(field_of(param, "type"))
        for _ in param.children_by_field_name("name") or [None]:
            if found is not None and not found.pointer and found.name == "FileMode" and found.path in ("os", "io/fs"):
                return index
            index += 1
    return None


def _symbolic(mode: int) -> str:
    """`ls -l` letters of the permission bits, with the bits above 0777 as
    the setuid, setgid and sticky flags they are."""
    out = ""
    for shift, special in ((6, "sS"), (3, "sS"), (0, "tT")):
        bits = (mode >> shift) & 7
        out += ("r" if bits & 4 else "-") + ("w" if bits & 2 else "-")
        flag = mode & (0o4000 >> (2 - shift // 3) if shift else 0o1000)
        out += (special[0] if bits & 1 else special[1]) if flag else ("x" if bits & 1 else "-")
    return out
