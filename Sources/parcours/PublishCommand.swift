import ArgumentParser
import Foundation
import Parcours
import ParcoursPublish

/// `parcours publish`: builds the site, then sends it to the targets of publish.yaml.
struct PublishCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "publish",
        abstract: "Build the site, then send what changed to the targets of publish.yaml (rsync, sftp, git).")

    @OptionGroup var options: BuildOptionGroup

    @Option(help: "The publishing configuration (default: publish.yaml beside the content folder).")
    var config: String?

    @Option(name: .customLong("target"), help: "Send to this target only (its name in publish.yaml); may be repeated.")
    var targetNames: [String] = []

    @Flag(name: .customLong("dry-run"), help: "List what would be sent and removed, and send nothing.")
    var dryRun = false

    func validate() throws {
        try options.validateOutput()
    }

    func run() throws {
        let language = CLILanguage.resolve(site: SiteLanguage.of(source: options.source, overrides: []), environment: ProcessInfo.processInfo.environment)
        let path = config ?? PublishConfiguration.defaultPath(source: options.source)
        var targets: [PublishTarget]
        switch PublishConfiguration.load(path: path) {
        case .success(let configuration): targets = configuration.targets
        case .failure(let errors):
            FileHandle.standardError.write(Data((errors.diagnostics.report(in: language) + "\n").utf8))
            throw ExitCode(1)
        }
        if !targetNames.isEmpty {
            let known = Set(targets.map(\.name))
            for name in targetNames where !known.contains(name) {
                let hint = Suggestion.closest(to: name, in: known)
                FileHandle.standardError.write(Data((language == .french
                    ? "Erreur : aucune cible « \(name) » dans \(path)\(hint.map { " (vouliez-vous dire « \($0) » ?)" } ?? "")\n"
                    : "Error: no target '\(name)' in \(path)\(hint.map { " (did you mean '\($0)'?)" } ?? "")\n").utf8))
                throw ExitCode(2)
            }
            targets = targets.filter { targetNames.contains($0.name) }
        }

        // The build first: a site with errors is never sent.
        try Terminal.finish(Terminal.run(options.buildOptions), options: options, verb: "build")
        let site = URL(fileURLWithPath: options.output)
        var failed = false
        for outcome in Publication.send(site: site, to: targets, dryRun: dryRun) {
            switch outcome.result {
            case .success(let changes):
                if dryRun { changes.listing.forEach { print($0) } }
                print(changes.summary(target: outcome.target, dryRun: dryRun, in: language))
            case .failure(let failure):
                failed = true
                FileHandle.standardError.write(Data((failure.message(in: language) + "\n").utf8))
            }
        }
        if failed { throw ExitCode(1) }
    }
}
