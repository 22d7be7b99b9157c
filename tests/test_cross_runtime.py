"""Cross-artifact rules on the running program: environment variables,
probes, SIGTERM, GOMAXPROCS and the grace period; exact positions on each
side, negatives beside positives."""

from __future__ import annotations

from pathlib import Path

from helpers import lint_files

DOCKERFILE = """FROM golang:1.23 AS build
WORKDIR /src
COPY . .
RUN CGO_ENABLED=0 go build -o /out/api .
FROM gcr.io/distroless/static:nonroot
COPY --from=build /out/api /api
{env}ENTRYPOINT ["/api"]
"""
WORKLOAD = """apiVersion: apps/v1
kind: {kind}
metadata:
  name: api
spec:
  selector:
    matchLabels: {{app: api}}
  template:
    metadata:
      labels: {{app: api}}
    spec:{grace}
      containers:
        - name: api
          image: registry.example.com/api:1.0{container}
"""


def _files(main: str, container: str = "", kind: str = "Deployment", env: str = "", go: str = "1.23", grace: str = "", extra=None):
    files = {
        "api/go.mod": f"module example.com/api\n\ngo {go}\n",
        "api/main.go": main,
        "api/Dockerfile": DOCKERFILE.format(env=env),
        "k8s/api.yaml": WORKLOAD.format(kind=kind, grace=grace, container=container),
    }
    files.update(extra or {})
    return files


def _found(files, code, root: Path):
    return [(d.path, d.span.line, d.span.column, [(r.path, r.span.line) for r in d.related]) for d in lint_files(files, select=[code], root=root)]


# ---- XA007 ----------------------------------------------------------------------------

REQUIRED = """package main

import (
	"log"
	"os"
)

func mustEnv(target *string, key string) {
	v := os.Getenv(key)
	if v == "" {
		log.Fatalf("%s is required", key)
	}
	*target = v
}

func main() {
	var addr string
	mustEnv(&addr, "DB_ADDR")
	if os.Getenv("TRACING") == "1" {
		mustEnv(&addr, "COLLECTOR_ADDR")
	}
}
"""


def test_xa007_points_at_the_env_key_and_the_required_read(tmp_path):
    env = "\n          env:\n            - name: LOG_LEVEL\n              value: info"
    assert _found(_files(REQUIRED, env), "XA007", tmp_path) == [("k8s/api.yaml", 15, 11, [("api/main.go", 18)])]
    assert _found(_files(REQUIRED), "XA007", tmp_path) == [("k8s/api.yaml", 13, 17, [("api/main.go", 18)])]


def test_xa007_is_quiet_when_something_may_set_it(tmp_path):
    literal = "\n          env:\n            - name: DB_ADDR\n              value: db:5432"
    from_secret = "\n          env:\n            - name: DB_ADDR\n              valueFrom: {secretKeyRef: {name: db, key: addr}}"
    env_from = "\n          envFrom:\n            - configMapRef: {name: api}"
    assert _found(_files(REQUIRED, literal), "XA007", tmp_path) == []
    assert _found(_files(REQUIRED, from_secret), "XA007", tmp_path) == []
    assert _found(_files(REQUIRED, env_from), "XA007", tmp_path) == []
    assert _found(_files(REQUIRED, env="ENV DB_ADDR=db:5432\n"), "XA007", tmp_path) == []
    assert _found(_files(REQUIRED, '\n          command: ["/bin/migrate"]'), "XA007", tmp_path) == []
    kustomization = "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources: [api.yaml]\n"
    patch = {"k8s/kustomization.yaml": kustomization + "patches:\n  - target: {kind: Deployment, name: api}\n    path: env.yaml\n"}
    assert _found(_files(REQUIRED, extra=patch), "XA007", tmp_path) == []
    # read only in a goroutine or behind a branch: not required on every start
    background = REQUIRED.replace('\tmustEnv(&addr, "DB_ADDR")\n', '\tgo mustEnv(&addr, "DB_ADDR")\n')
    assert _found(_files(background), "XA007", tmp_path) == []


# ---- XA011 / XA012 -------------------------------------------------------------------------

HTTP = """package main

import (
	"log"
	"net/http"
)

func main() {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {})
	mux.HandleFunc("POST /ready", func(w http.ResponseWriter, r *http.Request) {})
	mux.HandleFunc("/api/", func(w http.ResponseWriter, r *http.Request) {})
	mux.HandleFunc("/items/{id}", func(w http.ResponseWriter, r *http.Request) {})
	log.Fatal(http.ListenAndServe(":8080", mux))
}
"""


def _probe(path, port=8080, kind="readinessProbe"):
    return f"\n          {kind}:\n            httpGet: {{path: {path}, port: {port}}}"


def test_xa011_points_at_the_probe_path_and_the_listener(tmp_path):
    assert _found(_files(HTTP, _probe("/health")), "XA011", tmp_path) == [("k8s/api.yaml", 16, 29, [("api/main.go", 14)])]
    assert _found(_files(HTTP, _probe("/ready")), "XA011", tmp_path) == [("k8s/api.yaml", 16, 29, [("api/main.go", 14)])]  # POST only


def test_xa011_matches_prefixes_wildcards_and_slashes(tmp_path):
    for path in ("/healthz", "/healthz/", "/api/ready", "/api", "/items/7", "/healthz?full=1"):
        assert _found(_files(HTTP, _probe(path)), "XA011", tmp_path) == [], path
    assert _found(_files(HTTP, _probe("/items/7/x")), "XA011", tmp_path) != []


