import Foundation
import Synchronization

/// What one build can hand to the next, so that `serve` redoes only the work a change
/// needs: files whose date did not change are not read again, front matter whose text did
/// not change is not validated again, Markdown not converted again, and a page whose
/// inputs did not change is not rendered again. Every entry is keyed by everything its
/// result depends on, so a stale result is never reused.
public final class BuildCache: Sendable {
    struct LoadedFile: Sendable {
        var modified: Date?
        var size: Int?
        var page: RawPage
    }

    struct Validation: Sendable {
        var text: String
        /// The section types the page inherited from: a change there changes its type.
        var sectionTypes: [String: PageType]
        var page: ValidatedPage?
        var diagnostics: [Diagnostic]
    }

    struct Markdown: Sendable {
        var body: Substring
        /// Everything links resolve against (paths of pages and files, the base path).
        var linkContext: Int
        var rendered: RenderedMarkdown
        var links: [PageLink]
        var diagnostics: [Diagnostic]
    }

    struct Rendered: Sendable {
        var inputs: Int
        var file: OutputFile
    }

    struct Storage: Sendable {
        /// site.yaml and its overrides, as the cached results saw them.
        var configuration = ""
        /// The content folder's files, relative to it.
        var listing: [String]?
        var files: [String: LoadedFile] = [:]
        var theme: (key: Int, theme: CompiledTheme?, diagnostics: [Diagnostic])?
        var validations: [String: Validation] = [:]
        var markdown: [String: Markdown] = [:]
        var rendered: [RenderStage.Job: Rendered] = [:]
        /// Each page's entry of the search index, encoded.
        var searchEntries: [Int: String] = [:]
    }

    private let storage = Mutex(Storage())

    public init() {}

    func read<T>(_ body: (Storage) -> T) -> T {
        storage.withLock { body($0) }
    }

    func update(_ body: (inout Storage) -> Void) {
        storage.withLock { body(&$0) }
    }

    /// Front matter and Markdown are read against site.yaml (time zone, base path): when it
    /// changes, only the files read from disk are kept.
    func configurationIs(_ text: String) {
        update { storage in
            guard storage.configuration != text else { return }
            storage = Storage(configuration: text, listing: storage.listing, files: storage.files)
        }
    }
}
