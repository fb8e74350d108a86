import Foundation

/// What a build reads and how.
public struct BuildOptions: Sendable {
    public var source: String = "content"
    public var themes: String = "themes"
    public var output: String = "site"
    public var overrides: [ConfigurationOverride] = []
    public var rules = PublishingRules()
    /// `check` runs every stage but the last.
    public var writesOutput = true

    public init() {}
}

/// What a build did: the diagnostics (all of them), and what it wrote.
public struct BuildReport: Sendable {
    public var diagnostics: [Diagnostic]
    /// How long each stage took, in order: for benchmarks (`parcours build --timings`).
    public var stageDurations: [(stage: String, duration: Duration)] = []
    public var pageCount: Int
    public var fileCount: Int
    public var duration: Duration

    public var succeeded: Bool { !diagnostics.hasErrors }

    /// `Built 123 pages (456 files) into site/ in 0.42 s`.
    public func summary(output: String) -> String {
        let seconds = Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
        return String(format: "Built %d pages (%d files) into %@ in %.2f s", pageCount, fileCount, output, seconds)
    }
}

/// The pipeline, top to bottom: load → validate → resolve → Markdown → render → write.
/// Each stage gets plain values and returns plain values with its diagnostics; only the
/// first and the last touch the disk. A stage runs when the ones before it produced
/// something to work on, so that one build reports every error it can find.
public enum Build {
    public static func run(_ options: BuildOptions) -> BuildReport {
        let clock = ContinuousClock()
        let start = clock.now
        var diagnostics: [Diagnostic] = []
        var stages: [(String, Duration)] = []
        var stageStart = start
        func lap(_ stage: String) {
            let now = clock.now
            stages.append((stage, now - stageStart))
            stageStart = now
        }
        func finish(pages: Int = 0, files: Int = 0) -> BuildReport {
            BuildReport(diagnostics: diagnostics, stageDurations: stages, pageCount: pages, fileCount: files,
                        duration: clock.now - start)
        }

        // 1. Load content/.
        let content = ContentLoader.load(directory: options.source)
        diagnostics += content.diagnostics
        guard let configurationText = content.configuration else { return finish() }
        lap("load")

        // 2. Validate site.yaml, then load and compile the theme it names.
        let (configuration, configurationDiagnostics) = ConfigurationValidator.validate(configurationText, overrides: options.overrides)
        diagnostics += configurationDiagnostics
        guard let configuration else { return finish() }
        let (rawTheme, themeLoadDiagnostics) = ThemeLoader.load(themesDirectory: options.themes, name: configuration.theme)
        diagnostics += themeLoadDiagnostics
        let (theme, themeDiagnostics) = ThemeCompiler.compile(rawTheme, language: configuration.language)
        diagnostics += themeDiagnostics

        // 3. Validate every page's front matter.
        let (pages, pageDiagnostics) = PageValidator.validate(content.pages, configuration: configuration)
        diagnostics += pageDiagnostics
        lap("validate")

        // 4. Resolve URLs, sections, tags and references.
        let (resolved, referenceDiagnostics) = Resolver.resolve(pages, staticFiles: content.staticFiles,
                                                                configuration: configuration, rules: options.rules)
        diagnostics += referenceDiagnostics
        lap("resolve")

        // 5. Markdown → HTML, through one serial path.
        let (site, markdownDiagnostics) = MarkdownStage.render(resolved)
        diagnostics += markdownDiagnostics
        lap("markdown")
        guard let theme else { return finish() }

        // 6. Render the templates.
        let (files, renderDiagnostics) = RenderStage.render(site, theme: theme)
        diagnostics += renderDiagnostics
        lap("render")
        guard !diagnostics.hasErrors else { return finish() }

        // 7. Write site/ (a temporary folder, swapped in).
        if options.writesOutput {
            diagnostics += OutputWriter.write(files, to: options.output, contentDirectory: options.source)
            lap("write")
        }
        return finish(pages: files.filter(\.isHTML).count, files: files.count)
    }
}
