import Foundation

/// Typed pages → `Site`: URLs, sections, tags, and every reference between pages checked.
public enum Resolver {
    /// - Parameter invalidPages: content paths of the files that failed validation: links
    ///   to them are not reported again (their own errors say what to fix).
    /// - Parameter cache: when only pages' bodies changed (the common save in `serve`), the
    ///   site is the last one resolved, with those pages in it: nothing here reads a body.
    public static func resolve(_ pages: [ValidatedPage], invalidPages: [String] = [], staticFiles: [String],
                               configuration: SiteConfiguration, rules: PublishingRules,
                               cache: BuildCache? = nil) -> (Site, [Diagnostic]) {
        let inputs = ResolutionInputs(pages: pages, invalidPages: invalidPages, staticFiles: staticFiles, rules: rules)
        if let known = cache?.read(\.resolution), known.inputs.resolveAlike(inputs),
           known.site.nextScheduledChange.map({ rules.now < $0 }) ?? true {
            var site = known.site
            site.now = rules.now
            // Only the pages validated again: the others are those of the last site.
            for page in inputs.pagesValidatedAgain(since: known.inputs) {
                if let id = site.pageBySource[page.raw.relativePath] { site.pages[id].page = page }
            }
            return (site, known.diagnostics)
        }
        var (site, diagnostics) = resolveEverything(pages, invalidPages: invalidPages, staticFiles: staticFiles,
                                                    configuration: configuration, rules: rules)
        if cache != nil {
            site.linkContext = MarkdownStage.linkContextHash(of: site)
            site.resolutionID = UUID()
        }
        cache?.update { $0.resolution = .init(inputs: inputs, site: site, diagnostics: diagnostics) }
        return (site, diagnostics)
    }

