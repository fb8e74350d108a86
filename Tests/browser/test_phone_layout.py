"""The theme on a phone first (issue 13), in the root deployment of the example site.

At 375 × 800 (a common phone), on every page type:

- the header (the banner) takes at most 25 % of the first screen;
- no word of the page is cut inside: each word's Range must lie on one line box, unless
  the line ends after a hyphen (typed, or the browser's own French hyphenation, where
  `hyphens: auto` applies); addresses (e-mail, URL) may break where they must;

and also at 320 px, the narrowest phone in use. On the home page, "Faire une demande" and
a phone number are in the first screen; on the access page, the form's first field is in
the first screen, or is after activating one link of the first screen. At 1280 px the
main menu is one row. The menu disclosure (a <details>) opens and closes without
JavaScript, with the mouse and with the keyboard, and is exposed as an expandable
button. axe-core is clean at 320 and 768 px too (test_pages.py checks 375 and 1280 px;
test_html_validation.py checks every HTML file, which does not depend on the width).
A GFM task list's items say "fait" / "à faire" to a screen reader. Screenshots of each
page at 320 and 768 px: Tests/browser/screenshots/phone/.
"""

from __future__ import annotations

import re
import time

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from harness import axe
from harness import browser as B
from harness import site as S

SCREEN_HEIGHT = 800
SCREENSHOTS = S.SCREENSHOTS / "phone"
FORM_PAGE = "acces-medecin/"
TASK_LIST_PAGE = "projets/un-medecin-pres-de-chez-vous/"


def fail(message):
    pytest.fail(message, pytrace=False)


@pytest.fixture
def root(deployment, server):
    if deployment.name != "root":
        pytest.skip("layout measured in the root deployment only (the same theme and pages)")
    return deployment


def viewport(driver, width: int, height: int = SCREEN_HEIGHT) -> None:
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
        "width": width, "height": height, "deviceScaleFactor": 1, "mobile": False})


def open_page(driver, url: str, width: int, height: int = SCREEN_HEIGHT) -> None:
    viewport(driver, width, height)
    B.load(driver, url)
    driver.execute_script("window.scrollTo(0, 0)")


# --------------------------------------------------------------------------
# The header


HEADER_JS = r"""
const h = document.querySelector('body > header, [role=banner]');
if (!h) return null;
const r = h.getBoundingClientRect();
return {top: r.top + scrollY, bottom: r.bottom + scrollY, height: r.height, screen: innerHeight};
"""


def test_header_takes_at_most_a_quarter_of_the_first_screen(root, driver, page):
    open_page(driver, root.url(page.rel), 375)
    h = driver.execute_script(HEADER_JS)
    if h is None:
        fail(f"{page.id}: no header (banner)")
    share = h["bottom"] / h["screen"]
    print(f"{page.id}: header {h['height']:.0f} px, ends at {h['bottom']:.0f} px of {h['screen']} ({share:.0%})")
    if share > 0.25:
        fail(f"{page.id} at 375 × {SCREEN_HEIGHT}: the header ends at {h['bottom']:.0f} px, "
             f"{share:.0%} of the first screen (at most 25 %)")


# --------------------------------------------------------------------------
# Words cut inside

