import Foundation
import Yams

/// A page's front matter as the fields of a form, both ways, derived from its type's schema:
/// each field's `name` is the key path (`title`, `location.city`, `tags.0`, `leads.1.name`),
/// a date-time key has a second field `<key>.heure`. A key whose fields come back as they
/// were shown is not touched, so that an unchanged page saves byte for byte.
public struct PageForm: Sendable {
    public let schema: PageSchema
    public let isFrench: Bool
    /// A section's list page (`actualites/_index.md`): it has the common keys only.
    public let isListPage: Bool

    public init(type: PageType, language: String, relativePath: String? = nil) {
        schema = type.schema
        isFrench = language != "en"
        isListPage = relativePath.map { $0 != "_index.md" && $0.hasSuffix("_index.md") && type.isListedInSection } ?? false
    }

    /// The keys the form shows: the common and the type's, but not those for developers
    /// (`layout`, `extra`…), which stay as they are in the file.
    public var keys: [FrontMatterKey] {
        (isListPage ? PageSchema.common : schema.allKeys).filter { !$0.isAdvanced && !Self.handledApart.contains($0.name) }
    }

    /// Keys with a control of their own in the editor: draft and scheduling are one choice.
    static let handledApart: Set<String> = ["draft", "publish_date", "expiry_date"]

    // MARK: File → fields

    /// The text of every field for the values of a file's front matter.
    public static func fields(of values: [String: EditValue], keys: [FrontMatterKey]) -> [String: String] {
        var fields: [String: String] = [:]
        for key in keys {
            if let value = values[key.name] { add(value, of: key.kind, name: key.name, to: &fields) }
        }
        return fields
    }

    private static func add(_ value: EditValue, of kind: FrontMatterKey.Kind, name: String, to fields: inout [String: String]) {
        switch (kind, value) {
        case (.date, .text(let text)), (.date, .literal(let text)), (.dateTime, .text(let text)), (.dateTime, .literal(let text)):
            let (day, time) = displayDate(text)
            fields[name] = day
            if case .dateTime = kind, let time { fields[name + ".heure"] = time }
        case (.list(let itemKind), .list(let items)):
            for (index, item) in items.enumerated() { add(item, of: itemKind, name: "\(name).\(index)", to: &fields) }
        case (.map(let keys), .map(let entries)):
            for entry in entries {
                if let key = keys.first(where: { $0.name == entry.key }) { add(entry.value, of: key.kind, name: "\(name).\(entry.key)", to: &fields) }
            }
        case (_, .text(let text)), (_, .literal(let text)):
            fields[name] = text
        default:
            break
        }
    }

    /// `2027-01-15T18:30` → (`15/01/2027`, `18h30`); a value it cannot read is shown as written.
    static func displayDate(_ text: String) -> (day: String, time: String?) {
        let bytes = Array(text.utf8)
        guard bytes.count >= 10, bytes[4] == 45, bytes[7] == 45 else { return (text, nil) }
        let day = "\(text.dropFirst(8).prefix(2))/\(text.dropFirst(5).prefix(2))/\(text.prefix(4))"
        guard bytes.count >= 16, bytes[10] == 84 || bytes[10] == 32 else { return (day, nil) }
        return (day, "\(text.dropFirst(11).prefix(2))h\(text.dropFirst(14).prefix(2))")
    }

    /// The top-level values of a page's front matter (nil when it cannot be read).
    public static func values(ofPage text: String) -> [String: EditValue]? {
        let normalized = normalizedLineEndings(text)
        let lines = normalized.split(separator: "\n", omittingEmptySubsequences: false)
        guard let close = frontMatterClosingLine(lines) else {
            return nil
        }
        guard let node = try? Yams.compose(yaml: lines[1..<close].joined(separator: "\n")) else { return [:] }
        guard case .mapping(let mapping) = node else { return nil }
        var values: [String: EditValue] = [:]
        for (key, value) in mapping {
            if let name = key.scalar?.string { values[name] = EditValue(value) }
        }
        return values
    }

    /// The Markdown after the front matter.
    public static func body(ofPage text: String) -> String {
        String(RawPage(relativePath: "page.md", source: SourceText(path: "page.md", text: normalizedLineEndings(text))).body)
    }

    // MARK: Fields → changes

