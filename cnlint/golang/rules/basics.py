"""Go rules. Each reports only what the syntax proves: packages are resolved
through the file's imports, never guessed from a name alone."""

from __future__ import annotations

from dataclasses import replace
from functools import wraps

from cnlint.golang import scope as goscope
from cnlint.golang.model import enclosing_function
from cnlint.checks import Checks
from cnlint.diagnostics import Edit, Finding, Fix, RuleFailure, Span

checks = Checks()

TLS = "crypto/tls"
SIGNAL = "os/signal"
HTTP = "net/http"
UNLOCK_OF = {"Lock": "Unlock", "RLock": "RUnlock"}
SERVE_FUNCS = ("ListenAndServe", "ListenAndServeTLS", "Serve", "ServeTLS")


def _children(node) -> list:
    """Named children without comments (arguments, statements, list items)."""
    return [c for c in node.named_children if c.type != "comment"] if node is not None else []


def _field(node, name: str):
    return node.child_by_field_name(name) if node is not None else None


def per_package(check):
    """Run a rule of one file as a project rule, so that each file sees the
    package-level declarations of the other files of its package (a
    WaitGroup declared in one file and used in another)."""

    @wraps(check)
    def run(project, ctx):
        for doc in goscope.link(project):
            try:
                found = [replace(finding, path=doc.path) for finding in check(doc, ctx)]
            except Exception as exc:  # one file's failure must not hide the others' findings
                yield RuleFailure(doc.path, exc)
            else:
                yield from found

    return run


# ---- GO001 ----------------------------------------------------------------


@checks.rule("GO001")
def insecure_skip_verify(doc, ctx):
    if b"InsecureSkipVerify" not in doc.data:
        return
    for literal in doc.nodes("composite_literal"):
        for config in _tls_config_literals(doc, literal):
            yield from _skip_verify_fields(doc, config)
    for assign in doc.nodes("assignment_statement"):
        if doc.text_of(_field(assign, "operator")) != "=":
            continue
        left, right = _children(_field(assign, "left")), _children(_field(assign, "right"))
        if len(left) != len(right):
            continue
        for target, value in zip(left, right):
            if target.type == "selector_expression" and doc.text_of(_field(target, "field")) == "InsecureSkipVerify" and value.type == "true":
                yield _skip_verify_finding(doc, value)


def _tls_config_literals(doc, literal):
    """Bodies of tls.Config values in a composite literal: its own body, or
    the elements of a slice, array or map of tls.Config with elided types."""
    kind, body = _field(literal, "type"), _field(literal, "body")
    if doc.refers_to(kind, TLS, "Config"):
        yield body
        return
    if kind is None or kind.type not in ("slice_type", "array_type", "implicit_length_array_type", "map_type"):
        return
    element = _field(kind, "value" if kind.type == "map_type" else "element")
    if element is not None and element.type == "pointer_type":
        element = element.named_child(0)
    if not doc.refers_to(element, TLS, "Config"):
        return
    for item in _children(body):
        value = _field(item, "value") if item.type == "keyed_element" else item
        inner = value.named_child(0) if value is not None and value.named_child_count else None
        if inner is not None and inner.type == "literal_value":
            yield inner


def _skip_verify_fields(doc, body):
    for item in _children(body):
        if item.type != "keyed_element":
            continue
        key, value = _field(item, "key"), _field(item, "value")
        if doc.text_of(key) == "InsecureSkipVerify" and value is not None and value.named_child_count:
            if value.named_child(0).type == "true":
                yield _skip_verify_finding(doc, value.named_child(0))


def _skip_verify_finding(doc, node) -> Finding:
    return Finding(
        doc.span(node),
        "InsecureSkipVerify: true turns off TLS certificate verification, so anyone on the network path can impersonate the server",
    )


# ---- GO002 ----------------------------------------------------------------


@checks.rule("GO002")
def empty_critical_section(doc, ctx):
    if b"Unlock" not in doc.data:
        return
    for statements in doc.nodes("statement_list"):
        items = _children(statements)
        for first, second in zip(items, items[1:]):
            lock, unlock = _method_call(doc, first), _method_call(doc, second)
            if lock and unlock and lock[0] == unlock[0] and UNLOCK_OF.get(lock[1]) == unlock[1]:
                receiver, method, call = lock
                yield Finding(
                    doc.span(call),
                    f"empty critical section: {receiver}.{method}() is followed at once by {receiver}.{unlock[1]}()",
                )


