"""The Atom feed of the news and the iCalendar files of the agenda, read by parsers
that are not Parcours's: Python's feedparser (and lxml for the raw XML), Python's
icalendar, and the raw bytes against RFC 5545 §3.1 and §3.3.11.

Two sources:

- the example site, in both deployments (at the root and under /cpts/): what is
  expected is read from its content (titles, dates, statuses, places), so every
  news item and every event is checked, not a chosen few;
- the small site of harness/testsite.py, whose texts hold exactly the characters
  to escape and fold, built twice to compare identifiers across builds.
"""

from __future__ import annotations

import calendar as _calendar
import re
from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import feedparser
import icalendar
import pytest
from lxml import etree

from harness import outputs as O
from harness.nginx import _OPENER

ATOM = "{http://www.w3.org/2005/Atom}"
STATUS = {"scheduled": "CONFIRMED", "cancelled": "CANCELLED", "postponed": "TENTATIVE"}
TEXT_PROPERTIES = ("SUMMARY", "LOCATION", "DESCRIPTION", "X-WR-CALNAME", "COMMENT")


def fail(message):
    pytest.fail(message, pytrace=False)


def timezone_of(config) -> ZoneInfo:
    return ZoneInfo(config.get("timezone") or "Europe/Paris")


def utc_struct(moment: datetime):
    return moment.astimezone(timezone.utc).timetuple()[:6]


def local_midnight_or_time(value, tz) -> datetime:
    moment, has_time = O.local_datetime(value, tz)
    if not has_time:
        moment = datetime(moment.year, moment.month, moment.day, tzinfo=tz)
    return moment


def absolute_links(html: str) -> list[str]:
    return re.findall(r"""(?:href|src)\s*=\s*["']([^"']*)["']""", html)


def news_sections():
    pages = O.example_pages()
    return [(s, O.section_items(pages, s)) for s in O.sections(pages, "news")]


def event_sections():
    pages = O.example_pages()
    return [(s, O.section_items(pages, s)) for s in O.sections(pages, "event")]


# --------------------------------------------------------------------------
# Atom, example site


def test_example_site_has_news_and_events():
    if not news_sections() or not any(items for _, items in news_sections()):
        fail("the content has no news section with published items: nothing to test the feed with")
    if not event_sections() or not any(items for _, items in event_sections()):
        fail("the content has no events section with published events")


def test_atom_feed_parses_with_feedparser(deployment, site_config):
    tz = timezone_of(site_config)
    for section, items in news_sections():
        path = deployment.output / section.rel / "atom.xml"
        if not path.is_file():
            fail(f"no Atom feed at {section.rel}atom.xml")
        data = path.read_bytes()
        feed = feedparser.parse(data)
        if feed.bozo:
            fail(f"{section.rel}atom.xml is not well-formed for feedparser: {feed.bozo_exception!r}")
        assert feed.version == "atom10", feed.version
        base = deployment.base_url
        links = {link.rel: link.href for link in feed.feed.links}
        assert links.get("self") == base + section.rel + "atom.xml", links
        assert links.get("alternate") == base + section.rel, links
        assert feed.feed.title and section.title in feed.feed.title, feed.feed.title
        assert feed.feed.id, "the feed has no id"
        assert feed.feed.get("updated_parsed"), "the feed has no updated date"
        assert feed.feed.get("author") or all(e.get("author") for e in feed.entries), \
            "RFC 4287 §4.1.1: an author on the feed or on every entry"

        expected = {base + p.rel: p for p in items}
        got = {e.link: e for e in feed.entries}
        assert len(feed.entries) == min(50, len(items)), \
            f"{len(feed.entries)} entries for {len(items)} published news items"
        if len(items) <= 50:
            assert set(got) == set(expected), (
                f"missing: {sorted(set(expected) - set(got))}; unexpected: {sorted(set(got) - set(expected))}")
        ids = [e.id for e in feed.entries]
        assert len(set(ids)) == len(ids), "entry ids are not unique"
        for entry in feed.entries:
            page = expected.get(entry.link)
            assert page, f"entry {entry.link} is no published news item of {section.rel}"
            assert entry.title == page.title, (entry.title, page.title)
            assert re.match(r"^(tag:|urn:|https?://)", entry.id), f"entry id is not a URI: {entry.id}"
            assert entry.get("published_parsed") and entry.get("updated_parsed"), entry.link
            published = local_midnight_or_time(page.front["date"], tz)
            assert tuple(entry.published_parsed)[:6] == utc_struct(published), (
                f"{entry.link}: published {entry.published} for the date {page.front['date']}")
            updated = local_midnight_or_time(page.front.get("updated") or page.front["date"], tz)
            assert tuple(entry.updated_parsed)[:6] == utc_struct(updated), (entry.link, entry.updated)
            assert entry.get("author"), f"{entry.link}: no author"
            if page.front.get("author"):
                assert entry.author == page.front["author"], (entry.author, page.front["author"])
            assert entry.get("content") and entry.content[0].type == "text/html", entry.link
            assert len(entry.content[0].value) > len(entry.get("summary", "")) // 2, entry.link
            for tag in page.front.get("tags") or []:
                assert tag in [t.get("label") or t.term for t in entry.get("tags", [])], (entry.link, tag)
        # Newest first, and the feed's updated is its newest entry's.
        published = [_calendar.timegm(e.published_parsed) for e in feed.entries]
        assert published == sorted(published, reverse=True), "entries are not newest first"
        assert tuple(feed.feed.updated_parsed) == max(tuple(e.updated_parsed) for e in feed.entries)


