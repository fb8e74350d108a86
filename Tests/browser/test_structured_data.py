"""schema.org JSON-LD, in both deployments of the example site: every
<script type="application/ld+json"> of every HTML file is parsed as JSON (Python's json),
and the nodes of its @graph are checked by page kind against the content and site.yaml:

- home: the organisation, NGO + MedicalOrganization, with its address, telephone and
  areaServed = the communes of the territory;
- news items: NewsArticle (headline, dates, author, publisher, image);
- events: Event (start/end with a UTC offset, or a date when all-day; location;
  eventStatus; eventAttendanceMode; organizer);
- lists: CollectionPage; every page but the home and 404 pages: a BreadcrumbList that
  starts at the home page, ends at the page and follows the visible breadcrumbs;
- every URL is absolute and under the build's base URL (the sub-path too).
"""

from __future__ import annotations

import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from harness import outputs as O
from harness import site as S

OFFSET = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$")
DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
URL_KEYS = {"url", "item", "image", "@id", "logo", "sameAs"}
EVENT_STATUS = {"scheduled": "EventScheduled", "cancelled": "EventCancelled", "postponed": "EventPostponed"}

_PARSED: dict = {}


def fail(message):
    pytest.fail(message, pytrace=False)


def parsed(deployment) -> dict:
    """rel → (Head, [JSON-LD documents]) for every HTML file of the build, parsed once."""
    if deployment.name not in _PARSED:
        pages, errors = {}, []
        files = dict(O.page_files(deployment.output))
        files["404.html"] = deployment.output / "404.html"
        for rel, path in files.items():
            head = O.read_head(path)
            try:
                pages[rel] = (head, O.json_ld(head))
            except ValueError as e:
                errors.append(f"{rel or 'home'}: ld+json is not JSON: {e}")
        _PARSED[deployment.name] = (pages, errors)
    pages, errors = _PARSED[deployment.name]
    if errors:
        fail("\n".join(errors))
    return pages


def nodes_of(documents) -> list[dict]:
    return O.graph_nodes(documents)


def of_type(nodes, type_) -> list[dict]:
    return [n for n in nodes if type_ in O.types_of(n)]


def walk(value, path="$"):
    if isinstance(value, dict):
        for k, v in value.items():
            yield from walk(v, f"{path}.{k}") if isinstance(v, (dict, list)) else [(f"{path}.{k}", k, v)]
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from walk(v, f"{path}[{i}]") if isinstance(v, (dict, list)) else [(f"{path}[{i}]", None, v)]


def test_every_page_has_valid_json_ld(deployment, site_config):
    problems = []
    production = S.production_host(site_config)
    for rel, (head, documents) in parsed(deployment).items():
        where = rel or "home"
        if not documents:
            problems.append(f"{where}: no ld+json block")
            continue
        for doc in documents:
            if doc.get("@context") not in ("https://schema.org", "https://schema.org/", "http://schema.org"):
                problems.append(f"{where}: @context {doc.get('@context')!r}")
            for node in O.graph_nodes([doc]):
                if not node.get("@type"):
                    problems.append(f"{where}: a node without @type: {node}")
            for path, key, value in walk(doc):
                if not isinstance(value, str):
                    continue
                if production and production in value:
                    problems.append(f"{where}: {path} points at site.yaml's host: {value}")
                if key in URL_KEYS and not re.match(r"^https?://", value):
                    problems.append(f"{where}: {path} is not an absolute URL: {value!r}")
                if value.startswith(deployment.origin) and not value.startswith(deployment.base_url):
                    problems.append(f"{where}: {path} forgets the base path: {value}")
    if problems:
        fail("\n".join(problems[:60]))


def test_home_describes_the_organisation(deployment, site_config):
    _, documents = parsed(deployment)[""]
    orgs = [n for n in nodes_of(documents) if {"NGO", "MedicalOrganization"} <= O.types_of(n)]
    assert len(orgs) == 1, f"the home page needs one NGO + MedicalOrganization node: {nodes_of(documents)}"
    org = orgs[0]
    conf = site_config.get("organization") or {}
    assert org.get("name") == (conf.get("name") or site_config.get("title")), org.get("name")
    assert org.get("url") == deployment.base_url, org.get("url")
    if conf.get("phone"):
        assert org.get("telephone") == conf["phone"], org.get("telephone")
    if conf.get("email"):
        assert org.get("email") == conf["email"]
    address = conf.get("address") or {}
    if address:
        got = org.get("address") or {}
        assert "PostalAddress" in O.types_of(got), got
        assert got.get("streetAddress") == address.get("street"), got
        assert got.get("postalCode") == str(address.get("postal_code")), got
        assert got.get("addressLocality") == address.get("city"), got
    communes = (site_config.get("territory") or {}).get("communes") or []
    served = org.get("areaServed") or []
    served = served if isinstance(served, list) else [served]
    names = [a.get("name") if isinstance(a, dict) else a for a in served]
    assert names == communes, f"areaServed {names} is not the communes {communes}"


def _content_by_rel():
    return {p.rel: p for p in O.example_pages() if O.is_published(p)}


