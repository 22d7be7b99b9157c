"""The environment: what the Go program cannot start without against what
the container and its image set."""

from __future__ import annotations

import re

from cnlint.checks import Checks
from cnlint.cross.program import Programs, facts_of, runs_main
from cnlint.cross.seams import ALL_KINDS, Side, seam
from cnlint.cross.service import Services
from cnlint.kubernetes.common import items, mapping, templated
from cnlint.patterns import lazy

checks = Checks()

# Statements whose body runs only sometimes (or elsewhere, or later).
_SOMETIMES = frozenset(
    (
        "for_statement", "expression_switch_statement", "type_switch_statement", "select_statement",
        "go_statement", "defer_statement", "func_literal", "method_declaration",
    )
)
_MAX_CALLERS = 3
KUSTOMIZE = "kustomize.config.k8s.io"


def _same(a, b) -> bool:
    from cnlint.golang.scope import same  # the Go stack, only once a rule reads Go

    return same(a, b)


def field_of(node, name):
    from cnlint.golang.syntax import field_of as child

    return child(node, name)


def _node_at(doc, span):
    return next((n for n in doc.nodes("call_expression") if doc.span(n) == span), None)


def _calls_of(package, doc, function):
    """(file, call) of every call of the package function `function` of `doc`."""
    for other in package.files:
        if other.path.endswith("_test.go"):
            continue
        for call in other.nodes("call_expression"):
            name = field_of(call, "function")
            if name is None or name.type != "identifier":
                continue
            decl = other.scopes.resolve(name)
            if decl is not None and decl.kind == "func" and (decl.owner or other) is doc and decl.value is not None and decl.value.start_byte == function.start_byte:
                yield other, call


def runs_on_start(package, doc, node, depth: int = 0) -> bool:
    """Whether `node` runs on every start of the program: in main or init,
    or in a package function they call, with no branch, loop, switch,
    goroutine, deferred call or function literal between (an if's
    condition runs, its branches only sometimes)."""
    child, parent = node, node.parent
    while parent is not None:
        kind = parent.type
        if kind in _SOMETIMES:
            return False
        if kind == "if_statement" and not any(_same(child, field_of(parent, f)) for f in ("condition", "initializer") if field_of(parent, f) is not None):
            return False
        if kind == "function_declaration":
            if doc.text_of(field_of(parent, "name")) in ("main", "init"):
                return True
            return depth < _MAX_CALLERS and any(runs_on_start(package, other, call, depth + 1) for other, call in _calls_of(package, doc, parent))
        child, parent = parent, parent.parent
    return False


def _required_reads(package) -> list:
    out = []
    docs = {d.path: d for d in package.files}
    for read in facts_of(package).env_reads:
        doc = docs.get(read.path)
        node = _node_at(doc, read.span) if read.required and doc is not None else None
        if node is not None and runs_on_start(package, doc, node):
            out.append(read)
    return out


def _env_names(container_data: dict) -> set[str] | None:
    """The names a container's env sets; None when it cannot be told
    (envFrom, a templated name or a list that is not one)."""
    if container_data.get("envFrom") is not None:
        return None
    env = container_data.get("env")
    if env is not None and not isinstance(env, list):
        return None
    names = set()
    for entry in items(env):
        name = mapping(entry).get("name")
        if templated(name):
            return None
        names.add(name)
    return names


def _elsewhere(project) -> tuple[dict, set]:
    """What other manifests may add to a workload's containers: env names
    per (kind, workload, container) over every object (strategic-merge
    patches too; None: unknown), and the workload names a Kustomization
    or Component patches."""
    env: dict = {}
    patched: set = set()
    for f in project.of_kind("kubernetes"):
        for obj in f.objects:
            if obj.group == KUSTOMIZE:
                patched |= _patch_targets(obj)
                continue
            for _, spec in obj.pod_specs():
                for kind in ("initContainers", "containers"):
                    for data in items(spec.get(kind)):
                        key = (obj.kind, obj.name, mapping(data).get("name"))
                        names = _env_names(mapping(data))
                        env[key] = None if names is None or env.get(key, set()) is None else env.get(key, set()) | names
    return env, patched


def _patch_targets(obj) -> set:
    out = set()
    for field in ("patches", "patchesJson6902", "patchesStrategicMerge"):
        for patch in items(obj.get((field,))):
            target = mapping(mapping(patch).get("target"))
            out.add(target.get("name") if isinstance(target.get("name"), str) else "*")
    return out


@checks.project("XA007", reads=ALL_KINDS)
def required_env_unset(project, ctx):
    env_of, patched = None, None
    for service in project.view(Services).services:
        reads = _required_reads(service.main) if service.main is not None else []
        if not reads:
            continue
        if env_of is None:
            env_of, patched = _elsewhere(project)
        image_env = service.facts.env if service.facts is not None else {}
        for container in service.containers:
            names = _env_names(container.data)
            other = env_of.get((container.obj.kind, container.obj.name, container.data.get("name")), set())
            if names is None or other is None or not runs_main(container, service) or container.obj.name in patched or "*" in patched:
                continue
            for read in reads:
                if read.name in names or read.name in other or read.name in image_env:
                    continue
                yield from _report(project, container, read)


