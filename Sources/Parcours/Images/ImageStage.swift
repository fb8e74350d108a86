import Crypto
import Foundation
import Synchronization

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
/// stripped (EXIF, GPS position); all images at once, on every core. Nothing is processed
/// twice: a build reuses what the output it replaces already holds (`.parcours-images.json`
/// there says from which source bytes each image was made), a process that builds again
/// (`serve`, the studio) keeps them in memory, and nothing is written outside the output.
public enum ImageStage {
    /// The widths offered to browsers (`srcset`); the largest is also the fallback's limit.
    public static let widths = [480, 960, 1600]
    /// Above this, a source image is said to be too heavy for a web page.
    public static let heavyBytes = 5_000_000
    /// Bumped when the processing changes: older results are then not reused.
    static let version = "1"
    /// In the output: which source bytes (hash) made each processed image.
    public static let manifestPath = ".parcours-images.json"

    /// One image made from one source: what templates need, and its files.
    struct Processed: Sendable {
        var image: ProcessedImage
        var files: [OutputFile]

        var byteCount: Int {
            files.reduce(0) { total, file in
                if case .data(let data) = file.contents { return total + data.count }
                return total
            }
        }
    }

    struct Output: Sendable {
        var images: [String: ProcessedImage] = [:]
        var files: [OutputFile] = []
        var diagnostics: [Diagnostic] = []
    }

    /// - Parameters:
    ///   - contentFolder: where the sources are (`content`).
    ///   - previousOutput: the output this build replaces, whose images can be reused.
    ///   - makesFiles: false for a build that only checks (the editor's save, `check`): each
    ///     image's header is read, for its size and its errors, and nothing is resized.
    static func process(_ staticFiles: [StaticFile], contentFolder: String, previousOutput: String?, makesFiles: Bool = true, unreadable: @Sendable (String) -> SourceLocation) -> Output {
        let images = staticFiles.filter { Libvips.Format(fileName: $0.output) != nil }
        let inMemory = Memo.shared.images
        let previous = previousOutput.map(PreviousOutput.init)
        let results = ParallelMap.map(images) { file -> Result<(String, Processed, Diagnostic?), Diagnostic> in
            processOne(file, contentFolder: contentFolder, inMemory: inMemory, previous: previous, makesFiles: makesFiles,
                       location: unreadable(file.source))
        }
        var output = Output()
        var manifest: [String: Manifest.Entry] = [:]
        var memory: [String: Processed] = [:]
        for result in results {
            switch result {
            case .success(let (key, processed, warning)):
                output.images[processed.image.path] = processed.image
                output.files += processed.files
                manifest[processed.image.path] = Manifest.Entry(source: key, image: processed.image)
                memory[key] = processed
                if let warning { output.diagnostics.append(warning) }
            case .failure(let diagnostic):
                output.diagnostics.append(diagnostic)
            }
        }
        if makesFiles, !manifest.isEmpty {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            if let data = try? encoder.encode(Manifest(version: version, images: manifest)) {
                output.files.append(OutputFile(path: manifestPath, contents: .data(data)))
            }
        }
        if makesFiles { Memo.shared.keep(memory) }
        return output
    }

