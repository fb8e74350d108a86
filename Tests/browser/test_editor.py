"""The editor of `parcours serve` (`/__parcours/editeur/`, issue 10), used as a
communications officer would: real Chromium, the real server, a temporary copy of the
example site (harness/preview.py), the mouse and the keyboard.

- a news item created entirely through the editor, seen in the preview, then found in a
  `parcours build` of the content folder;
- an event's place and time (typed `18h30`) edited: only those lines change on disk;
- errors (empty title, 32/13/2025, 25h, an end before the start): the summary takes the
  focus, each message stands beside its field, every typed value comes back, nothing is
  written;
- a file changed on disk while it is open: the conflict, both versions, nothing written;
- delete, then restore from the trash: the file comes back byte for byte;
- hostile requests over plain HTTP (foreign Origin, no token, wrong Host, `..`): refused,
  and not one byte of the site's folder changes;
- axe-core and the Nu checker on every screen at 1280, 1024 and 375 px; Tab reaches every
  field and button in order; the list buttons (↑ ↓ ✕ Ajouter) work with Enter;
- screenshots (Tests/browser/screenshots/editeur/, and docs/editeur/ for the README when
  PARCOURS_README_SCREENSHOTS=1).

One server (module fixture) serves every test; each test works on its own files. Every
wait is bounded."""

from __future__ import annotations

import base64
import difflib
import hashlib
import html
import http.client
import json
import os
import re
import shutil
import struct
import subprocess
import tempfile
import time
import zlib
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlencode

import pytest
from selenium.common.exceptions import WebDriverException
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

from harness import axe
from harness import browser as B
from harness import site as S
from harness import validator
from harness.preview import Preview

EDITOR = "/__parcours/editeur/"
WAIT = 20  # seconds: the longest any single step may take (a save runs the whole pipeline)
WIDTHS = [1280, 1024, 375]
SCREENSHOT_DIR = S.SCREENSHOTS / "editeur"
README_SCREENSHOT_DIR = S.REPO / "docs" / "editeur"

# The one image of the example content (a page bundle's file).
IMAGE = "/actualites/premiers-resultats-un-medecin-pres-de-chez-vous/consultations-mensuelles.svg"
IMAGE_ALT = "Graphique des consultations mensuelles du dispositif"


# --------------------------------------------------------------------------
# Fixtures


@pytest.fixture(scope="module")
def editor():
    """`parcours serve --port 0` in a temporary copy of content/ and themes/, stopped at the end."""
    if not (S.REPO / "content" / "missions" / "prevention.md").is_file():
        pytest.fail("content/missions/prevention.md is gone: the news item links to it", pytrace=False)
    running = Preview()
    try:
        yield running
    finally:
        running.stop()


@pytest.fixture
def browser(driver):
    """The session's Chromium, at 1280 px, its logs emptied."""
    B.set_viewport(driver, 1280)
    B.drain_logs(driver)
    yield driver
    B.drain_logs(driver)


# --------------------------------------------------------------------------
# Helpers: files


def content(editor: Preview, relative: str) -> Path:
    return editor.root / "content" / relative


def tree(root: Path) -> dict[str, str]:
    """Every file, folder and link under `root`, with a digest of each file's bytes."""
    state: dict[str, str] = {}
    for folder, folders, files in os.walk(root):
        for name in folders + files:
            path = Path(folder) / name
            relative = str(path.relative_to(root))
            if path.is_symlink():
                state[relative] = "link:" + os.readlink(path)
            elif path.is_file():
                state[relative] = hashlib.sha256(path.read_bytes()).hexdigest()
            else:
                state[relative] = "folder"
    return state


def changed_lines(before: str, after: str) -> list[tuple[str, str]]:
    """The lines that differ (before, after), or an AssertionError when lines were added or removed."""
    a, b = before.split("\n"), after.split("\n")
    matcher = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
    pairs = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        assert tag == "replace" and i2 - i1 == j2 - j1, (
            "lines were added or removed:\n" + "\n".join(difflib.unified_diff(a, b, lineterm="")))
        pairs += list(zip(a[i1:i2], b[j1:j2]))
    return pairs


def wait_until(condition, seconds: float, what: str):
    deadline = time.monotonic() + seconds
    last = None
    while time.monotonic() < deadline:
        last = condition()
        if last:
            return last
        time.sleep(0.1)
    raise AssertionError(f"not within {seconds} s: {what} (last: {last!r})")


# --------------------------------------------------------------------------
# Helpers: plain HTTP


def request(port: int, method: str, path: str, headers: dict | None = None,
            body: bytes | None = None) -> tuple[int, dict[str, str], str]:
    """One request; a `Host` in `headers` replaces the one http.client would send."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        headers = dict(headers or {})
        skip_host = "Host" in headers
        connection.putrequest(method, path, skip_host=skip_host, skip_accept_encoding=True)
        for name, value in headers.items():
            connection.putheader(name, value)
        if body is not None:
            connection.putheader("Content-Length", str(len(body)))
        connection.endheaders(body)
        response = connection.getresponse()
        return (response.status, {k.lower(): v for k, v in response.getheaders()},
                response.read().decode("utf-8", "replace"))
    finally:
        connection.close()


class FormReader(HTMLParser):
    """The fields of the editor's page form (`form.formulaire`) as a browser would post them."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.fields: dict[str, str] = {}
        self.in_form = False
        self.textarea: str | None = None
        self.select: str | None = None
        self.first_option: str | None = None
        self.selected = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and "formulaire" in (a.get("class") or "").split():
            self.in_form = True
        if not self.in_form:
            return
        if tag == "input" and a.get("name"):
            kind = a.get("type", "text")
            if kind in ("checkbox", "radio") and "checked" not in a:
                return
            if kind in ("submit", "button"):
                return
            self.fields[a["name"]] = a.get("value") or ""
        elif tag == "textarea":
            self.textarea = a.get("name")
            self.fields[self.textarea] = ""
        elif tag == "select":
            self.select, self.first_option, self.selected = a.get("name"), None, False
        elif tag == "option" and self.select:
            if self.first_option is None:
                self.first_option = a.get("value", "")
            if "selected" in a:
                self.fields[self.select], self.selected = a.get("value", ""), True

    def handle_endtag(self, tag):
        if tag == "form" and self.in_form:
            self.in_form = False
        elif tag == "textarea":
            if self.textarea and self.fields[self.textarea].startswith("\n"):
                self.fields[self.textarea] = self.fields[self.textarea][1:]  # as HTML parsing drops it
            self.textarea = None
        elif tag == "select" and self.select:
            if not self.selected and self.first_option is not None:
                self.fields[self.select] = self.first_option
            self.select = None

    def handle_data(self, data):
        if self.textarea:
            self.fields[self.textarea] += data


def form_fields(page: str) -> dict[str, str]:
    reader = FormReader()
    reader.feed(page)
    return reader.fields


def csrf_token(editor: Preview) -> str:
    status, page = editor.get(EDITOR + "corbeille/")
    assert status == 200
    match = re.search(r'name="csrf" value="([^"]+)"', page) or re.search(
        r'name="csrf" value="([^"]+)"', editor.get(EDITOR + "nouveau/page")[1])
    assert match, "no csrf token in the editor's pages"
    return html.unescape(match.group(1))


