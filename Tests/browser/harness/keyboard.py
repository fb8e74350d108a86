"""The main menu, with the keyboard alone.

The main menu is the <nav> whose links best match the `menu` of site.yaml (else
the first <nav> of the header). From a fresh load, Tab is pressed (a bounded
number of times) and every focused element is looked at:

- a closed disclosure that holds or controls the menu (a button with
  aria-expanded="false", or the <summary> of a closed <details>) is opened with
  Enter, as a keyboard user would;
- every link of the menu must receive focus, and be visible when it has it.

Then, on a fresh load again, Tab goes to a menu link that leads to another page,
Enter is pressed, and the browser must land on that page (status 200).
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from urllib.parse import urldefrag

from selenium.webdriver.common.keys import Keys

from .browser import focus_info, load, press
from .nginx import fetch_status

MAX_TABS = 150

MAIN_NAV_JS = r"""
const menuPaths = arguments[0];
const norm = p => p.endsWith('/') ? p : p + '/';
const navs = [...document.querySelectorAll('nav, [role=navigation]')];
let best = null, bestScore = 0;
for (const n of navs) {
  const score = [...n.querySelectorAll('a[href]')]
    .filter(a => menuPaths.includes(norm(new URL(a.href, location.href).pathname))).length;
  if (score > bestScore) { best = n; bestScore = score; }
}
if (!best) best = document.querySelector(
  'header nav[aria-label], header nav, [role=banner] nav, header [role=navigation]') || null;
if (!best) return [null, [], '', 0];
let html = best.outerHTML; if (html.length > 300) html = html.slice(0, 300) + '…';
const links = [...best.querySelectorAll('a[href]')].map(a => a.href);
return [best, links, html, bestScore];
"""


@dataclass
class MenuResult:
    nav_html: str = ""
    links: list = field(default_factory=list)
    matched_menu_entries: int = 0
    reached: dict = field(default_factory=dict)  # href -> visible when focused
    toggles: list = field(default_factory=list)
    tabs: int = 0
    navigated_from: str = ""
    navigated_to: str = ""
    problems: list = field(default_factory=list)


def _same(a: str, b: str) -> bool:
    return urldefrag(a)[0].rstrip("/") == urldefrag(b)[0].rstrip("/")


def _tab_through(driver, nav, links: list, result: MenuResult, stop_at: str | None = None):
    """Tab through the page; open closed menu toggles; record focus on menu links.
    With stop_at, stop as soon as that link has focus (returns True)."""
    opened = set()
    first_html = None
    for i in range(MAX_TABS):
        press(driver, Keys.TAB)
        result.tabs = max(result.tabs, i + 1)
        info = focus_info(driver, nav)
        if info.get("none"):
            if first_html is not None and i > 3:
                break  # focus left the document: one full round done
            continue
        if first_html is None:
            first_html = info["html"]
        elif info["html"] == first_html and i > 3:
            break  # wrapped around
        if info["isMenuToggle"] and info["html"] not in opened:
            opened.add(info["html"])
            result.toggles.append(info["html"])
            press(driver, Keys.ENTER)
            time.sleep(0.2)
            continue
        if info["inNav"] and info["tag"] == "a" and info["href"]:
            href = info["href"]
            result.reached[href] = result.reached.get(href, False) or info["visible"]
            if stop_at and href == stop_at:
                return True
        if not stop_at and links and set(links) <= set(result.reached) and not info["inNav"]:
            break
    return False


def probe_menu(driver, url: str, menu_paths: list[str]) -> MenuResult:
    result = MenuResult()
    load(driver, url)
    nav, links, html, score = driver.execute_script(MAIN_NAV_JS, menu_paths)
    result.nav_html, result.links, result.matched_menu_entries = html, links, score
    if nav is None:
        result.problems.append("no main menu found: no <nav> links to the site.yaml menu and no <nav> in <header>")
        return result
    if not links:
        result.problems.append(f"the main menu has no links: {html}")
        return result

    _tab_through(driver, nav, links, result)
    missing = [h for h in links if h not in result.reached]
    hidden = [h for h, visible in result.reached.items() if not visible]
    if missing:
        result.problems.append(
            f"menu links never reached with Tab ({result.tabs} presses"
            + (f", after opening {len(result.toggles)} toggle(s)" if result.toggles else "")
            + "): " + ", ".join(missing))
    if hidden:
        result.problems.append("menu links not visible when focused: " + ", ".join(hidden))
    if missing or hidden:
        return result

    # Follow one menu link with Enter.
    target = next((h for h in links if not _same(h, url)), None)
    if target is None:
        result.problems.append("every menu link points at the page itself")
        return result
    load(driver, url)
    nav, *_ = driver.execute_script(MAIN_NAV_JS, menu_paths)
    probe = MenuResult()
    if not _tab_through(driver, nav, links, probe, stop_at=target):
        result.problems.append(f"on a second load, Tab did not reach the menu link {target}")
        return result
    result.navigated_from = driver.current_url
    press(driver, Keys.ENTER)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and _same(driver.current_url, url):
        time.sleep(0.1)
    result.navigated_to = driver.current_url
    if not _same(driver.current_url, target):
        result.problems.append(f"Enter on the menu link {target} led to {driver.current_url}")
    else:
        status = fetch_status(urldefrag(target)[0])
        if status != 200:
            result.problems.append(f"Enter on the menu link {target} led to a page with status {status}")
    return result
