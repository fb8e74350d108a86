import Foundation
import Hummingbird
import Logging
import Parcours

/// `parcours serve`: builds the site in memory, serves it on the loopback, rebuilds on
/// every saved change and reloads the open pages. It reuses the build pipeline as is:
/// the only differences are that the files stay in memory, the base URL is the local
/// one, and the forms post to a local inbox.
public enum PreviewServer {
    public struct Options: Sendable {
        public var build: BuildOptions
        public var host: String
        public var port: Int
        /// Print how long each stage of each rebuild took.
        public var showsTimings: Bool

        public init(build: BuildOptions, host: String = "127.0.0.1", port: Int = 8080, showsTimings: Bool = false) {
            self.build = build
            self.host = host
            self.port = port
            self.showsTimings = showsTimings
        }
    }

    public static func run(_ options: Options) async throws {
        let server = Server(options: options)
        let application = Application(
            responder: CallbackResponder { (request: Request, _: BasicRequestContext) in await server.respond(to: request) },
            configuration: ApplicationConfiguration(address: .hostname(options.host, port: options.port), serverName: "parcours"),
            onServerRunning: { channel in
                // Ctrl-C and SIGTERM start a graceful shutdown: the server stops listening
                // (this channel closes), then waits for every open response to end. The
                // live-reload streams would never end: end them as soon as it stops listening.
                let stoppedListening = channel.closeFuture
                Task {
                    try? await stoppedListening.get()
                    await server.finishStreams()
                }
                await server.start(port: channel.localAddress?.port ?? options.port)
            },
            logger: {
                var logger = Logger(label: "parcours-serve")
                logger.logLevel = .warning
                return logger
            }()
        )
        try await application.runService()
    }
}

