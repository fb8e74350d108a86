import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Watches folders (and the folders created in them later) with inotify, one watch per
/// folder, and reports the changed files in batches once changes have stopped for
/// `quietPeriod`: an editor's save (write, rename, chmod) is one batch.
final class FileWatcher: @unchecked Sendable {
    // @unchecked: `watches` is touched only by the reading thread.
    let changes: AsyncStream<Set<String>>
    private let continuation: AsyncStream<Set<String>>.Continuation
    private let descriptor: Int32
    private var watches: [Int32: String] = [:]
    private let quietPeriod: Int32

    /// - Parameter quietPeriodMilliseconds: the debounce delay.
    init?(folders: [String], quietPeriodMilliseconds: Int32 = 40) {
        let fd = inotify_init1(Int32(IN_NONBLOCK | IN_CLOEXEC))
        guard fd >= 0 else { return nil }
        descriptor = fd
        quietPeriod = quietPeriodMilliseconds
        (changes, continuation) = AsyncStream.makeStream(of: Set<String>.self)
        for folder in folders { addRecursively(folder) }
        let thread = Thread { [self] in run() }
        thread.name = "parcours-watcher"
        thread.start()
    }

    /// Editors' temporary and backup files, and dot files: not content.
    static func isIgnored(_ name: String) -> Bool {
        name.hasPrefix(".") || name.hasSuffix("~") || name.hasSuffix(".swp") || name.hasSuffix(".swx")
            || name.hasSuffix(".tmp") || name == "4913" || (name.hasPrefix("#") && name.hasSuffix("#"))
    }

    private func addRecursively(_ folder: String) {
        let mask = UInt32(IN_CLOSE_WRITE | IN_MOVED_TO | IN_MOVED_FROM | IN_CREATE | IN_DELETE | IN_MODIFY | IN_ATTRIB)
        let wd = inotify_add_watch(descriptor, folder, mask)
        guard wd >= 0 else { return }
        watches[wd] = folder
        let children = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        for child in children where !Self.isIgnored(child) {
            var isFolder: ObjCBool = false
            let path = folder + "/" + child
            if FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), isFolder.boolValue {
                addRecursively(path)
            }
        }
    }

    private func run() {
        var pending = Set<String>()
        let bufferSize = 64 * 1024
        let buffer = UnsafeMutableRawPointer.allocate(byteCount: bufferSize, alignment: 8)
        defer { buffer.deallocate() }
        while true {
            var poller = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
            // Wait for events without limit while nothing is pending, else for the quiet period.
            let ready = poll(&poller, 1, pending.isEmpty ? 1000 : quietPeriod)
            if ready == 0 {
                if !pending.isEmpty {
                    continuation.yield(pending)
                    pending.removeAll()
                }
                continue
            }
            guard ready > 0 else { continue }
            let count = read(descriptor, buffer, bufferSize)
            guard count > 0 else { continue }
            var offset = 0
            while offset + MemoryLayout<inotify_event>.size <= count {
                let event = buffer.load(fromByteOffset: offset, as: inotify_event.self)
                let nameLength = Int(event.len)
                var name = ""
                if nameLength > 0 {
                    let start = buffer.advanced(by: offset + MemoryLayout<inotify_event>.size).assumingMemoryBound(to: CChar.self)
                    name = String(cString: start)
                }
                offset += MemoryLayout<inotify_event>.size + nameLength
                guard let folder = watches[event.wd], !name.isEmpty, !Self.isIgnored(name) else { continue }
                let path = folder + "/" + name
                if event.mask & UInt32(IN_ISDIR) != 0, event.mask & UInt32(IN_CREATE | IN_MOVED_TO) != 0 {
                    addRecursively(path)
                }
                pending.insert(path)
            }
        }
    }
}
