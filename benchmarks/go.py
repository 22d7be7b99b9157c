#!/usr/bin/env python3
"""cnlint against go vet and staticcheck on Go: agreement per rule, and speed.

    python benchmarks/go.py [--runs N] [--src DIR ...]

Agreement: benchmarks/corpus/go/ holds small modules (stdlib only, so the
oracles run offline) with a comment `// want: GO005` on the line before
each line a rule must report. cnlint, `go vet -json` and staticcheck lint
every module; each oracle finding is mapped to cnlint rules through the
rules' aliases. cnlint must report the labelled line itself; an oracle
agrees when it reports the same rule in the same top-level declaration
(tools point at different tokens of one mistake).

Speed: cnlint lints Go standard library packages (about 150,000 lines by
default: net, sync, os of the newest Go installed) in one process; go vet
runs on the same packages with an empty build cache (cold) and again with
the cache it filled (warm).

The oracles run with GOTOOLCHAIN=local GOPROXY=off GOFLAGS=-mod=mod; an
oracle that is not installed is reported as such.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "benchmarks" / "corpus" / "go"
sys.path.insert(0, str(ROOT))

WANT = re.compile(r"^\s*// want: ((?:GO\d{3}\s*)+)$")
SPEED_PACKAGES = ("net", "sync", "os")
ENV = {"GOTOOLCHAIN": "local", "GOPROXY": "off", "GOFLAGS": "-mod=mod"}
STD_ENV = {"GOFLAGS": ""}  # the standard library builds from its vendor directory


def go_binaries() -> list[str]:
    """Every go installed, oldest first: Debian's golang-1.N-go, then `go` on PATH."""
    found = sorted(Path("/usr/lib").glob("go-1.*/bin/go"), key=lambda p: int(p.parent.parent.name.split(".")[1]))
    on_path = shutil.which("go")
    return [str(p) for p in found] + ([on_path] if on_path and not found else [])


def go_binary() -> str | None:
    """The newest go installed."""
    found = go_binaries()
    return found[-1] if found else None


def staticcheck_binary() -> str | None:
    return shutil.which("staticcheck") or shutil.which("go-staticcheck")


def modules() -> list[Path]:
    return sorted(p.parent for p in CORPUS.glob("*/go.mod"))


def labels() -> set[tuple[str, int, str]]:
    """(path relative to the corpus, line, code) of every labelled finding."""
    out = set()
    for path in sorted(CORPUS.rglob("*.go")):
        for number, line in enumerate(path.read_text().splitlines(), 1):
            m = WANT.match(line)
            if m:
                for code in m.group(1).split():
                    out.add((str(path.relative_to(CORPUS)), number + 1, code))
    return out


def declaration_of(path: Path, line: int) -> int:
    """Line of the top-level declaration (func, var, const, type, import)
    that `line` falls in: the last line at or before it that starts one."""
    lines = path.read_text().splitlines()
    for number in range(min(line, len(lines)), 0, -1):
        if re.match(r"(func|var|const|type|import)\b", lines[number - 1]):
            return number
    return 0


def cnlint_findings() -> set[tuple[str, int, str]]:
    from cnlint.config import Resolver
    from cnlint.engine import Engine

    engine = Engine(Resolver(isolated=True))
    base = engine.resolver.for_dir(CORPUS)
    engine.resolver = Resolver.fixed(base._replace(select=("GO",)))
    result = engine.lint_paths([str(CORPUS)])
    return {(str(Path(d.path).resolve().relative_to(CORPUS)), d.span.line, d.code) for d in result.diagnostics}


def alias_map() -> dict[str, set[str]]:
    from cnlint.registry import load_catalogue

    out = defaultdict(set)
    for rule in load_catalogue():
        if rule.artifact == "go":
            for alias in rule.aliases:
                out[alias].add(rule.code)
    return out


def _run(cmd, cwd, extra_env=None, timeout=600):
    env = {**os.environ, **ENV, **(extra_env or {})}
    return subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, env=env, timeout=timeout)


_POSITION = re.compile(r"^(?P<file>.+?):(?P<line>\d+):(?P<col>\d+)(?::.*)?$")


def vet_findings(go: str) -> set[tuple[str, int, str]]:
    """(path, line, analyzer) from `go vet -json` on every module."""
    out = set()
    for module in modules():
        proc = _run([go, "vet", "-json", "./..."], module)
        # -json prints one JSON object per package, after a "# pkg" line.
        for chunk in re.split(r"^# .*$", proc.stderr, flags=re.M):
            chunk = chunk.strip()
            if not chunk.startswith("{"):
                continue
            try:
                data = json.loads(chunk)
            except json.JSONDecodeError:
                continue
            for analyzers in data.values():
                for analyzer, found in analyzers.items():
                    for item in found if isinstance(found, list) else []:
                        m = _POSITION.match(item.get("posn", ""))
                        if m:
                            out.add((str(Path(m["file"]).resolve().relative_to(CORPUS)), int(m["line"]), analyzer))
    return out


