"""Go concurrency rules: goroutines, loop variables, locks, WaitGroups,
contexts and tickers. Types come from the scope resolver; where the syntax
cannot prove a type or a path, the rule says nothing."""

from __future__ import annotations

import re
from dataclasses import replace

from cnlint.golang.model import enclosing_function
from cnlint.golang import scope as goscope
from cnlint.golang.scope import GoType, same
from cnlint.checks import Checks
from cnlint.golang.rules.basics import _children, _field, per_package
from cnlint.diagnostics import Edit, Finding, Fix

checks = Checks()

SYNC = "sync"
ERRGROUP = "golang.org/x/sync/errgroup"
TESTING = "testing"
LOCKS = ("Mutex", "RWMutex")
# Types whose values must not be copied once used (what copylocks knows:
# the sync types hold a Mutex or a noCopy, the atomic types a noCopy).
NO_COPY = {
    "sync": ("Mutex", "RWMutex", "WaitGroup", "Once", "Cond", "Map", "Pool"),
    "sync/atomic": ("Bool", "Int32", "Int64", "Uint32", "Uint64", "Uintptr", "Value", "Pointer"),
}
FATAL = ("Fatal", "Fatalf", "FailNow", "Skip", "Skipf", "SkipNow")
CONTEXT_WITH = ("WithCancel", "WithTimeout", "WithDeadline", "WithCancelCause", "WithTimeoutCause", "WithDeadlineCause")


# ---- shared building blocks ------------------------------------------------


def method_call(doc, call):
    """(receiver, method name) of a call `recv.Method(...)`, else (None, None)."""
    function = _field(call, "function")
    if function is None or function.type != "selector_expression":
        return None, None
    return _field(function, "operand"), doc.text_of(_field(function, "field"))


def own_nodes(doc, types, within) -> list:
    """Nodes of `types` under `within` that run as part of the same function
    as `within` (not inside a function literal nested in it)."""
    owner = within if within.type in ("func_literal", "function_declaration", "method_declaration") else enclosing_function(within)
    return [n for n in doc.nodes(*types, within=within) if same(enclosing_function(n), owner)]


def launched_literal(statement):
    """The function literal a `go func(){...}()` or `defer func(){...}()` runs."""
    call = statement.named_child(0) if statement.named_child_count else None
    function = _field(call, "function") if call is not None and call.type == "call_expression" else None
    return function if function is not None and function.type == "func_literal" else None


def typed(doc, expr, path: str, *names: str) -> bool:
    """Whether the declarations prove `expr` is a path.Name or *path.Name."""
    found = doc.scopes.type_of(expr) if expr is not None else None
    return found is not None and found.path == path and found.name in names


def _imports(doc, *paths: str) -> bool:
    return any(p in paths for p in doc.imports.values()) or any(p in paths for p in doc.dot_imports)


def package_imports(doc, *paths: str) -> bool:
    """Whether this file or another file of its package imports one of
    `paths`: a value of their types may be declared there."""
    package = doc.scopes.package
    if package is None:
        return _imports(doc, *paths)
    if "imports" not in package.found:
        package.found["imports"] = {p for d in package.files for p in (*d.imports.values(), *d.dot_imports)}
    return _imports(doc, *paths) or any(p in package.found["imports"] for p in paths)


def line_of(node) -> int:
    return node.start_point[0] + 1


def _statements(block) -> list:
    """The statements of a block (or a case clause's statement list)."""
    if block is None:
        return []
    if block.type == "block":
        block = block.named_child(0) if block.named_child_count else None
        if block is None or block.type != "statement_list":
            return []
    return _children(block)


def _call_of(statement):
    """The call an expression statement makes, else None."""
    if statement is None or statement.type != "expression_statement":
        return None
    call = statement.named_child(0)
    return call if call is not None and call.type == "call_expression" else None


# ---- GO005 loop variable captured ------------------------------------------


