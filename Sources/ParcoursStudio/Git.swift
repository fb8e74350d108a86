import Foundation
import Parcours

/// Debian's `git`, run with an argument list (never through a shell: a title typed in the
/// editor is an argument, never a command line to parse).
struct Git: Sendable {
    /// The repository's top folder.
    let repository: URL

    struct Failure: Error, CustomStringConvertible {
        let arguments: [String]
        let status: Int32
        let output: String
        var description: String { "git \(arguments.prefix(2).joined(separator: " ")) a échoué (\(status)) : \(output.prefix(500))" }
    }

    /// Runs git in the repository; its standard output, or a `Failure` with its error text.
    /// No configuration of the machine's user is read (HOME is not the person's), and git
    /// never asks a question on a terminal.
    @discardableResult
    func run(_ arguments: [String], environment extra: [String: String] = [:]) throws -> Data {
        try Self.run(arguments, in: repository, environment: extra)
    }

    /// Texts go through files (`commit --file`), never git's standard input (see
    /// `ExternalProgram.run`).
    static func run(_ arguments: [String], in folder: URL, environment extra: [String: String] = [:]) throws -> Data {
        // Names with accents as they are (`core.quotePath`), not as octal escapes in quotes.
        let allArguments = ["-C", folder.path, "-c", "core.quotePath=false"] + arguments
        var environment = ExternalProgram.inheritedEnvironment()
        environment["GIT_TERMINAL_PROMPT"] = "0"
        environment["GIT_CONFIG_NOSYSTEM"] = "1"
        environment["GIT_CONFIG_GLOBAL"] = "/dev/null"
        environment["HOME"] = folder.path
        // A path is a path: `*` or `[` in a page's name never match other files.
        environment["GIT_LITERAL_PATHSPECS"] = "1"
        for (name, value) in extra { environment[name] = value }
        let outcome = try ExternalProgram("git").run(allArguments, environment: environment)
        guard outcome.succeeded else {
            throw Failure(arguments: arguments, status: outcome.status, output: outcome.errorText)
        }
        return outcome.output
    }
}
