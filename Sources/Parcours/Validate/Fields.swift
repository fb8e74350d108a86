import Foundation
import Yams

/// Reads the keys of one YAML mapping into typed values. Every problem becomes a
/// diagnostic pointing at the offending key or value; a bad value reads as nil, so that
/// validation goes on and reports every error of the file at once.
struct Fields {
    let document: YAMLDocument
    let mapping: Node.Mapping
    /// `location.` inside a nested map, so messages name the full key.
    let prefix: String
    /// Who owns these keys, for "missing required key": `a news page`, `une actualité`.
    let owner: Wording
    let timeZone: TimeZone
    /// The values by key, as `mapping[key]` finds them (the last of a repeated key), found
    /// once: Yams's subscript compares the key with every pair, and validation asks for
    /// some forty keys per page (issue 15).
    private let valuesByKey: [String: Node]

    init(_ mapping: Node.Mapping, in document: YAMLDocument, prefix: String = "", owner: Wording, timeZone: TimeZone) {
        self.document = document
        self.mapping = mapping
        self.prefix = prefix
        self.owner = owner
        self.timeZone = timeZone
        var valuesByKey: [String: Node] = [:]
        for (key, value) in mapping {
            // The key `mapping[string]` would match: the same text, resolved as a string.
            if let string = key.scalar?.string, key == Node(string, mapping.tag.copy(with: .implicit)) {
                valuesByKey[string] = value
            }
        }
        self.valuesByKey = valuesByKey
    }

    var keys: [String] { mapping.keys.compactMap(\.scalar?.string) }

    func node(_ key: String) -> Node? {
        guard let value = valuesByKey[key] else { return nil }
        if case .scalar(let scalar) = value, scalar.isNull { return nil }
        return value
    }

    func keyMark(_ key: String) -> Mark? {
        mapping.keys.first { $0.scalar?.string == key }?.mark
    }

    func location(of key: String) -> SourceLocation {
        document.sourceLocation(of: node(key)?.mark ?? keyMark(key) ?? mapping.mark)
    }

    func has(_ key: String) -> Bool { node(key) != nil }

    func name(_ key: String) -> String { prefix + key }

    private func missing(_ key: String) {
        document.error(at: mapping.mark, "missing required key '\(name(key))' for \(owner.english)",
                       french: "clé obligatoire '\(name(key))' manquante pour \(owner.french)")
    }

    // MARK: Scalars

    func string(_ key: String, required: Bool = false) -> String? {
        guard let node = node(key) else {
            if required { missing(key) }
            return nil
        }
        return Fields.text(node, name: name(key), in: document)
    }

    func located(_ key: String, required: Bool = false) -> Located<String>? {
        guard let value = string(key, required: required) else { return nil }
        let place = location(of: key)
        return Located(value, at: place, sourceLine: document.source.line(place.line))
    }

    /// A whole number within `bounds`: every number of the content model has bounds, so
    /// that no arithmetic on it can overflow.
    func int(_ key: String, in bounds: ClosedRange<Int>, required: Bool = false) -> Int? {
        guard let node = node(key) else {
            if required { missing(key) }
            return nil
        }
        guard let value = Fields.int(node, name: name(key), in: document) else { return nil }
        guard bounds.contains(value) else {
            let range = bounds.upperBound == Int.max ? "\(bounds.lowerBound) or more" : "between \(bounds.lowerBound) and \(bounds.upperBound)"
            let frenchRange = bounds.upperBound == Int.max ? "un nombre d’au moins \(bounds.lowerBound)" : "un nombre entre \(bounds.lowerBound) et \(bounds.upperBound)"
            document.error(at: node.mark, "'\(name(key))' must be \(range), not \(value)",
                           french: "'\(name(key))' doit être \(frenchRange), pas \(value)")
            return nil
        }
        return value
    }

