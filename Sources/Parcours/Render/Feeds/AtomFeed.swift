import Foundation

/// `<news section>/atom.xml` (RFC 4287): the latest news items with their full content.
enum AtomFeed {
    static let fileName = "atom.xml"
    /// A feed is read for what is new: the latest items only.
    static let entryLimit = 50

    static func path(of section: Section, in site: Site) -> String {
        site.pages[section.indexPage].path + fileName
    }

    static func render(_ section: Section, context: RenderContext) -> String {
        let site = context.site
        let index = site.pages[section.indexPage]
        let configuration = site.configuration
        let entries = section.newestFirst.prefix(entryLimit).map { site.pages[$0] }
        let updated = entries.compactMap { entryUpdated($0) }.max() ?? ContentDate(instant: site.now, hasTime: true, timeZone: configuration.timeZone)
        let author = configuration.organization?.name ?? configuration.title

        var xml = """
            <?xml version="1.0" encoding="utf-8"?>
            <feed xmlns="http://www.w3.org/2005/Atom" xml:lang="\(configuration.language)">
            <title>\("\(index.title) — \(configuration.title)".markupEscaped)</title>

            """
        if let description = configuration.description { xml += "<subtitle>\(description.markupEscaped)</subtitle>\n" }
        xml += """
            <link rel="self" type="application/atom+xml" href="\(site.permalink(path(of: section, in: site)).markupEscaped)"/>
            <link rel="alternate" type="text/html" href="\(site.permalink(index.path).markupEscaped)"/>
            <id>\(site.permalink(index.path).markupEscaped)</id>
            <updated>\(updated.isoDateTime)</updated>
            <author><name>\(author.markupEscaped)</name></author>
            <generator uri="https://github.com/">Parcours</generator>

            """
        for page in entries {
            guard case .news(let news) = page.page.details else { continue }
            xml += "<entry>\n"
            xml += "<title>\(page.title.markupEscaped)</title>\n"
            xml += "<link rel=\"alternate\" type=\"text/html\" href=\"\(site.permalink(page.path).markupEscaped)\"/>\n"
            xml += "<id>\(entryID(page, date: news.date, in: site).markupEscaped)</id>\n"
            xml += "<published>\(news.date.isoDateTime)</published>\n"
            xml += "<updated>\((news.updated ?? news.date).isoDateTime)</updated>\n"
            xml += "<author><name>\((news.author ?? author).markupEscaped)</name></author>\n"
            for (name, slug) in zip(page.metadata.tags, page.tags) {
                xml += "<category term=\"\(slug.markupEscaped)\" label=\"\(name.markupEscaped)\"/>\n"
            }
            if !page.summary.isEmpty { xml += "<summary>\(page.summary.markupEscaped)</summary>\n" }
            xml += "<content type=\"html\">\(absoluteLinks(page.html, in: site).markupEscaped)</content>\n"
            xml += "</entry>\n"
        }
        xml += "</feed>\n"
        return xml
    }

    private static func entryUpdated(_ page: SitePage) -> ContentDate? {
        guard case .news(let news) = page.page.details else { return nil }
        return news.updated ?? news.date
    }

    /// A tag URI (RFC 4151) from the host, the publication day and the path: it stays the
    /// same across builds, and does not change if the site moves to another scheme.
    static func entryID(_ page: SitePage, date: ContentDate, in site: Site) -> String {
        let host = URL(string: site.configuration.baseURL)?.host ?? "localhost"
        return "tag:\(host),\(date.isoDay):\(site.url(page.path))"
    }

    /// Site-absolute links (`/cpts/x/`) made absolute (`https://host/cpts/x/`): a feed
    /// reader shows the content away from the site.
    static func absoluteLinks(_ html: String, in site: Site) -> String {
        let origin = Self.origin(of: site)
        // On bytes: the feed's fifty entries are made again at each save in `serve`.
        return UTF8Text.replacing(html, [("href=\"/", "href=\"\(origin)/"), ("src=\"/", "src=\"\(origin)/")])
    }

    /// `https://x.github.io` for `https://x.github.io/cpts/`.
    static func origin(of site: Site) -> String {
        let base = site.configuration.baseURL
        let path = site.configuration.basePath
        return base.hasSuffix(path) ? String(base.dropLast(path.count)) : base
    }
}
