import Foundation
import PropertyBased
import Testing
@testable import Parcours

/// The fuzzer (see README.md beside this file): random sites made from the example site's
/// files, built in-process by `Build.run`, each checked by `FuzzRunner`.
@Suite("Fuzzing", .serialized)
struct FuzzTests {
    static let environment = ProcessInfo.processInfo.environment
    /// How long `fuzz` runs: `PARCOURS_FUZZ_SECONDS` (default 90; 0 turns it off).
    static let seconds = Double(environment["PARCOURS_FUZZ_SECONDS"] ?? "") ?? 90
    /// Or how many inputs it tries, whichever ends first: `PARCOURS_FUZZ_ITERATIONS`.
    static let iterations = Int(environment["PARCOURS_FUZZ_ITERATIONS"] ?? "") ?? .max
    /// Shrinking a failing input builds it many more times: off unless `PARCOURS_FUZZ_SHRINK=1`.
    static let shrinks = environment["PARCOURS_FUZZ_SHRINK"] == "1"

    /// A base (one time in four the whole example site, else a small site made of its
    /// files) and one to five mutations.
    static let recipes = zip(Gen.int(in: 0...3), Gen.uint64(), zip(Gen.int(in: 0...9_999), Gen.uint64()).array(of: 1...5))
        .map { generated in
            Recipe(base: generated.0 == 3 ? 0 : 1, baseSeed: generated.1,
                   steps: generated.2.map { Recipe.Step(kind: $0.0, seed: $0.1) })
        }

    /// The bases themselves build without an error: else no mutation would reach the
    /// last stages (a build with errors writes nothing).
    @Test func basesBuild() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("parcours-fuzz-bases-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        for recipe in [Recipe(base: 0, baseSeed: 0, steps: [])] + (1...12).map({ Recipe(base: 1, baseSeed: UInt64($0), steps: []) }) {
            let input = recipe.make()
            let outcome = FuzzRunner.run(input, recipe: recipe, in: folder)
            #expect(outcome.violations.isEmpty, "\(recipe): \(outcome.violations)")
            #expect(outcome.succeeded, "\(recipe) does not build:\n\(outcome.errors.joined(separator: "\n"))")
        }
    }

    /// The fuzzer itself, for `PARCOURS_FUZZ_SECONDS` (CI: the default, 90 s).
    @Test(.shrinking(FuzzTests.shrinks), .enabled(if: FuzzTests.seconds > 0 && FuzzTests.environment["PARCOURS_FUZZ_REPLAY"] == nil
                                                  && FuzzTests.environment["PARCOURS_FUZZ_MINIMIZE"] == nil))
    func fuzz() async {
        let clock = ContinuousClock()
        let start = clock.now
        let deadline = start + .milliseconds(Int(Self.seconds * 1000))
        var tried = 0, built = 0
        var writing = 0.0, building = 0.0, comparing = 0.0
        var findings: [String: URL] = [:]
        print("""
            parcours fuzz: \(Int(Self.seconds)) s\(Self.iterations < .max ? " or \(Self.iterations) inputs" : "")\
            \(Known.skip ? ", without the known crashes (PARCOURS_FUZZ_SKIP_KNOWN)" : ""). Each input is written to \
            \(FuzzRunner.lastInput.path) before it runs: after a crash, it is there.
            """)
        CrashNote.install(inputFolder: FuzzRunner.lastInput)
        while clock.now < deadline, tried < Self.iterations {
            // Each call draws new seeds; it stops at the first input that records an issue.
            await propertyCheck(count: 10, input: Self.recipes) { recipe in
                guard clock.now < deadline, tried < Self.iterations else { return }
                tried += 1
                // For scripts/fuzz: how far a round went, even one that a crash ends.
                try? Data("\(tried)\n".utf8).write(to: FuzzRunner.progress)
                let input = recipe.make()
                let outcome = FuzzRunner.run(input, recipe: recipe)
                if outcome.succeeded { built += 1 }
                writing += outcome.writing
                building += outcome.building
                comparing += outcome.comparing
                // Each kind of finding once (the same message with other names or numbers is the same).
                let new = outcome.violations.filter { findings[FuzzRunner.signature($0)] == nil }
                guard !new.isEmpty else { return }
                let kept = FuzzRunner.keep(reason: outcome.violations.joined(separator: "\n"))
                for violation in new { findings[FuzzRunner.signature(violation)] = kept }
                Issue.record("""
                    \(new.joined(separator: "\n"))
                    input: \(recipe)
                    \(input.notes.joined(separator: "\n"))
                    kept in \(kept.path) (see Tests/ParcoursFuzzTests/README.md to make it a regression test)
                    """)
            }
        }
        let elapsed = clock.now - start
        print("parcours fuzz: \(tried) inputs in \(elapsed.components.seconds) s (\(built) built without errors; "
              + String(format: "%.0f s writing inputs, %.0f s building, %.0f s comparing folders), ", writing, building, comparing)
              + "\(findings.count) kind\(findings.count == 1 ? "" : "s") of finding"
              + findings.sorted { $0.key < $1.key }.map { "\n  \($0.key)  (\($0.value.lastPathComponent))" }.joined())
    }

    /// `scripts/fuzz --minimize FOLDER`: see `ChildReplay.minimize`.
    @Test(.enabled(if: FuzzTests.environment["PARCOURS_FUZZ_MINIMIZE"] != nil))
    func minimize() throws {
        try ChildReplay.minimize(URL(fileURLWithPath: Self.environment["PARCOURS_FUZZ_MINIMIZE"]!, relativeTo: Corpus.repository))
    }

    /// Replays the input of `PARCOURS_FUZZ_REPLAY` (a folder such as `.build/fuzz-last-input`
    /// or one of `Regressions/`) in-process: the regression tests run this in a child process.
    @Test(.enabled(if: FuzzTests.environment["PARCOURS_FUZZ_REPLAY"] != nil))
    func replay() throws {
        let source = URL(fileURLWithPath: Self.environment["PARCOURS_FUZZ_REPLAY"]!, relativeTo: Corpus.repository)
        let input = try InputFolder.load(from: source)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("parcours-fuzz-replay-\(UUID().uuidString)")
        print("parcours fuzz: replaying \(source.path) in \(folder.path)\n" + input.notes.joined(separator: "\n"))
        CrashNote.install(inputFolder: folder)
        let outcome = FuzzRunner.run(input, recipe: nil, in: folder)
        #expect(outcome.violations.isEmpty, "\(source.path):\n\(outcome.violations.joined(separator: "\n"))")
        if outcome.violations.isEmpty { try? FileManager.default.removeItem(at: folder) }
    }
}
