import Foundation

/// A Debian program (git, tar, rsync, ssh, sftp, msmtp) run with an argument list, never
/// through a shell: a title typed in the editor or a path in a configuration file is one
/// argument, never a command line to parse.
public struct ExternalProgram: Sendable {
    /// The program's absolute path.
    public var executable: String

    /// The first of `name` in the usual Debian folders (a service's PATH may be empty).
    public init(_ name: String) {
        executable = ["/usr/bin", "/usr/local/bin", "/bin"].map { $0 + "/" + name }
            .first { FileManager.default.isExecutableFile(atPath: $0) } ?? "/usr/bin/" + name
    }

    public var isInstalled: Bool { FileManager.default.isExecutableFile(atPath: executable) }

    /// What a finished run printed.
    public struct Outcome: Sendable {
        public var status: Int32
        public var output: Data
        public var errors: Data
        public var succeeded: Bool { status == 0 }
        public var outputText: String { String(decoding: output, as: UTF8.self) }
        public var errorText: String { String(decoding: errors, as: UTF8.self) }
    }

    /// Runs the program to its end. Standard input is a file or nothing, never a pipe we
    /// write to: a program that stops early (git refusing an author) would close it, and a
    /// write to a closed pipe ends the process that writes. Both outputs are read to their
    /// end before waiting, so a large output cannot block the program.
    /// - Parameter environment: the whole environment of the program (nothing is inherited
    ///   that is not listed).
    public func run(_ arguments: [String], in folder: URL? = nil, environment: [String: String],
                    input: URL? = nil) throws -> Outcome {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.environment = environment
        if let folder { process.currentDirectoryURL = folder }
        let output = Pipe(), errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        process.standardInput = try input.map { try FileHandle(forReadingFrom: $0) } ?? FileHandle.nullDevice
        try process.run()
        let group = DispatchGroup()
        nonisolated(unsafe) var errorData = Data()
        group.enter()
        DispatchQueue.global().async {
            errorData = errors.fileHandleForReading.readDataToEndOfFile()
            group.leave()
        }
        let outputData = output.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        process.waitUntilExit()
        return Outcome(status: process.terminationStatus, output: outputData, errors: errorData)
    }

    /// The variables of this process's environment that a program may need: the path to
    /// find its helpers, the language of its messages, the time zone.
    public static func inheritedEnvironment(_ names: Set<String> = ["PATH", "LANG", "LC_ALL", "TZ"]) -> [String: String] {
        ProcessInfo.processInfo.environment.filter { names.contains($0.key) }
    }
}
