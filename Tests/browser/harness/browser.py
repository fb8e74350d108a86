"""Headless Chromium driven by Selenium, and what the tests measure in it.

Chromium and chromedriver come from Debian (`chromium`, `chromium-driver`).
Selenium is given the driver's path and SE_AVOID_STATS=true, so that Selenium
Manager never runs (it would try the network). Chromium is started with
`--host-resolver-rules` that resolve no host name, so even a page that tried to
load something from another origin could not reach it; the tests still see the
attempt in the performance log and fail.
"""

from __future__ import annotations

import base64
import json
import os
import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

os.environ["SE_AVOID_STATS"] = "true"

from selenium import webdriver  # noqa: E402
from selenium.common.exceptions import TimeoutException, WebDriverException  # noqa: E402
from selenium.webdriver.chrome.service import Service  # noqa: E402
from selenium.webdriver.common.action_chains import ActionChains  # noqa: E402
from selenium.webdriver.common.keys import Keys  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402

from . import axe  # noqa: E402

CHROMEDRIVER = os.environ.get("CHROMEDRIVER") or shutil.which("chromedriver") or "/usr/bin/chromedriver"
CHROMIUM = os.environ.get("CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"

HEIGHTS = {1280: 900, 375: 812}
PAGE_LOAD_TIMEOUT = 30
SCRIPT_TIMEOUT = 60
MAX_SCREENSHOT_HEIGHT = 12000
LOCAL_HOST = "127.0.0.1"


def make_driver(host_resolver_rules: str | None = None, extra_arguments: list[str] | tuple = (),
                prefs: dict | None = None) -> webdriver.Chrome:
    """Headless Chromium. By default no host name resolves (only 127.0.0.1 is reachable);
    `host_resolver_rules` replaces that rule (test_studio.py maps its two TLS names to
    127.0.0.1), `extra_arguments` are added to the command line, and `prefs` are the
    profile's preferences (test_inbox.py turns JavaScript off with them)."""
    opts = webdriver.ChromeOptions()
    if prefs:
        opts.add_experimental_option("prefs", prefs)
    opts.binary_location = CHROMIUM
    for arg in [
        "--headless=new",
        "--no-sandbox",  # we run as root in CI
        "--disable-dev-shm-usage",
        "--disable-gpu",
        "--window-size=1280,900",
        "--lang=fr-FR",
        "--no-proxy-server",
        "--no-first-run",
        "--no-default-browser-check",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-default-apps",
        "--disable-extensions",
        "--disable-domain-reliability",
        "--disable-client-side-phishing-detection",
        "--disable-breakpad",
        "--metrics-recording-only",
        "--no-pings",
        "--hide-scrollbars",
        "--force-color-profile=srgb",
        "--disable-features=Translate,OptimizationHints,MediaRouter,InterestFeedContentSuggestions,"
        "AutofillServerCommunication,CertificateTransparencyComponentUpdater",
        f"--host-resolver-rules={host_resolver_rules or f'MAP * ~NOTFOUND , EXCLUDE {LOCAL_HOST}'}",
        *extra_arguments,
    ]:
        opts.add_argument(arg)
    opts.set_capability("goog:loggingPrefs", {"performance": "ALL", "browser": "ALL"})
    opts.set_capability("pageLoadStrategy", "normal")
    service = Service(executable_path=CHROMEDRIVER)
    driver = webdriver.Chrome(service=service, options=opts)
    driver.set_page_load_timeout(PAGE_LOAD_TIMEOUT)
    driver.set_script_timeout(SCRIPT_TIMEOUT)
    driver.execute_cdp_cmd("Network.enable", {})
    return driver


def set_viewport(driver, width: int) -> None:
    """A layout viewport of exactly `width` CSS px (headless windows have a minimum width)."""
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
        "width": width, "height": HEIGHTS.get(width, 900),
        "deviceScaleFactor": 1, "mobile": False,
    })


# --------------------------------------------------------------------------
# Logs


