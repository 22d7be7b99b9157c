"""Kubernetes schema validation: cnlint against kubernetes-validate and Checkov.

    python benchmarks/kubernetes.py [--copies N] [--corpus DIR]

Over the manifests in benchmarks/corpus/kubernetes/ it prints, per document:

- schema agreement: cnlint (KM100 schema-violation, KM101 removed-api-version,
  CN001) against kubernetes-validate --strict, both at the newest Kubernetes
  version kubernetes-validate ships;
- policy agreement: cnlint's default rules (any warning or error) against
  Checkov's Kubernetes checks (any failed check);

then the wall and CPU time of each tool (best of two runs) over the corpus
copied `--copies` times (so the speed run covers ~700 documents), each in
one process as a user runs it. The oracles are optional: a tool that is not installed is
reported as absent and skipped.
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
CORPUS = HERE / "corpus" / "kubernetes"
SCHEMA_CODES = {"KM100", "KM101", "CN001"}


def documents(path: Path) -> list[tuple[int, int, dict | None]]:
    """(first line, last line, object) of each document, as cnlint splits them."""
    import yaml

    from cnlint.artifacts.kubernetes import split_documents
    from cnlint.source import Source

    out = []
    for doc in split_documents(Source(path.read_text(encoding="utf-8"))):
        try:
            obj = yaml.safe_load(doc.text)
        except yaml.YAMLError:
            obj = None
        if isinstance(obj, dict) and "apiVersion" in obj and "kind" in obj:
            out.append((doc.first, doc.last, obj))
    return out


def owner(docs, line: int) -> int | None:
    for i, (first, last, _) in enumerate(docs):
        if first <= line <= last:
            return i
    return None


# ---- per document ------------------------------------------------------------


def cnlint_verdicts(files: list[Path]) -> dict[tuple[str, int], tuple[bool, bool]]:
    """(file, doc) -> (schema-invalid, any policy finding) by cnlint's default rules."""
    from cnlint.config import Resolver, Settings
    from cnlint.engine import Engine

    result = Engine(Resolver.fixed(Settings())).lint_paths([str(f) for f in files])
    docs = {str(f): documents(f) for f in files}
    out = {(str(f), i): (False, False) for f in files for i in range(len(docs[str(f)]))}
    for d in result.diagnostics:
        path = str(Path(d.path).resolve())
        i = owner(docs.get(path, []), d.span.line)
        if i is None or (path, i) not in out:
            continue
        schema, policy = out[(path, i)]
        if d.code in SCHEMA_CODES:
            schema = True
        elif d.severity in ("warning", "error") and d.code.startswith("KM"):
            policy = True
        out[(path, i)] = (schema, policy)
    return out


def kubernetes_validate_verdicts(files: list[Path], version: str) -> dict[tuple[str, int], str] | None:
    """(file, doc) -> valid | invalid | no-schema, by kubernetes-validate --strict."""
    try:
        import kubernetes_validate
    except ImportError:
        return None
    out = {}
    for f in files:
        for i, (_, _, obj) in enumerate(documents(f)):
            try:
                kubernetes_validate.validate(obj, version, strict=True)
                out[(str(f), i)] = "valid"
            except kubernetes_validate.ValidationError:
                out[(str(f), i)] = "invalid"
            except (kubernetes_validate.SchemaNotFoundError, kubernetes_validate.InvalidSchemaError):
                out[(str(f), i)] = "no-schema"
    return out


def checkov_verdicts(directory: Path, files: list[Path]) -> dict[tuple[str, int], bool] | None:
    """(file, doc) -> any failed Checkov Kubernetes check."""
    exe = shutil.which("checkov") or str(Path(sys.executable).with_name("checkov"))
    if not Path(exe).exists():
        return None
    proc = subprocess.run(
        [exe, "-d", str(directory), "--framework", "kubernetes", "-o", "json", "--quiet", "--compact"],
        capture_output=True, text=True,
    )
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
    return out


def agreement(name: str, ours: dict, theirs: dict, detail: bool = True) -> None:
    keys = sorted(set(ours) & set(theirs))
    same = sum(ours[k] == theirs[k] for k in keys)
    both = sum(ours[k] and theirs[k] for k in keys)
    only_ours = sum(ours[k] and not theirs[k] for k in keys)
    only_theirs = sum(theirs[k] and not ours[k] for k in keys)
    print(f"  {name}: {same}/{len(keys)} documents agree ({100 * same / max(len(keys), 1):.0f}%);"
          f" flagged by both {both}, only cnlint {only_ours}, only the other {only_theirs}")
    for k in keys if detail else ():
        if ours[k] != theirs[k]:
            print(f"    differ: {Path(k[0]).relative_to(CORPUS)} document {k[1] + 1}: cnlint={ours[k]} other={theirs[k]}")


