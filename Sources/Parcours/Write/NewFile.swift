import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Writes a file of the staging folder with `open`, `write` and `close`.
///
/// Why not `Data.write(to:)`: Foundation follows every write with an `fsync`, which made
/// writing 13,000 pages to a real disk take 3 s (issue 15). The output does not need it:
/// it is complete in its staging folder before the swap, a build killed before the swap
/// leaves the previous site whole (`OutputWriter`), and a site lost to a power cut is
/// rebuilt from its content. Hugo and Zola do not sync either.
enum NewFile {
    struct Failure: Error, LocalizedError {
        var path: String
        var reason: String
        var errorDescription: String? { "\(path): \(reason)" }
    }

    static func write(_ bytes: UnsafeRawBufferPointer, to path: String) throws {
        // Never through a link left in the staging folder; created with the umask's mode.
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0o666)
        guard descriptor >= 0 else { throw Failure(path: path, reason: String(cString: strerror(errno))) }
        defer { close(descriptor) }
        guard let base = bytes.baseAddress else { return }
        var offset = 0
        while offset < bytes.count {
            let written = Glibc.write(descriptor, base + offset, bytes.count - offset)
            if written < 0 {
                if errno == EINTR { continue }
                throw Failure(path: path, reason: String(cString: strerror(errno)))
            }
            offset += written
        }
    }
}