    private static func resolveEverything(_ pages: [ValidatedPage], invalidPages: [String], staticFiles: [String],
                                          configuration: SiteConfiguration, rules: PublishingRules) -> (Site, [Diagnostic]) {
        var diagnostics: [Diagnostic] = []
        var unpublished: [String: Wording] = [:]
        var invalid: Set<String> = []
        for relativePath in invalidPages {
            // Without its front matter, the slug is unknown: the file name gives the path.
            var segments = relativePath.split(separator: "/").map(String.init)
            let name = segments.removeLast().replacingOccurrences(of: ".md", with: "")
            if name != "_index" && name != "index" { segments.append(name) }
            invalid.insert(segments.isEmpty ? "" : segments.joined(separator: "/") + "/")
        }
        var sitePages: [SitePage] = []
        var pageByPath: [String: Int] = [:]

        // 1. URLs, and pages left out by the publishing rules.
        for page in pages.sorted(by: { $0.raw.relativePath < $1.raw.relativePath }) {
            let (path, slug) = sitePath(of: page)
            if let segment = path.split(separator: "/").first(where: { $0.utf8.count > PageValidator.maximumSlugLength }) {
                diagnostics.append(page.raw.source.error(line: 1, column: 1,
                    "the URL segment '\(segment.prefix(40))…' made from this file's name is longer than \(PageValidator.maximumSlugLength) characters (rename the file or its folder, or set a shorter 'slug')",
                    french: "la partie d’adresse '\(segment.prefix(40))…' tirée du nom de ce fichier dépasse \(PageValidator.maximumSlugLength) caractères (renommez le fichier ou son dossier, ou donnez un 'slug' plus court)"))
                continue
            }
            if let reason = rules.exclusion(of: page.metadata) {
                unpublished[path] = reason
                continue
            }
            if let other = pageByPath[path] {
                diagnostics.append(page.raw.source.error(line: 1, column: 1,
                    "URL /\(path) is already the URL of \(sitePages[other].page.raw.source.path) (change 'slug' or rename one of the files)",
                    french: "l’adresse /\(path) est déjà celle de \(sitePages[other].page.raw.source.path) (changez 'slug' ou renommez l’un des deux fichiers)"))
                continue
            }
            let id = sitePages.count
            pageByPath[path] = id
            sitePages.append(SitePage(id: id, page: page, path: path, slug: slug, sectionIndex: nil,
                                      tags: page.metadata.tagSlugs.filter { !$0.isEmpty }))
        }

        // 2. Sections: a listed type's _index.md lists the pages of its folder and below,
        //    down to the next section.
        var sections: [Section] = []
        var sectionByFolder: [String: Int] = [:]
        for page in sitePages where page.page.isList {
            sectionByFolder[page.page.raw.folder] = sections.count
            sections.append(Section(folder: page.page.raw.folder, indexPage: page.id, type: page.type, pages: [],
                                    pageSize: page.metadata.paginate ?? 10))
        }
        for index in sitePages.indices where !sitePages[index].page.raw.isSectionIndex {
            var folder: String? = sitePages[index].page.raw.folder
            if sitePages[index].page.raw.isBundleIndex { folder = parent(of: sitePages[index].page.raw.folder) }
            while let current = folder {
                if let section = sectionByFolder[current] {
                    sitePages[index].sectionIndex = section
                    sections[section].pages.append(index)
                    break
                }
                folder = parent(of: current)
            }
        }
        let keys = sitePages.map(ListOrder.Key.init)
        for index in sections.indices {
            sections[index].pages = ListOrder.sorted(sections[index].pages, keys: keys, by: .list)
            sections[index].newestFirst = ListOrder.sorted(sections[index].pages, keys: keys, by: .newestFirst)
        }

        // 3. Tags.
        var tagsBySlug: [String: Tag] = [:]
        for page in sitePages {
            for (name, slug) in zip(page.metadata.tags, page.metadata.tagSlugs) where !slug.isEmpty {
                tagsBySlug[slug, default: Tag(slug: slug, name: name, pages: [])].pages.append(page.id)
            }
        }
        let tags = tagsBySlug.values.map { tag -> Tag in
            var tag = tag
            tag.pages = ListOrder.sorted(tag.pages, keys: keys, by: .newestFirst)
            return tag
        }.sorted { $0.slug < $1.slug }

        // The projects that name each mission and each partner, in list order: a mission's
        // page and a partner's show them (looked up, not searched for among every page).
        var projectsByMission: [String: [Int]] = [:], projectsByPartner: [String: [Int]] = [:]
        for page in sitePages {
            guard case .project(let project) = page.page.details else { continue }
            for mission in Set(project.missions.map(\.value)) { projectsByMission[mission, default: []].append(page.id) }
            for partner in Set(project.partners.map(\.value)) { projectsByPartner[partner, default: []].append(page.id) }
        }
        projectsByMission = projectsByMission.mapValues { ListOrder.sorted($0, keys: keys, by: .list) }
        projectsByPartner = projectsByPartner.mapValues { ListOrder.sorted($0, keys: keys, by: .list) }

        // 4. Files copied as is: a bundle's files follow their page.
        let bundleOutput = Dictionary(sitePages.filter(\.page.raw.isBundleIndex).map { ($0.page.raw.folder, $0.path) },
                                      uniquingKeysWith: { first, _ in first })
        // A bundle whose index.md failed validation keeps its files quiet: its own error says what to fix.
        let unpublishedBundles = Set(pages.filter { $0.raw.isBundleIndex && pageByPath[sitePath(of: $0).path] == nil }.map(\.raw.folder))
            .union(invalidPages.filter { $0 == "index.md" || $0.hasSuffix("/index.md") }.map { parent(of: $0) ?? "" })
        // Anything else is not published, and said so: an internal document left in the
        // content folder must not reach the site unnoticed.
        var copied: [StaticFile] = []
        let contentFolder = String(configuration.source.path.dropLast(ContentLoader.configurationFileName.count))
        for file in staticFiles {
            let folder = parent(of: file) ?? ""
            let isBundleFile = bundleOutput[folder] != nil || unpublishedBundles.contains(folder)
            if unpublishedBundles.contains(folder) { continue }
            if let path = bundleOutput[folder] {
                copied.append(StaticFile(source: file, output: path + (file.split(separator: "/").last.map(String.init) ?? file)))
            } else if file.hasPrefix("media/") {
                copied.append(StaticFile(source: file, output: file))
            } else if !isBundleFile {
                diagnostics.append(Diagnostic(.warning, at: SourceLocation(file: contentFolder + file, line: 1, column: 1),
                    "this file is not published: only the files of content/media/ and those beside a page's index.md are (move it there to publish it, or out of the content folder)",
                    french: "ce fichier n’est pas publié : seuls le sont les fichiers de content/media/ et ceux placés à côté du index.md d’une page (déplacez-le là pour le publier, ou hors du dossier de contenu)"))
            }
        }

        var site = Site(configuration: configuration, pages: sitePages, sections: sections, tags: tags,
                        staticFiles: copied, redirects: [], now: rules.now, pageByPath: pageByPath,
                        pageBySource: Dictionary(sitePages.map { ($0.page.raw.relativePath, $0.id) }, uniquingKeysWith: { a, _ in a }))

        site.projectsByMission = projectsByMission
        site.projectsByPartner = projectsByPartner
        for page in sitePages {
            if case .form(let form) = page.page.details, site.forms[form.id.value] == nil {
                site.forms[form.id.value] = PublishedForm(form: form, pagePath: page.path)
            }
        }

        // 5. References between pages, and to site.yaml.
        site.unpublished = unpublished
        site.invalid = invalid
        site.nextScheduledChange = pages.flatMap { [$0.metadata.publishDate?.instant, $0.metadata.expiryDate?.instant] }
            .compactMap { $0 }.filter { $0 > rules.now }.min()
        var references = ReferenceChecker(site: site)
        references.checkAll()
        diagnostics += references.diagnostics
        site.redirects = references.redirects
        return (site, diagnostics)
    }