@checks.project("GO005")
@per_package
def loop_variable_captured(doc, ctx):
    if not doc.version_below(22) or not _LAUNCHES.search(doc.data):
        return
    for loop in doc.nodes("for_statement"):
        names = _loop_variables(doc, loop)
        body = _field(loop, "body")
        if not names or body is None:
            continue
        for literal, how, waits in _closures_in_loop(doc, body):
            if waits:
                continue
            seen = set()
            for ident in doc.nodes("identifier", within=_field(literal, "body")):
                name = doc.text_of(ident)
                if name not in names or name in seen:
                    continue
                decl = doc.scopes.resolve(ident)
                if decl is None or decl.kind not in ("range", "loop") or not same(decl.node, names[name]):
                    continue
                seen.add(name)
                yield Finding(
                    doc.span(ident),
                    f"loop variable {name} is captured by {how}; before Go 1.22 every iteration shares one {name}, so it may see a later value ({doc.version_note()})",
                )


_LAUNCHES = re.compile(rb"\b(?:go|defer)\s|\.(?:Go|Run)\(")


def _loop_variables(doc, loop) -> dict:
    clause = loop.named_children[0] if loop.named_child_count else None
    if clause is None:
        return {}
    if clause.type == "range_clause":
        if not any(c.type == ":=" for c in clause.children):
            return {}
        left = _field(clause, "left")
    elif clause.type == "for_clause":
        init = _field(clause, "initializer")
        left = _field(init, "left") if init is not None and init.type == "short_var_declaration" else None
    else:
        return {}
    return {doc.text_of(n): n for n in _children(left) if n.type == "identifier" and doc.text_of(n) != "_"}


def _closures_in_loop(doc, body):
    """(function literal, what runs it, whether the iteration waits for it)."""
    for statement in own_nodes(doc, ("go_statement", "defer_statement"), body):
        literal = launched_literal(statement)
        if literal is None:
            continue
        if statement.type == "defer_statement":
            yield literal, "a deferred function, which runs only after the loop", False
        else:
            yield literal, "a goroutine started in the loop", _waited(doc, statement, body)
    for call in own_nodes(doc, ("call_expression",), body):
        receiver, method = method_call(doc, call)
        args = _children(_field(call, "arguments"))
        if method == "Go" and len(args) == 1 and args[0].type == "func_literal" and typed(doc, receiver, ERRGROUP, "Group"):
            yield args[0], f"{doc.text_of(receiver)}.Go", _waited(doc, call, body)
        elif method == "Run" and len(args) == 2 and args[1].type == "func_literal" and typed(doc, receiver, TESTING, "T"):
            if _parallel(doc, args[1]):
                yield args[1], "a parallel subtest, which runs after the loop", False


def _waited(doc, launch, body) -> bool:
    """Whether the iteration, after `launch`, waits (x.Wait() or a receive)."""
    for node in own_nodes(doc, ("call_expression", "unary_expression", "select_statement"), body):
        if node.start_byte < launch.end_byte:
            continue
        if node.type == "select_statement":
            return True
        if node.type == "unary_expression" and doc.text_of(_field(node, "operator")) == "<-":
            return True
        if node.type == "call_expression" and method_call(doc, node)[1] == "Wait":
            return True
    return False


def _parallel(doc, literal) -> bool:
    """Whether a subtest literal calls Parallel() on its own *testing.T first."""
    params = _children(_field(literal, "parameters"))
    names = params[0].children_by_field_name("name") if params else []
    statements = _statements(_field(literal, "body"))
    if not names or not statements:
        return False
    call = _call_of(statements[0])
    receiver, method = method_call(doc, call) if call is not None else (None, None)
    return method == "Parallel" and doc.text_of(receiver) == doc.text_of(names[0])


# ---- GO006 WaitGroup.Add in the goroutine -----------------------------------


def _waitgroup_calls_in_goroutines(doc, method: str):
    """(literal, call, receiver) for each wg.<method>() in a launched func literal."""
    if not package_imports(doc, SYNC):
        return
    for statement in doc.nodes("go_statement"):
        literal = launched_literal(statement)
        if literal is None:
            continue
        for call in own_nodes(doc, ("call_expression",), literal):
            receiver, name = method_call(doc, call)
            if name == method and typed(doc, receiver, SYNC, "WaitGroup"):
                yield literal, call, receiver


@checks.project("GO006")
@per_package
def waitgroup_add_in_goroutine(doc, ctx):
    for literal, call, receiver in _waitgroup_calls_in_goroutines(doc, "Add"):
        # An Add that counts a goroutine this one starts later is right.
        if not any(g.start_byte > call.end_byte for g in own_nodes(doc, ("go_statement",), literal)):
            name = doc.text_of(receiver)
            yield Finding(
                doc.span(call),
                f"{name}.Add is called inside the goroutine it counts, so {name}.Wait() may return before the goroutine starts; call {name}.Add before the go statement",
            )


