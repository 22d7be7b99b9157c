"""Request input: what an HTTP handler reads from its request, and the
values built from it, within the function that has the request.

The request is a parameter of type `*http.Request` of a function (a
handler, or a helper the handler gives it). Its input is what a client
chose: `r.URL` and what is read from it, `r.Form`, `r.PostForm`,
`r.MultipartForm`, `r.FormValue(k)`, `r.PostFormValue(k)`, `r.PathValue(k)`,
`r.FormFile(k)`'s header, `r.Header`, `r.Cookie(k)`, `r.Referer()`,
`r.RequestURI`, `r.Body` and what is read from it, and the route variables
`mux.Vars(r)` (gorilla) and `chi.URLParam(r, k)`. `r.Host`, `r.RemoteAddr`
and `r.Method` are not counted: servers route and log by them.

A value holds input when it is input, or is built from it: a variable
assigned from input anywhere in the function (the function literals inside
included), `+`, `fmt.Sprintf`, `strings` and `path`/`filepath` joins and
trims, `url.Parse` and unescaping, a field, element or method result of a
value that holds input, what `json.Decode` or `json.Unmarshal` fills from
it. `filepath.Base`, `path.Base`, `filepath.Clean`, `path.Clean` and
`filepath.Rel` make a path the code has cleaned: their result holds no
input. Anything else — a number parsed from input, a value looked up with
it — holds none. Whether the function checks an input value at all
(`checks`) lets the rules stay quiet where the code may have validated it.
"""

from __future__ import annotations

from cnlint.golang.model import enclosing_function
from cnlint.golang.syntax import FUNCTIONS, HTTP, children, field_of
from cnlint.patterns import lazy

GORILLA = "github.com/gorilla/mux"
CHI = ("github.com/go-chi/chi", "github.com/go-chi/chi/v5")

_REQUEST_FIELDS = ("URL", "Form", "PostForm", "MultipartForm", "Header", "RequestURI", "Body", "Trailer")
_REQUEST_METHODS = ("FormValue", "PostFormValue", "PathValue", "Referer", "UserAgent", "Cookies")
# Functions whose result holds what their arguments hold.
_CARRIERS = {
    "fmt": ("Sprintf", "Sprint", "Sprintln"),
    "strings": ("Join", "TrimSpace", "Trim", "TrimPrefix", "TrimSuffix", "TrimLeft", "TrimRight", "ToLower", "ToUpper", "Replace", "ReplaceAll", "Split", "SplitN", "Fields", "Repeat", "Clone"),
    "path": ("Join",),
    "path/filepath": ("Join", "FromSlash", "ToSlash", "Abs"),
    "net/url": ("Parse", "ParseRequestURI", "QueryUnescape", "PathUnescape", "JoinPath", "ParseQuery"),
    "io": ("ReadAll", "LimitReader", "TeeReader", "MultiReader", "NopCloser"),
    "io/ioutil": ("ReadAll", "NopCloser"),
    "bytes": ("NewReader", "NewBuffer", "NewBufferString", "TrimSpace", "ToLower"),
    "bufio": ("NewReader", "NewReaderSize", "NewScanner"),
    "encoding/json": ("NewDecoder",),
    HTTP: ("MaxBytesReader",),
}
_CONVERSIONS = ("string", "[]byte")
# A function or method with such a name, given input, checks it.
_CHECK_NAMES = lazy(r"(?i)(valid|allow|permit|trust|safe|whitelist|sanitiz|verify|check|islocal)")
_MATCHES = ("Match", "MatchString", "MatchReader")
_CHECKS = {
    "strings": ("HasPrefix", "HasSuffix", "Contains", "ContainsAny", "ContainsRune", "Index", "EqualFold"),
    "path/filepath": ("IsLocal", "IsAbs", "Rel"),
    "io/fs": ("ValidPath",),
    "path": ("IsAbs",),
}


