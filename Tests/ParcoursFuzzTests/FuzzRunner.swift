import Foundation
@testable import Parcours

/// Runs one input in-process and checks the property:
///
/// - `Build.run` returns (no crash: a crash ends the process, and the input stays in
///   `.build/fuzz-last-input/`), within `PARCOURS_FUZZ_TIMEOUT` seconds and
///   `PARCOURS_FUZZ_MAX_MEMORY_MB` of memory (else the watchdog stops the process, saying so);
/// - every diagnostic about a file has a location (`file:line:col`) inside that file;
/// - nothing outside the output folder changed (every file and folder around it, up to
///   eight levels above, is compared byte for byte);
/// - the output folder exists after a successful build and only then.
enum FuzzRunner {
    struct Outcome {
        var violations: [String] = []
        var succeeded = false
        var errorCount = 0
        /// The first errors, formatted as `parcours` prints them.
        var errors: [String] = []
        /// Seconds spent writing the input, building, and comparing the folders.
        var writing = 0.0, building = 0.0, comparing = 0.0
        /// Every diagnostic, its file relative to the site's folder, without its source line.
        var diagnostics: [String] = []
    }

    static let environment = ProcessInfo.processInfo.environment
    static let lastInput = Corpus.repository.appendingPathComponent(".build/fuzz-last-input")
    static let findings = Corpus.repository.appendingPathComponent(".build/fuzz-findings")
    static let progress = Corpus.repository.appendingPathComponent(".build/fuzz-progress")

    /// Diagnostics that may come without a location: they are about the site as a whole or
    /// about a file that does not exist, so no line of a file can show them.
    static let unlocatedAllowed = [
        "no legal page '",                    // check: a required page is missing
        "' has no strings for language '",    // a theme without i18n/<language>.yaml
        "content folder '",                   // --source names no folder
        "no layout '",                        // a theme without the layout of a page of its own (tags, search, 404)
    ]

    /// Writes the input to `folder` (replacing what was there), builds it and checks the
    /// property. An input with CRLF line endings or a BOM is built a second time with LF and
    /// no BOM (in `folder`-lf): both must give the same diagnostics, at the same lines and
    /// columns (issue 9: they are ordinary input).
    static func run(_ input: FuzzInput, recipe: Recipe?, in folder: URL = lastInput) -> Outcome {
        var outcome = runOnce(input, recipe: recipe, in: folder)
        guard !input.mode.hasFirstBuild, !Known.skip, let twin = input.withUnixLineEndings() else { return outcome }
        let plain = runOnce(twin, recipe: nil, in: URL(fileURLWithPath: folder.path + "-lf"))
        if !plain.violations.isEmpty {
            outcome.violations += plain.violations.map { "with LF and no BOM: " + $0 }
        } else if plain.diagnostics != outcome.diagnostics || plain.succeeded != outcome.succeeded {
            let crlf = Set(outcome.diagnostics), lf = Set(plain.diagnostics)
            let only = outcome.diagnostics.filter { !lf.contains($0) }.prefix(3) + plain.diagnostics.filter { !crlf.contains($0) }.prefix(3).map { "(LF only) " + $0 }
            outcome.violations.append("CRLF or a BOM (\(input.crlfFiles.prefix(3).joined(separator: ", "))) changes the build: "
                                      + "\(outcome.succeeded ? "success" : "failure") instead of \(plain.succeeded ? "success" : "failure"); "
                                      + only.joined(separator: "; "))
        }
        return outcome
    }

