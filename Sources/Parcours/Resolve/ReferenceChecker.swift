import Foundation

/// Checks every reference the content makes: a project's missions, partners and form, the
/// missions of the health project's axes, menu URLs, form ids, images, aliases.
struct ReferenceChecker {
    let site: Site
    private(set) var diagnostics: [Diagnostic] = []
    private(set) var redirects: [Redirect] = []
    /// Alias path → the page it redirects to: two pages cannot claim one old URL.
    private var aliasOwners: [String: Int] = [:]

    private let missionSlugs: [String: Int]
    private let partnerSlugs: [String: Int]
    private let staticOutputs: Set<String>

    init(site: Site) {
        self.site = site
        // By index: the Markdown stage makes one at each save, and a copy of each of thousands
        // of pages to keep a few was most of its cost (issue 15).
        func slugs(of type: PageType) -> [String: Int] {
            Dictionary(site.pages.indices.filter { site.pages[$0].type == type && !site.pages[$0].page.isList }
                .map { (site.pages[$0].slug, $0) }, uniquingKeysWith: { a, _ in a })
        }
        self.missionSlugs = slugs(of: .mission)
        self.partnerSlugs = slugs(of: .partner)
        self.staticOutputs = Set(site.staticFiles.map(\.output))
    }

    mutating func checkAll() {
        checkMenus()
        checkFormEndpoints()
        for page in site.pages {
            checkImage(page.metadata.image, of: page, key: "image")
            checkAliases(of: page)
            switch page.page.details {
            case .project(let project):
                check(project.missions, in: missionSlugs, unknown: Wording("unknown mission", french: "mission inconnue"))
                check(project.partners, in: partnerSlugs, unknown: Wording("unknown partner", french: "partenaire inconnu"))
                if let form = project.form {
                    checkFormPageReference(form)
                }
            case .healthProject(let healthProject):
                for axis in healthProject.axes {
                    check(axis.missions, in: missionSlugs, unknown: Wording("unknown mission", french: "mission inconnue"))
                }
                if let document = healthProject.document {
                    checkFile(document, of: page, key: "document")
                }
            case .partner(let partner):
                checkImage(partner.logo, of: page, key: "logo")
            case .event(let event):
                for link in [event.onlineURL, event.registrationURL].compactMap({ $0 }) {
                    if let path = Self.sitePath(ofInternal: link.value), let problem = problem(withPath: path, written: link.value) {
                        diagnostics.append(link.error("link \(problem.english)", french: "le lien \(problem.french)"))
                    }
                }
            case .form(let form):
                checkForm(form)
            default:
                break
            }
        }
    }

    /// - Parameter unknown: `unknown mission`, `mission inconnue`.
    private mutating func check(_ references: [Located<String>], in known: [String: Int], unknown: Wording) {
        for reference in references where known[reference.value] == nil {
            let hint = Suggestion.worded(for: reference.value, in: known.keys.sorted())
            diagnostics.append(reference.error("\(unknown.english) '\(reference.value)'\(hint.english)",
                                               french: "\(unknown.french) '\(reference.value)'\(hint.french)"))
        }
    }

    // MARK: Internal paths

    /// The site path a written URL points at (`/missions/prevention` → `missions/prevention/`),
    /// or nil for an external URL.
    static func sitePath(ofInternal url: String) -> String? {
        guard url.hasPrefix("/"), !url.hasPrefix("//") else { return nil }
        var path = String(url.prefix { $0 != "#" && $0 != "?" })
        path.removeFirst()
        return path
    }

    /// Whether a site path names a page (with or without its final slash) or a copied file.
    func exists(_ path: String) -> Bool {
        site.pageByPath[path] != nil || site.pageByPath[path + "/"] != nil || staticOutputs.contains(path)
    }

    /// Why an internal path is broken, with a hint; nil when it resolves. `'/x' matches no
    /// page`, `'/x' ne mène à aucune page`: a message goes on from there.
    func problem(withPath path: String, written: String) -> Wording? {
        if exists(path) { return nil }
        let key = path.hasSuffix("/") || path.isEmpty ? path : path + "/"
        if site.invalid.contains(key) { return nil }
        if let reason = site.unpublished[key] {
            return Wording("'\(written)' is \(reason.english)", french: "'\(written)' mène à \(reason.french)")
        }
        let hint = Suggestion.worded(for: path, in: site.pageByPath.keys, prefix: "/")
        return Wording("'\(written)' matches no page\(hint.english)", french: "'\(written)' ne mène à aucune page\(hint.french)")
    }

    /// A project's `form`: the path of a form page.
    private mutating func checkFormPageReference(_ reference: Located<String>) {
        guard let path = Self.sitePath(ofInternal: reference.value) else {
            diagnostics.append(reference.error("the form page must be a path on this site, like /acces-medecin/, not \"\(reference.value)\"",
                                               french: "la page de formulaire doit être un chemin de ce site, comme /acces-medecin/, pas \"\(reference.value)\""))
            return
        }
        if let problem = problem(withPath: path, written: reference.value) {
            diagnostics.append(reference.error("unknown form page: \(problem.english)", french: "page de formulaire inconnue : \(problem.french)"))
            return
        }
        let key = path.hasSuffix("/") || path.isEmpty ? path : path + "/"
        if let id = site.pageByPath[key], site.pages[id].type != .form {
            let type = site.pages[id].type
            diagnostics.append(reference.error("'\(reference.value)' is a \(type.rawValue) page, not a form page",
                                               french: "'\(reference.value)' est \(type.frenchOwner), pas une page de formulaire"))
        }
    }