    /// The posted fields, read back: the keys whose fields changed, with their new value (nil:
    /// remove the key), and the errors found before validation, by field name, in the site's language.
    public func changes(posted: [String: String], shown: [String: String], keys: [FrontMatterKey]? = nil) -> (changes: [(key: String, value: EditValue?)], errors: [String: String]) {
        var changes: [(key: String, value: EditValue?)] = []
        var errors: [String: String] = [:]
        for key in keys ?? self.keys {
            let prefix = key.name + "."
            let before = shown.filter { $0.key == key.name || $0.key.hasPrefix(prefix) }
            let after = posted.filter { ($0.key == key.name || $0.key.hasPrefix(prefix)) && !$0.value.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty }
                .mapValues { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
            if case .bool = key.kind {
                let checked = posted[key.name] != nil
                let wasChecked = shown[key.name] == "true"
                if checked != wasChecked { changes.append((key.name, checked ? .literal("true") : nil)) }
                continue
            }
            // A required field left empty is an error even when it was empty before (a new page).
            if after.isEmpty, key.isRequired {
                errors[key.name] = required()
                continue
            }
            if before.mapValues({ $0.trimmingCharacters(in: .whitespacesAndNewlines) }).filter({ !$0.value.isEmpty }) == after { continue }
            if after.isEmpty {
                if key.isRequired { errors[key.name] = required() } else { changes.append((key.name, nil)) }
                continue
            }
            let errorCount = errors.count
            switch read(key, name: key.name, fields: after, errors: &errors) {
            case let value?: changes.append((key.name, value))
            case nil where key.isRequired && errors.count == errorCount: errors[key.name] = required()
            case nil: break
            }
        }
        return (changes, errors)
    }

    private func required() -> String {
        isFrench ? "Ce champ est obligatoire." : "This field is required."
    }

    /// One key's value from its fields (`fields` holds only non-empty ones).
    private func read(_ key: FrontMatterKey, name: String, fields: [String: String], errors: inout [String: String]) -> EditValue? {
        read(key.kind, name: name, fields: fields, errors: &errors)
    }

    private func read(_ kind: FrontMatterKey.Kind, name: String, fields: [String: String], errors: inout [String: String]) -> EditValue? {
        switch kind {
        case .date, .dateTime:
            let isDateTime: Bool
            if case .dateTime = kind { isDateTime = true } else { isDateTime = false }
            switch FrenchDateInput.value(day: fields[name] ?? "", time: fields[name + ".heure"], allowsTime: isDateTime) {
            case .success(let value): return value.map(EditValue.literal)
            case .failure(let problem):
                errors[name] = problem.message(french: isFrench)
                return nil
            }
        case .integer(let bounds):
            guard let text = fields[name] else { return nil }
            guard let value = Int(text), bounds.contains(value) else {
                errors[name] = isFrench ? "Indiquez un nombre entier entre \(bounds.lowerBound) et \(bounds.upperBound)."
                    : "Give a whole number between \(bounds.lowerBound) and \(bounds.upperBound)."
                return nil
            }
            return .literal(String(value))
        case .choice(let choices):
            guard let text = fields[name] else { return nil }
            guard choices.contains(where: { $0.value == text }) else {
                errors[name] = isFrench ? "Choisissez une des valeurs proposées." : "Choose one of the values offered."
                return nil
            }
            return .text(text)
        case .bool:
            return fields[name].map { _ in .literal("true") }
        case .list(let itemKind):
            let prefix = name + "."
            let indexes = Set(fields.keys.compactMap { field -> Int? in
                guard field.hasPrefix(prefix) else { return nil }
                return Int(field.dropFirst(prefix.count).prefix { $0 != "." })
            }).sorted()
            let items = indexes.compactMap { index -> EditValue? in
                let itemName = "\(name).\(index)"
                return read(itemKind, name: itemName, fields: fields.filter { $0.key == itemName || $0.key.hasPrefix(itemName + ".") }, errors: &errors)
            }
            return items.isEmpty ? nil : .list(items)
        case .map(let keys):
            var entries: [EditValue.Entry] = []
            for key in keys {
                let childName = "\(name).\(key.name)"
                if let value = read(key.kind, name: childName, fields: fields.filter { $0.key == childName || $0.key.hasPrefix(childName + ".") }, errors: &errors) {
                    entries.append(.init(key.name, value))
                }
            }
            return entries.isEmpty ? nil : .map(entries)
        case .freeMap:
            return nil
        case .text, .longText, .pageSlug, .pagePath, .configuredForm, .file, .url, .sitePath:
            return fields[name].map(EditValue.text)
        }
    }
}
