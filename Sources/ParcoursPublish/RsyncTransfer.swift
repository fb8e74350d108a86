import Foundation
import Parcours

/// rsync over SSH: compares each file by its checksum (a rebuild rewrites every file, so
/// dates say nothing), sends what differs, deletes what the site no longer has.
struct RsyncTransfer {
    let target: PublishTarget

    func send(site: URL, dryRun: Bool, workspace: URL) throws(PublishFailure) -> PublishChanges {
        guard let access = target.ssh else { throw PublishFailure(target: target, file: nil, reason: Wording("no SSH access", french: "pas d’accès SSH")) }
        let program = ExternalProgram("rsync")
        guard program.isInstalled else {
            throw PublishFailure(target: target, file: nil, reason: Wording(
                "rsync is not installed (sudo apt install rsync openssh-client)", french: "rsync n’est pas installé (sudo apt install rsync openssh-client)"))
        }
        let session: SSHSession
        do {
            session = try SSHSession(access: access, in: workspace)
        } catch {
            throw PublishFailure(target: target, file: nil, reason: Wording("\(error)", french: "\(error)"))
        }
        var destination = target.path
        if !destination.hasSuffix("/") { destination += "/" }
        var arguments = [
            "--recursive", "--checksum", "--delete", "--delete-delay",
            // Readable by the web server whatever the local umask.
            "--perms", "--chmod=D755,F644",
            // The path is sent as it is, not read by the server's shell.
            "--protect-args",
            // Names with accents as they are in the listing.
            "--8-bit-output",
            "--out-format=%i %n",
            "--exclude=/\(PublishedFiles.bookkeepingPrefix)*",
            "--rsh=\(session.command)",
        ]
        if dryRun { arguments.append("--dry-run") }
        arguments += ["--", site.path + "/", "\(SSHSession.hostAlias):\(destination)"]
        let outcome: ExternalProgram.Outcome
        do {
            outcome = try program.run(arguments, environment: SSHSession.environment)
        } catch {
            throw PublishFailure(target: target, file: nil, reason: Wording("rsync could not start: \(error)", french: "rsync n’a pas pu démarrer : \(error)"))
        }
        let changes = Self.changes(fromItemized: outcome.outputText)
        guard outcome.succeeded else {
            let errors = outcome.errorText
            if let explanation = SSHSession.explanation(of: errors, target: target) {
                throw PublishFailure(target: target, file: nil, reason: explanation)
            }
            // rsync names the file in its own message: `rsync: [receiver] mkstemp "…" failed: …`.
            let lines = errors.split(separator: "\n").filter { $0.hasPrefix("rsync:") || $0.hasPrefix("rsync error") }
            let text = (lines.isEmpty ? errors : lines.prefix(5).joined(separator: "\n")).trimmingCharacters(in: .whitespacesAndNewlines)
            let sent = changes.sent
            throw PublishFailure(target: target, file: Self.quotedName(in: text), reason: Wording(
                "rsync stopped (code \(outcome.status)) after \(sent) file(s): \(text)",
                french: "rsync s’est arrêté (code \(outcome.status)) après \(sent) fichier(s) : \(text)"))
        }
        return changes
    }

    /// rsync's itemized lines (`%i %n`): `<f+++++++++ a.html` a new file sent, `<f…` a file
    /// sent again, `*deleting   b/c.html` a deletion; folders end with `/` and are left out.
    static func changes(fromItemized output: String) -> PublishChanges {
        var changes = PublishChanges()
        for line in output.split(separator: "\n") {
            guard line.count > 12 else { continue }
            let item = line.prefix(11)
            let name = String(line.dropFirst(12))
            guard !name.hasSuffix("/") else { continue }
            if item.hasPrefix("*deleting") {
                changes.removed.append(name)
            } else if item.hasPrefix("<f") {
                if item.dropFirst(2).allSatisfy({ $0 == "+" }) {
                    changes.added.append(name)
                } else {
                    changes.changed.append(name)
                }
            }
        }
        return changes
    }

    /// The first `"…"` of an rsync message, usually the file it could not write.
    static func quotedName(in text: String) -> String? {
        guard let start = text.firstIndex(of: "\"") else { return nil }
        let rest = text[text.index(after: start)...]
        guard let end = rest.firstIndex(of: "\"") else { return nil }
        return String(rest[..<end])
    }
}
