"""What an HTTP handler does with its request's input (cnlint/golang/inputs.py):
decompress the body with no bound on the size, fetch a URL whose host it
chose, open a file at a path it chose."""

from __future__ import annotations

import re

from cnlint.checks import Checks
from cnlint.diagnostics import Finding
from cnlint.golang.inputs import RequestInput
from cnlint.golang.model import enclosing_function
from cnlint.golang.scope import same
from cnlint.golang.syntax import HTTP, children, field_of, imports, is_test_file, method_call, string_value, typed, within
from cnlint.patterns import lazy

checks = Checks()


class _Inputs:
    """RequestInput per top-level function of one file, made on first use."""

    def __init__(self, doc):
        self.doc = doc
        self._of: dict = {}

    def of(self, node) -> RequestInput:
        top = node
        while enclosing_function(top) is not None:
            top = enclosing_function(top)
        key = (top.start_byte, top.end_byte)
        if key not in self._of:
            self._of[key] = RequestInput(self.doc, node)
        return self._of[key]

    def handlers(self):
        """(top-level function, its RequestInput) for each function that has
        an *http.Request, itself or in a function literal in it."""
        doc = self.doc
        for top in doc.nodes("function_declaration", "method_declaration"):
            if b"Request" in doc.data[top.start_byte : top.end_byte]:
                found = self.of(top)
                if found.requests:
                    yield top, found


def _shown(doc, node) -> str:
    text = " ".join(doc.text_of(node).split())
    return text if len(text) <= 40 else text[:37] + "..."


# ---- GO033 request body decompressed without a bound ---------------------------------

DECOMPRESSORS = ("compress/gzip", "compress/zlib", "compress/flate", "compress/bzip2", "compress/lzw")
# Readers that read all they are given, and where it goes in their arguments.
_READ_ALL = {("io", "ReadAll"): 0, ("io/ioutil", "ReadAll"): 0, ("io", "Copy"): 1, ("io", "CopyBuffer"): 1}
_BOUNDS = {("io", "LimitReader"), ("io", "CopyN"), (HTTP, "MaxBytesReader")}


@checks.rule("GO033")
def decompression_unbounded(doc, ctx):
    if not imports(doc, *DECOMPRESSORS) or not imports(doc, HTTP) or is_test_file(doc):
        return
    inputs = _Inputs(doc)
    for path in DECOMPRESSORS:
        for call in doc.calls_to(path, "NewReader"):
            args = children(field_of(call, "arguments"))
            source = inputs.of(call).source(args[0]) if args else None
            if source is None or source.type != "selector_expression" or doc.text_of(field_of(source, "field")) != "Body":
                continue
            reader = _assigned_to(doc, call)
            function = enclosing_function(call)
            decl = doc.scopes.resolve(reader) if reader is not None else None
            if decl is None or function is None:
                continue
            uses = doc.scopes.references(decl, inputs.of(call).top)
            if any(_bounds(doc, use) for use in uses):
                continue
            for use in uses:
                reading = _reads_all(doc, use)
                if reading is not None:
                    yield Finding(
                        doc.span(reading),
                        f"{_shown(doc, field_of(reading, 'function'))} reads all that {decl.name} decompresses from the request body ({_shown(doc, source)}), with no limit: "
                        f"a few kilobytes of compressed data can expand to gigabytes and exhaust the server's memory; read through io.LimitReader({decl.name}, max)",
                    )


def _assigned_to(doc, call):
    """The variable a call's (first) result is assigned to."""
    parent = call.parent
    if parent is None or parent.type != "expression_list" or parent.parent is None:
        return None
    statement = parent.parent
    if statement.type not in ("short_var_declaration", "assignment_statement"):
        return None
    left = children(field_of(statement, "left"))
    return left[0] if left and left[0].type == "identifier" else None


def _argument_of(use):
    """(call, index) of a call `use` is an argument of, else (None, None)."""
    parent = use.parent
    if parent is None or parent.type != "argument_list":
        return None, None
    index = next(i for i, a in enumerate(children(parent)) if same(a, use))
    return parent.parent, index


