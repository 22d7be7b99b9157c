"""Service facts of a Go main package: ports, routes, environment, signals,
shutdown, runtime settings and writes, each with where it comes from."""

from __future__ import annotations

import pytest

from cnlint.config import Settings
from cnlint.diagnostics import Span
from cnlint.golang import model as golang
from cnlint.golang.facts import Facts, server_facts
from cnlint.golang.index import Packages


def facts(body: str | dict, *imports: str):
    files = body if isinstance(body, dict) else {"main.go": program(body, *imports)}
    docs = [golang.parse(name, text, Settings()) for name, text in files.items()]
    (package,) = [p for p in Packages.of(docs) if p.is_main]
    return server_facts(package)


def program(body: str, *imports: str) -> str:
    listed = "".join(f'\t"{path}"\n' if " " not in path else f"\t{path}\n" for path in imports)
    return f"package main\n\nimport (\n{listed})\n\n{body}"


def ports(found):
    return [(listen.port, listen.env, listen.flag, listen.protocol) for listen in found.listens]


def routes(found):
    return [(h.method, h.pattern, h.prefix, h.unknown_prefix) for h in found.handlers]


# ---- listening ----------------------------------------------------------------


def test_listen_and_serve_literal_with_span():
    found = facts('func main() {\n\thttp.ListenAndServe(":8080", nil)\n}\n', "net/http")
    (listen,) = found.listens
    assert (listen.port, listen.env, listen.flag, listen.protocol, listen.address) == (8080, None, None, "http", ":8080")
    assert listen.path == "main.go"
    assert listen.span == Span(8, 2, 8, 35)


def test_constant_and_concatenation():
    found = facts('const port = "9090"\n\nfunc main() {\n\thttp.ListenAndServeTLS(":"+port, "c", "k", nil)\n}\n', "net/http")
    assert ports(found) == [(9090, None, None, "http")]


def test_getenv_with_fallback():
    body = 'func main() {\n\tport := os.Getenv("PORT")\n\tif port == "" {\n\t\tport = "8080"\n\t}\n\thttp.ListenAndServe(":"+port, nil)\n}\n'
    assert ports(facts(body, "net/http", "os")) == [(8080, "PORT", None, "http")]


def test_getenv_without_fallback_has_no_port():
    body = 'func main() {\n\thttp.ListenAndServe(":"+os.Getenv("PORT"), nil)\n}\n'
    assert ports(facts(body, "net/http", "os")) == [(None, "PORT", None, "http")]


def test_default_overridden_by_env_when_set():
    body = (
        'const listenPort = "5050"\n\nfunc main() {\n\tport := listenPort\n\tif os.Getenv("PORT") != "" {\n\t\tport = os.Getenv("PORT")\n\t}\n'
        '\tlis, _ := net.Listen("tcp", fmt.Sprintf(":%s", port))\n\t_ = lis\n}\n'
    )
    found = facts(body, "fmt", "net", "os")
    assert ports(found) == [(5050, "PORT", None, None)]
    assert found.listens[0].span == Span(16, 12, 16, 55)


def test_lookupenv_and_reassignment_through_sprintf():
    body = 'func main() {\n\tport := "50051"\n\tif value, ok := os.LookupEnv("PORT"); ok {\n\t\tport = value\n\t}\n\tport = fmt.Sprintf(":%s", port)\n\tnet.Listen("tcp", port)\n}\n'
    assert ports(facts(body, "fmt", "net", "os")) == [(50051, "PORT", None, None)]


def test_flag_string_and_int():
    body = 'var port = flag.Int("port", 8080, "port")\n\nfunc main() {\n\tflag.Parse()\n\thttp.ListenAndServe(fmt.Sprintf(":%d", *port), nil)\n}\n'
    assert ports(facts(body, "flag", "fmt", "net/http")) == [(8080, None, "port", "http")]
    body = 'func main() {\n\taddr := flag.String("addr", ":7070", "")\n\thttp.ListenAndServe(*addr, nil)\n}\n'
    assert ports(facts(body, "flag", "net/http")) == [(7070, None, "addr", "http")]


def test_flag_string_var():
    body = 'var port string\n\nfunc main() {\n\tflag.StringVar(&port, "port", "8081", "")\n\thttp.ListenAndServe(":"+port, nil)\n}\n'
    assert ports(facts(body, "flag", "net/http")) == [(8081, None, "port", "http")]


