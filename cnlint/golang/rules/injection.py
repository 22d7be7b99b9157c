"""Commands and queries built from strings at run time: a shell script for
exec.Command, and SQL built with fmt.Sprintf or +. A value is constant only
where the syntax shows it is."""

from __future__ import annotations

import re

from cnlint.checks import Checks
from cnlint.diagnostics import Finding
from cnlint.golang.index import per_package
from cnlint.golang.model import enclosing_function
from cnlint.golang.scope import same
from cnlint.golang.syntax import children, field_of, imports, method_call, string_value
from cnlint.patterns import lazy

checks = Checks()


EXEC = "os/exec"
SHELLS = {"sh", "bash", "zsh", "dash", "ash", "ksh", "/bin/sh", "/bin/bash", "/usr/bin/bash", "/usr/bin/sh", "/bin/zsh", "/bin/dash"}
SQL_METHODS = {"Query": 0, "QueryRow": 0, "Exec": 0, "Prepare": 0, "QueryContext": 1, "QueryRowContext": 1, "ExecContext": 1, "PrepareContext": 1}
SQL_START = lazy(r"^\s*(SELECT|INSERT|UPDATE|DELETE|WITH|REPLACE|MERGE|UPSERT)\b", re.I)


def _constant(doc, node) -> bool:
    """Whether an expression is a compile-time string constant the syntax
    shows: literals, named constants, and `+` of those."""
    if node is None:
        return False
    if node.type in ("interpreted_string_literal", "raw_string_literal", "int_literal"):
        return True
    if node.type == "parenthesized_expression":
        return _constant(doc, node.named_child(0))
    if node.type == "binary_expression" and doc.text_of(field_of(node, "operator")) == "+":
        return _constant(doc, field_of(node, "left")) and _constant(doc, field_of(node, "right"))
    if node.type == "identifier":
        decl = doc.scopes.resolve(node)
        if decl is None:
            # Declared in a file of the package this run does not see, or
            # dot-imported: it may be a constant, so it counts as one.
            return True
        return decl.node is not None and decl.node.parent.type == "const_spec"
    return False


def _local_value(doc, ident):
    """The value a local variable is declared with, if it is never assigned again."""
    if ident is None or ident.type != "identifier":
        return None
    decl = doc.scopes.resolve(ident)
    if decl is None or decl.kind != "local" or decl.value is None or decl.tuple:
        return None
    function = enclosing_function(ident)
    for ref in doc.scopes.references(decl, function) if function is not None else ():
        parent = ref.parent
        if parent.type == "expression_list" and parent.parent.type == "assignment_statement" and same(field_of(parent.parent, "left"), parent):
            return None
    return decl.value


# ---- GO019 shell command with a non-constant script -------------------------------


@checks.rule("GO019")
@per_package
def shell_command_not_constant(doc, ctx):
    if not imports(doc, EXEC):
        return
    for call in doc.calls_to(EXEC, "Command", "CommandContext"):
        function = field_of(call, "function")
        args = children(field_of(call, "arguments"))
        if doc.text_of(field_of(function, "field") if function.type == "selector_expression" else function) == "CommandContext":
            args = args[1:]
        if len(args) < 3 or string_value(doc, args[0]) not in SHELLS or string_value(doc, args[1]) != "-c":
            continue
        script = args[2]
        if script.type == "variadic_argument" or _constant(doc, script) or _constant(doc, _local_value(doc, script)):
            continue
        yield Finding(
            doc.span(script),
            f"the script {string_value(doc, args[0])} -c runs is built at run time, "
            "so a value with shell metacharacters runs commands of its own; pass the program and its arguments to exec.Command directly",
        )


# ---- GO020 SQL built from strings -------------------------------------------------


@checks.rule("GO020")
@per_package
def sql_built_from_strings(doc, ctx):
    if not any(m.encode() in doc.data for m in ("Query", "Exec", "Prepare")):
        return
    for call in doc.nodes("call_expression"):
        receiver, method = method_call(doc, call)
        if method not in SQL_METHODS or receiver is None:
            continue
        args = children(field_of(call, "arguments"))
        index = SQL_METHODS[method]
        if len(args) <= index:
            continue
        query = args[index]
        built = _built_sql(doc, query) or _built_sql(doc, _local_value(doc, query))
        if built:
            yield Finding(
                doc.span(query),
                f"the SQL passed to {method} is built with {built} from values that are not constants, "
                "so a value with a quote can change the statement (SQL injection); pass them as query arguments (?, $1)",
            )


def _built_sql(doc, node) -> str | None:
    if node is None:
        return None
    if node.type == "call_expression" and doc.refers_to(field_of(node, "function"), "fmt", "Sprintf"):
        args = children(field_of(node, "arguments"))
        fmt = string_value(doc, args[0]) if args else None
        if fmt is None or not SQL_START.match(fmt):
            return None
        verbs = re.findall(r"%[-+# 0-9.]*([a-zA-Z%])", fmt)
        string_verbs = [v for v in verbs if v != "%" and v not in "dboxXfFeEgGtc"]
        if string_verbs and not all(_constant(doc, a) for a in args[1:]):
            return "fmt.Sprintf"
        return None
    if node.type == "binary_expression" and doc.text_of(field_of(node, "operator")) == "+":
        parts = _concat_parts(doc, node)
        first = string_value(doc, parts[0])
        if first is not None and SQL_START.match(first) and not all(_constant(doc, p) or _numeric(doc, p) for p in parts):
            return "+"
    return None


def _concat_parts(doc, node) -> list:
    if node.type == "binary_expression" and doc.text_of(field_of(node, "operator")) == "+":
        return _concat_parts(doc, field_of(node, "left")) + _concat_parts(doc, field_of(node, "right"))
    return [node]


def _numeric(doc, node) -> bool:
    """strconv.Itoa / FormatInt / FormatFloat of a value: digits only."""
    return node.type == "call_expression" and doc.refers_to(field_of(node, "function"), "strconv", "Itoa", "FormatInt", "FormatUint", "FormatFloat", "FormatBool")