@dataclass
class NetworkLog:
    requests: list = field(default_factory=list)  # (url, resource type)
    failures: list = field(default_factory=list)  # (url, status or error text, resource type)
    document_status: dict = field(default_factory=dict)  # url -> status of documents

    def external_requests(self) -> list[str]:
        return list(dict.fromkeys(u for u, _ in self.requests if not is_local_url(u)))


def is_local_url(url: str) -> bool:
    scheme = urlsplit(url).scheme
    if scheme in ("data", "blob", "about"):
        return True
    if scheme in ("http", "https", "ws", "wss"):
        return urlsplit(url).hostname == LOCAL_HOST
    return False


def drain_logs(driver) -> None:
    driver.get_log("performance")
    driver.get_log("browser")


def read_network_log(driver) -> NetworkLog:
    log = NetworkLog()
    urls: dict[str, tuple[str, str]] = {}
    for entry in driver.get_log("performance"):
        msg = json.loads(entry["message"])["message"]
        method, params = msg.get("method"), msg.get("params", {})
        if method == "Network.requestWillBeSent":
            url, rtype = params["request"]["url"], params.get("type", "")
            urls[params["requestId"]] = (url, rtype)
            log.requests.append((url, rtype))
        elif method == "Network.responseReceived":
            resp, rtype = params["response"], params.get("type", "")
            status = int(resp.get("status", 0))
            if rtype == "Document":
                log.document_status[resp["url"]] = status
            elif status >= 400:
                log.failures.append((resp["url"], status, rtype))
        elif method == "Network.loadingFailed":
            url, rtype = urls.get(params.get("requestId"), ("?", params.get("type", "")))
            if params.get("canceled"):
                continue
            reason = params.get("blockedReason") or params.get("corsErrorStatus", {}).get("corsError")
            log.failures.append((url, params.get("errorText") or reason or "failed", rtype))
    return log


def read_console_errors(driver, ignore_document_404: str | None = None) -> list[str]:
    """SEVERE entries of the console. For the 404 page, the 404 of the document
    itself is expected and left out (only that one message)."""
    errors = []
    for entry in driver.get_log("browser"):
        if entry.get("level") != "SEVERE":
            continue
        message = entry.get("message", "")
        if (ignore_document_404 and message.startswith(ignore_document_404 + " ")
                and "status of 404" in message):
            continue
        errors.append(message)
    return errors


# --------------------------------------------------------------------------
# Loading a page


def load(driver, url: str) -> None:
    driver.get(url)
    WebDriverWait(driver, PAGE_LOAD_TIMEOUT).until(
        lambda d: d.execute_script("return document.readyState") == "complete")
    # Web fonts, so that screenshots and contrast checks see the real text.
    try:
        driver.execute_async_script(
            "const done = arguments[arguments.length - 1];"
            "(document.fonts ? document.fonts.ready : Promise.resolve()).then(() => done(true));")
    except TimeoutException:
        pass


HORIZONTAL_SCROLL_JS = r"""
const de = document.documentElement;
const cw = de.clientWidth;
const describe = (el) => {
  let s = el.tagName.toLowerCase();
  if (el.id) s += '#' + el.id;
  if (typeof el.className === 'string' && el.className.trim())
    s += '.' + el.className.trim().split(/\s+/).join('.');
  return s;
};
const offenders = [];
if (de.scrollWidth > cw) {
  for (const el of document.body.querySelectorAll('*')) {
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.right <= cw + 1) continue;
    // report the outermost offender only
    let p = el.parentElement, outer = true;
    while (p && p !== document.body) {
      if (p.getBoundingClientRect().right > cw + 1) { outer = false; break; }
      p = p.parentElement;
    }
    if (outer) offenders.push(describe(el) + ' (right edge at ' + Math.round(r.right) + ' px)');
    if (offenders.length >= 8) break;
  }
}
return {scrollWidth: de.scrollWidth, clientWidth: cw, innerWidth: window.innerWidth,
        bodyScrollWidth: document.body ? document.body.scrollWidth : 0, offenders};
"""


