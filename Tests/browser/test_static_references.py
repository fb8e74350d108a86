"""What the browser tests cannot see: a reference to another origin that no page uses
yet (an @font-face declared but not applied, an @import), read from the built files.
The site loads nothing from other origins, now or after the next theme change."""

import re

import pytest

# url(…) and @import in CSS; src, href of <link>, <script>, <img>, <source>, <iframe> in HTML.
CSS_REFERENCE = re.compile(r"""url\(\s*['"]?\s*(?:https?:)?//|@import\s+(?:url\()?\s*['"]?\s*(?:https?:)?//""", re.I)
HTML_LOAD = re.compile(r"""<(?:link|script|img|source|iframe|video|audio|embed|object)\b[^>]*?\s(?:src|href|data|srcset)\s*=\s*['"]\s*(?:https?:)?//""", re.I)


@pytest.mark.parametrize("suffix", [".css", ".html"])
def test_no_reference_to_another_origin(deployment, suffix):
    offenders = []
    for path in sorted(deployment.output.rglob(f"*{suffix}")):
        text = path.read_text(encoding="utf-8", errors="replace")
        pattern = CSS_REFERENCE if suffix == ".css" else HTML_LOAD
        for match in pattern.finditer(text):
            line = text.count("\n", 0, match.start()) + 1
            offenders.append(f"{path.relative_to(deployment.output)}:{line}: {text[match.start():match.start() + 90]!r}")
    # <link rel="canonical">, alternate and OpenGraph URLs are absolute by nature: not loads.
    offenders = [o for o in offenders if "canonical" not in o and "alternate" not in o]
    assert not offenders, "references to another origin:\n" + "\n".join(offenders[:40])
