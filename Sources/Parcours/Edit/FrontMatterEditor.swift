import Foundation
import Yams

/// Where the front matter stands in a page's lines (LF only): the index of its closing
/// `---` (or `...`) line, when the first line opens it. The editor's one reading of it.
public func frontMatterClosingLine<S: StringProtocol>(_ lines: [S]) -> Int? {
    guard lines.first?.trimmingCharacters(in: .whitespaces) == "---" else { return nil }
    return lines.indices.dropFirst().first { ["---", "..."].contains(lines[$0].trimmingCharacters(in: .whitespaces)) }
}

/// A value the editor writes into front matter.
public indirect enum EditValue: Sendable, Hashable {
    /// Text, quoted when plain YAML would read it as something else.
    case text(String)
    /// A date, a number, true or false: written as is.
    case literal(String)
    case list([EditValue])
    case map([Entry])

    public struct Entry: Sendable, Hashable {
        public var key: String
        public var value: EditValue
        public init(_ key: String, _ value: EditValue) {
            self.key = key
            self.value = value
        }
    }

    /// The same value, whether it was written quoted or not.
    func sameValue(as other: EditValue) -> Bool {
        switch (self, other) {
        case (.text(let a), .text(let b)), (.text(let a), .literal(let b)), (.literal(let a), .text(let b)), (.literal(let a), .literal(let b)):
            return a == b
        case (.list(let a), .list(let b)):
            return a.count == b.count && zip(a, b).allSatisfy { $0.sameValue(as: $1) }
        case (.map(let a), .map(let b)):
            return a.count == b.count && zip(a, b).allSatisfy { $0.key == $1.key && $0.value.sameValue(as: $1.value) }
        default:
            return false
        }
    }

    /// A parsed node as the editor sees it.
    init(_ node: Node) {
        switch node {
        case .scalar(let scalar): self = .text(scalar.string)
        case .sequence(let sequence): self = .list(sequence.map(EditValue.init))
        case .mapping(let mapping): self = .map(mapping.map { Entry($0.key.scalar?.string ?? "", EditValue($0.value)) })
        case .alias: self = .text("")
        }
    }
}

/// Changes some keys of a page's front matter and keeps everything else as the person wrote
/// it: comments, key order, keys the editor does not know, quoting, line endings, the body.
/// Only the lines of a changed key are rewritten; a page saved without a change comes back
/// byte for byte. (A YAML library's emitter would rewrite the whole block and drop comments.)
public enum FrontMatterEditor {
    public enum Failure: Error, Sendable, Hashable {
        /// The page has no front matter the editor can read: it is left to a text editor.
        case unreadable(String)
    }

    /// - Parameter changes: top-level key → its new value, or nil to remove the key. A key
    ///   absent from `changes` is not touched; a map value changes only the keys it differs in.
    public static func apply(_ changes: [(key: String, value: EditValue?)], to file: String) throws(Failure) -> String {
        try editing(file) { lines throws(Failure) in
            guard let close = frontMatterClosingLine(lines) else {
                throw .unreadable("the page has no front matter between two '---' lines")
            }
            var yamlLines = Array(lines[1..<close])
            let root = try mapping(yamlLines, empty: Node.Mapping([]), what: "the front matter")
            guard editMapping(root, lines: &yamlLines, region: 0..<yamlLines.count, indent: 0, changes: changes) else { return false }
            lines.replaceSubrange(1..<close, with: yamlLines)
            return true
        }
    }

    /// The same for a whole YAML file (site.yaml): changes some top-level keys, keeps the rest.
    public static func applyToYAML(_ changes: [(key: String, value: EditValue?)], to file: String) throws(Failure) -> String {
        try editing(file) { lines throws(Failure) in
            let root = try mapping(lines, empty: nil, what: "the file")
            // A final line break is an empty last line: keys are added before it.
            let end = lines.last == "" ? lines.count - 1 : lines.count
            return editMapping(root, lines: &lines, region: 0..<end, indent: 0, changes: changes)
        }
    }

    /// Runs `edit` on the file's lines (LF, no byte order mark) and gives the file back with
    /// its own line endings and mark; unchanged when `edit` changed nothing.
    private static func editing(_ file: String, _ edit: (inout [String]) throws(Failure) -> Bool) throws(Failure) -> String {
        var lines = normalizedLineEndings(file).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard try edit(&lines) else { return file }
        var result = lines.joined(separator: "\n")
        if file.hasPrefix("\u{FEFF}") { result = "\u{FEFF}" + result }
        if file.contains("\r\n") { result = result.replacingOccurrences(of: "\n", with: "\r\n") }
        return result
    }

    /// The top-level mapping of YAML lines; `empty` stands for a text with no key at all.
    private static func mapping(_ lines: [String], empty: Node.Mapping?, what: String) throws(Failure) -> Node.Mapping {
        let parsed: Node?
        do {
            parsed = try Yams.compose(yaml: lines.joined(separator: "\n"))
        } catch {
            throw .unreadable("\(what) is not valid YAML: \(error)")
        }
        switch parsed {
        case .mapping(let mapping)?: return mapping
        case nil where empty != nil: return empty ?? Node.Mapping([])
        default: throw .unreadable("\(what) is not a list of 'key: value' lines")
        }
    }

