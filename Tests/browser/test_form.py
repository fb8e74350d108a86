"""The access request form of « Un médecin près de chez vous », in a real browser.

The example site is built again (once per encoding: urlencoded, json) with its form
endpoint pointed at a small receiver on 127.0.0.1 (harness/receiver.py) that records
what arrives, and served by nginx. A person's answers are typed and clicked as a
person would; the tests then read what the receiver got, what the page shows, where
the focus is, and run axe-core on the form in every state.

Screenshots of the states: Tests/browser/screenshots/form/<state>@<width>.png.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import Select, WebDriverWait

from harness import axe
from harness import browser as B
from harness import site as S
from harness.nginx import Nginx
from harness.receiver import Receiver

FORM_ID = "acces-medecin"
FORM_PATH = "acces-medecin/"
SUCCESS_PATH = "acces-medecin/merci/"
ENDPOINT_PATH = "/acces"
ENCODINGS = ["urlencoded", "json"]
MIN_FILL_SECONDS = 3  # the form's data-min-fill-seconds (checked below)
SCREENSHOTS = S.SCREENSHOTS / "form"
NBSP = "\u00a0"

# A person's answers, by field name, as the form service must receive them.
PERSON = {
    "nom": "Martin",
    "prenom": "Élise",
    "date_naissance_jour": "7",
    "date_naissance_mois": "3",
    "date_naissance_annee": "1956",
    "telephone": "06 12 34 56 78",
    "email": "elise.martin@example.org",
    "commune": "Naintré",
    "medecin_traitant": "non",
    "ald": "oui",
    "deplacement": "accompagne",
    "foyer": "oui",
    "rappel": "apres-midi",
    "consentement": "on",
}
TEXT_FIELDS = ["nom", "prenom", "date_naissance_jour", "date_naissance_mois", "date_naissance_annee",
               "telephone", "email", "commune"]
RADIO_FIELDS = ["medecin_traitant", "ald", "deplacement", "foyer"]

# The required fields, in the order of the form, and the control their summary link focuses.
REQUIRED = [
    ("nom", "champ-nom"),
    ("prenom", "champ-prenom"),
    ("date_naissance", "champ-date_naissance-jour"),
    ("telephone", "champ-telephone"),
    ("commune", "champ-commune"),
    ("medecin_traitant", "champ-medecin_traitant-1"),
    ("ald", "champ-ald-1"),
    ("deplacement", "champ-deplacement-1"),
    ("foyer", "champ-foyer-1"),
    ("rappel", "champ-rappel"),
    ("consentement", "champ-consentement"),
]


# --------------------------------------------------------------------------
# The site built against the receiver


@dataclass
class FormSite:
    encoding: str
    port: int
    output: Path
    nginx: Nginx | None = None

    @property
    def origin(self) -> str:
        return f"http://{S.HOST}:{self.port}"

    def url(self, rel: str) -> str:
        return f"{self.origin}/{rel}"


@pytest.fixture(scope="module")
def receiver():
    r = Receiver().start()
    yield r
    r.stop()


@pytest.fixture(scope="module")
def form_sites(receiver):
    """Builds (lazily) and serves one site per encoding; stops them at the end."""
    root = Path(tempfile.mkdtemp(prefix="parcours-form-"))
    sites: dict[str, FormSite] = {}

    def get(encoding: str) -> FormSite:
        if encoding in sites:
            return sites[encoding]
        site = FormSite(encoding, S.free_port(), root / encoding / "site")
        command = [
            str(S.parcours_bin()), "build",
            "--source", str(S.content_dir()), "--themes", str(S.themes_dir()),
            "--output", str(site.output), "--base-url", site.origin + "/",
            "--set", f"forms.{FORM_ID}.endpoint={receiver.url}{ENDPOINT_PATH}",
            "--set", f"forms.{FORM_ID}.encoding={encoding}",
        ]
        proc = subprocess.run(command, cwd=S.REPO, stdin=subprocess.DEVNULL, capture_output=True,
                              text=True, timeout=S.BUILD_TIMEOUT)
        if proc.returncode != 0:
            pytest.fail(f"$ {' '.join(command)}\n(exit {proc.returncode})\n{proc.stdout}{proc.stderr}", pytrace=False)
        site.nginx = Nginx(site.output, site.port).start()
        receiver.allowed_origins.add(site.origin)
        sites[encoding] = site
        return site

    yield get
    for site in sites.values():
        if site.nginx:
            site.nginx.stop()
    shutil.rmtree(root, ignore_errors=True)


@pytest.fixture(params=ENCODINGS)
def form_site(request, form_sites) -> FormSite:
    return form_sites(request.param)


@pytest.fixture
def urlencoded_site(form_sites) -> FormSite:
    return form_sites("urlencoded")


@pytest.fixture(scope="module")
def form_driver():
    d = B.make_driver()
    yield d
    d.quit()


@pytest.fixture
def browser(form_driver, receiver):
    """A fresh tab (so a fresh sessionStorage) and a receiver that answers 200."""
    old = form_driver.current_window_handle
    form_driver.switch_to.new_window("tab")
    new = form_driver.current_window_handle
    form_driver.switch_to.window(old)
    form_driver.close()
    form_driver.switch_to.window(new)
    B.set_viewport(form_driver, 1280)
    # The theme scrolls smoothly unless reduced motion is asked for: Selenium would click
    # where an element was before the scroll ended.
    form_driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {
        "features": [{"name": "prefers-reduced-motion", "value": "reduce"}]})
    receiver.start()
    receiver.reset()
    yield form_driver
    receiver.start()
    receiver.reset()


# --------------------------------------------------------------------------
# A person at the form


class Person:
    def __init__(self, driver, site: FormSite, width: int = 1280) -> None:
        self.d = driver
        self.site = site
        self.width = width
        self.loaded_at = 0.0

    # --- navigation
    def open(self) -> "Person":
        B.set_viewport(self.d, self.width)
        B.drain_logs(self.d)
        B.load(self.d, self.site.url(FORM_PATH))
        self.loaded_at = time.monotonic()
        return self

    def reload(self) -> None:
        self.d.refresh()
        WebDriverWait(self.d, 10).until(lambda d: d.execute_script("return document.readyState") == "complete")
        self.loaded_at = time.monotonic()

    # --- elements
    def el(self, css: str):
        return self.d.find_element(By.CSS_SELECTOR, css)

    def by_id(self, id_: str):
        return self.d.find_element(By.ID, id_)

    def control(self, name: str):
        return self.d.find_element(By.CSS_SELECTOR, f'form [name="{name}"]')

    @property
    def form(self):
        return self.el("form[data-form]")

    @property
    def button(self):
        return self.el('form[data-form] button[type="submit"]')

    @property
    def summary(self):
        return self.el("[data-error-summary]")

    @property
    def confirmation(self):
        return self.el("[data-confirmation]")

    @property
    def failure(self):
        return self.el("[data-send-failed]")

    def active_id(self) -> str:
        return self.d.execute_script("return document.activeElement && document.activeElement.id || ''")

    def active(self):
        return self.d.execute_script("return document.activeElement")

    # --- typing and clicking, as a person would
    def type(self, name: str, text: str, then_tab: bool = False) -> None:
        field = self.control(name)
        field.click()
        field.clear()
        field.send_keys(text)
        if then_tab:
            field.send_keys(Keys.TAB)

    def choose(self, name: str, value: str) -> None:
        radio = self.el(f'form input[name="{name}"][value="{value}"]')
        self.el(f'label[for="{radio.get_attribute("id")}"]').click()

    def select(self, name: str, value: str) -> None:
        Select(self.control(name)).select_by_value(value)

    def tick(self, name: str) -> None:
        box = self.control(name)
        if not box.is_selected():
            self.el(f'label[for="{box.get_attribute("id")}"]').click()

    def fill(self, answers: dict = PERSON) -> None:
        for name in TEXT_FIELDS:
            if name in answers:
                self.type(name, answers[name])
        for name in RADIO_FIELDS:
            if name in answers:
                self.choose(name, answers[name])
        if "rappel" in answers:
            self.select("rappel", answers["rappel"])
        if answers.get("consentement") == "on":
            self.tick("consentement")

    def wait_min_fill_time(self) -> None:
        left = MIN_FILL_SECONDS + 0.3 - (time.monotonic() - self.loaded_at)
        if left > 0:
            time.sleep(left)

    def submit(self) -> None:
        self.button.click()

    def wait(self, condition, what: str, timeout: float = 10):
        try:
            return WebDriverWait(self.d, timeout, poll_frequency=0.05).until(lambda d: condition())
        except Exception:
            raise AssertionError(f"timed out waiting for {what}") from None

    def wait_confirmation(self) -> None:
        try:
            self.wait(lambda: self.confirmation.is_displayed(), "the confirmation")
        except AssertionError:
            shown = [el.text for el in self.d.find_elements(
                By.CSS_SELECTOR, "[data-error-summary], [data-send-failed], [data-form-status]") if el.is_displayed()]
            raise AssertionError(f"timed out waiting for the confirmation; the page shows: {shown}") from None

    # --- reading the form back
    def values(self) -> dict:
        """What the form would send now, without the hidden fields and the empty ones."""
        return self.d.execute_script("""
            const out = {};
            const form = document.querySelector('form[data-form]');
            new FormData(form).forEach((v, k) => { if (v !== '') out[k] = v; });
            for (const el of form.querySelectorAll('input[type=hidden]')) delete out[el.name];
            delete out[form.dataset.honeypot];
            return out;""")

    def session_draft(self) -> dict:
        return self.d.execute_script("""
            const out = {};
            for (let i = 0; i < sessionStorage.length; i++) {
              const k = sessionStorage.key(i); out[k] = sessionStorage.getItem(k);
            }
            return out;""")

    def local_storage_size(self) -> int:
        return self.d.execute_script("return localStorage.length")

    def summary_links(self) -> list[tuple[str, str]]:
        return [(a.get_attribute("href").split("#", 1)[1], a.get_attribute("textContent"))
                for a in self.summary.find_elements(By.CSS_SELECTOR, "li a")]

    # --- checks
    def axe_clean(self, state: str) -> None:
        violations = axe.run(self.d)
        assert not violations, f"axe-core, form {state} ({self.width} px):\n{axe.describe(violations)}"

    def screenshot(self, state: str) -> Path:
        path = SCREENSHOTS / f"{state}@{self.width}.png"
        scroll = self.d.execute_script("return [window.scrollX, window.scrollY]")
        B.full_page_screenshot(self.d, path)
        self.d.execute_script("window.scrollTo(arguments[0], arguments[1])", *scroll)
        return path

    def console_errors(self) -> list[str]:
        return B.read_console_errors(self.d)


def expected_fields(site: FormSite) -> dict:
    return {**PERSON, "_next": site.url(SUCCESS_PATH), "reference_interne": ""}


def assert_received(post, site: FormSite, expected: dict | None = None) -> None:
    expected = expected_fields(site) if expected is None else expected
    assert post.method == "POST" and post.path == ENDPOINT_PATH
    assert post.headers.get("origin") == site.origin, post.headers
    # The page's script adds when the page was opened (`_debut`, milliseconds), for the
    # endpoint's minimum fill time; a browser without JavaScript cannot.
    started = post.fields.pop("_debut", None)
    assert started is None or (isinstance(started, str) and started.isdigit()), started
    if site.encoding == "json":
        assert post.content_type == "application/json", post.headers
        assert post.fields == expected, f"received {post.body!r}"
    else:
        assert post.content_type == "application/x-www-form-urlencoded", post.headers
        names = [k for k, _ in post.pairs]
        assert len(names) == len(set(names)), f"a field was sent twice: {post.body!r}"
        assert post.fields == expected, f"received {post.body!r}"


# --------------------------------------------------------------------------
# The page as built


def test_form_markup(browser, urlencoded_site, receiver):
    """Method, action, encoding, autocomplete tokens, required fields announced, no
    social security number, the spam trap hidden from everyone, the CSP, the notice."""
    p = Person(browser, urlencoded_site).open()
    form = p.form
    assert form.get_attribute("method") == "post"
    assert form.get_attribute("action") == receiver.url + ENDPOINT_PATH
    assert form.get_attribute("enctype") == "application/x-www-form-urlencoded"
    assert form.get_attribute("data-min-fill-seconds") == str(MIN_FILL_SECONDS)
    assert browser.execute_script("return document.forms[0].noValidate"), "the script takes over validation"

    autocomplete = {"nom": "family-name", "prenom": "given-name", "date_naissance_jour": "bday-day",
                    "date_naissance_mois": "bday-month", "date_naissance_annee": "bday-year",
                    "telephone": "tel", "email": "email", "commune": "address-level2"}
    for name, token in autocomplete.items():
        assert p.control(name).get_attribute("autocomplete") == token, name
    for name in ["date_naissance_jour", "date_naissance_mois", "date_naissance_annee"]:
        assert p.control(name).get_attribute("inputmode") == "numeric"
    date = p.el('fieldset[data-field="date_naissance"]')
    assert date.find_element(By.TAG_NAME, "legend").text.startswith("Date de naissance")
    example = p.by_id(date.get_attribute("aria-describedby").split()[0])
    assert example.text.startswith("Par exemple"), "the date's example is tied to its fieldset"

    # Every required field says so before submission, in its label or legend.
    for name, _ in REQUIRED:
        container = p.el(f'[data-field="{name}"]')
        caption = container.find_element(By.CSS_SELECTOR, "legend, label").text
        assert "(obligatoire)" in caption, f"{name}: {caption!r}"
    assert "(obligatoire)" not in p.el('[data-field="email"] label').text

    # Never a social security number.
    names = browser.execute_script("return [...document.forms[0].elements].map(e => e.name + ' ' + (e.labels && e.labels[0] ? e.labels[0].textContent : ''))")
    for text in names:
        assert not re.search(r"s[ée]curit[ée] sociale|\bNIR\b|secu", text, re.I), text

    # The spam trap: a neutral name, not displayed, not focusable, not read, not autofilled.
    trap = p.control("reference_interne")
    assert not trap.is_displayed()
    assert trap.get_attribute("autocomplete") == "off" and trap.get_attribute("tabindex") == "-1"
    assert browser.execute_script("return arguments[0].closest('[aria-hidden=true]') !== null", trap)
    seen = set()
    p.by_id("champ-nom").click()
    for _ in range(40):
        seen.add(p.active_id())
        B.press(browser, Keys.TAB)
    assert "champ-reference_interne" not in seen
    assert "champ-consentement" in seen, "Tab reaches the last field"

    # The redirect field carries the success page's absolute URL.
    assert p.control("_next").get_attribute("value") == urlencoded_site.url(SUCCESS_PATH)

    # The CSP lets the page post and connect to exactly the configured endpoint's origin.
    csp = browser.execute_script(
        "return document.querySelector('meta[http-equiv=\"Content-Security-Policy\"]').content")
    directives = {d.split()[0]: d.split()[1:] for d in csp.split(";") if d.strip()}
    assert directives["form-action"] == ["'self'", receiver.url.rstrip("/")], csp
    assert directives["connect-src"] == ["'self'", receiver.url.rstrip("/")], csp
    assert directives["script-src"] == ["'self'"], csp

    # The GDPR notice beside the form: controller, purpose, legal basis, retention, rights, contact.
    terms = [dt.text for dt in browser.find_elements(By.CSS_SELECTOR, "#donnees-personnelles dt")]
    for term in ["Responsable du traitement", "Finalité", "Base légale", "Durée de conservation",
                 "Vos droits", "Pour exercer vos droits"]:
        assert term in terms, terms
    rights = browser.find_element(By.XPATH, "//*[@id='donnees-personnelles']//dt[.='Vos droits']/following-sibling::dd")
    assert "CNIL" in rights.text, "without privacy.rights in site.yaml, the standard text of the theme"
    # The acknowledgement links to the privacy policy.
    links = p.by_id(p.control("consentement").get_attribute("aria-describedby").split()[-1])
    hrefs = [a.get_attribute("href") for a in links.find_elements(By.TAG_NAME, "a")]
    assert urlencoded_site.url("politique-de-confidentialite/") in hrefs, hrefs
    p.axe_clean("as loaded")
    p.screenshot("loaded")


# --------------------------------------------------------------------------
# Sending


def test_fields_received_exactly(browser, form_site, receiver):
    """Filled as a person would, sent by the script: the receiver gets exactly these
    fields and values; the page confirms in place and says what happens next."""
    p = Person(browser, form_site).open()
    p.fill()
    p.wait_min_fill_time()
    p.submit()
    p.wait_confirmation()
    posts = receiver.wait_for_posts(1)
    assert len(posts) == 1, posts
    assert_received(posts[0], form_site)
    assert "application/json" in posts[0].headers.get("accept", "")
    if form_site.encoding == "json":
        assert receiver.preflights, "a JSON post is preceded by a CORS preflight"
    assert p.active() == p.confirmation, "focus moves to the confirmation"
    text = p.confirmation.text
    assert "Votre demande a bien été envoyée" in text and "Et maintenant" in text, text
    assert not p.form.is_displayed()
    assert p.d.current_url == form_site.url(FORM_PATH), "the page stays"
    assert not [k for k in p.session_draft() if k.startswith("parcours-brouillon")], "the draft is cleared after success"
    assert p.console_errors() == []
    p.axe_clean("confirmation")
    if form_site.encoding == "urlencoded":
        p.screenshot("confirmation")


def test_no_javascript_reaches_the_receiver_and_lands_on_success_page(browser, form_site, receiver):
    """JavaScript off: a plain POST (urlencoded, whatever the configured encoding) to
    the endpoint; the receiver answers 303 to the `_next` field; the browser lands on
    the success page. An empty form is stopped by the browser's own checks."""
    browser.execute_cdp_cmd("Emulation.setScriptExecutionDisabled", {"value": True})
    p = Person(browser, form_site).open()
    assert not browser.execute_script("return document.forms[0].noValidate"), "the script did not run"
    p.submit()
    time.sleep(0.5)
    assert receiver.posts == [] and p.d.current_url == form_site.url(FORM_PATH), \
        "the browser's own validation stops an empty form"
    p.fill()
    p.submit()
    p.wait(lambda: p.d.current_url == form_site.url(SUCCESS_PATH), "the success page")
    posts = receiver.wait_for_posts(1)
    assert len(posts) == 1 and posts[0].status == 303
    post = posts[0]
    assert post.content_type == "application/x-www-form-urlencoded"
    assert post.fields == expected_fields(form_site), f"received {post.body!r}"
    assert receiver.preflights == []
    assert p.el("h1").text == "Votre demande a bien été envoyée"


