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

/// The index that the search page reads in the browser: for each page its title, summary,
/// type, date, URL and the distinct words of its text (folded: lower case, no accents),
/// which keeps the index small while every word stays findable.
enum SearchIndex {
    static let path = "recherche/index.json"

    /// - Parameter cache: a page's entry is computed (and encoded) again only when its text changed.
    static func render(_ site: Site, context: RenderContext, cache: BuildCache? = nil) -> String {
        let entries = entries(site, context: context, cache: cache)
        cache?.update { storage in
            storage.searchEntries.update(entries.map { ($0.path, $0.entry, $0.isFresh) })
        }
        return "[" + entries.map(\.entry.json).joined(separator: ",") + "]"
    }

    /// Each page's entry, encoded: from the cache when its page did not change, else made (fresh).
    private static func entries(_ site: Site, context: RenderContext,
                                cache: BuildCache?) -> [(path: String, entry: BuildCache.SearchEntry, isFresh: Bool)] {
        let previous = cache?.read(\.searchEntries) ?? [:]
        let pages = site.pages.indices.filter { site.pages[$0].metadata.searchable && (!site.pages[$0].page.isList || !site.pages[$0].html.isEmpty) }
        // Folding the words of every page is the costly part: on every core.
        return ParallelMap.map(pages) { id -> (path: String, entry: BuildCache.SearchEntry, isFresh: Bool) in
            let page = site.pages[id]
            // The key only matters to a build that keeps a cache (`serve`): hashing every
            // page's text costs a one-off build for nothing.
            var key = 0
            if cache != nil {
                var hasher = Hasher()
                hasher.combine(page.page.raw.digest)
                hasher.combineBytes(of: page.path)
                hasher.combineBytes(of: page.summary)
                hasher.combine(context.theme.fingerprint)
                key = hasher.finalize()
            }
            if let known = previous[page.path], known.inputs == key { return (page.path, known, false) }
            let type = context.t("type_" + page.type.rawValue.replacingOccurrences(of: "-", with: "_"), page.type.rawValue)
            let entry = JSONValue.object([
                "title": .string(page.title), "url": .string(site.url(page.path)), "type": .string(type),
                "summary": .string(page.summary), "date": page.date.map { .string(context.formatting.day($0)) },
                "words": .string(words(of: page.title + " " + page.summary + " " + plainText(page.html))),
            ])
            return (page.path, .init(inputs: key, json: entry.text), true)
        }
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
        // On bytes (issue 15: this was the costliest step of a build). ASCII words fold by
        // lower-casing; the others go through one Foundation call for the page.
        var source = text
        return source.withUTF8 { bytes -> String in
            let ranges = UTF8Text.wordRanges(bytes)
            func text(of range: UTF8Text.WordRange) -> String {
                String(decoding: UnsafeBufferPointer(rebasing: bytes[range.start..<range.end]), as: UTF8.self)
            }
            // The words that need Foundation, each once, and for each word of the text which
            // of them it is (nil: ASCII, or a repetition, or a single character).
            var seenRaw = Set<String>()
            var needsFolding: [String] = []
            var foldedIndex = [Int?](repeating: nil, count: ranges.count)
            for (position, range) in ranges.enumerated() where !range.isASCII {
                let word = text(of: range)
                guard word.count >= 2, seenRaw.insert(word).inserted else { continue }
                foldedIndex[position] = needsFolding.count
                needsFolding.append(word)
            }
            let folded = fold(needsFolding.joined(separator: " ")).split(separator: " ")
            if folded.count != needsFolding.count {
                // Folding changed where words end: fold everything together, as one text.
                let all = ranges.map(text(of:)).filter { $0.count >= 2 }
                var seen = Set<Substring>()
                return fold(all.joined(separator: " ")).split(separator: " ").filter { seen.insert($0).inserted }.joined(separator: " ")
            }
            var distinct = DistinctWords()
            var lowercased: [UInt8] = []
            for (position, range) in ranges.enumerated() {
                if range.isASCII {
                    guard range.end - range.start >= 2 else { continue }
                    lowercased.removeAll(keepingCapacity: true)
                    for byte in bytes[range.start..<range.end] {
                        lowercased.append(byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte + 32 : byte)
                    }
                    distinct.insert(lowercased)
                } else if let index = foldedIndex[position] {
                    distinct.insert(Array(folded[index].utf8))
                }
            }
            return String(decoding: distinct.text, as: UTF8.self)
        }
    }

    /// Lower case, no accents, the ligatures œ and æ written oe and ae.
    static func fold(_ text: String) -> String {
        guard !text.isEmpty else { return text }
        var folded = text.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil).lowercased()
        if folded.contains(where: { $0 == "œ" || $0 == "æ" }) {
            folded = folded.replacing("œ", with: "oe").replacing("æ", with: "ae")
        }
        return folded
    }
}
