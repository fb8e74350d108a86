/// The text of a file read from disk, named as the person typed its path, so that
/// diagnostics point at a place their editor can open.
public struct SourceText: Sendable {
    /// Path shown in diagnostics: `content/actualites/ag.md`.
    public let path: String
    public let text: String

    public init(path: String, text: String) {
        self.path = path
        self.text = text
    }

    /// The 1-based line `number`, without its line break.
    /// On bytes, up to that line: every value read from front matter keeps its line, and
    /// splitting the whole text into characters for each was most of validating a long
    /// site.yaml (issue 15).
    public func line(_ number: Int) -> String? {
        guard number >= 1 else { return nil }
        let utf8 = text.utf8
        var start = utf8.startIndex
        for _ in 1..<number {
            guard let lineBreak = utf8[start...].firstIndex(of: UInt8(ascii: "\n")) else { return nil }
            start = utf8.index(after: lineBreak)
        }
        var line = utf8[start...].prefix { $0 != UInt8(ascii: "\n") }
        if line.last == UInt8(ascii: "\r") { line = line.dropLast() }
        return String(Substring(line))
    }

    public func location(line: Int, column: Int) -> SourceLocation {
        SourceLocation(file: path, line: line, column: column)
    }

    /// An error at `line:column` of this file, with the line's text for the caret display.
    public func error(line: Int, column: Int, _ message: String, french: String?) -> Diagnostic {
        Diagnostic(.error, at: location(line: line, column: column), sourceLine: self.line(line), message, french: french)
    }

    public func warning(line: Int, column: Int, _ message: String, french: String?) -> Diagnostic {
        Diagnostic(.warning, at: location(line: line, column: column), sourceLine: self.line(line), message, french: french)
    }
}
