"""The command line: a thin door onto the engine.

Exit codes: 0 nothing at or above the fail threshold, 1 findings, 2 usage,
config or internal error.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
from pathlib import Path

from cnlint import __version__
from cnlint.diagnostics import SEVERITIES, severity_rank

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2
GC_GENERATION0 = 10_000  # new objects between two collections of the youngest generation during a lint (see _few_collections)


class UsageError(Exception):
    pass


def _selectors(values) -> tuple[str, ...] | None:
    if values is None:
        return None
    return tuple(s.strip() for v in values for s in v.split(",") if s.strip())


def _jobs(value: str) -> int:
    try:
        jobs = int(value)
    except ValueError:
        jobs = 0
    if jobs < 1:
        raise argparse.ArgumentTypeError(f"expected a number of processes, 1 or more, got {value!r}")
    return jobs


def _help_width() -> int:
    """The width argparse gives its help: the terminal's, as shutil reads it
    (COLUMNS, then the terminal, then 80), less 2."""
    try:
        columns = int(os.environ.get("COLUMNS", "0"))
    except ValueError:
        columns = 0
    if columns <= 0:
        try:
            columns = os.get_terminal_size(sys.__stdout__.fileno()).columns
        except (AttributeError, ValueError, OSError):
            columns = 0
    return (columns or 80) - 2


class _Parser(argparse.ArgumentParser):
    """An ArgumentParser whose help formatter is told the width: left to find
    it, the formatter imports shutil, and with it the compression modules,
    for every argument added (milliseconds of every run, for a help text
    rarely shown). The subcommands' parsers are of this class too."""

    def __init__(self, *args, **kwargs):
        width = _help_width()
        kwargs.setdefault("formatter_class", lambda prog: argparse.HelpFormatter(prog, width=width))
        super().__init__(*args, **kwargs)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="cnlint",
        description="Lint Dockerfiles, Kubernetes manifests and Go source, alone and as one service.",
    )
    parser.add_argument("--version", action="version", version=f"cnlint {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    check = sub.add_parser("check", help="lint files and directories", description="Lint files and directories (default: the current directory).")
    check.add_argument("paths", nargs="*", metavar="PATH", help="files or directories to lint")
    _reporting(check)
    check.add_argument("--fix", action="store_true", help="apply safe fixes in place")
    check.add_argument("--unsafe-fixes", action="store_true", help="with --fix or --diff, apply unsafe fixes too")
    check.add_argument("--diff", action="store_true", help="print the fixes as a unified diff; change nothing")
    check.add_argument("--stdin-filename", metavar="NAME", help="lint standard input as if it were the file NAME")
    check.add_argument("--context", action="append", metavar="DIR", help="also read the files under DIR for cross-file rules, without reporting on them (pre-commit names only changed files)")
    check.add_argument("--baseline", metavar="FILE", help="report only findings that are not in this baseline")
    check.add_argument("--create-baseline", metavar="FILE", help="write every current finding to FILE as a baseline, and exit 0")
    check.add_argument("--jobs", "-j", type=_jobs, metavar="N", help="processes to lint with (default: one per CPU)")
    check.add_argument("--no-cache", action="store_true", help="neither read nor write cached results (findings per file, ShellCheck's answers)")

    verify = sub.add_parser(
        "verify",
        help="build the images, run the pods (or deploy to kind) and report what breaks",
        description=(
            "Lint, then build every image the manifests run from its Dockerfile, run each workload's pod "
            "(on docker, or deployed to kind or a cluster), and report what broke at the line that broke it."
        ),
    )
    verify.add_argument("paths", nargs="*", metavar="PATH", help="files or directories of the service (default: the current directory)")
    verify.add_argument("--runtime", choices=["docker", "kind", "cluster"], default="docker", help="where the pods run: docker (default, no cluster), a throwaway kind cluster, or an existing cluster")
    verify.add_argument("--cluster", metavar="NAME", help="with --runtime kind: reuse this kind cluster instead of creating one")
    verify.add_argument("--context", metavar="CTX", dest="kube_context", help="with --runtime cluster: the kubectl context of the cluster (an ephemeral namespace is made in it)")
    verify.add_argument("--keep", action="store_true", help="leave what verify made (containers, volumes, images, namespace, cluster) for debugging")
    verify.add_argument("--pull", action="store_true", help="pull base images while building even when they exist locally")
    verify.add_argument("--no-lint", action="store_true", help="build and run even when static lint finds errors")
    verify.add_argument("--fast-probes", action="store_true", help="shorten probe delays and periods to at most 1 s")
    verify.add_argument("--timeout", action="append", metavar="STAGE=SECONDS", help="time limit of a stage: build (per image), run (per pod), deploy; repeatable")
    _reporting(verify)

    rules = sub.add_parser("rules", help="list the rules", description="List every rule.")
    rules.add_argument("--format", choices=["text", "json", "markdown"], default="text")

    explain = sub.add_parser("explain", help="show one rule's documentation", description="Show a rule's documentation.")
    explain.add_argument("rule", metavar="CODE|NAME|ALIAS")

    sub.add_parser("lsp", help="run the Language Server on stdio", description="Run the Language Server (LSP) on standard input and output, for editors.")
    return parser


def _reporting(parser) -> None:
    """Options `check` and `verify` share: config, rule selection and the report."""
    parser.add_argument("--format", choices=["text", "json", "sarif", "github", "junit", "gitlab"], help="output format (default: text; github under GitHub Actions)")
    parser.add_argument("--output", "-o", metavar="FILE", help="write the report to FILE instead of standard output")
    parser.add_argument("--config", metavar="FILE", help="use this config file for every linted file")
    parser.add_argument("--isolated", action="store_true", help="ignore all config files")
    parser.add_argument("--select", action="append", metavar="RULES", help="rules to run instead of the configured ones (codes, prefixes, names, aliases, tags, ALL)")
    parser.add_argument("--extend-select", action="append", metavar="RULES", help="rules to run in addition")
    parser.add_argument("--ignore", action="append", metavar="RULES", help="rules not to run")
    parser.add_argument("--fail-on", choices=SEVERITIES, help="lowest severity that makes the exit code 1 (default: warning)")
    parser.add_argument("--exit-zero", action="store_true", help="exit 0 even when problems are found")
    parser.add_argument("--color", choices=["auto", "always", "never"], default="auto", help="colour the text output (default: on a terminal)")
    parser.add_argument("--no-source", action="store_true", help="text output without the source line and caret")
    parser.add_argument("--verbose", "-v", action="store_true", help="say on stderr which settings are used (such as a migrated .hadolint.yaml)")


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return EXIT_ERROR
    from cnlint.baseline import BaselineError
    from cnlint.config import ConfigError
    from cnlint.discovery import DiscoveryError
    from cnlint.registry import CatalogueError

    try:
        if args.command == "check":
            return run_check(args)
        if args.command == "verify":
            return run_verify(args)
        if args.command == "rules":
            return run_rules(args)
        if args.command == "explain":
            return run_explain(args)
        if args.command == "lsp":
            from cnlint.lsp.server import main as lsp_main

            return lsp_main()
    except (BaselineError, ConfigError, DiscoveryError, CatalogueError, UsageError) as exc:
        print(f"cnlint: error: {exc}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        print("cnlint: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return EXIT_ERROR
    except Exception as exc:  # never a traceback for the user
        if os.environ.get("CNLINT_DEBUG"):
            raise
        print(f"cnlint: internal error: {type(exc).__name__}: {exc} (set CNLINT_DEBUG=1 for a traceback)", file=sys.stderr)
        return EXIT_ERROR
    return EXIT_ERROR


def _use_color(choice: str, stream) -> bool:
    if choice == "always":
        return True
    if choice == "never" or os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    return hasattr(stream, "isatty") and stream.isatty()


def run_check(args) -> int:
    from cnlint import cache as disk_cache
    from cnlint import notes
    from cnlint.config import Overrides, Resolver
    from cnlint.engine import Engine, workers

    # notes from the library (a skipped ShellCheck, a migrated config) go to stderr
    notes.configure(args.verbose)
    if args.unsafe_fixes and not (args.fix or args.diff):
        raise UsageError("--unsafe-fixes needs --fix or --diff")
    if args.stdin_filename and args.paths:
        raise UsageError("--stdin-filename lints standard input; do not also name paths")
    overrides = Overrides(
        select=_selectors(args.select),
        extend_select=_selectors(args.extend_select) or (),
        ignore=_selectors(args.ignore) or (),
        fail_on=args.fail_on,
    )
    # The door fixes the root: paths and settings start at the working directory.
    resolver = Resolver(config=args.config, isolated=args.isolated, overrides=overrides, root=Path.cwd())
    inputs, stdin_data = _inputs(args, resolver)
    # the cache serves the plain lint of files; fixes and stdin are linted afresh
    cached = not (args.no_cache or args.fix or args.diff or args.stdin_filename)
    engine = Engine(resolver, jobs=args.jobs or workers.cpus(), cache=cached)
    with disk_cache.no_results() if args.no_cache else contextlib.nullcontext(), _few_collections():
        result = engine.fix(inputs, unsafe=args.unsafe_fixes) if args.fix or args.diff else engine.lint(inputs)

    if args.diff:
        _emit(_diff(result.changes), args.output, errors="surrogateescape")
        return EXIT_FINDINGS if result.changes and not args.exit_zero else EXIT_OK
    report_stream, all_written = sys.stdout, True
    if args.fix:
        report_stream, result, all_written = _apply_fixes(args, engine, inputs, stdin_data, result)
    if args.create_baseline:
        from cnlint import baseline

        count = baseline.create(result, args.create_baseline)
        print(f"Wrote {count} finding{'s' if count != 1 else ''} to the baseline {args.create_baseline}.", file=sys.stderr)
        return EXIT_OK
    if args.baseline:
        from cnlint import baseline

        known = baseline.subtract(result, baseline.load(args.baseline), args.baseline)
        if known:
            print(f"{known} finding{'s' if known != 1 else ''} in the baseline not shown.", file=sys.stderr)
    _report(args, engine, result, report_stream)
    if not all_written:
        return EXIT_ERROR
    return EXIT_OK if args.exit_zero else _exit_code(result, resolver)


@contextlib.contextmanager
def _few_collections():
    """The garbage collector runs less often during a lint. What a lint
    builds (files, trees, models, findings) lives to its end, and it makes
    almost no reference cycles: a collection every 700 new objects, the
    default, finds almost nothing and costs a few percent of a run. The peak
    memory of a `--jobs 1` run is the same either way."""
    import gc

    threshold = gc.get_threshold()
    gc.set_threshold(GC_GENERATION0, *threshold[1:])
    try:
        yield
    finally:
        gc.set_threshold(*threshold)


def run_verify(args) -> int:
    from cnlint import notes
    from cnlint.config import Overrides, Resolver
    from cnlint.engine import Engine, read, workers
    from cnlint.verify.options import Options, parse_timeouts

    notes.configure(args.verbose)
    if args.cluster and args.runtime != "kind":
        raise UsageError("--cluster names a kind cluster to reuse: it needs --runtime kind")
    if args.runtime == "cluster" and not args.kube_context:
        raise UsageError("--runtime cluster needs --context CTX, the kubectl context of the cluster to deploy to")
    if args.kube_context and args.runtime != "cluster":
        raise UsageError("--context names the kubectl context of an existing cluster: it needs --runtime cluster")
    try:
        timeouts = parse_timeouts(args.timeout)
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    overrides = Overrides(select=_selectors(args.select), extend_select=_selectors(args.extend_select) or (), ignore=_selectors(args.ignore) or (), fail_on=args.fail_on)
    resolver = Resolver(config=args.config, isolated=args.isolated, overrides=overrides, root=Path.cwd())
    engine = Engine(resolver, jobs=workers.cpus())
    options = Options.from_settings(
        resolver.for_dir(engine.root), runtime=args.runtime, cluster=args.cluster, kube_context=args.kube_context,
        keep=args.keep, pull=args.pull, lint=not args.no_lint, fast_probes=args.fast_probes,
    )
    options.timeouts.update(timeouts)
    from cnlint.discovery import discover
    from cnlint.verify import session
    from cnlint.verify.cluster import ClusterUnavailable
    from cnlint.verify.docker import DockerUnavailable
    from cnlint.verify.progress import Progress

    named = [read(ref) for ref in discover(args.paths or ["."], resolver)]
    inputs = named + _context_inputs(_package_files(named), named, resolver)
    progress = Progress()
    try:
        result, _ = session.run(engine, inputs, options, progress)
    except (DockerUnavailable, ClusterUnavailable) as exc:
        progress.done()
        print(f"cnlint: error: {exc}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        progress.done()
        raise
    progress.done()
    _report(args, engine, result, sys.stdout)
    return EXIT_OK if args.exit_zero else _exit_code(result, resolver)


def _inputs(args, resolver):
    """What `check` lints (the named paths or standard input, and the context
    the cross-file rules need), and the text read from standard input."""
    from cnlint.discovery import classify, discover
    from cnlint.engine import Input, decode, read, read_limited

    if args.stdin_filename:
        if sys.stdin is None:
            raise UsageError("--stdin-filename given but there is no standard input")
        absolute = Path(args.stdin_filename).absolute()
        kind = classify(absolute.name, resolver.for_path(absolute))
        # Bytes, as a file is read: the same size, NUL and UTF-8 checks, the
        # BOM set apart, and no newline translation.
        stream = getattr(sys.stdin, "buffer", None)
        data = read_limited(stream) if stream is not None else sys.stdin.read().encode("utf-8", "surrogateescape")
        got = decode(data)
        inputs = [Input(args.stdin_filename, kind, text=got.text, absolute=absolute, error=got.error, error_span=got.span, bom=got.bom)] if kind else []
    else:
        data = None
        inputs = [read(ref) for ref in discover(args.paths or ["."], resolver)]
    if args.context:
        inputs += _context_inputs(args.context, inputs, resolver)
    return inputs + _context_inputs(_package_files(inputs), inputs, resolver), data


def _apply_fixes(args, engine, inputs, stdin_data, result):
    """Write the fixed files (or, for standard input, print the fixed text).
    Returns the stream the report goes to, the result to report (linted
    again when some fixes could not be written), and whether all were."""
    if args.stdin_filename:
        # The fixed text goes to stdout, as formatters do; the report to stderr.
        _write_stdout(inputs, stdin_data, result.changes)
        if result.changes:
            print("Fixed 1 file.", file=sys.stderr)
        return sys.stderr, result, True
    outcome = _write_changes(inputs, result.changes)
    n = len(outcome.written)
    if not outcome.failed:
        if n:
            print(f"Fixed {n} file{'s' if n != 1 else ''}.", file=sys.stderr)
        return sys.stdout, result, True
    from cnlint.report import visible

    total = n + len(outcome.failed)
    print(f"Fixed {n} of {total} files{': ' if n else '.'}{visible(', '.join(outcome.written))}{'.' if n else ''}", file=sys.stderr)
    for path, why in outcome.failed.items():
        print(f"cnlint: error: {visible(path)}: the fixes were not written: {why}", file=sys.stderr)
    # The report is of the files as they now are on disk.
    now = [i.replace(text=result.changes[i.path][i.path in outcome.written]) if i.path in result.changes else i for i in inputs]
    again = engine.lint(now)
    again.changes = {p: c for p, c in result.changes.items() if p in outcome.written}
    return sys.stdout, again, False


def _write_stdout(inputs, data: bytes, changes) -> None:
    """Standard input as fixed, byte for byte as it came when nothing was
    (also what was past the size limit, and never read)."""
    import shutil

    from cnlint import writing

    if changes and inputs:
        data = writing.encoded(next(iter(changes.values()))[1], inputs[0].bom)
    sys.stdout.flush()
    out = getattr(sys.stdout, "buffer", None)
    if out is None:
        sys.stdout.write(data.decode("utf-8", "surrogateescape"))
        return
    out.write(data)
    if not changes and getattr(sys.stdin, "buffer", None) is not None:
        shutil.copyfileobj(sys.stdin.buffer, out)
    out.flush()


def _report(args, engine, result, stream) -> None:
    from cnlint.report import ReportContext, render

    fmt = args.format or ("github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text")
    ctx = ReportContext(
        engine.catalogue,
        docs_url=engine.resolver.for_dir(engine.root).docs_url,
        color=fmt == "text" and not args.output and _use_color(args.color, stream),
        show_source=not args.no_source,
        fix_hint=not getattr(args, "fix", False),
    )
    _emit(render(fmt, result, ctx), args.output, stream)


def _exit_code(result, resolver) -> int:
    for d in result.diagnostics:
        if severity_rank(d.severity) >= severity_rank(resolver.for_path(Path(d.path)).fail_on):
            return EXIT_FINDINGS
    return EXIT_OK


def _context_inputs(dirs, named, resolver):
    """Files under `dirs` that cross-file rules need, minus those already named."""
    from cnlint import context
    from cnlint.discovery import discover
    from cnlint.engine import read

    seen = {i.absolute for i in named}
    targets = [(i.absolute, i.kind) for i in named if i.kind and not i.context]
    out = []
    for ref in discover(dirs, resolver):
        if ref.absolute in seen or ref.kind is None or not context.wanted(ref.kind, ref.absolute, targets):
            continue
        seen.add(ref.absolute)
        inp = read(ref)
        inp.context = True
        out.append(inp)
    return out


def _package_files(inputs) -> list[str]:
    """Files beside the linted ones that are context by their kind's scope:
    a Go package is one directory, so its other files count even when only
    one is named."""
    from cnlint import context, kinds
    from cnlint.discovery import classify

    def scoped(path: Path) -> bool:
        kind = classify(path.name)
        return kind is not None and kinds.for_file_kind(kind).context_scope == "directory"

    dirs = context.directories([(i.absolute, i.kind) for i in inputs if i.kind and not i.context])
    named = {i.absolute for i in inputs}  # linting a whole package names them all
    return [str(f) for d in dirs for f in sorted(d.iterdir()) if f not in named and f.is_file() and scoped(f)]


def _write_changes(inputs, changes):
    from cnlint import writing

    by_path = {i.path: i for i in inputs}
    return writing.write([writing.Change(path, by_path[path].absolute, old, new, by_path[path].bom) for path, (old, new) in changes.items()])


def _diff(changes) -> str:
    import difflib  # only --diff needs it

    out = []
    for path, (old, new) in sorted(changes.items()):
        out.extend(difflib.unified_diff(old.splitlines(True), new.splitlines(True), f"a/{path}", f"b/{path}"))
    return "".join(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n" for line in out)


def _emit(text: str, output: str | None, stream=None, errors: str = "backslashreplace") -> None:
    """Write a report: never an encoding error, whatever the locale. A diff
    keeps a file name's own bytes (`errors="surrogateescape"`)."""
    if output:
        try:
            Path(output).write_bytes(text.encode("utf-8", errors))
        except OSError as exc:
            raise UsageError(f"cannot write {output}: {exc.strerror or exc}") from None
        return
    stream = stream or sys.stdout
    raw = getattr(stream, "buffer", None)
    if raw is None:
        stream.write(text)
        return
    stream.flush()
    raw.write(text.encode(stream.encoding or "utf-8", errors))
    raw.flush()


def run_rules(args) -> int:
    import json

    from cnlint.registry import load_catalogue

    catalogue = load_catalogue()
    if args.format == "json":
        print(json.dumps([r.summary_dict() for r in catalogue], indent=2))
    elif args.format == "markdown":
        from cnlint.docs import rules_markdown

        sys.stdout.write(rules_markdown(catalogue))
    else:
        for r in catalogue:
            flags = ("*" if r.fixable else " ") + (" " if r.default else "-")
            print(f"{r.code} {flags} {r.severity:<7} {r.name:<34} {r.summary}")
        print("\n* fixable   - off by default (enable with --select)")
    return EXIT_OK


def run_explain(args) -> int:
    from cnlint.docs import explain
    from cnlint.registry import load_catalogue

    rule = load_catalogue().get(args.rule)
    if rule is None:
        raise UsageError(f"no rule is called {args.rule!r} (see `cnlint rules`)")
    sys.stdout.write(explain(rule))
    return EXIT_OK
