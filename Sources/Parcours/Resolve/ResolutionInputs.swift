import Foundation

/// What resolving a site reads: each page's path, front matter and type (never its body),
/// the files beside the pages, the pages that failed validation, and the publishing rules.
/// Two builds whose inputs resolve alike get the same site, but for the pages' bodies and
/// the time (`Resolver.resolve` checks that no page's publishing date was reached between
/// them); site.yaml is not here because a change of it empties the cache.
struct ResolutionInputs: Sendable {
    private var pages: [ValidatedPage]
    private var invalidPages: [String]
    private var staticFiles: [String]
    private var includeDrafts: Bool
    private var includeFuture: Bool
    private var includeExpired: Bool

    init(pages: [ValidatedPage], invalidPages: [String], staticFiles: [String], rules: PublishingRules) {
        self.pages = pages
        self.invalidPages = invalidPages
        self.staticFiles = staticFiles
        includeDrafts = rules.includeDrafts
        includeFuture = rules.includeFuture
        includeExpired = rules.includeExpired
    }

    /// The pages that are not those of `other` (validated again), when the two resolve alike.
    func pagesValidatedAgain(since other: ResolutionInputs) -> [ValidatedPage] {
        zip(pages, other.pages).filter { $0 !== $1 }.map(\.0)
    }

    func resolveAlike(_ other: ResolutionInputs) -> Bool {
        guard pages.count == other.pages.count, includeDrafts == other.includeDrafts,
              includeFuture == other.includeFuture, includeExpired == other.includeExpired,
              invalidPages == other.invalidPages, staticFiles == other.staticFiles else { return false }
        // A page validated again from the same front matter (only its body changed) is read
        // alike: its metadata and details come from the front matter and the type alone.
        return zip(pages, other.pages).allSatisfy { page, other in
            page === other || (page.raw.relativePath == other.raw.relativePath && page.type == other.type
                               && page.raw.frontMatter == other.raw.frontMatter
                               && page.raw.isFrontMatterClosed == other.raw.isFrontMatterClosed
                               && page.raw.bodyFirstLine == other.raw.bodyFirstLine)
        }
    }
}