def post(editor: Preview, route: str, fields: dict[str, str], origin: str | None = "",
         host: str | None = None) -> tuple[int, dict[str, str], str]:
    """A form posted to the editor; `origin=""` sends the server's own origin, None none."""
    headers = {"Content-Type": "application/x-www-form-urlencoded"}
    if origin is not None:
        headers["Origin"] = origin or editor.base_url.rstrip("/")
    if host is not None:
        headers["Host"] = host
    return request(editor.port, "POST", EDITOR + route, headers, urlencode(fields).encode())


# --------------------------------------------------------------------------
# Helpers: the browser, used as a person would


def open_editor(driver, editor: Preview, route: str = "") -> None:
    B.drain_logs(driver)
    B.load(driver, editor.base_url.rstrip("/") + EDITOR + route)


def field_named(driver, name: str):
    return driver.find_element(By.CSS_SELECTOR, f'form.formulaire [name="{name}"]')


def click(driver, element) -> None:
    """A mouse click at the element's centre (scrolled into view first, as a person scrolls)."""
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", element)
    element.click()


def type_keys(driver, text: str) -> None:
    B.press(driver, text)


def fill(driver, element, text: str) -> None:
    """Click into a field, select what it holds (Ctrl+A), type over it (or erase it)."""
    click(driver, element)
    ActionChains(driver).key_down(Keys.CONTROL).send_keys("a").key_up(Keys.CONTROL).perform()
    type_keys(driver, text if text else Keys.BACK_SPACE)


def button(driver, text: str, scope=None):
    for candidate in (scope or driver).find_elements(By.CSS_SELECTOR, "button"):
        if candidate.text.strip() == text:
            return candidate
    raise AssertionError(f"no button {text!r}")


def save_and_wait(driver, expect_url: str | None = None, expect_selector: str | None = None) -> None:
    """Press "Enregistrer" with the mouse and wait for the next page."""
    old = driver.find_element(By.TAG_NAME, "html")
    click(driver, button(driver, "Enregistrer"))
    WebDriverWait(driver, WAIT).until(lambda d: _stale(old))
    WebDriverWait(driver, WAIT).until(lambda d: d.execute_script("return document.readyState") == "complete")
    if expect_url:
        WebDriverWait(driver, WAIT).until(lambda d: expect_url in d.current_url,
                                          f"after Enregistrer: not at {expect_url} but {driver.current_url}")
    if expect_selector:
        WebDriverWait(driver, WAIT).until(lambda d: d.find_elements(By.CSS_SELECTOR, expect_selector),
                                          f"after Enregistrer: no {expect_selector}")


def _stale(element) -> bool:
    try:
        element.tag_name
        return False
    except WebDriverException:
        return True


def value_of(driver, name: str) -> str:
    return field_named(driver, name).get_property("value")


def preview_document(driver) -> dict:
    """What the "Aperçu" frame shows: its URL, heading, links and images."""
    return driver.execute_script(r"""
      const frame = document.querySelector('iframe[name=apercu]');
      const doc = frame && frame.contentDocument;
      if (!doc || !doc.body) return {ready: false};
      const h1 = doc.querySelector('h1');
      return {ready: doc.readyState === 'complete', url: doc.location.href,
              h1: h1 ? h1.textContent.trim() : '',
              links: [...doc.querySelectorAll('main a[href]')].map(a => [a.getAttribute('href'), a.textContent.trim()]),
              images: [...doc.querySelectorAll('main img')].map(i => [i.getAttribute('src'), i.getAttribute('alt'), i.complete && i.naturalWidth > 0]),
              editorInside: !!doc.querySelector('form.formulaire')};
    """)


def javascript_errors(driver) -> list[str]:
    return [e["message"] for e in driver.get_log("browser")
            if e.get("level") == "SEVERE" and e.get("source") == "javascript"]


# --------------------------------------------------------------------------
# 1. A news item, from "Nouvelle actualité" to the built site


NEWS_TITLE = "Journée de dépistage du diabète à Naintré"
NEWS_SLUG = "journee-de-depistage-du-diabete-a-naintre"
NEWS_SUMMARY = "Un dépistage gratuit du diabète, sans rendez-vous, à la salle des fêtes."
NEWS_BODY = ("Les infirmières de la CPTS proposent un dépistage gratuit.\n\n"
             "Il fait partie de la [mission Prévention](/missions/prevention/) de la CPTS.\n\n"
             f"![{IMAGE_ALT}]({IMAGE})\n")


def test_a_news_item_created_in_the_editor_is_previewed_saved_and_built(editor, browser):
    driver = browser
    path = f"actualites/{NEWS_SLUG}.md"
    assert not content(editor, path).exists()
    open_editor(driver, editor)
    click(driver, driver.find_element(By.LINK_TEXT, "Nouvelle actualité"))
    WebDriverWait(driver, WAIT).until(lambda d: d.find_element(By.TAG_NAME, "h1").text == "Nouvelle actualité")

    fill(driver, field_named(driver, "title"), NEWS_TITLE)
    fill(driver, field_named(driver, "date"), "15/01/2027")
    fill(driver, field_named(driver, "summary"), NEWS_SUMMARY)
    # Two tags: the first in the empty row, the second in a row added with "Ajouter".
    fill(driver, field_named(driver, "tags.0"), "prévention")
    tags = driver.find_element(By.ID, "champ-tags")
    click(driver, button(driver, "Ajouter", tags))
    focused = driver.switch_to.active_element
    assert focused.get_attribute("name") == "tags.1", "Ajouter puts the cursor in the new row"
    type_keys(driver, "diabète")
    fill(driver, field_named(driver, "body"), NEWS_BODY)

    # The preview: rendered by the real pipeline and theme, as the site will show it.
    click(driver, button(driver, "Aperçu"))
    shown = wait_until(lambda: (lambda p: p if p.get("ready") and p.get("h1") == NEWS_TITLE
                                and p.get("images") and p["images"][0][2] else None)(preview_document(driver)),
                       WAIT, "the preview shows the news item with its image")
    assert not shown["editorInside"]
    assert any(href.endswith("/missions/prevention/") for href, _ in shown["links"]), shown["links"]
    assert [src for src, alt, _ in shown["images"] if alt == IMAGE_ALT and src.endswith(IMAGE)], shown["images"]

    save_and_wait(driver, expect_url=f"{EDITOR}modifier/{path}?enregistre=1", expect_selector=".bandeau[role=status]")
    confirmation = driver.find_element(By.CSS_SELECTOR, ".bandeau[role=status]").text
    assert confirmation.startswith("Enregistré"), confirmation
    assert driver.find_element(By.TAG_NAME, "h1").text == f"Modifier : {NEWS_TITLE}"
    assert value_of(driver, "date") == "15/01/2027"
    assert [value_of(driver, "tags.0"), value_of(driver, "tags.1")] == ["prévention", "diabète"]

    written = content(editor, path).read_text(encoding="utf-8")
    assert written.startswith(f"---\ntitle: {NEWS_TITLE}\ndate: 2027-01-15\n"), written
    assert "tags:\n  - prévention\n  - diabète\n" in written, written
    assert written.endswith("---\n" + NEWS_BODY), written

    # The served preview of the site has it too (the server rebuilds after the write).
    page = wait_until(lambda: (lambda r: r[1] if r[0] == 200 else None)(editor.get(f"/actualites/{NEWS_SLUG}/")),
                      WAIT, f"/actualites/{NEWS_SLUG}/ served")
    assert NEWS_TITLE in page

    # And `parcours build` of the content folder publishes it.
    output = Path(tempfile.mkdtemp(prefix="parcours-editor-build-"))
    try:
        run = subprocess.run([str(S.parcours_bin()), "build", "--source", str(editor.root / "content"),
                              "--themes", str(editor.root / "themes"), "--output", str(output / "site")],
                             cwd=editor.root, stdin=subprocess.DEVNULL, capture_output=True, text=True,
                             timeout=S.BUILD_TIMEOUT)
        assert run.returncode == 0, run.stdout + run.stderr
        built = (output / "site" / "actualites" / NEWS_SLUG / "index.html").read_text(encoding="utf-8")
    finally:
        shutil.rmtree(output, ignore_errors=True)
    assert re.search(r"<h1[^>]*>\s*" + re.escape(html.escape(NEWS_TITLE, quote=False)) + r"\s*</h1>", built), \
        "the built page has the title as its heading"
    for tag, slug in [("prévention", "prevention"), ("diabète", "diabete")]:
        assert re.search(rf'<a href="[^"]*/tags/{slug}/">{tag}</a>', built), f"tag {tag} linked in the built page"
    assert re.search(r'<a href="[^"]*/missions/prevention/">mission Prévention</a>', built)
    assert re.search(rf'<img src="[^"]*{re.escape(IMAGE)}" alt="{re.escape(IMAGE_ALT)}"', built)
    assert NEWS_SUMMARY in built or "dépistage gratuit" in built


