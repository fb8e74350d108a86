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
    /// Who owns these keys, for "missing required key": `a news page`.
    let owner: String
    let timeZone: TimeZone

    init(_ mapping: Node.Mapping, in document: YAMLDocument, prefix: String = "", owner: String, timeZone: TimeZone) {
        self.document = document
        self.mapping = mapping
        self.prefix = prefix
        self.owner = owner
        self.timeZone = timeZone
    }

    var keys: [String] { mapping.keys.compactMap(\.scalar?.string) }

    func node(_ key: String) -> Node? {
        guard let value = mapping[key] else { return nil }
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
        document.error(at: mapping.mark, "missing required key '\(name(key))' for \(owner)")
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
            document.error(at: node.mark, "'\(name(key))' must be \(range), not \(value)")
            return nil
        }
        return value
    }

    func bool(_ key: String) -> Bool? {
        guard let node = node(key) else { return nil }
        guard case .scalar(let scalar) = node else {
            document.error(at: node.mark, "'\(name(key))' must be true or false, not \(node.kindDescription)")
            return nil
        }
        switch scalar.string.lowercased() {
        case "true": return true
        case "false": return false
        default:
            document.error(at: node.mark, "'\(name(key))' must be true or false, not \"\(scalar.string)\"")
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
            document.error(at: node.mark, "'\(name(key))' must be a list, not \(node.kindDescription) (write [a, b] or one '- item' per line)")
            return []
        }
        return Array(sequence)
    }

    func map(_ key: String, owner: String? = nil, required: Bool = false) -> Fields? {
        guard let node = node(key) else {
            if required { missing(key) }
            return nil
        }
        return Fields.map(node, name: name(key), in: document, owner: owner ?? "'\(name(key))'", timeZone: timeZone)
    }

    /// Each item of a list of maps, read with `read`.
    func maps<T>(_ key: String, required: Bool = false, _ read: (Fields) -> T?) -> [T] {
        items(key, required: required).compactMap { item in
            Fields.map(item, name: name(key), in: document, owner: "an item of '\(name(key))'", timeZone: timeZone)
                .flatMap(read)
        }
    }

    /// Reports every key that is not in `known`, with the closest known key as a hint.
    func rejectUnknownKeys(_ known: [String]) {
        let knownSet = Set(known)
        for key in mapping.keys {
            guard let text = key.scalar?.string, !knownSet.contains(text) else { continue }
            let hint = Suggestion.closest(to: text, in: known)
            let advice = hint.map { " (did you mean '\(prefix + $0)'?)" }
                ?? " (known keys: \(known.joined(separator: ", ")))"
            document.error(at: key.mark, "unknown key '\(name(text))' for \(owner)\(advice)")
        }
    }

    // MARK: Node conversions, shared with list items

    static func text(_ node: Node, name: String, in document: YAMLDocument) -> String? {
        guard case .scalar(let scalar) = node else {
            document.error(at: node.mark, "'\(name)' must be text, not \(node.kindDescription)")
            return nil
        }
        return scalar.string
    }

    static func int(_ node: Node, name: String, in document: YAMLDocument) -> Int? {
        guard case .scalar(let scalar) = node, let value = Int(scalar.string) else {
            let digits = node.scalar?.string.drop { $0 == "-" || $0 == "+" } ?? ""
            let tooLarge = !digits.isEmpty && digits.allSatisfy(\.isASCII) && digits.allSatisfy(\.isNumber)
            document.error(at: node.mark, "'\(name)' must be a whole number, not \(tooLarge ? "a number this large" : node.kindDescription)")
            return nil
        }
        return value
    }

    static func date(_ node: Node, name: String, in document: YAMLDocument, timeZone: TimeZone) -> ContentDate? {
        guard case .scalar(let scalar) = node else {
            document.error(at: node.mark, "'\(name)' must be a date, not \(node.kindDescription) (\(ContentDate.expectedFormat))")
            return nil
        }
        guard let date = ContentDate.parse(scalar.string, timeZone: timeZone) else {
            let offset = scalar.string.count > 16 && scalar.string.dropFirst(16).contains(where: { $0 == "+" || $0 == "-" })
                ? "; a time zone offset lies between -18:00 and +18:00" : ""
            let hint = ContentDate.suggestion(for: scalar.string).map { "; did you mean \($0)?" } ?? ""
            document.error(at: node.mark, "'\(name)' is not a date: \"\(scalar.string)\" (\(ContentDate.expectedFormat)\(offset)\(hint))")
            return nil
        }
        return date
    }

    static func choice(_ value: String, at mark: Mark?, name: String, from choices: [String], in document: YAMLDocument) -> String? {
        guard choices.contains(value) else {
            let hint = Suggestion.closest(to: value, in: choices).map { " (did you mean '\($0)'?)" } ?? ""
            document.error(at: mark, "'\(name)' must be one of \(choices.joined(separator: ", ")), not \"\(value)\"\(hint)")
            return nil
        }
        return value
    }

    static func map(_ node: Node, name: String, in document: YAMLDocument, owner: String, timeZone: TimeZone) -> Fields? {
        guard case .mapping(let mapping) = node else {
            document.error(at: node.mark, "'\(name)' must be a map of keys (key: value), not \(node.kindDescription)")
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

    func error(_ message: String) -> Diagnostic {
        Diagnostic(.error, at: location, sourceLine: sourceLine, message)
    }
}

extension Node.Scalar {
    /// A plain `~`, `null` or nothing: the key is there with no value.
    var isNull: Bool {
        style == .plain && ["", "~", "null", "Null", "NULL"].contains(string)
    }
}
