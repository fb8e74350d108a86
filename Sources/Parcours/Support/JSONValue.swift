/// JSON the site ships (the pages' JSON-LD, the search index), written straight to UTF-8.
///
/// Why not `JSONEncoder`: through `Codable` it cost 8 % of a 10,000-page build (issue 15),
/// for a few flat objects per page. The bytes are those `JSONEncoder` writes with
/// `[.sortedKeys, .withoutEscapingSlashes]`: keys in byte order, `"` `\` and the control
/// characters escaped as it escapes them (`JSONValueTests` compares the two on any text).
enum JSONValue: Sendable, Equatable {
    case string(String)
    case integer(Int)
    case array([JSONValue])
    /// Members in any order: they are written sorted by key.
    case object([(key: String, value: JSONValue)])

    static func == (a: JSONValue, b: JSONValue) -> Bool { a.text == b.text }

    /// An object of the members whose value is not nil.
    static func object(_ members: KeyValuePairs<String, JSONValue?>) -> JSONValue {
        .object(members.compactMap { key, value in value.map { (key, $0) } })
    }

    var text: String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(512)
        write(into: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// - Parameter escapingLessThan: `<` written `\u003c` too, for JSON inside a `<script>`
    ///   element, which no `</script>` in a string can then close (`<` can only stand
    ///   inside strings).
    func write(into bytes: inout [UInt8], escapingLessThan: Bool = false) {
        switch self {
        case .string(let string):
            Self.write(string, into: &bytes, escapingLessThan: escapingLessThan)
        case .integer(let number):
            bytes.append(contentsOf: String(number).utf8)
        case .array(let elements):
            bytes.append(UInt8(ascii: "["))
            for (index, element) in elements.enumerated() {
                if index > 0 { bytes.append(UInt8(ascii: ",")) }
                element.write(into: &bytes, escapingLessThan: escapingLessThan)
            }
            bytes.append(UInt8(ascii: "]"))
        case .object(let members):
            bytes.append(UInt8(ascii: "{"))
            func precedes(_ a: (key: String, value: JSONValue), _ b: (key: String, value: JSONValue)) -> Bool {
                a.key.utf8.lexicographicallyPrecedes(b.key.utf8)
            }
            // Objects made in key order (a schema.org node's) skip the sort.
            let isSorted = zip(members, members.dropFirst()).allSatisfy { !precedes($1, $0) }
            for (index, member) in (isSorted ? members : members.sorted(by: precedes)).enumerated() {
                if index > 0 { bytes.append(UInt8(ascii: ",")) }
                Self.write(member.key, into: &bytes, escapingLessThan: escapingLessThan)
                bytes.append(UInt8(ascii: ":"))
                member.value.write(into: &bytes, escapingLessThan: escapingLessThan)
            }
            bytes.append(UInt8(ascii: "}"))
        }
    }

    private static let hexadecimalDigits = Array("0123456789abcdef".utf8)

    /// A JSON string. Runs of bytes that need no escape are copied at once: most strings
    /// are one run.
    static func write(_ string: String, into bytes: inout [UInt8], escapingLessThan: Bool) {
        bytes.append(UInt8(ascii: "\""))
        var string = string
        string.withUTF8 { utf8 in
            var runStart = 0
            var index = 0
            while index < utf8.count {
                let byte = utf8[index]
                let isPlain = byte >= 0x20 && byte != UInt8(ascii: "\"") && byte != UInt8(ascii: "\\")
                    && (byte != UInt8(ascii: "<") || !escapingLessThan)
                if !isPlain {
                    bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<index]))
                    appendEscape(of: byte, to: &bytes)
                    runStart = index + 1
                }
                index += 1
            }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart...]))
        }
        bytes.append(UInt8(ascii: "\""))
    }

    /// The escapes `JSONEncoder` writes, and `\u003c` for `<`.
    private static func appendEscape(of byte: UInt8, to bytes: inout [UInt8]) {
        bytes.append(UInt8(ascii: "\\"))
        switch byte {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"): bytes.append(byte)
        case 0x08: bytes.append(UInt8(ascii: "b"))
        case 0x09: bytes.append(UInt8(ascii: "t"))
        case 0x0A: bytes.append(UInt8(ascii: "n"))
        case 0x0C: bytes.append(UInt8(ascii: "f"))
        case 0x0D: bytes.append(UInt8(ascii: "r"))
        default:
            bytes.append(contentsOf: "u00".utf8)
            bytes.append(hexadecimalDigits[Int(byte >> 4)])
            bytes.append(hexadecimalDigits[Int(byte & 0x0F)])
        }
    }
}
