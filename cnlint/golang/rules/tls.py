"""TLS configuration: certificate verification turned off, and protocol
versions older than TLS 1.2, in tls.Config values the syntax shows."""

from __future__ import annotations

from cnlint.checks import Checks
from cnlint.diagnostics import Finding
from cnlint.golang.index import per_package
from cnlint.golang.model import enclosing_function
from cnlint.golang.scope import same
from cnlint.golang.syntax import HTTP, TLS, assigned_fields, children, field_of, imports, literal_keys, typed

checks = Checks()


OLD_TLS = {"VersionSSL30": "SSL 3.0", "VersionTLS10": "TLS 1.0", "VersionTLS11": "TLS 1.1"}
OLD_TLS_NUMBERS = {0x0300: "SSL 3.0", 0x0301: "TLS 1.0", 0x0302: "TLS 1.1"}
_TLS_SERVERS = ("Listen", "NewListener", "Server")


# ---- GO001 InsecureSkipVerify -----------------------------------------------------


@checks.rule("GO001")
def insecure_skip_verify(doc, ctx):
    if b"InsecureSkipVerify" not in doc.data:
        return
    for literal in doc.nodes("composite_literal"):
        for config in _tls_config_literals(doc, literal):
            yield from _skip_verify_fields(doc, config)
    for assign in doc.nodes("assignment_statement"):
        for _, value in _assigned_fields(doc, assign, "InsecureSkipVerify"):
            if value.type == "true":
                yield _skip_verify_finding(doc, value)


def _tls_config_literals(doc, literal):
    """Bodies of tls.Config values in a composite literal: its own body, or
    the elements of a slice, array or map of tls.Config with elided types."""
    kind, body = field_of(literal, "type"), field_of(literal, "body")
    if doc.refers_to(kind, TLS, "Config"):
        yield body
        return
    if kind is None or kind.type not in ("slice_type", "array_type", "implicit_length_array_type", "map_type"):
        return
    element = field_of(kind, "value" if kind.type == "map_type" else "element")
    if element is not None and element.type == "pointer_type":
        element = element.named_child(0)
    if not doc.refers_to(element, TLS, "Config"):
        return
    for item in children(body):
        value = field_of(item, "value") if item.type == "keyed_element" else item
        inner = value.named_child(0) if value is not None and value.named_child_count else None
        if inner is not None and inner.type == "literal_value":
            yield inner


def _skip_verify_fields(doc, body):
    for item in children(body):
        if item.type != "keyed_element":
            continue
        key, value = field_of(item, "key"), field_of(item, "value")
        if doc.text_of(key) == "InsecureSkipVerify" and value is not None and value.named_child_count:
            if value.named_child(0).type == "true":
                yield _skip_verify_finding(doc, value.named_child(0))


def _skip_verify_finding(doc, node) -> Finding:
    return Finding(
        doc.span(node),
        "InsecureSkipVerify: true turns off TLS certificate verification, so anyone on the network path can impersonate the server",
    )


# ---- GO017 TLS minimum version too low --------------------------------------------


@checks.rule("GO017")
@per_package
def tls_min_version_too_low(doc, ctx):
    if not imports(doc, TLS):
        return
    server_configs = ctx.project.view(ServerConfigs).of_package(doc)
    for literal in doc.nodes("composite_literal"):
        for body in _tls_config_literals(doc, literal):
            keys = literal_keys(doc, body)
            value = keys.get("MinVersion")
            if value is not None:
                old = _old_version(doc, value)
                if old is not None:
                    yield _old_version_finding(doc, value, old)
                continue
            if (doc.path, body.start_byte) in server_configs and doc.version_below(22):
                yield Finding(
                    doc.span(body),
                    f"this server tls.Config sets no MinVersion, and before Go 1.22 a server's default minimum is TLS 1.0 ({doc.version_note()}); set MinVersion: tls.VersionTLS12",
                )


    for assign in doc.nodes("assignment_statement"):
        for target, value in _assigned_fields(doc, assign, "MinVersion"):
            old = _old_version(doc, value)
            if old is not None and typed(doc, field_of(target, "operand"), TLS, "Config"):
                yield _old_version_finding(doc, value, old)


def _old_version(doc, value) -> str | None:
    """'TLS 1.0' for tls.VersionTLS10 (or 0x0301), None for a newer or unknown version."""
    if value.type == "selector_expression" and doc.refers_to(value, TLS, *OLD_TLS):
        return OLD_TLS[doc.text_of(field_of(value, "field"))]
    if value.type == "int_literal":
        try:
            return OLD_TLS_NUMBERS.get(int(doc.text_of(value).replace("_", ""), 0))
        except ValueError:
            return None
    return None


def _old_version_finding(doc, value, old: str) -> Finding:
    return Finding(
        doc.span(value),
        f"MinVersion {old} allows protocol versions with known attacks (BEAST, POODLE, weak ciphers); require tls.VersionTLS12 or later",
    )


def _assigned_fields(doc, assign, name: str):
    """(x.name target, value) for each `x.name = value` of an assignment."""
    if doc.text_of(field_of(assign, "operator")) != "=":
        return
    left, right = children(field_of(assign, "left")), children(field_of(assign, "right"))
    if len(left) != len(right):
        return
    for target, value in zip(left, right, strict=True):
        if target.type == "selector_expression" and doc.text_of(field_of(target, "field")) == name:
            yield target, value


# ---- GO032 insecure cipher suites -------------------------------------------------

