import Foundation
import Testing

/// Every input the fuzzer found a crash, a hang or a broken property with, kept in
/// `Regressions/<name>/` (`case.json` and `overlay/`, see `InputFolder`). Each is replayed
/// in a child process (this test binary, running `FuzzTests/replay`), so that a crash
/// fails this test only, with the signal, instead of ending every test.
@Suite("Fuzz regressions")
struct FuzzRegressionTests {
    static let folder = Corpus.repository.appendingPathComponent("Tests/ParcoursFuzzTests/Regressions")
    static let cases: [String] = ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? [])
        .filter { FileManager.default.fileExists(atPath: folder.appendingPathComponent($0).appendingPathComponent("case.json").path) }
        .sorted()

    @Test(.enabled(if: FuzzTests.environment["PARCOURS_FUZZ_REPLAY"] == nil && FuzzTests.environment["PARCOURS_FUZZ_MINIMIZE"] == nil),
          arguments: cases)
    func regression(_ name: String) throws {
        let child = try ChildReplay.run(Self.folder.appendingPathComponent(name))
        #expect(child.passed, "Regressions/\(name): \(child.verdict)\n\(child.output)")
    }
}

/// Runs `FuzzTests/replay` on one input folder in a child process.
enum ChildReplay {
    /// `PARCOURS_FUZZ_MINIMIZE=<folder>` (`scripts/fuzz --minimize`): the fewest mutations of
    /// the folder's recipe that still fail the same way, each candidate run in a child
    /// process; the smallest input is written to `<folder>-min/`.
    static func minimize(_ folder: URL) throws {
        let info = try JSONDecoder().decode(InputFolder.CaseFile.self, from: Data(contentsOf: folder.appendingPathComponent("case.json")))
        guard var recipe = info.recipe else {
            Issue.record("\(folder.path) has no recipe to minimize")
            return
        }
        Known.skip = info.skipKnown ?? false
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("parcours-fuzz-minimize-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: scratch) }
        func verdict(_ recipe: Recipe) throws -> Result {
            _ = try InputFolder.save(recipe.make(), recipe: recipe, to: scratch)
            return try run(scratch)
        }
        let original = try verdict(recipe)
        print("parcours fuzz: \(recipe) → \(original.verdict)")
        guard !original.passed else { return }
        // One step out at a time, while the verdict stays the same; then the small base.
        var index = 0
        while index < recipe.steps.count {
            var candidate = recipe
            candidate.steps.remove(at: index)
            let result = try verdict(candidate)
            print("parcours fuzz: without step \(index + 1): \(result.verdict)")
            if result.verdict == original.verdict { recipe = candidate } else { index += 1 }
        }
        if recipe.base == 0 {
            for seed in UInt64(1)...3 {
                let candidate = Recipe(base: 1, baseSeed: seed, steps: recipe.steps)
                if try verdict(candidate).verdict == original.verdict { recipe = candidate; break }
            }
        }
        let kept = URL(fileURLWithPath: folder.path + "-min")
        _ = try InputFolder.save(recipe.make(), recipe: recipe, finding: original.verdict, to: kept)
        print("parcours fuzz: \(original.verdict) with \(recipe)\n" + recipe.make().notes.joined(separator: "\n") + "\nwritten to \(kept.path)")
    }

    struct Result {
        var passed: Bool
        var verdict: String
        var output: String
    }

    static let timeout: TimeInterval = 120

    static func run(_ input: URL) throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        process.arguments = ["--testing-library", "swift-testing", "--filter", "FuzzTests/replay"]
        var environment = ProcessInfo.processInfo.environment
        environment["PARCOURS_FUZZ_REPLAY"] = input.path
        environment["SWIFT_BACKTRACE"] = "enable=no"
        process.environment = environment
        let log = FileManager.default.temporaryDirectory.appendingPathComponent("parcours-fuzz-replay-\(UUID().uuidString).log")
        FileManager.default.createFile(atPath: log.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: log) }
        let handle = try FileHandle(forWritingTo: log)
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning, Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
        var timedOut = false
        if process.isRunning {
            timedOut = true
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
        try handle.close()
        let output = String(decoding: (try? Data(contentsOf: log)) ?? Data(), as: UTF8.self)
            .split(separator: "\n", omittingEmptySubsequences: false)
            .filter { !$0.hasPrefix("↳ ///") && !$0.hasPrefix("Test Suite") && !$0.contains("Executed 0 tests") }
            .joined(separator: "\n")
        let status = process.terminationStatus
        let verdict: String
        switch (timedOut, process.terminationReason, status) {
        case (true, _, _): verdict = "no answer after \(Int(timeout)) s"
        case (_, .uncaughtSignal, SIGILL), (_, .uncaughtSignal, SIGTRAP):
            verdict = "crashed: signal \(status) (a trap: an arithmetic overflow, a failed precondition, a force unwrap…)"
        case (_, .uncaughtSignal, SIGSEGV), (_, .uncaughtSignal, SIGBUS):
            verdict = "crashed: signal \(status) (a bad memory access, often a stack overflow)"
        case (_, .uncaughtSignal, _): verdict = "crashed: signal \(status)"
        case (_, .exit, Watchdog.exitCode): verdict = "stopped by the watchdog (a hang, or memory without bound)"
        case (_, .exit, 0): verdict = output.contains("replay() passed") ? "passed" : "the replay test did not run"
        case (_, .exit, _): verdict = "the property does not hold (exit code \(status))"
        @unknown default: verdict = "ended oddly (\(status))"
        }
        return Result(passed: verdict == "passed", verdict: verdict, output: output)
    }
}
