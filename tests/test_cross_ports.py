"""XA001 port-mismatch: the Go program's ports against the probes,
containerPorts, Services and EXPOSE; exact positions and the negatives
beside them, above all the silence when a port is unknown."""

from __future__ import annotations

from pathlib import Path

from helpers import lint_files

MOD = "module example.com/api\n\ngo 1.22\n"
MAIN = """package main

import (
	"log"
	"net/http"
	"os"
)

var _ = os.Getenv

func main() {
{body}
}
"""
LISTEN = '\tlog.Fatal(http.ListenAndServe(":8080", nil))'
FROM_ENV = '\tport := os.Getenv("PORT")\n\tif port == "" {\n\t\tport = "8080"\n\t}\n\tlog.Fatal(http.ListenAndServe(":"+port, nil))'
DOCKERFILE = """FROM golang:1.22 AS build
WORKDIR /src
COPY . .
RUN CGO_ENABLED=0 go build -o /out/api .
FROM gcr.io/distroless/static
COPY --from=build /out/api /api
{extra}ENTRYPOINT ["/api"]
"""
DEPLOYMENT = """apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
spec:
  selector:
    matchLabels: {{app: api}}
  template:
    metadata:
      labels: {{app: api}}
    spec:
      containers:
        - name: api
          image: registry.example.com/api:1.0{container}
"""
SERVICE = """---
apiVersion: v1
kind: Service
metadata:
  name: api
spec:
  selector: {{app: api}}
  ports:
    - port: 80{target}
"""


def _files(body=LISTEN, extra="", container="", service=None, more=None):
    files = {
        "api/go.mod": MOD,
        "api/main.go": MAIN.replace("{body}", body),
        "api/Dockerfile": DOCKERFILE.format(extra=extra),
        "k8s/api.yaml": DEPLOYMENT.format(container=container) + (SERVICE.format(target=service) if service is not None else ""),
    }
    files.update(more or {})
    return files


def _found(files, root: Path):
    return [(d.path, d.span.line, d.span.column, [(r.path, r.span.line) for r in d.related]) for d in lint_files(files, select=["XA001"], root=root)]


def _messages(files, root: Path):
    return [d.message for d in lint_files(files, select=["XA001"], root=root)]


PROBE = "\n          readinessProbe:\n            httpGet: {{path: /, port: {port}}}"
PORTS = "\n          ports:\n            - name: http\n              containerPort: {port}"
LISTEN_LINE = ("api/main.go", 12)


def test_a_probe_on_a_port_the_program_does_not_listen_on(tmp_path):
    files = _files(container=PROBE.format(port=9090))
    assert _found(files, tmp_path) == [("k8s/api.yaml", 16, 38, [LISTEN_LINE])]
    message = _messages(files, tmp_path)[0]
    assert "readinessProbe of container 'api' checks port 9090" in message and "8080 (api/main.go:12)" in message
    assert _found(_files(container=PROBE.format(port=8080)), tmp_path) == []


def test_a_probe_port_named_through_the_container_ports(tmp_path):
    named = PORTS.format(port=8080) + "\n            - name: admin\n              containerPort: 9090" + PROBE.format(port="admin")
    assert _found(_files(container=named), tmp_path) == [("k8s/api.yaml", 21, 38, [LISTEN_LINE])]
    assert "port 'admin' (9090)" in _messages(_files(container=named), tmp_path)[0]
    assert _found(_files(container=PORTS.format(port=8080) + PROBE.format(port="http")), tmp_path) == []
    # a name no container port has is KM's business, not a guess here
    assert _found(_files(container=PORTS.format(port=8080) + PROBE.format(port="nosuch")), tmp_path) == []


def test_a_probe_of_another_host_is_not_the_program(tmp_path):
    probe = "\n          livenessProbe:\n            tcpSocket: {port: 9090, host: db}"
    assert _found(_files(container=probe), tmp_path) == []


def test_container_ports_none_of_which_is_listened_on(tmp_path):
    files = _files(container=PORTS.format(port=9090))
    assert _found(files, tmp_path) == [("k8s/api.yaml", 17, 30, [LISTEN_LINE])]
    assert "declares containerPort 9090" in _messages(files, tmp_path)[0]
    two = PORTS.format(port=8080) + "\n            - containerPort: 9100"
    assert _found(_files(container=two), tmp_path) == []  # one of them is the program's
    udp = "\n          ports:\n            - containerPort: 5353\n              protocol: UDP"
    assert _found(_files(container=udp), tmp_path) == []


def test_a_probe_named_after_a_wrong_container_port_is_reported_once(tmp_path):
    files = _files(container=PORTS.format(port=9090) + PROBE.format(port="http"))
    assert [f[:2] for f in _found(files, tmp_path)] == [("k8s/api.yaml", 17)]


def test_a_service_target_port(tmp_path):
    files = _files(service="\n      targetPort: 9090")
    assert _found(files, tmp_path) == [("k8s/api.yaml", 24, 19, [LISTEN_LINE, ("k8s/api.yaml", 13)])]
    assert "Service 'api' sends traffic to targetPort 9090" in _messages(files, tmp_path)[0]
    assert _found(_files(service="\n      targetPort: 8080"), tmp_path) == []
    # no targetPort: the port itself
    assert _found(_files(service=""), tmp_path) == [("k8s/api.yaml", 23, 13, [LISTEN_LINE, ("k8s/api.yaml", 13)])]
    # a named targetPort, resolved through the container
    assert _found(_files(container=PORTS.format(port=8080), service="\n      targetPort: http"), tmp_path) == []


