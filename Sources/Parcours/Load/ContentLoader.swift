import Foundation

/// Everything under `content/`, read from disk.
public struct LoadedContent: Sendable {
    /// `site.yaml`, or nil when missing.
    public var configuration: SourceText?
    public var pages: [RawPage]
    /// Files that are not Markdown (media, a page bundle's images), relative to the content folder.
    public var staticFiles: [String]
    public var diagnostics: [Diagnostic]
}

extension LoadedContent {
    /// Puts the editor's unsaved pages in place of (or beside) the files read from disk.
    mutating func replace(_ unsaved: [String: String], directory: String) {
        for (relativePath, text) in unsaved.sorted(by: { $0.key < $1.key }) {
            let page = RawPage(relativePath: relativePath,
                               source: SourceText(path: FileTree.join(directory, relativePath), text: normalizedLineEndings(text)))
            if let index = pages.firstIndex(where: { $0.relativePath == relativePath }) {
                pages[index] = page
            } else {
                pages.append(page)
            }
        }
    }
}

/// Reads the content folder: the first stage of the pipeline, and the only one, with
/// `ThemeLoader` and `OutputWriter`, that touches the disk.
public enum ContentLoader {
    public static let configurationFileName = "site.yaml"

    /// - Parameter directory: the content folder as the person named it (kept for diagnostics).
    /// - Parameter cache: files whose date and size did not change since the last build are
    ///   taken from it rather than read again.
    /// - Parameter changed: the files the watcher saw change since the last build (absolute
    ///   paths): with the cache, only those are looked at on disk.
    public static func load(directory: String, cache: BuildCache? = nil, changed: Set<String>? = nil) -> LoadedContent {
        var content = LoadedContent(configuration: nil, pages: [], staticFiles: [], diagnostics: [])
        let root = URL(fileURLWithPath: directory)
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: root.path, isDirectory: &isFolder), isFolder.boolValue else {
            content.diagnostics.append(.error(at: nil, "content folder '\(directory)' does not exist (pass another one with --source)",
                                              french: "le dossier de contenu '\(directory)' n’existe pas (indiquez-en un autre avec --source)"))
            return content
        }
        let (listing, isLastListing) = list(root, cache: cache, changed: changed)
        if let cache, let changed, isLastListing, let content = readAgain(changed, root: root, directory: directory, cache: cache) {
            return content
        }
        var markdownFiles: [String] = []
        for relativePath in listing {
            if relativePath == configurationFileName {
                let url = root.appendingPathComponent(relativePath)
                content.configuration = readText(url, displayPath: FileTree.join(directory, relativePath), into: &content.diagnostics)
            } else if relativePath.hasSuffix(".md"), !relativePath.hasPrefix("media/") {
                markdownFiles.append(relativePath)
            } else {
                let problems = ActiveContentCheck.problems(relativePath: relativePath, at: root.appendingPathComponent(relativePath),
                                                           displayPath: FileTree.join(directory, relativePath))
                content.diagnostics += problems
                if problems.isEmpty { content.staticFiles.append(relativePath) }
            }
        }
        // Reading and splitting the front matter of thousands of files: on every core.
        let read = readPages(markdownFiles, root: root, directory: directory, cache: cache, changed: changed)
        content.pages = read.compactMap(\.file?.page)
        content.diagnostics += read.flatMap(\.diagnostics)
        cache?.update { storage in
            // The unreadable files have no entry: one that was readable before makes the
            // entries be made again, and so loses its old one.
            storage.files.update(read.compactMap { read in read.file.map { ($0.page.relativePath, $0, read.isFresh) } })
        }
        // What a save that adds or removes no file starts from (see `readAgain`).
        cache?.update { $0.loaded = content.diagnostics.isEmpty && content.configuration != nil ? content : nil }
        if content.configuration == nil {
            content.diagnostics.append(.error(
                at: SourceLocation(file: FileTree.join(directory, configurationFileName), line: 1, column: 1),
                "missing site configuration '\(configurationFileName)' (every site needs one: see DESIGN.md, 'content/site.yaml')",
                french: "le fichier de réglages du site '\(configurationFileName)' manque (chaque site en a un : voir DESIGN.md, 'content/site.yaml')"))
        }
        return content
    }

    /// Each Markdown file, from the cache when it did not change, else read from disk (fresh).
    private static func readPages(_ markdownFiles: [String], root: URL, directory: String, cache: BuildCache?,
                                  changed: Set<String>?) -> [(file: BuildCache.LoadedFile?, isFresh: Bool, diagnostics: [Diagnostic])] {
        let previous = cache?.read(\.files) ?? [:]
        // Paths as strings: a `URL` per file of a large site made this the slowest step of a
        // preview's rebuild (issue 15). The listing's paths have no `.` or `..` in them, and
        // the watcher names files under the standardized root.
        let rootPath = root.standardizedFileURL.path
        let changedFiles = changed.map { Set($0.compactMap(relativePath(under: rootPath))) }
        return ParallelMap.map(markdownFiles) { relativePath -> (BuildCache.LoadedFile?, Bool, [Diagnostic]) in
            var diagnostics: [Diagnostic] = []
            if let changedFiles, let known = previous[relativePath], !changedFiles.contains(relativePath) {
                return (known, false, [])
            }
            let status = FileStatus(FileTree.join(rootPath, relativePath))
            if let known = previous[relativePath], known.modified == status?.modified, known.size == status?.size {
                return (known, false, [])
            }
            let url = root.appendingPathComponent(relativePath)
            let text = readText(url, displayPath: FileTree.join(directory, relativePath), into: &diagnostics)
            // A build that keeps a cache compares pages by their digest on every rebuild.
            let page = text.map { RawPage(relativePath: relativePath, source: $0, lastModified: status?.modified, keepsDigest: cache != nil) }
            return (page.map { BuildCache.LoadedFile(modified: status?.modified, size: status?.size, page: $0) }, true, diagnostics)
        }
    }

    /// After a save that added or removed no file: the last content, with the saved files
    /// read again, without a pass over every file (issue 15). Only when the last load had
    /// nothing to report and the saved files read without a problem; else nil, and the
    /// whole load says what it has to.
    private static func readAgain(_ changed: Set<String>, root: URL, directory: String, cache: BuildCache) -> LoadedContent? {
        guard var content = cache.take(\.loaded) else { return nil }
        let rootPath = root.standardizedFileURL.path
        var saved: [(index: Int, path: String)] = []
        for relative in savedPaths(changed, under: rootPath) {
            if relative == configurationFileName {
                var diagnostics: [Diagnostic] = []
                content.configuration = readText(root.appendingPathComponent(relative), displayPath: FileTree.join(directory, relative),
                                                 into: &diagnostics)
                guard diagnostics.isEmpty, content.configuration != nil else { return nil }
            } else if let index = content.pages.lazy.map(\.relativePath).sortedIndex(of: relative) {
                saved.append((index, relative))
            } else if content.staticFiles.sortedIndex(of: relative) != nil {
                let problems = ActiveContentCheck.problems(relativePath: relative, at: root.appendingPathComponent(relative),
                                                           displayPath: FileTree.join(directory, relative))
                guard problems.isEmpty else { return nil }
            } else {
                return nil
            }
        }
        let read = readPages(saved.map(\.path), root: root, directory: directory, cache: cache, changed: changed)
        for (place, result) in zip(saved, read) {
            guard let file = result.file, result.diagnostics.isEmpty else { return nil }
            content.pages[place.index] = file.page
        }
        cache.update { storage in
            for result in read { if let file = result.file { storage.files[file.page.relativePath] = file } }
            storage.loaded = content
        }
        return content
    }

    /// `/site/content/a/b.md` → `a/b.md` under `/site/content`; nil for a path elsewhere.
    private static func relativePath(under rootPath: String) -> (String) -> String? {
        let prefix = rootPath.hasSuffix("/") ? rootPath : rootPath + "/"
        return { path in path.hasPrefix(prefix) ? String(path.dropFirst(prefix.count)) : nil }
    }

    /// The watcher's changed paths that the walk could list: relative to the content folder,
    /// none inside a dot folder or naming a dot file (the walk skips them).
    private static func savedPaths(_ changed: Set<String>, under rootPath: String) -> [String] {
        changed.compactMap(relativePath(under: rootPath)).filter { relative in
            !relative.split(separator: "/").contains(where: { $0.hasPrefix(".") })
        }
    }

    /// The files of the content folder: the last listing updated with the watcher's changes
    /// when there is one, else a walk of the folder.
    /// - Returns: the listing, and whether it is the last one unchanged.
    private static func list(_ root: URL, cache: BuildCache?, changed: Set<String>?) -> (listing: [String], isLast: Bool) {
        let rootPath = root.standardizedFileURL.path
        if let cache, let changed, let known = cache.read(\.listing) {
            // The listing is sorted: a saved file is found in it without a set of every path.
            func isListed(_ relative: String) -> Bool { known.sortedIndex(of: relative) != nil }
            var added: [String] = []
            var removed: Set<String> = []
            var needsWalk = false
            for relative in savedPaths(changed, under: rootPath) {
                // As the walk sees it (lstat): a symbolic link is no file of the site, and
                // an editor's leftover is not listed.
                let kind = FileStatus(FileTree.join(rootPath, relative))?.kind
                if kind == .folder {
                    // A folder moved in or out: walk it all, that is rare.
                    needsWalk = true
                    break
                } else if kind == .regularFile, !FileTree.isEditorLeftover(relative) {
                    if !isListed(relative) { added.append(relative) }
                } else if isListed(relative) {
                    removed.insert(relative)
                } else if known.contains(where: { $0.hasPrefix(relative + "/") }) {
                    needsWalk = true
                    break
                }
            }
            if !needsWalk {
                guard !added.isEmpty || !removed.isEmpty else { return (known, true) }
                let listing = (known.filter { !removed.contains($0) } + added).sorted()
                cache.update { $0.listing = listing }
                return (listing, false)
            }
        }
        let listing = FileTree.files(under: root)
        cache?.update { $0.listing = listing }
        return (listing, false)
    }

    static func readText(_ url: URL, displayPath: String, into diagnostics: inout [Diagnostic]) -> SourceText? {
        do {
            let data = try Data(contentsOf: url)
            guard let text = String(data: data, encoding: .utf8).map(normalizedLineEndings) else {
                diagnostics.append(.error(at: SourceLocation(file: displayPath, line: 1, column: 1),
                                          "file is not valid UTF-8 text (save it as UTF-8)",
                                          french: "le fichier n’est pas un texte en UTF-8 (enregistrez-le en UTF-8)"))
                return nil
            }
            return SourceText(path: displayPath, text: text)
        } catch {
            diagnostics.append(.error(at: SourceLocation(file: displayPath, line: 1, column: 1),
                                      "cannot read file: \(error.localizedDescription)",
                                      french: "impossible de lire le fichier : \(error.localizedDescription)"))
            return nil
        }
    }
}

