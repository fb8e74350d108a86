"""The studio (`parcours studio`, issue 11) end to end: a real nginx with TLS in front of it
(harness/studio.py), Chromium driven as the CPTS's staff would, the site's git repository and
the published docroot read on disk.

- the administrator logs in, is sent to the second-factor enrolment, reads the key shown as
  text, computes the TOTP code (RFC 6238, standard library), enrols (after one wrong code);
  logs out; logs in again with password and code (refused without the code, and with the
  code that confirmed the enrolment: a code serves once);
- on /comptes/ creates a `redaction` account, Bruno Petit (after a refused short password);
- Bruno (no code) writes a news item in the editor, saves (a commit authored by him), presses
  "Publier": the public site, served by the same nginx, has it;
- Bruno edits it; the history of the file shows both commits by him, the later one's diff has
  the removed and added words; "Rétablir cette version" on the first brings the first text
  back on disk, as a new commit by him;
- a news item with a `publish_date` and another with an `expiry_date` about one minute ahead
  (committed by the test): after one "Publier", the first is absent and the second present;
  with no further action, the studio republishes by itself: the first appears, the second goes;
  the journal (seen by the administrator) names the studio as the one who published;
- axe-core (wcag2a/aa, wcag21a/aa) at 1280 and 375 px, the Nu checker, no horizontal scroll, no
  console error and no request to another host on each studio page met on the way (the login,
  its error, the enrolment and its error, the home, the accounts and their error, the journal,
  the editor, the publication, the history, a page's history, a version); screenshots in
  Tests/browser/screenshots/studio-<page>@<width>.png;
- last, what the person sees: the confirmation of the enrolment, the width of the e-mail and
  password fields, the editor's preview (the site's style sheet; a page with errors previewed
  as what to fix).

Each test continues the story of the one before (one studio for the module); every wait is
bounded, and the studio and nginx are always stopped."""

from __future__ import annotations

import re
import subprocess
import time
from datetime import datetime, timedelta
from pathlib import Path
from urllib.parse import unquote, urlsplit
from zoneinfo import ZoneInfo

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait

from harness import browser as B
from harness.pageaudit import PageAudits
from harness.studio import (STUDIO_HOST, WAIT, Authenticator, Person, Story, StudioSite, button, chromium,
                            commits, element, errors_shown, fill, git, h1, here, log_in, log_out, main_text,
                            notice, open_page, press_button, totp, totp_key, visible_text, wait_until)

WIDTHS = [1280, 375]
PARIS = ZoneInfo("Europe/Paris")  # content/site.yaml's timezone
SCHEDULE_LIMIT = 150  # seconds after "Publier" for the scheduled changes to show

ADMIN = Person("Alice Martin", "alice.martin@cpts-essai.test", "administration", "cheval correct agrafe pile")
BRUNO = Person("Bruno Petit", "bruno.petit@cpts-essai.test", "redaction", "Bruno-écrit-en-2026")

TITLE = "Permanence de vaccination à Naintré"
SUMMARY = "Une permanence de vaccination contre la grippe, sans rendez-vous, à la maison de santé."
BODY = "Les infirmières de la CPTS vaccinent le mardi matin, de 9 h à 12 h.\n\nApportez votre carte Vitale.\n"
TITLE_2 = "Permanence de vaccination à Naintré et à Thuré"
SUMMARY_2 = "Deux permanences de vaccination contre la grippe, sans rendez-vous, à Naintré et à Thuré."

FUTURE = ("annonce-programmee-studio", "Annonce programmée du dépistage à Thuré")
EXPIRING = ("annonce-qui-expire-studio", "Annonce qui expire bientôt à Naintré")
PLANNER = ("Test Planification", "planification@cpts-essai.test")

# The studio pages audited (axe, Nu, scroll, console), in the order the story meets them.
AUDITED = ["connexion", "connexion-erreur", "double-authentification", "double-authentification-erreur",
           "accueil", "comptes", "comptes-erreur", "journal", "editeur", "editeur-actualite", "publication",
           "historique", "historique-page", "version"]
