import Foundation
import Synchronization

/// What one build can hand to the next, so that `serve` redoes only the work a change
/// needs: files whose date did not change are not read again, front matter whose text did
/// not change is not validated again, Markdown not converted again, and a page whose
/// inputs did not change is not rendered again. Every entry is keyed by everything its
/// result depends on, so a stale result is never reused.
public final class BuildCache: Sendable {
    // The entries are classes: a rebuild takes thousands of them from the cache, and a copy
    // of a struct is a count for each of its references, a copy of a class one (issue 15).

    final class LoadedFile: Sendable {
        let modified: Date?
        let size: Int?
        let page: RawPage

        init(modified: Date?, size: Int?, page: RawPage) {
            self.modified = modified
            self.size = size
            self.page = page
        }
    }

    final class Validation: Sendable {
        let text: String
        /// The section types the page inherited from: a change there changes its type.
        let sectionTypes: [String: PageType]
        let page: ValidatedPage?
        let diagnostics: [Diagnostic]

        init(text: String, sectionTypes: [String: PageType], page: ValidatedPage?, diagnostics: [Diagnostic]) {
            self.text = text
            self.sectionTypes = sectionTypes
            self.page = page
            self.diagnostics = diagnostics
        }
    }

    struct Resolution: Sendable {
        var inputs: ResolutionInputs
        var site: Site
        var diagnostics: [Diagnostic]
    }

    final class Markdown: Sendable {
        /// The page read, whose body this is.
        let page: RawPage
        /// Everything links resolve against (paths of pages and files, the base path).
        let linkContext: Int
        let rendered: RenderedMarkdown
        let links: [PageLink]
        let diagnostics: [Diagnostic]

        init(page: RawPage, linkContext: Int, rendered: RenderedMarkdown, links: [PageLink], diagnostics: [Diagnostic]) {
            self.page = page
            self.linkContext = linkContext
            self.rendered = rendered
            self.links = links
            self.diagnostics = diagnostics
        }
    }

    final class Rendered: Sendable {
        let inputs: Int
        let file: OutputFile

        init(inputs: Int, file: OutputFile) {
            self.inputs = inputs
            self.file = file
        }
    }

    /// A page's entry of the search index (by site path), encoded.
    struct SearchEntry: Sendable {
        var inputs: Int
        var json: String
    }

    struct Storage: Sendable {
        /// site.yaml and its overrides, as the cached results saw them.
        var configuration = ""
        /// The content folder's files, relative to it.
        var listing: [String]?
        var files: [String: LoadedFile] = [:]
        /// The last content read, when nothing in it had a problem.
        var loaded: LoadedContent?
        var theme: (key: Int, theme: CompiledTheme?, diagnostics: [Diagnostic])?
        var validations: [String: Validation] = [:]
        /// The files and pages of the last validation, when every file gave its page and
        /// nothing was reported.
        var lastValidation: (read: [RawPage], validated: [ValidatedPage])?
        /// The section types of the last validation.
        var sectionTypes: [String: PageType]?
        var resolution: Resolution?
        var markdown: [String: Markdown] = [:]
        /// The same, by page id, for one resolved site.
        var markdownByID: (resolution: UUID, entries: [Markdown])?
        var rendered: [RenderStage.Job: Rendered] = [:]
        /// The last render's files and which of them show each page.
        var renderPlan: RenderPlan?
        /// The paths of the last site's files, when none of them clashed.
        var conflictFreePaths: [String]?
        var searchEntries: [String: SearchEntry] = [:]
        /// The last search index made from a resolved site.
        var searchIndex: SearchIndex.Built?
    }

    private let storage = Mutex(Storage())

    public init() {}

    func read<T>(_ body: (Storage) -> T) -> T {
        storage.withLock { body($0) }
    }

    func update(_ body: (inout Storage) -> Void) {
        storage.withLock { body(&$0) }
    }

    /// An entry taken out of the cache, to be changed and put back: while the cache holds it
    /// too, the first change would copy all of it (thousands of pages or files).
    func take<T: Sendable>(_ entry: WritableKeyPath<Storage, T?>) -> T? {
        storage.withLock { storage in
            defer { storage[keyPath: entry] = nil }
            return storage[keyPath: entry]
        }
    }

    /// Front matter and Markdown are read against site.yaml (time zone, base path): when it
    /// changes, only the files read from disk (and the listing) are kept.
    func configurationIs(_ text: String) {
        update { storage in
            guard storage.configuration != text else { return }
            storage = Storage(configuration: text, listing: storage.listing, files: storage.files, loaded: storage.loaded)
        }
    }
}

extension Dictionary {
    /// A cache's entries after a rebuild: every entry it used, each fresh when it was made
    /// anew rather than taken from here. When it used the same keys as before (a save changes
    /// a page or two of thousands), only the fresh ones are replaced, in place; else the
    /// entries are made again. (Every entry is keyed by what its result depends on, so an
    /// entry left from an earlier build is never wrong, only unused.) The stages read the
    /// dictionary in a function of their own, so that their copy is released before this
    /// runs: while it lives, the first change here would copy every entry.
    mutating func update(_ entries: [(key: Key, value: Value, isFresh: Bool)]) {
        let fresh = entries.filter(\.isFresh)
        if entries.count == count, fresh.allSatisfy({ self[$0.key] != nil }) {
            for entry in fresh { self[entry.key] = entry.value }
        } else {
            self = Dictionary(entries.map { ($0.key, $0.value) }, uniquingKeysWith: { first, _ in first })
        }
    }
}

extension Hasher {
    /// A text's bytes, for the cache's keys: `String`'s own hash first brings the text to its
    /// canonical form, which for accented text was most of the cost of hashing every page at
    /// each save. (Two spellings of one text then differ: a result is made again, never a
    /// stale one reused.)
    mutating func combineBytes(of text: String) {
        var text = text
        text.withUTF8 { combine(bytes: UnsafeRawBufferPointer($0)) }
        combine(text.utf8.count)
    }

    mutating func combineBytes(of text: String?) {
        if let text { combineBytes(of: text) } else { combine(-1) }
    }
}
