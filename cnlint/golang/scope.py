"""Which declaration an identifier refers to, and what syntax says of its type.

Resolution walks outwards from the identifier through the scopes around it
(block, loop and if/switch headers, case clauses, function signatures, the
file), as the Go spec defines them; a local becomes visible at the end of
the statement or spec that declares it, so `v := v` refers to the outer `v`
on its right. Types are only what declarations spell out — a declared type,
a composite literal, `&T{}`, `new(T)`, a struct field, a range element, the
declared results of a package-level function — never inferred from a
function body. Anything unknown is None: rules stay quiet then.
A package-level name this file does not declare (a variable, constant,
function or type) is looked up in the other files of its package, once
the package index (cnlint/golang/index.py) has set `Scopes.package`; a
name two other files declare (files for different build tags) stays
unknown.

Scopes are computed on demand per scope node, so a file no rule asks about
costs nothing.
"""

from __future__ import annotations

from typing import NamedTuple

from cnlint.patterns import lazy

FUNCTIONS = ("function_declaration", "method_declaration", "func_literal")
_HEADERS = ("if_statement", "expression_switch_statement", "type_switch_statement", "for_statement", "communication_case")


class Decl:
    """Compared and hashed by what it declares, not by the file asking."""

    __slots__ = ("name", "node", "kind", "type", "value", "index", "tuple", "owner")

    def __init__(self, name: str, node, kind: str, type=None, value=None, index: int = 0, tuple: bool = False, owner=None):
        self.name = name
        self.node = node  # the identifier that declares it
        self.kind = kind  # import | package | param | result | receiver | range | loop | local
        self.type = type  # declared type node
        self.value = value  # initial value expression
        self.index = index  # position among the names a range clause or a call binds
        self.tuple = tuple  # one call's results bound to several names
        # The file of a package-level declaration found in another file of the
        # package (its nodes belong to that file); None: the file asking.
        self.owner = owner

    def _key(self):
        return (self.name, self.node, self.kind, self.type, self.value, self.index, self.tuple)

    def __eq__(self, other) -> bool:
        return other.__class__ is Decl and self._key() == other._key()

    def __hash__(self) -> int:
        return hash(self._key())

    def __repr__(self) -> str:
        return f"Decl({self.name!r}, {self.kind!r})"


class GoType(NamedTuple):
    """A type as written: `path` is the import path ('' for this package or
    a builtin), `name` the type name, or '[]' (slice), '[n]' (array), 'map',
    'chan', 'func' with `elem` the element (value) type; `args` the type
    arguments of a generic type's instance."""

    path: str
    name: str
    pointer: bool = False
    elem: "GoType | None" = None
    args: tuple = ()

    def deref(self) -> "GoType":
        return self._replace(pointer=False)


_CANCEL = GoType("context", "CancelFunc")
# Result types of the standard functions the rules follow, as the
# declarations of those packages spell them.
RESULTS = {
    ("context", "WithCancel"): (GoType("context", "Context"), _CANCEL),
    ("context", "WithTimeout"): (GoType("context", "Context"), _CANCEL),
    ("context", "WithDeadline"): (GoType("context", "Context"), _CANCEL),
    ("context", "WithCancelCause"): (GoType("context", "Context"), GoType("context", "CancelCauseFunc")),
    ("context", "WithTimeoutCause"): (GoType("context", "Context"), _CANCEL),
    ("context", "WithDeadlineCause"): (GoType("context", "Context"), _CANCEL),
    ("golang.org/x/sync/errgroup", "WithContext"): (GoType("golang.org/x/sync/errgroup", "Group", True), GoType("context", "Context")),
    ("net/http", "Get"): (GoType("net/http", "Response", True), GoType("", "error")),
    ("net/http", "Post"): (GoType("net/http", "Response", True), GoType("", "error")),
    ("net/http", "Head"): (GoType("net/http", "Response", True), GoType("", "error")),
    ("net/http", "PostForm"): (GoType("net/http", "Response", True), GoType("", "error")),
    ("net/http", "NewRequest"): (GoType("net/http", "Request", True), GoType("", "error")),
    ("net/http", "NewRequestWithContext"): (GoType("net/http", "Request", True), GoType("", "error")),
    ("github.com/sourcegraph/conc/pool", "New"): (GoType("github.com/sourcegraph/conc/pool", "Pool", True),),
    ("time", "NewTicker"): (GoType("time", "Ticker", True),),
    ("time", "Tick"): (GoType("", "chan", elem=GoType("time", "Time")),),
    ("time", "NewTimer"): (GoType("time", "Timer", True),),
}


