import ArgumentParser
import Foundation
import Parcours

/// The options `build` and `check` share (and, later, `serve`).
struct BuildOptionGroup: ParsableArguments {
    @Option(help: "Folder of the content and site.yaml.")
    var source = "content"

    @Option(help: "Folder of the themes (default: themes/ if the site has one, else the themes installed with Parcours).")
    var themes: String?

    /// The themes folder this build uses.
    var themesFolder: String { themes ?? InstalledThemes.folder(executable: InstalledThemes.currentExecutable) }

    @Option(help: "Folder to write the site into (replaced only when the build succeeds).")
    var output = "site"

    @Option(name: .customLong("base-url"), help: "Overrides site.yaml's base_url for this build.")
    var baseURL: String?

    @Flag(help: "Include drafts.")
    var drafts = false

    @Flag(help: "Include pages whose publish_date is in the future.")
    var future = false

    @Flag(help: "Include pages whose expiry_date is past.")
    var expired = false

    @Option(name: .customLong("set"), help: ArgumentHelp("Overrides a value of site.yaml for this build.", valueName: "key=value"))
    var assignments: [String] = []

    @Flag(help: "Treat warnings as errors.")
    var strict = false

    @Flag(help: "Print how long each stage of the pipeline took.")
    var timings = false

    func validate() throws {
        for assignment in assignments where ConfigurationOverride(assignment: assignment) == nil {
            throw ValidationError("--set expects key=value (for example forms.acces-medecin.endpoint=https://…), not '\(assignment)'")
        }
    }

    /// For `build` (the commands that write): a usage error, exit code 2, before any work,
    /// in the site's language unless LANG says English.
    func validateOutput() throws {
        let site = SiteLanguage.of(source: source, overrides: assignments.compactMap(ConfigurationOverride.init(assignment:)))
        let language = CLILanguage.resolve(site: site, environment: ProcessInfo.processInfo.environment)
        if let problem = OutputFolder.problem(output: output, source: source, themes: themesFolder, in: language) {
            UsageError.language = language
            throw ValidationError(problem)
        }
    }

    var buildOptions: BuildOptions {
        var options = BuildOptions()
        options.source = source
        options.themes = themesFolder
        options.output = output
        options.overrides = assignments.compactMap(ConfigurationOverride.init(assignment:))
        if let baseURL {
            options.overrides.append(ConfigurationOverride(path: ["base_url"], value: baseURL))
        }
        options.rules = PublishingRules(includeDrafts: drafts, includeFuture: future, includeExpired: expired)
        return options
    }
}

/// The language of the usage error being thrown, for its `Error:` prefix (`Erreur :` in
/// French). Only the refusals of `--output` are worded in French; ArgumentParser's own
/// errors and usage lines stay in English. Set while the arguments are parsed, on one thread.
enum UsageError {
    nonisolated(unsafe) static var language: SchemaLanguage = .english

    /// ArgumentParser's message with its prefix in `language`.
    static func localized(_ message: String) -> String {
        guard language == .french, message.hasPrefix("Error: ") else { return message }
        return "Erreur : " + message.dropFirst("Error: ".count)
    }
}
