"""Crawl one deployment in the browser, from the home page and from a missing URL.

Every HTML page of the site (same origin, under the base path) is loaded in
Chromium; from its DOM the crawl collects links, resources (stylesheets,
scripts, images, srcset candidates, icons, feeds, canonical and OpenGraph URLs…)
and forms. Same-origin URLs are checked with a GET on our nginx (status cache),
pages are queued. The browser never leaves 127.0.0.1: links to other origins
are neither followed nor fetched, and forms are never submitted.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from urllib.parse import urldefrag, urlsplit

from selenium.common.exceptions import WebDriverException

from .browser import drain_logs, is_local_url, load, read_console_errors, read_network_log, set_viewport
from .nginx import fetch_status
from .site import MISSING_PAGE as MISSING_DEEP
from .site import Deployment

MAX_PAGES = 400

COLLECT_JS = r"""
const out = {links: [], resources: [], forms: [], fragments: []};
const abs = (v) => { try { return new URL(v, document.baseURI).href; } catch (e) { return null; } };
const snip = (el) => { const h = el.outerHTML; return h.length > 160 ? h.slice(0, 160) + '…' : h; };
for (const a of document.querySelectorAll('a[href], area[href]'))
  out.links.push([a.getAttribute('href'), a.href, snip(a)]);
for (const l of document.querySelectorAll('link[href]'))
  out.resources.push(['link rel=' + (l.getAttribute('rel') || ''), l.href, snip(l)]);
for (const e of document.querySelectorAll(
    'script[src], img[src], source[src], video[src], audio[src], track[src], iframe[src], embed[src], input[src]'))
  out.resources.push([e.tagName.toLowerCase() + '[src]', e.src, snip(e)]);
for (const e of document.querySelectorAll('img[srcset], source[srcset]'))
  for (const part of e.getAttribute('srcset').split(',')) {
    const u = part.trim().split(/\s+/)[0];
    if (u) out.resources.push([e.tagName.toLowerCase() + '[srcset]', abs(u), snip(e)]);
  }
