import Foundation

/// Files that a browser would run as part of the site: an HTML page, or an SVG image with a
/// script, event handlers, embedded HTML or references to other origins. Published under
/// the site's origin, such a file could act as the site (read its storage, post its forms),
/// so it is refused, with the reason, rather than copied.
enum ActiveContentCheck {
    /// Extensions a browser opens as a document of the site.
    static let documentExtensions: Set<String> = ["html", "htm", "xhtml", "shtml", "xht", "mht", "mhtml"]

    /// - Parameter relativePath: under the content folder; `displayPath` is the same as the person named it.
    static func problems(relativePath: String, at url: URL, displayPath: String) -> [Diagnostic] {
        let ext = (relativePath as NSString).pathExtension.lowercased()
        if documentExtensions.contains(ext) {
            return [.error(at: SourceLocation(file: displayPath, line: 1, column: 1),
                           "an HTML file cannot be published as a file of the site: it would run in the site's origin (write it as a Markdown page, or link to a PDF)",
                           french: "un fichier HTML ne peut pas être publié comme fichier du site : il s’exécuterait au nom du site (écrivez-le comme une page Markdown, ou mettez un lien vers un PDF)")]
        }
        guard ext == "svg" || ext == "svgz" else { return [] }
        guard ext == "svg", let data = try? Data(contentsOf: url) else {
            return [.error(at: SourceLocation(file: displayPath, line: 1, column: 1),
                           "cannot read this SVG image (save it as a plain .svg file, or as PNG)",
                           french: "impossible de lire cette image SVG (enregistrez-la en simple fichier .svg, ou en PNG)")]
        }
        let text = String(decoding: data, as: UTF8.self)
        guard let finding = firstActiveContent(in: text) else { return [] }
        let location = position(of: finding.offset, in: text)
        return [.error(at: SourceLocation(file: displayPath, line: location.line, column: location.column),
                       "this SVG image contains \(finding.what.english): a browser would run it in the site's origin (export the image again without scripts or links, or as PNG)",
                       french: "cette image SVG contient \(finding.what.french) : un navigateur l’exécuterait au nom du site (exportez de nouveau l’image sans scripts ni liens, ou en PNG)")]
    }

    /// The first construct of an SVG that can run code or load from elsewhere, with its UTF-8 offset.
    static func firstActiveContent(in text: String) -> (what: Wording, offset: Int)? {
        let lower = Array(text.lowercased().utf8)
        func find(_ needle: String, from start: Int = 0) -> Int? {
            let pattern = Array(needle.utf8)
            guard pattern.count <= lower.count else { return nil }
            var index = start
            while index + pattern.count <= lower.count {
                if lower[index] == pattern[0], Array(lower[index..<(index + pattern.count)]) == pattern { return index }
                index += 1
            }
            return nil
        }
        var findings: [(Wording, Int)] = []
        let constructs: [(String, Wording)] = [
            ("<script", Wording("a <script> element", french: "un élément <script>")),
            ("<foreignobject", Wording("a <foreignObject> element (embedded HTML)", french: "un élément <foreignObject> (du HTML intégré)")),
            ("<!entity", Wording("an XML entity declaration", french: "une déclaration d’entité XML")),
            ("<iframe", Wording("an <iframe>", french: "un <iframe>")), ("<embed", Wording("an <embed>", french: "un <embed>")),
            ("<object", Wording("an <object>", french: "un <object>")), ("javascript:", Wording("a javascript: link", french: "un lien javascript:")),
            ("<handler", Wording("a <handler> element", french: "un élément <handler>")),
            ("<?xml-stylesheet", Wording("an external style sheet", french: "une feuille de style externe")),
        ]
        for (needle, what) in constructs {
            if let offset = find(needle) { findings.append((what, offset)) }
        }
        // Event handlers: an attribute `on…=` inside a tag.
        var index = 0
        var insideTag = false
        var quote: UInt8?
        while index < lower.count {
            let byte = lower[index]
            if let open = quote {
                if byte == open { quote = nil }
            } else if byte == UInt8(ascii: "<") {
                insideTag = true
            } else if byte == UInt8(ascii: ">") {
                insideTag = false
            } else if insideTag, byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") {
                quote = byte
            } else if insideTag, isSpace(byte), index + 3 < lower.count, lower[index + 1] == UInt8(ascii: "o"), lower[index + 2] == UInt8(ascii: "n") {
                var end = index + 3
                while end < lower.count, isNameByte(lower[end]) { end += 1 }
                while end < lower.count, isSpace(lower[end]) { end += 1 }
                if end > index + 3, end < lower.count, lower[end] == UInt8(ascii: "=") {
                    findings.append((Wording("an event handler attribute (on…=)", french: "un attribut de gestion d’événement (on…=)"), index + 1))
                    break
                }
            }
            index += 1
        }
        // References: href / xlink:href / src / url(…) that leave the image (anything but `#id`).
        for attribute in ["href=\"", "href='", "src=\"", "src='", "url(", "@import"] {
            var start = 0
            while let offset = find(attribute, from: start) {
                let valueStart = offset + attribute.utf8.count
                var value = valueStart
                while value < lower.count, isSpace(lower[value]) || lower[value] == UInt8(ascii: "\"") || lower[value] == UInt8(ascii: "'") { value += 1 }
                if attribute == "@import" || value >= lower.count || lower[value] != UInt8(ascii: "#") {
                    let name = attribute.trimmingCharacters(in: CharacterSet(charactersIn: "=\"'("))
                    findings.append((Wording("a reference to another file or origin (\(name)…)", french: "une référence à un autre fichier ou à un autre site (\(name)…)"), offset))
                    break
                }
                start = valueStart
            }
        }
        return findings.min { $0.1 < $1.1 }
    }

    private static func isSpace(_ byte: UInt8) -> Bool { byte == 32 || byte == 9 || byte == 10 || byte == 13 }
    private static func isNameByte(_ byte: UInt8) -> Bool {
        (byte >= 97 && byte <= 122) || (byte >= 48 && byte <= 57) || byte == 45 || byte == 95 || byte == 58
    }

    /// 1-based line and column (in characters) of a UTF-8 offset.
    static func position(of offset: Int, in text: String) -> (line: Int, column: Int) {
        let prefix = text.utf8.prefix(offset)
        let line = prefix.reduce(1) { $1 == 10 ? $0 + 1 : $0 }
        let lastLine = prefix.split(separator: 10, omittingEmptySubsequences: false).last.map { Array($0) } ?? []
        return (line, String(decoding: lastLine, as: UTF8.self).count + 1)
    }
}
