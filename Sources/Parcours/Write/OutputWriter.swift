import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The last stage: files in memory → the output folder. Everything is written to a
/// temporary folder beside it, then swapped in, so that a build that fails half-way
/// leaves the previous site exactly as it was. Call it holding the output's `BuildLock`
/// (`Build.run` does, from its first step): builds into one output take turns.
public enum OutputWriter {
    /// Threads writing files at once: a disk answers several requests in parallel.
    static let writers = 8

    public static func write(_ files: [OutputFile], to output: String, contentDirectory: String) -> [Diagnostic] {
        let fileManager = FileManager.default
        let target = URL(fileURLWithPath: output).standardizedFileURL
        let parent = target.deletingLastPathComponent()
        let name = target.lastPathComponent
        let pid = ProcessInfo.processInfo.processIdentifier
        let staging = parent.appendingPathComponent(".\(name).building-\(pid)")
        let previous = parent.appendingPathComponent(".\(name).previous-\(pid)")

        func failure(_ message: Wording) -> [Diagnostic] {
            try? fileManager.removeItem(at: staging)
            return [.error(at: nil, "write: \(message.english)", french: "écriture du site : \(message.french)")]
        }

        // Every path, whatever stage made it, stays inside the output folder.
        if let unsafe = files.first(where: { OutputPath.problem($0.path) != nil }), let problem = OutputPath.wordedProblem(unsafe.path) {
            return [.error(at: nil, "write: refusing to write '\(unsafe.path)': \(problem.english)",
                           french: "écriture du site : '\(unsafe.path)' n’est pas écrit : \(problem.french)")]
        }

        let parents = OutputWriter.foldersHoldingFolders(files)
        do {
            try? fileManager.removeItem(at: staging)
            try fileManager.createDirectory(at: staging, withIntermediateDirectories: true)
            try Data(OutputFolder.markerText.utf8).write(to: staging.appendingPathComponent(OutputFolder.markerName))
            // The folders that hold folders are made first, parents first, each marked before
            // its folders are made (`SpreadFolders`); by `mkdir` on strings (a `URL` per file
            // stats the disk to learn whether it names a folder).
            if files.contains(where: { $0.path.contains("/") }) { SpreadFolders.mark(staging.path) }
            for folder in parents.sorted(by: { $0.lexicographicallyPrecedes($1) }) {
                let path = staging.path + "/" + String(decoding: folder, as: UTF8.self)
                guard mkdir(path, 0o777) == 0 || errno == EEXIST else {
                    throw NewFile.Failure(path: path, reason: String(cString: strerror(errno)))
                }
                SpreadFolders.mark(path)
            }
        } catch {
            return failure(Wording("cannot create \(staging.path): \(error.localizedDescription)",
                                   french: "impossible de créer \(staging.path) : \(error.localizedDescription)"))
        }

        let contentRoot = URL(fileURLWithPath: contentDirectory)
        // The output this build replaces, when it is one of ours: its unchanged files are
        // linked into the new one instead of written again.
        let reusable = fileManager.fileExists(atPath: target.appendingPathComponent(OutputFolder.markerName).path) ? target : nil
        let stagingPath = staging.path, reusablePath = reusable.map { $0.path + "/" }
        // Writing waits on the disk more than on the processor: more writers than cores.
        let problems = ParallelMap.map(files, width: OutputWriter.writers) { file -> Wording? in
            let destination = stagingPath + "/" + file.path
            do {
                // Any other folder is made by the writers of its files, each before its own
                // (the files of a folder go to different writers; `mkdir` answers all but
                // the first with EEXIST once the folder is there), so that the 10,000
                // folders of the pages are made by all writers, between writes.
                if let slash = file.path.lastIndex(of: "/"), !parents.contains(Array(file.path.utf8[..<slash])) {
                    let folder = stagingPath + "/" + file.path[..<slash]
                    guard mkdir(folder, 0o777) == 0 || errno == EEXIST else {
                        throw NewFile.Failure(path: folder, reason: String(cString: strerror(errno)))
                    }
                }
                // The bytes where they are: a page's text is not copied into a `Data` first.
                func write(_ bytes: UnsafeRawBufferPointer) throws {
                    if let reusablePath, UnchangedFile.link(reusablePath + file.path, ifItHolds: bytes, to: destination) { return }
                    try NewFile.write(bytes, to: destination)
                }
                switch file.contents {
                case .text(var text):
                    try text.withUTF8 { try write(UnsafeRawBufferPointer($0)) }
                case .data(let data):
                    try data.withUnsafeBytes { try write($0) }
                case .copy(let source):
                    // A link in the content folder is never followed: it could point anywhere.
                    let url = contentRoot.appendingPathComponent(source)
                    guard isRegularFile(url.path) else {
                        return Wording("cannot copy \(source): it is not a regular file (links are not published)",
                                       french: "impossible de copier \(source) : ce n’est pas un fichier ordinaire (les liens ne sont pas publiés)")
                    }
                    try FileManager.default.copyItem(at: url, to: URL(fileURLWithPath: destination))
                }
                return nil
            } catch {
                return Wording("cannot write \(file.path): \(error.localizedDescription)",
                               french: "impossible d’écrire \(file.path) : \(error.localizedDescription)")
            }
        }.compactMap { $0 }
        if let first = problems.first {
            return failure(first)
        }

        do {
            var isFolder: ObjCBool = false
            let existed = fileManager.fileExists(atPath: target.path, isDirectory: &isFolder)
            if existed && !isFolder.boolValue {
                return failure(Wording("'\(output)' exists and is not a folder", french: "'\(output)' existe et n’est pas un dossier"))
            }
            if existed {
                try fileManager.moveItem(at: target, to: previous)
            }
            do {
                try fileManager.moveItem(at: staging, to: target)
            } catch {
                if existed { try? fileManager.moveItem(at: previous, to: target) }
                throw error
            }
            if existed { ReplacedOutput.remove(previous.path) }
        } catch {
            return failure(Wording("cannot replace '\(output)': \(error.localizedDescription)",
                                   french: "impossible de remplacer '\(output)' : \(error.localizedDescription)"))
        }
        return []
    }

