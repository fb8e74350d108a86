import Foundation
import Yams

/// site.yaml → `SiteConfiguration`, with a diagnostic for every bad value.
public enum ConfigurationValidator {
    static let topLevelKeys = [
        "title", "tagline", "description", "base_url", "language", "timezone", "theme",
        "organization", "territory", "menu", "footer_menu", "privacy", "forms",
    ]
    public static let languages = ["fr", "en"]

    public static func validate(_ source: SourceText, overrides: [ConfigurationOverride]) -> (SiteConfiguration?, [Diagnostic]) {
        let document = YAMLDocument(source: source, firstLine: 1)
        guard var mapping = document.parseMapping(source.text, what: Wording("site.yaml", french: "site.yaml")) else {
            return (nil, document.diagnostics)
        }
        var overrideErrors: [Diagnostic] = []
        for override in overrides {
            if let problem = apply(override, to: &mapping) {
                overrideErrors.append(.error(at: nil, problem.english, french: problem.french))
            }
        }
        // A value given on the command line has no place in site.yaml: its errors name the option.
        if let empty = overrides.last(where: { $0.path == ["title"] }), empty.value.trimmingCharacters(in: .whitespaces).isEmpty {
            overrideErrors.append(.error(at: nil, "--set title=\(empty.value): the site's title cannot be empty (give a title, or leave site.yaml's)",
                                         french: "--set title=\(empty.value) : le titre du site ne peut pas être vide (donnez un titre, ou gardez celui de site.yaml)"))
            mapping["title"] = nil
            mapping["title"] = Node("-")
        }
        let configuration = read(Fields(mapping, in: document, owner: Wording("site.yaml", french: "le fichier site.yaml"), timeZone: .gmt),
                                 source: source)
        return (configuration, document.diagnostics + overrideErrors)
    }

    private static func read(_ fields: Fields, source: SourceText) -> SiteConfiguration? {
        fields.rejectUnknownKeys(topLevelKeys)
        let title = fields.string("title", required: true)
        if let title, title.trimmingCharacters(in: .whitespaces).isEmpty {
            fields.document.error(at: fields.node("title")?.mark ?? fields.keyMark("title"), "'title' is empty: the site needs a name (shown in every page's title)",
                                  french: "'title' est vide : le site a besoin d’un nom (il figure dans le titre de chaque page)")
        }
        let theme = fields.string("theme")
        if let theme, !isPlainFolderName(theme) {
            fields.document.error(at: fields.node("theme")?.mark,
                                  "'theme' must be the name of a folder of the themes folder, like default, not \"\(theme)\" (no '/', no '..')",
                                  french: "'theme' doit être le nom d’un dossier du dossier des thèmes, comme default, pas \"\(theme)\" (sans '/' ni '..')")
        }
        let baseURL = fields.located("base_url", required: true).flatMap { checkBaseURL($0, in: fields.document) }
        let language = fields.choice("language", from: languages) ?? "fr"
        var timeZone = TimeZone(identifier: "Europe/Paris") ?? .gmt
        if let zone = fields.string("timezone") {
            if let found = TimeZone(identifier: zone) {
                timeZone = found
            } else {
                let hint = Suggestion.worded(for: zone, in: TimeZone.knownTimeZoneIdentifiers)
                fields.document.error(at: fields.node("timezone")?.mark, "'timezone' is not a known time zone: \"\(zone)\" (expected a name like Europe/Paris)\(hint.english)",
                                      french: "'timezone' n’est pas un fuseau horaire connu : \"\(zone)\" (attendu un nom comme Europe/Paris)\(hint.french)")
            }
        }
        let menu = fields.maps("menu", menuItem)
        let footerMenu = fields.maps("footer_menu", menuItem)
        let forms = readForms(fields)
        guard let title, let baseURL else { return nil }
        return SiteConfiguration(
            title: title,
            tagline: fields.string("tagline"),
            description: fields.string("description"),
            baseURL: baseURL.absolute,
            basePath: baseURL.path,
            language: language,
            timeZone: timeZone,
            theme: theme.flatMap { isPlainFolderName($0) ? $0 : nil } ?? "default",
            organization: fields.map("organization").flatMap(organization),
            territory: fields.map("territory").flatMap(territory),
            menu: menu,
            footerMenu: footerMenu,
            privacy: fields.map("privacy").flatMap(privacy),
            forms: forms,
            declaredForms: Set(fields.node("forms")?.mapping?.keys.compactMap(\.scalar?.string) ?? []),
            declaresPrivacy: fields.has("privacy"),
            source: source
        )
    }