BROKEN_WORDS_JS = r"""
const out = [];
const skip = new Set(['SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE', 'TEXTAREA', 'OPTION', 'TITLE']);
const address = /[@\/\\]|^https?:|^www\.|\.(fr|org|com|net|ics|xml|json)\b|_/i;
const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT, {
  acceptNode(n) {
    for (let e = n.parentElement; e; e = e.parentElement) if (skip.has(e.tagName)) return NodeFilter.FILTER_REJECT;
    return /\S/.test(n.data) ? NodeFilter.FILTER_ACCEPT : NodeFilter.FILTER_REJECT;
  }
});
const range = document.createRange();
const lines = (start, end) => {
  range.setStart(node, start); range.setEnd(node, end);
  const tops = [];
  for (const r of range.getClientRects()) {
    if (r.width < 0.5 || r.height < 0.5) continue;
    if (!tops.some(t => Math.abs(t - r.top) < r.height / 2)) tops.push(r.top);
  }
  return tops;
};
let node;
while ((node = walker.nextNode())) {
  const el = node.parentElement;
  const cs = getComputedStyle(el);
  if (cs.visibility === 'hidden') continue;
  const autoHyphens = cs.hyphens === 'auto' || cs.webkitHyphens === 'auto';
  const re = /[^\s\u00a0\u202f]+/g;  // a word: what lies between spaces (no-break spaces included)
  let m;
  while ((m = re.exec(node.data))) {
    const word = m[0], start = m.index, end = start + word.length;
    if (word.length < 2 || address.test(word)) continue;
    const tops = lines(start, end);
    if (tops.length < 2) continue;
    // Where does the word go to the next line? Allowed after a hyphen, a dash or a
    // soft hyphen, or anywhere when the browser hyphenates (hyphens: auto).
    let cut = -1;
    const first = Math.min(...tops);
    for (let i = start + 1; i < end; i++) {
      const t = lines(i, i + 1);
      if (t.length && t[0] > first + 1) { cut = i; break; }
    }
    const before = cut > 0 ? node.data[cut - 1] : '';
    if (/[-\u2010\u2011\u2013\u2014\u00ad]/.test(before) || autoHyphens) continue;
    let path = el.tagName.toLowerCase() + (el.className && typeof el.className === 'string' ? '.' + el.className.trim().split(/\s+/).join('.') : '');
    const p = el.parentElement;
    if (p) path = p.tagName.toLowerCase() + (p.className && typeof p.className === 'string' && p.className.trim() ? '.' + p.className.trim().split(/\s+/)[0] : '') + ' > ' + path;
    out.push({word, cut: cut > 0 ? word.slice(0, cut - start) + '/' + word.slice(cut - start) : word, path});
    if (out.length >= 30) return out;
  }
}
return out;
"""


@pytest.mark.parametrize("phone_width", [320, 375])
def test_no_word_is_cut_inside(root, driver, page, phone_width):
    open_page(driver, root.url(page.rel), phone_width)
    broken = driver.execute_script(BROKEN_WORDS_JS)
    if broken:
        fail(f"{page.id} at {phone_width} px: words cut inside (the cut shown as /):\n  "
             + "\n  ".join(f"{b['cut']!r} in {b['path']}" for b in broken))


def test_broken_word_detector_sees_a_cut_word(root, driver):
    """The control: a word cut by overflow-wrap: anywhere is found; a hyphenated compound is not."""
    open_page(driver, root.url(""), 375)
    driver.execute_script(
        "const p = document.createElement('p');"
        "p.style.cssText = 'width: 5em; overflow-wrap: anywhere; hyphens: manual';"
        "p.textContent = 'Professionnels Saint-Gervais-les-Trois-Clochers';"
        "document.querySelector('main').prepend(p);")
    broken = driver.execute_script(BROKEN_WORDS_JS)
    words = [b["word"] for b in broken]
    assert "Professionnels" in words, broken
    assert "Saint-Gervais-les-Trois-Clochers" not in words, broken


# --------------------------------------------------------------------------
# The first screen

IN_FIRST_SCREEN_JS = r"""
const el = arguments[0];
const r = el.getBoundingClientRect();
if (r.width < 1 || r.height < 1) return false;
if (r.top < 0 || r.bottom > innerHeight || r.left < 0 || r.right > innerWidth) return false;
const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
return !!hit && (hit === el || el.contains(hit) || hit.contains(el) || (hit.control === el));
"""


def visible_in_first_screen(driver, el) -> bool:
    return bool(driver.execute_script(IN_FIRST_SCREEN_JS, el))


def test_home_first_screen_has_the_request_and_a_phone_number(root, driver):
    open_page(driver, root.url(""), 375)
    requests = [a for a in driver.find_elements(By.CSS_SELECTOR, "a")
                if a.text.strip().lower() == "faire une demande"]
    phones = driver.find_elements(By.CSS_SELECTOR, 'a[href^="tel:"]')
    problems = []
    if not any(visible_in_first_screen(driver, a) for a in requests):
        problems.append(f"no « Faire une demande » link in the first screen ({len(requests)} on the page)")
    if not any(visible_in_first_screen(driver, a) for a in phones):
        problems.append(f"no phone link (tel:) in the first screen ({len(phones)} on the page)")
    if problems:
        fail("home page at 375 × 800: " + "; ".join(problems))


FIRST_FIELD_JS = r"""
const form = document.querySelector('main form[method=post], main form[data-form]');
if (!form) return null;
for (const el of form.querySelectorAll('input, select, textarea')) {
  if (el.type === 'hidden' || el.closest('[aria-hidden=true]') || el.tabIndex < 0) continue;
  return el;
}
return null;
"""

SAME_PAGE_LINKS_JS = r"""
return [...document.querySelectorAll('a[href]')].filter(a => {
  const u = new URL(a.href, location.href);
  return u.hash && u.pathname === location.pathname && u.search === location.search;
}).map(a => a.getAttribute('href'));
"""