def vet_analyzers(go: str) -> set[str]:
    """The analyzers this go vet runs (waitgroup, for one, is newer than 1.23)."""
    text = _run([go, "tool", "vet", "help"], ROOT).stdout
    return set(re.findall(r"^\s{4}(\w+)\s", text, flags=re.M))


def staticcheck_findings(binary: str) -> set[tuple[str, int, str]]:
    out = set()
    for module in modules():
        proc = _run([binary, "-f", "json", "-checks", "SA*", "./..."], module)
        for line in proc.stdout.splitlines():
            try:
                item = json.loads(line)
            except json.JSONDecodeError:
                continue
            where = item.get("location", {})
            if where.get("file"):
                out.add((str(Path(where["file"]).resolve().relative_to(CORPUS)), where["line"], item["code"]))
    return out


def agreement(go: str | None, staticcheck: str | None) -> list[tuple]:
    want = labels()
    mine = cnlint_findings()
    aliases = alias_map()
    oracle = defaultdict(set)  # code -> {(path, declaration line)}
    oracle_of = {}  # code -> which tool answers for it
    for _tool, found in (("go vet", vet_findings(go) if go else set()), ("staticcheck", staticcheck_findings(staticcheck) if staticcheck else set())):
        for path, line, analyzer in found:
            for code in aliases.get(analyzer, ()):
                oracle[code].add((path, declaration_of(CORPUS / path, line)))
    analyzers = vet_analyzers(go) if go else set()
    for alias, codes in aliases.items():
        tool = "go vet" if alias in analyzers else "staticcheck" if alias.startswith("SA") and staticcheck else None
        for code in codes:
            if tool:
                oracle_of.setdefault(code, set()).add(f"{tool} {alias}")
    rows = []
    for code in sorted({c for _, _, c in want} | {c for _, _, c in mine}):
        labelled = {(p, line) for p, line, c in want if c == code}
        reported = {(p, line) for p, line, c in mine if c == code}
        decls = {(p, declaration_of(CORPUS / p, line)) for p, line in labelled}
        row = [code, len(labelled), len(labelled & reported), len(reported - labelled)]
        if code in oracle_of:
            theirs = oracle[code]
            row += [", ".join(sorted(oracle_of[code])), len(decls & theirs), len(theirs - decls)]
        else:
            row += ["(none offline)", None, None]
        rows.append(tuple(row))
    return rows


def _std_patterns(go: str, sources: list[Path]) -> tuple[Path, list[str]]:
    """GOROOT and the std package patterns (net/...) for source trees in it."""
    goroot = Path(go).resolve().parent.parent
    src = (goroot / "src").resolve()
    return goroot, [f"{s.resolve().relative_to(src)}/..." for s in sources if src in s.resolve().parents]


def real_code(go: str, sources: list[Path]) -> list[tuple]:
    """Per rule with a go vet analyzer: findings of both tools on real code,
    matched by file and top-level declaration."""
    goroot, patterns = _std_patterns(go, sources)
    proc = _run([go, "vet", "-json", *patterns], goroot / "src", STD_ENV)
    aliases = alias_map()
    theirs = defaultdict(set)
    for chunk in re.split(r"^# .*$", proc.stderr, flags=re.M):
        chunk = chunk.strip()
        if not chunk.startswith("{"):
            continue
        try:
            data = json.loads(chunk)
        except json.JSONDecodeError:
            continue
        for analyzers in data.values():
            for analyzer, found in analyzers.items():
                for item in found if isinstance(found, list) else []:
                    m = _POSITION.match(item.get("posn", ""))
                    for code in aliases.get(analyzer, ()) if m else ():
                        path = Path(m["file"]).resolve()
                        theirs[code].add((str(path), declaration_of(path, int(m["line"]))))
    from cnlint.config import Resolver
    from cnlint.engine import Engine

    engine = Engine(Resolver(isolated=True))
    engine.resolver = Resolver.fixed(engine.resolver.for_dir(ROOT)._replace(select=("GO",)))
    mine = defaultdict(set)
    for d in engine.lint_paths([str(s) for s in sources]).diagnostics:
        path = Path(d.path).resolve()
        mine[d.code].add((str(path), declaration_of(path, d.span.line)))
    analyzers = vet_analyzers(go)
    rows = []
    for code in sorted({c for alias, codes in aliases.items() if alias in analyzers for c in codes}):
        both = mine[code] & theirs[code]
        rows.append((code, ", ".join(sorted(a for a, cs in aliases.items() if code in cs and a in analyzers)), len(both), len(theirs[code] - both), len(mine[code] - both)))
    return rows