    // MARK: Editing one block mapping

    /// Applies `changes` to the block mapping `mapping` whose keys stand at `indent` within
    /// `lines[region]`. Returns whether anything changed.
    private static func editMapping(_ mapping: Node.Mapping, lines: inout [String], region: Range<Int>, indent: Int,
                                    changes: [(key: String, value: EditValue?)]) -> Bool {
        let entries = Array(mapping)
        // Line index (0-based) where each key starts, and where its block ends.
        let starts = entries.map { ($0.key.mark?.line ?? 1) - 1 }
        var blocks: [Range<Int>] = []
        for (index, start) in starts.enumerated() {
            var end = index + 1 < starts.count ? starts[index + 1] : region.upperBound
            // Blank lines and comments before the next key belong to it (or to the end).
            while end - 1 > start, isBlankOrComment(lines[end - 1]) { end -= 1 }
            blocks.append(start..<max(end, start + 1))
        }
        var edits: [(range: Range<Int>, lines: [String])] = []
        var appended: [String] = []
        for (key, newValue) in changes {
            guard let index = entries.firstIndex(where: { $0.key.scalar?.string == key }) else {
                if let newValue { appended += serialize(key: key, value: newValue, indent: indent) }
                continue
            }
            let oldNode = entries[index].value
            let block = blocks[index]
            guard let newValue else {
                edits.append((block, []))
                continue
            }
            if EditValue(oldNode).sameValue(as: newValue) { continue }
            let valueLine = (oldNode.mark?.line ?? 0) - 1
            // A block map whose keys change: edit inside it, keeping its comments.
            if case .mapping(let child) = oldNode, case .map(let entries) = newValue, valueLine > block.lowerBound,
               let childIndent = child.keys.first?.mark.map({ $0.column - 1 }) {
                let childChanges = entries.map { (key: $0.key, value: Optional($0.value)) }
                    + child.keys.compactMap(\.scalar?.string).filter { old in !entries.contains { $0.key == old } }.map { (key: $0, value: EditValue?.none) }
                var inner = lines
                if editMapping(child, lines: &inner, region: (block.lowerBound + 1)..<block.upperBound, indent: childIndent, changes: childChanges) {
                    let delta = inner.count - lines.count
                    edits.append((block, Array(inner[block.lowerBound..<(block.upperBound + delta)])))
                }
                continue
            }
            // A one-line scalar: replace the value, keep a comment at the end of the line.
            if case .scalar(let scalar) = oldNode, valueLine == block.lowerBound, block.count == 1, !isBlockScalar(scalar), newValue.isScalar,
               let comment = trailingComment(lines[valueLine], valueColumn: (oldNode.mark?.column ?? 1) - 1, style: scalar.style) {
                let keyText = String(lines[valueLine].prefix((oldNode.mark?.column ?? 1) - 1))
                edits.append((valueLine..<(valueLine + 1), [keyText + scalarText(newValue, keepingStyleOf: scalar) + comment]))
                continue
            }
            edits.append((block, serialize(key: key, value: newValue, indent: indent)))
        }
        guard !edits.isEmpty || !appended.isEmpty else { return false }
        // Bottom to top, so that earlier line numbers stay right.
        if !appended.isEmpty {
            let end = blocks.last?.upperBound ?? region.lowerBound
            lines.insert(contentsOf: appended, at: end)
        }
        for edit in edits.sorted(by: { $0.range.lowerBound > $1.range.lowerBound }) {
            lines.replaceSubrange(edit.range, with: edit.lines)
        }
        return true
    }

    private static func isBlankOrComment(_ line: String) -> Bool {
        let trimmed = line.trimmingCharacters(in: .whitespaces)
        return trimmed.isEmpty || trimmed.hasPrefix("#")
    }

    private static func isBlockScalar(_ scalar: Node.Scalar) -> Bool {
        scalar.style == .literal || scalar.style == .folded
    }

