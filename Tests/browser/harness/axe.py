"""axe-core 4.12, from the axe.min.js that the PyPI package axe-playwright-python ships.

(axe-selenium-python bundles axe-core 3.1, which has no WCAG 2.1 rules.) The file is
read from site-packages and injected with execute_script; `axe.run` runs through
execute_async_script. Playwright itself is never used (nor `playwright install`).
"""

from __future__ import annotations

import importlib.util
from functools import lru_cache
from pathlib import Path

TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


@lru_cache(maxsize=1)
def source() -> str:
    spec = importlib.util.find_spec("axe_playwright_python")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("the PyPI package axe-playwright-python is not installed "
                           "(pip install -r Tests/browser/requirements.txt)")
    path = Path(list(spec.submodule_search_locations)[0]) / "axe.min.js"
    return path.read_text(encoding="utf-8")


def version() -> str:
    head = source()[:100]
    return head.split("axe v", 1)[1].split()[0] if "axe v" in head else "?"


RUN_JS = r"""
const tags = arguments[0];
const done = arguments[arguments.length - 1];
axe.run(document, {
  runOnly: {type: 'tag', values: tags},
  resultTypes: ['violations'],
}).then(r => done({violations: r.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl, tags: v.tags,
    nodes: v.nodes.map(n => ({target: n.target, html: n.html, summary: n.failureSummary})),
  }))}))
  .catch(e => done({error: String(e && e.stack || e)}));
"""


def run(driver, inject: bool = True) -> list[dict]:
    """The violations of the WCAG 2.0/2.1 A and AA rules on the current page (`inject=False`:
    axe is already in the page, from an earlier run since it was loaded)."""
    if inject or not driver.execute_script("return !!window.axe"):
        driver.execute_script(source() + "\n;window.axe = window.axe || axe;")
    result = driver.execute_async_script(RUN_JS, TAGS)
    if result.get("error"):
        raise RuntimeError(f"axe.run failed: {result['error']}")
    return result["violations"]


def describe(violations: list[dict], max_nodes: int = 6) -> str:
    lines = []
    for v in violations:
        lines.append(f"- {v['id']} ({v['impact']}): {v['help']} [{v['helpUrl']}]")
        for n in v["nodes"][:max_nodes]:
            html = n["html"] if len(n["html"]) <= 160 else n["html"][:160] + "…"
            summary = " ".join((n.get("summary") or "").split())
            lines.append(f"    at {' '.join(map(str, n['target']))}: {html}")
            if summary:
                lines.append(f"       {summary[:400]}")
        if len(v["nodes"]) > max_nodes:
            lines.append(f"    … and {len(v['nodes']) - max_nodes} more elements")
    return "\n".join(lines)