def _method_call(doc, statement):
    """(receiver text, method, call) of a statement `recv.Method()`, else None.

    A receiver containing a call may name a different value each time, so
    it is not compared."""
    if statement.type != "expression_statement":
        return None
    call = statement.named_child(0)
    if call is None or call.type != "call_expression" or _children(_field(call, "arguments")):
        return None
    function = _field(call, "function")
    if function is None or function.type != "selector_expression":
        return None
    receiver = _field(function, "operand")
    if receiver is None or _has_call(receiver):
        return None
    return doc.text_of(receiver), doc.text_of(_field(function, "field")), call


def _has_call(node) -> bool:
    return node.type == "call_expression" or any(_has_call(c) for c in node.named_children)


# ---- GO003 ----------------------------------------------------------------


@checks.rule("GO003")
def signal_notify_unbuffered(doc, ctx):
    for call in doc.calls_to(SIGNAL, "Notify"):
        args = _children(_field(call, "arguments"))
        if not args:
            continue
        channel = args[0]
        make = channel if _unbuffered_make(doc, channel) else _local_unbuffered_make(doc, channel, call)
        if make is None:
            continue
        yield Finding(
            doc.span(channel),
            "signal.Notify does not block when sending, so an unbuffered channel can miss the signal; give it a buffer of 1",
            _buffer_fix(doc, make),
        )


def _unbuffered_make(doc, node) -> bool:
    """`make(chan T)` or `make(chan T, 0)`."""
    if node is None or node.type != "call_expression":
        return False
    function = _field(node, "function")
    if function is None or doc.text_of(function) != "make" or doc.shadowed("make", node):
        return False
    args = _children(_field(node, "arguments"))
    if not args or args[0].type != "channel_type":
        return False
    return len(args) == 1 or (len(args) == 2 and args[1].type == "int_literal" and doc.text_of(args[1]) == "0")


def _local_unbuffered_make(doc, ident, call):
    """The unbuffered make() a local channel variable is declared with, if
    the function around `call` binds that name exactly once, by that
    declaration, in a scope that reaches the call."""
    function = enclosing_function(call)
    if ident.type != "identifier" or function is None:
        return None
    name = doc.text_of(ident)
    bindings = [n for n in doc.binding_sites(function) if doc.text_of(n) == name]
    if len(bindings) != 1:
        return None
    declared = bindings[0]
    value, statement = _declared_value(declared)
    if value is None or not _unbuffered_make(doc, value):
        return None
    scope = statement.parent
    if statement.end_byte > call.start_byte or not (scope.start_byte <= call.start_byte and call.end_byte <= scope.end_byte):
        return None
    return value


def _declared_value(name_node):
    """(value, declaring statement) for a name in `a := v` or `var a = v`."""
    parent = name_node.parent
    if parent.type == "expression_list" and parent.parent.type == "short_var_declaration":
        statement = parent.parent
        names, values = _children(parent), _children(_field(statement, "right"))
    elif parent.type == "var_spec":
        statement = parent.parent
        while statement is not None and statement.type != "var_declaration":
            statement = statement.parent
        if statement is None or statement.parent is None:
            return None, None
        names, values = parent.children_by_field_name("name"), _children(_field(parent, "value"))
    else:
        return None, None
    if len(names) != len(values):
        return None, None
    index = [n.start_byte for n in names].index(name_node.start_byte)
    return values[index], statement


def _buffer_fix(doc, make) -> Fix:
    args = _children(_field(make, "arguments"))
    if len(args) == 1:
        end = doc.span(args[0])
        edit = Edit(Span(end.end_line, end.end_column, end.end_line, end.end_column), ", 1")
    else:
        edit = Edit(doc.span(args[1]), "1")
    return Fix((edit,), "Give the signal channel a buffer of 1")


# ---- GO004 ----------------------------------------------------------------


@checks.rule("GO004")
def http_serve_without_timeouts(doc, ctx):
    for call in doc.calls_to(HTTP, *SERVE_FUNCS):
        function = _field(call, "function")
        name = _field(function, "field") if function.type == "selector_expression" else function
        yield Finding(
            doc.span(name),
            f"{doc.text_of(function)} serves without read or write timeouts, so slow clients can hold connections open forever; use an http.Server with ReadHeaderTimeout set",
        )
