import Foundation
import GRDB
import HummingbirdBcrypt
import HummingbirdOTP

/// What an account may do (DESIGN.md): `redaction` edits pages; `administration` also
/// edits site.yaml and the accounts, publishes, reads the audit log; `secretariat` sees
/// only the inbox.
public enum Role: String, Codable, Sendable, CaseIterable {
    case redaction, administration, secretariat

    public var label: String {
        switch self {
        case .redaction: return "Rédaction"
        case .administration: return "Administration"
        case .secretariat: return "Secrétariat"
        }
    }

    var editsPages: Bool { self != .secretariat }
    var readsInbox: Bool { self != .redaction }
    /// A second factor for the accounts that can change everything.
    var requiresSecondFactor: Bool { self == .administration }
}

public struct Account: Codable, Sendable, Hashable, FetchableRecord, MutablePersistableRecord {
    public var id: Int64?
    public var email: String
    public var name: String
    public var role: Role
    var passwordHash: String
    /// Base32, set at the enrolment; confirmed once a code made from it was typed.
    var totpSecret: String?
    var totpConfirmed: Bool
    /// The 30-second step of the last code accepted: a code seen by someone over the
    /// person's shoulder, or replayed from a captured request, does not work a second time.
    var totpLastStep: Int64 = 0
    public var createdAt: Date
    var passwordChangedAt: Date

    public var hasSecondFactor: Bool { totpSecret != nil && totpConfirmed }

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

/// The accounts, in the studio's database.
public struct AccountStore: Sendable {
    let database: StudioDatabase
    /// bcrypt's cost: 12 (about a quarter of a second per check on these machines).
    let passwordCost: UInt8

    public init(database: StudioDatabase, passwordCost: UInt8 = 12) {
        self.database = database
        self.passwordCost = passwordCost
    }

    public enum Problem: Error, Sendable, Equatable, CustomStringConvertible {
        case invalidEmail(String)
        case weakPassword
        case exists(String)
        case unknown(String)
        case invalidName
        case lastAdministrator

        public var description: String {
            switch self {
            case .invalidEmail(let email): return "« \(email) » n’est pas une adresse électronique (par exemple prenom.nom@cpts-exemple.fr)"
            case .weakPassword: return "le mot de passe doit compter au moins \(AccountStore.minimumPasswordLength) caractères (une phrase de quelques mots est plus sûre et plus facile à retenir)"
            case .exists(let email): return "un compte existe déjà pour \(email)"
            case .unknown(let email): return "aucun compte pour \(email)"
            case .invalidName: return "le nom doit compter de 1 à 100 caractères, dont au moins une lettre, sans < ni > ni retour à la ligne (par exemple Bruno Petit)"
            case .lastAdministrator: return "c’est le dernier compte d’administration : créez-en un autre avant de le supprimer ou de changer son rôle"
            }
        }
    }

    /// ANSSI's recommendation for a password alone is 12 characters or more.
    public static let minimumPasswordLength = 12

    static func normalized(_ email: String) -> String { email.trimmingCharacters(in: .whitespaces).lowercased() }

    static func isEmail(_ email: String) -> Bool {
        let parts = email.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, parts[1].contains("."), email.count <= 254,
              !parts[1].hasPrefix("."), !parts[1].hasSuffix(".") else { return false }
        return email.unicodeScalars.allSatisfy { $0.value > 0x20 && $0.value < 0x7F && !"<>\"'(),;:[]\\".unicodeScalars.contains($0) }
    }

    func check(email: String, name: String, password: String) throws(Problem) {
        guard Self.isEmail(email) else { throw .invalidEmail(email) }
        // The history's author: git refuses a name without a letter, and `<` `>` delimit the e-mail.
        guard !name.isEmpty, name.count <= 100, name.contains(where: { $0.isLetter || $0.isNumber }),
              !name.unicodeScalars.contains(where: { $0.properties.generalCategory == .control || $0 == "<" || $0 == ">" }) else {
            throw .invalidName
        }
        guard password.count >= Self.minimumPasswordLength else { throw .weakPassword }
    }

    public func add(email: String, name: String, role: Role, password: String, now: Date = Date()) throws -> Account {
        let email = Self.normalized(email)
        let name = name.trimmingCharacters(in: .whitespaces)
        try check(email: email, name: name, password: password)
        let hash = Bcrypt.hash(password, cost: passwordCost)
        return try database.writeNow { db in
            if try Account.filter(Column("email") == email).fetchOne(db) != nil { throw Problem.exists(email) }
            var account = Account(id: nil, email: email, name: name, role: role, passwordHash: hash, totpSecret: nil,
                                  totpConfirmed: false, createdAt: now, passwordChangedAt: now)
            try account.insert(db)
            return account
        }
    }

    /// A new password; the second factor is kept, and every session of the account ends.
    public func resetPassword(email: String, password: String, now: Date = Date()) throws {
        let email = Self.normalized(email)
        guard password.count >= Self.minimumPasswordLength else { throw Problem.weakPassword }
        let hash = Bcrypt.hash(password, cost: passwordCost)
        try database.writeNow { db in
            guard var account = try Account.filter(Column("email") == email).fetchOne(db) else { throw Problem.unknown(email) }
            account.passwordHash = hash
            account.passwordChangedAt = now
            try account.update(db)
            try SessionStore.removeSessions(of: account, in: db)
            // The lockout was the old password's business.
            try db.execute(sql: "DELETE FROM loginFailure WHERE key = ?", arguments: [LoginThrottle.accountKey(email)])
        }
    }