    private static func processOne(_ file: StaticFile, contentFolder: String, inMemory: [String: Processed], previous: PreviousOutput?,
                                   makesFiles: Bool, location: SourceLocation) -> Result<(String, Processed, Diagnostic?), Diagnostic> {
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
        let key = SHA256.hash(data: data + Data("|\(version)|\(widths)|\(file.output)".utf8)).hexadecimal
        if let known = inMemory[key] ?? previous?.processed(key: key, path: file.output) {
            return .success((key, known, warning))
        }
        guard let size = Libvips.size(of: data) else {
            return .failure(.error(at: location, "this image cannot be read: its bytes are not a \(format == .jpeg ? "JPEG" : format.rawValue.uppercased()) image (save it again from an image editor)",
                                   french: "cette image est illisible : ses octets ne sont pas une image \(format == .jpeg ? "JPEG" : format.rawValue.uppercased()) (enregistrez-la de nouveau depuis un logiciel d’images)"))
        }
        let largest = min(size.width, widths.last ?? size.width)
        if !makesFiles {
            let height = size.width > 0 ? Int((Double(size.height) * Double(largest) / Double(size.width)).rounded()) : size.height
            let fallback = ProcessedImage.Variant(path: file.output, width: largest, height: height, mediaType: "image/" + format.rawValue)
            return .success((key, Processed(image: ProcessedImage(path: file.output, width: largest, height: height, variants: [fallback]), files: []), warning))
        }
        let sizes = (widths.filter { $0 < largest } + [largest])
        var variants: [ProcessedImage.Variant] = []
        var files: [OutputFile] = []
        let base = String(file.output.dropLast(URL(fileURLWithPath: file.output).pathExtension.count + 1))
        do {
            for width in sizes {
                let isFallback = width == largest
                for variantFormat in (format == .webp ? [.webp] : [format, .webp]) as [Libvips.Format] {
                    let resized = try Libvips.resize(data, width: width, format: variantFormat)
                    let path = isFallback && variantFormat == format ? file.output
                        : "\(base)\(isFallback ? "" : "-\(width)w").\(variantFormat.rawValue)"
                    variants.append(.init(path: path, width: resized.width, height: resized.height, mediaType: variantFormat.mediaType))
                    files.append(OutputFile(path: path, contents: .data(resized.data)))
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
        return .success((key, Processed(image: image, files: files), warning))
    }

    /// The images processed in this process, by the hash of their source: `serve`, the
    /// editor's previews and the studio do not resize the same bytes twice. At most
    /// `limit` bytes are kept (the oldest go first).
    final class Memo: Sendable {
        static let shared = Memo()
        static let limit = 200_000_000
        private let storage = Mutex<(images: [String: Processed], order: [String], bytes: Int)>(([:], [], 0))

        var images: [String: Processed] { storage.withLock { $0.images } }

        func keep(_ new: [String: Processed]) {
            storage.withLock { state in
                for (key, processed) in new where state.images[key] == nil {
                    state.images[key] = processed
                    state.order.append(key)
                    state.bytes += processed.byteCount
                }
                while state.bytes > Self.limit, !state.order.isEmpty {
                    let oldest = state.order.removeFirst()
                    state.bytes -= state.images.removeValue(forKey: oldest)?.byteCount ?? 0
                }
            }
        }
    }

    /// `.parcours-images.json`: for each image of the output, the hash of the source it was
    /// made from, and its variants.
    struct Manifest: Codable, Sendable {
        struct Entry: Codable, Sendable {
            var source: String
            var image: ProcessedImage
        }
        var version: String
        var images: [String: Entry]
    }

    /// The output a build replaces, read for the images it already holds.
    struct PreviousOutput: Sendable {
        let folder: String
        let entries: [String: Manifest.Entry]

        init(folder: String) {
            self.folder = folder
            let path = FileTree.join(folder, ImageStage.manifestPath)
            if OutputWriter.isRegularFile(path), let data = FileManager.default.contents(atPath: path),
               let manifest = try? JSONDecoder().decode(Manifest.self, from: data), manifest.version == ImageStage.version {
                entries = manifest.images
            } else {
                entries = [:]
            }
        }

        /// The image made from these source bytes, with its files' bytes, when all are there
        /// (regular files only: a link placed in the output is never followed).
        func processed(key: String, path: String) -> Processed? {
            guard let entry = entries[path], entry.source == key, entry.image.path == path else { return nil }
            var files: [OutputFile] = []
            for variant in entry.image.variants {
                guard OutputPath.problem(variant.path) == nil else { return nil }
                let file = FileTree.join(folder, variant.path)
                guard OutputWriter.isRegularFile(file), let data = FileManager.default.contents(atPath: file) else { return nil }
                files.append(OutputFile(path: variant.path, contents: .data(data)))
            }
            return Processed(image: entry.image, files: files)
        }
    }
}

extension ProcessedImage: Codable {}
extension ProcessedImage.Variant: Codable {}