# --------------------------------------------------------------------------
# 2. An event's place and time, typed the French way


def test_an_events_place_and_time_typed_18h30_change_only_those_lines(editor, browser):
    driver = browser
    path = "agenda/assemblee-generale-2026.md"
    before = content(editor, path).read_text(encoding="utf-8")
    assert "start: 2026-12-10T17:00\n" in before and "  name: Salle des fêtes de Naintré\n" in before
    open_editor(driver, editor)
    click(driver, driver.find_element(By.LINK_TEXT, "Assemblée générale 2026 et soirée conviviale"))
    WebDriverWait(driver, WAIT).until(lambda d: d.find_elements(By.CSS_SELECTOR, 'form.formulaire [name="start.heure"]'))
    assert value_of(driver, "start") == "10/12/2026" and value_of(driver, "start.heure") == "17h00"

    fill(driver, field_named(driver, "location.name"), "Salle polyvalente de Naintré")
    fill(driver, field_named(driver, "start.heure"), "18h30")
    save_and_wait(driver, expect_url=f"{EDITOR}modifier/{path}?enregistre=1", expect_selector=".bandeau[role=status]")
    assert value_of(driver, "start.heure") == "18h30"
    assert value_of(driver, "location.name") == "Salle polyvalente de Naintré"

    after = content(editor, path).read_text(encoding="utf-8")
    assert sorted(changed_lines(before, after)) == sorted([
        ("start: 2026-12-10T17:00", "start: 2026-12-10T18:30"),
        ("  name: Salle des fêtes de Naintré", "  name: Salle polyvalente de Naintré"),
    ])


# --------------------------------------------------------------------------
# 3. Errors


def summary_and_fields(driver) -> dict:
    """The error summary's links and, for each, the field it leads to."""
    return driver.execute_script(r"""
      const summary = document.querySelector('.resume-erreurs');
      if (!summary) return null;
      const links = [...summary.querySelectorAll('a[href^="#"]')].map(a => {
        const id = a.getAttribute('href').slice(1);
        const target = document.getElementById(id);
        const group = target && (target.closest('fieldset.date') || target.closest('.champ'));
        const invalid = group ? [...group.querySelectorAll('[aria-invalid=true]')] : [];
        return {id, text: a.textContent.trim(), exists: !!target,
                invalid: invalid.map(f => {
                  const ids = (f.getAttribute('aria-describedby') || '').split(/\s+/).filter(Boolean);
                  return {name: f.name, describedBy: ids,
                          descriptions: ids.map(i => { const e = document.getElementById(i); return e ? e.textContent.trim() : null; })};
                })};
      });
      const active = document.activeElement;
      return {links, focused: active === summary, active: active ? active.outerHTML.slice(0, 120) : null,
              role: summary.getAttribute('role'), heading: summary.querySelector('h2').textContent.trim()};
    """)


def check_error(found: dict, field_id: str, message: str, invalid_name: str) -> None:
    link = next((l for l in found["links"] if l["id"] == field_id), None)
    assert link, f"no link to #{field_id} in the summary: {found['links']}"
    assert link["text"] == message
    assert link["exists"], f"#{field_id} does not exist"
    fields = {f["name"]: f for f in link["invalid"]}
    assert invalid_name in fields, f"{invalid_name} is not aria-invalid=true: {link['invalid']}"
    descriptions = [d for d in fields[invalid_name]["descriptions"] if d is not None]
    assert len(descriptions) == len(fields[invalid_name]["describedBy"]), "aria-describedby names a missing id"
    assert any(message in d for d in descriptions), (
        f"the message is not beside {invalid_name} (aria-describedby): {fields[invalid_name]}")


def test_errors_come_back_beside_their_fields_with_every_typed_value(editor, browser):
    driver = browser
    path = "agenda/assemblee-generale-2025.md"
    before = content(editor, path).read_bytes()
    open_editor(driver, editor, "modifier/" + path)

    fill(driver, field_named(driver, "title"), "")
    fill(driver, field_named(driver, "end"), "32/13/2025")
    fill(driver, field_named(driver, "start.heure"), "25h")
    fill(driver, field_named(driver, "location.city"), "Naintré")
    fill(driver, field_named(driver, "summary"), "Un résumé retapé.")
    save_and_wait(driver, expect_selector=".resume-erreurs")

    found = wait_until(lambda: (lambda f: f if f and f["focused"] else None)(summary_and_fields(driver)),
                       5, "the focus on the error summary")
    assert found["heading"] == "La page n’a pas été enregistrée"
    check_error(found, "champ-title", "Ce champ est obligatoire.", "title")
    check_error(found, "champ-end", "« 32/13/2025 » n’est pas une date : écrivez-la jour/mois/année, "
                "par exemple 15/01/2027", "end")
    check_error(found, "champ-start", "« 25h » n’est pas une heure : écrivez-la comme 18h30 ou 9h", "start.heure")
    assert len(found["links"]) == 3, found["links"]
    # Every value as typed, the right ones and the wrong ones.
    assert [value_of(driver, n) for n in ["title", "end", "start.heure", "location.city", "summary", "start"]] == [
        "", "32/13/2025", "25h", "Naintré", "Un résumé retapé.", "11/12/2025"]
    assert content(editor, path).read_bytes() == before, "a page with errors is not written"

    # The summary's links lead to the fields (Enter on the first one: the title field).
    B.press(driver, Keys.TAB)
    assert driver.switch_to.active_element.get_attribute("href").endswith("#champ-title")
    B.press(driver, Keys.ENTER)
    wait_until(lambda: driver.switch_to.active_element.get_attribute("name") == "title", 3,
               "Enter on the summary's link focuses the title field")

    # An error only the whole pipeline finds: the end before the start.
    type_keys(driver, "Assemblée générale 2025 et soirée conviviale")
    fill(driver, field_named(driver, "end"), "11/12/2025")
    fill(driver, field_named(driver, "start.heure"), "17h")
    fill(driver, field_named(driver, "start"), "01/01/2027")
    save_and_wait(driver, expect_selector=".resume-erreurs")
    found = wait_until(lambda: (lambda f: f if f and f["focused"] else None)(summary_and_fields(driver)),
                       5, "the focus on the error summary")
    assert [l["id"] for l in found["links"]] == ["champ-end"], found["links"]
    message = found["links"][0]["text"]
    assert message, "the end-before-start error has a message"
    check_error(found, "champ-end", message, "end")
    assert [value_of(driver, n) for n in ["start", "start.heure", "end", "end.heure", "location.city"]] == [
        "01/01/2027", "17h", "11/12/2025", "21h30", "Naintré"]
    assert content(editor, path).read_bytes() == before, "a page with errors is not written"