# ---- GO007 WaitGroup.Done skipped by a return --------------------------------


@checks.project("GO007")
@per_package
def waitgroup_done_skipped(doc, ctx):
    for literal, call, receiver in _waitgroup_calls_in_goroutines(doc, "Done"):
        if call.parent.type != "expression_statement":
            continue
        early = [r for r in own_nodes(doc, ("return_statement",), literal) if r.end_byte <= call.start_byte]
        if early:
            name = doc.text_of(receiver)
            yield Finding(
                doc.span(call),
                f"{name}.Done() is not deferred and the return on line {line_of(early[0])} skips it, so {name}.Wait() blocks forever; write defer {name}.Done() first",
            )


# ---- GO008 defer Lock right after Lock ---------------------------------------


@checks.rule("GO008")
def deferred_lock_after_lock(doc, ctx):
    if b"defer" not in doc.data:
        return
    for statements in doc.nodes("statement_list"):
        items = _children(statements)
        for first, second in zip(items, items[1:]):
            call = _call_of(first)
            if call is None or second.type != "defer_statement" or not second.named_child_count:
                continue
            deferred = second.named_child(0)
            receiver, method = method_call(doc, call)
            again, method_again = method_call(doc, deferred) if deferred.type == "call_expression" else (None, None)
            if method not in ("Lock", "RLock") or method_again != method or doc.text_of(receiver) != doc.text_of(again):
                continue
            if _children(_field(deferred, "arguments")):
                continue
            unlock = "Unlock" if method == "Lock" else "RUnlock"
            name = doc.text_of(again)
            field = _field(_field(deferred, "function"), "field")
            yield Finding(
                doc.span(field),
                f"defer {name}.{method}() right after {name}.{method}() locks again when the function returns, which deadlocks; {unlock} was meant",
                Fix((Edit(doc.span(field), unlock),), f"Defer {name}.{unlock}() instead", safe=False),
            )


# ---- GO009 return with a lock held -------------------------------------------


@checks.rule("GO009")
def return_with_lock_held(doc, ctx):
    if b"Unlock" not in doc.data:
        return
    for statements in doc.nodes("statement_list"):
        items = _children(statements)
        for i, statement in enumerate(items):
            call = _call_of(statement)
            receiver, method = method_call(doc, call) if call is not None else (None, None)
            if method not in ("Lock", "RLock") or receiver is None or _children(_field(call, "arguments")):
                continue
            name = doc.text_of(receiver)
            unlock = "Unlock" if method == "Lock" else "RUnlock"
            function = enclosing_function(statement)
            if function is None or not _unlocks(doc, function, name, unlock) or _defers_unlock(doc, function, name, unlock):
                continue  # a function that only locks hands the lock on by design
            for return_ in _returns_while_held(doc, items[i + 1 :], name, unlock):
                yield Finding(
                    doc.span(return_),
                    f"this return leaves {name} locked: {name}.{method}() on line {line_of(statement)} is not followed by {name}.{unlock}() on this path, so the next {method} blocks forever",
                )


def _unlocks(doc, within, name, unlock) -> list:
    """Calls name.unlock() under `within` in its own function."""
    out = []
    for call in own_nodes(doc, ("call_expression",), within):
        receiver, method = method_call(doc, call)
        if method == unlock and doc.text_of(receiver) == name:
            out.append(call)
    return out


def _returns_while_held(doc, following, name, unlock):
    for statement in following:
        if statement.type == "defer_statement" and _defers_unlock(doc, statement, name, unlock):
            return
        if statement.type in ("go_statement", "labeled_statement") or statement.type == "goto_statement":
            return
        unlocks = _unlocks(doc, statement, name, unlock) if statement.type != "defer_statement" else []
        for return_ in own_nodes(doc, ("return_statement",), statement) if statement.type != "defer_statement" else ():
            if not any(_on_path_before(call, return_) for call in unlocks):
                yield return_
        if unlocks or _defers_unlock(doc, statement, name, unlock):
            return


