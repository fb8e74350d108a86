import Foundation
import Hummingbird
import Parcours

/// The editor over HTTP: a Hummingbird request becomes an `EditorRequest`, an
/// `EditorResponse` becomes a response. `parcours serve` and the studio both go through it,
/// so the body limits and the parsing of forms are the same in both.
public enum EditorHTTP {
    /// A page's form is small (a page of text): bodies past 2 MB are refused; a file may
    /// weigh up to 10 MB (MediaUpload refuses more, with a message).
    public static let formLimit = 2_000_000
    public static let multipartLimit = MediaUpload.maximumBytes + 1_000_000

    /// The editor's view of `request`, or the response that refuses it (too large, unreadable).
    public static func exchange(_ request: Request, path: String) async -> Result<EditorRequest, RefusedRequest> {
        var request = request
        let method: EditorRequest.Method = request.method == .get || request.method == .head ? .get : request.method == .post ? .post : .other
        var form: [String: String] = [:]
        var upload: EditorRequest.Upload?
        if method == .post {
            let contentType = request.headers[.contentType] ?? ""
            let isMultipart = contentType.lowercased().hasPrefix("multipart/form-data")
            guard let buffer = try? await request.collectBody(upTo: isMultipart ? multipartLimit : formLimit) else {
                return .failure(RefusedRequest(Responses.text("Requête trop grande (10 Mo au plus pour un fichier)", status: .contentTooLarge)))
            }
            if isMultipart {
                guard let parts = EditorMultipart.read(buffer, contentType: contentType) else {
                    return .failure(RefusedRequest(Responses.text("Formulaire illisible", status: .badRequest)))
                }
                (form, upload) = parts
            } else {
                form = EditorRequest.formFields(String(decoding: buffer.readableBytesView, as: UTF8.self))
            }
        }
        return .success(EditorRequest(method: method, path: path, query: queryFields(request.uri.query), origin: request.headers[.origin],
                                      form: form, upload: upload, wantsJSON: (request.headers[.accept] ?? "").contains("application/json")))
    }

    /// `a=1&b=2` → fields (last value of a name wins).
    public static func queryFields(_ query: String?) -> [String: String] {
        var fields: [String: String] = [:]
        for item in URLComponents(string: "?" + (query ?? ""))?.queryItems ?? [] { fields[item.name] = item.value ?? "" }
        return fields
    }

    /// The editor's answer as HTTP; never cached (a form carries its token).
    public static func response(_ answer: EditorResponse, headers extra: HTTPFields = [:]) -> Response {
        var headers: HTTPFields = [.contentType: answer.contentType, .cacheControl: "no-store"]
        for (name, value) in [("X-Frame-Options", "SAMEORIGIN"), ("Referrer-Policy", "same-origin")] {
            if let field = HTTPFields.Element.Name(name) { headers[field] = value }
        }
        for field in extra { headers[field.name] = field.value }
        if let location = answer.location { headers[.location] = location }
        return Response(status: .init(code: answer.status), headers: headers, body: .init(byteBuffer: ByteBuffer(string: answer.body)))
    }

    /// A request refused before the editor saw it.
    public struct RefusedRequest: Error {
        public let response: Response
        init(_ response: Response) { self.response = response }
    }
}
