"""What the Go rules read off the syntax tree, shared by every rule module:
node access, the shapes of calls and statements, the packages a file
imports, and the standard packages the rules know by path.

Each helper reports only what the syntax proves; where it cannot tell, it
answers None, False or an empty result, and the rules stay quiet.
"""

from __future__ import annotations

import re
from itertools import pairwise
from pathlib import PurePosixPath

from cnlint.golang.model import enclosing_function
from cnlint.golang.scope import same
from cnlint.patterns import lazy

# Import paths of the standard packages more than one rule module follows.
HTTP = "net/http"
TLS = "crypto/tls"
TESTING = "testing"

FUNCTIONS = ("func_literal", "function_declaration", "method_declaration")


# ---- nodes ------------------------------------------------------------------


def children(node) -> list:
    """Named children without comments (arguments, statements, list items)."""
    return [c for c in node.named_children if c.type != "comment"] if node is not None else []


def field_of(node, name: str):
    """The child of `node` in field `name` (None for a missing node)."""
    return node.child_by_field_name(name) if node is not None else None


def statements(block) -> list:
    """The statements of a block (or a case clause's statement list)."""
    if block is None:
        return []
    if block.type == "block":
        # A comment that opens the block comes before its statement list.
        block = next((c for c in block.named_children if c.type == "statement_list"), None)
        if block is None:
            return []
    return children(block)


def line_of(node) -> int:
    return node.start_point[0] + 1


def within(node, outer) -> bool:
    """Whether `node` lies inside `outer` (or is it)."""
    return node is not None and outer.start_byte <= node.start_byte and node.end_byte <= outer.end_byte


def own_nodes(doc, types, within) -> list:
    """Nodes of `types` under `within` that run as part of the same function
    as `within` (not inside a function literal nested in it)."""
    owner = within if within.type in FUNCTIONS else enclosing_function(within)
    return [n for n in doc.nodes(*types, within=within) if same(enclosing_function(n), owner)]


# ---- calls ------------------------------------------------------------------


def method_call(doc, call):
    """(receiver, method name) of a call `recv.Method(...)`, else (None, None)."""
    function = field_of(call, "function")
    if function is None or function.type != "selector_expression":
        return None, None
    return field_of(function, "operand"), doc.text_of(field_of(function, "field"))


def call_of(statement):
    """The call an expression statement makes, else None."""
    if statement is None or statement.type != "expression_statement":
        return None
    call = statement.named_child(0)
    return call if call is not None and call.type == "call_expression" else None


def launched_literal(statement):
    """The function literal a `go func(){...}()` or `defer func(){...}()` runs."""
    call = statement.named_child(0) if statement.named_child_count else None
    function = field_of(call, "function") if call is not None and call.type == "call_expression" else None
    return function if function is not None and function.type == "func_literal" else None


def typed(doc, expr, path: str, *names: str) -> bool:
    """Whether the declarations prove `expr` is a path.Name or *path.Name."""
    found = doc.scopes.type_of(expr) if expr is not None else None
    return found is not None and found.path == path and found.name in names


# ---- values -----------------------------------------------------------------


def string_value(doc, node) -> str | None:
    """The value of a string literal (interpreted or raw), else None."""
    if node is None or node.type not in ("interpreted_string_literal", "raw_string_literal"):
        return None
    text = doc.text_of(node)
    if node.type == "raw_string_literal" or "\\" not in text:
        return text[1:-1]
    return _ESCAPE.sub(_unescape, text[1:-1])


# Go's escapes in interpreted strings; any other backslash stays as written
# (the compiler rejects it; the text is still the best guess).
_ESCAPE = lazy(r"\\(?:([abfnrtv\\'\"])|x([0-9A-Fa-f]{2})|([0-7]{3})|u([0-9A-Fa-f]{4})|U([0-9A-Fa-f]{8}))")
_SIMPLE = {"a": "\a", "b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t", "v": "\v", "\\": "\\", "'": "'", '"': '"'}


