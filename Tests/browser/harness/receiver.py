"""A small form service on 127.0.0.1 that records what the access form sends.

It stands in for the real form service of site.yaml (`forms.<id>.endpoint`): the
browser tests build the site with `--set forms.acces-medecin.endpoint=<receiver URL>`.

- POST: the request is recorded (method, path, headers, raw body, parsed fields). A
  request that asks for JSON (`Accept: application/json`: the site's script) gets
  `200 {"ok": true}`; any other (a browser posting the form without JavaScript) gets
  `303 See Other` to the value of the redirect field (`_next`), as a form service does.
- OPTIONS: the CORS preflight of a JSON post; answered, recorded apart.
- Every answer carries `Access-Control-Allow-Origin` for the site's origin (the page
  and the receiver are on different ports: a fetch between them is cross-origin).
- `fail(status)` makes POSTs answer that status (500…); `delay` slows every answer
  down (to see the "sending" state); `stop()` closes the socket (the service is
  down: connection refused) and `start()` opens it again on the same port.

Bounded: bodies over MAX_BODY bytes are refused with 413 and not read, at most
MAX_RECORDS requests are kept, sockets time out after a few seconds.
"""

from __future__ import annotations

import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl

HOST = "127.0.0.1"
MAX_BODY = 64 * 1024
MAX_RECORDS = 200
SOCKET_TIMEOUT = 10


@dataclass
class Received:
    method: str
    path: str
    headers: dict
    body: bytes
    status: int  # what the receiver answered
    fields: dict = field(default_factory=dict)  # name -> value (a list when repeated)
    pairs: list = field(default_factory=list)  # [(name, value)] in order (urlencoded)

    @property
    def content_type(self) -> str:
        return (self.headers.get("content-type") or "").split(";")[0].strip().lower()


def parse_fields(content_type: str, body: bytes) -> tuple[dict, list]:
    text = body.decode("utf-8", errors="replace")
    if content_type == "application/json":
        try:
            data = json.loads(text)
        except ValueError:
            return {}, []
        if not isinstance(data, dict):
            return {}, []
        return data, list(data.items())
    pairs = parse_qsl(text, keep_blank_values=True, strict_parsing=False)
    fields: dict = {}
    for k, v in pairs:
        if k in fields:
            fields[k] = fields[k] if isinstance(fields[k], list) else [fields[k]]
            fields[k].append(v)
        else:
            fields[k] = v
    return fields, pairs


class Receiver:
    def __init__(self, allowed_origins: set[str] | None = None, redirect_field: str = "_next") -> None:
        self.port: int = 0
        self.allowed_origins = set(allowed_origins or ())
        self.redirect_field = redirect_field
        self.status = 200
        self.delay = 0.0
        self.posts: list[Received] = []
        self.preflights: list[Received] = []
        self._lock = threading.Lock()
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # ------------------------------------------------------------ control

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.port}"

    def start(self) -> "Receiver":
        if self._server is not None:
            return self
        server = ThreadingHTTPServer((HOST, self.port), _handler(self))
        server.daemon_threads = True
        server.timeout = SOCKET_TIMEOUT
        self.port = server.server_address[1]
        self._server = server
        self._thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1},
                                        name=f"receiver:{self.port}", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        """Closes the socket: the service is down (connection refused)."""
        if self._server is None:
            return
        self._server.shutdown()
        self._server.server_close()
        if self._thread:
            self._thread.join(5)
        self._server = None
        self._thread = None

    def fail(self, status: int = 500) -> None:
        self.status = status

    def recover(self) -> None:
        self.status = 200

    def reset(self) -> None:
        with self._lock:
            self.posts.clear()
            self.preflights.clear()
        self.status = 200
        self.delay = 0.0

    def wait_for_posts(self, count: int, timeout: float = 10.0) -> list[Received]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self._lock:
                if len(self.posts) >= count:
                    return list(self.posts)
            time.sleep(0.05)
        with self._lock:
            return list(self.posts)

    def _record(self, item: Received, preflight: bool) -> None:
        with self._lock:
            target = self.preflights if preflight else self.posts
            if len(target) < MAX_RECORDS:
                target.append(item)


def _handler(receiver: Receiver):
    class Handler(BaseHTTPRequestHandler):
        server_version = "parcours-test-receiver"
        protocol_version = "HTTP/1.1"
        timeout = SOCKET_TIMEOUT

        def log_message(self, format, *args):  # quiet
            pass

        def _cors(self) -> None:
            origin = self.headers.get("Origin")
            if origin and (not receiver.allowed_origins or origin in receiver.allowed_origins):
                self.send_header("Access-Control-Allow-Origin", origin)
                self.send_header("Vary", "Origin")

        def _answer(self, status: int, body: bytes = b"", content_type: str = "application/json",
                    extra: dict | None = None) -> None:
            self.send_response(status)
            self._cors()
            for k, v in (extra or {}).items():
                self.send_header(k, v)
            if body:
                self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "no-store")
            # No keep-alive: once stop() is called, nothing answers any more.
            self.send_header("Connection", "close")
            self.close_connection = True
            self.end_headers()
            if body and self.command != "HEAD":
                self.wfile.write(body)

        def do_OPTIONS(self):
            headers = {k.lower(): v for k, v in self.headers.items()}
            receiver._record(Received("OPTIONS", self.path, headers, b"", 204), preflight=True)
            self._answer(204, extra={
                "Access-Control-Allow-Methods": "POST",
                "Access-Control-Allow-Headers": "Content-Type, Accept",
                "Access-Control-Max-Age": "5",
            })

        def do_POST(self):
            headers = {k.lower(): v for k, v in self.headers.items()}
            try:
                length = int(self.headers.get("Content-Length") or 0)
            except ValueError:
                length = -1
            if length < 0 or length > MAX_BODY:
                self.close_connection = True
                self._answer(413, b'{"ok": false}')
                return
            body = self.rfile.read(length) if length else b""
            content_type = (headers.get("content-type") or "").split(";")[0].strip().lower()
            fields, pairs = parse_fields(content_type, body)
            status = receiver.status
            wants_json = "application/json" in (headers.get("accept") or "")
            next_url = fields.get(receiver.redirect_field) if isinstance(fields, dict) else None
            if status == 200 and not wants_json and isinstance(next_url, str) and next_url.startswith("http://127.0.0.1:"):
                status = 303
            receiver._record(Received("POST", self.path, headers, body, status, fields, pairs), preflight=False)
            if receiver.delay:
                time.sleep(receiver.delay)
            if status == 303:
                self._answer(303, extra={"Location": next_url})
            elif status == 200:
                self._answer(200, b'{"ok": true}')
            else:
                self._answer(status, b'{"ok": false, "error": "test receiver told to fail"}')

        def do_GET(self):
            self._answer(404, b'{"ok": false}')

    return Handler