def test_a_service_whose_selector_picks_other_pods_is_not_compared(tmp_path):
    files = _files(service="\n      targetPort: 9090")
    files["k8s/api.yaml"] = files["k8s/api.yaml"].replace("selector: {app: api}\n  ports", "selector: {app: web}\n  ports")
    assert _found(files, tmp_path) == []


def test_a_service_of_a_pod_with_a_sidecar_is_not_compared(tmp_path):
    sidecar = "\n        - name: proxy\n          image: envoyproxy/envoy:v1.30"
    assert _found(_files(container=sidecar, service="\n      targetPort: 15001"), tmp_path) == []


def test_expose_is_reported_on_the_dockerfile(tmp_path):
    files = _files(extra="EXPOSE 9090\n")
    assert _found(files, tmp_path) == [("api/Dockerfile", 7, 8, [LISTEN_LINE])]
    assert _found(_files(extra="EXPOSE 8080\n"), tmp_path) == []
    assert _found(_files(extra="EXPOSE 8080 9090/udp\n"), tmp_path) == []


def test_the_env_var_the_program_reads_sets_the_port(tmp_path):
    env = "\n          env:\n            - name: PORT\n              value: \"9090\""
    # the container sets PORT=9090: a probe on 9090 is right, one on 8080 wrong
    assert _found(_files(body=FROM_ENV, container=env + PROBE.format(port=9090)), tmp_path) == []
    found = _found(_files(body=FROM_ENV, container=env + PROBE.format(port=8080)), tmp_path)
    assert found == [("k8s/api.yaml", 19, 38, [("api/main.go", 16), ("k8s/api.yaml", 17)])]
    message = _messages(_files(body=FROM_ENV, container=env + PROBE.format(port=8080)), tmp_path)[0]
    assert "9090 ($PORT read at api/main.go:16, set by the container's env at k8s/api.yaml:17)" in message
    # without the env entry, the default
    assert _found(_files(body=FROM_ENV, container=PROBE.format(port=8080)), tmp_path) == []
    # the image's ENV, when the container says nothing
    assert _found(_files(body=FROM_ENV, extra="ENV PORT=9090\n", container=PROBE.format(port=9090)), tmp_path) == []
    assert _found(_files(body=FROM_ENV, extra="ENV PORT=9090\nEXPOSE 8080\n"), tmp_path) == [("api/Dockerfile", 8, 8, [("api/main.go", 16), ("api/Dockerfile", 7)])]


def test_a_port_that_cannot_be_known_keeps_it_silent(tmp_path):
    from_configmap = "\n          env:\n            - name: PORT\n              valueFrom: {configMapKeyRef: {name: cfg, key: port}}"
    assert _found(_files(body=FROM_ENV, container=from_configmap + PROBE.format(port=1)), tmp_path) == []
    env_from = "\n          envFrom:\n            - configMapRef: {name: cfg}"
    assert _found(_files(body=FROM_ENV, container=env_from + PROBE.format(port=1)), tmp_path) == []
    unknown = '\tlog.Fatal(http.ListenAndServe(os.Args[1], nil))'
    assert _found(_files(body=unknown, container=PROBE.format(port=1)), tmp_path) == []
    # a second listen cnlint does not follow
    extra = LISTEN + '\n\tl, _ := tls.Listen("tcp", ":9443", nil)\n\t_ = l'
    files = _files(body=extra, container=PROBE.format(port=9443))
    files["api/main.go"] = files["api/main.go"].replace('"log"', '"crypto/tls"\n\t"log"')
    assert _found(files, tmp_path) == []


def test_a_package_of_the_module_the_program_imports(tmp_path):
    body = LISTEN + "\n\tmetrics.Serve()"
    main = lambda files: files["api/main.go"].replace('"os"', '"os"\n\n\t"example.com/api/metrics"')  # noqa: E731
    files = _files(body=body, container=PROBE.format(port=9100))
    files["api/main.go"] = main(files)
    assert _found(files, tmp_path) == []  # the package is not among the inputs: unknown
    serve = 'package metrics\n\nimport "net/http"\n\nfunc Serve() { go http.ListenAndServe(":9100", nil) }\n'
    assert _found({**files, "api/metrics/metrics.go": serve}, tmp_path) == []  # it listens on 9100
    files = _files(body=body, container=PROBE.format(port=9200), more={"api/metrics/metrics.go": serve})
    files["api/main.go"] = main(files)
    assert [f[:3] for f in _found(files, tmp_path)] == [("k8s/api.yaml", 16, 38)]


def test_a_flag_sets_the_port(tmp_path):
    body = '\taddr := flag.String("addr", ":8080", "listen address")\n\tflag.Parse()\n\tlog.Fatal(http.ListenAndServe(*addr, nil))'
    files = _files(body=body, container='\n          args: ["-addr=:9090"]' + PROBE.format(port=8080))
    files["api/main.go"] = files["api/main.go"].replace('"log"', '"flag"\n\t"log"')
    found = _found(files, tmp_path)
    assert [f[:3] for f in found] == [("k8s/api.yaml", 17, 38)]
    assert "9090 (flag -addr read at api/main.go:15, given in the container's args at k8s/api.yaml:15)" in _messages(files, tmp_path)[0]
    files["k8s/api.yaml"] = files["k8s/api.yaml"].replace("port: 8080", "port: 9090")
    assert _found(files, tmp_path) == []


def test_a_command_starting_another_binary_is_skipped(tmp_path):
    command = '\n          command: ["/bin/other"]' + PROBE.format(port=9090)
    assert _found(_files(container=command), tmp_path) == []
    same = '\n          command: ["/api"]' + PROBE.format(port=9090)
    assert [f[:2] for f in _found(_files(container=same), tmp_path)] == [("k8s/api.yaml", 17)]