def speed(go: str | None, runs: int, sources: list[Path]) -> list[tuple]:
    lines = sum(p.read_text(errors="replace").count("\n") for s in sources for p in s.rglob("*.go") if "testdata" not in p.parts)
    cmd = [sys.executable, "-m", "cnlint", "check", "--isolated", "--select", "GO", "--exit-zero", "--format", "json", "--output", os.devnull]
    rows = [("cnlint (one process)", _best(lambda: subprocess.run(cmd + [str(s) for s in sources], capture_output=True, timeout=600), runs))]
    if go:
        goroot, patterns = _std_patterns(go, sources)
        if patterns:
            with tempfile.TemporaryDirectory() as cache:

                def cold():
                    shutil.rmtree(cache, ignore_errors=True)
                    _run([go, "vet", *patterns], goroot / "src", dict(STD_ENV, GOCACHE=cache))

                rows.append(("go vet, empty build cache", _best(cold, runs)))
                rows.append(("go vet, warm build cache", _best(lambda: _run([go, "vet", *patterns], goroot / "src", dict(STD_ENV, GOCACHE=cache)), runs)))
    return lines, rows


def real_findings(root: Path) -> dict[str, dict[str, int]]:
    """Default Go findings per rule on each checkout under `root` (one
    directory per repository, as the README's real-code table lists them),
    for reading every finding a change adds."""
    from collections import Counter

    from cnlint.config import Resolver
    from cnlint.engine import Engine

    out = {}
    for checkout in sorted(p for p in root.iterdir() if p.is_dir()):
        result = Engine(Resolver(isolated=True)).lint_paths([str(checkout)])
        out[checkout.name] = dict(Counter(d.code for d in result.diagnostics if d.code.startswith("GO")))
    return out


def _best(fn, runs: int) -> tuple[float, float]:
    """Best wall time and best CPU time (user + system, of the child
    processes) over `runs`: CPU time stays meaningful on a busy machine."""
    walls, cpus = [], []
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        fn()
        walls.append(time.perf_counter() - start)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return min(walls), min(cpus)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--src", type=Path, nargs="*", help="Go source trees for the speed run (default: net, sync, os of GOROOT)")
    parser.add_argument("--no-speed", action="store_true", help="only the labelled cases")
    parser.add_argument("--real", type=Path, help="a directory of checkouts: print the default findings per rule on each, and stop")
    args = parser.parse_args()
    if args.real:
        found = real_findings(args.real)
        for name, codes in found.items():
            print(f"{name:<48} {sum(codes.values()):>5}  {', '.join(f'{c} {n}' for c, n in sorted(codes.items()))}")
        print(f"{'total':<48} {sum(sum(c.values()) for c in found.values()):>5}")
        return 0
    go, staticcheck = go_binary(), staticcheck_binary()
    version = _run([go, "version"], ROOT).stdout.strip() if go else "go not installed"
    print(f"oracles: {version}; staticcheck: {staticcheck or 'not installed'}; gosec: not packaged for Debian, not run\n")
    print(f"{'rule':<6} {'cases':>5} {'cnlint ok':>9} {'cnlint FP':>9}  {'oracle':<44} {'agrees':>6} {'extra':>5}")
    print("-" * 92)
    for code, n, ok, fp, tool, agree, extra in agreement(go, staticcheck):
        tail = f"{agree:>6} {extra:>5}" if agree is not None else f"{'-':>6} {'-':>5}"
        print(f"{code:<6} {n:>5} {ok:>9} {fp:>9}  {tool:<44} {tail}")
    print("\ncases: labelled findings; cnlint ok: reported on the labelled line; cnlint FP: reported elsewhere;")
    print("agrees: labelled cases the oracle also reports; extra: oracle findings where no case is labelled.")
    if args.no_speed:
        return 0
    if args.src:
        sources = [p.resolve() for p in args.src]
    elif go:
        goroot = Path(go).resolve().parent.parent
        sources = [goroot / "src" / p for p in SPEED_PACKAGES]
    else:
        print("\nno Go sources for the speed run; pass --src")
        return 0
    if go:
        print(f"\nreal code ({', '.join(s.name for s in sources)}): go vet and cnlint findings by top-level declaration")
        print(f"{'rule':<6} {'analyzer':<18} {'both':>5} {'vet only':>8} {'cnlint only':>11}")
        for code, analyzer, both, vet_only, mine_only in real_code(go, sources):
            print(f"{code:<6} {analyzer:<18} {both:>5} {vet_only:>8} {mine_only:>11}")
    lines, rows = speed(go, args.runs, sources)
    print(f"\nspeed on {lines:,} lines of Go ({', '.join(str(s) for s in sources)}), best of {args.runs}:")
    print(f"  {'':<28} {'wall':>7} {'CPU':>7}")
    for what, (wall, cpu) in rows:
        print(f"  {what:<28} {wall:6.2f}s {cpu:6.2f}s")
    print(f"load average at the end: {os.getloadavg()[0]:.1f}")
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} CPUs")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