def test_atom_content_links_are_absolute(deployment):
    """Feed readers show the content away from the site: every link and image of the
    raw content (before feedparser resolves anything) is absolute, under the base URL
    when it points into the site."""
    for section, _ in news_sections():
        tree = etree.parse(str(deployment.output / section.rel / "atom.xml"))
        problems = []
        for entry in tree.iter(ATOM + "entry"):
            link = entry.find(ATOM + "link[@rel='alternate']").get("href")
            if not link.startswith(deployment.base_url):
                problems.append(f"entry link {link} is not under {deployment.base_url}")
            content = entry.find(ATOM + "content")
            if content is None or content.get("type") != "html":
                problems.append(f"{link}: no <content type='html'>")
                continue
            for url in absolute_links(content.text or ""):
                if url.startswith(("#", "mailto:", "tel:")):
                    continue
                if not re.match(r"^https?://", url):
                    problems.append(f"{link}: relative link {url!r} in the content")
                elif url.startswith(deployment.origin) and not url.startswith(deployment.base_url):
                    problems.append(f"{link}: {url} forgets the base path {deployment.base_path}")
        if problems:
            fail("\n".join(problems))


def test_atom_feed_is_advertised(deployment):
    """A <link rel="alternate" type="application/atom+xml"> to the feed on the home
    page, the news lists and the news items; and a visible link on the list."""
    pages = O.page_files(deployment.output)
    for section, items in news_sections():
        feed_url = deployment.base_url + section.rel + "atom.xml"
        for rel in ["", section.rel] + [p.rel for p in items]:
            head = O.read_head(pages[rel])
            alternates = [O.absolute(deployment.base_url + rel, link.get("href", ""))
                          for link in head.links
                          if "alternate" in link.get("rel", "").split()
                          and link.get("type") == "application/atom+xml"]
            assert feed_url in alternates, f"{rel or 'home'}: no <link rel=alternate> to {feed_url} ({alternates})"
        list_head = O.read_head(pages[section.rel])
        visible = [O.absolute(deployment.base_url + section.rel, href) for href, _ in list_head.anchors]
        assert feed_url in visible, f"{section.rel}: no visible link to the feed"


# --------------------------------------------------------------------------
# iCalendar, example site


def ics_files(deployment) -> list:
    return sorted(deployment.output.rglob("*.ics"))


def test_every_ics_file_is_rfc5545_at_the_byte_level(deployment):
    files = ics_files(deployment)
    if not files:
        fail("no .ics file in the build")
    problems = []
    for path in files:
        data = path.read_bytes()
        rel = path.relative_to(deployment.output)
        problems += [f"{rel}: {p}" for p in O.ics_raw_problems(data)]
        lines = O.unfold(data)
        if lines[:1] != ["BEGIN:VCALENDAR"] or lines[-1:] != ["END:VCALENDAR"]:
            problems.append(f"{rel}: not BEGIN:VCALENDAR … END:VCALENDAR")
        for line in lines:
            name = re.split(r"[;:]", line, maxsplit=1)[0].upper()
            if name in TEXT_PROPERTIES:
                problems += [f"{rel}: {name}: {p}" for p in O.escaping_problems(O.text_value(line))]
    if problems:
        fail("\n".join(problems[:80]))


def _vevents(path):
    cal = icalendar.Calendar.from_ical(path.read_bytes())
    return cal, [c for c in cal.walk("VEVENT")]