    func bool(_ key: String) -> Bool? {
        guard let node = node(key) else { return nil }
        guard case .scalar(let scalar) = node else {
            document.error(at: node.mark, "'\(name(key))' must be true or false, not \(node.kindDescription)",
                           french: "'\(name(key))' doit valoir true (oui) ou false (non), pas \(node.frenchKindDescription)")
            return nil
        }
        switch scalar.string.lowercased() {
        case "true": return true
        case "false": return false
        default:
            document.error(at: node.mark, "'\(name(key))' must be true or false, not \"\(scalar.string)\"",
                           french: "'\(name(key))' doit valoir true (oui) ou false (non), pas \"\(scalar.string)\"")
            return nil
        }
    }

    func date(_ key: String, required: Bool = false) -> ContentDate? {
        guard let node = node(key) else {
            if required { missing(key) }
            return nil
        }
        return Fields.date(node, name: name(key), in: document, timeZone: timeZone)
    }

    /// A value among `choices`, with a "did you mean" for a near miss.
    func choice(_ key: String, from choices: [String], required: Bool = false) -> String? {
        guard let value = string(key, required: required) else { return nil }
        return Fields.choice(value, at: node(key)?.mark, name: name(key), from: choices, in: document)
    }

    // MARK: Collections

    func strings(_ key: String) -> [String] {
        items(key).compactMap { Fields.text($0, name: name(key), in: document) }
    }

    /// The items of a list; a single value where a list is expected is an error.
    func items(_ key: String, required: Bool = false) -> [Node] {
        guard let node = node(key) else {
            if required { missing(key) }
            return []
        }
        guard case .sequence(let sequence) = node else {
            document.error(at: node.mark, "'\(name(key))' must be a list, not \(node.kindDescription) (write [a, b] or one '- item' per line)",
                           french: "'\(name(key))' doit être une liste, pas \(node.frenchKindDescription) (écrivez [a, b], ou un élément par ligne commençant par '- ')")
            return []
        }
        return Array(sequence)
    }

    func map(_ key: String, owner: Wording? = nil, required: Bool = false) -> Fields? {
        guard let node = node(key) else {
            if required { missing(key) }
            return nil
        }
        return Fields.map(node, name: name(key), in: document, owner: owner ?? Wording("'\(name(key))'", french: "'\(name(key))'"),
                          timeZone: timeZone)
    }

    /// Each item of a list of maps, read with `read`.
    func maps<T>(_ key: String, required: Bool = false, _ read: (Fields) -> T?) -> [T] {
        items(key, required: required).compactMap { item in
            Fields.map(item, name: name(key), in: document,
                       owner: Wording("an item of '\(name(key))'", french: "un élément de '\(name(key))'"), timeZone: timeZone)
                .flatMap(read)
        }
    }

    /// Reports every key that is not in `known`, with the closest known key as a hint.
    func rejectUnknownKeys(_ known: [String]) {
        // A search of the list, not a set: a schema has a few dozen keys, and a page a few;
        // hashing them all cost more than comparing (issue 15).
        for key in mapping.keys {
            guard let text = key.scalar?.string, !known.contains(text) else { continue }
            let hint = Suggestion.closest(to: text, in: known)
            let advice = hint.map { Suggestion.worded(match: prefix + $0) }
                ?? Wording(" (known keys: \(known.joined(separator: ", ")))", french: " (clés possibles : \(known.joined(separator: ", ")))")
            document.error(at: key.mark, "unknown key '\(name(text))' for \(owner.english)\(advice.english)",
                           french: "clé inconnue '\(name(text))' pour \(owner.french)\(advice.french)")
        }
    }

    // MARK: Node conversions, shared with list items

    static func text(_ node: Node, name: String, in document: YAMLDocument) -> String? {
        guard case .scalar(let scalar) = node else {
            document.error(at: node.mark, "'\(name)' must be text, not \(node.kindDescription)",
                           french: "'\(name)' doit être un texte, pas \(node.frenchKindDescription)")
            return nil
        }
        return scalar.string
    }