def test_join_host_port_and_helper_function():
    body = (
        'func getEnv(key, fallback string) string {\n\tif v, ok := os.LookupEnv(key); ok {\n\t\treturn v\n\t}\n\treturn fallback\n}\n\n'
        'func main() {\n\thttp.ListenAndServe(net.JoinHostPort("", getEnv("HTTP_PORT", "3000")), nil)\n}\n'
    )
    assert ports(facts(body, "net", "net/http", "os")) == [(3000, "HTTP_PORT", None, "http")]


def test_server_literal_and_listen_and_serve():
    body = 'func main() {\n\tsrv := &http.Server{Addr: ":8443"}\n\tsrv.ListenAndServe()\n}\n'
    found = facts(body, "net/http")
    assert ports(found) == [(8443, None, None, "http")]
    assert found.listens[0].span == Span(9, 2, 9, 22)


def test_server_without_addr_serves_port_80():
    body = 'func main() {\n\tsrv := &http.Server{}\n\tsrv.ListenAndServe()\n}\n'
    assert ports(facts(body, "net/http")) == [(80, None, None, "http")]


def test_server_addr_from_env_in_another_file():
    files = {
        "server.go": 'package main\n\nimport "net/http"\n\nvar srv = &http.Server{Addr: addr}\n',
        "main.go": 'package main\n\nimport "os"\n\nvar addr = os.Getenv("ADDR")\n\nfunc main() {\n\tsrv.ListenAndServe()\n}\n',
    }
    found = facts(files)
    assert ports(found) == [(None, "ADDR", None, "http")]
    assert found.listens[0].path == "main.go"


def test_grpc_on_net_listen_through_a_parameter():
    body = (
        'var port = "3550"\n\nfunc main() {\n\tif os.Getenv("PORT") != "" {\n\t\tport = os.Getenv("PORT")\n\t}\n\trun(port)\n}\n\n'
        'func run(port string) {\n\tl, err := net.Listen("tcp", fmt.Sprintf(":%s", port))\n\tif err != nil {\n\t\tpanic(err)\n\t}\n'
        '\tsrv := grpc.NewServer()\n\tsrv.Serve(l)\n}\n'
    )
    assert ports(facts(body, "fmt", "net", "os", "google.golang.org/grpc")) == [(3550, "PORT", None, "grpc")]


def test_http_serve_on_listener():
    body = 'func main() {\n\tl, _ := net.Listen("tcp4", ":9000")\n\thttp.Serve(l, nil)\n}\n'
    assert ports(facts(body, "net", "net/http")) == [(9000, None, None, "http")]


def test_udp_and_unix_are_not_tcp_listens():
    body = 'func main() {\n\tnet.Listen("unix", "/tmp/s.sock")\n\tnet.ListenPacket("udp", ":53")\n}\n'
    assert facts(body, "net").listens == []


def test_gin_run_and_echo_start():
    body = 'func main() {\n\tr := gin.Default()\n\tr.Run(":8080")\n}\n'
    assert ports(facts(body, "github.com/gin-gonic/gin")) == [(8080, None, None, "http")]
    body = 'func main() {\n\tr := gin.New()\n\tr.Run()\n}\n'
    assert ports(facts(body, "github.com/gin-gonic/gin")) == [(8080, "PORT", None, "http")]
    body = 'func main() {\n\te := echo.New()\n\te.Start(":1323")\n}\n'
    assert ports(facts(body, "github.com/labstack/echo/v4")) == [(1323, None, None, "http")]


@pytest.mark.parametrize(
    "body",
    [
        'func main() {\n\thttp.ListenAndServe(cfg.Addr, nil)\n}\n\nvar cfg struct{ Addr string }\n',
        'func main() {\n\tport := "8080"\n\tif tls {\n\t\tport = "8443"\n\t}\n\thttp.ListenAndServe(":"+port, nil)\n}\n\nvar tls bool\n',
        'func main() {\n\thttp.ListenAndServe(fmt.Sprintf(":%05d", 80), nil)\n}\n',
    ],
)
def test_unknown_port_stays_unknown(body):
    assert ports(facts(body, "fmt", "net/http")) == [(None, None, None, "http")]


def test_test_files_are_not_read():
    files = {"main.go": "package main\n\nfunc main() {}\n", "main_test.go": 'package main\n\nimport "net/http"\n\nfunc init() { http.ListenAndServe(":1", nil) }\n'}
    assert facts(files).listens == []