_UNSEEN = object()


def same(a, b) -> bool:
    return a is not None and b is not None and a.start_byte == b.start_byte and a.end_byte == b.end_byte and a.type == b.type


class Scopes:
    def __init__(self, doc):
        self.doc = doc
        self._scopes: dict = {}
        self._structs: dict | None = None
        self._resolved: dict = {}
        self._parents: dict = {}  # node id -> parent, for the walks up from each name
        # The other files of this file's package, for the declarations they
        # hold (set by the package index, cnlint/golang/index.py; None: this
        # file alone).
        self.package: PackageScope | None = None

    # ---- resolution -----------------------------------------------------

    def resolve(self, ident) -> Decl | None:
        """The declaration an identifier refers to (None: builtin or unknown)."""
        key = ident.start_byte
        found = self._resolved.get(key, _UNSEEN)
        if found is _UNSEEN:
            found = self._resolved[key] = self._resolve(ident)
        if found.__class__ is str:  # not declared in this file: maybe in another of its package
            return self.package.decl(found, self.doc) if self.package is not None else None
        return found

    def _resolve(self, ident) -> Decl | None:
        name = self.doc.text_of(ident)
        if name == "_" or _is_literal_key(ident):
            return None
        at = ident.start_byte
        node = ident.parent
        while node is not None:
            if node.type == "source_file":
                return self._package().get(name, name)
            entries = self._scope(node).get(name)
            if entries:
                found = None
                for visible_from, decl in entries:
                    if same(decl.node, ident):
                        return decl
                    if visible_from <= at:
                        found = decl
                if found is not None:
                    return found
            node = self._parent(node)
        return None

    def _parent(self, node):
        """`node.parent`, remembered: tree-sitter finds a parent by walking
        down from the root, and the names of a block share its ancestors."""
        found = self._parents.get(node.id, _UNSEEN)
        if found is _UNSEEN:
            found = self._parents[node.id] = node.parent
        return found

    def references(self, decl: Decl, within) -> list:
        """Identifiers under `within` that refer to `decl` (not the declaring one)."""
        return [
            n
            for n in self.doc.nodes("identifier", within=within)
            if self.doc.text_of(n) == decl.name and not same(n, decl.node) and self.resolve(n) == decl
        ]

    def _package(self) -> dict:
        key = ("package",)
        if key not in self._scopes:
            out = {}
            for local, path in self.doc.imports.items():
                out[local] = Decl(local, None, "import", value=path)
            for child in self.doc.root.named_children:
                for _, decl in self._declared_by(child, "package"):
                    out[decl.name] = decl
            self._scopes[key] = out
        return self._scopes[key]

    def _scope(self, node) -> dict:
        key = (node.start_byte, node.end_byte, node.type)
        found = self._scopes.get(key)
        if found is None:
            found = {}
            for visible_from, decl in self._decls(node):
                found.setdefault(decl.name, []).append((visible_from, decl))
            self._scopes[key] = found
        return found

    def _decls(self, node):
        """(visible from byte, Decl) for each name the scope `node` opens binds."""
        kind = node.type
        if kind in FUNCTIONS:
            return self._signature_decls(node)
        if kind == "statement_list":
            return self._block_decls(node)
        if kind == "for_statement":
            return self._loop_decls(node)
        if kind in ("if_statement", "expression_switch_statement", "type_switch_statement"):
            return self._header_decls(node)
        if kind == "communication_case":
            return self._receive_decls(node)
        return ()

    def _signature_decls(self, node):
        """Receiver, parameters and named results: visible in the body only."""
        body = node.child_by_field_name("body")
        start = body.start_byte if body is not None else node.end_byte
        for list_field, what in (("receiver", "receiver"), ("parameters", "param"), ("result", "result")):
            params = node.child_by_field_name(list_field)
            if params is None or params.type != "parameter_list":
                continue
            for p in params.named_children:
                if p.type in ("parameter_declaration", "variadic_parameter_declaration"):
                    type_node = p.child_by_field_name("type")
                    if p.type == "variadic_parameter_declaration" and type_node is not None:
                        type_node = ("variadic", type_node)  # decl_type reads ...T as []T
                    for name in p.children_by_field_name("name"):
                        yield start, Decl(self.doc.text_of(name), name, what, type=type_node)

    def _block_decls(self, node):
        """The declarations of a block's statements (a labeled one declares
        what the statement it labels does)."""
        for statement in node.named_children:
            while statement.type == "labeled_statement" and statement.named_child_count > 1:
                statement = statement.named_children[-1]
            yield from self._declared_by(statement, "local")

    def _loop_decls(self, node):
        """Range variables declared with `:=`, or a three-clause loop's init."""
        clause = node.named_children[0] if node.named_child_count else None
        if clause is not None and clause.type == "range_clause" and any(c.type == ":=" for c in clause.children):
            left, right = clause.child_by_field_name("left"), clause.child_by_field_name("right")
            for i, name in enumerate(left.named_children if left is not None else ()):
                if name.type == "identifier":
                    yield clause.end_byte, Decl(self.doc.text_of(name), name, "range", value=right, index=i)
        elif clause is not None and clause.type == "for_clause":
            init = clause.child_by_field_name("initializer")
            if init is not None and init.type == "short_var_declaration":
                for visible_from, decl in self._declared_by(init, "loop"):
                    yield visible_from, decl

    def _header_decls(self, node):
        """An if/switch init statement, and a type switch's `v := x.(type)`."""
        init = node.child_by_field_name("initializer")
        if init is not None:
            yield from self._declared_by(init, "local")
        alias = node.child_by_field_name("alias") if node.type == "type_switch_statement" else None
        if alias is not None:
            value = node.child_by_field_name("value")
            for name in alias.named_children:
                yield value.end_byte if value is not None else alias.end_byte, Decl(self.doc.text_of(name), name, "local")

    def _receive_decls(self, node):
        """`case v, ok := <-ch:` in a select."""
        comm = node.child_by_field_name("communication")
        if comm is not None and comm.type == "receive_statement" and any(c.type == ":=" for c in comm.children):
            left = comm.child_by_field_name("left")
            for name in left.named_children if left is not None else ():
                yield comm.end_byte, Decl(self.doc.text_of(name), name, "local")

    def _declared_by(self, statement, kind: str):
        """(visible from byte, Decl) for each name a declaration statement binds."""
        t = statement.type
        text = self.doc.text_of
        if t == "short_var_declaration":
            left, right = statement.child_by_field_name("left"), statement.child_by_field_name("right")
            names = [n for n in left.named_children if n.type == "identifier"] if left is not None else []
            values = [v for v in right.named_children if v.type != "comment"] if right is not None else []
            tupled = len(values) == 1 and len(names) > 1
            for i, name in enumerate(names):
                value = values[0] if tupled else values[i] if len(values) == len(names) else None
                yield statement.end_byte, Decl(text(name), name, kind, value=value, index=i, tuple=tupled)
        elif t in ("var_declaration", "const_declaration"):
            for spec in _specs(statement, ("var_spec", "const_spec")):
                type_node = spec.child_by_field_name("type")
                value_list = spec.child_by_field_name("value")
                names = spec.children_by_field_name("name")
                values = [v for v in value_list.named_children if v.type != "comment"] if value_list is not None else []
                for i, name in enumerate(names):
                    value = values[i] if len(values) == len(names) else None
                    yield spec.end_byte, Decl(text(name), name, kind, type=type_node, value=value, index=i)
        elif t == "type_declaration":
            for spec in _specs(statement, ("type_spec", "type_alias")):
                name = spec.child_by_field_name("name")
                if name is not None:
                    yield spec.start_byte, Decl(text(name), name, "type", type=spec.child_by_field_name("type"))
        elif t == "function_declaration" and kind == "package":
            name = statement.child_by_field_name("name")
            if name is not None:
                yield 0, Decl(text(name), name, "func", value=statement)

    # ---- types --------------------------------------------------------------

    def type_of(self, expr, depth: int = 0) -> GoType | None:
        """The type of an expression, where the declarations spell it out."""
        if expr is None or depth > 8:
            return None
        t = expr.type
        if t == "identifier":
            decl = self.resolve(expr)
            return self.decl_type(decl, depth + 1) if decl is not None else None
        if t == "parenthesized_expression":
            return self.type_of(expr.named_child(0), depth + 1) if expr.named_child_count else None
        if t == "composite_literal":
            return self.type_from(expr.child_by_field_name("type"))
        if t == "unary_expression":
            return self._unary_type(expr, depth)
        if t == "selector_expression":
            return self._field_type(expr, depth)
        if t == "index_expression":
            owner = self.type_of(expr.child_by_field_name("operand"), depth + 1)
            return owner.elem if owner is not None and owner.name in ("[]", "[n]", "map") else None
        if t == "call_expression":
            return self._call_type(expr)
        return None

    def _unary_type(self, expr, depth: int) -> GoType | None:
        """`&x` points to x's type, `*p` is what p points to; other operators
        (-x, !x, <-ch) are unknown."""
        operand = expr.child_by_field_name("operand")
        op = self.doc.text_of(expr.child_by_field_name("operator"))
        inner = self.type_of(operand, depth + 1)
        if op == "&" and inner is not None and not inner.pointer:
            return inner._replace(pointer=True)
        if op == "*" and inner is not None and inner.pointer:
            return inner.deref()
        return None

    def _field_type(self, expr, depth: int) -> GoType | None:
        """`x.f` for a struct type of this package (`pkg.Name` is not a field)."""
        operand, field = expr.child_by_field_name("operand"), expr.child_by_field_name("field")
        if operand is None or field is None or (operand.type == "identifier" and self._is_import(operand)):
            return None
        owner = self.type_of(operand, depth + 1)
        if owner is None or owner.path != "" or owner.elem is not None:
            return None
        declared = self.struct_decl(owner.name)
        if declared is None:
            return None
        where, fields = declared  # the field types are written in the declaring file
        return where.scopes.type_from(fields.get(self.doc.text_of(field)))

    def _call_type(self, expr) -> GoType | None:
        """A call's first result, where declared, or what the builtins
        new(T) and make(T) give (unless the file shadows them)."""
        results = self._results(expr)
        if results:
            return results[0]
        function, args = expr.child_by_field_name("function"), expr.child_by_field_name("arguments")
        if function is not None and function.type == "identifier" and self.doc.text_of(function) in ("new", "make") and self.resolve(function) is None:
            first = args.named_child(0) if args is not None and args.named_child_count else None
            made = self.type_from(first)
            if made is not None and self.doc.text_of(function) == "new":
                return made._replace(pointer=True)
            return made
        return None

    def decl_type(self, decl: Decl, depth: int = 0) -> GoType | None:
        if decl.kind in ("import", "type", "func"):
            return None
        if decl.owner is not None and decl.owner is not self.doc:
            return decl.owner.scopes.decl_type(decl, depth)
        if decl.type is not None:
            if isinstance(decl.type, tuple):  # ...T is a []T inside the function
                return GoType("", "[]", elem=self.type_from(decl.type[1]))
            return self.type_from(decl.type)
        if decl.kind == "range":
            ranged = self.type_of(decl.value, depth + 1)
            if ranged is None:
                return None
            if decl.index == 1 and ranged.name in ("[]", "[n]", "map") and not ranged.pointer:
                return ranged.elem
            if decl.index == 0 and ranged.name == "chan":
                return ranged.elem
            return None
        if decl.tuple:
            results = self._results(decl.value)
            return results[decl.index] if results and decl.index < len(results) else None
        if decl.value is not None:
            return self.type_of(decl.value, depth + 1)
        return None

    def _results(self, call):
        if call is None or call.type != "call_expression":
            return None
        function = call.child_by_field_name("function")
        if function is not None and function.type == "identifier":
            decl = self.resolve(function)
            return self.func_results(decl) if decl is not None and decl.kind == "func" else None
        if function is None or function.type != "selector_expression":
            return None
        path = self.import_path(function.child_by_field_name("operand"))
        return RESULTS.get((path, self.doc.text_of(function.child_by_field_name("field"))))

    def func_results(self, decl: Decl):
        """The result types a package-level function declares, as a tuple
        (None where one is unknown, or the function is generic)."""
        if decl.owner is not None and decl.owner is not self.doc:
            return decl.owner.scopes.func_results(decl)
        function = decl.value
        if function.child_by_field_name("type_parameters") is not None:
            return None
        result = function.child_by_field_name("result")
        if result is None:
            return ()
        if result.type != "parameter_list":
            return (self.type_from(result),)
        out = []
        for p in result.named_children:
            if p.type == "parameter_declaration":
                found = self.type_from(p.child_by_field_name("type"))
                out.extend([found] * max(1, len(p.children_by_field_name("name"))))
        return tuple(out)

    def type_from(self, node) -> GoType | None:
        """A GoType for a type node as written."""
        if node is None:
            return None
        if isinstance(node, tuple):  # an embedded *T field
            inner = self.type_from(node[1])
            return inner._replace(pointer=True) if inner is not None else None
        t = node.type
        text = self.doc.text_of
        if t == "qualified_type":
            path = self.doc.imports.get(text(node.child_by_field_name("package")))
            return GoType(path, text(node.child_by_field_name("name"))) if path else None
        if t == "type_identifier":
            name = text(node)
            for path in self.doc.dot_imports:
                if name not in self.doc.bound_in(self.doc.root) and (self.package is None or self.package.decl(name, self.doc) is None):
                    return GoType(path, name)
            return GoType("", name)
        if t == "pointer_type":
            inner = self.type_from(node.named_child(0)) if node.named_child_count else None
            return inner._replace(pointer=True) if inner is not None and not inner.pointer else None
        if t == "slice_type":
            return GoType("", "[]", elem=self.type_from(node.child_by_field_name("element")))
        if t in ("array_type", "implicit_length_array_type"):
            return GoType("", "[n]", elem=self.type_from(node.child_by_field_name("element")))
        if t == "map_type":
            return GoType("", "map", elem=self.type_from(node.child_by_field_name("value")))
        if t == "channel_type":
            return GoType("", "chan", elem=self.type_from(node.child_by_field_name("value")))
        if t == "function_type":
            return GoType("", "func")
        if t == "generic_type":
            base = self.type_from(node.child_by_field_name("type"))
            given = node.child_by_field_name("type_arguments")
            args = tuple(self.type_from(a.named_child(0) if a.type == "type_elem" and a.named_child_count else a) for a in given.named_children) if given is not None else ()
            return base._replace(args=args) if base is not None else None
        if t == "parenthesized_type":
            return self.type_from(node.named_child(0)) if node.named_child_count else None
        return None

    def struct_fields(self, name: str) -> dict:
        """Field name -> type node of a struct type declared at package level
        in this file (embedded fields under their type's name)."""
        if self._structs is None:
            self._structs = {}
            for spec in self.doc.nodes("type_spec"):
                body = spec.child_by_field_name("type")
                if not _at_top(spec) or body is None or body.type != "struct_type":
                    continue
                fields = {}
                listing = body.named_child(0) if body.named_child_count else None
                for field in listing.named_children if listing is not None else ():
                    if field.type != "field_declaration":
                        continue
                    type_node = field.child_by_field_name("type")
                    names = field.children_by_field_name("name")
                    if not names and type_node is not None:
                        # An embedded *T is written as '*' then the type T.
                        last = type_node.child_by_field_name("name") if type_node.type == "qualified_type" else type_node
                        pointer = any(c.type == "*" for c in field.children)
                        fields[self.doc.text_of(last)] = ("*", type_node) if pointer else type_node
                    for n in names:
                        fields[self.doc.text_of(n)] = type_node
                self._structs[self.doc.text_of(spec.child_by_field_name("name"))] = fields
        return self._structs.get(name, {})

    def struct_decl(self, name: str, package: "PackageScope | None" = None):
        """(file, fields) of the package-level type `name`: declared in this
        file, else in exactly one other file of the package (`package`, by
        default the one set on these scopes); None where unknown. The field
        type nodes belong to that file, so read them with its scopes."""
        decl = self._package().get(name)
        if decl is not None:
            return (self.doc, self.struct_fields(name)) if decl.kind == "type" else None
        package = package or self.package
        return package.struct_decl(name, self.doc) if package is not None else None

    def top_types(self) -> set:
        """Names of the types this file declares at package level."""
        return {d.name for d in self._package().values() if d.kind == "type"}

    def owned(self) -> list:
        """This file's package-level declarations as another file of the
        package sees them (with this file as their owner)."""
        key = ("owned",)
        if key not in self._scopes:
            doc = self.doc
            self._scopes[key] = [
                Decl(d.name, d.node, d.kind, d.type, d.value, d.index, d.tuple, doc)
                for d in self._package().values()
                if d.kind != "import" and d.name != "_"
            ]
        return self._scopes[key]

    def top_names(self) -> set:
        """Every name this file declares at package level."""
        return {d.name for d in self._package().values() if d.kind != "import"}

    def top_functions(self) -> list:
        """The functions this file declares at package level (not methods)."""
        return [d for d in self._package().values() if d.kind == "func"]

    def top_variables(self) -> list:
        """The variables and constants this file declares at package level."""
        return [d for d in self._package().values() if d.kind == "package"]

    def _is_import(self, ident) -> bool:
        decl = self.resolve(ident)
        return decl is not None and decl.kind == "import"

    def import_path(self, ident) -> str | None:
        """The import path an identifier names, if it is a package name."""
        decl = self.resolve(ident) if ident is not None and ident.type == "identifier" else None
        return decl.value if decl is not None and decl.kind == "import" else None


