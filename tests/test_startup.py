"""Startup is part of the product: load only what the files at hand need."""

from __future__ import annotations

import json
import subprocess
import sys

from cnlint import kinds
from cnlint.config import Resolver
from cnlint.engine import Engine

HEAVY = ("ruamel", "tree_sitter", "tree_sitter_go", "tree_sitter_bash", "jsonschema")
# A Dockerfile's RUN is parsed with tree-sitter-bash; nothing else heavy may load.
DOCKERFILE_FORBIDDEN = ("ruamel", "tree_sitter_go", "jsonschema")

PROBE = """
import json, sys
from cnlint.cli import main
code = main(["check", "--format", "json", "--output", "/dev/null", *sys.argv[1:]])
print(json.dumps(sorted({m.split(".")[0] for m in sys.modules})), file=sys.stderr)
"""


def _modules(tmp_path, *args, cache=False):
    args = args if cache else ("--no-cache", *args)  # the lint itself, not the result cache, is measured
    proc = subprocess.run([sys.executable, "-c", PROBE, *args], cwd=tmp_path, capture_output=True, text=True, timeout=60)
    return set(json.loads(proc.stderr.strip().splitlines()[-1]))


def test_linting_a_dockerfile_loads_no_yaml_go_or_schema_stack(tmp_path):
    (tmp_path / "Dockerfile").write_text("FROM alpine:3.20\nRUN apk add --no-cache curl | tee /log\n")
    (tmp_path / "cnlint.toml").write_text('ignore = ["DF006"]\n')
    _modules(tmp_path)  # the first run fills the cache
    loaded = _modules(tmp_path)
    assert "tree_sitter_bash" in loaded
    assert loaded.isdisjoint(DOCKERFILE_FORBIDDEN), loaded & set(DOCKERFILE_FORBIDDEN)


def test_a_run_the_result_cache_answers_parses_nothing(tmp_path):
    (tmp_path / "Dockerfile").write_text("FROM alpine:3.20\nRUN apk add curl\n")
    (tmp_path / "k8s.yaml").write_text("apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {containers: [{name: c, image: nginx}]}\n")
    (tmp_path / "main.go").write_text("package main\n\nfunc main() {}\n")
    assert {"tree_sitter_bash", "tree_sitter_go", "yaml"} <= _modules(tmp_path, cache=True)
    loaded = _modules(tmp_path, cache=True)
    assert loaded.isdisjoint({*HEAVY, "yaml"}), loaded & {*HEAVY, "yaml"}


def test_a_dockerfile_without_run_loads_no_shell_parser(tmp_path):
    (tmp_path / "Dockerfile").write_text("FROM alpine:3.20\nUSER 65532\n")
    _modules(tmp_path)
    loaded = _modules(tmp_path)
    assert loaded.isdisjoint(HEAVY), loaded & set(HEAVY)


def test_each_file_is_read_and_parsed_once(tmp_path, monkeypatch):
    for name in ("Dockerfile", "svc/Dockerfile", "svc/api.Dockerfile"):
        (tmp_path / name).parent.mkdir(exist_ok=True)
        (tmp_path / name).write_text("FROM alpine:latest\nMAINTAINER x\n")
    from cnlint.engine import inputs

    reads, parses = [], []
    real_read, real_parse = inputs.read_bytes, kinds.parse
    monkeypatch.setattr(inputs, "read_bytes", lambda path: reads.append(path.name) or real_read(path))
    monkeypatch.setattr(kinds, "parse", lambda kind, path, *a: parses.append(path) or real_parse(kind, path, *a))
    result = Engine(Resolver(isolated=True)).lint_paths([str(tmp_path)])
    assert len(result.diagnostics) == 6
    assert sorted(reads) == ["Dockerfile", "Dockerfile", "api.Dockerfile"]
    assert len(parses) == 3


def _cnlint_modules(tmp_path, *args):
    """Every module a run loads, by its full name (the lint, not the result cache)."""
    probe = PROBE.replace('m.split(".")[0] for m in sys.modules', "m for m in sys.modules")
    proc = subprocess.run([sys.executable, "-c", probe, "--no-cache", *args], cwd=tmp_path, capture_output=True, text=True, timeout=60)
    return set(json.loads(proc.stderr.strip().splitlines()[-1]))


