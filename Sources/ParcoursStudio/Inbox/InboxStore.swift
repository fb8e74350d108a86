import Crypto
import Foundation
import GRDB

/// The requests of the forms, in the studio's database, each sealed with AES-GCM under the
/// key of `key_file`: the file holds no name, no phone number, no answer in clear (only the
/// form's id, the time, the status and who changed it). Written in a transaction that
/// SQLite syncs to the disk before the answer is sent: an accepted request survives a crash.
struct InboxStore: Sendable {
    let database: StudioDatabase
    let keyBytes: [UInt8]
    private var key: SymmetricKey { SymmetricKey(data: keyBytes) }

    enum Status: String, CaseIterable, Sendable {
        case new = "nouvelle", calledBack = "rappelee", appointment = "rendez-vous", closed = "close"

        var label: String {
            switch self {
            case .new: return "Nouvelle"
            case .calledBack: return "Rappelée"
            case .appointment: return "Rendez-vous proposé"
            case .closed: return "Close"
            }
        }
    }

    /// What is sealed: the answers with their labels, and what the studio noticed.
    struct Contents: Codable, Sendable {
        var answers: [SubmissionCheck.Answer]
        var outsideTerritory: Bool
    }

    struct Request: Sendable {
        var reference: String
        var formID: String
        var receivedAt: Date
        var contents: Contents
        var status: Status
        var note: String
        var changedBy: String?
        var changedAt: Date?
    }

    enum Problem: Error { case unreadable }

    /// Seals and stores a request; its reference (random, for the secretary's links).
    func store(formID: String, contents: Contents, now: Date) async throws -> String {
        let reference = (0..<12).map { _ in UInt8.random(in: 0...255) }.hexadecimal
        let sealed = try seal(JSONEncoder().encode(contents), reference: reference, formID: formID)
        try await database.write { db in
            try db.execute(sql: "INSERT INTO inboxRequest (reference, formID, receivedAt, sealed, status) VALUES (?, ?, ?, ?, ?)",
                           arguments: [reference, formID, now.timeIntervalSince1970, sealed, Status.new.rawValue])
        }
        return reference
    }

    /// The requests, newest first (each opened with the key; one that cannot be is left out
    /// of the list and counted, never shown half-read).
    func all() async throws -> (requests: [Request], unreadable: Int) {
        let rows = try await database.read { db in
            try Row.fetchAll(db, sql: "SELECT reference, formID, receivedAt, sealed, status, sealedNote, changedBy, changedAt FROM inboxRequest ORDER BY receivedAt DESC, id DESC")
                .map(StoredRow.init)
        }
        var requests: [Request] = []
        var unreadable = 0
        for row in rows {
            if let request = open(row) { requests.append(request) } else { unreadable += 1 }
        }
        return (requests, unreadable)
    }

    func request(_ reference: String) async throws -> Request? {
        guard Self.isReference(reference) else { return nil }
        let row = try await database.read { db in
            try Row.fetchOne(db, sql: "SELECT reference, formID, receivedAt, sealed, status, sealedNote, changedBy, changedAt FROM inboxRequest WHERE reference = ?",
                             arguments: [reference]).map(StoredRow.init)
        }
        return row.flatMap(open)
    }

    func update(_ reference: String, status: Status, note: String, by account: String, now: Date) async throws -> Bool {
        guard Self.isReference(reference) else { return false }
        let sealedNote = note.isEmpty ? nil : try seal(Data(note.utf8), reference: reference, formID: "note")
        return try await database.write { db in
            try db.execute(sql: "UPDATE inboxRequest SET status = ?, sealedNote = ?, changedBy = ?, changedAt = ? WHERE reference = ?",
                           arguments: [status.rawValue, sealedNote, account, now.timeIntervalSince1970, reference])
            return db.changesCount == 1
        }
    }

    func countNew() async throws -> Int {
        try await database.read { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM inboxRequest WHERE status = ?", arguments: [Status.new.rawValue]) ?? 0
        }
    }

    /// Deletes the requests received before `limit`; how many.
    func purge(receivedBefore limit: Date) async throws -> Int {
        try await database.write { db in
            try db.execute(sql: "DELETE FROM inboxRequest WHERE receivedAt < ?", arguments: [limit.timeIntervalSince1970])
            return db.changesCount
        }
    }

    static func isReference(_ text: String) -> Bool {
        text.count == 24 && text.allSatisfy { $0.isHexDigit && ($0.isNumber || $0.isLowercase) }
    }

    // MARK: Sealing

    /// The reference and the form are bound to the sealed bytes: a sealed request copied to
    /// another row does not open there.
    private func seal(_ data: Data, reference: String, formID: String) throws -> Data {
        let box = try AES.GCM.seal(data, using: key, authenticating: Data("\(reference)|\(formID)".utf8))
        guard let combined = box.combined else { throw Problem.unreadable }
        return combined
    }

    private func unseal(_ data: Data, reference: String, formID: String) -> Data? {
        guard let box = try? AES.GCM.SealedBox(combined: data) else { return nil }
        return try? AES.GCM.open(box, using: key, authenticating: Data("\(reference)|\(formID)".utf8))
    }

    private struct StoredRow: Sendable {
        var reference: String, formID: String, receivedAt: Double, sealed: Data, status: String
        var sealedNote: Data?, changedBy: String?, changedAt: Double?
        init(_ row: Row) {
            reference = row["reference"]; formID = row["formID"]; receivedAt = row["receivedAt"]; sealed = row["sealed"]
            status = row["status"]; sealedNote = row["sealedNote"]; changedBy = row["changedBy"]; changedAt = row["changedAt"]
        }
    }

    private func open(_ row: StoredRow) -> Request? {
        guard let plain = unseal(row.sealed, reference: row.reference, formID: row.formID),
              let contents = try? JSONDecoder().decode(Contents.self, from: plain) else { return nil }
        let note = row.sealedNote.flatMap { unseal($0, reference: row.reference, formID: "note") }.map { String(decoding: $0, as: UTF8.self) } ?? ""
        return Request(reference: row.reference, formID: row.formID, receivedAt: Date(timeIntervalSince1970: row.receivedAt), contents: contents,
                       status: Status(rawValue: row.status) ?? .new, note: note, changedBy: row.changedBy,
                       changedAt: row.changedAt.map { Date(timeIntervalSince1970: $0) })
    }
}
