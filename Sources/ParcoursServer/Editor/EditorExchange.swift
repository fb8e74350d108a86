import Foundation

/// A request to the editor, without the HTTP library's types: the server fills it, tests
/// build it by hand.
public struct EditorRequest: Sendable {
    public enum Method: Sendable { case get, post, other }
    public var method: Method
    /// Under the editor's prefix, decoded: `modifier/actualites/ag.md`.
    public var path: String
    public var query: [String: String]
    /// The `Origin` header, when the browser sent one.
    public var origin: String?
    /// The fields of a posted form (urlencoded), last value of a name wins.
    public var form: [String: String]
    /// A file sent with the form (multipart), with the name it had on the person's computer.
    public var upload: Upload?
    /// The script asks for JSON (it inserts the result in the page's text itself).
    public var wantsJSON = false

    public struct Upload: Sendable {
        public var data: Data
        public var filename: String
        public init(data: Data, filename: String) {
            self.data = data
            self.filename = filename
        }
    }

    public init(method: Method, path: String, query: [String: String] = [:], origin: String? = nil, form: [String: String] = [:],
                upload: Upload? = nil, wantsJSON: Bool = false) {
        self.method = method
        self.path = path
        self.query = query
        self.origin = origin
        self.form = form
        self.upload = upload
        self.wantsJSON = wantsJSON
    }

    /// `a=1&b=%C3%A9+x` → fields; `+` is a space, as browsers send forms.
    public static func formFields(_ body: String) -> [String: String] {
        var fields: [String: String] = [:]
        for pair in body.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let decode = { (text: Substring) in String(text).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? "" }
            guard let name = parts.first.map(decode), !name.isEmpty else { continue }
            fields[name] = parts.count > 1 ? decode(parts[1]) : ""
        }
        return fields
    }
}

/// What the editor answers.
public struct EditorResponse: Sendable {
    public var status: Int
    public var contentType: String
    public var body: String
    /// For a 303 after a change: the page to show next.
    public var location: String?

    static func html(_ body: String, status: Int = 200) -> EditorResponse {
        EditorResponse(status: status, contentType: "text/html; charset=utf-8", body: body, location: nil)
    }

    static func redirect(_ location: String) -> EditorResponse {
        EditorResponse(status: 303, contentType: "text/plain; charset=utf-8", body: "", location: location)
    }

    static func text(_ body: String, status: Int, type: String = "text/plain; charset=utf-8") -> EditorResponse {
        EditorResponse(status: status, contentType: type, body: body, location: nil)
    }
}
