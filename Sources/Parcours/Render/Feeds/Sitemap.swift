import Foundation

/// `sitemap.xml` (sitemaps.org 0.9) with every published page, and `robots.txt` pointing to it.
enum Sitemap {
    struct Entry {
        var path: String
        var lastModified: String?
    }

    static func render(_ entries: [Entry], site: Site) -> String {
        var xml = """
            <?xml version="1.0" encoding="UTF-8"?>
            <urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">

            """
        // Appended piece by piece into room made once: thousands of entries at each save.
        xml.reserveCapacity(entries.count * 128)
        let baseURL = site.configuration.baseURL.markupEscaped
        for entry in entries {
            xml += "<url><loc>"
            xml += baseURL
            xml += entry.path.markupEscaped
            xml += "</loc>"
            if let lastModified = entry.lastModified {
                xml += "<lastmod>"
                xml += lastModified
                xml += "</lastmod>"
            }
            xml += "</url>\n"
        }
        xml += "</urlset>\n"
        return xml
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
