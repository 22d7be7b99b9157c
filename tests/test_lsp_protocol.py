"""The Language Server on malformed input: every request gets an answer (the
JSON-RPC error the spec names), and nothing is printed on stderr."""

from __future__ import annotations

import json
import subprocess
import sys


def _frame(body: bytes) -> bytes:
    return b"Content-Length: %d\r\n\r\n" % len(body) + body


def _messages(data: bytes) -> list[dict]:
    out = []
    while data:
        head, _, rest = data.partition(b"\r\n\r\n")
        length = int(next(line for line in head.split(b"\r\n") if line.lower().startswith(b"content-length")).split(b":")[1])
        out.append(json.loads(rest[:length]))
        data = rest[length:]
    return out


def _session(tmp_path, *bodies: bytes):
    messages = [
        {"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"capabilities": {}, "rootUri": tmp_path.as_uri()}},
        {"jsonrpc": "2.0", "method": "initialized", "params": {}},
    ]
    data = b"".join(_frame(json.dumps(m).encode()) for m in messages) + b"".join(_frame(b) for b in bodies)
    data += _frame(json.dumps({"jsonrpc": "2.0", "id": 99, "method": "shutdown"}).encode())
    data += _frame(json.dumps({"jsonrpc": "2.0", "method": "exit"}).encode())
    proc = subprocess.run([sys.executable, "-m", "cnlint", "lsp"], input=data, capture_output=True, timeout=60, cwd=tmp_path)
    replies = [m for m in _messages(proc.stdout) if "method" not in m]
    return {m.get("id"): m.get("error", {}).get("code", "ok") for m in replies}, [m for m in replies if m.get("id") is None], proc.stderr.decode()


def test_requests_with_invalid_params_get_an_invalid_params_error(tmp_path):
    requests = [
        {"jsonrpc": "2.0", "id": 2, "method": "textDocument/hover", "params": {}},
        {"jsonrpc": "2.0", "id": 3, "method": "textDocument/codeAction", "params": {"textDocument": 5}},
        {"jsonrpc": "2.0", "id": 4, "method": "textDocument/hover", "params": None},
        {"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": {"uri": 3}}},  # a notification: no answer
    ]
    answered, _, stderr = _session(tmp_path, *(json.dumps(r).encode() for r in requests))
    assert answered == {1: "ok", 2: -32602, 3: -32602, 4: -32602, 99: "ok"}
    assert stderr == ""


def test_malformed_messages_get_the_json_rpc_error_and_no_traceback(tmp_path):
    answered, anonymous, stderr = _session(tmp_path, b"{not json", b"[1, 2]", b'"x"', b"7")
    assert [m["error"]["code"] for m in anonymous] == [-32700, -32600, -32600, -32600]
    assert answered[99] == "ok"  # and the server still works
    assert stderr == ""
