"""What a Go main package says about itself as a service: the facts the
cross-artifact rules compare with its Dockerfile and Kubernetes workloads.

`server_facts(package)` reads every non-test file of one package (a
`cnlint.golang.index.Package`): the TCP ports it listens on, the HTTP routes
it registers, whether it registers the gRPC health service, the environment
variables it reads (and which it cannot start without), the signals it
handles, how long it gives `Shutdown`, whether it sets GOMAXPROCS or
GOMEMLIMIT, and where on disk it writes. Each fact carries the file and
span of the code it comes from.

Values are followed only as far as the syntax proves them: literals and
constants, `+`, `fmt.Sprintf` with %s/%d/%v, `net.JoinHostPort`,
`strconv.Itoa`, `os.Getenv`/`os.LookupEnv` (an override whose default is
unset), `flag.String/Int` and their `Var` forms, the assignments to a
variable (one made inside an `if`, loop or switch only adds a possibility),
the parameters of a package function (through every call of it) and what a
small package function returns. Anything else is unknown and stays so: a
port is None rather than a guess.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass, field

from cnlint.diagnostics import Span
from cnlint.golang.model import enclosing_function
from cnlint.golang.scope import same
from cnlint.golang.syntax import HTTP, children, field_of, literal_keys, method_call, statements, string_value

OS = "os"
NET = "net"
FMT = "fmt"
FLAG = "flag"
GRPC = "google.golang.org/grpc"
GRPC_HEALTH = "google.golang.org/grpc/health/grpc_health_v1"
GORILLA = "github.com/gorilla/mux"
CHI = ("github.com/go-chi/chi", "github.com/go-chi/chi/v5")
GIN = "github.com/gin-gonic/gin"
ECHO = ("github.com/labstack/echo", "github.com/labstack/echo/v4")
AUTOMAXPROCS = ("go.uber.org/automaxprocs", "go.uber.org/automaxprocs/maxprocs")
AUTOMEMLIMIT = ("github.com/KimMachineGun/automemlimit", "github.com/KimMachineGun/automemlimit/memlimit")

NAMED_PORTS = {"http": 80, "https": 443}
HTTP_METHODS = ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "CONNECT", "OPTIONS", "TRACE")
_MAX_DEPTH = 12


# ---- the facts --------------------------------------------------------------


@dataclass(frozen=True)
class Site:
    """Where a fact comes from: the file's display path and a 1-based span."""

    path: str
    span: Span


@dataclass(frozen=True)
class Listen:
    """A TCP port the program listens on. `port` is its default (None:
    unknown), `env` / `flag` what can override it (the whole address when
    the address itself comes from there). `protocol` is what is served on
    it where the code shows it: "http", "grpc" or None."""

    path: str
    span: Span
    port: int | None
    env: str | None = None
    flag: str | None = None
    protocol: str | None = None
    address: str | None = None  # the address as written with its defaults, when all of it is known


@dataclass(frozen=True)
class Handler:
    """An HTTP route. `pattern` is the path (with its defaults filled in),
    `method` None for any method, `prefix` when it matches every path
    under it, `unknown_prefix` when part of it is built from a value that
    is unknown, `env` the environment variable that can change it (a base
    path read with os.Getenv), `host` a ServeMux pattern's host."""

    path: str
    span: Span
    pattern: str
    method: str | None = None
    prefix: bool = False
    unknown_prefix: bool = False
    env: str | None = None
    host: str | None = None


@dataclass(frozen=True)
class EnvRead:
    """An environment variable the program reads; `required` when it fails
    (log.Fatal, panic, os.Exit, a returned error) if it is empty or unset."""

    path: str
    span: Span
    name: str
    required: bool = False


@dataclass(frozen=True)
class SignalNotify:
    """A signal.Notify / signal.NotifyContext call and the signals it asks
    for, as written (`SIGTERM`, `Interrupt`, ...); empty: every signal."""

    path: str
    span: Span
    signals: tuple[str, ...]

    @property
    def catches_sigterm(self) -> bool:
        return not self.signals or "SIGTERM" in self.signals


@dataclass(frozen=True)
class Shutdown:
    """A `.Shutdown(ctx)` call; `timeout` the seconds of the
    context.WithTimeout its context comes from (None: none known)."""

    path: str
    span: Span
    timeout: float | None


@dataclass(frozen=True)
class Write:
    """A place on disk the program writes: `path` absolute; `partial` when
    only its leading directory is known (filepath.Join("/data", name))."""

    path: str
    span: Span
    target: str
    call: str
    partial: bool = False


@dataclass
class ServerFacts:
    listens: list[Listen] = field(default_factory=list)
    handlers: list[Handler] = field(default_factory=list)
    env_reads: list[EnvRead] = field(default_factory=list)
    signals: list[SignalNotify] = field(default_factory=list)
    shutdowns: list[Shutdown] = field(default_factory=list)
    writes: list[Write] = field(default_factory=list)
    grpc_health_at: Site | None = None
    gomaxprocs_at: Site | None = None
    gomemlimit_at: Site | None = None

    @property
    def grpc_health(self) -> bool:
        return self.grpc_health_at is not None

    @property
    def handles_sigterm(self) -> bool:
        return any(s.catches_sigterm for s in self.signals)

    @property
    def handled_signals(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(name for s in self.signals for name in (s.signals or ("*",))))

    @property
    def shutdown_timeout(self) -> float | None:
        return next((s.timeout for s in self.shutdowns if s.timeout is not None), None)

    @property
    def sets_gomaxprocs(self) -> bool:
        return self.gomaxprocs_at is not None

    @property
    def sets_gomemlimit(self) -> bool:
        return self.gomemlimit_at is not None

    def env(self, name: str) -> EnvRead | None:
        return next((e for e in self.env_reads if e.name == name), None)


def server_facts(package) -> ServerFacts:
    """The facts of one package's non-test files, read once per package (a
    package lives as long as its project's Packages view)."""
    if package.server_facts is None:
        package.server_facts = _Reader(package).read()
    return package.server_facts


class Facts:
    """`project.view(Facts)`: server facts per package directory."""

    def __init__(self, packages):
        self._by_directory = {p.directory: p for p in packages}

    @classmethod
    def build(cls, project) -> Facts:
        from cnlint.golang.index import Packages

        return cls(project.view(Packages))

    def of(self, package) -> ServerFacts:
        return server_facts(package)

    def at(self, directory: str) -> ServerFacts | None:
        package = self._by_directory.get(directory)
        return server_facts(package) if package is not None else None


# ---- values -------------------------------------------------------------------