    /// `actualites/ag.md` → `actualites/ag/`; `actualites/_index.md` → `actualites/`;
    /// `actualites/ag/index.md` → `actualites/ag/`; `_index.md` → `` (the home page).
    static func sitePath(of page: ValidatedPage) -> (path: String, slug: String) {
        sitePath(of: page.raw, slug: page.metadata.slug)
    }

    /// The same from a file's path and its `slug`, before validation (the editor's preview).
    public static func sitePath(of raw: RawPage, slug: String?) -> (path: String, slug: String) {
        var segments = raw.folder.split(separator: "/").map(String.init)
        if !raw.isSectionIndex && !raw.isBundleIndex {
            segments.append(raw.baseName)
        }
        if let slug, !segments.isEmpty {
            segments[segments.count - 1] = slug
        }
        let path = segments.isEmpty ? "" : segments.joined(separator: "/") + "/"
        return (path, segments.last ?? "")
    }

    static func parent(of folder: String) -> String? {
        if folder.isEmpty { return nil }
        guard let slash = folder.lastIndex(of: "/") else { return "" }
        return String(folder[..<slash])
    }
}

/// The order of lists: weight, then date (events soonest first, others newest first), then title.
/// Sorting compares small keys rather than whole pages (thousands of them, in `serve` at
/// every save).
enum ListOrder {
    struct Key {
        var weight: Int?
        var date: Date?
        var soonestFirst: Bool
        var title: String

        init(_ page: SitePage) {
            weight = page.metadata.weight
            date = page.date?.instant
            soonestFirst = page.type == .event
            title = page.metadata.sortTitle
        }
    }

    static func precedes(_ a: Key, _ b: Key) -> Bool {
        switch (a.weight, b.weight) {
        case let (x?, y?) where x != y: return x < y
        case (.some, nil): return true
        case (nil, .some): return false
        default: break
        }
        if let x = a.date, let y = b.date, x != y {
            return a.soonestFirst ? x < y : x > y
        }
        return a.title < b.title
    }

    static func newestFirst(_ a: Key, _ b: Key) -> Bool {
        if let x = a.date, let y = b.date, x != y { return x > y }
        if (a.date == nil) != (b.date == nil) { return a.date != nil }
        return a.title < b.title
    }

    static func precedes(_ a: SitePage, _ b: SitePage) -> Bool { precedes(Key(a), Key(b)) }
    static func newestFirst(_ a: SitePage, _ b: SitePage) -> Bool { newestFirst(Key(a), Key(b)) }

    enum Order { case list, newestFirst }

    /// Page ids in that order (a stable sort). The keys are read in place: copied out of the
    /// array for each comparison, they were a twentieth of a preview's rebuild at 10,000 pages.
    static func sorted(_ ids: [Int], keys: [Key], by order: Order) -> [Int] {
        keys.withUnsafeBufferPointer { keys in
            switch order {
            case .list: return ids.sorted { precedes(keys[$0], keys[$1]) }
            case .newestFirst: return ids.sorted { newestFirst(keys[$0], keys[$1]) }
            }
        }
    }
}