def _defers_unlock(doc, statement, name, unlock) -> bool:
    """Whether `statement` is, or holds in its own function, a defer that unlocks."""
    if statement.type != "defer_statement":
        return any(_defers_unlock(doc, d, name, unlock) for d in own_nodes(doc, ("defer_statement",), statement))
    calls = doc.nodes("call_expression", within=statement)
    return any(method_call(doc, c)[1] == unlock and doc.text_of(method_call(doc, c)[0]) == name for c in calls)


def _on_path_before(call, return_) -> bool:
    """Whether the statement making `call` runs before `return_` on its path:
    it precedes the return in a statement list that holds the return."""
    if call.start_byte >= return_.start_byte:
        return False
    statement = call
    while statement.parent is not None and statement.parent.type != "statement_list":
        statement = statement.parent
    holder = statement.parent
    return holder is not None and holder.start_byte <= return_.start_byte and return_.end_byte <= holder.end_byte


# ---- GO010 lock copied by value -----------------------------------------------


@checks.project("GO010")
def lock_copied(project, ctx):
    """Per file, with the struct types the other files of its package
    declare (a Server with a Mutex in one file, copied in another)."""
    for doc in goscope.link(project):
        for finding in _lock_copies(doc):
            yield replace(finding, path=doc.path)


def _lock_copies(doc):
    types, variables, functions, fields = _package_locks(doc)
    mine = doc.scopes.top_names()  # this file's own declarations it reads itself
    elsewhere = types - mine
    variables = {v for v in variables if v.lstrip("*") not in mine}
    if not _names_a_lock(doc, elsewhere, variables | functions):
        return  # no type of this file can hold a lock the syntax knows of
    scopes = doc.scopes
    holders, suspects = _lock_names(doc, elsewhere, functions, fields)
    suspects |= variables
    for function in doc.nodes("function_declaration", "method_declaration", "func_literal"):
        for field, what in (("receiver", "receiver"), ("parameters", "parameter")):
            for param in _children(_field(function, field)):
                type_node = _field(param, "type")
                if type_node is None or not holders.intersection(_IDENT.findall(doc.text_of(type_node))):
                    continue
                held = _no_copy(doc, scopes.type_from(type_node))
                if held:
                    yield Finding(doc.span(type_node), f"{what} of type {doc.text_of(type_node)} is passed by value, which copies the {held} it holds; use a pointer")
    for loop in doc.nodes("range_clause"):
        left = _children(_field(loop, "left"))
        if len(left) == 2 and doc.text_of(left[1]) in suspects and any(c.type == ":=" for c in loop.children):
            decl = scopes.resolve(left[1])
            held = _no_copy(doc, scopes.decl_type(decl)) if decl is not None else None
            if held:
                yield Finding(doc.span(left[1]), f"range variable {doc.text_of(left[1])} copies each element, and with it the {held} it holds; range over the index and take &xs[i]")
    plain = [n for n in suspects if not n.startswith("*")]
    derefs = [n[1:] for n in suspects if n.startswith("*")]
    statements = _mentioning(doc, plain, _COPY_SITES) + _mentioning(doc, derefs, _COPY_SITES, deref=True, fields=fields)
    copied = set()  # statements already reported for copying a value
    for node in sorted({n.start_byte: n for n in statements}.values(), key=lambda n: n.start_byte):
        if node.type == "var_spec":
            values = _children(_field(node, "value"))
        elif node.type == "return_statement":
            values = _children(node.named_child(0)) if node.named_child_count and node.named_child(0).type == "expression_list" else _children(node)
        elif node.type == "argument_list":
            function = _field(node.parent, "function")
            if function is not None and function.type == "identifier" and doc.text_of(function) in ("new", "len", "cap", "print", "println") or _field(node.parent, "function") is None:
                continue
            values = _children(node)
        else:
            values = _children(_field(node, "right"))
        for value in values:
            inner = _unparen(value)  # as go vet: (T{}) is a literal, not a copy
            if inner.type not in ("identifier", "selector_expression", "index_expression"):
                if not (inner.type == "unary_expression" and doc.text_of(_field(inner, "operator")) == "*"):
                    continue
                operand = _field(inner, "operand")
                if operand is None or _unparen(operand).type == "call_expression":
                    continue  # as go vet: *f() may point to a fresh zero value
            held = _no_copy(doc, scopes.type_of(value))
            if held:
                what = {"return_statement": "return", "argument_list": "call argument"}.get(node.type, "assignment")
                copied.add(node.start_byte)
                yield Finding(doc.span(value), f"{what} copies {doc.text_of(value)}, and with it the {held} it holds; share a pointer instead")
    if not doc.version_below(22):
        yield from _loop_iteration_copies(doc, copied)


