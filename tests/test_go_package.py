"""Package scope across files: a package-level variable, constant, struct
type or function declared in one file of a package is known in the others,
and the rules find a mistake across the file boundary exactly as within
one file. A name two files declare (build tags) stays unknown."""

from __future__ import annotations

import pytest
from helpers import go_identifier, lint_files

from cnlint.config import Settings
from cnlint.golang import model as golang
from cnlint.golang.index import Packages
from cnlint.golang.scope import GoType

DECLS = """package svc

import (
	"net/http"
	"sync"
	"time"
)

var (
	wg     sync.WaitGroup
	mu     sync.Mutex
	client = &http.Client{Timeout: time.Second}
	srv    = &http.Server{Addr: ":8080"}
)

const script = "ls -l /"

type Worker struct {
	wg sync.WaitGroup
}

func newServer() *http.Server { return &http.Server{ReadHeaderTimeout: time.Second} }
"""

USE = """package svc

func Start() {
	go func() {
		wg.Add(1)
		defer wg.Done()
	}()
}

func (w *Worker) Run(fail bool) {
	go func() {
		if fail {
			return
		}
		w.wg.Done()
	}()
}

func Fetch(url string) {
	resp, err := client.Get(url)
	if err != nil {
		return
	}
	_ = resp.StatusCode
}

func Copy() {
	m := mu
	_ = &m
}
"""

# (code, line, column) in USE: the same mistakes as in one file.
USE_FINDINGS = [("GO006", 5, 3), ("GO007", 15, 3), ("GO024", 20, 2), ("GO010", 28, 7)]
RULES = ["GO006", "GO007", "GO010", "GO016", "GO019", "GO024", "GO025", "GO026"]


def _found(files, select=RULES):
    return sorted((d.path, d.code, d.span.line, d.span.column) for d in lint_files(files, select=select))


def _parse(files):
    docs = [golang.parse(name, text, Settings()) for name, text in files.items()]
    Packages.of(docs)
    return docs


def test_a_package_level_name_resolves_to_the_file_that_declares_it():
    decls, use = _parse({"decls.go": DECLS, "use.go": USE})
    decl = use.scopes.resolve(go_identifier(use, 5, 3))  # wg in wg.Add(1)
    assert (decl.name, decl.kind, decl.owner) == ("wg", "package", decls)
    assert use.scopes.type_of(go_identifier(use, 5, 3)) == GoType("sync", "WaitGroup")
    assert use.scopes.type_of(go_identifier(use, 20, 15)) == GoType("net/http", "Client", pointer=True)
    # without the package the name is unknown, as before
    alone = golang.parse("use.go", USE, Settings())
    assert alone.scopes.resolve(go_identifier(alone, 5, 3)) is None


def test_the_mistakes_are_found_across_files_as_in_one_file():
    split = _found({"decls.go": DECLS, "use.go": USE})
    assert split == [("decls.go", "GO016", 13, 12)] + sorted(("use.go", code, line, column) for code, line, column in USE_FINDINGS)
    one = DECLS + USE.split("\n", 1)[1]
    offset = DECLS.count("\n") - 1
    assert _found({"one.go": one}) == sorted(
        [("one.go", code, line + offset, column) for code, line, column in USE_FINDINGS] + [("one.go", "GO016", 13, 12)]
    )


def test_a_name_two_other_files_declare_is_unknown():
    linux = '//go:build linux\n\npackage svc\n\nimport "sync"\n\nvar jobs sync.WaitGroup\n'
    other = "//go:build !linux\n\npackage svc\n\ntype none struct{}\n\nfunc (none) Done() {}\n\nvar jobs none\n"
    use = "package svc\n\nfunc Run(fail bool) {\n\tgo func() {\n\t\tif fail {\n\t\t\treturn\n\t\t}\n\t\tjobs.Done()\n\t}()\n}\n"
    assert _found({"jobs_linux.go": linux, "jobs_other.go": other, "use.go": use}) == []
    assert _found({"jobs_linux.go": linux, "use.go": use}) == [("use.go", "GO007", 8, 3)]


def test_the_files_own_declaration_wins_over_another_files():
    other = 'package svc\n\nimport "sync"\n\nvar wg sync.WaitGroup\n'
    use = "package svc\n\ntype group struct{}\n\nfunc (group) Add(int) {}\n\nvar wg group\n\nfunc f() {\n\tgo func() { wg.Add(1) }()\n}\n"
    assert _found({"other.go": other, "use.go": use}) == []


def test_another_package_in_the_same_run_is_not_seen():
    use = "package svc\n\nfunc Start() {\n\tgo func() {\n\t\twg.Add(1)\n\t}()\n}\n"
    assert _found({"a/decls.go": DECLS, "b/use.go": use}) == [("a/decls.go", "GO016", 13, 12)]
    assert _found({"decls.go": DECLS.replace("package svc", "package other"), "use.go": use}) == [("decls.go", "GO016", 13, 12)]


def test_a_field_set_in_another_files_init_counts_but_not_from_a_test():
    setup = 'package svc\n\nimport "time"\n\nfunc init() {\n\tsrv.ReadHeaderTimeout = time.Second\n}\n'
    assert _found({"decls.go": DECLS, "setup.go": setup}, ["GO016"]) == []
    assert _found({"decls.go": DECLS, "setup_test.go": setup}, ["GO016"]) == [("decls.go", "GO016", 13, 12)]


def test_a_name_no_file_of_the_run_declares_is_unknown_not_a_variable():
    use = 'package svc\n\nimport "os/exec"\n\nfunc f() {\n\t_ = exec.Command("sh", "-c", "ls "+dir)\n}\n'
    assert _found({"use.go": use}, ["GO019"]) == []  # dir may be a constant of a file not linted
    assert _found({"use.go": use, "dir.go": 'package svc\n\nvar dir = "/"\n'}, ["GO019"]) == [("use.go", "GO019", 6, 31)]
    assert _found({"use.go": use, "dir.go": 'package svc\n\nconst dir = "/"\n'}, ["GO019"]) == []


