"""Derived contexts: the cancel function of context.WithCancel, WithTimeout
and WithDeadline discarded or not called on every path to a return."""

from __future__ import annotations

from cnlint.checks import Checks
from cnlint.diagnostics import Finding, Related, Span
from cnlint.golang.analysis import Analysis
from cnlint.golang.flow import exit_line
from cnlint.golang.index import per_package
from cnlint.golang.model import enclosing_function
from cnlint.golang.scope import package_name, same
from cnlint.golang.syntax import children, field_of, imports, is_test_file, within
from cnlint.patterns import lazy

checks = Checks()


CONTEXT_WITH = ("WithCancel", "WithTimeout", "WithDeadline", "WithCancelCause", "WithTimeoutCause", "WithDeadlineCause")
_OWN = ("local", "loop", "param", "result")


# ---- GO012 context cancel function lost -------------------------------------------


@checks.rule("GO012")
@per_package
def context_cancel_lost(doc, ctx):
    if not imports(doc, "context"):
        return
    for call in doc.calls_to("context", *CONTEXT_WITH):
        function = field_of(call, "function")
        statement = call.parent.parent if call.parent is not None and call.parent.type == "expression_list" else None
        if statement is None or statement.type not in ("short_var_declaration", "assignment_statement", "var_spec"):
            continue
        left = statement.children_by_field_name("name") if statement.type == "var_spec" else children(field_of(statement, "left"))
        if len(left) != 2 or left[1].type != "identifier":
            continue
        cancel = left[1]
        what = doc.text_of(field_of(function, "field") if function.type == "selector_expression" else function)
        if doc.text_of(cancel) == "_":
            yield Finding(doc.span(cancel), f"the cancel function of context.{what} is discarded, so the context and its timer live until the parent is cancelled; call it, usually with defer")
            continue
        owner = enclosing_function(statement)
        decl = doc.scopes.resolve(cancel)
        # A variable of an enclosing function or of the package may be
        # called elsewhere: only the function's own variables are followed.
        if owner is None or decl is None or decl.kind not in _OWN or decl.owner is not None or not within(decl.node, owner) or _is_main(doc, owner):
            continue
        graph = ctx.project.view(Analysis).of(doc).calls.flow(doc, owner)
        exit = graph.exit_without(statement, lambda node, decl=decl: _uses(doc, node, decl))
        if exit is None:
            continue
        name = decl.name
        if not doc.scopes.references(decl, owner):
            yield Finding(
                doc.span(cancel),
                f"{name}, the cancel function of context.{what}, is never called, "
                f"so the context and its timer live until the parent is cancelled; defer {name}()",
            )
            continue
        where = f"the return on line {exit_line(exit)}" if exit.type == "return_statement" else f"the end of the function on line {exit_line(exit)}"
        span = doc.span(exit)
        if exit.type != "return_statement":  # the closing brace (none where the parser found it missing)
            span = Span(span.end_line, max(1, span.end_column - 1), span.end_line, span.end_column)
        yield Finding(
            doc.span(cancel),
            f"{name}, the cancel function of context.{what}, is not called on every path: {where} is reached without it, "
            f"so the context and its timer live until the parent is cancelled; defer {name}() right after this line",
            related=(Related(doc.path, span, f"reached without calling {name}"),),
        )


def _uses(doc, node, decl) -> bool:
    """Whether `node` mentions the variable (in a function literal too), or
    is a bare return of the named result it is."""
    if node.type == "return_statement" and decl.kind == "result" and not node.named_child_count:
        return True
    name = decl.name.encode()
    at = doc.data.find(name, node.start_byte, node.end_byte)
    while at != -1:
        ident = doc.root.descendant_for_byte_range(at, at + len(name))
        if ident is not None and ident.type == "identifier" and ident.start_byte == at and not same(ident, decl.node) and doc.scopes.resolve(ident) == decl:
            return True
        at = doc.data.find(name, at + len(name), node.end_byte)
    return False


def _is_main(doc, function) -> bool:
    """main.main: returning from it ends the process."""
    return function.type == "function_declaration" and doc.text_of(field_of(function, "name")) == "main" and package_name(doc) == "main"


# ---- GO027 nil Context ------------------------------------------------------------

# Standard functions and methods whose first parameter is a context.Context.
CONTEXT_FIRST = {
    "context": ("WithCancel", "WithTimeout", "WithDeadline", "WithValue", "WithCancelCause", "WithTimeoutCause", "WithDeadlineCause", "WithoutCancel", "AfterFunc", "Cause"),
    "net/http": ("NewRequestWithContext",),
    "os/exec": ("CommandContext",),
    "os/signal": ("NotifyContext",),
    "log/slog": ("DebugContext", "InfoContext", "WarnContext", "ErrorContext", "Log", "LogAttrs"),
    "runtime/trace": ("NewTask", "WithRegion", "StartRegion", "Log", "Logf", "IsEnabled"),
    "runtime/pprof": ("Do", "WithLabels", "SetGoroutineLabels", "Label", "ForLabels"),
    "golang.org/x/sync/errgroup": ("WithContext",),
}
CONTEXT_FIRST_METHODS = {
    ("net", "Dialer"): ("DialContext",),
    ("net", "Resolver"): ("LookupHost", "LookupIP", "LookupIPAddr", "LookupNetIP", "LookupAddr", "LookupCNAME", "LookupMX", "LookupNS", "LookupPort", "LookupSRV", "LookupTXT"),
    ("net", "ListenConfig"): ("Listen", "ListenPacket"),
    ("crypto/tls", "Dialer"): ("DialContext",),
    ("net/http", "Server"): ("Shutdown",),
    ("net/http", "Request"): ("WithContext", "Clone"),
    ("database/sql", "DB"): ("BeginTx", "Conn", "ExecContext", "PingContext", "PrepareContext", "QueryContext", "QueryRowContext"),
    ("database/sql", "Conn"): ("BeginTx", "ExecContext", "PingContext", "PrepareContext", "QueryContext", "QueryRowContext", "Raw"),
    ("database/sql", "Tx"): ("ExecContext", "PrepareContext", "QueryContext", "QueryRowContext", "StmtContext"),
    ("database/sql", "Stmt"): ("ExecContext", "QueryContext", "QueryRowContext"),
    ("log/slog", "Logger"): ("DebugContext", "InfoContext", "WarnContext", "ErrorContext", "Log", "LogAttrs", "Enabled"),
}


