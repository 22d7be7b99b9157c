"""Values that must not be copied once used (sync.Mutex, RWMutex,
WaitGroup, Once, Cond, Map, Pool and the sync/atomic types), copied by
value: through parameters, receivers, assignments, returns, call
arguments, range variables and loop iterations, also when the struct
holding one is declared in another file of the package."""

from __future__ import annotations

import re
from functools import lru_cache

from cnlint.checks import Checks
from cnlint.diagnostics import Finding
from cnlint.golang.analysis import Analysis
from cnlint.golang.scope import GoType, same
from cnlint.golang.syntax import children, field_of, imports
from cnlint.golang.types import HOLDERS, NO_COPY, WORD_BYTES, PackageTypes, starts_a_word
from cnlint.patterns import lazy

checks = Checks()


class LockHolders:
    """What holds a lock, worked out once per package of a run and shared
    by the files of the package (a view: `project.view(LockHolders)`); the
    types themselves are the package's (cnlint/golang/types.py)."""

    def __init__(self, analysis):
        self.analysis = analysis
        self._locks: dict = {}  # package types -> (types, variables, functions, fields)

    @classmethod
    def build(cls, project) -> LockHolders:
        return cls(project.view(Analysis))

    def types(self, doc) -> PackageTypes:
        return self.analysis.of(doc).types

    def of_package(self, doc) -> tuple[set, set, set, set]:
        """What holds a lock in the package (computed once per package): the
        struct types, the package-level variables (as '*p' for a pointer to
        one), the functions whose results hold one (by value, through a
        pointer or as elements: `*f()` and `range f()` copy it) and the names
        of the fields of those struct types that hold one, or point to one
        (`p.mu` copies it)."""
        types = self.types(doc)
        if types not in self._locks:
            files = types.files
            holders = {n for d in files for n in d.scopes.top_types() if types.no_copy(GoType("", n))}
            named = holders | {n for names in NO_COPY.values() for n in names} | {n for _, n in HOLDERS}
            variables, functions, fields = set(), set(), set()
            for d in files:
                for decl in d.scopes.top_variables():
                    spelled = decl.type if decl.type is not None else decl.value
                    if spelled is None or not _words(d, spelled) & named:
                        continue  # a cheap filter: the declaration names no lock-holding type
                    found_type = types.type_of(d, decl.node)
                    if found_type is not None and types.no_copy(found_type.deref()):
                        variables.add(("*" if found_type.pointer else "") + decl.name)
                for decl in d.scopes.top_functions():
                    if not _words(d, field_of(decl.value, "result")) & named:
                        continue
                    results = d.scopes.func_results(decl) or ()
                    if any(r is not None and types.no_copy(r.elem if r.elem is not None else r.deref()) for r in results):
                        functions.add(decl.name)
                for name in d.scopes.top_types():
                    declared = types.declared(name)
                    # The fields of the types that hold a lock; a generic
                    # type's fields may hold what its type arguments hold.
                    if declared is None or name not in holders and not declared.params:
                        continue
                    for field_name, type_node, _ in declared.fields():
                        field_type = d.scopes.type_from(type_node)
                        if declared.params or field_type is not None and types.may_hold(field_type):
                            fields.add(field_name)
            self._locks[types] = holders, variables, functions, fields
        return self._locks[types]

    def held(self, doc, found) -> str | None:
        """The must-not-copy type a value of type `found` holds, as 'sync.Mutex'."""
        chain = self.types(doc).no_copy(found)
        return chain[-1] if chain else None

    def type_of(self, doc, expr):
        return self.types(doc).type_of(doc, expr)


# ---- GO010 lock copied by value ---------------------------------------------------


@checks.rule("GO010")
def lock_copied(doc, ctx):
    """Per file, with the struct types the other files of its package
    declare (a Server with a Mutex in one file, copied in another): the
    files of a package are a per-file rule's to read, so the files are
    shared among the workers, and a cached answer is keyed by them too."""
    yield from _lock_copies(doc, ctx.project.view(LockHolders))