    /// Every folder that holds a folder of `files`, with its parents, as the bytes of its
    /// path: two names that differ only in their Unicode form (`é` in one character or in
    /// two) are two folders on the disk, but equal `String`s.
    static func foldersHoldingFolders(_ files: [OutputFile]) -> Set<[UInt8]> {
        var parents = Set<[UInt8]>()
        for file in files {
            let path = Array(file.path.utf8)
            guard var end = path.lastIndex(of: UInt8(ascii: "/")) else { continue }
            while let slash = path[..<end].lastIndex(of: UInt8(ascii: "/")) {
                end = slash
                guard parents.insert(Array(path[..<end])).inserted else { break }
            }
        }
        return parents
    }

    /// A build killed while writing leaves `.site.building-<pid>`; one killed between the two
    /// renames leaves `.site.previous-<pid>` and no `site`. Called with the lock held, so no
    /// other build is using them: the previous site is put back, the rest removed.
    public static func recoverFromInterruptedBuilds(of output: String) {
        let target = URL(fileURLWithPath: output).standardizedFileURL
        let fileManager = FileManager.default
        let parent = target.deletingLastPathComponent()
        let name = target.lastPathComponent
        let entries = (try? fileManager.contentsOfDirectory(atPath: parent.path)) ?? []
        let building = entries.filter { $0.hasPrefix(".\(name).building-") }
        let previous = entries.filter { $0.hasPrefix(".\(name).previous-") }
        if !fileManager.fileExists(atPath: target.path), let restore = previous.first {
            try? fileManager.moveItem(at: parent.appendingPathComponent(restore), to: target)
        }
        for leftover in building + previous {
            let url = parent.appendingPathComponent(leftover)
            guard fileManager.fileExists(atPath: url.path) else { continue }
            // Only what a build made: its marker, or nothing at all yet.
            let contents = (try? fileManager.contentsOfDirectory(atPath: url.path)) ?? []
            if contents.isEmpty || contents.contains(OutputFolder.markerName) {
                try? fileManager.removeItem(at: url)
            }
        }
    }

