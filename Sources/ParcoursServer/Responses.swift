import Foundation
import Hummingbird

/// The shapes of the preview's answers: bytes with their type, never cached (the next
/// build may change them), and the short plain-text refusals.
public enum Responses {
    public static func text(_ text: String, type: String = "text/plain; charset=utf-8", status: HTTPResponse.Status = .ok) -> Response {
        bytes(Data(text.utf8), type: type, status: status)
    }

    public static func bytes(_ data: Data, type: String, status: HTTPResponse.Status = .ok) -> Response {
        Response(status: status, headers: [.contentType: type, .cacheControl: "no-store"],
                 body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
    }

    /// 405, naming the methods this path answers in `Allow`, as HTTP requires.
    public static func methodNotAllowed(allowing methods: [HTTPRequest.Method]) -> Response {
        let names = methods.map(\.rawValue).joined(separator: ", ")
        var response = text("Méthode non autorisée ici (seulement \(names)).\n", status: .methodNotAllowed)
        response.headers[.allow] = names
        return response
    }

    /// 421: the request names a host that is not this preview (see `AllowedHosts`).
    public static func wrongHost(served address: String) -> Response {
        text("Cet aperçu ne répond qu’à l’adresse \(address).\n", status: .misdirectedRequest)
    }

    public static func contentType(of path: String) -> String {
        switch (path as NSString).pathExtension.lowercased() {
        case "html": return "text/html; charset=utf-8"
        case "css": return "text/css; charset=utf-8"
        case "js": return "text/javascript; charset=utf-8"
        case "json": return "application/json"
        case "xml": return path.hasSuffix("atom.xml") ? "application/atom+xml" : "application/xml"
        case "ics": return "text/calendar; charset=utf-8"
        case "txt": return "text/plain; charset=utf-8"
        case "svg": return "image/svg+xml"
        case "png": return "image/png"
        case "jpg", "jpeg": return "image/jpeg"
        case "webp": return "image/webp"
        case "gif": return "image/gif"
        case "ico": return "image/x-icon"
        case "pdf": return "application/pdf"
        case "woff2": return "font/woff2"
        default: return "application/octet-stream"
        }
    }
}