def _lock_copies(doc, locks):
    types, variables, functions, fields = locks.of_package(doc)
    # Only the package's names this file spells can matter to it; starting
    # from them keeps a file's cost its own, not its package's (a package of
    # 4,000 files compared every name with every file).
    spells = _speller(doc, len(types) + len(variables) + len(functions) + len(fields))
    mine = doc.scopes.top_names()  # this file's own declarations it reads itself
    elsewhere = {t for t in types if t not in mine and spells(t)}
    variables = {v for v in variables if v.lstrip("*") not in mine and spells(v.lstrip("*"))}
    functions = {f for f in functions if spells(f)}
    fields = {f for f in fields if spells(f)}
    if not _names_a_lock(doc, elsewhere, variables | functions):
        return  # no type of this file can hold a lock the syntax knows of
    holders, suspects = _lock_names(doc, locks, elsewhere, functions, fields)
    suspects |= variables
    yield from _parameter_copies(doc, locks, holders)
    yield from _range_copies(doc, locks, suspects)
    copied = set()  # statements already reported for copying a value
    yield from _value_copies(doc, locks, suspects, fields, copied)
    if not doc.version_below(22):
        yield from _loop_iteration_copies(doc, locks, copied)


def _parameter_copies(doc, locks, holders):
    """Receivers and parameters whose type holds a lock by value: every
    call copies it. A parameter of a type parameter's type does when a type
    its constraint allows holds one (`func f[T sync.Mutex | int](t T)`), as
    go vet reads a type set."""
    for function in doc.nodes("function_declaration", "method_declaration", "func_literal"):
        allowed = _type_sets(doc, locks.types(doc), function) if function.type == "function_declaration" else {}
        for field, what in (("receiver", "receiver"), ("parameters", "parameter")):
            for param in children(field_of(function, field)):
                type_node = field_of(param, "type")
                if type_node is not None and type_node.type == "type_identifier" and doc.text_of(type_node) in allowed:
                    yield from _type_parameter_copy(doc, locks, type_node, allowed[doc.text_of(type_node)], what)
                    continue
                if type_node is None or not holders.intersection(_IDENT.findall(doc.text_of(type_node))):
                    continue  # a cheap filter: the type names no lock holder
                held = locks.held(doc, doc.scopes.type_from(type_node))
                if held:
                    yield Finding(doc.span(type_node), f"{what} of type {doc.text_of(type_node)} is passed by value, which copies the {held} it holds; use a pointer")


def _type_parameter_copy(doc, locks, type_node, terms, what):
    for owner, term in terms:
        held = locks.held(owner, owner.scopes.type_from(term))
        if held:
            name, allowed = doc.text_of(type_node), owner.text_of(term)
            what_it_is = f"a {held}" if allowed == held else f"{allowed}, which holds a {held}"
            yield Finding(doc.span(type_node), f"{what} of type {name} is passed by value, and {name} may be {what_it_is}: a call copies it; use a pointer")
            return


def _type_sets(doc, types, function) -> dict:
    """Type parameter name -> (file, type node) for each type its
    constraint allows by name: the terms of `T A | ~B`, of an inline
    `interface{ A | B }`, or of such an interface the package declares.
    Constraints made only of methods (`any`, `comparable`) allow no named
    type, and so nothing is known to hold a lock."""
    out = {}
    for declaration in children(field_of(function, "type_parameters")):
        terms = _terms(doc, types, field_of(declaration, "type"), 0)
        for name in declaration.children_by_field_name("name"):
            out[doc.text_of(name)] = terms
    return out


def _terms(doc, types, node, depth: int) -> list:
    if node is None or depth > 4:
        return []
    out = []
    for term in node.named_children:
        if term.type == "negated_type" and term.named_child_count:  # ~T allows T
            term = term.named_child(0)
        if term.type in ("type_elem", "type_constraint"):
            out += _terms(doc, types, term, depth + 1)
        elif term.type == "interface_type":
            out += [t for elem in term.named_children if elem.type == "type_elem" for t in _terms(doc, types, elem, depth + 1)]
        elif term.type == "type_identifier" and _declared_interface(types, doc.text_of(term)) is not None:
            declared = _declared_interface(types, doc.text_of(term))
            out += [t for elem in declared.body.named_children if elem.type == "type_elem" for t in _terms(declared.doc, types, elem, depth + 1)]
        else:
            out.append((doc, term))
    return out


