"""The catalogue and the implementations agree, and rule files are checked."""

from __future__ import annotations

import pytest

from cnlint import checks, context, kinds
from cnlint.registry import CatalogueError, _validate, load_catalogue

CATALOGUE = load_catalogue()


def test_every_rule_file_has_an_implementation_and_back():
    from cnlint.verify.findings import RULES

    implemented = {r.code for r in CATALOGUE if "engine" in r.tags} | set(RULES)
    for package_kind in kinds.declared():
        for code in checks.table(package_kind).codes():
            assert code not in implemented, f"{code} is implemented twice"
            implemented.add(code)
    documented = {r.code for r in CATALOGUE}
    assert documented - implemented == set(), "rule files without an implementation"
    assert implemented - documented == set(), "implementations without a rule file"


def test_engine_codes_are_the_cnlint_rules():
    assert {r.code for r in CATALOGUE if "engine" in r.tags} == {"CN001", "CN002", "CN003"}


def test_checks_live_in_the_package_of_their_artifact():
    prefixes = {"cnlint.dockerfile": "DF", "cnlint.kubernetes": "KM", "cnlint.golang": "GO", "cnlint.cross": "XA"}
    for package_kind in kinds.declared():
        for code in checks.table(package_kind).codes():
            assert code.startswith(prefixes[package_kind.package]), f"{code} is in {package_kind.package}"


@pytest.mark.parametrize("package_kind", kinds.declared(), ids=lambda k: k.package)
def test_every_check_function_is_named_after_its_rule(package_kind):
    wrong = []
    for code, fn in checks.table(package_kind).codes().items():
        fn = getattr(fn, "__wrapped__", fn)
        want = CATALOGUE.by_code[code].name.replace("-", "_")
        if fn.__name__ != want:
            wrong.append(f"{code}: {fn.__module__}.{fn.__name__} should be {want}")
    assert not wrong, "\n".join(wrong)


def test_every_verify_rule_is_a_function_named_after_it():
    from cnlint.verify.findings import RULES

    assert {c for c in CATALOGUE.by_code if c.startswith("VF")} == set(RULES)
    wrong = [f"{code}: {fn.__name__}" for code, fn in RULES.items() if fn.__name__ != CATALOGUE.by_code[code].name.replace("-", "_")]
    assert not wrong


def test_lookup_by_code_name_and_alias_is_case_insensitive():
    rule = CATALOGUE.by_code["DF002"]
    for ident in ("DF002", "df002", "latest-base-image", "DL3007", "dl3007"):
        assert CATALOGUE.get(ident) is rule


def test_selectors():
    assert CATALOGUE.matching("ALL") == set(CATALOGUE.by_code)
    assert CATALOGUE.matching("DF") == {c for c in CATALOGUE.by_code if c.startswith("DF")}
    assert CATALOGUE.matching("DL3007") == {"DF002"}
    assert CATALOGUE.matching("dockerfile-pinning") == {"DF001", "DF002", "DF006"}
    assert CATALOGUE.matching("no-such-thing") == set()


def _write_rule(tmp_path, text, folder="dockerfile", name="DF900.yaml"):
    (tmp_path / folder).mkdir(parents=True, exist_ok=True)
    (tmp_path / folder / name).write_text(text)
    return sorted(tmp_path.glob("*/*.yaml"))


GOOD_RULE = """\
code: DF900
name: some-rule
severity: warning
summary: One line
fixable: false
aliases: []
description: |
  ## What it does
  x
  ## Why is this bad?
  x
  ## Example
  x
  ## Use instead
  x
examples:
  bad: ["FROM x"]
  good: ["FROM y"]
"""


def test_every_shipped_rule_file_meets_the_rule_schema():
    # a run reads the shipped rules without the schema (start-up): this is their check
    from cnlint.registry import rule_files

    checked = _validate(rule_files())
    assert sorted(d["code"] for d in checked) == sorted(r.code for r in CATALOGUE)


def test_the_shipped_catalogue_is_built_without_jsonschema(tmp_path):
    import subprocess
    import sys

    probe = "import sys\nfrom cnlint.registry import load_catalogue\nload_catalogue()\nprint('jsonschema' in sys.modules)\n"
    env = {**__import__("os").environ, "CNLINT_CACHE_DIR": str(tmp_path)}
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60, check=True, env=env).stdout
    assert out.split() == ["False"]