    static func int(_ node: Node, name: String, in document: YAMLDocument) -> Int? {
        guard case .scalar(let scalar) = node, let value = Int(scalar.string) else {
            let digits = node.scalar?.string.drop { $0 == "-" || $0 == "+" } ?? ""
            let tooLarge = !digits.isEmpty && digits.allSatisfy(\.isASCII) && digits.allSatisfy(\.isNumber)
            document.error(at: node.mark, "'\(name)' must be a whole number, not \(tooLarge ? "a number this large" : node.kindDescription)",
                           french: "'\(name)' doit être un nombre entier, pas \(tooLarge ? "un nombre aussi grand" : node.frenchKindDescription)")
            return nil
        }
        return value
    }

    static func date(_ node: Node, name: String, in document: YAMLDocument, timeZone: TimeZone) -> ContentDate? {
        guard case .scalar(let scalar) = node else {
            document.error(at: node.mark, "'\(name)' must be a date, not \(node.kindDescription) (\(ContentDate.expectedFormat))",
                           french: "'\(name)' doit être une date, pas \(node.frenchKindDescription) (\(ContentDate.frenchExpectedFormat))")
            return nil
        }
        guard let date = ContentDate.parse(scalar.string, timeZone: timeZone) else {
            let hasOffset = scalar.string.count > 16 && scalar.string.dropFirst(16).contains(where: { $0 == "+" || $0 == "-" })
            let offset = hasOffset ? "; a time zone offset lies between -18:00 and +18:00" : ""
            let frenchOffset = hasOffset ? " ; un décalage horaire est compris entre -18:00 et +18:00" : ""
            let suggestion = ContentDate.wordedSuggestion(for: scalar.string)
            let hint = suggestion.map { "; did you mean \($0.english)?" } ?? ""
            let frenchHint = suggestion.map { " ; vouliez-vous dire \($0.french) ?" } ?? ""
            document.error(at: node.mark, "'\(name)' is not a date: \"\(scalar.string)\" (\(ContentDate.expectedFormat)\(offset)\(hint))",
                           french: "'\(name)' n’est pas une date : \"\(scalar.string)\" (\(ContentDate.frenchExpectedFormat)\(frenchOffset)\(frenchHint))")
            return nil
        }
        return date
    }

    static func choice(_ value: String, at mark: Mark?, name: String, from choices: [String], in document: YAMLDocument) -> String? {
        guard choices.contains(value) else {
            let hint = Suggestion.worded(for: value, in: choices)
            document.error(at: mark, "'\(name)' must be one of \(choices.joined(separator: ", ")), not \"\(value)\"\(hint.english)",
                           french: "'\(name)' doit être l’une des valeurs \(choices.joined(separator: ", ")), pas \"\(value)\"\(hint.french)")
            return nil
        }
        return value
    }

    static func map(_ node: Node, name: String, in document: YAMLDocument, owner: Wording, timeZone: TimeZone) -> Fields? {
        guard case .mapping(let mapping) = node else {
            document.error(at: node.mark, "'\(name)' must be a map of keys (key: value), not \(node.kindDescription)",
                           french: "'\(name)' doit être un groupe de clés (clé: valeur), pas \(node.frenchKindDescription)")
            return nil
        }
        return Fields(mapping, in: document, prefix: name + ".", owner: owner, timeZone: timeZone)
    }
}

/// A value with the place it was written, for checks made after validation (references).
public struct Located<Value: Sendable & Hashable>: Sendable, Hashable {
    public var value: Value
    public var location: SourceLocation
    /// The text of the line, for the caret display.
    public var sourceLine: String?

    init(_ value: Value, at location: SourceLocation, sourceLine: String? = nil) {
        self.value = value
        self.location = location
        self.sourceLine = sourceLine
    }

    func error(_ message: String, french: String) -> Diagnostic {
        Diagnostic(.error, at: location, sourceLine: sourceLine, message, french: french)
    }
}

extension Node.Scalar {
    /// A plain `~`, `null` or nothing: the key is there with no value.
    var isNull: Bool {
        style == .plain && ["", "~", "null", "Null", "NULL"].contains(string)
    }
}
