"""Go service hygiene and security rules: HTTP servers and clients, TLS,
credentials, shell commands, SQL, randomness, file modes, profiling and
shutdown. Each reports only what the syntax proves; gosec's noisier checks
are narrowed to the cases that are wrong whatever the context."""

from __future__ import annotations

import math
import re
from pathlib import PurePosixPath

from cnlint.golang.model import enclosing_function
from cnlint.golang import scope as goscope
from cnlint.golang.scope import same
from cnlint.checks import Checks
from cnlint.golang.rules.basics import HTTP, SERVE_FUNCS, TLS, _children, _field, _tls_config_literals, per_package
from cnlint.golang.rules.concurrency import _imports, method_call, package_imports, typed
from cnlint.diagnostics import Finding

checks = Checks()

EXEC = "os/exec"
OLD_TLS = {"VersionSSL30": "SSL 3.0", "VersionTLS10": "TLS 1.0", "VersionTLS11": "TLS 1.1"}
SHELLS = {"sh", "bash", "zsh", "dash", "ash", "ksh", "/bin/sh", "/bin/bash", "/usr/bin/bash", "/usr/bin/sh", "/bin/zsh", "/bin/dash"}
SQL_METHODS = {"Query": 0, "QueryRow": 0, "Exec": 0, "Prepare": 0, "QueryContext": 1, "QueryRowContext": 1, "ExecContext": 1, "PrepareContext": 1}
SQL_START = re.compile(r"^\s*(SELECT|INSERT|UPDATE|DELETE|WITH|REPLACE|MERGE|UPSERT)\b", re.I)
SECRET_NAME = re.compile(r"(passw(or)?d|passwd|\bpwd|secret|token|api_?key|apikey|access_?key|private_?key|credential|auth_?key|client_?secret)", re.I)
# Names that mention a secret but hold something else (a header, a field or
# file name, a type, a path).
NOT_SECRET_NAME = re.compile(r"(header|field|name|file|path|type|prefix|suffix|env|url|uri|endpoint|length|len|size|kind|key_?id|format|pattern|regexp?|label|param|query|placeholder|example)$", re.I)
PLACEHOLDER = re.compile(r"(xxx|\*\*\*|<[^>]*>|\$\{|\{\{|%[sdvq]|example|placeholder|dummy|fake|sample|changeme|change[-_]me|redacted|your[-_]|todo|fixme|test|mock|\.\.\.)", re.I)
# (text every match contains, pattern, what it is): the text is looked for
# first, as a pattern that starts with \b is slow to search a whole file for.
TOKEN_FORMATS = (
    ("AKIA", re.compile(r"\bAKIA[0-9A-Z]{16}\b"), "an AWS access key id"),
    ("_", re.compile(r"\bgh[pousr]_[A-Za-z0-9]{36}\b"), "a GitHub token"),
    ("github_pat_", re.compile(r"\bgithub_pat_[A-Za-z0-9_]{60,}\b"), "a GitHub token"),
    ("xox", re.compile(r"\bxox[abprs]-[0-9A-Za-z-]{10,}\b"), "a Slack token"),
    ("sk_live_", re.compile(r"\bsk_live_[0-9A-Za-z]{24,}\b"), "a Stripe secret key"),
    ("AIza", re.compile(r"\bAIza[0-9A-Za-z_-]{35}\b"), "a Google API key"),
    ("PRIVATE KEY", re.compile(r"-----BEGIN (?:RSA |EC |DSA |OPENSSH |ENCRYPTED )?PRIVATE KEY-----"), "a private key"),
    ("://", re.compile(r"\b[a-z][a-z0-9+.-]*://[^/\s:@'\"]*:([^/\s@'\"]+)@"), "a URL with a password"),
)
_GITHUB = re.compile(r"gh[pousr]_")
MATH_RAND = ("math/rand", "math/rand/v2")
# Words of a name (camelCase or snake_case) that say it holds a secret.
SECRET_WORDS = {"token", "tokens", "secret", "secrets", "password", "passwd", "nonce", "salt", "otp", "csrf", "apikey", "credential", "credentials"}
SECRET_PAIRS = {("session", "id"), ("session", "key"), ("api", "key"), ("reset", "code"), ("auth", "code")}
SIGTERM = ("SIGTERM",)


