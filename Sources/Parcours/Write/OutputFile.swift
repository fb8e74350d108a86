import Foundation

/// One file of the built site, in memory (or to be copied from the content folder).
public struct OutputFile: Sendable {
    public enum Contents: Sendable {
        case text(String)
        case data(Data)
        /// A file of `content/` copied as is: not read into memory.
        case copy(from: String)
    }

    /// Path under the output folder: `actualites/ag/index.html`.
    public var path: String
    public var contents: Contents

    /// What in the content asked for this file, when a person chose its name: errors about
    /// the path point there.
    public var origin: Origin?

    public struct Origin: Sendable {
        public enum Kind: Sendable { case page, alias, copiedFile }
        public var kind: Kind
        /// The alias or file name as written, and where.
        public var written: Located<String>
    }

    public init(path: String, contents: Contents, origin: Origin? = nil) {
        self.path = path
        self.contents = contents
        self.origin = origin
    }

    public var isHTML: Bool { path.hasSuffix(".html") }
}

extension OutputFile.Contents {
    /// The same bytes to serve or write (a copied file: the same source).
    public func isSame(as other: Self) -> Bool {
        switch (self, other) {
        case (.text(let a), .text(let b)): return a == b
        case (.data(let a), .data(let b)): return a == b
        case (.copy(let a), .copy(let b)): return a == b
        default: return false
        }
    }
}
