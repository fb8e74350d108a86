import Foundation
import GRDB
import Hummingbird

/// What the studio keeps of a logged-in person between requests, on the server: the
/// browser holds only the session's random id (hummingbird-auth's SessionMiddleware makes a
/// new one at each login; logging out deletes the row, so the old cookie opens nothing).
public struct StudioSession: Codable, Sendable {
    var accountID: Int64
    /// Sent in every form that changes something; a request without it changes nothing.
    var csrfToken: String
    var createdAt: Date
    var lastSeen: Date
    /// An administrator who typed the right password but has no second factor yet may only
    /// enrol one (the session opens nothing else until then).
    var mustEnrol: Bool

    static func newToken() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<32).map { _ in String(UInt8.random(in: 0...255, using: &generator), radix: 16).leftPadded() }.joined()
    }
}

private extension String {
    func leftPadded() -> String { count == 1 ? "0" + self : self }
}

/// hummingbird-auth's `PersistDriver` on the studio's SQLite file, so sessions survive a
/// restart of the studio (a memory driver would log everybody out at each update).
struct SessionStore: PersistDriver {
    let database: StudioDatabase
    let now: @Sendable () -> Date

    func create<Object: Codable & Sendable>(key: String, value: Object, expires: Duration?) async throws {
        let data = try JSONEncoder().encode(value)
        let expiresAt = expires.map { now().addingTimeInterval(Double($0.components.seconds)).timeIntervalSince1970 }
        try await database.write { db in
            if try Row.fetchOne(db, sql: "SELECT 1 FROM session WHERE key = ?", arguments: [key]) != nil {
                throw PersistError.duplicate
            }
            try db.execute(sql: "INSERT INTO session (key, value, expiresAt) VALUES (?, ?, ?)", arguments: [key, data, expiresAt])
        }
    }

    func set<Object: Codable & Sendable>(key: String, value: Object, expires: Duration?) async throws {
        let data = try JSONEncoder().encode(value)
        let moment = now()
        let expiresAt = expires.map { moment.addingTimeInterval(Double($0.components.seconds)).timeIntervalSince1970 }
        try await database.write { db in
            // Expired sessions go at each write: no table that grows without bound.
            try db.execute(sql: "DELETE FROM session WHERE expiresAt IS NOT NULL AND expiresAt <= ?", arguments: [moment.timeIntervalSince1970])
            if let expiresAt {
                try db.execute(sql: "INSERT INTO session (key, value, expiresAt) VALUES (?, ?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value, expiresAt = excluded.expiresAt",
                               arguments: [key, data, expiresAt])
            } else {
                // An update of a session that exists, its expiry kept (PersistDriver's
                // contract). Never an insert: a request that started before a logout (or a
                // new password) must not bring the deleted session back when it ends.
                try db.execute(sql: "UPDATE session SET value = ? WHERE key = ?", arguments: [data, key])
            }
        }
    }

    func get<Object: Codable & Sendable>(key: String, as: Object.Type) async throws -> Object? {
        try await getWithTTL(key: key, as: Object.self)?.object
    }

    func getWithTTL<Object: Codable & Sendable>(key: String, as: Object.Type) async throws -> (object: Object, ttl: Duration?)? {
        let moment = now().timeIntervalSince1970
        let found = try await database.read { db -> (Data, Double?)? in
            guard let row = try Row.fetchOne(db, sql: "SELECT value, expiresAt FROM session WHERE key = ?", arguments: [key]),
                  let data = row["value"] as Data? else { return nil }
            return (data, row["expiresAt"] as Double?)
        }
        guard let (data, expiresAt) = found else { return nil }
        if let expiresAt, expiresAt <= moment { return nil }
        guard let object = try? JSONDecoder().decode(Object.self, from: data) else { throw PersistError.invalidConversion }
        return (object, expiresAt.map { .seconds(Int64(max(0, $0 - moment))) })
    }

    func remove(key: String) async throws {
        try await database.write { db in try db.execute(sql: "DELETE FROM session WHERE key = ?", arguments: [key]) }
    }

    /// Every session of an account ends (its password or role changed, it was removed).
    static func removeSessions(of account: Account, in db: Database) throws {
        guard let id = account.id else { return }
        let rows = try Row.fetchAll(db, sql: "SELECT key, value FROM session")
        for row in rows {
            guard let data = row["value"] as Data?, let key = row["key"] as String?,
                  let session = try? JSONDecoder().decode(StudioSession.self, from: data), session.accountID == id else { continue }
            try db.execute(sql: "DELETE FROM session WHERE key = ?", arguments: [key])
        }
    }
}