# ---- routes ---------------------------------------------------------------------


def test_default_servemux_routes_with_span():
    body = 'func main() {\n\thttp.HandleFunc("/healthz", h)\n\thttp.Handle("/static/", nil)\n}\n\nfunc h(http.ResponseWriter, *http.Request) {}\n'
    found = facts(body, "net/http")
    assert routes(found) == [(None, "/healthz", False, False), (None, "/static/", True, False)]
    assert found.handlers[0].span == Span(8, 2, 8, 32)


def test_servemux_go122_patterns():
    body = (
        'func main() {\n\tmux := http.NewServeMux()\n\tmux.HandleFunc("GET /healthz", nil)\n\tmux.HandleFunc("/items/{id}", nil)\n'
        '\tmux.HandleFunc("/files/{path...}", nil)\n\tmux.HandleFunc("/{$}", nil)\n\tmux.Handle("example.com/x", nil)\n}\n'
    )
    found = facts(body, "net/http")
    assert routes(found) == [
        ("GET", "/healthz", False, False),
        (None, "/items/{id}", False, False),
        (None, "/files/{path...}", True, False),
        (None, "/{$}", False, False),
        (None, "/x", False, False),
    ]
    assert found.handlers[-1].host == "example.com"


def test_servemux_parameter_of_a_function():
    body = 'func main() {\n\tmux := http.NewServeMux()\n\troutes(mux)\n}\n\nfunc routes(m *http.ServeMux) {\n\tm.HandleFunc("/ready", nil)\n}\n'
    assert routes(facts(body, "net/http")) == [(None, "/ready", False, False)]


def test_not_a_router_is_no_route():
    body = 'type thing struct{}\n\nfunc (thing) HandleFunc(string, any) {}\n\nfunc main() {\n\tvar t thing\n\tt.HandleFunc("/x", nil)\n}\n'
    assert facts(body).handlers == []


def test_gorilla_routes():
    body = (
        "func main() {\n\tr := mux.NewRouter()\n"
        '\tr.HandleFunc(base+"/_healthz", nil).Methods(http.MethodGet, "HEAD")\n'
        '\tr.PathPrefix("/static/").Handler(nil)\n'
        '\tapi := r.PathPrefix("/api").Subrouter()\n'
        '\tapi.HandleFunc("/items", nil)\n'
        '\tr.Path("/p").Methods("POST").HandlerFunc(nil)\n'
        '\tr.HandleFunc(prefix+"/x", nil)\n'
        '}\n\nvar base = os.Getenv("BASE_URL")\n\nvar prefix string = compute()\n\nfunc compute() string { return strings.ToLower("A") }\n'
    )
    found = facts(body, "net/http", "os", "strings", "github.com/gorilla/mux")
    assert routes(found) == [
        ("GET", "/_healthz", False, False),
        ("HEAD", "/_healthz", False, False),
        (None, "/static/", True, False),
        (None, "/api/items", False, False),
        ("POST", "/p", False, False),
        (None, "/x", False, True),
    ]
    assert found.handlers[0].env == "BASE_URL"


def test_chi_routes():
    body = (
        "func main() {\n\tr := chi.NewRouter()\n"
        '\tr.Get("/healthz", nil)\n'
        '\tr.Route("/api", func(r chi.Router) {\n\t\tr.Post("/items", nil)\n\t})\n'
        '\tr.Handle("/static/*", nil)\n'
        '\tr.Mount("/admin", nil)\n'
        '\tr.Method("DELETE", "/x", nil)\n}\n'
    )
    assert routes(facts(body, "github.com/go-chi/chi/v5")) == [
        ("GET", "/healthz", False, False),
        ("POST", "/api/items", False, False),
        (None, "/static/*", True, False),
        (None, "/admin", True, False),
        ("DELETE", "/x", False, False),
    ]


