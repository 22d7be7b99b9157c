"""Go source model: a tree-sitter tree with imports, exact spans and the Go
version in force.

tree-sitter counts columns in UTF-8 bytes; `GoFile.span` turns them into
the character columns diagnostics use. This module (and so tree-sitter) is
imported only when a Go file is linted.
"""

from __future__ import annotations

import re
import threading
from array import array
from bisect import bisect_left, bisect_right
from functools import lru_cache
from operator import attrgetter
from pathlib import Path

import tree_sitter

from cnlint import grammars
from cnlint.artifact import Artifact
from cnlint.config import Settings
from cnlint.diagnostics import Span
from cnlint.golang import gomod
from cnlint.golang import scope as goscope
from cnlint.patterns import lazy
from cnlint.source import Source
from cnlint.suppressions import SLASH, Suppression, from_comment

MAX_SYNTAX_ERRORS = 3
# Deeper syntax is reported, not linted. tree-sitter finds a node's parent
# by walking down from the root, so the rules' walks up from a name cost the
# depth squared; real code stays under 30 levels (the corpus: 23).
MAX_DEPTH = 256
FUNCTIONS = ("function_declaration", "method_declaration", "func_literal")

# Every way Go binds a name, for telling a package name from a local that
# shadows it. Over-approximate on purpose: a doubt means "not the package".
# (declaration, field, type of the name; whether the field holds an
# expression_list of names)
_BINDINGS = (
    ("parameter_declaration", "name", "identifier", False),
    ("variadic_parameter_declaration", "name", "identifier", False),
    ("var_spec", "name", "identifier", False),
    ("const_spec", "name", "identifier", False),
    ("short_var_declaration", "left", "identifier", True),
    ("range_clause", "left", "identifier", True),
    ("receive_statement", "left", "identifier", True),
    ("type_switch_statement", "alias", "identifier", True),
    ("type_spec", "name", "type_identifier", False),
    ("type_alias", "name", "type_identifier", False),
    ("function_declaration", "name", "identifier", False),
)
_ASSIGNED = (("assignment_statement", "left", "identifier", True),)


GRAMMAR = "tree_sitter_go"


def _parser():
    return grammars.parser(GRAMMAR)


_START = attrgetter("start_byte")


def _offsets(values) -> array:
    """Byte offsets to bisect, packed: a list of ints costs four times
    the memory, and every file keeps a few."""
    return array("q", values)


def _in_order(nodes: list) -> list:
    """Nodes in document order, an outer node before an inner one that
    starts with it (sorting on the start alone is much cheaper, and nodes
    rarely start together)."""
    found = sorted(nodes, key=_START)
    if len({n.start_byte for n in found}) != len(found):
        found.sort(key=lambda n: (n.start_byte, -n.end_byte))
    return found


class Syntax:
    """What parsing a Go file gives: the tree and what is read off it."""

    __slots__ = ("build_version", "data", "dot_imports", "imports", "ready", "tree")

    def __init__(self, tree, data: bytes):
        self.tree = tree
        self.data = data  # the UTF-8 text tree-sitter parsed
        self.imports: dict[str, str] = {}  # local name -> import path
        self.dot_imports: tuple[str, ...] = ()  # paths imported with `.`
        self.build_version: str | None = None  # the version its //go:build line sets
        self.ready = False  # all of it read (another thread waits until then)


_PARSING = threading.RLock()  # one parse of a file, whichever thread reads it first


