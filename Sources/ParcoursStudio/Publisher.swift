import Foundation
import Parcours

/// "Publier": builds a revision of the site's history into `docroot` with the build's
/// atomic swap. What is published is always a commit (the saves of the editor are commits),
/// taken out of git into a temporary folder: a scheduled rebuild republishes the revision
/// that was published, not the saves made since that nobody published yet.
struct Publisher: Sendable {
    let configuration: StudioConfiguration
    let history: ContentHistory

    struct Outcome: Sendable {
        var revision: String
        var succeeded: Bool
        /// In French: the build's summary, or every error with its file and line.
        var report: String
        var nextScheduledChange: Date?
        /// What the public site now has: its settings and its forms (the inbox checks
        /// requests against them).
        var site: PublishedSite?
    }

    func publish(revision: String, now: Date = Date()) -> Outcome {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("parcours-publication-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: scratch) }
        do {
            try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
            let archive = scratch.appendingPathComponent("revision.tar")
            var arguments = ["archive", "--format=tar", "--output=\(archive.path)", revision]
            if !history.contentPrefix.isEmpty { arguments += ["--", history.contentPrefix] }
            try history.git.run(arguments)
            let tree = scratch.appendingPathComponent("arbre")
            try FileManager.default.createDirectory(at: tree, withIntermediateDirectories: true)
            try Self.extract(archive, into: tree)
            let source = history.contentPrefix.isEmpty ? tree : tree.appendingPathComponent(history.contentPrefix)
            var options = BuildOptions()
            options.source = source.path
            options.themes = configuration.themes
            options.output = configuration.docroot
            options.rules = PublishingRules(now: now)
            let report = Build.run(options)
            // The messages name the content folder the person knows, not the temporary copy.
            let text = (report.succeeded ? report.summary(output: "le site public", in: .french) : report.diagnostics.report(in: .french))
                .replacingOccurrences(of: source.path, with: configuration.content)
            return Outcome(revision: revision, succeeded: report.succeeded, report: text, nextScheduledChange: report.nextScheduledChange,
                           site: report.configuration.map { PublishedSite(configuration: $0, forms: report.forms) })
        } catch {
            return Outcome(revision: revision, succeeded: false, report: "La publication n’a pas pu commencer : \(error)", nextScheduledChange: nil, site: nil)
        }
    }

    /// Debian's tar, with an argument list; the archive comes from git, and tar still refuses
    /// absolute names and `..` by default.
    static func extract(_ archive: URL, into folder: URL) throws {
        let outcome = try ExternalProgram("tar").run(["-x", "-f", archive.path, "-C", folder.path, "--no-same-owner"],
                                                     environment: ExternalProgram.inheritedEnvironment())
        guard outcome.succeeded else {
            throw Git.Failure(arguments: ["tar"], status: outcome.status, output: "extraction impossible")
        }
    }
}

/// The public site as last published: site.yaml's values and the forms of its pages.
struct PublishedSite: Sendable {
    var configuration: SiteConfiguration
    var forms: [String: PublishedForm]
}
