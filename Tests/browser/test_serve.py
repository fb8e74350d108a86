"""`parcours serve`: live reload by Server-Sent Events, the error page, full rebuilds
after a template edit, and the local form inbox, with a real browser for the form."""

from __future__ import annotations

import json
import time

import pytest
from selenium.webdriver.common.by import By

from harness import browser as B
from harness.preview import Preview


@pytest.fixture
def preview():
    running = Preview()
    yield running
    running.stop()


def test_edit_sends_a_reload_event_and_serves_the_new_text(preview):
    status, home = preview.get("/")
    assert status == 200
    assert '<script src="/__parcours/live-reload.js" defer></script>' in home
    status, script = preview.get("/__parcours/live-reload.js")
    assert status == 200 and "EventSource" in script

    events = preview.events()
    page = preview.read("content/contact.md")
    preview.write("content/contact.md", page + "\nNouvelle permanence le jeudi matin.\n")
    event, _ = events.next()
    assert event == "reload"
    status, contact = preview.get("/contact/")
    assert status == 200
    assert "Nouvelle permanence le jeudi matin." in contact
    events.close()


def test_broken_front_matter_shows_the_error_page_then_recovers(preview):
    events = preview.events()
    original = preview.read("content/contact.md")
    preview.write("content/contact.md", original.replace("title:", "title: Contact : nous joindre\nsummary:", 1)
                  .replace("---\n", "---\ntitle: Bilan : 2026\n", 1))
    assert events.next()[0] == "reload"
    status, page = preview.get("/contact/")
    assert status == 500
    assert "La construction du site a échoué" in page
    assert "content/contact.md:2:14" in page
    assert "mapping values are not allowed in this context" in page
    assert "title: Bilan : 2026" in page  # the source line
    assert "live-reload.js" in page  # so that the fix reloads it

    preview.write("content/contact.md", original)
    assert events.next()[0] == "reload"
    status, page = preview.get("/contact/")
    assert status == 200
    assert "La construction du site a échoué" not in page
    deadline = time.monotonic() + 5
    while not any("1 error, 0 warnings" in line for line in preview.lines) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert any("content/contact.md:2:14: error: invalid YAML" in line for line in preview.lines), "the terminal shows the error too"
    assert any("1 error, 0 warnings" in line for line in preview.lines), "\n".join(preview.lines)
    events.close()


def test_a_template_edit_rebuilds_every_page(preview):
    events = preview.events()
    layout = preview.read("themes/default/layouts/base.mustache")
    preview.write("themes/default/layouts/base.mustache",
                  layout.replace("</body>", "<p>marqueur-de-gabarit</p>\n</body>", 1))
    assert events.next()[0] == "reload"
    for path in ["/", "/contact/", "/actualites/", "/agenda/", "/missions/prevention/", "/acces-medecin/"]:
        status, page = preview.get(path)
        assert status == 200, path
        assert "marqueur-de-gabarit" in page, path
    events.close()


def test_the_local_form_inbox_records_a_submission_from_the_browser(preview):
    """Without JavaScript, as the plainest browser would: the form posts to the inbox,
    which saves it and sends the browser to the success page."""
    status, form_page = preview.get("/acces-medecin/")
    assert status == 200
    assert f'action="http://127.0.0.1:{preview.port}/__parcours/formulaires/acces-medecin"' in form_page

    driver = B.make_driver()
    try:
        driver.execute_cdp_cmd("Emulation.setScriptExecutionDisabled", {"value": True})
        driver.get(preview.base_url + "acces-medecin/")
        form = driver.find_element(By.CSS_SELECTOR, "form[method=post]")
        values = {"text": "Dupont", "tel": "0549000000", "email": "marie.dupont@example.org", "number": "12"}
        for field in form.find_elements(By.CSS_SELECTOR, "input, select, textarea"):
            kind = (field.get_attribute("type") or field.tag_name).lower()
            if not field.is_displayed() or kind in ("hidden", "submit"):
                continue
            name = field.get_attribute("name") or ""
            if kind == "radio":
                group = form.find_elements(By.CSS_SELECTOR, f'input[type=radio][name="{name}"]')
                if not any(r.is_selected() for r in group):
                    driver.execute_script("arguments[0].click()", group[0])
            elif kind == "checkbox":
                if not field.is_selected():
                    driver.execute_script("arguments[0].click()", field)
            elif field.tag_name == "select":
                options = [o for o in field.find_elements(By.TAG_NAME, "option") if o.get_attribute("value")]
                options[0].click()
            elif field.tag_name == "textarea":
                field.send_keys("Rappel de préférence en fin de matinée.")
            elif name.endswith("_annee"):
                field.send_keys("1950")
            elif name.endswith("_mois"):
                field.send_keys("5")
            elif name.endswith("_jour"):
                field.send_keys("12")
            elif "commune" in name:
                field.send_keys("Naintré")
            else:
                field.send_keys(values.get(kind, "Dupont"))
        submit = form.find_element(By.CSS_SELECTOR, "button[type=submit], input[type=submit]")
        driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", submit)
        driver.execute_script("arguments[0].click()", submit)
        deadline = time.monotonic() + 15
        while "/acces-medecin/merci/" not in driver.current_url and time.monotonic() < deadline:
            time.sleep(0.2)
        assert driver.current_url == preview.base_url + "acces-medecin/merci/"
    finally:
        driver.quit()

    inbox = preview.root / ".parcours" / "formulaires" / "acces-medecin"
    saved = sorted(inbox.glob("*.json"))
    assert len(saved) == 1, f"one submission saved in {inbox}"
    record = json.loads(saved[0].read_text(encoding="utf-8"))
    fields = dict(record["fields"])
    assert fields["nom"] == "Dupont"
    assert fields["telephone"] == "0549000000"
    deadline = time.monotonic() + 5
    while not any("submission saved" in line for line in preview.lines) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert any("submission saved" in line for line in preview.lines)
