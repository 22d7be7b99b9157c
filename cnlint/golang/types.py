"""Types as far as one package shows them: its type declarations, their
fields (promoted ones and those of a generic type's instance included),
method sets with value or pointer receivers, and which values must not be
copied because they hold a lock.

A value must not be copied, as go vet's copylocks reads it, when its type
is one of the sync and sync/atomic types below, a standard type that holds
one of them, or a struct or array that holds one by value at any depth:
through fields, embedding, arrays, defined types and the type arguments of
a generic type; or when its pointer type has Lock and Unlock methods and
the type itself has not (the `noCopy` marker). A pointer, slice, map or
channel holds nothing by value. A type from another module is unknown, and
an unknown type holds no lock: the rules stay quiet rather than guess.

One `PackageTypes` serves the files of a package as one of them sees it
(cnlint/golang/analysis.py makes it once per package).
"""

from __future__ import annotations

from cnlint.golang.scope import GoType
from cnlint.patterns import lazy

# Types whose values must not be copied once used: the sync types hold a
# Mutex or a noCopy, the atomic types a noCopy. atomic.Value holds
# neither, but its documentation forbids copies after first use too.
NO_COPY = {
    "sync": ("Mutex", "RWMutex", "WaitGroup", "Once", "Cond", "Map", "Pool"),
    "sync/atomic": ("Bool", "Int32", "Int64", "Uint32", "Uint64", "Uintptr", "Value", "Pointer"),
}

# Standard types that hold one of them by value (as Go 1.23 declares them).
HOLDERS = {
    ("crypto/tls", "Config"): "sync.RWMutex",
    ("net/http", "Server"): "sync.Mutex",
    ("net/http", "ServeMux"): "sync.RWMutex",
    ("net/http", "Transport"): "sync.Mutex",
    ("log", "Logger"): "sync.Mutex",
    ("net", "Resolver"): "sync.Mutex",
    ("database/sql", "DB"): "sync.Mutex",
    ("expvar", "Map"): "sync.RWMutex",
    ("expvar", "Int"): "atomic.Int64",
    ("expvar", "Float"): "atomic.Uint64",
    ("testing", "T"): "sync.RWMutex",
    ("testing", "B"): "sync.RWMutex",
    ("testing", "F"): "sync.RWMutex",
}