def test_every_ics_file_parses_with_icalendar(deployment, site_config):
    tz = timezone_of(site_config)
    base = deployment.base_url
    for section, events in event_sections():
        agenda = deployment.output / section.rel / "agenda.ics"
        if not agenda.is_file():
            fail(f"no iCalendar feed at {section.rel}agenda.ics")
        cal, vevents = _vevents(agenda)
        assert str(cal.get("VERSION")) == "2.0" and cal.get("PRODID"), "VERSION:2.0 and PRODID are required"
        by_url = {str(v.get("URL")): v for v in vevents}
        assert len(vevents) == len(events), f"{len(vevents)} VEVENTs in agenda.ics for {len(events)} published events"
        assert set(by_url) == {base + e.rel for e in events}, sorted(by_url)
        uids = [str(v.get("UID")) for v in vevents]
        assert len(set(uids)) == len(uids), "UIDs of agenda.ics are not unique"
        tzids = {str(c.get("TZID")) for c in cal.walk("VTIMEZONE")}

        for event in events:
            single = deployment.output / (event.rel.rstrip("/") + ".ics")
            if not single.is_file():
                fail(f"no {single.relative_to(deployment.output)} for the event {event.rel}")
            one_cal, one = _vevents(single)
            assert len(one) == 1, f"{single.name}: {len(one)} VEVENTs"
            for where, vevent, cal_tzids in (("agenda.ics", by_url[base + event.rel], tzids),
                                             (single.name, one[0], {str(c.get("TZID")) for c in one_cal.walk("VTIMEZONE")})):
                _check_vevent(where, vevent, event, base, tz, cal_tzids)
            assert str(one[0].get("UID")) == str(by_url[base + event.rel].get("UID")), \
                f"{single.name}: its UID differs from the one of agenda.ics"


def _check_vevent(where, v, event, base, tz, tzids):
    f = event.front
    label = f"{where} ({event.rel})"
    for prop in ("UID", "DTSTAMP", "DTSTART", "SUMMARY", "URL", "STATUS"):
        assert v.get(prop) is not None, f"{label}: no {prop}"
    assert str(v.get("SUMMARY")) == event.title, (label, str(v.get("SUMMARY")))
    assert str(v.get("URL")) == base + event.rel, (label, str(v.get("URL")))
    stamp = v.decoded("DTSTAMP")
    assert isinstance(stamp, datetime) and stamp.utcoffset() == timedelta(0), f"{label}: DTSTAMP not in UTC"
    assert str(v.get("STATUS")) == STATUS[str(f.get("status") or "scheduled")], \
        f"{label}: STATUS {v.get('STATUS')} for status {f.get('status')}"
    for prop in ("DTSTART", "DTEND"):
        tzid = v[prop].params.get("TZID") if v.get(prop) is not None else None
        if tzid:
            assert tzid in tzids, f"{label}: {prop} uses TZID={tzid} without a VTIMEZONE"
    start, has_time = O.local_datetime(f["start"], tz)
    end_value = f.get("end")
    if has_time:
        got = v.decoded("DTSTART")
        assert isinstance(got, datetime) and got.tzinfo is not None, f"{label}: DTSTART is a floating time"
        assert got == start, f"{label}: DTSTART {got} for {f['start']} ({tz.key})"
        if end_value is not None:
            end, _ = O.local_datetime(end_value, tz)
            assert v.decoded("DTEND") == end, f"{label}: DTEND {v.decoded('DTEND')} for {end_value}"
    else:
        assert v["DTSTART"].params.get("VALUE") == "DATE", f"{label}: an all-day event needs VALUE=DATE"
        got = v.decoded("DTSTART")
        assert type(got) is date and got == start, (label, got)
        last = O.local_datetime(end_value, tz)[0] if end_value is not None else start
        if v.get("DTEND") is not None:
            assert v["DTEND"].params.get("VALUE") == "DATE", f"{label}: DTEND of an all-day event needs VALUE=DATE"
            assert v.decoded("DTEND") == last + timedelta(days=1), \
                f"{label}: DTEND {v.decoded('DTEND')} is not the day after {last} (exclusive end)"
    location = f.get("location") or {}
    if location.get("name"):
        assert location["name"] in str(v.get("LOCATION", "")), (label, str(v.get("LOCATION")))
    if f.get("online_url"):
        text = str(v.get("LOCATION", "")) + str(v.get("DESCRIPTION", ""))
        assert str(f["online_url"]) in text, f"{label}: the online URL is neither in LOCATION nor in DESCRIPTION"


