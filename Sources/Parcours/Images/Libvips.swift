import Foundation
import ParcoursImaging

/// Debian's libvips, through the few C functions of `ParcoursImaging`: the size of an image,
/// and an image resized and saved in a format with its metadata stripped. libvips is
/// thread-safe: images are processed on every core at once.
enum Libvips {
    struct Failure: Error, Sendable {
        var message: String
    }

    enum Format: String, Sendable, CaseIterable {
        case jpeg = "jpg", png, webp

        /// libvips's save options: metadata stripped (EXIF, GPS position), progressive JPEG.
        var suffix: String {
            switch self {
            case .jpeg: return ".jpg[Q=82,strip,interlace]"
            case .png: return ".png[strip,compression=9]"
            case .webp: return ".webp[Q=80,strip]"
            }
        }

        var mediaType: String {
            switch self {
            case .jpeg: return "image/jpeg"
            case .png: return "image/png"
            case .webp: return "image/webp"
            }
        }

        /// The format of a file name's extension, for the images libvips resizes (not GIF,
        /// which may be animated, nor SVG, which needs no resizing).
        init?(fileName: String) {
            switch URL(fileURLWithPath: fileName).pathExtension.lowercased() {
            case "jpg", "jpeg": self = .jpeg
            case "png": self = .png
            case "webp": self = .webp
            default: return nil
            }
        }
    }

    private static let started: Bool = parcours_imaging_start() == 0

    static func size(of data: Data) -> (width: Int, height: Int)? {
        guard started else { return nil }
        var width: Int32 = 0, height: Int32 = 0
        let result = data.withUnsafeBytes { parcours_imaging_size($0.baseAddress, $0.count, &width, &height) }
        guard result == 0 else {
            parcours_imaging_clear_error()
            return nil
        }
        return (Int(width), Int(height))
    }

    static func resize(_ data: Data, width: Int, format: Format) throws(Failure) -> (data: Data, width: Int, height: Int) {
        guard started else { throw Failure(message: "libvips could not start") }
        var output: UnsafeMutableRawPointer?
        var length = 0
        var outputWidth: Int32 = 0, outputHeight: Int32 = 0
        let result = data.withUnsafeBytes { bytes in
            format.suffix.withCString { suffix in
                parcours_imaging_resize(bytes.baseAddress, bytes.count, Int32(clamping: width), suffix, &output, &length, &outputWidth, &outputHeight)
            }
        }
        guard result == 0, let output else {
            let message = parcours_imaging_error().map { String(cString: $0) } ?? "unknown error"
            parcours_imaging_clear_error()
            throw Failure(message: message.split(separator: "\n").first.map(String.init) ?? message)
        }
        defer { parcours_imaging_free(output) }
        let bytes = Data(bytes: output, count: length)
        return (format == .webp ? WebPMetadata.strip(bytes) : bytes, Int(outputWidth), Int(outputHeight))
    }
}

/// libvips 8.14 (Debian 12) writes a small EXIF block into WebP files even when asked to
/// strip metadata (resolution, orientation: the GPS position is already gone). The file's
/// `EXIF` and `XMP ` chunks are removed here, and their flags in the `VP8X` header cleared,
/// so that a WebP carries no metadata at all, like the JPEG and PNG files.
enum WebPMetadata {
    static func strip(_ data: Data) -> Data {
        let bytes = [UInt8](data)
        guard bytes.count >= 12, bytes[0..<4] == [0x52, 0x49, 0x46, 0x46], bytes[8..<12] == [0x57, 0x45, 0x42, 0x50] else { return data }
        var kept: [UInt8] = []
        var offset = 12
        while offset + 8 <= bytes.count {
            let fourCC = String(decoding: bytes[offset..<offset + 4], as: UTF8.self)
            let size = Int(bytes[offset + 4]) | Int(bytes[offset + 5]) << 8 | Int(bytes[offset + 6]) << 16 | Int(bytes[offset + 7]) << 24
            let end = offset + 8 + size + (size % 2)
            guard size >= 0, end <= bytes.count else { return data }
            if fourCC != "EXIF", fourCC != "XMP " {
                var chunk = Array(bytes[offset..<end])
                if fourCC == "VP8X", chunk.count > 8 { chunk[8] &= ~UInt8(0x08 | 0x04) }
                kept += chunk
            }
            offset = end
        }
        let riffSize = UInt32(truncatingIfNeeded: kept.count + 4)
        var result: [UInt8] = [0x52, 0x49, 0x46, 0x46]
        result += [UInt8(riffSize & 0xFF), UInt8((riffSize >> 8) & 0xFF), UInt8((riffSize >> 16) & 0xFF), UInt8((riffSize >> 24) & 0xFF)]
        result += [0x57, 0x45, 0x42, 0x50] + kept
        return Data(result)
    }
}
