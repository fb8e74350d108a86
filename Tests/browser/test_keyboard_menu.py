"""The main menu is usable with the keyboard alone, at 1280 and 375 px, in both
deployments (see harness/keyboard.py for the procedure)."""

from urllib.parse import urlsplit

import pytest

from harness import browser as B
from harness import site as S
from harness.keyboard import probe_menu


def test_main_menu_with_keyboard_alone(deployment, server, driver, site_config, width):
    menu = S.menu_paths(site_config, deployment)
    B.set_viewport(driver, width)
    r = probe_menu(driver, deployment.base_url, menu)
    problems = list(r.problems)
    if r.links and menu:
        linked = {urlsplit(h).path for h in r.links}
        absent = [p for p in menu if p not in linked and p.rstrip("/") not in linked]
        if absent:
            problems.append("site.yaml menu entries missing from the main menu: " + ", ".join(absent))
    if problems:
        pytest.fail(f"main menu of {deployment.base_url} at {width} px:\n- " + "\n- ".join(problems)
                    + f"\nmenu: {r.nav_html}"
                    + (f"\ntoggles opened with Enter: {r.toggles}" if r.toggles else ""), pytrace=False)
    assert r.navigated_to, "no navigation was tried"
