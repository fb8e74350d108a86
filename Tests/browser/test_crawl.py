"""Every link, asset and form of the site works, in both deployments: at the root
and under the sub-path /cpts/ (`--base-url http://127.0.0.1:PORT/cpts/`).

The site is crawled in the browser from the home page and from a missing URL two
levels deep (its 404 page must work from anywhere); see harness/crawl.py.
"""

import warnings

import pytest


def fail(message):
    pytest.fail(message, pytrace=False)


def _lines(rows, fmt, limit=60):
    rows = list(rows)
    shown = [fmt(r) for r in rows[:limit]]
    if len(rows) > limit:
        shown.append(f"… and {len(rows) - limit} more")
    return "\n".join("  " + s for s in shown)


def test_crawl_found_pages(site_crawl, deployment):
    if len(site_crawl.pages) <= 2:
        fail(f"the crawl of {deployment.base_url} found no page beyond the first")
    if site_crawl.truncated:
        fail(f"more than {len(site_crawl.pages)} pages: crawl truncated")


def test_no_broken_link(site_crawl, deployment):
    if site_crawl.broken_links:
        fail(f"broken links in the {deployment.name} deployment ({deployment.base_url}):\n"
             + _lines(site_crawl.broken_links, lambda r: f"{r[0]}: href={r[1]!r} → {r[2]} answers {r[3]}"))


def test_no_failed_asset(site_crawl, deployment):
    if site_crawl.failed_resources:
        fail(f"assets that fail in the {deployment.name} deployment ({deployment.base_url}):\n"
             + _lines(site_crawl.failed_resources, lambda r: f"{r[0]}: {r[1]} → {r[2]}: {r[3]}"))


def test_form_actions_work(site_crawl, deployment):
    if site_crawl.bad_forms:
        fail(f"forms in the {deployment.name} deployment ({deployment.base_url}):\n"
             + _lines(site_crawl.bad_forms, lambda r: f"{r[0]}: {r[1]}"))


def test_no_third_party_request_anywhere(site_crawl, deployment):
    problems = ([f"{p}: requested {u}" for p, u in site_crawl.external_requests]
                + [f"{p}: {w} → {u}" for p, w, u in site_crawl.third_party_refs])
    if problems:
        fail(f"loads from other hosts in the {deployment.name} deployment:\n" + _lines(problems, str))


def test_urls_honour_base_url(site_crawl, deployment):
    """Resources, canonical/OpenGraph URLs and form fields follow --base-url, never
    site.yaml's base_url. Links (<a>) to that host may be the content's own choice
    (the site's address written in a page): they only raise a warning."""
    if site_crawl.production_links:
        warnings.warn(
            f"links to site.yaml's base_url host in the {deployment.name} deployment (they leave "
            f"{deployment.base_url}; an internal link would be checked and rebased):\n"
            + _lines(site_crawl.production_links, lambda r: f"{r[0]}: {r[1]}"), UserWarning)
    if site_crawl.production_urls:
        fail(f"URLs that point at site.yaml's base_url host instead of {deployment.base_url}:\n"
             + _lines(site_crawl.production_urls, lambda r: f"{r[0]}: {r[1]} → {r[2]}"))


def test_in_page_anchors_exist(site_crawl, deployment):
    if site_crawl.bad_fragments:
        fail(f"links to a fragment (#id) that the page does not have ({deployment.name}):\n"
             + _lines(site_crawl.bad_fragments, lambda r: f"{r[0]}: {r[1]}"))


def test_no_console_error_anywhere(site_crawl, deployment):
    if site_crawl.console_errors:
        fail(f"console errors while crawling the {deployment.name} deployment:\n"
             + _lines(site_crawl.console_errors, lambda r: f"{r[0]}: {r[1]}"))
