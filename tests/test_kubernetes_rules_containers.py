"""Kubernetes container rules KM016-KM021: resources, env, port names, probes, service account field."""

from __future__ import annotations

import pytest
from helpers import engine_for, lint

from cnlint.engine import Input

POD = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n"
WEB = "  containers:\n  - name: web\n    image: a:1\n"


def found(text, code):
    return [(d.span.line, d.span.column, d.span.end_column, d.message) for d in lint(text, "p.yaml", select=[code])]


def where(text, code):
    return [f[:3] for f in found(text, code)]


@pytest.mark.parametrize(
    ("resources", "expected"),
    [
        ("", [(7, 5, 9)]),
        ("    resources: {requests: {cpu: 0m}}\n", [(9, 33, 35)]),
        ("    resources: {requests: {cpu: 0.0}}\n", [(9, 33, 36)]),
        ("    resources: {requests: {cpu: 50m}}\n", []),
        ("    resources: {limits: {cpu: 1}}\n", []),
    ],
)
def test_km016_cpu_request(resources, expected):
    assert where(POD + WEB + resources, "KM016") == expected


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ("- {name: db_Secret_key, value: abc}", [(10, 36, 39)]),
        ("- {name: DB_SECRET, value: ''}", []),
        ("- {name: DB_SECRET, value: $(OTHER)}", []),
        ("- {name: DB_SECRET, valueFrom: {secretKeyRef: {name: a, key: b}}}", []),
        ("- {name: PASSWORD, value: abc}", []),
    ],
)
def test_km017_secret_literals(env, expected):
    assert where(POD + WEB + "    env:\n    " + env + "\n", "KM017") == expected


def test_km018_points_at_the_second_and_names_the_first_line():
    text = POD + WEB + "    env:\n    - {name: A, value: '1'}\n    - {name: B, value: '2'}\n    - name: A\n      value: '3'\n"
    assert found(text, "KM018") == [(12, 13, 14, "environment variable 'A' of container 'web' is already set on line 10; only the last one takes effect")]


def test_km018_containers_are_separate():
    text = POD + WEB + "    env: [{name: A, value: '1'}]\n  - name: b\n    image: b:1\n    env: [{name: A, value: '1'}]\n"
    assert found(text, "KM018") == []


@pytest.mark.parametrize(
    ("name", "problem"),
    [
        ("http_metrics", "may hold only lowercase letters, digits and '-'"),
        ("HTTP", "may hold only lowercase letters, digits and '-'"),
        ("metrics-endpoint-x", "is longer than 15 characters"),
        ("8080", "has no letter"),
        ("http--x", "has a hyphen at its start, its end or next to another"),
        ("-http", "has a hyphen at its start, its end or next to another"),
        ("http-metrics", None),
        ("h2c", None),
    ],
)
def test_km019_container_port_names(name, problem):
    text = POD + WEB + f"    ports:\n    - name: '{name}'\n      containerPort: 80\n"
    expected = [(10, 13, 15 + len(name), f"port name '{name}' of container 'web' {problem}, so the API server rejects it")]
    assert found(text, "KM019") == (expected if problem else [])


SERVICE = "apiVersion: v1\nkind: Service\nmetadata:\n  name: s\nspec:\n  ports:\n  - port: 80\n    targetPort: {}\n"


@pytest.mark.parametrize(
    ("target", "message"),
    [
        ("http_x", "service 's' targetPort 'http_x' may hold only lowercase letters, digits and '-', so it can name no container port"),
        ("70000", "service 's' targetPort 70000 is not a port number (1-65535)"),
        ("0", "service 's' targetPort 0 is not a port number (1-65535)"),
        ("http", None),
        ("'8080'", None),
        ("8080", None),
    ],
)
def test_km019_service_target_ports(target, message):
    found_ = found(SERVICE.format(target), "KM019")
    assert found_ == ([(8, 17, 17 + len(target), message)] if message else [])


PORTS = "    ports:\n    - {name: http, containerPort: 8080}\n    - {name: dns, containerPort: 53, protocol: UDP}\n"


@pytest.mark.parametrize(
    ("probe", "expected"),
    [
        ("livenessProbe: {httpGet: {port: http}}", []),
        ("livenessProbe: {httpGet: {port: dns}}", []),
        ("readinessProbe: {httpGet: {port: htp}}", [(12, 38, 41)]),
        ("startupProbe: {tcpSocket: {port: metrics}}", [(12, 38, 45)]),
        ("livenessProbe: {httpGet: {port: 9090}}", []),
        ("livenessProbe: {tcpSocket: {port: '9090'}}", []),
        ("livenessProbe: {exec: {command: [true]}}", []),
    ],
)
def test_km020_probe_port_names(probe, expected):
    assert where(POD + WEB + PORTS + "    " + probe + "\n", "KM020") == expected


def test_km020_message_and_undeclared_numeric_ports():
    text = POD + WEB + "    livenessProbe: {httpGet: {port: 8080}}\n    readinessProbe: {httpGet: {port: http}}\n"
    assert found(text, "KM020") == [
        (10, 38, 42, "readinessProbe of container 'web' uses port 'http', but no port of the container has that name, so the probe always fails")
    ]


def test_km021_safe_fix_renames_the_field_and_relints_clean():
    text = POD + "  serviceAccount: api  # the API's account\n" + WEB
    assert found(text, "KM021") == [(6, 3, 17, "serviceAccount is deprecated; use serviceAccountName: api")]
    result = engine_for(select=["KM021"]).fix([Input("p.yaml", "yaml", text=text)])
    fixed = result.changes["p.yaml"][1]
    assert fixed == text.replace("serviceAccount:", "serviceAccountName:")
    assert result.diagnostics == [] and found(fixed, "KM021") == []


def test_km021_no_fix_when_both_fields_are_set():
    text = POD + "  serviceAccount: api\n  serviceAccountName: web\n" + WEB
    [d] = lint(text, "p.yaml", select=["KM021"])
    assert d.fix is None and "contradicts serviceAccountName 'web'" in d.message
