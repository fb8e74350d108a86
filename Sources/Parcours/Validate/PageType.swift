/// The kinds of page of a CPTS site, each with its own front matter and layout.
public enum PageType: String, Sendable, CaseIterable, Hashable {
    case page, news, event, mission, project, partner
    case healthProject = "health-project"
    case form

    /// For these types, a section's `_index.md` is the list of its pages; for the others
    /// (health-project, form), the `_index.md` is that page itself.
    public var isListedInSection: Bool {
        switch self {
        case .page, .news, .event, .mission, .project, .partner: return true
        case .healthProject, .form: return false
        }
    }

    public var layout: String { rawValue }
    public var listLayout: String { rawValue + "-list" }

    /// The name as template keys spell it (`health_project`: `is_health_project`,
    /// `t.type_health_project`). A switch, not a replacement in the name: it is asked for
    /// every page and every entry of the search index.
    public var templateKey: String {
        switch self {
        case .page, .news, .event, .mission, .project, .partner, .form: return rawValue
        case .healthProject: return "health_project"
        }
    }

    /// `a news page`, in messages.
    public var owner: String {
        switch self {
        case .page: return "a page"
        case .event: return "an event page"
        default: return "a \(rawValue) page"
        }
    }

    /// `une actualité`, in French messages.
    public var frenchOwner: String {
        switch self {
        case .page: return "une page"
        case .news: return "une actualité"
        case .event: return "un événement"
        case .mission: return "une mission"
        case .project: return "un projet"
        case .partner: return "un partenaire"
        case .healthProject: return "un projet de santé"
        case .form: return "une page de formulaire"
        }
    }

    var ownerWording: Wording { Wording(owner, french: frenchOwner) }

    /// Keys of front matter that this type adds to the common ones, from its schema.
    public var keys: [String] { schema.keys.map(\.name) }
}