# Their records (harness/pageaudit.py); screenshots in screenshots/studio-<page>@<width>.png.
# The pause lets the editor's preview, asked after the page's load, reach the network log.
AUDITS = PageAudits("studio", AUDITED, WIDTHS, settle=0.2)
audit = AUDITS.audit

# What a test leaves for the next ones.
RUN = Story()
needs = RUN.needs


# --------------------------------------------------------------------------
# Fixtures


@pytest.fixture(scope="module")
def studio():
    """A copy of the example site, its studio (first administrator made with the command line),
    nginx with TLS in front; all stopped at the end, whatever happens."""
    site = StudioSite(redaction_can_publish=True, schedule_check_seconds=2)
    try:
        try:
            site.start()
            added = site.add_user(ADMIN.email, ADMIN.role, ADMIN.name, ADMIN.password)
            if added.returncode != 0:
                raise RuntimeError(f"parcours studio user add failed ({added.returncode}):\n{added.stdout}{added.stderr}")
            site.start_studio()
        except (RuntimeError, OSError, subprocess.SubprocessError) as e:
            pytest.fail(f"the studio could not start: {e}", pytrace=False)
        RUN["user_add"] = added.stdout
        yield site
    finally:
        site.stop()


@pytest.fixture(scope="module")
def chrome(studio):
    """Chromium with studio.test and www.test mapped to 127.0.0.1, trusting our certificate only."""
    with chromium(studio) as driver:
        yield driver


# --------------------------------------------------------------------------
# Helpers: the browser


def query(driver) -> str:
    return urlsplit(driver.current_url).query


def field_widths(driver, selectors: list[str]) -> dict[str, int]:
    return {css: driver.find_element(By.CSS_SELECTOR, css).size["width"] for css in selectors}


PREVIEW_JS = r"""
const frame = document.querySelector('iframe[name=apercu]');
let doc = null;
try { doc = frame && frame.contentDocument; } catch (e) { doc = null; }
if (!doc || !doc.body || doc.location.href === 'about:blank') return {ready: false, blocked: !doc};
const h1 = doc.querySelector('h1');
const sheets = [...doc.querySelectorAll('link[rel=stylesheet]')];
return {ready: doc.readyState === 'complete', h1: h1 ? h1.textContent.trim() : '',
        text: doc.body.innerText.slice(0, 400),
        sheets: sheets.map(l => [l.getAttribute('href'), !!l.sheet])};
"""


def preview(driver) -> dict:
    """What the editor's preview frame shows (`blocked`: a document the page cannot read,
    such as Chromium's error page for a refused frame)."""
    return driver.execute_script(PREVIEW_JS)


def paris_now() -> datetime:
    return datetime.now(PARIS)


# --------------------------------------------------------------------------
# 0. Set-up and refusals without a browser


def test_the_studio_starts_with_its_repository_and_first_administrator(studio):
    assert "Compte créé : " + ADMIN.email in RUN["user_add"]
    history = commits(studio.site)
    assert [(c.author, c.subject) for c in history] == [("Studio Parcours", "État initial du site")], history
    assert git(studio.site, "ls-files", "content/site.yaml").strip() == "content/site.yaml"
    # nginx answers for the studio over TLS, and the studio sends its login form.
    r = studio.get(STUDIO_HOST, "/connexion")
    assert r.status == 200 and "Connexion au studio" in r.body, (r.status, r.body[:300])
    assert r.headers.get("strict-transport-security", "").startswith("max-age="), r.headers