@dataclass(frozen=True)
class Seg:
    """A piece of a string value: its default text (None: unknown) and the
    environment variable or flag that can replace it."""

    default: str | None
    env: str | None = None
    flag: str | None = None

    @property
    def literal(self) -> bool:
        return self.default is not None and self.env is None and self.flag is None


UNKNOWN = (Seg(None),)


def _lit(text: str) -> tuple:
    return (Seg(text),)


def concat(*values) -> tuple:
    out: list[Seg] = []
    for value in values:
        for seg in value:
            if out and out[-1].literal and seg.literal:
                out[-1] = Seg(out[-1].default + seg.default)
            elif not (seg.literal and seg.default == ""):
                out.append(seg)
    return tuple(out) or _lit("")


def _override(seg: Seg) -> bool:
    """A value only an environment variable or flag sets (unset: "")."""
    return (seg.env is not None or seg.flag is not None) and seg.default == ""


def _join_seg(a: Seg, b: Seg) -> Seg:
    if a == b:
        return a
    if (a.env and b.env and a.env != b.env) or (a.flag and b.flag and a.flag != b.flag):
        return Seg(None)
    env, flag = a.env or b.env, a.flag or b.flag
    if a.default == b.default:
        default = a.default
    elif _override(a):
        default = b.default
    elif _override(b):
        default = a.default
    else:
        default = None
    return Seg(default, env, flag)


def join(a, b) -> tuple:
    """The value a variable holds after one of two possible assignments."""
    if a is None:
        return b
    if a == b:
        return a
    if len(a) == len(b):
        return tuple(_join_seg(x, y) for x, y in zip(a, b, strict=True))
    if len(a) == 1 and _override(a[0]):
        return b
    if len(b) == 1 and _override(b[0]):
        return a
    return UNKNOWN


def known_text(value) -> str | None:
    """The value's text when every piece is a literal."""
    if value is None or not all(s.literal for s in value):
        return None
    return "".join(s.default for s in value)


def default_text(value) -> str | None:
    """The value's text with each override at its default (None: unknown)."""
    if value is None or any(s.default is None for s in value):
        return None
    return "".join(s.default for s in value)


def _port_number(text: str | None) -> int | None:
    if text is None:
        return None
    if text.isdigit():
        number = int(text)
        return number if 0 < number < 65536 else None
    return NAMED_PORTS.get(text)


def port_of(value) -> tuple[int | None, str | None, str | None]:
    """(port, env, flag) of a host:port address value."""
    if value is None:
        return None, None, None
    colon = max((i for i, s in enumerate(value) if s.literal and ":" in s.default), default=None)
    if colon is None:
        if len(value) == 1:  # the whole address is an override: its default says the port
            seg = value[0]
            text = seg.default
            port = _port_number(text.rsplit(":", 1)[1]) if text and ":" in text else None
            return port, seg.env, seg.flag
        return None, None, None
    rest, after = value[colon].default.rsplit(":", 1)[1], value[colon + 1 :]
    if not after:
        return _port_number(rest), None, None
    if rest == "" and len(after) == 1:
        return _port_number(after[0].default), after[0].env, after[0].flag
    return None, None, None


# ---- reading a package ----------------------------------------------------------


