"""The studio (`parcours studio`) behind a real nginx with TLS, for test_studio.py and
test_inbox.py.

Everything lives in one temporary folder (under the system's temporary folder, never
inside a git repository, so that the studio makes its own repository of the site):

    <tmp>/tls/cert.pem, key.pem       a self-signed certificate for studio.test and www.test
    <tmp>/nginx/                      nginx's config, pid, logs and temp folders
    <tmp>/site/content, site/themes   copies of the example site (the studio `git init`s site/)
    <tmp>/www/public                  the docroot the studio publishes and nginx serves
    <tmp>/data, <tmp>/inbox.key       the studio's data
    <tmp>/studio.yaml, studio.log

nginx listens on 127.0.0.1 on one free port with TLS, with two names: `studio.test`
proxies to the studio (itself on another loopback port, plain HTTP), `www.test` serves
the docroot. Chromium maps both names to 127.0.0.1 and accepts this certificate alone
(`--ignore-certificate-errors-spki-list` with its SPKI digest). Both servers are child
processes, stopped by :meth:`StudioSite.stop`; the studio alone can be stopped (or killed)
and started again with :meth:`StudioSite.stop_studio` and :meth:`StudioSite.start_studio`,
after `extra_config` changed and :meth:`StudioSite.write_config`.

Last, what both test modules do in Chromium as the studio's staff (log in, fill a field,
press a button, read the page) and the thread of their story (:class:`Story`, `wait_until`).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import http.client
import os
import shutil
import signal
import socket
import ssl
import struct
import subprocess
import tempfile
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from selenium.common.exceptions import WebDriverException
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

from . import browser as B
from . import nginx as N
from . import site as S

OPENSSL = shutil.which("openssl") or "/usr/bin/openssl"
GIT = shutil.which("git") or "/usr/bin/git"
STUDIO_HOST = "studio.test"
SITE_HOST = "www.test"
START_TIMEOUT = 30  # seconds
STOP_TIMEOUT = 10
WAIT = 30  # seconds: the longest one step in the browser may take ("Publier" builds the whole site)


# --------------------------------------------------------------------------
# TLS


@dataclass
class Certificate:
    cert: Path
    key: Path
    spki_sha256: str  # base64 of the SHA-256 of the DER SubjectPublicKeyInfo (Chromium's format)


def make_certificate(folder: Path) -> Certificate:
    folder.mkdir(parents=True, exist_ok=True)
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run([OPENSSL, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
                    "-subj", f"/CN={STUDIO_HOST}",
                    "-addext", f"subjectAltName=DNS:{STUDIO_HOST},DNS:{SITE_HOST}",
                    "-keyout", str(key), "-out", str(cert)],
                   check=True, capture_output=True, stdin=subprocess.DEVNULL, timeout=60)
    public_pem = subprocess.run([OPENSSL, "x509", "-in", str(cert), "-noout", "-pubkey"],
                                check=True, capture_output=True, timeout=30).stdout
    der = subprocess.run([OPENSSL, "pkey", "-pubin", "-outform", "der"], input=public_pem,
                         check=True, capture_output=True, timeout=30).stdout
    return Certificate(cert, key, base64.b64encode(hashlib.sha256(der).digest()).decode())


# --------------------------------------------------------------------------
# TOTP (RFC 6238 over RFC 4226: HMAC-SHA1, 30 s, 6 digits), with the standard library


def totp_key(typed: str) -> bytes:
    """The key typed by hand (base32, grouped by 4 with spaces), as bytes."""
    text = "".join(typed.split()).upper()
    return base64.b32decode(text + "=" * (-len(text) % 8))


def totp(typed_key: str, at: float | None = None, step: int = 30, digits: int = 6) -> str:
    counter = int((time.time() if at is None else at) // step)
    mac = hmac.new(totp_key(typed_key), struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = mac[-1] & 0x0F
    number = (struct.unpack(">I", mac[offset:offset + 4])[0] & 0x7FFFFFFF) % 10 ** digits
    return f"{number:0{digits}d}"


class Authenticator:
    """The administrator's phone: the codes of the key typed from the enrolment page. The
    studio takes each 30 s step once (a code seen or captured does not work again), so
    :meth:`code` gives the code of a step not used yet, waiting for the next step when needed
    (at most about 30 s), and never in the last seconds of a step."""

    def __init__(self, typed_key: str) -> None:
        self.typed_key = typed_key
        self.last_step = -1
        self.last_code = ""

    def code(self, margin: float = 3.0) -> str:
        deadline = time.monotonic() + 70
        while True:
            now = time.time()
            step = int(now // 30)
            if step > self.last_step and 30 - now % 30 >= margin:
                break
            if time.monotonic() > deadline:
                raise RuntimeError("no new TOTP step within 70 s")
            time.sleep(0.25)
        self.last_step, self.last_code = step, totp(self.typed_key, now)
        return self.last_code


# --------------------------------------------------------------------------
# git (the site's repository, made by the studio)


def git(repository: Path, *arguments: str, author: tuple[str, str] | None = None) -> str:
    env = {k: v for k, v in os.environ.items() if k in ("PATH", "LANG", "LC_ALL")}
    env.update({"GIT_CONFIG_NOSYSTEM": "1", "GIT_CONFIG_GLOBAL": "/dev/null", "HOME": str(repository),
                "GIT_TERMINAL_PROMPT": "0"})
    if author:
        env.update({"GIT_AUTHOR_NAME": author[0], "GIT_AUTHOR_EMAIL": author[1],
                    "GIT_COMMITTER_NAME": author[0], "GIT_COMMITTER_EMAIL": author[1]})
    run = subprocess.run([GIT, "-C", str(repository), *arguments], env=env, capture_output=True,
                         text=True, stdin=subprocess.DEVNULL, timeout=60)
    if run.returncode != 0:
        raise RuntimeError(f"git {' '.join(arguments)} failed ({run.returncode}): {run.stderr}")
    return run.stdout


@dataclass
class Commit:
    id: str
    author: str
    email: str
    subject: str


def commits(repository: Path, path: str | None = None) -> list[Commit]:
    """Newest first; of one file when `path` (relative to the repository) is given."""
    out = git(repository, "log", "--format=%H%x1f%an%x1f%ae%x1f%s", *(["--", path] if path else []))
    return [Commit(*line.split("\x1f")) for line in out.splitlines() if line]


# --------------------------------------------------------------------------
# nginx with TLS in front of the studio and the docroot


def _nginx_config(folder: Path, port: int, cert: Certificate, studio_port: int, docroot: Path) -> str:
    tls = f"""
        ssl_certificate {cert.cert};
        ssl_certificate_key {cert.key};
        ssl_protocols TLSv1.2 TLSv1.3;"""
    return N.config(folder, "Tests/browser/harness/studio.py", f"""\
    server {{
        listen 127.0.0.1:{port} ssl default_server;
        server_name {STUDIO_HOST};
{tls}
        client_max_body_size 12m;
        proxy_set_header Host $host;
        proxy_set_header X-Real-IP $remote_addr;
        proxy_set_header X-Forwarded-For $remote_addr;
        proxy_set_header X-Forwarded-Proto $scheme;
        proxy_http_version 1.1;
        proxy_set_header Connection "";
        proxy_read_timeout 120s;
        location / {{
            proxy_pass http://127.0.0.1:{studio_port};
        }}
    }}
    server {{
        listen 127.0.0.1:{port} ssl;
        server_name {SITE_HOST};
{tls}
        root {docroot};
        index index.html;
        error_page 404 /404.html;
        location / {{
            try_files $uri $uri/ =404;
        }}
    }}""")


def _stop(process: subprocess.Popen | None, sig: int) -> None:
    if process is None or process.poll() is not None:
        return
    process.send_signal(sig)
    try:
        process.wait(STOP_TIMEOUT)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(STOP_TIMEOUT)


# --------------------------------------------------------------------------
# The whole thing


@dataclass
class Response:
    status: int
    headers: dict
    body: str


class StudioSite:
    """A temporary site, its studio and nginx. `start()` then `stop()` (always)."""

    def __init__(self, redaction_can_publish: bool = True, schedule_check_seconds: int = 2,
                 extra_config: dict | None = None) -> None:
        self.root = Path(tempfile.mkdtemp(prefix="parcours-studio-"))
        self.port = S.free_port()  # nginx (TLS): the one port the browser sees
        self.studio_port = S.free_port()
        self.site = self.root / "site"
        self.content = self.site / "content"
        self.docroot = self.root / "www" / "public"
        self.config = self.root / "studio.yaml"
        self.log = self.root / "studio.log"
        self.nginx_folder = self.root / "nginx"
        self.redaction_can_publish = redaction_can_publish
        self.schedule_check_seconds = schedule_check_seconds
        # More studio.yaml settings (test_inbox.py: the rate limit, the notification), written
        # after the others; change it, then write_config() before the studio's next start.
        self.extra_config: dict = dict(extra_config or {})
        self.certificate: Certificate | None = None
        self.studio: subprocess.Popen | None = None
        self.nginx: subprocess.Popen | None = None
        self._log_file = None

    # addresses
    @property
    def studio_url(self) -> str:
        return f"https://{STUDIO_HOST}:{self.port}"

    @property
    def site_url(self) -> str:
        return f"https://{SITE_HOST}:{self.port}"

    @property
    def chromium_arguments(self) -> list[str]:
        assert self.certificate
        return [f"--ignore-certificate-errors-spki-list={self.certificate.spki_sha256}"]

    @property
    def host_resolver_rules(self) -> str:
        # Our two names go to 127.0.0.1; every other name resolves to nothing.
        return (f"MAP {STUDIO_HOST} 127.0.0.1, MAP {SITE_HOST} 127.0.0.1, "
                f"MAP * ~NOTFOUND, EXCLUDE 127.0.0.1")

    def start(self) -> "StudioSite":
        self.certificate = make_certificate(self.root / "tls")
        shutil.copytree(S.content_dir(), self.content)
        shutil.copytree(S.themes_dir(), self.site / "themes")
        (self.root / "www").mkdir()
        self.write_config()
        self._start_nginx()
        return self

    def write_config(self) -> None:
        extra = "".join(f"{key}: {value}\n" for key, value in self.extra_config.items())
        self.config.write_text(
            "# written by Tests/browser/harness/studio.py\n"
            f"listen: 127.0.0.1:{self.studio_port}\n"
            f"public_url: {self.studio_url}\n"
            "content: site/content\n"
            "themes: site/themes\n"
            "docroot: www/public\n"
            "data: data\n"
            "key_file: inbox.key\n"
            f"site_origin: {self.site_url}\n"
            f"redaction_can_publish: {'true' if self.redaction_can_publish else 'false'}\n"
            "session_idle_minutes: 30\n"
            "session_max_hours: 2\n"
            f"schedule_check_seconds: {self.schedule_check_seconds}\n" + extra, encoding="utf-8")

    def add_user(self, email: str, role: str, name: str, password: str) -> subprocess.CompletedProcess:
        """`parcours studio user add`, the password on standard input."""
        return subprocess.run([str(S.parcours_bin()), "studio", "user", "add", email, "--role", role,
                               "--name", name, "--config", str(self.config)],
                              input=password + "\n", capture_output=True, text=True, cwd=self.root,
                              timeout=120)

    def start_studio(self) -> None:
        if self._log_file:
            self._log_file.close()
        self._log_file = self.log.open("ab")
        self.studio = subprocess.Popen(
            [str(S.parcours_bin()), "studio", "--config", str(self.config)], cwd=self.root,
            stdin=subprocess.DEVNULL, stdout=self._log_file, stderr=subprocess.STDOUT, start_new_session=True)
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self.studio.poll() is not None:
                raise RuntimeError(f"parcours studio exited with {self.studio.returncode}:\n{self.studio_log()}")
            try:
                with socket.create_connection(("127.0.0.1", self.studio_port), timeout=1):
                    return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError(f"parcours studio did not listen on 127.0.0.1:{self.studio_port} "
                           f"within {START_TIMEOUT} s:\n{self.studio_log()}")

    def stop_studio(self, sig: int = signal.SIGTERM) -> None:
        """Stops the studio alone (nginx keeps running): SIGTERM by default; SIGKILL is a
        crash (`kill -9`), nothing of the studio's own shutdown runs."""
        if self.studio is not None and self.studio.poll() is None:
            if sig == signal.SIGKILL:
                self.studio.kill()
                self.studio.wait(STOP_TIMEOUT)
            else:
                _stop(self.studio, sig)
        self.studio = None

    def _start_nginx(self) -> None:
        assert self.certificate
        self.nginx_folder.mkdir()
        conf = self.nginx_folder / "nginx.conf"
        conf.write_text(_nginx_config(self.nginx_folder, self.port, self.certificate, self.studio_port, self.docroot))
        self.nginx = subprocess.Popen(
            [N.NGINX, "-p", str(self.nginx_folder), "-e", str(self.nginx_folder / "error.log"), "-c", str(conf)],
            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True)
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self.nginx.poll() is not None:
                out = self.nginx.stdout.read().decode(errors="replace") if self.nginx.stdout else ""
                raise RuntimeError(f"nginx exited with {self.nginx.returncode}:\n{out}\n{self.nginx_error_log()}")
            try:
                self.get(SITE_HOST, "/")  # any answer over TLS will do
                return
            except (OSError, http.client.HTTPException):
                time.sleep(0.1)
        raise RuntimeError(f"nginx did not answer on 127.0.0.1:{self.port} within {START_TIMEOUT} s\n"
                           f"{self.nginx_error_log()}")

    def studio_log(self) -> str:
        return self.log.read_text(errors="replace") if self.log.exists() else ""

    def nginx_error_log(self) -> str:
        p = self.nginx_folder / "error.log"
        return p.read_text(errors="replace") if p.exists() else ""

    def stop(self) -> None:
        try:
            _stop(self.studio, signal.SIGTERM)
        finally:
            self.studio = None
            if self._log_file:
                self._log_file.close()
            try:
                _stop(self.nginx, signal.SIGQUIT)
            finally:
                if self.nginx is not None and self.nginx.stdout:
                    self.nginx.stdout.close()
                self.nginx = None
                if not os.environ.get("PARCOURS_KEEP_BUILD"):
                    shutil.rmtree(self.root, ignore_errors=True)

    # plain HTTPS requests through nginx, without a browser

    def _context(self) -> ssl.SSLContext:
        assert self.certificate
        context = ssl.create_default_context(cafile=str(self.certificate.cert))
        # The connection goes to 127.0.0.1; the certificate is still checked against our own CA
        # (itself), only the name is not compared (the Host header chooses the server block).
        context.check_hostname = False
        return context

    def request(self, host: str, method: str, path: str, headers: dict | None = None,
                body: bytes | None = None) -> Response:
        connection = http.client.HTTPSConnection("127.0.0.1", self.port, timeout=30, context=self._context())
        try:
            all_headers = {"Host": f"{host}:{self.port}", **(headers or {})}
            connection.request(method, path, body=body, headers=all_headers)
            r = connection.getresponse()
            return Response(r.status, {k.lower(): v for k, v in r.getheaders()}, r.read().decode("utf-8", "replace"))
        finally:
            connection.close()

    def get(self, host: str, path: str) -> Response:
        return self.request(host, "GET", path)


