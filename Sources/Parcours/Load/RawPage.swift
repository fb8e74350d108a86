import Foundation

/// A content file as read from disk: its front matter not yet interpreted.
///
/// A class, though it never changes once read: every stage and cache hands it on, and a
/// copy of its dozen references at each step was a tenth of a preview's rebuild (issue 15).
public final class RawPage: Sendable {
    /// Path relative to the content folder, with `/` separators: `actualites/ag.md`.
    public let relativePath: String
    public let source: SourceText
    /// The YAML between the `---` lines, or nil when the file has none.
    public let frontMatter: String?
    /// File line on which the front matter's first line stands (1-based).
    public let frontMatterFirstLine: Int
    /// The Markdown after the front matter: a slice of `source.text`, not a copy of it (on
    /// a large site the bodies were a tenth of the memory, issue 15).
    public let body: Substring
    /// File line on which the body's first line stands (1-based).
    public let bodyFirstLine: Int
    /// False when the opening `---` has no closing `---`.
    public let isFrontMatterClosed: Bool
    /// When the file was last changed: the sitemap's `lastmod` for pages without a date.
    public let lastModified: Date?
    /// The file name without extension: `ag` for `actualites/ag.md`.
    public let baseName: String
    /// The folder, relative to the content folder: `actualites` (empty at the top).
    public let folder: String
    /// A hash of the text, kept by builds that keep a cache (`serve`, the editor) so that a
    /// rebuild does not hash every page's text again (`digest`).
    let textDigest: Int?

    /// Tells a rebuild whether the text changed.
    var digest: Int { textDigest ?? source.text.hashValue }

    public convenience init(relativePath: String, source: SourceText, lastModified: Date? = nil) {
        self.init(relativePath: relativePath, source: source, lastModified: lastModified, keepsDigest: false)
    }

    /// - Parameter keepsDigest: hash the text now (`textDigest`), for a build that keeps a cache.
    init(relativePath: String, source: SourceText, lastModified: Date?, keepsDigest: Bool) {
        self.relativePath = relativePath
        self.textDigest = keepsDigest ? source.text.hashValue : nil
        self.source = source
        self.lastModified = lastModified
        let split = FrontMatterSplitter.split(source.text)
        self.frontMatter = split.frontMatter
        self.frontMatterFirstLine = 2
        self.body = split.body
        self.bodyFirstLine = split.bodyFirstLine
        self.isFrontMatterClosed = split.isClosed
        // Computed once: every stage asks for them, several times per page.
        let name = relativePath.split(separator: "/").last.map(String.init) ?? relativePath
        self.baseName = name.hasSuffix(".md") ? String(name.dropLast(3)) : name
        self.folder = relativePath.lastIndex(of: "/").map { String(relativePath[..<$0]) } ?? ""
    }

    public var isSectionIndex: Bool { baseName == "_index" }
    public var isBundleIndex: Bool { baseName == "index" }
}

/// Splits `---`-delimited YAML front matter from the Markdown body.
enum FrontMatterSplitter {
    static func split(_ text: String) -> (frontMatter: String?, body: Substring, bodyFirstLine: Int, isClosed: Bool) {
        // The loader gives text with `\n` line ends; a `\r` or a byte order mark takes the
        // general path below. Lines are found on bytes, and the parts are slices of the text.
        let bytes = text.utf8
        guard !UTF8Text.contains(text, byte: 13), !bytes.starts(with: [0xEF, 0xBB, 0xBF]) else { return splitLines(text) }
        let firstEnd = bytes.firstIndex(of: 10) ?? bytes.endIndex
        guard isDelimiter(text[bytes.startIndex..<firstEnd].utf8, closing: false) else { return (nil, text[...], 1, true) }
        guard firstEnd < bytes.endIndex else { return ("", "", 2, false) }
        let frontMatterStart = bytes.index(after: firstEnd)
        var lineStart = frontMatterStart
        var lineNumber = 1  // 0-based, as the general path's index
        while true {
            let lineEnd = bytes[lineStart...].firstIndex(of: 10) ?? bytes.endIndex
            if isDelimiter(text[lineStart..<lineEnd].utf8) {
                let yaml = lineNumber == 1 ? "" : String(text[frontMatterStart..<bytes.index(before: lineStart)])
                let body = lineEnd == bytes.endIndex ? "" : text[bytes.index(after: lineEnd)...]
                return (yaml, body, lineNumber + 2, true)
            }
            guard lineEnd < bytes.endIndex else {
                // An unclosed block: everything is front matter; validation says so.
                return (String(text[frontMatterStart...]), "", lineNumber + 2, false)
            }
            lineStart = bytes.index(after: lineEnd)
            lineNumber += 1
        }
    }

    /// `---` (or `...` to close), with spaces or tabs after it.
    private static func isDelimiter(_ line: Substring.UTF8View, closing: Bool = true) -> Bool {
        var end = line.endIndex
        while end > line.startIndex, let last = line[..<end].last, last == 32 || last == 9 { end = line.index(before: end) }
        let trimmed = line[..<end]
        return trimmed.elementsEqual("---".utf8) || (closing && trimmed.elementsEqual("...".utf8))
    }

    /// The general path, line by line.
    static func splitLines(_ text: String) -> (frontMatter: String?, body: Substring, bodyFirstLine: Int, isClosed: Bool) {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { line in
            line.hasSuffix("\r") ? line.dropLast() : line
        }
        if let first = lines.first, first.hasPrefix("\u{FEFF}") {
            lines[0] = first.dropFirst()
        }
        guard lines.first?.trimmingTrailingSpaces() == "---" else {
            return (nil, text[...], 1, true)
        }
        for index in lines.indices.dropFirst() {
            let line = lines[index].trimmingTrailingSpaces()
            if line == "---" || line == "..." {
                let yaml = lines[1..<index].joined(separator: "\n")
                let body = Substring(lines[(index + 1)...].joined(separator: "\n"))
                return (yaml, body, index + 2, true)
            }
        }
        // An unclosed block: everything is front matter; validation says so.
        return (lines.dropFirst().joined(separator: "\n"), "", lines.count + 1, false)
    }
}

extension Substring {
    fileprivate func trimmingTrailingSpaces() -> Substring {
        var result = self
        while let last = result.last, last == " " || last == "\t" { result = result.dropLast() }
        return result
    }
}
