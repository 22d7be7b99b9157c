"""Kubernetes policy rules: cnlint against Checkov, check by check.

    python benchmarks/kubernetes_policy.py [--corpus DIR ...] [--copies N]

For each pair of a cnlint rule and the Checkov check that tests the same
thing, it prints over the objects of the corpus (default: the manifests in
corpus/kubernetes and the Pod Security fixtures in corpus/pss) how often
both flag an object, neither does, or only one of them does; then the wall
time of each tool over the corpus (copied `--copies` times, once by
default: it holds some 700 real documents), each run in one process as a
user runs it. Checkov is optional: without it only cnlint's
figures are printed.

Known differences are by design and listed under the table: where the two
disagree, the rule's description in rules/kubernetes says why.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT_CORPORA = (HERE / "corpus" / "kubernetes", HERE / "corpus" / "pss")

# cnlint rule -> Checkov check of the same property.
PAIRS = {
    "KM001": "CKV_K8S_14",  # image tag latest or missing
    "KM002": "CKV_K8S_16",  # privileged
    "KM003": "CKV_K8S_13",  # memory limit
    "KM005": "CKV_K8S_19",  # hostNetwork
    "KM006": "CKV_K8S_17",  # hostPID
    "KM007": "CKV_K8S_18",  # hostIPC
    "KM010": "CKV_K8S_22",  # read-only root filesystem
    "KM011": "CKV_K8S_28",  # NET_RAW
    "KM013": "CKV_K8S_27",  # Docker socket
    "KM016": "CKV_K8S_10",  # CPU request
    "KM039": "CKV_K8S_26",  # hostPort
    "KM045": "CKV_K8S_20",  # allowPrivilegeEscalation
    "KM046": "CKV_K8S_23",  # runAsNonRoot
    "KM048": "CKV_K8S_31",  # seccomp profile
    "KM049": "CKV_K8S_37",  # capabilities dropped
    "KM050": "CKV_K8S_8",  # liveness probe
    "KM051": "CKV_K8S_9",  # readiness probe
    "KM053": "CKV_K8S_12",  # memory request
    "KM056": "CKV_K8S_35",  # secrets in environment variables
    "KM058": "CKV_K8S_38",  # service account token mounted
    "KM059": "CKV_K8S_21",  # default namespace
    "KM069": "CKV_K8S_49",  # wildcards in roles
    "KM083": "CKV_K8S_43",  # image digest
}

NOTES = """\
Known differences:
  KM011  kube-linter semantics: only containers that set `capabilities` are checked; Checkov requires every container to drop NET_RAW.
  KM016  a CPU limit alone counts, as the API server defaults the request to it; Checkov wants `requests.cpu` spelt out.
  KM053  likewise for memory.
  KM050/KM051  Jobs and CronJobs are not asked for probes; Checkov asks every workload.
  KM045-KM049  the Pod Security restricted level as the API server applies it: Windows pods are exempt from the
         Linux-only controls, Localhost seccomp profiles are accepted, runAsUser > 0 without runAsNonRoot is not
         enough, and a container's own setting overrides the pod's; corpus/pss holds the admission fixtures that show it.
