import Foundation
import Hummingbird
import HummingbirdAuth

/// Headers on every answer of the studio: no script but its own files, no framing by any
/// page, no caching of pages that carry a token, HSTS when it is served over https.
struct SecurityHeaders: RouterMiddleware {
    typealias Context = StudioContext
    let strictTransport: Bool

    static let policy = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
        + "form-action 'self'; frame-src 'self'; frame-ancestors 'none'; base-uri 'none'"
    /// The editor's preview is shown in a frame of the editor's page, and is the site's own
    /// page: its style sheets and images are those of the preview under /apercu/.
    static let previewPolicy = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
        + "form-action 'none'; frame-ancestors 'self'; base-uri 'none'"

    func handle(_ request: Request, context: StudioContext, next: (Request, StudioContext) async throws -> Response) async throws -> Response {
        var response = try await next(request, context)
        set(&response, "Content-Security-Policy", response.headers.first(where: { $0.name.canonicalName == "content-security-policy" })?.value ?? Self.policy)
        set(&response, "X-Content-Type-Options", "nosniff")
        set(&response, "Referrer-Policy", "same-origin")
        set(&response, "Permissions-Policy", "camera=(), microphone=(), geolocation=(), interest-cohort=()")
        set(&response, "Cross-Origin-Opener-Policy", "same-origin")
        if response.headers[.cacheControl] == nil { set(&response, "Cache-Control", "no-store") }
        if response.headers.contains(where: { $0.name.canonicalName == "x-frame-options" }) == false {
            set(&response, "X-Frame-Options", "DENY")
        }
        if strictTransport { set(&response, "Strict-Transport-Security", "max-age=31536000; includeSubDomains") }
        return response
    }

    private func set(_ response: inout Response, _ name: String, _ value: String) {
        guard let field = HTTPFields.Element.Name(name) else { return }
        response.headers[field] = value
    }
}

/// The studio answers only to its own name (`public_url`'s host): a page of another site
/// that makes a browser send requests here under another name (DNS rebinding) gets nothing.
struct HostGuard: RouterMiddleware {
    typealias Context = StudioContext
    let host: String

    func handle(_ request: Request, context: StudioContext, next: (Request, StudioContext) async throws -> Response) async throws -> Response {
        let authority = (request.head.authority ?? "").lowercased()
        let name = authority.hasPrefix("[") ? String(authority.prefix { $0 != "]" }) + "]" : String(authority.prefix { $0 != ":" })
        // The port may differ (the proxy's `Host: $host` drops it), but must be a port.
        let port = authority.dropFirst(name.count)
        let portIsValid = port.isEmpty || (port.hasPrefix(":") && port.count <= 6 && port.dropFirst().allSatisfy(\.isASCII)
                                           && port.dropFirst().allSatisfy(\.isNumber) && port.count > 1)
        let hasSecondHost = request.headers.contains { $0.name.canonicalName == "host" }
        guard name == host, portIsValid, !hasSecondHost else {
            return Response(status: .misdirectedRequest, headers: [.contentType: "text/plain; charset=utf-8"],
                            body: .init(byteBuffer: ByteBuffer(string: "Ce studio ne répond qu’à son adresse.")))
        }
        return try await next(request, context)
    }
}

/// Opens the account of a valid session: known, not idle for longer than allowed, not older
/// than the longest session. Anything else ends the session (the row is deleted, the browser
/// told to forget the cookie).
struct AccountMiddleware: RouterMiddleware {
    typealias Context = StudioContext
    let studio: Studio

    func handle(_ request: Request, context: StudioContext, next: (Request, StudioContext) async throws -> Response) async throws -> Response {
        var context = context
        if var session = context.sessions.session {
            let now = studio.now()
            let idle = Double(studio.configuration.sessionIdle.components.seconds)
            let longest = Double(studio.configuration.sessionMaximum.components.seconds)
            let account = try? await studio.accounts.account(id: session.accountID)
            // (A new password, a new role or a removal deletes the account's sessions outright.)
            if let account, now.timeIntervalSince(session.lastSeen) <= idle, now.timeIntervalSince(session.createdAt) <= longest {
                // Written at most once a minute: each page view is not a write.
                if now.timeIntervalSince(session.lastSeen) > 60 {
                    session.lastSeen = now
                    _ = context.sessions.updateSession(session)
                }
                context.account = account
                context.session = session
            } else {
                context.sessions.clearSession()
            }
        }
        return try await next(request, context)
    }
}