# --------------------------------------------------------------------------
# A story over several tests (one studio a module, each test continues the one before)


class Story(dict):
    """What a test leaves for the next ones of its module (`RUN["admin"] = True`). A test
    that continues the story calls :meth:`needs` first, so that it fails saying where the
    story stopped rather than on a missing key."""

    def needs(self, *keys: str) -> None:
        missing = [k for k in keys if k not in self]
        if missing:
            pytest.fail(f"an earlier test of this file did not get as far as {', '.join(missing)}", pytrace=False)


def wait_until(condition, seconds: float, what: str, step: float = 0.2):
    """The first true value of `condition()`, asked every `step` seconds; an AssertionError
    naming `what` (and the last value) if none comes within `seconds`."""
    deadline = time.monotonic() + seconds
    last = None
    while time.monotonic() < deadline:
        last = condition()
        if last:
            return last
        time.sleep(step)
    raise AssertionError(f"not within {seconds:.0f} s: {what} (last: {last!r})")


# --------------------------------------------------------------------------
# The studio in Chromium, as its staff use it


@contextmanager
def chromium(studio: StudioSite, *, javascript: bool = True, reduced_motion: bool = False):
    """Chromium with studio.test and www.test mapped to 127.0.0.1, trusting our certificate
    only, at 1280 px; quit at the end. `javascript=False` turns it off in the profile (the
    pages' scripts never run); `reduced_motion` asks the pages for no animation: the public
    theme scrolls smoothly otherwise, and Selenium would click where an element was before
    the scroll ended."""
    prefs = None if javascript else {"profile.managed_default_content_settings.javascript": 2}
    driver = B.make_driver(studio.host_resolver_rules, studio.chromium_arguments, prefs=prefs)
    try:
        B.set_viewport(driver, 1280)
        if reduced_motion:
            driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {
                "features": [{"name": "prefers-reduced-motion", "value": "reduce"}]})
        yield driver
    finally:
        driver.quit()