    static func isPlainFolderName(_ name: String) -> Bool {
        !name.isEmpty && name != "." && name != ".." && !name.hasPrefix(".") && !name.contains("/") && !name.contains("\\")
            && !name.utf8.contains(0) && name.utf8.count <= 255
    }

    private static func checkBaseURL(_ value: Located<String>, in document: YAMLDocument) -> (absolute: String, path: String)? {
        guard let url = URL(string: value.value), let scheme = url.scheme, ["http", "https"].contains(scheme),
              let host = url.host, !host.isEmpty else {
            document.append(value.error("'base_url' must be an absolute http(s) URL: \"\(value.value)\" (for example https://www.cpts-exemple.fr/)",
                                        french: "'base_url' doit être une adresse complète en http(s) : \"\(value.value)\" (par exemple https://www.cpts-exemple.fr/)"))
            return nil
        }
        var absolute = value.value
        if !absolute.hasSuffix("/") { absolute += "/" }
        var path = url.path
        if !path.hasPrefix("/") { path = "/" + path }
        if !path.hasSuffix("/") { path += "/" }
        return (absolute, path)
    }

    private static func menuItem(_ fields: Fields) -> SiteConfiguration.MenuItem? {
        fields.rejectUnknownKeys(["title", "url"])
        guard let title = fields.string("title", required: true), let url = fields.located("url", required: true) else { return nil }
        return .init(title: title, url: url)
    }

    private static func organization(_ fields: Fields) -> SiteConfiguration.Organization? {
        fields.rejectUnknownKeys(["name", "legal_form", "founded", "address", "phone", "email", "publication_director", "host"])
        let address = fields.map("address").map { address -> SiteConfiguration.PostalAddress in
            address.rejectUnknownKeys(["street", "postal_code", "city"])
            return .init(street: address.string("street"), postalCode: address.string("postal_code"), city: address.string("city"))
        }
        let host = fields.map("host").flatMap { host -> SiteConfiguration.Host? in
            host.rejectUnknownKeys(["name", "address", "phone"])
            guard let name = host.string("name", required: true) else { return nil }
            return .init(name: name, address: host.string("address"), phone: host.string("phone"))
        }
        guard let name = fields.string("name", required: true) else { return nil }
        return .init(name: name, legalForm: fields.string("legal_form"), founded: fields.string("founded"),
                     address: address, phone: fields.string("phone"), email: fields.string("email"),
                     publicationDirector: fields.string("publication_director"), host: host)
    }

    private static func territory(_ fields: Fields) -> SiteConfiguration.Territory? {
        fields.rejectUnknownKeys(["name", "department", "size", "population", "professionals", "communes"])
        let size = fields.node("size").flatMap { Fields.int($0, name: "territory.size", in: fields.document) }
        if let size, !(1...4).contains(size) {
            fields.document.error(at: fields.node("size")?.mark, "'territory.size' must be 1, 2, 3 or 4 (under 40k, 40–80k, 80–175k, over 175k inhabitants), not \(size)",
                                  french: "'territory.size' doit valoir 1, 2, 3 ou 4 (moins de 40 000, 40 000 à 80 000, 80 000 à 175 000, plus de 175 000 habitants), pas \(size)")
        }
        // Bounds that no real territory reaches, so that no sum or format can overflow.
        let population = fields.int("population", in: 0...100_000_000)
        let professionals = fields.int("professionals", in: 0...10_000_000)
        guard let name = fields.string("name", required: true) else { return nil }
        return .init(name: name, department: fields.string("department"), size: size.flatMap { (1...4).contains($0) ? $0 : nil },
                     population: population, professionals: professionals,
                     communes: fields.strings("communes"))
    }