class _Reader:
    def __init__(self, package):
        self.files = [d for d in package.files if not d.path.endswith("_test.go")]
        self.facts = ServerFacts()
        self._calls: dict | None = None
        self._active: set = set()

    def read(self) -> ServerFacts:
        for doc in self.files:
            self._read_file(doc)
        self.facts.env_reads = _merged(self.facts.env_reads)
        return self.facts

    def _read_file(self, doc) -> None:
        self._imports(doc)
        for call in doc.nodes("call_expression"):
            try:
                self._listen(doc, call)
                self._handler(doc, call)
                self._env(doc, call)
                self._runtime(doc, call)
                self._write(doc, call)
            except RecursionError:  # a value too deep to follow stays unknown
                continue

    def site(self, doc, node) -> Site:
        return Site(doc.path, doc.span(node))

    # ---- package functions and their calls ----------------------------------

    def calls_of(self, doc, function) -> list:
        """(file, call) for every call of the package function declared by
        `function` (a function_declaration node of `doc`)."""
        if self._calls is None:
            self._calls = {}
            for other in self.files:
                for call in other.nodes("call_expression"):
                    name = field_of(call, "function")
                    if name is None or name.type != "identifier":
                        continue
                    decl = other.scopes.resolve(name)
                    if decl is not None and decl.kind == "func":
                        owner = decl.owner or other
                        self._calls.setdefault((id(owner), decl.value.start_byte), []).append((other, call))
        return self._calls.get((id(doc), function.start_byte), [])

    def param_index(self, doc, decl):
        """(function node, index) of a parameter of a package function."""
        function = enclosing_function(decl.node)
        if function is None or function.type != "function_declaration":
            return None, None
        index = 0
        for param in children(field_of(function, "parameters")):
            for name in param.children_by_field_name("name"):
                if same(name, decl.node):
                    return function, index
                index += 1
        return None, None

    def arguments_for(self, doc, decl):
        """(file, argument) at every call of the function whose parameter
        `decl` is."""
        function, index = self.param_index(doc, decl)
        if function is None:
            return []
        out = []
        for other, call in self.calls_of(doc, function):
            args = children(field_of(call, "arguments"))
            if index < len(args):
                out.append((other, args[index]))
        return out

    # ---- values -------------------------------------------------------------

    def value(self, doc, node, depth: int = 0, bindings=None) -> tuple:
        """The string value of an expression (UNKNOWN where unknown)."""
        if node is None or depth > _MAX_DEPTH:
            return UNKNOWN
        t = node.type
        if t in ("interpreted_string_literal", "raw_string_literal"):
            text = string_value(doc, node)
            return _lit(text) if text is not None else UNKNOWN
        if t == "int_literal":
            try:
                return _lit(str(int(doc.text_of(node).replace("_", ""), 0)))
            except ValueError:
                return UNKNOWN
        if t == "parenthesized_expression":
            return self.value(doc, node.named_child(0), depth + 1, bindings)
        if t == "binary_expression":
            if doc.text_of(field_of(node, "operator")) != "+":
                return UNKNOWN
            return concat(self.value(doc, field_of(node, "left"), depth + 1, bindings), self.value(doc, field_of(node, "right"), depth + 1, bindings))
        if t == "identifier":
            return self.identifier_value(doc, node, depth, bindings)
        if t == "unary_expression":
            return self.deref_value(doc, node, depth, bindings)
        if t == "call_expression":
            return self.call_value(doc, node, depth, bindings)
        return UNKNOWN

    def identifier_value(self, doc, node, depth, bindings) -> tuple:
        decl = doc.scopes.resolve(node)
        if decl is None:
            return UNKNOWN
        owner = decl.owner or doc
        if bindings and decl.node is not None and (id(owner), decl.node.start_byte) in bindings:
            return bindings[(id(owner), decl.node.start_byte)]
        if decl.kind == "param":
            found = None
            for other, arg in self.arguments_for(owner, decl):
                found = join(found, self.value(other, arg, depth + 1))
            return found or UNKNOWN
        if decl.kind in ("package", "local", "loop"):
            return self.variable_value(owner, decl, node if owner is doc else None, depth)
        return UNKNOWN

    def decl_value(self, doc, decl, depth) -> tuple:
        """What a declaration sets its name to."""
        value = decl.value
        if value is None:
            type_text = doc.text_of(decl.type) if decl.type is not None else ""
            return _lit("") if type_text == "string" else _lit("0") if type_text.startswith(("int", "uint")) else UNKNOWN
        if decl.tuple:
            return self.tuple_value(doc, value, decl.index, depth)
        return self.value(doc, value, depth + 1)

    def tuple_value(self, doc, call, index, depth) -> tuple:
        """The `index`th result of a call bound to several names."""
        if call.type == "call_expression" and index == 0 and doc.refers_to(field_of(call, "function"), OS, "LookupEnv"):
            name = self.env_name(doc, _first_arg(call), depth)
            return (Seg("", env=name),) if name else UNKNOWN
        return UNKNOWN

    def variable_value(self, doc, decl, at, depth) -> tuple:
        """A variable's value where `at` reads it (None: anywhere): its
        declaration, then each assignment before that point; one made
        under a condition joins the possibilities."""
        key = (id(doc), decl.node.start_byte, at.start_byte if at is not None else -1)
        if key in self._active:
            return UNKNOWN
        self._active.add(key)
        try:
            value = self.decl_value(doc, decl, depth)
            scope = enclosing_function(decl.node)
            for target_doc, statement, new in self._assignments(doc, decl, scope, depth):
                if at is not None and target_doc is doc and statement.end_byte > at.start_byte:
                    break
                if not _conditional(statement, decl.node if scope is not None else None):
                    value = new
                else:
                    value = join(value, new)
            return value
        finally:
            self._active.discard(key)

    def _assignments(self, doc, decl, scope, depth):
        """(file, statement, value) for each assignment to `decl`, in order."""
        docs = [doc] if scope is not None else self.files
        for other in docs:
            within = scope if scope is not None else None
            for statement in other.nodes("assignment_statement", "call_expression", within=within):
                found = self._assigned(other, statement, decl, depth)
                if found is not None:
                    yield other, statement, found

    def _assigned(self, doc, statement, decl, depth):
        if statement.type == "call_expression":
            return self._flag_var(doc, statement, decl, depth)
        left, right = children(field_of(statement, "left")), children(field_of(statement, "right"))
        operator = doc.text_of(field_of(statement, "operator"))
        for i, target in enumerate(left):
            if target.type != "identifier" or doc.text_of(target) != decl.name or not _is(doc, target, decl):
                continue
            if len(right) == len(left):
                new = self.value(doc, right[i], depth + 1)
            elif len(right) == 1:
                new = self.tuple_value(doc, right[0], i, depth)
            else:
                new = UNKNOWN
            if operator == "+=":
                new = concat(self.value(doc, target, depth + 1), new)
            elif operator != "=":
                new = UNKNOWN
            return new
        return None

    def _flag_var(self, doc, call, decl, depth):
        """flag.StringVar(&x, "name", default, usage) sets x."""
        if not doc.refers_to(field_of(call, "function"), FLAG, "StringVar", "IntVar", "UintVar", "Int64Var"):
            return None
        args = children(field_of(call, "arguments"))
        if len(args) < 3 or args[0].type != "unary_expression":
            return None
        target = field_of(args[0], "operand")
        if target is None or target.type != "identifier" or doc.text_of(target) != decl.name or not _is(doc, target, decl):
            return None
        return self._flagged(doc, args[1], args[2], depth)

    def _flagged(self, doc, name_node, default_node, depth) -> tuple:
        name = known_text(self.value(doc, name_node, depth + 1))
        default = self.value(doc, default_node, depth + 1)
        if name is None or len(default) != 1:
            return UNKNOWN
        return (Seg(default[0].default, default[0].env, name),)

    def deref_value(self, doc, node, depth, bindings) -> tuple:
        """`*p` where p := flag.String("port", "8080", ...)."""
        if doc.text_of(field_of(node, "operator")) != "*":
            return UNKNOWN
        operand = field_of(node, "operand")
        decl = doc.scopes.resolve(operand) if operand is not None and operand.type == "identifier" else None
        if decl is None or decl.kind not in ("package", "local") or decl.value is None or decl.value.type != "call_expression":
            return UNKNOWN
        owner = decl.owner or doc
        call = decl.value
        if not owner.refers_to(field_of(call, "function"), FLAG, "String", "Int", "Uint", "Int64"):
            return UNKNOWN
        args = children(field_of(call, "arguments"))
        return self._flagged(owner, args[0], args[1], depth) if len(args) >= 2 else UNKNOWN

    def call_value(self, doc, call, depth, bindings) -> tuple:
        function = field_of(call, "function")
        args = children(field_of(call, "arguments"))
        if doc.refers_to(function, OS, "Getenv"):
            name = self.env_name(doc, _first_arg(call), depth, bindings)
            return (Seg("", env=name),) if name else UNKNOWN
        if doc.refers_to(function, FMT, "Sprintf") and args:
            return self.sprintf_value(doc, args, depth, bindings)
        if doc.refers_to(function, FMT, "Sprint") or doc.refers_to(function, "strconv", "Itoa", "FormatInt", "FormatUint"):
            return self.value(doc, args[0], depth + 1, bindings) if args else UNKNOWN
        if doc.refers_to(function, NET, "JoinHostPort") and len(args) == 2:
            return concat(self.value(doc, args[0], depth + 1, bindings), _lit(":"), self.value(doc, args[1], depth + 1, bindings))
        if doc.refers_to(function, "path/filepath", "Join") or doc.refers_to(function, "path", "Join"):
            return self.join_value(doc, args, depth, bindings)
        if doc.refers_to(function, "os", "TempDir"):
            return _lit("/tmp")
        if function is not None and function.type == "identifier":
            return self.returned_value(doc, function, args, depth, bindings)
        return UNKNOWN

    def sprintf_value(self, doc, args, depth, bindings) -> tuple:
        layout = known_text(self.value(doc, args[0], depth + 1, bindings))
        if layout is None:
            return UNKNOWN
        parts = re.split(r"(%[-+# 0]*\d*[sdv%])", layout)
        values, rest = [], list(args[1:])
        for part in parts:
            if part == "%%":
                values.append(_lit("%"))
            elif part.startswith("%") and len(part) > 1:
                if not rest:
                    return UNKNOWN
                if re.search(r"[-+# 0\d]", part[1:-1]):
                    return UNKNOWN  # padding or flags change the text
                values.append(self.value(doc, rest.pop(0), depth + 1, bindings))
            elif "%" in part:
                return UNKNOWN
            else:
                values.append(_lit(part))
        return concat(*values) if not rest else UNKNOWN

    def join_value(self, doc, args, depth, bindings) -> tuple:
        pieces = [self.value(doc, a, depth + 1, bindings) for a in args]
        texts = [known_text(p) for p in pieces]
        if all(t is not None for t in texts):
            return _lit(posixpath.normpath(posixpath.join(*texts)) if texts else "")
        out = []
        for i, piece in enumerate(pieces):
            out.append(piece if i == 0 else concat(_lit("/"), piece))
        return concat(*out)

    def returned_value(self, doc, function, args, depth, bindings) -> tuple:
        """What a package function returns for these arguments: its return
        statements' first values, joined."""
        decl = doc.scopes.resolve(function)
        if decl is None or decl.kind != "func":
            return UNKNOWN
        owner, body_owner = decl.owner or doc, decl.value
        inner = dict(bindings or {})
        index = 0
        for param in children(field_of(body_owner, "parameters")):
            for name in param.children_by_field_name("name"):
                inner[(id(owner), name.start_byte)] = self.value(doc, args[index], depth + 1, bindings) if index < len(args) else UNKNOWN
                index += 1
        found = None
        body = field_of(body_owner, "body")
        for statement in _own(owner, ("return_statement",), body) if body is not None else ():
            results = children(statement.named_child(0)) if statement.named_child_count else []
            first = results[0] if results and statement.named_child(0).type == "expression_list" else statement.named_child(0)
            found = join(found, self.returned(owner, first, depth, inner))
        return found or UNKNOWN

    def returned(self, doc, node, depth, bindings) -> tuple:
        if node is not None and node.type == "identifier":
            decl = doc.scopes.resolve(node)
            if decl is not None and decl.tuple and decl.kind == "local":
                call = decl.value
                if call.type == "call_expression" and decl.index == 0 and doc.refers_to(field_of(call, "function"), OS, "LookupEnv"):
                    name = self.env_name(doc, _first_arg(call), depth, bindings)
                    return (Seg("", env=name),) if name else UNKNOWN
            if decl is not None and decl.kind == "local" and not decl.tuple:
                return self.value(doc, decl.value, depth + 1, bindings)
        return self.value(doc, node, depth + 1, bindings)

    def env_name(self, doc, node, depth=0, bindings=None) -> str | None:
        return known_text(self.value(doc, node, depth + 1, bindings))

    # ---- listening ------------------------------------------------------------

    def _listen(self, doc, call) -> None:
        function = field_of(call, "function")
        args = children(field_of(call, "arguments"))
        if doc.refers_to(function, HTTP, "ListenAndServe", "ListenAndServeTLS"):
            self._add_listen(doc, call, self.value(doc, args[0]) if args else UNKNOWN, "http")
        elif doc.refers_to(function, NET, "Listen") and len(args) == 2:
            network = known_text(self.value(doc, args[0]))
            if network in ("tcp", "tcp4", "tcp6"):
                self._add_listen(doc, call, self.value(doc, args[1]), self._served_on(doc, call))
        else:
            self._listen_method(doc, call, args)

    def _listen_method(self, doc, call, args) -> None:
        receiver, method = method_call(doc, call)
        if method in ("ListenAndServe", "ListenAndServeTLS") and self._is_http_server(doc, receiver):
            address = self._server_addr(doc, receiver)
            if address is None:
                address = _lit(":https" if method.endswith("TLS") else ":http")
            self._add_listen(doc, call, address, "http")
            return
        if method not in ("Run", "RunTLS", "Start", "StartTLS", "StartAutoTLS"):
            return
        router = self.router(doc, receiver)
        if router is None:
            return
        kind = router[0]
        if kind == "gin" and method in ("Run", "RunTLS"):
            # gin's Run() without an address serves $PORT, else :8080
            address = self.value(doc, args[0]) if args else (Seg(":"), Seg("8080", env="PORT"))
            self._add_listen(doc, call, address, "http")
        elif kind == "echo" and method.startswith("Start") and args:
            self._add_listen(doc, call, self.value(doc, args[0]), "http")

    def _add_listen(self, doc, call, address, protocol) -> None:
        port, env, flag = port_of(address)
        self.facts.listens.append(Listen(doc.path, doc.span(call), port, env, flag, protocol, default_text(address)))

    def _is_http_server(self, doc, receiver) -> bool:
        if receiver is None:
            return False
        found = doc.scopes.type_of(receiver)
        if found is not None:
            return found.path == HTTP and found.name == "Server"
        literal = _unwrap(receiver)
        return literal is not None and literal.type == "composite_literal" and doc.refers_to(field_of(literal, "type"), HTTP, "Server")

    def _server_addr(self, doc, receiver):
        """The Addr of the http.Server `receiver` names (None: unset)."""
        literal, owner, decl = _unwrap(receiver), doc, None
        if receiver.type == "identifier":
            decl = doc.scopes.resolve(receiver)
            owner = (decl.owner or doc) if decl is not None else doc
            literal = _unwrap(decl.value) if decl is not None and decl.kind in ("package", "local") and decl.value is not None else None
        if literal is None or literal.type != "composite_literal":
            return UNKNOWN
        value = literal_keys(owner, field_of(literal, "body")).get("Addr")
        found = self.value(owner, value) if value is not None else None
        if decl is not None:
            for other in self.files:
                for assign in other.nodes("assignment_statement"):
                    for target, right in zip(children(field_of(assign, "left")), children(field_of(assign, "right")), strict=False):
                        operand = field_of(target, "operand") if target.type == "selector_expression" else None
                        if operand is not None and other.text_of(field_of(target, "field")) == "Addr" and _is(other, operand, decl, owner):
                            found = join(found if found is not None else _lit(""), self.value(other, right))
        return found

    def _served_on(self, doc, listen_call) -> str | None:
        """What serves on the listener a net.Listen call makes."""
        decl_node = _bound_name(listen_call)
        if decl_node is None:
            return None
        decl = doc.scopes.resolve(decl_node)
        scope = enclosing_function(listen_call) or doc.root
        for call in doc.nodes("call_expression", within=scope):
            args = children(field_of(call, "arguments"))
            if not args or args[0].type != "identifier" or doc.text_of(args[0]) != doc.text_of(decl_node) or doc.scopes.resolve(args[0]) != decl:
                continue
            if doc.refers_to(field_of(call, "function"), HTTP, "Serve", "ServeTLS"):
                return "http"
            receiver, method = method_call(doc, call)
            if method in ("Serve", "ServeTLS"):
                if self._is_grpc_server(doc, receiver):
                    return "grpc"
                if self._is_http_server(doc, receiver):
                    return "http"
        return None

    def _is_grpc_server(self, doc, receiver) -> bool:
        found = doc.scopes.type_of(receiver) if receiver is not None else None
        if found is not None and found.path == GRPC and found.name == "Server":
            return True
        decl = doc.scopes.resolve(receiver) if receiver is not None and receiver.type == "identifier" else None
        value = decl.value if decl is not None and decl.kind in ("package", "local") else None
        return value is not None and value.type == "call_expression" and (decl.owner or doc).refers_to(field_of(value, "function"), GRPC, "NewServer")

    # ---- routes -----------------------------------------------------------------

    def router(self, doc, expr, depth: int = 0):
        """(kind, prefix value) of a router expression: "servemux",
        "gorilla", "chi", "gin" or "echo"; None if not one."""
        if expr is None or depth > _MAX_DEPTH:
            return None
        expr = _unwrap(expr) or expr
        if expr.type == "composite_literal" and doc.refers_to(field_of(expr, "type"), HTTP, "ServeMux"):
            return "servemux", _lit("")
        if expr.type == "selector_expression" and doc.refers_to(expr, HTTP, "DefaultServeMux"):
            return "servemux", _lit("")
        if expr.type == "identifier":
            return self._router_identifier(doc, expr, depth)
        if expr.type == "call_expression":
            return self._router_call(doc, expr, depth)
        return None

    def _router_identifier(self, doc, expr, depth):
        decl = doc.scopes.resolve(expr)
        if decl is None:
            return None
        owner = decl.owner or doc
        if decl.kind == "param":
            return self._router_param(owner, decl, depth)
        if decl.kind in ("package", "local") and decl.value is not None and not decl.tuple:
            found = self.router(owner, decl.value, depth + 1)
            if found is not None:
                return found
        return _router_type(owner.scopes.decl_type(decl))

    def _router_param(self, doc, decl, depth):
        kind = _router_type(doc.scopes.decl_type(decl))
        function = enclosing_function(decl.node)
        if function is not None and function.type == "func_literal":
            # chi: r.Route("/api", func(r chi.Router) {...}) and r.Group(func(r chi.Router) {...})
            call = function.parent.parent if function.parent is not None else None
            if call is not None and call.type == "call_expression":
                receiver, method = method_call(doc, call)
                outer = self.router(doc, receiver, depth + 1)
                args = children(field_of(call, "arguments"))
                if outer is not None and method == "Route" and len(args) == 2:
                    return outer[0], concat(outer[1], self.value(doc, args[0]))
                if outer is not None and method == "Group":
                    return outer
            return kind
        found = None
        for other, arg in self.arguments_for(doc, decl):
            router = self.router(other, arg, depth + 1)
            if router is None:
                return kind
            found = router if found is None else (found[0], join(found[1], router[1]))
        return found or kind

    def _router_call(self, doc, call, depth):
        function = field_of(call, "function")
        if doc.refers_to(function, HTTP, "NewServeMux"):
            return "servemux", _lit("")
        if doc.refers_to(function, GORILLA, "NewRouter"):
            return "gorilla", _lit("")
        if any(doc.refers_to(function, path, "NewRouter", "NewMux") for path in CHI):
            return "chi", _lit("")
        if doc.refers_to(function, GIN, "Default", "New"):
            return "gin", _lit("")
        if any(doc.refers_to(function, path, "New") for path in ECHO):
            return "echo", _lit("")
        receiver, method = method_call(doc, call)
        args = children(field_of(call, "arguments"))
        if method == "Subrouter":
            route = self.route(doc, receiver, depth + 1)
            return (route[0], route[1]) if route is not None else None
        if method not in ("Group", "Route", "With", "Use"):
            return None
        outer = self.router(doc, receiver, depth + 1)
        if outer is None:
            return None
        if method == "Group" and outer[0] in ("gin", "echo") and args:
            return outer[0], concat(outer[1], self.value(doc, args[0]))
        if method == "Route" and outer[0] == "chi" and args:
            return outer[0], concat(outer[1], self.value(doc, args[0]))
        return outer

    def route(self, doc, expr, depth: int = 0):
        """A gorilla route chain: (kind, path value, prefix, methods)."""
        if expr is None or depth > _MAX_DEPTH or expr.type != "call_expression":
            return None
        receiver, method = method_call(doc, expr)
        args = children(field_of(expr, "arguments"))
        router = self.router(doc, receiver, depth + 1)
        if router is not None and router[0] == "gorilla":
            if method in ("Path", "PathPrefix") and args:
                return router[0], concat(router[1], self.value(doc, args[0])), method == "PathPrefix", ()
            if method in ("Methods", "Host", "Schemes", "Headers", "Queries", "NewRoute", "Name", "MatcherFunc"):
                return router[0], router[1], True, self._methods(doc, args) if method == "Methods" else ()
            return None
        inner = self.route(doc, receiver, depth + 1)
        if inner is None:
            return None
        kind, path, prefix, methods = inner
        if method in ("Path", "PathPrefix") and args:
            return kind, concat(path, self.value(doc, args[0])), method == "PathPrefix", methods
        if method == "Methods":
            return kind, path, prefix, methods + self._methods(doc, args)
        return inner

    def _methods(self, doc, args) -> tuple:
        out = []
        for arg in args:
            text = known_text(self.value(doc, arg))
            if text is None and arg.type == "selector_expression" and doc.refers_to(arg, HTTP, *(f"Method{m.title()}" for m in HTTP_METHODS)):
                text = doc.text_of(field_of(arg, "field"))[len("Method") :].upper()
            out.append(text)
        return tuple(out)

    def _handler(self, doc, call) -> None:
        function = field_of(call, "function")
        args = children(field_of(call, "arguments"))
        if doc.refers_to(function, HTTP, "Handle", "HandleFunc") and args:
            self._servemux_route(doc, call, _lit(""), args[0])
            return
        if doc.refers_to(function, GRPC_HEALTH, "RegisterHealthServer") and self.facts.grpc_health_at is None:
            self.facts.grpc_health_at = self.site(doc, call)
            return
        receiver, method = method_call(doc, call)
        if method is None:
            return
        if method in ("Handler", "HandlerFunc"):
            route = self.route(doc, receiver)
            if route is not None:
                self._gorilla_route(doc, call, route[1], route[2], route[3])
            return
        router = self.router(doc, receiver)
        if router is not None:
            self._framework_route(doc, call, router, method, args)

    def _framework_route(self, doc, call, router, method, args) -> None:
        kind, prefix = router
        if kind == "servemux" and method in ("Handle", "HandleFunc") and args:
            self._servemux_route(doc, call, prefix, args[0])
        elif kind == "gorilla" and method in ("Handle", "HandleFunc") and args:
            self._gorilla_route(doc, call, concat(prefix, self.value(doc, args[0])), False, _chained_methods(self, doc, call))
        elif kind == "chi":
            self._chi_route(doc, call, prefix, method, args)
        elif kind in ("gin", "echo"):
            self._gin_echo_route(doc, call, kind, prefix, method, args)

    def _add_route(self, doc, call, value, method, prefix, host=None, text=None) -> None:
        pattern = text if text is not None else default_text(value)
        unknown = pattern is None
        if unknown:
            pattern = "".join(s.default or "" for s in value)
        env = next((s.env for s in value if s.env), None)
        self.facts.handlers.append(Handler(doc.path, doc.span(call), pattern, method, prefix, unknown, env, host))

    def _servemux_route(self, doc, call, prefix, pattern_node) -> None:
        value = concat(prefix, self.value(doc, pattern_node))
        text = default_text(value)
        method, host = None, None
        if text is not None:
            head, space, rest = text.partition(" ")
            modern = doc.go_version is None or not doc.version_below(22)
            if space and modern and head in HTTP_METHODS:
                method, text = head, rest.lstrip(" \t")
            slash = text.find("/")
            if slash > 0:
                host, text = text[:slash], text[slash:]
            is_prefix = text.endswith("/") or (modern and text.endswith("...}"))
            self._add_route(doc, call, value, method, is_prefix, host, text)
        else:
            self._add_route(doc, call, value, None, False)

    def _gorilla_route(self, doc, call, value, prefix, methods) -> None:
        for method in methods or (None,):
            self._add_route(doc, call, value, method, prefix)

    def _chi_route(self, doc, call, prefix, method, args) -> None:
        verbs = {m.title(): m for m in HTTP_METHODS}
        if method in verbs and len(args) >= 2:
            verb, path = verbs[method], args[0]
        elif method in ("Handle", "HandleFunc") and len(args) >= 2:
            verb, path = None, args[0]
        elif method in ("Method", "MethodFunc") and len(args) >= 3:
            verb, path = known_text(self.value(doc, args[0])), args[1]
        elif method == "Mount" and len(args) >= 2:
            self._add_route(doc, call, concat(prefix, self.value(doc, args[0])), None, True)
            return
        else:
            return
        value = concat(prefix, self.value(doc, path))
        text = default_text(value)
        self._add_route(doc, call, value, verb.upper() if verb else None, bool(text and text.endswith("*")))

    def _gin_echo_route(self, doc, call, kind, prefix, method, args) -> None:
        if method in HTTP_METHODS and args:
            verb, path = method, args[0]
        elif method == "Any" and args:
            verb, path = None, args[0]
        elif method in ("Handle", "Add") and len(args) >= 2:
            verb, path = known_text(self.value(doc, args[0])), args[1]
        elif method in ("Static", "StaticFS") and args:
            self._add_route(doc, call, concat(prefix, self.value(doc, args[0])), "GET", True)
            return
        elif method == "StaticFile" and args:
            verb, path = "GET", args[0]
        else:
            return
        value = concat(prefix, self.value(doc, path))
        text = default_text(value) or ""
        last = text.rsplit("/", 1)[-1]
        self._add_route(doc, call, value, verb, last.startswith("*"))

    # ---- environment --------------------------------------------------------------

    def _env(self, doc, call) -> None:
        function = field_of(call, "function")
        if doc.refers_to(function, OS, "ExpandEnv"):
            text = known_text(self.value(doc, _first_arg(call)))
            for name in re.findall(r"\$\{?([A-Za-z_][A-Za-z0-9_]*)", text or ""):
                self.facts.env_reads.append(EnvRead(doc.path, doc.span(call), name))
            return
        if not doc.refers_to(function, OS, "Getenv", "LookupEnv"):
            return
        argument = _first_arg(call)
        decl = doc.scopes.resolve(argument) if argument is not None and argument.type == "identifier" else None
        name = known_text(self.value(doc, argument)) if decl is None or decl.kind != "param" else None
        if name is not None:
            self.facts.env_reads.append(EnvRead(doc.path, doc.span(call), name, _required(doc, call, self)))
            return
        # os.Getenv(key) in a package function: each call of it names the variable
        for site_doc, site, name, required in self._env_through(doc, argument, _required(doc, call, self), 0):
            self.facts.env_reads.append(EnvRead(site_doc.path, site_doc.span(site), name, required))

    def _env_through(self, doc, argument, required, depth):
        if argument is None or argument.type != "identifier" or depth > 3:
            return
        decl = doc.scopes.resolve(argument)
        if decl is None or decl.kind != "param":
            return
        owner = decl.owner or doc
        function, index = self.param_index(owner, decl)
        if function is None:
            return
        for other, call in self.calls_of(owner, function):
            args = children(field_of(call, "arguments"))
            if index >= len(args):
                continue
            name = known_text(self.value(other, args[index]))
            here = required or _required(other, call, self)
            if name is not None:
                yield other, call, name, here
            else:
                yield from self._env_through(other, args[index], here, depth + 1)

    # ---- runtime, signals, shutdown ---------------------------------------------

    def _imports(self, doc) -> None:
        for spec in doc.nodes("import_spec"):
            path = string_value(doc, field_of(spec, "path"))
            if path in AUTOMAXPROCS and self.facts.gomaxprocs_at is None:
                self.facts.gomaxprocs_at = self.site(doc, spec)
            if path in AUTOMEMLIMIT and self.facts.gomemlimit_at is None:
                self.facts.gomemlimit_at = self.site(doc, spec)

    def _runtime(self, doc, call) -> None:
        function = field_of(call, "function")
        args = children(field_of(call, "arguments"))
        query = args and doc.text_of(args[0]).replace(" ", "") in ("0", "-1")  # GOMAXPROCS(0), SetMemoryLimit(-1) only read
        if doc.refers_to(function, "runtime", "GOMAXPROCS") and not query and self.facts.gomaxprocs_at is None:
            self.facts.gomaxprocs_at = self.site(doc, call)
        elif doc.refers_to(function, "runtime/debug", "SetMemoryLimit") and not query and self.facts.gomemlimit_at is None:
            self.facts.gomemlimit_at = self.site(doc, call)
        elif doc.refers_to(function, "os/signal", "Notify", "NotifyContext"):
            names = tuple(doc.text_of(field_of(a, "field")) if a.type == "selector_expression" else doc.text_of(a) for a in args[1:])
            self.facts.signals.append(SignalNotify(doc.path, doc.span(call), names))
        elif method_call(doc, call)[1] == "Shutdown" and len(args) == 1:
            self.facts.shutdowns.append(Shutdown(doc.path, doc.span(call), _context_timeout(doc, args[0])))

    # ---- writes -----------------------------------------------------------------------

    def _write(self, doc, call) -> None:
        function = field_of(call, "function")
        args = children(field_of(call, "arguments"))
        name = doc.text_of(field_of(function, "field")) if function is not None and function.type == "selector_expression" else ""
        if doc.refers_to(function, OS, "Create", "WriteFile", "Mkdir", "MkdirAll") or doc.refers_to(function, "io/ioutil", "WriteFile"):
            target = args[0] if args else None
        elif doc.refers_to(function, OS, "OpenFile") and len(args) >= 2 and _creates(doc, args[1]):
            target = args[0]
        elif doc.refers_to(function, OS, "CreateTemp", "MkdirTemp") or doc.refers_to(function, "io/ioutil", "TempFile", "TempDir"):
            directory = known_text(self.value(doc, args[0])) if args else None
            self._add_write(doc, call, name, "/tmp" if directory == "" else directory, False)
            return
        elif doc.refers_to(function, OS, "TempDir"):
            self._add_write(doc, call, name, "/tmp", False)
            return
        else:
            return
        value = self.value(doc, target)
        text = known_text(value)
        if text is not None:
            self._add_write(doc, call, name, text, False)
        elif value and value[0].literal:
            self._add_write(doc, call, name, posixpath.dirname(value[0].default) if not value[0].default.endswith("/") else value[0].default.rstrip("/") or "/", True)

    def _add_write(self, doc, call, name, target, partial) -> None:
        if target and target.startswith("/"):
            self.facts.writes.append(Write(doc.path, doc.span(call), target, f"os.{name}", partial))


