import Foundation
import Parcours

/// What the editor needs to know of the site, read through the stages at each request (a
/// CPTS site has a few hundred pages: it takes a fraction of a second): the pages and their
/// state, and the choices a form offers (missions, partners, forms, tags already used).
struct EditorSite: Sendable {
    struct Entry: Sendable {
        enum State: String, Sendable { case published, draft, scheduled, expired, invalid }
        var relativePath: String
        var title: String
        var type: PageType?
        var date: String?
        var state: State
        var section: String
    }

    var title: String
    var language: String
    var entries: [Entry]
    /// Sections that hold pages of a type: the types a "Nouvelle …" button is offered for.
    var sectionTypes: [PageType: String]
    var missions: [(slug: String, title: String)]
    var partners: [(slug: String, title: String)]
    var formPages: [(path: String, title: String)]
    /// Every page, for the text's "link to a page" button: its site path and title.
    var links: [(path: String, title: String)]
    var formIDs: [String]
    var tags: [String]
    /// Type by page path: what the form of an existing page shows.
    var types: [String: PageType]
    var source: String

    static func load(_ build: BuildOptions) -> EditorSite {
        let (site, _) = NewPage.loadSite(source: build.source)
        let configuration = site?.configuration
        var entries: [Entry] = []
        var types: [String: PageType] = [:]
        var published = Set<String>()
        let now = Date()
        for page in site?.pages ?? [] {
            let raw = page.page.raw
            published.insert(raw.relativePath)
            types[raw.relativePath] = page.type
            let metadata = page.metadata
            let state: Entry.State
            if metadata.draft {
                state = .draft
            } else if let publish = metadata.publishDate, publish.instant > now {
                state = .scheduled
            } else if let expiry = metadata.expiryDate, expiry.instant < now {
                state = .expired
            } else {
                state = .published
            }
            entries.append(Entry(relativePath: raw.relativePath, title: page.title, type: page.page.isList ? nil : page.type,
                                 date: page.date?.isoDay, state: state, section: raw.folder.split(separator: "/").first.map(String.init) ?? ""))
        }
        // Files that do not validate are listed too: they are the ones to fix.
        for raw in ContentLoader.load(directory: build.source).pages where !published.contains(raw.relativePath) {
            entries.append(Entry(relativePath: raw.relativePath, title: raw.relativePath, type: nil, date: nil, state: .invalid,
                                 section: raw.folder.split(separator: "/").first.map(String.init) ?? ""))
        }
        let pages = site?.pages ?? []
        func titles(of type: PageType) -> [(String, String)] {
            pages.filter { $0.type == type && !$0.page.isList }.map { ($0.slug, $0.title) }.sorted { $0.1 < $1.1 }
        }
        var sectionTypes: [PageType: String] = [:]
        for section in site?.sections ?? [] where sectionTypes[section.type] == nil { sectionTypes[section.type] = section.folder }
        return EditorSite(
            title: configuration?.title ?? "Parcours",
            language: configuration?.language ?? "fr",
            entries: entries.sorted { ($0.section, $0.relativePath) < ($1.section, $1.relativePath) },
            sectionTypes: sectionTypes,
            missions: titles(of: .mission),
            partners: titles(of: .partner),
            formPages: pages.filter { $0.type == .form }.map { ("/" + $0.path, $0.title) },
            links: pages.map { ("/" + $0.path, $0.title) }.sorted { $0.1 < $1.1 },
            formIDs: configuration?.forms.keys.sorted() ?? [],
            tags: Set(pages.flatMap(\.metadata.tags)).sorted(),
            types: types,
            source: build.source
        )
    }

    /// The type of a page for its form: as the site resolved it, else its own `type`.
    func type(of relativePath: String, values: [String: EditValue]) -> PageType {
        if let type = types[relativePath] { return type }
        if case .text(let name)? = values["type"], let type = PageType(rawValue: name) { return type }
        return .page
    }

    /// Where a new page of `type` titled `title` goes: the section of its type, named after
    /// its title (`parcours new` decides the same way).
    func newPagePath(type: PageType, title: String) -> Result<String, NewPagePathProblem> {
        let (site, _) = NewPage.loadSite(source: source)
        guard let site else { return .failure(.siteUnreadable) }
        guard !title.trimmingCharacters(in: .whitespaces).isEmpty else { return .failure(.noTitle) }
        do {
            return .success(try NewPage.make(type: type, title: title, section: nil, site: site, contentDirectory: source, today: Date()).relativePath)
        } catch {
            return .failure(.other(error.message))
        }
    }

    enum NewPagePathProblem: Error {
        case siteUnreadable, noTitle
        case other(String)

        func message(french: Bool) -> String {
            switch self {
            case .siteUnreadable: return french ? "Le fichier site.yaml contient des erreurs : corrigez-le d’abord." : "site.yaml has errors: fix it first."
            case .noTitle: return french ? "Ce champ est obligatoire." : "This field is required."
            case .other(let message): return message
            }
        }
    }
}
