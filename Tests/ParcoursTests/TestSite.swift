import Foundation
import Testing
@testable import Parcours

/// A site in a temporary folder: content, a copy of the default theme, and the output
/// folder, built by the real `parcours` executable as a person would run it.
struct TestSite {
    let root: URL

    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static let minimalConfiguration = """
        title: CPTS de Test
        description: Une CPTS pour les tests.
        base_url: https://www.cpts-test.fr/
        timezone: Europe/Paris
        organization:
          name: CPTS de Test
          phone: "05 49 00 00 00"
        menu:
          - { title: Accueil, url: / }
        """

    /// - Parameter files: content files by path under `content/`; `site.yaml` and the home
    ///   page are added when missing.
    init(_ files: [String: String] = [:], copyExample: Bool = false) throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("parcours-test-\(UUID().uuidString)")
        let fileManager = FileManager.default
        try fileManager.createDirectory(at: root, withIntermediateDirectories: true)
        try fileManager.copyItem(at: Self.repository.appendingPathComponent("themes"), to: root.appendingPathComponent("themes"))
        if copyExample {
            try fileManager.copyItem(at: Self.repository.appendingPathComponent("content"), to: root.appendingPathComponent("content"))
        } else {
            try fileManager.createDirectory(at: root.appendingPathComponent("content"), withIntermediateDirectories: true)
            var files = files
            if files["site.yaml"] == nil { files["site.yaml"] = Self.minimalConfiguration }
            if files["_index.md"] == nil { files["_index.md"] = "---\ntitle: Accueil\n---\nBienvenue.\n" }
            for (path, text) in files { try write(path, text) }
        }
    }

    func write(_ path: String, _ text: String, under folder: String = "content") throws {
        let url = root.appendingPathComponent(folder).appendingPathComponent(path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url)
    }

    /// The options of a build in memory, as `serve` makes it: nothing is written.
    func inMemoryBuildOptions() -> BuildOptions {
        var options = BuildOptions()
        options.source = root.appendingPathComponent("content").path
        options.themes = root.appendingPathComponent("themes").path
        options.output = root.appendingPathComponent("site").path
        options.writesOutput = false
        options.keepsFiles = true
        return options
    }

    func remove() {
        try? FileManager.default.removeItem(at: root)
    }

    struct Run {
        var status: Int32
        var output: String
        var errors: String
    }

    /// Runs `parcours <arguments>` in the site's folder, so that paths print as `content/…`.
    /// - Parameter language: the child's `LANG` (nil: none); `LC_ALL` and `LC_MESSAGES` are
    ///   removed. English by default, so that messages are those the tests expect whatever
    ///   the machine's locale (a French site speaks French otherwise).
    @discardableResult
    func run(_ arguments: [String], language: String? = "en_US.UTF-8", input: String? = nil) throws -> Run {
        let process = Process()
        process.executableURL = Self.executable
        process.arguments = arguments
        process.currentDirectoryURL = root
        var environment = ProcessInfo.processInfo.environment
        for name in ["LANG", "LC_ALL", "LC_MESSAGES"] { environment[name] = nil }
        environment["LANG"] = language
        process.environment = environment
        let output = Pipe(), errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        let inputPipe = Pipe()
        process.standardInput = input == nil ? FileHandle.nullDevice : inputPipe
        try process.run()
        if let input {
            inputPipe.fileHandleForWriting.write(Data(input.utf8))
            try? inputPipe.fileHandleForWriting.close()
        }
        let outputData = output.fileHandleForReading.readDataToEndOfFile()
        let errorData = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Run(status: process.terminationStatus, output: String(decoding: outputData, as: UTF8.self),
                   errors: String(decoding: errorData, as: UTF8.self))
    }

    func build(_ extra: [String] = [], language: String? = "en_US.UTF-8") throws -> Run {
        try run(["build"] + extra, language: language)
    }

    /// The built executable, beside the test bundle.
    static var executable: URL {
        var folder = Bundle.main.bundleURL
        for _ in 0..<3 {
            let candidate = folder.appendingPathComponent("parcours")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            folder = folder.deletingLastPathComponent()
        }
        return repository.appendingPathComponent(".build/debug/parcours")
    }

    func output(_ path: String) throws -> String {
        try String(contentsOf: root.appendingPathComponent("site").appendingPathComponent(path), encoding: .utf8)
    }

    func outputExists(_ path: String) -> Bool {
        FileManager.default.fileExists(atPath: root.appendingPathComponent("site").appendingPathComponent(path).path)
    }

    /// Every file of the output folder with its bytes: to prove a failed build left it alone.
    func snapshot() -> [String: Data] {
        let site = root.appendingPathComponent("site")
        var result: [String: Data] = [:]
        for path in FileTree.files(under: site) {
            result[path] = try? Data(contentsOf: site.appendingPathComponent(path))
        }
        return result
    }
}

extension TestSite {
    /// Builds a good site, breaks it with `breaking`, and checks the failed build: exit code
    /// 1, each expected `file:line:col: error: …` line, and site/ left byte for byte.
    /// - Parameter language: the builds' `LANG` (see `run`).
    static func expectFailure(_ files: [String: String], language: String? = "en_US.UTF-8", breaking: (TestSite) throws -> Void,
                              messages: [String], sourceLine: (String, String)? = nil) throws {
        let site = try TestSite(files)
        defer { site.remove() }
        let good = try site.build(language: language)
        #expect(good.status == 0, "the site should build before it is broken: \(good.errors)")
        let before = site.snapshot()
        #expect(!before.isEmpty)

        try breaking(site)
        let bad = try site.build(language: language)
        #expect(bad.status == 1)
        for message in messages {
            #expect(bad.errors.contains(message + "\n"), "expected «\(message)» in:\n\(bad.errors)")
        }
        if let (line, caret) = sourceLine {
            #expect(bad.errors.contains("\n    \(line)\n    \(caret)\n"), "expected the source line and caret in:\n\(bad.errors)")
        }
        #expect(site.snapshot() == before, "a failed build must leave site/ as it was")
    }
}
