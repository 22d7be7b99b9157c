"""The Go model: which declaration an identifier refers to, its type as the
declarations spell it out, and the version in force with its origin."""

from __future__ import annotations

import pytest
from helpers import go_identifier, linked_go

from cnlint.config import Settings
from cnlint.golang import model as golang
from cnlint.golang.scope import GoType

SOURCE = """package main

import (
	s "sync"
	"net/http"
)

type Server struct {
	mu    s.Mutex
	wg    *s.WaitGroup
	inner struct{ mu s.RWMutex }
	*http.Client
}

var mu s.Mutex

func (srv *Server) run(wg *s.WaitGroup, items []Server, rest ...int) (n int) {
	for i, v := range items {
		v := v
		go func() { use(i, v, srv.mu, wg) }()
	}
	for i := 0; i < 3; i++ {
		use(i)
	}
	if mu := new(s.RWMutex); mu != nil {
		use(mu)
	}
	use(mu, rest, n)
	var local = &Server{}
	use(local.wg, items[0].mu)
	switch x := any(n).(type) {
	case int:
		use(x)
	}
	return n
}
"""


def _doc(text=SOURCE, path="main.go", **settings):
    return golang.parse(path, text, Settings(**settings))


def _declared_line(doc, line, column):
    decl = doc.scopes.resolve(go_identifier(doc, line, column))
    return None if decl is None else (decl.kind, decl.node.start_point[0] + 1 if decl.node is not None else None)


def test_closure_reference_resolves_to_the_shadowing_copy_not_the_range_variable():
    doc = _doc()
    assert _declared_line(doc, 20, 22) == ("local", 19)  # v in the goroutine
    assert _declared_line(doc, 20, 19) == ("range", 18)  # i in the goroutine
    assert _declared_line(doc, 19, 8) == ("range", 18)  # right side of v := v


def test_parameters_receivers_loop_and_if_scopes():
    doc = _doc()
    assert _declared_line(doc, 20, 25) == ("receiver", 17)
    assert _declared_line(doc, 20, 33) == ("param", 17)
    assert _declared_line(doc, 23, 7) == ("loop", 22)
    assert _declared_line(doc, 26, 7) == ("local", 25)  # mu inside the if
    assert _declared_line(doc, 28, 6) == ("package", 15)  # mu after the if
    assert _declared_line(doc, 28, 16) == ("result", 17)
    assert _declared_line(doc, 33, 7) == ("local", 31)  # type switch alias


def test_types_from_declarations_fields_and_literals():
    doc = _doc()
    scopes = doc.scopes

    def type_of(line, col):
        return scopes.type_of(go_identifier(doc, line, col))

    assert type_of(20, 22) == GoType("", "Server")  # v := v over []Server
    assert type_of(20, 33) == GoType("sync", "WaitGroup", pointer=True)
    assert type_of(26, 7) == GoType("sync", "RWMutex", pointer=True)
    assert type_of(28, 6) == GoType("sync", "Mutex")
    assert type_of(28, 10) == GoType("", "[]", elem=GoType("", "int"))
    selectors = {doc.text_of(n): scopes.type_of(n) for n in doc.nodes("selector_expression")}
    assert selectors["srv.mu"] == GoType("sync", "Mutex")
    assert selectors["local.wg"] == GoType("sync", "WaitGroup", pointer=True)
    assert selectors["items[0].mu"] == GoType("sync", "Mutex")
    assert scopes.struct_fields("Server").keys() == {"mu", "wg", "inner", "Client"}


def test_package_name_resolves_to_its_import_unless_shadowed():
    doc = _doc("package main\n\nimport \"net/http\"\n\nfunc f() {\n\thttp.Get(\"\")\n\thttp := 1\n\t_ = http\n}\n")
    assert doc.scopes.import_path(go_identifier(doc, 6, 2)) == "net/http"
    assert doc.scopes.import_path(go_identifier(doc, 8, 6)) is None


def test_version_origin_for_messages(tmp_path):
    (tmp_path / "go.mod").write_text("module m\n\ngo 1.21\n")
    assert linked_go(tmp_path / "main.go").version_note() == "go 1.21 per go.mod"
    build = linked_go(tmp_path / "main.go", "//go:build go1.23\n\npackage main\n")
    assert build.version_note() == "go 1.23 per its //go:build line" and not build.version_below(23)
    none = _doc(path=str(tmp_path / "x" / "main.go"), go_version=None)
    assert none.go_version is None or none.go_version_origin
    unversioned = _doc(path="/nonexistent/dir/main.go")
    assert unversioned.version_below(22)
    assert "pre-1.22 semantics are assumed" in unversioned.version_note()
    assert _doc(path="/nonexistent/dir/main.go", go_version="1.22").version_note() == "go 1.22 per the go-version setting"


@pytest.mark.parametrize(
    "text",
    [
        b"type A = B", b"type A[T any] = B[T]", b"type (\n\tA int\n)", b"type(", b"subtype (x", b"xtype (type (",
        b"atype A = B", b"_type (", b"9type (", b"typetype (", b"type A int", b"// type A = B", b"",
    ],
)
def test_alias_filter_finds_type_as_a_word_of_its_own(text):
    import re

    from cnlint.golang.types import _may_alias

    assert _may_alias(text) == bool(re.search(rb"\btype\s+\w+(?:\[[^\]\n]*\])?\s*=|\btype\s*\(", text))


def test_innermost_finds_the_nearest_node_of_the_types_around_each_offset():
    text = (
        "package p\n\nfunc f(a, b int) int {\n\tx := g(a, h(b, []int{1, 2}), T{v: k(1)})\n"
        "\tfor _, y := range g(x) {\n\t\tc <- y\n\t}\n\treturn g(x, func() int { return k(b) }())\n}\n"
    )
    doc = golang.parse("p.go", text, Settings())
    types = ("short_var_declaration", "argument_list", "composite_literal", "return_statement", "send_statement", "range_clause")
    nodes = doc.nodes(*types)
    offsets = list(range(len(doc.data) + 2))
    expected: dict = {}
    for offset in offsets:  # by brute force: of the nodes around the offset, the one starting last (of two that start together, the inner)
        around = [n for n in nodes if n.start_byte <= offset < n.end_byte]
        if around:
            inner = max(around, key=lambda n: (n.start_byte, -n.end_byte))
            expected.setdefault((inner.start_byte, inner.end_byte, inner.type), inner)
    found = doc.innermost(offsets, *types)
    assert [(n.start_byte, n.end_byte, n.type) for n in found] == list(expected)
    assert len(found) > 10
    assert doc.innermost([offsets[-1]], *types) == []
