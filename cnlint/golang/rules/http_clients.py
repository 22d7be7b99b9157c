"""HTTP client responses: a body never closed, and a response used before
its error is checked."""

from __future__ import annotations

from cnlint.checks import Checks
from cnlint.diagnostics import Finding
from cnlint.golang.index import per_package
from cnlint.golang.model import enclosing_function
from cnlint.golang.scope import same
from cnlint.golang.syntax import HTTP, children, field_of, method_call, package_imports, typed

checks = Checks()


_CLIENT_CALLS = ("Get", "Post", "Head", "PostForm")


def _responses(doc):
    """(resp identifier, err identifier or None, statement) for each
    `resp, err := http.Get(...)` or `client.Do(req)` the syntax proves."""
    for statement in doc.nodes("short_var_declaration", "assignment_statement"):
        left, right = children(field_of(statement, "left")), children(field_of(statement, "right"))
        if len(left) != 2 or len(right) != 1 or right[0].type != "call_expression" or left[0].type != "identifier":
            continue
        call = right[0]
        function = field_of(call, "function")
        receiver, method = method_call(doc, call)
        if doc.refers_to(function, HTTP, *_CLIENT_CALLS):
            pass
        elif method in ("Do", *_CLIENT_CALLS) and (typed(doc, receiver, HTTP, "Client") or doc.refers_to(receiver, HTTP, "DefaultClient")):
            pass
        else:
            continue
        err = left[1] if left[1].type == "identifier" and doc.text_of(left[1]) != "_" else None
        yield left[0], err, statement


# ---- GO024 response body not closed -----------------------------------------------


@checks.rule("GO024")
@per_package
def response_body_not_closed(doc, ctx):
    if not package_imports(doc, HTTP):
        return
    for resp, _, statement in _responses(doc):
        function = enclosing_function(statement)
        decl = doc.scopes.resolve(resp)
        if function is None or decl is None or doc.text_of(resp) == "_":
            continue
        uses = [u for u in doc.scopes.references(decl, function) if u.start_byte > statement.start_byte]
        if all(_body_kept(doc, u) for u in uses):
            yield Finding(
                doc.span(resp),
                f"the body of {decl.name} is never closed, so its connection is not reused and leaks until the server closes it; "
                f"defer {decl.name}.Body.Close() after the error check",
            )


_READERS = {("io", "ReadAll"), ("io", "Copy"), ("ioutil", "ReadAll"), ("json", "NewDecoder"), ("bufio", "NewReader"), ("bufio", "NewScanner")}


def _body_kept(doc, use) -> bool:
    """Whether a use of resp neither closes its body nor lets it escape:
    `resp.Field` other than Body, or resp.Body read by a function that does
    not close it. Anything else might close it."""
    parent = use.parent
    if parent.type != "selector_expression" or not same(field_of(parent, "operand"), use):
        return parent.type == "binary_expression"  # resp != nil
    if doc.text_of(field_of(parent, "field")) != "Body":
        return parent.parent.type != "call_expression" or not same(field_of(parent.parent, "function"), parent)
    holder = parent.parent
    if holder.type == "argument_list" and holder.parent.type == "call_expression":
        function = field_of(holder.parent, "function")
        if function is not None and function.type == "selector_expression":
            package = doc.scopes.import_path(field_of(function, "operand"))
            key = ((package or "").rsplit("/", 1)[-1], doc.text_of(field_of(function, "field")))
            return package is not None and key in _READERS
    return False


# ---- GO025 response used before the error check -----------------------------------


@checks.rule("GO025")
@per_package
def response_used_before_error_check(doc, ctx):
    if not package_imports(doc, HTTP):
        return
    for resp, err, statement in _responses(doc):
        if err is None or statement.parent is None or statement.parent.type != "statement_list":
            continue
        following = children(statement.parent)
        index = next(i for i, s in enumerate(following) if same(s, statement))
        if index + 1 >= len(following):
            continue
        after = following[index + 1]
        names = {doc.text_of(n) for n in doc.nodes("identifier", within=after)}
        if doc.text_of(resp) in names and doc.text_of(err) not in names and not _nil_checked(doc, after, doc.text_of(resp)):
            use = next(n for n in doc.nodes("identifier", within=after) if doc.text_of(n) == doc.text_of(resp))
            yield Finding(doc.span(use), f"{doc.text_of(resp)} is used before {doc.text_of(err)} is checked; when the request fails {doc.text_of(resp)} is nil and this panics")


def _nil_checked(doc, statement, name) -> bool:
    for compare in doc.nodes("binary_expression", within=statement):
        sides = {doc.text_of(field_of(compare, "left")), doc.text_of(field_of(compare, "right"))}
        if sides == {name, "nil"}:
            return True
    return False