def test_xa011_is_quiet_when_the_routes_or_the_port_are_unknown(tmp_path):
    assert _found(_files(HTTP, _probe("/health", port=9090)), "XA011", tmp_path) == []  # another listener
    mentioned = HTTP.replace("func main() {", 'const probe = "/health"\n\nfunc main() {')
    assert _found(_files(mentioned, _probe("/health")), "XA011", tmp_path) == []
    unknown = HTTP.replace('mux.HandleFunc("/api/"', "mux.HandleFunc(prefix()")
    unknown = unknown.replace("func main() {", "func prefix() string { return strings.ToLower(\"x\") }\n\nfunc main() {").replace('"net/http"', '"net/http"\n\t"strings"')
    assert _found(_files(unknown, _probe("/health")), "XA011", tmp_path) == []
    local = HTTP.replace('"net/http"', '"net/http"\n\n\t"example.com/api/internal/routes"')
    assert _found(_files(local, _probe("/health")), "XA011", tmp_path) == []  # a package of the module that is not linted
    routes = {"api/internal/routes/routes.go": 'package routes\n\nimport "net/http"\n\nfunc Add(m *http.ServeMux) {\n\tm.HandleFunc("/health", nil)\n}\n'}
    assert _found(_files(local, _probe("/health"), extra=routes), "XA011", tmp_path) == []


GRPC = """package main

import (
	"log"
	"net"

	"google.golang.org/grpc"
)

func main() {
	lis, err := net.Listen("tcp", ":7070")
	if err != nil {
		log.Fatal(err)
	}
	srv := grpc.NewServer()
	log.Fatal(srv.Serve(lis))
}
"""


def test_xa012_points_at_the_grpc_probe_and_the_server(tmp_path):
    probe = "\n          livenessProbe:\n            grpc: {port: 7070}"
    assert _found(_files(GRPC, probe), "XA012", tmp_path) == [("k8s/api.yaml", 16, 13, [("api/main.go", 11)])]
    registered = GRPC.replace('"google.golang.org/grpc"', '"google.golang.org/grpc"\n\t"google.golang.org/grpc/health"\n\thealthpb "google.golang.org/grpc/health/grpc_health_v1"')
    registered = registered.replace("\tlog.Fatal(srv.Serve", "\thealthpb.RegisterHealthServer(srv, health.NewServer())\n\tlog.Fatal(srv.Serve")
    assert _found(_files(registered, probe), "XA012", tmp_path) == []
    assert _found(_files(HTTP, probe), "XA012", tmp_path) == []  # no gRPC server


# ---- XA008 / XA009 / XA010 -------------------------------------------------------------------

GRACEFUL = """package main

import (
	"context"
	"net/http"
	"os/signal"
	"syscall"
	"time"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM)
	defer stop()
	srv := &http.Server{Addr: ":8080"}
	go srv.ListenAndServe()
	<-ctx.Done()
	shutdown, cancel := context.WithTimeout(context.Background(), 45*time.Second)
	defer cancel()
	srv.Shutdown(shutdown)
}
"""


def test_xa008_points_at_the_listener_and_the_workload(tmp_path):
    assert _found(_files(HTTP), "XA008", tmp_path) == [("api/main.go", 14, 12, [("k8s/api.yaml", 4)])]
    assert _found(_files(HTTP, kind="StatefulSet"), "XA008", tmp_path) == [("api/main.go", 14, 12, [("k8s/api.yaml", 4)])]


def test_xa008_is_quiet_with_a_handler_or_outside_a_rollout(tmp_path):
    assert _found(_files(GRACEFUL), "XA008", tmp_path) == []
    assert _found(_files(HTTP, kind="DaemonSet"), "XA008", tmp_path) == []
    usr1 = GRACEFUL.replace("syscall.SIGTERM", "syscall.SIGUSR1").replace("\tsrv.Shutdown(shutdown)\n", "")
    assert _found(_files(usr1), "XA008", tmp_path) != []  # SIGUSR1 is not SIGTERM
    held = GRACEFUL.replace("syscall.SIGTERM", "signals...").replace("\tsrv.Shutdown(shutdown)\n", "")
    assert _found(_files(held), "XA008", tmp_path) == []  # the signals are in a variable


def test_xa009_points_at_the_cpu_limit_and_the_go_line(tmp_path):
    limits = "\n          resources:\n            limits: {cpu: 500m}"
    assert _found(_files(HTTP, limits), "XA009", tmp_path) == [("k8s/api.yaml", 16, 22, [("api/go.mod", 3)])]
    assert _found(_files(HTTP, limits, go="1.25"), "XA009", tmp_path) == []
    assert _found(_files(HTTP, limits, env="ENV GOMAXPROCS=1\n"), "XA009", tmp_path) == []
    gomaxprocs = HTTP.replace("func main() {", "func main() {\n\truntime.GOMAXPROCS(2)").replace('"net/http"', '"net/http"\n\t"runtime"')
    assert _found(_files(gomaxprocs, limits), "XA009", tmp_path) == []
    assert _found(_files(HTTP), "XA009", tmp_path) == []  # no limit


def test_xa010_points_at_the_grace_period_and_the_shutdown(tmp_path):
    assert _found(_files(GRACEFUL), "XA010", tmp_path) == [("k8s/api.yaml", 13, 17, [("api/main.go", 19)])]
    assert _found(_files(GRACEFUL, grace="\n      terminationGracePeriodSeconds: 40"), "XA010", tmp_path) == [("k8s/api.yaml", 12, 7, [("api/main.go", 19)])]
    assert _found(_files(GRACEFUL, grace="\n      terminationGracePeriodSeconds: 60"), "XA010", tmp_path) == []
    assert _found(_files(HTTP), "XA010", tmp_path) == []
