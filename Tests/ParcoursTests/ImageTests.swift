import Foundation
import Testing
@testable import Parcours

/// Images through libvips (issue 13): resized, in WebP too, metadata stripped, cached, and
/// a located error for an image that cannot be read.
@Suite("Images")
struct ImageTests {
    /// A photo as a phone takes it: `width` × `height`, with the GPS position in its EXIF.
    static func photo(width: Int, height: Int) throws -> Data {
        var ppm = Data("P6\n\(width) \(height)\n255\n".utf8)
        var pixels = [UInt8](repeating: 0, count: width * height * 3)
        for y in 0..<height {
            for x in 0..<width {
                let index = (y * width + x) * 3
                pixels[index] = UInt8(truncatingIfNeeded: x / 16)
                pixels[index + 1] = UInt8(truncatingIfNeeded: y / 12)
                pixels[index + 2] = 128
            }
        }
        ppm.append(contentsOf: pixels)
        let jpeg = try Libvips.resize(ppm, width: width, format: .jpeg).data
        return withGPS(jpeg)
    }

    /// An APP1 segment with EXIF: IFD0 pointing at a GPS IFD (latitude N 46° 49′ 12″),
    /// inserted after the JPEG's first marker.
    static func withGPS(_ jpeg: Data) -> Data {
        var tiff: [UInt8] = [0x4D, 0x4D, 0x00, 0x2A, 0, 0, 0, 8]          // big-endian TIFF, IFD0 at 8
        tiff += [0, 1, 0x88, 0x25, 0, 4, 0, 0, 0, 1, 0, 0, 0, 26, 0, 0, 0, 0] // GPSInfo → 26; no next IFD
        tiff += [0, 2]                                                   // GPS IFD: 2 entries
        tiff += [0, 1, 0, 2, 0, 0, 0, 2, 0x4E, 0, 0, 0]                  // GPSLatitudeRef "N"
        tiff += [0, 2, 0, 5, 0, 0, 0, 3, 0, 0, 0, 56]                    // GPSLatitude → 56
        tiff += [0, 0, 0, 0]
        for value: UInt32 in [46, 1, 49, 1, 12, 1] {
            tiff += [UInt8(value >> 24), UInt8((value >> 16) & 0xFF), UInt8((value >> 8) & 0xFF), UInt8(value & 0xFF)]
        }
        let payload = Array("Exif".utf8) + [0, 0] + tiff
        let length = payload.count + 2
        var result = Data(jpeg.prefix(2))
        result.append(contentsOf: [0xFF, 0xE1, UInt8(length >> 8), UInt8(length & 0xFF)] + payload)
        result.append(jpeg.dropFirst(2))
        return result
    }

    static let news = "---\ntitle: Vaccination\ndate: 2026-11-30\nimage: /media/Photo AG.jpg\nimage_alt: La salle de vaccination\n---\n"
        + "Texte.\n\n![Le cabinet infirmier](</media/Photo AG.jpg>)\n"