def test_a_post_from_another_origin_or_without_token_is_refused(studio):
    foreign = studio.request(STUDIO_HOST, "POST", "/publier", {
        "Origin": studio.site_url, "Content-Type": "application/x-www-form-urlencoded"}, b"csrf=x")
    assert foreign.status == 403, (foreign.status, foreign.body[:200])
    none = studio.request(STUDIO_HOST, "POST", "/connexion", {
        "Content-Type": "application/x-www-form-urlencoded"},
        f"email={ADMIN.email}&mot_de_passe={ADMIN.password}".encode())
    assert none.status == 403, (none.status, none.body[:200])
    same_origin_no_token = studio.request(STUDIO_HOST, "POST", "/connexion", {
        "Origin": studio.studio_url, "Content-Type": "application/x-www-form-urlencoded"},
        f"email={ADMIN.email}&mot_de_passe={ADMIN.password}".encode())
    assert same_origin_no_token.status == 403, (same_origin_no_token.status, same_origin_no_token.body[:200])
    assert "set-cookie" not in same_origin_no_token.headers
    assert not studio.docroot.exists(), "nothing was published"


# --------------------------------------------------------------------------
# 1. The administrator: enrolment of the second factor, logging in with it


def test_the_administrator_enrols_a_second_factor_then_logs_in_with_a_code(studio, chrome):
    d = chrome
    open_page(d, studio, "/")
    assert here(d) == "/connexion", d.current_url
    RUN["widths_connexion"] = field_widths(d, ["#email", "#mot_de_passe", "#code"])
    audit(d, "connexion")

    log_in(d, studio, ADMIN, password="pas le bon mot de passe")
    assert here(d) == "/connexion"
    assert "Adresse électronique, mot de passe ou code incorrect" in errors_shown(d), main_text(d)
    assert audit(d, "connexion-erreur").status == 401

    log_in(d, studio, ADMIN)
    assert here(d) == "/double-authentification", d.current_url
    assert h1(d) == "Activer la double authentification"
    audit(d, "double-authentification")
    typed = d.find_element(By.ID, "cle-totp").text.strip()
    assert re.fullmatch(r"(?:[A-Z2-7]{4} )*[A-Z2-7]{1,4}", typed), f"the key, grouped by 4: {typed!r}"
    key = totp_key(typed)
    assert len(key) == 32 and key.isalnum(), "the key is 32 letters and digits, shown in base32"
    qr = d.find_element(By.CSS_SELECTOR, ".qr svg")
    assert qr.size["width"] >= 100, f"the QR code is drawn ({qr.size})"
    phone = Authenticator(typed)
    RUN["phone"] = phone

    # A wrong code first: refused, said beside the field; then the right one.
    right = totp(typed)
    wrong = f"{(int(right) + 500000) % 1000000:06d}"
    fill(d, element(d, "#code"), wrong)
    press_button(d, button(d, "Activer"))
    assert here(d) == "/double-authentification"
    assert "Ce code ne correspond pas" in errors_shown(d), main_text(d)
    assert element(d, "#code").get_attribute("aria-invalid") == "true"
    assert d.find_element(By.ID, "cle-totp").text.strip() == typed, "the same key after a wrong code"
    assert audit(d, "double-authentification-erreur").status == 422

    fill(d, element(d, "#code"), phone.code())
    press_button(d, button(d, "Activer"))
    assert here(d) == "/", d.current_url
    assert h1(d) == f"Bonjour {ADMIN.name}"
    RUN["home_after_enrolment"] = main_text(d)
    cookie = next((c for c in d.get_cookies() if c["name"] == "parcours_studio"), None)
    assert cookie, d.get_cookies()
    assert (cookie.get("secure"), cookie.get("httpOnly"), cookie.get("sameSite")) == (True, True, "Strict"), cookie
    audit(d, "accueil")
    rooms = [a.text for a in d.find_elements(By.CSS_SELECTOR, "nav a")]
    assert {"Accueil", "Pages", "Historique", "Demandes", "Comptes", "Journal"} <= set(rooms), rooms

    log_out(d)
    open_page(d, studio, "/comptes/")
    assert here(d) == "/connexion", "after logging out, the session opens nothing"

    # The password alone no longer opens an administration account, and the page does not
    # say that the password was right (the same words as for a wrong one).
    log_in(d, studio, ADMIN)
    assert here(d) == "/connexion"
    assert "Adresse électronique, mot de passe ou code incorrect" in errors_shown(d), main_text(d)

    # The code that confirmed the enrolment, again (its 30 s step may not be over): it has
    # served once, it must not open a session (checked in a test of its own below).
    log_in(d, studio, ADMIN, code=phone.last_code)
    RUN["replayed_code_opened_a_session"] = here(d) == "/"
    if here(d) == "/":
        log_out(d)

    log_in(d, studio, ADMIN, code=phone.code())
    assert here(d) == "/", (d.current_url, errors_shown(d))
    assert h1(d) == f"Bonjour {ADMIN.name}"
    RUN["admin"] = True