# ---- helpers --------------------------------------------------------------------------


def _first_arg(call):
    args = children(field_of(call, "arguments"))
    return args[0] if args else None


def _unwrap(node):
    """`&T{...}` or `(T{...})` → the composite literal."""
    while node is not None and node.type in ("unary_expression", "parenthesized_expression"):
        node = field_of(node, "operand") if node.type == "unary_expression" else node.named_child(0)
    return node


def _is(doc, ident, decl, owner=None) -> bool:
    found = doc.scopes.resolve(ident)
    return found is not None and found.node is not None and decl.node is not None and same(found.node, decl.node) and (found.owner or doc) is (decl.owner or owner or doc)


def _conditional(statement, declared) -> bool:
    """Whether an assignment runs only sometimes, relative to where its
    variable is declared: under an if, loop, switch, select or in a
    function literal."""
    if declared is None:  # a package variable: set unconditionally only at the top of main or init
        function = enclosing_function(statement)
        name = field_of(function, "name") if function is not None and function.type == "function_declaration" else None
        if name is None or name.text not in (b"main", b"init"):
            return True
        declared = field_of(function, "body").named_child(0)
    scope = declared.parent
    while scope is not None and scope.type not in ("block", "source_file", "statement_list"):
        scope = scope.parent
    node = statement.parent
    while node is not None and not (scope is not None and same(node, scope)):
        if node.type in ("if_statement", "for_statement", "expression_switch_statement", "type_switch_statement", "select_statement", "func_literal", "expression_case", "default_case"):
            return True
        node = node.parent
    return False


