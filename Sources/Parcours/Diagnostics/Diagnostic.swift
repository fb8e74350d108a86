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

/// One problem found in the input, worded for the person who wrote it: in English, and in
/// plain French for the people who write a CPTS site. The language is chosen once, where
/// the diagnostics are shown (`formatted(in:)`, `report(in:)`).
public struct Diagnostic: Sendable, Hashable, Error {
    public enum Severity: String, Sendable {
        case error, warning

        /// `error`, `erreur`: the word after the location.
        public func word(in language: SchemaLanguage) -> String {
            switch (self, language) {
            case (.error, .english): return "error"
            case (.warning, .english): return "warning"
            case (.error, .french): return "erreur"
            case (.warning, .french): return "avertissement"
            }
        }
    }

    public var severity: Severity
    public var location: SourceLocation?
    /// The text of the line the location points at, shown under the message with a caret.
    public var sourceLine: String?
    /// The message in English.
    public var message: String
    /// The message in French; nil for the few that only exist in English (then `message` is shown).
    public var frenchMessage: String?

    public init(_ severity: Severity = .error, at location: SourceLocation?, sourceLine: String? = nil, _ message: String,
                french: String? = nil) {
        self.severity = severity
        self.location = location
        self.sourceLine = sourceLine
        self.message = message
        self.frenchMessage = french
    }

    public static func error(at location: SourceLocation?, sourceLine: String? = nil, _ message: String, french: String?) -> Diagnostic {
        Diagnostic(.error, at: location, sourceLine: sourceLine, message, french: french)
    }

    /// English only: for a message that has no French text yet.
    public static func error(at location: SourceLocation?, sourceLine: String? = nil, _ message: String) -> Diagnostic {
        Diagnostic(.error, at: location, sourceLine: sourceLine, message)
    }

    public static func warning(at location: SourceLocation?, sourceLine: String? = nil, _ message: String, french: String?) -> Diagnostic {
        Diagnostic(.warning, at: location, sourceLine: sourceLine, message, french: french)
    }

    /// The message in `language` (English when it has no French text).
    public func message(in language: SchemaLanguage) -> String {
        language == .french ? frenchMessage ?? message : message
    }

    /// Compiler style: `file:line:col: error: message`, then the line and a caret. In English.
    public var formatted: String { formatted(in: .english) }

    /// Compiler style in `language`: `file:line:col: erreur : message` in French; the
    /// location, the source line and the caret are the same in both.
    public func formatted(in language: SchemaLanguage) -> String {
        var text = ""
        if let location {
            text = "\(location.file):\(location.line):\(location.column): "
        }
        let separator = language == .french ? " : " : ": "
        text += severity.word(in: language) + separator + message(in: language)
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

    /// Every diagnostic, then the count line: what `parcours build` prints on failure. In English.
    public var report: String { report(in: .english) }

    /// Every diagnostic in `language`, sorted by place, then the count line.
    public func report(in language: SchemaLanguage) -> String {
        let sorted = self.sorted { a, b in
            let la = a.location, lb = b.location
            if la?.file != lb?.file { return (la?.file ?? "") < (lb?.file ?? "") }
            if la?.line != lb?.line { return (la?.line ?? 0) < (lb?.line ?? 0) }
            return (la?.column ?? 0) < (lb?.column ?? 0)
        }
        let lines = sorted.map { $0.formatted(in: language) }
        return (lines + [countLine(in: language)]).joined(separator: "\n")
    }

    /// `2 errors, 0 warnings`; in French `2 erreurs, 0 avertissement` (0 and 1 are singular in French).
    public func countLine(in language: SchemaLanguage) -> String {
        let errors = errorCount, warnings = warningCount
        switch language {
        case .english:
            return "\(errors) error\(errors == 1 ? "" : "s"), \(warnings) warning\(warnings == 1 ? "" : "s")"
        case .french:
            return "\(errors) erreur\(errors > 1 ? "s" : ""), \(warnings) avertissement\(warnings > 1 ? "s" : "")"
        }
    }
}

/// A piece of a diagnostic in both languages (a hint, a reason, a description of a value),
/// for messages made of parts.
public struct Wording: Sendable, Hashable {
    public var english: String
    public var french: String

    public init(_ english: String, french: String) {
        self.english = english
        self.french = french
    }

    static let empty = Wording("", french: "")

    public func text(in language: SchemaLanguage) -> String {
        language == .french ? french : english
    }

    static func + (a: Wording, b: Wording) -> Wording {
        Wording(a.english + b.english, french: a.french + b.french)
    }
}

extension String {
    fileprivate func replacingTabs() -> String {
        replacingOccurrences(of: "\t", with: " ")
    }
}
