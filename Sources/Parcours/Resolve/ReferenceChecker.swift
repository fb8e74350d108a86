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
        self.missionSlugs = Dictionary(site.pages.filter { $0.type == .mission && !$0.page.isList }.map { ($0.slug, $0.id) },
                                       uniquingKeysWith: { a, _ in a })
        self.partnerSlugs = Dictionary(site.pages.filter { $0.type == .partner && !$0.page.isList }.map { ($0.slug, $0.id) },
                                       uniquingKeysWith: { a, _ in a })
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
                check(project.missions, in: missionSlugs, what: "mission")
                check(project.partners, in: partnerSlugs, what: "partner")
                if let form = project.form {
                    checkPageReference(form, expecting: .form, what: "form page")
                }
            case .healthProject(let healthProject):
                for axis in healthProject.axes {
                    check(axis.missions, in: missionSlugs, what: "mission")
                }
                if let document = healthProject.document {
                    checkFile(document, of: page, key: "document")
                }
            case .partner(let partner):
                checkImage(partner.logo, of: page, key: "logo")
            case .event(let event):
                for link in [event.onlineURL, event.registrationURL].compactMap({ $0 }) {
                    if let path = Self.sitePath(ofInternal: link.value), let problem = problem(withPath: path, written: link.value) {
                        diagnostics.append(link.error("link \(problem)"))
                    }
                }
            case .form(let form):
                checkForm(form)
            default:
                break
            }
        }
    }

    private mutating func check(_ references: [Located<String>], in known: [String: Int], what: String) {
        for reference in references where known[reference.value] == nil {
            let hint = Suggestion.hint(for: reference.value, in: known.keys.sorted())
            diagnostics.append(reference.error("unknown \(what) '\(reference.value)'\(hint)"))
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

    /// Why an internal path is broken, with a hint; nil when it resolves.
    func problem(withPath path: String, written: String) -> String? {
        if exists(path) { return nil }
        let key = path.hasSuffix("/") || path.isEmpty ? path : path + "/"
        if site.invalid.contains(key) { return nil }
        if let reason = site.unpublished[key] {
            return "'\(written)' is \(reason)"
        }
        let hint = Suggestion.closest(to: path, in: site.pageByPath.keys).map { " (did you mean '/\($0)'?)" } ?? ""
        return "'\(written)' matches no page\(hint)"
    }

    private mutating func checkPageReference(_ reference: Located<String>, expecting type: PageType, what: String) {
        guard let path = Self.sitePath(ofInternal: reference.value) else {
            diagnostics.append(reference.error("the \(what) must be a path on this site, like /acces-medecin/, not \"\(reference.value)\""))
            return
        }
        if let problem = problem(withPath: path, written: reference.value) {
            diagnostics.append(reference.error("unknown \(what): \(problem)"))
            return
        }
        let key = path.hasSuffix("/") || path.isEmpty ? path : path + "/"
        if let id = site.pageByPath[key], site.pages[id].type != type {
            diagnostics.append(reference.error("'\(reference.value)' is a \(site.pages[id].type.rawValue) page, not a \(what)"))
        }
    }

    private mutating func checkMenus() {
        for item in site.configuration.menu + site.configuration.footerMenu {
            guard WebAddress.isSitePath(item.url.value), let path = Self.sitePath(ofInternal: item.url.value) else {
                if let problem = WebAddress.problem(item.url.value, kind: .link) {
                    diagnostics.append(item.url.error("menu URL \"\(item.url.value)\" must be a path of the site (/contact/) or an https:// address: \(problem)"))
                }
                continue
            }
            if let problem = problem(withPath: path, written: item.url.value) {
                diagnostics.append(item.url.error("menu entry '\(item.title)': \(problem)"))
            }
        }
    }

    private mutating func checkFormEndpoints() {
        for form in site.configuration.forms.values.sorted(by: { $0.id < $1.id }) {
            guard let success = form.successPage else { continue }
            guard let path = Self.sitePath(ofInternal: success.value) else {
                diagnostics.append(success.error("'forms.\(form.id).success_page' must be a path on this site, like /acces-medecin/merci/"))
                continue
            }
            if let problem = problem(withPath: path, written: success.value) {
                diagnostics.append(success.error("'forms.\(form.id).success_page': \(problem)"))
            }
        }
    }

    private mutating func checkForm(_ form: FormMetadata) {
        // A form or a notice that site.yaml has, with errors of its own, is not reported again here.
        if site.configuration.forms[form.id.value] == nil, !site.configuration.declaredForms.contains(form.id.value) {
            let known = site.configuration.forms.keys.sorted()
            let hint = Suggestion.hint(for: form.id.value, in: known)
            let list = known.isEmpty ? "site.yaml has no 'forms'" : "site.yaml's forms are: \(known.joined(separator: ", "))"
            diagnostics.append(form.id.error("unknown form id '\(form.id.value)'\(hint): add it under 'forms' in site.yaml with its endpoint (\(list))"))
        }
        if site.configuration.privacy == nil, !site.configuration.declaresPrivacy {
            diagnostics.append(form.id.error("a form needs the privacy notice of site.yaml: add 'privacy' with controller, contact and retention (GDPR art. 13)"))
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
            diagnostics.append(reference.error("'\(key)' must be a file of the site, not a URL on another site (\"\(value)\"): the site loads nothing from other origins"))
            return
        }
        guard let path = Self.fileOutputPath(value, of: page, in: site) else {
            diagnostics.append(reference.error("'\(key)': '\(value)' climbs above the content folder: name a file of content/media/ (/media/…) or one beside the page"))
            return
        }
        if !staticOutputs.contains(path) {
            let hint = Suggestion.closest(to: path, in: staticOutputs).map { " (did you mean '/\($0)'?)" } ?? ""
            diagnostics.append(reference.error("'\(key)': no file '\(value)' (looked for content/\(path))\(hint)"))
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
                diagnostics.append(alias.error(problem.message))
                continue
            case .success(let normalized):
                path = normalized
            }
            if let other = site.pageByPath[path] {
                diagnostics.append(alias.error("alias '\(alias.value)' is the URL of \(site.pages[other].page.raw.source.path): an alias must be an old URL that no page uses"))
                continue
            }
            if let other = aliasOwners[path] {
                diagnostics.append(alias.error("alias '\(alias.value)' is already an alias of \(site.pages[other].page.raw.source.path): an old URL can redirect to one page only"))
                continue
            }
            aliasOwners[path] = page.id
            redirects.append(Redirect(from: path, to: page.id, written: alias))
        }
    }

    struct AliasProblem: Error { var message: String }

    /// `/ancienne-adresse` → `ancienne-adresse/`; `/vieux.html` → `vieux.html`. An alias is
    /// written where the site's files are: it must name one path inside the site, and only one.
    static func aliasPath(_ value: String) -> Result<String, AliasProblem> {
        let example = "like /ancienne-adresse/"
        guard value.hasPrefix("/"), !value.hasPrefix("//") else {
            return .failure(.init(message: "an alias must be a path on this site, \(example), not \"\(value)\""))
        }
        if value.contains("\\") || value.contains("?") || value.contains("#") || value.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
            return .failure(.init(message: "an alias must be a plain path, \(example), without '\\', '?', '#' or control characters: \"\(value)\""))
        }
        var segments = value.dropFirst().split(separator: "/", omittingEmptySubsequences: false)
        let isFolder = segments.last?.isEmpty ?? true
        if isFolder { segments.removeLast() }
        for segment in segments {
            if segment.isEmpty {
                return .failure(.init(message: "alias \"\(value)\" has an empty segment ('//'): write each part of the path once, \(example)"))
            }
            if segment == "." || segment == ".." {
                return .failure(.init(message: "alias \"\(value)\" contains '\(segment)': an alias is the old URL itself, \(example), without '.' or '..'"))
            }
            if segment.utf8.count > PageValidator.maximumSlugLength {
                return .failure(.init(message: "alias \"\(value.prefix(60))…\" has a part longer than \(PageValidator.maximumSlugLength) bytes (shorten it)"))
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
