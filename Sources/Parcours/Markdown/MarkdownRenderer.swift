import CCmarkGFM
import Foundation
import Synchronization

/// A Markdown document turned into HTML by cmark-gfm.
public struct RenderedMarkdown: Sendable, Hashable {
    public var html: String
    /// The first paragraph as plain text: the default summary.
    public var firstParagraph: String
}

/// A link or image destination found in a document, with its place.
public struct MarkdownLink: Sendable {
    public var destination: String
    public var isImage: Bool
    /// An image's alternative text, as plain text (empty for a link).
    public var alt: String = ""
    /// 1-based, relative to the Markdown text.
    public var line: Int
    public var column: Int
}

/// GitHub-flavoured Markdown through Debian's libcmark-gfm.
///
/// That build is not safe to parse from several threads at once: the parser switches the
/// extensions' special characters (`~`, `|`…) on and off in a table all parsers share, while
/// it reads inlines (upstream github/cmark-gfm PR 176). So parsing goes through one lock.
/// The tree it gives is the caller's alone: walking it, rewriting its links and writing its
/// HTML happen outside the lock, on every core.
public enum MarkdownRenderer {
    private static let lock = Mutex(false)
    static let extensions = ["table", "strikethrough", "autolink", "tagfilter", "tasklist"]
    /// Safe mode (no CMARK_OPT_UNSAFE): raw HTML and `javascript:` links are dropped.
    static let options = CMARK_OPT_DEFAULT | CMARK_OPT_FOOTNOTES

    /// Renders `markdown`; `rewrite` sees each link and image destination and returns the
    /// destination to write instead (or nil to keep it).
    public static func render(_ markdown: String, taskLabels: TaskListItems.Labels = .french,
                              rewrite: (MarkdownLink) -> String? = { _ in nil }) -> RenderedMarkdown {
        guard let document = parse(markdown) else { return RenderedMarkdown(html: "", firstParagraph: "") }
        defer { document.free() }
        let parsed = walkAndWrite(document, rewrite: rewrite)
        let html = TaskListItems.describe(HeadingIDs.insert(HeadingIDs.make(parsed.headings), into: parsed.html), labels: taskLabels)
        return RenderedMarkdown(html: html, firstParagraph: trimmingWhitespace(oneLine(parsed.firstParagraph)))
    }

    /// A parsed document and the parser that knows its extensions (its HTML needs them).
    private struct Document {
        let parser: OpaquePointer
        let root: OpaquePointer

        func free() {
            cmark_node_free(root)
            cmark_parser_free(parser)
        }
    }

    /// The only part under the lock: from text to tree.
    private static func parse(_ markdown: String) -> Document? {
        lock.withLock { registered -> Document? in
            if !registered {
                cmark_gfm_core_extensions_ensure_registered()
                registered = true
            }
            guard let parser = cmark_parser_new(options) else { return nil }
            for name in extensions {
                if let syntaxExtension = cmark_find_syntax_extension(name) {
                    cmark_parser_attach_syntax_extension(parser, syntaxExtension)
                }
            }
            var text = markdown
            text.withUTF8 { buffer in
                buffer.withMemoryRebound(to: CChar.self) { characters in
                    cmark_parser_feed(parser, characters.baseAddress, characters.count)
                }
            }
            guard let root = cmark_parser_finish(parser) else {
                cmark_parser_free(parser)
                return nil
            }
            return Document(parser: parser, root: root)
        }
    }

    /// The lines of a text joined by spaces, empty lines left out: what
    /// `split(whereSeparator: \.isNewline).joined(separator: " ")` gives, on scalars rather
    /// than characters (a line break is always a character of its own, so the two agree;
    /// the characters of every page's first paragraph were 3 % of a large build).
    static func oneLine(_ text: String) -> String {
        func isLineBreak(_ scalar: Unicode.Scalar) -> Bool {
            switch scalar.value {
            case 0x0A...0x0D, 0x85, 0x2028, 0x2029: return true
            default: return false
            }
        }
        guard text.unicodeScalars.contains(where: isLineBreak) else { return text }
        return text.unicodeScalars.split(whereSeparator: isLineBreak).map { String($0) }.joined(separator: " ")
    }

    /// `trimmingCharacters(in: .whitespaces)`, which also trims scalar by scalar, looking only
    /// at the scalars it trims: Foundation's went over the whole of every page's first
    /// paragraph (2 % of a large build).
    static func trimmingWhitespace(_ text: String) -> String {
        let scalars = text.unicodeScalars
        guard let start = scalars.firstIndex(where: { !CharacterSet.whitespaces.contains($0) }),
              let last = scalars.lastIndex(where: { !CharacterSet.whitespaces.contains($0) }) else { return "" }
        if start == scalars.startIndex, scalars.index(after: last) == scalars.endIndex { return text }
        return String(scalars[start...last])
    }

    /// cmark's HTML, the text of the headings and of the first paragraph.
    private struct Parsed {
        var html = ""
        var headings: [String] = []
        var firstParagraph = ""
    }

