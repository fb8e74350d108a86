import Crypto
import Foundation

/// An image of the content as the site publishes it: its fallback (the original format,
/// no wider than the largest width), and the smaller widths in that format and in WebP.
public struct ProcessedImage: Sendable, Hashable {
    public struct Variant: Sendable, Hashable {
        /// Path under the site root: `media/photo-480w.webp`.
        public var path: String
        public var width: Int
        public var height: Int
        public var mediaType: String
    }

    /// `media/photo.jpg`: the same path as the file of `content/`, so every link to it works.
    public var path: String
    public var width: Int
    public var height: Int
    /// Every file, the fallback included, smallest first.
    public var variants: [Variant]

    public var originalFormat: [Variant] { variants.filter { $0.mediaType != "image/webp" || path.hasSuffix(".webp") } }
    public var webp: [Variant] { variants.filter { $0.mediaType == "image/webp" } }
}

/// Images (DESIGN.md "Images"): every JPEG, PNG and WebP that the site publishes, resized by
/// libvips to a few widths (never upscaled), in its format and in WebP, with every metadata
/// stripped (EXIF, GPS position); the results kept in a cache by the source's hash, so a
/// rebuild or the preview does not redo them; all images at once, on every core.
public enum ImageStage {
    /// The widths offered to browsers (`srcset`); the largest is also the fallback's limit.
    public static let widths = [480, 960, 1600]
    /// Above this, a source image is said to be too heavy for a web page.
    public static let heavyBytes = 5_000_000
    /// Bumped when the processing changes: older cache entries are then not reused.
    static let version = "1"

    struct Output: Sendable {
        var images: [String: ProcessedImage] = [:]
        var files: [OutputFile] = []
        var diagnostics: [Diagnostic] = []
    }

    /// - Parameters:
    ///   - contentFolder: where the sources are (`content`).
    ///   - cacheFolder: where processed images are kept between builds (nil: none kept).
    static func process(_ staticFiles: [StaticFile], contentFolder: String, cacheFolder: String?,
                        unreadable: @Sendable (String) -> SourceLocation) -> Output {
        let images = staticFiles.filter { Libvips.Format(fileName: $0.output) != nil }
        let results = ParallelMap.map(images) { file -> Result<(ProcessedImage, [OutputFile], Diagnostic?), Diagnostic> in
            processOne(file, contentFolder: contentFolder, cacheFolder: cacheFolder, location: unreadable(file.source))
        }
        var output = Output()
        for result in results {
            switch result {
            case .success(let (image, files, warning)):
                output.images[image.path] = image
                output.files += files
                if let warning { output.diagnostics.append(warning) }
            case .failure(let diagnostic):
                output.diagnostics.append(diagnostic)
            }
        }
        return output
    }