# --------------------------------------------------------------------------
# 2. The administrator creates a redaction account


def test_the_administrator_creates_a_redaction_account(studio, chrome):
    needs("admin")
    d = chrome
    open_page(d, studio, "/comptes/")
    assert h1(d) == "Comptes du studio"
    RUN["widths_comptes"] = field_widths(d, ["#nom", "#email", "#role", "#mot_de_passe"])
    audit(d, "comptes")

    fill(d, element(d, "#nom"), BRUNO.name)
    fill(d, element(d, "#email"), BRUNO.email)
    Select(element(d, "#role")).select_by_value(BRUNO.role)
    fill(d, element(d, "#mot_de_passe"), "court")
    press_button(d, button(d, "Créer le compte"))
    assert errors_shown(d), "a short password is refused"
    assert element(d, "#mot_de_passe").get_attribute("aria-invalid") == "true"
    assert element(d, "#nom").get_property("value") == BRUNO.name
    assert element(d, "#email").get_property("value") == BRUNO.email
    assert Select(element(d, "#role")).first_selected_option.get_attribute("value") == BRUNO.role
    assert audit(d, "comptes-erreur").status == 422

    fill(d, element(d, "#mot_de_passe"), BRUNO.password)
    press_button(d, button(d, "Créer le compte"))
    assert here(d) == "/comptes/" and "message=cree" in query(d), (d.current_url, errors_shown(d))
    assert notice(d).startswith("Compte créé."), main_text(d)
    rows = [[visible_text(td.text) for td in tr.find_elements(By.TAG_NAME, "td")]
            for tr in d.find_elements(By.CSS_SELECTOR, "table tbody tr")]
    assert [BRUNO.name, BRUNO.email, "Rédaction", "—"] in [r[:4] for r in rows], rows
    assert [ADMIN.name, ADMIN.email, "Administration", "activée"] in [r[:4] for r in rows], rows

    open_page(d, studio, "/journal/")
    assert h1(d) == "Journal du studio"
    journal = [[visible_text(td.text) for td in tr.find_elements(By.TAG_NAME, "td")]
               for tr in d.find_elements(By.CSS_SELECTOR, "table tbody tr")]
    actions = [(r[1], r[3]) for r in journal]
    for expected in [(ADMIN.email, "connexion refusée"), (ADMIN.email, "double authentification activée"),
                     (ADMIN.email, "déconnexion"), (ADMIN.email, "compte créé")]:
        assert expected in actions, journal
    assert any(r[3] == "compte créé" and BRUNO.email in r[4] for r in journal), journal
    assert all(r[2] == "127.0.0.1" for r in journal if r[1] == ADMIN.email), "nginx's X-Real-IP is the address"
    audit(d, "journal")
    log_out(d)
    RUN["bruno"] = True


# --------------------------------------------------------------------------
# 3. Bruno writes a news item and publishes it


