"""Kubernetes schema validation: cnlint against kubernetes-validate and Checkov.

    python benchmarks/kubernetes.py [--corpus DIR] [--repeat N] [--no-speed]

Over the manifests in benchmarks/corpus/kubernetes/ (each file once: no
copies) it prints, per document:

- schema agreement: cnlint's verdict (KM100 schema-violation, KM101
  removed-api-version, CN001 parse error) against kubernetes-validate
  --strict, both at the newest Kubernetes version kubernetes-validate ships,
  as a table, then every disagreement, grouped by its cause;
- policy agreement: cnlint's default rules (any warning or error) against
  Checkov's Kubernetes checks (any failed check);

then the wall and CPU time of each tool over the whole corpus, each in one
process as a user runs it (the best of `--repeat` runs). The oracles are
optional: a tool that is not installed is reported as absent and skipped.

Documents of configuration files that carry apiVersion and kind but are not
API objects (kind clusters, kubeadm, API server and scheduler configuration,
kustomizations) are linted but not counted.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
CORPUS = HERE / "corpus" / "kubernetes"
SCHEMA_CODES = {"KM100", "KM101", "CN001"}

# kubernetes-validate's own command line, minus printing, in one process; its
# CLI stops at the first document without metadata (KeyError), so each
# document is caught on its own.
KV_DRIVER = """
import sys
from kubernetes_validate import utils
version = sys.argv[1]
for name in sys.argv[2:]:
    for res in utils.resources_from_file(name):
        try:
            utils.validate(res, version, strict=True)
        except Exception:
            pass
