"""Secrets baked into the image: credentials in ARG, ENV and LABEL, key files
copied in."""

from __future__ import annotations

from cnlint.checks import Checks
from cnlint.diagnostics import Finding
from cnlint.dockerfile.model import env_pairs, pairs, tokens, unquote
from cnlint.patterns import lazy

checks = Checks()


# Known credential names (hadolint's list without the user names and ids it
# also holds); these count whatever their ending, AWS_ACCESS_KEY_ID included.
_SENSITIVE_NAMES = frozenset(
    "ACCESS_TOKEN APPLICATION_KEY APP_SECRET AUTH_TOKEN AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY BITTREX_API_KEY "
    "BITTREX_API_SECRET CF_PASSWORD CIRCLE_TOKEN CI_DEPLOY_PASSWORD DOCKERHUB_PASSWORD DOCKER_PASSWORD "
    "FACEBOOK_ACCESS_TOKEN FACEBOOK_APP_SECRET FIREBASE_API_TOKEN FIREBASE_TOKEN FOSSA_API_KEY GH_ENTERPRISE_TOKEN "
    "GH_TOKEN GITHUB_ENTERPRISE_TOKEN GITHUB_TOKEN HEROKU_API_KEY NPM_AUTH_TOKEN NPM_TOKEN OKTA_CLIENT_TOKEN "
    "OKTA_OAUTH2_CLIENTSECRET OPENAI_API_KEY OS_PASSWORD POSTGRES_PASSWORD SLACK_TOKEN STRIPE_API_KEY "
    "VAULT_CLIENT_KEY VAULT_TOKEN".split()
)


_SENSITIVE_PART = lazy(r"(?i)api_key|client_key|password|passwd|private_key|secret|token")


_NOT_SECRET = lazy(r"(?i)_(file|path|dir|url|host|name|id|length|size)$")


@checks.rule("DF063")
def sensitive_arg_env_name(doc, ctx):
    for ins in doc.of("ENV", "ARG"):
        found = env_pairs(ins.arguments) if ins.keyword in ("ENV", "LABEL") else pairs(ins.arguments)
        for key, _value, offset in found:
            if key.upper() in _SENSITIVE_NAMES or (_SENSITIVE_PART.search(key) and not _NOT_SECRET.search(key)):
                start = ins.args_offset + offset
                yield Finding(
                    doc.span_of(ins, start, start + len(key)),
                    f"{ins.keyword} {key} looks like a secret, and {ins.keyword} values stay readable in the image history; use RUN --mount=type=secret",
                )


_SECRET_VALUE = lazy(
    r"AKIA[0-9A-Z]{16}|ASIA[0-9A-Z]{16}|gh[pousr]_[A-Za-z0-9]{36}|github_pat_[A-Za-z0-9_]{22,}|glpat-[A-Za-z0-9_-]{20}"
    r"|xox[baprs]-[A-Za-z0-9-]{10,}|sk_live_[A-Za-z0-9]{24,}|AIza[0-9A-Za-z_-]{35}|npm_[A-Za-z0-9]{36}|-----BEGIN [A-Z ]*PRIVATE KEY-----"
)


@checks.rule("DF082")
def secret_value_in_arg_env(doc, ctx):
    for ins in doc.of("ENV", "ARG", "LABEL"):
        found = env_pairs(ins.arguments) if ins.keyword in ("ENV", "LABEL") else pairs(ins.arguments)
        for key, value, offset in found:
            if value and _SECRET_VALUE.search(value):
                start = ins.args_offset + offset
                yield Finding(
                    doc.span_of(ins, start, start + len(key)),
                    f"{ins.keyword} {key} holds what looks like a real credential, which stays readable in the image history; pass it as a build secret",
                )


_SECRET_FILE = lazy(
    r"(^|/)(id_rsa|id_dsa|id_ecdsa|id_ed25519|\.ssh|\.aws|\.netrc|\.npmrc|\.pypirc|\.git-credentials|\.dockercfg|\.docker/config\.json|\.env|kubeconfig|credentials\.json|service-account\.json)$"
    r"|\.(pem|key|p12|pfx|jks|keystore)$|(^|/)[^/]*private[_-]?key[^/]*$"
)


@checks.rule("DF076")
def secret_file_copied(doc, ctx):
    for ins in doc.of("COPY", "ADD"):
        if ins.heredocs:
            continue
        words = ins.json_arguments or [unquote(w) for w, _ in tokens(ins.arguments)]
        for src in words[:-1]:
            if _SECRET_FILE.search(src.rstrip("/")):
                yield Finding(
                    doc.locate(ins, src, ins.args_offset),
                    f"'{src}' looks like a key or credentials file; once copied it stays in the image layers for anyone who pulls it. Use a build secret (RUN --mount=type=secret)",
                )
