import Foundation

/// An input on disk, written before it runs (so that a crash leaves it behind) and read
/// back by the regression tests:
///
/// ```
/// case.json       how to build it (mode, flags), the files of the example site it leaves
///                 out, what each mutation did, and the recipe
/// overlay/        the files that differ from the example site (changed or added)
/// base-overlay/   serve and rebuild: the same for the site of the first build
/// sandbox/1/2/3/4/5/6/7/8/root/    the whole site, as it runs: content/, themes/, site/
/// ```
///
/// The site stands eight folders deep so that a path that climbs out of the output
/// (`../../../x`) still lands inside `sandbox/`, where the fuzzer sees it.
enum InputFolder {
    static let sandbox = "sandbox"
    static let siteRoot = "sandbox/1/2/3/4/5/6/7/8/root"

    struct CaseFile: Codable {
        var mode: FuzzInput.Mode
        var drafts = false
        var future = false
        var expired = false
        /// Files of the example site (content/…, themes/default/…) that the input does not have.
        var removed: [String]
        /// serve and rebuild: the same, for the first build.
        var baseRemoved: [String]?
        var notes: [String]
        var recipe: Recipe?
        /// Why this input is kept (regressions): what went wrong.
        var finding: String?
        /// The recipe was made with PARCOURS_FUZZ_SKIP_KNOWN=1 (it makes another site without).
        var skipKnown: Bool?
    }

    /// What the last `save` wrote in a folder, when nothing else changed it since: the next
    /// input then only writes the files that differ (a fifth of the time of a run, else).
    final class Written: @unchecked Sendable {
        private let lock = NSLock()
        private var sites: [URL: [String: Data]] = [:]
        func get(_ folder: URL) -> [String: Data]? { lock.withLock { sites[folder] } }
        func set(_ folder: URL, _ files: [String: Data]?) { lock.withLock { sites[folder] = files } }
    }
    static let written = Written()

    /// The files of the folder's site changed in a way `save` does not know (a build wrote
    /// outside its output, or `serve` applied its change): the next `save` writes everything.
    static func forget(_ folder: URL) { written.set(folder, nil) }

    /// Writes the input and returns the folder of its site (`…/root`).
    static func save(_ input: FuzzInput, recipe: Recipe?, finding: String? = nil, to folder: URL) throws -> URL {
        let fileManager = FileManager.default
        let site = folder.appendingPathComponent(siteRoot)
        let files = input.mode.hasFirstBuild ? input.baseFiles : input.files
        if let previous = written.get(folder) {
            written.set(folder, nil)
            for name in (try? fileManager.contentsOfDirectory(atPath: folder.path)) ?? [] where name != sandbox {
                try fileManager.removeItem(at: folder.appendingPathComponent(name))
            }
            for name in (try? fileManager.contentsOfDirectory(atPath: site.path)) ?? [] where name != "content" && name != "themes" {
                try fileManager.removeItem(at: site.appendingPathComponent(name))
            }
            for path in previous.keys where files[path] == nil {
                try fileManager.removeItem(at: site.appendingPathComponent(path))
                // And the folders it leaves empty.
                var parent = (path as NSString).deletingLastPathComponent
                while parent.contains("/"), (try? fileManager.contentsOfDirectory(atPath: site.appendingPathComponent(parent).path))?.isEmpty == true {
                    try fileManager.removeItem(at: site.appendingPathComponent(parent))
                    parent = (parent as NSString).deletingLastPathComponent
                }
            }
            try write(files.filter { previous[$0.key] != $0.value }, under: site)
        } else {
            try? fileManager.removeItem(at: folder)
            try fileManager.createDirectory(at: site, withIntermediateDirectories: true)
            try write(files, under: site)
        }
        written.set(folder, files)
        let example = Corpus.exampleFiles
        var info = CaseFile(mode: input.mode, drafts: input.drafts, future: input.future, expired: input.expired,
                            removed: example.keys.filter { input.files[$0] == nil }.sorted(), notes: input.notes, recipe: recipe,
                            finding: finding, skipKnown: recipe != nil && Known.skip ? true : nil)
        try write(input.files.filter { example[$0.key] != $0.value }, under: folder.appendingPathComponent("overlay"))
        if input.mode.hasFirstBuild {
            info.baseRemoved = example.keys.filter { input.baseFiles[$0] == nil }.sorted()
            try write(input.baseFiles.filter { example[$0.key] != $0.value }, under: folder.appendingPathComponent("base-overlay"))
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        try encoder.encode(info).write(to: folder.appendingPathComponent("case.json"))
        return site
    }

    static func load(from folder: URL) throws -> FuzzInput {
        let info = try JSONDecoder().decode(CaseFile.self, from: Data(contentsOf: folder.appendingPathComponent("case.json")))
        func files(removed: [String], overlay: String) -> [String: Data] {
            var files = Corpus.exampleFiles
            for path in removed { files[path] = nil }
            let root = folder.appendingPathComponent(overlay)
            if let enumerator = FileManager.default.enumerator(atPath: root.path) {
                while let relative = enumerator.nextObject() as? String {
                    if (enumerator.fileAttributes?[.type] as? FileAttributeType) == .typeRegular {
                        files[relative] = FileManager.default.contents(atPath: root.appendingPathComponent(relative).path)
                    }
                }
            }
            return files
        }
        var input = FuzzInput(files: files(removed: info.removed, overlay: "overlay"))
        input.mode = info.mode
        input.drafts = info.drafts
        input.future = info.future
        input.expired = info.expired
        input.notes = info.notes
        if info.mode.hasFirstBuild { input.baseFiles = files(removed: info.baseRemoved ?? [], overlay: "base-overlay") }
        return input
    }

    static func write(_ files: [String: Data], under root: URL) throws {
        for (path, data) in files {
            let url = root.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try data.write(to: url)
        }
    }

    /// serve: turns the site of the first build into the input; returns the absolute paths
    /// that changed, as the watcher would report them.
    static func applyChange(from base: [String: Data], to files: [String: Data], in site: URL) throws -> Set<String> {
        var changed: Set<String> = []
        // Removals first: a file may give way to a folder of the same name.
        let paths = Set(base.keys).union(files.keys).filter { base[$0] != files[$0] }.sorted { (files[$0] == nil ? 0 : 1, $0) < (files[$1] == nil ? 0 : 1, $1) }
        for path in paths {
            let url = site.appendingPathComponent(path)
            if let data = files[path] {
                try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try data.write(to: url)
            } else {
                try FileManager.default.removeItem(at: url)
            }
            changed.insert(url.standardizedFileURL.path)
        }
        return changed
    }
}

extension FuzzInput {
    /// Leaves out the files a file system cannot hold beside the others: a file where
    /// another file needs a folder of the same name, a path with `.` or `..` in it.
    mutating func makeWritable() {
        for files in [\FuzzInput.files, \FuzzInput.baseFiles] {
            let paths = Set(self[keyPath: files].keys)
            for path in paths {
                let parts = path.split(separator: "/", omittingEmptySubsequences: false)
                var prefix = ""
                var clash = parts.contains { $0.isEmpty || $0 == "." || $0 == ".." }
                for part in parts.dropLast() where !clash {
                    prefix += prefix.isEmpty ? String(part) : "/" + part
                    clash = paths.contains(prefix)
                }
                if clash { self[keyPath: files][path] = nil }
            }
        }
    }
}
