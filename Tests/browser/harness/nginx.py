"""A real nginx serving one build on 127.0.0.1, with a config written here.

nginx runs in the foreground (`daemon off;`) as a child process, with every file
it writes (pid, logs, temp folders) in a temporary folder, and is stopped by
:meth:`Nginx.stop` (the fixture's finalizer).
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
# Never through a proxy that the environment may name: only 127.0.0.1 is asked.
_OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))
MIME_TYPES = "/etc/nginx/mime.types"
START_TIMEOUT = 15  # seconds
STOP_TIMEOUT = 10


def config(folder: Path, written_by: str, http: str) -> str:
    """An nginx.conf for a test: nginx in the foreground (a child process the test stops),
    every file it writes (pid, logs, temp folders) in `folder`, and the http block's common
    settings; `http` adds the caller's own directives and server blocks to that block.
    (harness/studio.py writes its TLS servers with it too.)"""
    # When the master runs as root, nginx's workers would switch to `nobody`,
    # who cannot read pytest's 0700 temporary folders: keep them as root.
    user = "user root;" if os.geteuid() == 0 else ""
    temp_paths = "\n".join(
        f"    {name}_temp_path {folder / (name + '_temp')};"
        for name in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
    return f"""# written by {written_by} (Parcours browser tests)
{user}
worker_processes 1;
daemon off;
pid {folder / 'nginx.pid'};
error_log {folder / 'error.log'} warn;
events {{ worker_connections 128; }}
http {{
    include {MIME_TYPES};
    default_type application/octet-stream;
    charset utf-8;
    access_log {folder / 'access.log'};
{temp_paths}
    sendfile on;
    server_tokens off;
{http}
}}
"""


def _config(tmp: Path, site: Path, port: int, base_path: str) -> str:
    if base_path == "/":
        location = f"""
        root {site};
        location / {{
            index index.html;
            try_files $uri $uri/ =404;
        }}"""
    else:
        # Only the sub-path is served: a link that forgets the base path gets 404.
        location = f"""
        location {base_path} {{
            alias {site}/;
            index index.html;
        }}"""
    return config(tmp, "Tests/browser", f"""\
    types {{ text/calendar ics; application/atom+xml atom; }}
    charset_types text/css application/javascript application/json application/atom+xml text/calendar text/plain image/svg+xml;
    absolute_redirect off;
    server {{
        listen {'127.0.0.1'}:{port};
        server_name 127.0.0.1;
        error_page 404 {base_path}404.html;
{location}
    }}""")


class Nginx:
    def __init__(self, site: Path, port: int, base_path: str = "/") -> None:
        self.site = Path(site)
        self.port = port
        self.base_path = base_path
        self.tmp = Path(tempfile.mkdtemp(prefix="parcours-nginx-"))
        self.conf = self.tmp / "nginx.conf"
        self.proc: subprocess.Popen | None = None

    @property
    def origin(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> "Nginx":
        self.conf.write_text(_config(self.tmp, self.site, self.port, self.base_path))
        self.proc = subprocess.Popen(
            [NGINX, "-p", str(self.tmp), "-e", str(self.tmp / "error.log"), "-c", str(self.conf)],
            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
            start_new_session=True)
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                out = self.proc.stdout.read().decode(errors="replace") if self.proc.stdout else ""
                raise RuntimeError(f"nginx exited with {self.proc.returncode}:\n{out}\n{self.error_log()}")
            try:
                with _OPENER.open(self.origin + self.base_path, timeout=2) as r:
                    r.read()
                return self
            except urllib.error.HTTPError:
                return self  # it answers: good enough (the test decides what is right)
            except OSError:
                time.sleep(0.1)
        self.stop()
        raise RuntimeError(f"nginx did not answer on {self.origin} within {START_TIMEOUT} s\n{self.error_log()}")

    def error_log(self) -> str:
        p = self.tmp / "error.log"
        return p.read_text(errors="replace") if p.exists() else ""

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            # SIGQUIT: graceful shutdown of the master and its worker.
            self.proc.send_signal(signal.SIGQUIT)
            try:
                self.proc.wait(STOP_TIMEOUT)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(STOP_TIMEOUT)
        if self.proc is not None and self.proc.stdout:
            self.proc.stdout.close()
        self.proc = None
        shutil.rmtree(self.tmp, ignore_errors=True)


def fetch_status(url: str, timeout: float = 10) -> int:
    """HTTP status of a GET on our own server (never used for other hosts)."""
    assert url.startswith("http://127.0.0.1:"), url
    req = urllib.request.Request(url, headers={"User-Agent": "parcours-browser-tests"})
    try:
        with _OPENER.open(req, timeout=timeout) as r:
            r.read()
            return r.status
    except urllib.error.HTTPError as e:
        return e.code