    static func runOnce(_ input: FuzzInput, recipe: Recipe?, in folder: URL) -> Outcome {
        let site: URL
        let clock = ContinuousClock()
        var lap = clock.now
        func seconds() -> Double {
            let now = clock.now
            defer { lap = now }
            let elapsed = now - lap
            return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        }
        do {
            site = try InputFolder.save(input, recipe: recipe, to: folder)
        } catch {
            return Outcome(violations: ["the fuzzer could not write the input: \(error)"])
        }
        let sandbox = folder.appendingPathComponent(InputFolder.sandbox)
        let output = site.appendingPathComponent("site")
        var options = BuildOptions()
        options.source = site.appendingPathComponent("content").path
        options.themes = site.appendingPathComponent("themes").path
        options.output = output.path
        options.rules = PublishingRules(includeDrafts: input.drafts, includeFuture: input.future, includeExpired: input.expired)
        var outcome = Outcome()
        outcome.writing = seconds()
        var report: BuildReport

        switch input.mode {
        case .build:
            let before = Snapshot(of: sandbox, excluding: output)
            outcome.comparing += seconds()
            report = Watchdog.shared.guarding(folder) { Build.run(options) }
            outcome.building += seconds()
            outcome.violations += before.changes(to: Snapshot(of: sandbox, excluding: output))
            outcome.comparing += seconds()
        case .check:
            options.writesOutput = false
            options.runsChecks = true
            let before = Snapshot(of: sandbox, excluding: output)
            report = Watchdog.shared.guarding(folder) { Build.run(options) }
            outcome.violations += before.changes(to: Snapshot(of: sandbox, excluding: output))
        case .serve:
            // The preview server: the site as it was (written by `save`), then the change.
            InputFolder.forget(folder)
            options.writesOutput = false
            options.keepsFiles = true
            options.cache = BuildCache()
            let before = Snapshot(of: sandbox, excluding: nil)
            let first = Watchdog.shared.guarding(folder) { Build.run(options) }
            outcome.violations += check(first.diagnostics, site: site).map { "first build (before the change): " + $0 }
            outcome.violations += before.changes(to: Snapshot(of: sandbox, excluding: nil)).map { "first build: " + $0 }
            do {
                options.changedFiles = try InputFolder.applyChange(from: input.baseFiles, to: input.files, in: site)
            } catch {
                return Outcome(violations: ["the fuzzer could not write the change: \(error)"])
            }
            let changed = Snapshot(of: sandbox, excluding: nil)
            report = Watchdog.shared.guarding(folder) { Build.run(options) }
            outcome.violations += changed.changes(to: Snapshot(of: sandbox, excluding: nil))
        case .rebuild:
            // A good build first, then the mutated site over its output.
            InputFolder.forget(folder)
            let before = Snapshot(of: sandbox, excluding: output)
            let first = Watchdog.shared.guarding(folder) { Build.run(options) }
            outcome.violations += check(first.diagnostics, site: site).map { "first build (before the change): " + $0 }
            outcome.violations += before.changes(to: Snapshot(of: sandbox, excluding: output)).map { "first build: " + $0 }
            do {
                _ = try InputFolder.applyChange(from: input.baseFiles, to: input.files, in: site)
            } catch {
                return Outcome(violations: ["the fuzzer could not write the change: \(error)"])
            }
            let previous = Snapshot(of: output, excluding: nil)
            let changed = Snapshot(of: sandbox, excluding: output)
            report = Watchdog.shared.guarding(folder) { Build.run(options) }
            outcome.violations += changed.changes(to: Snapshot(of: sandbox, excluding: output))
            if first.succeeded, !report.succeeded {
                outcome.violations += previous.changes(to: Snapshot(of: output, excluding: nil), in: "the previous output (the build failed)")
            }
        }

        if outcome.violations.contains(where: { $0.contains("outside its output folder") }) { InputFolder.forget(folder) }
        outcome.succeeded = report.succeeded
        outcome.errorCount = report.diagnostics.filter { $0.severity == .error }.count
        outcome.errors = report.diagnostics.filter { $0.severity == .error }.prefix(5).map(\.formatted)
        outcome.diagnostics = report.diagnostics.map { diagnostic in
            var diagnostic = diagnostic
            diagnostic.sourceLine = nil
            if let file = diagnostic.location?.file, file.hasPrefix(site.path + "/") {
                diagnostic.location?.file = String(file.dropFirst(site.path.count + 1))
            }
            return diagnostic.formatted.replacingOccurrences(of: site.path + "/", with: "")
        }.sorted()
        outcome.violations += check(report.diagnostics, site: site)
        let exists = FileManager.default.fileExists(atPath: output.path)
        if input.mode == .build || input.mode == .rebuild, report.succeeded, !exists {
            outcome.violations.append("the build succeeded but wrote no output folder")
        }
        if exists, !(input.mode == .build && report.succeeded), input.mode != .rebuild {
            outcome.violations.append("an output folder exists after a \(input.mode.rawValue) that \(report.succeeded ? "writes nothing" : "failed")")
        }
        return outcome
    }

