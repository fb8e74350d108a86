import Foundation
import Parcours

/// A branch of a git repository (GitHub or GitLab Pages): the built site becomes one commit
/// on top of the branch, and is pushed. Done in a temporary repository with the site as
/// its work tree, so nothing is copied and nothing is written in the site or the content.
struct GitTransfer {
    let target: PublishTarget

    func send(site: URL, dryRun: Bool, workspace: URL) throws(PublishFailure) -> PublishChanges {
        let repository = workspace.appendingPathComponent("depot.git")
        var environment = SSHSession.environment
        environment["GIT_TERMINAL_PROMPT"] = "0"
        environment["GIT_CONFIG_NOSYSTEM"] = "1"
        environment["GIT_CONFIG_GLOBAL"] = "/dev/null"
        environment["GIT_DIR"] = repository.path
        environment["GIT_WORK_TREE"] = site.path
        environment["GIT_INDEX_FILE"] = workspace.appendingPathComponent("index").path
        environment["GIT_AUTHOR_NAME"] = "Parcours"
        environment["GIT_AUTHOR_EMAIL"] = "parcours@localhost"
        environment["GIT_COMMITTER_NAME"] = "Parcours"
        environment["GIT_COMMITTER_EMAIL"] = "parcours@localhost"
        if let access = target.ssh, target.usesSSH {
            // An SSH URL (git@host:… or ssh://…): the same host key checks as rsync and sftp.
            do {
                let session = try SSHSession(access: access, in: workspace)
                environment["GIT_SSH_COMMAND"] = session.command
            } catch {
                throw failure(nil, Wording("\(error)", french: "\(error)"))
            }
        }
        let git = ExternalProgram("git")
        guard git.isInstalled else {
            throw failure(nil, Wording("git is not installed (sudo apt install git)", french: "git n’est pas installé (sudo apt install git)"))
        }
        func run(_ arguments: [String], input: URL? = nil, withWorkTree: Bool = true) throws(PublishFailure) -> String {
            let outcome: ExternalProgram.Outcome
            do {
                outcome = try git.run(["-c", "core.quotePath=false"] + arguments,
                                      environment: withWorkTree ? environment : environment.filter { $0.key != "GIT_WORK_TREE" }, input: input)
            } catch {
                throw failure(nil, Wording("git could not start: \(error)", french: "git n’a pas pu démarrer : \(error)"))
            }
            guard outcome.succeeded else {
                let errors = outcome.errorText.trimmingCharacters(in: .whitespacesAndNewlines)
                if let explanation = SSHSession.explanation(of: errors, target: target) { throw failure(nil, explanation) }
                throw failure(nil, Wording("git \(arguments.first ?? ""): \(errors.prefix(500))", french: "git \(arguments.first ?? "") : \(errors.prefix(500))"))
            }
            return outcome.outputText
        }

        _ = try run(["init", "--quiet", "--bare"], withWorkTree: false)
        // Parcours's bookkeeping is no page of the site.
        do {
            try FileManager.default.createDirectory(at: repository.appendingPathComponent("info"), withIntermediateDirectories: true)
            try Data("/\(PublishedFiles.bookkeepingPrefix)*\n".utf8).write(to: repository.appendingPathComponent("info/exclude"))
        } catch {
            throw failure(nil, Wording("\(error)", french: "\(error)"))
        }
        // The branch as it is now, if it exists (the first publication creates it).
        let branchReference = "refs/heads/\(target.branch)"
        let remote = try run(["ls-remote", "--", target.repository, branchReference])
        var parent: String?
        if !remote.isEmpty {
            _ = try run(["fetch", "--quiet", "--depth=1", "--", target.repository, "+\(branchReference):refs/remotes/cible"])
            parent = try run(["rev-parse", "refs/remotes/cible"]).trimmingCharacters(in: .whitespacesAndNewlines)
        }
        _ = try run(["add", "--all", "--", "."])
        // GitHub Pages would otherwise run Jekyll on the site (and drop names starting with `_`).
        let emptyBlob = try run(["hash-object", "-w", "--stdin"], input: URL(fileURLWithPath: "/dev/null")).trimmingCharacters(in: .whitespacesAndNewlines)
        _ = try run(["update-index", "--add", "--cacheinfo", "100644,\(emptyBlob),.nojekyll"])
        let tree = try run(["write-tree"]).trimmingCharacters(in: .whitespacesAndNewlines)

        var changes = PublishChanges()
        if let parent {
            let difference = try run(["diff-tree", "-r", "-z", "--no-renames", "--name-status", parent, tree])
            let fields = difference.split(separator: "\0").map(String.init)
            var index = 0
            while index + 1 < fields.count {
                let status = fields[index], path = fields[index + 1]
                index += 2
                guard path != ".nojekyll" else { continue }
                switch status {
                case "A": changes.added.append(path)
                case "D": changes.removed.append(path)
                default: changes.changed.append(path)
                }
            }
        } else {
            changes.added = try run(["ls-tree", "-r", "-z", "--name-only", tree]).split(separator: "\0").map(String.init)
                .filter { $0 != ".nojekyll" }
        }
        if dryRun || (changes.isEmpty && parent != nil) { return changes }

        let message = workspace.appendingPathComponent("message")
        do {
            try Data("Publication du site (\(changes.sent) fichier(s) envoyé(s), \(changes.removed.count) supprimé(s))\n".utf8).write(to: message)
        } catch {
            throw failure(nil, Wording("\(error)", french: "\(error)"))
        }
        let commit = try run(["commit-tree", tree] + (parent.map { ["-p", $0] } ?? []) + ["-F", message.path])
            .trimmingCharacters(in: .whitespacesAndNewlines)
        _ = try run(["push", "--quiet", "--", target.repository, "\(commit):\(branchReference)"])
        return changes
    }

    private func failure(_ file: String?, _ reason: Wording) -> PublishFailure {
        PublishFailure(target: target, file: file, reason: reason)
    }
}
