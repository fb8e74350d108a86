"""The secretary's inbox (`parcours studio`, issue 12) end to end: the public form, served by
nginx from the docroot the studio published, sends the access requests to the studio's
endpoint (`POST https://studio.test:PORT/formulaires/acces-medecin`); the secretary reads
them in /demandes/. One nginx with TLS (harness/studio.py) serves both names; the site's
`site.yaml` (the studio's copy) has `base_url: https://www.test:PORT/` and the studio as the
form's endpoint. An SMTP sink (`aiosmtpd`, on 127.0.0.1) receives the studio's notification.

The story, one studio for the module (each test continues the one before):

- the administrator enrols a second factor and publishes: the public form now posts to the
  studio (its action, and the page's CSP: form-action and connect-src);
- a patient fills the form in Chromium with JavaScript (the page's confirmation), another in a
  Chromium without JavaScript (the thank-you page), accents and distinctive phone numbers;
- the secretary (`secretariat`, made with `parcours studio user add`) sees "2 nouvelles
  demandes", both requests newest first, every answer as the form labelled it; marks one
  "Rappelée" with a note; the CSV export (UTF-8 with BOM, `;`) has the accents, the status
  and the note;
- nothing of the requests is in clear text in the data folder (nor in the studio's log);
  the key file is outside it, mode 0600;
- the notification arrives at the SMTP sink: "1 nouvelle demande", the link to /demandes/,
  none of the typed values;
- refusals: a foreign Origin (preflight and POST: 403, no Access-Control-Allow-Origin), a
  missing answer, an unknown option, a 10 MB body, an unknown form, a filled honeypot, a form
  sent too fast: each refused with its reason, nothing stored; `redaction` gets 403 on the
  inbox;
- `kill -9` right after an answer (200 and 303): after a restart, both requests are there;
- 1,000 requests on loopback at a rate the limit allows (form_burst 100, 60,000 a minute):
  all stored once, none twice; then the studio with its default limit (10 at once, 6 a
  minute): a flood gets 429 and stores nothing more;
- axe-core, the Nu checker, no horizontal scroll on the inbox's pages (the list, a request,
  the endpoint's error page for a browser without JavaScript) at 1280 and 375 px; screenshots
  in Tests/browser/screenshots/inbox-<page>@<width>.png.

Every server (nginx, the studio, the SMTP sink) is stopped by the module's fixtures."""

from __future__ import annotations

import csv
import email
import email.policy
import html as markup
import http.client
import io
import json
import re
import signal
import sqlite3
import stat
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from contextlib import closing
from dataclasses import dataclass
from urllib.parse import urlencode, urlsplit

import pytest
import yaml
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait

from harness import browser as B
from harness import site as S
from harness.pageaudit import PageAudits
from harness.studio import (STUDIO_HOST, WAIT, Authenticator, Person, Story, StudioSite, button, chromium,
                            element, errors_shown, fill, h1, here, log_in, log_out, main_text, notice,
                            open_page, press_button, visible_text, wait_until)

WIDTHS = [1280, 375]
FORM_ID = "acces-medecin"
ENDPOINT = f"/formulaires/{FORM_ID}"
FORM_PAGE = "/acces-medecin/"
THANKS_PAGE = "/acces-medecin/merci/"
MIN_FILL_SECONDS = 3  # the page's data-min-fill-seconds, and the endpoint's
COOKIE = "parcours_studio"
NOTIFY_TO = "secretariat@cpts-essai.test"
NOTIFY_FROM = "studio@cpts-essai.test"
NOTIFICATION_LIMIT = 70  # seconds: the first message goes at once, then at most one a minute
GENEROUS = {"form_burst": 100, "form_rate_per_minute": 60000}
THOUSAND = 1000
FLOOD = 40

ADMIN = Person("Alice Martin", "alice.martin@cpts-essai.test", "administration", "cheval correct agrafe pile")
SECRETARY = Person("Chloé Durand", "chloe.durand@cpts-essai.test", "secretariat", "Chloé-rappelle-les-patients")
BRUNO = Person("Bruno Petit", "bruno.petit@cpts-essai.test", "redaction", "Bruno-écrit-en-2026")

# Two patients, by field name, as the form's controls take them (the date in its three boxes).
HELENE = {
    "nom": "Lefèvre", "prenom": "Hélène",
    "date_naissance_jour": "14", "date_naissance_mois": "2", "date_naissance_annee": "1951",
    "telephone": "06 71 42 93 58", "email": "helene.lefevre@exemple.fr", "commune": "Naintré",
    "medecin_traitant": "non", "ald": "oui", "deplacement": "accompagne", "foyer": "oui",
    "rappel": "apres-midi", "consentement": "on",
}
FRANCOISE = {
    "nom": "Noël-Caillé", "prenom": "Françoise",
    "date_naissance_jour": "3", "date_naissance_mois": "11", "date_naissance_annee": "1948",
    "telephone": "05 49 87 31 26", "commune": "Châtellerault",
    "medecin_traitant": "oui", "ald": "ne-sait-pas", "deplacement": "non", "foyer": "non",
    "rappel": "matin", "consentement": "on",
}
TEXT_FIELDS = ["nom", "prenom", "date_naissance_jour", "date_naissance_mois", "date_naissance_annee",
               "telephone", "email", "commune"]
RADIO_FIELDS = ["medecin_traitant", "ald", "deplacement", "foyer"]
NOTE = "Rappelée mardi : rendez-vous proposé jeudi à Lencloître, sa fille l’accompagnera (n° 07 58 21 64 90)."