# tls.InsecureCipherSuites() of Go 1.23, and why each is weak.
INSECURE_SUITES = {
    "TLS_RSA_WITH_RC4_128_SHA": "RC4 is broken",
    "TLS_ECDHE_ECDSA_WITH_RC4_128_SHA": "RC4 is broken",
    "TLS_ECDHE_RSA_WITH_RC4_128_SHA": "RC4 is broken",
    "TLS_RSA_WITH_3DES_EDE_CBC_SHA": "3DES's 64-bit blocks fall to Sweet32",
    "TLS_ECDHE_RSA_WITH_3DES_EDE_CBC_SHA": "3DES's 64-bit blocks fall to Sweet32",
    "TLS_RSA_WITH_AES_128_CBC_SHA256": "CBC with SHA-256 is open to Lucky13 timing attacks",
    "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256": "CBC with SHA-256 is open to Lucky13 timing attacks",
    "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256": "CBC with SHA-256 is open to Lucky13 timing attacks",
    "TLS_RSA_WITH_AES_128_CBC_SHA": "RSA key exchange has no forward secrecy",
    "TLS_RSA_WITH_AES_256_CBC_SHA": "RSA key exchange has no forward secrecy",
    "TLS_RSA_WITH_AES_128_GCM_SHA256": "RSA key exchange has no forward secrecy",
    "TLS_RSA_WITH_AES_256_GCM_SHA384": "RSA key exchange has no forward secrecy",
}


@checks.rule("GO032")
@per_package
def tls_insecure_cipher_suite(doc, ctx):
    if not imports(doc, TLS) or b"CipherSuites" not in doc.data:
        return
    lists = []
    for literal in doc.nodes("composite_literal"):
        for body in _tls_config_literals(doc, literal):
            value = literal_keys(doc, body).get("CipherSuites")
            if value is not None:
                lists.append(value)
    for assign in doc.nodes("assignment_statement"):
        lists.extend(value for target, value in _assigned_fields(doc, assign, "CipherSuites") if typed(doc, field_of(target, "operand"), TLS, "Config"))
    seen = set()
    for value in lists:
        owner, suites = _suite_list(doc, value)
        for suite in suites:
            name = owner.text_of(field_of(suite, "field")) if suite.type == "selector_expression" else ""
            if name in INSECURE_SUITES and owner.refers_to(suite, TLS, name) and (owner.path, suite.start_byte) not in seen:
                seen.add((owner.path, suite.start_byte))
                where = f"{name}" if owner is doc else f"{doc.text_of(value)} holds {name} (in {owner.path}), which"
                yield Finding(
                    doc.span(suite if owner is doc else value),
                    f"{where} is one of Go's insecure cipher suites: {INSECURE_SUITES[name]}; leave CipherSuites unset, or list ECDHE suites with AES-GCM or ChaCha20-Poly1305",
                )


def _suite_list(doc, value):
    """(file, elements) of a CipherSuites value: a []uint16 literal, or a
    variable declared with one (in another file of the package too)."""
    if value.type == "identifier":
        decl = doc.scopes.resolve(value)
        if decl is None or decl.kind not in ("local", "package") or decl.value is None or decl.tuple:
            return doc, []
        owner = decl.owner or doc
        return (owner, _suite_list(owner, decl.value)[1]) if decl.value.type != "identifier" else (owner, [])
    if value.type == "composite_literal":
        body = field_of(value, "body")
        out = []
        for item in children(body):
            element = item.named_child(0) if item.type == "literal_element" and item.named_child_count else item
            out.append(element)
        return doc, out
    return doc, []


class ServerConfigs:
    """(path, start) of the tls.Config literal bodies a server of each
    package uses, found once per package of a run: the server may be in
    another file than the config (a view: `project.view(ServerConfigs)`)."""

    def __init__(self):
        self._found: dict = {}  # package scope -> set

    @classmethod
    def build(cls, project) -> ServerConfigs:
        return cls()

    def of_package(self, doc) -> set:
        package = doc.scopes.package
        if package is None:
            return self._find([doc])
        if package not in self._found:
            self._found[package] = self._find(package.files)
        return self._found[package]

    @staticmethod
    def _find(files) -> set:
        return {(owner.path, body.start_byte) for d in files if imports(d, HTTP, TLS) for owner, body in _server_tls_configs(d)}


def _server_tls_configs(doc) -> list:
    """(file, body) of tls.Config literals a server uses: the TLSConfig of
    an http.Server literal, or the config given to tls.Listen / NewListener
    / Server, written there or through a variable declared with it."""
    out = []
    for literal in doc.nodes("composite_literal"):
        if doc.refers_to(field_of(literal, "type"), HTTP, "Server"):
            value = literal_keys(doc, field_of(literal, "body")).get("TLSConfig")
            out.extend(_tls_bodies(doc, value))
    for call in doc.calls_to(TLS, *_TLS_SERVERS):
        args = children(field_of(call, "arguments"))
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
        if not found or _escapes(owner, decl) or "MinVersion" in assigned_fields(owner, found[0][1].parent):
            return []
        return found
    if value.type == "unary_expression":
        value = field_of(value, "operand")
    if value is not None and value.type == "composite_literal" and doc.refers_to(field_of(value, "type"), TLS, "Config"):
        return [(doc, field_of(value, "body"))]
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
        if parent.type == "selector_expression" and same(field_of(parent, "operand"), use):
            continue  # cfg.Field
        if parent.type == "literal_element" and parent.parent.type == "keyed_element" and d.text_of(field_of(parent.parent, "key")) == "TLSConfig":
            continue
        call = parent.parent if parent.type == "argument_list" else None
        if call is not None and d.refers_to(field_of(call, "function"), TLS, *_TLS_SERVERS) and same(children(parent)[-1], use):
            continue
        return True
    return False
