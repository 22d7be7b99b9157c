"""The Go rules that read control flow, types, the call graph and request
input: exact positions and messages, and what must stay quiet."""

from __future__ import annotations

from helpers import lint, lint_files

from cnlint.fixes import apply


def go(body: str, *imports: str, package: str = "main") -> str:
    lines = "".join(f'\n\t"{i}"' for i in imports)
    return f"package {package}\n\nimport ({lines}\n)\n\n{body}"


def found(text, code, filename="main.go", **config):
    return [(d.span.line, d.span.column, d.message) for d in lint(text, filename, select=[code], config=config or None)]


def lines(text, code, filename="main.go", **config):
    return [line for line, _, _ in found(text, code, filename, **config)]


# ---- GO012 cancel not called on every path -------------------------------------------

FETCH = "func fetch(context.Context) error { return nil }\n\n"


def test_the_return_a_path_reaches_without_cancel_is_named_and_related():
    body = FETCH + "func get(p context.Context) error {\n\tctx, cancel := context.WithCancel(p)\n\tif err := fetch(ctx); err != nil {\n\t\treturn err\n\t}\n\tdefer cancel()\n\treturn nil\n}\n"
    [d] = lint(go(body, "context"), "main.go", select=["GO012"])
    assert (d.span.line, d.span.column) == (10, 7)
    assert d.message.startswith("cancel, the cancel function of context.WithCancel, is not called on every path: the return on line 12 is reached without it")
    assert [(r.span.line, r.span.column, r.message) for r in d.related] == [(12, 3, "reached without calling cancel")]


def test_falling_off_the_end_is_an_exit():
    body = "func run(p context.Context, quick bool) {\n\tctx, cancel := context.WithCancel(p)\n\tif quick {\n\t\tcancel()\n\t}\n\t_ = ctx\n}\n"
    [d] = lint(go(body, "context"), "main.go", select=["GO012"])
    assert "the end of the function on line 13" in d.message
    assert [(r.span.line, r.span.column) for r in d.related] == [(13, 1)]


def test_no_report_where_every_path_uses_it_or_none_returns():
    quiet = [
        # a bare return of the named result hands it on
        "func named(p context.Context) (ctx context.Context, cancel context.CancelFunc) {\n\tctx, cancel = context.WithCancel(p)\n\treturn\n}\n",
        # a variable of the enclosing function may be called there
        "func outer(p context.Context) {\n\tvar cancel context.CancelFunc\n\tfunc() {\n\t\t_, cancel = context.WithCancel(p)\n\t}()\n\tdefer cancel()\n}\n",
        # a loop that never ends leaks nothing it can return
        "func loop(p context.Context) {\n\tctx, cancel := context.WithCancel(p)\n\tfor {\n\t\t<-ctx.Done()\n\t}\n\tcancel()\n}\n",
    ]
    for body in quiet:
        assert found(go(body, "context"), "GO012") == [], body
    main = "func main() {\n\tctx, cancel := context.WithCancel(context.Background())\n\tif ctx.Err() != nil {\n\t\tcancel()\n\t}\n}\n"
    assert found(go(main, "context"), "GO012") == []  # returning from main ends the process
    assert lines(go(main, "context", package="tool"), "GO012") == [8]


# ---- GO011 helpers that stop the test ---------------------------------------------------

HELPERS = (
    "func must(t *testing.T, err error) {\n\tif err != nil {\n\t\tt.Fatalf(\"%v\", err)\n\t}\n}\n\n"
    "func check(t *testing.T) { must(t, nil) }\n\n"
)


def test_a_helper_started_or_called_in_a_goroutine_is_followed():
    body = HELPERS + "func TestX(t *testing.T) {\n\tgo must(t, nil)\n\tgo check(t)\n\tgo func() {\n\t\tcheck(t)\n\t}()\n}\n"
    tail = ", which in a goroutine only ends that goroutine, not the test, which goes on running; have {0} report with Error and return, or call it from the test's goroutine"
    assert found(go(body, "testing", package="p"), "GO011", "x_test.go") == [
        (16, 5, "must calls t.Fatalf on line 9" + tail.format("must")),
        (17, 5, "check calls t.Fatalf on line 9 through must" + tail.format("check")),
        (19, 3, "check calls t.Fatalf on line 9 through must" + tail.format("check")),
    ]


