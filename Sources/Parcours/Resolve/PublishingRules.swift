import Foundation

/// Which pages a build publishes: drafts, scheduled and expired pages stay out unless asked for.
public struct PublishingRules: Sendable {
    public var includeDrafts = false
    public var includeFuture = false
    public var includeExpired = false
    public var now: Date

    public init(includeDrafts: Bool = false, includeFuture: Bool = false, includeExpired: Bool = false, now: Date = Date()) {
        self.includeDrafts = includeDrafts
        self.includeFuture = includeFuture
        self.includeExpired = includeExpired
        self.now = now
    }

    /// Why a page is left out, or nil when it is published.
    func exclusion(of metadata: CommonMetadata) -> String? {
        if metadata.draft, !includeDrafts { return "a draft (build with --drafts to include it)" }
        if let publish = metadata.publishDate, publish.instant > now, !includeFuture {
            return "not published before \(publish.isoDay) (build with --future to include it)"
        }
        if let expiry = metadata.expiryDate, expiry.instant <= now, !includeExpired {
            return "expired on \(expiry.isoDay) (build with --expired to include it)"
        }
        return nil
    }
}