def test_example_has_cancelled_and_all_day_events(deployment):
    """The example site exercises both: a cancelled event (STATUS:CANCELLED) and an
    all-day one (VALUE=DATE), found from the content, checked in the raw file."""
    events = [e for _, items in event_sections() for e in items]
    cancelled = [e for e in events if e.front.get("status") == "cancelled"]
    all_day = [e for e in events if not O.local_datetime(e.front["start"], ZoneInfo("UTC"))[1]]
    if not cancelled or not all_day:
        pytest.skip("the content has no cancelled or no all-day event")
    for e in cancelled:
        lines = O.unfold((deployment.output / (e.rel.rstrip("/") + ".ics")).read_bytes())
        assert "STATUS:CANCELLED" in lines, e.rel
    for e in all_day:
        lines = O.unfold((deployment.output / (e.rel.rstrip("/") + ".ics")).read_bytes())
        assert any(line.startswith("DTSTART;VALUE=DATE:") for line in lines), e.rel


def test_event_pages_offer_add_to_calendar(deployment, site_config):
    strings = O.theme_strings(site_config.get("language") or "fr")
    label = str(strings.get("add_to_calendar", "Ajouter à mon agenda"))
    pages = O.page_files(deployment.output)
    for section, events in event_sections():
        list_head = O.read_head(pages[section.rel])
        feed = deployment.base_url + section.rel + "agenda.ics"
        assert feed in [O.absolute(deployment.base_url + section.rel, h) for h, _ in list_head.anchors], \
            f"{section.rel}: no link to {feed}"
        for event in events:
            head = O.read_head(pages[event.rel])
            target = deployment.base_url + event.rel.rstrip("/") + ".ics"
            links = [(O.absolute(deployment.base_url + event.rel, h), text) for h, text in head.anchors]
            matching = [text for url, text in links if url == target]
            assert matching, f"{event.rel}: no link to {target}"
            assert any(label in text for text in matching), f"{event.rel}: the link says {matching}, not {label!r}"


def test_outputs_are_served_as_files(deployment, server):
    """nginx serves the feeds as the files they are, with a media type from their
    extension (atom.xml is served as XML: `application/atom+xml` needs a rule of the
    host that a static site cannot set)."""
    expected = {"sitemap.xml": "xml", "robots.txt": "text/plain", "recherche/index.json": "application/json"}
    for section, _ in news_sections():
        expected[section.rel + "atom.xml"] = "xml"
    for section, _ in event_sections():
        expected[section.rel + "agenda.ics"] = "text/calendar"
    for rel, media in expected.items():
        with _OPENER.open(deployment.url(rel), timeout=10) as r:
            body = r.read()
            assert r.status == 200, (rel, r.status)
            assert media in r.headers.get("Content-Type", ""), (rel, r.headers.get("Content-Type"))
            assert body == (deployment.output / rel).read_bytes(), f"{rel}: served bytes differ from the file"


# --------------------------------------------------------------------------
# The small site: exact escaping, folding, statuses, identifiers across builds


def _lines(build, rel):
    return O.unfold((build.output / rel).read_bytes())


def _prop(lines, name):
    return [line for line in lines if re.split(r"[;:]", line, maxsplit=1)[0] == name]


def test_ics_text_is_escaped_and_folded(small_site):
    from harness.testsite import LONG_TEXT

    build = small_site["sub"]
    rel = "agenda/reunion-publique.ics"
    data = (build.output / rel).read_bytes()
    assert O.ics_raw_problems(data) == []
    lines = O.unfold(data)
    assert _prop(lines, "SUMMARY") == ["SUMMARY:Réunion publique\\, questions\\; réponses"], _prop(lines, "SUMMARY")
    location = _prop(lines, "LOCATION")[0]
    assert location.startswith("LOCATION:Salle des fêtes\\, grande salle\\; aile nord\\, 2 place de la Mairie"), location
    description = _prop(lines, "DESCRIPTION")[0]
    assert "\\\\ fin." in description, "a backslash is written \\\\"
    assert O.escaping_problems(O.text_value(description)) == []
    # The long accented description is folded over several lines of at most 75 octets.
    physical = O.ics_lines(data)
    start = next(i for i, line in enumerate(physical) if line.startswith(b"DESCRIPTION:"))
    continuation = 0
    for line in physical[start + 1:]:
        if not line.startswith(b" "):
            break
        continuation += 1
    assert continuation >= 2, "the long DESCRIPTION should be folded"
    # What a calendar reads back.
    _, (vevent,) = _vevents(build.output / rel)
    assert str(vevent.get("SUMMARY")) == "Réunion publique, questions; réponses"
    assert str(vevent.get("LOCATION")).startswith("Salle des fêtes, grande salle; aile nord, ")
    assert str(vevent.get("DESCRIPTION")).startswith(LONG_TEXT + " \\ fin.")
    assert vevent.decoded("DTSTART") == datetime(2026, 12, 10, 16, 0, tzinfo=timezone.utc)
    assert vevent.decoded("DTEND") == datetime(2026, 12, 10, 18, 30, tzinfo=timezone.utc)
    assert _prop(lines, "DTSTART") == ["DTSTART:20261210T160000Z"]


