/// The README's tables of front matter keys, written from the schema so that the
/// documentation cannot drift from what the validator accepts (a test compares them).
extension PageSchema {
    /// The table of this type's own keys, nested keys included (`location.city`, `leads[].name`).
    public func markdownTable(language: SchemaLanguage) -> String {
        guard !keys.isEmpty else {
            return language == .french ? "_Aucune clé en plus des clés communes._\n" : "_No keys besides the common ones._\n"
        }
        return SchemaTable.markdown(keys, language: language)
    }

    /// The table of the keys every page may carry.
    public static func commonMarkdownTable(language: SchemaLanguage) -> String {
        SchemaTable.markdown(common, language: language)
    }
}

enum SchemaTable {
    static func markdown(_ keys: [FrontMatterKey], language: SchemaLanguage) -> String {
        let header = language == .french
            ? "| clé | valeur | obligatoire | sens |\n|---|---|---|---|\n"
            : "| key | value | required | meaning |\n|---|---|---|---|\n"
        return header + rows(keys, path: "", language: language).joined()
    }

    /// A row per key, then the rows of its own keys under its path.
    private static func rows(_ keys: [FrontMatterKey], path: String, language: SchemaLanguage) -> [String] {
        keys.flatMap { key -> [String] in
            let name = path + key.name
            let required = key.isRequired ? (language == .french ? "oui" : "yes") : ""
            let meaning = "**\(key.label.text(in: language)).** \(key.help.text(in: language))"
            let row = "| `\(name)` | \(cell(describe(key.kind, language))) | \(required) | \(cell(meaning)) |\n"
            switch key.kind {
            case .map(let children): return [row] + rows(children, path: name + ".", language: language)
            case .list(.map(let children)): return [row] + rows(children, path: name + "[].", language: language)
            default: return [row]
            }
        }
    }

    /// A `|` would end the cell.
    private static func cell(_ text: String) -> String {
        text.replacingOccurrences(of: "|", with: "\\|")
    }

    /// What a value of this kind is, in a few words.
    static func describe(_ kind: FrontMatterKey.Kind, _ language: SchemaLanguage) -> String {
        let french = language == .french
        switch kind {
        case .text: return french ? "texte" : "text"
        case .longText: return french ? "texte long" : "long text"
        case .date: return "date"
        case .dateTime: return french ? "date, ou date et heure" : "date, or date and time"
        case .bool: return french ? "`true` ou `false`" : "`true` or `false`"
        case .integer(let bounds):
            return french ? "nombre entier de \(bounds.lowerBound) à \(bounds.upperBound)"
                          : "whole number from \(bounds.lowerBound) to \(bounds.upperBound)"
        case .choice(let choices):
            let values = choices.map { "`\($0.value)`" }.joined(separator: ", ")
            return (french ? "l’une des valeurs " : "one of ") + values
        case .pageSlug(let type):
            return french ? "slug d’une page de type `\(type.rawValue)`" : "slug of a `\(type.rawValue)` page"
        case .pagePath(let type):
            return french ? "chemin d’une page de type `\(type.rawValue)` (`/…/`)" : "path of a `\(type.rawValue)` page (`/…/`)"
        case .configuredForm:
            return french ? "id d’un formulaire de site.yaml (`forms`)" : "id of a form of site.yaml (`forms`)"
        case .file(.image): return french ? "chemin d’une image" : "path of an image"
        case .file(.document): return french ? "chemin d’un document (PDF)" : "path of a document (PDF)"
        case .url: return french ? "adresse `https://` ou chemin du site" : "`https://` address or path on this site"
        case .sitePath: return french ? "chemin du site (`/…/`)" : "path on this site (`/…/`)"
        case .list(.map): return french ? "liste de groupes de clés (ci-dessous)" : "list of maps (keys below)"
        case .list(let item): return (french ? "liste de : " : "list of: ") + describe(item, language)
        case .map: return french ? "groupe de clés (ci-dessous)" : "map (keys below)"
        case .freeMap: return french ? "données libres (clés et valeurs)" : "free map (any keys and values)"
        }
    }
}