class RequestInput:
    """The input of the requests the top-level function around `node` has,
    and the variables that hold it (computed on first use)."""

    def __init__(self, doc, node):
        self.doc = doc
        top = node if node.type in FUNCTIONS else enclosing_function(node)
        while top is not None and enclosing_function(top) is not None:
            top = enclosing_function(top)
        self.top = top
        self.requests = self._requests() if top is not None else set()
        self._holding: dict | None = None
        self._checks: bool | None = None

    def _requests(self) -> set:
        """The declaring identifiers of the *http.Request parameters of the
        top function and of the function literals in it."""
        doc = self.doc
        out = set()
        for function in (self.top, *doc.nodes("func_literal", within=self.top)):
            for param in children(field_of(function, "parameters")):
                type_node = field_of(param, "type")
                if type_node is not None and type_node.type == "pointer_type" and type_node.named_child_count and doc.refers_to(type_node.named_child(0), HTTP, "Request"):
                    out.update((n.start_byte, n.end_byte) for n in param.children_by_field_name("name"))
        return out

    # ---- what holds input ------------------------------------------------------

    def source(self, expr, depth: int = 0):
        """The input expression `expr` holds, or is built from; None if none."""
        if expr is None or depth > 12 or not self.requests:
            return None
        doc = self.doc
        t = expr.type
        if t in ("parenthesized_expression", "slice_expression", "index_expression", "type_assertion_expression"):
            inner = field_of(expr, "operand") if t != "parenthesized_expression" else expr.named_child(0)
            return self.source(inner, depth + 1)
        if t == "unary_expression" and doc.text_of(field_of(expr, "operator")) in ("*", "&"):
            return self.source(field_of(expr, "operand"), depth + 1)
        if t == "identifier":
            decl = doc.scopes.resolve(expr)
            return self.holding().get(_key(decl)) if decl is not None else None
        if t == "selector_expression":
            operand = field_of(expr, "operand")
            if self._is_request(operand) and doc.text_of(field_of(expr, "field")) in _REQUEST_FIELDS:
                return expr
            return self.source(operand, depth + 1)
        if t == "binary_expression" and doc.text_of(field_of(expr, "operator")) == "+":
            return self.source(field_of(expr, "left"), depth + 1) or self.source(field_of(expr, "right"), depth + 1)
        if t == "type_conversion_expression":
            return self.source(field_of(expr, "operand"), depth + 1)
        if t == "call_expression":
            return self._call_source(expr, depth)
        return None

    def _call_source(self, call, depth: int):
        doc = self.doc
        function = field_of(call, "function")
        args = children(field_of(call, "arguments"))
        if function is None:
            return None
        if function.type == "selector_expression":
            operand, name = field_of(function, "operand"), doc.text_of(field_of(function, "field"))
            if self._is_request(operand):
                return call if name in _REQUEST_METHODS else None
            path = doc.scopes.import_path(operand) if operand.type == "identifier" else None
            if path is not None:
                if path == GORILLA and name == "Vars" or path in CHI and name.startswith("URLParam"):
                    return call if args and self._is_request(args[0]) else None
                if name in _CARRIERS.get(path, ()):
                    return next((s for s in (self.source(a, depth + 1) for a in args) if s is not None), None)
                return None
            return self.source(operand, depth + 1)  # a method of a value that holds input
        if function.type in ("identifier", "slice_type") and doc.text_of(function) in _CONVERSIONS and doc.scopes.resolve(function) is None:
            return self.source(args[0], depth + 1) if args else None
        return None

    def _is_request(self, node) -> bool:
        if node is None or node.type != "identifier":
            return False
        decl = self.doc.scopes.resolve(node)
        return decl is not None and decl.kind == "param" and (decl.node.start_byte, decl.node.end_byte) in self.requests

    def holding(self) -> dict:
        """Declaration key -> the input a variable of the top function is
        assigned (from a few rounds over its assignments: enough for chains
        of variables)."""
        if self._holding is not None:
            return self._holding
        self._holding = {}
        doc = self.doc
        sites = [
            s
            for s in doc.nodes("short_var_declaration", "assignment_statement", "var_spec", "range_clause", "call_expression", within=self.top)
            if s.type != "call_expression" or doc.text_of(field_of(s, "function")).endswith(("Decode", "Unmarshal"))
        ]
        for _ in range(4):
            before = len(self._holding)
            for site in sites:
                for target, source in self._assigned(site):
                    decl = doc.scopes.resolve(target) if target.type == "identifier" else None
                    if decl is not None and source is not None and _key(decl) not in self._holding:
                        self._holding[_key(decl)] = source
            if len(self._holding) == before:
                break
        return self._holding

    def _assigned(self, site):
        """(target identifier, the input it is given or None) for what a
        statement assigns."""
        doc = self.doc
        if site.type == "call_expression":
            # json.NewDecoder(r.Body).Decode(&x), json.Unmarshal(body, &x)
            function = field_of(site, "function")
            name = doc.text_of(field_of(function, "field")) if function is not None and function.type == "selector_expression" else ""
            args = children(field_of(site, "arguments"))
            if name == "Decode" and len(args) == 1:
                source = self.source(field_of(function, "operand"))
                yield _addressed(args[0]), source
            elif doc.refers_to(function, "encoding/json", "Unmarshal") and len(args) == 2:
                yield _addressed(args[1]), self.source(args[0])
            return
        if site.type == "range_clause":
            left = children(field_of(site, "left"))
            source = self.source(field_of(site, "right"))
            for target in left[1:] if len(left) == 2 else left:
                yield target, source
            return
        if site.type == "var_spec":
            targets, values = site.children_by_field_name("name"), children(field_of(site, "value"))
        else:
            targets, values = children(field_of(site, "left")), children(field_of(site, "right"))
        if len(values) == len(targets):
            for target, value in zip(targets, values, strict=True):
                yield target, self.source(value)
        elif len(values) == 1 and targets and values[0].type == "call_expression":
            yield from self._tuple(targets, values[0])

    def _tuple(self, targets, call):
        """What the results of a call with several results hold: the first
        (r.Cookie(k), url.Parse(x), io.ReadAll(r.Body)), or a form file's
        header (r.FormFile(k))."""
        doc = self.doc
        function = field_of(call, "function")
        operand = field_of(function, "operand") if function is not None and function.type == "selector_expression" else None
        name = doc.text_of(field_of(function, "field")) if operand is not None else ""
        if self._is_request(operand) and name == "FormFile" and len(targets) == 3:
            yield targets[1], call
        elif self._is_request(operand) and name == "Cookie":
            yield targets[0], call
        else:
            yield targets[0], self._call_source(call, 0)

    # ---- checks --------------------------------------------------------------------

    def checks(self) -> bool:
        """Whether the top function checks a value that holds input: compares
        it with a non-empty string, looks it up in a map, tests its prefix or
        whether it is a local path, or gives it to a function named for
        validating (validHost, isAllowed, checkPath...)."""
        if self._checks is None:
            self._checks = self._find_check()
        return self._checks

    def _find_check(self) -> bool:
        doc = self.doc
        for node in doc.nodes("if_statement", "expression_switch_statement", within=self.top):
            header = field_of(node, "condition") if node.type == "if_statement" else field_of(node, "value")
            if header is None:
                continue
            if node.type == "expression_switch_statement" and self.source(header) is not None:
                return True
            for part in (header, *doc.nodes("call_expression", "binary_expression", "index_expression", within=header)):
                if self._is_check(part):
                    return True
        return False

    def _is_check(self, node) -> bool:
        doc = self.doc
        if node.type == "binary_expression" and doc.text_of(field_of(node, "operator")) in ("==", "!="):
            left, right = field_of(node, "left"), field_of(node, "right")
            for value, other in ((left, right), (right, left)):
                if self.source(value) is not None and other is not None and other.type in ("interpreted_string_literal", "raw_string_literal", "identifier", "selector_expression"):
                    if doc.text_of(other) not in ('""', "``", "nil"):
                        return True
            return False
        if node.type == "index_expression":
            return self.source(field_of(node, "index")) is not None
        if node.type == "call_expression":
            function = field_of(node, "function")
            if not any(self.source(a) is not None for a in children(field_of(node, "arguments"))) and not (
                function is not None and function.type == "selector_expression" and self.source(field_of(function, "operand")) is not None
            ):
                return False
            if any(doc.refers_to(function, path, *names) for path, names in _CHECKS.items()):
                return True
            if function is not None and function.type == "selector_expression" and doc.text_of(field_of(function, "field")) in _MATCHES:
                return True  # a regular expression's match
            return bool(_CHECK_NAMES.search(doc.text_of(function)))
        return False


def _key(decl):
    return (decl.name, decl.node.start_byte) if decl is not None and decl.node is not None else None


def _addressed(node):
    """x of &x."""
    if node is not None and node.type == "unary_expression" and node.named_child_count:
        return field_of(node, "operand")
    return node