"""


def objects(paths: list[Path]) -> list[tuple[str, int, int, str]]:
    """(file, first line, last line, kind/name) of every object, as cnlint sees them."""
    from cnlint.config import Settings
    from cnlint.kubernetes.model import parse

    out = []
    for path in paths:
        artifact = parse(str(path), path.read_text(encoding="utf-8"), Settings())
        for obj in artifact.objects if artifact else ():
            out.append((str(path), obj.first_line, obj.last_line, f"{obj.kind}/{obj.name}"))
    return out


def run_cnlint(paths: list[Path], codes: list[str]) -> tuple[list[dict], float]:
    cmd = [sys.executable, "-m", "cnlint", "check", "--isolated", "--format", "json", "--exit-zero", "--select", ",".join(codes), *map(str, paths)]
    start = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - start
    data = json.loads(proc.stdout or "[]")
    return (data["diagnostics"] if isinstance(data, dict) else data), elapsed


def run_checkov(directory: Path) -> tuple[list[tuple[str, str, int, int]], float] | None:
    exe = shutil.which("checkov") or str(Path(sys.executable).with_name("checkov"))
    if not Path(exe).exists():
        return None
    cmd = [exe, "-d", str(directory), "--framework", "kubernetes", "-o", "json", "--compact", "--skip-download"]
    start = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - start
    reports = json.loads(proc.stdout or "[]")
    rows = []
    for report in reports if isinstance(reports, list) else [reports]:
        results = report.get("results", {}) if isinstance(report, dict) else {}
        for state in ("failed_checks", "passed_checks"):
            for check in results.get(state, []):
                start_line, end_line = check.get("file_line_range", [0, 0])
                path = str(directory / check["file_path"].lstrip("/"))
                rows.append((state, check["check_id"], path, start_line, end_line, check.get("resource", "")))
    return rows, elapsed


def agreement(objs, diagnostics, checkov_rows):
    table = {code: Counter() for code in PAIRS}
    flagged = {(d["path"], d["code"], d["line"]) for d in diagnostics}
    for path, first, last, _ in objs:
        for code, check in PAIRS.items():
            ours = any(p == path and c == code and first <= line <= last for p, c, line in flagged)
            theirs = [state for state, cid, p, a, b, _ in checkov_rows if cid == check and p == path and a <= last and b >= first]
            if not theirs:
                continue  # Checkov did not evaluate this check on this object
            other = "failed_checks" in theirs
            key = "both flag" if ours and other else "neither" if not ours and not other else "cnlint only" if ours else "checkov only"
            table[code][key] += 1
    return table


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, action="append", help="directory of manifests (repeatable)")
    parser.add_argument("--copies", type=int, default=1, help="copies of the corpus in the speed run (default 1)")
    args = parser.parse_args(argv)
    corpora = args.corpus or list(DEFAULT_CORPORA)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp) / "corpus"
        for corpus in corpora:
            shutil.copytree(corpus, work / corpus.name, ignore=shutil.ignore_patterns("*.md"))
        paths = sorted(p for p in work.rglob("*") if p.suffix in (".yaml", ".yml"))
        objs = objects(paths)
        diagnostics, cn_time = run_cnlint(paths, list(PAIRS))
        checkov = run_checkov(work)
        print(f"{len(objs)} objects in {len(paths)} files\n")
        if checkov is None:
            print("checkov: not installed, agreement not measured\n")
        else:
            rows, _ = checkov
            table = agreement(objs, diagnostics, rows)
            print(f"{'cnlint':8} {'checkov':12} {'both flag':>9} {'neither':>8} {'cnlint only':>11} {'checkov only':>12} {'agree':>6}")
            for code, counts in table.items():
                total = sum(counts.values())
                agree = counts["both flag"] + counts["neither"]
                share = f"{100 * agree / total:.0f}%" if total else "-"
                print(f"{code:8} {PAIRS[code]:12} {counts['both flag']:9} {counts['neither']:8} {counts['cnlint only']:11} {counts['checkov only']:12} {share:>6}")
            print("\n" + NOTES)

        speed = Path(tmp) / "speed"
        for i in range(args.copies):
            shutil.copytree(work, speed / f"copy{i}")
        speed_paths = sorted(p for p in speed.rglob("*") if p.suffix in (".yaml", ".yml"))
        _, all_time = run_cnlint(speed_paths, ["KM"])
        _, default_time = run_cnlint(speed_paths, ["default"])
        print(f"speed over {len(objs) * args.copies} objects, one process each:")
        print(f"  cnlint, default policy rules          {default_time:7.2f} s")
        print(f"  cnlint, every KM rule (schema too)    {all_time:7.2f} s")
        if checkov is not None:
            _, ck_time = run_checkov(speed)
            print(f"  checkov --framework kubernetes        {ck_time:7.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
