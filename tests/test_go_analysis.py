"""The Go analysis layer: control flow (flow.py), the package's types
(types.py), its call graph (calls.py), request input (inputs.py), and the
one Analysis per package the rules share."""

from __future__ import annotations

from helpers import lint_files

from cnlint.config import Settings
from cnlint.golang import model as golang
from cnlint.golang.analysis import Analysis
from cnlint.golang.calls import CallGraph
from cnlint.golang.flow import Graph
from cnlint.golang.inputs import RequestInput
from cnlint.golang.scope import GoType
from cnlint.golang.types import PackageTypes


def parse(text: str, path: str = "p.go"):
    return golang.parse(path, text, Settings())


def function(doc, name: str):
    return next(f for f in doc.nodes("function_declaration", "method_declaration") if doc.text_of(f.child_by_field_name("name")) == name)


def statement(doc, text: str, within):
    """The first node a graph holds whose text starts with `text`."""
    kinds = ("short_var_declaration", "assignment_statement", "var_spec", "expression_statement")
    return next(n for n in doc.nodes(*kinds, within=within) if doc.text_of(n).startswith(text))


def exit_of(doc, name: str, start: str, used: str):
    """The line of the exit a path from `start` reaches without a node
    mentioning `used`, in function `name` (None: every path mentions it)."""
    calls = CallGraph([doc], PackageTypes([doc]))
    graph = calls.flow(doc, function(doc, name))
    found = graph.exit_without(statement(doc, start, function(doc, name)), lambda node: used in doc.text_of(node))
    if found is None:
        return None
    return found.start_point[0] + 1 if found.type == "return_statement" else ("end", found.end_point[0] + 1)


# ---- control flow ------------------------------------------------------------------

FLOW = """package p

import "os"

func a(c bool) int {
	x := 1
	if c {
		use(x)
		return 1
	}
	return 2
}

func b(n int) {
	x := 1
	switch n {
	case 0:
		fallthrough
	case 1:
		use(x)
	default:
	}
}

func c(ch chan int) {
	x := 1
	select {
	case <-ch:
		use(x)
	case ch <- 1:
		return
	}
	use(x)
}

func d(n int) {
	x := 1
outer:
	for i := 0; i < n; i++ {
		for {
			if i > 2 {
				break outer
			}
			continue outer
		}
	}
	use(x)
}

func e(n int) {
	x := 1
	if n > 0 {
		goto done
	}
	use(x)
done:
}

func f() {
	x := 1
	for {
		step()
	}
	use(x)
}

func g(ok bool) int {
	x := 1
	if !ok {
		panic("no")
	}
	if x > 1 {
		stop()
	}
	use(x)
	return 0
}

func stop() { os.Exit(1) }

func step()        {}
func use(...int)   {}
"""


def test_a_path_around_the_use_reaches_a_return():
    doc = parse(FLOW)
    assert exit_of(doc, "a", "x := 1", "use(x)") == 11  # the return after the if
    assert exit_of(doc, "c", "x := 1", "use(x)") == 31  # the send case returns
    assert exit_of(doc, "e", "x := 1", "use(x)") == ("end", 57)  # goto skips to the end


def test_fallthrough_default_and_labelled_branches_are_edges():
    doc = parse(FLOW)
    # case 0 falls through to case 1's use; the default and a missed tag do not use x
    assert exit_of(doc, "b", "x := 1", "use(x)") == ("end", 23)
    # break outer and the loop's end both lead to the use
    assert exit_of(doc, "d", "x := 1", "use(x)") is None


def test_no_exit_past_an_endless_loop_panic_or_function_that_never_returns():
    doc = parse(FLOW)
    assert exit_of(doc, "f", "x := 1", "use(x)") is None
    assert exit_of(doc, "g", "x := 1", "use(x)") is None
    calls = CallGraph([doc], PackageTypes([doc]))
    assert calls.never_returns(doc, function(doc, "stop"))
    assert calls.never_returns(doc, function(doc, "f"))
    assert not calls.never_returns(doc, function(doc, "g"))


