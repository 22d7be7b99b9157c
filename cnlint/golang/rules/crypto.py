"""Cryptographic primitives that no longer protect anything: the DES,
3DES and RC4 ciphers, and MD5 and SHA-1 used on a secret."""

from __future__ import annotations

from cnlint.checks import Checks
from cnlint.diagnostics import Finding
from cnlint.golang.model import enclosing_function
from cnlint.golang.syntax import children, field_of, imports, is_test_file, method_call, name_words, names_secret

checks = Checks()


CIPHERS = {
    ("crypto/des", "NewCipher"): "DES's 56-bit key falls to brute force in hours",
    ("crypto/des", "NewTripleDESCipher"): "3DES's 64-bit blocks fall to Sweet32 after a few dozen gigabytes",
    ("crypto/rc4", "NewCipher"): "RC4's biased key stream reveals the plaintext",
}
HASHES = {"crypto/md5": "MD5", "crypto/sha1": "SHA-1"}
# What, besides a secret's name, says a digest protects something.
_SIGNING = frozenset({"signature", "sign", "signed", "signing"})
_PASSWORDS = frozenset({"password", "passwd", "pwd"})
# A function named for a secret makes one when its name also says so
# (`hashPassword`, `newToken`; not `filenameForSecret`).
_MAKING = frozenset({"hash", "sign", "signature", "verify", "compare", "check", "generate", "gen", "new", "make", "create", "encode", "encrypt", "digest", "derive", "mac"})


# ---- GO031 weak cryptographic primitive -----------------------------------------------


@checks.rule("GO031")
def weak_crypto_primitive(doc, ctx):
    if is_test_file(doc) or not imports(doc, "crypto/des", "crypto/rc4", *HASHES):
        return  # test vectors use the old primitives on purpose
    for (path, name), why in CIPHERS.items():
        for call in doc.calls_to(path, name):
            yield Finding(
                doc.span(field_of(call, "function")),
                f"{doc.text_of(field_of(call, 'function'))} encrypts with a broken cipher: {why}; use AES-GCM (crypto/cipher.NewGCM) or golang.org/x/crypto/chacha20poly1305",
            )
    for path, algorithm in HASHES.items():
        for call in doc.calls_to(path, "Sum", "New"):
            secret = _protected(doc, call)
            if secret is None:
                continue
            advice = "hash passwords with bcrypt, scrypt or argon2" if _PASSWORDS.intersection(name_words(secret)) else "use SHA-256, or HMAC-SHA-256 to sign"
            yield Finding(
                doc.span(field_of(call, "function")),
                f"{algorithm} protects {secret} here, but it is broken: collisions are cheap and a fast hash of a secret is reversed by brute force; {advice}",
            )


def _protected(doc, call) -> str | None:
    """The secret a digest is made of or made for, by the names around it:
    what it hashes, the variable it is stored in, the function it is made
    in. None when nothing says it protects anything (checksums, ETags,
    cache keys, content addresses)."""
    args = children(field_of(call, "arguments"))
    hashed = list(args)
    target = _assigned(doc, call)
    if target is not None and doc.text_of(field_of(call, "function")).endswith("New"):
        # h := md5.New(): what is written into h
        function = enclosing_function(call)
        for use in doc.nodes("call_expression", within=function) if function is not None else ():
            receiver, method = method_call(doc, use)
            written = children(field_of(use, "arguments"))
            if method in ("Write", "WriteString") and doc.text_of(receiver) == doc.text_of(target):
                hashed.extend(written)
            elif doc.refers_to(field_of(use, "function"), "io", "WriteString") and len(written) == 2 and doc.text_of(written[0]) == doc.text_of(target):
                hashed.append(written[1])
    for value in hashed:
        for name in doc.nodes("identifier", "field_identifier", within=value) or [value]:
            if name.type in ("identifier", "field_identifier") and names_secret(doc.text_of(name), _SIGNING):
                return doc.text_of(name)
    if target is not None and names_secret(doc.text_of(target), _SIGNING):
        return doc.text_of(target)
    function = enclosing_function(call)
    while function is not None:
        name = doc.text_of(field_of(function, "name")) if field_of(function, "name") is not None else ""
        if names_secret(name, _SIGNING) and _MAKING.intersection(name_words(name)):
            return f"what {name} makes"
        function = enclosing_function(function)
    return None


def _assigned(doc, call):
    """The variable a call's result is stored in, if any."""
    node = call
    while node.parent is not None and node.parent.type in ("expression_list", "parenthesized_expression", "slice_expression"):
        node = node.parent
    statement = node.parent
    if statement is None or statement.type not in ("short_var_declaration", "assignment_statement", "var_spec"):
        return None
    targets = statement.children_by_field_name("name") if statement.type == "var_spec" else children(field_of(statement, "left"))
    target = targets[0] if targets else None
    if target is not None and target.type == "selector_expression":
        target = field_of(target, "field")
    return target