def _string_value(doc, node) -> str | None:
    """The value of a string literal (interpreted or raw), else None."""
    if node is None or node.type not in ("interpreted_string_literal", "raw_string_literal"):
        return None
    text = doc.text_of(node)
    if node.type == "raw_string_literal":
        return text[1:-1]
    try:
        return bytes(text[1:-1], "utf-8").decode("unicode_escape") if "\\" in text else text[1:-1]
    except UnicodeDecodeError:
        return text[1:-1]


def _constant(doc, node) -> bool:
    """Whether an expression is a compile-time string constant the syntax
    shows: literals, named constants, and `+` of those."""
    if node is None:
        return False
    if node.type in ("interpreted_string_literal", "raw_string_literal", "int_literal"):
        return True
    if node.type == "parenthesized_expression":
        return _constant(doc, node.named_child(0))
    if node.type == "binary_expression" and doc.text_of(_field(node, "operator")) == "+":
        return _constant(doc, _field(node, "left")) and _constant(doc, _field(node, "right"))
    if node.type == "identifier":
        decl = doc.scopes.resolve(node)
        if decl is None:
            # Declared in a file of the package this run does not see, or
            # dot-imported: it may be a constant, so it counts as one.
            return True
        return decl.node is not None and decl.node.parent.type == "const_spec"
    return False


def _local_value(doc, ident):
    """The value a local variable is declared with, if it is never assigned again."""
    if ident is None or ident.type != "identifier":
        return None
    decl = doc.scopes.resolve(ident)
    if decl is None or decl.kind != "local" or decl.value is None or decl.tuple:
        return None
    function = enclosing_function(ident)
    for ref in doc.scopes.references(decl, function) if function is not None else ():
        parent = ref.parent
        if parent.type == "expression_list" and parent.parent.type == "assignment_statement" and same(_field(parent.parent, "left"), parent):
            return None
    return decl.value


def _is_test(doc) -> bool:
    return doc.path.endswith("_test.go") or "testdata" in PurePosixPath(doc.path.replace("\\", "/")).parts


def _package(doc) -> str:
    clause = doc.root.named_child(0) if doc.root.named_child_count else None
    if clause is None or clause.type != "package_clause" or not clause.named_child_count:
        return ""
    return doc.text_of(clause.named_child(0))


def _keys(doc, body) -> dict:
    """Key text -> value node of a literal body's keyed elements."""
    out = {}
    for item in _children(body):
        if item.type == "keyed_element":
            key, value = _field(item, "key"), _field(item, "value")
            if value is not None and value.type == "literal_element" and value.named_child_count:
                value = value.named_child(0)
            out[doc.text_of(key)] = value
    return out


def _assigned_fields(doc, literal) -> set:
    """Fields set later as `x.Field = ...` on the variable the literal initialises."""
    statement = literal.parent
    while statement is not None and statement.type in ("unary_expression", "expression_list", "parenthesized_expression"):
        statement = statement.parent
    if statement is None or statement.type not in ("short_var_declaration", "var_spec", "assignment_statement"):
        return set()
    names = {doc.text_of(n) for n in (_children(_field(statement, "left")) or statement.children_by_field_name("name"))}
    out = set()
    scope = enclosing_function(statement)
    for assign in doc.nodes("assignment_statement", within=scope or doc.root):
        for target in _children(_field(assign, "left")):
            if target.type == "selector_expression" and doc.text_of(_field(target, "operand")) in names:
                out.add(doc.text_of(_field(target, "field")))
    package = doc.scopes.package
    if scope is None and package is not None:
        # A package-level variable may be set up in another file's init.
        for other in package.files:
            for assign in other.nodes("assignment_statement") if other is not doc else ():
                for target in _children(_field(assign, "left")):
                    operand = _field(target, "operand") if target.type == "selector_expression" else None
                    if operand is not None and operand.type == "identifier" and other.text_of(operand) in names:
                        decl = other.scopes.resolve(operand)
                        if decl is not None and decl.owner is doc:
                            out.add(other.text_of(_field(target, "field")))
    return out


# ---- GO016 http.Server without ReadHeaderTimeout -----------------------------------