class GoFile(Artifact):
    def __init__(self, kind: str, path: str, source: Source, settings: Settings):
        super().__init__(kind, path, source, settings)
        # The go line of the go.mod that governs the file (set by
        # cnlint.golang.index.link once every file is read).
        self.module_version: str | None = None
        self.directory: Path | None = None  # its real directory, where the governing go.mod is looked for
        self._syntax: Syntax | None = None
        self._found: dict = {}  # query results

    @property
    def syntax(self) -> Syntax:
        """The tree, built on first use. The rules read it in the worker
        process that runs them, so the process that reads every file of a
        run parses none it need not (parsing is most of the time a Go file
        takes that is not spent in rules)."""
        found = self._syntax
        if found is not None and found.ready:
            return found
        with _PARSING:
            if self._syntax is None:
                _build(self)
            return self._syntax

    @property
    def tree(self):
        return self.syntax.tree

    @property
    def data(self) -> bytes:
        return self.syntax.data

    @property
    def imports(self) -> dict[str, str]:
        return self.syntax.imports

    @property
    def dot_imports(self) -> tuple[str, ...]:
        return self.syntax.dot_imports

    @property
    def build_version(self) -> str | None:
        return self.syntax.build_version

    @property
    def go_version(self) -> str | None:
        """The language version in force, "1.22"."""
        return self._version()[0]

    @property
    def go_version_origin(self) -> str:
        """Where the version in force comes from, for messages."""
        return self._version()[1]

    def _version(self) -> tuple[str | None, str]:
        key = ("version", self.module_version)
        if key not in self._found:
            self._found[key] = gomod.version_in_force(self.build_version, self.module_version, self.settings.go_version)
        return self._found[key]

    def parse_problems(self) -> list:
        self.syntax  # noqa: B018 - its problems are known once the tree is built
        return self.problems

    @property
    def root(self):
        return self.syntax.tree.root_node

    @property
    def scopes(self):
        """The scope resolver and syntax-level types (built on first use)."""
        if "scopes" not in self._found:
            self._found["scopes"] = goscope.Scopes(self)
        return self._found["scopes"]

    def version_below(self, minor: int) -> bool:
        """Whether the language version in force is before go1.`minor`; an
        unversioned file counts as before (the default the rules document)."""
        return self.go_version is None or gomod.minor(self.go_version) < minor

    def version_note(self) -> str:
        """Where the version in force comes from, for a message."""
        if self.go_version is None:
            return "no go.mod, //go:build line or go-version setting gives a Go version, so pre-1.22 semantics are assumed"
        return f"go {self.go_version} per {self.go_version_origin}"

    def span(self, node) -> Span:
        (row, col), (end_row, end_col) = node.start_point, node.end_point
        column = self.source.utf8_column
        return Span(row + 1, column(row + 1, col), end_row + 1, column(end_row + 1, end_col))

    def text_of(self, node) -> str:
        """The node's source text ('' for a missing node)."""
        if node is None:
            return ""
        return self.data[node.start_byte : node.end_byte].decode("utf-8", "replace")

    def nodes(self, *types: str, within=None) -> list:
        """Nodes of the given types under `within` (default: the file), in order.

        Each type is collected once per file by one query; a subtree's nodes
        are then a slice of that list (rules ask about many small subtrees)."""
        node = within or self.root
        if within is None and len(types) == 1:
            return self._all_of(types[0])[0]
        if within is None:
            key = ("merged", types)
            if key not in self._found:
                self._found[key] = _in_order([n for t in types for n in self._all_of(t)[0]])
            return self._found[key]
        lists = []
        for t in types:
            found, starts = self._all_of(t)
            if within is None:
                lists.append(found)
                continue
            i = bisect_left(starts, node.start_byte)
            j = bisect_right(starts, node.end_byte)
            lists.append([n for n in found[i:j] if n.end_byte <= node.end_byte])
        if len(lists) == 1:
            return lists[0]
        return sorted((n for part in lists for n in part), key=lambda n: (n.start_byte, -n.end_byte))

    def kept(self, name: str) -> dict:
        """A dict kept with the file for what a rule works out about it
        once and reads again (`name`: the rule's own)."""
        return self._found.setdefault(("kept", name), {})

    def innermost(self, offsets, *types: str) -> list:
        """For each byte offset (in order), the innermost node of `types`
        around it: each node once, in the order of the first offset inside
        it. A search from the last node that starts before the offset up
        through the nodes around it, not a sweep over every node."""
        key = ("enclosing", types)
        if key not in self._found:
            found = self.nodes(*types)
            enclosing, stack = array("q", bytes(8 * len(found))), []
            for i, n in enumerate(found):
                while stack and found[stack[-1]].end_byte <= n.start_byte:
                    stack.pop()
                enclosing[i] = stack[-1] if stack else -1
                stack.append(i)
            self._found[key] = (found, _offsets(n.start_byte for n in found), _offsets(n.end_byte for n in found), enclosing)
        found, starts, ends, enclosing = self._found[key]
        out: dict = {}
        for offset in offsets:
            i = bisect_right(starts, offset) - 1
            while i >= 0 and ends[i] <= offset:
                i = enclosing[i]
            if i >= 0 and i not in out:
                out[i] = found[i]
        return list(out.values())

    def _all_of(self, node_type: str):
        """(nodes of a type in order, their start bytes)."""
        key = ("all", node_type)
        if key not in self._found:
            queried = self._found.setdefault("queried", {})  # found, not yet asked for
            if node_type not in queried:
                queried.update(_by_type(self.root, node_type))
            found = _in_order(queried.pop(node_type))
            self._found[key] = (found, _offsets(n.start_byte for n in found))
        return self._found[key]

    def _bindings(self, patterns) -> tuple[list, list]:
        """(name node, its declaration) for each name the patterns bind in
        the file, in order, with the names' start bytes."""
        key = ("bindings", patterns)
        if key not in self._found:
            found = []
            for owner_type, field_name, name_type, listed in patterns:
                for owner in self._all_of(owner_type)[0]:
                    for child in owner.children_by_field_name(field_name):
                        names = child.named_children if listed and child.type == "expression_list" else () if listed else (child,)
                        found.extend((n, owner) for n in names if n.type == name_type)
            found.sort(key=lambda pair: pair[0].start_byte)
            self._found[key] = (found, _offsets(n.start_byte for n, _ in found))
        return self._found[key]

    def _bound_under(self, patterns, node) -> list:
        """The names the patterns bind whose declaration lies within `node`."""
        found, starts = self._bindings(patterns)
        i, j = bisect_left(starts, node.start_byte), bisect_right(starts, node.end_byte)
        start, end = node.start_byte, node.end_byte
        return [n for n, owner in found[i:j] if owner.start_byte >= start and owner.end_byte <= end and n.end_byte <= end]

    # ---- names --------------------------------------------------------

    def refers_to(self, node, path: str, *names: str) -> bool:
        """Whether `node` names one of `names` from the package imported as
        `path`: `pkg.Name` (type or value) or, after a dot import, `Name`."""
        if node is None:
            return False
        if node.type == "qualified_type":
            pkg, name = node.child_by_field_name("package"), node.child_by_field_name("name")
            return self.imports.get(self.text_of(pkg)) == path and self.text_of(name) in names
        if node.type == "selector_expression":
            pkg, name = node.child_by_field_name("operand"), node.child_by_field_name("field")
            if pkg is None or pkg.type != "identifier" or self.text_of(name) not in names:
                return False
            local = self.text_of(pkg)
            return self.imports.get(local) == path and not self.shadowed(local, node)
        if node.type in ("identifier", "type_identifier") and path in self.dot_imports:
            name = self.text_of(node)
            return name in names and name not in self.bound_in(self.root)
        return False

    def calls_to(self, path: str, *names: str) -> list:
        """Calls of `names` (all if none) from the package imported as
        `path`, as refers_to resolves them; the file's calls are sorted
        by package once."""
        if "calls" not in self._found:
            by_path: dict = {}
            for call in self.nodes("call_expression"):
                function = call.child_by_field_name("function")
                if function is None:
                    continue
                # What refers_to checks, less what is true here by construction.
                if function.type == "selector_expression":
                    operand = function.child_by_field_name("operand")
                    if operand is None or operand.type != "identifier":
                        continue
                    local = self.text_of(operand)
                    imported = self.imports.get(local)
                    if imported is None:
                        continue
                    name = self.text_of(function.child_by_field_name("field"))
                    if not self.shadowed(local, function):
                        by_path.setdefault(imported, []).append((call, name))
                elif function.type == "identifier" and self.dot_imports:
                    name = self.text_of(function)
                    if name not in self.bound_in(self.root):
                        for imported in self.dot_imports:
                            by_path.setdefault(imported, []).append((call, name))
            self._found["calls"] = by_path
        return [call for call, name in self._found["calls"].get(path, ()) if not names or name in names]

    def shadowed(self, name: str, node) -> bool:
        """Whether the top-level declaration around `node` binds `name`
        itself, so that there `name` may not be the import."""
        if not self._named_alone(name) or name not in self.bound_in(self.root):
            return False  # the usual case, cheaply
        top = node
        while top.parent is not None and top.parent.type != "source_file":
            top = top.parent
        return name in self.bound_in(top)

    def _named_alone(self, name: str) -> bool:
        """Whether `name` occurs after the imports as an identifier of its
        own (not `name.`, not in a comment or string): only then can a
        declaration bind it."""
        key = ("alone", name)
        if key not in self._found:
            specs = self.nodes("import_spec")
            start = specs[-1].end_byte if specs else 0
            # A literal first lets the regex engine skip ahead; the byte
            # before is checked by hand.
            pattern = re.compile(re.escape(name.encode()) + rb"\b(?!\s*\.)")
            data, root = self.data, self.root
            found = False
            for m in pattern.finditer(data, start):
                at = m.start()
                if data[at - 1 : at].isalnum() or data[at - 1 : at] in (b"_", b"."):
                    continue
                if root.descendant_for_byte_range(at, m.end()).type in ("identifier", "type_identifier"):
                    found = True
                    break
            self._found[key] = found
        return self._found[key]

    def bound_in(self, node) -> frozenset[str]:
        """Names any declaration under `node` binds."""
        key = ("names", node.start_byte, node.end_byte, node.type)
        if key not in self._found:
            self._found[key] = frozenset(self.text_of(n) for n in self._bound_under(_BINDINGS, node))
        return self._found[key]

    def binding_sites(self, node) -> list:
        """Identifiers under `node` that a declaration or assignment binds."""
        return self._bound_under(_BINDINGS + _ASSIGNED, node)