    /// The diagnostics' locations: present (unless allowed), and inside their file.
    static func check(_ diagnostics: [Diagnostic], site: URL) -> [String] {
        var violations: [String] = []
        var lineCounts: [String: [Int]] = [:]
        for diagnostic in diagnostics {
            guard let location = diagnostic.location else {
                if !unlocatedAllowed.contains(where: { diagnostic.message.contains($0) }) {
                    violations.append("a diagnostic without a location: \(diagnostic.severity.rawValue): \(diagnostic.message)")
                }
                continue
            }
            let shown = "\(location.file):\(location.line):\(location.column): \(diagnostic.message)"
            if let line = diagnostic.sourceLine, line.contains("\n") || line.contains("\r\n") || line.hasSuffix("\r") {
                violations.append("a diagnostic shows more than one line of its file (or a CR) as its source line: \(shown)")
            }
            guard location.file.hasPrefix(site.path + "/") else {
                violations.append("a diagnostic about a file outside the site: \(shown)")
                continue
            }
            if lineCounts[location.file] == nil {
                if let data = FileManager.default.contents(atPath: location.file) {
                    // Lines as an editor counts them (and Parcours reports them): a file saved
                    // with old Mac line endings has as many lines as CRs.
                    let bytes = normalizedLineEndings(bytes: data)
                    lineCounts[location.file] = bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).map(\.count)
                } else {
                    lineCounts[location.file] = []
                }
            }
            let lines = lineCounts[location.file]!
            if lines.isEmpty {
                if !diagnostic.message.contains("missing") {
                    violations.append("a diagnostic about a file that does not exist: \(shown)")
                }
                continue
            }
            if location.line < 1 || location.line > lines.count + 1 {
                violations.append("a diagnostic at line \(location.line) of a file of \(lines.count) lines: \(shown)")
            } else if location.column < 1 || location.column > (location.line <= lines.count ? lines[location.line - 1] : 0) + 2 {
                violations.append("a diagnostic at column \(location.column) of a line of \(location.line <= lines.count ? lines[location.line - 1] : 0) bytes: \(shown)")
            }
        }
        return violations
    }

    /// A violation without its particulars (quoted names, numbers, paths): two inputs
    /// that break the property in the same way give the same signature.
    static func signature(_ violation: String) -> String {
        var result = ""
        var quote: Character?
        for character in violation {
            if let open = quote {
                if character == open || (open == "«" && character == "»") { quote = nil; result.append(character) }
                continue
            }
            if character == "'" || character == "\"" || character == "«" { quote = character; result.append(character); result += "…"; continue }
            if character.isNumber { if result.last != "#" { result.append("#") }; continue }
            result.append(character)
        }
        // Paths are all alike; a hint is not a different finding.
        return result.replacingOccurrences(of: " (did you mean '…'?)", with: "").split(separator: " ").map { word in
            word.contains("/") ? "<path>" : String(word)
        }.joined(separator: " ")
    }

    /// Keeps a finding where the next input does not overwrite it: `.build/fuzz-findings/<time>/`.
    @discardableResult
    static func keep(_ folder: URL = lastInput, reason: String) -> URL {
        let stamp = ISO8601DateFormatter().string(from: Date()).replacingOccurrences(of: ":", with: "")
        let kept = findings.appendingPathComponent("\(stamp)-\(UInt32.random(in: 0...UInt32.max))")
        try? FileManager.default.createDirectory(at: findings, withIntermediateDirectories: true)
        try? FileManager.default.copyItem(at: folder, to: kept)
        try? Data(reason.utf8).write(to: kept.appendingPathComponent("FINDING.txt"))
        return kept
    }
}

/// Every file and folder below a folder, with the files' bytes: to prove that a build
/// changed nothing outside its output.
struct Snapshot {
    var entries: [String: Data?] = [:]