/// The server's state and its answers to requests.
private actor Server {
    let options: PreviewServer.Options
    private var site: PreviewSite?
    private var configuration: SiteConfiguration?
    private let inbox = FormInbox()
    private var watcher: FileWatcher?
    /// Known once the port is (see `start`); until then no request is accepted anyway.
    private var allowedHosts: AllowedHosts?
    private var address = ""
    /// The editor, under `/__parcours/editeur/`.
    private var editor: EditorRoom?

    init(options: PreviewServer.Options) {
        self.options = options
    }

    /// Once the port is known: the first build, the watcher, the URL on the terminal.
    func start(port: Int) async {
        var build = options.build
        build.keepsFiles = true
        build.writesOutput = false
        let host = options.host.contains(":") ? "[\(options.host)]" : options.host
        allowedHosts = AllowedHosts(listeningOn: options.host, port: port)
        address = "http://\(host):\(port)/"
        build.overrides.append(ConfigurationOverride(path: ["base_url"], value: address))
        // The forms post to the local inbox: read their ids from site.yaml alone (a whole
        // build just for them would double the start-up time).
        let configurationFile = URL(fileURLWithPath: build.source).appendingPathComponent(ContentLoader.configurationFileName)
        let formIDs = (try? String(contentsOf: configurationFile, encoding: .utf8)).flatMap { text in
            ConfigurationValidator.validate(SourceText(path: configurationFile.path, text: text), overrides: build.overrides).0
        }?.forms.keys.sorted() ?? []
        for id in formIDs {
            build.overrides.append(ConfigurationOverride(path: ["forms", id, "endpoint"], value: FormInbox.endpoint(forForm: id, port: port)))
        }
        editor = EditorRoom(build: build, origin: String(address.dropLast()))
        let site = PreviewSite(options: build)
        self.site = site
        report(await site.rebuild())
        let themeFolder = FileTree.path(build.themes)
        watcher = FileWatcher(folders: [FileTree.path(build.source), themeFolder])
        say("Serving the preview on http://\(host):\(port)/ — watching \(build.source) and \(build.themes) (Ctrl-C to stop)")
        if let changes = watcher?.changes {
            Task { [weak self] in
                for await batch in changes {
                    await self?.rebuild(after: batch)
                }
            }
        }
    }

    func finishStreams() async {
        await site?.finishStreams()
    }

    private func rebuild(after changes: Set<String>) async {
        guard let site else { return }
        let names = changes.map { URL(fileURLWithPath: $0).lastPathComponent }.sorted().joined(separator: ", ")
        say("Changed: \(names)")
        report(await site.rebuild(changes: changes))
    }

    private func report(_ report: BuildReport) {
        configuration = report.configuration ?? configuration
        if report.succeeded {
            let milliseconds = Double(report.duration.components.attoseconds) / 1e15 + Double(report.duration.components.seconds) * 1000
            var line = String(format: "Built %d pages in %.0f ms", report.pageCount, milliseconds)
            if options.showsTimings {
                line += " (" + report.stageDurations.map { "\($0.stage) \($0.duration.formatted(.units(allowed: [.milliseconds])))" }
                    .joined(separator: ", ") + ")"
            }
            say(line)
        } else {
            // The terminal of `serve` stays in English, like its other lines (the browser
            // tests read them); the error page speaks the site's language.
            FileHandle.standardError.write(Data((report.diagnostics.report + "\n").utf8))
        }
    }

    func respond(to request: Request) async -> Response {
        // Before anything else, so that a page of another site learns nothing (DNS
        // rebinding). The first Host header is the authority; a second one stays among
        // the fields: refuse that too, whichever of the two a proxy would believe.
        let hasSecondHost = request.headers.contains { $0.name.canonicalName == "host" }
        guard allowedHosts?.allows(request.head.authority) == true, !hasSecondHost else {
            return Responses.wrongHost(served: address)
        }
        let path = request.uri.path.removingPercentEncoding ?? request.uri.path
        // The inbox only receives; everything else is only read: a page elsewhere that
        // posts, puts or deletes here gets a 405 and changes nothing.
        if path.hasPrefix(FormInbox.pathPrefix) {
            guard request.method == .post else { return Responses.methodNotAllowed(allowing: [.post]) }
            return await receiveForm(String(path.dropFirst(FormInbox.pathPrefix.count)), request: request)
        }
        if path == String(EditorRoom.previewPrefix.dropLast()) {
            return Response(status: .movedPermanently, headers: [.location: EditorRoom.previewPrefix])
        }
        if path.hasPrefix(EditorRoom.previewPrefix), let editor {
            return await edit(request, path: String(path.dropFirst(EditorRoom.previewPrefix.count)), editor: editor)
        }
        guard request.method == .get || request.method == .head else {
            return Responses.methodNotAllowed(allowing: [.get, .head])
        }
        if path == LiveReload.scriptPath {
            return Responses.text(LiveReload.script, type: "text/javascript; charset=utf-8")
        }
        guard let site else {
            return Responses.text("Construction en cours…", status: .serviceUnavailable)
        }
        if path == LiveReload.eventsPath {
            // HEAD: the headers alone, without holding a stream open that nobody reads.
            if request.method == .head {
                return Response(status: .ok, headers: [.contentType: "text/event-stream", .cacheControl: "no-cache"])
            }
            return await events(from: site)
        }
        switch await site.lookup(path, query: request.uri.query) {
        case .building:
            return Responses.text("Construction en cours…", status: .serviceUnavailable)
        case .failed(let diagnostics, let language):
            if path.hasSuffix("/") || path.hasSuffix(".html") {
                return Responses.text(LiveReload.inject(into: ErrorPage.html(diagnostics, language: language)),
                                      type: "text/html; charset=utf-8", status: .internalServerError)
            }
            return Responses.text("", type: "text/plain", status: .serviceUnavailable)
        case .folder(let location):
            return Response(status: .movedPermanently, headers: [.location: location])
        case .missing(let page):
            let html = page.map { String(decoding: $0, as: UTF8.self) } ?? "Page introuvable"
            return Responses.bytes(Data(LiveReload.inject(into: html).utf8), type: "text/html; charset=utf-8", status: .notFound)
        case .file(let data, let type):
            guard type.hasPrefix("text/html") else { return Responses.bytes(data, type: type) }
            return Responses.bytes(Data(LiveReload.inject(into: String(decoding: data, as: UTF8.self)).utf8), type: type)
        }
    }

    /// Server-Sent Events: one `reload` event after each build.
    private func events(from site: PreviewSite) async -> Response {
        let (id, stream) = await site.subscribe()
        let body = ResponseBody { writer in
            do {
                try await writer.write(ByteBuffer(string: "retry: 500\n: connected\n\n"))
                for await version in stream {
                    try await writer.write(ByteBuffer(string: "event: reload\ndata: \(version)\n\n"))
                }
            } catch {
                // The page was closed: found at this write. Forget it, as at the end.
                await site.unsubscribe(id)
                throw error
            }
            await site.unsubscribe(id)
            try await writer.finish(nil)
        }
        return Response(status: .ok, headers: [.contentType: "text/event-stream", .cacheControl: "no-cache"], body: body)
    }

    /// The editor's answer, off the server's own executor (it reads and writes files).
    private func edit(_ request: Request, path: String, editor: EditorRoom) async -> Response {
        switch await EditorHTTP.exchange(request, path: path) {
        case .failure(let refusal): return refusal.response
        case .success(let exchange):
            let answer = await Task.detached { editor.respond(exchange) }.value
            return EditorHTTP.response(answer)
        }
    }

    private func receiveForm(_ id: String, request: Request) async -> Response {
        var request = request
        guard let buffer = try? await request.collectBody(upTo: 1_000_000) else {
            return Responses.text("Requête trop grande", status: .contentTooLarge)
        }
        let contentType = request.headers[.contentType] ?? ""
        let accept = request.headers[.accept] ?? ""
        let answer = inbox.receive(form: id, body: Data(buffer.readableBytesView), contentType: contentType,
                                   wantsJSON: accept.contains("application/json") || contentType.contains("application/json"),
                                   configuration: configuration)
        switch answer {
        case .json(let json): return Responses.text(json, type: "application/json")
        case .redirect(let location): return Response(status: .seeOther, headers: [.location: location])
        case .unknownForm(let message): return Responses.text(message, status: .notFound)
        case .problem(let message): return Responses.text(message, status: .badRequest)
        }
    }
}
