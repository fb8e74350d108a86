import Crypto
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The content folder as the editor may touch it: paths confined to it (no `..`, no link
/// followed), writes atomic (a temporary file, then a rename), and nothing ever deleted:
/// a removed page moves to `.parcours/corbeille/`, from where it can be restored.
public struct ContentFolder: Sendable {
    /// The content folder, absolute.
    public let root: URL
    /// `.parcours/corbeille/` beside the content folder: outside it, so it is never published.
    public var trash: URL { root.deletingLastPathComponent().appendingPathComponent(".parcours/corbeille") }

    public init(_ path: String) {
        root = URL(fileURLWithPath: path).standardizedFileURL
    }

    public enum Problem: Error, Sendable, Hashable {
        /// The path leaves the content folder, names a hidden file, or crosses a link.
        case outside(String)
        case missing(String)
        /// The file changed on disk since the editor opened it.
        case changedOnDisk
        case cannotWrite(String)
    }

    /// `actualites/ag.md` checked: relative, no `.` or `..`, no hidden or empty segment,
    /// no link on the way, a Markdown file.
    public func markdownFile(_ relativePath: String) throws(Problem) -> URL {
        let segments = relativePath.split(separator: "/", omittingEmptySubsequences: false)
        guard !relativePath.isEmpty, relativePath.hasSuffix(".md"), !relativePath.contains("\\"), !relativePath.utf8.contains(0),
              segments.allSatisfy({ !$0.isEmpty && !$0.hasPrefix(".") && $0.utf8.count <= 255 }) else {
            throw .outside(relativePath)
        }
        var url = root
        for segment in segments {
            url.appendPathComponent(String(segment))
            // Every existing step must be a plain folder or file, never a link.
            var info = stat()
            if lstat(url.path, &info) == 0, (info.st_mode & S_IFMT) == S_IFLNK { throw .outside(relativePath) }
        }
        return url
    }

    /// The bytes of a page and their version (a digest): the editor sends the version back on
    /// save, and a file changed since then is not overwritten.
    public func read(_ relativePath: String) throws(Problem) -> (text: String, version: String) {
        let url = try markdownFile(relativePath)
        guard let data = FileManager.default.contents(atPath: url.path), OutputWriter.isRegularFile(url.path) else {
            throw .missing(relativePath)
        }
        return (String(decoding: data, as: UTF8.self), Self.version(of: data))
    }

    public static func version(of data: Data) -> String {
        SHA256.hash(data: data).prefix(12).hexadecimal
    }

    /// Writes `text` if the file is still at `expectedVersion` (nil: the file must not exist).
    public func write(_ text: String, to relativePath: String, expectedVersion: String?) throws(Problem) {
        let url = try markdownFile(relativePath)
        let current = FileManager.default.contents(atPath: url.path)
        switch (current, expectedVersion) {
        case (nil, nil): break
        case (let data?, let version?) where Self.version(of: data) == version: break
        default: throw .changedOnDisk
        }
        do {
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Self.atomicWrite(Data(text.utf8), to: url)
        } catch {
            throw .cannotWrite(error.localizedDescription)
        }
    }

    /// A temporary file beside the target, synced, then renamed over it: a crash leaves the
    /// old file or the new one, never half of one.
    public static func atomicWrite(_ data: Data, to url: URL) throws {
        let temporary = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).\(UUID().uuidString).tmp")
        guard FileManager.default.createFile(atPath: temporary.path, contents: data) else {
            throw CocoaError(.fileWriteUnknown)
        }
        let descriptor = open(temporary.path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)
        if descriptor >= 0 {
            fsync(descriptor)
            close(descriptor)
        }
        guard rename(temporary.path, url.path) == 0 else {
            try? FileManager.default.removeItem(at: temporary)
            throw CocoaError(.fileWriteUnknown)
        }
    }

    // MARK: Trash

    /// One page in the trash: where it was, and when it was moved there.
    public struct TrashedPage: Sendable, Hashable {
        /// The name of its folder in the trash: `20261130T031500Z-3f2a`.
        public var id: String
        public var originalPath: String
        public var title: String
        public var deletedAt: Date
    }

    /// Moves a page to the trash (never deletes it). Its original path is kept beside it.
    public func moveToTrash(_ relativePath: String, now: Date = Date()) throws(Problem) -> TrashedPage {
        let url = try markdownFile(relativePath)
        guard OutputWriter.isRegularFile(url.path) else { throw .missing(relativePath) }
        let stamp = Self.stampStyle.format(now)
        let id = "\(stamp)-\(UUID().uuidString.prefix(8).lowercased())"
        let folder = trash.appendingPathComponent(id)
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try Self.atomicWrite(Data(relativePath.utf8), to: folder.appendingPathComponent("chemin.txt"))
            try FileManager.default.moveItem(at: url, to: folder.appendingPathComponent(url.lastPathComponent))
        } catch {
            throw .cannotWrite(error.localizedDescription)
        }
        return TrashedPage(id: id, originalPath: relativePath, title: url.lastPathComponent, deletedAt: now)
    }

    public func trashedPages() -> [TrashedPage] {
        let ids = (try? FileManager.default.contentsOfDirectory(atPath: trash.path)) ?? []
        return ids.sorted(by: >).compactMap { id in
            let folder = trash.appendingPathComponent(id)
            guard let path = FileManager.default.contents(atPath: folder.appendingPathComponent("chemin.txt").path)
                .map({ String(decoding: $0, as: UTF8.self) }),
                  let name = path.split(separator: "/").last.map(String.init),
                  let data = FileManager.default.contents(atPath: folder.appendingPathComponent(name).path) else { return nil }
            let text = String(decoding: data, as: UTF8.self)
            let title = text.split(separator: "\n").first { $0.hasPrefix("title:") }
                .map { String($0.dropFirst(6)).trimmingCharacters(in: CharacterSet(charactersIn: " \"'")) } ?? name
            let date = (try? Self.stampStyle.parse(String(id.prefix(16)))) ?? Date(timeIntervalSince1970: 0)
            return TrashedPage(id: id, originalPath: path, title: title, deletedAt: date)
        }
    }

    /// Puts a page back where it was; refuses when another file has taken its place.
    public func restore(_ id: String) throws(Problem) -> String {
        guard id.utf8.allSatisfy({ ($0 >= 48 && $0 <= 57) || ($0 >= 97 && $0 <= 122) || $0 == 45 || $0 == 84 || $0 == 90 }),
              let page = trashedPages().first(where: { $0.id == id }) else {
            throw .missing(id)
        }
        let destination = try markdownFile(page.originalPath)
        if FileManager.default.fileExists(atPath: destination.path) { throw .changedOnDisk }
        let folder = trash.appendingPathComponent(id)
        do {
            try FileManager.default.createDirectory(at: destination.deletingLastPathComponent(), withIntermediateDirectories: true)
            try FileManager.default.moveItem(at: folder.appendingPathComponent(destination.lastPathComponent), to: destination)
            // The folder keeps only its note of the path: moved aside, not deleted.
            try FileManager.default.moveItem(at: folder, to: trash.appendingPathComponent(".restored-\(id)"))
        } catch {
            throw .cannotWrite(error.localizedDescription)
        }
        return page.originalPath
    }

    /// `20261130T031500Z`: sorts by time, and is a plain file name.
    private static let stampStyle = Date.ISO8601FormatStyle(dateSeparator: .omitted, dateTimeSeparator: .standard, timeSeparator: .omitted, timeZone: .gmt)
}
