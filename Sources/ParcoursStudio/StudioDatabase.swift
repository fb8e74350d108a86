import Foundation
import GRDB

/// The studio's own data, in one SQLite file (`<data>/studio.sqlite`), through GRDB:
/// accounts, sessions, login failures, the audit log and the publications. SQLite rather
/// than plain files because several requests change these at once (a failed login counts
/// per account and per address in one transaction), and because the audit log must be
/// append-only: triggers refuse any UPDATE or DELETE of it, whoever asks.
public struct StudioDatabase: Sendable {
    let queue: DatabaseQueue

    public static let fileName = "studio.sqlite"

    /// Opens (or creates) the database in `folder`, which is created with mode 0700.
    public init(folder: String) throws {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true,
                                                attributes: [.posixPermissions: 0o700])
        var configuration = Configuration()
        configuration.foreignKeysEnabled = true
        // Several requests may wait for the one writer: wait rather than fail.
        configuration.busyMode = .timeout(5)
        // Each transaction is on the disk before the write returns (an accepted request of
        // the form survives a crash), and deleted rows are overwritten, not left in free pages.
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = FULL")
            try db.execute(sql: "PRAGMA secure_delete = ON")
        }
        queue = try DatabaseQueue(path: URL(fileURLWithPath: folder).appendingPathComponent(Self.fileName).path,
                                  configuration: configuration)
        try Self.migrator.migrate(queue)
    }

    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("1: accounts, sessions, failures, audit, publications") { db in
            try db.execute(sql: """
                CREATE TABLE account (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    email TEXT NOT NULL UNIQUE COLLATE NOCASE,
                    name TEXT NOT NULL,
                    role TEXT NOT NULL CHECK (role IN ('redaction', 'administration', 'secretariat')),
                    passwordHash TEXT NOT NULL,
                    totpSecret TEXT,
                    totpConfirmed INTEGER NOT NULL DEFAULT 0,
                    createdAt DOUBLE NOT NULL,
                    passwordChangedAt DOUBLE NOT NULL
                );
                CREATE TABLE session (
                    key TEXT PRIMARY KEY,
                    value BLOB NOT NULL,
                    expiresAt DOUBLE
                );
                CREATE TABLE loginFailure (
                    key TEXT PRIMARY KEY,
                    failures INTEGER NOT NULL,
                    lockedUntil DOUBLE NOT NULL
                );
                CREATE TABLE audit (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    at DOUBLE NOT NULL,
                    account TEXT NOT NULL,
                    address TEXT NOT NULL,
                    action TEXT NOT NULL,
                    detail TEXT NOT NULL
                );
                CREATE TRIGGER auditIsAppendOnlyUpdate BEFORE UPDATE ON audit
                    BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
                CREATE TRIGGER auditIsAppendOnlyDelete BEFORE DELETE ON audit
                    BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
                CREATE TABLE publication (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    at DOUBLE NOT NULL,
                    account TEXT NOT NULL,
                    revision TEXT NOT NULL,
                    succeeded INTEGER NOT NULL,
                    report TEXT NOT NULL
                );
                """)
        }
        migrator.registerMigration("2: the last TOTP step used, so that a code works once") { db in
            try db.execute(sql: "ALTER TABLE account ADD COLUMN totpLastStep INTEGER NOT NULL DEFAULT 0")
        }
        migrator.registerMigration("3: when each login failure was counted") { db in
            try db.execute(sql: "ALTER TABLE loginFailure ADD COLUMN lastFailure DOUBLE NOT NULL DEFAULT 0")
        }
        migrator.registerMigration("4: the inbox (each request sealed with AES-GCM)") { db in
            try db.execute(sql: """
                CREATE TABLE inboxRequest (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    reference TEXT NOT NULL UNIQUE,
                    formID TEXT NOT NULL,
                    receivedAt DOUBLE NOT NULL,
                    sealed BLOB NOT NULL,
                    status TEXT NOT NULL,
                    sealedNote BLOB,
                    changedBy TEXT,
                    changedAt DOUBLE
                );
                CREATE INDEX inboxRequestReceivedAt ON inboxRequest (receivedAt);
                """)
        }
        return migrator
    }

    func read<T: Sendable>(_ work: @Sendable @escaping (Database) throws -> T) async throws -> T {
        try await queue.read(work)
    }

    func write<T: Sendable>(_ work: @Sendable @escaping (Database) throws -> T) async throws -> T {
        try await queue.write(work)
    }

    /// For the command line (`parcours studio user …`), which is not async.
    func writeNow<T>(_ work: (Database) throws -> T) throws -> T {
        try queue.write(work)
    }

    func readNow<T>(_ work: (Database) throws -> T) throws -> T {
        try queue.read(work)
    }
}