def test_gin_and_echo_routes_and_groups():
    body = 'func main() {\n\tr := gin.Default()\n\tr.GET("/ping", nil)\n\tv1 := r.Group("/v1")\n\tv1.POST("/items", nil)\n\tr.Any("/any", nil)\n\tr.Static("/assets", "./a")\n}\n'
    assert routes(facts(body, "github.com/gin-gonic/gin")) == [
        ("GET", "/ping", False, False),
        ("POST", "/v1/items", False, False),
        (None, "/any", False, False),
        ("GET", "/assets", True, False),
    ]
    body = 'func main() {\n\te := echo.New()\n\te.GET("/health", nil)\n\tg := e.Group("/api")\n\tg.PUT("/x/*", nil)\n}\n'
    assert routes(facts(body, "github.com/labstack/echo/v4")) == [("GET", "/health", False, False), ("PUT", "/api/x/*", True, False)]


def test_grpc_health():
    body = "func main() {\n\ts := grpc.NewServer()\n\thealthpb.RegisterHealthServer(s, health.NewServer())\n}\n"
    found = facts(body, "google.golang.org/grpc", "google.golang.org/grpc/health", 'healthpb "google.golang.org/grpc/health/grpc_health_v1"')
    assert found.grpc_health
    assert found.grpc_health_at.span == Span(11, 2, 11, 54)
    assert not facts("func main() {\n\t_ = grpc.NewServer()\n}\n", "google.golang.org/grpc").grpc_health


# ---- environment ------------------------------------------------------------------


def env(found):
    return [(e.name, e.required) for e in found.env_reads]


def test_env_reads_and_required_directly():
    body = (
        'func main() {\n\tdb := os.Getenv("DB_URL")\n\tif db == "" {\n\t\tlog.Fatal("DB_URL")\n\t}\n'
        '\tif os.Getenv("DEBUG") == "1" {\n\t\tpanic("x")\n\t}\n'
        '\tif _, ok := os.LookupEnv("TOKEN"); !ok {\n\t\tos.Exit(1)\n\t}\n'
        '\t_ = os.ExpandEnv("$HOME/${USER}")\n}\n'
    )
    found = facts(body, "log", "os")
    assert env(found) == [("DB_URL", True), ("DEBUG", False), ("TOKEN", True), ("HOME", False), ("USER", False)]
    assert found.env_reads[0].span == Span(9, 8, 9, 27)


def test_optional_reads_are_not_required():
    body = 'func main() {\n\tv := os.Getenv("A")\n\tif v == "" {\n\t\tv = "x"\n\t}\n\tif os.Getenv("B") != "" {\n\t\tlog.Fatal("set")\n\t}\n\t_ = v\n}\n'
    assert env(facts(body, "log", "os")) == [("A", False), ("B", False)]


def test_required_through_helpers():
    body = (
        'func mustMapEnv(target *string, envKey string) {\n\tv := os.Getenv(envKey)\n\tif v == "" {\n\t\tpanic(fmt.Sprintf("%q not set", envKey))\n\t}\n\t*target = v\n}\n\n'
        'func lookup(key string) (string, error) {\n\tv, ok := os.LookupEnv(key)\n\tif !ok {\n\t\treturn "", fmt.Errorf("missing %s", key)\n\t}\n\treturn v, nil\n}\n\n'
        'func optional(key string) string { return os.Getenv(key) }\n\n'
        'func main() {\n\tvar addr string\n\tmustMapEnv(&addr, "CART_ADDR")\n\tlookup("SECRET")\n\toptional("OPT")\n}\n'
    )
    found = facts(body, "fmt", "os")
    assert env(found) == [("CART_ADDR", True), ("SECRET", True), ("OPT", False)]
    assert found.env("CART_ADDR").span == Span(28, 2, 28, 32)


def test_required_in_else_branch_and_or_condition():
    body = (
        'func main() {\n\tif v := os.Getenv("A"); v != "" {\n\t\t_ = v\n\t} else {\n\t\tlog.Fatalf("A")\n\t}\n'
        '\tb, c := os.Getenv("B"), os.Getenv("C")\n\tif b == "" || c == "" {\n\t\tlogger.Fatal("b c")\n\t}\n}\n\nvar logger = log.Default()\n'
    )
    assert env(facts(body, "log", "os")) == [("A", True), ("B", True), ("C", True)]


# ---- signals, shutdown, runtime -----------------------------------------------------


def test_sigterm_and_shutdown_timeout():
    body = (
        "func main() {\n\tsrv := &http.Server{Addr: \":8080\"}\n"
        "\tctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)\n\tdefer stop()\n\t<-ctx.Done()\n"
        "\tc, cancel := context.WithTimeout(context.Background(), 25*time.Second)\n\tdefer cancel()\n\tsrv.Shutdown(c)\n}\n"
    )
    found = facts(body, "context", "net/http", "os", "os/signal", "syscall", "time")
    assert found.handles_sigterm
    assert found.handled_signals == ("Interrupt", "SIGTERM")
    assert found.shutdown_timeout == 25.0
    assert found.shutdowns[0].span == Span(19, 2, 19, 17)


