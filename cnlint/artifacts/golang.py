"""Go source model: a tree-sitter tree with imports, exact spans and the Go
version in force.

tree-sitter counts columns in UTF-8 bytes; `GoFile.span` turns them into
the character columns diagnostics use. This module (and so tree-sitter) is
imported only when a Go file is linted.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

import tree_sitter
import tree_sitter_go

from cnlint.artifacts import Artifact, gomod
from cnlint.config import Settings
from cnlint.diagnostics import Span
from cnlint.source import Source
from cnlint.suppressions import Suppression, from_comment, parse_slash_comment

MAX_SYNTAX_ERRORS = 3
FUNCTIONS = ("function_declaration", "method_declaration", "func_literal")

# Every way Go binds a name, for telling a package name from a local that
# shadows it. Over-approximate on purpose: a doubt means "not the package".
_BINDINGS = """
(parameter_declaration name: (identifier) @n)
(variadic_parameter_declaration name: (identifier) @n)
(var_spec name: (identifier) @n)
(const_spec name: (identifier) @n)
(short_var_declaration left: (expression_list (identifier) @n))
(range_clause left: (expression_list (identifier) @n))
(receive_statement left: (expression_list (identifier) @n))
(type_switch_statement alias: (expression_list (identifier) @n))
(type_spec name: (type_identifier) @n)
(type_alias name: (type_identifier) @n)
(function_declaration name: (identifier) @n)
"""
_ASSIGNED = "(assignment_statement left: (expression_list (identifier) @n))"


@lru_cache(maxsize=1)
def _language():
    return tree_sitter.Language(tree_sitter_go.language())


@lru_cache(maxsize=1)
def _parser():
    return tree_sitter.Parser(_language())


@lru_cache(maxsize=64)
def _query(pattern: str):
    return tree_sitter.Query(_language(), pattern)


@dataclass
class GoFile(Artifact):
    tree: object = None
    data: bytes = b""  # the UTF-8 text tree-sitter parsed
    imports: dict[str, str] = field(default_factory=dict)  # local name -> import path
    dot_imports: tuple[str, ...] = ()  # paths imported with `.`
    go_version: str | None = None  # language version in force, "1.22"
    _found: dict = field(default_factory=dict, repr=False)  # query results

    @property
    def root(self):
        return self.tree.root_node

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
        """Nodes of the given types under `within` (default: the file), in order."""
        return self._capture(" ".join(f"({t}) @n" for t in types), within or self.root)

    def _capture(self, pattern: str, node) -> list:
        key = (pattern, node.start_byte, node.end_byte, node.type)
        if key not in self._found:
            found = tree_sitter.QueryCursor(_query(pattern)).captures(node).get("n", [])
            self._found[key] = sorted(found, key=lambda n: n.start_byte)
        return self._found[key]

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

    def shadowed(self, name: str, node) -> bool:
        """Whether the top-level declaration around `node` binds `name`
        itself, so that there `name` may not be the import."""
        top = node
        while top.parent is not None and top.parent.type != "source_file":
            top = top.parent
        return name in self.bound_in(top)

    def bound_in(self, node) -> frozenset[str]:
        """Names any declaration under `node` binds."""
        key = ("names", node.start_byte, node.end_byte, node.type)
        if key not in self._found:
            self._found[key] = frozenset(self.text_of(n) for n in self._capture(_BINDINGS, node))
        return self._found[key]

    def binding_sites(self, node) -> list:
        """Identifiers under `node` that a declaration or assignment binds."""
        return self._capture(_BINDINGS + _ASSIGNED, node)


def enclosing_function(node):
    """The innermost function, method or function literal around `node`."""
    node = node.parent
    while node is not None and node.type not in FUNCTIONS:
        node = node.parent
    return node


# ---- parsing ------------------------------------------------------------


def parse(path: str, text: str, settings: Settings) -> GoFile:
    data = text.encode("utf-8")
    doc = GoFile("go", path, Source(text), settings, tree=_parser().parse(data), data=data)
    _report_syntax_errors(doc)
    _read_imports(doc)
    doc.go_version = _go_version(doc)
    doc.suppressions = _suppressions(doc)
    return doc


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


def _read_imports(doc: GoFile) -> None:
    dots = []
    for spec in doc.nodes("import_spec"):
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
    doc.dot_imports = tuple(dots)


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


def _go_version(doc: GoFile) -> str | None:
    build = _build_line_version(doc)
    if build is not None:
        return build
    directory = gomod.real_directory(doc.path, doc.settings.root)
    found = gomod.version_for(directory) if directory else None
    return found or gomod.language_version(doc.settings.go_version)


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


_TOKEN = re.compile(r"\s*(&&|\|\||!|\(|\)|[\w.]+)")


def build_minimum(expr: str) -> int | None:
    """N of the lowest go1.N a build expression implies (go/build/constraint's
    GoVersion), or None if it implies none or does not parse."""
    tokens = []
    pos, expr = 0, expr.rstrip()
    while pos < len(expr):
        m = _TOKEN.match(expr, pos)
        if not m:
            return None
        tokens.append(m.group(1))
        pos = m.end()
    try:
        value, rest = _or(tokens, 1)
    except (IndexError, ValueError):
        return None
    if rest:
        return None
    return value if value >= 0 else None


# Each returns (minimum version or -1 for none, remaining tokens). `sign`
# flips under `!`: a negated tag implies nothing, and && / || swap roles.
def _or(tokens, sign):
    value, tokens = _and(tokens, sign)
    while tokens and tokens[0] == "||":
        other, tokens = _and(tokens[1:], sign)
        value = min(value, other) if sign > 0 else max(value, other)
    return value, tokens


def _and(tokens, sign):
    value, tokens = _not(tokens, sign)
    while tokens and tokens[0] == "&&":
        other, tokens = _not(tokens[1:], sign)
        value = max(value, other) if sign > 0 else min(value, other)
    return value, tokens


def _not(tokens, sign):
    head = tokens[0]
    if head == "!":
        return _not(tokens[1:], -sign)
    if head == "(":
        value, tokens = _or(tokens[1:], sign)
        if not tokens or tokens[0] != ")":
            raise ValueError("unbalanced parenthesis")
        return value, tokens[1:]
    if head in ("&&", "||", ")"):
        raise ValueError(f"unexpected {head}")
    return _tag(head, sign), tokens[1:]


def _tag(tag: str, sign: int) -> int:
    if sign < 0:
        return -1
    if tag == "go1":
        return 0
    # As go/build/constraint reads it: the digits after the first "go1.".
    _, found, digits = tag.partition("go1.")
    return int(digits) if found and re.fullmatch(r"[0-9]+", digits) else -1


# ---- suppressions -------------------------------------------------------


def _suppressions(doc: GoFile) -> list[Suppression]:
    out = []
    for node in doc.nodes("comment"):
        text = doc.text_of(node)
        if not text.startswith("//"):
            continue
        parsed = parse_slash_comment(text[2:])
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