@pytest.mark.parametrize("screen", [1280, 375])
def test_empty_submission_shows_error_summary(browser, urlencoded_site, receiver, screen):
    """Nothing filled, sent: the summary lists every required field as a link, takes the
    focus; each field says what is wrong, tied by aria-describedby, with aria-invalid."""
    p = Person(browser, urlencoded_site, screen).open()
    p.submit()
    p.wait(lambda: p.summary.is_displayed(), "the error summary")
    assert p.active() == p.summary, "focus moves to the error summary"
    assert browser.title.startswith("Erreur"), browser.title
    links = p.summary_links()
    assert [target for target, _ in links] == [target for _, target in REQUIRED], links
    for (name, target), (_, text) in zip(REQUIRED, links):
        label = p.el(f'[data-field="{name}"]').get_attribute("data-label")
        label = re.sub(r"[\s\u00a0]*[?.!:…]+$", "", label)  # no "? :" in the summary
        assert text.startswith(label + NBSP + ": "), text
        container = p.el(f'[data-field="{name}"]')
        assert "field--error" in container.get_attribute("class")
        error = p.by_id(f"champ-{name}-erreur")
        assert error.is_displayed(), name
        assert error.get_attribute("textContent").startswith("Erreur" + NBSP + ":"), error.text
        described = container if container.tag_name == "fieldset" else p.control(name)
        assert f"champ-{name}-erreur" in described.get_attribute("aria-describedby").split()
        for control in container.find_elements(By.CSS_SELECTOR, "input, select"):
            assert control.get_attribute("aria-invalid") == "true", control.get_attribute("id")
    assert p.el('[data-field="email"]').get_attribute("class") == "field", "an optional empty field is fine"
    p.axe_clean("with the error summary")
    scroll = B.horizontal_scroll(browser)
    assert scroll["scrollWidth"] <= scroll["clientWidth"], f"horizontal scroll with errors: {scroll}"
    p.screenshot("errors-empty")
    # Each link leads to its field; a corrected field loses its message.
    first = p.summary.find_element(By.CSS_SELECTOR, "li a")
    first.send_keys(Keys.ENTER)
    assert p.active_id() == "champ-nom"
    p.active().send_keys("Martin")
    assert p.control("nom").get_attribute("aria-invalid") is None
    assert not browser.find_elements(By.ID, "champ-nom-erreur")
    p.summary.find_elements(By.CSS_SELECTOR, "li a")[2].click()
    assert p.active_id() == "champ-date_naissance-jour"
    p.summary.find_elements(By.CSS_SELECTOR, "li a")[5].click()
    assert p.active_id() == "champ-medecin_traitant-1"
    assert receiver.posts == []


