"""sitemap.xml, robots.txt and canonical URLs, in both deployments of the example site
(at the root and under /cpts/) and in the small site of harness/testsite.py (which has
aliases: their redirect pages must stay out of the sitemap).

sitemap.xml is validated by lxml against schemas/sitemap.xsd, written from the
sitemaps.org 0.9 protocol (see the comment at its top)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from lxml import etree

from harness import outputs as O

SCHEMA_FILE = Path(__file__).parent / "schemas" / "sitemap.xsd"
NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
_SCHEMA = None


def schema() -> etree.XMLSchema:
    global _SCHEMA
    if _SCHEMA is None:
        _SCHEMA = etree.XMLSchema(etree.parse(str(SCHEMA_FILE)))
    return _SCHEMA


def fail(message):
    pytest.fail(message, pytrace=False)


def sitemap_entries(output: Path) -> list[tuple[str, str | None]]:
    tree = etree.parse(str(output / "sitemap.xml"))
    return [(u.findtext("s:loc", namespaces=NS), u.findtext("s:lastmod", namespaces=NS))
            for u in tree.getroot().findall("s:url", NS)]


def check_sitemap(output: Path, base_url: str) -> None:
    path = output / "sitemap.xml"
    if not path.is_file():
        fail("no sitemap.xml at the root of the build")
    doc = etree.parse(str(path))
    if not schema().validate(doc):
        fail("sitemap.xml does not validate against the sitemaps.org 0.9 schema:\n"
             + "\n".join(str(e) for e in list(schema().error_log)[:30]))
    assert path.stat().st_size <= 50 * 1024 * 1024, "a sitemap is at most 50 MB"
    entries = sitemap_entries(output)
    locs = [loc for loc, _ in entries]
    duplicates = sorted({loc for loc in locs if locs.count(loc) > 1})
    assert not duplicates, f"listed twice: {duplicates}"
    outside = [loc for loc in locs if not loc.startswith(base_url)]
    assert not outside, f"not under the base URL {base_url}: {outside[:10]}"
    expected = {base_url + rel for rel in O.page_files(output)}
    missing, extra = sorted(expected - set(locs)), sorted(set(locs) - expected)
    if missing or extra:
        fail(f"the sitemap should list every page of the build but the 404 page and the redirects:\n"
             f"  missing: {missing}\n  not a page of the build: {extra}")


def test_sitemap_validates_and_lists_every_page(deployment):
    check_sitemap(deployment.output, deployment.base_url)


def test_sitemap_lastmod_of_news(deployment):
    """A news item's lastmod is its `updated` date, else its date."""
    entries = dict(sitemap_entries(deployment.output))
    checked = 0
    for page in O.example_pages():
        if page.type != "news" or page.is_section_index or not O.is_published(page):
            continue
        lastmod = entries.get(deployment.base_url + page.rel)
        expected = str(page.front.get("updated") or page.front["date"])[:10]
        assert lastmod and lastmod[:10] == expected, f"{page.rel}: lastmod {lastmod}, expected {expected}"
        checked += 1
    assert checked, "no news item checked"


def test_robots_txt_points_to_the_sitemap(deployment):
    path = deployment.output / "robots.txt"
    if not path.is_file():
        fail("no robots.txt")
    lines = [line.strip() for line in path.read_text(encoding="utf-8").splitlines()]
    assert "User-agent: *" in lines, lines
    sitemaps = [line.split(":", 1)[1].strip() for line in lines if line.lower().startswith("sitemap:")]
    assert sitemaps == [deployment.base_url + "sitemap.xml"], sitemaps
    assert "Disallow: /" not in lines, "robots.txt forbids the whole site"


def test_canonical_and_social_meta(deployment, site_config):
    """Every page: its canonical URL is its own absolute URL under the base URL, the
    OpenGraph and Twitter meta are there, og:url is the canonical URL, og:image (when
    present) is absolute."""
    problems = []
    for rel, path in O.page_files(deployment.output).items():
        head = O.read_head(path)
        url = deployment.base_url + rel
        if head.canonical != url:
            problems.append(f"{rel or 'home'}: canonical {head.canonical!r}, expected {url!r}")
        meta = head.meta
        for key in ("og:title", "og:type", "og:url", "og:site_name", "og:locale", "og:description",
                    "twitter:card", "twitter:title", "description"):
            if not meta.get(key):
                problems.append(f"{rel or 'home'}: no {key}")
        if meta.get("og:url") and meta["og:url"] != url:
            problems.append(f"{rel or 'home'}: og:url {meta['og:url']!r} is not the canonical URL")
        if meta.get("og:type") not in ("website", "article"):
            problems.append(f"{rel or 'home'}: og:type {meta.get('og:type')!r}")
        if meta.get("og:image") and not meta["og:image"].startswith(deployment.base_url):
            problems.append(f"{rel or 'home'}: og:image {meta['og:image']!r} is not absolute under the base URL")
        if site_config.get("title") and meta.get("og:site_name") != site_config["title"]:
            problems.append(f"{rel or 'home'}: og:site_name {meta.get('og:site_name')!r}")
    if problems:
        fail("\n".join(problems[:60]))


def test_small_site_sitemap_and_redirects(small_site):
    """Aliases become redirect pages (meta refresh to the page, canonical URL of the
    page, noindex), under the base path; they are not in the sitemap."""
    for name, base in (("sub", "https://essai.example/cpts/"), ("root", "https://essai.example/")):
        build = small_site[name]
        check_sitemap(build.output, base)
        path = base.split("://", 1)[1].split("/", 1)[1]
        base_path = "/" + path
        redirects = {
            "qui-sommes-nous/index.html": "a-propos/",
            "ancien-site/a-propos.html": "a-propos/",
            "anciennes-actualites/premiere-nouvelle/index.html": "actualites/premiere-nouvelle/",
        }
        locs = {loc for loc, _ in sitemap_entries(build.output)}
        for file, target in redirects.items():
            f = build.output / file
            assert f.is_file(), f"{name}: no redirect page {file}"
            head = O.read_head(f)
            m = re.fullmatch(r"\s*0\s*;\s*url=(.+)", head.refresh or "", re.I)
            assert m and m.group(1).strip() == base_path + target, f"{name}: {file}: refresh {head.refresh!r}"
            assert head.canonical == base + target, f"{name}: {file}: canonical {head.canonical!r}"
            assert head.noindex, f"{name}: {file}: no <meta name=robots content=noindex>"
            alias_url = base + file.removesuffix("index.html")
            assert alias_url not in locs, f"{name}: the alias {alias_url} is in the sitemap"
