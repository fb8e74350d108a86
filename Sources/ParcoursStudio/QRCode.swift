import Foundation

/// A QR code (ISO/IEC 18004) for a short text such as a TOTP enrolment URI: byte mode, error
/// correction level M, versions 1 to 10. Written by hand because no QR package is available to
/// us; the test suite checks its matrices against an independent encoder (Python's `qrcode`).
public struct QRCode: Sendable {
    public enum Failure: Error, Sendable { case tooLong(bytes: Int, maximum: Int) }

    /// Modules per side: 17 + 4 × version.
    public let size: Int
    public let version: Int
    /// The mask pattern (0...7) chosen by the penalty rules; kept for the tests.
    let mask: Int
    /// Row-major, `true` for dark.
    private let modules: [Bool]

    public init(_ text: String) throws(Failure) {
        let bytes = Array(text.utf8)
        guard let version = (1...10).first(where: { bytes.count <= Self.byteCapacity(version: $0) }) else {
            throw .tooLong(bytes: bytes.count, maximum: Self.byteCapacity(version: 10))
        }
        let codewords = Self.interleavedCodewords(Self.dataCodewords(bytes, version: version), version: version)
        var blank = Grid(version: version)
        blank.drawFunctionPatterns()
        blank.placeCodewords(codewords)

        // Try all eight masks and keep the one with the fewest penalty points, the lowest on a
        // tie. Each is scored on the complete symbol, format and version information included,
        // as a reader sees it (ISO/IEC 18004:2000 §8.8.2, 2015 §7.8.3.1); Python's `qrcode`
        // scores them with that information blank, and so sometimes picks another mask.
        var best = blank
        var bestMask = 0
        var bestPenalty = Int.max
        for mask in 0..<8 {
            var candidate = blank
            candidate.applyMask(mask)
            candidate.drawFormatBits(mask: mask)
            let penalty = candidate.penalty()
            if penalty < bestPenalty {
                (best, bestMask, bestPenalty) = (candidate, mask, penalty)
            }
        }
        self.version = version
        self.size = best.size
        self.mask = bestMask
        self.modules = best.dark
    }

    public func isDark(x: Int, y: Int) -> Bool {
        guard (0..<size).contains(x), (0..<size).contains(y) else { return false }
        return modules[y * size + x]
    }

    /// An SVG drawing: one <path> of dark squares, a white background, a 4-module quiet zone,
    /// viewBox in modules, width/height = (size+8)*moduleSize px, role="img" and an aria-label (given, escaped for XML),
    /// shape-rendering="crispEdges". No inline style attribute, no script.
    public func svg(label: String, moduleSize: Int = 4) -> String {
        let quiet = 4  // the quiet zone the standard asks for around the symbol
        let side = size + 2 * quiet
        // Clamped so that the pixel size cannot overflow whatever the caller passes.
        let pixels = side * min(max(moduleSize, 1), 1_000)
        var path = ""
        for y in 0..<size {
            var x = 0
            while x < size {
                guard isDark(x: x, y: y) else { x += 1; continue }
                // One rectangle per horizontal run of dark modules keeps the path short.
                var run = 1
                while isDark(x: x + run, y: y) { run += 1 }
                path += "M\(x + quiet) \(y + quiet)h\(run)v1h-\(run)z"
                x += run
            }
        }
        return "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(pixels)\" height=\"\(pixels)\""
            + " viewBox=\"0 0 \(side) \(side)\" role=\"img\" aria-label=\"\(Self.xmlEscaped(label))\""
            + " shape-rendering=\"crispEdges\">"
            + "<rect width=\"\(side)\" height=\"\(side)\" fill=\"#fff\"/>"
            + "<path fill=\"#000\" d=\"\(path)\"/></svg>"
    }

    // MARK: - Capacity and error correction

    /// Level M for versions 1...10 (ISO/IEC 18004 Table 9): all codewords of the symbol,
    /// error-correction codewords per block, and number of blocks.
    private static let totalCodewords = [26, 44, 70, 100, 134, 172, 196, 242, 292, 346]
    private static let ecCodewordsPerBlock = [10, 16, 26, 18, 24, 16, 18, 22, 22, 26]
    private static let blockCount = [1, 1, 1, 2, 2, 4, 4, 4, 5, 5]