def test_format_errors(browser, urlencoded_site, receiver):
    """A bad e-mail, a short phone number, 31 February: one clear message each; once
    corrected, the form is sent."""
    p = Person(browser, urlencoded_site).open()
    p.fill({**PERSON, "email": "elise.martin@", "telephone": "06 12", "date_naissance_jour": "31",
            "date_naissance_mois": "2"})
    p.submit()
    p.wait(lambda: p.summary.is_displayed(), "the error summary")
    assert [t for t, _ in p.summary_links()] == ["champ-date_naissance-jour", "champ-telephone", "champ-email"]
    texts = [t for _, t in p.summary_links()]
    assert "cette date n’existe pas" in texts[0]
    assert "10 chiffres" in texts[1]
    assert "adresse e-mail n’est pas valide" in texts[2]
    p.axe_clean("with format errors")
    p.type("email", "elise.martin@example.org")
    p.type("telephone", "06 12 34 56 78")
    p.type("date_naissance_jour", "7")
    p.type("date_naissance_mois", "3")
    p.wait_min_fill_time()
    p.submit()
    p.wait_confirmation()
    assert_received(receiver.wait_for_posts(1)[0], urlencoded_site)


def test_commune_outside_territory(browser, urlencoded_site, receiver):
    """Accent- and case-insensitive; outside, a kind notice with the phone; still sent."""
    p = Person(browser, urlencoded_site).open()
    notice = p.el("[data-outside-territory]")
    for inside in ["naintre", "CHÂTELLERAULT", "st gervais les trois clochers", "86100 Châtellerault", "les ormes"]:
        p.type("commune", inside, then_tab=True)
        assert not notice.is_displayed(), inside
    p.type("commune", "Poitiers", then_tab=True)
    p.wait(lambda: notice.is_displayed(), "the notice")
    commune = p.control("commune")
    assert notice.get_attribute("id") in commune.get_attribute("aria-describedby").split()
    assert commune.get_attribute("aria-invalid") is None, "not an error"
    assert browser.execute_script("return arguments[0].closest('[role=status]') !== null", notice)
    assert browser.execute_script("return arguments[0].closest('[data-field=commune]') !== null", notice)
    assert "ne semble pas faire partie du territoire" in notice.text
    phone = notice.find_element(By.CSS_SELECTOR, 'a[href^="tel:"]')
    assert phone.get_attribute("href") == "tel:+33536492015"
    p.axe_clean("with the territory notice")
    p.screenshot("outside-territory")
    p.fill({**PERSON, "commune": "Poitiers"})
    p.wait_min_fill_time()
    p.submit()
    p.wait_confirmation()
    assert_received(receiver.wait_for_posts(1)[0], urlencoded_site,
                    {**expected_fields(urlencoded_site), "commune": "Poitiers"})