def _names_a_lock(doc, elsewhere, values) -> bool:
    """A cheap filter: whether the file's text names a must-not-copy type
    (sync.Mutex, or a struct type of the package that holds one) or a
    package-level variable or function that holds one. A value can hold a
    lock only through such a name: the types the rule knows are spelled."""
    words = [f"{alias}.{n}" for alias, path in doc.imports.items() if path in NO_COPY for n in NO_COPY[path]]
    words += [n for path in doc.dot_imports if path in NO_COPY for n in NO_COPY[path]]
    words += [*elsewhere, *(v.lstrip("*") for v in values)]
    return any(w.encode() in doc.data for w in words)


def _loop_iteration_copies(doc, copied):
    """From Go 1.22 each iteration of a three-clause loop gets a fresh copy
    of the variables its init statement declares: one that holds a lock is
    copied at every iteration (go vet's "for loop iteration copies lock
    value"). An init whose right side was already reported as a copy is
    not reported again, as go vet prefers the assignment."""
    for loop in doc.nodes("for_statement"):
        clause = loop.named_child(0) if loop.named_child_count else None
        init = _field(clause, "initializer") if clause is not None and clause.type == "for_clause" else None
        if init is None or init.type != "short_var_declaration" or init.start_byte in copied:
            continue
        for name in _children(_field(init, "left")):
            decl = doc.scopes.resolve(name) if name.type == "identifier" else None
            if decl is None or decl.kind != "loop" or not same(decl.node, name):
                continue
            held = _no_copy(doc, doc.scopes.decl_type(decl))
            if held:
                yield Finding(
                    doc.span(name),
                    f"from Go 1.22 every iteration of this for loop copies loop variable {decl.name}, and with it the {held} it holds ({doc.version_note()}); declare it before the loop or make it a pointer",
                )


_IDENT = re.compile(r"[A-Za-z_]\w*")


def _unparen(node):
    while node.type == "parenthesized_expression" and node.named_child_count:
        node = node.named_child(0)
    return node


def _package_locks(doc) -> tuple[set, set, set, set]:
    """What holds a lock in the package (computed once per package; for a
    file no package is set for, in that file): the struct types, the
    package-level variables (as '*p' for a pointer to one), the functions
    whose results hold one (by value, through a pointer or as elements:
    `*f()` and `range f()` copy it) and the names of the fields of those
    struct types that hold one, or point to one (`p.mu` copies it)."""
    package = doc.scopes.package
    found = package.found if package is not None else {}
    if "locks" not in found:
        files = package.files if package is not None else [doc]
        types = {n for d in files for n in d.scopes.top_types() if _no_copy(d, GoType("", n), package)}
        named = types | {n for names in NO_COPY.values() for n in names}
        variables, functions, fields = set(), set(), set()
        for d in files:
            for decl in d.scopes.top_variables():
                spelled = decl.type if decl.type is not None else decl.value
                if spelled is None or not _words(d, spelled) & named:
                    continue  # a cheap filter: the declaration names no lock-holding type
                found_type = d.scopes.decl_type(decl)
                if found_type is not None and _no_copy(d, found_type.deref(), package):
                    variables.add(("*" if found_type.pointer else "") + decl.name)
            for decl in d.scopes.top_functions():
                if not _words(d, _field(decl.value, "result")) & named:
                    continue
                results = d.scopes.func_results(decl) or ()
                if any(r is not None and _no_copy(d, r.elem if r.elem is not None else r.deref(), package) for r in results):
                    functions.add(decl.name)
            for name in d.scopes.top_types() & types:
                for field_name, type_node in d.scopes.struct_fields(name).items():
                    field_type = d.scopes.type_from(type_node)
                    if field_type is not None and _no_copy(d, field_type.deref(), package):
                        fields.add(field_name)
        found["locks"] = types, variables, functions, fields
    return found["locks"]


