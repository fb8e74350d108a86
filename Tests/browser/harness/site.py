"""Build the example site with `parcours build` and discover the pages to visit.

Two deployments are built, each into its own temporary folder:

- ``root``: ``--base-url http://127.0.0.1:PORT/``, served by nginx at ``/``;
- ``subpath``: ``--base-url http://127.0.0.1:PORT/cpts/``, served by nginx under ``/cpts/``.

The port is chosen before the build (the base URL holds it) and nginx is started
on it later by a fixture.

Nothing here knows the slugs of leaf pages: the pages to visit are found by
reading the built HTML files (see :func:`discover_pages`).
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

REPO = Path(__file__).resolve().parents[3]
BROWSER_TESTS = REPO / "Tests" / "browser"
SCREENSHOTS = BROWSER_TESTS / "screenshots"

HOST = "127.0.0.1"
SUBPATH = "/cpts/"
# A URL that no build produces, two levels deep (so that relative URLs in the 404
# page would break): nginx answers it with 404.html.
MISSING_PAGE = "cette-page-n-existe-pas/ni-celle-la/"
# Folders of the build that hold files, not pages.
NON_PAGE_DIRS = {"assets", "media"}
BUILD_TIMEOUT = 300  # seconds


def parcours_bin() -> Path:
    """PARCOURS_BIN, else the release build, else (when only that exists) the debug build."""
    if os.environ.get("PARCOURS_BIN"):
        return Path(os.environ["PARCOURS_BIN"]).absolute()
    release = REPO / ".build" / "release" / "parcours"
    debug = REPO / ".build" / "debug" / "parcours"
    return debug if not release.exists() and debug.exists() else release


def content_dir() -> Path:
    return Path(os.environ.get("PARCOURS_SOURCE") or REPO / "content")


def themes_dir() -> Path:
    return Path(os.environ.get("PARCOURS_THEMES") or REPO / "themes")


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


@dataclass
class Deployment:
    """One build of the example site and where nginx will serve it."""

    name: str  # "root" or "subpath"
    base_path: str  # "/" or "/cpts/"
    port: int
    output: Path
    ok: bool = False
    log: str = ""
    build_seconds: float = 0.0
    command: list = field(default_factory=list)

    @property
    def origin(self) -> str:
        return f"http://{HOST}:{self.port}"

    @property
    def base_url(self) -> str:
        return self.origin + self.base_path

    def url(self, rel: str) -> str:
        """URL of a page given relative to the base ('' is the home page)."""
        return self.base_url + rel.lstrip("/")


class Workspace:
    """The session's temporary folder and its builds (built once, on demand)."""

    def __init__(self) -> None:
        self.root = Path(tempfile.mkdtemp(prefix="parcours-browser-"))
        self._deployments: dict[str, Deployment] = {}
        self._pages: list | None = None

    def deployment(self, name: str) -> Deployment:
        if name not in self._deployments:
            base_path = {"root": "/", "subpath": SUBPATH}[name]
            dep = Deployment(name, base_path, free_port(), self.root / name / "site")
            build(dep)
            self._deployments[name] = dep
        return self._deployments[name]

    def pages(self) -> list:
        """The pages to visit, discovered in the root build (same layout in both)."""
        if self._pages is None:
            dep = self.deployment("root")
            self._pages = discover_pages(dep) if dep.ok else [PageRef("home", "", "home")]
        return self._pages

    def cleanup(self) -> None:
        if os.environ.get("PARCOURS_KEEP_BUILD"):
            print(f"\nbrowser tests: builds kept in {self.root}")
            return
        shutil.rmtree(self.root, ignore_errors=True)


def build(dep: Deployment) -> None:
    binary = parcours_bin()
    dep.output.parent.mkdir(parents=True, exist_ok=True)
    dep.command = [
        str(binary), "build",
        "--source", str(content_dir()),
        "--themes", str(themes_dir()),
        "--output", str(dep.output),
        "--base-url", dep.base_url,
    ]
    if not binary.exists():
        dep.log = (f"parcours binary not found at {binary}: build it with "
                   "`swift build -c release` or set PARCOURS_BIN")
        return
    start = time.monotonic()
    try:
        proc = subprocess.run(dep.command, cwd=REPO, stdin=subprocess.DEVNULL,
                              capture_output=True, text=True, timeout=BUILD_TIMEOUT)
    except subprocess.TimeoutExpired:
        dep.log = f"`{' '.join(dep.command)}` did not finish in {BUILD_TIMEOUT} s"
        return
    dep.build_seconds = time.monotonic() - start
    dep.log = f"$ {' '.join(dep.command)}\n(exit {proc.returncode})\n{proc.stdout}{proc.stderr}"
    dep.ok = proc.returncode == 0 and (dep.output / "index.html").is_file()
    if proc.returncode == 0 and not dep.ok:
        dep.log += f"\nthe build wrote no {dep.output / 'index.html'}"