    init(of root: URL, excluding excluded: URL?) {
        let rootPath = root.standardizedFileURL.path
        let excludedPath = excluded?.standardizedFileURL.path
        guard let enumerator = FileManager.default.enumerator(atPath: rootPath) else { return }
        while let relative = enumerator.nextObject() as? String {
            let path = rootPath + "/" + relative
            if let excludedPath, path == excludedPath || path.hasPrefix(excludedPath + "/") {
                enumerator.skipDescendants()
                continue
            }
            let type = (enumerator.fileAttributes?[.type] as? FileAttributeType) ?? .typeUnknown
            switch type {
            case .typeDirectory: entries[relative] = .some(nil)
            case .typeSymbolicLink: entries[relative] = Data("symlink→" .utf8) + Data(((try? FileManager.default.destinationOfSymbolicLink(atPath: path)) ?? "").utf8)
            default: entries[relative] = FileManager.default.contents(atPath: path) ?? Data()
            }
        }
    }

    /// What differs, in words (a few at most).
    func changes(to after: Snapshot, in place: String = "outside its output folder") -> [String] {
        var changes: [String] = []
        for (path, entry) in after.entries.sorted(by: { $0.key < $1.key }) {
            if let old = entries[path] {
                if old != entry { changes.append("a build changed \(path), \(place)") }
            } else {
                changes.append("a build created \(path), \(place)")
            }
        }
        for path in entries.keys.sorted() where after.entries[path] == nil {
            changes.append("a build removed \(path), \(place)")
        }
        if changes.count > 10 { changes = Array(changes.prefix(10)) + ["… and \(changes.count - 10) more changes, \(place)"] }
        return changes
    }
}

/// Stops the process, saying why and where the input is, when a build runs longer than
/// `PARCOURS_FUZZ_TIMEOUT` seconds (default 30) or the process grows past
/// `PARCOURS_FUZZ_MAX_MEMORY_MB` (default 3072): a build that never ends cannot be
/// interrupted from outside, and an alias bomb would take the machine's memory.
final class Watchdog: @unchecked Sendable {
    static let shared = Watchdog()
    static let exitCode: Int32 = 70

    let timeout = Double(FuzzRunner.environment["PARCOURS_FUZZ_TIMEOUT"] ?? "") ?? 30
    let maxMemory = (Int(FuzzRunner.environment["PARCOURS_FUZZ_MAX_MEMORY_MB"] ?? "") ?? 3072) << 20
    private let lock = NSLock()
    private var deadline: Date?
    private var folder: URL?

    private init() {
        let thread = Thread { [unowned self] in self.watch() }
        thread.name = "parcours fuzz watchdog"
        thread.start()
    }

    func guarding<T>(_ folder: URL, _ body: () -> T) -> T {
        lock.withLock {
            deadline = Date().addingTimeInterval(timeout)
            self.folder = folder
        }
        defer { lock.withLock { deadline = nil } }
        return body()
    }

    private func watch() {
        while true {
            Thread.sleep(forTimeInterval: 0.1)
            let (deadline, folder) = lock.withLock { (self.deadline, self.folder) }
            guard let deadline, let folder else { continue }
            let memory = Self.residentMemory()
            if Date() > deadline {
                stop(folder, "HANG: the build ran longer than \(Int(timeout)) s (PARCOURS_FUZZ_TIMEOUT)")
            } else if memory > maxMemory {
                stop(folder, "MEMORY: the process grew to \(memory >> 20) MB during the build (PARCOURS_FUZZ_MAX_MEMORY_MB=\(maxMemory >> 20))")
            }
        }
    }

    private func stop(_ folder: URL, _ reason: String) -> Never {
        let kept = FuzzRunner.keep(folder, reason: reason)
        let notes = (try? String(contentsOf: folder.appendingPathComponent("case.json"), encoding: .utf8)) ?? ""
        FileHandle.standardError.write(Data("""

            parcours fuzz: \(reason).
            The input is in \(folder.path) and \(kept.path):
            \(notes)
            The process stops now (exit code \(Self.exitCode)): the build cannot be interrupted.

            """.utf8))
        _exit(Self.exitCode)
    }

    /// Resident memory of this process, from /proc/self/statm (0 where there is none).
    static func residentMemory() -> Int {
        guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return 0 }
        let fields = text.split(separator: " ")
        guard fields.count > 1, let pages = Int(fields[1]) else { return 0 }
        return pages * Int(sysconf(Int32(_SC_PAGESIZE)))
    }
}