"""


def is_api_object(obj) -> bool:
    from cnlint.kubernetes.apis import is_config_file

    return isinstance(obj, dict) and "apiVersion" in obj and "kind" in obj and not is_config_file(str(obj["apiVersion"]))


def documents(path: Path) -> list[tuple[int, int, dict]]:
    """(first line, last line, object) of each API object, as cnlint splits the file."""
    import yaml

    from cnlint.kubernetes.model import split_documents
    from cnlint.source import Source

    out = []
    for doc in split_documents(Source(path.read_text(encoding="utf-8"))):
        try:
            obj = yaml.safe_load(doc.text)
        except yaml.YAMLError:
            obj = None
        if is_api_object(obj):
            out.append((doc.first, doc.last, obj))
    return out


def owner(docs, line: int) -> int | None:
    for i, (first, last, _) in enumerate(docs):
        if first <= line <= last:
            return i
    return None


def corpus_files(directory: Path) -> list[Path]:
    return sorted(p.resolve() for p in directory.rglob("*") if p.suffix in (".yaml", ".yml"))


# ---- per document ------------------------------------------------------------


def cnlint_verdicts(files: list[Path], minor: int | None = None) -> dict[tuple[str, int], dict]:
    """(file, doc) -> {"schema": invalid | valid | no-schema, "policy": bool, "messages": [...]}."""
    from cnlint.config import Resolver, Settings
    from cnlint.engine import Engine
    from cnlint.kubernetes import schemas as kubernetes_schemas

    minor = kubernetes_schemas.schema_minor(None) if minor is None else minor
    result = Engine(Resolver.fixed(Settings())).lint_paths([str(f) for f in files])
    docs = {str(f): documents(f) for f in files}
    crds = {(o["spec"]["group"], o["spec"]["names"]["kind"]) for d in docs.values() for _, _, o in d
            if o.get("kind") == "CustomResourceDefinition" and isinstance(o.get("spec"), dict)
            and isinstance(o["spec"].get("names"), dict)}
    out = {}
    for path, objs in docs.items():
        for i, (_, _, obj) in enumerate(objs):
            api, kind = str(obj["apiVersion"]), str(obj["kind"])
            known = kubernetes_schemas.builtin_schema(minor, api, kind) is not None or (api.rpartition("/")[0], kind) in crds
            out[(path, i)] = {"schema": "valid" if known else "no-schema", "policy": False, "messages": []}
    for d in result.diagnostics:
        path = str(Path(d.path).resolve())
        i = owner(docs.get(path, []), d.span.line)
        if i is None:
            continue
        verdict = out[(path, i)]
        if d.code in SCHEMA_CODES:
            verdict["schema"] = "invalid"
            verdict["messages"].append(f"{d.code} {d.message}")
        elif d.severity in ("warning", "error") and d.code.startswith("KM"):
            verdict["policy"] = True
    return out


def kubernetes_validate_verdicts(files: list[Path], version: str) -> dict[tuple[str, int], tuple[str, str]] | None:
    """(file, doc) -> (valid | invalid | no-schema | crash, first line of its message)."""
    try:
        import kubernetes_validate
    except ImportError:
        return None
    out = {}
    for f in files:
        for i, (_, _, obj) in enumerate(documents(f)):
            try:
                kubernetes_validate.validate(obj, version, strict=True)
                out[(str(f), i)] = ("valid", "")
            except kubernetes_validate.ValidationError as exc:
                out[(str(f), i)] = ("invalid", first_line(exc))
            except (kubernetes_validate.SchemaNotFoundError, kubernetes_validate.InvalidSchemaError) as exc:
                out[(str(f), i)] = ("no-schema", first_line(exc))
            except Exception as exc:  # noqa: BLE001 - an oracle crash is a finding, not a stop
                out[(str(f), i)] = ("crash", f"{type(exc).__name__}: {exc}")
    return out


def first_line(exc: Exception) -> str:
    return (str(exc).splitlines() or [type(exc).__name__])[0]


def cause(ours: dict, theirs: tuple[str, str]) -> str:
    """Why the two verdicts differ, in words; the groups the report lists disagreements under."""
    verdict, message = theirs
    text = " ".join(ours["messages"])
    if verdict == "crash":
        return "kubernetes-validate crashes on the document (its CLI stops at it)"
    if ours["schema"] == "invalid" and verdict == "no-schema" and "KM101" in text:
        return "removed apiVersion: cnlint reports KM101 with its replacement, kubernetes-validate has no schema and skips it"
    if ours["schema"] == "invalid" and verdict == "no-schema" and " so the API server rejects it" in text:
        return "apiVersion this Kubernetes never serves (withdrawn alpha/beta): cnlint reports KM100, kubernetes-validate skips it"
    if verdict == "no-schema":
        return "custom resource: cnlint validates it against its CRD in the inputs, kubernetes-validate has no schema"
    if ours["schema"] == "no-schema":
        return "cnlint has no schema for the kind (KM103); kubernetes-validate judges it"
    if ours["schema"] == "valid" and "None is not of type" in message:
        return "null value: the API server reads null as unset, kubernetes-validate rejects it"
    if ours["schema"] == "invalid" and verdict == "valid" and "CN001 duplicate key" in text:
        return "duplicate mapping key: cnlint rejects it as kubectl's YAML decoder does, kubernetes-validate's YAML loader keeps the last value"
    if ours["schema"] == "invalid" and verdict == "valid":
        return "cnlint rejects what kubernetes-validate's schema does not check: " + text[:160]
    return f"other: cnlint={ours['schema']} ({text[:120]}); kubernetes-validate={verdict} ({message[:120]})"


def schema_report(ours: dict, kv: dict) -> None:
    keys = sorted(set(ours) & set(kv))
    table = Counter((ours[k]["schema"], kv[k][0]) for k in keys)
    columns = ["valid", "invalid", "no-schema", "crash"]
    print("  schema verdicts, rows cnlint, columns kubernetes-validate --strict:")
    print(f"    {'':12}" + "".join(f"{c:>11}" for c in columns))
    for row in ("valid", "invalid", "no-schema"):
        print(f"    {row:12}" + "".join(f"{table[(row, c)]:11}" for c in columns))
    judged = [k for k in keys if kv[k][0] in ("valid", "invalid") and ours[k]["schema"] != "no-schema"]
    same = sum(ours[k]["schema"] == kv[k][0] for k in judged)
    print(f"  agreement where both have a schema: {same}/{len(judged)} documents ({100 * same / max(len(judged), 1):.1f}%)")
    groups = defaultdict(list)
    for k in keys:
        if ours[k]["schema"] != kv[k][0]:
            groups[cause(ours[k], kv[k])].append(k)
    print(f"  disagreements: {sum(map(len, groups.values()))}, by cause:")
    for reason, members in sorted(groups.items(), key=lambda item: -len(item[1])):
        print(f"    {len(members):3}  {reason}")
        for path, i in members:
            doc = documents(Path(path))[i]
            print(f"           {Path(path).relative_to(CORPUS)}:{doc[0]} {doc[2].get('kind')}"
                  f"{' — ' + kv[(path, i)][1][:110] if kv[(path, i)][1] else ''}")


def checkov_binary() -> str | None:
    """Checkov pins its own dependencies, so it lives in a virtualenv of its
    own: $CHECKOV, on PATH, ~/.venvs/checkov, or beside this Python."""
    for exe in (os.environ.get("CHECKOV"), shutil.which("checkov"), Path.home() / ".venvs" / "checkov" / "bin" / "checkov",
                Path(sys.executable).with_name("checkov")):
        if exe and Path(exe).is_file():
            return str(exe)
    return None


def checkov_verdicts(directory: Path, files: list[Path]) -> tuple[dict[tuple[str, int], bool], float] | None:
    """(file, doc) -> any failed Checkov Kubernetes check; and the wall time of the run."""
    exe = checkov_binary()
    if exe is None:
        return None
    start = time.perf_counter()
    proc = subprocess.run(
        [exe, "-d", str(directory), "--framework", "kubernetes", "-o", "json", "--quiet", "--compact", "--skip-download"],
        capture_output=True, text=True,
    )
    elapsed = time.perf_counter() - start
    try:
        report = json.loads(proc.stdout)
    except ValueError:
        return None
    reports = report if isinstance(report, list) else [report]
    docs = {str(f): documents(f) for f in files}
    out = {(str(f), i): False for f in files for i in range(len(docs[str(f)]))}
    for rep in reports:
        for check in rep.get("results", {}).get("failed_checks", []):
            path = str((directory / check["file_path"].lstrip("/")).resolve())
            i = owner(docs.get(path, []), check["file_line_range"][0])
            if i is not None:
                out[(path, i)] = True
    return out, elapsed


def policy_report(ours: dict, theirs: dict) -> None:
    keys = sorted(set(ours) & set(theirs))
    c = Counter((ours[k]["policy"], theirs[k]) for k in keys)
    same = c[(True, True)] + c[(False, False)]
    print(f"  policy, cnlint default rules vs checkov (any finding): {same}/{len(keys)} documents agree"
          f" ({100 * same / max(len(keys), 1):.0f}%); flagged by both {c[(True, True)]}, neither {c[(False, False)]},"
          f" only cnlint {c[(True, False)]}, only checkov {c[(False, True)]}"
          " (rule by rule: benchmarks/kubernetes_policy.py)")


# ---- wall time -------------------------------------------------------------------


# Bytecode may be written, as on a user's machine: an installed package has
# its .pyc files, and the untimed first run of each tool writes cnlint's.
_ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def timed(argv: list[str], cwd: Path) -> tuple[float, float]:
    """(wall, CPU) seconds of one run; CPU time is steadier on a busy machine."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.run(argv, cwd=cwd, capture_output=True, text=True, env=_ENV)
    elapsed = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode not in (0, 1):  # 1: findings
        raise SystemExit(f"{argv[0]} failed ({proc.returncode}): {proc.stderr[-500:]}")
    return elapsed, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def distinct(files: list[Path]) -> int:
    return len({json.dumps(obj, sort_keys=True, default=str) for f in files for _, _, obj in documents(f)})


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--repeat", type=int, default=1, help="timed runs per tool; the best is kept (default 1)")
    parser.add_argument("--no-speed", action="store_true", help="only the agreement figures")
    args = parser.parse_args()

    from cnlint.kubernetes import schemas as kubernetes_schemas

    minor = kubernetes_schemas.schema_minor(None)
    version = f"1.{minor}"
    corpus = args.corpus.resolve()
    files = corpus_files(corpus)
    count = sum(len(documents(f)) for f in files)
    print(f"corpus: {len(files)} files, {count} Kubernetes documents ({distinct(files)} distinct); Kubernetes {version}")

    ours = cnlint_verdicts(files, minor)
    kv = kubernetes_validate_verdicts(files, version)
    if kv is None:
        print("  kubernetes-validate: not installed, skipped")
    else:
        schema_report(ours, kv)
    ck = checkov_verdicts(corpus, files)
    if ck is None:
        print("  checkov: not installed, skipped")
    else:
        policy_report(ours, ck[0])
    if args.no_speed:
        return 0

    exe = Path(sys.executable)
    cnlint = [str(exe), "-m", "cnlint", "check", "--isolated", "--format", "json"]
    # Every file named: a directory walk would honour the repository's .gitignore.
    names = [str(f.relative_to(corpus)) for f in files]
    rows = [
        ("cnlint (schema + all default rules)", [*cnlint, *names]),
        ("cnlint --select KM1,CN (schema rules only)", [*cnlint, "--select", "KM1,CN", *names]),
    ]
    if kv is not None:
        rows.append(("kubernetes-validate --strict (schema only)", [str(exe), "-c", KV_DRIVER, version, *map(str, files)]))
    if ck is not None:
        rows.append(("checkov --framework kubernetes", [checkov_binary(), "-d", ".", "--framework", "kubernetes", "--quiet", "--compact", "--skip-download"]))
    print(f"\nspeed: {len(files)} files, {count} documents, one process per tool, best of {args.repeat} after an untimed run")
    print(f"  {'':45} {'wall':>8}   {'CPU':>8}")
    times = {}
    for name, argv in rows:
        timed(argv, corpus)  # warm-up, untimed: file cache and bytecode
        runs = [timed(argv, corpus) for _ in range(args.repeat)]
        times[name] = (min(r[0] for r in runs), min(r[1] for r in runs))
        print(f"  {name:45} {times[name][0]:8.2f} s {times[name][1]:8.2f} s")
    if kv is not None:
        theirs = times[rows[2][0]]
        for i, what in ((0, "wall"), (1, "CPU")):
            print(f"  {what}: cnlint takes {times[rows[0][0]][i] / theirs[i]:.3f} of kubernetes-validate's time with all default rules,"
                  f" {times[rows[1][0]][i] / theirs[i]:.3f} with the schema rules only (target: well under 0.1)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