# The inbox's pages audited (axe, Nu, scroll), in the order the story meets them.
AUDITED = ["demandes", "demande", "demande-suivie", "erreur-envoi"]
# Their records (harness/pageaudit.py); screenshots in screenshots/inbox-<page>@<width>.png.
AUDITS = PageAudits("inbox", AUDITED, WIDTHS)
audit = AUDITS.audit

# What a test leaves for the next ones.
RUN = Story()
needs = RUN.needs


# --------------------------------------------------------------------------
# The form as the content defines it: what the inbox must show for each answer


def form_definition() -> dict:
    text = (S.content_dir() / "acces-medecin" / "_index.md").read_text(encoding="utf-8")
    return yaml.safe_load(text.split("---", 2)[1])["form"]


def expected_answers(person: dict) -> list[tuple[str, str]]:
    """(label, value) as the request's page must list them, in the form's order; an empty
    optional answer is not listed."""
    pairs = []
    for f in form_definition()["fields"]:
        name, kind = f["name"], f.get("type", "text")
        if kind == "date":
            parts = [person.get(f"{name}_{p}", "") for p in ("jour", "mois", "annee")]
            if any(parts):
                pairs.append((f["label"], f"{int(parts[0]):02d}/{int(parts[1]):02d}/{int(parts[2]):04d}"))
        elif kind in ("radio", "select"):
            if person.get(name):
                pairs.append((f["label"], next(o["label"] for o in f["options"] if o["value"] == person[name])))
        elif kind == "checkbox":
            if person.get(name):
                pairs.append((f["label"], "Oui"))
        elif person.get(name):
            pairs.append((f["label"], person[name]))
    return [(visible_text(label), visible_text(value)) for label, value in pairs]


def typed_values(person: dict) -> list[str]:
    """What a person typed (not the options chosen): none may be in clear on disk or in a mail."""
    return [person[k] for k in TEXT_FIELDS if person.get(k) and not k.startswith("date_")] + \
        [f"{person['date_naissance_jour']}/{person['date_naissance_mois']}/{person['date_naissance_annee']}",
         f"{int(person['date_naissance_jour']):02d}/{int(person['date_naissance_mois']):02d}/"
         f"{person['date_naissance_annee']}"]


def needles(person: dict) -> list[bytes]:
    """The byte strings searched for on disk: the name (UTF-8, and as the NFD form), the
    phone number as typed and as digits only, the e-mail."""
    import unicodedata
    out = []
    for value in (person["nom"], person["prenom"], person["telephone"], person.get("email", "")):
        if value:
            out += [value.encode(), unicodedata.normalize("NFD", value).encode()]
    out.append(re.sub(r"\D", "", person["telephone"]).encode())
    return list(dict.fromkeys(out))


def body_of(person: dict, **extra) -> dict:
    """The fields the page sends for `person` (what a browser without JavaScript posts)."""
    values = {k: v for k, v in person.items() if v != ""}
    return {**values, "reference_interne": "", **extra}


def generated(i: int, prefix: str) -> dict:
    """A request of the bounded loops: a distinct name, so that a duplicate shows."""
    return {**FRANCOISE, "nom": f"{prefix}{i:04d}", "prenom": "Zoé", "telephone": f"06 00 {i // 100:02d} {i % 100:02d} 00",
            "commune": "Naintré"}


# --------------------------------------------------------------------------
# An SMTP sink on 127.0.0.1 (aiosmtpd), for the notification


class Sink:
    def __init__(self) -> None:
        self.messages: list = []
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):  # aiosmtpd's handler interface
        with self.lock:
            self.messages.append((envelope.mail_from, list(envelope.rcpt_tos), envelope.original_content or envelope.content,
                                  time.monotonic()))
        return "250 Message accepted for delivery"

    def received(self) -> list:
        with self.lock:
            return list(self.messages)


@pytest.fixture(scope="module")
def smtp_sink():
    from aiosmtpd.controller import Controller
    sink = Sink()
    controller = Controller(sink, hostname="127.0.0.1", port=S.free_port())
    controller.start()
    try:
        yield sink, controller.port
    finally:
        controller.stop()


# --------------------------------------------------------------------------
# The studio, nginx, two Chromiums


def public_site_yaml(text: str, site_url: str, studio_url: str) -> str:
    """The studio's copy of site.yaml: the public site at www.test, the form sent to the studio."""
    text, n = re.subn(r"(?m)^base_url: .*$", f"base_url: {site_url}/", text)
    assert n == 1, "base_url in site.yaml"
    text, n = re.subn(r"(?m)^(    endpoint: ).*acces-medecin$", rf"\g<1>{studio_url}{ENDPOINT}", text)
    assert n == 1, "forms.acces-medecin.endpoint in site.yaml"
    return text


@pytest.fixture(scope="module")
def studio(smtp_sink):
    _, smtp_port = smtp_sink
    site = StudioSite(redaction_can_publish=True, schedule_check_seconds=2, extra_config={
        **GENEROUS, "notification_email": NOTIFY_TO, "smtp_host": "127.0.0.1", "smtp_port": smtp_port,
        "smtp_from": NOTIFY_FROM, "smtp_tls": "false"})
    try:
        try:
            site.start()
            site_yaml = site.content / "site.yaml"
            site_yaml.write_text(public_site_yaml(site_yaml.read_text(encoding="utf-8"), site.site_url, site.studio_url),
                                 encoding="utf-8")
            for person in (ADMIN, SECRETARY, BRUNO):
                added = site.add_user(person.email, person.role, person.name, person.password)
                if added.returncode != 0:
                    raise RuntimeError(f"parcours studio user add {person.email} failed ({added.returncode}):\n"
                                       f"{added.stdout}{added.stderr}")
            site.start_studio()
        except (RuntimeError, OSError, AssertionError) as e:
            pytest.fail(f"the studio could not start: {e}", pytrace=False)
        yield site
    finally:
        site.stop()


