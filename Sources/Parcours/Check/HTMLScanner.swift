/// What `parcours check` reads in a rendered HTML file: the URLs it links to or loads, and
/// the ids its elements carry.
struct HTMLScan: Sendable {
    struct Reference: Sendable, Hashable {
        /// The element: `a`, `link`, `img`…
        var tag: String
        /// `href` or `src`.
        var attribute: String
        /// The value, entities decoded.
        var value: String
    }

    var references: [Reference] = []
    var ids: Set<String> = []
    /// Ids given to a second element, with the tag of that element.
    var duplicateIDs: [(id: String, tag: String)] = []
    /// The `src` of each `<img>` without an `alt` attribute.
    var imagesWithoutAlt: [String] = []
}

/// A small tolerant scanner of the HTML the theme and cmark write (not a full HTML parser):
/// start tags and their attributes; comments, end tags and the text of `script` and `style`
/// are skipped.
enum HTMLScanner {
    static func scan(_ html: String) -> HTMLScan {
        var html = html
        return html.withUTF8 { scan(bytes: $0) }
    }

    private static func scan(bytes: UnsafeBufferPointer<UInt8>) -> HTMLScan {
        var result = HTMLScan()
        let count = bytes.count
        var index = 0

        func isSpace(_ byte: UInt8) -> Bool { byte == 32 || byte == 9 || byte == 10 || byte == 13 || byte == 12 }
        func isLetter(_ byte: UInt8) -> Bool { (byte >= 65 && byte <= 90) || (byte >= 97 && byte <= 122) }
        func lower(_ byte: UInt8) -> UInt8 { byte >= 65 && byte <= 90 ? byte + 32 : byte }
        func lowercased(_ range: Range<Int>) -> String {
            String(decoding: bytes[range].lazy.map(lower), as: UTF8.self)
        }
        /// Whether the bytes of `range` spell `name` (lower-case ASCII), ignoring case.
        func equals(_ range: Range<Int>, _ name: StaticString) -> Bool {
            guard range.count == name.utf8CodeUnitCount else { return false }
            let pointer = name.utf8Start
            for offset in 0..<range.count where lower(bytes[range.lowerBound + offset]) != pointer[offset] {
                return false
            }
            return true
        }
        /// Index of the first occurrence of `pattern` at or after `start`, or `count`.
        func find(_ pattern: [UInt8], from start: Int) -> Int {
            guard let first = pattern.first, start < count else { return count }
            var position = start
            while position + pattern.count <= count {
                if bytes[position] == first {
                    var offset = 1
                    while offset < pattern.count, bytes[position + offset] == pattern[offset] { offset += 1 }
                    if offset == pattern.count { return position }
                }
                position += 1
            }
            return count
        }

        while index < count {
            guard bytes[index] == UInt8(ascii: "<"), index + 1 < count else {
                index += 1
                continue
            }
            let next = bytes[index + 1]
            if next == UInt8(ascii: "!") {
                if index + 3 < count, bytes[index + 2] == UInt8(ascii: "-"), bytes[index + 3] == UInt8(ascii: "-") {
                    index = min(count, find(Array("-->".utf8), from: index + 4) + 3)
                } else {
                    index = min(count, find([UInt8(ascii: ">")], from: index + 2) + 1)
                }
                continue
            }
            guard isLetter(next) else {
                // An end tag, a processing instruction, or a `<` in text.
                index += 1
                continue
            }
            // The tag name.
            var position = index + 1
            while position < count, !isSpace(bytes[position]), bytes[position] != UInt8(ascii: ">"), bytes[position] != UInt8(ascii: "/") {
                position += 1
            }
            let tagRange = (index + 1)..<position
            var tag: String?
            let isImage = equals(tagRange, "img")
            var hasAlt = false
            var source = ""
            // The attributes.
            while position < count {
                while position < count, isSpace(bytes[position]) || bytes[position] == UInt8(ascii: "/") { position += 1 }
                guard position < count, bytes[position] != UInt8(ascii: ">") else { break }
                let nameStart = position
                while position < count, !isSpace(bytes[position]), bytes[position] != UInt8(ascii: "="),
                      bytes[position] != UInt8(ascii: ">"), bytes[position] != UInt8(ascii: "/") {
                    position += 1
                }
                let name = nameStart..<position
                if isImage, equals(name, "alt") { hasAlt = true }
                while position < count, isSpace(bytes[position]) { position += 1 }
                guard position < count, bytes[position] == UInt8(ascii: "=") else { continue }
                position += 1
                while position < count, isSpace(bytes[position]) { position += 1 }
                var value = position..<position
                if position < count, bytes[position] == UInt8(ascii: "\"") || bytes[position] == UInt8(ascii: "'") {
                    let quote = bytes[position]
                    let valueStart = position + 1
                    position = valueStart
                    while position < count, bytes[position] != quote { position += 1 }
                    value = valueStart..<min(position, count)
                    position += 1
                } else {
                    let valueStart = position
                    while position < count, !isSpace(bytes[position]), bytes[position] != UInt8(ascii: ">") { position += 1 }
                    value = valueStart..<position
                }
                let isReference = equals(name, "href") || equals(name, "src")
                guard isReference || equals(name, "id") else { continue }
                if tag == nil { tag = lowercased(tagRange) }
                let text = decodeEntities(String(decoding: bytes[value], as: UTF8.self))
                if isReference {
                    result.references.append(.init(tag: tag ?? "", attribute: lowercased(name), value: text))
                    if isImage, equals(name, "src") { source = text }
                } else if !result.ids.insert(text).inserted {
                    result.duplicateIDs.append((text, tag ?? ""))
                }
            }
            if isImage, !hasAlt { result.imagesWithoutAlt.append(source) }
            index = min(count, position + 1)
            if equals(tagRange, "script") || equals(tagRange, "style") {
                index = min(count, find(Array("</\(lowercased(tagRange))".utf8), from: index))
            }
        }
        return result
    }

    /// `&amp;`, `&quot;`, `&#39;`, `&#x2F;`… in an attribute value.
    static func decodeEntities(_ text: String) -> String {
        guard text.contains("&") else { return text }
        var result = ""
        var rest = text[...]
        while let ampersand = rest.firstIndex(of: "&") {
            result += rest[..<ampersand]
            rest = rest[ampersand...]
            guard let semicolon = rest.firstIndex(of: ";"), rest.distance(from: ampersand, to: semicolon) <= 10 else {
                result += "&"
                rest = rest.dropFirst()
                continue
            }
            let name = rest[rest.index(after: ampersand)..<semicolon]
            var decoded: String?
            switch name {
            case "amp": decoded = "&"
            case "lt": decoded = "<"
            case "gt": decoded = ">"
            case "quot": decoded = "\""
            case "apos": decoded = "'"
            default:
                if name.hasPrefix("#x") || name.hasPrefix("#X") {
                    decoded = UInt32(name.dropFirst(2), radix: 16).flatMap(Unicode.Scalar.init).map { String(Character($0)) }
                } else if name.hasPrefix("#") {
                    decoded = UInt32(name.dropFirst()).flatMap(Unicode.Scalar.init).map { String(Character($0)) }
                }
            }
            if let decoded {
                result += decoded
                rest = rest[rest.index(after: semicolon)...]
            } else {
                result += "&"
                rest = rest.dropFirst()
            }
        }
        result += rest
        return result
    }
}
