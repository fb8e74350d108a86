import Foundation
import Parcours

/// What a transfer sent or would send, by path relative to the site's folder.
public struct PublishChanges: Sendable, Equatable {
    public var added: [String] = []
    public var changed: [String] = []
    public var removed: [String] = []

    public init(added: [String] = [], changed: [String] = [], removed: [String] = []) {
        self.added = added
        self.changed = changed
        self.removed = removed
    }

    public var sent: Int { added.count + changed.count }
    public var isEmpty: Bool { added.isEmpty && changed.isEmpty && removed.isEmpty }

    /// `+ path`, `~ path`, `- path`: what `--dry-run` lists.
    public var listing: [String] {
        (added.map { "+ " + $0 } + changed.map { "~ " + $0 } + removed.map { "- " + $0 })
    }

    /// `hebergeur (rsync) : 3 fichiers envoyés, 1 supprimé`.
    public func summary(target: PublishTarget, dryRun: Bool, in language: SchemaLanguage) -> String {
        let head = "\(target.name) (\(target.kind.rawValue))"
        switch (language, dryRun) {
        case (.french, false):
            return "\(head) : \(Self.count(sent, "fichier envoyé", "fichiers envoyés")), \(Self.count(removed.count, "supprimé", "supprimés"))"
        case (.french, true):
            return "\(head) : rien n’a été envoyé (--dry-run) ; \(Self.count(sent, "fichier à envoyer", "fichiers à envoyer")), \(Self.count(removed.count, "à supprimer", "à supprimer"))"
        case (.english, false):
            return "\(head): \(sent) file\(sent == 1 ? "" : "s") sent, \(removed.count) removed"
        case (.english, true):
            return "\(head): nothing sent (--dry-run); \(sent) file\(sent == 1 ? "" : "s") to send, \(removed.count) to remove"
        }
    }

    /// French counts: 0 and 1 take the singular.
    static func count(_ number: Int, _ singular: String, _ plural: String) -> String {
        "\(number) \(number > 1 ? plural : singular)"
    }
}

/// A transfer that did not finish: which file, and why, in both languages. Running the
/// command again finishes the job (each transfer is idempotent).
public struct PublishFailure: Error, Sendable {
    public var target: PublishTarget
    public var file: String?
    public var reason: Wording

    public func message(in language: SchemaLanguage) -> String {
        let head = "\(target.location.file):\(target.location.line):\(target.location.column): "
        switch language {
        case .french:
            let place = file.map { " (fichier « \($0) »)" } ?? ""
            return head + "erreur : l’envoi vers « \(target.name) » a échoué\(place) : \(reason.french)\nCe qui a été envoyé reste en place ; relancez « parcours publish » pour finir."
        case .english:
            let place = file.map { " (file '\($0)')" } ?? ""
            return head + "error: publishing to '\(target.name)' failed\(place): \(reason.english)\nWhat was sent stays; run 'parcours publish' again to finish."
        }
    }
}

/// The files of the built site that are published: every regular file, but Parcours's own
/// bookkeeping at the top (`.parcours-images.json`), which is no page of the site.
enum PublishedFiles {
    static let bookkeepingPrefix = ".parcours-"

    static func isBookkeeping(_ relativePath: String) -> Bool {
        relativePath.hasPrefix(bookkeepingPrefix) && !relativePath.contains("/")
    }
}
