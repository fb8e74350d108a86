import Foundation
import Parcours

/// The site as `serve` shows it: the files of the last good build, in memory, or the
/// errors of the last build; and the browsers waiting to hear that it changed.
public actor PreviewSite {
    enum State {
        case building
        case built(files: [String: OutputFile.Contents])
        /// The diagnostics, and the site's language to show them in.
        case failed([Diagnostic], SchemaLanguage)
    }

    private(set) var state: State = .building
    private(set) var version = 0
    private var listeners: [UUID: AsyncStream<Int>.Continuation] = [:]
    private var isStopping = false
    private var options: BuildOptions
    /// The files of the last good build, in the order the build gave them.
    private var lastFiles: [OutputFile] = []

    public init(options: BuildOptions) {
        self.options = options
        // What a rebuild can take from the last one: only what a change touches is redone.
        self.options.cache = BuildCache()
    }

    var sourceFolder: String { options.source }

    /// Builds again and tells every open page to reload. Returns the report for the terminal.
    /// - Parameter changes: the files the watcher saw change (nil: look at every file).
    @discardableResult
    public func rebuild(changes: Set<String>? = nil) -> BuildReport {
        var buildOptions = options
        buildOptions.rules.now = Date()
        buildOptions.changedFiles = changes
        let report = Build.run(buildOptions)
        if report.succeeded {
            state = .built(files: filesByPath(report.files))
            lastFiles = report.files
        } else {
            state = .failed(report.diagnostics, report.language)
        }
        version += 1
        for listener in listeners.values { listener.yield(version) }
        return report
    }

    /// The files of a build by path. After a save, most files are those of the last build, in
    /// the same order: only the others are replaced, in place (issue 15: making the table
    /// again was a tenth of a rebuild at 10,000 pages).
    private func filesByPath(_ files: [OutputFile]) -> [String: OutputFile.Contents] {
        // By index: a loop over pairs of files copies each of them.
        guard case .built(var known) = state, files.count == lastFiles.count,
              files.indices.allSatisfy({ files[$0].path == lastFiles[$0].path }) else {
            return Dictionary(files.map { ($0.path, $0.contents) }, uniquingKeysWith: { a, _ in a })
        }
        state = .building  // The table is then this function's alone, and changes in place.
        for index in files.indices where !files[index].contents.isSame(as: lastFiles[index].contents) {
            known[files[index].path] = files[index].contents
        }
        return known
    }

    /// A stream of build versions, for one page's event stream (already finished once the
    /// server is stopping).
    func subscribe() -> (UUID, AsyncStream<Int>) {
        let (stream, continuation) = AsyncStream.makeStream(of: Int.self)
        let id = UUID()
        if isStopping {
            continuation.finish()
        } else {
            listeners[id] = continuation
        }
        return (id, stream)
    }

    /// Ends every page's event stream, now and for pages that connect later. A stream
    /// never ends by itself (a closed tab is only noticed at the next write), and the
    /// server's graceful shutdown waits for every response to end: without this, Ctrl-C
    /// would wait forever once a page had been opened.
    func finishStreams() {
        isStopping = true
        for listener in listeners.values { listener.finish() }
        listeners.removeAll()
    }

    func unsubscribe(_ id: UUID) {
        listeners.removeValue(forKey: id)?.finish()
    }

    /// What the last build has at a URL path.
    public enum Lookup: Sendable {
        case file(Data, type: String)
        /// A folder asked without its slash: where to go instead.
        case folder(location: String)
        /// Nothing there: the site's 404 page, when it has one.
        case missing(notFoundPage: Data?)
        case building
        case failed([Diagnostic], SchemaLanguage)
    }

    /// One file of the last build. Only its files exist here: a path that is not one of
    /// them is missing, whatever the content folder holds now.
    public func lookup(_ path: String, query: String?) -> Lookup {
        let files: [String: OutputFile.Contents]
        switch state {
        case .building: return .building
        case .failed(let diagnostics, let language): return .failed(diagnostics, language)
        case .built(let built): files = built
        }
        var key = String(path.drop { $0 == "/" })
        if key.isEmpty || key.hasSuffix("/") { key += "index.html" }
        if files[key] == nil, files[key + "/index.html"] != nil {
            return .folder(location: FolderRedirect.location(forFolder: key, query: query))
        }
        // Also a file the build copied that is now a link, or no longer a regular file.
        guard let contents = files[key], let data = data(contents) else {
            return .missing(notFoundPage: files["404.html"].flatMap(data))
        }
        return .file(data, type: Responses.contentType(of: key))
    }

    private func data(_ contents: OutputFile.Contents) -> Data? {
        switch contents {
        case .text(let text): return Data(text.utf8)
        case .data(let data): return data
        case .copy(let source): return ContentFileReader.read(source, under: FileTree.path(options.source))
        }
    }
}