    private static func dataCodewordCount(version: Int) -> Int {
        totalCodewords[version - 1] - ecCodewordsPerBlock[version - 1] * blockCount[version - 1]
    }

    /// The byte-mode character count is 8 bits wide up to version 9, 16 bits from version 10.
    private static func countBits(version: Int) -> Int { version < 10 ? 8 : 16 }

    /// Bytes that fit after the 4-bit mode indicator and the character count.
    static func byteCapacity(version: Int) -> Int {
        (dataCodewordCount(version: version) * 8 - 4 - countBits(version: version)) / 8
    }

    /// Mode indicator, count, the bytes, a terminator of up to four zero bits, zero bits to a
    /// byte boundary, then the alternating pad codewords 0xEC 0x11 up to the capacity.
    private static func dataCodewords(_ bytes: [UInt8], version: Int) -> [UInt8] {
        var bits: [Bool] = []
        func append(_ value: Int, _ count: Int) {
            for i in stride(from: count - 1, through: 0, by: -1) { bits.append((value >> i) & 1 == 1) }
        }
        let capacity = dataCodewordCount(version: version) * 8
        append(0b0100, 4)  // byte mode
        append(bytes.count, countBits(version: version))
        for byte in bytes { append(Int(byte), 8) }
        append(0, min(4, capacity - bits.count))
        append(0, (8 - bits.count % 8) % 8)
        var codewords = stride(from: 0, to: bits.count, by: 8).map { start in
            bits[start..<start + 8].reduce(UInt8(0)) { ($0 << 1) | ($1 ? 1 : 0) }
        }
        var pad: UInt8 = 0xEC
        while codewords.count < capacity / 8 {
            codewords.append(pad)
            pad = pad == 0xEC ? 0x11 : 0xEC
        }
        return codewords
    }

    /// Splits the data into blocks (the shorter blocks first), computes each block's
    /// Reed–Solomon codewords, then interleaves: the i-th data codeword of every block in turn,
    /// then the i-th error-correction codeword of every block, so that a smudge on the symbol
    /// damages several blocks a little rather than one block beyond repair.
    private static func interleavedCodewords(_ data: [UInt8], version: Int) -> [UInt8] {
        let count = blockCount[version - 1]
        let ecLength = ecCodewordsPerBlock[version - 1]
        let shortLength = data.count / count
        let shortBlocks = count - data.count % count
        let divisor = ReedSolomon.generator(degree: ecLength)
        var blocks: [[UInt8]] = []
        var start = 0
        for index in 0..<count {
            let length = shortLength + (index < shortBlocks ? 0 : 1)
            blocks.append(Array(data[start..<start + length]))
            start += length
        }
        let corrections = blocks.map { ReedSolomon.remainder($0, divisor: divisor) }
        var result: [UInt8] = []
        for i in 0...shortLength {
            for block in blocks where i < block.count { result.append(block[i]) }
        }
        for i in 0..<ecLength {
            for correction in corrections { result.append(correction[i]) }
        }
        return result
    }

    private static func xmlEscaped(_ text: String) -> String {
        var result = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&apos;"
            // Control characters are not allowed in XML 1.0 (tab, newline and return would be
            // folded into spaces by attribute normalisation anyway).
            case _ where scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value): result += " "
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result
    }
}

/// Reed–Solomon over GF(256) with the field's polynomial x⁸ + x⁴ + x³ + x² + 1 (0x11D) and
/// generator roots α⁰ … α^(n−1), α = 2, as the standard specifies.
private enum ReedSolomon {
    /// Carry-less multiplication reduced modulo 0x11D (Russian-peasant, no tables needed).
    static func multiply(_ x: UInt8, _ y: UInt8) -> UInt8 {
        var product = 0
        for i in stride(from: 7, through: 0, by: -1) {
            product = (product << 1) ^ ((product >> 7) * 0x11D)
            product ^= Int((y >> UInt8(i)) & 1) * Int(x)
        }
        return UInt8(product & 0xFF)
    }