def _too_deep(root):
    """The first node, in document order, deeper than MAX_DEPTH; else None.

    A walk with a cursor, not a tree-sitter query: those slow down on deep
    trees (100,000 nested blocks took 40 s) and drop nodes past about
    30,000 levels. It enters only the subtrees with more nodes than there
    are levels left, as no other can reach past MAX_DEPTH: in real code
    that is a few percent of the nodes.
    """
    cursor = root.walk()
    depth = 0
    while True:
        # descendant_count counts the node itself, so its subtree reaches
        # depth + count - 1 at most
        if depth + cursor.node.descendant_count - 1 > MAX_DEPTH and cursor.goto_first_child():
            depth += 1
            if depth > MAX_DEPTH:
                return cursor.node
            continue
        while not cursor.goto_next_sibling():
            if not cursor.goto_parent():
                return None
            depth -= 1


# The node types the rules ask for, found together by one query on first
# use: a query's cost is mostly its pass over the tree, so one pass for all
# of them costs little more than one for a single type. Any other type (the
# many identifiers, asked for in few files) is found by a query of its own
# when asked for. Keeping every node of every file took most of a run's
# memory.
_COMMON_TYPES = (
    "argument_list",
    "assignment_statement",
    "call_expression",
    "comment",
    "composite_literal",
    "const_spec",
    "defer_statement",
    "for_statement",
    "func_literal",
    "function_declaration",
    "go_statement",
    "import_spec",
    "keyed_element",
    "method_declaration",
    "parameter_declaration",
    "range_clause",
    "receive_statement",
    "return_statement",
    "select_statement",
    "send_statement",
    "short_var_declaration",
    "statement_list",
    "type_alias",
    "type_spec",
    "type_switch_statement",
    "var_spec",
    "variadic_parameter_declaration",
)