def test_one_kind_of_file_loads_no_other_kinds_stack(tmp_path):
    # (a Dockerfile that builds Go may read the Go code: XA004 asks whether it needs libc)
    (tmp_path / "Dockerfile").write_text("FROM alpine:3.20\nRUN apk add --no-cache curl\nUSER 65532\n")
    (tmp_path / "k8s.yaml").write_text("apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {containers: [{name: c, image: nginx}]}\n")
    # a pyproject.toml without a cnlint table is not parsed
    (tmp_path / "pyproject.toml").write_text("[project]\nname = 'x'\n")
    dockerfile = _cnlint_modules(tmp_path, "Dockerfile")
    assert not {m for m in dockerfile if m.startswith("cnlint.golang.")}, dockerfile
    manifest = _cnlint_modules(tmp_path, "k8s.yaml")
    assert not {m for m in manifest if m.startswith(("cnlint.golang.", "cnlint.dockerfile.model", "cnlint.dockerfile.facts"))}, manifest
    for loaded in (dockerfile, manifest):
        assert loaded.isdisjoint({"tomllib", "difflib", "platform"}), loaded & {"tomllib", "difflib", "platform"}


def test_a_manifest_run_loads_no_module_only_writing_a_cache_or_help_needs(tmp_path):
    # tempfile (with shutil and the compression modules) is for writing a
    # cache, OpenSSL's hashlib for hashes the interpreter has built in, and
    # shutil was argparse's way to the terminal's width
    (tmp_path / "k8s.yaml").write_text("apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {containers: [{name: c, image: nginx}]}\n")
    _cnlint_modules(tmp_path, "k8s.yaml")  # the first run validates the catalogue, and writes it
    loaded = _cnlint_modules(tmp_path, "k8s.yaml")
    unwanted = {"tempfile", "shutil", "bz2", "lzma", "_hashlib", "hashlib"}
    assert loaded.isdisjoint(unwanted), loaded & unwanted


def test_a_go_run_loads_the_grammar_without_its_package_resources(tmp_path):
    # tree-sitter-go's __init__ imports importlib.resources (and tempfile,
    # shutil) for query files cnlint never reads; its compiled module is
    # loaded alone
    (tmp_path / "main.go").write_text('package main\n\nimport "fmt"\n\nfunc main() { fmt.Println(1) }\n')
    _cnlint_modules(tmp_path, "main.go")
    loaded = _cnlint_modules(tmp_path, "main.go")
    assert "tree_sitter_go._binding" in loaded
    unwanted = {"tree_sitter_go", "importlib.resources", "tempfile", "shutil", "_hashlib"}
    assert loaded.isdisjoint(unwanted), loaded & unwanted


def test_a_grammar_loads_the_same_whichever_way_it_is_imported():
    # loaded alone first, then its package imported: one compiled module
    code = (
        "import sys; from cnlint import grammars; "
        "language = grammars.language('tree_sitter_bash'); "
        "import tree_sitter_bash, tree_sitter; "
        "assert tree_sitter_bash.language is sys.modules['tree_sitter_bash._binding'].language; "
        "tree = tree_sitter.Parser(tree_sitter.Language(tree_sitter_bash.language())).parse(b'echo hi'); "
        "print(language.name, grammars.parser('tree_sitter_bash').parse(b'echo hi').root_node.type, tree.root_node.type)"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.split() == ["bash", "program", "program"]


def test_a_dockerfile_or_manifest_run_loads_no_dataclasses_nor_logging(tmp_path):
    # dataclasses imports inspect, and with it ast and dis; each
    # dataclass then compiles its methods: together a fifth of a one-file
    # run. logging (and traceback, with tokenize) waits for a note to say.
    (tmp_path / "Dockerfile").write_text(
        "FROM golang:1.22 AS build\nWORKDIR /src\nCOPY . .\nRUN go build -o /app .\n"
        "FROM alpine:3.20\nCOPY --from=build /app /app\nRUN apk add --no-cache curl && echo $HOME\nUSER 65532\nENTRYPOINT [\"/app\"]\n"
    )
    (tmp_path / "k8s.yaml").write_text(
        "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d}\nspec:\n  selector: {matchLabels: {app: a}}\n"
        "  template:\n    metadata: {labels: {app: a}}\n    spec: {containers: [{name: c, image: nginx, colour: red}]}\n"
    )
    (tmp_path / "cnlint.toml").write_text('ignore = ["DF006"]\n')
    unwanted = {"dataclasses", "inspect", "ast", "dis", "logging", "traceback", "tokenize"}
    for name in ("Dockerfile", "k8s.yaml"):
        _cnlint_modules(tmp_path, name)  # the first run reads the catalogue and the config, and keeps them
        loaded = _cnlint_modules(tmp_path, name)
        assert {"cnlint.dockerfile.facts", "cnlint.kubernetes.rules.schema"} & loaded
        assert loaded.isdisjoint(unwanted), (name, loaded & unwanted)