def test_subtests_and_inner_goroutines_run_apart():
    body = (
        "func TestX(t *testing.T) {\n\tgo func() {\n\t\tt.Run(\"a\", func(t *testing.T) { t.Fatal() })\n\t\tgo func() { t.FailNow() }()\n"
        "\t\tstop := func() { t.SkipNow() }\n\t\tstop()\n\t}()\n}\n"
    )
    # the inner goroutine's call, and the literal's own call once (not again at stop())
    assert [(line, column) for line, column, _ in found(go(body, "testing", package="p"), "GO011", "x_test.go")] == [(10, 17), (11, 22)]


# ---- GO010 the new copy sites -----------------------------------------------------------


def test_literal_elements_sends_and_assigned_range_values_copy():
    body = (
        "type C struct{ mu sync.Mutex }\n\n"
        "func f(p *C, cs map[string]C, ch chan C) {\n"
        "\tall := []C{*p}\n"
        "\tch <- *p\n"
        "\tvar c C\n"
        "\tfor _, c = range cs {\n\t}\n"
        "\t_, _ = all, &c\n"
        "}\n"
    )
    result = found(go(body, "sync"), "GO010")
    assert [(line, column) for line, column, _ in result] == [(10, 13), (11, 8), (13, 9)]
    assert result[0][2] == "composite literal copies *p, and with it the sync.Mutex it holds; share a pointer instead"
    assert result[1][2] == "send copies *p, and with it the sync.Mutex it holds; share a pointer instead"


def test_generic_instances_arrays_markers_and_standard_holders_copy():
    body = (
        "type Box[T any] struct{ v T }\n\ntype noCopy struct{}\n\nfunc (*noCopy) Lock()   {}\nfunc (*noCopy) Unlock() {}\n\n"
        "type H struct{ _ noCopy }\n\n"
        "func f(b *Box[sync.WaitGroup], a *[2]sync.Mutex, h *H, cfg *tls.Config) {\n"
        "\tx, y, z, c := b.v, *a, *h, *cfg\n"
        "\t_, _, _, _ = &x, &y, &z, &c\n"
        "}\n"
    )
    result = found(go(body, "crypto/tls", "sync"), "GO010")
    assert [(line, column) for line, column, _ in result] == [(18, 16), (18, 21), (18, 25), (18, 29)]
    assert [m.split(", and with it the ")[1].split(" it holds")[0] for _, _, m in result] == ["sync.WaitGroup", "sync.Mutex", "noCopy", "sync.RWMutex"]


def test_new_is_a_copy_only_when_a_local_function_takes_its_name():
    body = "type C struct{ mu sync.Mutex }\n\nfunc f(p *C) {\n\t_ = new(C)\n\tnew := func(any) {}\n\tnew(*p)\n}\n"
    assert lines(go(body, "sync"), "GO010") == [12]


# ---- GO005 variables a loop assigns, conc pools, later Parallel ---------------------------


def test_assigned_loop_variables_are_shared(tmp_path):
    body = (
        "func use(...any) {}\n\n"
        "func f(items []string, n int) {\n"
        "\tvar item string\n\tfor _, item = range items {\n\t\tgo func() { use(item) }()\n\t}\n"
        "\tvar i int\n\tfor i = 0; i < n; i++ {\n\t\tgo func() { use(i) }()\n\t}\n"
        "}\n"
    )
    assert lines(go(body), "GO005") == [11, 15]
    # from Go 1.22 loopclosure is silent, as go vet's is
    assert lines(go(body), "GO005", **{"go-version": "1.22"}) == []


def test_subtest_statements_after_parallel_capture():
    body = (
        "func use(...any) {}\n\nfunc TestX(t *testing.T) {\n\tfor _, name := range []string{\"a\"} {\n"
        "\t\tt.Run(name, func(t *testing.T) {\n\t\t\tuse(name)\n\t\t\tt.Parallel()\n\t\t\tuse(name)\n\t\t})\n\t}\n}\n"
    )
    assert lines(go(body, "testing", package="p"), "GO005", "x_test.go") == [14]


# ---- GO015 defer in a range over a channel -------------------------------------------------


def test_a_channel_range_no_statement_leaves_is_reported_in_tests_too():
    body = "func TestX(t *testing.T, ch chan int) {\n\tfor v := range ch {\n\t\tdefer t.Log(v)\n\t}\n\tfor v := range ch {\n\t\tdefer t.Log(v)\n\t\tif v > 0 {\n\t\t\tbreak\n\t\t}\n\t}\n}\n"
    result = found(go(body, "testing", package="p"), "GO015", "x_test.go")
    assert [(line, column) for line, column, _ in result] == [(9, 3)]
    assert result[0][2].startswith("defer in the range over channel ch on line 8: deferred calls run only when the function returns, and this loop ends only when ch is closed")
    # outside tests the loop a break leaves still holds its defers until the return
    assert lines(go(body.replace("t *testing.T, ", "t interface{ Log(...any) }, "), package="p"), "GO015") == [8, 11]