    /// A lost phone: the second factor is enrolled again at the next login (its sessions end).
    public func resetSecondFactor(email: String) throws {
        let email = Self.normalized(email)
        try database.writeNow { db in
            guard let account = try Account.filter(Column("email") == email).fetchOne(db) else { throw Problem.unknown(email) }
            try db.execute(sql: "UPDATE account SET totpSecret = NULL, totpConfirmed = 0 WHERE id = ?", arguments: [account.id])
            try SessionStore.removeSessions(of: account, in: db)
        }
    }

    public func remove(email: String) throws {
        let email = Self.normalized(email)
        try database.writeNow { db in
            guard let account = try Account.filter(Column("email") == email).fetchOne(db) else { throw Problem.unknown(email) }
            if account.role == .administration,
               try Account.filter(Column("role") == Role.administration.rawValue).fetchCount(db) <= 1 {
                throw Problem.lastAdministrator
            }
            try SessionStore.removeSessions(of: account, in: db)
            _ = try account.delete(db)
        }
    }

    public func list() throws -> [Account] {
        try database.readNow { db in try Account.order(Column("email")).fetchAll(db) }
    }

    public func account(id: Int64) async throws -> Account? {
        try await database.read { db in try Account.fetchOne(db, key: id) }
    }

    func account(email: String) async throws -> Account? {
        let email = Self.normalized(email)
        return try await database.read { db in try Account.filter(Column("email") == email).fetchOne(db) }
    }

    /// Whether `password` is the account's. An unknown address costs the same time as a
    /// known one (a hash is checked either way), so timing does not tell which exist.
    func verify(password: String, of account: Account?) -> Bool {
        let hash = account?.passwordHash ?? Self.decoyHash
        let matches = Bcrypt.verify(password, hash: hash)
        return account != nil && matches
    }

    private static let decoyHash = Bcrypt.hash("parcours-decoy-password", cost: 12)

    // MARK: Second factor

    /// A new secret for the enrolment: 32 random letters and digits (about 190 bits; HOTP's
    /// key is their bytes, which authenticator apps receive in base32 through the otpauth URL).
    func startEnrolment(of accountID: Int64) async throws -> String {
        let characters = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")
        var generator = SystemRandomNumberGenerator()
        let secret = String((0..<32).map { _ in characters[Int.random(in: 0..<characters.count, using: &generator)] })
        try await database.write { db in
            // A key already shown (and maybe scanned) stays until it is confirmed.
            try db.execute(sql: "UPDATE account SET totpSecret = ? WHERE id = ? AND totpConfirmed = 0 AND totpSecret IS NULL",
                           arguments: [secret, accountID])
        }
        return secret
    }

    func confirmEnrolment(of accountID: Int64, step: Int64 = 0) async throws {
        try await database.write { db in
            try db.execute(sql: "UPDATE account SET totpConfirmed = 1, totpLastStep = MAX(totpLastStep, ?) WHERE id = ?", arguments: [step, accountID])
        }
    }

    /// The otpauth URL an authenticator app reads (from the QR code), and the secret in
    /// base32 as the app asks for it when typed by hand.
    static func enrolment(secret: String, email: String, issuer: String) -> (url: String, typedSecret: String) {
        let url = TOTP(secret: secret).createAuthenticatorURL(label: email, issuer: issuer)
        let typed = URLComponents(string: url)?.queryItems?.first { $0.name == "secret" }?.value ?? ""
        return (url, typed)
    }

    /// A code is accepted in its 30-second step and the one before or after (a phone's clock
    /// drifts, and typing takes time), and only in a step after the last one used.
    static func matchingStep(_ code: String, secret: String, now: Date, after lastStep: Int64 = 0) -> Int64? {
        let digits = code.filter { !$0.isWhitespace }
        guard digits.count == 6, digits.allSatisfy(\.isASCII), let number = Int(digits) else { return nil }
        let totp = TOTP(secret: secret)
        for offset in [-30.0, 0, 30] {
            let moment = now.addingTimeInterval(offset)
            let step = Int64(moment.timeIntervalSince1970 / 30)
            if step > lastStep, totp.compute(date: moment) == number { return step }
        }
        return nil
    }

    /// Records that the code of `step` was used: false when another login used it first.
    func useStep(_ step: Int64, of accountID: Int64) async throws -> Bool {
        try await database.write { db in
            try db.execute(sql: "UPDATE account SET totpLastStep = ? WHERE id = ? AND totpLastStep < ?", arguments: [step, accountID, step])
            return db.changesCount == 1
        }
    }

    public func changeRole(email: String, to role: Role) throws {
        let email = Self.normalized(email)
        try database.writeNow { db in
            guard var account = try Account.filter(Column("email") == email).fetchOne(db) else { throw Problem.unknown(email) }
            if account.role == .administration, role != .administration,
               try Account.filter(Column("role") == Role.administration.rawValue).fetchCount(db) <= 1 {
                throw Problem.lastAdministrator
            }
            account.role = role
            try account.update(db)
            try SessionStore.removeSessions(of: account, in: db)
        }
    }
}
