import Foundation
import Parcours

/// sftp, for hosting that offers SFTP and no shell. sftp cannot compare files, so the
/// target keeps the list of what was published (`.parcours-publication`, path and SHA-256)
/// and only the difference is sent. The list is replaced last: after a failure the old list
/// stays, and the next run sends what is still missing.
struct SFTPTransfer {
    let target: PublishTarget

    static let listName = ".parcours-publication"

    func send(site: URL, dryRun: Bool, workspace: URL) throws(PublishFailure) -> PublishChanges {
        guard let access = target.ssh else { throw failure(nil, Wording("no SSH access", french: "pas d’accès SSH")) }
        let program = ExternalProgram("sftp")
        guard program.isInstalled else {
            throw failure(nil, Wording("sftp is not installed (sudo apt install openssh-client)", french: "sftp n’est pas installé (sudo apt install openssh-client)"))
        }
        let local: SiteInventory
        let session: SSHSession
        do {
            local = try SiteInventory.of(site: site)
            session = try SSHSession(access: access, in: workspace)
        } catch {
            throw failure(nil, Wording("\(error)", french: "\(error)"))
        }
        if let unsendable = local.files.keys.sorted().first(where: { !Self.canName($0) }) {
            throw failure(unsendable, Wording(
                "sftp cannot send a name with \", \\, *, ?, [ or ] in it: rename the file, or use an rsync target",
                french: "sftp ne sait pas envoyer un nom contenant \", \\, *, ?, [ ou ] : renommez le fichier, ou utilisez une cible rsync"))
        }

        // 1. The list left by the last publication (none the first time).
        let previousList = workspace.appendingPathComponent("previous-list")
        let fetch = [
            "cd \(Self.quoted(target.path))",
            "-get \(Self.quoted(Self.listName)) \(Self.quoted(previousList.path))",
        ]
        try run(fetch, session: session, workspace: workspace, program: program)
        var previous = SiteInventory()
        if let data = FileManager.default.contents(atPath: previousList.path) {
            guard let list = SiteInventory(text: String(decoding: data, as: UTF8.self)) else {
                throw failure(Self.listName, Wording(
                    "the server's \(Self.listName) is not a list written by Parcours; remove it from the server if it is not yours",
                    french: "le fichier \(Self.listName) du serveur n’est pas une liste écrite par Parcours ; retirez-le du serveur s’il n’est pas le vôtre"))
            }
            previous = list
        }
        let changes = local.changes(since: previous)
        guard !dryRun, !changes.isEmpty else { return changes }

        // 2. Folders, files, deletions, then the new list.
        let newList = workspace.appendingPathComponent("new-list")
        do {
            try Data(local.text.utf8).write(to: newList)
        } catch {
            throw failure(nil, Wording("\(error)", french: "\(error)"))
        }
        var commands = ["cd \(Self.quoted(target.path))"]
        var folders: Set<String> = []
        for path in changes.added {
            var folder = (path as NSString).deletingLastPathComponent
            var missing: [String] = []
            while !folder.isEmpty, !folders.contains(folder) {
                folders.insert(folder)
                missing.append(folder)
                folder = (folder as NSString).deletingLastPathComponent
            }
            // `-`: a folder that exists already is no error.
            commands += missing.reversed().map { "-mkdir \(Self.quoted($0))" }
        }
        for path in changes.added + changes.changed {
            commands.append("put \(Self.quoted(site.appendingPathComponent(path).path)) \(Self.quoted(path))")
        }
        // A file already deleted by an interrupted run is no error.
        commands += changes.removed.map { "-rm \(Self.quoted($0))" }
        // Folders left empty: deepest first; one that still holds a file stays.
        let emptied = Set(changes.removed.map { ($0 as NSString).deletingLastPathComponent }.filter { !$0.isEmpty })
            .flatMap { Self.ancestors(of: $0) }
        commands += Set(emptied).filter { folder in !local.files.keys.contains { $0.hasPrefix(folder + "/") } }
            .sorted { $0.count > $1.count }.map { "-rmdir \(Self.quoted($0))" }
        commands.append("put \(Self.quoted(newList.path)) \(Self.quoted(Self.listName))")
        try run(commands, session: session, workspace: workspace, program: program)
        return changes
    }

    /// Runs sftp on a batch file; a failed command stops it, and sftp's echo of the commands
    /// tells which file it was.
    private func run(_ commands: [String], session: SSHSession, workspace: URL, program: ExternalProgram) throws(PublishFailure) {
        let batch = workspace.appendingPathComponent("batch-\(UUID().uuidString)")
        let outcome: ExternalProgram.Outcome
        do {
            try Data((commands.joined(separator: "\n") + "\n").utf8).write(to: batch)
            outcome = try program.run(["-F", session.configuration.path, "-b", batch.path, SSHSession.hostAlias], environment: SSHSession.environment)
        } catch {
            throw failure(nil, Wording("sftp could not start: \(error)", french: "sftp n’a pas pu démarrer : \(error)"))
        }
        guard !outcome.succeeded else { return }
        let errors = outcome.errorText.trimmingCharacters(in: .whitespacesAndNewlines)
        if let explanation = SSHSession.explanation(of: errors, target: target) {
            throw failure(nil, explanation)
        }
        let lastCommand = outcome.outputText.split(separator: "\n").last { $0.hasPrefix("sftp> ") }.map { String($0.dropFirst(6)) }
        var file: String?
        if let lastCommand, lastCommand.hasPrefix("put ") {
            file = Self.lastQuoted(in: lastCommand)
        } else if let lastCommand, lastCommand.hasPrefix("cd ") {
            throw failure(nil, Wording(
                "the folder \(target.path) does not exist on the server (or cannot be opened): \(errors)",
                french: "le dossier \(target.path) n’existe pas sur le serveur (ou ne peut pas être ouvert) : \(errors)"))
        }
        throw failure(file, Wording("sftp: \(errors.prefix(500))", french: "sftp : \(errors.prefix(500))"))
    }

    private func failure(_ file: String?, _ reason: Wording) -> PublishFailure {
        PublishFailure(target: target, file: file, reason: reason)
    }

    /// A name sftp's batch syntax can carry between double quotes: no quote, no backslash,
    /// no glob character (sftp expands them), no line break.
    static func canName(_ path: String) -> Bool {
        !path.contains { "\"\\*?[]".contains($0) || $0.isNewline }
    }

    static func quoted(_ path: String) -> String { "\"" + path + "\"" }

    /// The remote name of a `put "local" "remote"` command.
    static func lastQuoted(in command: String) -> String? {
        let parts = command.split(separator: "\"")
        return parts.count >= 2 ? parts.last.map(String.init) : nil
    }

    /// `a/b/c` → `a/b/c`, `a/b`, `a`.
    static func ancestors(of folder: String) -> [String] {
        var result: [String] = []
        var current = folder
        while !current.isEmpty {
            result.append(current)
            current = (current as NSString).deletingLastPathComponent
        }
        return result
    }
}