def test_constants_from_another_file_are_constants():
    use = 'package svc\n\nimport "os/exec"\n\nvar dir = "/"\n\nfunc f() {\n\t_ = exec.Command("sh", "-c", script)\n\t_ = exec.Command("sh", "-c", "ls "+dir)\n}\n'
    assert _found({"decls.go": DECLS, "use.go": use}, ["GO019"]) == [("use.go", "GO019", 9, 31)]


@pytest.mark.parametrize("where", ["same", "other"])
def test_a_package_function_s_declared_results_give_the_type(where):
    main = "package main\n\nfunc main() {\n\ts := newServer()\n\t_ = s.ListenAndServe()\n}\n"
    server = DECLS.replace("package svc", "package main")
    files = {"main.go": main + server.split("\n", 1)[1]} if where == "same" else {"main.go": main, "server.go": server}
    assert _found(files, ["GO026"]) == [("main.go", "GO026", 5, 8)]


def test_a_generic_function_s_results_are_unknown():
    doc = _parse({"main.go": "package main\n\nfunc id[T any](v T) T { return v }\n\nfunc f() {\n\tx := id(1)\n\t_ = x\n}\n"})[0]
    assert doc.scopes.type_of(go_identifier(doc, 7, 6)) is None


# ---- what a user tries on a package --------------------------------------------


def test_a_file_that_does_not_parse_still_lends_its_declarations():
    broken = DECLS + "\nfunc broken() {\n\tx :=\n}\n"
    found = _found({"decls.go": broken, "use.go": USE}, RULES + ["CN001"])
    assert ("decls.go", "CN001", 25, 6) in found  # right after `x :=`
    assert [f for f in found if f[0] == "use.go"] == sorted(("use.go", code, line, column) for code, line, column in USE_FINDINGS)


def test_a_build_line_overrides_go_mod_for_the_per_iteration_copy(tmp_path):
    (tmp_path / "go.mod").write_text("module m\n\ngo 1.22\n")
    loop = "package svc\n\nfunc f() {\n\tfor w := (Worker{}); ; {\n\t\t_ = &w\n\t}\n}\n"
    decls, looped = str(tmp_path / "decls.go"), str(tmp_path / "loop.go")
    assert _found({decls: DECLS, looped: loop}, ["GO010"]) == [(looped, "GO010", 4, 6)]
    assert _found({decls: DECLS, looped: "//go:build go1.21\n\n" + loop}, ["GO010"]) == []


@pytest.mark.parametrize(
    "line, comment",
    [(5, "//lint:ignore SA2000 counted by the caller"), (5, "//nolint:staticcheck"), (28, "//nolint:govet"), (28, "//cnlint:ignore lock-copied")],
)
def test_anchor_suppressions_reach_findings_across_files(line, comment):
    lines = USE.split("\n")
    lines[line - 1] += " " + comment
    found = _found({"decls.go": DECLS, "use.go": "\n".join(lines)}, RULES + ["CN002"])
    assert [f for f in found if f[0] == "use.go"] == sorted(("use.go", c, line_no, col) for c, line_no, col in USE_FINDINGS if line_no != line)


def test_a_function_of_another_file_that_returns_locks():
    decls = DECLS + "\nfunc workers() []Worker { return nil }\n\nfunc newWorker() *Worker { return &Worker{} }\n"
    use = "package svc\n\nfunc f() {\n\tfor _, w := range workers() {\n\t\t_ = &w\n\t}\n\tv := *newWorker()\n\tu := v\n\t_ = &u\n}\n"
    # as go vet: *newWorker() may be a fresh value, copying v on is a copy
    assert _found({"decls.go": decls, "use.go": use}, ["GO010"]) == [("use.go", "GO010", 4, 9), ("use.go", "GO010", 8, 7)]


def test_a_pointer_variable_of_another_file_copies_through_its_fields():
    decls = DECLS + "\nvar shared = &Worker{}\n"
    use = "package svc\n\nfunc f() {\n\tw := *shared\n\tg := shared.wg\n\t_, _ = &w, &g\n}\n"
    assert _found({"decls.go": decls, "use.go": use}, ["GO010"]) == [("use.go", "GO010", 4, 7), ("use.go", "GO010", 5, 7)]


TLS_CONFIG = 'package svc\n\nimport "crypto/tls"\n\nvar tlsCfg = &tls.Config{ServerName: "api"}\n'
TLS_SERVER = 'package svc\n\nimport "net/http"\n\nvar server = &http.Server{TLSConfig: tlsCfg}\n'


def _min_version(files):
    found = lint_files(files, select=["GO017"], config={"go-version": "1.21"})
    return sorted((d.path, d.span.line, d.span.column) for d in found)


def test_a_server_config_declared_in_another_file_is_followed():
    assert _min_version({"cfg.go": TLS_CONFIG, "srv.go": TLS_SERVER}) == [("cfg.go", 5, 25)]
    assert _min_version({"cfg.go": TLS_CONFIG}) == []  # no server uses it


@pytest.mark.parametrize(
    "other",
    [
        'package svc\n\nimport "crypto/tls"\n\nfunc init() { tlsCfg.MinVersion = tls.VersionTLS12 }\n',
        "package svc\n\nfunc init() { configure(tlsCfg) }\n",  # may set MinVersion
    ],
)
def test_a_server_config_another_file_sets_up_is_not_reported(other):
    assert _min_version({"cfg.go": TLS_CONFIG, "srv.go": TLS_SERVER, "init.go": other}) == []
