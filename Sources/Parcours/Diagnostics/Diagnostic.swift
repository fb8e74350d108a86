/// A place in a source file, 1-based, as editors expect in `file:line:col`.
public struct SourceLocation: Sendable, Hashable {
    public var file: String
    public var line: Int
    public var column: Int

    public init(file: String, line: Int, column: Int) {
        self.file = file
        self.line = line
        self.column = column
    }
}

/// One problem found in the input, worded for the person who wrote it.
public struct Diagnostic: Sendable, Hashable, Error {
    public enum Severity: String, Sendable {
        case error, warning
    }

    public var severity: Severity
    public var location: SourceLocation?
    /// The text of the line the location points at, shown under the message with a caret.
    public var sourceLine: String?
    public var message: String

    public init(_ severity: Severity = .error, at location: SourceLocation?, sourceLine: String? = nil, _ message: String) {
        self.severity = severity
        self.location = location
        self.sourceLine = sourceLine
        self.message = message
    }

    public static func error(at location: SourceLocation?, sourceLine: String? = nil, _ message: String) -> Diagnostic {
        Diagnostic(.error, at: location, sourceLine: sourceLine, message)
    }

    /// Compiler style: `file:line:col: error: message`, then the line and a caret.
    public var formatted: String {
        var text = ""
        if let location {
            text = "\(location.file):\(location.line):\(location.column): "
        }
        text += "\(severity.rawValue): \(message)"
        if let sourceLine, let location {
            let shown = sourceLine.replacingTabs()
            let padding = String(repeating: " ", count: max(0, location.column - 1))
            text += "\n    \(shown)\n    \(padding)^"
        }
        return text
    }
}

extension Array where Element == Diagnostic {
    public var errorCount: Int { filter { $0.severity == .error }.count }
    public var warningCount: Int { filter { $0.severity == .warning }.count }
    public var hasErrors: Bool { contains { $0.severity == .error } }

    /// Every diagnostic, then the count line: what `parcours build` prints on failure.
    public var report: String {
        let sorted = self.sorted { a, b in
            let la = a.location, lb = b.location
            if la?.file != lb?.file { return (la?.file ?? "") < (lb?.file ?? "") }
            if la?.line != lb?.line { return (la?.line ?? 0) < (lb?.line ?? 0) }
            return (la?.column ?? 0) < (lb?.column ?? 0)
        }
        let lines = sorted.map(\.formatted)
        let counts = "\(errorCount) error\(errorCount == 1 ? "" : "s"), \(warningCount) warning\(warningCount == 1 ? "" : "s")"
        return (lines + [counts]).joined(separator: "\n")
    }
}

extension String {
    fileprivate func replacingTabs() -> String {
        replacingOccurrences(of: "\t", with: " ")
    }
}