@checks.project("GO016")
@per_package
def http_server_without_read_header_timeout(doc, ctx):
    if not _imports(doc, HTTP) or _is_test(doc):
        return  # a test's server never faces slow clients
    for literal in doc.nodes("composite_literal"):
        type_node = _field(literal, "type")
        if not doc.refers_to(type_node, HTTP, "Server"):
            continue
        keys = set(_keys(doc, _field(literal, "body"))) | _assigned_fields(doc, literal)
        if keys & {"ReadHeaderTimeout", "ReadTimeout"}:
            continue
        yield Finding(
            doc.span(type_node),
            f"{doc.text_of(type_node)} sets neither ReadHeaderTimeout nor ReadTimeout, so a client that sends its headers slowly holds a connection open for ever (Slowloris)",
        )


# ---- GO017 TLS minimum version too low ---------------------------------------------


@checks.project("GO017")
@per_package
def tls_min_version_too_low(doc, ctx):
    if not _imports(doc, TLS):
        return
    server_configs = _package_server_configs(doc)
    for literal in doc.nodes("composite_literal"):
        for body in _tls_config_literals(doc, literal):
            keys = _keys(doc, body)
            value = keys.get("MinVersion")
            if value is not None:
                name = _field(value, "field") if value.type == "selector_expression" else None
                if name is not None and doc.refers_to(value, TLS, *OLD_TLS):
                    yield Finding(doc.span(value), f"MinVersion {OLD_TLS[doc.text_of(name)]} allows protocol versions with known attacks (BEAST, POODLE, weak ciphers); require tls.VersionTLS12 or later")
                continue
            if (doc.path, body.start_byte) in server_configs and doc.version_below(22):
                yield Finding(
                    doc.span(body),
                    f"this server tls.Config sets no MinVersion, and before Go 1.22 a server's default minimum is TLS 1.0 ({doc.version_note()}); set MinVersion: tls.VersionTLS12",
                )


def _package_server_configs(doc) -> set:
    """(path, start) of the tls.Config literal bodies a server of the
    package uses (computed once per package: the server may be in another
    file than the config)."""
    package = doc.scopes.package
    found = package.found if package is not None else {}
    if "server_tls" not in found:
        files = package.files if package is not None else [doc]
        found["server_tls"] = {(owner.path, body.start_byte) for d in files if _imports(d, HTTP, TLS) for owner, body in _server_tls_configs(d)}
    return found["server_tls"]


_TLS_SERVERS = ("Listen", "NewListener", "Server")


def _server_tls_configs(doc) -> list:
    """(file, body) of tls.Config literals a server uses: the TLSConfig of
    an http.Server literal, or the config given to tls.Listen / NewListener
    / Server, written there or through a variable declared with it."""
    out = []
    for literal in doc.nodes("composite_literal"):
        if doc.refers_to(_field(literal, "type"), HTTP, "Server"):
            value = _keys(doc, _field(literal, "body")).get("TLSConfig")
            out.extend(_tls_bodies(doc, value))
    for call in doc.calls_to(TLS, *_TLS_SERVERS):
        args = _children(_field(call, "arguments"))
        if args:
            out.extend(_tls_bodies(doc, args[-1]))
    return out


def _tls_bodies(doc, value, follow: bool = True):
    if value is None:
        return []
    if value.type == "identifier" and follow:
        # A variable declared with the literal, used only to configure a
        # server: whatever else it is handed to might set MinVersion.
        decl = doc.scopes.resolve(value)
        if decl is None or decl.kind not in ("local", "package") or decl.value is None or decl.tuple:
            return []
        owner = decl.owner or doc
        found = _tls_bodies(owner, decl.value, follow=False)
        if not found or _escapes(owner, decl) or "MinVersion" in _assigned_fields(owner, found[0][1].parent):
            return []
        return found
    if value.type == "unary_expression":
        value = _field(value, "operand")
    if value is not None and value.type == "composite_literal" and doc.refers_to(_field(value, "type"), TLS, "Config"):
        return [(doc, _field(value, "body"))]
    return []