_REFERENCES = ("[]", "map", "chan", "func")
# `type A = B`, or a grouped `type (...)` that may hold one, `type` a word of its own (checked after
# the match: a pattern that starts with the literal is found by skipping
# ahead to it, one that starts with \b is tried at every byte).
_ALIAS = lazy(rb"type(?:\s+\w+(?:\[[^\]\n]*\])?\s*=|\s*\()")
WORD_BYTES = frozenset(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_")  # of an ASCII name
_MAX_DEPTH = 8


def starts_a_word(data: bytes, at: int) -> bool:
    """Whether a word may start at `at`: no byte of an ASCII name before it (a regex's \\b)."""
    return at == 0 or data[at - 1] not in WORD_BYTES


def _may_alias(data: bytes) -> bool:
    m = _ALIAS.search(data)
    while m is not None and not starts_a_word(data, m.start()):
        m = _ALIAS.search(data, m.start() + 1)
    return m is not None


class TypeDecl:
    """One package-level type declaration: its file, spec node, the type
    node it declares and the names of its type parameters."""

    def __init__(self, doc, spec):
        self.doc = doc
        self.spec = spec
        self.name = doc.text_of(spec.child_by_field_name("name"))
        self.body = spec.child_by_field_name("type")
        params = spec.child_by_field_name("type_parameters")
        self.params = [doc.text_of(n) for p in (params.named_children if params is not None else ()) for n in p.children_by_field_name("name")]
        self._fields: list | None = None

    def fields(self) -> list:
        """(name, type node, embedded) for each field of a struct type; an
        embedded `*T` comes as ('T', ('*', node), True)."""
        if self._fields is None:
            self._fields = self._read_fields()
        return self._fields

    def _read_fields(self) -> list:
        if self.body is None or self.body.type != "struct_type":
            return []
        listing = self.body.named_child(0) if self.body.named_child_count else None
        out = []
        for field in listing.named_children if listing is not None else ():
            if field.type != "field_declaration":
                continue
            type_node = field.child_by_field_name("type")
            names = field.children_by_field_name("name")
            if type_node is None:
                continue
            if not names:
                last = type_node.child_by_field_name("name") if type_node.type == "qualified_type" else type_node
                if last is not None and last.type == "generic_type":
                    last = last.child_by_field_name("type")
                pointer = any(c.type == "*" for c in field.children)
                out.append((self.doc.text_of(last), ("*", type_node) if pointer else type_node, True))
            out.extend((self.doc.text_of(n), type_node, False) for n in names)
        return out


class PackageTypes:
    def __init__(self, files):
        self.files = list(files)
        self._decls: dict | None = None
        self._methods: dict | None = None
        self._method_names: set | None = None
        self._receivers: dict = {}
        self._held: dict = {}
        self._reach: dict = {}

    # ---- declarations ---------------------------------------------------------

    def declared(self, name: str) -> TypeDecl | None:
        """The package-level type `name`, if exactly one file declares it
        (files for different build tags may each declare their own)."""
        if self._decls is None:
            found: dict = {}
            for doc in self.files:
                # Aliases are rare: their nodes are looked for only where one may be.
                kinds = ("type_spec", "type_alias") if _may_alias(doc.data) else ("type_spec",)
                for spec in doc.nodes(*kinds):
                    if _at_top(spec):
                        decl = TypeDecl(doc, spec)
                        found.setdefault(decl.name, []).append(decl)
            self._decls = {name: decls[0] for name, decls in found.items() if len(decls) == 1}
        return self._decls.get(name)

    def methods(self, name: str) -> dict:
        """Method name -> whether its receiver is a pointer, for the methods
        the package declares on type `name`."""
        if self._methods is None:
            self._methods = {}
            for doc in self.files:
                for method in doc.nodes("method_declaration"):
                    receiver = method.child_by_field_name("receiver")
                    params = [p for p in receiver.named_children if p.type == "parameter_declaration"] if receiver is not None else []
                    type_node = params[0].child_by_field_name("type") if params else None
                    pointer = type_node is not None and type_node.type == "pointer_type"
                    if pointer:
                        type_node = type_node.named_child(0) if type_node.named_child_count else None
                    if type_node is not None and type_node.type == "generic_type":
                        type_node = type_node.child_by_field_name("type")
                    if type_node is None:
                        continue
                    entry = self._methods.setdefault(doc.text_of(type_node), {})
                    entry.setdefault(doc.text_of(method.child_by_field_name("name")), []).append((pointer, doc, method))
        if name not in self._receivers:
            self._receivers[name] = {m: found[0][0] for m, found in self._methods.get(name, {}).items() if len(found) == 1}
        return self._receivers[name]

    def declares_method(self, method: str) -> bool:
        """Whether any type of the package declares a method of this name."""
        if self._method_names is None:
            self.methods("")
            self._method_names = {m for found in self._methods.values() for m in found}
        return method in self._method_names

    def method(self, name: str, method: str):
        """(file, method_declaration) of the method `method` of type `name`
        the package declares once, or None."""
        self.methods(name)
        found = self._methods.get(name, {}).get(method, ())
        return (found[0][1], found[0][2]) if len(found) == 1 else None

    def _locker_by_pointer(self, name: str) -> bool:
        """Whether *T has Lock and Unlock and T has not: vet's sign of a
        type that must not be copied (the noCopy idiom)."""
        methods = self.methods(name)
        return methods.get("Lock") is True and methods.get("Unlock") is True

    # ---- field and expression types --------------------------------------------

    def field_type(self, owner: GoType | None, field: str, depth: int = 0) -> GoType | None:
        """The type of `owner.field` for a struct type of the package, the
        field promoted from an embedded struct included, with the type
        arguments of a generic instance put in for its parameters."""
        if owner is None or owner.path != "" or owner.elem is not None or depth > 3:
            return None
        decl = self.declared(owner.name)
        if decl is None:
            return None
        fields = decl.fields()
        for name, type_node, _ in fields:
            if name == field:
                return self._field_of(decl, owner, type_node)
        for _, type_node, embedded in fields:
            if embedded:
                inner = self._field_of(decl, owner, type_node)
                found = self.field_type(inner.deref() if inner is not None else None, field, depth + 1)
                if found is not None:
                    return found
        return None

    def _field_of(self, decl: TypeDecl, owner: GoType, type_node) -> GoType | None:
        found = decl.doc.scopes.type_from(type_node)
        if found is None or not decl.params:
            return found
        return _substitute(found, dict(zip(decl.params, owner.args, strict=False)))

    def type_of(self, doc, expr, depth: int = 0) -> GoType | None:
        """The type of an expression as the scopes read it, with the fields
        of generic and embedded structs followed here."""
        if expr is None or depth > _MAX_DEPTH:
            return None
        t = expr.type
        scopes = doc.scopes
        if t == "parenthesized_expression":
            return self.type_of(doc, expr.named_child(0), depth + 1) if expr.named_child_count else None
        if t == "selector_expression":
            operand = expr.child_by_field_name("operand")
            if operand is not None and operand.type == "identifier" and scopes.import_path(operand) is not None:
                return None
            found = self.field_type(self.type_of(doc, operand, depth + 1), doc.text_of(expr.child_by_field_name("field")))
            return found if found is not None else scopes.type_of(expr)
        if t == "index_expression":
            owner = self.type_of(doc, expr.child_by_field_name("operand"), depth + 1)
            return owner.elem if owner is not None and not owner.pointer and owner.name in ("[]", "[n]", "map") else None
        if t == "unary_expression":
            op = doc.text_of(expr.child_by_field_name("operator"))
            inner = self.type_of(doc, expr.child_by_field_name("operand"), depth + 1)
            if op == "*" and inner is not None and inner.pointer:
                return inner.deref()
            if op == "&" and inner is not None and not inner.pointer:
                return inner._replace(pointer=True)
            return None
        if t == "pointer_type" and expr.named_child_count:
            # `f(*x)` where f may be new: the grammar reads the argument as a type.
            inner = self.type_of(doc, expr.named_child(0), depth + 1)
            return inner.deref() if inner is not None and inner.pointer else None
        if t == "type_assertion_expression":
            return scopes.type_from(expr.child_by_field_name("type"))
        if t in ("identifier", "type_identifier"):
            decl = scopes.resolve(expr)
            if decl is None or decl.kind in ("type", "import"):
                return None
            owner = decl.owner if decl.owner is not None else doc
            if decl.type is None and decl.kind in ("local", "loop", "package") and decl.value is not None and not decl.tuple:
                return self.type_of(owner, decl.value, depth + 1)
            if decl.kind == "range" and decl.index == 1:
                ranged = self.type_of(owner, decl.value, depth + 1)
                return ranged.elem if ranged is not None and not ranged.pointer and ranged.name in ("[]", "[n]", "map") else None
            return owner.scopes.decl_type(decl)
        return scopes.type_of(expr)

    # ---- what must not be copied ------------------------------------------------

    def no_copy(self, found: GoType | None, depth: int = 0) -> tuple[str, ...] | None:
        """What a value of type `found` holds that must not be copied, as a
        chain from the outer type in: ('Stats', 'Counter', 'sync.Mutex');
        None when it holds nothing, or what it holds is unknown."""
        if found is None or found.pointer or depth > _MAX_DEPTH:
            return None
        if found.path in NO_COPY and found.name in NO_COPY[found.path]:
            return (_qualified(found),)
        if (found.path, found.name) in HOLDERS:
            return (_qualified(found), HOLDERS[found.path, found.name])
        if found.name == "[n]":
            return self.no_copy(found.elem, depth + 1)
        if found.path != "" or found.name in _REFERENCES or found.elem is not None:
            return None
        key = (found.name, found.args)
        if key in self._held:
            return self._held[key]
        self._held[key] = None  # a type that holds itself through a cycle holds nothing more
        held = self._held_by_declared(found, depth)
        self._held[key] = held
        return held

    def _held_by_declared(self, found: GoType, depth: int):
        decl = self.declared(found.name)
        if decl is None or decl.body is None:
            return None
        if self._locker_by_pointer(found.name):
            return (found.name,)
        if decl.body.type == "struct_type":
            for _, type_node, _ in decl.fields():
                inner = self.no_copy(self._field_of(decl, found, type_node), depth + 1)
                if inner:
                    return (found.name, *inner)
            return None
        if decl.body.type == "interface_type":
            return None
        inner = self.no_copy(self._field_of(decl, found, decl.body), depth + 1)
        return (found.name, *inner) if inner else None

    def may_hold(self, found: GoType | None, depth: int = 0) -> bool:
        """Whether a value of this type can reach a lock by value through a
        selector, an index or a dereference (a pointer to a struct with a
        Mutex field can: `*p`, `p.mu`)."""
        if found is None or depth > 4:
            return False
        found = found.deref()
        if found in self._reach:
            return self._reach[found]
        self._reach[found] = False  # a type that reaches itself reaches nothing more
        if self.no_copy(found):
            reaches = True
        elif found.elem is not None:
            reaches = self.may_hold(found.elem, depth + 1)
        else:
            decl = self.declared(found.name) if found.path == "" else None
            reaches = decl is not None and any(self.may_hold(self._field_of(decl, found, t), depth + 1) for _, t, _ in decl.fields())
        if reaches or not depth:
            self._reach[found] = reaches
        else:
            del self._reach[found]  # a search cut short by depth is not remembered
        return reaches


def _qualified(found: GoType) -> str:
    return f"{found.path.rsplit('/', 1)[-1]}.{found.name}"


def _substitute(found: GoType | None, params: dict) -> GoType | None:
    """`found` with the type parameters it names replaced by their arguments."""
    if found is None or not params:
        return found
    if found.path == "" and found.elem is None and found.name in params:
        value = params[found.name]
        return value._replace(pointer=True) if found.pointer and value is not None and not value.pointer else value
    elem = _substitute(found.elem, params) if found.elem is not None else None
    args = tuple(_substitute(a, params) for a in found.args)
    return found._replace(elem=elem, args=args)


def _at_top(node) -> bool:
    parent = node.parent
    while parent is not None and parent.type != "source_file":
        if parent.type in ("function_declaration", "method_declaration", "func_literal", "block"):
            return False
        parent = parent.parent
    return True
