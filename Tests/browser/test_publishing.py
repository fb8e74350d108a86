"""Publishing rules, on the small site of harness/testsite.py (built by the `small_site`
fixture of conftest.py, under https://essai.example/cpts/ and at the root):

- a draft, a future (publish_date 2999) and an expired (expiry_date 2001) news item,
  and the same three events, each tagged and with an alias, appear in NO output
  file: not in a list, a tag page or the tag index, the Atom feed, the sitemap, the
  search index, an .ics file, a redirect page, nor as a file or folder name;
- each of --drafts, --future, --expired brings back exactly its own items, in every
  one of those outputs; the three together bring back all of them;
- news lists are paginated (rel=prev/next, the current page marked), the agenda is
  split into upcoming (soonest first) and past (newest first) events;
- dates are written in French ("jeudi 10 décembre 2026, de 17 h à 19 h 30") and, with
  `language: en`, in English.
"""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from harness import outputs as O
from harness import testsite as T

MARKERS = list(T.UNPUBLISHED)
FLAG_OF = {marker: flag for marker, (_, _, flag) in T.UNPUBLISHED.items()}


def fail(message):
    pytest.fail(message, pytrace=False)


def folded_text(path: Path) -> str:
    return O.fold(path.read_bytes().decode("utf-8", errors="replace"))


def files_with(build: T.Build, marker: str) -> list[str]:
    """Files of the build whose path or content holds the marker (case and accents ignored)."""
    hits = []
    for path in build.files():
        rel = path.relative_to(build.output).as_posix()
        if marker in O.fold(rel) or marker in folded_text(path):
            hits.append(rel)
    return hits


def list_pages(build: T.Build, rel: str) -> list[Path]:
    """Every page of a paginated list: rel/index.html, rel/page/2/index.html…"""
    first = build.output / rel / "index.html"
    pages = [first] if first.is_file() else []
    pages += sorted((build.output / rel / "page").glob("*/index.html"), key=lambda p: int(p.parent.name))
    return pages


def outputs_to_check(build: T.Build, marker: str | None = None) -> dict[str, list[Path]]:
    """The outputs a published item must reach (and an unpublished one must not)."""
    out = build.output
    groups = {
        "the news list": list_pages(build, "actualites"),
        "the tag page of a shared tag": list_pages(build, "tags/vie-associative"),
        "the tag index": [out / "tags/index.html"],
        "the Atom feed": [out / "actualites/atom.xml"],
        "the agenda": [out / "agenda/index.html"],
        "agenda.ics": [out / "agenda/agenda.ics"],
        "the sitemap": [out / "sitemap.xml"],
        "the search index": [out / "recherche/index.json"],
    }
    if marker:
        news, event, _ = T.UNPUBLISHED[marker]
        groups.update({
            "its page": [out / "actualites" / news / "index.html"],
            "its event page": [out / "agenda" / event / "index.html"],
            "its event's .ics": [out / "agenda" / f"{event}.ics"],
            "its own tag page": list_pages(build, f"tags/tag-{marker}"),
            "its alias": [out / "anciennes-actualites" / marker / "index.html"],
        })
    return groups


@pytest.mark.parametrize("name", ["sub", "root"])
def test_nothing_unpublished_appears_anywhere(small_site, name):
    build = small_site[name]
    problems = [f"{rel}: holds {marker!r} ({FLAG_OF[marker]} was not given)"
                for marker in MARKERS for rel in files_with(build, marker)]
    if problems:
        fail(f"unpublished items in the {name} build:\n" + "\n".join(problems))
    # The test is not empty: each output exists, and the published items are in it.
    groups = outputs_to_check(build)
    for what, paths in groups.items():
        assert paths and all(p.is_file() for p in paths), f"{name}: {what} is missing: {paths}"
    published = {"premiere-nouvelle": ["the news list", "the tag page of a shared tag", "the Atom feed",
                                       "the sitemap", "the search index"],
                 "reunion-publique": ["the agenda", "agenda.ics", "the sitemap", "the search index"]}
    for slug, where in published.items():
        for what in where:
            assert any(slug in folded_text(p) for p in groups[what]), f"{name}: {slug} is not in {what}"
    tags = (build.output / "tags/index.html").read_text(encoding="utf-8")
    assert "vaccination" in tags and "vie-associative" in tags


@pytest.mark.parametrize("marker", MARKERS, ids=[FLAG_OF[m] for m in MARKERS])
def test_each_flag_publishes_its_own_items(small_site, marker):
    flag = FLAG_OF[marker]
    build = small_site[flag]
    problems = []
    for what, paths in outputs_to_check(build, marker).items():
        if not paths or not all(p.is_file() for p in paths):
            problems.append(f"{what}: missing ({[str(p.relative_to(build.output)) for p in paths]})")
        elif not any(marker in folded_text(p) for p in paths):
            problems.append(f"{what}: does not hold {marker!r}")
    for other in MARKERS:
        if other != marker:
            problems += [f"{rel}: holds {other!r} ({FLAG_OF[other]} was not given)"
                         for rel in files_with(build, other)]
    if problems:
        fail(f"build with {flag}:\n" + "\n".join(problems))