def test_a_redaction_account_writes_a_news_item_and_publishes_it(studio, chrome):
    needs("bruno")
    d = chrome
    log_in(d, studio, BRUNO)
    assert here(d) == "/", (d.current_url, errors_shown(d))
    assert h1(d) == f"Bonjour {BRUNO.name}"
    rooms = [a.text for a in d.find_elements(By.CSS_SELECTOR, "nav a")]
    assert {"Accueil", "Pages", "Historique"} <= set(rooms), rooms
    assert not {"Demandes", "Comptes", "Journal"} & set(rooms), rooms

    open_page(d, studio, "/editeur/")
    audit(d, "editeur")
    link = d.find_element(By.LINK_TEXT, "Nouvelle actualité")
    href = link.get_attribute("href")
    assert urlsplit(href).path == "/editeur/nouveau/news", href
    open_page(d, studio, "/editeur/nouveau/news")
    assert h1(d) == "Nouvelle actualité"
    today = paris_now().date()
    fill(d, element(d, 'form.formulaire [name="title"]'), TITLE)
    fill(d, element(d, 'form.formulaire [name="date"]'), today.strftime("%d/%m/%Y"))
    fill(d, element(d, 'form.formulaire [name="summary"]'), SUMMARY)
    fill(d, element(d, 'form.formulaire [name="body"]'), BODY)
    shown = wait_until(lambda: (lambda p: p if p.get("ready") and p.get("h1") == TITLE else None)(preview(d)),
                       15, "the live preview shows the news item")
    RUN["preview"] = shown
    audit(d, "editeur-actualite")

    press_button(d, element(d, 'form.formulaire button[name="action"][value="enregistrer"]'))
    assert here(d).startswith("/editeur/modifier/actualites/"), (d.current_url, errors_shown(d))
    assert notice(d).startswith("Enregistré dans l’historique du site."), main_text(d)
    page = unquote(here(d)[len("/editeur/modifier/"):])
    assert page.endswith(".md"), page
    text = (studio.content / page).read_text(encoding="utf-8")
    assert f"title: {TITLE}\n" in text and f"date: {today.isoformat()}\n" in text, text
    assert SUMMARY in text and text.endswith("---\n" + BODY), text
    history = commits(studio.site, "content/" + page)
    assert [(c.author, c.email, c.subject) for c in history] == [
        (BRUNO.name, BRUNO.email, f"Actualité « {TITLE} » créée")], history
    RUN["page"] = page
    RUN["slug"] = Path(page).stem
    RUN["first_text"] = text

    open_page(d, studio, "/")
    press_button(d, button(d, "Publier"))
    assert h1(d) == "Site publié", (main_text(d))
    audit(d, "publication")
    built = studio.docroot / "actualites" / RUN["slug"] / "index.html"
    assert built.is_file(), f"{built} after Publier"

    # The public site, served by the same nginx under www.test.
    B.load(d, studio.site_url + "/actualites/")
    assert TITLE in main_text(d), f"{TITLE!r} not on {d.current_url}"
    B.load(d, studio.site_url + f"/actualites/{RUN['slug']}/")
    assert h1(d) == TITLE, d.current_url
    assert "Apportez votre carte Vitale." in main_text(d)
    RUN["published"] = True


# --------------------------------------------------------------------------
# 4. Bruno edits it; the history shows both versions and restores the first


def rows_of_history(driver) -> list[dict]:
    rows = []
    for tr in driver.find_elements(By.CSS_SELECTOR, "table.historique tbody tr"):
        cells = tr.find_elements(By.TAG_NAME, "td")
        links = cells[2].find_elements(By.TAG_NAME, "a") if len(cells) > 2 else []
        rows.append({"by": visible_text(cells[1].text) if len(cells) > 1 else "",
                     "change": visible_text(cells[2].text) if len(cells) > 2 else visible_text(tr.text),
                     "href": links[0].get_attribute("href") if links else None})
    return rows