def _bounds(doc, use) -> bool:
    """Whether a use limits the reader, or gives it a new value."""
    call, _ = _argument_of(use)
    if call is not None and any(doc.refers_to(field_of(call, "function"), path, name) for path, name in _BOUNDS):
        return True
    parent = use.parent
    return parent is not None and parent.type == "expression_list" and parent.parent.type == "assignment_statement" and same(field_of(parent.parent, "left"), parent)


def _reads_all(doc, use):
    """The call that reads all of the reader `use` names: io.ReadAll(r),
    io.Copy(w, r), x.ReadFrom(r)."""
    call, index = _argument_of(use)
    if call is None:
        return None
    function = field_of(call, "function")
    for (path, name), at in _READ_ALL.items():
        if index == at and doc.refers_to(function, path, name):
            return call
    return call if index == 0 and method_call(doc, call)[1] == "ReadFrom" else None


# ---- GO034 URL requested built from request input ---------------------------------------

_FETCHES = {"Get": 0, "Head": 0, "Post": 0, "PostForm": 0, "NewRequest": 1, "NewRequestWithContext": 2}
_CLIENT_FETCHES = ("Get", "Head", "Post", "PostForm")
_FIXED_HOST = lazy(r"^(?:[a-zA-Z][a-zA-Z0-9+.-]*://[^/?#]+[/?#]|/)")


@checks.rule("GO034")
def request_url_from_input(doc, ctx):
    if not imports(doc, HTTP) or b"Request" not in doc.data or is_test_file(doc):
        return  # a test's handlers serve the test alone
    handlers = list(_Inputs(doc).handlers())
    for call, url in _fetches(doc) if handlers else ():
        found = next((f for top, f in handlers if within(call, top)), None)
        source = found.source(url) if found is not None else None
        if source is None or not _host_from_input(found, url) or found.checks():
            continue
        yield Finding(
            doc.span(url),
            f"the URL {_shown(doc, field_of(call, 'function'))} requests is built from request input ({_shown(doc, source)}), so a client chooses the host the server connects to: "
            "internal services, the cloud metadata endpoint (SSRF); check the host against an allowlist, or build the URL from a fixed base",
        )


def _fetches(doc):
    """(call, URL argument) of the net/http calls that make a request."""
    for call in doc.calls_to(HTTP, *_FETCHES):
        function = field_of(call, "function")
        name = doc.text_of(field_of(function, "field") if function.type == "selector_expression" else function)
        args = children(field_of(call, "arguments"))
        if len(args) > _FETCHES[name]:
            yield call, args[_FETCHES[name]]
    for call in doc.nodes("call_expression"):
        function = field_of(call, "function")
        if function is None or function.type != "selector_expression" or doc.text_of(field_of(function, "field")) not in _CLIENT_FETCHES:
            continue
        receiver = field_of(function, "operand")
        args = children(field_of(call, "arguments"))
        if args and (typed(doc, receiver, HTTP, "Client") or doc.refers_to(receiver, HTTP, "DefaultClient")):
            yield call, args[0]