@pytest.fixture(scope="module")
def chrome(studio):
    """Chromium with JavaScript: the patient of the page's script, then the staff. (Both
    Chromiums with reduced motion: the public form's page is in the theme, which scrolls.)"""
    with chromium(studio, reduced_motion=True) as driver:
        yield driver


@pytest.fixture(scope="module")
def nojs(studio):
    """A second Chromium, JavaScript turned off in its profile (the page's script never runs)."""
    with chromium(studio, javascript=False, reduced_motion=True) as driver:
        yield driver


# --------------------------------------------------------------------------
# Plain HTTPS through nginx (keep-alive), without a browser


@dataclass
class Answer:
    status: int
    headers: dict
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", "replace")

    def json(self) -> dict:
        return json.loads(self.body)


class Client:
    """One keep-alive HTTPS connection to nginx (127.0.0.1), any of our two names."""

    def __init__(self, studio: StudioSite) -> None:
        self.studio = studio
        self.connection: http.client.HTTPSConnection | None = None

    def request(self, method: str, path: str, headers: dict | None = None, body: bytes | None = None,
                host: str = STUDIO_HOST) -> Answer:
        reused = self.connection is not None
        try:
            return self._request(method, path, headers, body, host)
        except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
            self.close()
            if not reused:
                raise
            # A kept-alive connection that nginx had closed (it read nothing): once more.
            return self._request(method, path, headers, body, host)

    def _request(self, method, path, headers, body, host) -> Answer:
        if self.connection is None:
            self.connection = http.client.HTTPSConnection("127.0.0.1", self.studio.port, timeout=60,
                                                          context=self.studio._context())
        self.connection.request(method, path, body=body, headers={"Host": f"{host}:{self.studio.port}", **(headers or {})})
        r = self.connection.getresponse()
        answer = Answer(r.status, {k.lower(): v for k, v in r.getheaders()}, r.read())
        if r.will_close:
            self.close()
        return answer

    def close(self) -> None:
        if self.connection is not None:
            self.connection.close()
            self.connection = None


def post_form(client: Client, fields: dict | bytes, *, as_json: bool = False, origin: str | None = "site",
              form_id: str = FORM_ID) -> Answer:
    """A POST to the endpoint as the page sends it: urlencoded (a browser without JavaScript)
    or, with `as_json`, urlencoded with Accept: application/json (the page's script)."""
    headers = {"Content-Type": "application/x-www-form-urlencoded"}
    if as_json:
        headers["Accept"] = "application/json"
    if origin == "site":
        origin = client.studio.site_url
    if origin:
        headers["Origin"] = origin
    body = fields if isinstance(fields, bytes) else urlencode(fields).encode()
    return client.request("POST", f"/formulaires/{form_id}", headers, body)


def session_cookie(driver) -> str:
    cookie = next((c for c in driver.get_cookies() if c["name"] == COOKIE), None)
    assert cookie, f"no session cookie in {driver.current_url}: {driver.get_cookies()}"
    return cookie["value"]


def staff_get(client: Client, path: str, cookie: str) -> Answer:
    return client.request("GET", path, {"Cookie": f"{COOKIE}={cookie}"})


def export(client: Client) -> tuple[Answer, list[dict]]:
    """The CSV export as the secretary downloads it, and its rows by column name."""
    needs("secretary_cookie")
    answer = staff_get(client, "/demandes/export.csv", RUN["secretary_cookie"])
    assert answer.status == 200, (answer.status, answer.text[:300])
    text = answer.body.decode("utf-8-sig")
    return answer, list(csv.DictReader(io.StringIO(text, newline=""), delimiter=";"))


def names_stored(client: Client) -> list[str]:
    return [row["Nom"] for row in export(client)[1]]


def wait_for_published_forms(studio: StudioSite, client: Client) -> None:
    """After a start, the studio republishes the last published revision (and only then
    knows the forms). Seen without spending the rate limit's tokens: the inbox names the
    retention of the published site's privacy notice once it has one."""
    def ready():
        if studio.studio is None or studio.studio.poll() is not None:
            raise AssertionError(f"the studio stopped:\n{studio.studio_log()[-2000:]}")
        try:
            r = staff_get(client, "/demandes/", RUN["secretary_cookie"])
        except OSError:
            client.close()
            return False
        return r.status == 200 and "effacées 365 jours après leur réception" in r.text
    wait_until(ready, 60, "the studio republished the site at start (the inbox names the retention)", step=0.3)


def restart(studio: StudioSite, client: Client, sig: int, **config) -> None:
    studio.stop_studio(sig)
    client.close()
    if config:
        studio.extra_config.update(config)
        for key, value in config.items():
            if value is None:
                del studio.extra_config[key]
        studio.write_config()
    studio.start_studio()
    wait_for_published_forms(studio, client)


@pytest.fixture(scope="module")
def client(studio):
    c = Client(studio)
    yield c
    c.close()


# --------------------------------------------------------------------------
# The browser: the public form


def fill_form(driver, person: dict) -> None:
    """Typed and clicked as a person would."""
    def control(name):
        return driver.find_element(By.CSS_SELECTOR, f'form[data-form] [name="{name}"]')

    def click_label(control_element):
        label = driver.find_element(By.CSS_SELECTOR, f'label[for="{control_element.get_attribute("id")}"]')
        driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", label)
        label.click()

    for name in TEXT_FIELDS:
        if person.get(name):
            c = control(name)
            driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", c)
            c.click()
            c.clear()
            c.send_keys(person[name])
    for name in RADIO_FIELDS:
        click_label(driver.find_element(By.CSS_SELECTOR, f'form[data-form] input[name="{name}"][value="{person[name]}"]'))
    Select(control("rappel")).select_by_value(person["rappel"])
    box = control("consentement")
    if not box.is_selected():
        click_label(box)