for (const e of document.querySelectorAll('video[poster]')) out.resources.push(['video[poster]', abs(e.getAttribute('poster')), snip(e)]);
for (const e of document.querySelectorAll('object[data]')) out.resources.push(['object[data]', abs(e.getAttribute('data')), snip(e)]);
for (const m of document.querySelectorAll('meta[content]')) {
  const c = m.getAttribute('content').trim();
  const name = m.getAttribute('property') || m.getAttribute('name') || m.getAttribute('http-equiv') || '';
  if (/^https?:\/\//i.test(c)) out.resources.push(['meta ' + name, c, snip(m)]);
  if (/^refresh$/i.test(name)) {
    const u = c.match(/url\s*=\s*['"]?([^'"]+)/i);
    if (u) out.links.push([u[1], abs(u[1]), snip(m)]);
  }
}
for (const f of document.querySelectorAll('form'))
  out.forms.push({action: f.getAttribute('action'), resolved: f.action, method: f.method, html: snip(f),
                  hidden: [...f.querySelectorAll('input[type=hidden]')].map(i => [i.name, i.value])});
for (const a of document.querySelectorAll('a[href^="#"]')) {
  const id = decodeURIComponent(a.getAttribute('href').slice(1));
  if (id && id !== 'top' && !document.getElementById(id) && !document.getElementsByName(id).length)
    out.fragments.push(snip(a));
}
return out;
"""

# <link rel> values whose URL the browser loads (or connects to) by itself.
FETCHING_RELS = {"stylesheet", "icon", "shortcut", "apple-touch-icon", "preload", "prefetch",
                 "preconnect", "dns-prefetch", "modulepreload", "manifest", "mask-icon", "prerender"}
PAGE_SUFFIXES = {"", ".html", ".htm"}


@dataclass
class Crawl:
    deployment: str
    pages: list = field(default_factory=list)  # pages loaded in the browser
    statuses: dict = field(default_factory=dict)  # url -> status
    broken_links: list = field(default_factory=list)  # (page, href as written, url, status)
    failed_resources: list = field(default_factory=list)  # (page, what, url, status or error)
    external_requests: list = field(default_factory=list)  # (page, url)
    third_party_refs: list = field(default_factory=list)  # (page, what, url)
    production_urls: list = field(default_factory=list)  # (page, what, url): resources, meta, forms
    production_links: list = field(default_factory=list)  # (page, <a>, url): links to the production host
    bad_forms: list = field(default_factory=list)  # (page, problem)
    bad_fragments: list = field(default_factory=list)  # (page, <a>)
    console_errors: list = field(default_factory=list)  # (page, message)
    truncated: bool = False
    seconds: float = 0.0
    error: str = ""


def _is_page(url: str) -> bool:
    return PurePosixPath(urlsplit(url).path).suffix.lower() in PAGE_SUFFIXES


def crawl(driver, dep: Deployment, endpoints: set[str], production_host: str | None) -> Crawl:
    c = Crawl(dep.name)
    started = time.monotonic()
    origin = f"{urlsplit(dep.base_url).hostname}:{dep.port}"

    def ours(url: str) -> bool:
        s = urlsplit(url)
        return s.scheme in ("http", "https") and s.netloc == origin

    def status(url: str) -> int:
        url = urldefrag(url)[0]
        if url not in c.statuses:
            c.statuses[url] = fetch_status(url)
        return c.statuses[url]

    start_pages = [dep.base_url, dep.url(MISSING_DEEP)]
    queue = list(start_pages)
    queued = set(queue)
    set_viewport(driver, 1280)
    try:
        while queue:
            if len(c.pages) >= MAX_PAGES:
                c.truncated = True
                break
            url = queue.pop(0)
            expected = 404 if url == dep.url(MISSING_DEEP) else 200
            st = status(url)
            if st != expected:
                if url in start_pages:
                    c.broken_links.append(("(start)", url, url, st))
                continue
            drain_logs(driver)
            load(driver, url)
            page = url
            c.pages.append(page)
            data = driver.execute_script(COLLECT_JS)
            time.sleep(0.05)
            net = read_network_log(driver)
            for u in dict.fromkeys(net.external_requests()):
                c.external_requests.append((page, u))
            for u, err, rtype in net.failures:
                if rtype == "Document" or not is_local_url(u):
                    continue  # other hosts: see external_requests
                c.failed_resources.append((page, f"request ({rtype or 'other'})", u, err))
            for msg in read_console_errors(driver, url if expected == 404 else None):
                c.console_errors.append((page, msg))

            for raw, href, snippet in data["links"]:
                if not href:
                    continue
                s = urlsplit(href)
                if s.scheme not in ("http", "https"):
                    continue
                if ours(href):
                    target = urldefrag(href)[0]
                    if target == page:
                        continue  # same-page fragment: see bad_fragments
                    st = status(target)
                    if st >= 400:
                        c.broken_links.append((page, raw, target, st))
                    elif (_is_page(target) and target.startswith(dep.base_url)
                          and target not in queued):
                        queued.add(target)
                        queue.append(target)
                elif production_host and s.hostname == production_host:
                    # A link written in the content (the site's own address in the
                    # accessibility statement…): reported, not failed.
                    c.production_links.append((page, snippet, href))

            for what, url_, snippet in data["resources"]:
                if not url_:
                    continue
                s = urlsplit(url_)
                if s.scheme in ("data", "blob"):
                    continue
                rels = set(what.replace("link rel=", "").lower().split()) if what.startswith("link") else set()
                if ours(url_):
                    st = status(url_)
                    if st >= 400:
                        c.failed_resources.append((page, f"{what}: {snippet}", url_, st))
                elif production_host and s.hostname == production_host:
                    c.production_urls.append((page, what, url_))
                elif s.scheme in ("http", "https") and (not what.startswith(("link", "meta"))
                                                        or rels & FETCHING_RELS):
                    c.third_party_refs.append((page, f"{what}: {snippet}", url_))

            for form in data["forms"]:
                resolved = form["resolved"]
                if resolved in endpoints:
                    pass
                elif ours(resolved):
                    st = status(resolved)
                    if st != 200:
                        c.bad_forms.append((page, f"action {form['action']!r} → {resolved} answers {st}: {form['html']}"))
                else:
                    c.bad_forms.append((page, f"action {form['action']!r} → {resolved} is neither a configured "
                                              f"endpoint ({', '.join(sorted(endpoints)) or 'none'}) nor a page "
                                              f"of the site: {form['html']}"))
                for name, value in form["hidden"]:
                    if value and ours(value):
                        st = status(value)
                        if st >= 400:
                            c.bad_forms.append((page, f"hidden field {name}={value} answers {st}"))
                    elif value and production_host and urlsplit(value).hostname == production_host:
                        c.production_urls.append((page, f"form hidden field {name}", value))

            for snippet in data["fragments"]:
                c.bad_fragments.append((page, snippet))
    except WebDriverException as e:
        c.error = f"{type(e).__name__}: {getattr(e, 'msg', e)}"
    c.seconds = time.monotonic() - started
    return c
