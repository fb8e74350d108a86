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
        for entry in entries {
            xml += "<url><loc>\(site.permalink(entry.path).markupEscaped)</loc>"
            if let lastModified = entry.lastModified { xml += "<lastmod>\(lastModified)</lastmod>" }
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

/// The index that the search page reads in the browser: for each page its title, summary,
/// type, date, URL and the distinct words of its text (folded: lower case, no accents),
/// which keeps the index small while every word stays findable.
enum SearchIndex {
    static let path = "recherche/index.json"

    struct Entry: Encodable {
        var title: String
        var url: String
        var type: String
        var summary: String
        var date: String?
        var words: String
    }

    /// - Parameter cache: a page's entry is computed (and encoded) again only when its text changed.
    static func render(_ site: Site, context: RenderContext, cache: BuildCache? = nil) -> String {
        let previous = cache?.read(\.searchEntries) ?? [:]
        let pages = site.pages.filter { ($0.metadata.searchable) && (!$0.page.isList || !$0.html.isEmpty) }
        // Folding the words of every page is the costly part: on every core.
        let entries = ParallelMap.map(pages) { page -> (key: Int, json: String) in
            var hasher = Hasher()
            hasher.combine(page.page.raw.source.text)
            hasher.combine(page.path)
            hasher.combine(page.summary)
            hasher.combine(context.theme.fingerprint)
            let key = hasher.finalize()
            if let known = previous[key] { return (key, known) }
            let type = context.t("type_" + page.type.rawValue.replacingOccurrences(of: "-", with: "_"), page.type.rawValue)
            let entry = Entry(title: page.title, url: site.url(page.path), type: type, summary: page.summary,
                              date: page.date.map { context.formatting.day($0) },
                              words: words(of: page.title + " " + page.summary + " " + plainText(page.html)))
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            return (key, (try? encoder.encode(entry)).map { String(decoding: $0, as: UTF8.self) } ?? "{}")
        }
        cache?.update { $0.searchEntries = Dictionary(entries.map { ($0.key, $0.json) }, uniquingKeysWith: { a, _ in a }) }
        return "[" + entries.map(\.json).joined(separator: ",") + "]"
    }

    /// The text of HTML: tags dropped, the entities cmark writes decoded, in one pass.
    static func plainText(_ html: String) -> String {
        let entities = ["amp": "&", "quot": "\"", "lt": "<", "gt": ">", "#39": "'", "nbsp": " "]
        var text = ""
        text.reserveCapacity(html.utf8.count)
        var inTag = false
        var entity: String?
        for character in html {
            if var name = entity {
                if character == ";" {
                    text += entities[name] ?? " "
                    entity = nil
                } else if name.count < 8 {
                    name.append(character)
                    entity = name
                } else {
                    text += "&" + name
                    entity = nil
                }
                continue
            }
            switch character {
            case "<": inTag = true; text.append(" ")
            case ">": inTag = false
            case "&" where !inTag: entity = ""
            default: if !inTag { text.append(character) }
            }
        }
        return text
    }

    /// Distinct words of two letters or more, folded, in order of first appearance.
    /// The ligatures œ and æ are written oe and ae, as people type them (search.js folds
    /// the query the same way).
    static func words(of text: String) -> String {
        var seenRaw = Set<Substring>()
        var distinct: [Substring] = []
        for raw in text.split(whereSeparator: { !($0.isLetter || $0.isNumber) }) where raw.count >= 2 && seenRaw.insert(raw).inserted {
            distinct.append(raw)
        }
        // One Foundation call for the page's distinct words, not one per word (or for the whole text).
        var folded = distinct.joined(separator: " ").folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil)
            .lowercased()
        if folded.contains(where: { $0 == "œ" || $0 == "æ" }) {
            folded = folded.replacing("œ", with: "oe").replacing("æ", with: "ae")
        }
        var seen = Set<Substring>()
        return folded.split(separator: " ").filter { seen.insert($0).inserted }.joined(separator: " ")
    }
}
