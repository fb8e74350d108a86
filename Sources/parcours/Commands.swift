import ArgumentParser
import Foundation
import Parcours

struct BuildCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "build", abstract: "Build the site into the output folder.")

    @OptionGroup var options: BuildOptionGroup

    func validate() throws {
        try options.validateOutput()
    }

    func run() throws {
        try Terminal.finish(Terminal.run(options.buildOptions), options: options, verb: "build")
    }
}

struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "check", abstract: "Check the content and theme without writing anything.")

    @OptionGroup var options: BuildOptionGroup

    func run() throws {
        var buildOptions = options.buildOptions
        buildOptions.writesOutput = false
        buildOptions.runsChecks = true
        try Terminal.finish(Terminal.run(buildOptions), options: options, verb: "check")
    }
}

/// Prints what a build found and turns it into the exit code: 1 for content errors.
enum Terminal {
    /// Runs the build with a progress line when it is long and stderr is a terminal.
    static func run(_ options: BuildOptions) -> BuildReport {
        var options = options
        let progress = Progress(stages: ["load", "validate", "resolve", "markdown", "render"]
            + (options.runsChecks ? ["check"] : []) + (options.writesOutput ? ["write"] : []))
        options.stageFinished = { progress.stageFinished($0) }
        let report = Build.run(options)
        progress.finish()
        return report
    }

    static func finish(_ report: BuildReport, options: BuildOptionGroup, verb: String) throws {
        // The site's language, unless LANG (LC_ALL, LC_MESSAGES) says English.
        let language = CLILanguage.resolve(site: report.language, environment: ProcessInfo.processInfo.environment)
        var diagnostics = report.diagnostics
        if options.strict {
            diagnostics = diagnostics.map { diagnostic in
                var diagnostic = diagnostic
                diagnostic.severity = .error
                return diagnostic
            }
        }
        if options.timings {
            for (stage, duration) in report.stageDurations {
                FileHandle.standardError.write(Data("\(stage): \(duration.formatted(.units(allowed: [.milliseconds])))\n".utf8))
            }
        }
        if !diagnostics.isEmpty {
            FileHandle.standardError.write(Data((diagnostics.report(in: language) + "\n").utf8))
        }
        guard !diagnostics.hasErrors else { throw ExitCode(1) }
        if verb == "build" {
            print(report.summary(output: options.output, in: language))
        } else {
            print(language == .french ? "Aucune erreur dans \(options.source)" : "No errors in \(options.source)")
        }
    }
}