def horizontal_scroll(driver) -> dict:
    return driver.execute_script(HORIZONTAL_SCROLL_JS)


def full_page_screenshot(driver, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    size = driver.execute_script(
        "const d = document.documentElement;"
        "return [Math.max(d.scrollWidth, d.clientWidth), Math.max(d.scrollHeight, d.clientHeight)];")
    width, height = int(size[0]), min(int(size[1]), MAX_SCREENSHOT_HEIGHT)
    shot = driver.execute_cdp_cmd("Page.captureScreenshot", {
        "format": "png", "captureBeyondViewport": True, "fromSurface": True,
        "clip": {"x": 0, "y": 0, "width": width, "height": height, "scale": 1},
    })
    path.write_bytes(base64.b64decode(shot["data"]))
    driver.execute_script("window.scrollTo(0, 0)")


# --------------------------------------------------------------------------
# Keyboard


def press(driver, key) -> None:
    ActionChains(driver).send_keys(key).perform()


FOCUS_INFO_JS = r"""
const el = document.activeElement;
const nav = arguments[0] || null;
if (!el || el === document.body || el === document.documentElement)
  return {none: true};
const r = el.getBoundingClientRect();
const cx = r.left + r.width / 2, cy = r.top + r.height / 2;
const hit = (r.width >= 1 && r.height >= 1) ? document.elementFromPoint(cx, cy) : null;
const cs = getComputedStyle(el);
const visible = !!hit && (el === hit || el.contains(hit)) && cs.visibility !== 'hidden'
  && parseFloat(cs.opacity) > 0 && r.right > 0 && r.bottom > 0
  && r.left < window.innerWidth && r.top < window.innerHeight;
const main = document.querySelector('main, [role=main]');
let html = el.outerHTML; if (html.length > 200) html = html.slice(0, 200) + '…';
const details = el.tagName === 'SUMMARY' ? el.parentElement : null;
let controls = null;
if (el.getAttribute('aria-controls')) controls = document.getElementById(el.getAttribute('aria-controls'));
return {
  none: false, tag: el.tagName.toLowerCase(), html,
  href: el.tagName === 'A' ? el.href : null, rawHref: el.getAttribute('href'),
  text: (el.innerText || el.getAttribute('aria-label') || '').trim().slice(0, 80),
  rect: [Math.round(r.left), Math.round(r.top), Math.round(r.width), Math.round(r.height)],
  visible,
  inMain: !!main && main.contains(el),
  afterMain: !!main && !main.contains(el)
             && !!(main.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_FOLLOWING),
  inNav: !!nav && nav.contains(el),
  expanded: el.getAttribute('aria-expanded'),
  // a disclosure button or <summary> that opens the menu
  isMenuToggle: !!nav && !nav.contains(el)
    && (el.tagName === 'BUTTON' || el.getAttribute('role') === 'button' || !!details) && (
      (el.getAttribute('aria-expanded') === 'false' &&
        (!controls || controls === nav || controls.contains(nav) || nav.contains(controls)))
      || (!!details && !details.open && details.contains(nav))),
};
"""


def focus_info(driver, nav=None) -> dict:
    return driver.execute_script(FOCUS_INFO_JS, nav)


SKIP_TARGET_JS = r"""
const a = document.activeElement;
const raw = a.getAttribute('href') || '';
const main = document.querySelector('main, [role=main]');
const u = new URL(a.href, location.href);
const samePage = u.origin === location.origin && u.pathname === location.pathname && u.search === location.search;
let id = u.hash ? decodeURIComponent(u.hash.slice(1)) : '';
let target = id ? (document.getElementById(id) || document.getElementsByName(id)[0] || null) : null;
return {
  raw, samePage, id, hasMain: !!main, targetFound: !!target,
  targetIsMainContent: !!target && !!main && (main.contains(target) ||
      (target.contains(main) && !target.contains(a))),
};
"""


@dataclass
class SkipLinkResult:
    ok: bool
    problems: list
    first_focus: dict
    mode: str = ""  # how focus reached the main content


def probe_skip_link(driver, url: str) -> SkipLinkResult:
    """Fresh load, one Tab: the skip link must have focus and be visible; Enter
    on it must move focus (or the sequential focus starting point) into <main>."""
    load(driver, url)
    driver.execute_script("window.scrollTo(0, 0)")
    press(driver, Keys.TAB)
    first = focus_info(driver)
    problems = []
    if first.get("none"):
        return SkipLinkResult(False, ["the first Tab focused nothing (no focusable element?)"], first)
    if first["tag"] != "a" or "#" not in (first.get("rawHref") or ""):
        return SkipLinkResult(False, [f"the first Tab focused {first['html']!r}, not a skip link "
                                      "(a same-page link to the main content)"], first)
    target = driver.execute_script(SKIP_TARGET_JS)
    if not target["samePage"]:
        problems.append(f"the first focused link {first['rawHref']!r} leaves the page")
    if not target["hasMain"]:
        problems.append("the page has no <main> (or role=main)")
    if not target["targetFound"]:
        problems.append(f"the skip link's target #{target['id']} does not exist")
    elif target["hasMain"] and not target["targetIsMainContent"]:
        problems.append(f"the skip link's target #{target['id']} is not the main content")
    if not first["visible"]:
        problems.append(f"the skip link is not visible when focused (rect {first['rect']})")
    if problems:
        return SkipLinkResult(False, problems, first)
    press(driver, Keys.ENTER)
    time.sleep(0.1)
    after = focus_info(driver)
    if not after.get("none") and after["inMain"]:
        return SkipLinkResult(True, [], first, "focus moved into <main>")
    if after.get("none"):
        # The target is not focusable (no tabindex): Chromium then moves only the
        # sequential focus navigation starting point; the next Tab must land in
        # <main> (or after it, when <main> holds nothing focusable).
        press(driver, Keys.TAB)
        nxt = focus_info(driver)
        if not nxt.get("none") and (nxt["inMain"] or nxt["afterMain"]):
            return SkipLinkResult(True, [], first, "starting point moved to <main> (next Tab lands in it)")
        return SkipLinkResult(False, [
            "after Enter on the skip link, focus is on nothing and the next Tab goes to "
            f"{nxt.get('html')!r}, outside the main content"], first)
    return SkipLinkResult(False, [f"after Enter on the skip link, focus is on {after['html']!r}, "
                                  "outside the main content"], first)


# --------------------------------------------------------------------------
# One visit of one page at one width


@dataclass
class Visit:
    url: str
    width: int
    screenshot: Path
    network: NetworkLog = None
    console_errors: list = field(default_factory=list)
    axe_violations: list = field(default_factory=list)
    axe_error: str = ""
    scroll: dict = field(default_factory=dict)
    skip: SkipLinkResult = None
    error: str = ""  # the visit itself failed (driver error)


def visit_page(driver, url: str, width: int, screenshot: Path, expect_404: bool = False) -> Visit:
    v = Visit(url, width, screenshot)
    try:
        set_viewport(driver, width)
        drain_logs(driver)
        load(driver, url)
        time.sleep(0.2)  # late requests (after load) reach the log
        v.scroll = horizontal_scroll(driver)
        try:
            v.axe_violations = axe.run(driver)
        except Exception as e:  # reported by the axe test, not as a harness crash
            v.axe_error = f"{type(e).__name__}: {e}"
        full_page_screenshot(driver, screenshot)
        v.skip = probe_skip_link(driver, url)
        time.sleep(0.1)
        v.network = read_network_log(driver)
        v.console_errors = read_console_errors(driver, url if expect_404 else None)
    except WebDriverException as e:
        v.error = f"{type(e).__name__}: {e.msg if hasattr(e, 'msg') else e}"
    return v