def test_a_valid_rule_file_loads(tmp_path):
    [data] = _validate(_write_rule(tmp_path, GOOD_RULE))
    assert data["artifact"] == "dockerfile"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (("severity: warning", "severity: fatal"), "severity"),
        (("## Use instead", "## Instead"), "description"),
        (("fixable: false\n", ""), "'fixable' is a required property"),
        (("aliases: []", "aliases: []\nextra: 1"), "extra: unknown key"),
        (("code: DF900", "code: KM900"), "must start with DF"),
        (("name: some-rule", "name: Some_Rule"), "name"),
        (("summary: One line", "summary: [unclosed"), "cannot read rule file"),
    ],
)
def test_a_broken_rule_file_is_named(tmp_path, change, message):
    files = _write_rule(tmp_path, GOOD_RULE.replace(*change), name="KM900.yaml" if "KM900" in change[1] else "DF900.yaml")
    with pytest.raises(CatalogueError) as err:
        _validate(files)
    assert str(tmp_path) in str(err.value)
    assert message in str(err.value)


def test_duplicate_names_are_refused(tmp_path):
    _write_rule(tmp_path, GOOD_RULE)
    files = _write_rule(tmp_path, GOOD_RULE.replace("DF900", "DF901"), name="DF901.yaml")
    with pytest.raises(CatalogueError, match="already used"):
        _validate(files)


@pytest.mark.parametrize("package_kind", kinds.declared(), ids=lambda k: k.package)
def test_each_package_declares_what_its_cross_file_rules_read(package_kind):
    rules = [r for r in checks.table(package_kind).project.values() if not r.batch]
    read = set().union(*(r.reads for r in rules)) if rules else set()
    assert read == set(package_kind.reads), f"{package_kind.package} declares {package_kind.reads}, its rules read {sorted(read)}"


def test_context_follows_what_the_project_rules_read():
    # ShellCheck is batched over the reported files: it asks for no context.
    assert "DF084" in checks.batch_codes()
    assert context.kinds_read({"dockerfile"}) - {"dockerfile"} == {"kubernetes", "go", "gomod"}  # the cross-artifact rules
    assert not any(r.code.startswith("DF") and not r.batch for r in checks.project_rules({"dockerfile"}))
    assert context.needs_context("yaml")


# ---- reading rule files: the manifests' YAML loader -------------------------------


@pytest.mark.parametrize(
    ("change", "where", "message"),
    [
        (("fixable: false", "fixable: false\nfixable: true"), ":6:1: ", "duplicate key 'fixable' (first on line 5)"),
        (("summary: One line", "summary: [unclosed"), ":5:8: ", "while parsing a flow sequence on line 4"),
        (("summary: One line", "summary: One line\n? [a]\n: b"), ":5:3: ", "a list used as a key"),
    ],
)
def test_a_rule_file_yaml_cannot_hold_is_named_with_its_line(tmp_path, change, where, message):
    [path] = _write_rule(tmp_path, GOOD_RULE.replace(*change))
    with pytest.raises(CatalogueError) as err:
        _validate([path])
    assert str(err.value).startswith(f"{path}{where}cannot read rule file: ") and message in str(err.value)