def test_function_literals_have_graphs_of_their_own():
    doc = parse("package p\n\nfunc h() {\n\tx := 1\n\tgo func() {\n\t\treturn\n\t}()\n\t_ = x\n}\n")
    graph = Graph(function(doc, "h"), lambda call: False)
    assert [b.exit.type for b in graph.blocks if b.exit is not None] == ["block"]  # the literal's return is not h's


# ---- types ---------------------------------------------------------------------------

TYPES = """package p

import (
	"crypto/tls"
	"sync"
)

type Counter struct {
	mu sync.Mutex
}

type Stats struct{ hits Counter }

type Box[T any] struct{ value T }

type Striped struct{ locks [2]sync.Mutex }

type Slices struct{ locks []sync.Mutex }

type noCopy struct{}

func (*noCopy) Lock()   {}
func (*noCopy) Unlock() {}

type Handle struct{ _ noCopy }

type Plain struct{}

func (Plain) Lock()   {}
func (Plain) Unlock() {}

type Outer struct{ Stats }

type Defined Counter

type Server struct{ cfg tls.Config }
"""


def test_what_a_type_holds_that_must_not_be_copied():
    types = PackageTypes([parse(TYPES)])
    held = {name: types.no_copy(GoType("", name)) for name in ("Counter", "Stats", "Striped", "Slices", "Handle", "Plain", "Outer", "Defined", "Server")}
    assert held == {
        "Counter": ("Counter", "sync.Mutex"),
        "Stats": ("Stats", "Counter", "sync.Mutex"),
        "Striped": ("Striped", "sync.Mutex"),
        "Slices": None,  # a slice holds its elements by reference
        "Handle": ("Handle", "noCopy"),
        "Plain": None,  # a value Lock method: not vet's sign
        "Outer": ("Outer", "Stats", "Counter", "sync.Mutex"),
        "Defined": ("Defined", "Counter", "sync.Mutex"),
        "Server": ("Server", "tls.Config", "sync.RWMutex"),
    }
    assert types.no_copy(GoType("", "Box", args=(GoType("sync", "WaitGroup"),))) == ("Box", "sync.WaitGroup")
    assert types.no_copy(GoType("", "Box", args=(GoType("", "int"),))) is None
    assert types.no_copy(GoType("", "Counter", pointer=True)) is None
    assert types.methods("Plain") == {"Lock": False, "Unlock": False}
    assert types.methods("noCopy") == {"Lock": True, "Unlock": True}


def test_field_types_follow_embedding_and_type_arguments():
    doc = parse(TYPES + "\nfunc f(o *Outer, b Box[sync.Mutex]) {\n\tx := o.hits\n\ty := b.value\n\t_, _ = x, y\n}\n")
    types = PackageTypes([doc])
    [x, y] = [n for n in doc.nodes("identifier") if doc.text_of(n) in ("x", "y") and n.parent.type == "expression_list" and n.parent.parent.type == "short_var_declaration"]
    assert types.type_of(doc, x) == GoType("", "Counter")  # promoted from the embedded Stats
    assert types.type_of(doc, y) == GoType("sync", "Mutex")


def test_a_type_two_files_declare_is_unknown():
    one, two = parse("package p\n\ntype T struct{ mu sync.Mutex }\n", "a.go"), parse("package p\n\ntype T struct{}\n", "b.go")
    assert PackageTypes([one, two]).declared("T") is None


# ---- call graph ----------------------------------------------------------------------

CALLS = """package p

import "testing"

type suite struct{}

func (s *suite) check(t *testing.T) { helper(t) }

func helper(t testing.TB) { t.Fatal("x") }

func run(t *testing.T) {
	s := &suite{}
	stop := func() { t.FailNow() }
	s.check(t)
	stop()
	go func() { t.Fatal("in its own goroutine") }()
}
"""


def test_callees_of_functions_methods_and_bound_literals():
    doc = parse(CALLS, "p_test.go")
    calls = CallGraph([doc], PackageTypes([doc]))
    run = function(doc, "run")
    targets = {doc.text_of(c.child_by_field_name("function")): calls.callee(doc, c) for c in calls.calls_in(doc, run)}
    assert doc.text_of(targets["s.check"][1].child_by_field_name("name")) == "check"
    assert targets["stop"][1].type == "func_literal"
    # the goroutine's call is not one run makes in its own goroutine
    assert "t.Fatal" not in targets