_FIRST_NIL = lazy(rb"\(\s*(nil)\b")


@checks.rule("GO027")
@per_package
def nil_context(doc, ctx):
    calls = None
    for m in _FIRST_NIL.finditer(doc.data):
        first = doc.root.descendant_for_byte_range(m.start(1), m.end(1))
        args = first.parent if first is not None and first.type == "nil" else None
        if args is None or args.type != "argument_list" or args.named_child(0) != first or args.parent.type != "call_expression":
            continue
        calls = calls or ctx.project.view(Analysis).of(doc).calls
        call = args.parent
        if _context_first(doc, calls, call):
            yield Finding(
                doc.span(first),
                f"nil is passed as the Context of {doc.text_of(field_of(call, 'function'))}: whatever reads it (Done, Err, Value, a derived context) panics; "
                "pass the caller's context, or context.TODO() where there is none yet",
            )


def _context_first(doc, calls, call) -> bool:
    """Whether the first parameter of the function a call runs is a
    context.Context, as its declaration (or the standard library) says."""
    known = calls.library_call(doc, call, CONTEXT_FIRST, CONTEXT_FIRST_METHODS)
    if known is not None:
        return known
    function = field_of(call, "function")
    if function is not None and function.type == "identifier" and doc.scopes.resolve(function) is None:
        return any(doc.text_of(function) in names and path in doc.dot_imports for path, names in CONTEXT_FIRST.items())
    target = calls.callee(doc, call)
    if target is None:
        return False
    owner, node = target
    params = [p for p in children(field_of(node, "parameters")) if p.type in ("parameter_declaration", "variadic_parameter_declaration")]
    first = owner.scopes.type_from(field_of(params[0], "type")) if params else None
    return first is not None and first.path == "context" and first.name == "Context" and not first.pointer


# ---- GO028 built-in type as a context key -----------------------------------------

BUILTIN_TYPES = frozenset(
    "bool string int int8 int16 int32 int64 uint uint8 uint16 uint32 uint64 uintptr byte rune float32 float64 complex64 complex128".split()
)
_LITERAL_TYPES = {
    "interpreted_string_literal": "string", "raw_string_literal": "string", "int_literal": "int", "float_literal": "float64",
    "rune_literal": "rune", "imaginary_literal": "complex128", "true": "bool", "false": "bool",
}


@checks.rule("GO028")
@per_package
def context_key_builtin_type(doc, ctx):
    if b"WithValue" not in doc.data or is_test_file(doc):
        return  # a test's keys meet only the code under test
    types = ctx.project.view(Analysis).of(doc).types
    for call in doc.calls_to("context", "WithValue"):
        args = children(field_of(call, "arguments"))
        if len(args) != 3:
            continue
        builtin = _builtin_type(doc, types, args[1])
        if builtin is not None:
            yield Finding(
                doc.span(args[1]),
                f"this context key is of the built-in type {builtin}, so any package that stores a {builtin} key of the same value "
                "reads or replaces this one; key with a type of your own (type ctxKey struct{}), unexported",
            )


def _builtin_type(doc, types, key, depth: int = 0) -> str | None:
    """The built-in type of a key expression: a literal, an untyped
    constant or a variable of built-in type, or a conversion to one."""
    while key is not None and key.type == "parenthesized_expression" and key.named_child_count:
        key = key.named_child(0)
    if key is None or depth > 4:
        return None
    if key.type in _LITERAL_TYPES:
        return _LITERAL_TYPES[key.type]
    if key.type == "call_expression":
        function = field_of(key, "function")
        name = doc.text_of(function) if function is not None and function.type == "identifier" else None
        return name if name in BUILTIN_TYPES and doc.scopes.resolve(function) is None and types.declared(name) is None else None
    if key.type == "binary_expression" and doc.text_of(field_of(key, "operator")) == "+":
        return _builtin_type(doc, types, field_of(key, "left"), depth + 1)
    if key.type == "identifier":
        decl = doc.scopes.resolve(key)
        if decl is None or decl.kind not in ("local", "package") or decl.tuple:
            return None
        owner = decl.owner if decl.owner is not None else doc
        if decl.type is not None:
            declared = owner.scopes.type_from(decl.type)
            named = declared is not None and declared.path == "" and declared.elem is None and not declared.pointer and declared.name in BUILTIN_TYPES
            return declared.name if named and types.declared(declared.name) is None else None
        return _builtin_type(owner, types, decl.value, depth + 1)
    return None
