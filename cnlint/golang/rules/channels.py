"""Unbuffered channels where a send must not block: the channel given to
signal.Notify, and one a goroutine sends on after a select that may have
stopped waiting for it."""

from __future__ import annotations

from cnlint.checks import Checks
from cnlint.diagnostics import Edit, Finding, Fix, Span
from cnlint.golang.model import enclosing_function
from cnlint.golang.scope import same
from cnlint.golang.syntax import children, field_of, line_of, own_nodes

checks = Checks()


SIGNAL = "os/signal"


# ---- GO003 signal.Notify with an unbuffered channel -------------------------------


@checks.rule("GO003")
def signal_notify_unbuffered(doc, ctx):
    for call in doc.calls_to(SIGNAL, "Notify"):
        args = children(field_of(call, "arguments"))
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
    function = field_of(node, "function")
    if function is None or doc.text_of(function) != "make" or doc.shadowed("make", node):
        return False
    args = children(field_of(node, "arguments"))
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
        names, values = children(parent), children(field_of(statement, "right"))
    elif parent.type == "var_spec":
        statement = parent.parent
        while statement is not None and statement.type != "var_declaration":
            statement = statement.parent
        if statement is None or statement.parent is None:
            return None, None
        names, values = parent.children_by_field_name("name"), children(field_of(parent, "value"))
    else:
        return None, None
    if len(names) != len(values):
        return None, None
    index = [n.start_byte for n in names].index(name_node.start_byte)
    return values[index], statement


def _buffer_fix(doc, make) -> Fix:
    args = children(field_of(make, "arguments"))
    if len(args) == 1:
        end = doc.span(args[0])
        edit = Edit(Span(end.end_line, end.end_column, end.end_line, end.end_column), ", 1")
    else:
        edit = Edit(doc.span(args[1]), "1")
    return Fix((edit,), "Give the signal channel a buffer of 1")


# ---- GO014 goroutine blocked on a send after a select timeout ---------------------


@checks.rule("GO014")
def send_blocked_after_select_timeout(doc, ctx):
    if b"select" not in doc.data:
        return
    for select in doc.nodes("select_statement"):
        function = enclosing_function(select)
        if function is None:
            continue
        cases = [c for c in children(select) if c.type in ("communication_case", "default_case")]
        for case in cases:
            channel = _received_channel(doc, case)
            if channel is None or len(cases) < 2:
                continue
            decl = doc.scopes.resolve(channel)
            if decl is None or decl.kind != "local" or not _unbuffered(doc, decl):
                continue
            others = [c for c in cases if not same(c, case)]
            if not any(own_nodes(doc, ("return_statement",), c) for c in others):
                continue
            uses = doc.scopes.references(decl, function)
            sends = [u for u in uses if u.parent.type == "send_statement" and same(field_of(u.parent, "channel"), u)]
            receives = [u for u in uses if u.parent.type == "unary_expression"]
            if len(receives) != 1 or any(doc.text_of(field_of(u.parent, "function")) == "close" for u in uses if u.parent.type == "argument_list"):
                continue
            for send in sends:
                statement = send.parent
                literal = enclosing_function(statement)
                if literal is None or literal.type != "func_literal" or literal.parent is None or literal.parent.parent is None:
                    continue
                if literal.parent.parent.type != "go_statement" or statement.parent.type == "communication_case":
                    continue
                yield Finding(
                    doc.span(statement),
                    f"{decl.name} is unbuffered and the select on line {line_of(select)} can return without receiving, leaving this goroutine blocked on the send forever; make it make(chan T, 1)",
                )


def _received_channel(doc, case):
    comm = field_of(case, "communication")
    if comm is None:
        return None
    expr = field_of(comm, "right") if comm.type == "receive_statement" else comm.named_child(0) if comm.type == "expression_statement" else None
    if expr is None or expr.type != "unary_expression" or doc.text_of(field_of(expr, "operator")) != "<-":
        return None
    operand = field_of(expr, "operand")
    return operand if operand is not None and operand.type == "identifier" else None


def _unbuffered(doc, decl) -> bool:
    value = decl.value
    if value is None or value.type != "call_expression" or doc.text_of(field_of(value, "function")) != "make":
        return False
    args = children(field_of(value, "arguments"))
    return bool(args) and args[0].type == "channel_type" and (len(args) == 1 or doc.text_of(args[1]) == "0")
