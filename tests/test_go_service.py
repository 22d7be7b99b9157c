"""Go service hygiene and security rules GO016-GO026: exact positions and
messages, and the cases gosec reports that cnlint leaves alone."""

from __future__ import annotations

import pytest
from helpers import lint, lint_files


def go(body: str, *imports: str, package: str = "main") -> str:
    lines = "".join(f"\n\t{i}" if " " in i else f'\n\t"{i}"' for i in imports)
    return f"package {package}\n\nimport ({lines}\n)\n\n{body}"


def found(text, code, filename="main.go", **config):
    return [(d.span.line, d.span.column, d.message) for d in lint(text, filename, select=[code], config=config or None)]


def where(text, code, filename="main.go", **config):
    return [(line, col) for line, col, _ in found(text, code, filename, **config)]


# ---- GO016 ------------------------------------------------------------------------


def test_server_without_header_timeout_points_at_the_type():
    text = go("var a = &h.Server{Addr: \":80\"}\nvar b = h.Server{ReadTimeout: 1}\n", 'h "net/http"')
    assert found(text, "GO016") == [
        (7, 10, "h.Server sets neither ReadHeaderTimeout nor ReadTimeout, so a client that sends its headers slowly holds a connection open for ever (Slowloris)")
    ]


def test_timeout_set_after_the_literal_counts():
    body = "func main() {\n\tsrv := &http.Server{}\n\tsrv.ReadHeaderTimeout = time.Second\n\tother := &http.Server{}\n\tother.Addr = \"\"\n}\n"
    assert where(go(body, "net/http", "time"), "GO016") == [(11, 12)]
    assert where(go(body, "net/http", "time"), "GO016", "server_test.go") == []


# ---- GO017 ------------------------------------------------------------------------


def test_old_min_version_points_at_the_value():
    text = go("var a = &tls.Config{MinVersion: tls.VersionTLS10}\nvar b = &tls.Config{MinVersion: tls.VersionTLS13}\n", "crypto/tls")
    assert found(text, "GO017") == [
        (7, 33, "MinVersion TLS 1.0 allows protocol versions with known attacks (BEAST, POODLE, weak ciphers); require tls.VersionTLS12 or later")
    ]


def test_missing_min_version_only_for_servers_before_go_1_22():
    body = "var client = &tls.Config{}\n\nfunc main() {\n\tl, _ := tls.Listen(\"tcp\", \":443\", &tls.Config{ServerName: \"x\"})\n\t_ = l\n}\n"
    text = go(body, "crypto/tls")
    assert found(text, "GO017", **{"go-version": "1.21"}) == [
        (10, 47, "this server tls.Config sets no MinVersion, and before Go 1.22 a server's default minimum is TLS 1.0 (go 1.21 per the go-version setting); set MinVersion: tls.VersionTLS12")
    ]
    assert found(text, "GO017", **{"go-version": "1.22"}) == []


# ---- GO018 ------------------------------------------------------------------------


def test_credential_by_name_and_entropy():
    body = (
        "const apiToken = \"tY8#kq2LzP9wQ4\"\n"
        "const tokenHeader = \"X-Auth-Token-Value1\"\n"
        "var password = \"changeme123!\"\n"
        "var cfg = Config{ClientSecret: \"9f8e7d6c5b4a3F2E1D0C\"}\n"
        "var name = \"tY8#kq2LzP9wQ4\"\n"
    )
    result = found(go(body), "GO018")
    assert [(line, col) for line, col, _ in result] == [(6, 18), (9, 32)]
    assert result[0][2] == "apiToken is set to a literal that looks like a real credential (high-entropy, not a placeholder); anyone with the source or the binary can read it"


def test_known_token_formats_and_placeholders():
    body = (
        "var a = \"AKIAJ7QWERTYUIOP4ZXC\"\n"
        "var b = \"AKIAIOSFODNN7EXAMPLE\"\n"
        "var c = \"amqp://guest:password@rabbit:5672/\"\n"
        "var d = \"redis://:hunter22x@cache:6379\"\n"
        "var e = `-----BEGIN RSA PRIVATE KEY-----`\n"
    )
    result = found(go(body), "GO018")
    assert [(line, col, m.split("; ")[0]) for line, col, m in result] == [
        (6, 9, "this string holds an AWS access key id"),
        (9, 9, "this string holds a URL with a password"),
        (10, 9, "this string holds a private key"),
    ]


def test_test_files_and_testdata_are_fixtures():
    body = "const apiToken = \"tY8#kq2LzP9wQ4\"\nvar a = \"AKIAJ7QWERTYUIOP4ZXC\"\n"
    assert where(go(body, package="p"), "GO018", "x.go") == [(6, 18), (7, 9)]
    assert where(go(body, package="p"), "GO018", "x_test.go") == []
    assert where(go(body, package="p"), "GO018", "testdata/x.go") == []