# ---- wall time -------------------------------------------------------------------


def timed(argv: list[str], cwd: Path) -> tuple[float, float]:
    """(wall, CPU) seconds of one run; CPU time is steadier on a busy machine."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.run(argv, cwd=cwd, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode not in (0, 1):  # 1: findings
        raise SystemExit(f"{argv[0]} failed ({proc.returncode}): {proc.stderr[-500:]}")
    return elapsed, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=0, help="copies of the corpus for the speed run (default: enough for ~700 documents)")
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    args = parser.parse_args()

    from cnlint import kubernetes_schemas

    minor = kubernetes_schemas.schema_minor(None)
    version = f"1.{minor}"
    files = sorted(p.resolve() for p in args.corpus.rglob("*") if p.suffix in (".yaml", ".yml"))
    count = sum(len(documents(f)) for f in files)
    print(f"corpus: {len(files)} files, {count} documents; Kubernetes {version}")

    ours = cnlint_verdicts(files)
    kv = kubernetes_validate_verdicts(files, version)
    if kv is None:
        print("  kubernetes-validate: not installed, skipped")
    else:
        judged = {k: v == "invalid" for k, v in kv.items() if v != "no-schema"}
        print(f"  kubernetes-validate: {sum(judged.values())} invalid, {len(judged) - sum(judged.values())} valid, {len(kv) - len(judged)} without schema (skipped by it)")
        print(f"  cnlint: {sum(s for s, _ in ours.values())} schema-invalid of {len(ours)}")
        agreement("schema, cnlint vs kubernetes-validate (documents it has a schema for)", {k: ours[k][0] for k in judged}, judged)
    ck = checkov_verdicts(args.corpus.resolve(), files)
    if ck is None:
        print("  checkov: not installed, skipped")
    else:
        agreement("policy, cnlint default rules vs checkov (any finding)", {k: ours[k][1] for k in ck}, ck, detail=False)

    copies = args.copies or max(1, round(700 / max(count, 1)))
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        for n in range(copies):
            shutil.copytree(args.corpus, work / f"copy{n}")
        copied = [p for p in work.rglob("*") if p.suffix in (".yaml", ".yml")]
        print(f"\nspeed: {copies} copies = {len(copied)} files, {count * copies} documents (one process each)")
        exe = Path(sys.executable)
        cnlint = [str(exe), "-m", "cnlint", "check", "--isolated", "--format", "json"]
        rows = [
            ("cnlint (schema + all default rules)", [*cnlint, "."]),
            ("cnlint --select KM1,CN (schema rules only)", [*cnlint, "--select", "KM1,CN", "."]),
        ]
        if kv is not None:
            kv_exe = shutil.which("kubernetes-validate") or str(exe.with_name("kubernetes-validate"))
            rows.append(("kubernetes-validate --strict (schema only)", [kv_exe, "--strict", "-k", version, "--quiet", *map(str, copied)]))
        if ck is not None:
            ck_exe = shutil.which("checkov") or str(exe.with_name("checkov"))
            rows.append(("checkov --framework kubernetes", [ck_exe, "-d", ".", "--framework", "kubernetes", "--quiet", "--compact"]))
        times = {}
        print(f"  {'':45} {'wall':>8}   {'CPU':>8}")
        for name, argv in rows:
            # The best of two runs: a busy machine only ever adds time.
            runs = [timed(argv, work) for _ in range(2)]
            times[name] = (min(r[0] for r in runs), min(r[1] for r in runs))
            print(f"  {name:45} {times[name][0]:8.2f} s {times[name][1]:8.2f} s")
        if kv is not None:
            for i, what in ((0, "wall"), (1, "CPU")):
                theirs = times[rows[2][0]][i]
                print(f"  {what}: cnlint takes {times[rows[0][0]][i] / theirs:.3f} of kubernetes-validate's time with all default rules,"
                      f" {times[rows[1][0]][i] / theirs:.3f} with the schema rules only (target: well under 0.1)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