def test_rule_files_are_read_by_the_manifest_loader_not_ruamel(tmp_path):
    import subprocess
    import sys

    _write_rule(tmp_path, GOOD_RULE)
    probe = (
        "import sys\nfrom pathlib import Path\nfrom cnlint.registry import _validate\n"
        f"[d] = _validate(sorted(Path({str(tmp_path)!r}).glob('*/*.yaml')))\n"
        "print(d['code'], d['fixable'], 'ruamel' in sys.modules, 'cnlint.kubernetes.loader' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60, check=True).stdout
    assert out.split() == ["DF900", "False", "False", "True"]


def test_every_rule_file_reads_the_same_under_yaml_1_1_as_under_yaml_1_2():
    # The catalogue moved from ruamel (YAML 1.2) to the manifest loader (YAML
    # 1.1, as the API server): no rule may depend on the difference.
    from ruamel.yaml import YAML

    from cnlint.kubernetes.loader import load_data
    from cnlint.registry import rule_files

    yaml_1_2 = YAML(typ="safe", pure=True)
    for path in rule_files():
        text = path.read_text(encoding="utf-8")
        assert repr(load_data(text)) == repr(yaml_1_2.load(text)), path


def _cnlint_imports(path):
    import ast

    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("cnlint"):
            yield node.module, [a.name for a in node.names]
        elif isinstance(node, ast.Import):
            yield from ((a.name, []) for a in node.names if a.name.startswith("cnlint"))


def test_rule_modules_share_helpers_only_through_public_names_of_their_package():
    from pathlib import Path

    import cnlint

    root = Path(cnlint.__file__).parent
    wrong = []
    for path in sorted(root.rglob("*.py")):
        for module, names in _cnlint_imports(path):
            if ".rules." in module or module.endswith(".rules"):
                wrong.append(f"{path.relative_to(root)} imports the rule module {module}")
            wrong += [f"{path.relative_to(root)} imports {module}.{n}, a private name" for n in names if n.startswith("_") and not n.startswith("__")]
    assert not wrong, "\n".join(wrong)


def test_cross_rules_run_only_with_a_dockerfile_or_a_manifest():
    assert not [r.code for r in checks.project_rules({"go", "gomod"}) if r.code.startswith("XA")]
    assert {"XA002", "XA003"} <= {r.code for r in checks.project_rules({"go", "dockerfile"})}


def test_naming_a_go_file_reads_its_package_and_go_mod_not_the_dockerfile_beside_it(tmp_path):
    from helpers import run_cli

    (tmp_path / "go.mod").write_text("module m\n\ngo 1.23\n")
    (tmp_path / "main.go").write_text("package main\n\nfunc main() { helper() }\n")
    (tmp_path / "helper.go").write_text("package main\n\nfunc helper() {}\n")
    (tmp_path / "Dockerfile").write_text("FROM alpine:3.20\nMAINTAINER x\n")
    probe = (
        "import sys, runpy; sys.argv = ['cnlint', 'check', '--isolated', 'main.go']\n"
        "try:\n    runpy.run_module('cnlint', run_name='__main__')\nexcept SystemExit:\n    pass\n"
        "print(sorted(m for m in sys.modules if m.startswith('cnlint.cross.rules') or m == 'cnlint.dockerfile.model'))\n"
    )
    import subprocess
    import sys

    out = subprocess.run([sys.executable, "-c", probe], cwd=tmp_path, capture_output=True, text=True, timeout=60).stdout
    assert out.strip().splitlines()[-1] == "[]", out
    assert run_cli("check", "--isolated", "main.go", cwd=tmp_path).returncode == 0


def test_a_run_reads_the_list_of_rules_and_their_texts_only_when_asked(tmp_path, monkeypatch):
    import shutil

    from cnlint import cache as disk_cache
    from cnlint import registry
    from cnlint.resources import data_dir

    monkeypatch.setenv("CNLINT_CACHE_DIR", str(tmp_path / "cache"))
    root = tmp_path / "rules"
    shutil.copytree(data_dir("rules"), root)
    first = registry.load_catalogue.__wrapped__(root)  # read from the files
    texts = {r.code: (r.description, r.examples) for r in first}
    assert texts["DF002"] == (CATALOGUE.by_code["DF002"].description, CATALOGUE.by_code["DF002"].examples)
    assert texts["DF002"][0].strip() and texts["DF002"][1]  # a description and examples
    registry._texts_and_rules.cache_clear()  # a new process: the disk cache kept
    registry._rule_texts.cache_clear()
    read = []
    real = disk_cache.load
    monkeypatch.setattr(disk_cache, "load", lambda kind, digest, results=False: read.append(kind) or real(kind, digest, results))
    monkeypatch.setattr(registry, "_validate", None)  # no rule file is read again
    second = registry.load_catalogue.__wrapped__(root)
    assert [r.code for r in second] == [r.code for r in first]
    assert read == ["catalogue"]
    assert {r.code: (r.description, r.examples) for r in second} == texts
    assert read == ["catalogue", "rule-texts"]
