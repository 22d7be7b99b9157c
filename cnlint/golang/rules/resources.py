"""Resources a call opens: Close deferred before the error that says
whether the open worked is checked."""

from __future__ import annotations

from cnlint.checks import Checks
from cnlint.diagnostics import Finding
from cnlint.golang.analysis import Analysis
from cnlint.golang.index import per_package
from cnlint.golang.syntax import HTTP, children, field_of, method_call

checks = Checks()


# Standard functions and methods whose last result is an error and whose
# first may be unusable when it is set.
OPENERS = {
    "os": ("Open", "Create", "OpenFile", "CreateTemp", "OpenInRoot", "Pipe"),
    "io/ioutil": ("TempFile",),
    HTTP: ("Get", "Post", "Head", "PostForm"),
    "net": ("Dial", "DialTimeout", "DialTCP", "DialUDP", "DialUnix", "DialIP", "Listen", "ListenPacket", "ListenTCP", "ListenUDP", "ListenUnix", "FileConn", "FileListener"),
    "crypto/tls": ("Dial", "DialWithDialer", "Listen", "LoadX509KeyPair"),
    "database/sql": ("Open",),
    "archive/zip": ("OpenReader",),
    "compress/gzip": ("NewReader", "NewWriterLevel"),
    "compress/zlib": ("NewReader", "NewWriterLevel", "NewReaderDict"),
    "compress/flate": ("NewWriter",),
}
OPENER_METHODS = {
    (HTTP, "Client"): ("Do", "Get", "Post", "Head", "PostForm"),
    ("net", "Dialer"): ("Dial", "DialContext"),
    ("crypto/tls", "Dialer"): ("Dial", "DialContext"),
    ("database/sql", "DB"): ("Query", "QueryContext", "Conn", "Begin", "BeginTx", "Prepare", "PrepareContext"),
    ("database/sql", "Tx"): ("Query", "QueryContext", "Prepare", "PrepareContext"),
    ("database/sql", "Conn"): ("QueryContext", "BeginTx", "PrepareContext"),
    ("os/exec", "Cmd"): ("StdoutPipe", "StderrPipe", "StdinPipe"),
}


# ---- GO029 Close deferred before the error check -----------------------------------


@checks.rule("GO029")
@per_package
def defer_close_before_error_check(doc, ctx):
    if b"Close" not in doc.data:
        return
    calls = ctx.project.view(Analysis).of(doc).calls
    for deferred in doc.nodes("defer_statement"):
        closed = deferred.named_child(0) if deferred.named_child_count else None
        receiver, method = method_call(doc, closed) if closed is not None and closed.type == "call_expression" else (None, None)
        assign = _sibling(deferred, "prev") if method == "Close" else None
        if assign is None or assign.type not in ("short_var_declaration", "assignment_statement"):
            continue
        left, right = children(field_of(assign, "left")), children(field_of(assign, "right"))
        if len(left) < 2 or len(right) != 1 or right[0].type != "call_expression" or left[0].type != "identifier":
            continue
        err = left[-1]
        if err.type != "identifier" or doc.text_of(err) == "_" or doc.text_of(_root(receiver)) != doc.text_of(left[0]):
            continue
        following = _sibling(deferred, "next")
        if not (_returns_error(doc, calls, right[0], len(left)) or _checks(doc, following, doc.text_of(err))):
            continue
        yield Finding(
            doc.span(deferred),
            f"{doc.text_of(closed)} is deferred before {doc.text_of(err)} is checked: when {doc.text_of(field_of(right[0], 'function'))} fails, "
            f"{doc.text_of(left[0])} is nil or unusable and the deferred call panics or closes nothing; defer it after the error check",
        )


def _sibling(node, way: str):
    """The statement before or after `node` in its list, comments aside."""
    step = "prev_named_sibling" if way == "prev" else "next_named_sibling"
    node = getattr(node, step)
    while node is not None and node.type == "comment":
        node = getattr(node, step)
    return node


def _root(node):
    """x of x.a.b."""
    while node is not None and node.type == "selector_expression":
        node = field_of(node, "operand")
    return node


def _returns_error(doc, calls, call, count: int) -> bool:
    """Whether the declarations (or the standard library) show that a call's
    last result, of `count`, is an error."""
    known = calls.library_call(doc, call, OPENERS, OPENER_METHODS)
    if known is not None:
        return known
    target = calls.callee(doc, call)
    if target is None:
        return False
    owner, node = target
    result = field_of(node, "result")
    if result is None or result.type != "parameter_list":
        return False
    types = [owner.scopes.type_from(field_of(p, "type")) for p in children(result) for _ in (p.children_by_field_name("name") or [None])]
    last = types[-1] if len(types) == count else None
    return last is not None and last.path == "" and last.name == "error" and not last.pointer and calls.types.declared("error") is None


def _checks(doc, statement, err: str) -> bool:
    """Whether `statement` is `if err != nil` (or `== nil`): the error the
    call returned is checked right after the defer."""
    if statement is None or statement.type != "if_statement":
        return False
    condition = field_of(statement, "condition")
    if condition is None or condition.type != "binary_expression" or doc.text_of(field_of(condition, "operator")) not in ("!=", "=="):
        return False
    return {doc.text_of(field_of(condition, "left")), doc.text_of(field_of(condition, "right"))} == {err, "nil"}
