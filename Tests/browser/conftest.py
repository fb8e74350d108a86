"""Fixtures of the Parcours browser test suite.

- the example site is built twice with `parcours build` (PARCOURS_BIN, default
  <repo>/.build/release/parcours): at the root and under /cpts/ (`deployment`);
- each build is served by a real nginx on 127.0.0.1 (`server`), stopped at the end;
- one headless Chromium (`driver`) visits the pages; one visit per
  (deployment, width, page) is cached and shared by the tests of test_pages.py.

The pages are discovered at collection time from the root build (see
harness/site.py), so the test ids name them: test_axe[root-375-actualites].
"""

from __future__ import annotations

import os
import time

import pytest

os.environ.setdefault("SE_AVOID_STATS", "true")  # before selenium is imported
# Helpers that assert on behalf of test_studio.py and test_inbox.py: pytest explains their
# failed asserts as it does a test's own (it rewrites only the modules it is told of).
pytest.register_assert_rewrite("harness.studio", "harness.pageaudit")

from harness import axe  # noqa: E402
from harness import browser as B  # noqa: E402
from harness import site as S  # noqa: E402
from harness import testsite as T  # noqa: E402
from harness.crawl import crawl  # noqa: E402
from harness.nginx import Nginx  # noqa: E402

WIDTHS = [1280, 375]
DEPLOYMENTS = ["root", "subpath"]

_workspace: S.Workspace | None = None
_started = time.monotonic()


def workspace() -> S.Workspace:
    global _workspace
    if _workspace is None:
        _workspace = S.Workspace()
    return _workspace


def pytest_sessionstart(session):
    # Screenshots of an earlier run would mislead: remove them (PNG files only).
    if S.SCREENSHOTS.is_dir():
        for png in S.SCREENSHOTS.rglob("*.png"):
            png.unlink()


def pytest_generate_tests(metafunc):
    if "page" in metafunc.fixturenames:
        pages = workspace().pages()
        metafunc.parametrize("page", pages, ids=[p.id for p in pages])
    if "width" in metafunc.fixturenames:
        metafunc.parametrize("width", WIDTHS, ids=[str(w) for w in WIDTHS])


def pytest_unconfigure(config):
    if _workspace is not None:
        _workspace.cleanup()


def pytest_terminal_summary(terminalreporter):
    if _workspace is None:
        return
    tr = terminalreporter
    tr.section("Parcours browser tests")
    for name, dep in _workspace._deployments.items():
        state = f"built in {dep.build_seconds:.1f} s" if dep.ok else "BUILD FAILED"
        tr.write_line(f"{name}: {dep.base_url} ({state})")
    if _workspace._pages:
        tr.write_line("pages visited: " + ", ".join(p.id for p in _workspace._pages))
    for name, c in _CRAWLS.items():
        tr.write_line(f"crawl {name}: {len(c.pages)} pages, {len(c.statuses)} URLs checked "
                      f"in {c.seconds:.1f} s" + (" (truncated)" if c.truncated else ""))
    tr.write_line(f"screenshots: {S.SCREENSHOTS}")
    tr.write_line(f"total: {time.monotonic() - _started:.0f} s")


# --------------------------------------------------------------------------
# Build, server, browser


@pytest.fixture(scope="session", params=DEPLOYMENTS)
def deployment(request) -> S.Deployment:
    dep = workspace().deployment(request.param)
    if not dep.ok:
        pytest.fail(f"parcours build failed for the {dep.name} deployment:\n{dep.log}", pytrace=False)
    return dep


@pytest.fixture(scope="session")
def server(deployment):
    nginx = Nginx(deployment.output, deployment.port, deployment.base_path)
    try:
        nginx.start()
    except RuntimeError as e:
        pytest.fail(str(e), pytrace=False)
    yield nginx
    nginx.stop()


@pytest.fixture(scope="session")
def driver():
    d = B.make_driver()
    yield d
    d.quit()


@pytest.fixture(scope="session")
def site_config() -> dict:
    return S.site_config()


# --------------------------------------------------------------------------
# Cached visits and crawls

_VISITS: dict = {}
_CRAWLS: dict = {}


def screenshot_path(deployment: S.Deployment, page: S.PageRef, width: int):
    return S.SCREENSHOTS / deployment.name / f"{page.id.replace('/', '__')}@{width}.png"


@pytest.fixture
def visit(deployment, server, driver, page, width) -> B.Visit:
    key = (deployment.name, width, page.id)
    if key not in _VISITS:
        _VISITS[key] = B.visit_page(driver, deployment.url(page.rel), width,
                                    screenshot_path(deployment, page, width),
                                    expect_404=page.kind == "404")
    v = _VISITS[key]
    if v.error:
        pytest.fail(f"could not visit {v.url} at {width} px: {v.error}", pytrace=False)
    return v


@pytest.fixture
def site_crawl(deployment, server, driver, site_config):
    if deployment.name not in _CRAWLS:
        _CRAWLS[deployment.name] = crawl(driver, deployment, S.form_endpoints(site_config),
                                         S.production_host(site_config))
    c = _CRAWLS[deployment.name]
    if c.error:
        pytest.fail(f"the crawl of {deployment.base_url} stopped: {c.error}", pytrace=False)
    return c


@pytest.fixture(scope="session")
def axe_version() -> str:
    return axe.version()


# --------------------------------------------------------------------------
# A small site of our own (harness/testsite.py): drafts, future and expired items


SMALL_SITE_BASE = "https://essai.example/cpts/"


@pytest.fixture(scope="session")
def small_site() -> dict:
    """Builds of harness/testsite.py, by name: `sub` (under /cpts/), `sub_again` (the
    same build a second time), `root` (at /), `all` (--drafts --future --expired) and
    one per flag (`--drafts`, `--future`, `--expired`)."""
    root = workspace().root / "small-site"
    source = T.write(root / "content")
    plan = {
        "sub": (SMALL_SITE_BASE, []),
        "sub_again": (SMALL_SITE_BASE, []),
        "root": ("https://essai.example/", []),
        "all": (SMALL_SITE_BASE, T.ALL_FLAGS),
        **{flag: (SMALL_SITE_BASE, [flag]) for flag in T.ALL_FLAGS},
    }
    builds = {}
    for name, (base_url, flags) in plan.items():
        b = T.build(source, root / name.strip("-"), base_url, flags)
        if not b.ok:
            pytest.fail(f"the build of the test site failed:\n{b.log}", pytrace=False)
        builds[name] = b
    return builds