@dataclass(frozen=True)
class Person:
    name: str
    email: str
    role: str
    password: str


def visible_text(text: str) -> str:
    """Text with no-break and narrow no-break spaces as spaces (French typography)."""
    return " ".join(text.replace("\u00a0", " ").replace("\u202f", " ").split())


def open_page(driver, studio: StudioSite, path: str) -> None:
    # Drained first: the page's audit reads its own requests and console only.
    B.drain_logs(driver)
    B.load(driver, studio.studio_url + path)


def here(driver) -> str:
    return urlsplit(driver.current_url).path


def h1(driver) -> str:
    return visible_text(driver.find_element(By.TAG_NAME, "h1").text)


def main_text(driver) -> str:
    return visible_text(driver.find_element(By.TAG_NAME, "main").text)


def _stale(element) -> bool:
    try:
        element.tag_name
        return False
    except WebDriverException:
        return True


def press_button(driver, button) -> None:
    """A mouse click on a submit button, then the next page, loaded."""
    B.drain_logs(driver)
    old = driver.find_element(By.TAG_NAME, "html")
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", button)
    button.click()
    # The old page's <html> goes stale once the answer replaced it: only then wait for the load.
    WebDriverWait(driver, WAIT).until(lambda d: _stale(old), "the form was not sent")
    WebDriverWait(driver, WAIT).until(lambda d: d.execute_script("return document.readyState") == "complete")


