"""The search page /recherche/ and its index, in both deployments of the example site.

- the index (recherche/index.json) is read with Python's json: one entry per
  published page with its title, summary, text words, type, date and URL (under the
  base path), nothing else;
- in the real browser (headless Chromium, served by nginx), typing "médecin", then
  "medecin", then "MÉDECIN" finds the pages of the scheme "Un médecin près de chez
  vous", every page whose text holds the word, title matches first, as links to pages
  of the site; a query in the URL (?q=) is searched on load;
- with JavaScript disabled, the page says so and links to the sitemap.

What the results should be is computed here from the index, with the rule the page
promises (accents and case ignored, every word typed must be found, title matches
first), not read from the script.
"""

from __future__ import annotations

import json
import time
from urllib.parse import quote, urlsplit

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

from harness import browser as B
from harness import outputs as O

SEARCH = "recherche/"
INDEX = "recherche/index.json"
SCHEME = "un medecin pres de chez vous"  # folded title of the scheme's pages


def fail(message):
    pytest.fail(message, pytrace=False)


def load_index(deployment) -> list[dict]:
    path = deployment.output / INDEX
    if not path.is_file():
        fail(f"no search index at {INDEX}")
    return json.loads(path.read_text(encoding="utf-8"))


def expected_results(index: list[dict], query: str) -> tuple[set, set]:
    """(URLs whose title holds every word, URLs that hold every word anywhere)."""
    terms = [t for t in "".join(c if c.isalnum() else " " for c in O.fold(query)).split() if t]
    titles, anywhere = set(), set()
    for e in index:
        title = O.fold(e["title"])
        text = " ".join([title, O.fold(e.get("summary", "")), e.get("words", "")])
        if all(t in text for t in terms):
            anywhere.add(e["url"])
            if all(t in title for t in terms):
                titles.add(e["url"])
    return titles, anywhere


# --------------------------------------------------------------------------
# The index


def test_search_index_lists_published_pages(deployment):
    index = load_index(deployment)
    assert isinstance(index, list) and index, "the index is not a non-empty JSON list"
    pages = O.page_files(deployment.output)
    problems = []
    for e in index:
        for key in ("title", "url", "type", "summary", "words"):
            if not isinstance(e.get(key), str):
                problems.append(f"{e.get('url')}: no {key}")
        url = e.get("url", "")
        if not url.startswith(deployment.base_path):
            problems.append(f"{url}: not under the base path {deployment.base_path}")
        elif url[len(deployment.base_path):] not in pages:
            problems.append(f"{url}: not a page of the build")
        if e.get("words") != O.fold(e.get("words", "")):
            problems.append(f"{url}: words are not folded (lower case, no accents)")
    urls = [e.get("url") for e in index]
    duplicates = sorted({u for u in urls if urls.count(u) > 1})
    if duplicates:
        problems.append(f"listed twice: {duplicates}")
    # Every published page that is not a list of other pages is findable, except the
    # pages whose front matter says `search: false` (the thank-you and legal pages).
    for page in O.example_pages():
        if O.is_published(page) and not page.is_list:
            listed = deployment.base_path + page.rel in urls
            if page.front.get("search") is False:
                if listed:
                    problems.append(f"{page.rel} ({page.source.name}) says search: false but is in the index")
            elif not listed:
                problems.append(f"{page.rel or 'home'} ({page.source.name}) is not in the index")
    if problems:
        fail("\n".join(problems[:60]))
    dated = [e for e in index if e.get("date")]
    assert dated, "no entry has a date"


def test_search_index_is_small(deployment):
    size = (deployment.output / INDEX).stat().st_size
    pages = len(O.page_files(deployment.output))
    print(f"{INDEX}: {size} bytes for {pages} pages")
    assert size < 2000 * pages, f"{size} bytes for {pages} pages: more than 2 kB a page"


def test_search_page_without_javascript(deployment, server, driver):
    """Scripts off: the page says that search needs JavaScript and links to the sitemap."""
    B.set_viewport(driver, 1280)
    driver.execute_cdp_cmd("Emulation.setScriptExecutionDisabled", {"value": True})
    try:
        driver.get(deployment.url(SEARCH))
        notices = [e for e in driver.find_elements(By.CSS_SELECTOR, "main .notice, main noscript *")
                   if e.is_displayed()]
        assert notices, "no visible message when JavaScript is disabled"
        text = " ".join(e.text for e in notices)
        assert "JavaScript" in text, text
        links = [a.get_attribute("href") for n in notices for a in n.find_elements(By.TAG_NAME, "a")]
        assert deployment.base_url + "sitemap.xml" in links, f"no link to the sitemap: {links}"
        assert driver.find_element(By.ID, "recherche-resultats").text == ""
    finally:
        driver.execute_cdp_cmd("Emulation.setScriptExecutionDisabled", {"value": False})