@pytest.mark.parametrize("outage", ["500", "stopped"])
def test_endpoint_down_loses_nothing_and_retry_works(browser, form_site, receiver, outage):
    """The service answers 500, or is stopped: the person is told plainly (focus on the
    message, the phone number), every answer stays in the form and in the draft, the
    button works again; once the service is back, the same click sends it all."""
    p = Person(browser, form_site).open()
    p.fill()
    p.wait_min_fill_time()
    if outage == "500":
        receiver.fail(500)
    else:
        receiver.stop()
    p.submit()
    p.wait(lambda: p.failure.is_displayed(), "the failure message")
    assert p.active() == p.failure, "focus moves to the message"
    reason = "server" if outage == "500" else "network"
    shown = [el.get_attribute("data-reason") for el in p.failure.find_elements(By.CSS_SELECTOR, "[data-reason]")
             if el.is_displayed()]
    assert shown == [reason]
    assert "Ce que vous avez saisi est conservé" in p.failure.text
    assert p.failure.find_element(By.CSS_SELECTOR, 'a[href^="tel:"]').is_displayed()
    assert p.values() == PERSON, "nothing typed is lost"
    assert p.button.is_enabled()
    assert not p.confirmation.is_displayed()
    draft = [v for k, v in p.session_draft().items() if k.startswith("parcours-brouillon")]
    assert draft and "Martin" in draft[0], "the draft is still kept"
    p.axe_clean(f"after a failed sending ({outage})")
    if form_site.encoding == "urlencoded":
        p.screenshot(f"send-failed-{outage}")
    # The service is back: the same click sends the same answers.
    if outage == "500":
        receiver.recover()
    else:
        receiver.start()
    p.submit()
    p.wait_confirmation()
    posts = receiver.wait_for_posts(2 if outage == "500" else 1)
    assert [post.status for post in posts] == ([500, 200] if outage == "500" else [200])
    assert_received(posts[-1], form_site)


