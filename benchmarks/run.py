#!/usr/bin/env python3
"""cnlint's speed beside the tools its users would otherwise run, in one table.

    python benchmarks/run.py [--runs N] [--quick]

Rows: work | peer | peer time | cnlint | ratio (cnlint/peer)

1. benchmarks/corpus/dockerfiles, every Dockerfile named once, cnlint's own
   rules (--ignore DF084), against hadolint (which always runs ShellCheck);
2. the same with ShellCheck (DF084): cnlint with an empty cache (cold) and
   again with the cache that run filled (warm);
3. benchmarks/corpus/kubernetes, schema + all default rules, against
   kubernetes-validate --strict (schema only, benchmarks/kubernetes.py's
   driver) and Checkov ($CHECKOV, on PATH or in ~/.venvs/checkov);
4. Go: net, sync and os of the newest Go installed (benchmarks/go.py),
   against go vet with an empty and with a warm build cache
   (GOTOOLCHAIN=local GOPROXY=off);
5. one file each: examples/Dockerfile (against hadolint),
   examples/k8s/deployment.yaml (against kubernetes-validate), examples/main.go;
6. a second run on the unchanged tree of the three corpora together, against
   the first run (empty cache); and a run of the Go corpus (a copy of it)
   after one file of it changed since the run before, as in a pre-commit
   hook or a CI job that keeps the cache;
7. --jobs 1 against the default (all cores) on the largest corpus;
8. peak RSS of cnlint on the Go and the Kubernetes corpus, beside the peer's.

How: every command runs as a subprocess as a user runs it (`python -m cnlint
check --exit-zero ...`, the report to /dev/null), once untimed as a warm-up,
then --runs times; a cell is the median wall time and the best. cnlint's
cached results (findings, ShellCheck's answers) are not used by any cold
run (--no-cache, or a fresh CNLINT_CACHE_DIR where cnlint lacks that flag),
while what a first run after an install prepares once (the validated rule
catalogue) is kept, as the byte-compiled code is: cnlint is byte-compiled
first and the children run without PYTHONDONTWRITEBYTECODE, as an installed
package does. The warm and second-run rows use a fresh cache directory that
the untimed warm-up run fills and the timed runs reuse.
Peak RSS is the child's ru_maxrss from os.wait4: the largest single process
(a worker, if larger), not their sum. A peer that is not installed is shown
as such. --quick runs only the one-file rows. Other work on the machine slows
every tool, so the load average is printed.
"""

from __future__ import annotations

import argparse
import importlib.metadata
import importlib.util
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import dockerfile as dockerfile_bench
import go as go_bench
import kubernetes as kubernetes_bench

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
CNLINT = [sys.executable, "-m", "cnlint", "check", "--exit-zero"]
# Bytecode may be written, as on a user's machine; GitHub Actions output is not wanted.
ENV = {k: v for k, v in os.environ.items() if k not in ("PYTHONDONTWRITEBYTECODE", "GITHUB_ACTIONS")}


@dataclass
class Timing:
    median: float
    best: float
    rss: int  # the largest ru_maxrss of the runs, bytes


def run_once(argv: list[str], cwd: Path, env: dict) -> tuple[float, int]:
    """Wall seconds and peak RSS (bytes) of one run; RuntimeError if it fails."""
    with tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(argv, cwd=cwd, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=err)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        if proc.returncode not in (0, 1):  # 1: findings (go vet, checkov)
            err.seek(0)
            raise RuntimeError(f"exit {proc.returncode}: {err.read().decode(errors='replace').strip()[-300:]}")
    return wall, usage.ru_maxrss * 1024


def measure(argv: list[str], cwd: Path, runs: int, env: dict = ENV, prepare=None) -> Timing | str:
    """One untimed warm-up run, then `runs` timed ones; `prepare()`, when
    given, returns the environment of each run (and empties a cache)."""
    walls, rss = [], 0
    try:
        for i in range(runs + 1):
            wall, peak = run_once(argv, cwd, prepare() if prepare else env)
            if i:
                walls.append(wall)
                rss = max(rss, peak)
    except (OSError, RuntimeError) as exc:
        return f"failed: {exc}"
    return Timing(statistics.median(walls), min(walls), rss)


