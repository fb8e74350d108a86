import Foundation

/// `sitemap.xml` (sitemaps.org 0.9) with every published page, and `robots.txt` pointing to it.
enum Sitemap {
    struct Entry {
        var path: String
        var lastModified: String?
    }

    /// The file, one part per entry: `serve` keeps the parts and, after a save, writes
    /// again only those of the pages whose time changed (see `RenderPlan`).
    static func render(_ entries: [Entry?], site: Site) -> JoinedText {
        JoinedText(entries.map { part($0, site: site) }, separator: "", prefix: """
            <?xml version="1.0" encoding="UTF-8"?>
            <urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">

            """, suffix: "</urlset>\n")
    }

    /// One page's `<url>` line; nothing for a file that is no entry.
    static func part(_ entry: Entry?, site: Site) -> String {
        guard let entry else { return "" }
        var xml = "<url><loc>" + site.configuration.baseURL.markupEscaped + entry.path.markupEscaped + "</loc>"
        if let lastModified = entry.lastModified {
            xml += "<lastmod>" + lastModified + "</lastmod>"
        }
        return xml + "</url>\n"
    }

    /// The last change of a page: its `updated` or date for news, else its file's time.
    static func lastModified(of page: SitePage, timeZone: TimeZone) -> String? {
        if case .news(let news) = page.page.details { return (news.updated ?? news.date).isoDateTime }
        return page.page.raw.lastModified.map { ContentDate(instant: $0, hasTime: true, timeZone: timeZone).isoDateTime }
    }

    static func robots(site: Site) -> String {
        "User-agent: *\nAllow: /\n\nSitemap: \(site.permalink("sitemap.xml"))\n"
    }
}