def _declared_interface(types, name: str):
    declared = types.declared(name)
    return declared if declared is not None and declared.body is not None and declared.body.type == "interface_type" else None


def _range_copies(doc, locks, suspects):
    """`for _, v := range xs` copies each element into v."""
    scopes = doc.scopes
    for loop in doc.nodes("range_clause"):
        left = children(field_of(loop, "left"))
        if len(left) == 2 and doc.text_of(left[1]) in suspects and left[1].type == "identifier":
            decl = scopes.resolve(left[1])
            held = locks.held(doc, locks.type_of(doc, left[1])) if decl is not None else None
            if held:
                yield Finding(doc.span(left[1]), f"range variable {doc.text_of(left[1])} copies each element, and with it the {held} it holds; range over the index and take &xs[i]")


def _value_copies(doc, locks, suspects, fields, copied):
    """Assignments, declarations, returns and call arguments that copy a
    lock-holding value; adds the start of each statement reported to
    `copied` (the loop-iteration check skips those)."""
    plain = [n for n in suspects if not n.startswith("*")]
    derefs = [n[1:] for n in suspects if n.startswith("*")]
    statements = _mentioning(doc, plain, _COPY_SITES) + _mentioning(doc, derefs, _COPY_SITES, deref=True, fields=fields)
    for node in sorted({n.start_byte: n for n in statements}.values(), key=lambda n: n.start_byte):
        values = _copied_values(doc, node)
        if values is None:
            continue
        for value in values:
            if not _copy_form(doc, value):
                continue
            held = locks.held(doc, locks.type_of(doc, value))
            if held:
                what = {"return_statement": "return", "argument_list": "call argument", "composite_literal": "composite literal", "send_statement": "send"}.get(node.type, "assignment")
                copied.add(node.start_byte)
                yield Finding(doc.span(value), f"{what} copies {doc.text_of(value)}, and with it the {held} it holds; share a pointer instead")


def _copied_values(doc, node):
    """The value expressions a copy site copies; None for the arguments of
    builtins that do not copy (new, len, cap, print, println) or of a call
    whose function is missing."""
    if node.type == "var_spec":
        return children(field_of(node, "value"))
    if node.type == "return_statement":
        return children(node.named_child(0)) if node.named_child_count and node.named_child(0).type == "expression_list" else children(node)
    if node.type == "argument_list":
        function = field_of(node.parent, "function")
        if function is None or _measures(doc, function):
            return None
        return children(node)
    if node.type == "composite_literal":
        return [_element_value(e) for e in children(field_of(node, "body")) if e.type in ("literal_element", "keyed_element")]
    if node.type == "send_statement":
        return [v for v in (field_of(node, "value"),) if v is not None]
    return children(field_of(node, "right"))


def _measures(doc, function) -> bool:
    """A builtin that takes a value without copying it: new, len, cap (a
    local function may be named so) and unsafe.Sizeof, Offsetof, Alignof."""
    if function.type == "identifier":
        return doc.text_of(function) in ("new", "len", "cap") and doc.scopes.resolve(function) is None
    return doc.refers_to(function, "unsafe", "Sizeof", "Offsetof", "Alignof")


def _element_value(element):
    """The value of a composite literal's element (keyed or not)."""
    value = field_of(element, "value") if element.type == "keyed_element" else element
    return value.named_child(0) if value is not None and value.type == "literal_element" and value.named_child_count else value


def _copy_form(doc, value) -> bool:
    """Whether an expression's form copies an existing value: a name, a
    field, an element or a dereference, as go vet: (T{}) is a literal, not
    a copy, and *f() may point to a fresh zero value."""
    inner = _unparen(value)
    if inner.type in ("identifier", "selector_expression", "index_expression", "type_identifier"):
        return True  # a type_identifier: a name as the grammar reads new(x)'s argument
    if inner.type == "pointer_type":
        return True
    if not (inner.type == "unary_expression" and doc.text_of(field_of(inner, "operator")) == "*"):
        return False
    operand = field_of(inner, "operand")
    return not (operand is None or _unparen(operand).type == "call_expression")


