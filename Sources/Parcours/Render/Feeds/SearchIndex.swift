import Foundation
import Synchronization

/// The index that the search page reads in the browser: for each page its title, summary,
/// type, date, URL and the distinct words of its text (folded: lower case, no accents),
/// which keeps the index small while every word stays findable.
enum SearchIndex {
    static let path = "recherche/index.json"

    /// - Parameter cache: a page's entry is computed (and encoded) again only when its text
    ///   changed; after a save that changed only bodies, only those entries are written again.
    static func render(_ site: Site, context: RenderContext, cache: BuildCache? = nil) -> String {
        if let cache, let text = renderAgain(site, context: context, cache: cache) { return text }
        let pages = site.pages.indices.filter { isIndexed(site.pages[$0]) }
        let entries = entries(pages, site: site, context: context, cache: cache)
        let joined = JoinedText(entries.map(\.entry.json), separator: ",", prefix: "[", suffix: "]")
        if let cache, let resolution = site.resolutionID {
            let last = Built(resolution: resolution, theme: context.theme.fingerprint, pages: pages,
                             digests: site.pages.map(\.page.raw.digest), joined: joined)
            cache.update { storage in
                storage.searchEntries.update(entries.map { ($0.path, $0.entry, $0.isFresh) })
                storage.searchIndex = last
            }
        }
        return joined.text
    }

    /// The last index made from a resolved site, for `renderAgain`.
    struct Built: Sendable {
        let resolution: UUID
        let theme: Int
        /// The ids of the pages indexed, in order, and every page's text digest by id.
        let pages: [Int]
        var digests: [Int]
        var joined: JoinedText
    }

    /// A list page is indexed once it has text of its own.
    private static func isIndexed(_ page: SitePage) -> Bool {
        page.metadata.searchable && (!page.page.isList || !page.html.isEmpty)
    }

    /// The last index with the entries of the changed pages written again, when it was made
    /// from the same resolved site and theme (an entry reads nothing else but its page) and
    /// the same pages are indexed.
    private static func renderAgain(_ site: Site, context: RenderContext, cache: BuildCache) -> String? {
        guard var last = cache.take(\.searchIndex), last.resolution == site.resolutionID, last.theme == context.theme.fingerprint,
              last.digests.count == site.pages.count else { return nil }
        var changed: [(index: Int, id: Int)] = []
        for id in site.pages.indices where site.pages[id].page.raw.digest != last.digests[id] {
            let position = last.pages.sortedIndex(of: id)
            guard (position != nil) == isIndexed(site.pages[id]) else { return nil }
            if let position { changed.append((position, id)) }
            last.digests[id] = site.pages[id].page.raw.digest
        }
        let parts = ParallelMap.map(changed.map(\.id)) { entry(of: site.pages[$0], site: site, context: context) }
        last.joined.replace(zip(changed, parts).map { (index: $0.index, part: $1) })
        let text = last.joined.text
        cache.update { $0.searchIndex = last }
        return text
    }