def test_a_ticker_channel_is_a_channel():
    body = "func TestX(t *testing.T) {\n\tfor range time.Tick(time.Second) {\n\t\tdefer t.Log()\n\t}\n}\n"
    assert lines(go(body, "testing", "time", package="p"), "GO015", "x_test.go") == [10]


# ---- GO027, GO028 contexts -----------------------------------------------------------------


def test_nil_context_by_declaration_only():
    body = (
        "type store struct{}\n\nfunc (s *store) get(ctx context.Context, id int) {}\n\n"
        "func f(s *store, other interface{ Do(context.Context) }) {\n\ts.get(nil, 1)\n\tother.Do(nil)\n\tsignal.NotifyContext(nil)\n}\n"
    )
    assert [(line, column) for line, column, _ in found(go(body, "context", "os/signal"), "GO027")] == [(13, 8), (15, 23)]


def test_builtin_context_keys_and_own_types():
    body = (
        "type key int\n\nconst (\n\tfirst key = iota\n\tname = \"user\"\n)\n\n"
        "func f(ctx context.Context) {\n\tctx = context.WithValue(ctx, first, 1)\n\tctx = context.WithValue(ctx, name, 1)\n"
        "\tctx = context.WithValue(ctx, string(name), 1)\n\t_ = context.WithValue(ctx, 1.5, 1)\n}\n"
    )
    result = found(go(body, "context"), "GO028")
    assert [(line, column) for line, column, _ in result] == [(16, 31), (17, 31), (18, 29)]
    assert "built-in type float64" in result[2][2]
    assert found(go(body, "context", package="p"), "GO028", "x_test.go") == []


# ---- GO029 Close before the error check --------------------------------------------------------


def test_close_before_the_check_needs_a_known_error_or_the_check():
    body = (
        "func open(string) (io.ReadCloser, error) { return nil, nil }\n\n"
        "func f(get func(string) (io.ReadCloser, error)) error {\n"
        "\ta, err := open(\"a\")\n\tdefer a.Close()\n"
        "\tb, err := get(\"b\")\n\tdefer b.Close()\n\tif err != nil {\n\t\treturn err\n\t}\n"
        "\tc, err := get(\"c\")\n\tdefer c.Close()\n"
        "\td, _ := open(\"d\")\n\tdefer d.Close()\n"
        "\treturn err\n}\n"
    )
    assert lines(go(body, "io"), "GO029") == [11, 13]


# ---- GO030 decimal file modes ------------------------------------------------------------------


def test_decimal_modes_are_reported_with_an_unsafe_octal_fix():
    body = (
        "func save(mode os.FileMode) {}\n\nfunc f(file *os.File) {\n"
        "\t_ = os.WriteFile(\"a\", nil, 644)\n\tsave(600)\n\t_ = file.Chmod(755)\n\t_ = os.Mkdir(\"b\", 0755)\n\t_ = os.Mkdir(\"c\", 1000)\n}\n"
    )
    text = go(body, "os")
    diagnostics = lint(text, "main.go", select=["GO030"])
    assert [(d.span.line, d.span.column) for d in diagnostics] == [(10, 29), (11, 7), (12, 17)]
    assert diagnostics[0].message == "file mode 644 is decimal, which is 1204 in octal (-w----r-T); 0644 was meant"
    assert not diagnostics[0].fix.safe
    fixed, count = apply(text, [d.fix for d in diagnostics])
    assert count == 3 and "0644)" in fixed and "save(0600)" in fixed and "Chmod(0755)" in fixed


# ---- GO031 to GO035 --------------------------------------------------------------------------------


def test_weak_hashes_only_where_names_say_they_protect_a_secret():
    body = (
        "func tokenHash(v []byte) []byte { s := sha1.Sum(v); return s[:] }\n\n"
        "func filenameForSecret(name string) [16]byte { return md5.Sum([]byte(name)) }\n\n"
        "func f(apiKey string, body []byte) {\n\t_ = md5.Sum([]byte(apiKey))\n\tetag := md5.Sum(body)\n\t_ = etag\n}\n"
    )
    result = found(go(body, "crypto/md5", "crypto/sha1"), "GO031")
    assert [(line, column) for line, column, _ in result] == [(8, 40), (13, 6)]
    assert result[0][2].startswith("SHA-1 protects what tokenHash makes here, but it is broken")
    assert result[1][2].endswith("use SHA-256, or HMAC-SHA-256 to sign")
    assert found(go(body, "crypto/md5", "crypto/sha1", package="p"), "GO031", "x_test.go") == []