def test_find_follows_helpers_to_the_depth_asked():
    doc = parse(CALLS, "p_test.go")
    calls = CallGraph([doc], PackageTypes([doc]))

    def fatal(d, call):
        return d.text_of(call.child_by_field_name("function")) == "t.Fatal"

    check = function(doc, "check")
    assert calls.find(doc, check, fatal, "fatal", depth=1) is None
    trail = calls.find(doc, check, fatal, "fatal", depth=2)
    assert [doc.text_of(c) for _, c in trail] == ["helper(t)", 't.Fatal("x")']


# ---- request input -------------------------------------------------------------------

HANDLER = """package p

import (
	"net/http"
	"path/filepath"
	"strconv"
)

func h(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	name := q.Get("name")
	joined := filepath.Join("/data", name)
	base := filepath.Base(name)
	n, _ := strconv.Atoi(name)
	host := r.Host
	use(joined, base, n, host)
}

func use(...any) {}
"""


def test_request_input_and_what_is_built_from_it():
    doc = parse(HANDLER)
    found = RequestInput(doc, function(doc, "h"))
    held = {doc.text_of(n): found.source(n) is not None for n in doc.nodes("identifier") if n.parent.type == "argument_list" and doc.text_of(n.parent.parent.child_by_field_name("function")) == "use"}
    assert held == {"joined": True, "base": False, "n": False, "host": False}
    assert not found.checks()


def test_a_comparison_or_a_validating_call_is_a_check():
    checked = HANDLER.replace("\tuse(joined", '\tif !validName(name) {\n\t\treturn\n\t}\n\tuse(joined') + "\nfunc validName(string) bool { return true }\n"
    doc = parse(checked)
    assert RequestInput(doc, function(doc, "h")).checks()
    empty = HANDLER.replace("\tuse(joined", '\tif name == "" {\n\t\treturn\n\t}\n\tuse(joined')
    doc = parse(empty)
    assert not RequestInput(doc, function(doc, "h")).checks()  # an empty value is no validation


# ---- one analysis per package ------------------------------------------------------------


def test_each_package_scope_gets_one_analysis_shared_by_its_files(tmp_path):
    files = {"a/x.go": "package a\n", "a/y.go": "package a\n", "a/x_test.go": "package a\n", "b/z.go": "package b\n"}
    docs = [golang.parse(str(tmp_path / n), t, Settings()) for n, t in files.items()]
    for doc, name in zip(docs, files, strict=True):
        doc.absolute = tmp_path / name

    class Project:
        def __init__(self):
            self._views = {}

        def view(self, cls):
            if cls not in self._views:
                self._views[cls] = cls.build(self)
            return self._views[cls]

        def of_kind(self, kind):
            return docs

    analysis = Project().view(Analysis)
    x, y, x_test, z = (analysis.of(d) for d in docs)
    assert x is y and x is not x_test and x is not z
    assert len(x.files) == 2 and len(x_test.files) == 3


def test_rules_see_types_and_helpers_another_file_declares(tmp_path):
    files = {
        "srv/types.go": "package srv\n\nimport \"sync\"\n\ntype Box[T any] struct{ v T }\n\ntype Guard struct{ b Box[sync.Mutex] }\n",
        "srv/copy.go": "package srv\n\nfunc snapshot(g *Guard) Guard {\n\treturn *g\n}\n",
        "srv/helpers_test.go": "package srv\n\nimport \"testing\"\n\nfunc must(t *testing.T, err error) {\n\tif err != nil {\n\t\tt.Fatal(err)\n\t}\n}\n",
        "srv/srv_test.go": "package srv\n\nimport \"testing\"\n\nfunc TestX(t *testing.T) {\n\tgo must(t, nil)\n}\n",
    }
    result = lint_files(files, select=["GO010", "GO011"], root=tmp_path)
    assert [(d.code, d.path, d.span.line) for d in result] == [("GO010", "srv/copy.go", 4), ("GO011", "srv/srv_test.go", 6)]
