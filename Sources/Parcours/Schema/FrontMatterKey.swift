/// One key of a page's front matter, described once: the validator reads it, `parcours new`
/// writes it, the editor shows it as a field and the README documents it from this value.
public struct FrontMatterKey: Sendable, Hashable {
    /// As written in YAML: `publish_date`.
    public let name: String
    public let kind: Kind
    public let isRequired: Bool
    /// A few words naming the key for a person filling in a form: "Date de publication".
    public let label: LocalizedText
    /// One plain sentence saying what the key is for.
    public let help: LocalizedText
    /// A key for developers (`layout`, `aliases`, `extra`…): `parcours new` leaves it out,
    /// so that the file a communications officer opens shows only what they need.
    public let isAdvanced: Bool
    /// A value as written in YAML (`"Prénom Nom"`, `logo.svg`), for `parcours new` and as a
    /// placeholder; for a list, one item. Nil when the kind gives one (a date: today).
    public let example: String?

    public init(_ name: String, _ kind: Kind, required: Bool = false, advanced: Bool = false,
                label: LocalizedText, help: LocalizedText, example: String? = nil) {
        self.name = name
        self.kind = kind
        self.isRequired = required
        self.isAdvanced = advanced
        self.label = label
        self.help = help
        self.example = example
    }

    /// What a value of a key is.
    public indirect enum Kind: Sendable, Hashable {
        /// One line of text.
        case text
        /// A sentence or a paragraph (a summary): a text area in a form.
        case longText
        /// A day, `2026-03-24` (a time is accepted too).
        case date
        /// A day, or a day and a time: `2026-03-24` or `2026-03-24T17:00`.
        case dateTime
        /// `true` or `false`.
        case bool
        /// A whole number within bounds: every number of the content model has bounds, so
        /// that no arithmetic on it can overflow.
        case integer(ClosedRange<Int>)
        /// One value among a fixed list.
        case choice([Choice])
        /// The slug of a page of a type: a project's missions and partners.
        case pageSlug(PageType)
        /// The path of a page of a type on the site: a project's form, `/acces-medecin/`.
        case pagePath(PageType)
        /// The id of a form of site.yaml (a key of its `forms`).
        case configuredForm
        /// The path of a file beside the page or under `/media/`.
        case file(FileKind)
        /// An address on the web (`https://…`) or a path on this site (`/contact/`).
        case url
        /// A path on this site: `/ancienne-adresse/`.
        case sitePath
        /// Several values of one kind.
        case list(Kind)
        /// A group of keys of its own: an event's `location`.
        case map([FrontMatterKey])
        /// Any keys and values, handed to the templates as they are (`extra`).
        case freeMap
    }

    /// One value of a `choice`, with the words a form shows for it.
    public struct Choice: Sendable, Hashable {
        public let value: String
        public let label: LocalizedText

        public init(_ value: String, _ label: LocalizedText) {
            self.value = value
            self.label = label
        }
    }

    public enum FileKind: String, Sendable, Hashable {
        /// A picture (JPEG, PNG, WebP, SVG…): a page's image, a partner's logo.
        case image
        /// A document to download, usually a PDF.
        case document
    }
}

extension FrontMatterKey {
    /// The values of a choice, or of a list of choices (an event's `audience`); empty otherwise.
    public var values: [String] { choices.map(\.value) }

    public var choices: [Choice] {
        switch kind {
        case .choice(let choices), .list(.choice(let choices)): return choices
        default: return []
        }
    }

    /// The bounds of a whole number; nil for any other kind.
    public var bounds: ClosedRange<Int>? {
        if case .integer(let bounds) = kind { return bounds }
        return nil
    }

    /// The keys of a map, or of each map of a list of maps (a project's `leads`); empty otherwise.
    public var keys: [FrontMatterKey] {
        switch kind {
        case .map(let keys), .list(.map(let keys)): return keys
        default: return []
        }
    }

    /// The names of `keys`, in order: what an unknown key is checked against.
    public var keyNames: [String] { keys.map(\.name) }
}