def test_the_live_preview_of_a_page_with_errors_says_what_to_fix_and_leaves_the_focus(editor, browser):
    """The preview follows the typing; a page it cannot show yet says why, in the frame, and
    neither takes the focus from the field being typed in nor asks again by itself."""
    driver = browser
    open_editor(driver, editor, "nouveau/news")
    assert preview_document(driver).get("url", "about:blank") == "about:blank", \
        "a new page without a title is not previewed (nothing to show)"
    fill(driver, field_named(driver, "title"), "Un titre")
    fill(driver, field_named(driver, "date"), "32/13/2027")
    shown = wait_until(lambda: (lambda p: p if p.get("ready") and p.get("summary") else None)(driver.execute_script(r"""
        const doc = document.querySelector('iframe[name=apercu]').contentDocument;
        const summary = doc && doc.querySelector('.resume-erreurs');
        const visible = el => !!el && el.getClientRects().length > 0;
        return doc ? {ready: doc.readyState === 'complete', summary: visible(summary) ? summary.innerText : '',
                      formShown: visible(doc.querySelector('form.formulaire')), headerShown: visible(doc.querySelector('.entete'))} : {};
    """)), WAIT, "the preview says why it cannot show the page")
    assert "« 32/13/2027 » n’est pas une date" in shown["summary"]
    assert not shown["formShown"] and not shown["headerShown"], "the frame shows what to fix, not a second editor"
    assert driver.switch_to.active_element.get_attribute("name") == "date", "the focus stays where the person types"
    B.drain_logs(driver)
    time.sleep(2.5)  # longer than the preview's delay: no request may follow without typing
    posts = [entry for entry in driver.get_log("performance") if '"method":"POST"' in entry["message"].replace(" ", "")
             and "Network.requestWillBeSent" in entry["message"]]
    assert not posts, f"the preview posted {len(posts)} times by itself"
    # Its link leads to the field, in the editor.
    driver.switch_to.frame(driver.find_element(By.CSS_SELECTOR, "iframe[name=apercu]"))
    try:
        driver.find_element(By.CSS_SELECTOR, ".resume-erreurs a").click()
    finally:
        driver.switch_to.default_content()
    assert driver.switch_to.active_element.get_attribute("name") == "date"


def test_an_error_in_the_text_stands_beside_the_text(editor):
    path = "actualites/exercice-canicule-2026.md"
    before = content(editor, path).read_bytes()
    fields = form_fields(editor.get(EDITOR + "modifier/" + path)[1])
    fields.update({"body": fields["body"] + "\nVoir [cette page](/missions/n-existe-pas/).\n", "action": "enregistrer"})
    status, _, page = post(editor, "modifier/" + path, fields)
    assert status == 422
    assert content(editor, path).read_bytes() == before
    assert re.findall(r'<li><a href="#([^"]+)">', page) == ["champ-body"], page[:3000]


def test_a_new_page_reports_every_error_at_once(editor):
    fields = form_fields(editor.get(EDITOR + "nouveau/news")[1])
    fields.update({"title": "", "date": "32/13/2025", "action": "enregistrer"})
    status, _, page = post(editor, "nouveau/news", fields)
    assert status == 422
    assert sorted(re.findall(r'<li><a href="#([^"]+)">', page)) == ["champ-date", "champ-title"]


# --------------------------------------------------------------------------
# 4. A file changed on disk while it is open


def test_a_file_changed_on_disk_is_not_overwritten(editor, browser):
    driver = browser
    path = "contact.md"
    open_editor(driver, editor, "modifier/" + path)
    original = content(editor, path).read_text(encoding="utf-8")
    elsewhere = original.replace("title:", "# changé ailleurs, pendant que la page était ouverte\ntitle:", 1)
    assert elsewhere != original
    editor.write("content/" + path, elsewhere)

    fill(driver, field_named(driver, "title"), "Écrivez-nous")
    save_and_wait(driver, expect_selector=".conflit")
    conflict = driver.find_element(By.CSS_SELECTOR, ".conflit")
    assert conflict.find_element(By.TAG_NAME, "h2").text == "Le fichier a changé depuis son ouverture"
    disk_version = driver.find_element(By.CSS_SELECTOR, ".conflit pre.version-disque").get_property("textContent")
    assert "# changé ailleurs, pendant que la page était ouverte" in disk_version, "the version on disk is shown"
    assert value_of(driver, "title") == "Écrivez-nous", "the typed version is shown too"
    assert content(editor, path).read_text(encoding="utf-8") == elsewhere, "the file on disk is not overwritten"
    wait_until(lambda: driver.switch_to.active_element == conflict, 5, "the focus on the conflict message")

    # Saving again, knowingly: the title typed here, and what was changed on disk, both kept.
    save_and_wait(driver, expect_url=f"{EDITOR}modifier/{path}?enregistre=1", expect_selector=".bandeau")
    after = content(editor, path).read_text(encoding="utf-8")
    assert "# changé ailleurs, pendant que la page était ouverte\n" in after
    assert "title: Écrivez-nous\n" in after


# --------------------------------------------------------------------------
# 5. The trash


def test_a_deleted_page_is_restored_byte_for_byte_from_the_trash(editor, browser):
    driver = browser
    path = "actualites/recrutement-ipa.md"
    before = content(editor, path).read_bytes()
    title = re.search(r"^title: (.+)$", before.decode(), re.M).group(1).strip().strip('"')
    open_editor(driver, editor)
    click(driver, driver.find_element(By.CSS_SELECTOR, f'a[href="{EDITOR}modifier/{path}"]'))
    WebDriverWait(driver, WAIT).until(lambda d: d.find_elements(By.CSS_SELECTOR, "form.supprimer"))
    click(driver, button(driver, "Mettre à la corbeille"))
    WebDriverWait(driver, WAIT).until(lambda d: d.find_elements(By.CSS_SELECTOR, ".bandeau[role=status]"))
    assert "corbeille" in driver.find_element(By.CSS_SELECTOR, ".bandeau").text
    assert not content(editor, path).exists(), "the file left the content folder"
    assert not driver.find_elements(By.CSS_SELECTOR, f'a[href="{EDITOR}modifier/{path}"]'), "the list no longer has it"
    trashed = [p for p in (editor.root / ".parcours" / "corbeille").rglob("recrutement-ipa.md")]
    assert len(trashed) == 1 and trashed[0].read_bytes() == before, "the trash holds the file as it was"

    click(driver, driver.find_element(By.LINK_TEXT, "Corbeille"))
    WebDriverWait(driver, WAIT).until(lambda d: d.find_element(By.TAG_NAME, "h1").text == "Corbeille")
    item = next(li for li in driver.find_elements(By.CSS_SELECTOR, ".corbeille li") if path in li.text)
    assert title in item.text
    restore = item.find_element(By.TAG_NAME, "button")
    assert restore.get_property("textContent").strip() == f"Restaurer {title}", "the button names its page"
    click(driver, restore)
    WebDriverWait(driver, WAIT).until(lambda d: f"{EDITOR}modifier/{path}" in d.current_url)
    assert content(editor, path).read_bytes() == before, "restored byte for byte"
    open_editor(driver, editor, "corbeille/")
    assert path not in driver.find_element(By.TAG_NAME, "main").text


