import Foundation
import GRDB

/// Who did what, when, from where: logins (success and failure), saves, publications,
/// changes of accounts. Append-only (the database's triggers refuse any change or removal
/// of a line); readable by `administration` at `/journal/`.
struct AuditLog: Sendable {
    let database: StudioDatabase

    struct Entry: Codable, Sendable, FetchableRecord {
        var id: Int64
        var at: Date
        var account: String
        var address: String
        var action: String
        var detail: String
    }

    enum Action: String, Sendable {
        case loginSucceeded = "connexion"
        case loginFailed = "connexion refusée"
        case loginLocked = "connexion bloquée"
        case logout = "déconnexion"
        case secondFactorEnrolled = "double authentification activée"
        case saved = "enregistrement"
        case restored = "restauration d’une version"
        case published = "publication"
        case publicationFailed = "publication refusée"
        case scheduledPublication = "publication programmée"
        case accountAdded = "compte créé"
        case accountRemoved = "compte supprimé"
        case passwordReset = "mot de passe changé"
        case secondFactorReset = "double authentification réinitialisée"
        case refused = "accès refusé"
        case requestReceived = "demande reçue"
        case requestViewed = "demande consultée"
        case requestChanged = "demande mise à jour"
        case requestsExported = "demandes exportées"
        case requestsPurged = "demandes effacées (durée de conservation)"
        case notificationFailed = "notification non envoyée"
    }

    /// What a person typed as their address, as the journal keeps it: an address, or a
    /// mention that it was none (a 15,000-character "address" is not kept for ever).
    static func accountField(_ typed: String) -> String {
        AccountStore.isEmail(typed) ? typed : "(adresse invalide : \(typed.prefix(40))…)"
    }

    func record(_ action: Action, account: String, address: String, detail: String = "", now: Date = Date()) async {
        // The log must not stop the studio: a failure to write it is said on the terminal.
        do {
            try await database.write { db in
                try db.execute(sql: "INSERT INTO audit (at, account, address, action, detail) VALUES (?, ?, ?, ?, ?)",
                               arguments: [now.timeIntervalSince1970, String(account.prefix(254)), String(address.prefix(64)), action.rawValue,
                                           String(detail.prefix(500))])
            }
        } catch {
            FileHandle.standardError.write(Data("journal : impossible d’écrire « \(action.rawValue) » : \(error)\n".utf8))
        }
    }

    func recordNow(_ action: Action, account: String, detail: String = "") {
        try? database.writeNow { db in
            try db.execute(sql: "INSERT INTO audit (at, account, address, action, detail) VALUES (?, ?, ?, ?, ?)",
                           arguments: [Date().timeIntervalSince1970, account, "ligne de commande", action.rawValue, detail])
        }
    }

    func latest(_ count: Int = 500) async throws -> [Entry] {
        try await database.read { db in
            try Entry.fetchAll(db, sql: "SELECT id, at, account, address, action, detail FROM audit ORDER BY id DESC LIMIT ?", arguments: [count])
        }
    }
}