def _lock_names(doc, elsewhere=frozenset(), functions=frozenset(), fields=frozenset()) -> set:
    """Type names that hold a lock, and the names that may hold one by
    value: those a declaration in this file gives a lock-holding type, or
    binds from one, and the `functions` whose results hold one (a cheap
    filter, so rules resolve only the identifiers that can matter)."""
    holders = {n for p, names in NO_COPY.items() if _imports(doc, p) for n in names}
    holders |= {name for name in _struct_names(doc) if _no_copy(doc, GoType("", name))}
    holders |= elsewhere
    local = holders - {n for names_ in NO_COPY.values() for n in names_}
    qualified = [f"{alias}.{n}" for alias, path in doc.imports.items() if path in NO_COPY for n in NO_COPY[path]]
    names: set = set(functions)
    words = local | set(qualified) | names
    for _ in range(4):  # names bound from names: a few steps reach a fixed point
        found = set()
        plain, derefs = [w for w in words if w[0] != "*"], [w[1:] for w in words if w[0] == "*"]
        for node in _mentioning(doc, plain, _DECLARATIONS) + _mentioning(doc, derefs, _DECLARATIONS, deref=True, fields=fields):
            found |= _bound_holders(doc, node, holders, names | words)
        words = found - names
        names |= found
        if not words:
            break
    return holders, names


_DECLARATIONS = ("parameter_declaration", "var_spec", "short_var_declaration", "range_clause")
_COPY_SITES = ("short_var_declaration", "assignment_statement", "var_spec", "return_statement", "argument_list")


def _bound_holders(doc, node, holders, known) -> set:
    """Names a declaration binds to a value that may hold a lock."""
    if node.type == "range_clause":
        if _reach_words(doc, _field(node, "right")) & (holders | known):
            left = _children(_field(node, "left"))
            return {doc.text_of(n) for n in (left[1:] if len(left) == 2 else left)} - {"_"}  # the value, not the index
        return set()
    type_node = _field(node, "type")
    if type_node is not None:
        if _words(doc, type_node) & holders:
            # a pointer copies the lock only where it is dereferenced
            prefix = "*" if type_node.type == "pointer_type" else ""
            return {prefix + doc.text_of(n) for n in node.children_by_field_name("name")}
        return set()
    targets = node.children_by_field_name("name") if node.type == "var_spec" else _children(_field(node, "left"))
    values = _children(_field(node, "value" if node.type == "var_spec" else "right"))
    out = set()
    for target, value in zip(targets, values) if len(targets) == len(values) else ():
        if value.type not in _COPY_FORMS:
            continue
        inner = _unparen(value)
        operator = doc.text_of(_field(inner, "operator")) if inner.type == "unary_expression" else ""
        if _reach_words(doc, value) & (holders | known):
            # p := &x holds a pointer: only *p and p.f copy
            out.add(("*" if operator == "&" else "") + doc.text_of(target))
    return out - {"_"}


def _reach_words(doc, node) -> set:
    """The head words of an expression, and '*w' for each where the value
    is reached through a pointer w may be (*p, p.f, p[i])."""
    words = _head_words(doc, node)
    inner = _unparen(node) if node is not None else None
    if inner is not None and (inner.type in ("selector_expression", "index_expression") or (inner.type == "unary_expression" and doc.text_of(_field(inner, "operator")) == "*")):
        words |= {"*" + w for w in words}
    return words


def _head_words(doc, node) -> set:
    """Words of the part of an expression its value comes from: the type
    of a literal, the function of a call, not arguments or closure bodies."""
    while node is not None:
        t = node.type
        if t in ("unary_expression", "index_expression"):
            node = _field(node, "operand")
        elif t == "parenthesized_expression":
            node = node.named_child(0) if node.named_child_count else None
        elif t == "composite_literal":
            return _words(doc, _field(node, "type"))
        elif t == "call_expression":
            node = _field(node, "function")
        elif t == "selector_expression":
            return _head_words(doc, _field(node, "operand")) | {doc.text_of(_field(node, "field"))}
        elif t == "func_literal":
            return set()
        else:
            return _words(doc, node)
    return set()