    /// Each page's entry, encoded: from the cache when its page did not change, else made (fresh).
    private static func entries(_ pages: [Int], site: Site, context: RenderContext,
                                cache: BuildCache?) -> [(path: String, entry: BuildCache.SearchEntry, isFresh: Bool)] {
        let previous = cache?.read(\.searchEntries) ?? [:]
        let spellings = FoldedSpellings()
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
            return (page.path, .init(inputs: key, json: entry(of: page, site: site, context: context, spellings: spellings)), true)
        }
    }

    /// A page's entry, as JSON.
    private static func entry(of page: SitePage, site: Site, context: RenderContext, spellings: FoldedSpellings? = nil) -> String {
        let type = context.t("type_" + page.type.templateKey, page.type.rawValue)
        // In key order, as the JSON has them: the object is written without a sort.
        return JSONValue.object([
            "date": page.date.map { .string(context.formatting.day($0)) }, "summary": .string(page.summary),
            "title": .string(page.title), "type": .string(type), "url": .string(site.url(page.path)),
            "words": .string(words(of: page.title + " " + page.summary + " " + plainText(page.html), spellings: spellings)),
        ]).text
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
    /// - Parameter spellings: the spellings folded for other pages of the same index.
    static func words(of text: String, spellings: FoldedSpellings? = nil) -> String {
        // On bytes (issue 15: this was the costliest step of a build). ASCII words fold by
        // lower-casing; the others go through one Foundation call for the page.
        var source = text
        return source.withUTF8 { bytes -> String in
            let ranges = UTF8Text.wordRanges(bytes)
            func slice(_ range: UTF8Text.WordRange) -> UnsafeBufferPointer<UInt8> {
                UnsafeBufferPointer(rebasing: bytes[range.start..<range.end])
            }
            // The words that need Foundation, each once, and for each word of the text which
            // of them it is (nil: ASCII, or a single character). A word is looked up by its
            // bytes first, so that a repeated word costs no `String`; a new spelling then as a
            // `String`, which is equal to the same word written with other scalars (é, e + ◌́).
            var pageSpellings = DistinctWords()
            var foldingOfSpelling: [Int?] = []
            var foldingOfWord: [String: Int?] = [:]
            var needsFolding: [String] = []
            var foldedIndex = [Int?](repeating: nil, count: ranges.count)
            for (position, range) in ranges.enumerated() where !range.isASCII {
                let (isNewSpelling, spelling) = pageSpellings.insert(slice(range))
                if isNewSpelling {
                    let word = String(decoding: slice(range), as: UTF8.self)
                    if let known = foldingOfWord[word] {
                        foldingOfSpelling.append(known)
                    } else {
                        let folding = word.count >= 2 ? needsFolding.count : nil
                        if folding != nil { needsFolding.append(word) }
                        foldingOfWord[word] = .some(folding)
                        foldingOfSpelling.append(folding)
                    }
                }
                foldedIndex[position] = foldingOfSpelling[spelling]
            }
            // Those folded for another page are not folded again: a site's words recur.
            let spellingBytes = needsFolding.map { Array($0.utf8) }
            var folded = spellings?.folded(spellingBytes) ?? Array(repeating: nil, count: needsFolding.count)
            let unknown = folded.indices.filter { folded[$0] == nil }
            // One line a word, so that each folded line is its word's, even an empty one.
            let newlyFolded = unknown.isEmpty ? [] : fold(unknown.map { needsFolding[$0] }.joined(separator: "\n"))
                .split(separator: "\n", omittingEmptySubsequences: false).map { Array($0.utf8) }
            if newlyFolded.count != unknown.count || newlyFolded.contains(where: { $0.isEmpty || $0.contains(UInt8(ascii: " ")) }) {
                // Folding changed where words end: fold everything together, as one text
                // (and remember nothing of this page, whose words do not fold one by one).
                let all = ranges.map { String(decoding: slice($0), as: UTF8.self) }.filter { $0.count >= 2 }
                var seen = Set<Substring>()
                return fold(all.joined(separator: " ")).split(separator: " ").filter { seen.insert($0).inserted }.joined(separator: " ")
            }
            for (index, word) in zip(unknown, newlyFolded) { folded[index] = word }
            spellings?.remember(unknown.map { spellingBytes[$0] }, folded: newlyFolded)
            var distinct = DistinctWords()
            var lowercased: [UInt8] = []
            for (position, range) in ranges.enumerated() {
                if range.isASCII {
                    guard range.end - range.start >= 2 else { continue }
                    let word = slice(range)
                    if !word.contains(where: { $0 >= UInt8(ascii: "A") && $0 <= UInt8(ascii: "Z") }) {
                        distinct.insert(word)
                        continue
                    }
                    lowercased.removeAll(keepingCapacity: true)
                    for byte in word {
                        lowercased.append(byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte + 32 : byte)
                    }
                    distinct.insert(lowercased)
                } else if let index = foldedIndex[position], let word = folded[index] {
                    distinct.insert(word)
                }
            }
            return String(decoding: distinct.text, as: UTF8.self)
        }
    }

    /// The folded form of each spelling (as bytes) met so far by the pages of one index,
    /// shared by the threads that make their entries: Foundation's folding was the costliest
    /// step of a page's words, and most of a site's words are on many pages. A word folds
    /// the same wherever it stands (words are folded between spaces), so a spelling folded
    /// for one page is the one for all.
    final class FoldedSpellings: Sendable {
        private let table = Mutex<[[UInt8]: [UInt8]]>([:])

        func folded(_ spellings: [[UInt8]]) -> [[UInt8]?] {
            table.withLock { table in spellings.map { table[$0] } }
        }

        func remember(_ spellings: [[UInt8]], folded: [[UInt8]]) {
            guard !spellings.isEmpty else { return }
            table.withLock { table in
                for (spelling, word) in zip(spellings, folded) { table[spelling] = word }
            }
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
