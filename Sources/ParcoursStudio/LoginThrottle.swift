import Foundation
import GRDB

/// Repeated failed logins lock the account and the address they came from, for a time that
/// doubles at each further failure: 5 failures for an account (20 for an address, which
/// may be a whole office behind one router) lock it for a minute, then 2, 4… up to a day.
/// While locked, even the right password is refused, and no password is checked.
struct LoginThrottle: Sendable {
    let database: StudioDatabase

    static let accountThreshold = 5
    static let addressThreshold = 20
    static let firstLock: TimeInterval = 60
    static let longestLock: TimeInterval = 24 * 3600

    static func accountKey(_ email: String) -> String { "compte:" + AccountStore.normalized(email) }
    static func addressKey(_ address: String) -> String { "adresse:" + address }

    /// When the later of the two locks ends, or nil when neither holds.
    func lockedUntil(email: String, address: String, now: Date) async throws -> Date? {
        let keys = [Self.accountKey(email), Self.addressKey(address)]
        let until = try await database.read { db in
            try Double.fetchOne(db, sql: "SELECT MAX(lockedUntil) FROM loginFailure WHERE key IN (?, ?)", arguments: [keys[0], keys[1]])
        }
        guard let until, until > now.timeIntervalSince1970 else { return nil }
        return Date(timeIntervalSince1970: until)
    }

    func recordFailure(email: String, address: String, now: Date) async throws {
        let entries = [(Self.accountKey(email), Self.accountThreshold), (Self.addressKey(address), Self.addressThreshold)]
        try await database.write { db in
            for (key, threshold) in entries {
                let failures = (try Int.fetchOne(db, sql: "SELECT failures FROM loginFailure WHERE key = ?", arguments: [key]) ?? 0) + 1
                var lockedUntil = 0.0
                if failures >= threshold {
                    // 60 s × 2^(failures − threshold), computed in floating point and capped:
                    // no integer that a long attack could overflow.
                    let exponent = Double(min(failures - threshold, 20))
                    lockedUntil = now.timeIntervalSince1970 + min(Self.firstLock * pow(2, exponent), Self.longestLock)
                }
                try db.execute(sql: """
                    INSERT INTO loginFailure (key, failures, lockedUntil) VALUES (?, ?, ?)
                    ON CONFLICT(key) DO UPDATE SET failures = excluded.failures, lockedUntil = excluded.lockedUntil
                    """, arguments: [key, min(failures, 1_000_000), lockedUntil])
            }
        }
    }

    /// A successful login forgets the account's failures (the address's stay: another
    /// account may be under attack from it).
    func recordSuccess(email: String) async throws {
        try await database.write { db in
            try db.execute(sql: "DELETE FROM loginFailure WHERE key = ?", arguments: [Self.accountKey(email)])
        }
    }
}
