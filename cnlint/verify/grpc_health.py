"""One gRPC health check (grpc.health.v1.Health/Check) over a byte stream.

The probe's bytes go through a relay (probes.py), so the client is sans-IO:
`request()` gives the first bytes to send, `receive(data)` takes what came
back and gives what to answer (HTTP/2 acknowledgements), until `status`
(SERVING, NOT_SERVING, ...) or `error` is set.
"""

from __future__ import annotations

import struct

STATUSES = {0: "UNKNOWN", 1: "SERVING", 2: "NOT_SERVING", 3: "SERVICE_UNKNOWN"}


def _message(service: str) -> bytes:
    # HealthCheckRequest{service = 1}: a length-delimited protobuf field
    body = service.encode()
    payload = (b"\x0a" + _varint(len(body)) + body) if body else b""
    return b"\x00" + struct.pack(">I", len(payload)) + payload


def _varint(n: int) -> bytes:
    out = bytearray()
    while True:
        byte = n & 0x7F
        n >>= 7
        out.append(byte | (0x80 if n else 0))
        if not n:
            return bytes(out)


def _status(payload: bytes) -> str | None:
    """HealthCheckResponse{status = 1 (enum)} from one gRPC message."""
    if len(payload) < 5:
        return None
    body = payload[5 : 5 + struct.unpack(">I", payload[1:5])[0]]
    if not body:
        return STATUSES[0]
    if body[0] != 0x08:
        return None
    value, shift = 0, 0
    for byte in body[1:]:
        value |= (byte & 0x7F) << shift
        shift += 7
        if not byte & 0x80:
            break
    return STATUSES.get(value, f"status {value}")


class HealthCheck:
    def __init__(self, service: str = ""):
        import h2.config
        import h2.connection

        self.service = service
        self.connection = h2.connection.H2Connection(h2.config.H2Configuration(client_side=True, header_encoding="utf-8"))
        self.status: str | None = None
        self.error: str | None = None
        self._data = b""
        self._grpc_status: str | None = None

    def request(self) -> bytes:
        c = self.connection
        c.initiate_connection()
        headers = [
            (":method", "POST"), (":scheme", "http"), (":path", "/grpc.health.v1.Health/Check"),
            (":authority", "127.0.0.1"), ("content-type", "application/grpc"), ("te", "trailers"), ("user-agent", "kube-probe"),
        ]
        c.send_headers(1, headers)
        c.send_data(1, _message(self.service), end_stream=True)
        return c.data_to_send()

    def receive(self, data: bytes) -> bytes:
        import h2.events
        import h2.exceptions

        if data.startswith(b"HTTP/1."):
            self.error = "not an HTTP/2 (gRPC) server: it answered HTTP/1"
            return b""
        try:
            events = self.connection.receive_data(data)
        except h2.exceptions.ProtocolError as exc:
            self.error = f"not an HTTP/2 (gRPC) server: {exc.__class__.__name__}"
            return b""
        for event in events:
            if isinstance(event, h2.events.DataReceived):
                self._data += event.data
                self.connection.acknowledge_received_data(event.flow_controlled_length, event.stream_id)
            elif isinstance(event, (h2.events.ResponseReceived, h2.events.TrailersReceived)):
                found = dict(event.headers)
                self._grpc_status = found.get("grpc-status", self._grpc_status)
                if found.get(":status") not in (None, "200"):
                    self.error = f"HTTP status {found.get(':status')}"
                elif found.get("grpc-status") not in (None, "0"):
                    self.error = f"grpc-status {found.get('grpc-status')} {found.get('grpc-message', '')}".rstrip()
            elif isinstance(event, (h2.events.StreamEnded, h2.events.StreamReset, h2.events.ConnectionTerminated)):
                if self.error is None:
                    self.status = _status(self._data)
                    if self.status is None:
                        self.error = "the server ended the call without a health status"
        return self.connection.data_to_send()