def test_ics_cancelled_all_day_and_online(small_site):
    build = small_site["sub"]
    cancelled = _lines(build, "agenda/conference-annulee.ics")
    assert "STATUS:CANCELLED" in cancelled
    agenda = icalendar.Calendar.from_ical((build.output / "agenda/agenda.ics").read_bytes())
    statuses = {str(v.get("URL")).rsplit("/", 2)[-2]: str(v.get("STATUS")) for v in agenda.walk("VEVENT")}
    assert statuses == {"reunion-publique": "CONFIRMED", "journee-depistage": "CONFIRMED",
                        "conference-annulee": "CANCELLED", "webinaire": "CONFIRMED",
                        "assemblee-2020": "CONFIRMED", "formation-2019": "CONFIRMED"}, statuses
    all_day = _lines(build, "agenda/journee-depistage.ics")
    assert "DTSTART;VALUE=DATE:20270403" in all_day and "DTEND;VALUE=DATE:20270405" in all_day, all_day
    online = _vevents(build.output / "agenda/webinaire.ics")[1][0]
    assert "https://visio.example.org/cpts-essai" in str(online.get("LOCATION", "")) + str(online.get("DESCRIPTION", ""))
    assert str(online.get("URL")) == "https://essai.example/cpts/agenda/webinaire/"


def test_identifiers_are_stable_across_builds(small_site):
    """Two builds of the same content: same UIDs (agenda and per-event files), same Atom
    ids, and the same DTSTAMP (it comes from the event's file, not from the time of the
    build: the same content gives the same bytes)."""
    first, second = small_site["sub"], small_site["sub_again"]
    for rel in ["agenda/agenda.ics", "agenda/reunion-publique.ics", "agenda/journee-depistage.ics"]:
        a = [str(v.get("UID")) for v in _vevents(first.output / rel)[1]]
        b = [str(v.get("UID")) for v in _vevents(second.output / rel)[1]]
        assert a and a == b, (rel, a, b)
        assert all("@" in uid for uid in a), a
        stamps = [[v.decoded("DTSTAMP") for v in _vevents(build.output / rel)[1]] for build in (first, second)]
        assert stamps[0] == stamps[1], (rel, stamps)
    ids = [[e.id for e in feedparser.parse((b.output / "actualites/atom.xml").read_bytes()).entries]
           for b in (first, second)]
    assert ids[0] and ids[0] == ids[1]
    feed_ids = [feedparser.parse((b.output / "actualites/atom.xml").read_bytes()).feed.id for b in (first, second)]
    assert feed_ids[0] == feed_ids[1]


def test_atom_of_the_small_site(small_site):
    for name, base in (("sub", "https://essai.example/cpts/"), ("root", "https://essai.example/")):
        build = small_site[name]
        feed = feedparser.parse((build.output / "actualites/atom.xml").read_bytes())
        assert not feed.bozo, feed.get("bozo_exception")
        titles = [e.title for e in feed.entries]
        assert titles == ["Troisième nouvelle publiée", "Deuxième nouvelle publiée", "Première nouvelle publiée"], titles
        second = feed.entries[1]
        assert second.published_parsed[:6] == (2026, 2, 10, 8, 30, 0)  # 09:30 in Paris
        assert second.updated_parsed[:6] == (2026, 2, 11, 23, 0, 0)  # 2026-02-12 in Paris
        first = feed.entries[2]
        assert first.author == "Jeanne Martin"
        assert first.link == base + "actualites/premiere-nouvelle/"
        raw = etree.parse(str(build.output / "actualites/atom.xml"))
        content = [e.find(ATOM + "content").text for e in raw.iter(ATOM + "entry")][2]
        links = absolute_links(content)
        assert base + "agenda/" in links and base + "agenda/reunion-publique/" in links, links
        assert "<b>" not in content and "&amp;" in content, "the content is HTML, escaped once more as XML text"