def test_all_flags_publish_everything(small_site):
    build = small_site["all"]
    problems = []
    for marker in MARKERS:
        for what, paths in outputs_to_check(build, marker).items():
            if not paths or not all(p.is_file() for p in paths) or not any(marker in folded_text(p) for p in paths):
                problems.append(f"{marker}: not in {what}")
    if problems:
        fail("build with " + " ".join(T.ALL_FLAGS) + ":\n" + "\n".join(problems))


# --------------------------------------------------------------------------
# Lists


def _links(path: Path, rel_attr: str) -> list[str]:
    text = path.read_text(encoding="utf-8")
    return re.findall(r'<a href="([^"]+)"[^>]*\brel="' + rel_attr + '"', text)


def test_news_lists_are_paginated(small_site):
    """paginate: 2 — three news items make two pages, six make three."""
    for name, pages_expected in (("sub", 2), ("all", 3)):
        build = small_site[name]
        pages = list_pages(build, "actualites")
        assert len(pages) == pages_expected, f"{name}: {len(pages)} list pages"
        base = "/cpts/actualites/"
        urls = [base] + [f"{base}page/{n}/" for n in range(2, pages_expected + 1)]
        for i, page in enumerate(pages):
            text = page.read_text(encoding="utf-8")
            nav = re.search(r'<nav class="pagination" aria-label="[^"]+">(.*?)</nav>', text, re.S)
            assert nav, f"{name}: {urls[i]}: no labelled pagination <nav>"
            assert re.search(r'<a href="' + re.escape(urls[i]) + r'" aria-current="page"', nav.group(1)), \
                f"{name}: {urls[i]}: the current page is not marked aria-current"
            assert _links(page, "prev") == ([urls[i - 1]] if i > 0 else []), (name, urls[i], _links(page, "prev"))
            assert _links(page, "next") == ([urls[i + 1]] if i + 1 < len(urls) else []), (name, urls[i])
            cards = re.findall(r'<h2 class="card__title"><a href="([^"]+)"', text)
            assert 1 <= len(cards) <= 2, f"{name}: {urls[i]}: {len(cards)} items (paginate: 2)"
        loc = "https://essai.example" + urls[1]
        assert loc in (build.output / "sitemap.xml").read_text(encoding="utf-8"), f"{name}: {loc} not in the sitemap"


def test_agenda_is_split_into_upcoming_and_past(small_site):
    build = small_site["sub"]
    tz = ZoneInfo("Europe/Paris")
    now = datetime.now(tz)
    events = [p for p in O.content_pages(build.source)
              if p.type == "event" and not p.is_section_index and O.is_published(p)]

    def start(p):
        moment, has_time = O.local_datetime(p.front["start"], tz)
        return moment if has_time else datetime(moment.year, moment.month, moment.day, tzinfo=tz)

    upcoming = sorted((p for p in events if start(p) >= now), key=start)
    past = sorted((p for p in events if start(p) < now), key=start, reverse=True)
    assert len(past) >= 2, "the test site has two past events"
    text = (build.output / "agenda/index.html").read_text(encoding="utf-8")
    head, _, rest = text.partition('id="a-venir"')
    upcoming_html, _, past_html = rest.partition('id="passes"')
    assert upcoming_html and past_html, "no 'À venir' (#a-venir) and 'Passés' (#passes) sections"
    title_links = r'<h3 class="(?:card|past-events)__title"><a href="/cpts/agenda/([^/"]+)/"'
    assert re.findall(title_links, upcoming_html) == [p.rel.split("/")[-2] for p in upcoming]
    assert re.findall(title_links, past_html) == [p.rel.split("/")[-2] for p in past]


# --------------------------------------------------------------------------
# Dates in words


def _text(path: Path) -> str:
    return re.sub(r"[\u00a0\u202f]", " ", path.read_text(encoding="utf-8"))


def test_dates_in_french(small_site):
    out = small_site["sub"].output
    assert "jeudi 10 décembre 2026, de 17 h à 19 h 30" in _text(out / "agenda/reunion-publique/index.html")
    assert "du 3 au 4 avril 2027" in _text(out / "agenda/journee-depistage/index.html")
    assert "5 janvier 2026" in _text(out / "actualites/premiere-nouvelle/index.html")
    assert re.search(r"\b17\u00a0h\b", (out / "agenda/reunion-publique/index.html").read_text(encoding="utf-8")), \
        "a time is written with a no-break space (17 h never splits across lines)"


def test_dates_in_english(small_site, tmp_path):
    b = T.build(small_site["sub"].source, tmp_path / "en", "https://essai.example/cpts/", ["--set", "language=en"])
    assert b.ok, b.log
    page = _text(b.output / "agenda/reunion-publique/index.html")
    assert '<html lang="en">' in page
    assert "Thursday 10 December 2026, 17:00–19:30" in page
    assert "5 January 2026" in _text(b.output / "actualites/premiere-nouvelle/index.html")
    assert "Thursday" in b.text("agenda/index.html") or "December" in b.text("agenda/index.html")