    /// Coefficients of ∏(x − αⁱ), highest degree first, the leading 1 left implicit.
    static func generator(degree: Int) -> [UInt8] {
        var result = [UInt8](repeating: 0, count: degree)
        result[degree - 1] = 1
        var root: UInt8 = 1
        for _ in 0..<degree {
            for j in 0..<degree {
                result[j] = multiply(result[j], root)
                if j + 1 < degree { result[j] ^= result[j + 1] }
            }
            root = multiply(root, 2)
        }
        return result
    }

    /// The remainder of data × x^degree divided by the generator: the error-correction codewords.
    static func remainder(_ data: [UInt8], divisor: [UInt8]) -> [UInt8] {
        var result = [UInt8](repeating: 0, count: divisor.count)
        for byte in data {
            let factor = byte ^ result[0]
            result.removeFirst()
            result.append(0)
            for i in result.indices { result[i] ^= multiply(divisor[i], factor) }
        }
        return result
    }
}

/// The module matrix while it is built; `reserved` marks the function patterns, which
/// neither data nor masks touch.
private struct Grid {
    let version: Int
    let size: Int
    var dark: [Bool]
    var reserved: [Bool]

    init(version: Int) {
        self.version = version
        size = 17 + 4 * version
        dark = Array(repeating: false, count: size * size)
        reserved = dark
    }

    func isDark(_ x: Int, _ y: Int) -> Bool { dark[y * size + x] }

    mutating func setFunction(_ x: Int, _ y: Int, _ isDark: Bool) {
        dark[y * size + x] = isDark
        reserved[y * size + x] = true
    }

    /// Alignment pattern centres per version (Annex E); every pairing is drawn except the
    /// three that would overlap a finder pattern.
    private static let alignmentCentres: [[Int]] = [
        [], [6, 18], [6, 22], [6, 26], [6, 30], [6, 34], [6, 22, 38], [6, 24, 42], [6, 26, 46], [6, 28, 50],
    ]

    mutating func drawFunctionPatterns() {
        // Timing patterns first: the finders then overwrite their ends.
        for i in 0..<size {
            setFunction(6, i, i % 2 == 0)
            setFunction(i, 6, i % 2 == 0)
        }
        // Finder patterns with their light separators: rings at distance 2 and 4 are light.
        for (cx, cy) in [(3, 3), (size - 4, 3), (3, size - 4)] {
            for dy in -4...4 {
                for dx in -4...4 where (0..<size).contains(cx + dx) && (0..<size).contains(cy + dy) {
                    let ring = max(abs(dx), abs(dy))
                    setFunction(cx + dx, cy + dy, ring != 2 && ring != 4)
                }
            }
        }
        let centres = Self.alignmentCentres[version - 1]
        let corners = [(6, 6), (6, size - 7), (size - 7, 6)]
        for cy in centres {
            for cx in centres where !corners.contains(where: { $0 == (cx, cy) }) {
                for dy in -2...2 {
                    for dx in -2...2 { setFunction(cx + dx, cy + dy, max(abs(dx), abs(dy)) != 1) }
                }
            }
        }
        drawFormatBits(mask: 0)  // reserves the format areas and the dark module
        drawVersionBits()
    }

    /// 5 data bits (level M is 00, then the mask number) and a BCH(15,5) remainder with
    /// generator 0x537, masked with 0x5412 so that the result is never all light. Written
    /// twice: around the top-left finder, and split between the other two.
    mutating func drawFormatBits(mask: Int) {
        let data = (0b00 << 3) | mask
        var remainder = data
        for _ in 0..<10 { remainder = (remainder << 1) ^ ((remainder >> 9) * 0x537) }
        let bits = ((data << 10) | remainder) ^ 0x5412
        func bit(_ i: Int) -> Bool { (bits >> i) & 1 == 1 }

        for i in 0...5 { setFunction(8, i, bit(i)) }
        setFunction(8, 7, bit(6))
        setFunction(8, 8, bit(7))
        setFunction(7, 8, bit(8))
        for i in 9..<15 { setFunction(14 - i, 8, bit(i)) }

        for i in 0..<8 { setFunction(size - 1 - i, 8, bit(i)) }
        for i in 8..<15 { setFunction(8, size - 15 + i, bit(i)) }
        // The dark module beside the bottom-left finder is always dark.
        setFunction(8, size - 8, true)
    }

