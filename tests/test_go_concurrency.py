"""Go concurrency rules GO005-GO015: exact positions and messages, the
version gates, and what must stay quiet."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import codes, engine_for, lint, lint_files

from cnlint.engine import Input


def go(body: str, *imports: str, package: str = "main") -> str:
    """A file: package clause, imports (a path, or `alias "path"`), then `body`."""
    lines = "".join(f"\n\t{i}" if " " in i else f'\n\t"{i}"' for i in imports)
    return f"package {package}\n\nimport ({lines}\n)\n\n{body}"


def found(text, code, filename="main.go", **config):
    return [(d.span.line, d.span.column, d.message) for d in lint(text, filename, select=[code], config=config or None)]


# ---- GO005 loop variable captured --------------------------------------------

LOOP = "func run(int) {}\n\nfunc main() {\n\tfor i, v := range []int{1} {\n\t\tgo func() {\n\t\t\trun(v)\n\t\t\trun(i)\n\t\t\trun(v)\n\t\t}()\n\t}\n}\n"


def test_goroutine_capturing_range_variables_is_reported_once_per_variable():
    text = go(LOOP, "sync")
    assert [(line, col) for line, col, _ in found(text, "GO005")] == [(12, 8), (13, 8)]
    message = found(text, "GO005")[0][2]
    assert message == (
        "loop variable v is captured by a goroutine started in the loop; before Go 1.22 every iteration shares one v, "
        "so it may see a later value (no go.mod, //go:build line or go-version setting gives a Go version, so pre-1.22 semantics are assumed)"
    )


def test_go_1_22_from_setting_go_mod_or_build_line_is_quiet(tmp_path):
    text = go(LOOP, "sync")
    assert found(text, "GO005", **{"go-version": "1.22"}) == []
    assert found("//go:build go1.22\n\n" + text, "GO005") == []
    (tmp_path / "go.mod").write_text("module m\n\ngo 1.21\n")
    result = engine_for(["GO005"]).lint([Input(str(tmp_path / "main.go"), "go", text=text, absolute=tmp_path / "main.go")])
    assert [d.message.rsplit("(", 1)[1] for d in result.diagnostics][:1] == ["go 1.21 per go.mod)"]
    (tmp_path / "go.mod").write_text("module m\n\ngo 1.22\n")
    result = engine_for(["GO005"]).lint([Input(str(tmp_path / "main.go"), "go", text=text, absolute=tmp_path / "main.go")])
    assert result.diagnostics == []


def test_copy_parameter_and_waiting_iteration_are_quiet():
    copy = LOOP.replace("\t\tgo func() {", "\t\ti, v := i, v\n\t\tgo func() {")
    param = "func run(int) {}\n\nfunc main() {\n\tfor _, v := range []int{1} {\n\t\tgo func(v int) { run(v) }(v)\n\t\tgo run(v)\n\t}\n}\n"
    waits = "func run(int) {}\n\nfunc main() {\n\tfor _, v := range []int{1} {\n\t\tdone := make(chan bool)\n\t\tgo func() { run(v); done <- true }()\n\t\t<-done\n\t}\n}\n"
    for body in (copy, param, waits):
        assert found(go(body, "sync"), "GO005") == [], body


def test_struct_field_named_like_the_loop_variable_is_not_a_capture():
    body = "type T struct{ v int }\n\nfunc use(T) {}\n\nfunc main() {\n\tfor _, v := range []int{1} {\n\t\t_ = v\n\t\tgo func() { use(T{v: 1}) }()\n\t}\n}\n"
    assert found(go(body, "sync"), "GO005") == []


def test_goroutine_not_last_in_body_and_defer_and_errgroup_are_reported():
    body = (
        "func run(int) error { return nil }\n\nfunc main() {\n\tvar g errgroup.Group\n"
        "\tfor i := 0; i < 3; i++ {\n\t\tg.Go(func() error { return run(i) })\n\t\tdefer func() { run(i) }()\n\t\trun(0)\n\t}\n\t_ = g.Wait()\n}\n"
    )
    result = found(go(body, "golang.org/x/sync/errgroup"), "GO005")
    assert [(line, col) for line, col, _ in result] == [(12, 34), (13, 22)]
    assert "captured by g.Go;" in result[0][2] and "captured by a deferred function, which runs only after the loop;" in result[1][2]


def test_sequential_subtest_is_quiet_and_parallel_one_reported():
    body = (
        "func TestX(t *testing.T) {\n\tfor _, c := range []string{\"a\"} {\n"
        "\t\tt.Run(c, func(t *testing.T) { t.Log(c) })\n"
        "\t\tt.Run(c, func(t *testing.T) {\n\t\t\tt.Parallel()\n\t\t\tt.Log(c)\n\t\t})\n\t}\n}\n"
    )
    assert [(line, col) for line, col, _ in found(go(body, "testing", package="p"), "GO005", "x_test.go")] == [(12, 10)]


# ---- GO006 / GO007 WaitGroup -------------------------------------------------------


def test_waitgroup_add_inside_goroutine_via_parameter_and_alias():
    body = "func f(wg *s.WaitGroup) {\n\tgo func() {\n\t\twg.Add(1)\n\t\tdefer wg.Done()\n\t}()\n}\n"
    assert found(go(body, 's "sync"'), "GO006") == [
        (9, 3, "wg.Add is called inside the goroutine it counts, so wg.Wait() may return before the goroutine starts; call wg.Add before the go statement")
    ]


def test_add_on_unknown_type_or_outside_goroutine_is_quiet():
    body = "func f(wg *s.WaitGroup, c counter) {\n\twg.Add(1)\n\tgo func() {\n\t\tc.Add(1)\n\t\tdefer wg.Done()\n\t}()\n}\n"
    assert found(go(body, 's "sync"'), "GO006") == []


def test_add_for_a_goroutine_started_later_in_the_goroutine_is_quiet():
    body = "func f(wg *sync.WaitGroup) {\n\tgo func() {\n\t\twg.Add(1)\n\t\tgo func() { defer wg.Done() }()\n\t}()\n}\n"
    assert found(go(body, "sync"), "GO006") == []


def test_done_skipped_by_an_early_return():
    body = "func f(wg *sync.WaitGroup, ok bool) {\n\tgo func() {\n\t\tif !ok {\n\t\t\treturn\n\t\t}\n\t\twg.Done()\n\t}()\n}\n"
    assert found(go(body, "sync"), "GO007") == [
        (12, 3, "wg.Done() is not deferred and the return on line 10 skips it, so wg.Wait() blocks forever; write defer wg.Done() first")
    ]


# ---- GO008 / GO009 locks -----------------------------------------------------------


def test_deferred_lock_is_reported_and_the_unsafe_fix_unlocks():
    text = go("var mu sync.Mutex\n\nfunc f() {\n\tmu.Lock()\n\tdefer mu.Lock()\n}\n", "sync")
    assert found(text, "GO008") == [(11, 11, "defer mu.Lock() right after mu.Lock() locks again when the function returns, which deadlocks; Unlock was meant")]
    engine = engine_for(["GO008"])
    assert engine.fix([Input("main.go", "go", text=text, absolute=Path.cwd() / "main.go")]).changes == {}
    result = engine.fix([Input("main.go", "go", text=text, absolute=Path.cwd() / "main.go")], unsafe=True)
    fixed = result.changes["main.go"][1]
    assert "\tmu.Lock()\n\tdefer mu.Unlock()\n" in fixed
    assert lint(fixed, "main.go", select=["GO008", "CN001"]) == []


def test_return_with_lock_held_points_at_the_return():
    body = (
        "var mu sync.Mutex\n\nfunc f(err error) error {\n\tmu.Lock()\n\tif err != nil {\n\t\treturn err\n\t}\n"
        "\tif err == nil {\n\t\tmu.Unlock()\n\t\treturn nil\n\t}\n\tmu.Unlock()\n\treturn nil\n}\n"
    )
    assert found(go(body, "sync"), "GO009") == [
        (12, 3, "this return leaves mu locked: mu.Lock() on line 10 is not followed by mu.Unlock() on this path, so the next Lock blocks forever")
    ]


def test_lock_handing_functions_and_deferred_unlock_in_a_closure_are_quiet():
    body = (
        "var mu sync.Mutex\n\nfunc lock(err error) error {\n\tmu.Lock()\n\tif err != nil {\n\t\treturn err\n\t}\n\treturn nil\n}\n"
        "func g(err error) error {\n\tmu.Lock()\n\tdefer func() { mu.Unlock() }()\n\tif err != nil {\n\t\treturn err\n\t}\n\treturn nil\n}\n"
    )
    assert found(go(body, "sync"), "GO009") == []
    relock = "var mu sync.Mutex\n\nfunc f(err error) error {\n\tmu.Lock()\n\tdefer mu.Unlock()\n\tmu.Unlock()\n\twait()\n\tmu.Lock()\n\treturn err\n}\n"
    assert found(go(relock, "sync"), "GO009") == []


# ---- GO010 copied locks ----------------------------------------------------------------


def test_copies_of_lock_holding_values():
    body = (
        "type S struct {\n\tinner T\n}\ntype T struct{ n atomic.Int64 }\n\n"
        "func (s S) get(t *T, p sync.Mutex) {\n\tfor _, x := range []S{} {\n\t\t_ = x\n\t}\n\tc := *t\n\tuse(s.inner, t)\n\t_ = c\n}\n"
    )
    result = found(go(body, "sync", "sync/atomic"), "GO010")
    assert [(line, col) for line, col, _ in result] == [(13, 9), (13, 24), (14, 9), (15, 7), (17, 7), (18, 6), (19, 6)]
    assert result[0][2] == "receiver of type S is passed by value, which copies the atomic.Int64 it holds; use a pointer"
    assert result[2][2] == "range variable x copies each element, and with it the atomic.Int64 it holds; range over the index and take &xs[i]"
    assert result[4][2] == "assignment copies *t, and with it the atomic.Int64 it holds; share a pointer instead"


def test_a_field_read_through_a_pointer_is_a_copy():
    body = "type T struct{ mu sync.Mutex }\ntype S struct{ inner T }\n\nfunc f(t *S) {\n\tc := t.inner\n\tp := &S{}\n\td := p.inner\n\tq := p\n\t_, _, _ = &c, &d, q\n}\n"
    # as go vet; copying the pointer itself (q := p) copies no lock
    assert [(line, col) for line, col, _ in found(go(body, "sync"), "GO010")] == [(11, 7), (13, 7)]


def test_embedded_pointer_holds_no_lock_by_value():
    body = "type pool struct{ mu sync.Mutex }\ntype view struct{ *pool }\n\nfunc (v view) get(w view) {}\n"
    assert found(go(body, "sync"), "GO010") == []


def test_pointers_and_unknown_types_are_not_copies():
    body = "type S struct{ mu sync.Mutex }\n\nfunc (s *S) get(o Other, p *sync.Mutex) {\n\tq := p\n\tr := o\n\tuse(q, r, &s.mu)\n}\n"
    assert found(go(body, "sync"), "GO010") == []


FOR_LOCK = (
    "type C struct {\n\tmu sync.Mutex\n\tn  int\n}\n\n"
    "func f(c0 *C) {\n\tfor i, c := 0, (C{}); i < 3; i++ {\n\t\tc.mu.Lock()\n\t}\n"
    "\tfor c := *c0; c.n < 3; c.n++ {\n\t}\n\tfor p := &C{}; p.n < 3; p.n++ {\n\t}\n}\n"
)


def test_three_clause_loop_variable_holding_a_lock_is_copied_per_iteration_from_go_1_22(tmp_path):
    text = go(FOR_LOCK, "sync")

    def run(version):
        (tmp_path / "go.mod").write_text(f"module m\n\ngo {version}\n")
        result = engine_for(["GO010"]).lint([Input(str(tmp_path / "main.go"), "go", text=text, absolute=tmp_path / "main.go")])
        return [(d.span.line, d.span.column, d.message) for d in result.diagnostics]

    # Before 1.22 the loop has one variable: only the copy of *c0 into it counts.
    before = [(16, 11, "assignment copies *c0, and with it the sync.Mutex it holds; share a pointer instead")]
    assert run("1.21") == before
    assert run("1.22") == [
        (
            13,
            9,
            "from Go 1.22 every iteration of this for loop copies loop variable c, and with it the sync.Mutex it holds "
            "(go 1.22 per go.mod); declare it before the loop or make it a pointer",
        ),
        *before,  # go vet reports the assignment, not the loop, when the init already copies
    ]
    assert found(text, "GO010") == before  # no version: pre-1.22, one variable


def test_parenthesized_literal_is_not_a_copy():
    body = "func f() {\n\tvar a = (sync.Mutex{})\n\tb := (sync.WaitGroup{})\n\t_, _ = a, b\n}\n"
    assert [(line, col) for line, col, _ in found(go(body, "sync"), "GO010")] == [(10, 9), (10, 12)]


SERVER = 'package srv\n\nimport "sync"\n\ntype Server struct {\n\tmu    sync.Mutex\n\tinner Inner\n}\n'
COPIES = "package srv\n\nfunc (s Server) Name() string { return \"\" }\n\nfunc snapshot(s *Server) Inner {\n\tc := *s\n\t_ = c\n\treturn s.inner\n}\n"


def test_struct_declared_in_another_file_of_the_package_is_followed():
    files = {"srv/server.go": SERVER, "srv/inner.go": "package srv\n\nimport \"sync/atomic\"\n\ntype Inner struct{ n atomic.Int64 }\n", "srv/copies.go": COPIES}
    result = [(d.path, d.span.line, d.span.column, d.message) for d in lint_files(files, select=["GO010"])]
    assert [r[:3] for r in result] == [("srv/copies.go", 3, 9), ("srv/copies.go", 6, 7), ("srv/copies.go", 7, 6), ("srv/copies.go", 8, 9)]
    assert result[0][3] == "receiver of type Server is passed by value, which copies the sync.Mutex it holds; use a pointer"
    assert result[3][3] == "return copies s.inner, and with it the atomic.Int64 it holds; share a pointer instead"


def test_other_packages_directories_and_ambiguous_types_are_not_followed():
    external = "package srv_test\n\ntype Server struct{}\n\nfunc (s Server) Name() string { return \"\" }\n"
    assert lint_files({"srv/server.go": SERVER, "srv/x_test.go": external, "other/copies.go": COPIES}, select=["GO010"]) == []
    # a type a _test.go file declares is seen by the package's tests only
    assert lint_files({"srv/server_test.go": SERVER, "srv/copies.go": COPIES}, select=["GO010"]) == []
    assert len(lint_files({"srv/server.go": SERVER, "srv/copies_test.go": COPIES}, select=["GO010"])) == 3
    # one Server per build tag: which one a build sees is unknown
    plain = "//go:build !linux\n\npackage srv\n\ntype Server struct{ inner Inner }\n"
    assert lint_files({"srv/server.go": "//go:build linux\n\n" + SERVER, "srv/plain.go": plain, "srv/copies.go": COPIES}, select=["GO010"]) == []


# ---- GO011 t.Fatal in a goroutine -------------------------------------------------------


def test_fatal_from_goroutine_points_at_the_method():
    body = "func TestX(t *testing.T) {\n\tgo func() {\n\t\tt.Fatal(\"x\")\n\t\tt.Error(\"y\")\n\t}()\n\tt.Fatal(\"z\")\n}\n"
    assert found(go(body, "testing", package="p"), "GO011", "x_test.go") == [
        (9, 5, "t.Fatal in a goroutine only ends that goroutine, not the test, which goes on running; report with t.Error and return, or signal the test's goroutine")
    ]


# ---- GO012 lost cancel -----------------------------------------------------------------------


def test_discarded_and_unused_cancel_functions():
    body = (
        "func f(p context.Context) {\n\tctx, _ := context.WithTimeout(p, time.Second)\n\tc2, cancel := context.WithCancel(ctx)\n\t_ = c2\n}\n"
        "func g(p context.Context) {\n\tctx, cancel := context.WithCancel(p)\n\tdefer cancel()\n\t_ = ctx\n}\n"
    )
    result = found(go(body, "context", "time"), "GO012")
    assert result == [
        (9, 7, "the cancel function of context.WithTimeout is discarded, so the context and its timer live until the parent is cancelled; call it, usually with defer"),
        (10, 6, "cancel, the cancel function of context.WithCancel, is never called, so the context and its timer live until the parent is cancelled; defer cancel()"),
    ]


def test_dot_imported_context_names_the_function():
    body = "func f() {\n\tctx, _ := WithCancel(Background())\n\t_ = ctx\n}\n"
    assert [m.split(" is ")[0] for _, _, m in found(go(body, '. "context"'), "GO012")] == ["the cancel function of context.WithCancel"]


# ---- GO013 time.Tick ---------------------------------------------------------------------------

TICK = "func f(ctx context.Context) {\n\tselect {\n\tcase <-time.Tick(time.Second):\n\tcase <-ctx.Done():\n\t}\n}\n"


def test_time_tick_leak_is_version_and_package_aware():
    lib = go(TICK, "context", "time", package="poller")
    assert [(line, col) for line, col, _ in found(lib, "GO013", **{"go-version": "1.22"})] == [(10, 14)]
    assert found(lib, "GO013", **{"go-version": "1.22"})[0][2].endswith("(go 1.22 per the go-version setting); use time.NewTicker and defer its Stop")
    assert found(lib, "GO013", **{"go-version": "1.23"}) == []
    assert found(go(TICK, "context", "time"), "GO013") == []  # package main
    assert found(lib, "GO013", "poller_test.go") == []


# ---- GO014 send blocked after a select timeout -------------------------------------------------


def test_send_left_blocked_after_timeout():
    body = (
        "func f() int {\n\tc := make(chan int)\n\tgo func() {\n\t\tc <- 1\n\t}()\n\tselect {\n\tcase v := <-c:\n\t\treturn v\n"
        "\tcase <-time.After(time.Second):\n\t\treturn 0\n\t}\n}\n"
    )
    assert found(go(body, "time"), "GO014") == [
        (10, 3, "c is unbuffered and the select on line 12 can return without receiving, leaving this goroutine blocked on the send forever; make it make(chan T, 1)")
    ]
    assert found(go(body.replace("make(chan int)", "make(chan int, 1)"), "time"), "GO014") == []
    drained = body.replace("\t\treturn 0\n", "\t\t<-c\n\t\treturn 0\n")
    assert found(go(drained, "time"), "GO014") == []


# ---- GO015 defer in a loop -------------------------------------------------------------------------


def test_defer_in_loop_points_at_defer_keyword():
    body = "func f(fs []*os.File) {\n\tfor _, f := range fs {\n\t\tif f != nil {\n\t\t\tdefer f.Close()\n\t\t}\n\t\tfunc() { defer f.Close() }()\n\t}\n}\n"
    assert found(go(body, "os"), "GO015") == [
        (10, 4, "defer in the loop on line 8 runs only when the function returns, so every iteration's resources stay held until then; move the loop body into a function")
    ]


# ---- suppressions through aliases --------------------------------------------------------------------


@pytest.mark.parametrize("comment", ["//nolint:govet", "//lint:ignore SA2000 reason", "//nolint:staticcheck", "//cnlint:ignore waitgroup-add-in-goroutine"])
def test_anchor_suppressions_reach_the_new_rules(comment):
    body = f"func f(wg *sync.WaitGroup) {{\n\tgo func() {{\n\t\twg.Add(1) {comment}\n\t}}()\n}}\n"
    assert codes(lint(go(body, "sync"), "main.go", select=["GO006", "CN002"])) == []


def test_the_fast_word_search_finds_what_the_regex_of_alternatives_finds():
    # GO010 looks for the names that may hold a lock with a regex each (the
    # literal first); `_pattern_offsets`, one regex of all of them, is the
    # reference: the same places, on text made of the bytes that matter.
    from hypothesis import example, given, settings
    from hypothesis import strategies as st

    from cnlint.golang.rules.lock_copies import _pattern_offsets, _word_offsets

    ident = st.from_regex(r"[ab_][ab0-9_]{0,2}", fullmatch=True)
    dotted = st.builds(lambda a, b: f"{a}.{b}", ident, ident)
    data = st.lists(st.sampled_from(["a", "b", "_", "0", ".", "*", " ", "\n", "\t", "ab", "a.b", "*a", "a . b", "(", "&"]), max_size=40).map(lambda parts: "".join(parts).encode())

    @settings(max_examples=600, deadline=None, derandomize=True)
    @given(data, st.lists(st.one_of(ident, dotted), min_size=1, max_size=4, unique=True), st.booleans(), st.lists(ident, max_size=3, unique=True))
    @example(b"a . a.b", ["a"], True, ["b"])  # a field the first mention is not read: the second is
    @example(b"x.a.b *a", ["a"], True, ["b"])
    @example(b"a.b.a.b", ["a.b"], False, [])
    def check(text, words, deref, fields):
        if deref:
            words = [w for w in words if "." not in w] or ["a"]  # what is dereferenced is a name
        present = [w.encode() for w in sorted(words)]
        seen: dict = {}  # each word's mentions, kept for the file: asked again, with other fields, the same
        for other in ([], fields[:1], fields):
            _word_offsets(text, present, not deref, set(other), seen)
            _word_offsets(text, present, deref, set(other), seen)
        assert _word_offsets(text, present, deref, set(fields), seen) == _pattern_offsets(text, present, deref, set(fields))
        assert _word_offsets(text, present, deref, set(fields), {}) == _pattern_offsets(text, present, deref, set(fields))

    check()


def test_a_file_is_taken_to_spell_every_name_it_has_as_a_word():
    # GO010 starts from the package's lock-holding names a file spells; the
    # test of each name may say yes to more, never to fewer, than the words
    # of the file: those of `[A-Za-z_]\w*` in its text, and for a file that
    # is not ASCII, in its bytes (which end a word at a non-ASCII letter).
    import re

    from hypothesis import example, given, settings
    from hypothesis import strategies as st

    from cnlint.golang.rules.lock_copies import _spells

    def words(text: str) -> set:
        found = set(re.findall(r"[A-Za-z_]\w*", text))
        return found | {w.decode() for w in re.findall(rb"[A-Za-z_]\w*", text.encode())}

    name = st.from_regex(r"[ab_][ab9_]{0,2}", fullmatch=True)
    text = st.lists(st.sampled_from(["a", "b", "_", "9", "é", ".", "*", " ", "\n", "ab", "a9", "9a", "éa", "aé"]), max_size=30).map("".join)

    @settings(max_examples=800, deadline=None, derandomize=True)
    @given(text, name)
    @example("9a", "a")  # after a digit that starts no word, `a` is one
    @example("aéb", "b")  # a non-ASCII letter ends a word of the bytes
    @example("éa", "a")
    def check(text, name):
        if name in words(text):
            assert _spells(text, name)

    check()
    assert not _spells("mutex xmu mu_ _mu", "mu")
