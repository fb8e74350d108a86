import Foundation
import Testing
@testable import ParcoursStudio

/// The encoder against an independent one: the reference matrices below were made by Python's
/// `qrcode` 8.2 as `QRCode(version=v, error_correction=ERROR_CORRECT_M, mask_pattern=m,
/// border=0)` with the text added as one byte-mode segment (`util.QRData(..., mode=
/// MODE_8BIT_BYTE)`), printed from `get_matrix()` with "#" for dark and "." for light.
///
/// The mask m is the one ours chose. `qrcode`'s own penalty (`util.lost_point`) picks the same
/// mask when it scores complete symbols; its automatic choice differs for HELLO (2) and the short
/// URI (4) because it scores masks with the format and version information left blank
/// (lincolnloop/python-qrcode#388), where ISO/IEC 18004:2015 §7.8.3.1 evaluates the complete
/// symbol. On 1,481 random texts of 1 to 213 bytes the matrices were all equal.
@Suite("QR code")
struct QRCodeTests {
    static let shortURI = "otpauth://totp/Parcours:alice?secret=JBSWY3DPEHPK3PXP&issuer=Parcours"
    /// The issuer "Atelier Café Parcours", percent-encoded as authenticator apps expect.
    static let longURI = "otpauth://totp/Atelier%20Caf%C3%A9%20Parcours:camille.durand@example.fr"
        + "?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP&issuer=Atelier%20Caf%C3%A9%20Parcours"

    static func rows(_ code: QRCode) -> [String] {
        (0..<code.size).map { y in String((0..<code.size).map { x in code.isDark(x: x, y: y) ? "#" : "." }) }
    }

    static func expectMatrix(_ text: String, version: Int, mask: Int, _ reference: [String]) throws {
        let code = try QRCode(text)
        #expect(code.version == version)
        #expect(code.size == 17 + 4 * version)
        #expect(code.mask == mask)
        let rows = Self.rows(code)
        try #require(rows.count == reference.count)
        for (y, (row, expected)) in zip(rows, reference).enumerated() {
            #expect(row == expected, "row \(y)")
        }
    }

    @Test("HELLO: version 1, mask 4, as qrcode draws it")
    func hello() throws {
        try Self.expectMatrix("HELLO", version: 1, mask: 4, Self.hello)
    }

    @Test("A 69-byte otpauth URI: version 5, mask 2, as qrcode draws it")
    func shortEnrolmentURI() throws {
        #expect(Self.shortURI.utf8.count == 69)
        try Self.expectMatrix(Self.shortURI, version: 5, mask: 2, Self.shortURIMatrix)
    }

    @Test("A 149-byte otpauth URI with a percent-encoded é: version 8 (version bits), mask 5, as qrcode draws it")
    func longEnrolmentURI() throws {
        #expect(Self.longURI.utf8.count == 149)
        try Self.expectMatrix(Self.longURI, version: 8, mask: 5, Self.longURIMatrix)
    }

    @Test("Nothing is dark outside the matrix")
    func outside() throws {
        let code = try QRCode("HELLO")
        #expect(code.isDark(x: 0, y: 0))
        for (x, y) in [(-1, 0), (0, -1), (code.size, 0), (0, code.size), (Int.min, Int.max)] {
            #expect(!code.isDark(x: x, y: y))
        }
    }

    @Test("213 bytes fit in version 10; 214 bytes, or 107 é, are too long")
    func tooLong() throws {
        #expect(try QRCode(String(repeating: "a", count: 213)).version == 10)
        #expect(throws: QRCode.Failure.self) { try QRCode(String(repeating: "a", count: 214)) }
        do {
            _ = try QRCode(String(repeating: "é", count: 107))
            Issue.record("214 bytes of UTF-8 were accepted")
        } catch .tooLong(let bytes, let maximum) {
            #expect(bytes == 214)
            #expect(maximum == 213)
        }
    }