def _mentioning(doc, words, kinds, deref: bool = False, fields=()) -> list:
    """The nearest nodes of `kinds` around each mention of `words` (names,
    or `pkg.Name`), found by one scan of the file's bytes instead of reading
    every node's text. A name counts only standing alone (`x`, not `y.x`);
    with `deref` (pointers), only as `*x` or `x.f` for one of `fields`."""
    data = doc.data
    present = [w for w in (w.encode() for w in sorted(words)) if w in data]  # a substring test is cheap
    if not present:
        return []
    alternatives = b"|".join(re.escape(w) for w in present)
    if deref:
        pattern = rb"\*\s*(?:" + alternatives + rb")\b"
        if fields:
            pattern += rb"|\b(?:" + alternatives + rb")\s*\.\s*(?:" + b"|".join(re.escape(f.encode()) for f in sorted(fields)) + rb")\b"
        offsets = [m.start() for m in re.finditer(pattern, data) if data[m.start() - 1 : m.start()] != b"."]
    else:
        offsets = [m.start() for m in re.finditer(rb"\b(?:" + alternatives + rb")\b", data) if data[m.start() - 1 : m.start()] != b"."]
    if not offsets:
        return []
    # One sweep over nested intervals: the stack holds the candidates that
    # contain the current offset, innermost on top.
    candidates = doc.nodes(*kinds)
    out, stack, i = {}, [], 0
    for offset in offsets:
        while i < len(candidates) and candidates[i].start_byte <= offset:
            while stack and stack[-1].end_byte <= candidates[i].start_byte:
                stack.pop()
            stack.append(candidates[i])
            i += 1
        while stack and stack[-1].end_byte <= offset:
            stack.pop()
        if stack:
            out[stack[-1].start_byte] = stack[-1]
    return list(out.values())


_COPY_FORMS = ("identifier", "selector_expression", "index_expression", "unary_expression", "composite_literal", "parenthesized_expression")


def _words(doc, node) -> set:
    return set(_IDENT.findall(doc.text_of(node))) if node is not None else set()


def _struct_names(doc):
    return [doc.text_of(_field(spec, "name")) for spec in doc.nodes("type_spec") if _field(spec, "type") is not None and _field(spec, "type").type == "struct_type"]


def _no_copy(doc, found, package=None, depth: int = 0) -> str | None:
    """The must-not-copy type a value of type `found` holds, as 'sync.Mutex';
    a struct type may be declared in another file of `package` (by default
    the one set on the file's scopes)."""
    if found is None or found.pointer or depth > 5:
        return None
    if found.path in NO_COPY and found.name in NO_COPY[found.path]:
        return f"{found.path.rsplit('/', 1)[-1]}.{found.name}"
    package = package or doc.scopes.package
    declared = doc.scopes.struct_decl(found.name, package) if found.path == "" and found.elem is None else None
    if declared is None:
        return None
    owner, fields = declared  # the field types are written in the owner's file
    # Remembered per package and declaring file: rules ask about the same
    # struct types from every file.
    memo = package.found.setdefault("no_copy", {}) if package is not None else {}
    key = (id(owner), found.name)
    if key not in memo:
        held = None
        for type_node in fields.values():
            held = _no_copy(owner, owner.scopes.type_from(type_node), package, depth + 1)
            if held:
                break
        if held is None and depth:
            return None  # a deep search may have been cut short: not remembered
        memo[key] = held
    return memo[key]


# ---- GO011 t.Fatal from a goroutine ---------------------------------------------


@checks.project("GO011")
@per_package
def test_fatal_in_goroutine(doc, ctx):
    if not package_imports(doc, TESTING):
        return
    for statement in doc.nodes("go_statement"):
        literal = launched_literal(statement)
        if literal is None:
            continue
        for call in doc.nodes("call_expression", within=literal):
            receiver, method = method_call(doc, call)
            if method in FATAL and typed(doc, receiver, TESTING, "T", "B", "F", "TB"):
                name = doc.text_of(receiver)
                yield Finding(
                    doc.span(_field(_field(call, "function"), "field")),
                    f"{name}.{method} in a goroutine only ends that goroutine, not the test, which goes on running; report with {name}.Error and return, or signal the test's goroutine",
                )


# ---- GO012 context cancel function lost ------------------------------------------