def test_no_double_submission(browser, form_site, receiver):
    """A slow service: the button is disabled and the status says "sending"; more
    submits (script, event) send nothing more."""
    receiver.delay = 1.5
    p = Person(browser, form_site).open()
    p.fill()
    p.wait_min_fill_time()
    p.submit()
    p.wait(lambda: not p.button.is_enabled(), "the button disabled while sending")
    status = p.el("[data-form-status]")
    assert "Envoi de votre demande en cours" in status.text
    p.axe_clean("while sending")
    if form_site.encoding == "urlencoded":
        p.screenshot("sending")
    browser.execute_script("document.forms[0].requestSubmit()")
    browser.execute_script("document.forms[0].dispatchEvent(new Event('submit', {cancelable: true}))")
    p.wait_confirmation()
    time.sleep(0.5)
    assert len(receiver.posts) == 1, [post.body for post in receiver.posts]


def test_reload_keeps_the_draft(browser, urlencoded_site, receiver):
    """Half filled, reloaded: everything is back (from sessionStorage, never
    localStorage), the draft notice shows; after success, the draft is gone."""
    p = Person(browser, urlencoded_site).open()
    part = {k: PERSON[k] for k in ["nom", "prenom", "date_naissance_jour", "date_naissance_mois",
                                   "date_naissance_annee", "commune", "ald", "rappel", "consentement"]}
    p.fill(part)
    p.reload()
    assert p.values() == part, "a reload keeps what was typed"
    assert p.el("[data-draft-notice]").is_displayed()
    assert p.local_storage_size() == 0, "never localStorage (shared computers)"
    drafts = [v for k, v in p.session_draft().items() if k.startswith("parcours-brouillon")]
    assert len(drafts) == 1 and "reference_interne" not in drafts[0] and "_next" not in drafts[0]
    p.axe_clean("with a restored draft")
    p.screenshot("draft-restored")
    # A restored draft is not "too fast": the rest is filled and sent at once.
    p.fill({k: v for k, v in PERSON.items() if k not in part})
    p.submit()
    p.wait_confirmation()
    assert_received(receiver.wait_for_posts(1)[0], urlencoded_site)
    p.reload()
    assert p.values() == {}, "after success, the draft is gone"


