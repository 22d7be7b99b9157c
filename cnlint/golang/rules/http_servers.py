"""HTTP servers: timeouts against slow clients, graceful shutdown on
SIGTERM, and the profiling endpoints net/http/pprof registers."""

from __future__ import annotations

from cnlint.checks import Checks
from cnlint.diagnostics import Finding
from cnlint.golang.index import Packages, per_package
from cnlint.golang.scope import package_name
from cnlint.golang.syntax import (
    HTTP,
    assigned_fields,
    children,
    field_of,
    imports,
    is_test_file,
    literal_keys,
    method_call,
    typed,
)

checks = Checks()


SERVE_FUNCS = ("ListenAndServe", "ListenAndServeTLS", "Serve", "ServeTLS")
SIGTERM = ("SIGTERM",)


# ---- GO004 serving without timeouts -----------------------------------------------


@checks.rule("GO004")
def http_serve_without_timeouts(doc, ctx):
    for call in doc.calls_to(HTTP, *SERVE_FUNCS):
        function = field_of(call, "function")
        name = field_of(function, "field") if function.type == "selector_expression" else function
        yield Finding(
            doc.span(name),
            f"{doc.text_of(function)} serves without read or write timeouts, so slow clients can hold connections open forever; use an http.Server with ReadHeaderTimeout set",
        )


# ---- GO016 http.Server without ReadHeaderTimeout ----------------------------------


@checks.rule("GO016")
@per_package
def http_server_without_read_header_timeout(doc, ctx):
    if not imports(doc, HTTP) or is_test_file(doc):
        return  # a test's server never faces slow clients
    for literal in doc.nodes("composite_literal"):
        type_node = field_of(literal, "type")
        if not doc.refers_to(type_node, HTTP, "Server"):
            continue
        keys = set(literal_keys(doc, field_of(literal, "body"))) | assigned_fields(doc, literal)
        if keys & {"ReadHeaderTimeout", "ReadTimeout"}:
            continue
        yield Finding(
            doc.span(type_node),
            f"{doc.text_of(type_node)} sets neither ReadHeaderTimeout nor ReadTimeout, so a client that sends its headers slowly holds a connection open for ever (Slowloris)",
        )


# ---- GO023 net/http/pprof in a main package ---------------------------------------


@checks.rule("GO023")
def pprof_in_main(doc, ctx):
    if package_name(doc) != "main" or is_test_file(doc):
        return
    for spec in doc.nodes("import_spec"):
        path = field_of(spec, "path")
        if path is not None and doc.text_of(path) == '"net/http/pprof"':
            yield Finding(
                doc.span(path),
                "importing net/http/pprof registers /debug/pprof/ on http.DefaultServeMux, "
                "so a server using it exposes heap, goroutine and CPU profiles to anyone who can reach it; "
                "serve pprof on a separate, internal-only listener",
            )


# ---- GO026 HTTP server without graceful shutdown ----------------------------------


@checks.project("GO026")
def http_server_without_graceful_shutdown(project, ctx):
    for package in project.view(Packages):
        if not package.is_main:
            continue
        docs = [doc for doc in package.files if package_name(doc) == "main" and not is_test_file(doc)]
        if any(_handles_shutdown(doc) for doc in docs):
            continue
        for doc in docs:
            for call in _serve_calls(doc):
                yield Finding(
                    doc.span(call),
                    "this main package serves HTTP but never handles SIGTERM or calls Server.Shutdown, "
                    "so when Kubernetes stops the pod (every rolling update) in-flight requests are cut off; "
                    "stop on signal.NotifyContext(ctx, syscall.SIGTERM) with srv.Shutdown",
                    path=doc.path,
                )


def _serve_calls(doc):
    for call in doc.calls_to(HTTP, *SERVE_FUNCS):
        function = field_of(call, "function")
        yield field_of(function, "field") if function.type == "selector_expression" else function
    for call in doc.nodes("call_expression"):
        function = field_of(call, "function")
        receiver, method = method_call(doc, call)
        if method in SERVE_FUNCS and typed(doc, receiver, HTTP, "Server"):
            yield field_of(function, "field")


def _handles_shutdown(doc) -> bool:
    for call in doc.nodes("call_expression"):
        function = field_of(call, "function")
        if method_call(doc, call)[1] in ("Shutdown", "RegisterOnShutdown"):
            return True
        if doc.refers_to(function, "os/signal", "Notify", "NotifyContext"):
            args = children(field_of(call, "arguments"))
            signals = args[1:]
            if not signals or any(doc.text_of(field_of(a, "field")) in SIGTERM for a in signals if a.type == "selector_expression"):
                return True
    return False
