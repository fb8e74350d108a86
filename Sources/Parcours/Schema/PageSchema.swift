/// The front matter of one page type, described once as a value: its keys (beside the
/// common ones), its names and labels. The validator, `parcours new`, the editor and the
/// README's key tables all read it, so a key added to a type is added here and nowhere else.
public struct PageSchema: Sendable, Hashable {
    public let type: PageType
    /// The type's name for French speakers on the command line: `parcours new actualite`.
    public let frenchName: String
    /// The type in words: "Actualité".
    public let label: LocalizedText
    /// The button or title that creates one: "Nouvelle actualité" (French nouns have a gender).
    public let newPageLabel: LocalizedText
    /// The keys this type adds to the common ones, in the order files and forms show them.
    public let keys: [FrontMatterKey]

    public init(type: PageType, frenchName: String, label: LocalizedText, newPageLabel: LocalizedText, keys: [FrontMatterKey]) {
        self.type = type
        self.frenchName = frenchName
        self.label = label
        self.newPageLabel = newPageLabel
        self.keys = keys
    }

    /// The keys every page may carry, whatever its type.
    public static var common: [FrontMatterKey] { CommonKeys.all }

    /// Every type's schema, in the order of `PageType`.
    public static var all: [PageSchema] { PageType.allCases.map(\.schema) }

    /// The common keys, then this type's.
    public var allKeys: [FrontMatterKey] { Self.common + keys }

    /// This type's own key named `name`, or a common key of that name.
    public func key(named name: String) -> FrontMatterKey? {
        allKeys.first { $0.name == name }
    }

    /// A page, the default type, has only the common keys.
    public static let page = PageSchema(
        type: .page, frenchName: "page",
        label: LocalizedText("Page", "Page"),
        newPageLabel: LocalizedText("Nouvelle page", "New page"),
        keys: [])
}

extension PageType {
    /// The description of this type's front matter.
    public var schema: PageSchema {
        switch self {
        case .page: return .page
        case .news: return .news
        case .event: return .event
        case .mission: return .mission
        case .project: return .project
        case .partner: return .partner
        case .healthProject: return .healthProject
        case .form: return .form
        }
    }

    /// The type a person names on the command line, in English (`news`, the name in the
    /// front matter) or in French (`actualite`).
    public init?(name: String) {
        guard let type = PageType.allCases.first(where: { $0.rawValue == name || $0.schema.frenchName == name }) else {
            return nil
        }
        self = type
    }
}