# --------------------------------------------------------------------------
# Spam


def test_honeypot_filled_is_not_sent(browser, form_site, receiver):
    """A robot fills the hidden trap: nothing is sent (it is shown the confirmation)."""
    p = Person(browser, form_site).open()
    p.fill()
    browser.execute_script("document.getElementById('champ-reference_interne').value = 'https://spam.example/'")
    p.wait_min_fill_time()
    p.submit()
    p.wait_confirmation()  # the robot learns nothing
    time.sleep(1)
    assert receiver.posts == [] and receiver.preflights == []


def test_too_fast_is_not_sent(browser, urlencoded_site, receiver):
    """Filled and sent by a script within min_fill_seconds of the load: not sent."""
    p = Person(browser, urlencoded_site).open()
    browser.execute_script("""
        const f = document.forms[0], v = arguments[0];
        for (const [k, x] of Object.entries(v)) {
          const els = f.querySelectorAll('[name="' + k + '"]');
          for (const el of els) {
            if (el.type === 'radio') el.checked = el.value === x;
            else if (el.type === 'checkbox') el.checked = true;
            else el.value = x;
          }
        }
        f.requestSubmit();""", PERSON)
    assert time.monotonic() - p.loaded_at < MIN_FILL_SECONDS
    p.wait_confirmation()
    time.sleep(1)
    assert receiver.posts == []