    private static func processOne(_ file: StaticFile, contentFolder: String, cacheFolder: String?,
                                   location: SourceLocation) -> Result<(ProcessedImage, [OutputFile], Diagnostic?), Diagnostic> {
        guard let format = Libvips.Format(fileName: file.output),
              let data = FileManager.default.contents(atPath: FileTree.join(contentFolder, file.source)) else {
            return .failure(.error(at: location, "this image cannot be read", french: "cette image est illisible"))
        }
        var warning: Diagnostic?
        if data.count > heavyBytes {
            let megabytes = String(format: "%.1f", Double(data.count) / 1_000_000)
            warning = .warning(at: location,
                               "this image weighs \(megabytes) MB: the site publishes it resized, but keep the original under \(heavyBytes / 1_000_000) MB (a photo of 3000 pixels at most, saved as JPEG) so that the content folder stays light",
                               french: "cette image pèse \(megabytes.replacingOccurrences(of: ".", with: ",")) Mo : le site la publie réduite, mais gardez l’original sous \(heavyBytes / 1_000_000) Mo (une photo de 3000 pixels au plus, enregistrée en JPEG) pour que le dossier de contenu reste léger")
        }
        let key = SHA256.hash(data: data + Data("|\(version)|\(widths)|\(file.output)".utf8)).map { String(format: "%02x", $0) }.joined()
        let cached = cacheFolder.map { URL(fileURLWithPath: $0).appendingPathComponent(key) }
        if let cached, let image = readCache(cached, for: file.output) {
            return .success((image.image, image.files, warning))
        }
        guard let size = Libvips.size(of: data) else {
            return .failure(.error(at: location, "this image cannot be read: its bytes are not a \(format == .jpeg ? "JPEG" : format.rawValue.uppercased()) image (save it again from an image editor)",
                                   french: "cette image est illisible : ses octets ne sont pas une image \(format == .jpeg ? "JPEG" : format.rawValue.uppercased()) (enregistrez-la de nouveau depuis un logiciel d’images)"))
        }
        let largest = min(size.width, widths.last ?? size.width)
        let sizes = (widths.filter { $0 < largest } + [largest])
        var variants: [ProcessedImage.Variant] = []
        var files: [(String, Data)] = []
        let base = String(file.output.dropLast(URL(fileURLWithPath: file.output).pathExtension.count + 1))
        do {
            for width in sizes {
                let isFallback = width == largest
                for variantFormat in (format == .webp ? [.webp] : [format, .webp]) as [Libvips.Format] {
                    let resized = try Libvips.resize(data, width: width, format: variantFormat)
                    let path = isFallback && variantFormat == format ? file.output
                        : "\(base)\(isFallback ? "" : "-\(width)w").\(variantFormat.rawValue)"
                    variants.append(.init(path: path, width: resized.width, height: resized.height, mediaType: variantFormat.mediaType))
                    files.append((path, resized.data))
                }
            }
        } catch {
            return .failure(.error(at: location, "this image cannot be read (\(error.message))",
                                   french: "cette image est illisible (\(error.message))"))
        }
        guard let fallback = variants.first(where: { $0.path == file.output }) ?? variants.last else {
            return .failure(.error(at: location, "this image cannot be read", french: "cette image est illisible"))
        }
        let image = ProcessedImage(path: file.output, width: fallback.width, height: fallback.height, variants: variants)
        if let cached { writeCache(cached, image: image, files: files) }
        return .success((image, files.map { OutputFile(path: $0.0, contents: .data($0.1)) }, warning))
    }

    // MARK: Cache

    /// `<cache>/<hash>/manifest.json` and the files, each written to a temporary name then
    /// renamed: a build stopped in the middle leaves no half entry that a later one reuses.
    private static func writeCache(_ folder: URL, image: ProcessedImage, files: [(String, Data)]) {
        let fileManager = FileManager.default
        let temporary = folder.deletingLastPathComponent().appendingPathComponent(".\(folder.lastPathComponent)-\(UUID().uuidString)")
        do {
            try fileManager.createDirectory(at: temporary, withIntermediateDirectories: true)
            for (index, file) in files.enumerated() {
                try file.1.write(to: temporary.appendingPathComponent("\(index)"))
            }
            let manifest = CacheManifest(image: image, files: files.map(\.0))
            try JSONEncoder().encode(manifest).write(to: temporary.appendingPathComponent("manifest.json"))
            if rename(temporary.path, folder.path) != 0 { try? fileManager.removeItem(at: temporary) }
        } catch {
            try? fileManager.removeItem(at: temporary)
        }
    }

    private static func readCache(_ folder: URL, for path: String) -> (image: ProcessedImage, files: [OutputFile])? {
        guard let data = FileManager.default.contents(atPath: folder.appendingPathComponent("manifest.json").path),
              let manifest = try? JSONDecoder().decode(CacheManifest.self, from: data), manifest.image.path == path else { return nil }
        var files: [OutputFile] = []
        for (index, output) in manifest.files.enumerated() {
            guard let bytes = FileManager.default.contents(atPath: folder.appendingPathComponent("\(index)").path) else { return nil }
            files.append(OutputFile(path: output, contents: .data(bytes)))
        }
        return (manifest.image, files)
    }

    private struct CacheManifest: Codable {
        var image: ProcessedImage
        var files: [String]
    }
}

extension ProcessedImage: Codable {}
extension ProcessedImage.Variant: Codable {}
