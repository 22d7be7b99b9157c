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


# ---- an editor that goes away ---------------------------------------------------------


def test_when_the_editor_stops_reading_the_server_stops_without_a_traceback(tmp_path):
    import time

    proc = subprocess.Popen([sys.executable, "-m", "cnlint", "lsp"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=tmp_path)

    def send(message: dict) -> bool:
        try:
            proc.stdin.write(_frame(json.dumps(message).encode()))
            proc.stdin.flush()
        except BrokenPipeError:  # the server has stopped
            return False
        return True

    try:
        send({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"capabilities": {}, "rootUri": tmp_path.as_uri()}})
        send({"jsonrpc": "2.0", "method": "initialized", "params": {}})
        proc.stdout.readline()  # the answer to initialize has begun: the server runs
        proc.stdout.close()  # the editor stops reading
        # each lint publishes diagnostics and logs, and every send fails; the
        # server stops at a message after that, before its input ends
        deadline = time.monotonic() + 30
        n = 0
        while proc.poll() is None and time.monotonic() < deadline:
            text = {"uri": (tmp_path / f"{n}.Dockerfile").as_uri(), "languageId": "dockerfile", "version": 1, "text": "FROM alpine\nRUN rm $1\n"}
            if not send({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": text}}):
                break
            n += 1
            time.sleep(0.2)
        assert proc.wait(timeout=30) == 0
        assert proc.stderr.read().decode() == ""
    finally:
        proc.kill()


FAILING_WRITER = """
from pygls.exceptions import JsonRpcInternalError
from cnlint.lsp.server import server

class Closed:  # a stream closed under the server: ValueError, which pygls reports
    def write(self, data):
        raise ValueError("I/O operation on closed file")
    def close(self):
        pass

server.protocol.set_writer(Closed())
server.log("hello")
server.report_server_error(RuntimeError("something"), JsonRpcInternalError)
server.log("still there?")
print("unreachable" if server.unreachable else "reachable")
"""


def test_a_failed_send_is_not_reported_by_sending_for_ever():
    # each report of a failed send was a send that failed: the server spun and grew without end
    proc = subprocess.run([sys.executable, "-c", FAILING_WRITER], capture_output=True, text=True, timeout=60)
    assert proc.stdout.split() == ["unreachable"]