# --------------------------------------------------------------------------
# 6. Hostile requests over plain HTTP


ATTACKED = "mentions-legales.md"


@pytest.fixture
def attack(editor):
    """A complete, valid change of ATTACKED (only its title), as the editor's form would post it."""
    status, page = editor.get(EDITOR + "modifier/" + ATTACKED)
    assert status == 200
    fields = form_fields(page)
    assert fields.get("csrf") and fields.get("version") and "title" in fields
    fields.update({"title": "Piraté", "action": "enregistrer"})
    return fields


def wrong_token(token: str) -> str:
    """The token with its last character changed (to one it is not: a fixed letter would
    be the right token one time in sixteen)."""
    return token[:-1] + ("B" if token.endswith("A") else "A")


ATTACKS = {
    "foreign-origin": (403, lambda e, f: [post(e, "modifier/" + ATTACKED, f, origin="http://evil.example"),
                                          post(e, "supprimer/" + ATTACKED, {"csrf": f["csrf"]}, origin="http://evil.example"),
                                          post(e, "nouveau/page", {**f, "title": "Page pirate"}, origin="null")]),
    "no-origin": (403, lambda e, f: [post(e, "modifier/" + ATTACKED, f, origin=None)]),
    "no-csrf-token": (403, lambda e, f: [post(e, "modifier/" + ATTACKED, {k: v for k, v in f.items() if k != "csrf"}),
                                         post(e, "supprimer/" + ATTACKED, {}),
                                         post(e, "modifier/" + ATTACKED, {**f, "csrf": wrong_token(f["csrf"])})]),
    "wrong-host": (421, lambda e, f: [post(e, "modifier/" + ATTACKED, f, host=f"evil.example:{e.port}"),
                                      post(e, "supprimer/" + ATTACKED, {"csrf": f["csrf"]}, host="evil.example"),
                                      post(e, "modifier/" + ATTACKED, f, host=f"127.0.0.1.evil.example:{e.port}")]),
    "dot-dot-path": (404, lambda e, f: [post(e, route, f) for route in [
        "modifier/../site.yaml", "modifier/../../content/site.yaml", "modifier/actualites/../../x.md",
        "modifier/%2e%2e/site.yaml", "modifier/..%2F..%2Fx.md", "supprimer/../content/contact.md",
        "supprimer/actualites/../../../etc/passwd.md", "restaurer/..%2F..%2Fcontent",
        "modifier/.parcours/corbeille/x.md",
    ]]),
}


@pytest.mark.parametrize("kind", list(ATTACKS))
def test_a_hostile_request_is_refused_and_changes_nothing(editor, attack, kind):
    expected, send = ATTACKS[kind]
    before = tree(editor.root)
    answers = send(editor, attack)
    statuses = [status for status, _, _ in answers]
    assert statuses == [expected] * len(answers), [(s, b[:200]) for s, _, b in answers]
    assert tree(editor.root) == before, "a refused request changed the site's folder"


def test_the_same_request_from_the_editor_itself_is_accepted(editor, attack):
    """The control of the attacks above: with its origin, token and host, the same post saves."""
    before = content(editor, ATTACKED).read_text(encoding="utf-8")
    status, headers, body = post(editor, "modifier/" + ATTACKED, attack)
    assert status == 303, body[:2000]
    assert headers["location"] == f"{EDITOR}modifier/{ATTACKED}?enregistre=1"
    after = content(editor, ATTACKED).read_text(encoding="utf-8")
    assert len(changed_lines(before, after)) == 1 and "title: Piraté\n" in after


# --------------------------------------------------------------------------
# The menu, reordered in the site's settings


def test_the_menu_is_reordered_in_the_settings_with_the_keyboard(editor, browser):
    driver = browser
    yaml = pytest.importorskip("yaml")
    before_text = (editor.root / "content" / "site.yaml").read_text(encoding="utf-8")
    before = yaml.safe_load(before_text)
    titles = [item["title"] for item in before["menu"]]
    open_editor(driver, editor)
    click(driver, driver.find_element(By.LINK_TEXT, "Réglages du site"))
    WebDriverWait(driver, WAIT).until(lambda d: d.find_elements(By.CSS_SELECTOR, "#champ-menu"))
    driver.execute_script("window.scrollTo(0, 0)")
    tab_to(driver, lambda a: a["label"] == "Monter : Menu principal 2", "↑ of the menu's second entry")
    B.press(driver, Keys.ENTER)
    assert [value_of(driver, f"menu.{i}.title") for i in range(2)] == [titles[1], titles[0]]
    assert active(driver)["label"] == "Monter : Menu principal 1", "the focus follows the entry"
    save_and_wait(driver, expect_url=f"{EDITOR}reglages?enregistre=1", expect_selector=".bandeau[role=status]")

    after_text = (editor.root / "content" / "site.yaml").read_text(encoding="utf-8")
    after = yaml.safe_load(after_text)
    assert [item["title"] for item in after["menu"]] == [titles[1], titles[0]] + titles[2:]
    assert after["menu"][0] == before["menu"][1] and after["menu"][1] == before["menu"][0]
    assert {k: v for k, v in after.items() if k != "menu"} == {k: v for k, v in before.items() if k != "menu"}
    def without_menu(text: str) -> list[str]:
        lines = text.split("\n")
        start, end = lines.index("menu:"), lines.index("footer_menu:")
        return lines[:start] + lines[end:]
    assert without_menu(after_text) == without_menu(before_text), "only the menu's lines changed"
    # The site's menu, served by the preview, follows.
    def menu_order():
        status, home = editor.get("/")
        found = [m for m in (re.search(r'<a[^>]*href="[^"]*' + re.escape(item["url"]) + r'"', home)
                             for item in before["menu"][:2]) if m]
        return status == 200 and len(found) == 2 and found[1].start() < found[0].start()
    wait_until(menu_order, WAIT, "the home page's menu in the new order")


# --------------------------------------------------------------------------
# 7. Accessibility of every screen: axe, Nu, the keyboard


# One page of each type, to edit (none of them is changed by the tests above).
EDIT_PAGES = {
    "page": "qui-sommes-nous.md",
    "news": "actualites/campagne-vaccination-automne-2026.md",
    "event": "agenda/formation-insuffisance-cardiaque.md",
    "mission": "missions/prevention.md",
    "project": "projets/bien-grandir.md",
    "partner": "partenaires/cpam-vienne.md",
    "health-project": "projet-de-sante/_index.md",
    "form": "acces-medecin/_index.md",
    "section": "actualites/_index.md",
}
# The types the list offers a "Nouvelle …" button for (a health project or a form page is one
# page of its own, offered for editing only).
NEW_TYPES = ["page", "news", "event", "mission", "project", "partner"]
TRASHED = "actualites/tour-de-france-des-cpts-rapport.md"
ERRORS_PAGE = "agenda/soiree-sante-des-femmes.md"
CONFLICT_PAGE = "adherer.md"

SCREENS = (["liste", "liste-filtree", "corbeille", "reglages"] + [f"nouveau-{t}" for t in NEW_TYPES]
           + [f"modifier-{t}" for t in EDIT_PAGES] + ["erreurs-evenement", "conflit", "fichier-ajoute"])


