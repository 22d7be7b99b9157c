"""Kubernetes rules on where credentials are kept: literal values in
environment variables, Secrets read into the environment, credential-like
ConfigMap keys."""

from __future__ import annotations

import re

from cnlint.checks import Checks
from cnlint.kubernetes.common import at, container_name, containers_of, items, mapping, pods, points_at_secret
from cnlint.patterns import lazy

checks = Checks()

_SECRET_NAME = lazy(r"secret", re.I)


_REFERENCE = lazy(r"^\$\([A-Za-z_][A-Za-z0-9_.-]*\)$")


@checks.rule("KM017")
def env_var_secret(doc, ctx):
    for obj, spec_path, spec in pods(doc):
        for path, container in containers_of(obj, spec_path, spec):
            for i, env in enumerate(items(container.get("env"))):
                env = mapping(env)
                name, value = env.get("name"), env.get("value")
                if not isinstance(name, str) or not _SECRET_NAME.search(name):
                    continue
                if value is None or str(value) == "" or _REFERENCE.match(str(value)) or points_at_secret(name, str(value)):
                    continue
                span = obj.value_span(path + ("env", i, "value"))
                yield at(obj, span, f"environment variable '{name}' of container '{container_name(container)}' holds a secret in plain text, readable by anyone who can read the manifest")


@checks.rule("KM056")
def read_secret_from_env_var(doc, ctx):
    for obj, spec_path, spec in pods(doc):
        for path, container in containers_of(obj, spec_path, spec):
            name = container_name(container)
            for i, env in enumerate(items(container.get("env"))):
                if "secretKeyRef" in mapping(mapping(env).get("valueFrom")):
                    span = obj.value_span(path + ("env", i, "name"))
                    yield at(obj, span, f"container '{name}' reads a Secret into environment variable '{mapping(env).get('name')}', where it leaks into logs, crash dumps and child processes")
            for i, env in enumerate(items(container.get("envFrom"))):
                if "secretRef" in mapping(env):
                    span = obj.key_span(path + ("envFrom", i, "secretRef"))
                    yield at(obj, span, f"container '{name}' reads a whole Secret into its environment, where it leaks into logs, crash dumps and child processes")


CREDENTIAL_WORDS = ("password", "secret", "token", "api_key", "apikey", "private_key", "credential")


@checks.rule("KM087")
def configmap_with_credentials(doc, ctx):
    for obj in doc.objects:
        if obj.kind != "ConfigMap" or obj.group != "":
            continue
        for field in ("data", "binaryData"):
            for key, value in mapping(obj.get((field,))).items():
                word = next((w for w in CREDENTIAL_WORDS if w in str(key).lower()), None)
                if word and value is not None and str(value).strip() and not points_at_secret(str(key), str(value)):
                    span = obj.key_span((field, key))
                    yield at(obj, span, f"ConfigMap '{obj.name}' key '{key}' looks like a credential ({word}); ConfigMaps are readable by anyone who may read the namespace's configuration")