def _router_type(found):
    if found is None:
        return None
    kinds = {(HTTP, "ServeMux"): "servemux", (GORILLA, "Router"): "gorilla", (GIN, "Engine"): "gin", (GIN, "RouterGroup"): "gin"}
    kinds.update({(p, n): "chi" for p in CHI for n in ("Router", "Mux")})
    kinds.update({(p, n): "echo" for p in ECHO for n in ("Echo", "Group")})
    kind = kinds.get((found.path, found.name))
    return (kind, _lit("")) if kind else None


def _chained_methods(reader, doc, call) -> tuple:
    """Methods a gorilla `r.HandleFunc(...).Methods("GET")` chain adds."""
    out: tuple = ()
    node = call
    while node.parent is not None and node.parent.type == "selector_expression" and node.parent.parent is not None and node.parent.parent.type == "call_expression":
        outer = node.parent.parent
        if doc.text_of(field_of(node.parent, "field")) == "Methods":
            out += reader._methods(doc, children(field_of(outer, "arguments")))
        node = outer
    return out


def _bound_name(call):
    """The first name a `x, err := call` or `x, err = call` binds."""
    parent = call.parent
    if parent is not None and parent.type == "expression_list":
        parent = parent.parent
    if parent is None or parent.type not in ("short_var_declaration", "assignment_statement"):
        return None
    left = children(field_of(parent, "left"))
    return left[0] if left and left[0].type == "identifier" else None


