import Foundation

/// Text work done on UTF-8 bytes, where the work is bytes: finding ASCII markup in HTML,
/// splitting words. Walking `Character` by `Character` costs a grapheme break check per
/// character, which made these loops the most expensive part of a build (issue 15).
enum UTF8Text {
    /// `text` with every occurrence of the patterns replaced, in one pass from left to
    /// right; where several patterns match at one place, the first of the list wins.
    /// Every pattern must start with an ASCII byte.
    static func replacing(_ text: String, _ replacements: [(pattern: String, replacement: String)]) -> String {
        let patterns = replacements.map { (Array($0.pattern.utf8), Array($0.replacement.utf8)) }
        // A table, not a Set: this is asked of every byte of every page.
        var startsAPattern = [Bool](repeating: false, count: 256)
        for pattern in patterns { if let first = pattern.0.first { startsAPattern[Int(first)] = true } }
        var source = text
        return source.withUTF8 { bytes -> String in
            var output: [UInt8] = []
            output.reserveCapacity(bytes.count + bytes.count / 8)
            var index = 0
            var copiedUpTo = 0
            while index < bytes.count {
                guard startsAPattern[Int(bytes[index])],
                      let match = patterns.first(where: { starts(bytes, at: index, with: $0.0) }) else {
                    index += 1
                    continue
                }
                output.append(contentsOf: bytes[copiedUpTo..<index])
                output.append(contentsOf: match.1)
                index += match.0.count
                copiedUpTo = index
            }
            guard copiedUpTo > 0 else { return text }
            output.append(contentsOf: bytes[copiedUpTo..<bytes.count])
            return String(decoding: output, as: UTF8.self)
        }
    }

    /// Whether `bytes` has `pattern` at `index`.
    static func starts(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int, with pattern: [UInt8]) -> Bool {
        guard pattern.count <= bytes.count - index else { return false }
        for offset in 0..<pattern.count where bytes[index + offset] != pattern[offset] {
            return false
        }
        return true
    }

    /// Whether `text` has the byte: `memchr` over its storage, where `utf8.contains` went
    /// through the view byte by byte (asked of every file read).
    static func contains(_ text: String, byte: UInt8) -> Bool {
        var source = text
        return source.withUTF8 { bytes in
            guard let base = bytes.baseAddress else { return false }
            return memchr(base, Int32(byte), bytes.count) != nil
        }
    }

    /// Whether `text` contains `pattern` (an ASCII pattern, as bytes).
    static func contains(_ text: String, _ pattern: String) -> Bool {
        var source = text
        let needle = Array(pattern.utf8)
        return source.withUTF8 { bytes in
            guard let first = needle.first, needle.count <= bytes.count else { return false }
            for index in 0...(bytes.count - needle.count) where bytes[index] == first && starts(bytes, at: index, with: needle) {
                return true
            }
            return false
        }
    }

    /// The words of `text`: runs of letters and digits, as `Character.isLetter` and
    /// `isNumber` see them. A character's first scalar decides (as those properties do);
    /// combining marks and joiners that follow belong to the character before them, and the
    /// character after a prepended format mark (an Arabic number sign) belongs to the mark.
    static func words(_ text: String) -> [Substring] {
        var source = text
        let ranges = source.withUTF8 { wordRanges($0) }
        let utf8 = text.utf8
        return ranges.map { range in
            text[utf8.index(utf8.startIndex, offsetBy: range.start)..<utf8.index(utf8.startIndex, offsetBy: range.end)]
        }
    }

    /// A word of a text, as byte offsets; `isASCII` when all its bytes are.
    struct WordRange {
        var start: Int
        var end: Int
        var isASCII: Bool
    }