    /// From version 7: the 6-bit version number and a BCH(18,6) remainder with generator
    /// 0x1F25, as two 6×3 blocks beside the top-right and bottom-left finders.
    mutating func drawVersionBits() {
        guard version >= 7 else { return }
        var remainder = version
        for _ in 0..<12 { remainder = (remainder << 1) ^ ((remainder >> 11) * 0x1F25) }
        let bits = (version << 12) | remainder
        for i in 0..<18 {
            let isDark = (bits >> i) & 1 == 1
            setFunction(size - 11 + i % 3, i / 3, isDark)
            setFunction(i / 3, size - 11 + i % 3, isDark)
        }
    }

    /// Codewords go most significant bit first into two-module-wide columns, right to left,
    /// alternately upwards and downwards, skipping the vertical timing column and every
    /// function module. Modules left over (the remainder bits) stay light before masking.
    mutating func placeCodewords(_ codewords: [UInt8]) {
        var index = 0
        var right = size - 1
        while right >= 1 {
            if right == 6 { right = 5 }
            let upward = (right + 1) & 2 == 0
            for step in 0..<size {
                let y = upward ? size - 1 - step : step
                for x in [right, right - 1] where !reserved[y * size + x] && index < codewords.count * 8 {
                    dark[y * size + x] = (codewords[index / 8] >> UInt8(7 - index % 8)) & 1 == 1
                    index += 1
                }
            }
            right -= 2
        }
    }

    /// The eight mask conditions of Table 10, with i the row and j the column.
    mutating func applyMask(_ mask: Int) {
        for i in 0..<size {
            for j in 0..<size where !reserved[i * size + j] {
                let flip: Bool
                switch mask {
                case 0: flip = (i + j) % 2 == 0
                case 1: flip = i % 2 == 0
                case 2: flip = j % 3 == 0
                case 3: flip = (i + j) % 3 == 0
                case 4: flip = (i / 2 + j / 3) % 2 == 0
                case 5: flip = (i * j) % 2 + (i * j) % 3 == 0
                case 6: flip = ((i * j) % 2 + (i * j) % 3) % 2 == 0
                default: flip = ((i + j) % 2 + (i * j) % 3) % 2 == 0
                }
                if flip { dark[i * size + j].toggle() }
            }
        }
    }

    /// Penalty points of §8.8.2: N1 = 3 (+1 per module beyond 5) for each run of five or more
    /// same-coloured modules in a row or column; N2 = 3 for each 2×2 block of one colour;
    /// N3 = 40 for each 1:1:3:1:1 finder-like pattern with four light modules on one side,
    /// counted on every 11-module window inside the symbol; N4 = 10 per full 5% that the
    /// share of dark modules departs from 50%.
    func penalty() -> Int {
        let rows = (0..<size).map { y in (0..<size).map { x in isDark(x, y) } }
        let columns = (0..<size).map { x in (0..<size).map { y in isDark(x, y) } }
        var points = 0
        for line in rows + columns {
            points += Self.runPenalty(line) + Self.finderLikePenalty(line)
        }
        for y in 0..<size - 1 {
            for x in 0..<size - 1 {
                let colour = isDark(x, y)
                if isDark(x + 1, y) == colour && isDark(x, y + 1) == colour && isDark(x + 1, y + 1) == colour {
                    points += 3
                }
            }
        }
        let darkCount = dark.filter { $0 }.count
        let total = size * size
        points += 10 * (abs(20 * darkCount - 10 * total) / total)
        return points
    }

    private static func runPenalty(_ line: [Bool]) -> Int {
        var points = 0
        var run = 0
        for (index, module) in line.enumerated() {
            run = index > 0 && module == line[index - 1] ? run + 1 : 1
            let runEnds = index == line.count - 1 || line[index + 1] != module
            if runEnds && run >= 5 { points += run - 2 }
        }
        return points
    }

    private static let finderLike: [Bool] = [true, false, true, true, true, false, true, false, false, false, false]

    private static func finderLikePenalty(_ line: [Bool]) -> Int {
        let reversed = Array(finderLike.reversed())
        var points = 0
        for start in 0...(line.count - finderLike.count) {
            let window = line[start..<start + finderLike.count]
            if window.elementsEqual(finderLike) || window.elementsEqual(reversed) { points += 40 }
        }
        return points
    }
}
