import Foundation
import Parcours
import Yams

/// The fields of the editor's form beyond the schema's own: publication as one plain
/// choice (publish now, schedule, draft), the Markdown body, and the errors of the pipeline
/// put beside the field they concern.
enum EditorFields {
    /// Draft and scheduling, as a communications officer thinks of them.
    enum Publication: String, CaseIterable {
        case now = "maintenant", scheduled = "programmer", draft = "brouillon"
    }

    static let schedulingKeys: [FrontMatterKey] = PageSchema.common.filter { ["publish_date", "expiry_date"].contains($0.name) }

    /// The text of every field for a page's values.
    static func shown(values: [String: EditValue], form: PageForm) -> [String: String] {
        var fields = PageForm.fields(of: values, keys: form.keys + schedulingKeys)
        fields["publication"] = publication(of: values).rawValue
        return fields
    }

    static func publication(of values: [String: EditValue]) -> Publication {
        if case .literal("true")? = values["draft"] { return .draft }
        if case .text("true")? = values["draft"] { return .draft }
        return values["publish_date"] != nil ? .scheduled : .now
    }

    /// The posted form read back: changed keys and errors by field.
    static func changes(posted: [String: String], shown: [String: String], form: PageForm) -> (changes: [(key: String, value: EditValue?)], errors: [String: String]) {
        var (changes, errors) = form.changes(posted: posted, shown: shown)
        let choice = posted["publication"].flatMap(Publication.init(rawValue:)) ?? .now
        let before = shown["publication"].flatMap(Publication.init(rawValue:)) ?? .now
        var scheduling = form.changes(posted: posted, shown: shown, keys: schedulingKeys)
        if choice != .scheduled {
            // The date of a schedule no longer chosen goes with it.
            scheduling.changes.removeAll { $0.key == "publish_date" }
            scheduling.errors["publish_date"] = nil
            if shown["publish_date"] != nil { changes.append(("publish_date", nil)) }
        } else if (posted["publish_date"] ?? "").trimmingCharacters(in: .whitespaces).isEmpty {
            errors["publish_date"] = form.isFrench ? "Indiquez la date de publication." : "Give the publication date."
        }
        changes += scheduling.changes
        errors.merge(scheduling.errors) { first, _ in first }
        if choice != before {
            changes.append(("draft", choice == .draft ? .literal("true") : nil))
        }
        return (changes, errors)
    }

    /// The page with its front matter changed and, when it differs, its new body.
    static func apply(_ changes: [(key: String, value: EditValue?)], body: String?, to text: String) throws -> String {
        var result = try FrontMatterEditor.apply(changes, to: text)
        guard let body else { return result }
        // Browsers send text areas with CRLF line endings: compare and write in the file's own.
        let newBody = body.replacingOccurrences(of: "\r\n", with: "\n")
        let oldBody = PageForm.body(ofPage: result)
        guard newBody.trimmingTrailingNewlines != oldBody.trimmingTrailingNewlines else { return result }
        let usesCRLF = result.contains("\r\n")
        var lines = result.replacingOccurrences(of: "\r\n", with: "\n").split(separator: "\n", omittingEmptySubsequences: false)
        guard let close = frontMatterClosingLine(lines) else {
            return result
        }
        lines.removeSubrange((close + 1)...)
        result = lines.joined(separator: "\n") + "\n" + newBody.trimmingTrailingNewlines + "\n"
        return usesCRLF ? result.replacingOccurrences(of: "\n", with: "\r\n") : result
    }

    /// A new page's file: its keys in the schema's order, then its body.
    static func newPage(_ changes: [(key: String, value: EditValue?)], body: String, order: [String]) -> String {
        let present = changes.compactMap { change in change.value.map { (change.key, $0) } }
        let sorted = present.sorted { (order.firstIndex(of: $0.0) ?? Int.max) < (order.firstIndex(of: $1.0) ?? Int.max) }
        var lines = ["---"]
        for (key, value) in sorted { lines += FrontMatterEditor.serializedLines(key: key, value: value) }
        lines.append("---")
        let text = body.replacingOccurrences(of: "\r\n", with: "\n").trimmingTrailingNewlines
        return lines.joined(separator: "\n") + "\n" + (text.isEmpty ? "" : text + "\n")
    }

    /// Each error of the pipeline beside its field: the key whose lines hold its location
    /// (`location.city`, `tags.1`); the others under "" (the summary only).
    static func errorsByField(_ diagnostics: [Diagnostic], text: String, form: PageForm) -> [String: String] {
        let language: SchemaLanguage = form.isFrench ? .french : .english
        let lines = text.replacingOccurrences(of: "\r\n", with: "\n").split(separator: "\n", omittingEmptySubsequences: false)
        let close = frontMatterClosingLine(lines) ?? lines.count
        // The front matter starts on the file's second line.
        return errorsByField(diagnostics, yaml: lines[1..<close].joined(separator: "\n"), firstLine: 2,
                             keys: form.keys + schedulingKeys, language: language)
    }

    /// The same for a YAML text whose first line is the file's line `firstLine`.
    static func errorsByField(_ diagnostics: [Diagnostic], yaml: String, firstLine: Int, keys: [FrontMatterKey],
                              language: SchemaLanguage) -> [String: String] {
        let root = try? Yams.compose(yaml: yaml)
        var errors: [String: String] = [:]
        let yamlLineCount = yaml.split(separator: "\n", omittingEmptySubsequences: false).count
        for diagnostic in diagnostics {
            let line = (diagnostic.location?.line ?? 0) - firstLine + 1
            // Past the front matter and its closing line: the Markdown body.
            if firstLine > 1, line > yamlLineCount + 1 {
                let message = diagnostic.message(in: language)
                errors["body"] = errors["body"].map { $0 + " " + message } ?? message
                continue
            }
            let field = root.flatMap { fieldName(at: line, in: $0, prefix: "") } ?? ""
            let name = keys.contains { field == $0.name || field.hasPrefix($0.name + ".") } ? field : ""
            let message = diagnostic.message(in: language)
            errors[name] = errors[name].map { $0 + " " + message } ?? message
        }
        return errors
    }

    /// The key path whose value stands on `line` (1-based, in the YAML).
    private static func fieldName(at line: Int, in node: Node, prefix: String) -> String? {
        switch node {
        case .mapping(let mapping):
            var found: String?
            for (key, value) in mapping {
                guard let name = key.scalar?.string, let keyLine = key.mark?.line, keyLine <= line else { continue }
                found = prefix + name
                if let deeper = fieldName(at: line, in: value, prefix: prefix + name + ".") { found = deeper }
            }
            return found
        case .sequence(let sequence):
            var found: String?
            for (index, item) in sequence.enumerated() {
                guard let itemLine = item.mark?.line, itemLine <= line else { continue }
                found = prefix + "\(index)"
                if let deeper = fieldName(at: line, in: item, prefix: prefix + "\(index).") { found = deeper }
            }
            return found
        default:
            return nil
        }
    }
}

extension String {
    var trimmingTrailingNewlines: String {
        var text = self
        while text.hasSuffix("\n") || text.hasSuffix("\r") { text.removeLast() }
        return text
    }
}
