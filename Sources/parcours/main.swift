import ArgumentParser
import Foundation
import Parcours
import ParcoursBuildInfo

/// `parcours`: argument parsing only; the work is in the Parcours library.
struct ParcoursCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "parcours",
        abstract: "Static site generator for the web site of a CPTS.",
        version: versionLine,
        subcommands: [BuildCommand.self, CheckCommand.self, ServeCommand.self, NewCommand.self, PublishCommand.self, StudioCommand.self]
    )

    /// `parcours 0.2.0 (commit 1a2b3c4)`; a developer's build has no commit.
    static var versionLine: String {
        let commit = String(cString: parcours_build_commit())
        return "parcours \(ParcoursVersion.number)" + (commit.isEmpty ? " (build de développement)" : " (commit \(commit))")
    }
}

/// A command that runs until it is stopped (`serve`). Called through this protocol because
/// calling `run()` on an `AsyncParsableCommand` existential picks the synchronous default
/// (which prints the help) with this compiler.
protocol LongRunningCommand {
    func runUntilStopped() async throws
}

// Exit codes: 0 success, 1 content errors, 2 usage errors (ArgumentParser's own is 64).
do {
    var command = try await ParcoursCommand.asyncParseAsRoot()
    if let server = command as? LongRunningCommand {
        try await server.runUntilStopped()
    } else {
        try command.run()
    }
} catch let code as ExitCode {
    exit(code.rawValue)
} catch {
    if ParcoursCommand.exitCode(for: error) == .success {
        print(ParcoursCommand.fullMessage(for: error))
        exit(0)
    }
    // The message and the subcommand's usage line: enough to fix the call, short enough to read.
    FileHandle.standardError.write(Data((UsageError.localized(ParcoursCommand.fullMessage(for: error)) + "\n").utf8))
    exit(2)
}