def _escapes(owner, decl) -> bool:
    """Whether a variable is used other than as a server's config or to
    read and set its fields (in its function, or for a package-level one
    in any file of the package)."""
    if decl.kind == "local":
        scope = enclosing_function(decl.node)
        uses = [(owner, u) for u in owner.scopes.references(decl, scope)] if scope is not None else []
    else:
        package = owner.scopes.package
        uses = []
        for d in package.files if package is not None else [owner]:
            for ident in d.nodes("identifier"):
                if d.text_of(ident) == decl.name and not same(ident, decl.node):
                    found = d.scopes.resolve(ident)
                    if found is not None and same(found.node, decl.node):
                        uses.append((d, ident))
    for d, use in uses:
        parent = use.parent
        if parent.type == "selector_expression" and same(_field(parent, "operand"), use):
            continue  # cfg.Field
        if parent.type == "literal_element" and parent.parent.type == "keyed_element" and d.text_of(_field(parent.parent, "key")) == "TLSConfig":
            continue
        call = parent.parent if parent.type == "argument_list" else None
        if call is not None and d.refers_to(_field(call, "function"), TLS, *_TLS_SERVERS) and same(_children(parent)[-1], use):
            continue
        return True
    return False


# ---- GO018 hardcoded credential -------------------------------------------------------


@checks.rule("GO018")
def hardcoded_credential(doc, ctx):
    if _is_test(doc):
        return  # test fixtures hold fake keys and URLs on purpose
    reported = set()
    for name, value in _named_strings(doc):
        secret = _string_value(doc, value)
        if secret is not None and _looks_secret(doc.text_of(name), secret):
            reported.add(value.start_byte)
            yield Finding(doc.span(value), f"{doc.text_of(name)} is set to a literal that looks like a real credential (high-entropy, not a placeholder); anyone with the source or the binary can read it")
    text = doc.source.text
    formats = [(p, what) for hint, p, what in TOKEN_FORMATS if hint in text and (hint != "_" or _GITHUB.search(text))]
    if not any(pattern.search(text) for pattern, _ in formats):
        return  # one scan of the file before looking at each string
    for value in doc.nodes("interpreted_string_literal", "raw_string_literal"):
        if value.start_byte in reported:
            continue
        text = _string_value(doc, value) or ""
        for pattern, what in formats:
            m = pattern.search(text)
            if m and not PLACEHOLDER.search(m.group(0)) and not (m.groups() and _placeholder_password(m.group(1))):
                yield Finding(doc.span(value), f"this string holds {what}; anyone with the source or the binary can read it")
                break


def _named_strings(doc):
    """(name, string literal) for constants, variables, assignments and
    struct literal keys that set a name to a string literal."""
    for spec in doc.nodes("const_spec", "var_spec"):
        names, values = spec.children_by_field_name("name"), _children(_field(spec, "value"))
        if len(names) == len(values):
            yield from zip(names, values)
    for statement in doc.nodes("short_var_declaration", "assignment_statement"):
        left, right = _children(_field(statement, "left")), _children(_field(statement, "right"))
        if len(left) == len(right):
            for target, value in zip(left, right):
                yield (_field(target, "field") if target.type == "selector_expression" else target), value
    for item in doc.nodes("keyed_element"):
        key, value = _field(item, "key"), _field(item, "value")
        if value is not None and value.type == "literal_element" and value.named_child_count:
            value = value.named_child(0)
        if key is not None and value is not None:
            yield key, value


def _looks_secret(name: str, value: str) -> bool:
    if not SECRET_NAME.search(name) or NOT_SECRET_NAME.search(name):
        return False
    if len(value) < 8 or any(c.isspace() for c in value) or PLACEHOLDER.search(value) or len(set(value)) < 5:
        return False
    if re.fullmatch(r"[a-z]+([-_.][a-z]+)*", value) or re.fullmatch(r"[A-Z]+([-_][A-Z]+)*", value):
        return False  # a word, a header or an environment variable's name
    if "/" in value and not re.search(r"[A-Za-z0-9+/]{20,}", value):
        return False  # a path or URL
    classes = sum(bool(re.search(p, value)) for p in (r"[a-z]", r"[A-Z]", r"[0-9]", r"[^A-Za-z0-9]"))
    return classes >= 2 and _entropy(value) >= 3.0


def _entropy(value: str) -> float:
    counts = {c: value.count(c) for c in set(value)}
    return -sum(n / len(value) * math.log2(n / len(value)) for n in counts.values())


def _placeholder_password(password: str) -> bool:
    return password.lower() in ("password", "pass", "passwd", "pwd", "secret", "") or bool(PLACEHOLDER.search(password)) or password.startswith("$")


