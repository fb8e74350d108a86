import Crypto
import Foundation
import Parcours

/// Every published file of a built site with the SHA-256 of its bytes: what the sftp
/// target compares with the list it left on the server last time.
struct SiteInventory: Equatable {
    /// Relative path → hex digest.
    var files: [String: String] = [:]

    /// The first line of the list, so that another file of that name is never taken for one.
    static let header = "# Parcours : fichiers publiés (chemin et SHA-256), ne pas modifier"

    static func of(site: URL) throws -> SiteInventory {
        var inventory = SiteInventory()
        let root = site.standardizedFileURL.path
        guard let enumerator = FileManager.default.enumerator(atPath: root) else { return inventory }
        while let relative = enumerator.nextObject() as? String {
            let path = FileTree.join(root, relative)
            let attributes = try FileManager.default.attributesOfItem(atPath: path)
            guard attributes[.type] as? FileAttributeType == .typeRegular, !PublishedFiles.isBookkeeping(relative) else { continue }
            let data = try Data(contentsOf: URL(fileURLWithPath: path))
            inventory.files[relative] = SHA256.hash(data: data).hexadecimal
        }
        return inventory
    }

    /// `digest  path` lines, sorted by path.
    var text: String {
        ([Self.header] + files.keys.sorted().map { "\(files[$0] ?? "")  \($0)" }).joined(separator: "\n") + "\n"
    }

    /// The list as written by `text`; nil for a file that is not one.
    init?(text: String) {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: true)
        guard lines.first.map(String.init) == Self.header else { return nil }
        for line in lines.dropFirst() {
            let parts = line.split(separator: " ", maxSplits: 1)
            guard parts.count == 2, parts[0].count == 64 else { return nil }
            files[String(parts[1].dropFirst())] = String(parts[0])
        }
    }

    init() {}

    /// What to send and delete to turn `previous` into `self`.
    func changes(since previous: SiteInventory) -> PublishChanges {
        var changes = PublishChanges()
        for (path, digest) in files.sorted(by: { $0.key < $1.key }) {
            switch previous.files[path] {
            case nil: changes.added.append(path)
            case digest: break
            default: changes.changed.append(path)
            }
        }
        changes.removed = previous.files.keys.filter { files[$0] == nil }.sorted()
        return changes
    }
}
