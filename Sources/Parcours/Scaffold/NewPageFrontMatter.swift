import Foundation

/// The front matter of a new page, written from its type's schema: the title, the `type`
/// when the folder does not give it, the required keys with a value that builds, then the
/// type's other keys and the common ones commented out, each line with the key's help.
/// Keys for developers (`layout`, `aliases`…) are left out: the README lists them.
struct NewPageFrontMatter {
    private var lines: [(yaml: String, comment: String)] = []
    private let type: PageType
    private let site: Site
    private let today: ContentDate
    /// The language of the comments: French, for the people who write a CPTS's content.
    private let language = SchemaLanguage.french

    init(type: PageType, title: String, writesType: Bool, site: Site, today: Date) throws(NewPage.Failure) {
        self.type = type
        self.site = site
        self.today = ContentDate(instant: today, hasTime: false, timeZone: site.configuration.timeZone)
        let escaped = title.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
        add(CommonKeys.title.name + ": \"\(escaped)\"", comment(for: CommonKeys.title))
        if writesType {
            add(CommonKeys.type.name + ": " + type.rawValue, comment(for: CommonKeys.type))
        }
        let ownKeys = type.schema.keys
        for key in ownKeys where key.isRequired {
            try write(key, indent: "", inCommentedBlock: false)
        }
        for key in ownKeys where !key.isRequired {
            try write(key, indent: "", inCommentedBlock: false)
        }
        for key in PageSchema.common where !key.isRequired && !key.isAdvanced {
            try write(key, indent: "", inCommentedBlock: false)
        }
        // Not a key of the page: the notice of site.yaml that a form page shows beside the form.
        if type == .form, site.configuration.privacy == nil {
            throw .content("a form page shows site.yaml's 'privacy' notice, and site.yaml has none: add 'privacy' with controller, contact and retention first")
        }
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

    private mutating func add(_ yaml: String, _ comment: String) {
        lines.append((yaml, comment))
    }

    /// One key, and the keys of a map under it. An optional key is commented out, and with
    /// it everything under it; a required key inside an optional map stays commented out.
    private mutating func write(_ key: FrontMatterKey, indent: String, inCommentedBlock: Bool) throws(NewPage.Failure) {
        let commented = inCommentedBlock || !key.isRequired
        // `# ` goes after the indentation of the first commented line, so that removing it
        // leaves valid YAML: `  # submit_label: Envoyer`, `# location:` then `#   city: …`.
        let prefix = commented && !inCommentedBlock ? indent + "# " : indent
        switch key.kind {
        case .map(let keys):
            add(prefix + key.name + ":", comment(for: key))
            for child in keys {
                try write(child, indent: prefix + "  ", inCommentedBlock: commented)
            }
        case .list(.map(let keys)):
            add(prefix + key.name + ":", comment(for: key))
            add(prefix + "  - " + (try flowMap(keys, buildable: !commented)), "")
        default:
            add(prefix + key.name + ": " + (try value(of: key, buildable: !commented)), comment(for: key))
        }
    }

    /// A value of `key` as YAML. `buildable`: the line is not commented out, so the value
    /// must be valid for this site (a mission that exists, a form of site.yaml).
    private func value(of key: FrontMatterKey, buildable: Bool) throws(NewPage.Failure) -> String {
        switch key.kind {
        case .date:
            return today.isoDay
        case .dateTime:
            // A required start is a whole day, the simplest value that builds; an optional
            // date shows that a time may follow.
            return buildable ? today.isoDay : today.isoDay + "T18:00"
        case .pageSlug(let target):
            guard let slug = slugs(of: target).first else {
                if buildable {
                    throw .content("a \(type.rawValue) names at least one \(target.rawValue), and the site has no \(target.rawValue) page: create one first (parcours new \(target.rawValue) \"…\")")
                }
                return key.example ?? "slug-de-la-page"
            }
            return slug
        case .pagePath(let target):
            return paths(of: target).first ?? key.example ?? "/adresse-de-la-page/"
        case .configuredForm:
            guard let id = site.configuration.forms.keys.sorted().first else {
                if buildable {
                    throw .content("a form page sends its answers to a form of site.yaml, and site.yaml has no 'forms': add one first, with its endpoint")
                }
                return "id-du-formulaire"
            }
            return id
        case .list(let item):
            if let example = key.example { return example }
            if case .choice(let choices) = item { return "[" + choices.map(\.value).joined(separator: ", ") + "]" }
            let itemKey = FrontMatterKey(key.name, item, required: key.isRequired, label: key.label, help: key.help)
            return "[" + (try value(of: itemKey, buildable: buildable)) + "]"
        case .map(let keys):
            return try flowMap(keys, buildable: buildable)
        case .choice(let choices):
            return key.example ?? choices.first?.value ?? "\"\""
        case .integer(let bounds):
            return key.example ?? String(min(max(1, bounds.lowerBound), bounds.upperBound))
        case .bool:
            return key.example ?? "true"
        case .url:
            return key.example ?? "https://"
        case .sitePath:
            return key.example ?? "/ancienne-adresse/"
        case .file:
            return key.example ?? "fichier.pdf"
        case .freeMap:
            return "{}"
        case .text, .longText:
            return key.example ?? "\"…\""
        }
    }

    /// One item of a list of maps, on one line: its required keys, and those whose value
    /// shows what to write (an example, a date, a choice, a page of the site).
    private func flowMap(_ keys: [FrontMatterKey], buildable: Bool) throws(NewPage.Failure) -> String {
        var parts: [String] = []
        for key in keys where key.isRequired || Self.hasTellingValue(key) {
            parts.append(key.name + ": " + (try value(of: key, buildable: buildable && key.isRequired)))
        }
        return "{ " + parts.joined(separator: ", ") + " }"
    }

    private static func hasTellingValue(_ key: FrontMatterKey) -> Bool {
        if key.example != nil { return true }
        switch key.kind {
        case .date, .dateTime, .choice, .pageSlug, .pagePath, .configuredForm,
             .list(.choice), .list(.pageSlug), .list(.pagePath):
            return true
        default:
            return false
        }
    }

    /// The key's help, what it may be (the values of a choice, the pages it may name) and
    /// whether it is required.
    private func comment(for key: FrontMatterKey) -> String {
        var comment = key.help.text(in: language)
        if key.isRequired { comment += " Obligatoire." }
        if !key.values.isEmpty, key.name != CommonKeys.type.name {
            comment += " Valeurs : " + key.values.joined(separator: ", ") + "."
        }
        switch key.kind {
        case .pageSlug(let target), .list(.pageSlug(let target)):
            let slugs = slugs(of: target)
            if !slugs.isEmpty { comment += " Sur le site : " + Self.shortList(slugs) }
        case .pagePath(let target), .list(.pagePath(let target)):
            let paths = paths(of: target)
            if !paths.isEmpty { comment += " Sur le site : " + Self.shortList(paths) }
        case .configuredForm:
            let ids = site.configuration.forms.keys.sorted()
            if !ids.isEmpty { comment += " Dans site.yaml : " + Self.shortList(ids) }
        default:
            break
        }
        return comment
    }

    /// Slugs of the pages of a type: what a project names its missions and partners by.
    private func slugs(of type: PageType) -> [String] {
        site.pages.filter { $0.type == type && !$0.page.isList }.map(\.slug).sorted()
    }

    /// Paths of the pages of a type: what a project names its form by (`/acces-medecin/`).
    private func paths(of type: PageType) -> [String] {
        site.pages.filter { $0.type == type && !$0.page.isList }.map { "/" + $0.path }.sorted()
    }

    /// At most eight items, then an ellipsis; a full stop after a complete list.
    private static func shortList(_ items: [String]) -> String {
        items.count <= 8 ? items.joined(separator: ", ") + "." : items.prefix(8).joined(separator: ", ") + "…"
    }
}