# ---- GO019 shell command with a non-constant script -----------------------------------


@checks.project("GO019")
@per_package
def shell_command_not_constant(doc, ctx):
    if not _imports(doc, EXEC):
        return
    for call in doc.calls_to(EXEC, "Command", "CommandContext"):
        function = _field(call, "function")
        args = _children(_field(call, "arguments"))
        if doc.text_of(_field(function, "field") if function.type == "selector_expression" else function) == "CommandContext":
            args = args[1:]
        if len(args) < 3 or _string_value(doc, args[0]) not in SHELLS or _string_value(doc, args[1]) != "-c":
            continue
        script = args[2]
        if script.type == "variadic_argument" or _constant(doc, script) or _constant(doc, _local_value(doc, script)):
            continue
        yield Finding(
            doc.span(script),
            f"the script {_string_value(doc, args[0])} -c runs is built at run time, so a value with shell metacharacters runs commands of its own; pass the program and its arguments to exec.Command directly",
        )


# ---- GO020 SQL built from strings ----------------------------------------------------------


@checks.project("GO020")
@per_package
def sql_built_from_strings(doc, ctx):
    if not any(m.encode() in doc.data for m in ("Query", "Exec", "Prepare")):
        return
    for call in doc.nodes("call_expression"):
        receiver, method = method_call(doc, call)
        if method not in SQL_METHODS or receiver is None:
            continue
        args = _children(_field(call, "arguments"))
        index = SQL_METHODS[method]
        if len(args) <= index:
            continue
        query = args[index]
        built = _built_sql(doc, query) or _built_sql(doc, _local_value(doc, query))
        if built:
            yield Finding(doc.span(query), f"the SQL passed to {method} is built with {built} from values that are not constants, so a value with a quote can change the statement (SQL injection); pass them as query arguments (?, $1)")


def _built_sql(doc, node) -> str | None:
    if node is None:
        return None
    if node.type == "call_expression" and doc.refers_to(_field(node, "function"), "fmt", "Sprintf"):
        args = _children(_field(node, "arguments"))
        fmt = _string_value(doc, args[0]) if args else None
        if fmt is None or not SQL_START.match(fmt):
            return None
        verbs = re.findall(r"%[-+# 0-9.]*([a-zA-Z%])", fmt)
        string_verbs = [v for v in verbs if v != "%" and v not in "dboxXfFeEgGtc"]
        if string_verbs and not all(_constant(doc, a) for a in args[1:]):
            return "fmt.Sprintf"
        return None
    if node.type == "binary_expression" and doc.text_of(_field(node, "operator")) == "+":
        parts = _concat_parts(doc, node)
        first = _string_value(doc, parts[0])
        if first is not None and SQL_START.match(first) and not all(_constant(doc, p) or _numeric(doc, p) for p in parts):
            return "+"
    return None


def _concat_parts(doc, node) -> list:
    if node.type == "binary_expression" and doc.text_of(_field(node, "operator")) == "+":
        return _concat_parts(doc, _field(node, "left")) + _concat_parts(doc, _field(node, "right"))
    return [node]


def _numeric(doc, node) -> bool:
    """strconv.Itoa / FormatInt / FormatFloat of a value: digits only."""
    return node.type == "call_expression" and doc.refers_to(_field(node, "function"), "strconv", "Itoa", "FormatInt", "FormatUint", "FormatFloat", "FormatBool")


# ---- GO021 math/rand for secrets ------------------------------------------------------------


@checks.rule("GO021")
def math_rand_for_secret(doc, ctx):
    if not _imports(doc, *MATH_RAND):
        return
    for call in [c for path in MATH_RAND for c in doc.calls_to(path, *_RAND_FUNCS)]:
        function = _field(call, "function")
        purpose = _secret_purpose(doc, call)
        if purpose is None:
            continue
        yield Finding(
            doc.span(function),
            f"{doc.text_of(function)} from math/rand is predictable, yet it makes {purpose}; use crypto/rand for anything an attacker must not guess",
        )


_RAND_FUNCS = ("Read", "Int", "Intn", "Int31", "Int31n", "Int63", "Int63n", "Uint32", "Uint64", "IntN", "Int64", "Int64N", "Uint64N", "Uint32N", "N", "Perm", "Shuffle")


