import Foundation
import Parcours

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
    /// What this request changed in the content folder, when it changed something: the
    /// studio makes it a commit of the site's history.
    public var change: EditorChange?

    static func html(_ body: String, status: Int = 200) -> EditorResponse {
        EditorResponse(status: status, contentType: "text/html; charset=utf-8", body: body, location: nil)
    }

    static func redirect(_ location: String, change: EditorChange? = nil) -> EditorResponse {
        EditorResponse(status: 303, contentType: "text/plain; charset=utf-8", body: "", location: location, change: change)
    }

    static func text(_ body: String, status: Int, type: String = "text/plain; charset=utf-8") -> EditorResponse {
        EditorResponse(status: status, contentType: type, body: body, location: nil)
    }
}

/// A change the editor made to the content folder, said in words for the history:
/// « Actualité « Assemblée générale » modifiée ».
public struct EditorChange: Sendable, Hashable {
    public enum Kind: String, Sendable { case created, modified, deleted, restored, uploaded, settings }
    public var kind: Kind
    /// Paths under the content folder that changed (a deletion names the file it removed;
    /// the trash itself is outside the content folder).
    public var paths: [String]
    /// The page's title, or the file's name.
    public var title: String
    /// The page's type, when the change is a page's.
    public var type: PageType?

    public init(kind: Kind, paths: [String], title: String, type: PageType? = nil) {
        self.kind = kind
        self.paths = paths
        self.title = title
        self.type = type
    }

    /// The commit message, in French like the studio: "Actualité « Vaccination » modifiée".
    public var summary: String {
        let quoted = "« \(title) »"
        switch kind {
        case .settings: return "Réglages du site modifiés"
        case .uploaded: return "Fichier \(quoted) ajouté"
        default:
            // French nouns have a gender, which the schema's "Nouvelle actualité" already tells.
            let schema = (type ?? .page).schema
            let noun = (word: schema.label.text(in: .french), feminine: schema.newPageLabel.text(in: .french).hasPrefix("Nouvelle"))
            let ending = noun.feminine ? "e" : ""
            let verb: String
            switch kind {
            case .created: verb = "créé"
            case .modified: verb = "modifié"
            case .deleted: verb = "mis\(noun.feminine ? "e" : "") à la corbeille"
            case .restored: verb = "restauré"
            case .settings, .uploaded: verb = ""
            }
            return kind == .deleted ? "\(noun.word) \(quoted) \(verb)" : "\(noun.word) \(quoted) \(verb)\(ending)"
        }
    }
}

/// Where the editor is mounted and what surrounds it: `parcours serve` mounts it under
/// `/__parcours/editeur/` with every right; the studio under `/editeur/`, with the links of
/// its other rooms, and the settings only for the role that may change them.
public struct EditorMount: Sendable {
    public var prefix: String
    public var roomName: String
    public var allowsSettings: Bool
    /// Links shown before the editor's own (the studio's home, history…).
    public var links: [(href: String, label: String)]
    /// Markup after the navigation (the studio's logout form).
    public var headerExtra: String
    public var siteAddress: String
    /// Said after a save.
    public var savedNotice: (french: String, english: String)

    public init(prefix: String, roomName: String, allowsSettings: Bool = true, links: [(href: String, label: String)] = [],
                headerExtra: String = "", siteAddress: String = "/",
                savedNotice: (french: String, english: String) = ("Enregistré. La page est à jour dans l’aperçu du site.",
                                                                   "Saved. The page is up to date in the site preview.")) {
        self.prefix = prefix
        self.roomName = roomName
        self.allowsSettings = allowsSettings
        self.links = links
        self.headerExtra = headerExtra
        self.siteAddress = siteAddress
        self.savedNotice = savedNotice
    }

    /// The editor of `parcours serve`.
    public static func preview(french: Bool) -> EditorMount {
        EditorMount(prefix: EditorRoom.previewPrefix, roomName: french ? "éditeur" : "editor")
    }
}
