#!/usr/bin/env python3
"""Coverage-guided fuzzing of every parser and of --fix (atheris, libFuzzer).

    python tests/fuzz_coverage.py TARGET [libFuzzer options] [CORPUS_DIR ...]
    python tests/fuzz_coverage.py --all | --targets T ... [--runs N] [--jobs J]

cnlint's own code is instrumented, so libFuzzer keeps the inputs that reach
new branches and mutates those further; each input goes through the same
checks as the hypothesis suite (tests/fuzz_checks.py): no exception, every
position inside the file, fixes idempotent and never worse. A target starts
from the rule examples and the benchmark corpora. `--all` runs every target
for N inputs each, J at a time, and prints each one's figures; the corpus
it grew is kept in corpus-<target> and a failing input as
crash-<target>-<hash> in the directory given by --artifacts (default: a
temporary one), and the exit code is then 1.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
TARGETS = (
    "dockerfile",
    "shell_splitter",
    "yaml_loader",
    "kubernetes",
    "go",
    "go_mod",
    "config",
    "suppressions",
    "fix_dockerfile",
    "fix_kubernetes",
    "fix_go",
)
SEEDS = {
    "dockerfile": ("dockerfile", "*Dockerfile*"),
    "shell_splitter": ("dockerfile", None),
    "yaml_loader": ("kubernetes", "*.yaml"),
    "kubernetes": ("kubernetes", "*.yaml"),
    "go": ("go", "*.go"),
    "go_mod": (None, "go.mod"),
    "config": (None, None),
    "suppressions": (None, None),
    "fix_dockerfile": ("dockerfile", "*Dockerfile*"),
    "fix_kubernetes": ("kubernetes", "*.yaml"),
    "fix_go": ("go", "*.go"),
}
CODES = ("DF002", "KM001", "GO003", "DL3007", "latest-tag")


def _one_input(target: str, check):
    """libFuzzer's callback for `target`: bytes in, the check run on them."""
    function = getattr(check, target)

    def run(data: bytes) -> None:
        text = data.decode("utf-8", "replace")
        if target == "go_mod":
            mod, _, go = text.partition("\x00")
            function(mod, go)
        elif target == "config":
            function(text[1:], "pyproject.toml" if text[:1] == "p" else "cnlint.toml")
        elif target == "suppressions":
            body, _, rest = text.partition("\x00")
            function(body, [CODES[b % len(CODES)] for b in rest.encode()[:4]] or [CODES[0]])
        else:
            function(text)

    return run


def _seed(directory: str, target: str, check) -> None:
    """Start an empty corpus directory with the target's seeds."""
    artifact, glob = SEEDS[target]
    found = (check.seeds(artifact) if artifact else []) + (check.corpus(glob) if glob else [])
    if target == "config":
        found = ['select = ["ALL"]\n', '[tool.cnlint]\nignore = ["DF"]\n[tool.cnlint.per-file-ignores]\n"a/*" = ["KM"]\n']
    elif target == "suppressions":
        found = [" cnlint: ignore=DF002\x00\x01", " hadolint ignore=DL3007\x00\x02", "nolint:govet\x00"]
    elif target == "go_mod":
        found = [mod + "\x00package main\n\nfunc main() {}\n" for mod in found] or ["module example.com/x\n\ngo 1.22\n\x00package main\n"]
    for n, text in enumerate(found):
        Path(directory, f"seed-{n}").write_text(text, encoding="utf-8", errors="surrogatepass")


def fuzz(target: str, argv: list[str]) -> None:
    import atheris

    sys.path.insert(0, str(HERE))
    with atheris.instrument_imports(include=["cnlint"]):
        import fuzz_checks as check
    corpora = [a for a in argv if not a.startswith("-")]
    if not corpora:
        corpora = [tempfile.mkdtemp(prefix=f"cnlint-fuzz-{target}-")]
        argv = [*argv, corpora[0]]
    os.makedirs(corpora[0], exist_ok=True)
    if not os.listdir(corpora[0]):  # libFuzzer keeps the inputs it finds in the first
        _seed(corpora[0], target, check)
    atheris.Setup([sys.argv[0], *argv], _one_input(target, check))
    atheris.Fuzz()


def run_all(runs: int, jobs: int, artifacts: str, targets=TARGETS) -> int:
    """Each target for `runs` inputs, `jobs` at a time; a table of their figures."""
    os.makedirs(artifacts, exist_ok=True)
    pending, running, rows, failed = list(targets), {}, {}, False
    while pending or running:
        while pending and len(running) < jobs:
            target = pending.pop(0)
            flags = [f"-runs={runs}", "-max_len=8192", "-print_final_stats=1", f"-artifact_prefix={artifacts}/crash-{target}-"]
            cmd = [sys.executable, __file__, target, *flags, f"{artifacts}/corpus-{target}"]
            log = tempfile.TemporaryFile(mode="w+")
            running[target] = (subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, text=True), log, time.monotonic())
        for target, (proc, log, started) in list(running.items()):
            if proc.poll() is None:
                continue
            del running[target]
            log.seek(0)
            out = log.read()
            rows[target] = (proc.returncode, time.monotonic() - started, _figures(out))
            if proc.returncode != 0:
                failed = True
                print(f"--- {target} failed:\n{out[-4000:]}", file=sys.stderr)
        time.sleep(0.2)
    print(f"{'target':<16} {'inputs':>9} {'seconds':>8} {'inputs/s':>9} {'coverage':>9} {'features':>9} {'corpus':>7}  result")
    for target in targets:
        code, seconds, fig = rows[target]
        done = fig.get("number_of_executed_units", 0)
        print(
            f"{target:<16} {done:>9} {seconds:>8.0f} {done / max(seconds, 1e-9):>9.0f} {fig.get('cov', '?'):>9} {fig.get('ft', '?'):>9} {fig.get('corp', '?'):>7}  "
            + ("ok" if code == 0 else f"FAILED (exit {code})")
        )
    return 1 if failed else 0


def _figures(out: str) -> dict:
    """libFuzzer's last status line (cov, ft, corp) and its final stats."""
    fig: dict = {}
    for line in out.splitlines():
        status = re.search(r"cov: (\d+) ft: (\d+) corp: (\d+)", line)
        if status:
            fig.update(cov=int(status[1]), ft=int(status[2]), corp=int(status[3]))
        stat = re.match(r"stat::(\w+):\s+(\d+)", line)
        if stat:
            fig[stat[1]] = int(stat[2])
    return fig


def main() -> int:
    if len(sys.argv) > 1 and sys.argv[1] in TARGETS:
        fuzz(sys.argv[1], sys.argv[2:])
        return 0
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--all", action="store_true", help="every target")
    parser.add_argument("--targets", nargs="+", choices=TARGETS, help="these targets")
    parser.add_argument("--runs", type=int, default=100_000)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--artifacts", default=tempfile.mkdtemp(prefix="cnlint-fuzz-crashes-"))
    args = parser.parse_args()
    if not args.all and not args.targets:
        parser.error("name --all or --targets")
    return run_all(args.runs, args.jobs, args.artifacts, args.targets or TARGETS)


if __name__ == "__main__":
    sys.exit(main())