# ---- GO019 ------------------------------------------------------------------------


def test_shell_script_built_at_run_time():
    body = (
        "const fixed = \"ls\"\n\nfunc f(ctx context.Context, name string) {\n"
        "\texec.Command(\"sh\", \"-c\", \"rm \"+name)\n"
        "\texec.CommandContext(ctx, \"/bin/bash\", \"-c\", name)\n"
        "\texec.Command(\"sh\", \"-c\", fixed+\" -l\")\n"
        "\texec.Command(\"rm\", \"-rf\", name)\n}\n"
    )
    result = found(go(body, "context", "os/exec"), "GO019")
    assert [(line, col) for line, col, _ in result] == [(11, 27), (12, 46)]
    assert result[0][2] == "the script sh -c runs is built at run time, so a value with shell metacharacters runs commands of its own; pass the program and its arguments to exec.Command directly"


# ---- GO020 ------------------------------------------------------------------------


def test_sql_built_with_sprintf_or_plus():
    body = (
        "func f(db *sql.DB, name string, id int) {\n"
        "\tdb.Query(fmt.Sprintf(\"SELECT * FROM t WHERE n = '%s'\", name))\n"
        "\tdb.Query(fmt.Sprintf(\"SELECT * FROM t WHERE id = %d\", id))\n"
        "\tdb.QueryContext(nil, \"DELETE FROM t WHERE n = '\"+name+\"'\")\n"
        "\tdb.Exec(\"DELETE FROM t WHERE id = \"+strconv.Itoa(id))\n"
        "\tq := fmt.Sprintf(\"UPDATE t SET n = %q\", name)\n\tdb.Exec(q)\n"
        "\tdb.Exec(fmt.Sprintf(\"%s\", name))\n}\n"
    )
    result = found(go(body, "database/sql", "fmt", "strconv"), "GO020")
    assert [(line, col) for line, col, _ in result] == [(10, 11), (12, 23), (15, 10)]
    assert result[0][2] == (
        "the SQL passed to Query is built with fmt.Sprintf from values that are not constants, "
        "so a value with a quote can change the statement (SQL injection); pass them as query arguments (?, $1)"
    )


# ---- GO021 ------------------------------------------------------------------------


def test_math_rand_only_for_secrets():
    body = (
        "func newToken() int64 {\n\treturn rand.Int63()\n}\n"
        "func jitter() int {\n\treturn rand.Intn(10)\n}\n"
        "func f() {\n\tsalt := mr.Int()\n\t_ = salt\n}\n"
        "func tokenize() int {\n\tsessionTimeout := rand.Intn(10)\n\treturn sessionTimeout\n}\n"
        "func newSessionID() int {\n\treturn rand.Int()\n}\n"
    )
    result = found(go(body, "math/rand", 'mr "math/rand/v2"'), "GO021")
    assert [(line, col) for line, col, _ in result] == [(9, 9), (15, 10), (23, 9)]
    assert result[0][2] == "rand.Int63 from math/rand is predictable, yet it makes the result of newToken; use crypto/rand for anything an attacker must not guess"
    assert result[1][2].startswith("mr.Int from math/rand is predictable, yet it makes salt;")
    assert found(go(body, "crypto/rand"), "GO021") == []


# ---- GO022 ------------------------------------------------------------------------


def test_readable_secrets_and_world_writable_chmod():
    body = (
        "func f(data []byte) {\n"
        "\tos.WriteFile(\"out.txt\", data, 0o666)\n"
        "\tos.WriteFile(\"server.key\", data, 0644)\n"
        "\tos.WriteFile(\"index.html\", data, 0644)\n"
        "\tos.MkdirAll(\"/srv\", 0777)\n"
        "\tos.Chmod(\"/run/app.sock\", 0o777)\n"
        "\tos.Chmod(\"token\", 0600)\n}\n"
    )
    assert found(go(body, "os"), "GO022") == [
        (9, 35, 'mode 0644 lets other users read "server.key", which by its name holds a secret; use 0600'),
        (12, 28, 'mode 0777 makes "/run/app.sock" writable by every user on the host; drop the world-write bit (0755 / 0644 or tighter)'),
    ]


def test_dot_imported_os_is_checked_like_os():
    body = "func f() {\n\tChmod(\"/run/app.sock\", 0777)\n\tWriteFile(\"id_rsa\", nil, 0644)\n}\n"
    assert where(go(body, '. "os"'), "GO022") == [(8, 25), (9, 27)]