    /// The words of UTF-8 text (see `words`), found byte by byte: ASCII from a table, other
    /// scalars decoded where they stand.
    static func wordRanges(_ bytes: UnsafeBufferPointer<UInt8>) -> [WordRange] {
        var ranges: [WordRange] = []
        var start: Int?
        var isASCII = true
        var previousWasWordCharacter = false
        // After a prepended mark (an Arabic number sign), the next scalar is part of its
        // character, which is a letter when the mark is one.
        var previousWasPrepended = false
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            var isWordCharacter: Bool
            var length = 1
            var kind = ScalarKind.other
            if byte < 0x80 {
                isWordCharacter = isASCIIWordByte[Int(byte)]
            } else {
                let scalar = decodeScalar(bytes, at: index)
                length = scalar.length
                if let value = scalar.value {
                    kind = (0x80..<tableEnd).contains(value.value) ? tableKinds[Int(value.value) - 0x80] : Self.kind(of: value)
                    switch kind {
                    case .continuation: isWordCharacter = previousWasWordCharacter
                    case .word, .prependedWord: isWordCharacter = true
                    case .other, .prependedOther: isWordCharacter = false
                    }
                } else {
                    isWordCharacter = false
                }
            }
            if previousWasPrepended { isWordCharacter = previousWasWordCharacter }
            previousWasPrepended = kind == .prependedWord || kind == .prependedOther
            if isWordCharacter, start == nil {
                start = index
                isASCII = true
            } else if !isWordCharacter, let wordStart = start {
                ranges.append(WordRange(start: wordStart, end: index, isASCII: isASCII))
                start = nil
            }
            if isWordCharacter, byte >= 0x80 { isASCII = false }
            previousWasWordCharacter = isWordCharacter
            index += length
        }
        if let wordStart = start { ranges.append(WordRange(start: wordStart, end: bytes.count, isASCII: isASCII)) }
        return ranges
    }

    private static let isASCIIWordByte: [Bool] = (0..<128).map { (byte: Int) -> Bool in
        (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
    }

    /// The scalar whose first byte (not ASCII) is at `index` of valid UTF-8, and its length.
    private static func decodeScalar(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> (value: Unicode.Scalar?, length: Int) {
        let lead = UInt32(bytes[index])
        let length = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2
        guard index + length <= bytes.count else { return (nil, bytes.count - index) }
        var value = lead & (length == 2 ? 0x1F : length == 3 ? 0x0F : 0x07)
        for offset in 1..<length { value = value << 6 | UInt32(bytes[index + offset] & 0x3F) }
        return (Unicode.Scalar(value), length)
    }

    /// What a scalar is to a word: part of one (a letter or a digit), a mark that continues
    /// the character before it, or neither; `prepended…`: a mark that the character after it
    /// joins (Grapheme_Cluster_Break=Prepend: an Arabic number sign, a Malayalam dot reph),
    /// whose character is then a letter or not as the mark is.
    private enum ScalarKind { case other, word, continuation, prependedOther, prependedWord }

    /// From Unicode's properties, for scalars past the table: what `Character` does, but
    /// for the rare marks that grapheme breaking treats apart from their category (the
    /// table below asks Swift's grapheme breaking itself).
    private static func kind(of scalar: Unicode.Scalar) -> ScalarKind {
        if isContinuation(scalar) { return .continuation }
        return isLetterOrDigit(scalar) ? .word : .other
    }

    /// What `Character.isLetter` and `isNumber` ask of a character's first scalar.
    private static func isLetterOrDigit(_ scalar: Unicode.Scalar) -> Bool {
        scalar.properties.isAlphabetic || scalar.properties.numericType != nil
    }

    /// From Swift's own grapheme breaking: a scalar that makes one character with a letter
    /// before it continues it; one that makes one character with a letter after it is
    /// prepended.
    private static func tableKind(of scalar: Unicode.Scalar) -> ScalarKind {
        if "a\(scalar)".count == 1 { return .continuation }
        let isWord = isLetterOrDigit(scalar)
        if "\(scalar)a".count == 1 { return isWord ? .prependedWord : .prependedOther }
        return isWord ? .word : .other
    }

    /// The kinds of the scalars from U+0080 to U+2FFF (accented Latin letters, Greek,
    /// Cyrillic, Arabic, the scripts of India and South-East Asia, punctuation such as
    /// ’ « » —), made once when a build first needs them (a few milliseconds): Unicode's
    /// property tables, asked of each accented letter of every page, were a tenth of the
    /// search index's cost.
    private static let tableEnd: UInt32 = 0x3000
    private static let tableKinds: [ScalarKind] = (0x80..<tableEnd).map { value in
        Unicode.Scalar(value).map(tableKind(of:)) ?? .other
    }

    /// A scalar that continues the character before it (grapheme Extend, SpacingMark, ZWJ).
    private static func isContinuation(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .spacingMark, .enclosingMark: return true
        default: return scalar.value == 0x200D || (0xFE00...0xFE0F).contains(scalar.value) || (0xE0020...0xE007F).contains(scalar.value)
        }
    }
}