/// A file saved on Windows (CRLF line endings, a UTF-8 byte order mark) reads like any other:
/// every later stage sees `\n` alone, and line and column numbers are those of the editor.
/// (Swift counts `\r\n` as one `Character`, so splitting on `"\n"` would not see those lines.)
public func normalizedLineEndings(_ text: String) -> String {
    var text = text
    if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
    guard UTF8Text.contains(text, byte: 13) else { return text }
    return String(decoding: normalizedLineEndings(bytes: text.utf8), as: UTF8.self)
}

/// The same on bytes: CR LF and a CR alone become LF (an old Mac file has as many lines as CRs).
public func normalizedLineEndings(bytes: some Collection<UInt8>) -> [UInt8] {
    var result: [UInt8] = []
    result.reserveCapacity(bytes.count)
    var previousWasReturn = false
    for byte in bytes {
        if previousWasReturn && byte != 10 { result.append(10) }
        previousWasReturn = byte == 13
        if byte != 13 { result.append(byte) }
    }
    if previousWasReturn { result.append(10) }
    return result
}

/// Listing of the regular files below a folder, skipping dot files (editors' and VCS's).
public enum FileTree {
    static func files(under root: URL) -> [String] {
        var result: [String] = []
        let rootPath = root.standardizedFileURL.path
        // Name by name, with lstat: a symbolic link is never followed (it could point at any
        // file of the machine), dot files and folders are skipped (editors' and VCS's).
        func walk(_ relative: String) {
            let folder = relative.isEmpty ? rootPath : join(rootPath, relative)
            guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return }
            for name in names where !name.hasPrefix(".") {
                let path = relative.isEmpty ? name : relative + "/" + name
                switch FileStatus(join(rootPath, path))?.kind {
                case .folder: walk(path)
                case .regularFile: if !isEditorLeftover(name) { result.append(path) }
                default: continue
                }
            }
        }
        walk("")
        return result.sorted()
    }

    /// An editor's backup or swap file beside the one being edited: never published.
    static func isEditorLeftover(_ name: some StringProtocol) -> Bool {
        name.hasSuffix("~") || name.hasSuffix(".swp")
    }

    /// A folder as the person named it, made absolute (for watching it).
    public static func path(_ folder: String) -> String {
        URL(fileURLWithPath: folder).standardizedFileURL.path
    }

    public static func join(_ folder: String, _ relative: String) -> String {
        if folder.isEmpty || folder == "." { return relative }
        return folder.hasSuffix("/") ? folder + relative : folder + "/" + relative
    }
}