def _report(project, container, read):
    has_env = "env" in container.data
    message = (
        f"container '{container.name}' does not set {read.name}, and its Go program cannot start without it "
        f"({read.path}:{read.span.line} fails when it is empty or unset); set it under the container's env"
    )
    where = container.obj.key_span(container.key + ("env",)) if has_env else container.span("name") if "name" in container.data else container.span("image")
    finding = seam(
        project,
        message,
        Side(container.path, where, f"{read.name} is not set here" if has_env else f"the container sets no {read.name}"),
        Side(read.path, read.span, f"{read.name} is required here"),
        logical=container.obj.logical,
    )
    if finding is not None:
        yield finding


# ---- variables nothing reads ----------------------------------------------------------

# Read by the Go runtime, the standard library or the SDKs a service links,
# never by name in its own code.
_READ_BY_LIBRARIES = lazy(
    r"^(GO[A-Z0-9_]*|CGO_[A-Z_]+|(HTTPS?|NO|ALL)_PROXY|SSL_CERT_(FILE|DIR)|TZ|ZONEINFO|TMPDIR|HOME|USER|PATH|LANG|LC_[A-Z]+"
    r"|OTEL_[A-Z0-9_]+|GRPC_[A-Z0-9_]+|GOOGLE_[A-Z0-9_]+|GCE_[A-Z_]+|AWS_[A-Z0-9_]+|AZURE_[A-Z0-9_]+|KUBERNETES_[A-Z0-9_]+"
    r"|JAEGER_[A-Z0-9_]+|DD_[A-Z0-9_]+|SENTRY_[A-Z0-9_]+|NEW_RELIC_[A-Z0-9_]+|ELASTIC_APM_[A-Z0-9_]+)$",
    re.IGNORECASE,
)
# Libraries that read variables by names the code does not spell out.
_ENV_LIBRARIES = (
    "github.com/kelseyhightower/envconfig", "github.com/caarlos0/env", "github.com/spf13/viper", "github.com/joho/godotenv",
    "github.com/knadh/koanf", "github.com/sethvargo/go-envconfig", "github.com/ilyakaznacheev/cleanenv", "github.com/urfave/cli",
    "github.com/alecthomas/kong", "github.com/peterbourgon/ff", "github.com/jessevdk/go-flags", "github.com/namsral/flag",
    "github.com/vrischmann/envconfig", "github.com/netflix/go-env", "github.com/Netflix/go-env",
)
# A read whose name is not a literal (os.Getenv(key)), or one of everything.
_DYNAMIC_READ = lazy(r"\b(Getenv|LookupEnv)\(\s*[^\s\"`)]|\bos\.(Environ|ExpandEnv|Expand)\(")


def _reads_names_it_does_not_spell(program) -> bool:
    imports = program.imports
    if any(path == lib or path.startswith(lib + "/") for path in imports for lib in _ENV_LIBRARIES):
        return True
    return any(_DYNAMIC_READ.search(source) for source in program.sources())


def _used_by_the_manifest(container, name: str) -> bool:
    """Whether the container's command, args or other env values expand `$(name)`."""
    ref = f"$({name})"
    words = items(container.data.get("command")) + items(container.data.get("args"))
    words += [mapping(e).get("value") for e in items(container.data.get("env"))]
    return any(isinstance(w, str) and ref in w for w in words)


@checks.project("XA015", reads=ALL_KINDS)
def manifest_env_unread(project, ctx):
    for service in project.view(Services).services:
        if service.main is None or service.facts is None or service.facts.entrypoint is None and service.facts.cmd is None:
            continue
        start = service.facts.entrypoint or service.facts.cmd
        program = project.view(Programs).of(service.main)
        if start.shell_form or not program.complete or _reads_names_it_does_not_spell(program):
            continue
        read = {r.name for facts in program.facts for r in facts.env_reads}
        for container in service.containers:
            if not runs_main(container, service):
                continue
            for i, entry in enumerate(items(container.data.get("env"))):
                name = mapping(entry).get("name")
                if not isinstance(name, str) or templated(name) or name in read or _READ_BY_LIBRARIES.match(name) or _used_by_the_manifest(container, name):
                    continue
                message = f"container '{container.name}' sets {name}, but its Go program never reads it (nor does the Go runtime); drop it, or read it where it was meant to be"
                finding = seam(
                    project,
                    message,
                    Side(container.path, container.obj.value_span(container.key + ("env", i, "name")), f"{name} is set here"),
                    Side(*program.where()),
                    logical=container.obj.logical,
                )
                if finding is not None:
                    yield finding