def test_access_form_first_field_within_one_link_of_the_first_screen(root, driver):
    url = root.url(FORM_PAGE)
    open_page(driver, url, 375)
    field = driver.execute_script(FIRST_FIELD_JS)
    if field is None:
        fail(f"no form on {url}")
    if visible_in_first_screen(driver, field):
        return
    tried = []
    for href in driver.execute_script(SAME_PAGE_LINKS_JS):
        open_page(driver, url, 375)
        link = next((a for a in driver.find_elements(By.CSS_SELECTOR, "a[href]")
                     if a.get_attribute("href") and a.get_attribute("href").endswith(href)
                     and visible_in_first_screen(driver, a)), None)
        if link is None:
            continue
        tried.append(href)
        link.click()
        time.sleep(0.6)  # smooth scrolling
        field = driver.execute_script(FIRST_FIELD_JS)
        if visible_in_first_screen(driver, field):
            return
    open_page(driver, url, 375)
    field = driver.execute_script(FIRST_FIELD_JS)
    top = driver.execute_script("return arguments[0].getBoundingClientRect().top + scrollY", field)
    fail(f"{url} at 375 × 800: the first field starts at {top:.0f} px and no link of the first "
         f"screen brings it into view (tried: {tried or 'none'})")


# --------------------------------------------------------------------------
# The main menu

MENU_JS = r"""
const nav = document.querySelector('header nav');
if (!nav) return null;
return [...nav.querySelectorAll('a')].map(a => {
  const r = a.getBoundingClientRect();
  return {text: a.textContent.trim(), top: Math.round(r.top), height: Math.round(r.height),
          visible: r.width > 0 && r.height > 0 && getComputedStyle(a).visibility !== 'hidden'};
});
"""


def test_main_menu_is_one_row_at_1280(root, driver):
    open_page(driver, root.url(""), 1280, 900)
    links = driver.execute_script(MENU_JS)
    if not links:
        fail("no menu links in the header's <nav>")
    hidden = [l["text"] for l in links if not l["visible"]]
    rows = sorted({l["top"] for l in links})
    if hidden:
        fail(f"menu links not shown at 1280 px: {hidden}")
    if rows[-1] - rows[0] > 2:
        by_row = {}
        for l in links:
            by_row.setdefault(l["top"], []).append(l["text"])
        fail(f"the main menu takes {len(by_row)} rows at 1280 px: {list(by_row.values())}")


AX_TOGGLE_JS = r"""
const s = document.querySelector('header details > summary');
return s ? {open: s.parentElement.open, text: s.textContent.trim()} : null;
"""


def _menu_links_visible(driver) -> bool:
    """Whether a link of the menu is rendered (a closed <details> keeps its content's
    boxes but skips them: checkVisibility() says so)."""
    return bool(driver.execute_script(
        "return [...document.querySelectorAll('header nav a')].some(a => a.checkVisibility("
        "{contentVisibilityAuto: true, opacityProperty: true, visibilityProperty: true}))"))


def _ax_expanded(driver, name: str):
    """The expanded state of the accessibility node named `name` with a button-like role."""
    tree = driver.execute_cdp_cmd("Accessibility.getFullAXTree", {})
    for n in tree.get("nodes", []):
        if n.get("ignored"):
            continue
        if (n.get("name", {}).get("value") or "").strip() != name:
            continue
        role = n.get("role", {}).get("value")
        props = {p["name"]: p.get("value", {}).get("value") for p in n.get("properties", [])}
        if "expanded" in props:
            return role, props["expanded"]
    return None, None


