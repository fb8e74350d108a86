import Crypto
import Foundation
import GRDB
import Parcours
import ParcoursServer

/// The studio's parts, opened from `studio.yaml`: the database (accounts, sessions, audit),
/// the site's history (git), the publication desk. The HTTP rooms (`StudioRouter`) and the
/// command line (`parcours studio user …`) both work on this value.
public struct Studio: Sendable {
    public let configuration: StudioConfiguration
    let database: StudioDatabase
    public let accounts: AccountStore
    let throttle: LoginThrottle
    let audit: AuditLog
    let history: ContentHistory
    let workshop: Workshop
    let preview: StudioPreview
    let sessions: SessionStore
    let inbox: InboxStore
    let formLimiter: RateLimiter
    let notifier: Notifier?
    let now: @Sendable () -> Date
    /// Signs the login form's token (a login has no session yet to hold one).
    let loginKeyBytes: [UInt8]
    var loginKey: SymmetricKey { SymmetricKey(data: loginKeyBytes) }

    public static func open(_ configuration: StudioConfiguration, passwordCost: UInt8 = 12,
                            now: @escaping @Sendable () -> Date = { Date() }) throws -> Studio {
        let database = try StudioDatabase(folder: configuration.data)
        // Made now if missing, so that the first request of the form finds it.
        let inboxKey = try InboxKey.loadOrCreate(at: configuration.keyFile)
        let history = try ContentHistory.open(content: configuration.content)
        let preview = StudioPreview(configuration: configuration)
        return Studio(configuration: configuration, database: database,
                      accounts: AccountStore(database: database, passwordCost: passwordCost),
                      throttle: LoginThrottle(database: database), audit: AuditLog(database: database), history: history,
                      workshop: Workshop(publisher: Publisher(configuration: configuration, history: history), history: history,
                                         database: database, audit: AuditLog(database: database), preview: preview, now: now),
                      preview: preview,
                      sessions: SessionStore(database: database, now: now),
                      inbox: InboxStore(database: database, keyBytes: inboxKey.withUnsafeBytes { Array($0) }),
                      formLimiter: RateLimiter(burst: configuration.formBurst, perMinute: configuration.formRatePerMinute),
                      notifier: configuration.notification.map {
                          Notifier(settings: $0, studioAddress: configuration.publicURL.hasSuffix("/") ? configuration.publicURL : configuration.publicURL + "/",
                                   audit: AuditLog(database: database))
                      },
                      now: now,
                      loginKeyBytes: SymmetricKey(size: .bits256).withUnsafeBytes { Array($0) })
    }

}

/// What `parcours studio user …` works on: the accounts, and the audit log that records
/// each change it makes (the repository and the site are not opened).
public struct StudioAdministration: Sendable {
    public let accounts: AccountStore
    let audit: AuditLog

    public init(_ configuration: StudioConfiguration) throws {
        let database = try StudioDatabase(folder: configuration.data)
        accounts = AccountStore(database: database)
        audit = AuditLog(database: database)
    }

    public enum Change: Sendable { case added, passwordReset, secondFactorReset, removed }

    public func record(_ change: Change, email: String) {
        let action: AuditLog.Action = switch change {
        case .added: .accountAdded
        case .passwordReset: .passwordReset
        case .secondFactorReset: .secondFactorReset
        case .removed: .accountRemoved
        }
        audit.recordNow(action, account: "ligne de commande", detail: AccountStore.normalized(email))
    }
}

