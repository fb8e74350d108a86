extension String {
    /// Text and attribute values of HTML and XML (pages, Atom, sitemap): the five special
    /// characters as references, and the control characters XML 1.0 forbids left out.
    /// Done on bytes (all of them are ASCII, and no byte of a longer UTF-8 sequence is):
    /// every value a template shows goes through here (issue 15).
    public var markupEscaped: String {
        var source = self
        return source.withUTF8 { bytes -> String in
            guard bytes.contains(where: { Self.needsEscaping[Int($0)] }) else { return self }
            var result: [UInt8] = []
            result.reserveCapacity(bytes.count + 16)
            for byte in bytes {
                switch byte {
                case UInt8(ascii: "&"): result.append(contentsOf: Self.ampersand)
                case UInt8(ascii: "<"): result.append(contentsOf: Self.lessThan)
                case UInt8(ascii: ">"): result.append(contentsOf: Self.greaterThan)
                case UInt8(ascii: "\""): result.append(contentsOf: Self.quote)
                case UInt8(ascii: "'"): result.append(contentsOf: Self.apostrophe)
                case 0x09, 0x0A, 0x0D: result.append(byte)
                case 0..<0x20: continue
                default: result.append(byte)
                }
            }
            return String(decoding: result, as: UTF8.self)
        }
    }

    private static let needsEscaping: [Bool] = (0..<256).map { (byte: Int) -> Bool in
        if byte < 0x20 { return byte != 0x09 && byte != 0x0A && byte != 0x0D }
        return Array("&<>\"'".utf8).contains(UInt8(byte))
    }
    private static let ampersand = Array("&amp;".utf8), lessThan = Array("&lt;".utf8), greaterThan = Array("&gt;".utf8)
    private static let quote = Array("&quot;".utf8), apostrophe = Array("&#39;".utf8)
}
