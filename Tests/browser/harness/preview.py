"""`parcours serve` in a temporary copy of the example site, for the preview tests and
the latency benchmark: start it on a free port, read its event stream, stop it."""

from __future__ import annotations

import http.client
import queue
import re
import shutil
import signal
import subprocess
import tempfile
import threading
import time
from pathlib import Path

from . import site as S

SERVING = re.compile(r"Serving the preview on (http://127\.0\.0\.1:(\d+)/)")


class Preview:
    """A running `parcours serve` over a copy of content/ and themes/ (or a given content folder)."""

    def __init__(self, content: Path | None = None, start_timeout: float = 120.0):
        self.root = Path(tempfile.mkdtemp(prefix="parcours-serve-"))
        shutil.copytree(content or S.REPO / "content", self.root / "content")
        shutil.copytree(S.REPO / "themes", self.root / "themes")
        self.process = subprocess.Popen(
            [str(S.parcours_bin()), "serve", "--port", "0"], cwd=self.root,
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, bufsize=1)
        self.lines: list[str] = []
        self._ready = threading.Event()
        self.base_url = ""
        self.port = 0
        threading.Thread(target=self._read_output, daemon=True).start()
        if not self._ready.wait(start_timeout):
            self.stop()
            raise RuntimeError("parcours serve did not start:\n" + "\n".join(self.lines))

    def _read_output(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.append(line.rstrip("\n"))
            match = SERVING.search(line)
            if match:
                self.base_url, self.port = match.group(1), int(match.group(2))
                self._ready.set()

    def get(self, path: str) -> tuple[int, str]:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        try:
            connection.request("GET", path)
            response = connection.getresponse()
            return response.status, response.read().decode("utf-8", "replace")
        finally:
            connection.close()

    def events(self) -> "EventStream":
        return EventStream(self.port)

    def write(self, relative: str, text: str) -> None:
        path = self.root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")

    def read(self, relative: str) -> str:
        return (self.root / relative).read_text(encoding="utf-8")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
        shutil.rmtree(self.root, ignore_errors=True)


class EventStream:
    """The server's Server-Sent Events, read by a thread into a queue."""

    def __init__(self, port: int):
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        self.connection.request("GET", "/__parcours/events", headers={"Accept": "text/event-stream"})
        self.response = self.connection.getresponse()
        assert self.response.status == 200
        assert self.response.getheader("Content-Type", "").startswith("text/event-stream")
        self.events: "queue.Queue[tuple[str, float]]" = queue.Queue()
        self.connected = threading.Event()
        threading.Thread(target=self._read, daemon=True).start()
        self.connected.wait(10)

    def _read(self) -> None:
        event = ""
        try:
            for raw in self.response:
                line = raw.decode("utf-8").rstrip("\r\n")
                if line.startswith(": connected"):
                    self.connected.set()
                elif line.startswith("event:"):
                    event = line[len("event:"):].strip()
                elif line == "" and event:
                    self.events.put((event, time.perf_counter()))
                    event = ""
        except Exception:  # the connection closes when the test ends
            pass

    def next(self, timeout: float = 15.0) -> tuple[str, float]:
        return self.events.get(timeout=timeout)

    def close(self) -> None:
        self.connection.close()
