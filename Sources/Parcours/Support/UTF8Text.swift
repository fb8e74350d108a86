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
    /// combining marks and joiners that follow belong to the character before them.
    static func words(_ text: String) -> [Substring] {
        var words: [Substring] = []
        var start: String.Index?
        var previousWasWordCharacter = false
        let scalars = text.unicodeScalars
        var index = scalars.startIndex
        while index < scalars.endIndex {
            let scalar = scalars[index]
            let isWordCharacter: Bool
            if scalar.isASCII {
                let value = scalar.value
                isWordCharacter = (value >= 0x30 && value <= 0x39) || (value >= 0x41 && value <= 0x5A) || (value >= 0x61 && value <= 0x7A)
            } else if isContinuation(scalar) {
                isWordCharacter = previousWasWordCharacter
            } else {
                isWordCharacter = scalar.properties.isAlphabetic || scalar.properties.numericType != nil
            }
            if isWordCharacter, start == nil {
                start = index
            } else if !isWordCharacter, let wordStart = start {
                words.append(text[wordStart..<index])
                start = nil
            }
            previousWasWordCharacter = isWordCharacter
            index = scalars.index(after: index)
        }
        if let wordStart = start { words.append(text[wordStart..<text.endIndex]) }
        return words
    }

    /// A scalar that continues the character before it (grapheme Extend, SpacingMark, ZWJ).
    private static func isContinuation(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .spacingMark, .enclosingMark: return true
        default: return scalar.value == 0x200D || (0xFE00...0xFE0F).contains(scalar.value) || (0xE0020...0xE007F).contains(scalar.value)
        }
    }

    /// An ASCII word in lower case, made from its bytes (no Unicode case tables).
    static func lowercasedASCII(_ word: Substring) -> String {
        String(unsafeUninitializedCapacity: word.utf8.count) { buffer in
            var count = 0
            for byte in word.utf8 {
                buffer[count] = byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte + 32 : byte
                count += 1
            }
            return count
        }
    }
}