@lru_cache(maxsize=None)
def _query(types: tuple[str, ...]):
    """A query capturing each named node of `types` under its type's name;
    a type the grammar does not have is left out (it has no nodes)."""
    language = grammars.language(GRAMMAR)
    known = [t for t in types if language.id_for_node_kind(t, True) is not None]
    return tree_sitter.Query(language, " ".join(f"({t}) @{t}" for t in known)) if known else None


def _by_type(root, node_type: str) -> dict[str, list]:
    """The named nodes of `node_type`, and of the common types with it if
    it is one, by type (not yet in order). Only for a tree _too_deep
    passed: queries are safe on shallow trees."""
    types = _COMMON_TYPES if node_type in _COMMON_TYPES else (node_type,)
    query = _query(types)
    found = tree_sitter.QueryCursor(query).captures(root) if query is not None else {}
    return {t: found.get(t, []) for t in types}


def enclosing_function(node):
    """The innermost function, method or function literal around `node`."""
    node = node.parent
    while node is not None and node.type not in FUNCTIONS:
        node = node.parent
    return node


# ---- parsing ------------------------------------------------------------


def parse(path: str, text: str, settings: Settings) -> GoFile:
    """The file, its tree left to the first reader (GoFile.syntax). Its
    suppressions are read now, as the engine reads them where it runs
    (parsing now only the files with a comment that may be one)."""
    doc = GoFile("go", path, Source(text), settings)
    if _SUPPRESSION_HINT.search(text):
        doc.suppressions = _suppressions(doc)
    return doc


def _build(doc: GoFile) -> None:
    data = doc.source.text.encode("utf-8")
    doc._syntax = Syntax(_parser().parse(data), data)
    found = _too_deep(doc.root)
    if found is None:
        _report_syntax_errors(doc)
    else:
        span = doc.span(found)
        doc.problem(Span(span.line, span.column, span.line, span.column + 1), f"the syntax nests more than {MAX_DEPTH} levels deep here, so the file is not linted")
        # the rules see an empty file: they find nothing, and quickly
        doc._syntax = Syntax(_parser().parse(b""), b"")
    _read_imports(doc)
    doc._syntax.build_version = _build_line_version(doc)
    doc._syntax.ready = True