def _names_a_lock(doc, elsewhere, values) -> bool:
    """A cheap filter: whether the file's text names a must-not-copy type
    (sync.Mutex, or a struct type of the package that holds one) or a
    package-level variable or function that holds one. A value can hold a
    lock only through such a name: the types the rule knows are spelled."""
    words = [f"{alias}.{n}" for alias, path in doc.imports.items() if path in NO_COPY for n in NO_COPY[path]]
    words += [f"{alias}.{n}" for alias, path in doc.imports.items() for p, n in HOLDERS if p == path]
    words += [n for path in doc.dot_imports if path in NO_COPY for n in NO_COPY[path]]
    words += [*elsewhere, *(v.lstrip("*") for v in values)]
    return any(w.encode() in doc.data for w in words)


def _loop_iteration_copies(doc, locks, copied):
    """From Go 1.22 each iteration of a three-clause loop gets a fresh copy
    of the variables its init statement declares: one that holds a lock is
    copied at every iteration (go vet's "for loop iteration copies lock
    value"). An init whose right side was already reported as a copy is
    not reported again, as go vet prefers the assignment."""
    for loop in doc.nodes("for_statement"):
        clause = loop.named_child(0) if loop.named_child_count else None
        init = field_of(clause, "initializer") if clause is not None and clause.type == "for_clause" else None
        if init is None or init.type != "short_var_declaration" or init.start_byte in copied:
            continue
        for name in children(field_of(init, "left")):
            decl = doc.scopes.resolve(name) if name.type == "identifier" else None
            if decl is None or decl.kind != "loop" or not same(decl.node, name):
                continue
            held = locks.held(doc, locks.type_of(doc, name))
            if held:
                yield Finding(
                    doc.span(name),
                    f"from Go 1.22 every iteration of this for loop copies loop variable {decl.name}, and with it the {held} it holds ({doc.version_note()}); "
                    "declare it before the loop or make it a pointer",
                )


_IDENT = lazy(r"[A-Za-z_]\w*")
_ASCII_IDENT = lazy(rb"[A-Za-z_]\w*")


def _unparen(node):
    while node.type == "parenthesized_expression" and node.named_child_count:
        node = node.named_child(0)
    return node


def _lock_names(doc, locks, elsewhere=frozenset(), functions=frozenset(), fields=frozenset()) -> set:
    """Type names that hold a lock, and the names that may hold one by
    value: those a declaration in this file gives a lock-holding type, or
    binds from one, and the `functions` whose results hold one (a cheap
    filter, so rules resolve only the identifiers that can matter)."""
    holders = {n for p, names in NO_COPY.items() if imports(doc, p) for n in names}
    holders |= {n for p, n in HOLDERS if imports(doc, p)}
    holders |= {name for name in _struct_names(doc) if locks.held(doc, GoType("", name))}
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
_COPY_SITES = ("short_var_declaration", "assignment_statement", "var_spec", "return_statement", "argument_list", "composite_literal", "send_statement")


def _bound_holders(doc, node, holders, known) -> set:
    """Names a declaration binds to a value that may hold a lock."""
    if node.type == "range_clause":
        if _reach_words(doc, field_of(node, "right")) & (holders | known):
            left = children(field_of(node, "left"))
            return {doc.text_of(n) for n in (left[1:] if len(left) == 2 else left)} - {"_"}  # the value, not the index
        return set()
    type_node = field_of(node, "type")
    if type_node is not None:
        if _words(doc, type_node) & holders:
            # a pointer copies the lock only where it is dereferenced
            prefix = "*" if type_node.type == "pointer_type" else ""
            return {prefix + doc.text_of(n) for n in node.children_by_field_name("name")}
        return set()
    targets = node.children_by_field_name("name") if node.type == "var_spec" else children(field_of(node, "left"))
    values = children(field_of(node, "value" if node.type == "var_spec" else "right"))
    out = set()
    for target, value in zip(targets, values, strict=False) if len(targets) == len(values) else ():
        if value.type not in _COPY_FORMS:
            continue
        inner = _unparen(value)
        operator = doc.text_of(field_of(inner, "operator")) if inner.type == "unary_expression" else ""
        if _reach_words(doc, value) & (holders | known):
            # p := &x holds a pointer: only *p and p.f copy
            out.add(("*" if operator == "&" else "") + doc.text_of(target))
    return out - {"_"}


