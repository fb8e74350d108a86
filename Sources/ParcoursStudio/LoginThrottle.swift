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

    /// Counts one attempt before its password is checked, in one transaction with the check
    /// of the locks: requests sent at once cannot all pass the check before any failure is
    /// counted. Returns when the lock ends when the account or the address is locked (the
    /// attempt is then not counted and no password is checked).
    func attempt(email: String, address: String, now: Date) async throws -> Date? {
        let entries = [(Self.accountKey(email), Self.accountThreshold), (Self.addressKey(address), Self.addressThreshold)]
        let moment = now.timeIntervalSince1970
        let until = try await database.write { db -> Double? in
            // Failures a day old are forgotten: no table that grows with every address typed.
            try db.execute(sql: "DELETE FROM loginFailure WHERE lastFailure < ?", arguments: [moment - 86_400])
            let locked = try Double.fetchOne(db, sql: "SELECT MAX(lockedUntil) FROM loginFailure WHERE key IN (?, ?)",
                                             arguments: [entries[0].0, entries[1].0])
            if let locked, locked > moment { return locked }
            for (key, threshold) in entries {
                let failures = (try Int.fetchOne(db, sql: "SELECT failures FROM loginFailure WHERE key = ?", arguments: [key]) ?? 0) + 1
                var lockedUntil = 0.0
                if failures >= threshold {
                    // 60 s × 2^(failures − threshold), in floating point and capped: no
                    // integer that a long attack could overflow.
                    let exponent = Double(min(failures - threshold, 20))
                    lockedUntil = moment + min(Self.firstLock * pow(2, exponent), Self.longestLock)
                }
                try db.execute(sql: """
                    INSERT INTO loginFailure (key, failures, lockedUntil, lastFailure) VALUES (?, ?, ?, ?)
                    ON CONFLICT(key) DO UPDATE SET failures = excluded.failures, lockedUntil = excluded.lockedUntil, lastFailure = excluded.lastFailure
                    """, arguments: [key, min(failures, 1_000_000), lockedUntil, moment])
            }
            return nil
        }
        return until.map { Date(timeIntervalSince1970: $0) }
    }

    /// The attempt was right: the account's failures are forgotten, and the address's count
    /// gives back the attempt (another account may be under attack from it).
    func recordSuccess(email: String, address: String) async throws {
        try await database.write { db in
            try db.execute(sql: "DELETE FROM loginFailure WHERE key = ?", arguments: [Self.accountKey(email)])
            try db.execute(sql: "UPDATE loginFailure SET failures = MAX(0, failures - 1) WHERE key = ? AND lockedUntil = 0",
                           arguments: [Self.addressKey(address)])
        }
    }
}