    private mutating func checkMenus() {
        for item in site.configuration.menu + site.configuration.footerMenu {
            guard WebAddress.isSitePath(item.url.value), let path = Self.sitePath(ofInternal: item.url.value) else {
                if let problem = WebAddress.wordedProblem(item.url.value, kind: .link) {
                    diagnostics.append(item.url.error("menu URL \"\(item.url.value)\" must be a path of the site (/contact/) or an https:// address: \(problem.english)",
                                                      french: "l’adresse de menu \"\(item.url.value)\" doit être un chemin du site (/contact/) ou une adresse https:// : \(problem.french)"))
                }
                continue
            }
            if let problem = problem(withPath: path, written: item.url.value) {
                diagnostics.append(item.url.error("menu entry '\(item.title)': \(problem.english)",
                                                  french: "l’entrée de menu '\(item.title)' : \(problem.french)"))
            }
        }
    }

    private mutating func checkFormEndpoints() {
        for form in site.configuration.forms.values.sorted(by: { $0.id < $1.id }) {
            guard let success = form.successPage else { continue }
            guard let path = Self.sitePath(ofInternal: success.value) else {
                diagnostics.append(success.error("'forms.\(form.id).success_page' must be a path on this site, like /acces-medecin/merci/",
                                                 french: "'forms.\(form.id).success_page' doit être un chemin de ce site, comme /acces-medecin/merci/"))
                continue
            }
            if let problem = problem(withPath: path, written: success.value) {
                diagnostics.append(success.error("'forms.\(form.id).success_page': \(problem.english)",
                                                 french: "'forms.\(form.id).success_page' : \(problem.french)"))
            }
        }
    }

    private mutating func checkForm(_ form: FormMetadata) {
        // A form or a notice that site.yaml has, with errors of its own, is not reported again here.
        if site.configuration.forms[form.id.value] == nil, !site.configuration.declaredForms.contains(form.id.value) {
            let known = site.configuration.forms.keys.sorted()
            let hint = Suggestion.worded(for: form.id.value, in: known)
            let list = known.isEmpty ? "site.yaml has no 'forms'" : "site.yaml's forms are: \(known.joined(separator: ", "))"
            let frenchList = known.isEmpty ? "site.yaml n’a pas de 'forms'" : "les formulaires de site.yaml sont : \(known.joined(separator: ", "))"
            diagnostics.append(form.id.error("unknown form id '\(form.id.value)'\(hint.english): add it under 'forms' in site.yaml with its endpoint (\(list))",
                                             french: "formulaire inconnu '\(form.id.value)'\(hint.french) : ajoutez-le sous 'forms' dans site.yaml, avec son adresse d’envoi 'endpoint' (\(frenchList))"))
        }
        if site.configuration.privacy == nil, !site.configuration.declaresPrivacy {
            diagnostics.append(form.id.error("a form needs the privacy notice of site.yaml: add 'privacy' with controller, contact and retention (GDPR art. 13)",
                                             french: "un formulaire a besoin de la notice de confidentialité de site.yaml : ajoutez 'privacy' avec controller, contact et retention (RGPD, article 13)"))
        }
    }

    private mutating func checkImage(_ image: ImageReference?, of page: SitePage, key: String) {
        guard let image else { return }
        checkFile(image.path, of: page, key: key)
    }

    /// A file named in front matter: relative to the page's folder, or a site path (`/media/…`).
    private mutating func checkFile(_ reference: Located<String>, of page: SitePage, key: String) {
        let value = reference.value
        if value.hasPrefix("http://") || value.hasPrefix("https://") {
            diagnostics.append(reference.error("'\(key)' must be a file of the site, not a URL on another site (\"\(value)\"): the site loads nothing from other origins",
                                               french: "'\(key)' doit être un fichier du site, pas l’adresse d’un autre site (\"\(value)\") : le site ne charge rien depuis d’autres sites"))
            return
        }
        guard let path = Self.fileOutputPath(value, of: page, in: site) else {
            diagnostics.append(reference.error("'\(key)': '\(value)' climbs above the content folder: name a file of content/media/ (/media/…) or one beside the page",
                                               french: "'\(key)' : '\(value)' remonte au-dessus du dossier de contenu : indiquez un fichier de content/media/ (/media/…) ou un fichier placé à côté de la page"))
            return
        }
        if !staticOutputs.contains(path) {
            let hint = Suggestion.worded(for: path, in: staticOutputs, prefix: "/")
            diagnostics.append(reference.error("'\(key)': no file '\(value)' (looked for content/\(path))\(hint.english)",
                                               french: "'\(key)' : aucun fichier '\(value)' (cherché à content/\(path))\(hint.french)"))
        }
    }

