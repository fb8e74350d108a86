import Foundation

/// `parcours new <type> "<Titre>"`: the Markdown file of a new page, in the section of its
/// type, its front matter ready to fill in: the required keys with a value that builds,
/// the others commented out, each with a comment saying what it is.
///
/// Plain values in and out: the command reads the site (`loadSite`) and writes the file.
public struct NewPage: Sendable, Hashable {
    /// Path under the content folder: `agenda/journee-de-prevention.md`.
    public var relativePath: String
    /// Path as the person typed the content folder: `content/agenda/journee-de-prevention.md`.
    public var path: String
    public var text: String

    /// Why a page cannot be created.
    public enum Failure: Error, Sendable, Hashable {
        /// A bad argument: exit code 2.
        case usage(String)
        /// The content does not allow it (no section of the type, the file exists…): exit code 1.
        case content(String)

        public var message: String {
            switch self {
            case .usage(let message), .content(let message): return message
            }
        }
    }

    /// The type named on the command line, in English or in French (`news`, `actualite`).
    public static func type(named name: String) -> Result<PageType, Failure> {
        if let type = PageType(name: name) { return .success(type) }
        let names = PageType.allCases.map(\.rawValue)
        let hint = Suggestion.hint(for: name, in: names + PageSchema.all.map(\.frenchName))
        return .failure(.usage("unknown type '\(name)'\(hint): the types are \(names.joined(separator: ", "))"))
    }

    /// The site as `new` needs it: every page that validates, drafts and scheduled pages
    /// included (no Markdown, no theme). Nil, with the reasons, when site.yaml is unusable.
    public static func loadSite(source: String, now: Date = Date()) -> (Site?, [Diagnostic]) {
        let content = ContentLoader.load(directory: source)
        var diagnostics = content.diagnostics
        guard let text = content.configuration else { return (nil, diagnostics) }
        let (configuration, configurationDiagnostics) = ConfigurationValidator.validate(text, overrides: [])
        diagnostics += configurationDiagnostics
        guard let configuration else { return (nil, diagnostics) }
        let (pages, pageDiagnostics) = PageValidator.validate(content.pages, configuration: configuration)
        diagnostics += pageDiagnostics
        let rules = PublishingRules(includeDrafts: true, includeFuture: true, includeExpired: true, now: now)
        let (site, referenceDiagnostics) = Resolver.resolve(pages, staticFiles: content.staticFiles,
                                                            configuration: configuration, rules: rules)
        return (site, diagnostics + referenceDiagnostics)
    }

    /// The new page of `type` titled `title`, in `section` (a folder under the content
    /// folder) or else in the section of its type.
    ///
    /// - Parameters:
    ///   - contentDirectory: the content folder as the person typed it, for `path`.
    ///   - today: the date news and events get, in the site's time zone.
    public static func make(type: PageType, title: String, section: String?, site: Site,
                            contentDirectory: String, today: Date) throws(Failure) -> NewPage {
        let title = title.split(whereSeparator: \.isNewline).joined(separator: " ").trimmingCharacters(in: .whitespaces)
        let slug = Slug.make(title)
        guard !slug.isEmpty else {
            throw .usage("the title \"\(title)\" has no letter or digit to make a file name from")
        }
        let folder: String
        if let section {
            folder = try sectionFolder(section, contentDirectory: contentDirectory)
        } else {
            folder = try defaultFolder(of: type, in: site)
        }
        // Health project and form pages are the `_index.md` of their own folder, beside which
        // other pages (a `merci.md`) may stand.
        let ownsFolder = !type.isListedInSection
        let relativePath = FileTree.join(folder, ownsFolder ? "\(slug)/_index.md" : "\(slug).md")
        let url = FileTree.join(folder, slug) + "/"
        if let other = site.pageByPath[url], site.pages[other].page.raw.relativePath != relativePath {
            throw .content("URL /\(url) is already the URL of \(site.pages[other].page.raw.source.path) (choose another title)")
        }
        // The type the folder would give the page; say it when it is another one.
        let inherited = inheritedType(of: ownsFolder ? FileTree.join(folder, slug) : folder, in: site)
        let writesType = ownsFolder || inherited != type
        let frontMatter = try NewPageFrontMatter(type: type, title: title, writesType: writesType, site: site, today: today).text
        return NewPage(relativePath: relativePath, path: FileTree.join(contentDirectory, relativePath),
                       text: "---\n" + frontMatter + "---\n\n" + body(of: type))
    }

    // MARK: Where

    /// `--section agenda`, `--section content/agenda/` → `agenda`.
    private static func sectionFolder(_ written: String, contentDirectory: String) throws(Failure) -> String {
        var folder = written
        let content = contentDirectory.hasSuffix("/") ? String(contentDirectory.dropLast()) : contentDirectory
        if written.hasPrefix("/") {
            let root = URL(fileURLWithPath: content).standardizedFileURL.path + "/"
            let absolute = URL(fileURLWithPath: written).standardizedFileURL.path + "/"
            guard absolute.hasPrefix(root) else {
                throw .usage("--section must be a folder of the content folder '\(contentDirectory)', not \(written)")
            }
            folder = String(absolute.dropFirst(root.count))
        } else if content != "." && !content.isEmpty, folder == content || folder.hasPrefix(content + "/") {
            folder = String(folder.dropFirst(content.count))
        }
        guard let normalized = PathArithmetic.normalize(folder) else {
            throw .usage("--section must be a folder of the content folder '\(contentDirectory)', not \(written)")
        }
        return normalized.hasSuffix("/") ? String(normalized.dropLast()) : normalized
    }

    /// The folder of the one section whose `_index.md` says `type: <type>`; the content
    /// folder itself for a page, a health project or a form.
    private static func defaultFolder(of type: PageType, in site: Site) throws(Failure) -> String {
        guard type.isListedInSection, type != .page else { return "" }
        let folders = site.sections.filter { $0.type == type }.map(\.folder).sorted()
        guard let folder = folders.first else {
            throw .content("no section of type '\(type.rawValue)': pass --section DIR, or create one, a folder with an _index.md whose front matter says 'type: \(type.rawValue)'")
        }
        guard folders.count == 1 else {
            throw .content("several sections have type '\(type.rawValue)' (\(folders.joined(separator: ", "))): choose one with --section DIR")
        }
        return folder
    }

    /// The type a page in `folder` gets from the nearest `_index.md` that names one.
    private static func inheritedType(of folder: String, in site: Site) -> PageType {
        var types: [String: PageType] = [:]
        for page in site.pages where page.page.raw.isSectionIndex {
            if let type = page.metadata.type { types[page.page.raw.folder] = type }
        }
        var current: String? = folder
        while let candidate = current {
            if let type = types[candidate] { return type }
            current = Resolver.parent(of: candidate)
        }
        return .page
    }

    private static func body(of type: PageType) -> String {
        switch type {
        case .news: return "Écrivez ici le texte de l’actualité, en Markdown. Le premier paragraphe sert de résumé si `summary` n’est pas rempli.\n"
        case .event: return "Écrivez ici la présentation de l’événement, en Markdown : le programme, à qui il s’adresse, comment venir.\n"
        case .form: return "Écrivez ici, en Markdown, à quoi sert ce formulaire et ce qui se passe une fois la demande envoyée.\n"
        default: return "Écrivez ici le texte de la page, en Markdown.\n"
        }
    }
}
