"""Secrets in Go code: credentials written into the source, and secrets
made with the predictable math/rand."""

from __future__ import annotations

import math
import re

from cnlint.checks import Checks
from cnlint.diagnostics import Finding
from cnlint.golang.model import enclosing_function
from cnlint.golang.syntax import children, field_of, imports, is_test_file, names_secret, string_value
from cnlint.patterns import lazy

checks = Checks()


SECRET_NAME = lazy(r"(passw(or)?d|passwd|\bpwd|secret|token|api_?key|apikey|access_?key|private_?key|credential|auth_?key|client_?secret)", re.I)
# Names that mention a secret but hold something else (a header, a field or
# file name, a type, a path).
NOT_SECRET_NAME = lazy(r"(header|field|name|file|path|type|prefix|suffix|env|url|uri|endpoint|length|len|size|kind|key_?id|format|pattern|regexp?|label|param|query|placeholder|example)$", re.I)
PLACEHOLDER = lazy(r"(xxx|\*\*\*|<[^>]*>|\$\{|\{\{|%[sdvq]|example|placeholder|dummy|fake|sample|changeme|change[-_]me|redacted|your[-_]|todo|fixme|test|mock|\.\.\.)", re.I)
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
_GITHUB = lazy(r"gh[pousr]_")
MATH_RAND = ("math/rand", "math/rand/v2")


# ---- GO018 hardcoded credential ---------------------------------------------------


@checks.rule("GO018")
def hardcoded_credential(doc, ctx):
    if is_test_file(doc):
        return  # test fixtures hold fake keys and URLs on purpose
    reported = set()
    for name, value in _named_strings(doc):
        secret = string_value(doc, value)
        if secret is not None and _looks_secret(doc.text_of(name), secret):
            reported.add(value.start_byte)
            yield Finding(
                doc.span(value),
                f"{doc.text_of(name)} is set to a literal that looks like a real credential (high-entropy, not a placeholder); "
                "anyone with the source or the binary can read it",
            )
    text = doc.source.text
    formats = [(p, what) for hint, p, what in TOKEN_FORMATS if hint in text and (hint != "_" or _GITHUB.search(text))]
    if not any(pattern.search(text) for pattern, _ in formats):
        return  # one scan of the file before looking at each string
    for value in doc.nodes("interpreted_string_literal", "raw_string_literal"):
        if value.start_byte in reported:
            continue
        text = string_value(doc, value) or ""
        for pattern, what in formats:
            m = pattern.search(text)
            if m and not PLACEHOLDER.search(m.group(0)) and not (m.groups() and _placeholder_password(m.group(1))):
                yield Finding(doc.span(value), f"this string holds {what}; anyone with the source or the binary can read it")
                break


def _named_strings(doc):
    """(name, string literal) for constants, variables, assignments and
    struct literal keys that set a name to a string literal."""
    for spec in doc.nodes("const_spec", "var_spec"):
        names, values = spec.children_by_field_name("name"), children(field_of(spec, "value"))
        if len(names) == len(values):
            yield from zip(names, values, strict=True)
    for statement in doc.nodes("short_var_declaration", "assignment_statement"):
        left, right = children(field_of(statement, "left")), children(field_of(statement, "right"))
        if len(left) == len(right):
            for target, value in zip(left, right, strict=True):
                yield (field_of(target, "field") if target.type == "selector_expression" else target), value
    for item in doc.nodes("keyed_element"):
        key, value = field_of(item, "key"), field_of(item, "value")
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


# ---- GO021 math/rand for secrets --------------------------------------------------


@checks.rule("GO021")
def math_rand_for_secret(doc, ctx):
    if not imports(doc, *MATH_RAND):
        return
    for call in [c for path in MATH_RAND for c in doc.calls_to(path, *_RAND_FUNCS)]:
        function = field_of(call, "function")
        purpose = _secret_purpose(doc, call)
        if purpose is None:
            continue
        yield Finding(
            doc.span(function),
            f"{doc.text_of(function)} from math/rand is predictable, yet it makes {purpose}; use crypto/rand for anything an attacker must not guess",
        )


_RAND_FUNCS = ("Read", "Int", "Intn", "Int31", "Int31n", "Int63", "Int63n", "Uint32", "Uint64", "IntN", "Int64", "Int64N", "Uint64N", "Uint32N", "N", "Perm", "Shuffle")


def _secret_purpose(doc, call) -> str | None:
    """What secret a random value goes into: the variable it is assigned to
    or the function it is made in, when their name says so."""
    node = call
    while node.parent is not None and node.parent.type not in ("short_var_declaration", "assignment_statement", "var_spec", "return_statement", "block", "statement_list"):
        node = node.parent
    statement = node.parent
    if statement is not None and statement.type in ("short_var_declaration", "assignment_statement", "var_spec"):
        targets = children(field_of(statement, "left")) or statement.children_by_field_name("name")
        for target in targets:
            name = doc.text_of(target)
            if names_secret(name):
                return f"{name}"
    function = enclosing_function(call)
    while function is not None:
        name = field_of(function, "name")
        if name is not None and names_secret(doc.text_of(name)):
            return f"the result of {doc.text_of(name)}"
        function = enclosing_function(function)
    return None