def test_news_articles(deployment, site_config):
    tz = ZoneInfo(site_config.get("timezone") or "Europe/Paris")
    pages = parsed(deployment)
    org_name = (site_config.get("organization") or {}).get("name") or site_config.get("title")
    checked = 0
    for rel, page in _content_by_rel().items():
        if page.type != "news" or page.is_section_index:
            continue
        head, documents = pages[rel]
        articles = of_type(nodes_of(documents), "NewsArticle")
        assert len(articles) == 1, f"{rel}: {len(articles)} NewsArticle nodes"
        a = articles[0]
        assert a.get("headline") == page.title, (rel, a.get("headline"))
        assert a.get("url") == deployment.base_url + rel == head.canonical, (rel, a.get("url"))
        published, has_time = O.local_datetime(page.front["date"], tz)
        got = a.get("datePublished", "")
        assert got[:10] == published.isoformat()[:10], (rel, got)
        if has_time:
            assert OFFSET.match(got) and datetime.fromisoformat(got) == published, (rel, got)
        assert a.get("dateModified", "") >= got, (rel, a.get("dateModified"))
        if page.front.get("updated"):
            assert a["dateModified"][:10] == str(page.front["updated"])[:10], (rel, a["dateModified"])
        author = a.get("author") or {}
        assert author.get("name") == (page.front.get("author") or org_name), (rel, author)
        assert (a.get("publisher") or {}).get("name") == org_name, (rel, a.get("publisher"))
        if page.front.get("image"):
            image = a.get("image")
            image = image.get("url") if isinstance(image, dict) else image
            assert image and image.startswith(deployment.base_url), (rel, image)
            assert (deployment.output / image[len(deployment.base_url):]).is_file(), f"{rel}: {image} not in the build"
        if page.front.get("summary"):
            assert a.get("description") == page.front["summary"], rel
        checked += 1
    assert checked, "no news item in the content"


def test_events(deployment, site_config):
    tz = ZoneInfo(site_config.get("timezone") or "Europe/Paris")
    pages = parsed(deployment)
    org_name = (site_config.get("organization") or {}).get("name") or site_config.get("title")
    checked = 0
    for rel, page in _content_by_rel().items():
        if page.type != "event" or page.is_section_index:
            continue
        f = page.front
        _, documents = pages[rel]
        events = of_type(nodes_of(documents), "Event")
        assert len(events) == 1, f"{rel}: {len(events)} Event nodes"
        e = events[0]
        assert e.get("name") == page.title and e.get("url") == deployment.base_url + rel, (rel, e.get("name"), e.get("url"))
        for key, value in (("startDate", f["start"]), ("endDate", f.get("end"))):
            if value is None:
                continue
            expected, has_time = O.local_datetime(value, tz)
            got = e.get(key, "")
            if has_time:
                assert OFFSET.match(got), f"{rel}: {key} {got!r} has no UTC offset"
                assert datetime.fromisoformat(got) == expected, f"{rel}: {key} {got} for {value}"
            else:
                assert DAY.match(got) and got == expected.isoformat(), f"{rel}: {key} {got!r} for the day {value}"
        assert e.get("eventStatus") == "https://schema.org/" + EVENT_STATUS[str(f.get("status") or "scheduled")], \
            (rel, e.get("eventStatus"))
        online, physical = bool(f.get("online_url")), bool(f.get("location"))
        mode = ("MixedEventAttendanceMode" if online and physical else
                "OnlineEventAttendanceMode" if online else "OfflineEventAttendanceMode")
        assert e.get("eventAttendanceMode") == "https://schema.org/" + mode, (rel, e.get("eventAttendanceMode"))
        locations = e.get("location") or []
        locations = locations if isinstance(locations, list) else [locations]
        if physical:
            place = of_type(locations, "Place")
            assert place, f"{rel}: no Place"
            loc = f["location"]
            assert place[0].get("name") == loc.get("name"), (rel, place[0])
            address = place[0].get("address") or {}
            if loc.get("city"):
                assert address.get("addressLocality") == loc["city"], (rel, address)
            if loc.get("postal_code"):
                assert address.get("postalCode") == str(loc["postal_code"]), (rel, address)
        if online:
            virtual = of_type(locations, "VirtualLocation")
            assert virtual and virtual[0].get("url") == f["online_url"], (rel, locations)
        organizer = e.get("organizer") or {}
        assert organizer.get("name") == org_name, (rel, organizer)
        checked += 1
    assert checked, "no event in the content"


def test_breadcrumbs_and_collections(deployment):
    """Every page but the home and 404 pages has a BreadcrumbList: positions 1…n, the
    home page first, the page itself last, the same URLs as the visible breadcrumbs.
    Lists (sections, tags, the tag index) are CollectionPages."""
    problems = []
    lists = {p.rel for p in O.example_pages() if p.is_list}
    for rel, (head, documents) in parsed(deployment).items():
        if rel in ("", "404.html"):
            continue
        nodes = nodes_of(documents)
        crumbs = of_type(nodes, "BreadcrumbList")
        if len(crumbs) != 1:
            problems.append(f"{rel}: {len(crumbs)} BreadcrumbList nodes")
            continue
        items = crumbs[0].get("itemListElement") or []
        positions = [i.get("position") for i in items]
        urls = [i.get("item") if isinstance(i.get("item"), str) else (i.get("item") or {}).get("@id") for i in items]
        if positions != list(range(1, len(items) + 1)):
            problems.append(f"{rel}: positions {positions}")
        if len(items) < 2 or urls[0] != deployment.base_url or urls[-1] != head.canonical:
            problems.append(f"{rel}: breadcrumbs {urls} should go from {deployment.base_url} to {head.canonical}")
        if not all(i.get("name") for i in items):
            problems.append(f"{rel}: a breadcrumb without a name")
        visible = [O.absolute(deployment.base_url + rel, h) for h in head.breadcrumb_links]
        if visible and visible != urls:
            problems.append(f"{rel}: JSON-LD breadcrumbs {urls} differ from the visible ones {visible}")
        is_list = (rel in lists or rel.startswith("tags/") or re.search(r"/page/\d+/$", rel))
        if is_list and not of_type(nodes, "CollectionPage"):
            problems.append(f"{rel}: a list without a CollectionPage node")
    if problems:
        fail("\n".join(problems[:60]))