def _host_from_input(found, url, depth: int = 0) -> bool:
    """Whether input can decide a URL's scheme and host: it is the whole
    URL, or what comes before the first `/` after `scheme://`. A constant
    base with a host (`"https://api.example.com/users/" + id`) fixes it."""
    doc = found.doc
    while url.type == "parenthesized_expression" and url.named_child_count:
        url = url.named_child(0)
    if depth > 6 or found.source(url) is None:
        return False
    if url.type == "identifier":
        decl = doc.scopes.resolve(url)
        if decl is not None and decl.kind == "local" and decl.value is not None:
            value = children(field_of(decl.value, "arguments"))[0] if decl.tuple and decl.value.type == "call_expression" and children(field_of(decl.value, "arguments")) else decl.value
            return _host_from_input(found, value, depth + 1)
        return True
    if url.type == "binary_expression":
        return _decides_host([_piece(found, p) for p in _parts(doc, url)])
    if url.type == "call_expression":
        function = field_of(url, "function")
        args = children(field_of(url, "arguments"))
        text = string_value(doc, args[0]) if args and doc.refers_to(function, "fmt", "Sprintf") else None
        if text is not None:
            pieces, values = [], iter(args[1:])
            for i, constant in enumerate(re.split(r"%[-+# 0-9.*]*[a-zA-Z]", text.replace("%%", ""))):
                if i:
                    value = next(values, None)
                    pieces.append(_piece(found, value) if value is not None else (False, None))
                pieces.append((False, constant))
            return _decides_host(pieces)
        if doc.refers_to(function, "net/url", "Parse", "ParseRequestURI") and args:
            return _host_from_input(found, args[0], depth + 1)
        receiver, method = method_call(doc, url)
        if method == "String" and receiver is not None:
            return _host_from_input(found, receiver, depth + 1)
    return True


def _piece(found, node):
    """(holds input, constant text or None) of one piece of a URL."""
    if found.source(node) is not None:
        return True, None
    return False, _constant_text(found.doc, node)


def _decides_host(pieces) -> bool:
    """Whether a piece that holds input comes before the host is fixed: by
    constant text up to `scheme://host/`, or by a value of the code's own
    at the start (a configured base URL)."""
    written = ""
    for i, (is_input, text) in enumerate(pieces):
        if is_input:
            return not _FIXED_HOST.match(written)
        if text is None:
            if i == 0:
                return False
            written += "x"
        else:
            written += text
        if _FIXED_HOST.match(written):
            return False
    return False


def _parts(doc, node) -> list:
    if node.type == "binary_expression" and doc.text_of(field_of(node, "operator")) == "+":
        return _parts(doc, field_of(node, "left")) + _parts(doc, field_of(node, "right"))
    return [node]


def _constant_text(doc, node) -> str | None:
    """The text of a string literal, or of a constant declared with one."""
    value = string_value(doc, node)
    if value is not None or node.type != "identifier":
        return value
    decl = doc.scopes.resolve(node)
    if decl is None or decl.kind not in ("package", "local") or decl.value is None or decl.node.parent.type != "const_spec":
        return None
    return string_value(decl.owner or doc, decl.value)


# ---- GO035 file path built from request input -----------------------------------------

_FILE_CALLS = {
    "os": {"Open": 0, "OpenFile": 0, "ReadFile": 0, "Create": 0, "WriteFile": 0, "Remove": 0, "RemoveAll": 0, "ReadDir": 0, "Mkdir": 0, "MkdirAll": 0, "Rename": 1, "Truncate": 0},
    "io/ioutil": {"ReadFile": 0, "WriteFile": 0, "ReadDir": 0},
    HTTP: {"ServeFile": 2},
}


@checks.rule("GO035")
def file_path_from_request(doc, ctx):
    if not imports(doc, HTTP) or b"Request" not in doc.data or is_test_file(doc):
        return  # a test's handlers serve the test alone
    handlers = list(_Inputs(doc).handlers())
    for path, names in _FILE_CALLS.items() if handlers else ():
        for call in doc.calls_to(path, *names):
            function = field_of(call, "function")
            name = doc.text_of(field_of(function, "field") if function.type == "selector_expression" else function)
            args = children(field_of(call, "arguments"))
            if len(args) <= names[name]:
                continue
            found = next((f for top, f in handlers if within(call, top)), None)
            source = found.source(args[names[name]]) if found is not None else None
            if source is None or found.checks():
                continue
            yield Finding(
                doc.span(args[names[name]]),
                f"the path {_shown(doc, function)} opens is built from request input ({_shown(doc, source)}) and not cleaned, "
                "so `../` in it reaches any file the server can read or write; keep filepath.Base of it, check filepath.IsLocal, or open it through os.Root",
            )
