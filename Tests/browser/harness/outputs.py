"""Reading what a build wrote besides pages, with parsers of our own (not Parcours's):

- the content folder's pages, their type and URL, from their front matter (PyYAML);
- the HTML head of a page: canonical URL, OpenGraph/Twitter meta, feed links,
  JSON-LD blocks, meta refresh (html.parser);
- the raw bytes of an iCalendar file, checked against RFC 5545 §3.1 (line ends,
  folding) and §3.3.11 (text escaping).

Nothing here knows the slugs of the example site: tests derive what they expect from
the content and site.yaml.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin

# Types whose _index.md is the list of the section's pages (DESIGN.md).
LIST_TYPES = {"page", "news", "event", "mission", "project", "partner"}


def fold(text: str) -> str:
    """Lower case, without accents, œ and æ as oe and ae: how search compares words."""
    decomposed = unicodedata.normalize("NFD", text or "")
    plain = "".join(c for c in decomposed if not unicodedata.combining(c)).lower()
    return plain.replace("œ", "oe").replace("æ", "ae")


# --------------------------------------------------------------------------
# Content


@dataclass
class ContentPage:
    source: Path  # the Markdown file
    rel: str  # URL relative to the base URL: "", "actualites/", "actualites/ag/"
    type: str
    front: dict
    is_section_index: bool  # an _index.md
    is_list: bool  # an _index.md that renders as a list of its section's pages

    @property
    def title(self) -> str:
        return str(self.front.get("title", ""))


def front_matter(path: Path) -> dict:
    import yaml

    text = path.read_text(encoding="utf-8")
    if not text.startswith("---"):
        return {}
    end = text.find("\n---", 3)
    return yaml.safe_load(text[3:end]) or {}


def content_pages(content: Path) -> list[ContentPage]:
    """Every page of a content folder (drafts and scheduled pages included: see
    `is_published`), with the type it inherits from its section."""
    files = sorted(p for p in content.rglob("*.md")
                   if "media" not in p.relative_to(content).parts[:1]
                   and not any(part.startswith(".") for part in p.relative_to(content).parts))
    fronts = {p: front_matter(p) for p in files}

    def section_type(folder: Path) -> str | None:
        while True:
            index = folder / "_index.md"
            if index in fronts and folder != content and fronts[index].get("type"):
                return str(fronts[index]["type"])
            if folder == content:
                return None
            folder = folder.parent

    pages = []
    for path, front in fronts.items():
        rel_path = path.relative_to(content)
        parts = list(rel_path.parts)
        is_section_index = parts[-1] == "_index.md"
        if is_section_index or parts[-1] == "index.md":
            segments = parts[:-1]
        else:
            segments = parts[:-1] + [parts[-1][:-3]]
        if front.get("slug") and segments:
            segments[-1] = str(front["slug"])
        rel = "".join(s + "/" for s in segments)
        if is_section_index:
            ptype = str(front.get("type") or "page")
        else:
            ptype = str(front.get("type") or section_type(path.parent) or "page")
        is_list = is_section_index and rel != "" and ptype in LIST_TYPES
        pages.append(ContentPage(path, rel, ptype, front, is_section_index, is_list))
    return pages


def _instant(value) -> datetime | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        return value
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day)
    text = str(value)
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        return None


def is_published(page: ContentPage, now: datetime | None = None) -> bool:
    now = now or datetime.now()
    f = page.front
    if f.get("draft"):
        return False
    publish, expiry = _instant(f.get("publish_date")), _instant(f.get("expiry_date"))
    if publish and publish.replace(tzinfo=None) > now:
        return False
    if expiry and expiry.replace(tzinfo=None) <= now:
        return False
    return True


def local_datetime(value, tz) -> tuple[datetime | date, bool]:
    """A front-matter date: (an aware datetime in `tz`, True) or (a date, False) for a day."""
    if isinstance(value, datetime):
        return (value if value.tzinfo else value.replace(tzinfo=tz)), True
    if isinstance(value, date):
        return value, False
    text = str(value)
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        return date.fromisoformat(text), False
    d = datetime.fromisoformat(text)
    return (d if d.tzinfo else d.replace(tzinfo=tz)), True


# --------------------------------------------------------------------------
# HTML heads


@dataclass
class Head:
    canonical: str | None = None
    meta: dict = field(default_factory=dict)  # property/name → content (first)
    links: list = field(default_factory=list)  # dicts of <link> attributes
    json_ld: list = field(default_factory=list)  # raw texts of ld+json scripts
    refresh: str | None = None
    anchors: list = field(default_factory=list)  # (href, text) of every <a>
    breadcrumb_links: list = field(default_factory=list)  # hrefs in the breadcrumbs <nav>
    noindex: bool = False


class _HeadParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.head = Head()
        self._script: list | None = None
        self._a: list | None = None
        self._a_href = ""
        self._nav_depth = 0
        self._in_breadcrumbs = False

    def handle_starttag(self, tag, attrs):
        a = {k: (v or "") for k, v in attrs}
        h = self.head
        if tag == "link":
            h.links.append(a)
            if "canonical" in a.get("rel", "").split() and h.canonical is None:
                h.canonical = a.get("href")
        elif tag == "meta":
            key = a.get("property") or a.get("name")
            if key and key not in h.meta:
                h.meta[key] = a.get("content", "")
            if a.get("http-equiv", "").lower() == "refresh":
                h.refresh = a.get("content", "")
            if key == "robots" and "noindex" in a.get("content", ""):
                h.noindex = True
        elif tag == "script" and a.get("type") == "application/ld+json":
            self._script = []
        elif tag == "a":
            self._a, self._a_href = [], a.get("href", "")
            if self._in_breadcrumbs:
                h.breadcrumb_links.append(self._a_href)
        elif tag == "nav":
            if self._in_breadcrumbs:
                self._nav_depth += 1
            elif "breadcrumbs" in a.get("class", "").split():
                self._in_breadcrumbs, self._nav_depth = True, 1

    def handle_endtag(self, tag):
        if tag == "script" and self._script is not None:
            self.head.json_ld.append("".join(self._script))
            self._script = None
        elif tag == "a" and self._a is not None:
            self.head.anchors.append((self._a_href, " ".join("".join(self._a).split())))
            self._a = None
        elif tag == "nav" and self._in_breadcrumbs:
            self._nav_depth -= 1
            if self._nav_depth == 0:
                self._in_breadcrumbs = False

    def handle_data(self, data):
        if self._script is not None:
            self._script.append(data)
        if self._a is not None:
            self._a.append(data)


def read_head(path: Path) -> Head:
    p = _HeadParser()
    p.feed(path.read_text(encoding="utf-8"))
    p.close()
    return p.head


def json_ld(head: Head) -> list[dict]:
    return [json.loads(text) for text in head.json_ld]


def graph_nodes(documents: list[dict]) -> list[dict]:
    nodes = []
    for doc in documents:
        nodes.extend(doc.get("@graph", [doc]) if isinstance(doc, dict) else doc)
    return nodes


def types_of(node: dict) -> set[str]:
    t = node.get("@type", [])
    return {t} if isinstance(t, str) else set(t)


def is_redirect(path: Path) -> bool:
    """A page written for an alias: a meta refresh."""
    return read_head(path).refresh is not None


def page_files(output: Path) -> dict[str, Path]:
    """rel URL → file of every HTML page a visitor can land on: not the 404 page,
    not the redirect pages of aliases."""
    pages = {}
    for f in sorted(output.rglob("*.html")):
        rel = f.relative_to(output).as_posix()
        if rel == "404.html" or is_redirect(f):
            continue
        if f.name == "index.html":
            pages[rel[: -len("index.html")]] = f
        else:
            pages[rel] = f
    return pages


def absolute(base_url: str, rel_or_url: str) -> str:
    return urljoin(base_url, rel_or_url)


# --------------------------------------------------------------------------
# iCalendar, byte by byte

_CONTENT_LINE = re.compile(rb"^[A-Za-z0-9-]+(;[^:]*)?:")


def ics_lines(data: bytes) -> list[bytes]:
    """Physical lines (without CRLF)."""
    assert data.endswith(b"\r\n")
    return data[:-2].split(b"\r\n")


def unfold(data: bytes) -> list[str]:
    """Logical content lines (RFC 5545 §3.1: CRLF followed by one space or tab is removed)."""
    text = re.sub(rb"\r\n[ \t]", b"", data)
    return text.decode("utf-8").split("\r\n")[:-1]


def ics_raw_problems(data: bytes) -> list[str]:
    """RFC 5545 §3.1 at the byte level: CRLF line ends only, no line longer than 75
    octets, continuation lines start with a space (or tab), and folding never cuts a
    UTF-8 character."""
    problems = []
    if not data.endswith(b"\r\n"):
        problems.append("the file does not end with CRLF")
        return problems
    stripped = data.replace(b"\r\n", b"")
    bare_lf, bare_cr = stripped.count(b"\n"), stripped.count(b"\r")
    if bare_lf:
        problems.append(f"{bare_lf} bare LF (every line must end with CRLF)")
    if bare_cr:
        problems.append(f"{bare_cr} bare CR")
    for number, line in enumerate(ics_lines(data), 1):
        if len(line) > 75:
            problems.append(f"line {number} is {len(line)} octets long (at most 75): {line[:80]!r}")
        if not line:
            problems.append(f"line {number} is empty")
            continue
        if line[:1] not in (b" ", b"\t") and not _CONTENT_LINE.match(line):
            problems.append(f"line {number} is neither a content line (NAME[;params]:value) "
                            f"nor a continuation (leading space): {line[:80]!r}")
        try:
            line.decode("utf-8")
        except UnicodeDecodeError:
            problems.append(f"line {number} is not UTF-8 on its own (folded inside a character?): {line!r}")
    return problems


def text_value(logical_line: str) -> str:
    """The raw value of a content line: what follows the first ':' outside quotes."""
    in_quotes = False
    for i, c in enumerate(logical_line):
        if c == '"':
            in_quotes = not in_quotes
        elif c == ":" and not in_quotes:
            return logical_line[i + 1:]
    return ""


def escaping_problems(value: str) -> list[str]:
    """RFC 5545 §3.3.11 TEXT: ',' ';' and '\\' escaped with a backslash, no other escape
    than \\\\ \\; \\, \\n \\N."""
    problems = []
    i = 0
    while i < len(value):
        c = value[i]
        if c == "\\":
            nxt = value[i + 1: i + 2]
            if nxt not in ("\\", ";", ",", "n", "N"):
                problems.append(f"invalid escape \\{nxt} at {i}")
            i += 2
            continue
        if c in ",;":
            problems.append(f"unescaped {c!r} at {i}: …{value[max(0, i - 20): i + 20]}…")
        i += 1
    return problems


def unescape_text(value: str) -> str:
    out, i = [], 0
    while i < len(value):
        if value[i] == "\\" and i + 1 < len(value):
            nxt = value[i + 1]
            out.append("\n" if nxt in "nN" else nxt)
            i += 2
        else:
            out.append(value[i])
            i += 1
    return "".join(out)


# --------------------------------------------------------------------------
# The example site's content, read once


_EXAMPLE: list | None = None


def example_pages() -> list[ContentPage]:
    """The pages of the content folder the suite builds (PARCOURS_SOURCE or content/)."""
    global _EXAMPLE
    if _EXAMPLE is None:
        from . import site as S
        _EXAMPLE = content_pages(S.content_dir())
    return _EXAMPLE


def sections(pages: list[ContentPage], type_: str) -> list[ContentPage]:
    return [p for p in pages if p.is_list and p.type == type_]


def section_items(pages: list[ContentPage], section: ContentPage, published_only=True) -> list[ContentPage]:
    return [p for p in pages if not p.is_section_index and p.rel.startswith(section.rel)
            and p.type == section.type and (is_published(p) or not published_only)]


def theme_strings(language: str = "fr", theme: str = "default") -> dict:
    import yaml

    from . import site as S
    path = S.themes_dir() / theme / "i18n" / f"{language}.yaml"
    return yaml.safe_load(path.read_text(encoding="utf-8")) or {}
