import Foundation

/// An image or a PDF sent from the editor, stored in `content/media/`: its kind read from
/// its bytes (never from its name), its name made a clean URL segment, never overwriting a
/// file, and an image never without its alternative text unless marked decorative.
public enum MediaUpload {
    public static let maximumBytes = 10 * 1024 * 1024

    public enum Kind: String, Sendable {
        case jpeg = "jpg", png, gif, webp, pdf

        public var isImage: Bool { self != .pdf }
    }

    public enum Problem: Error, Sendable, Hashable {
        case empty, tooLarge(Int), svg, unknownKind, missingAlternative, cannotWrite(String)

        public func message(french: Bool) -> String {
            switch self {
            case .empty:
                return french ? "Choisissez un fichier à envoyer." : "Choose a file to send."
            case .tooLarge(let bytes):
                let megabytes = (bytes + 524_288) / 1_048_576
                return french ? "Le fichier pèse \(megabytes) Mo : 10 Mo au plus. Réduisez l’image (une largeur de 2 000 pixels suffit) et envoyez-la de nouveau."
                    : "The file weighs \(megabytes) MB: 10 MB at most. Make the image smaller (2,000 pixels wide is enough) and send it again."
            case .svg:
                return french ? "Les images SVG ne sont pas acceptées (elles peuvent contenir du code) : exportez-la en PNG ou en JPEG."
                    : "SVG images are not accepted (they may carry code): export it as PNG or JPEG."
            case .unknownKind:
                return french ? "Ce fichier n’est ni une image (JPEG, PNG, GIF, WebP) ni un PDF." : "This file is neither an image (JPEG, PNG, GIF, WebP) nor a PDF."
            case .missingAlternative:
                return french ? "Décrivez l’image pour les personnes qui ne la voient pas, ou cochez « image décorative »."
                    : "Describe the image for people who cannot see it, or tick \"decorative image\"."
            case .cannotWrite(let reason):
                return french ? "Impossible d’enregistrer le fichier : \(reason)" : "Cannot save the file: \(reason)"
            }
        }
    }

    /// The kind of a file by its first bytes.
    public static func kind(of data: Data) -> Kind? {
        let bytes = [UInt8](data.prefix(16))
        func starts(_ prefix: [UInt8], at offset: Int = 0) -> Bool {
            bytes.count >= offset + prefix.count && Array(bytes[offset..<(offset + prefix.count)]) == prefix
        }
        if starts([0xFF, 0xD8, 0xFF]) { return .jpeg }
        if starts([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) { return .png }
        if starts(Array("GIF87a".utf8)) || starts(Array("GIF89a".utf8)) { return .gif }
        if starts(Array("RIFF".utf8)), starts(Array("WEBP".utf8), at: 8) { return .webp }
        if starts(Array("%PDF-".utf8)) { return .pdf }
        return nil
    }

    /// `Photo de l’équipe (2).JPG` → `photo-de-l-equipe-2`, to which the kind's extension is added.
    public static func cleanName(_ original: String) -> String {
        let base = (original as NSString).deletingPathExtension
        let slug = Slug.make(base)
        return String((slug.isEmpty ? "fichier" : slug).prefix(80))
    }

    /// Stores the file in `content/media/` and returns its site path (`/media/photo.jpg`).
    public static func store(_ data: Data, originalName: String, alternative: String, decorative: Bool,
                             in content: ContentFolder) -> Result<(path: String, kind: Kind), Problem> {
        guard !data.isEmpty else { return .failure(.empty) }
        guard data.count <= maximumBytes else { return .failure(.tooLarge(data.count)) }
        guard let kind = kind(of: data) else {
            let head = String(decoding: data.prefix(512), as: UTF8.self).lowercased()
            return .failure(head.contains("<svg") || originalName.lowercased().hasSuffix(".svg") ? .svg : .unknownKind)
        }
        if kind.isImage, !decorative, alternative.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            return .failure(.missingAlternative)
        }
        let media = content.root.appendingPathComponent("media")
        let base = cleanName(originalName)
        do {
            try FileManager.default.createDirectory(at: media, withIntermediateDirectories: true)
            for attempt in 1...1000 {
                let name = attempt == 1 ? "\(base).\(kind.rawValue)" : "\(base)-\(attempt).\(kind.rawValue)"
                let url = media.appendingPathComponent(name)
                // `withoutOverwriting`: a file of that name, even created a moment ago, is kept.
                do {
                    try data.write(to: url, options: [.withoutOverwriting])
                    return .success(("/media/" + name, kind))
                } catch CocoaError.fileWriteFileExists {
                    continue
                }
            }
            return .failure(.cannotWrite("too many files named \(base)"))
        } catch {
            return .failure(.cannotWrite(error.localizedDescription))
        }
    }

    /// What to paste in the page's text.
    public static func markdown(path: String, kind: Kind, alternative: String, decorative: Bool) -> String {
        let alt = decorative ? "" : alternative.replacingOccurrences(of: "]", with: ")").replacingOccurrences(of: "\n", with: " ")
        return kind.isImage ? "![\(alt)](\(path))" : "[\(alternative.isEmpty ? "Télécharger le document (PDF)" : alt)](\(path))"
    }
}
