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
            let entry = JSONValue.object([
                "title": .string(page.title), "url": .string(site.url(page.path)), "type": .string(type),
                "summary": .string(page.summary), "date": page.date.map { .string(context.formatting.day($0)) },
                "words": .string(words(of: page.title + " " + page.summary + " " + plainText(page.html))),
            ])
            return (key, entry.text)
        }
        cache?.update { $0.searchEntries = Dictionary(entries.map { ($0.key, $0.json) }, uniquingKeysWith: { a, _ in a }) }
        return "[" + entries.map(\.json).joined(separator: ",") + "]"
    }

    /// The text of HTML: tags dropped, the entities cmark writes decoded, in one pass.
    static func plainText(_ html: String) -> String {
        var source = html
        return source.withUTF8 { bytes -> String in
            var text: [UInt8] = []
            text.reserveCapacity(bytes.count)
            var inTag = false
            // The name of an entity being read (after `&`), and how many characters it has.
            var entity: [UInt8]?
            var entityCharacters = 0
            for byte in bytes {
                if var name = entity {
                    if byte == UInt8(ascii: ";") {
                        text.append(contentsOf: entities[name] ?? [UInt8(ascii: " ")])
                        entity = nil
                    } else if entityCharacters < 8 || byte & 0xC0 == 0x80 {
                        // A UTF-8 continuation byte is part of the character before it.
                        name.append(byte)
                        if byte & 0xC0 != 0x80 { entityCharacters += 1 }
                        entity = name
                    } else {
                        text.append(UInt8(ascii: "&"))
                        text.append(contentsOf: name)
                        entity = nil
                    }
                    continue
                }
                switch byte {
                case UInt8(ascii: "<"): inTag = true; text.append(UInt8(ascii: " "))
                case UInt8(ascii: ">"): inTag = false
                case UInt8(ascii: "&") where !inTag: entity = []; entityCharacters = 0
                default: if !inTag { text.append(byte) }
                }
            }
            return String(decoding: text, as: UTF8.self)
        }
    }

    private static let entities: [[UInt8]: [UInt8]] = [
        Array("amp".utf8): Array("&".utf8), Array("quot".utf8): Array("\"".utf8), Array("lt".utf8): Array("<".utf8),
        Array("gt".utf8): Array(">".utf8), Array("#39".utf8): Array("'".utf8), Array("nbsp".utf8): Array(" ".utf8),
    ]

    /// Distinct words of two letters or more, folded, in order of first appearance.
    /// The ligatures œ and æ are written oe and ae, as people type them (search.js folds
    /// the query the same way).
    static func words(of text: String) -> String {
        // Words as `String`s, not `Substring`s: a short ASCII String hashes its bytes as they
        // are, a Substring goes through Unicode normalisation first (most of this function's
        // time, issue 15). ASCII words fold by lower-casing; the others go through one
        // Foundation call for the page, not one per word.
        var seenRaw = Set<String>()
        var distinct: [(word: String, isASCII: Bool)] = []
        for raw in UTF8Text.words(text) {
            if raw.utf8.allSatisfy({ $0 < 0x80 }) {
                if raw.utf8.count >= 2 { distinct.append((UTF8Text.lowercasedASCII(raw), true)) }
            } else {
                let word = String(raw)
                if word.count >= 2, seenRaw.insert(word).inserted { distinct.append((word, false)) }
            }
        }
        let needsFolding = distinct.filter { !$0.isASCII }.map(\.word)
        let foldedList = fold(needsFolding.joined(separator: " ")).split(separator: " ")
        var foldedWords = foldedList.makeIterator()
        if foldedList.count != needsFolding.count {
            // Folding changed where words end: fold everything together, as one text.
            var seen = Set<Substring>()
            return fold(distinct.map(\.word).joined(separator: " ")).split(separator: " ").filter { seen.insert($0).inserted }
                .joined(separator: " ")
        }
        var seen = Set<String>()
        var result: [String] = []
        result.reserveCapacity(distinct.count)
        for (word, isASCII) in distinct {
            let folded = isASCII ? word : String(foldedWords.next() ?? "")
            if seen.insert(folded).inserted { result.append(folded) }
        }
        return result.joined(separator: " ")
    }

    /// Lower case, no accents, the ligatures œ and æ written oe and ae.
    private static func fold(_ text: String) -> String {
        guard !text.isEmpty else { return text }
        var folded = text.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil).lowercased()
        if folded.contains(where: { $0 == "œ" || $0 == "æ" }) {
            folded = folded.replacing("œ", with: "oe").replacing("æ", with: "ae")
        }
        return folded
    }
}
