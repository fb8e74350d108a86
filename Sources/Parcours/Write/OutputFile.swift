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

    public init(path: String, contents: Contents) {
        self.path = path
        self.contents = contents
    }

    public var isHTML: Bool { path.hasSuffix(".html") }
}