@checks.rule("GO012")
def context_cancel_lost(doc, ctx):
    if not _imports(doc, "context"):
        return
    for call in doc.calls_to("context", *CONTEXT_WITH):
        function = _field(call, "function")
        statement = call.parent.parent if call.parent is not None else None
        if statement is None or statement.type not in ("short_var_declaration", "assignment_statement", "var_spec"):
            continue
        left = statement.children_by_field_name("name") if statement.type == "var_spec" else _children(_field(statement, "left"))
        if len(left) != 2 or left[1].type != "identifier":
            continue
        cancel = left[1]
        what = doc.text_of(_field(function, "field") if function.type == "selector_expression" else function)
        if doc.text_of(cancel) == "_":
            yield Finding(doc.span(cancel), f"the cancel function of context.{what} is discarded, so the context and its timer live until the parent is cancelled; call it, usually with defer")
            continue
        decl = doc.scopes.resolve(cancel)
        owner = enclosing_function(statement)
        if decl is None or decl.kind not in ("local",) or owner is None or not same(decl.node, cancel):
            continue
        if not doc.scopes.references(decl, owner):
            yield Finding(doc.span(cancel), f"{decl.name}, the cancel function of context.{what}, is never called, so the context and its timer live until the parent is cancelled; defer {decl.name}()")


# ---- GO013 time.Tick leak ----------------------------------------------------------


@checks.rule("GO013")
def time_tick_leak(doc, ctx):
    if not doc.version_below(23) or doc.path.endswith("_test.go"):
        return
    package = doc.root.named_child(0) if doc.root.named_child_count else None
    if package is not None and package.type == "package_clause" and doc.text_of(package.named_child(0)) == "main":
        return
    for call in doc.calls_to("time", "Tick"):
        function = enclosing_function(call)
        if function is None or _endless(doc, function):
            continue
        yield Finding(
            doc.span(_field(_field(call, "function"), "field")),
            f"time.Tick's ticker is never stopped and, before Go 1.23, never collected, so each call leaks one ({doc.version_note()}); use time.NewTicker and defer its Stop",
        )


def _endless(doc, function) -> bool:
    """A function that never returns: its body ends in `for {}` without
    break or return (the ticker lives as long as the function anyway)."""
    statements = _statements(_field(function, "body"))
    if not statements or statements[-1].type != "for_statement" or statements[-1].named_child_count != 1:
        return False
    return not own_nodes(doc, ("return_statement", "break_statement"), statements[-1])


# ---- GO014 goroutine blocked on a send after a select timeout ---------------------


@checks.rule("GO014")
def send_blocked_after_timeout(doc, ctx):
    if b"select" not in doc.data:
        return
    for select in doc.nodes("select_statement"):
        function = enclosing_function(select)
        if function is None:
            continue
        cases = [c for c in _children(select) if c.type in ("communication_case", "default_case")]
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
            sends = [u for u in uses if u.parent.type == "send_statement" and same(_field(u.parent, "channel"), u)]
            receives = [u for u in uses if u.parent.type == "unary_expression"]
            if len(receives) != 1 or any(doc.text_of(_field(u.parent, "function")) == "close" for u in uses if u.parent.type == "argument_list"):
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
    comm = _field(case, "communication")
    if comm is None:
        return None
    expr = _field(comm, "right") if comm.type == "receive_statement" else comm.named_child(0) if comm.type == "expression_statement" else None
    if expr is None or expr.type != "unary_expression" or doc.text_of(_field(expr, "operator")) != "<-":
        return None
    operand = _field(expr, "operand")
    return operand if operand is not None and operand.type == "identifier" else None


def _unbuffered(doc, decl) -> bool:
    value = decl.value
    if value is None or value.type != "call_expression" or doc.text_of(_field(value, "function")) != "make":
        return False
    args = _children(_field(value, "arguments"))
    return bool(args) and args[0].type == "channel_type" and (len(args) == 1 or doc.text_of(args[1]) == "0")


# ---- GO015 defer in a loop ------------------------------------------------------------


@checks.rule("GO015")
def defer_in_loop(doc, ctx):
    if doc.path.endswith("_test.go"):
        return  # a test process is short-lived; its loops are small
    for statement in doc.nodes("defer_statement"):
        node, function = statement.parent, enclosing_function(statement)
        while node is not None and not same(node, function):
            if node.type == "for_statement":
                yield Finding(
                    doc.span(statement.child(0)),
                    f"defer in the loop on line {line_of(node)} runs only when the function returns, so every iteration's resources stay held until then; move the loop body into a function",
                )
                break
            node = node.parent