def test_the_history_shows_each_save_and_restores_the_first_version(studio, chrome):
    needs("published")
    d = chrome
    page = RUN["page"]
    open_page(d, studio, f"/editeur/modifier/{page}")
    assert h1(d) == f"Modifier : {TITLE}"
    fill(d, element(d, 'form.formulaire [name="title"]'), TITLE_2)
    fill(d, element(d, 'form.formulaire [name="summary"]'), SUMMARY_2)
    press_button(d, element(d, 'form.formulaire button[name="action"][value="enregistrer"]'))
    assert notice(d).startswith("Enregistré"), (d.current_url, errors_shown(d))
    second_text = (studio.content / page).read_text(encoding="utf-8")
    assert f"title: {TITLE_2}\n" in second_text and SUMMARY_2 in second_text, second_text
    history = commits(studio.site, "content/" + page)
    assert [(c.author, c.subject) for c in history] == [
        (BRUNO.name, f"Actualité « {TITLE_2} » modifiée"), (BRUNO.name, f"Actualité « {TITLE} » créée")], history
    later, first = history[0].id, history[1].id

    open_page(d, studio, "/historique/")
    assert h1(d) == "Historique du site"
    everything = rows_of_history(d)
    assert [r["change"] for r in everything[:2]] == [f"Actualité « {TITLE_2} » modifiée",
                                                     f"Actualité « {TITLE} » créée"], everything
    audit(d, "historique")

    open_page(d, studio, f"/historique/page/{page}")
    assert h1(d) == f"Historique de {page}"
    rows = rows_of_history(d)
    assert [(r["by"], r["change"]) for r in rows] == [
        (BRUNO.name, f"Actualité « {TITLE_2} » modifiée"), (BRUNO.name, f"Actualité « {TITLE} » créée")], rows
    assert urlsplit(rows[0]["href"]).path == f"/historique/version/{later}/{page}", rows[0]
    assert urlsplit(rows[1]["href"]).path == f"/historique/version/{first}/{page}", rows[1]
    audit(d, "historique-page")

    d.find_element(By.LINK_TEXT, f"Actualité « {TITLE_2} » modifiée").click()
    WebDriverWait(d, WAIT).until(lambda x: here(x) == f"/historique/version/{later}/{page}")
    assert h1(d) == f"Actualité « {TITLE_2} » modifiée"
    removed = " ".join(visible_text(e.text) for e in d.find_elements(By.CSS_SELECTOR, "ol.difference del"))
    added = " ".join(visible_text(e.text) for e in d.find_elements(By.CSS_SELECTOR, "ol.difference ins"))
    assert "Une permanence" in removed and "Deux permanences" in added, (removed, added)
    assert "et à Thuré" in added, added
    assert f"par {BRUNO.name}" in main_text(d)
    B.drain_logs(d)
    d.refresh()  # the version page's own load, for the audit's network log
    audit(d, "version")

    # "Rétablir cette version" on the first version (the creation).
    open_page(d, studio, f"/historique/version/{first}/{page}")
    assert h1(d) == f"Actualité « {TITLE} » créée"
    press_button(d, button(d, "Rétablir cette version"))
    assert here(d) == f"/historique/page/{page}" and "message=restauree" in query(d), d.current_url
    assert notice(d).startswith("Version rétablie"), main_text(d)
    assert (studio.content / page).read_text(encoding="utf-8") == RUN["first_text"], "the first text, byte for byte"
    history = commits(studio.site, "content/" + page)
    assert len(history) == 3, history
    assert history[0].author == BRUNO.name and history[0].email == BRUNO.email, history[0]
    assert history[0].subject.startswith(f"Page « {TITLE} » rétablie dans sa version du "), history[0]
    assert git(studio.site, "status", "--porcelain", "--", "content").strip() == "", "everything is committed"
    assert rows_of_history(d)[0]["change"] == history[0].subject
    RUN["restored"] = True


# --------------------------------------------------------------------------
# 5. Scheduled publication: a publish_date and an expiry_date about one minute ahead


def news_item(title: str, rule: str) -> str:
    today = paris_now().date().isoformat()
    return (f"---\ntitle: {title}\ndate: {today}\n{rule}\n"
            f"summary: Une annonce pour la publication programmée du studio.\n---\n\n{title}, le texte.\n")


