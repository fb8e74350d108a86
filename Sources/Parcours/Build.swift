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
    /// `check` also runs the checks of `SiteCheck`: links and anchors, images, legal pages,
    /// what a reviewer would flag.
    public var runsChecks = false
    /// `serve` keeps the rendered files in memory (`BuildReport.files`) and serves them from there.
    public var keepsFiles = false
    /// `serve` keeps what one build can reuse in the next.
    public var cache: BuildCache?
    /// `serve`: the files changed since the last build (absolute paths), as the watcher saw them.
    public var changedFiles: Set<String>?
    /// The editor: Markdown files (path under the content folder → text) read from here rather
    /// than from disk, to check or preview a page before it is saved.
    public var unsavedPages: [String: String] = [:]
    /// The editor: site.yaml as it would be saved.
    public var unsavedConfiguration: String?

    /// Told the name of each stage as it ends, for a progress line.
    public var stageFinished: (@Sendable (String) -> Void)?

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
    /// The site's files, when `BuildOptions.keepsFiles` asked for them.
    public var files: [OutputFile] = []
    /// site.yaml as this build read it (with its overrides), when it was valid.
    public var configuration: SiteConfiguration?
    /// The site's language (site.yaml's `language`, French when it cannot be read): the one
    /// its diagnostics are shown in (`diagnostics.report(in: language)`).
    public var language: SchemaLanguage = .french
    /// When a `publish_date` or `expiry_date` of the content is next reached (nil: none ahead).
    public var nextScheduledChange: Date?
    /// The published forms by id (once the site was resolved): the studio's inbox checks
    /// each submission against the fields its page shows.
    public var forms: [String: PublishedForm] = [:]

    public var succeeded: Bool { !diagnostics.hasErrors }

    /// `Built 123 pages (456 files) into site/ in 0.42 s`.
    public func summary(output: String) -> String {
        summary(output: output, in: .english)
    }

    /// The same in `language`: `Site construit : 123 pages (456 fichiers) dans site/ en 0,42 s`.
    public func summary(output: String, in language: SchemaLanguage) -> String {
        let seconds = Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
        switch language {
        case .english:
            return String(format: "Built %d pages (%d files) into %@ in %.2f s", pageCount, fileCount, output, seconds)
        case .french:
            let time = String(format: "%.2f", seconds).replacingOccurrences(of: ".", with: ",")
            return "Site construit : \(pageCount) page\(pageCount > 1 ? "s" : "") (\(fileCount) fichier\(fileCount > 1 ? "s" : "")) dans \(output) en \(time) s"
        }
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
        var configuration: SiteConfiguration?
        var nextScheduledChange: Date?
        var forms: [String: PublishedForm] = [:]
        var language = SiteLanguage.declared(in: nil, overrides: options.overrides)
        func lap(_ stage: String) {
            let now = clock.now
            stages.append((stage, now - stageStart))
            stageStart = now
            options.stageFinished?(stage)
        }
        func finish(_ files: [OutputFile] = []) -> BuildReport {
            BuildReport(diagnostics: diagnostics, stageDurations: stages, pageCount: files.indices.reduce(0) { files[$1].isHTML ? $0 + 1 : $0 },
                        fileCount: files.count, duration: clock.now - start, files: options.keepsFiles ? files : [],
                        configuration: configuration, language: language, nextScheduledChange: nextScheduledChange,
                        forms: forms)
        }

        // 0. Never replace a folder a person keeps (the command line refuses it earlier).
        //    Builds into one output take turns, and the first thing each does is repair what
        //    a killed build left (a half-written folder, a swap cut in the middle).
        var lock: BuildLock?
        if options.writesOutput {
            if let problem = OutputFolder.wordedProblem(output: options.output, source: options.source, themes: options.themes) {
                diagnostics.append(.error(at: nil, "write: \(problem.english)", french: "écriture du site : \(problem.french)"))
                language = SiteLanguage.of(source: options.source, overrides: options.overrides)
                return finish()
            }
            switch BuildLock.acquire(beside: options.output) {
            case .success(let acquired): lock = acquired
            case .failure(let busy):
                diagnostics.append(.error(at: nil, "write: \(busy.message)", french: "écriture du site : \(busy.frenchMessage)"))
                language = SiteLanguage.of(source: options.source, overrides: options.overrides)
                return finish()
            }
            OutputWriter.recoverFromInterruptedBuilds(of: options.output)
        }
        defer { lock?.release() }

        // 1. Load content/.
        var content = ContentLoader.load(directory: options.source, cache: options.cache, changed: options.changedFiles)
        content.replace(options.unsavedPages, directory: options.source)
        if let text = options.unsavedConfiguration {
            content.configuration = SourceText(path: FileTree.join(options.source, ContentLoader.configurationFileName), text: normalizedLineEndings(text))
        }
        diagnostics += content.diagnostics
        guard let configurationText = content.configuration else { return finish() }
        language = SiteLanguage.declared(in: configurationText.text, overrides: options.overrides)
        lap("load")

        // 2. Validate site.yaml, then load and compile the theme it names.
        let (validConfiguration, configurationDiagnostics) = ConfigurationValidator.validate(configurationText, overrides: options.overrides)
        diagnostics += configurationDiagnostics
        configuration = validConfiguration
        guard let configuration else { return finish() }
        language = SiteLanguage.language(named: configuration.language)
        options.cache?.configurationIs(configurationText.text + options.overrides.map { "\($0)" }.joined())
        let (rawTheme, themeLoadDiagnostics) = ThemeLoader.load(themesDirectory: options.themes, name: configuration.theme,
                                                                namedAt: configuration.placeOfKey("theme"))
        diagnostics += themeLoadDiagnostics
        let (theme, themeDiagnostics) = ThemeCompiler.compile(rawTheme, language: configuration.language, cache: options.cache)
        diagnostics += themeDiagnostics

        // 3. Validate every page's front matter.
        let (pages, pageDiagnostics) = PageValidator.validate(content.pages, configuration: configuration, cache: options.cache)
        diagnostics += pageDiagnostics
        lap("validate")

        // 4. Resolve URLs, sections, tags and references.
        // Each file validates to one page at most: as many pages as files, and none failed.
        var invalidPages: [String] = []
        if pages.count != content.pages.count {
            let validated = Set(pages.map(\.raw.relativePath))
            invalidPages = content.pages.map(\.relativePath).filter { !validated.contains($0) }
        }
        var site: Site, referenceDiagnostics: [Diagnostic]
        (site, referenceDiagnostics) = Resolver.resolve(pages, invalidPages: invalidPages, staticFiles: content.staticFiles,
                                                             configuration: configuration, rules: options.rules,
                                                             cache: options.cache)
        diagnostics += referenceDiagnostics
        nextScheduledChange = site.nextScheduledChange
        forms = site.forms
        lap("resolve")

        // 5. Images: resized to a few widths, in WebP too, metadata stripped; taken from the
        //    output this build replaces (or serve's memory) when made from the same bytes.
        let images = ImageStage.process(site.staticFiles, contentFolder: options.source,
                                        previousOutput: options.writesOutput ? options.output : nil,
                                        makesFiles: options.writesOutput || options.keepsFiles || options.runsChecks,
                                        unreadable: { SourceLocation(file: FileTree.join(options.source, $0), line: 1, column: 1) })
        diagnostics += images.diagnostics
        site.images = images.images
        site.imageFiles = images.files
        lap("images")

        // 6. Markdown → HTML, through one serial path, written into the site's pages in place
        //    (a copy of the site there was a copy of every page at each save in `serve`).
        diagnostics += MarkdownStage.render(&site, cache: options.cache)
        lap("markdown")
        guard let theme else { return finish() }

        // 6. Render the templates.
        let (files, renderDiagnostics) = RenderStage.render(site, theme: theme, cache: options.cache)
        diagnostics += renderDiagnostics
        lap("render")

        // 7. `check`: the content, then (on a site without errors) the rendered files.
        if options.runsChecks {
            diagnostics += SiteCheck.content(site)
            if !diagnostics.hasErrors { diagnostics += SiteCheck.output(files, site: site) }
            lap("check")
        }
        guard !diagnostics.hasErrors else { return finish() }

        // 8. Write site/ (a temporary folder, swapped in).
        if options.writesOutput {
            diagnostics += OutputWriter.write(files, to: options.output, contentDirectory: options.source)
            lap("write")
        }
        return finish(files)
    }
}