class PackageScope:
    """The package-level declarations of the files of one package a file
    sees (cnlint/golang/index.py groups them): indexed on first use. A name
    declared in more than one file (files for different build tags) is
    unknown."""

    def __init__(self, files):
        self.files = list(files)
        self._decls: dict | None = None
        self._imports: frozenset[str] | None = None

    @property
    def imports(self) -> frozenset[str]:
        """Every path the files import, by name or with `.`."""
        if self._imports is None:
            self._imports = frozenset(p for d in self.files for p in (*d.imports.values(), *d.dot_imports))
        return self._imports

    def decl(self, name: str, asking) -> Decl | None:
        """The package-level declaration of `name` in the one file other
        than `asking` that declares it; None if none or several do."""
        if self._decls is None:
            self._decls = {}
            for doc in self.files:
                for decl in doc.scopes.owned():
                    self._decls.setdefault(decl.name, []).append(decl)
        owners = [d for d in self._decls.get(name, ()) if d.owner is not asking]
        return owners[0] if len(owners) == 1 else None

    def struct_decl(self, name: str, asking):
        """(file, fields) of the type `name` another file declares, or None."""
        decl = self.decl(name, asking)
        if decl is None or decl.kind != "type":
            return None
        return decl.owner, decl.owner.scopes.struct_fields(name)