def test_after_one_publication_the_scheduled_item_is_absent_and_the_expiring_one_present(studio, chrome):
    needs("published")
    d = chrome
    # The next minute at least 30 s ahead, in the site's time zone (Europe/Paris).
    at = (paris_now() + timedelta(seconds=30)).replace(second=0, microsecond=0) + timedelta(minutes=1)
    stamp = at.strftime("%Y-%m-%dT%H:%M")
    for (slug, title), rule in [(FUTURE, f"publish_date: {stamp}"), (EXPIRING, f"expiry_date: {stamp}")]:
        (studio.content / "actualites" / f"{slug}.md").write_text(news_item(title, rule), encoding="utf-8")
    git(studio.site, "add", "--", "content/actualites")
    git(studio.site, "commit", "--quiet", "-m", "Deux annonces programmées", author=PLANNER)

    open_page(d, studio, "/")
    press_button(d, button(d, "Publier"))
    assert h1(d) == "Site publié", main_text(d)
    published = time.monotonic()
    future = studio.docroot / "actualites" / FUTURE[0] / "index.html"
    expiring = studio.docroot / "actualites" / EXPIRING[0] / "index.html"
    assert datetime.now(PARIS) < at, "the publication took too long: the scheduled time is already reached"
    assert not future.exists(), "the item whose publish_date is ahead is not published"
    assert expiring.is_file(), "the item whose expiry_date is ahead is published"
    assert studio.get("www.test", f"/actualites/{FUTURE[0]}/").status == 404
    assert studio.get("www.test", f"/actualites/{EXPIRING[0]}/").status == 200
    RUN["schedule"] = (at, published)

    open_page(d, studio, "/")
    expected = at.strftime("le %d/%m/%Y à %H:%M")
    assert f"Prochaine mise à jour programmée (date de publication ou de retrait d’une page) : {expected}." \
        in main_text(d), main_text(d)


def test_the_studio_publishes_and_withdraws_them_by_itself(studio, chrome):
    needs("schedule")
    at, published = RUN["schedule"]
    future = studio.docroot / "actualites" / FUTURE[0] / "index.html"
    expiring = studio.docroot / "actualites" / EXPIRING[0] / "index.html"
    limit = SCHEDULE_LIMIT - (time.monotonic() - published)
    # No action: only the files of the docroot are read, until both changes are there.
    wait_until(lambda: future.is_file() and not expiring.exists(), limit,
               f"{FUTURE[0]} published and {EXPIRING[0]} withdrawn (scheduled at {at:%H:%M} Paris)", step=0.5)
    reached = datetime.now(PARIS)
    assert reached >= at, f"changed before the time: {reached:%H:%M:%S} < {at:%H:%M}"
    assert studio.get("www.test", f"/actualites/{FUTURE[0]}/").status == 200
    assert studio.get("www.test", f"/actualites/{EXPIRING[0]}/").status == 404
    listing = studio.get("www.test", "/actualites/").body
    assert FUTURE[1] in listing and EXPIRING[1] not in listing
    assert TITLE in listing, "the scheduled publication republished the revision that was published"

    # The journal says who did it: the studio itself.
    d = chrome
    log_out(d)
    log_in(d, studio, ADMIN, code=RUN["phone"].code())
    assert here(d) == "/", (d.current_url, errors_shown(d))
    open_page(d, studio, "/journal/")
    journal = [[visible_text(td.text) for td in tr.find_elements(By.TAG_NAME, "td")]
               for tr in d.find_elements(By.CSS_SELECTOR, "table tbody tr")]
    assert any(r[1:4] == ["studio", "programmation", "publication programmée"] and "réussie" in r[4]
               for r in journal), journal
    assert sum(1 for r in journal if r[1] == BRUNO.email and r[3] == "publication") == 2, journal
    assert sum(1 for r in journal if r[1] == BRUNO.email and r[3] == "enregistrement") == 2, journal
    assert any(r[1] == BRUNO.email and r[3] == "restauration d’une version" for r in journal), journal
    RUN["admin_again"] = True


# --------------------------------------------------------------------------
# 6. Every studio page met: axe, Nu, scroll, console, requests (`width` is parametrized by
# conftest.py: 1280 and 375)


@pytest.mark.parametrize("name", AUDITED)
def test_studio_page_passes_axe(name, width):
    AUDITS.check_axe(name, width)