def _report_syntax_errors(doc: GoFile) -> None:
    found = 0
    stack = [doc.root]
    while stack and found < MAX_SYNTAX_ERRORS:
        node = stack.pop()
        if node.is_missing:
            what = node.type.replace("_", " ") if node.is_named else f"'{node.type}'"
            doc.problem(doc.span(node), f"syntax error: missing {what}")
            found += 1
        elif node.is_error:
            # tree-sitter puts the tokens it could not fit, with the partial
            # construct before them, in one ERROR node: quote what it holds.
            span = doc.span(node)
            if span.end_line != span.line:
                span = Span(span.line, span.column, span.line, len(doc.source.line(span.line)) + 1)
            doc.problem(span, f"syntax error: unexpected {_quote(doc.text_of(node))}")
            found += 1
        elif node.has_error:
            stack.extend(reversed(node.children))
    if found < MAX_SYNTAX_ERRORS and not any(c.type == "package_clause" for c in doc.root.children):
        first = next((c for c in doc.root.children if c.type != "comment"), None)
        span = doc.span(first) if first is not None else Span.point(1)
        doc.problem(Span(span.line, span.column, span.line, span.column), "syntax error: a Go file must start with a package clause")


def _quote(text: str) -> str:
    text = " ".join(text.split("\n", 1)[0].split())
    if not text:
        return "end of line"
    return repr(text if len(text) <= 30 else text[:27] + "...")


def _import_specs(doc: GoFile) -> list:
    """The file's import specs. Imports are top-level declarations, so the
    root's children are enough (the query over the whole file runs when a
    rule first asks for nodes: in a worker, not before them); a file with
    syntax errors may hold one in an error node, so it is searched whole."""
    if doc.root.has_error:
        return doc.nodes("import_spec")
    specs = []
    for decl in doc.root.children:
        if decl.type == "import_declaration":
            for child in decl.named_children:
                if child.type == "import_spec":
                    specs.append(child)
                elif child.type == "import_spec_list":
                    specs.extend(c for c in child.named_children if c.type == "import_spec")
    return specs


def _read_imports(doc: GoFile) -> None:
    dots = []
    for spec in _import_specs(doc):
        path_node = spec.child_by_field_name("path")
        if path_node is None or path_node.has_error:
            continue
        path = doc.text_of(path_node)[1:-1]
        name = spec.child_by_field_name("name")
        if name is None:
            doc.imports.setdefault(default_name(path), path)
        elif name.type == "dot":
            dots.append(path)
        elif name.type == "package_identifier":
            doc.imports[doc.text_of(name)] = path
        # a blank import binds no name
    doc.syntax.dot_imports = tuple(dots)


def default_name(path: str) -> str:
    """The package name an import path conventionally declares: its last
    element, skipping a major-version suffix (.../v2, gopkg.in/x.v3)."""
    parts = path.split("/")
    last = parts[-1]
    if re.fullmatch(r"v\d+", last) and len(parts) > 1:
        last = parts[-2]
    last = re.sub(r"\.v\d+$", "", last)
    return last.replace("-", "_").replace(".", "_")


# ---- Go version ---------------------------------------------------------


def _build_line_version(doc: GoFile) -> str | None:
    """The version a //go:build line before the package clause sets.

    As the compiler does: the lowest go1.N the expression implies, raised
    to go1.21, the first release that honours such lines.
    """
    implied = None
    for child in doc.root.children:
        if child.type != "comment":
            break
        text = doc.text_of(child)
        if re.match(r"//go:build(?:[ \t]|$)", text):
            minimum = build_minimum(text[len("//go:build") :])
            if minimum is not None:
                implied = minimum
    if implied is None:
        return None
    return f"1.{max(implied, 21)}"


_TOKEN = lazy(r"\s*(&&|\|\||!|\(|\)|[\w.]+)")
_PRECEDENCE = {"||": 1, "&&": 2}


