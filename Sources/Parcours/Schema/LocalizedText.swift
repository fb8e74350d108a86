/// The languages the schema speaks: a site is written in one of them (site.yaml's `language`).
public enum SchemaLanguage: String, Sendable, CaseIterable, Hashable {
    case french = "fr"
    case english = "en"
}

/// A text of the schema in each language, French first: the people who write a CPTS site
/// read French, the developers who set it up may read English.
public struct LocalizedText: Sendable, Hashable {
    public let french: String
    public let english: String

    public init(_ french: String, _ english: String) {
        self.french = french
        self.english = english
    }

    public func text(in language: SchemaLanguage) -> String {
        switch language {
        case .french: return french
        case .english: return english
        }
    }
}