    /// The ` # comment` after a one-line value (empty when there is none), or nil when the
    /// value cannot be told apart from it.
    private static func trailingComment(_ line: String, valueColumn: Int, style: Node.Scalar.Style) -> String? {
        let characters = Array(line.unicodeScalars)
        guard valueColumn <= characters.count else { return nil }
        var index = valueColumn
        switch style {
        case .doubleQuoted, .singleQuoted:
            let quote: Unicode.Scalar = style == .doubleQuoted ? "\"" : "'"
            index += 1
            while index < characters.count {
                if style == .doubleQuoted, characters[index] == "\\" { index += 2; continue }
                if characters[index] == quote {
                    if style == .singleQuoted, index + 1 < characters.count, characters[index + 1] == "'" { index += 2; continue }
                    break
                }
                index += 1
            }
            guard index < characters.count else { return nil } // a quoted value over several lines
            index += 1
        default:
            while index < characters.count {
                if characters[index] == "#", index > valueColumn, characters[index - 1] == " " || characters[index - 1] == "\t" {
                    // Back to the end of the value: the spaces before the comment are kept.
                    while index - 1 > valueColumn, characters[index - 1] == " " || characters[index - 1] == "\t" { index -= 1 }
                    break
                }
                index += 1
            }
        }
        var rest = String(String.UnicodeScalarView(characters[min(index, characters.count)...]))
        // Keep the spaces before the comment, drop those after the value alone.
        if rest.trimmingCharacters(in: .whitespaces).isEmpty { rest = "" }
        return rest
    }

    // MARK: Writing values

    /// `key: value` as the lines of a new file (top level).
    public static func serializedLines(key: String, value: EditValue) -> [String] {
        serialize(key: key, value: value, indent: 0)
    }

    static func serialize(key: String, value: EditValue, indent: Int) -> [String] {
        let pad = String(repeating: " ", count: indent)
        switch value {
        case .text, .literal:
            return ["\(pad)\(key): \(scalarText(value))"]
        case .list(let items):
            guard !items.isEmpty else { return ["\(pad)\(key): []"] }
            return ["\(pad)\(key):"] + items.flatMap { listItem($0, indent: indent + 2) }
        case .map(let entries):
            guard !entries.isEmpty else { return ["\(pad)\(key): {}"] }
            return ["\(pad)\(key):"] + entries.flatMap { serialize(key: $0.key, value: $0.value, indent: indent + 2) }
        }
    }

    private static func listItem(_ value: EditValue, indent: Int) -> [String] {
        let pad = String(repeating: " ", count: indent)
        switch value {
        case .text, .literal:
            return ["\(pad)- \(scalarText(value))"]
        case .list(let items):
            guard !items.isEmpty else { return ["\(pad)- []"] }
            return ["\(pad)-"] + items.flatMap { listItem($0, indent: indent + 2) }
        case .map(let entries):
            guard let first = entries.first else { return ["\(pad)- {}"] }
            var lines = serialize(key: first.key, value: first.value, indent: indent + 2)
            lines[0] = pad + "- " + lines[0].dropFirst(indent + 2)
            return lines + entries.dropFirst().flatMap { serialize(key: $0.key, value: $0.value, indent: indent + 2) }
        }
    }

    /// A value that was quoted stays quoted (the person chose it, or the value needs it).
    static func scalarText(_ value: EditValue, keepingStyleOf old: Node.Scalar) -> String {
        guard case .text(let text) = value else { return scalarText(value) }
        switch old.style {
        case .doubleQuoted: return doubleQuoted(text)
        case .singleQuoted where !text.contains("\n"): return "'" + text.replacingOccurrences(of: "'", with: "''") + "'"
        default: return scalarText(value)
        }
    }

    static func scalarText(_ value: EditValue) -> String {
        switch value {
        case .literal(let text): return text
        case .text(let text): return isSafePlain(text) ? text : doubleQuoted(text)
        default: return ""
        }
    }

    /// Text that plain YAML reads back as the same text.
    static func isSafePlain(_ text: String) -> Bool {
        guard let first = text.unicodeScalars.first, let last = text.unicodeScalars.last else { return false }
        if " \t".unicodeScalars.contains(first) || " \t".unicodeScalars.contains(last) { return false }
        if "-?:,[]{}#&*!|>'\"%@`".unicodeScalars.contains(first) { return false }
        if text.contains(": ") || text.contains(" #") || text.hasSuffix(":") { return false }
        if text.unicodeScalars.contains(where: { $0.properties.generalCategory == .control || $0 == "\u{2028}" || $0 == "\u{2029}" || $0 == "\u{FEFF}" }) {
            return false
        }
        // Words YAML reads as true, false or nothing, and anything that looks like a number or a date.
        let lower = text.lowercased()
        if ["true", "false", "yes", "no", "on", "off", "y", "n", "null", "~"].contains(lower) { return false }
        if text.unicodeScalars.allSatisfy({ "0123456789+-.:_eExXoObB".unicodeScalars.contains($0) }) { return false }
        if lower == ".inf" || lower == "-.inf" || lower == ".nan" { return false }
        return true
    }

    static func doubleQuoted(_ text: String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\t": result += "\\t"
            case "\r": result += "\\r"
            default:
                if scalar.properties.generalCategory == .control || scalar == "\u{2028}" || scalar == "\u{2029}" || scalar == "\u{FEFF}" {
                    result += String(format: "\\u%04X", scalar.value)
                } else {
                    result.unicodeScalars.append(scalar)
                }
            }
        }
        return result + "\""
    }
}

extension EditValue {
    var isScalar: Bool {
        switch self {
        case .text, .literal: return true
        default: return false
        }
    }
}