def package_name(doc) -> str | None:
    """The name the file's package clause declares, read off the text as
    the go command reads a file's header (no tree needed: grouping the files
    of a run into packages parses none of them)."""
    if "package" not in doc._found:
        doc._found["package"] = header_package(doc.source.text)
    return doc._found["package"]


_GO_NAME = lazy(r"[^\W\d]\w*")


def header_package(text: str) -> str | None:
    """The package name after the white space and comments a Go file starts
    with; None if the first token is not `package` or no name follows."""
    i, size, keyword = 0, len(text), False
    if text.startswith("\ufeff"):
        i = 1
    while i < size:
        if text[i] in " \t\r\n":
            i += 1
        elif text.startswith("//", i):
            end = text.find("\n", i)
            i = size if end < 0 else end + 1
        elif text.startswith("/*", i):
            end = text.find("*/", i + 2)
            if end < 0:
                return None
            i = end + 2
        else:
            word = _GO_NAME.match(text, i)
            if word is None:
                return None
            if keyword:
                return word.group()
            if word.group() != "package":
                return None
            keyword, i = True, word.end()
    return None


def _is_literal_key(ident) -> bool:
    """A key in a composite literal: a field name for structs, which the
    syntax cannot tell from a map key, so it is left unresolved."""
    parent = ident.parent
    return parent is not None and parent.type == "literal_element" and parent.parent is not None and parent.parent.type == "keyed_element" and parent.parent.child_by_field_name("key") == parent


def _specs(declaration, kinds):
    for child in declaration.named_children:
        if child.type in kinds:
            yield child
        elif child.type.endswith("_spec_list"):
            yield from (c for c in child.named_children if c.type in kinds)


def _at_top(node) -> bool:
    parent = node.parent
    while parent is not None and parent.type != "source_file":
        if parent.type in FUNCTIONS or parent.type == "block":
            return False
        parent = parent.parent
    return True
