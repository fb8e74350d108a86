import Foundation
import Parcours

/// The site's history: every save of the studio is a commit of the repository that holds
/// the content folder, authored by the account; the history lists them, shows what changed,
/// and restores a version as a new commit (nothing is ever rewritten).
struct ContentHistory: Sendable {
    let git: Git
    /// The content folder, relative to the repository's top (`content`, or `` when the
    /// content folder is the repository).
    let contentPrefix: String
    let content: URL

    enum Problem: Error, CustomStringConvertible {
        case unknownRevision
        case notAPage
        case git(Git.Failure)
        var description: String {
            switch self {
            case .unknownRevision: return "version inconnue"
            case .notAPage: return "ce fichier n’est pas une page du site"
            case .git(let failure): return failure.description
            }
        }
    }

    /// Opens the repository that holds `content`, or makes one in the content folder's parent
    /// (the site's folder) with a first commit of what is there.
    static func open(content: String) throws -> ContentHistory {
        let contentURL = URL(fileURLWithPath: content).standardizedFileURL.resolvingSymlinksInPath()
        let top: URL
        if let data = try? Git.run(["rev-parse", "--show-toplevel"], in: contentURL) {
            top = URL(fileURLWithPath: String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)).resolvingSymlinksInPath()
        } else {
            top = contentURL.deletingLastPathComponent()
            try Git.run(["init", "--quiet", "--initial-branch=main"], in: top)
        }
        let git = Git(repository: top)
        // The trash and the editor's working files are the studio's, not the site's.
        let exclude = top.appendingPathComponent(".git/info/exclude")
        let excluded = (try? String(contentsOf: exclude, encoding: .utf8)) ?? ""
        if !excluded.split(separator: "\n").contains(".parcours/") {
            try? FileManager.default.createDirectory(at: exclude.deletingLastPathComponent(), withIntermediateDirectories: true)
            try ContentFolder.atomicWrite(Data((excluded + (excluded.isEmpty || excluded.hasSuffix("\n") ? "" : "\n") + ".parcours/\n").utf8), to: exclude)
        }
        let prefix = contentURL.path.hasPrefix(top.path + "/") ? String(contentURL.path.dropFirst(top.path.count + 1)) : ""
        let history = ContentHistory(git: git, contentPrefix: prefix, content: contentURL)
        if (try? git.run(["rev-parse", "--verify", "--quiet", "HEAD"])) == nil {
            try history.commit(paths: [""], message: "État initial du site", author: .studio)
        }
        return history
    }

    struct Author: Sendable {
        var name: String
        var email: String
        static let studio = Author(name: "Studio Parcours", email: "studio@parcours.invalid")
    }

    /// The repository path of a path under the content folder.
    func repositoryPath(_ contentPath: String) -> String {
        contentPrefix.isEmpty ? contentPath : (contentPath.isEmpty ? contentPrefix : contentPrefix + "/" + contentPath)
    }

    /// Commits what changed at these paths (under the content folder; a removed file is a
    /// removal). Nothing changed: no commit. The commit's author is the account.
    @discardableResult
    func commit(paths: [String], message: String, author: Author) throws -> String? {
        let paths = paths.map(repositoryPath)
        try git.run(["add", "--all", "--"] + paths.map { $0.isEmpty ? "." : $0 })
        let staged = try git.run(["diff", "--cached", "--name-only", "--"] + paths.map { $0.isEmpty ? "." : $0 })
        guard !staged.isEmpty else { return nil }
        let identity = ["GIT_AUTHOR_NAME": author.name, "GIT_AUTHOR_EMAIL": author.email,
                        "GIT_COMMITTER_NAME": author.name, "GIT_COMMITTER_EMAIL": author.email]
        let messageFile = FileManager.default.temporaryDirectory.appendingPathComponent("parcours-commit-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: messageFile) }
        do {
            try Data(message.utf8).write(to: messageFile, options: .withoutOverwriting)
            try git.run(["commit", "--quiet", "--no-verify", "--file=\(messageFile.path)", "--"] + paths.map { $0.isEmpty ? "." : $0 },
                        environment: identity)
        } catch {
            // Not left staged: the next save of another page must not carry this change.
            _ = try? git.run(["reset", "--quiet", "--"] + paths.map { $0.isEmpty ? "." : $0 })
            throw error
        }
        return try head()
    }

    func head() throws -> String {
        String(decoding: try git.run(["rev-parse", "HEAD"]), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    struct Revision: Sendable, Hashable {
        var id: String
        var authorName: String
        var authorEmail: String
        var date: Date
        var message: String
        /// Paths under the content folder that this commit changed.
        var paths: [String]
    }

    /// The latest commits, newest first; of one page only when `path` is given (following
    /// neither renames nor other files).
    func revisions(of path: String? = nil, limit: Int = 200) throws -> [Revision] {
        let separator = "\u{1e}"
        var arguments = ["log", "-n", String(limit), "--name-only", "--format=\(separator)%H%x1f%an%x1f%ae%x1f%at%x1f%s", "--"]
        arguments.append(path.map(repositoryPath) ?? repositoryPath(""))
        if arguments.last == "" { arguments[arguments.count - 1] = "." }
        let text = String(decoding: try git.run(arguments), as: UTF8.self)
        return text.split(separator: Character(separator)).compactMap { record in
            let lines = record.split(separator: "\n", omittingEmptySubsequences: true)
            guard let header = lines.first else { return nil }
            let fields = header.split(separator: "\u{1f}", omittingEmptySubsequences: false).map(String.init)
            guard fields.count == 5, let seconds = Double(fields[3]) else { return nil }
            let paths = lines.dropFirst().map(String.init).compactMap { file -> String? in
                contentPrefix.isEmpty ? file : (file.hasPrefix(contentPrefix + "/") ? String(file.dropFirst(contentPrefix.count + 1)) : nil)
            }
            return Revision(id: fields[0], authorName: fields[1], authorEmail: fields[2], date: Date(timeIntervalSince1970: seconds),
                            message: fields[4], paths: paths)
        }
    }

    static func isRevisionID(_ text: String) -> Bool {
        text.count == 40 && text.allSatisfy { $0.isHexDigit && ($0.isNumber || $0.isLowercase) }
    }

    /// The text of a page at a revision (nil when the page did not exist then).
    func text(of path: String, at revision: String) throws(Problem) -> String? {
        guard Self.isRevisionID(revision) else { throw .unknownRevision }
        do {
            return String(decoding: try git.run(["show", "\(revision):\(repositoryPath(path))"]), as: UTF8.self)
        } catch {
            return nil
        }
    }

    /// What a revision changed in a page: the lines removed and added, and the words
    /// within changed lines (git's word diff), for the history's page.
    func changes(of path: String, at revision: String) throws(Problem) -> [DiffLine] {
        guard Self.isRevisionID(revision) else { throw .unknownRevision }
        let data: Data
        do {
            data = try git.run(["show", "--format=", "--word-diff=porcelain", "--unified=2", "--no-color", revision, "--", repositoryPath(path)])
        } catch let failure as Git.Failure {
            throw .git(failure)
        } catch {
            throw .unknownRevision
        }
        return DiffLine.parse(porcelain: String(decoding: data, as: UTF8.self))
    }
}

/// A line of a word diff: runs of kept, removed and added words.
struct DiffLine: Sendable, Hashable {
    enum Kind: Sendable, Hashable { case kept, removed, added }
    var runs: [(kind: Kind, text: String)]
    var isHunkStart = false

    static func == (a: DiffLine, b: DiffLine) -> Bool {
        a.isHunkStart == b.isHunkStart && a.runs.map(\.text) == b.runs.map(\.text) && a.runs.map(\.kind) == b.runs.map(\.kind)
    }
    func hash(into hasher: inout Hasher) { hasher.combine(runs.map(\.text)) }

    var hasChange: Bool { runs.contains { $0.kind != .kept } }

    /// git's `--word-diff=porcelain`: each line starts with ' ', '-' or '+', and '~' ends a
    /// line of the file.
    static func parse(porcelain text: String) -> [DiffLine] {
        var lines: [DiffLine] = []
        var current: [(kind: Kind, text: String)] = []
        var inHunk = false
        for raw in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if raw.hasPrefix("@@") {
                if !current.isEmpty { lines.append(DiffLine(runs: current)) }
                current = []
                inHunk = true
                lines.append(DiffLine(runs: [], isHunkStart: true))
                continue
            }
            guard inHunk, let first = raw.first else { continue }
            let rest = String(raw.dropFirst())
            switch first {
            case " ": current.append((.kept, rest))
            case "-": current.append((.removed, rest))
            case "+": current.append((.added, rest))
            case "~":
                lines.append(DiffLine(runs: current))
                current = []
            default: continue
            }
        }
        if !current.isEmpty { lines.append(DiffLine(runs: current)) }
        return lines
    }
}
