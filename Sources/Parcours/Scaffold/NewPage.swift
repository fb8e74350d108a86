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

    /// The type named on the command line.
    public static func type(named name: String) -> Result<PageType, Failure> {
        if let type = PageType(rawValue: name) { return .success(type) }
        let names = PageType.allCases.map(\.rawValue)
        let hint = Suggestion.hint(for: name, in: names)
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
        let frontMatter = try FrontMatter(type: type, title: title, writesType: writesType, site: site, today: today).text
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

/// The front matter of a new page: lines of YAML, each with its comment.
private struct FrontMatter {
    private var lines: [(yaml: String, comment: String)] = []
    private let site: Site

    init(type: PageType, title: String, writesType: Bool, site: Site, today: Date) throws(NewPage.Failure) {
        self.site = site
        let day = ContentDate(instant: today, hasTime: false, timeZone: site.configuration.timeZone)
        let escaped = title.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
        add("title: \"\(escaped)\"", "titre de la page (obligatoire)")
        if writesType {
            add("type: \(type.rawValue)", "type de la page")
        }
        switch type {
        case .page:
            summary()
            add("# weight: 1", "ordre dans les listes : les plus petits nombres d’abord")
        case .news:
            add("date: \(day.isoDay)", "date de publication, AAAA-MM-JJ (obligatoire)")
            summary()
            add("# author: \"Prénom Nom\"", "auteur ou autrice")
            add("# updated: \(day.isoDay)", "date de la dernière mise à jour")
        case .event:
            add("start: \(day.isoDay)", "début : AAAA-MM-JJ (toute la journée) ou AAAA-MM-JJTHH:MM (obligatoire)")
            add("# end: \(day.isoDay)T19:30", "fin, même format")
            summary()
            let address = site.configuration.organization?.address
            add("# location:", "lieu (ou online_url pour un événement en ligne)")
            add("#   name: Salle des fêtes", "nom du lieu")
            add("#   address: 1 place de la Mairie", "adresse")
            add("#   postal_code: \"\(address?.postalCode ?? "86000")\"", "code postal, entre guillemets")
            add("#   city: \(address?.city ?? "Ville")", "commune")
            add("# online_url: https://", "adresse de la réunion en ligne")
            add("# registration_url: https://", "lien d’inscription (ou une page du site, comme /contact/)")
            add("# audience: [professionnels, grand-public]", "public : professionnels, grand-public, ou les deux")
            add("# status: scheduled", "scheduled (prévu), cancelled (annulé) ou postponed (reporté)")
        case .mission:
            add("axis: \(MissionMetadata.axes[0])",
                "axe (obligatoire) : \(MissionMetadata.axes.joined(separator: ", ")) ; les quatre premiers sont les missions socles")
            summary()
            add("# objectives:", "objectifs, un par ligne")
            add("#   - \"Un objectif\"", "")
            add("# indicators:", "indicateurs de suivi")
            add("#   - { label: \"Patients accompagnés\", value: \"120\", target: \"200\" }", "libellé, valeur atteinte, cible")
            add("# weight: 1", "ordre dans la liste des missions")
        case .project:
            let missions = slugs(of: .mission)
            guard let mission = missions.first else {
                throw .content("a project names at least one mission, and the site has no mission page: create one first (parcours new mission \"…\")")
            }
            add("missions: [\(mission)]", "missions mises en œuvre, au moins une (obligatoire) : \(Self.list(missions))")
            summary()
            add("# status: en-preparation", "état : \(ProjectMetadata.statuses.joined(separator: ", "))")
            add("# start: \(day.isoDay)", "date de début")
            add("# end: \(day.year + 1)-12-31", "date de fin")
            add("# leads:", "porteurs du projet")
            add("#   - { name: \"Prénom Nom\", role: \"Profession à Commune\" }", "")
            let partners = slugs(of: .partner)
            add("# partners: [\(partners.first ?? "slug-du-partenaire")]", partners.isEmpty ? "partenaires : slugs des pages de partenaire" : "partenaires : \(Self.list(partners))")
            add("# contact:", "contact du projet")
            add("#   name: \"Prénom Nom, fonction\"", "")
            add("#   email: contact@exemple.fr", "")
            add("#   phone: \"05 00 00 00 00\"", "")
            let forms = site.pages.filter { $0.type == .form && !$0.page.isList }.map { "/" + $0.path }.sorted()
            add("# form: \(forms.first ?? "/formulaire/")", "page de formulaire du projet")
            add("# weight: 1", "ordre dans la liste des projets")
        case .partner:
            add("kind: autre", "catégorie (obligatoire) : \(PartnerMetadata.kinds.joined(separator: ", "))")
            summary()
            add("# url: https://", "site web du partenaire")
            add("# logo: logo.svg", "logo : un fichier à côté de la page, ou sous /media/")
            add("# logo_alt: \"Logo de …\"", "texte de remplacement du logo (obligatoire avec logo)")
        case .healthProject:
            add("period: { from: \(day.year), to: \(day.year + 5) }", "période couverte (obligatoire)")
            summary()
            add("# adopted: \(day.isoDay)", "date d’adoption")
            add("# status: en-preparation", "état : \(HealthProjectMetadata.statuses.joined(separator: ", "))")
            add("# axes:", "axes de travail")
            add("#   - title: \"Un axe\"", "")
            add("#     summary: \"Ce que l’axe veut changer.\"", "")
            add("#     missions: [\(slugs(of: .mission).first ?? "acces-aux-soins")]", "missions de l’axe")
            add("# document: /media/projet-de-sante.pdf", "le document complet (PDF)")
        case .form:
            let ids = site.configuration.forms.keys.sorted()
            guard let id = ids.first else {
                throw .content("a form page sends its answers to a form of site.yaml, and site.yaml has no 'forms': add one first, with its endpoint")
            }
            guard site.configuration.privacy != nil else {
                throw .content("a form page shows site.yaml's 'privacy' notice, and site.yaml has none: add 'privacy' with controller, contact and retention first")
            }
            summary()
            add("form:", "le formulaire (obligatoire)")
            add("  id: \(id)", "formulaire de site.yaml qui reçoit les réponses : \(ids.joined(separator: ", "))")
            add("  purpose: \"Répondre à votre demande.\"", "finalité, pour la notice RGPD affichée à côté (obligatoire)")
            add("  legal_basis: \"Votre consentement (RGPD, article 6.1.a).\"", "base légale, pour la notice RGPD (obligatoire)")
            add("  # submit_label: Envoyer", "texte du bouton")
            add("  # phone: \"\(site.configuration.organization?.phone ?? "05 00 00 00 00")\"", "numéro pour faire la demande par téléphone")
            add("  fields:", "les champs, dans l’ordre (obligatoire)")
            add("    - { name: nom, label: Nom, type: text, required: true, autocomplete: family-name }", "")
            add("    - { name: email, label: Adresse e-mail, type: email, required: true, autocomplete: email }", "")
            add("    - { name: message, label: Votre message, type: textarea, required: true }", "")
        }
        add("# tags: [\(type == .event ? "prévention" : "vie de la CPTS")]", "thématiques : chacune a sa page /tags/…/")
        if type != .partner {
            add("# image: photo.jpg", "image : un fichier à côté de la page, ou sous /media/")
            add("# image_alt: \"Ce que montre l’image\"", "texte de remplacement de l’image (obligatoire avec image)")
        }
        add("# draft: true", "brouillon : publié seulement avec --drafts")
    }

    private mutating func add(_ yaml: String, _ comment: String) {
        lines.append((yaml, comment))
    }

    private mutating func summary() {
        add("# summary: \"Une ou deux phrases.\"", "résumé pour les listes, le flux et les moteurs de recherche")
    }

    /// Slugs of the pages of a type: what a project names its missions and partners by.
    private func slugs(of type: PageType) -> [String] {
        site.pages.filter { $0.type == type && !$0.page.isList }.map(\.slug).sorted()
    }

    private static func list(_ slugs: [String]) -> String {
        slugs.count <= 8 ? slugs.joined(separator: ", ") : slugs.prefix(8).joined(separator: ", ") + "…"
    }

    /// The lines, the comments aligned.
    var text: String {
        let width = min(48, lines.filter { !$0.comment.isEmpty }.map(\.yaml.count).max() ?? 0) + 2
        return lines.map { line in
            guard !line.comment.isEmpty else { return line.yaml + "\n" }
            let padding = String(repeating: " ", count: max(1, width - line.yaml.count))
            return line.yaml + padding + "# " + line.comment + "\n"
        }.joined()
    }
}