def submit_button(driver):
    return driver.find_element(By.CSS_SELECTOR, 'form[data-form] button[type="submit"]')


def endpoint_responses(driver, url: str) -> list[tuple[str, int]]:
    """(method, status) of every response of `url` in the performance log since the last drain."""
    methods, out = {}, []
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        params = message.get("params", {})
        if message.get("method") == "Network.requestWillBeSent" and params["request"]["url"] == url:
            methods[params["requestId"]] = params["request"]["method"]
        elif message.get("method") == "Network.responseReceived" and params["response"]["url"] == url:
            out.append((methods.get(params["requestId"], "?"), int(params["response"]["status"])))
    return out


# --------------------------------------------------------------------------
# 1. The administrator publishes: the public form now posts to the studio


def test_before_any_publication_the_endpoint_knows_no_form(studio, client):
    r = post_form(client, body_of(HELENE), as_json=True)
    assert r.status == 404, (r.status, r.text[:300])
    assert r.json()["erreur"] == "Ce formulaire n’existe pas sur le site publié.", r.text
    assert r.headers.get("access-control-allow-origin") == studio.site_url, r.headers


def test_the_administrator_publishes_the_site_whose_form_posts_to_the_studio(studio, chrome):
    d = chrome
    log_in(d, studio, ADMIN)
    assert here(d) == "/double-authentification", (d.current_url, errors_shown(d))
    phone = Authenticator(d.find_element(By.ID, "cle-totp").text.strip())
    fill(d, element(d, "#code"), phone.code())
    press_button(d, button(d, "Activer"))
    assert here(d) == "/", (d.current_url, errors_shown(d))
    press_button(d, button(d, "Publier"))
    assert h1(d) == "Site publié", main_text(d)

    page = studio.docroot / "acces-medecin" / "index.html"
    assert page.is_file(), f"{page} after Publier"
    html = page.read_text(encoding="utf-8")
    endpoint = studio.studio_url + ENDPOINT
    action = re.search(r'<form[^>]*\baction="([^"]+)"', html)
    assert action and action.group(1) == endpoint, action and action.group(0)
    assert f'name="_next" value="{studio.site_url}{THANKS_PAGE}"' in html, "the success page, on the public site"
    csp = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)"', html)
    assert csp, "the page's CSP"
    directives = {part.split()[0]: part.split()[1:] for part in markup.unescape(csp.group(1)).split(";") if part.strip()}
    for directive in ("form-action", "connect-src"):
        assert studio.studio_url in directives.get(directive, []), f"{directive}: {directives.get(directive)}"

    # The administrator sees the inbox too (empty); then leaves.
    open_page(d, studio, "/demandes/")
    assert h1(d) == "Demandes reçues", main_text(d)
    assert "Aucune demande pour l’instant." in main_text(d)
    log_out(d)
    RUN["published"] = True


# --------------------------------------------------------------------------
# 2. Two patients: with and without JavaScript


def test_a_patient_with_javascript_sends_the_form_and_sees_the_confirmation(studio, chrome):
    needs("published")
    d = chrome
    B.drain_logs(d)
    B.load(d, studio.site_url + FORM_PAGE)
    opened = time.monotonic()
    assert d.execute_script("return document.forms[0].noValidate") is True, "the page's script runs"
    fill_form(d, HELENE)
    # Slower than a robot: the page (and the endpoint) refuse a form sent within 3 s.
    time.sleep(max(0.0, MIN_FILL_SECONDS + 0.7 - (time.monotonic() - opened)))
    submit_button(d).click()
    confirmation = d.find_element(By.CSS_SELECTOR, "[data-confirmation]")
    try:
        WebDriverWait(d, WAIT).until(lambda _: confirmation.is_displayed())
    except Exception:
        shown = [e.text for e in d.find_elements(By.CSS_SELECTOR, "[data-error-summary], [data-send-failed]")
                 if e.is_displayed()]
        raise AssertionError(f"no confirmation; the page shows {shown}; console {B.read_console_errors(d)}") from None
    RUN["first_sent"] = time.monotonic()
    assert d.current_url == studio.site_url + FORM_PAGE, "the page stays"
    responses = endpoint_responses(d, studio.studio_url + ENDPOINT)
    assert ("POST", 200) in responses, f"the script's POST to the studio: {responses}"
    assert not B.read_console_errors(d), B.read_console_errors(d)
    RUN["helene"] = True


def test_a_patient_without_javascript_lands_on_the_thank_you_page(studio, nojs):
    needs("published")
    d = nojs
    B.load(d, studio.site_url + FORM_PAGE)
    assert d.execute_script("return document.forms[0].noValidate") is False, "the page's script did not run"
    fill_form(d, FRANCOISE)
    submit_button(d).click()
    WebDriverWait(d, WAIT).until(lambda x: urlsplit(x.current_url).path != FORM_PAGE)
    assert d.current_url == studio.site_url + THANKS_PAGE, (d.current_url, visible_text(d.find_element(By.TAG_NAME, "body").text)[:400])
    assert h1(d) == "Votre demande a bien été envoyée"
    RUN["francoise"] = True


# --------------------------------------------------------------------------
# 3. The secretary


def request_rows(driver) -> list[dict]:
    rows = []
    for tr in driver.find_elements(By.CSS_SELECTOR, "table.demandes tbody tr"):
        cells = [visible_text(td.text) for td in tr.find_elements(By.TAG_NAME, "td")]
        links = tr.find_elements(By.CSS_SELECTOR, "td a")
        rows.append({"cells": cells, "href": urlsplit(links[0].get_attribute("href")).path if links else None})
    return rows