def _creates(doc, flags) -> bool:
    return any(doc.refers_to(n, OS, "O_CREATE") or doc.refers_to(n, "syscall", "O_CREAT") for n in [flags, *doc.nodes("selector_expression", within=flags)])


def _own(doc, types, within) -> list:
    owner = within if within.type in ("func_literal", "function_declaration", "method_declaration") else enclosing_function(within)
    return [n for n in doc.nodes(*types, within=within) if same(enclosing_function(n), owner)]


_UNITS = {"Nanosecond": 1e-9, "Microsecond": 1e-6, "Millisecond": 1e-3, "Second": 1.0, "Minute": 60.0, "Hour": 3600.0}


def duration_seconds(doc, node, depth: int = 0) -> float | None:
    """Seconds of a time.Duration expression: N*time.Second, time.Duration(N)*time.Second, a constant."""
    if node is None or depth > 8:
        return None
    t = node.type
    if t in ("int_literal", "float_literal"):
        try:
            return float(doc.text_of(node).replace("_", ""))
        except ValueError:
            return None
    if t == "parenthesized_expression":
        return duration_seconds(doc, node.named_child(0), depth + 1)
    if t == "selector_expression" and doc.refers_to(node, "time", *_UNITS):
        return _UNITS[doc.text_of(field_of(node, "field"))]
    if t == "binary_expression" and doc.text_of(field_of(node, "operator")) in ("*", "+"):
        left, right = duration_seconds(doc, field_of(node, "left"), depth + 1), duration_seconds(doc, field_of(node, "right"), depth + 1)
        if left is None or right is None:
            return None
        return left * right if doc.text_of(field_of(node, "operator")) == "*" else left + right
    if t == "call_expression" and doc.refers_to(field_of(node, "function"), "time", "Duration"):
        return duration_seconds(doc, _first_arg(node), depth + 1)
    if t == "identifier":
        decl = doc.scopes.resolve(node)
        if decl is not None and decl.value is not None and not decl.tuple and decl.kind in ("package", "local"):
            return duration_seconds(decl.owner or doc, decl.value, depth + 1)
    return None