    /// Site path of a file named relative to a page (or as a site path).
    static func fileOutputPath(_ value: String, of page: SitePage, in site: Site) -> String? {
        if let path = sitePath(ofInternal: value) { return path }
        let base = page.page.raw.isBundleIndex ? page.path : (page.page.raw.folder.isEmpty ? "" : page.page.raw.folder + "/")
        return PathArithmetic.normalize(base + value)
    }

    private mutating func checkAliases(of page: SitePage) {
        for alias in page.metadata.aliases {
            let path: String
            switch Self.aliasPath(alias.value) {
            case .failure(let problem):
                diagnostics.append(alias.error(problem.wording.english, french: problem.wording.french))
                continue
            case .success(let normalized):
                path = normalized
            }
            if let other = site.pageByPath[path] {
                diagnostics.append(alias.error("alias '\(alias.value)' is the URL of \(site.pages[other].page.raw.source.path): an alias must be an old URL that no page uses",
                                               french: "l’ancienne adresse '\(alias.value)' est l’adresse de \(site.pages[other].page.raw.source.path) : une ancienne adresse (alias) ne doit être celle d’aucune page"))
                continue
            }
            if let other = aliasOwners[path] {
                diagnostics.append(alias.error("alias '\(alias.value)' is already an alias of \(site.pages[other].page.raw.source.path): an old URL can redirect to one page only",
                                               french: "l’ancienne adresse '\(alias.value)' est déjà une ancienne adresse de \(site.pages[other].page.raw.source.path) : une ancienne adresse ne peut mener qu’à une seule page"))
                continue
            }
            aliasOwners[path] = page.id
            redirects.append(Redirect(from: path, to: page.id, written: alias))
        }
    }

    struct AliasProblem: Error {
        var wording: Wording
        var message: String { wording.english }

        init(_ english: String, french: String) {
            wording = Wording(english, french: french)
        }
    }

    /// `/ancienne-adresse` → `ancienne-adresse/`; `/vieux.html` → `vieux.html`. An alias is
    /// written where the site's files are: it must name one path inside the site, and only one.
    static func aliasPath(_ value: String) -> Result<String, AliasProblem> {
        let example = "like /ancienne-adresse/", frenchExample = "comme /ancienne-adresse/"
        guard value.hasPrefix("/"), !value.hasPrefix("//") else {
            return .failure(.init("an alias must be a path on this site, \(example), not \"\(value)\"",
                                  french: "une ancienne adresse (alias) doit être un chemin de ce site, \(frenchExample), pas \"\(value)\""))
        }
        if value.contains("\\") || value.contains("?") || value.contains("#") || value.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
            return .failure(.init("an alias must be a plain path, \(example), without '\\', '?', '#' or control characters: \"\(value)\"",
                                  french: "une ancienne adresse (alias) doit être un simple chemin, \(frenchExample), sans '\\', '?', '#' ni caractère de contrôle : \"\(value)\""))
        }
        var segments = value.dropFirst().split(separator: "/", omittingEmptySubsequences: false)
        let isFolder = segments.last?.isEmpty ?? true
        if isFolder { segments.removeLast() }
        for segment in segments {
            if segment.isEmpty {
                return .failure(.init("alias \"\(value)\" has an empty segment ('//'): write each part of the path once, \(example)",
                                      french: "l’ancienne adresse \"\(value)\" a une partie vide ('//') : écrivez chaque partie du chemin une seule fois, \(frenchExample)"))
            }
            if segment == "." || segment == ".." {
                return .failure(.init("alias \"\(value)\" contains '\(segment)': an alias is the old URL itself, \(example), without '.' or '..'",
                                      french: "l’ancienne adresse \"\(value)\" contient '\(segment)' : écrivez l’ancienne adresse elle-même, \(frenchExample), sans '.' ni '..'"))
            }
            if segment.utf8.count > PageValidator.maximumSlugLength {
                return .failure(.init("alias \"\(value.prefix(60))…\" has a part longer than \(PageValidator.maximumSlugLength) bytes (shorten it)",
                                      french: "l’ancienne adresse \"\(value.prefix(60))…\" a une partie de plus de \(PageValidator.maximumSlugLength) octets (raccourcissez-la)"))
            }
        }
        let path = segments.joined(separator: "/")
        if path.isEmpty { return .success("") }
        return .success(isFolder || !path.hasSuffix(".html") ? path + "/" : path)
    }
}

/// `a/b/../c` → `a/c`; nil when `..` climbs above the root.
enum PathArithmetic {
    static func normalize(_ path: String) -> String? {
        var parts: [Substring] = []
        for part in path.split(separator: "/", omittingEmptySubsequences: true) {
            switch part {
            case ".": continue
            case "..":
                guard !parts.isEmpty else { return nil }
                parts.removeLast()
            default: parts.append(part)
            }
        }
        return parts.joined(separator: "/") + (path.hasSuffix("/") && !parts.isEmpty ? "/" : "")
    }
}