def answers_shown(driver) -> list[tuple[str, str]]:
    pairs = driver.execute_script(
        "return [...document.querySelectorAll('dl.reponses dt')].map(dt => [dt.textContent, "
        "dt.nextElementSibling ? dt.nextElementSibling.textContent : null]);")
    return [(visible_text(k), visible_text(v or "")) for k, v in pairs]


def test_the_secretary_sees_both_requests_with_every_value(studio, chrome):
    needs("helene", "francoise")
    d = chrome
    log_in(d, studio, SECRETARY)
    assert here(d) == "/", (d.current_url, errors_shown(d))
    assert h1(d) == f"Bonjour {SECRETARY.name}"
    count = visible_text(d.find_element(By.CSS_SELECTOR, ".compte-demandes").text)
    assert count == "2 nouvelles demandes", main_text(d)
    rooms = [a.text for a in d.find_elements(By.CSS_SELECTOR, "nav a")]
    assert "Demandes" in rooms and not {"Comptes", "Journal"} & set(rooms), rooms
    RUN["secretary_cookie"] = session_cookie(d)

    open_page(d, studio, "/demandes/")
    assert h1(d) == "Demandes reçues"
    rows = request_rows(d)
    assert [r["cells"][1:] for r in rows] == [
        [f"{FRANCOISE['nom']} {FRANCOISE['prenom']}", FRANCOISE["telephone"], "Nouvelle"],
        [f"{HELENE['nom']} {HELENE['prenom']}", HELENE["telephone"], "Nouvelle"]], f"newest first: {rows}"
    for r in rows:
        assert re.fullmatch(r"/demandes/[0-9a-f]{24}", r["href"] or ""), r
    assert "effacées 365 jours après leur réception" in main_text(d)
    link = d.find_element(By.LINK_TEXT, "Exporter en tableur (CSV)")
    assert urlsplit(link.get_attribute("href")).path == "/demandes/export.csv"
    audit(d, "demandes")
    RUN["refs"] = {"francoise": rows[0]["href"], "helene": rows[1]["href"]}

    for who, person in (("francoise", FRANCOISE), ("helene", HELENE)):
        open_page(d, studio, RUN["refs"][who])
        assert h1(d).startswith("Demande du "), h1(d)
        assert f"Formulaire « {FORM_ID} ». Statut : Nouvelle." in main_text(d), main_text(d)
        assert answers_shown(d) == expected_answers(person), f"{who}: {answers_shown(d)}"
        assert "n’est pas dans la liste des communes" not in main_text(d)
        form = element(d, "form.formulaire")
        assert (form.get_attribute("method"), urlsplit(form.get_attribute("action")).path) == ("post", RUN["refs"][who])
        assert [o.get_attribute("value") for o in Select(element(d, "#statut")).options] == \
            ["nouvelle", "rappelee", "rendez-vous", "close"]
        assert form.find_element(By.CSS_SELECTOR, 'input[type="hidden"][name="csrf"]').get_attribute("value")
    audit(d, "demande")


def test_the_secretary_marks_a_request_called_back_with_a_note(studio, chrome):
    needs("refs")
    d = chrome
    ref = RUN["refs"]["helene"]
    open_page(d, studio, ref)
    Select(element(d, "#statut")).select_by_visible_text("Rappelée")
    fill(d, element(d, "#note"), NOTE)
    press_button(d, button(d, "Enregistrer le suivi"))
    assert here(d) == "/demandes/" and "message=enregistre" in urlsplit(d.current_url).query, d.current_url
    assert "Demande mise à jour." in notice(d), main_text(d)
    statuses = {r["href"]: r["cells"][3] for r in request_rows(d)}
    assert statuses == {ref: "Rappelée", RUN["refs"]["francoise"]: "Nouvelle"}, statuses

    open_page(d, studio, ref)
    assert "Statut : Rappelée." in main_text(d), main_text(d)
    assert Select(element(d, "#statut")).first_selected_option.get_attribute("value") == "rappelee"
    assert element(d, "#note").get_property("value") == NOTE
    assert f"Dernière mise à jour par {SECRETARY.name} le " in main_text(d), main_text(d)
    B.drain_logs(d)
    d.refresh()
    audit(d, "demande-suivie")

    open_page(d, studio, "/")
    assert visible_text(d.find_element(By.CSS_SELECTOR, ".compte-demandes").text) == "1 nouvelle demande"
    RUN["called_back"] = True


def test_the_csv_export_has_the_bom_the_accents_the_status_and_the_note(studio, client):
    needs("called_back")
    answer, rows = export(client)
    assert answer.body.startswith(b"\xef\xbb\xbf"), answer.body[:20]
    assert answer.headers.get("content-type", "").startswith("text/csv"), answer.headers
    assert "attachment" in answer.headers.get("content-disposition", ""), answer.headers
    header = answer.body[3:].split(b"\r\n", 1)[0].decode()
    assert header.startswith('"Reçue le";"Formulaire";"Statut";"Nom";"Prénom";'), header
    by_name = {r["Nom"]: r for r in rows}
    assert set(by_name) == {HELENE["nom"], FRANCOISE["nom"]}, rows
    helene, francoise = by_name[HELENE["nom"]], by_name[FRANCOISE["nom"]]
    for row, person in ((helene, HELENE), (francoise, FRANCOISE)):
        for label, value in expected_answers(person):
            assert visible_text(row[next(k for k in row if visible_text(k) == label)]) == value, (label, row)
        assert row["Formulaire"] == FORM_ID and row["Hors du territoire"] == "non", row
    assert (helene["Statut"], helene["Note"], helene["Modifiée par"]) == ("Rappelée", NOTE, SECRETARY.name), helene
    assert (francoise["Statut"], francoise["Note"], francoise["Modifiée par"]) == ("Nouvelle", "", ""), francoise
    assert "Lefèvre".encode() in answer.body and "Hélène".encode() in answer.body and "Naintré".encode() in answer.body