    /// The links rewritten, the headings and first paragraph read, and the HTML written: on
    /// the tree alone, which no other thread sees.
    private static func walkAndWrite(_ parsed: Document, rewrite: (MarkdownLink) -> String?) -> Parsed {
        let document = parsed.root
        var firstParagraph: String?
        var headings: [String] = []
        if let iterator = cmark_iter_new(document) {
            defer { cmark_iter_free(iterator) }
            while case let event = cmark_iter_next(iterator), event != CMARK_EVENT_DONE {
                guard event == CMARK_EVENT_ENTER, let node = cmark_iter_get_node(iterator) else { continue }
                let type = cmark_node_get_type(node)
                if type == CMARK_NODE_LINK || type == CMARK_NODE_IMAGE, let url = cmark_node_get_url(node) {
                    let isImage = type == CMARK_NODE_IMAGE
                    let link = MarkdownLink(destination: String(cString: url), isImage: isImage,
                                            alt: isImage ? plainText(of: node) : "",
                                            line: Int(cmark_node_get_start_line(node)),
                                            column: Int(cmark_node_get_start_column(node)))
                    if let replacement = rewrite(link) {
                        cmark_node_set_url(node, replacement)
                    }
                } else if type == CMARK_NODE_HEADING {
                    headings.append(plainText(of: node))
                } else if type == CMARK_NODE_PARAGRAPH, firstParagraph == nil,
                          cmark_node_parent(node) == document {
                    firstParagraph = takeString(cmark_render_plaintext(node, options, 0))
                }
            }
        }
        return Parsed(html: takeString(cmark_render_html(document, options, cmark_parser_get_syntax_extensions(parsed.parser))),
                      headings: headings, firstParagraph: firstParagraph ?? "")
    }

    /// The text of a node's descendants (an image's alternative text, a heading's words),
    /// without their markup.
    private static func plainText(of node: OpaquePointer) -> String {
        var text = ""
        var child = cmark_node_first_child(node)
        while let current = child {
            let type = cmark_node_get_type(current)
            if type == CMARK_NODE_TEXT || type == CMARK_NODE_CODE, let literal = cmark_node_get_literal(current) {
                text += String(cString: literal)
            } else if type == CMARK_NODE_SOFTBREAK || type == CMARK_NODE_LINEBREAK {
                text += " "
            } else {
                text += plainText(of: current)
            }
            child = cmark_node_next(current)
        }
        return text
    }

    /// Copies and frees a string that cmark allocated.
    private static func takeString(_ pointer: UnsafeMutablePointer<CChar>?) -> String {
        guard let pointer else { return "" }
        defer { free(pointer) }
        return String(cString: pointer)
    }
}

/// Every heading gets an `id` from its words, so that a link can point at it
/// (`/projets/bien-grandir/#trois-volets`): slugified, and made unique within the document
/// with `-2`, `-3`….
enum HeadingIDs {
    static func make(_ headings: [String]) -> [String] {
        var used: Set<String> = []
        return headings.map { text in
            let slug = Slug.make(text)
            let base = slug.isEmpty ? "section" : slug
            var id = base
            var number = 2
            while used.contains(id) {
                id = "\(base)-\(number)"
                number += 1
            }
            used.insert(id)
            return id
        }
    }

    /// Adds the ids to the `<h1>`…`<h6>` tags of cmark's HTML, in document order. (In safe
    /// mode the HTML has no raw tags of the writer's: every `<hN>` is a heading of the AST.)
    static func insert(_ ids: [String], into html: String) -> String {
        guard !ids.isEmpty else { return html }
        var source = html
        return source.withUTF8 { bytes -> String in
            var result: [UInt8] = []
            result.reserveCapacity(bytes.count + ids.count * 24)
            var next = ids.makeIterator()
            var index = 0, copiedUpTo = 0
            // `<hN>`, N from 1 to 6: a heading's opening tag.
            while index + 3 < bytes.count {
                guard bytes[index] == UInt8(ascii: "<"), bytes[index + 1] == UInt8(ascii: "h"),
                      (UInt8(ascii: "1")...UInt8(ascii: "6")).contains(bytes[index + 2]), bytes[index + 3] == UInt8(ascii: ">"),
                      let id = next.next() else {
                    index += 1
                    continue
                }
                result.append(contentsOf: bytes[copiedUpTo..<index])
                result.append(contentsOf: "<h\(Character(Unicode.Scalar(bytes[index + 2]))) id=\"\(id)\">".utf8)
                index += 4
                copiedUpTo = index
            }
            result.append(contentsOf: bytes[copiedUpTo..<bytes.count])
            return String(decoding: result, as: UTF8.self)
        }
    }
}

/// GFM task lists (`- [x] fait`): cmark-gfm writes a disabled checkbox with no label, which
/// screen readers announce as an unnamed control (axe: `label`). Each one becomes words
/// instead: a visually hidden "Fait :" or "À faire :" before the item's text, and a mark
/// the theme draws (`task-list-item__state`), hidden from screen readers.
public enum TaskListItems {
    public struct Labels: Sendable {
        public var done: String
        public var toDo: String
        public static let french = Labels(done: "Fait :", toDo: "À faire :")
        public static let english = Labels(done: "Done:", toDo: "To do:")
    }

    /// (In safe mode the writer's own HTML is dropped: every `<input` of cmark's output is a
    /// task list's.)
    static func describe(_ html: String, labels: Labels) -> String {
        guard UTF8Text.contains(html, "<input type=\"checkbox\"") else { return html }
        var replacements: [(pattern: String, replacement: String)] = []
        for (checked, label, modifier) in [(true, labels.done, "done"), (false, labels.toDo, "to-do")] {
            let box = checked ? "<input type=\"checkbox\" checked=\"\" disabled=\"\" /> " : "<input type=\"checkbox\" disabled=\"\" /> "
            let replacement = "<span class=\"task-list-item__state task-list-item__state--\(modifier)\" aria-hidden=\"true\"></span>"
                + "<span class=\"visually-hidden\">\(label.markupEscaped) </span>"
            replacements += [
                ("<li>" + box, "<li class=\"task-list-item task-list-item--\(modifier)\">" + replacement),
                ("<li>\n<p>" + box, "<li class=\"task-list-item task-list-item--\(modifier)\">\n<p>" + replacement),
                (box, replacement),
            ]
        }
        return UTF8Text.replacing(html, replacements)
    }
}
