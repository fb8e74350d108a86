import Foundation

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

    /// Nothing is written to git's standard input: a git that stops early (a refused author,
    /// a full disk) could close it, and writing to a closed pipe would end the studio. Texts
    /// go through files (`commit --file`).
    static func run(_ arguments: [String], in folder: URL, environment extra: [String: String] = [:]) throws -> Data {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        // Names with accents as they are (`core.quotePath`), not as octal escapes in quotes.
        process.arguments = ["-C", folder.path, "-c", "core.quotePath=false"] + arguments
        var environment = ProcessInfo.processInfo.environment.filter { ["PATH", "LANG", "LC_ALL", "TZ"].contains($0.key) }
        environment["GIT_TERMINAL_PROMPT"] = "0"
        environment["GIT_CONFIG_NOSYSTEM"] = "1"
        environment["GIT_CONFIG_GLOBAL"] = "/dev/null"
        environment["HOME"] = folder.path
        // A path is a path: `*` or `[` in a page's name never match other files.
        environment["GIT_LITERAL_PATHSPECS"] = "1"
        for (name, value) in extra { environment[name] = value }
        process.environment = environment
        let output = Pipe(), errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        process.standardInput = FileHandle.nullDevice
        try process.run()
        // Both pipes are read to their end before waiting: a large diff cannot block git.
        let group = DispatchGroup()
        nonisolated(unsafe) var errorData = Data()
        group.enter()
        DispatchQueue.global().async {
            errorData = errors.fileHandleForReading.readDataToEndOfFile()
            group.leave()
        }
        let data = output.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw Failure(arguments: arguments, status: process.terminationStatus, output: String(decoding: errorData, as: UTF8.self))
        }
        return data
    }

    static var executable: String {
        for folder in ["/usr/bin", "/usr/local/bin", "/bin"] where FileManager.default.isExecutableFile(atPath: folder + "/git") {
            return folder + "/git"
        }
        return "/usr/bin/git"
    }
}