class Cnlint:
    """cnlint runs with an empty result cache, or the cache a cold run filled."""

    def __init__(self, tmp: Path, runs: int, flags: str):
        self.tmp, self.runs = tmp, runs
        self.no_cache, self.jobs = "--no-cache" in flags, "--jobs" in flags

    def fresh(self) -> dict:
        return {**ENV, "CNLINT_CACHE_DIR": tempfile.mkdtemp(dir=self.tmp)}

    def cold(self, args: list[str], cwd: Path) -> Timing | str:
        if self.no_cache:
            return measure([*CNLINT, "--no-cache", *args], cwd, self.runs)
        return measure([*CNLINT, *args], cwd, self.runs, prepare=self.fresh)

    def cold_and_warm(self, args: list[str], cwd: Path) -> tuple[Timing | str, Timing | str]:
        """Cold as every other row; warm in a new cache directory that the
        untimed warm-up run fills and the timed runs reuse."""
        if not self.no_cache:  # each cold run in a new empty directory; the warm runs reuse the last
            envs = []

            def fresh() -> dict:
                envs.append(self.fresh())
                return envs[-1]

            cold = measure([*CNLINT, *args], cwd, self.runs, prepare=fresh)
            return cold, measure([*CNLINT, *args], cwd, self.runs, env=envs[-1])
        return self.cold(args, cwd), measure([*CNLINT, *args], cwd, self.runs, env=self.fresh())

    def after_a_change(self, sources: list[Path], changed: str) -> Timing | str:
        """A copy of the source trees linted with one cache directory, the
        file `changed` (relative to the copy) edited before each run: the
        untimed warm-up run fills the cache, each timed run finds one file
        changed since the run before."""
        root = Path(tempfile.mkdtemp(dir=self.tmp))
        for src in sources:
            shutil.copytree(src, root / src.name)
        env = self.fresh()

        def edit() -> dict:
            with open(root / changed, "a", encoding="utf-8") as f:
                f.write("\n// edited\n")  # each edit adds a line: a new text each time
            return env

        return measure([*CNLINT, *(s.name for s in sources)], root, self.runs, prepare=edit)


def go_vet(go: str, sources: list[Path], runs: int, tmp: Path) -> tuple[Timing | str, Timing | str]:
    """go vet on the packages: an empty build cache for each run, then the cache filled."""
    goroot, patterns = go_bench._std_patterns(go, sources)
    env = {**ENV, **go_bench.ENV, **go_bench.STD_ENV, "GOCACHE": str(tmp / "gocache")}

    def empty() -> dict:
        shutil.rmtree(env["GOCACHE"], ignore_errors=True)
        return env

    argv = [go, "vet", *patterns]
    return measure(argv, goroot / "src", runs, prepare=empty), measure(argv, goroot / "src", runs, env=env)


def seconds(cell: Timing | str | None) -> str:
    return f"{cell.median:.2f} s (best {cell.best:.2f})" if isinstance(cell, Timing) else cell or "-"


def megabytes(cell: Timing | str | None) -> str:
    return f"{cell.rss / 2**20:.0f} MB" if isinstance(cell, Timing) else cell or "-"


def print_table(rows: list[tuple]) -> bool:
    """Print the rows (work, peer, peer cell, cnlint cell, formatter), then
    the failures; whether a cnlint run failed."""
    failures, lines = [], []
    for work, peer, theirs, ours, fmt in rows:
        cells = []
        for cell in (theirs, ours):
            if isinstance(cell, str) and cell.startswith("failed"):
                failures.append(cell)
                cell = f"failed [{len(failures)}]"
            cells.append(fmt(cell))
        ratio = "-"
        if isinstance(theirs, Timing) and isinstance(ours, Timing):
            ratio = f"{ours.rss / theirs.rss:.2f}" if fmt is megabytes else f"{ours.median / theirs.median:.3f}"
        lines.append((work, peer, cells[0], cells[1], ratio))
    header = ("work", "peer", "peer time", "cnlint", "ratio (cnlint/peer)")
    widths = [max(len(line[i]) for line in [header, *lines]) for i in range(5)]
    for line in [header, tuple("-" * w for w in widths), *lines]:
        print("| " + " | ".join(text.ljust(w) for text, w in zip(line, widths, strict=True)) + " |")
    for i, failure in enumerate(failures, 1):
        print(f"[{i}] {failure}")
    return any(isinstance(cell, str) and cell.startswith("failed") for row in rows for cell in (row[3], row[2] if row[1].startswith("cnlint") else None))


