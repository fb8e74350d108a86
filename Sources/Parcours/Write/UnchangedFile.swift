import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Writing only what changed (issue 15): a file whose bytes are those of the same path in
/// the output being replaced is hard-linked from it into the new output. The new output is
/// still complete in its staging folder before the swap (a crash leaves the previous one
/// whole), but no byte of an unchanged page is written again.
enum UnchangedFile {
    /// Links `previous` to `destination` when it is a plain file holding exactly `data`;
    /// false (and nothing done) otherwise, and the caller writes the file.
    static func link(_ previous: String, ifItHolds bytes: UnsafeRawBufferPointer, to destination: String) -> Bool {
        guard let status = FileStatus(previous), status.kind == .regularFile, status.size == bytes.count,
              let old = FileManager.default.contents(atPath: previous),
              old.withUnsafeBytes({ $0.elementsEqual(bytes) }) else { return false }
        return Glibc.link(previous, destination) == 0
    }
}
