"""Loop variables and what outlives an iteration: the function literals a
loop starts (goroutines, deferred functions, errgroup and parallel subtests)
that capture its variables, and the addresses of its variables kept past the
iteration. Go 1.22 made those variables per iteration; before, every
iteration shares one."""

from __future__ import annotations

from cnlint.golang.scope import same
from cnlint.golang.syntax import TESTING, call_of, children, field_of, launched_literal, method_call, own_nodes, statements, typed

ERRGROUP = "golang.org/x/sync/errgroup"


def loop_variables(doc, loop) -> dict:
    """Name -> declaring identifier of the variables a `for` declares with :=."""
    clause = loop.named_children[0] if loop.named_child_count else None
    if clause is None:
        return {}
    if clause.type == "range_clause":
        if not any(c.type == ":=" for c in clause.children):
            return {}
        left = field_of(clause, "left")
    elif clause.type == "for_clause":
        init = field_of(clause, "initializer")
        left = field_of(init, "left") if init is not None and init.type == "short_var_declaration" else None
    else:
        return {}
    return {doc.text_of(n): n for n in children(left) if n.type == "identifier" and doc.text_of(n) != "_"}


def assigned_variables(doc, loop) -> dict:
    """Name -> declaration of the variables a loop assigns without
    declaring them: `for k, v = range m`, or a three-clause loop's post
    statement (`i++`, `i = next(i)`). These are one variable for every
    iteration in any Go version."""
    clause = loop.named_children[0] if loop.named_child_count else None
    if clause is None:
        return {}
    if clause.type == "range_clause":
        targets = children(field_of(clause, "left")) if not any(c.type == ":=" for c in clause.children) else []
    elif clause.type == "for_clause":
        post = field_of(clause, "update")
        if post is None:
            return {}
        targets = children(post) if post.type in ("inc_statement", "dec_statement") else children(field_of(post, "left")) if post.type == "assignment_statement" else []
    else:
        return {}
    out = {}
    for target in targets:
        decl = doc.scopes.resolve(target) if target.type == "identifier" else None
        if decl is not None and decl.kind not in ("package", "func"):
            out[decl.name] = decl
    return out


def _is_loop_variable(doc, ident, names: dict) -> bool:
    decl = doc.scopes.resolve(ident)
    return decl is not None and decl.kind in ("range", "loop") and same(decl.node, names[doc.text_of(ident)])


def captured(doc, loop, assigned: bool = False):
    """(identifier, name, what runs it) for each loop variable a function
    literal started in the loop uses, when the iteration does not wait for
    it; once per literal and name. With `assigned`, the variables the loop
    assigns count too (see assigned_variables)."""
    names = loop_variables(doc, loop)
    shared = assigned_variables(doc, loop) if assigned else {}
    body = field_of(loop, "body")
    if not (names or shared) or body is None:
        return
    for _, region, how, waits in closures_in_loop(doc, body):
        if waits:
            continue
        seen = set()
        for ident in (n for part in region for n in doc.nodes("identifier", within=part)):
            name = doc.text_of(ident)
            if name in seen or name not in names and name not in shared:
                continue
            if name in names and _is_loop_variable(doc, ident, names) or name in shared and doc.scopes.resolve(ident) == shared[name]:
                seen.add(name)
                yield ident, name, how


# Where an address `&v` is kept past the statement that takes it.
_KEPT = ("expression_list", "literal_element", "keyed_element", "send_statement")


def addresses_kept(doc, loop):
    """(the `&v` expression, name) for each address of a loop variable the
    loop keeps: appended, assigned with =, put in a composite literal or
    sent on a channel."""
    names = loop_variables(doc, loop)
    body = field_of(loop, "body")
    if not names or body is None:
        return
    for node in own_nodes(doc, ("unary_expression",), body):
        operand = field_of(node, "operand")
        if doc.text_of(field_of(node, "operator")) != "&" or operand is None or operand.type != "identifier":
            continue
        if doc.text_of(operand) in names and _is_loop_variable(doc, operand, names) and _kept(doc, node):
            yield node, doc.text_of(operand)


def _kept(doc, node) -> bool:
    parent = node.parent
    if parent is None:
        return False
    if parent.type == "argument_list":
        call = parent.parent
        function = field_of(call, "function") if call is not None else None
        return function is not None and doc.text_of(function) == "append" and not same(parent.named_children[0], node)
    if parent.type == "literal_element":
        return True
    if parent.type == "expression_list":
        statement = parent.parent
        return statement is not None and statement.type == "assignment_statement" and same(field_of(statement, "right"), parent)
    return parent.type == "send_statement" and same(field_of(parent, "value"), node)


def closures_in_loop(doc, body):
    """(function literal, the nodes of it that run late, what runs it,
    whether the iteration waits for it)."""
    for statement in own_nodes(doc, ("go_statement", "defer_statement"), body):
        literal = launched_literal(statement)
        if literal is None:
            continue
        region = [field_of(literal, "body")]
        if statement.type == "defer_statement":
            yield literal, region, "a deferred function, which runs only after the loop", False
        else:
            yield literal, region, "a goroutine started in the loop", _waited(doc, statement, body)
    for call in own_nodes(doc, ("call_expression",), body):
        receiver, method = method_call(doc, call)
        args = children(field_of(call, "arguments"))
        if method == "Go" and len(args) == 1 and args[0].type == "func_literal" and _pool(doc, receiver):
            yield args[0], [field_of(args[0], "body")], f"{doc.text_of(receiver)}.Go", _waited(doc, call, body)
        elif method == "Run" and len(args) == 2 and args[1].type == "func_literal" and typed(doc, receiver, TESTING, "T"):
            late = _after_parallel(doc, args[1])
            if late:
                yield args[1], late, "a parallel subtest, which runs after the loop", False


# Types whose Go(func) runs the function in a goroutine of their own.
POOLS = {
    ERRGROUP: ("Group",),
    "github.com/sourcegraph/conc": ("WaitGroup",),
    "github.com/sourcegraph/conc/pool": ("Pool", "ErrorPool", "ContextPool", "ResultPool", "ResultErrorPool", "ResultContextPool"),
}


def _pool(doc, receiver) -> bool:
    found = doc.scopes.type_of(receiver) if receiver is not None else None
    return found is not None and found.name in POOLS.get(found.path, ())


def _waited(doc, launch, body) -> bool:
    """Whether the iteration, after `launch`, waits (x.Wait() or a receive)."""
    for node in own_nodes(doc, ("call_expression", "unary_expression", "select_statement"), body):
        if node.start_byte < launch.end_byte:
            continue
        if node.type == "select_statement":
            return True
        if node.type == "unary_expression" and doc.text_of(field_of(node, "operator")) == "<-":
            return True
        if node.type == "call_expression" and method_call(doc, node)[1] == "Wait":
            return True
    return False


def _after_parallel(doc, literal) -> list:
    """The statements of a subtest literal after it calls Parallel() on its
    own *testing.T: they run once the loop is over (a label starts over, as
    a goto may jump before the call)."""
    params = children(field_of(literal, "parameters"))
    names = params[0].children_by_field_name("name") if params else []
    if not names:
        return []
    late, parallel = [], False
    for statement in statements(field_of(literal, "body")):
        if statement.type == "labeled_statement":
            late, parallel = [], False
        if parallel:
            late.append(statement)
            continue
        call = call_of(statement)
        receiver, method = method_call(doc, call) if call is not None else (None, None)
        parallel = method == "Parallel" and receiver is not None and receiver.type == "identifier" and doc.text_of(receiver) == doc.text_of(names[0])
    return late