def build_content(source: Path, output: Path, base_url: str, extra: list | None = None,
                  themes: Path | None = None) -> subprocess.CompletedProcess:
    """`parcours build` of any content folder (a test site of a test module)."""
    command = [str(parcours_bin()), "build", "--source", str(source),
               "--themes", str(themes or themes_dir()), "--output", str(output),
               "--base-url", base_url, *(extra or [])]
    return subprocess.run(command, cwd=REPO, stdin=subprocess.DEVNULL, capture_output=True,
                          text=True, timeout=BUILD_TIMEOUT)


# --------------------------------------------------------------------------
# Page discovery


@dataclass(frozen=True)
class PageRef:
    id: str  # test id: "home", "actualites", "actualites/ag-2026", "404"
    rel: str  # path relative to the base URL: "", "actualites/", …
    kind: str  # home | top | child | pagination | 404

    @property
    def expected_status(self) -> int:
        return 404 if self.kind == "404" else 200


class _MainLinks(HTMLParser):
    """Collects the href of every <a> inside <main> (or role=main), in order."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.depth = 0  # >0 while inside main
        self.main_tag = "main"
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if self.depth:
            if tag == self.main_tag:
                self.depth += 1
            if tag == "a" and a.get("href"):
                self.links.append(a["href"])
        elif tag == "main" or a.get("role") == "main":
            self.depth = 1
            self.main_tag = tag

    def handle_endtag(self, tag):
        if self.depth and tag == self.main_tag:
            self.depth -= 1


def main_links(html_file: Path) -> list[str]:
    p = _MainLinks()
    p.feed(html_file.read_text(encoding="utf-8", errors="replace"))
    return p.links


def _page_dirs(folder: Path) -> list[Path]:
    """Sub-folders of `folder` that hold a page (an index.html), sorted."""
    return sorted(d for d in folder.iterdir()
                  if d.is_dir() and not d.name.startswith(".") and (d / "index.html").is_file())


def discover_pages(dep: Deployment) -> list[PageRef]:
    """One page of every kind, read from the built files:

    - the home page;
    - every top-level page (section lists, the health project, the form page,
      the legal pages, the tag index, the search page…);
    - for every top-level folder that has pages below it: one of them, the first
      one linked from the list's <main> (else the first by name): a news item, an
      event, a mission, a project, a partner, the form's thank-you page, a tag page…;
    - the second page of every paginated list;
    - the 404 page, reached through a URL that does not exist.
    """
    out = dep.output
    pages = [PageRef("home", "", "home")]
    for top in _page_dirs(out):
        if top.name in NON_PAGE_DIRS:
            continue
        pages.append(PageRef(top.name, top.name + "/", "top"))
    for top in sorted(d for d in out.iterdir() if d.is_dir()):
        if top.name in NON_PAGE_DIRS or top.name.startswith("."):
            continue
        children = [d for d in _page_dirs(top) if d.name != "page"]
        if children:
            child = _first_linked_child(dep, top, children) or children[0]
            rel = f"{top.name}/{child.name}/"
            pages.append(PageRef(rel.rstrip("/"), rel, "child"))
        if (top / "page" / "2" / "index.html").is_file():
            rel = f"{top.name}/page/2/"
            pages.append(PageRef(rel.rstrip("/"), rel, "pagination"))
    if (out / "404.html").is_file():
        pages.append(PageRef("404", MISSING_PAGE, "404"))
    return pages


def _first_linked_child(dep: Deployment, top: Path, children: list[Path]) -> Path | None:
    index = top / "index.html"
    if not index.is_file():
        return None
    page_url = dep.url(top.name + "/")
    by_path = {urlsplit(dep.url(f"{top.name}/{c.name}/")).path: c for c in children}
    for href in main_links(index):
        target = urlsplit(urljoin(page_url, href))
        if target.netloc not in ("", f"{HOST}:{dep.port}"):
            continue
        path = target.path if target.path.endswith("/") else target.path + "/"
        if path in by_path:
            return by_path[path]
    return None


def html_files(dep: Deployment) -> list[Path]:
    return sorted(p for p in dep.output.rglob("*.html") if p.is_file())



# --------------------------------------------------------------------------
# site.yaml


def site_config() -> dict:
    import yaml  # PyYAML, from requirements.txt

    path = content_dir() / "site.yaml"
    if not path.is_file():
        return {}
    with path.open(encoding="utf-8") as f:
        return yaml.safe_load(f) or {}


def production_host(config: dict) -> str | None:
    """Host of site.yaml's base_url: no URL of a --base-url build may point there."""
    host = urlsplit(str(config.get("base_url") or "")).hostname
    return None if host in (None, HOST, "localhost") else host


def form_endpoints(config: dict) -> set[str]:
    forms = config.get("forms") or {}
    return {f["endpoint"] for f in forms.values() if isinstance(f, dict) and f.get("endpoint")}


def menu_paths(config: dict, dep: Deployment) -> list[str]:
    """URL paths of the main menu entries of site.yaml, under the deployment's base."""
    paths = []
    for item in config.get("menu") or []:
        url = (item or {}).get("url")
        if not url:
            continue
        if "://" in url:
            paths.append(urlsplit(url).path)
        else:
            paths.append(dep.base_path.rstrip("/") + "/" + url.lstrip("/"))
    return paths