def _secret_name(name: str) -> bool:
    words = [w.lower() for w in re.findall(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|[0-9]+", name)]
    return bool(SECRET_WORDS.intersection(words)) or any(pair in SECRET_PAIRS for pair in zip(words, words[1:]))


def _secret_purpose(doc, call) -> str | None:
    """What secret a random value goes into: the variable it is assigned to
    or the function it is made in, when their name says so."""
    node = call
    while node.parent is not None and node.parent.type not in ("short_var_declaration", "assignment_statement", "var_spec", "return_statement", "block", "statement_list"):
        node = node.parent
    statement = node.parent
    if statement is not None and statement.type in ("short_var_declaration", "assignment_statement", "var_spec"):
        targets = _children(_field(statement, "left")) or statement.children_by_field_name("name")
        for target in targets:
            name = doc.text_of(target)
            if _secret_name(name):
                return f"{name}"
    function = enclosing_function(call)
    while function is not None:
        name = _field(function, "name")
        if name is not None and _secret_name(doc.text_of(name)):
            return f"the result of {doc.text_of(name)}"
        function = enclosing_function(function)
    return None


# ---- GO022 file mode too wide ------------------------------------------------------------------

_MODE_ARG = {"WriteFile": 2, "OpenFile": 2, "Chmod": 1, "Mkdir": 1, "MkdirAll": 1}
SECRET_FILE = re.compile(r"(key|secret|token|credential|passw|\.pem|\.p12|\.pfx|kubeconfig|id_rsa|id_ed25519)", re.I)


@checks.rule("GO022")
def file_mode_too_wide(doc, ctx):
    if not _imports(doc, "os"):
        return
    for call in doc.calls_to("os", *_MODE_ARG):
        function = _field(call, "function")
        name = doc.text_of(_field(function, "field") if function.type == "selector_expression" else function)  # os.Chmod, or Chmod after a dot import
        args = _children(_field(call, "arguments"))
        if len(args) <= _MODE_ARG[name] or args[_MODE_ARG[name]].type != "int_literal":
            continue
        mode_node = args[_MODE_ARG[name]]
        mode = _int(doc.text_of(mode_node))
        if mode is None:
            continue
        if mode & 0o002 and name == "Chmod":
            # Creation modes pass through the umask (0666 and 0777 are the
            # idiom); Chmod sets the bits as given.
            yield Finding(doc.span(mode_node), f"mode {oct(mode)[2:].zfill(4)} makes {doc.text_of(args[0])} writable by every user on the host; drop the world-write bit (0755 / 0644 or tighter)")
        elif not name.startswith("Mkdir") and mode & 0o044 and SECRET_FILE.search(doc.text_of(args[0])):
            yield Finding(doc.span(mode_node), f"mode {oct(mode)[2:].zfill(4)} lets other users read {doc.text_of(args[0])}, which by its name holds a secret; use 0600")


def _int(text: str) -> int | None:
    text = text.replace("_", "")
    try:
        if re.fullmatch(r"0[0-7]+", text):
            return int(text, 8)
        return int(text, 0)
    except ValueError:
        return None


# ---- GO023 net/http/pprof in a main package ---------------------------------------------------------


@checks.rule("GO023")
def pprof_in_main(doc, ctx):
    if _package(doc) != "main" or _is_test(doc):
        return
    for spec in doc.nodes("import_spec"):
        path = _field(spec, "path")
        if path is not None and doc.text_of(path) == '"net/http/pprof"':
            yield Finding(doc.span(path), "importing net/http/pprof registers /debug/pprof/ on http.DefaultServeMux, so a server using it exposes heap, goroutine and CPU profiles to anyone who can reach it; serve pprof on a separate, internal-only listener")


# ---- GO024 / GO025 HTTP responses -----------------------------------------------------------------------

_CLIENT_CALLS = ("Get", "Post", "Head", "PostForm")


def _responses(doc):
    """(resp identifier, err identifier or None, statement) for each
    `resp, err := http.Get(...)` or `client.Do(req)` the syntax proves."""
    for statement in doc.nodes("short_var_declaration", "assignment_statement"):
        left, right = _children(_field(statement, "left")), _children(_field(statement, "right"))
        if len(left) != 2 or len(right) != 1 or right[0].type != "call_expression" or left[0].type != "identifier":
            continue
        call = right[0]
        function = _field(call, "function")
        receiver, method = method_call(doc, call)
        if doc.refers_to(function, HTTP, *_CLIENT_CALLS):
            pass
        elif method in ("Do", *_CLIENT_CALLS) and (typed(doc, receiver, HTTP, "Client") or doc.refers_to(receiver, HTTP, "DefaultClient")):
            pass
        else:
            continue
        err = left[1] if left[1].type == "identifier" and doc.text_of(left[1]) != "_" else None
        yield left[0], err, statement


@checks.project("GO024")
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
            yield Finding(doc.span(resp), f"the body of {decl.name} is never closed, so its connection is not reused and leaks until the server closes it; defer {decl.name}.Body.Close() after the error check")


_READERS = {("io", "ReadAll"), ("io", "Copy"), ("ioutil", "ReadAll"), ("json", "NewDecoder"), ("bufio", "NewReader"), ("bufio", "NewScanner")}


def _body_kept(doc, use) -> bool:
    """Whether a use of resp neither closes its body nor lets it escape:
    `resp.Field` other than Body, or resp.Body read by a function that does
    not close it. Anything else might close it."""
    parent = use.parent
    if parent.type != "selector_expression" or not same(_field(parent, "operand"), use):
        return parent.type == "binary_expression"  # resp != nil
    if doc.text_of(_field(parent, "field")) != "Body":
        return parent.parent.type != "call_expression" or not same(_field(parent.parent, "function"), parent)
    holder = parent.parent
    if holder.type == "argument_list" and holder.parent.type == "call_expression":
        function = _field(holder.parent, "function")
        if function is not None and function.type == "selector_expression":
            package = doc.scopes.import_path(_field(function, "operand"))
            key = ((package or "").rsplit("/", 1)[-1], doc.text_of(_field(function, "field")))
            return package is not None and key in _READERS
    return False


@checks.project("GO025")
@per_package
def response_used_before_error_check(doc, ctx):
    if not package_imports(doc, HTTP):
        return
    for resp, err, statement in _responses(doc):
        if err is None or statement.parent is None or statement.parent.type != "statement_list":
            continue
        following = _children(statement.parent)
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
        sides = {doc.text_of(_field(compare, "left")), doc.text_of(_field(compare, "right"))}
        if sides == {name, "nil"}:
            return True
    return False


# ---- GO026 HTTP server without graceful shutdown --------------------------------------------------------


@checks.project("GO026")
def no_graceful_shutdown(project, ctx):
    goscope.link(project)
    packages: dict = {}
    for doc in project.of_kind("go"):
        if _package(doc) == "main" and not _is_test(doc):
            packages.setdefault(str(PurePosixPath(doc.path.replace("\\", "/")).parent), []).append(doc)
    for docs in packages.values():
        if any(_handles_shutdown(doc) for doc in docs):
            continue
        for doc in docs:
            for call in _serve_calls(doc):
                yield Finding(
                    doc.span(call),
                    "this main package serves HTTP but never handles SIGTERM or calls Server.Shutdown, so when Kubernetes stops the pod (every rolling update) in-flight requests are cut off; stop on signal.NotifyContext(ctx, syscall.SIGTERM) with srv.Shutdown",
                    path=doc.path,
                )


def _serve_calls(doc):
    for call in doc.calls_to(HTTP, *SERVE_FUNCS):
        function = _field(call, "function")
        yield _field(function, "field") if function.type == "selector_expression" else function
    for call in doc.nodes("call_expression"):
        function = _field(call, "function")
        receiver, method = method_call(doc, call)
        if method in SERVE_FUNCS and typed(doc, receiver, HTTP, "Server"):
            yield _field(function, "field")


def _handles_shutdown(doc) -> bool:
    for call in doc.nodes("call_expression"):
        function = _field(call, "function")
        if method_call(doc, call)[1] in ("Shutdown", "RegisterOnShutdown"):
            return True
        if doc.refers_to(function, "os/signal", "Notify", "NotifyContext"):
            args = _children(_field(call, "arguments"))
            signals = args[1:]
            if not signals or any(doc.text_of(_field(a, "field")) in SIGTERM for a in signals if a.type == "selector_expression"):
                return True
    return False