# --------------------------------------------------------------------------
# 4. Nothing in clear on disk; the notification


def test_the_data_folder_holds_no_request_in_clear_text(studio):
    needs("called_back")
    data = studio.root / "data"
    files = [p for p in data.rglob("*") if p.is_file()]
    assert any(p.name == "studio.sqlite" for p in files), files
    searched = needles(HELENE) + needles(FRANCOISE) + [NOTE.encode(), "07 58 21 64 90".encode()]
    found = [(str(p.relative_to(studio.root)), n.decode()) for p in files for n in searched if n in p.read_bytes()]
    assert not found, f"in clear on disk: {found}"
    # Nor in the studio's log.
    log = studio.log.read_bytes()
    assert not [n.decode() for n in searched if n in log], "in clear in the studio's log"
    # The key is outside the data folder, readable by its owner only.
    key = studio.root / "inbox.key"
    assert key.is_file() and data not in key.parents, key
    assert stat.S_IMODE(key.stat().st_mode) == 0o600, oct(key.stat().st_mode)


def test_the_notification_says_one_new_request_and_nothing_of_it(smtp_sink, studio):
    needs("first_sent")
    sink, _ = smtp_sink
    left = NOTIFICATION_LIMIT - (time.monotonic() - RUN["first_sent"])
    messages = wait_until(sink.received, max(left, 1), "a message at the SMTP sink", step=0.3)
    mail_from, rcpt, raw, _ = messages[0]
    message = email.message_from_bytes(raw, policy=email.policy.default)
    assert (mail_from, rcpt) == (NOTIFY_FROM, [NOTIFY_TO]), (mail_from, rcpt)
    assert message["Subject"] == "1 nouvelle demande", message["Subject"]
    text = message.get_content()
    assert f"{studio.studio_url}/demandes/" in text, text
    leaked = [v for v in typed_values(HELENE) + typed_values(FRANCOISE) if v in text or v.encode() in raw]
    assert not leaked, f"the notification holds {leaked}:\n{text}"
    for label, value in expected_answers(HELENE):
        assert label not in text, f"the notification names a question: {label}"


# --------------------------------------------------------------------------
# 5. Refusals


