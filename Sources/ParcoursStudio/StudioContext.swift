import Foundation
import Hummingbird
import HummingbirdAuth

/// Each request's context: its session (hummingbird-auth), the account it opens, and the
/// address it came from.
public struct StudioContext: RequestContext, SessionRequestContext {
    public var coreContext: CoreRequestContextStorage
    public let sessions: SessionContext<StudioSession>
    /// The peer of the connection (nginx, on the loopback, behind the proxy).
    let peer: String?
    /// Set by `AccountMiddleware` when the session is valid.
    var account: Account?
    var session: StudioSession?

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        sessions = .init()
        peer = source.channel.remoteAddress?.ipAddress
    }

    /// The person's address: nginx's `X-Real-IP` when the request came through the proxy on
    /// this machine, the peer's address otherwise (a client cannot choose its address by
    /// sending the header itself, since only a loopback peer is believed).
    func address(of request: Request) -> String {
        let loopback = peer.map { $0 == "127.0.0.1" || $0 == "::1" || $0.hasPrefix("127.") || $0 == "::ffff:127.0.0.1" } ?? true
        if loopback, let forwarded = request.headers.first(where: { $0.name.canonicalName == "x-real-ip" })?.value.trimmingCharacters(in: .whitespaces),
           !forwarded.isEmpty, forwarded.count <= 45, forwarded.allSatisfy({ $0.isHexDigit || $0 == "." || $0 == ":" }) {
            return forwarded
        }
        return peer ?? "inconnue"
    }
}