def _reach_words(doc, node) -> set:
    """The head words of an expression, and '*w' for each where the value
    is reached through a pointer w may be (*p, p.f, p[i])."""
    words = _head_words(doc, node)
    inner = _unparen(node) if node is not None else None
    if inner is not None and (inner.type in ("selector_expression", "index_expression") or (inner.type == "unary_expression" and doc.text_of(field_of(inner, "operator")) == "*")):
        words |= {"*" + w for w in words}
    return words


def _head_words(doc, node) -> set:
    """Words of the part of an expression its value comes from: the type
    of a literal, the function of a call, not arguments or closure bodies."""
    while node is not None:
        t = node.type
        if t in ("unary_expression", "index_expression"):
            node = field_of(node, "operand")
        elif t == "parenthesized_expression":
            node = node.named_child(0) if node.named_child_count else None
        elif t == "composite_literal":
            return _words(doc, field_of(node, "type"))
        elif t == "call_expression":
            node = field_of(node, "function")
        elif t == "selector_expression":
            return _head_words(doc, field_of(node, "operand")) | {doc.text_of(field_of(node, "field"))}
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
    if all(_PLAIN_WORD.fullmatch(w) for w in present) and all(_PLAIN_FIELD.fullmatch(f) for f in fields):
        offsets = _word_offsets(data, present, deref, fields, doc.kept("mentions"))
    else:
        offsets = _pattern_offsets(data, present, deref, fields)
    return doc.innermost(offsets, *kinds) if offsets else []


def _pattern_offsets(data: bytes, present: list, deref: bool, fields) -> list:
    """Where the words are mentioned, as `_mentioning` says, by a regex."""
    alternatives = b"|".join(re.escape(w) for w in present)
    if deref:
        pattern = rb"\*\s*(?:" + alternatives + rb")\b"
        if fields:
            pattern += rb"|\b(?:" + alternatives + rb")\s*\.\s*(?:" + b"|".join(re.escape(f.encode()) for f in sorted(fields)) + rb")\b"
        return [m.start() for m in re.finditer(pattern, data) if data[m.start() - 1 : m.start()] != b"."]
    return [m.start() for m in re.finditer(rb"\b(?:" + alternatives + rb")\b", data) if data[m.start() - 1 : m.start()] != b"."]


# ASCII names, and pkg.Name: each starts and ends with a byte of a word.
_PLAIN_FIELD = lazy(r"[A-Za-z_][A-Za-z0-9_]*")
_PLAIN_WORD = lazy(rb"[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)?")


def _word_offsets(data: bytes, present: list, deref: bool, fields, seen: dict) -> list:
    """The offsets `_pattern_offsets` finds, for ASCII names only: each
    name is looked for with a regex that starts with a literal, which the
    regex engine skips ahead to (a regex of many alternatives tries each at
    every byte), and with `deref` only where a `*` or a field makes it one
    (most mentions of a name are neither). As the regex's, the matches do
    not overlap (one that starts inside the previous one is dropped), and
    where several words match at one place the first in order does. Each
    word's mentions are found once per file (`seen`): the rule asks about
    most names several times."""
    matches: dict = {}  # start -> end
    for word in present:
        if not deref:
            for at, end in _mentions(data, word, seen):
                matches.setdefault(at, end)
            continue
        for at, end in _dereferences(data, word, seen):
            matches.setdefault(at, end)
        if fields:
            for at, end, field in _field_mentions(data, word, seen):
                if field in fields:
                    matches.setdefault(at, end)
    offsets, last = [], 0
    for start in sorted(matches):
        if start >= last:
            last = matches[start]
            if data[start - 1 : start] != b".":
                offsets.append(start)
    return offsets