    /// A plain file, not a link (never followed) nor anything else.
    public static func isRegularFile(_ path: String) -> Bool {
        FileStatus(path)?.kind == .regularFile
    }
}

/// The paths a build may write: relative, no `.` or `..` segment, no empty segment, and
/// names a file system accepts.
enum OutputPath {
    /// The longest name of one file or folder on the file systems Parcours runs on (bytes).
    static let maximumNameLength = 255

    static func problem(_ path: String) -> String? {
        wordedProblem(path)?.english
    }

    static func wordedProblem(_ path: String) -> Wording? {
        if path.isEmpty { return Wording("the path is empty", french: "le chemin est vide") }
        if path.hasPrefix("/") { return Wording("the path is absolute", french: "le chemin est absolu") }
        // On bytes: every file of every build comes through here (issue 15).
        if path.utf8.contains(where: { $0 == 0 || $0 == UInt8(ascii: "\\") }) {
            return Wording("the path contains a NUL character or a backslash", french: "le chemin contient un caractère NUL ou une barre oblique inversée")
        }
        // One pass, without an array of segments.
        var start = path.utf8.startIndex
        while true {
            let end = path.utf8[start...].firstIndex(of: UInt8(ascii: "/")) ?? path.utf8.endIndex
            let length = path.utf8.distance(from: start, to: end)
            if length == 0 { return Wording("the path has an empty segment ('//')", french: "le chemin a une partie vide ('//')") }
            if length <= 2, path.utf8[start..<end].allSatisfy({ $0 == UInt8(ascii: ".") }) {
                let segment = path[start..<end]
                return Wording("the path has a '\(segment)' segment", french: "le chemin a une partie '\(segment)'")
            }
            if length > maximumNameLength {
                let segment = path[start..<end]
                return Wording("the name '\(segment.prefix(40))…' is longer than \(maximumNameLength) bytes",
                               french: "le nom '\(segment.prefix(40))…' dépasse \(maximumNameLength) octets")
            }
            guard end < path.utf8.endIndex else { break }
            start = path.utf8.index(after: end)
        }
        return nil
    }
}

/// An exclusive lock on the folder that holds the output (a lock on the folder itself, so no
/// lock file is ever written beside the site): two builds into one output take turns
/// instead of swapping folders under each other. The kernel releases it when the process
/// dies, so a killed build never leaves a stale lock.
public final class BuildLock {
    public struct Busy: Error {
        public var message: String
        public var frenchMessage: String

        public init(message: String, french: String) {
            self.message = message
            self.frenchMessage = french
        }
    }
    private let descriptor: Int32

    private init(descriptor: Int32) { self.descriptor = descriptor }

    /// Waits for another build into the same folder to finish, up to `patience`.
    public static func acquire(beside output: String, patience: Duration = .seconds(120)) -> Result<BuildLock, Busy> {
        let target = URL(fileURLWithPath: output).standardizedFileURL
        // The output's parent may not exist yet (`--output public/site`): the build makes it.
        try? FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
        let path = target.deletingLastPathComponent().path
        let descriptor = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else {
            let reason = String(cString: strerror(errno))
            return .failure(Busy(message: "cannot open the folder \(path) to lock it: \(reason)",
                                 french: "impossible d’ouvrir le dossier \(path) pour le verrouiller : \(reason)"))
        }
        let clock = ContinuousClock()
        let deadline = clock.now + patience
        while flock(descriptor, LOCK_EX | LOCK_NB) != 0 {
            guard errno == EWOULDBLOCK || errno == EINTR, clock.now < deadline else {
                close(descriptor)
                return .failure(Busy(message: "another build is writing into '\(target.lastPathComponent)' and did not finish within \(patience.components.seconds) s (wait for it, or build into another --output)",
                                     french: "une autre construction écrit dans '\(target.lastPathComponent)' et n’a pas fini en \(patience.components.seconds) s (attendez qu’elle finisse, ou construisez dans un autre dossier avec --output)"))
            }
            usleep(50_000)
        }
        return .success(BuildLock(descriptor: descriptor))
    }

    public func release() {
        flock(descriptor, LOCK_UN)
        close(descriptor)
    }
}