def _context_timeout(doc, argument) -> float | None:
    """The timeout of the context.WithTimeout a Shutdown argument comes from."""
    if argument is None:
        return None
    call = argument
    if argument.type == "identifier":
        decl = doc.scopes.resolve(argument)
        if decl is None or decl.kind not in ("package", "local") or decl.value is None or decl.index != 0:
            return None
        doc, call = decl.owner or doc, decl.value
    if call.type != "call_expression" or not doc.refers_to(field_of(call, "function"), "context", "WithTimeout"):
        return None
    args = children(field_of(call, "arguments"))
    return duration_seconds(doc, args[1]) if len(args) == 2 else None


def _merged(reads: list) -> list:
    """One read per name: the first, or the first that is required."""
    out: dict = {}
    for read in reads:
        if read.name not in out or (read.required and not out[read.name].required):
            out[read.name] = read
    return sorted(out.values(), key=lambda r: reads.index(next(x for x in reads if x.name == r.name)))


# ---- required environment variables -------------------------------------------------

_FAILING_METHODS = ("Fatal", "Fatalf", "Fatalln", "Panic", "Panicf", "Panicln", "Exit", "Exitf")


def _required(doc, call, reader) -> bool:
    """Whether the code fails when the value `call` reads is empty or
    unset: a branch testing it (directly or through the variable it is
    bound to) that panics, exits, log.Fatal's or returns an error."""
    for test, failing_when_true in _tests_of(doc, call):
        node = test
        while node.parent is not None and node.parent.type in ("binary_expression", "parenthesized_expression") and _or_chain(doc, node.parent, failing_when_true):
            node = node.parent
        statement = node.parent
        if statement is None or statement.type != "if_statement" or not same(field_of(statement, "condition"), node):
            continue
        branch = field_of(statement, "consequence") if failing_when_true else field_of(statement, "alternative")
        if branch is not None and _fails(doc, branch, reader):
            return True
    return False


