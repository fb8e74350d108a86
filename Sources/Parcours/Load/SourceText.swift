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
    public func line(_ number: Int) -> String? {
        guard number >= 1 else { return nil }
        var current = 1
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if current == number { return String(line.hasSuffix("\r") ? line.dropLast() : line) }
            current += 1
        }
        return nil
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