    @Test("The SVG is an accessible image, without style attributes or scripts")
    func svg() throws {
        let code = try QRCode(Self.shortURI)
        let svg = code.svg(label: "Scan <this> & \"enrol\"", moduleSize: 5)
        #expect(svg.hasPrefix("<svg xmlns=\"http://www.w3.org/2000/svg\""))
        #expect(svg.contains("role=\"img\""))
        #expect(svg.contains("aria-label=\"Scan &lt;this&gt; &amp; &quot;enrol&quot;\""))
        #expect(svg.contains("width=\"\((code.size + 8) * 5)\" height=\"\((code.size + 8) * 5)\""))
        #expect(svg.contains("viewBox=\"0 0 \(code.size + 8) \(code.size + 8)\""))
        #expect(svg.contains("shape-rendering=\"crispEdges\""))
        #expect(svg.components(separatedBy: "<path").count == 2)
        #expect(!svg.contains("style="))
        #expect(!svg.contains("<script"))
    }

    // MARK: - Reference matrices from Python's qrcode 8.2

    static let hello: [String] = [
        "#######.##.#..#######",
        "#.....#..##.#.#.....#",
        "#.###.#..####.#.###.#",
        "#.###.#.#..#..#.###.#",
        "#.###.#.#...#.#.###.#",
        "#.....#.#.##..#.....#",
        "#######.#.#.#.#######",
        "........#####........",
        "#...#.######.#####..#",
        "...###..#.###..#.####",
        "#.##..#.#.##..###..#.",
        "###..#...#...##.#....",
        "..#.###..#..###...##.",
        "........###.###..#.##",
        "#######.##..##...#.#.",
        "#.....#....##..#...#.",
        "#.###.#.#..#..###.#.#",
        "#.###.#....##....#.##",
        "#.###.#..###..####...",
        "#.....#..#...##......",
        "#######.#...#####.#.#",
    ]
    static let shortURIMatrix: [String] = [
        "#######..##.#####.#.####....#.#######",
        "#.....#....#.#.#####.#.....##.#.....#",
        "#.###.#.####...##.#####....##.#.###.#",
        "#.###.#.###.##.#.#.##.#.#####.#.###.#",
        "#.###.#.#.##.###..####.#...##.#.###.#",
        "#.....#.##....##..#.#...#.###.#.....#",
        "#######.#.#.#.#.#.#.#.#.#.#.#.#######",
        "........#.##..##...#.#.##.#.#........",
        "#.#####...#.#.#...#.#.##.##.#.#####..",
        "....#..#..#..####.....##..#.####.#.#.",
        "####..#.#.###.#.....###....###...#.##",
        "..#....####.##..#....#.#..#..#......#",
        "###.#.####..#...##....##.###..#.##.##",
        "...#....#.#.#.####.###.##.#......#.##",
        "###..###.#..##.###..#....#.#....##.##",
        "#....#.###..#.#.###.#####..#..#.#...#",
        "#...###.#.#######....#..##.#####.####",
        "..##.#.#.###.###..#.#..#..#.####...#.",
        "..#.#.#...##...##..#.#...#.###.##..##",
        ".##.......####.#..#######....#.....#.",
        "#..#.###....#..#####..#..#########.#.",
        ".#.#...#.###...##..##..#.#..##...#..#",
        "##...##.##..#####.#.#.#.#.##..#....##",
        "..##...##.#####....#...##.###.#.#..#.",
        "##....##.###.#.#..#.###.#.###.###.#.#",
        "####.#..#.##..####...#.#..#.#....##..",
        "#..#.###.######.....#...##.#######.##",
        "#..#......##....#....####.##..#.#..##",
        "#.##..#######...#...#.#..##.#####..##",
        "........#...#.########.#....#...#..#.",
        "#######..#######.#..##......#.#.#...#",
        "#.....#.#....#...######.....#...#..##",
        "#.###.#.###.#..##..#.#...########.#..",
        "#.###.#.#....###.##.####.#..###.##..#",
        "#.###.#.#..##..#####.##..##.#..#.#.##",
        "#.....#....##..#..#####.#.#####.....#",
        "#######.#.####.#...##....##....#.#.##",
    ]
    static let longURIMatrix: [String] = [
        "#######.......##..#.#.#.#.###.#.#.#.....#.#######",
        "#.....#.#...#..##......##.#...##..#.#####.#.....#",
        "#.###.#.#..#.##..#.....#.#.#..##.#.#...##.#.###.#",
        "#.###.#.##.##...##..#..##..##..####.##.#..#.###.#",
        "#.###.#..#..#.#.#..#########..#.#..#.#....#.###.#",
        "#.....#....####.#.#.###...#......##..##...#.....#",
        "#######.#.#.#.#.#.#.#.#.#.#.#.#.#.#.#.#.#.#######",
        "........##...##..#.####...#####.###....##........",
        "#.....#.##...#.#.#.##.#####...##.##.##.####..###.",
        "..###....#..#....#.##.##..#####..###############.",
        "#.#.#.#.###...#..#.#..##..#.#.#######.#..#.....##",
        "###.##.#.###.##.###.##.#....#.###...##..####.#.##",
        ".####.#..#.#####.#..#.#####.#...#...#######.#..##",
        "##.#...#..#..#####...#.#.#.#.###.#.#.#.#.##.##.#.",
        "####..#...#.##.#.#.#......##.###...#.#..#......##",
        "#.###..###....##..#.###..####.#...#.###.#.##.###.",
        "##..#####...###..#..#.####...##....###.##..#.###.",
        "...#.#.#.#.###.##.##.....#....####..##.#.###.#.#.",
        "#.#########.....#.##..#..####..###.##.......###.#",
        "..##.#.#.##....##..#.......#.##..#..##....####.#.",
        "#...#.#..##.##.##...#.#.##...###.#.##..###.#..#.#",
        ".#.##....##...#######.##.##.#.#..##.###.#####.#..",
        "#...#####...##.###.#..#####..#..###.#.#.#########",
        "#####...##.#....##.#..#...#.#.#.##...####...##...",
        ".#.##.#.#.#####..#...##.#.#.###.###.#.#.#.#.##.##",
        ".####...#.#...#..#....#...##.###.#..##.##...##...",
        "..#######.##.##...#.#.######......##..########.##",
        "##.#...#..##.#.#.#..#...##...##...#...##.####.#.#",
        "..#...#.##...###.##..#...#...#.#.#..#..#.##...#.#",
        ".###.#.#........#.###..###.#####.#..##..#.##.#...",
        "#.....#####...##...#.#....###.##..#####...#.#.#.#",
        "..####.##.####..#..##.#.#..##..###.#...#...###.##",
        "###.###.###....##...#...####.##..##.#.###.....###",
        "..#.##.##...###.....#.###.#...##..#...#.#.###.##.",
        "####.###..#.####......#.##.#.....##.#.#...#.##.##",
        "#..###.#....#####....##.#.#...#..#.#######..##.#.",
        "...#..#..##..##.#.##.###.#..##..#.#.#..####..#.##",
        "##.#....#..#.#..####..#.#..##.#..#..##.#.#.#...#.",
        ".#...###.#.#..##...##..###.#.#...##..##...###.###",
        ".###...###..#.#.#...#######..##..##....###.#.###.",
        "###...##.####.####.##.#####..###...###.########.#",
        "........#..##...#....##...#..##.##..##..#...#####",
        "#######..##..##..#..#.#.#.##...##....#..#.#.#.#.#",
        "#.....#...####..#.##..#...#.....#.##.#..#...##..#",
        "#.###.#..#.#...###....#####..###.#.###..######..#",
        "#.###.#...#..#.#....##.#..#.#.#.###.###..###..###",
        "#.###.#...#####.##.####.#.##.#.##..##....#.#.##..",
        "#.....#...###.#.##.....#.#.####..#.#.#.#.###....#",
        "#######.##.#..##....#.####.##.#.#.###.#.#.###...#",
    ]
}