# --------------------------------------------------------------------------
# In the browser


def _results(driver) -> list[tuple[str, str]]:
    return [(a.get_attribute("href"), a.text)
            for a in driver.find_elements(By.CSS_SELECTOR, "#recherche-resultats li a")]


def _search(driver, query: str, previous_status: str | None = None) -> tuple[list, str]:
    box = driver.find_element(By.CSS_SELECTOR, "input[type=search]")
    box.clear()
    box.send_keys(query)
    box.send_keys(Keys.ENTER)
    status = driver.find_element(By.ID, "recherche-statut")
    WebDriverWait(driver, 10).until(lambda d: status.text.strip() and query in status.text
                                    and status.text != previous_status)
    return _results(driver), status.text


def test_search_finds_the_scheme(deployment, server, driver):
    index = load_index(deployment)
    scheme = {e["url"] for e in index if SCHEME in O.fold(e["title"])}
    assert len(scheme) >= 2, f"the index has fewer than 2 pages titled like {SCHEME!r}: {scheme}"
    titles, anywhere = expected_results(index, "médecin")
    pages = O.page_files(deployment.output)

    B.set_viewport(driver, 1280)
    B.drain_logs(driver)
    B.load(driver, deployment.url(SEARCH))
    seen = {}
    status = None
    for query in ("médecin", "medecin", "MÉDECIN"):
        results, status = _search(driver, query, status)
        urls = [urlsplit(href).path for href, _ in results]
        seen[query] = urls
        missing = scheme - set(urls)
        assert not missing, f"{query!r}: the scheme's pages {sorted(missing)} are not among the results {urls}"
        assert set(urls) == anywhere, (f"{query!r}: results differ from the pages holding the word:\n"
                                       f"  missing {sorted(anywhere - set(urls))}\n  extra {sorted(set(urls) - anywhere)}")
        first = urls[:len(titles)]
        assert set(first) == titles, f"{query!r}: title matches are not first: {urls}"
        assert str(len(urls)) in status, f"{query!r}: the status {status!r} does not give the count"
        for href, text in results:
            assert href.startswith(deployment.base_url), f"{query!r}: {href} is not under {deployment.base_url}"
            assert href[len(deployment.base_url):] in pages, f"{query!r}: {href} is no page of the build"
            assert text.strip(), f"{query!r}: a result link without text"
        assert "q=" in driver.current_url, "the query is not kept in the URL"
    assert seen["médecin"] == seen["medecin"] == seen["MÉDECIN"], seen
    errors = B.read_console_errors(driver)
    assert not errors, errors


def test_search_several_words_and_query_in_url(deployment, server, driver):
    """?q= is searched on load; several words must all be found; the title matches first."""
    index = load_index(deployment)
    query = "médecin près de chez vous"
    titles, anywhere = expected_results(index, query)
    B.set_viewport(driver, 1280)
    B.load(driver, deployment.url(SEARCH) + "?q=" + quote(query))
    WebDriverWait(driver, 10).until(lambda d: d.find_element(By.ID, "recherche-statut").text.strip())
    assert driver.find_element(By.CSS_SELECTOR, "input[type=search]").get_attribute("value") == query
    urls = [urlsplit(href).path for href, _ in _results(driver)]
    assert set(urls) == anywhere and set(urls[:len(titles)]) == titles, urls
    # A word found nowhere: no result, and the status says so.
    _, status = _search(driver, "zzzxqwv")
    assert _results(driver) == [] and "zzzxqwv" in status


def test_search_result_link_opens_the_page(deployment, server, driver):
    B.set_viewport(driver, 375)
    B.load(driver, deployment.url(SEARCH))
    results, _ = _search(driver, "medecin")
    href = results[0][0]
    driver.find_element(By.CSS_SELECTOR, "#recherche-resultats li a").click()
    WebDriverWait(driver, 10).until(lambda d: d.current_url.split("?")[0] == href)
    time.sleep(0.1)
    assert driver.execute_script("return document.readyState") == "complete"
    assert driver.title and "introuvable" not in driver.title.lower(), driver.title


def test_search_ignores_ligatures(deployment, server, driver):
    """"oeuvre" finds "œuvre" and the other way round, as accents are ignored."""
    index = load_index(deployment)
    _, anywhere = expected_results(index, "oeuvre")
    if not anywhere:
        pytest.skip("no page holds the word œuvre")
    B.set_viewport(driver, 1280)
    B.load(driver, deployment.url(SEARCH))
    status = None
    for query in ("oeuvre", "Œuvre"):
        results, status = _search(driver, query, status)
        assert {urlsplit(href).path for href, _ in results} == anywhere, (query, results)