@pytest.mark.parametrize("javascript", [False, True], ids=["no-js", "js"])
def test_menu_disclosure_opens_and_closes(root, driver, javascript):
    """At 375 px the menu is closed; its button (a <summary>) is announced as an
    expandable button, collapsed; a click opens it (every link shown), Enter and Space
    close and open it again; with scripts on or off."""
    driver.execute_cdp_cmd("Emulation.setScriptExecutionDisabled", {"value": not javascript})
    try:
        open_page(driver, root.url("agenda/"), 375)
        toggle = driver.execute_script(AX_TOGGLE_JS)
        if toggle is None:
            fail("no <details> menu button in the header")
        problems = []
        if toggle["open"] or _menu_links_visible(driver):
            problems.append("the menu is open on load at 375 px")
        role, expanded = _ax_expanded(driver, toggle["text"])
        if expanded is not False:
            problems.append(f"the menu button is not exposed as collapsed (role {role}, expanded {expanded})")
        summary = driver.find_element(By.CSS_SELECTOR, "header details > summary")
        summary.click()
        time.sleep(0.2)
        if not _menu_links_visible(driver):
            problems.append("a click on the menu button does not show the menu")
        role, expanded = _ax_expanded(driver, toggle["text"])
        if expanded is not True:
            problems.append(f"once open, the menu button is not exposed as expanded (role {role}, expanded {expanded})")
        # every link visible and on top of the page (not under another box)
        for a in driver.find_elements(By.CSS_SELECTOR, "header nav a"):
            if not driver.execute_script(
                    "const r = arguments[0].getBoundingClientRect();"
                    "const h = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);"
                    "return !!h && (h === arguments[0] || arguments[0].contains(h));", a):
                problems.append(f"the menu link {a.text!r} is covered or off screen once open")
        summary.send_keys(Keys.ENTER)
        time.sleep(0.2)
        if _menu_links_visible(driver):
            problems.append("Enter on the menu button does not close the menu")
        summary.send_keys(Keys.SPACE)
        time.sleep(0.2)
        if not _menu_links_visible(driver):
            problems.append("Space on the menu button does not open the menu")
        if problems:
            fail(f"menu at 375 px, JavaScript {'on' if javascript else 'off'}:\n- " + "\n- ".join(problems))
    finally:
        driver.execute_cdp_cmd("Emulation.setScriptExecutionDisabled", {"value": False})


# --------------------------------------------------------------------------
# axe at the two other widths, with screenshots


@pytest.mark.parametrize("other_width", [320, 768])
def test_axe_wcag21_aa_at_other_widths(root, driver, page, other_width, axe_version):
    url = root.url(page.rel)
    open_page(driver, url, other_width, 900 if other_width == 320 else 1024)
    sc = B.horizontal_scroll(driver)  # before the screenshot, which resizes the view for a while
    violations = axe.run(driver)
    B.full_page_screenshot(driver, SCREENSHOTS / f"{page.id.replace('/', '__')}@{other_width}.png")
    problems = []
    if violations:
        problems.append(f"axe-core {axe_version}:\n" + axe.describe(violations))
    if sc["scrollWidth"] > sc["clientWidth"]:
        problems.append(f"scrolls horizontally ({sc['scrollWidth']} px for {sc['clientWidth']}): "
                        + ", ".join(sc["offenders"]))
    if problems:
        fail(f"{url} at {other_width} px:\n" + "\n".join(problems))


# --------------------------------------------------------------------------
# A GFM task list


def test_task_list_items_say_done_or_to_do(root, driver):
    """The example's project page has a task list; each item says « Fait : » or « À faire : »
    to a screen reader (visually hidden words from Parcours's Markdown stage), and has no
    control at all, so axe's `label` rule has nothing to flag; a ticked item shows a ticked
    box, an open one an empty box."""
    open_page(driver, root.url(TASK_LIST_PAGE), 375)
    items = driver.find_elements(By.CSS_SELECTOR, "main li.task-list-item")
    if not items:
        fail(f"no li.task-list-item on {TASK_LIST_PAGE} (the example's task list)")
    problems = []
    tree = driver.execute_cdp_cmd("Accessibility.getFullAXTree", {})
    boxes = [n for n in tree.get("nodes", []) if n.get("role", {}).get("value") == "checkbox" and not n.get("ignored")]
    if boxes:
        problems.append(f"{len(boxes)} checkbox(es) in the accessibility tree")
    for item in items:
        done = "task-list-item--done" in item.get_attribute("class")
        words = driver.execute_script(
            "const s = arguments[0].querySelector('.visually-hidden'); return s ? s.textContent.trim() : ''", item)
        want = "Fait :" if done else "À faire :"
        if words != want:
            problems.append(f"{item.text[:40]!r} says {words!r} to a screen reader, not {want!r}")
        mark = item.find_elements(By.CSS_SELECTOR, ".task-list-item__state")
        if not mark or mark[0].size["width"] < 10:
            problems.append(f"{item.text[:40]!r} shows no box")
        elif mark[0].get_attribute("aria-hidden") != "true":
            problems.append(f"{item.text[:40]!r}: the box is not hidden from screen readers")
    label = [v for v in axe.run(driver) if v["id"] == "label"]
    if label:
        problems.append("axe `label`:\n" + axe.describe(label))
    if problems:
        fail(f"{TASK_LIST_PAGE}:\n- " + "\n- ".join(problems))