    private static func privacy(_ fields: Fields) -> SiteConfiguration.PrivacyNotice? {
        fields.rejectUnknownKeys(["controller", "contact", "retention", "retention_days", "recipients", "rights"])
        let controller = fields.string("controller", required: true)
        let contact = fields.string("contact", required: true)
        let retention = fields.string("retention", required: true)
        // Ten years at most: longer is no retention at all for health data.
        let retentionDays = fields.int("retention_days", in: 1...3650)
        guard let controller, let contact, let retention else { return nil }
        return .init(controller: controller, contact: contact, retention: retention, retentionDays: retentionDays,
                     recipients: fields.string("recipients"), rights: fields.string("rights"))
    }

    private static func readForms(_ fields: Fields) -> [String: SiteConfiguration.FormEndpoint] {
        guard let forms = fields.map("forms") else { return [:] }
        var result: [String: SiteConfiguration.FormEndpoint] = [:]
        for id in forms.keys {
            // The id names the form's page, its inbox, its folder in the preview: a slug.
            if !PageValidator.isValidSlug(id) || id.utf8.count > PageValidator.maximumSlugLength {
                forms.document.error(at: forms.keyMark(id), "form id \"\(id)\" must use lower-case ASCII letters, digits and dashes (try \"\(Slug.make(id))\")",
                                     french: "le nom de formulaire \"\(id)\" ne peut contenir que des lettres minuscules sans accent, des chiffres et des tirets (essayez \"\(Slug.make(id))\")")
                continue
            }
            guard let form = forms.map(id, owner: Wording("the form '\(id)'", french: "le formulaire '\(id)'")) else { continue }
            form.rejectUnknownKeys(["endpoint", "encoding", "success_page", "redirect_field"])
            let encoding = form.choice("encoding", from: SiteConfiguration.FormEndpoint.Encoding.allCases.map(\.rawValue))
                .flatMap(SiteConfiguration.FormEndpoint.Encoding.init(rawValue:)) ?? .urlencoded
            // A bad endpoint is reported and the form kept, so that pages naming it are not also reported.
            guard let endpoint = form.located("endpoint", required: true) else { continue }
            checkEndpoint(endpoint, form: id, in: forms.document)
            let redirectField = form.string("redirect_field")
            if let redirectField, redirectField.isEmpty || !redirectField.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == "-") }) {
                form.document.error(at: form.node("redirect_field")?.mark,
                                    "'forms.\(id).redirect_field' must be a field name of ASCII letters, digits, '-' and '_', not \"\(redirectField)\"",
                                    french: "'forms.\(id).redirect_field' doit être un nom de champ fait de lettres sans accent, de chiffres, de '-' et de '_', pas \"\(redirectField)\"")
            }
            result[id] = .init(id: id, endpoint: endpoint, encoding: encoding, successPage: form.located("success_page"),
                               redirectField: redirectField)
        }
        return result
    }

    /// One absolute https URL; http for a server on this machine (a local test receiver).
    private static func checkEndpoint(_ endpoint: Located<String>, form: String, in document: YAMLDocument) {
        if let problem = WebAddress.wordedProblem(endpoint.value, kind: .formEndpoint) {
            document.append(endpoint.error(
                "'forms.\(form).endpoint' must be one https URL: \"\(endpoint.value)\": \(problem.english)",
                french: "'forms.\(form).endpoint' doit être une adresse https : \"\(endpoint.value)\" : \(problem.french)"))
        }
    }

    /// Replaces (or adds) the value at `override.path`; returns a problem when the path crosses a value that is not a map.
    static func apply(_ override: ConfigurationOverride, to mapping: inout Node.Mapping) -> Wording? {
        let key = override.path[0]
        if override.path.count == 1 {
            mapping[key] = Node(override.value)
            return nil
        }
        var child: Node.Mapping
        switch mapping[key] {
        case .none:
            child = Node.Mapping([])
        case .mapping(let existing)?:
            child = existing
        case .some:
            return Wording("--set \(override.path.joined(separator: ".")): '\(key)' is not a map of keys in site.yaml",
                           french: "--set \(override.path.joined(separator: ".")) : '\(key)' n’est pas un groupe de clés dans site.yaml")
        }
        let rest = ConfigurationOverride(path: Array(override.path.dropFirst()), value: override.value)
        if let problem = apply(rest, to: &child) {
            return problem
        }
        mapping[key] = .mapping(child)
        return nil
    }
}