# ---- GO023 ------------------------------------------------------------------------


def test_pprof_import_in_main_only():
    assert where(go("", '_ "net/http/pprof"'), "GO023") == [(4, 4)]
    assert where(go("", '_ "net/http/pprof"', package="debug"), "GO023") == []


# ---- GO024 / GO025 ----------------------------------------------------------------


def test_body_not_closed_and_escapes():
    body = (
        "func a(u string) {\n\tresp, err := http.Get(u)\n\tif err != nil {\n\t\treturn\n\t}\n\tio.ReadAll(resp.Body)\n\t_ = resp.StatusCode\n}\n"
        "func b(c *http.Client, r *http.Request) {\n\tresp, _ := c.Do(r)\n\tdrain(resp.Body)\n}\n"
        "func c(u string) {\n\tresp, _ := http.Get(u)\n\tdefer resp.Body.Close()\n}\n"
        "func d(c *other.Client, u string) {\n\tresp, _ := c.Get(u)\n\t_ = resp\n}\n"
    )
    assert found(go(body, "io", "net/http", "example.com/other"), "GO024") == [
        (10, 2, "the body of resp is never closed, so its connection is not reused and leaks until the server closes it; defer resp.Body.Close() after the error check")
    ]


def test_response_used_before_its_error_check():
    body = (
        "func a(u string) error {\n\tresp, err := http.DefaultClient.Get(u)\n\tdefer resp.Body.Close()\n\treturn err\n}\n"
        "func b(u string) error {\n\tresp, err := http.Get(u)\n\tif err != nil {\n\t\treturn err\n\t}\n\tdefer resp.Body.Close()\n\treturn nil\n}\n"
    )
    assert found(go(body, "net/http"), "GO025") == [
        (9, 8, "resp is used before err is checked; when the request fails resp is nil and this panics")
    ]
    guarded = "func a(u string) error {\n\tresp, err := http.Get(u)\n\tif resp != nil {\n\t\tresp.Body.Close()\n\t}\n\treturn err\n}\n"
    assert found(go(guarded, "net/http"), "GO025") == []


# ---- GO026 ------------------------------------------------------------------------

SERVE = 'package main\n\nimport "net/http"\n\nfunc main() {\n\t_ = http.ListenAndServe(":8080", nil)\n}\n'


def test_main_package_without_sigterm_handling():
    found_ = lint_files({"cmd/a/main.go": SERVE}, select=["GO026"])
    assert [(d.path, d.span.line, d.span.column) for d in found_] == [("cmd/a/main.go", 6, 11)]
    assert found_[0].message.startswith("this main package serves HTTP but never handles SIGTERM or calls Server.Shutdown")


@pytest.mark.parametrize(
    "other",
    [
        'package main\n\nimport (\n\t"os"\n\t"os/signal"\n\t"syscall"\n)\n\nfunc init() {\n\tsignal.Notify(make(chan os.Signal, 1), syscall.SIGTERM)\n}\n',
        'package main\n\nimport (\n\t"context"\n\t"os/signal"\n)\n\nvar ctx, stop = signal.NotifyContext(context.Background())\n',
    ],
)
def test_sigterm_handled_in_another_file_of_the_package(other):
    assert lint_files({"cmd/a/main.go": SERVE, "cmd/a/signals.go": other}, select=["GO026"]) == []


def test_interrupt_only_or_another_package_does_not_count():
    interrupt = 'package main\n\nimport (\n\t"os"\n\t"os/signal"\n)\n\nfunc init() {\n\tsignal.Notify(make(chan os.Signal, 1), os.Interrupt)\n}\n'
    elsewhere = SERVE.replace("ListenAndServe", "Shutdown")
    found_ = lint_files({"cmd/a/main.go": SERVE, "cmd/a/sig.go": interrupt, "cmd/b/main.go": elsewhere}, select=["GO026"])
    assert [d.path for d in found_] == ["cmd/a/main.go"]


PPROF_MAIN = 'package main\n\nimport (\n\t"net/http"\n\t_ "net/http/pprof"\n)\n\nfunc main() {\n\t_ = http.ListenAndServe(":8080", nil)\n}\n'


@pytest.mark.parametrize("header", ["", "// Copyright 2026 Example Authors.\n\n", "/*\nLicensed under the Apache License.\n*/\n\n// Command api serves the API.\n"])
def test_a_comment_before_the_package_clause_still_makes_a_main_package(header):
    found = [(d.code, d.span.line - header.count("\n")) for d in lint(header + PPROF_MAIN, "main.go", select=["GO023", "GO013"])]
    assert found == [("GO023", 5)]
