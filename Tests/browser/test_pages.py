"""One page of every kind, at 1280 and 375 px, in both deployments (root, /cpts/).

Each (deployment, width, page) is visited once (conftest.visit): the page is loaded,
measured, checked with axe-core, photographed (Tests/browser/screenshots/), loaded
again for the skip link, and the browser's logs are read. Each test below asserts
one thing about that visit.
"""

import pytest

from harness import axe


def fail(message):
    pytest.fail(message, pytrace=False)


def test_page_answers_with_expected_status(visit, page):
    status = visit.network.document_status.get(visit.url)
    if status != page.expected_status:
        fail(f"{visit.url} answered {status}, expected {page.expected_status}")


def test_no_request_leaves_127_0_0_1(visit):
    external = visit.network.external_requests()
    if external:
        fail(f"{visit.url} at {visit.width} px requested other hosts:\n  " + "\n  ".join(external))


def test_no_console_error(visit):
    if visit.console_errors:
        fail(f"console errors on {visit.url} at {visit.width} px:\n  " + "\n  ".join(visit.console_errors))


def test_axe_wcag21_aa(visit, axe_version):
    if visit.axe_error:
        fail(f"axe-core {axe_version} could not run on {visit.url}: {visit.axe_error}")
    if visit.axe_violations:
        fail(f"axe-core {axe_version} ({', '.join(axe.TAGS)}) on {visit.url} at {visit.width} px:\n"
             + axe.describe(visit.axe_violations))


def test_first_tab_reaches_skip_link_to_main(visit):
    s = visit.skip
    if not s.ok:
        fail(f"skip link on {visit.url} at {visit.width} px:\n- " + "\n- ".join(s.problems)
             + (f"\nfirst focused element: {s.first_focus.get('html')}" if s.first_focus.get("html") else ""))


def test_no_horizontal_scroll(visit):
    sc = visit.scroll
    if sc["scrollWidth"] > sc["clientWidth"]:
        fail(f"{visit.url} scrolls horizontally at {visit.width} px: the content is {sc['scrollWidth']} px "
             f"wide for a {sc['clientWidth']} px viewport; outermost elements that overflow:\n  "
             + "\n  ".join(sc["offenders"]))


def test_screenshot_written(visit):
    if not (visit.screenshot.is_file() and visit.screenshot.stat().st_size > 0):
        fail(f"no screenshot at {visit.screenshot}")