def test_interrupt_only_is_not_sigterm():
    body = "func main() {\n\tch := make(chan os.Signal, 1)\n\tsignal.Notify(ch, os.Interrupt)\n\tsrv.Shutdown(context.Background())\n}\n\nvar srv http.Server\n"
    found = facts(body, "context", "net/http", "os", "os/signal")
    assert not found.handles_sigterm
    assert found.handled_signals == ("Interrupt",)
    assert found.shutdown_timeout is None
    assert len(found.shutdowns) == 1


def test_shutdown_timeout_from_constant_and_duration():
    body = "const grace = 10 * time.Second\n\nfunc main() {\n\tctx, cancel := context.WithTimeout(context.Background(), grace)\n\tdefer cancel()\n\tsrv.Shutdown(ctx)\n}\n\nvar srv http.Server\n"
    assert facts(body, "context", "net/http", "time").shutdown_timeout == 10.0
    body = "func main() {\n\tctx, cancel := context.WithTimeout(context.Background(), time.Duration(500)*time.Millisecond)\n\tdefer cancel()\n\tsrv.Shutdown(ctx)\n}\n\nvar srv http.Server\n"
    assert facts(body, "context", "net/http", "time").shutdown_timeout == 0.5


def test_gomaxprocs_and_gomemlimit():
    found = facts("func main() {\n\truntime.GOMAXPROCS(2)\n\tdebug.SetMemoryLimit(1 << 30)\n}\n", "runtime", "runtime/debug")
    assert found.sets_gomaxprocs and found.sets_gomemlimit
    assert found.gomaxprocs_at.span == Span(9, 2, 9, 23)
    found = facts("func main() {\n\t_ = runtime.GOMAXPROCS(0)\n\t_ = debug.SetMemoryLimit(-1)\n}\n", "runtime", "runtime/debug")
    assert not found.sets_gomaxprocs and not found.sets_gomemlimit
    found = facts("func main() {}\n", '_ "go.uber.org/automaxprocs"', '_ "github.com/KimMachineGun/automemlimit"')
    assert found.sets_gomaxprocs and found.sets_gomemlimit
    assert found.gomaxprocs_at.span == Span(4, 2, 4, 30)


# ---- writes ---------------------------------------------------------------------------


def test_writes():
    body = (
        'const dataDir = "/var/lib/app"\n\nfunc main() {\n'
        '\tos.Create("/var/log/app.log")\n'
        '\tos.MkdirAll(dataDir, 0o755)\n'
        '\tos.WriteFile(filepath.Join(dataDir, "state.json"), nil, 0o600)\n'
        '\tos.OpenFile("/data/x", os.O_CREATE|os.O_WRONLY, 0o600)\n'
        '\tos.OpenFile("/etc/ro", os.O_RDONLY, 0)\n'
        '\tos.CreateTemp("", "x")\n'
        '\tos.Create(filepath.Join("/cache", name))\n'
        '\tos.Create("relative.txt")\n'
        "}\n\nvar name = os.Args[1]\n"
    )
    found = facts(body, "os", "path/filepath")
    assert [(w.target, w.call, w.partial) for w in found.writes] == [
        ("/var/log/app.log", "os.Create", False),
        ("/var/lib/app", "os.MkdirAll", False),
        ("/var/lib/app/state.json", "os.WriteFile", False),
        ("/data/x", "os.OpenFile", False),
        ("/tmp", "os.CreateTemp", False),
        ("/cache", "os.Create", True),
    ]
    assert found.writes[0].span == Span(11, 2, 11, 31)


# ---- the view ----------------------------------------------------------------------------


def test_facts_view_caches_per_package():
    docs = [golang.parse("svc/main.go", program('func main() { http.ListenAndServe(":1", nil) }\n', "net/http"), Settings())]
    packages = Packages.of(docs)
    view = Facts(packages)
    (package,) = list(packages)
    assert view.of(package) is server_facts(package)
    assert view.at(package.directory).listens[0].port == 1
    assert view.at("/nowhere") is None