    @Test func aPhoneSizedPhotoIsResizedOfferedInWebPAndStrippedOfItsPosition() throws {
        let site = try TestSite(["actualites/_index.md": "---\ntitle: Actualités\ntype: news\n---\n", "actualites/vaccination.md": Self.news])
        defer { site.remove() }
        let photo = try Self.photo(width: 4000, height: 3000)
        #expect(photo.range(of: Data("Exif".utf8)) != nil)
        let media = site.root.appendingPathComponent("content/media")
        try FileManager.default.createDirectory(at: media, withIntermediateDirectories: true)
        try photo.write(to: media.appendingPathComponent("Photo AG.jpg"))

        let clock = ContinuousClock()
        let first = clock.now
        let run = try site.build()
        let firstDuration = clock.now - first
        #expect(run.status == 0, "\(run.errors)")
        let output = site.root.appendingPathComponent("site/media")
        let files = try FileManager.default.contentsOfDirectory(atPath: output.path).sorted()
        #expect(files == ["Photo AG-480w.jpg", "Photo AG-480w.webp", "Photo AG-960w.jpg", "Photo AG-960w.webp", "Photo AG.jpg", "Photo AG.webp"])
        // Which source bytes made them: a later build reuses them.
        #expect(FileManager.default.fileExists(atPath: site.root.appendingPathComponent("site/.parcours-images.json").path))
        for file in files {
            let data = try Data(contentsOf: output.appendingPathComponent(file))
            let size = try #require(Libvips.size(of: data))
            #expect(size.width <= 1600, "\(file) is \(size.width) px wide")
            #expect(data.range(of: Data("Exif".utf8)) == nil, "\(file) keeps EXIF")
            #expect(data.range(of: Data([0, 0, 0, 46, 0, 0, 0, 1])) == nil, "\(file) keeps the latitude")
        }
        #expect(try Libvips.size(of: Data(contentsOf: output.appendingPathComponent("Photo AG.jpg")))?.width == 1600)
        #expect(try Libvips.size(of: Data(contentsOf: output.appendingPathComponent("Photo AG-480w.webp")))?.height == 360)

        let page = try site.output("actualites/vaccination/index.html")
        // The text's image: WebP first, its widths, its size, loaded when it comes into view.
        #expect(page.contains("<picture><source type=\"image/webp\" srcset=\"/media/Photo%20AG-480w.webp 480w, /media/Photo%20AG-960w.webp 960w, /media/Photo%20AG.webp 1600w\""), "\(page)")
        #expect(page.contains("<img src=\"/media/Photo%20AG.jpg\" alt=\"Le cabinet infirmier\" width=\"1600\" height=\"1200\""), "\(page)")
        #expect(page.contains("width=\"1600\" height=\"1200\""))
        #expect(page.contains("loading=\"lazy\""))

        // A second build takes every image from the output it replaces, and writes nothing
        // outside its output (no cache folder anywhere else).
        let before = try Data(contentsOf: output.appendingPathComponent("Photo AG-480w.webp"))
        let second = clock.now
        #expect(try site.build().status == 0)
        let secondDuration = clock.now - second
        print("Images: first build \(firstDuration), second build (reusing the output's images) \(secondDuration)")
        #expect(secondDuration < firstDuration)
        #expect(try Data(contentsOf: output.appendingPathComponent("Photo AG-480w.webp")) == before)
        #expect(!FileManager.default.fileExists(atPath: site.root.appendingPathComponent(".parcours").path))

    }

    @Test func aSmallImageIsNeverMadeLarger() throws {
        let site = try TestSite()
        defer { site.remove() }
        let media = site.root.appendingPathComponent("content/media")
        try FileManager.default.createDirectory(at: media, withIntermediateDirectories: true)
        let ppm = Data("P6\n300 200\n255\n".utf8) + Data(repeating: 200, count: 300 * 200 * 3)
        try Libvips.resize(ppm, width: 300, format: .png).data.write(to: media.appendingPathComponent("logo.png"))
        #expect(try site.build().status == 0)
        let files = try FileManager.default.contentsOfDirectory(atPath: site.root.appendingPathComponent("site/media").path).sorted()
        #expect(files == ["logo.png", "logo.webp"])
        #expect(try Libvips.size(of: Data(contentsOf: site.root.appendingPathComponent("site/media/logo.png")))?.width == 300)
    }

    @Test func anImageThatCannotBeReadIsALocatedErrorNotACrash() throws {
        let site = try TestSite()
        defer { site.remove() }
        let media = site.root.appendingPathComponent("content/media")
        try FileManager.default.createDirectory(at: media, withIntermediateDirectories: true)
        try Data("ceci n’est pas une image".utf8).write(to: media.appendingPathComponent("photo.jpg"))
        try Data([0xFF, 0xD8, 0xFF, 0xE0, 0, 16] + [UInt8](repeating: 7, count: 200)).write(to: media.appendingPathComponent("tronquee.jpg"))
        let run = try site.build()
        #expect(run.status == 1)
        #expect(run.errors.contains("content/media/photo.jpg:1:1: error: this image cannot be read: its bytes are not a JPEG image (save it again from an image editor)"), "\(run.errors)")
        #expect(run.errors.contains("content/media/tronquee.jpg:1:1: error: this image cannot be read"), "\(run.errors)")
    }
}