@pytest.mark.parametrize("name", AUDITED)
def test_studio_page_has_no_horizontal_scroll(name, width):
    AUDITS.check_no_horizontal_scroll(name, width)


@pytest.mark.parametrize("name", AUDITED)
def test_studio_page_has_no_console_error_and_no_request_elsewhere(name):
    console = AUDITS.console_errors(name)
    assert not console, console
    elsewhere = [u for u in AUDITS.audited(name).requests
                 if urlsplit(u).scheme not in ("data", "about", "blob") and urlsplit(u).hostname != STUDIO_HOST]
    assert not elsewhere, elsewhere


@pytest.mark.parametrize("name", AUDITED)
def test_studio_page_passes_the_nu_validator(name):
    AUDITS.check_nu(name)


# --------------------------------------------------------------------------
# 7. What the person is told


def test_the_home_page_confirms_the_second_factor_after_enrolment():
    """After "Activer", the studio says that the second factor is active (home's notice
    "Double authentification activée.", which the enrolment's redirect never asks for)."""
    needs("home_after_enrolment")
    assert "Double authentification activée." in RUN["home_after_enrolment"], RUN["home_after_enrolment"]


def test_email_and_password_fields_are_as_wide_as_the_other_fields():
    """/connexion and /comptes/: the studio's style sheet (the editor's) sizes only
    `input[type=text]`, `input:not([type])`, `select` and `textarea`: the e-mail and
    password fields stay at the browser's small default width (about 170 px beside 640 px)."""
    needs("widths_connexion", "widths_comptes")
    login, accounts = RUN["widths_connexion"], RUN["widths_comptes"]
    assert login["#email"] == login["#mot_de_passe"] == login["#code"], login
    assert accounts["#email"] == accounts["#mot_de_passe"] == accounts["#nom"], accounts


def test_the_editors_preview_in_the_studio_has_the_sites_style_sheet():
    """The preview is built with base_url <public_url>/apercu/: its style sheet (and favicon,
    images) are asked under /apercu/, which the studio answers with its 404 page (text/html),
    so Chromium refuses the style sheet and the preview is unstyled."""
    needs("preview")
    sheets = RUN["preview"]["sheets"]
    assert sheets and all(loaded for _, loaded in sheets), f"style sheets of the preview (href, loaded): {sheets}"


def test_the_preview_of_a_page_with_errors_says_what_to_fix(studio, chrome):
    """A page that cannot be built is previewed as "Aperçu impossible" and what to fix (as in
    `parcours serve`: the frame shows the form's error summary only). The studio must send
    that answer (422) with the preview's framing headers, not its default
    X-Frame-Options: DENY and frame-ancestors 'none', or Chromium refuses to show it."""
    needs("admin_again")
    d = chrome
    open_page(d, studio, "/editeur/nouveau/news")
    fill(d, element(d, 'form.formulaire [name="title"]'), "Une page à la date impossible")
    fill(d, element(d, 'form.formulaire [name="date"]'), "32/13/2025")
    press = button(d, "Aperçu")
    d.execute_script("arguments[0].scrollIntoView({block: 'center'})", press)
    press.click()
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and "Aperçu impossible" not in (preview(d).get("text") or ""):
        time.sleep(0.2)
    shown = preview(d)
    refused = [e["message"] for e in d.get_log("browser") if "frame-ancestors" in e.get("message", "")
               or "X-Frame-Options" in e.get("message", "")]
    assert "Aperçu impossible" in (shown.get("text") or "") and "32/13/2025" in shown["text"] and not refused, \
        f"the preview frame shows {shown}; Chromium says: {refused}"


def test_a_code_that_has_served_does_not_open_a_session_again():
    """The code typed to confirm the enrolment, typed again at the next login within its
    30 s step, is refused (RFC 6238 § 5.2: a verifier must not accept the second attempt of
    the same OTP)."""
    needs("replayed_code_opened_a_session")
    assert not RUN["replayed_code_opened_a_session"]