/// Everything that changes the site's files or the public site goes through here, one at a
/// time: an editor's save and its commit, a restore, a publication, a scheduled rebuild.
/// Two saves never interleave their commits; a publication never reads a half-made commit.
actor Workshop {
    let publisher: Publisher
    let history: ContentHistory
    let database: StudioDatabase
    let audit: AuditLog
    let preview: StudioPreview
    let now: @Sendable () -> Date
    private(set) var nextScheduledChange: Date?
    private(set) var lastPublished: String?
    /// What the form endpoint checks requests against: the site as published.
    private(set) var published: PublishedSite?

    init(publisher: Publisher, history: ContentHistory, database: StudioDatabase, audit: AuditLog, preview: StudioPreview,
         now: @escaping @Sendable () -> Date) {
        self.publisher = publisher
        self.preview = preview
        self.history = history
        self.database = database
        self.audit = audit
        self.now = now
    }

    /// Runs a change of the editor, then commits what it says it changed, as the account.
    func change(_ work: @Sendable () -> EditorChangeResult, author: Account, address: String) async -> EditorChangeResult {
        let result = work()
        if let change = result.change {
            await preview.invalidate()
            do {
                let commit = try history.commit(paths: change.paths, message: change.summary, author: .init(name: author.name, email: author.email))
                await audit.record(.saved, account: author.email, address: address,
                                   detail: "\(change.summary) — \(change.paths.joined(separator: ", ")) @ \(commit?.prefix(10) ?? "sans changement")")
            } catch {
                await audit.record(.saved, account: author.email, address: address,
                                   detail: "\(change.summary) — \(change.paths.joined(separator: ", ")) : pas dans l’historique (\(error))")
            }
        }
        return result
    }

    /// Publishes the latest revision as the studio itself (tests, and a first start).
    func publishLatest() async {
        guard let revision = try? history.head() else { return }
        let outcome = publisher.publish(revision: revision, now: now())
        await record(outcome, account: "studio", address: "studio", action: outcome.succeeded ? .published : .publicationFailed)
    }

    /// A page as it was at `revision`, written back as a new commit.
    func restore(_ path: String, at revision: String, author: Account, address: String, content: ContentFolder) async throws -> String {
        guard let text = try history.text(of: path, at: revision) else { throw ContentHistory.Problem.notAPage }
        let current = try? content.read(path)
        try content.write(text, to: path, expectedVersion: current?.version)
        let title = PageForm.values(ofPage: text).flatMap { values -> String? in
            if case .text(let title)? = values["title"] { return title }
            return nil
        } ?? path
        let message = "Page « \(title) » rétablie dans sa version du \(StudioHTML.dateTime(try history.revisions(of: path).first { $0.id == revision }?.date ?? now()))"
        try history.commit(paths: [path], message: message, author: .init(name: author.name, email: author.email))
        await preview.invalidate()
        await audit.record(.restored, account: author.email, address: address, detail: "\(path) @ \(revision.prefix(10))")
        return message
    }

    /// "Publier": the latest revision into docroot.
    func publish(by account: Account, address: String) async -> Publisher.Outcome {
        let revision: String
        do {
            revision = try history.head()
        } catch {
            return Publisher.Outcome(revision: "", succeeded: false, report: "Historique illisible : \(error)", nextScheduledChange: nil, site: nil)
        }
        let outcome = publisher.publish(revision: revision, now: now())
        await record(outcome, account: account.email, address: address, action: outcome.succeeded ? .published : .publicationFailed)
        return outcome
    }

    /// Deletes the requests older than the retention of the published site's privacy notice
    /// (`retention_days`); the journal says how many, never what.
    func purgeExpiredRequests(in inbox: InboxStore) async {
        guard let days = published?.configuration.privacy?.retentionDays else { return }
        let limit = now().addingTimeInterval(-Double(days) * 86_400)
        guard let count = try? await inbox.purge(receivedBefore: limit), count > 0 else { return }
        await audit.record(.requestsPurged, account: "studio", address: "conservation",
                           detail: "\(count) demande\(count > 1 ? "s" : "") reçue\(count > 1 ? "s" : "") avant le \(StudioHTML.dateTime(limit))")
    }

    /// The revision last published, built again when a page's publish or expiry date is
    /// reached (and at start, so that dates reached while the studio was stopped count).
    func republishIfDue(force: Bool = false) async {
        if lastPublished == nil { lastPublished = try? await latestPublishedRevision() }
        guard let revision = lastPublished else { return }
        if !force {
            guard let next = nextScheduledChange, next <= now() else { return }
        }
        let outcome = publisher.publish(revision: revision, now: now())
        await record(outcome, account: "studio", address: "programmation", action: .scheduledPublication)
    }

    private func record(_ outcome: Publisher.Outcome, account: String, address: String, action: AuditLog.Action) async {
        if outcome.succeeded {
            lastPublished = outcome.revision
            nextScheduledChange = outcome.nextScheduledChange
            published = outcome.site
        }
        let moment = now()
        try? await database.write { db in
            try db.execute(sql: "INSERT INTO publication (at, account, revision, succeeded, report) VALUES (?, ?, ?, ?, ?)",
                           arguments: [moment.timeIntervalSince1970, account, outcome.revision, outcome.succeeded, outcome.report])
        }
        await audit.record(action, account: account, address: address,
                           detail: "\(outcome.revision.prefix(10)) \(outcome.succeeded ? "réussie" : "refusée : " + outcome.report.prefix(200))")
    }

    private func latestPublishedRevision() async throws -> String? {
        try await database.read { db in
            try String.fetchOne(db, sql: "SELECT revision FROM publication WHERE succeeded = 1 ORDER BY id DESC LIMIT 1")
        }
    }

    struct Publication: Sendable {
        var at: Date
        var account: String
        var revision: String
        var succeeded: Bool
        var report: String
    }

    func latestPublication() async -> Publication? {
        try? await database.read { db in
            try Row.fetchOne(db, sql: "SELECT at, account, revision, succeeded, report FROM publication ORDER BY id DESC LIMIT 1").map { (row: Row) -> Publication in
                Publication(at: Date(timeIntervalSince1970: row["at"]), account: row["account"], revision: row["revision"],
                            succeeded: row["succeeded"], report: row["report"])
            }
        }
    }
}

/// An editor's answer, and what it changed.
struct EditorChangeResult: Sendable {
    var response: EditorResponse
    var change: EditorChange? { response.change }
}