def button(driver, text: str, scope=None):
    for candidate in (scope or driver).find_elements(By.CSS_SELECTOR, "button"):
        if visible_text(candidate.text) == text:
            return candidate
    raise AssertionError(f"no button {text!r} on {driver.current_url}")


def fill(driver, element, text: str) -> None:
    """Click into a field, select what it holds, type over it."""
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", element)
    element.click()
    ActionChains(driver).key_down(Keys.CONTROL).send_keys("a").key_up(Keys.CONTROL).perform()
    B.press(driver, text if text else Keys.BACK_SPACE)


def element(driver, css: str):
    return driver.find_element(By.CSS_SELECTOR, css)


def errors_shown(driver) -> str:
    boxes = driver.find_elements(By.CSS_SELECTOR, ".resume-erreurs")
    return visible_text(" ".join(b.text for b in boxes))


def notice(driver) -> str:
    return visible_text(" ".join(b.text for b in driver.find_elements(By.CSS_SELECTOR, ".bandeau[role=status]")))


def log_in(driver, studio: StudioSite, person: Person, password: str | None = None, code: str = "") -> None:
    if here(driver) != "/connexion":
        open_page(driver, studio, "/connexion")
    fill(driver, element(driver, "#email"), person.email)
    fill(driver, element(driver, "#mot_de_passe"), person.password if password is None else password)
    fill(driver, element(driver, "#code"), code)
    press_button(driver, button(driver, "Se connecter"))


def log_out(driver) -> None:
    press_button(driver, button(driver, "Se déconnecter"))
    assert "Vous êtes déconnecté·e." in notice(driver), main_text(driver)