def _or_chain(doc, node, failing_when_true) -> bool:
    """`a == "" || b == ""` fails on each; `a != "" && b != ""` passes on both."""
    operator = doc.text_of(field_of(node, "operator")) if node.type == "binary_expression" else None
    return node.type == "parenthesized_expression" or operator == ("||" if failing_when_true else "&&")


def _tests_of(doc, call):
    """(test expression, whether true means empty/unset) for each test of
    the value `call` reads."""
    yield from _emptiness(doc, call)
    parent = call.parent
    if parent is not None and parent.type == "expression_list":
        parent = parent.parent
    if parent is None or parent.type not in ("short_var_declaration", "assignment_statement"):
        return
    left = children(field_of(parent, "left"))
    scope = enclosing_function(call) or doc.root
    for index, name in enumerate(left):
        if name.type != "identifier" or doc.text_of(name) == "_":
            continue
        decl = doc.scopes.resolve(name)
        if decl is None:
            continue
        for use in doc.nodes("identifier", within=scope):
            if use.start_byte > name.start_byte and doc.text_of(use) == decl.name and doc.scopes.resolve(use) == decl:
                if index == 1:  # the ok of LookupEnv
                    yield from _truth(doc, use)
                else:
                    yield from _emptiness(doc, use)


def _emptiness(doc, node):
    """`x == ""`, `x != ""`, `len(x) == 0`, `len(x) > 0` around `node`."""
    parent = node.parent
    if parent is not None and parent.type == "argument_list" and parent.parent is not None:
        call = parent.parent
        if doc.text_of(field_of(call, "function")) == "len":
            node, parent = call, call.parent
            zero = "0"
        else:
            return
    else:
        zero = '""'
    if parent is None or parent.type != "binary_expression":
        return
    left, right = field_of(parent, "left"), field_of(parent, "right")
    other = right if same(left, node) else left
    if doc.text_of(other) not in (zero, "``"):
        return
    operator = doc.text_of(field_of(parent, "operator"))
    if operator in ("==", "<="):
        yield parent, True
    elif operator in ("!=", ">"):
        yield parent, False


def _truth(doc, node):
    parent = node.parent
    if parent is not None and parent.type == "unary_expression" and doc.text_of(field_of(parent, "operator")) == "!":
        yield parent, True
    elif parent is not None and parent.type == "binary_expression" and doc.text_of(field_of(parent, "right")) in ("false", "true"):
        yield parent, (doc.text_of(field_of(parent, "operator")) == "==") == (doc.text_of(field_of(parent, "right")) == "false")
    else:
        yield node, False


def _fails(doc, block, reader, depth: int = 0) -> bool:
    """Whether a block's own statements end the program or return an error."""
    if block.type == "if_statement":  # else if: not every path fails
        return False
    for statement in statements(block):
        if statement.type == "return_statement" and _returns_error(doc, statement):
            return True
        if statement.type == "expression_statement" and _failing_call(doc, statement.named_child(0), reader, depth):
            return True
    return False


def _failing_call(doc, call, reader, depth) -> bool:
    if call is None or call.type != "call_expression":
        return False
    function = field_of(call, "function")
    if function is not None and function.type == "identifier":
        name = doc.text_of(function)
        if name == "panic" and doc.scopes.resolve(function) is None:
            return True
        decl = doc.scopes.resolve(function)
        if decl is not None and decl.kind == "func" and depth < 2:
            body = field_of(decl.value, "body")
            return body is not None and _fails(decl.owner or doc, body, reader, depth + 1)
        return False
    if doc.refers_to(function, OS, "Exit"):
        return doc.text_of(_first_arg(call)) != "0"
    _, method = method_call(doc, call)
    return method in _FAILING_METHODS


def _returns_error(doc, statement) -> bool:
    results = statement.named_child(0) if statement.named_child_count else None
    if results is None:
        return False
    values = children(results) if results.type == "expression_list" else [results]
    if not values or doc.text_of(values[-1]) == "nil":
        return False
    function = enclosing_function(statement)
    result = field_of(function, "result")
    if result is None:
        return False
    kinds = [doc.text_of(field_of(p, "type")) for p in children(result)] if result.type == "parameter_list" else [doc.text_of(result)]
    return bool(kinds) and kinds[-1] == "error"
