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
    func exclusion(of metadata: CommonMetadata) -> Wording? {
        if metadata.draft, !includeDrafts {
            return Wording("a draft (build with --drafts to include it)", french: "un brouillon (construisez avec --drafts pour l’inclure)")
        }
        if let publish = metadata.publishDate, publish.instant > now, !includeFuture {
            return Wording("not published before \(publish.isoDay) (build with --future to include it)",
                           french: "une page publiée seulement à partir du \(publish.isoDay) (construisez avec --future pour l’inclure)")
        }
        if let expiry = metadata.expiryDate, expiry.instant <= now, !includeExpired {
            return Wording("expired on \(expiry.isoDay) (build with --expired to include it)",
                           french: "une page retirée le \(expiry.isoDay) (construisez avec --expired pour l’inclure)")
        }
        return nil
    }
}
