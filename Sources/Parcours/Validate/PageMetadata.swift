import Foundation

/// Front matter keys every page may carry.
public struct CommonMetadata: Sendable {
    public var title: String
    /// The `type` key as written; in `_index.md`, the type of the section's pages.
    public var type: PageType?
    public var slug: String?
    public var summary: String?
    public var description: String?
    public var draft: Bool
    public var publishDate: ContentDate?
    public var expiryDate: ContentDate?
    public var weight: Int?
    public var image: ImageReference?
    public var tags: [String]
    /// The tags' URL segments (`accès aux soins` → `acces-aux-soins`), computed once.
    public var tagSlugs: [String] = []
    public var aliases: [Located<String>]
    public var layout: Located<String>?
    public var paginate: Int?
    /// false: left out of the site's search index.
    public var searchable: Bool = true
    public var extra: TemplateValue?
    /// The title folded for sorting (case and accents ignored), computed once.
    public var sortTitle: String = ""

    /// The names of the common keys, from the schema (`CommonKeys`).
    public static var keys: [String] { PageSchema.common.map(\.name) }
}

public struct ImageReference: Sendable, Hashable {
    public var path: Located<String>
    /// Empty only for a decorative image.
    public var alt: String
    public var decorative: Bool
}

/// The typed metadata of one page type.
public enum PageDetails: Sendable {
    case page
    case news(NewsMetadata)
    case event(EventMetadata)
    case mission(MissionMetadata)
    case project(ProjectMetadata)
    case partner(PartnerMetadata)
    case healthProject(HealthProjectMetadata)
    case form(FormMetadata)
    /// A section's list page (`_index.md` of a listed type): common keys only.
    case list
}

public struct NewsMetadata: Sendable {
    public var date: ContentDate
    public var updated: ContentDate?
    public var author: String?
}

public struct EventMetadata: Sendable {
    /// The typed form of `EventKeys.status`'s values (a test checks they agree).
    public enum Status: String, Sendable, CaseIterable { case scheduled, cancelled, postponed }
    public static var audiences: [String] { EventKeys.audience.values }

    public var start: ContentDate
    public var end: ContentDate?
    public var location: EventLocation?
    /// An absolute URL or a path on this site.
    public var onlineURL: Located<String>?
    public var registrationURL: Located<String>?
    public var audience: [String]
    public var status: Status

    /// A date alone means the whole day.
    public var isAllDay: Bool { !start.hasTime }
}

extension EventMetadata {
    /// Past once its end (or start) is: at its time, or at the end of its day when it has none.
    func isOver(at now: Date) -> Bool {
        let last = end ?? start
        let over = last.hasTime ? last.instant : last.instant.addingTimeInterval(24 * 3600)
        return over <= now
    }
}

public struct EventLocation: Sendable, Hashable {
    public var name: String?
    public var address: String?
    public var postalCode: String?
    public var city: String?
}

public struct MissionMetadata: Sendable {
    public static var axes: [String] { MissionKeys.axis.values }
    /// The compulsory "socle" missions of every CPTS (the first four axes: a test checks it).
    public static let socleAxes: Set = ["acces-aux-soins", "parcours", "prevention", "crises-sanitaires"]

    public var axis: String
    public var objectives: [String]
    public var indicators: [Indicator]

    public struct Indicator: Sendable, Hashable {
        public var label: String
        public var value: String?
        public var target: String?
    }
}

public struct ProjectMetadata: Sendable {
    public static var statuses: [String] { ProjectKeys.status.values }

    /// Slugs of mission pages.
    public var missions: [Located<String>]
    public var status: String?
    public var start: ContentDate?
    public var end: ContentDate?
    public var leads: [Person]
    /// Slugs of partner pages.
    public var partners: [Located<String>]
    public var contact: Contact?
    /// Path of a form page: `/acces-medecin/`.
    public var form: Located<String>?

    public struct Person: Sendable, Hashable {
        public var name: String
        public var role: String?
    }

    public struct Contact: Sendable, Hashable {
        public var name: String?
        public var email: String?
        public var phone: String?
    }
}

public struct PartnerMetadata: Sendable {
    public static var kinds: [String] { PartnerKeys.kind.values }

    public var kind: String
    public var url: String?
    public var logo: ImageReference?
}

public struct HealthProjectMetadata: Sendable {
    public static var statuses: [String] { HealthProjectKeys.status.values }

    public var periodFrom: String
    public var periodTo: String
    public var adopted: ContentDate?
    public var status: String?
    public var axes: [Axis]
    public var document: Located<String>?

    public struct Axis: Sendable {
        public var title: String
        public var summary: String?
        public var missions: [Located<String>]
    }
}

public struct FormMetadata: Sendable {
    public var id: Located<String>
    public var fields: [FormField]
    public var submitLabel: String
    public var phone: String?
    public var purpose: String?
    public var legalBasis: String?
    /// Where the `form:` key stands, for errors about the whole form.
    public var location: SourceLocation
}

public struct FormField: Sendable, Hashable {
    public static var types: [String] { FormKeys.Field.type.values }

    public var name: Located<String>
    public var label: String
    public var type: String
    public var required: Bool
    public var autocomplete: String?
    public var help: String?
    public var options: [Option]
    public var min: String?
    public var max: String?
    public var pattern: String?

    public struct Option: Sendable, Hashable {
        public var value: String
        public var label: String
    }

    /// The names the page sends this field under: a date as three boxes
    /// (`date_naissance_jour`, `_mois`, `_annee`), any other field under its name.
    public var sentNames: [String] {
        type == "date" ? ["jour", "mois", "annee"].map { "\(name.value)_\($0)" } : [name.value]
    }
}

/// Free data (`extra`) handed to the templates as is.
public indirect enum TemplateValue: Sendable, Hashable {
    case text(String)
    case list([TemplateValue])
    case map([String: TemplateValue])

    /// The value as Mustache wants it: strings, arrays and dictionaries.
    public var mustacheValue: Any {
        switch self {
        case .text(let text): return text
        case .list(let items): return items.map(\.mustacheValue)
        case .map(let map): return map.mapValues(\.mustacheValue)
        }
    }
}