def test_a_foreign_origin_gets_no_cors_permission_and_stores_nothing(studio, client):
    needs("secretary_cookie")
    before = names_stored(client)
    foreign = "https://pirate.example"
    preflight = {"Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "content-type"}
    ours = client.request("OPTIONS", ENDPOINT, {"Origin": studio.site_url, **preflight})
    assert ours.status in (200, 204), ours.status
    assert ours.headers.get("access-control-allow-origin") == studio.site_url, ours.headers
    assert "POST" in ours.headers.get("access-control-allow-methods", ""), ours.headers

    theirs = client.request("OPTIONS", ENDPOINT, {"Origin": foreign, **preflight})
    assert theirs.status == 403, theirs.status
    assert not any(k.startswith("access-control-") for k in theirs.headers), theirs.headers
    posted = post_form(client, body_of(generated(1, "Pirate")), as_json=True, origin=foreign)
    assert posted.status == 403, (posted.status, posted.text[:200])
    assert not any(k.startswith("access-control-") for k in posted.headers), posted.headers
    assert "site de la CPTS" in posted.text, posted.text
    assert names_stored(client) == before


INVALID = {
    "a missing answer": (lambda b: {k: v for k, v in b.items() if k != "telephone"}, 422,
                         "« Téléphone » : la réponse manque"),
    "an unknown option": (lambda b: {**b, "rappel": "nuit"}, 422,
                          "« nuit » n’est pas une des réponses proposées"),
    "a filled honeypot": (lambda b: {**b, "reference_interne": "REF-2026-001"}, 422,
                          "un champ caché, que seuls les robots remplissent, est rempli"),
    "a form sent too fast": (lambda b: {**b, "_debut": str(int(time.time() * 1000))}, 422,
                             "envoyé trop vite"),
    "an impossible date": (lambda b: {**b, "date_naissance_jour": "31", "date_naissance_mois": "2"}, 422,
                           "n’est pas une date"),
}


@pytest.mark.parametrize("as_json", [True, False], ids=["script", "no-script"])
def test_an_invalid_submission_is_refused_with_its_reason_and_stores_nothing(studio, client, as_json):
    needs("secretary_cookie")
    before = names_stored(client)
    problems = []
    for i, (what, (change, status, reason)) in enumerate(INVALID.items()):
        person = generated(i, "Refus")
        r = post_form(client, change(body_of(person)), as_json=as_json)
        said = r.json().get("erreur", "") + " " + " ".join(c["message"] for c in r.json().get("champs", [])) \
            if as_json and r.headers.get("content-type", "").startswith("application/json") else r.text
        if r.status != status or reason not in said.replace("\u00a0", " "):
            problems.append(f"{what}: {r.status} (expected {status}) {said[:300]!r}")
        if not as_json and r.status == status and "ouvrir le formulaire vide" not in r.text:
            problems.append(f"{what}: the page has no link back to the form")
    # An unknown form, and a body of 10 MB.
    r = post_form(client, body_of(generated(90, "Refus")), as_json=as_json, form_id="inscription-newsletter")
    if r.status != 404 or "Ce formulaire n’existe pas" not in r.text:
        problems.append(f"an unknown form: {r.status} {r.text[:200]!r}")
    big = urlencode(body_of(generated(91, "Refus"))).encode() + b"&commentaire=" + b"x" * (10 * 1024 * 1024)
    r = post_form(client, big, as_json=as_json)
    if r.status != 413 or "trop longue" not in r.text:
        problems.append(f"a body of 10 MB: {r.status} (expected 413) {r.text[:200]!r}")
    after = names_stored(client)
    assert after == before, f"stored: {set(after) - set(before)}"
    assert not problems, "\n".join(problems)


def test_the_page_a_browser_without_javascript_gets_for_a_refused_request(studio, nojs, chrome):
    """The endpoint's error page (a plain page in French, with a link back), as the patient
    without JavaScript sees it: a phone number the browser lets through, the studio not."""
    needs("published")
    d = nojs
    B.load(d, studio.site_url + FORM_PAGE)
    fill_form(d, {**FRANCOISE, "telephone": "12 34"})
    submit_button(d).click()
    WebDriverWait(d, WAIT).until(lambda x: urlsplit(x.current_url).path == ENDPOINT)
    assert h1(d) == "Demande non envoyée"
    assert "« Téléphone » : « 12 34 » n’est pas un numéro de téléphone" in main_text(d), main_text(d)
    back = d.find_element(By.LINK_TEXT, "ouvrir le formulaire vide")
    assert back.get_attribute("href") == studio.site_url + FORM_PAGE

    # The same page audited in the browser with JavaScript (axe-core needs it): the form sent
    # by form.submit(), which skips the page's script, as a browser without it sends it.
    d = chrome
    B.load(d, studio.site_url + FORM_PAGE)
    fill_form(d, {**FRANCOISE, "telephone": "12 34"})
    B.drain_logs(d)
    d.execute_script("document.querySelector('form[data-form]').submit()")
    WebDriverWait(d, WAIT).until(lambda x: urlsplit(x.current_url).path == ENDPOINT)
    WebDriverWait(d, WAIT).until(lambda x: x.execute_script("return document.readyState") == "complete")
    a = audit(d, "erreur-envoi")
    assert a.status == 422, a.status
    assert h1(d) == "Demande non envoyée"


def test_a_redaction_account_cannot_see_the_inbox(studio, nojs, client):
    needs("refs")
    d = nojs
    log_in(d, studio, BRUNO)
    assert here(d) == "/", (d.current_url, errors_shown(d))
    assert "Demandes" not in [a.text for a in d.find_elements(By.CSS_SELECTOR, "nav a")]
    assert not d.find_elements(By.CSS_SELECTOR, ".compte-demandes")
    cookie = session_cookie(d)
    ref = RUN["refs"]["helene"]
    for path in ("/demandes/", ref, "/demandes/export.csv"):
        r = staff_get(client, path, cookie)
        assert r.status == 403, (path, r.status)
        assert HELENE["nom"] not in r.text and HELENE["telephone"] not in r.text, path
    # Nor change one (with the page's token, taken from a page of the studio).
    open_page(d, studio, "/")
    token = d.find_element(By.CSS_SELECTOR, 'input[name="csrf"]').get_attribute("value")
    r = client.request("POST", ref, {"Cookie": f"{COOKIE}={cookie}", "Origin": studio.studio_url,
                                     "Content-Type": "application/x-www-form-urlencoded"},
                       urlencode({"csrf": token, "statut": "close", "note": "vu par la rédaction"}).encode())
    assert r.status == 403, r.status
    log_out(d)
    assert [r["Statut"] for r in export(client)[1] if r["Nom"] == HELENE["nom"]] == ["Rappelée"]


# --------------------------------------------------------------------------
# 6. kill -9, a thousand requests, a flood


def test_a_request_answered_just_before_kill_9_is_kept(studio, client):
    needs("secretary_cookie")
    first = post_form(client, body_of(generated(1, "Crash")), as_json=True)
    assert first.status == 200 and first.json() == {"ok": True}, (first.status, first.text)
    second = post_form(client, body_of(generated(2, "Crash")))
    assert second.status == 303, (second.status, second.text[:200])
    assert second.headers.get("location") == studio.site_url + THANKS_PAGE, second.headers
    restart(studio, client, signal.SIGKILL)  # kill -9 at once, after the answer
    stored = names_stored(client)
    assert stored.count("Crash0001") == 1 and stored.count("Crash0002") == 1, stored
    RUN["killed"] = True


def test_a_thousand_requests_are_all_stored_once(studio, client):
    needs("killed")
    before = names_stored(client)
    local = threading.local()
    clients: list[Client] = []

    def send(i: int) -> tuple[int, int]:
        if not hasattr(local, "client"):
            local.client = Client(studio)
            clients.append(local.client)
        r = post_form(local.client, body_of(generated(i, "Millier"), _debut=str(int(time.time() * 1000) - 20000)),
                      as_json=True)
        return i, r.status

    started = time.monotonic()
    try:
        with ThreadPoolExecutor(max_workers=4) as pool:
            statuses = list(pool.map(send, range(THOUSAND), timeout=120))
    finally:
        for c in clients:
            c.close()
    seconds = time.monotonic() - started
    refused = [(i, s) for i, s in statuses if s != 200]
    assert not refused, f"{len(refused)} of {THOUSAND} not accepted, e.g. {refused[:5]}"
    stored = names_stored(client)
    new = [n for n in stored if n.startswith("Millier")]
    assert len(new) == THOUSAND and set(new) == {f"Millier{i:04d}" for i in range(THOUSAND)}, \
        f"{len(new)} stored, {len(set(new))} distinct"
    assert len(stored) == len(before) + THOUSAND
    print(f"{THOUSAND} requests in {seconds:.1f} s")
    RUN["thousand"] = True


def test_a_flood_beyond_the_rate_limit_is_refused_with_429_and_stores_nothing(studio, client):
    needs("thousand")
    # The studio with its default limit: 10 at once, then 6 a minute, per address.
    restart(studio, client, signal.SIGTERM, form_burst=None, form_rate_per_minute=None)
    before = names_stored(client)
    answers = [(i, post_form(client, body_of(generated(i, "Flot")), as_json=i % 2 == 0)) for i in range(FLOOD)]
    accepted = [i for i, r in answers if r.status in (200, 303)]
    limited = [(i, r) for i, r in answers if r.status == 429]
    other = [(i, r.status) for i, r in answers if r.status not in (200, 303, 429)]
    assert not other, other
    assert 1 <= len(accepted) <= 11 and accepted == list(range(len(accepted))), \
        f"the first ones, at most the burst of 10 (and one more refilled): {accepted}"
    assert len(limited) == FLOOD - len(accepted), len(limited)
    for i, r in limited:
        said = r.json()["erreur"] if i % 2 == 0 else r.text
        assert "Trop d’envois depuis cette adresse" in said, said[:200]
    after = names_stored(client)
    assert sorted(set(after) - set(before)) == [f"Flot{i:04d}" for i in accepted], "only the accepted ones are stored"
    assert len(after) == len(before) + len(accepted)


# --------------------------------------------------------------------------
# 7. Retention and the journal (the studio's database, read and aged by the test)


def database(studio: StudioSite, write: bool = False) -> sqlite3.Connection:
    path = studio.root / "data" / "studio.sqlite"
    return sqlite3.connect(str(path) if write else f"file:{path}?mode=ro", uri=not write, timeout=10)


def journal(studio: StudioSite) -> list[tuple[str, str, str, str]]:
    with closing(database(studio)) as db:
        return db.execute("SELECT account, address, action, detail FROM audit ORDER BY id").fetchall()


def test_a_request_past_the_retention_is_deleted_by_the_purge(studio, client):
    """site.yaml's privacy.retention_days is 365: Françoise's request is made 366 days old in
    the database (the only way to let a year pass); the studio's next check (every 2 s)
    deletes it, and only it, and the journal counts it without a word of it."""
    needs("refs")
    before = names_stored(client)
    assert FRANCOISE["nom"] in before and HELENE["nom"] in before
    reference = RUN["refs"]["francoise"].rsplit("/", 1)[1]
    with closing(database(studio, write=True)) as db, db:
        changed = db.execute("UPDATE inboxRequest SET receivedAt = receivedAt - 366 * 86400 WHERE reference = ?",
                             (reference,)).rowcount
    assert changed == 1
    wait_until(lambda: FRANCOISE["nom"] not in names_stored(client), 20, "the purge of the request past the retention")
    after = names_stored(client)
    assert sorted(before) == sorted(after + [FRANCOISE["nom"]]), "only that one is deleted"
    purged = [e for e in journal(studio) if e[2] == "demandes effacées (durée de conservation)"]
    assert len(purged) == 1 and purged[0][0] == "studio" and purged[0][3].startswith("1 demande reçue avant le "), purged
    r = staff_get(client, RUN["refs"]["francoise"], RUN["secretary_cookie"])
    assert r.status == 404, r.status


def test_every_look_at_the_inbox_is_in_the_journal_and_nothing_of_a_request(studio):
    needs("refs", "called_back")
    entries = journal(studio)
    secretary = [(action, detail) for account, _, action, detail in entries if account == SECRETARY.email]
    for who in ("francoise", "helene"):
        reference = RUN["refs"][who].rsplit("/", 1)[1]
        assert ("demande consultée", reference) in secretary, (who, secretary)
    helene = RUN["refs"]["helene"].rsplit("/", 1)[1]
    assert ("demande mise à jour", f"{helene} : Rappelée") in secretary, secretary
    assert any(action == "demandes exportées" for action, _ in secretary), secretary
    received = [e for e in entries if e[2] == "demande reçue"]
    assert received and all(e[0] == "formulaire" and e[3] == FORM_ID for e in received), received[:5]
    assert any(e[0] == BRUNO.email and e[2] == "accès refusé" for e in entries), "redaction's attempt"
    assert not [e for e in entries if e[2] == "notification non envoyée"], "msmtp failed"
    searched = typed_values(HELENE) + typed_values(FRANCOISE) + [NOTE]
    leaked = [(e, v) for e in entries for v in searched if v in " ".join(e)]
    assert not leaked, leaked


# --------------------------------------------------------------------------
# 8. The inbox's pages: axe, Nu, scroll (`width` is parametrized by conftest.py)


@pytest.mark.parametrize("name", AUDITED)
def test_inbox_page_passes_axe(name, width):
    AUDITS.check_axe(name, width)


@pytest.mark.parametrize("name", AUDITED)
def test_inbox_page_has_no_horizontal_scroll(name, width):
    AUDITS.check_no_horizontal_scroll(name, width)


@pytest.mark.parametrize("name", AUDITED)
def test_inbox_page_has_no_console_error(name):
    """No script error, no failed load. (The endpoint's error page must name an icon, as
    the studio's other pages do with `<link rel="icon" href="data:,">`: without it, Chromium
    asks the studio for /favicon.ico, a 404 in the console.)"""
    console = AUDITS.console_errors(name)
    assert not console, console


@pytest.mark.parametrize("name", AUDITED)
def test_inbox_page_passes_the_nu_validator(name):
    AUDITS.check_nu(name)