def ensure_trash_holds_a_page(editor: Preview) -> None:
    if content(editor, TRASHED).exists():
        status, _, body = post(editor, "supprimer/" + TRASHED, {"csrf": csrf_token(editor)})
        assert status == 303, body[:1000]


def reach(driver, editor: Preview, screen: str) -> None:
    """Bring the browser to `screen`, as a person would."""
    if screen == "liste":
        open_editor(driver, editor)
    elif screen == "liste-filtree":
        open_editor(driver, editor)
        fill(driver, driver.find_element(By.ID, "filtre"), "brouillon")
        old = driver.find_element(By.TAG_NAME, "html")
        type_keys(driver, Keys.ENTER)
        WebDriverWait(driver, WAIT).until(lambda d: _stale(old))
        WebDriverWait(driver, WAIT).until(lambda d: d.execute_script("return document.readyState") == "complete")
    elif screen == "corbeille":
        ensure_trash_holds_a_page(editor)
        open_editor(driver, editor, "corbeille/")
    elif screen == "reglages":
        open_editor(driver, editor, "reglages")
    elif screen.startswith("nouveau-"):
        open_editor(driver, editor, "nouveau/" + screen[len("nouveau-"):])
    elif screen.startswith("modifier-"):
        open_editor(driver, editor, "modifier/" + EDIT_PAGES[screen[len("modifier-"):]])
    elif screen == "erreurs-evenement":
        open_editor(driver, editor, "modifier/" + ERRORS_PAGE)
        fill(driver, field_named(driver, "title"), "")
        fill(driver, field_named(driver, "start"), "32/13/2025")
        fill(driver, field_named(driver, "end.heure"), "25h")
        save_and_wait(driver, expect_selector=".resume-erreurs")
    elif screen == "conflit":
        open_editor(driver, editor, "modifier/" + CONFLICT_PAGE)
        text = content(editor, CONFLICT_PAGE).read_text(encoding="utf-8")
        editor.write("content/" + CONFLICT_PAGE, text + f"\nAjouté sur le disque ({time.monotonic()}).\n")
        fill(driver, field_named(driver, "title"), "Adhérer")
        save_and_wait(driver, expect_selector=".conflit")
    elif screen == "fichier-ajoute":
        open_editor(driver, editor, "modifier/" + EDIT_PAGES["news"])
        image = Path(tempfile.mkdtemp(prefix="parcours-editor-upload-")) / "Affiche été.png"
        try:
            image.write_bytes(tiny_png())
            driver.find_element(By.ID, "televersement-fichier").send_keys(str(image))
            fill(driver, driver.find_element(By.ID, "televersement-alt"), "Affiche de la campagne")
            old = driver.find_element(By.TAG_NAME, "html")
            # form.submit() skips the script's handler: the page a browser without JavaScript gets.
            driver.execute_script("arguments[0].submit()", driver.find_element(By.CSS_SELECTOR, "form[data-televersement]"))
            WebDriverWait(driver, WAIT).until(lambda d: _stale(old))
            WebDriverWait(driver, WAIT).until(lambda d: d.find_elements(By.CSS_SELECTOR, "pre"))
        finally:
            shutil.rmtree(image.parent, ignore_errors=True)
        assert "![Affiche de la campagne](/media/" in driver.find_element(By.TAG_NAME, "main").text
    else:
        raise AssertionError(screen)