def version(argv: list[str]) -> str:
    try:
        return subprocess.run(argv, capture_output=True, text=True, timeout=60).stdout.strip().splitlines()[0]
    except (OSError, subprocess.SubprocessError, IndexError):
        return "unknown version"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="timed runs per command, after one warm-up (default 5)")
    parser.add_argument("--quick", action="store_true", help="only the one-file rows")
    args = parser.parse_args()

    load = os.getloadavg()
    print(f"load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f} (1, 5, 15 min); {os.cpu_count()} CPUs; "
          f"python {sys.version.split()[0]}; median (best) of {args.runs} runs after a warm-up")
    subprocess.run([sys.executable, "-m", "compileall", "-q", "cnlint"], cwd=ROOT, env=ENV, stdout=subprocess.DEVNULL)
    flags = subprocess.run([*CNLINT, "--help"], capture_output=True, text=True, env=ENV).stdout
    hadolint, checkov, go = dockerfile_bench.hadolint_binary(), kubernetes_bench.checkov_binary(), go_bench.go_binary()
    kv = importlib.util.find_spec("kubernetes_validate") is not None
    print("peers: " + "; ".join([
        f"hadolint {version([hadolint, '--version']).split()[-1] if hadolint else 'not installed'}",
        f"kubernetes-validate {importlib.metadata.version('kubernetes-validate') if kv else 'not installed'}",
        f"checkov {version([checkov, '--version']) if checkov else 'not installed'}",
        f"go vet {version([go, 'env', 'GOVERSION']) if go else 'not installed'}",
    ]))

    from cnlint.kubernetes.schemas import schema_minor

    k8s_version = f"1.{schema_minor(None)}"
    kv_argv = [sys.executable, "-c", kubernetes_bench.KV_DRIVER, k8s_version]

    def peer(installed, argv, cwd):
        return measure(argv, cwd, args.runs) if installed else "not installed"

    def say(what):
        print(f"measuring {what} ...", file=sys.stderr, flush=True)

    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        ENV["CNLINT_CACHE_DIR"] = str(tmp / "cache")  # never the user's cache
        cn = Cnlint(tmp, args.runs, flags)
        print("cold cnlint runs: " + ("--no-cache" if cn.no_cache else
              "a fresh CNLINT_CACHE_DIR each (note: `cnlint check --help` lists no --no-cache yet)"))
        if not cn.jobs:
            print("note: `cnlint check --help` lists no --jobs yet: every run uses cnlint's default, the --jobs 1 row is empty")

        dockerfiles = sorted(dockerfile_bench.CORPUS.glob("*Dockerfile*"))
        manifests = kubernetes_bench.corpus_files(kubernetes_bench.CORPUS)
        sources = [Path(go).resolve().parent.parent / "src" / p for p in go_bench.SPEED_PACKAGES] if go else []
        go_files = [p for s in sources for p in s.rglob("*.go") if "testdata" not in p.parts]
        go_lines = sum(p.read_text(errors="replace").count("\n") for p in go_files)
        df, k8s, gos = f"{len(dockerfiles)} Dockerfiles", f"{len(manifests)} Kubernetes manifests", f"Go {', '.join(go_bench.SPEED_PACKAGES)} ({go_lines // 1000}k lines)"
        corpora = {  # name -> (arguments, directory they are relative to, input files)
            df: ([p.name for p in dockerfiles], dockerfile_bench.CORPUS, dockerfiles),
            k8s: ([str(p.relative_to(kubernetes_bench.CORPUS)) for p in manifests], kubernetes_bench.CORPUS, manifests),
        }
        if go:
            corpora[gos] = ([s.name for s in sources], sources[0].parent, go_files)
        cold = {}  # corpus -> cnlint's cold timing, all rules, default jobs
        rows = []

        if not args.quick:
            say("Dockerfiles")
            names, cwd, _ = corpora[df]
            hado = peer(hadolint, [hadolint, "--no-fail", *names], cwd)
            cold[df], warm = cn.cold_and_warm(names, cwd)
            rows += [
                (f"{df}, --ignore DF084", "hadolint (ShellCheck inside)", hado, cn.cold(["--ignore", "DF084", *names], cwd), seconds),
                (f"{df}, ShellCheck, cold cache", "hadolint (ShellCheck inside)", hado, cold[df], seconds),
                (f"{df}, ShellCheck, warm cache", "hadolint (ShellCheck inside)", hado, warm, seconds),
            ]
            say("Kubernetes")
            names, cwd, _ = corpora[k8s]
            cold[k8s] = cn.cold(names, cwd)
            kv_time = peer(kv, [*kv_argv, *names], cwd)
            checkov_argv = [checkov, "-d", ".", "--framework", "kubernetes", "--quiet", "--compact", "--skip-download"]
            rows += [
                (f"{k8s}, schema + all rules", f"kubernetes-validate {k8s_version} (schema only)", kv_time, cold[k8s], seconds),
                (f"{k8s}, schema + all rules", "checkov --framework kubernetes", peer(checkov, checkov_argv, cwd), cold[k8s], seconds),
            ]
            say("Go")
            if go:
                cold[gos] = cn.cold(*corpora[gos][:2])
                vet_cold, vet_warm = go_vet(go, sources, args.runs, tmp)
                rows += [
                    (gos, "go vet, empty build cache", vet_cold, cold[gos], seconds),
                    (gos, "go vet, warm build cache", vet_warm, cold[gos], seconds),
                ]
            else:
                rows.append(("Go net, sync, os", "go vet", "not installed", "no Go installed: no corpus", seconds))

        say("one file each")
        rows += [
            ("examples/Dockerfile", "hadolint", peer(hadolint, [hadolint, "--no-fail", "Dockerfile"], EXAMPLES),
             cn.cold(["Dockerfile"], EXAMPLES), seconds),
            ("examples/k8s/deployment.yaml", "kubernetes-validate", peer(kv, [*kv_argv, "k8s/deployment.yaml"], EXAMPLES),
             cn.cold(["k8s/deployment.yaml"], EXAMPLES), seconds),
            ("examples/main.go", "(none)", None, cn.cold(["main.go"], EXAMPLES), seconds),
        ]

        if not args.quick:
            say("a second run on the same tree")
            tree = [str(cwd / name) for names, cwd, _ in corpora.values() for name in names]
            first, second = cn.cold_and_warm(tree, tmp)
            rows.append((f"{' + '.join(n.split(' (')[0] for n in corpora)}, second run", "cnlint, first run", first, second, seconds))
            if go:
                say("a run after one Go file changed")
                rows.append((f"{gos}, one file changed since the last run", "cnlint, first run", cold[gos], cn.after_a_change(sources, "sync/mutex.go"), seconds))

            largest = max(corpora, key=lambda n: sum(p.stat().st_size for p in corpora[n][2]))
            say(f"--jobs 1 on {largest}")
            jobs1 = cn.cold(["--jobs", "1", *corpora[largest][0]], corpora[largest][1]) if cn.jobs else "no --jobs in cnlint yet"
            rows.append((f"{largest}, --jobs 1", f"cnlint, default jobs ({os.cpu_count()} CPUs)", cold[largest], jobs1, seconds))

            if go:
                rows.append((f"peak RSS, {gos}", "go vet, warm build cache", vet_warm, cold[gos], megabytes))
            rows.append((f"peak RSS, {k8s}", "kubernetes-validate", kv_time, cold[k8s], megabytes))

        failed = print_table(rows)
    if not args.quick:
        print("peak RSS: the largest single process of the run (cnlint's workers and go vet's vet are processes of their own)")
    load = os.getloadavg()
    print(f"load average at the end {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