def build_minimum(expr: str) -> int | None:
    """N of the lowest go1.N a build expression implies (go/build/constraint's
    GoVersion), or None if it implies none or does not parse.

    Read with two stacks rather than by recursion: a line of 20,000 `!` or
    `(` must not overflow the interpreter's stack, nor 100,000 `||` cost
    a copy of the tokens each.
    """
    tokens = []
    pos, expr = 0, expr.rstrip()
    while pos < len(expr):
        m = _TOKEN.match(expr, pos)
        if not m:
            return None
        tokens.append(m.group(1))
        pos = m.end()
    # Each value is a pair: the minimum as written, and under a `!` (a
    # negated tag implies nothing, and && and || swap roles).
    values: list[tuple[int, int]] = []
    ops: list[str] = []
    operand = True  # an operand comes next, not an operator
    for token in tokens:
        if operand:
            if token in ("!", "("):
                ops.append(token)
                continue
            if token in ("&&", "||", ")"):
                return None
            values.append((_tag(token, 1), _tag(token, -1)))
            _negate_pending(values, ops)
            operand = False
        elif token in _PRECEDENCE:
            while ops and _PRECEDENCE.get(ops[-1], 0) >= _PRECEDENCE[token]:
                _apply(values, ops.pop())
            ops.append(token)
            operand = True
        elif token == ")":
            while ops and ops[-1] != "(":
                _apply(values, ops.pop())
            if not ops:
                return None
            ops.pop()
            _negate_pending(values, ops)
        else:
            return None  # two operands in a row
    if operand:
        return None
    while ops:
        if ops[-1] == "(":
            return None  # unbalanced parenthesis
        _apply(values, ops.pop())
    value = values[0][0]
    return value if value >= 0 else None


def _negate_pending(values: list, ops: list) -> None:
    """Apply the `!`s written before the operand just completed."""
    while ops and ops[-1] == "!":
        ops.pop()
        plain, negated = values.pop()
        values.append((negated, plain))


def _apply(values: list, op: str) -> None:
    (a, a_neg), (b, b_neg) = values[-2], values[-1]
    del values[-2:]
    if op == "&&":
        values.append((max(a, b), min(a_neg, b_neg)))
    else:
        values.append((min(a, b), max(a_neg, b_neg)))


def _tag(tag: str, sign: int) -> int:
    if sign < 0:
        return -1
    if tag == "go1":
        return 0
    # As go/build/constraint reads it: the digits after the first "go1.".
    _, found, digits = tag.partition("go1.")
    return int(digits) if found and re.fullmatch(r"[0-9]+", digits) else -1


# ---- suppressions -------------------------------------------------------


# Every suppression grammar is a // comment that says "lint" or "nosec".
_SUPPRESSION_HINT = lazy(r"//[^\n]*(?:lint|nosec)")


def _suppression_comments(doc: GoFile) -> list:
    """The comments that may be suppressions. Every suppression grammar
    mentions "lint" or "nosec", so only the comments at those words are
    looked at; the query over the whole file waits for a rule (in a worker)."""
    found = {}
    for word in (b"lint", b"nosec"):
        at = doc.data.find(word)
        while at >= 0:
            node = doc.root.descendant_for_byte_range(at, at + len(word))
            if node is not None and node.type == "comment":
                found[node.start_byte] = node
            at = doc.data.find(word, at + 1)
    return [found[start] for start in sorted(found)]


def _suppressions(doc: GoFile) -> list[Suppression]:
    out = []
    for node in _suppression_comments(doc):
        text = doc.text_of(node)
        if not text.startswith("//"):
            continue
        parsed = SLASH.parse_comment(text)
        if parsed is None:
            continue
        span = doc.span(node)
        own_line = not doc.source.line(span.line)[: span.column - 1].strip()
        first = last = span.line
        if own_line:
            first, last = _covered_after(doc, span.line)
        out.append(from_comment(parsed, span, first, last, own_line))
    return out


def _covered_after(doc: GoFile, line: int) -> tuple[int, int]:
    """Lines an own-line comment on `line` covers: the next code line through
    the end of the statement or declaration that starts there."""
    source = doc.source
    target = line + 1
    while target <= source.line_count and (not source.line(target).strip() or source.line(target).lstrip().startswith("//")):
        target += 1
    if target > source.line_count:
        return line, line
    text = source.line(target)
    indent = len(text) - len(text.lstrip())  # whitespace is ASCII: bytes == characters
    point = (target - 1, indent)
    node = doc.root.descendant_for_point_range(point, point)
    while node.parent is not None and node.parent.start_byte == node.start_byte and node.parent.type not in ("statement_list", "source_file"):
        node = node.parent
    return target, max(target, node.end_point[0] + 1)