def tiny_png() -> bytes:
    """A 4×4 red PNG."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    rows = b"".join(b"\x00" + b"\xff\x00\x00" * 4 for _ in range(4))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 4, 4, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))


def served_document(driver) -> str:
    """The bytes the server sent for the page the browser shows (its last document in the main
    frame, from Chromium's network log): the HTML as served, before the script ran."""
    main = driver.execute_cdp_cmd("Page.getFrameTree", {})["frameTree"]["frame"]["id"]
    request_id = None
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        params = message.get("params", {})
        if (message.get("method") == "Network.responseReceived" and params.get("type") == "Document"
                and params.get("frameId") == main):
            request_id = params["requestId"]
    assert request_id, "no document in the network log"
    body = driver.execute_cdp_cmd("Network.getResponseBody", {"requestId": request_id})
    return base64.b64decode(body["body"]).decode("utf-8") if body.get("base64Encoded") else body["body"]


@dataclass
class Audit:
    screen: str
    axe: dict = field(default_factory=dict)  # width -> violations
    scroll: dict = field(default_factory=dict)  # width -> horizontal_scroll()
    served: str = ""  # the HTML as the server sent it
    dom: str = ""  # the document after the script ran, serialized
    javascript_errors: list = field(default_factory=list)
    error: str = ""


_AUDITS: dict[str, Audit] = {}


def audit(driver, editor: Preview, screen: str) -> Audit:
    """The screen reached once, then measured at each width (the layout follows the viewport)."""
    if screen not in _AUDITS:
        a = Audit(screen)
        try:
            B.set_viewport(driver, WIDTHS[0])
            reach(driver, editor, screen)
            a.served = served_document(driver)
            a.dom = driver.execute_script(
                "return '<!DOCTYPE html>\\n' + document.documentElement.outerHTML")
            for width in WIDTHS:
                B.set_viewport(driver, width)
                time.sleep(0.05)
                a.scroll[width] = B.horizontal_scroll(driver)
                a.axe[width] = axe.run(driver, inject=width == WIDTHS[0])
            a.javascript_errors = javascript_errors(driver)
        except Exception as e:  # reported by each test of the screen
            a.error = f"{type(e).__name__}: {e}"
        finally:
            B.set_viewport(driver, 1280)
        _AUDITS[screen] = a
    a = _AUDITS[screen]
    if a.error:
        pytest.fail(f"could not audit the screen {screen}: {a.error}", pytrace=False)
    return a


@pytest.mark.parametrize("screen", SCREENS)
def test_editor_screen_passes_axe_at_every_width(editor, browser, screen):
    a = audit(browser, editor, screen)
    failures = [f"at {w} px:\n{axe.describe(v)}" for w, v in a.axe.items() if v]
    if failures:
        pytest.fail(f"axe-core {axe.version()} ({', '.join(axe.TAGS)}) on the editor's {screen}:\n"
                    + "\n".join(failures), pytrace=False)
    assert not a.javascript_errors, a.javascript_errors


@pytest.mark.parametrize("screen", SCREENS)
def test_editor_screen_has_no_horizontal_scroll(editor, browser, screen):
    a = audit(browser, editor, screen)
    wide = {w: s for w, s in a.scroll.items() if s["scrollWidth"] > s["clientWidth"]}
    assert not wide, "\n".join(f"{w} px: the page is {s['scrollWidth']} px wide; {s['offenders']}"
                               for w, s in wide.items())


_NU: dict = {}


def nu_messages(editor: Preview, driver) -> dict[str, list]:
    """The Nu checker, run once on every screen: the served HTML and the document after the
    script ran (`<screen>.html`, `<screen>.dom.html`)."""
    if not _NU:
        folder = Path(tempfile.mkdtemp(prefix="parcours-editor-nu-"))
        try:
            files = []
            for screen in SCREENS:
                served = folder / f"{screen}.html"
                served.write_text(audit(driver, editor, screen).served, encoding="utf-8")
                dom = folder / f"{screen}.dom.html"
                dom.write_text(audit(driver, editor, screen).dom, encoding="utf-8")
                files += [served, dom]
            messages = validator.validate(folder, files)
        finally:
            shutil.rmtree(folder, ignore_errors=True)
        _NU["messages"] = messages
    by_screen: dict[str, list] = {s: [] for s in SCREENS}
    for m in _NU["messages"]:
        by_screen.setdefault(m.file.split(".")[0], []).append(m)
    return by_screen


@pytest.mark.parametrize("screen", SCREENS)
def test_editor_screen_passes_the_nu_validator(editor, browser, screen):
    messages = nu_messages(editor, browser)[screen]
    assert not messages, f"the Nu checker on the editor's {screen} (served, and after its script):\n" + \
        "\n".join(map(str, messages))


TABBABLE_JS = r"""
const key = (el) => {
  if (el.tagName === 'IFRAME') return 'iframe';
  let s = el.tagName.toLowerCase();
  if (el.classList.length) s += '.' + el.classList[0];
  if (el.id) s += '#' + el.id; else if (el.name) s += '[name=' + el.name + ']';
  const text = (el.getAttribute('aria-label') || el.textContent || '').trim().replace(/\s+/g, ' ').slice(0, 40);
  if (['A', 'BUTTON'].includes(el.tagName)) s += ' "' + text + '"';
  const item = el.closest('li[data-element]');
  if (item) s += ' (item ' + ([...item.parentNode.children].indexOf(item) + 1) + ')';
  return s;
};
const active = document.activeElement;
const hasFocus = active && active !== document.body && active !== document.documentElement;
if (arguments[0] === 'active') return hasFocus ? key(active) : null;
if (arguments[0] === 'active-visible') {
  // The focused element shows on screen: the middle of its visible part is the element itself
  // (not covered), and it is not transparent or hidden.
  if (!hasFocus) return [null, false];
  const r = active.getBoundingClientRect();
  const left = Math.max(r.left, 0), right = Math.min(r.right, innerWidth);
  const top = Math.max(r.top, 0), bottom = Math.min(r.bottom, innerHeight);
  if (right - left < 1 || bottom - top < 1) return [key(active), false];
  const hit = document.elementFromPoint((left + right) / 2, (top + bottom) / 2);
  const cs = getComputedStyle(active);
  return [key(active), !!hit && (hit === active || active.contains(hit) || (hit.tagName === 'LABEL' && hit.control === active))
    && cs.visibility !== 'hidden' && parseFloat(cs.opacity) > 0];
}
const selector = 'a[href], button, input, select, textarea, iframe, [tabindex]';
const els = [];
for (const el of document.querySelectorAll(selector)) {
  if (el.tabIndex < 0 || el.disabled || el.type === 'hidden' || el.closest('[inert]')) continue;
  const cs = getComputedStyle(el);
  if (cs.visibility === 'hidden' || el.getClientRects().length === 0) continue;
  if (el.type === 'radio') {
    const group = [...document.getElementsByName(el.name)].filter(r => r.type === 'radio' && r.form === el.form);
    if (el !== (group.find(r => r.checked) || group[0])) continue;
  }
  els.push(el);
}
// Chromium also stops on a scrolled box that holds nothing focusable (the version on disk
// of a conflict), so that the keyboard can scroll it.
for (const el of document.querySelectorAll('main *')) {
  const cs = getComputedStyle(el);
  if (['auto', 'scroll'].includes(cs.overflowY) && el.scrollHeight > el.clientHeight
      && el.tagName !== 'TEXTAREA' && !el.querySelector(selector) && !els.includes(el)) els.push(el);
}
els.sort((a, b) => a === b ? 0 : (a.compareDocumentPosition(b) & Node.DOCUMENT_POSITION_FOLLOWING) ? -1 : 1);
const all = els.map(key);
// From the focused element (an error summary, a conflict): what follows it.
const after = hasFocus ? els.filter(el => active.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_FOLLOWING
                                     && !active.contains(el) || (active.contains(el) && el !== active)).map(key) : all;
return [all, after];
"""

def tab_through(driver, max_tabs: int = 400) -> tuple[list[str], list[str], list[str]]:
    """Tab until the focus leaves the page, from where the focus is (the top of the page, or
    the error summary or conflict message that took it): what was focused (the preview frame's
    own links count as one stop, `iframe`), and what was not visible when focused."""
    driver.execute_script("if (document.activeElement === document.body) window.scrollTo(0, 0)")
    everything, expected = driver.execute_script(TABBABLE_JS, "all")
    reached, hidden = [], []
    for _ in range(max_tabs):
        B.press(driver, Keys.TAB)
        key, visible = driver.execute_script(TABBABLE_JS, "active-visible")
        if key is None or (reached and key in (reached[0], everything[0])):
            break
        if key == "iframe" and reached and reached[-1] == "iframe":
            continue
        reached.append(key)
        if key == "iframe" and expected and expected[-1] == "iframe":
            break  # the last stop: what follows is the previewed page's own links
        if key != "iframe" and not visible:
            hidden.append(key)
    return expected, reached, hidden


KEYBOARD_SCREENS = ["liste", "corbeille", "reglages", "nouveau-news", "modifier-event",
                    "erreurs-evenement", "conflit"]


@pytest.mark.parametrize("screen", KEYBOARD_SCREENS)
def test_tab_reaches_every_field_and_button_in_order(editor, browser, screen):
    driver = browser
    reach(driver, editor, screen)
    expected, reached, hidden = tab_through(driver)
    # The preview frame is one stop when its page has links, none when it is empty.
    if "iframe" not in reached:
        expected = [k for k in expected if k != "iframe"]
    assert reached == expected, "Tab order differs from the fields and buttons of the page:\n" + "\n".join(
        difflib.unified_diff(expected, reached, "every field and button", "reached with Tab", lineterm=""))
    assert not hidden, f"not visible when focused: {hidden}"


def active(driver) -> dict:
    return driver.execute_script(r"""
      const el = document.activeElement;
      const item = el && el.closest('li[data-element]');
      return {tag: el.tagName.toLowerCase(), name: el.name || '', label: el.getAttribute('aria-label') || '',
              text: el.textContent.trim(), item: item ? [...item.parentNode.children].indexOf(item) + 1 : 0};
    """)


def tags_state(driver) -> list[tuple[str, str, str]]:
    """(name, value, label text) of each tag row."""
    return [tuple(row) for row in driver.execute_script(r"""
      return [...document.querySelectorAll('#champ-tags > ol > li')].map(li => {
        const input = li.querySelector('input');
        const label = li.querySelector('label[for="' + input.id + '"]');
        return [input.name, input.value, label ? label.textContent.trim() : null];
      });
    """)]


def tab_to(driver, predicate, what: str, max_tabs: int = 80) -> dict:
    for _ in range(max_tabs):
        B.press(driver, Keys.TAB)
        now = active(driver)
        if predicate(now):
            return now
    raise AssertionError(f"Tab never reached {what}")


def test_list_buttons_work_with_the_keyboard(editor, browser):
    driver = browser
    open_editor(driver, editor, "nouveau/news")
    driver.execute_script("window.scrollTo(0, 0)")
    tab_to(driver, lambda a: a["name"] == "tags.0", "the first tag")
    type_keys(driver, "prévention")
    for label in ["Monter", "Descendre", "Retirer"]:
        B.press(driver, Keys.TAB)
        assert active(driver)["label"].startswith(label), active(driver)
    B.press(driver, Keys.TAB)
    assert active(driver)["text"] == "Ajouter"
    B.press(driver, Keys.ENTER)
    assert active(driver)["name"] == "tags.1", "Enter on Ajouter adds a row and puts the cursor in it"
    type_keys(driver, "diabète")
    assert tags_state(driver) == [("tags.0", "prévention", "Thématiques 1"), ("tags.1", "diabète", "Thématiques 2")]

    # ↑ on the second row, with Enter: it goes first, and keeps the focus.
    B.press(driver, Keys.TAB)
    assert active(driver)["label"].startswith("Monter") and active(driver)["item"] == 2
    B.press(driver, Keys.ENTER)
    assert tags_state(driver) == [("tags.0", "diabète", "Thématiques 1"), ("tags.1", "prévention", "Thématiques 2")]
    assert active(driver)["label"].startswith("Monter") and active(driver)["item"] == 1, \
        f"the focus stays on the moved row's button: {active(driver)}"
    # ↓ on it (now first), with Enter: back in second place.
    B.press(driver, Keys.TAB)
    assert active(driver)["label"].startswith("Descendre")
    B.press(driver, Keys.ENTER)
    assert tags_state(driver) == [("tags.0", "prévention", "Thématiques 1"), ("tags.1", "diabète", "Thématiques 2")]
    assert active(driver)["label"].startswith("Descendre") and active(driver)["item"] == 2, active(driver)
    # ✕ with Enter: the row goes, the focus goes to the row before.
    B.press(driver, Keys.TAB)
    assert active(driver)["label"].startswith("Retirer") and active(driver)["item"] == 2
    B.press(driver, Keys.ENTER)
    assert tags_state(driver) == [("tags.0", "prévention", "Thématiques 1")]
    assert active(driver)["name"] == "tags.0", f"after ✕, the focus is in the row before: {active(driver)}"
    # The last row removed too: the focus on "Ajouter", which still adds a row.
    for label in ["Monter", "Descendre", "Retirer"]:
        B.press(driver, Keys.TAB)
        assert active(driver)["label"].startswith(label), active(driver)
    B.press(driver, Keys.ENTER)
    assert tags_state(driver) == []
    assert active(driver)["text"] == "Ajouter", f"after the last row is removed: {active(driver)}"
    B.press(driver, Keys.ENTER)
    assert tags_state(driver) == [("tags.0", "", "Thématiques 1")]
    assert active(driver)["name"] == "tags.0"


# --------------------------------------------------------------------------
# 8. Screenshots


def screenshot(driver, name: str, width: int) -> Path:
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    png = driver.get_screenshot_as_png()
    path = SCREENSHOT_DIR / f"{name}@{width}.png"
    path.write_bytes(png)
    if os.environ.get("PARCOURS_README_SCREENSHOTS") == "1":
        README_SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
        (README_SCREENSHOT_DIR / f"{name}-{width}.png").write_bytes(png)
    return path


def fill_a_news_item(driver, editor: Preview) -> None:
    open_editor(driver, editor, "nouveau/news")
    fill(driver, field_named(driver, "title"), "Soirée d’information sur le sport santé")
    fill(driver, field_named(driver, "summary"), "Les nouveaux créneaux de sport santé présentés aux patients.")
    fill(driver, field_named(driver, "date"), "15/01/2027")
    fill(driver, field_named(driver, "tags.0"), "sport santé")
    fill(driver, field_named(driver, "body"),
         "Une soirée pour découvrir les créneaux de sport santé.\n\n"
         "Voir la [mission Prévention](/missions/prevention/).\n")
    wait_until(lambda: preview_document(driver).get("h1") == "Soirée d’information sur le sport santé",
               WAIT, "the live preview")
    driver.execute_script("window.scrollTo(0, 0); document.activeElement.blur()")


@pytest.fixture(scope="module")
def pristine_editor():
    """A server of its own for the screenshots: the example site as it is, whatever the
    other tests changed (they are shown in the README)."""
    running = Preview()
    try:
        yield running
    finally:
        running.stop()


@pytest.mark.parametrize("shot_width", [1280, 375], ids=["1280", "375"])
def test_screenshots_of_the_editor(pristine_editor, browser, shot_width):
    driver, width, editor = browser, shot_width, pristine_editor
    B.set_viewport(driver, width)
    written = []
    open_editor(driver, editor)
    written.append(screenshot(driver, "liste", width))
    fill_a_news_item(driver, editor)
    written.append(screenshot(driver, "actualite", width))
    open_editor(driver, editor, "nouveau/news")
    fill(driver, field_named(driver, "title"), "Soirée d’information sur le sport santé")
    fill(driver, field_named(driver, "date"), "32/01/2027")
    fill(driver, field_named(driver, "summary"), "Les nouveaux créneaux de sport santé présentés aux patients.")
    save_and_wait(driver, expect_selector=".resume-erreurs")
    wait_until(lambda: preview_document(driver).get("ready"), WAIT, "the preview frame")
    time.sleep(0.5)
    driver.execute_script("window.scrollTo(0, 0)")
    written.append(screenshot(driver, "erreurs", width))
    for path in written:
        assert path.stat().st_size > 5000, f"{path} looks empty"


def test_a_file_sent_with_javascript_goes_into_the_text_and_keeps_the_typing(editor, browser):
    """The script sends the file and writes its Markdown where the cursor stands; what was
    typed in the page stays (nothing is saved until "Enregistrer")."""
    driver = browser
    open_editor(driver, editor, "modifier/" + EDIT_PAGES["news"])
    fill(driver, field_named(driver, "title"), "Titre tapé, pas encore enregistré")
    image = Path(tempfile.mkdtemp(prefix="parcours-editor-upload-")) / "Affiche été.png"
    try:
        image.write_bytes(tiny_png())
        driver.find_element(By.ID, "televersement-fichier").send_keys(str(image))
        fill(driver, driver.find_element(By.ID, "televersement-alt"), "Affiche de la campagne")
        click(driver, button(driver, "Envoyer le fichier"))
        WebDriverWait(driver, WAIT).until(
            lambda d: "![Affiche de la campagne](/media/affiche-ete" in d.find_element(By.ID, "champ-body").get_property("value"))
    finally:
        shutil.rmtree(image.parent, ignore_errors=True)
    assert value_of(driver, "title") == "Titre tapé, pas encore enregistré"
    assert any(p.name.startswith("affiche-ete") for p in (editor.root / "content" / "media").iterdir())


def test_the_toolbar_writes_markdown_and_links_a_page(editor, browser):
    driver = browser
    open_editor(driver, editor, "modifier/" + EDIT_PAGES["news"])
    text = driver.find_element(By.ID, "champ-body")
    driver.execute_script("arguments[0].value = ''; arguments[0].focus();", text)
    toolbar = driver.find_element(By.CSS_SELECTOR, "[role=toolbar]")
    assert toolbar.get_attribute("aria-label") == "Mise en forme du texte"
    click(driver, button(driver, "Gras"))
    assert text.get_property("value") == "**texte en gras**"
    driver.execute_script("arguments[0].setSelectionRange(arguments[0].value.length, arguments[0].value.length);", text)
    click(driver, button(driver, "Lien vers une page"))
    pick = driver.find_element(By.ID, "choix-lien-page")
    assert driver.switch_to.active_element == pick
    options = [o.get_attribute("value") for o in pick.find_elements(By.TAG_NAME, "option")]
    assert "/missions/prevention/" in options
    driver.execute_script("arguments[0].value = '/missions/prevention/';", pick)
    click(driver, button(driver, "Insérer le lien"))
    assert text.get_property("value").endswith("](/missions/prevention/)")
