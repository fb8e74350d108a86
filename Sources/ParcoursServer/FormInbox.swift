import Foundation
import Parcours

/// The forms' endpoint during `serve`: each submission is written to a file under
/// `.parcours/formulaires/<id>/` (ignored by git), and the answer is what a form service
/// gives: JSON to a script, a redirect to the success page to a browser without one.
public struct FormInbox: Sendable {
    static let pathPrefix = "/__parcours/formulaires/"
    let folder: URL

    init(folder: String = ".parcours/formulaires") {
        self.folder = URL(fileURLWithPath: folder)
    }

    /// The local endpoint of a form, which `serve` puts in place of the configured one.
    /// A form whose id is not a slug gets the inbox's bare path, which refuses every
    /// submission: its test submissions stay on this machine and are never saved.
    static func endpoint(forForm id: String, port: Int) -> String {
        "http://127.0.0.1:\(port)\(pathPrefix)\(isFormID(id) ? id : "")"
    }

    /// A form id as the inbox accepts it: a slug (lowercase ASCII letters, digits, dashes),
    /// so that it names one folder inside the inbox and can never climb out of it, whatever
    /// site.yaml says (the build checks ids too; this is the second line of defence).
    public static func isFormID(_ id: String) -> Bool {
        !id.isEmpty && id.count <= 100 && !id.hasPrefix("-")
            && id.utf8.allSatisfy { (UInt8(ascii: "a")...UInt8(ascii: "z")).contains($0)
                || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) || $0 == UInt8(ascii: "-") }
    }

    enum Answer {
        case json(String)
        case redirect(String)
        /// No such form here: nothing was written.
        case unknownForm(String)
        case problem(String)
    }

    /// Records the submission; `wantsJSON` when the request came from the page's script.
    func receive(form id: String, body: Data, contentType: String, wantsJSON: Bool,
                 configuration: SiteConfiguration?) -> Answer {
        guard Self.isFormID(id), let formFolder = folder(forForm: id) else {
            return .unknownForm("not a form id: a form id is made of lowercase letters, digits and dashes")
        }
        guard let form = configuration?.forms[id] else { return .unknownForm("unknown form '\(id)'") }
        var fields: [String: String] = [:]
        var record: Any
        if contentType.contains("application/json") {
            guard let object = try? JSONSerialization.jsonObject(with: body) else { return .problem("the body is not JSON") }
            record = object
            if let dictionary = object as? [String: Any] {
                for (key, value) in dictionary { fields[key] = "\(value)" }
            }
        } else {
            let text = String(decoding: body, as: UTF8.self)
            var pairs: [[String]] = []
            for pair in text.split(separator: "&") {
                let parts = pair.split(separator: "=", maxSplits: 1).map {
                    String($0).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? String($0)
                }
                let key = parts.first ?? "", value = parts.count > 1 ? parts[1] : ""
                pairs.append([key, value])
                fields[key] = value
            }
            record = pairs
        }
        do {
            try FileManager.default.createDirectory(at: formFolder, withIntermediateDirectories: true)
            let stamp = ISO8601DateFormatter().string(from: Date()).replacingOccurrences(of: ":", with: "-")
            let file = formFolder.appendingPathComponent("\(stamp)-\(UUID().uuidString.prefix(8)).json")
            let data = try JSONSerialization.data(withJSONObject: ["form": id, "received": stamp, "fields": record],
                                                  options: [.prettyPrinted, .sortedKeys])
            try data.write(to: file, options: .withoutOverwriting)
            say("Form '\(id)': submission saved in \(file.path)")
        } catch {
            return .problem("cannot save the submission: \(error.localizedDescription)")
        }
        if wantsJSON { return .json("{\"ok\":true}") }
        // Only to this site: a form service that redirects anywhere would be an open redirect.
        if let field = form.redirectField, let next = fields[field], let configuration,
           next.hasPrefix(configuration.baseURL) { return .redirect(next) }
        if let success = form.successPage?.value, let configuration {
            return .redirect(configuration.basePath + success.drop { $0 == "/" })
        }
        return .json("{\"ok\":true}")
    }

    /// The folder of one form's submissions, or nil if it would not lie directly inside the
    /// inbox (checked on the path itself, not trusted from the id's shape alone).
    private func folder(forForm id: String) -> URL? {
        let inbox = folder.standardizedFileURL
        let formFolder = inbox.appendingPathComponent(id, isDirectory: true).standardizedFileURL
        guard formFolder.deletingLastPathComponent().path == inbox.path, formFolder.lastPathComponent == id else { return nil }
        return formFolder
    }
}