def _mentions(data: bytes, word: bytes, seen: dict) -> list:
    """(start, end) of `word` standing as a word of its own."""
    key = (word, "")
    if key not in seen:
        seen[key] = [(m.start(), m.end()) for m in _ending_a_word(word).finditer(data) if starts_a_word(data, m.start())]
    return seen[key]


def _dereferences(data: bytes, word: bytes, seen: dict) -> list:
    """(start, end) of `*word`."""
    key = (word, "*")
    if key not in seen:
        seen[key] = [m.span() for m in _dereferenced(word).finditer(data)]
    return seen[key]


def _field_mentions(data: bytes, word: bytes, seen: dict) -> list:
    """(start, end of the word, the field's name) of `word.field`."""
    key = (word, ".")
    if key not in seen:
        seen[key] = [(m.start(), m.end(1), m.group(1).decode()) for m in _before_a_field(word).finditer(data) if starts_a_word(data, m.start())]
    return seen[key]


@lru_cache(maxsize=4096)
def _ending_a_word(word: bytes):
    """`word` where a word ends after it (\\b): a literal first lets the
    regex engine skip ahead. The matches of one word never overlap where
    both could count: what starts inside an occurrence follows a `.` or a
    letter of it."""
    return re.compile(re.escape(word) + rb"(?![A-Za-z0-9_])")


@lru_cache(maxsize=4096)
def _dereferenced(word: bytes):
    """`*word`, white space between allowed (the `*` is the literal it skips to)."""
    return re.compile(rb"\*[ \t\n\r\f\v]*" + re.escape(word) + rb"(?![A-Za-z0-9_])")


@lru_cache(maxsize=4096)
def _before_a_field(word: bytes):
    """`word` before `.name` (white space around the dot allowed), the name
    in group 1; only the word is consumed, so the next mention may follow."""
    return re.compile(re.escape(word) + rb"(?=[ \t\n\r\f\v]*\.[ \t\n\r\f\v]*([A-Za-z_][A-Za-z0-9_]*))")


_COPY_FORMS = ("identifier", "selector_expression", "index_expression", "unary_expression", "composite_literal", "parenthesized_expression")


def _words(doc, node) -> set:
    return set(_IDENT.findall(doc.text_of(node))) if node is not None else set()


_IN_A_WORD = frozenset(map(chr, WORD_BYTES))
_STARTS_A_WORD = _IN_A_WORD - frozenset("0123456789")


def _speller(doc, names: int):
    """A test of whether the file spells a name, for `names` names: a few
    are looked for in its text, many in the set of its words (looking for
    each would make a package cost its files times its names)."""
    if names <= _FEW_NAMES:
        text = doc.source.text
        return lambda name: _spells(text, name)
    return _spelled(doc).__contains__


_FEW_NAMES = 32


def _spelled(doc) -> set:
    """The names the file spells, as `_words` reads them and as the byte
    patterns of `_mentioning` match them."""
    words = set(_IDENT.findall(doc.source.text))
    if len(doc.data) == len(doc.source.text):
        return words  # ASCII text: the byte patterns find the same words
    return words | {w.decode() for w in set(_ASCII_IDENT.findall(doc.data))}


def _spells(text: str, name: str) -> bool:
    """Whether the file may spell `name` as a word: an occurrence not
    preceded by a letter or _ nor followed by a letter, digit or _ (ASCII).
    A filter: true for every name `_words` or the byte patterns of
    `_mentioning` can find in the file, and for a few more (after a digit,
    or beside a non-ASCII letter), which the rest of the rule then rules out."""
    at = text.find(name)
    while at != -1:
        end = at + len(name)
        if (at == 0 or text[at - 1] not in _STARTS_A_WORD) and (end == len(text) or text[end] not in _IN_A_WORD):
            return True
        at = text.find(name, at + 1)
    return False


def _struct_names(doc):
    return [doc.text_of(field_of(spec, "name")) for spec in doc.nodes("type_spec") if field_of(spec, "type") is not None and field_of(spec, "type").type == "struct_type"]