def _unescape(match) -> str:
    simple, hexa, octal, short, long = match.groups()
    if simple:
        return _SIMPLE[simple]
    code = int(octal, 8) if octal else int(hexa or short or long, 16)
    # no code point, or a surrogate: invalid Go, kept as written
    return chr(code) if code <= 0x10FFFF and not 0xD800 <= code <= 0xDFFF else match.group()


def literal_keys(doc, body) -> dict:
    """Key text -> value node of a literal body's keyed elements."""
    out = {}
    for item in children(body):
        if item.type == "keyed_element":
            key, value = field_of(item, "key"), field_of(item, "value")
            if value is not None and value.type == "literal_element" and value.named_child_count:
                value = value.named_child(0)
            out[doc.text_of(key)] = value
    return out


def assigned_fields(doc, literal) -> set:
    """Fields set later as `x.Field = ...` on the variable the literal
    initialises (for a package-level variable, in any file of its package)."""
    statement = literal.parent
    while statement is not None and statement.type in ("unary_expression", "expression_list", "parenthesized_expression"):
        statement = statement.parent
    if statement is None or statement.type not in ("short_var_declaration", "var_spec", "assignment_statement"):
        return set()
    names = {doc.text_of(n) for n in (children(field_of(statement, "left")) or statement.children_by_field_name("name"))}
    out = set()
    scope = enclosing_function(statement)
    for assign in doc.nodes("assignment_statement", within=scope or doc.root):
        for target in children(field_of(assign, "left")):
            if target.type == "selector_expression" and doc.text_of(field_of(target, "operand")) in names:
                out.add(doc.text_of(field_of(target, "field")))
    package = doc.scopes.package
    if scope is None and package is not None:
        # A package-level variable may be set up in another file's init.
        for other in package.files:
            for assign in other.nodes("assignment_statement") if other is not doc else ():
                for target in children(field_of(assign, "left")):
                    operand = field_of(target, "operand") if target.type == "selector_expression" else None
                    if operand is not None and operand.type == "identifier" and other.text_of(operand) in names:
                        decl = other.scopes.resolve(operand)
                        if decl is not None and decl.owner is doc:
                            out.add(other.text_of(field_of(target, "field")))
    return out


# ---- names -------------------------------------------------------------------------

# Words of a name (camelCase or snake_case) that say it holds a secret.
SECRET_WORDS = frozenset({"token", "tokens", "secret", "secrets", "password", "passwd", "nonce", "salt", "otp", "csrf", "apikey", "credential", "credentials"})
SECRET_PAIRS = frozenset({("session", "id"), ("session", "key"), ("api", "key"), ("reset", "code"), ("auth", "code")})


def name_words(name: str) -> list[str]:
    """The lower-cased words of a camelCase or snake_case name."""
    return [w.lower() for w in re.findall(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|[0-9]+", name)]


def names_secret(name: str, extra=frozenset()) -> bool:
    """Whether a whole word of the name, or a pair of them, says it holds a
    secret (`newSessionID`, `apiKey`, `password`; not `tokenize`); `extra`
    words count too."""
    words = name_words(name)
    return bool((SECRET_WORDS | extra).intersection(words)) or any(pair in SECRET_PAIRS for pair in pairwise(words))


# ---- files and packages -------------------------------------------------------


def imports(doc, *paths: str) -> bool:
    """Whether this file imports one of `paths` (by name or with `.`)."""
    return any(p in paths for p in doc.imports.values()) or any(p in paths for p in doc.dot_imports)


def package_imports(doc, *paths: str) -> bool:
    """Whether this file or another file of its package imports one of
    `paths`: a value of their types may be declared there."""
    package = doc.scopes.package
    if package is None:
        return imports(doc, *paths)
    return imports(doc, *paths) or any(p in package.imports for p in paths)


def is_test_file(doc) -> bool:
    """A _test.go file, or a file under testdata/."""
    return doc.path.endswith("_test.go") or "testdata" in PurePosixPath(doc.path.replace("\\", "/")).parts
