import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The `Host` headers the preview answers. A page on any web site can make a browser
/// send requests to the loopback; with DNS rebinding (a name of the attacker's that
/// first resolves to their server, then to 127.0.0.1) it can even read the answers as
/// its own. Such requests carry the attacker's name in `Host`: only the names a browser
/// on this machine uses for the address served are accepted, with the port served.
struct AllowedHosts: Sendable {
    let port: Int
    /// Accepted host names and literals, lowercased, IPv6 literals in brackets.
    private let names: Set<String>
    /// Listening on every interface (`0.0.0.0`, `::`): an address literal cannot be
    /// rebound, so any literal of that family reaches this server legitimately.
    private let anyIPv4Literal: Bool
    private let anyIPv6Literal: Bool

    /// - Parameter host: the address given to `--host`, as the server listens on it.
    init(listeningOn host: String, port: Int) {
        self.port = port
        let host = host.lowercased().trimmingCharacters(in: CharacterSet(charactersIn: "[]"))
        anyIPv4Literal = host == "0.0.0.0" || host == "::"
        anyIPv6Literal = host == "::"
        switch host {
        case "127.0.0.1": names = ["127.0.0.1", "localhost"]
        case "::1": names = ["[::1]", "localhost"]
        case "localhost": names = ["localhost", "127.0.0.1", "[::1]"]
        case "0.0.0.0": names = ["localhost"]
        case "::": names = ["localhost"]
        default: names = [host.contains(":") ? "[\(host)]" : host]
        }
    }

    /// Whether a request whose `Host` header is `authority` (nil: none) may be answered.
    func allows(_ authority: String?) -> Bool {
        guard let authority, let (name, port) = Self.split(authority.lowercased()), port == self.port else { return false }
        if names.contains(name) { return true }
        if anyIPv4Literal, Self.isIPv4Literal(name) { return true }
        if anyIPv6Literal, name.hasPrefix("["), Self.isIPv6Literal(String(name.dropFirst().dropLast())) { return true }
        return false
    }

    /// `name:port`, `[v6]:port` or a name alone (port 80, as browsers send it).
    private static func split(_ authority: String) -> (String, Int)? {
        var name = authority
        var port = "80"
        if authority.hasPrefix("[") {
            guard let close = authority.firstIndex(of: "]") else { return nil }
            name = String(authority[...close])
            let rest = authority[authority.index(after: close)...]
            if !rest.isEmpty {
                guard rest.hasPrefix(":") else { return nil }
                port = String(rest.dropFirst())
            }
        } else if let colon = authority.firstIndex(of: ":") {
            name = String(authority[..<colon])
            port = String(authority[authority.index(after: colon)...])
        }
        guard !name.isEmpty, !port.isEmpty, port.count <= 5, port.allSatisfy(\.isASCII), port.allSatisfy(\.isNumber),
              let number = Int(port) else { return nil }
        return (name, number)
    }

    private static func isIPv4Literal(_ text: String) -> Bool {
        var address = in_addr()
        return inet_pton(AF_INET, text, &address) == 1
    }

    private static func isIPv6Literal(_ text: String) -> Bool {
        var address = in6_addr()
        return inet_pton(AF_INET6, text, &address) == 1
    }
}
