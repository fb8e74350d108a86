import Foundation
import Hummingbird
import MultipartKit

/// A `multipart/form-data` body (the editor's file form) read with MultipartKit's parser:
/// the text fields, and the file with the name it had.
enum EditorMultipart {
    static func read(_ buffer: ByteBuffer, contentType: String) -> ([String: String], EditorRequest.Upload?)? {
        guard let boundary = contentType.split(separator: ";").lazy
            .map({ $0.trimmingCharacters(in: .whitespaces) })
            .first(where: { $0.lowercased().hasPrefix("boundary=") })
            .map({ String($0.dropFirst("boundary=".count)).trimmingCharacters(in: CharacterSet(charactersIn: "\"")) }),
              !boundary.isEmpty else { return nil }
        var form: [String: String] = [:]
        var upload: EditorRequest.Upload?
        var headers: [(String, String)] = []
        var body = Data()
        let parser = MultipartParser(boundary: boundary)
        parser.onHeader = { name, value in headers.append((name, value)) }
        parser.onBody = { chunk in body.append(contentsOf: chunk.readableBytesView) }
        parser.onPartComplete = {
            let disposition = headers.first { $0.0.lowercased() == "content-disposition" }?.1 ?? ""
            let name = parameter("name", in: disposition) ?? ""
            if let filename = parameter("filename", in: disposition) {
                if name == "fichier", upload == nil { upload = EditorRequest.Upload(data: body, filename: filename) }
            } else if ["csrf", "page", "alt"].contains(name) {
                form[name] = String(decoding: body, as: UTF8.self)
            }
            headers = []
            body = Data()
        }
        guard (try? parser.execute(buffer)) != nil else { return nil }
        return (form, upload)
    }

    /// `form-data; name="fichier"; filename="Photo été.jpg"`, `filename` → `Photo été.jpg`.
    private static func parameter(_ key: String, in disposition: String) -> String? {
        for part in disposition.split(separator: ";") {
            let trimmed = part.trimmingCharacters(in: .whitespaces)
            if trimmed.lowercased().hasPrefix(key + "=") {
                return String(trimmed.dropFirst(key.count + 1)).trimmingCharacters(in: CharacterSet(charactersIn: "\""))
            }
        }
        return nil
    }
}
