import Foundation

/// The addresses that content writes (menu entries, links of events and partners, form
/// endpoints) checked in one place, by parsing them rather than by looking at their first
/// letters: `https:javascript:…`, `https://` with no host, `/\evil.example/` (a browser reads
/// it as another host) and spaces are refused, and the message says what the code accepts.
public enum WebAddress {
    enum Kind {
        /// A page of another site: https.
        case link
        /// A link that may also be an e-mail address (`mailto:`).
        case linkOrMail
        /// Where a form posts: https, or http on this machine (a test receiver).
        case formEndpoint
    }

    /// The origin of an absolute URL (`https://forms.example.org:8443`), for a
    /// Content-Security-Policy: never anything that could add a directive or a source.
    public static func origin(of text: String) -> String? {
        guard let components = URLComponents(string: text), let scheme = components.scheme?.lowercased(),
              let host = components.host?.lowercased(), !host.isEmpty, isHostName(host) else { return nil }
        let port = components.port.map { ":\($0)" } ?? ""
        return "\(scheme)://\(host.contains(":") && !host.hasPrefix("[") ? "[\(host)]" : host)\(port)"
    }

    /// Why `text` is not an acceptable absolute address of this kind, or nil when it is.
    static func problem(_ text: String, kind: Kind) -> String? {
        wordedProblem(text, kind: kind)?.english
    }

    /// The same, in both languages.
    static func wordedProblem(_ text: String, kind: Kind) -> Wording? {
        if text.contains("\\") { return Wording("it contains a backslash (\\)", french: "elle contient une barre oblique inversée (\\)") }
        if text.unicodeScalars.contains(where: { $0.properties.isWhitespace || $0.properties.generalCategory == .control }) {
            return Wording("it contains a space or a control character (one address only, with no space)",
                           french: "elle contient une espace ou un caractère de contrôle (une seule adresse, sans espace)")
        }
        for character in ["\"", "'", "<", ">", "`"] where text.contains(character) {
            return Wording("it contains the character \(character)", french: "elle contient le caractère \(character)")
        }
        guard let components = URLComponents(string: text), let scheme = components.scheme?.lowercased() else {
            return Wording("it is not an address (for example https://www.exemple.fr/)",
                           french: "ce n’est pas une adresse (par exemple https://www.exemple.fr/)")
        }
        if scheme == "mailto", kind == .linkOrMail {
            let address = components.path
            let parts = address.split(separator: "@", omittingEmptySubsequences: false)
            guard parts.count == 2, !parts[0].isEmpty, parts[1].contains("."), !parts[1].hasPrefix("."), !parts[1].hasSuffix(".") else {
                return Wording("a mailto: link needs one e-mail address (mailto:contact@exemple.fr)",
                               french: "un lien mailto: contient une adresse électronique, une seule (mailto:contact@exemple.fr)")
            }
            return nil
        }
        let host = components.host?.lowercased() ?? ""
        let isLoopback = ["localhost", "127.0.0.1", "::1", "[::1]"].contains(host)
        switch scheme {
        case "https": break
        case "http" where kind == .formEndpoint && isLoopback: break
        case "http":
            return kind == .formEndpoint
                ? Wording("it must use https (http is allowed only for localhost and 127.0.0.1)",
                          french: "elle doit commencer par https (http n’est permis que pour localhost et 127.0.0.1)")
                : Wording("it must use https: an http link sends the visitor to an insecure page (write https://…)",
                          french: "elle doit commencer par https : un lien http envoie le visiteur vers une page non sécurisée (écrivez https://…)")
        default:
            return Wording("it must start with https://\(kind == .linkOrMail ? " (or mailto:)" : "")",
                           french: "elle doit commencer par https://\(kind == .linkOrMail ? " (ou mailto:)" : "")")
        }
        guard text.lowercased().hasPrefix(scheme + "://") else {
            return Wording("it must start with \(scheme)://", french: "elle doit commencer par \(scheme)://")
        }
        guard !host.isEmpty, isHostName(host) else {
            return Wording("it has no valid host name after \(scheme)://", french: "il manque un nom de site valable après \(scheme)://")
        }
        if components.user != nil || components.password != nil {
            return Wording("it contains a user name or password (user@host)", french: "elle contient un nom d’utilisateur ou un mot de passe (utilisateur@site)")
        }
        return nil
    }

    /// Letters, digits, dots and dashes (an IPv6 address in brackets): what a host name is.
    private static func isHostName(_ host: String) -> Bool {
        if host.hasPrefix("[") && host.hasSuffix("]") {
            return host.dropFirst().dropLast().allSatisfy { $0.isHexDigit || $0 == ":" || $0 == "." }
        }
        if host.contains(":") { return host.allSatisfy { $0.isHexDigit || $0 == ":" || $0 == "." } }
        return !host.hasPrefix(".") && !host.hasPrefix("-")
            && host.unicodeScalars.allSatisfy { ($0.value >= 97 && $0.value <= 122) || ($0.value >= 48 && $0.value <= 57) || $0 == "." || $0 == "-" }
    }

    /// A path on this site as content writes it (`/contact/`): one leading slash, no backslash.
    static func isSitePath(_ text: String) -> Bool {
        text.hasPrefix("/") && !text.hasPrefix("//") && !text.contains("\\")
            && !text.unicodeScalars.contains(where: { $0.properties.isWhitespace || $0.properties.generalCategory == .control })
    }
}
