import Crypto
import Foundation
import Hummingbird
import HummingbirdAuth
import Logging
import Parcours
import ParcoursServer

/// `parcours studio`: the studio over HTTP, on the loopback behind nginx.
public enum StudioServer {
    public static let cookieName = "parcours_studio"

    /// The router, with its middleware: tests drive it in process (HummingbirdTesting).
    public static func router(_ studio: Studio) -> Router<StudioContext> {
        let router = Router(context: StudioContext.self)
        let configuration = studio.configuration
        router.add(middleware: SecurityHeaders(strictTransport: configuration.publicURL.hasPrefix("https://")))
        router.add(middleware: HostGuard(host: configuration.publicHost))
        router.add(middleware: SessionMiddleware<StudioContext>(
            storage: studio.sessions,
            configuration: SessionMiddlewareConfiguration(
                sessionCookieParameters: SessionCookieParameters(name: cookieName, path: "/", secure: configuration.secureCookies, sameSite: .strict),
                defaultSessionExpiration: configuration.sessionMaximum)))
        router.add(middleware: AccountMiddleware(studio: studio))
        let rooms = StudioRooms(studio: studio)
        for method in [HTTPRequest.Method.get, .head, .post, .put, .delete, .patch, .options] {
            for path in ["/", "**"] {
                router.on(RouterPath(path), method: method) { request, context in
                    await rooms.respond(request, context: context)
                }
            }
        }
        return router
    }

    /// Runs the studio until SIGINT or SIGTERM, and the scheduled publications beside it.
    public static func run(_ studio: Studio) async throws {
        let configuration = studio.configuration
        var logger = Logger(label: "parcours-studio")
        logger.logLevel = .warning
        let application = Application(
            router: router(studio),
            configuration: ApplicationConfiguration(address: .hostname(configuration.listenHost, port: configuration.listenPort),
                                                    serverName: "parcours-studio"),
            onServerRunning: { _ in
                FileHandle.standardError.write(Data("Studio ouvert sur http://\(configuration.listenHost):\(configuration.listenPort)/ pour \(configuration.publicURL) (Ctrl-C pour l’arrêter)\n".utf8))
            },
            logger: logger
        )
        let schedule = Task.detached {
            // Dates reached while the studio was stopped count at once; then a check every
            // `schedule_check_seconds`.
            await studio.workshop.republishIfDue(force: true)
            await studio.workshop.purgeExpiredRequests(in: studio.inbox)
            while !Task.isCancelled {
                try? await Task.sleep(for: configuration.scheduleCheck)
                await studio.workshop.republishIfDue()
                await studio.workshop.purgeExpiredRequests(in: studio.inbox)
            }
        }
        defer { schedule.cancel() }
        try await application.runService()
    }
}