def test_insecure_suites_through_a_variable_of_another_file():
    files = {
        "srv/suites.go": "package srv\n\nimport \"crypto/tls\"\n\nvar legacy = []uint16{tls.TLS_RSA_WITH_RC4_128_SHA, 0x000a}\n",
        "srv/config.go": "package srv\n\nimport \"crypto/tls\"\n\nvar config = &tls.Config{CipherSuites: legacy}\n",
    }
    [d] = lint_files(files, select=["GO032"])
    assert (d.path, d.span.line, d.span.column) == ("srv/config.go", 5, 40)
    assert d.message.startswith("legacy holds TLS_RSA_WITH_RC4_128_SHA (in srv/suites.go), which is one of Go's insecure cipher suites: RC4 is broken")


def test_min_version_set_later_or_by_number():
    body = (
        "func f() *tls.Config {\n\tcfg := &tls.Config{MinVersion: 0x0303}\n\tcfg.MinVersion = tls.VersionTLS11\n"
        "\tother := struct{ MinVersion uint16 }{}\n\tother.MinVersion = tls.VersionTLS10\n\treturn cfg\n}\n"
    )
    assert found(go(body, "crypto/tls"), "GO017", **{"go-version": "1.22"}) == [
        (9, 19, "MinVersion TLS 1.1 allows protocol versions with known attacks (BEAST, POODLE, weak ciphers); require tls.VersionTLS12 or later"),
    ]


HANDLER = "func h(w http.ResponseWriter, r *http.Request) {\n{body}}\n"


def handler(body: str, *imports: str) -> str:
    return go(HANDLER.replace("{body}", body), "net/http", *imports)


def test_decompressed_body_read_whole_unless_bounded():
    read = "\tzr, err := gzip.NewReader(r.Body)\n\tif err != nil {\n\t\treturn\n\t}\n{limit}\tdata, _ := io.ReadAll(zr)\n\t_, _ = w.Write(data)\n"
    assert lines(handler(read.replace("{limit}", ""), "compress/gzip", "io"), "GO033") == [14]
    bounded = read.replace("{limit}", "\tzr2 := io.LimitReader(zr, 1<<20)\n\t_ = zr2\n")
    assert lines(handler(bounded, "compress/gzip", "io"), "GO033") == []
    from_file = "\tf, _ := os.Open(\"x.gz\")\n\tzr, _ := gzip.NewReader(f)\n\tdata, _ := io.ReadAll(zr)\n\t_, _ = w.Write(data)\n"
    assert lines(handler(from_file, "compress/gzip", "io", "os"), "GO033") == []


def test_urls_whose_host_the_request_decides():
    cases = {
        '\t_, _ = http.Get(r.FormValue("url"))\n': [10],
        '\t_, _ = http.Get(fmt.Sprintf("%s://%s/x", "https", r.Header.Get("X-Host")))\n': [10],
        '\t_, _ = http.Get(fmt.Sprintf("https://api.example.com/%s", r.FormValue("id")))\n': [],
        '\t_, _ = http.Get(base + "/users/" + r.FormValue("id"))\n': [],
        '\tu := r.FormValue("url")\n\tif !strings.HasPrefix(u, "https://api.example.com/") {\n\t\treturn\n\t}\n\t_, _ = http.Get(u)\n': [],
        '\t_, _ = http.Get("http://" + r.Host + "/healthz")\n': [],
    }
    for body, want in cases.items():
        text = handler(body, "fmt", "strings") + "\nvar base = \"https://api.example.com\"\n"
        assert lines(text, "GO034") == want, body


def test_paths_from_the_request_unless_cleaned_or_checked():
    cases = {
        '\tf, _ := os.Open("/srv/" + r.URL.Path)\n\t_ = f\n': [11],
        '\t_, h, _ := r.FormFile("f")\n\t_ = os.WriteFile(filepath.Join("/srv", h.Filename), nil, 0o600)\n': [12],
        '\t_, _ = os.ReadFile(filepath.Join("/srv", filepath.Clean(r.FormValue("f"))))\n': [],
        '\tname := r.FormValue("f")\n\tif !valid.MatchString(name) {\n\t\treturn\n\t}\n\t_, _ = os.ReadFile(name)\n': [],
        '\t_, _ = os.ReadFile(filepath.Join("/srv", "config.json"))\n': [],
    }
    for body, want in cases.items():
        text = handler(body, "os", "path/filepath", "regexp") + "\nvar valid = regexp.MustCompile(`^[a-z]+$`)\n"
        assert lines(text, "GO035") == want, body
