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
    /// 1-based, relative to the Markdown text.
    public var line: Int
    public var column: Int
}

/// GitHub-flavoured Markdown through Debian's libcmark-gfm.
///
/// That build is not safe to use from several threads at once (two parsers with extensions
/// finishing together corrupt each other: upstream github/cmark-gfm PR 176), so every
/// call goes through one lock.
public enum MarkdownRenderer {
    private static let lock = Mutex(false)
    static let extensions = ["table", "strikethrough", "autolink", "tagfilter", "tasklist"]
    /// Safe mode (no CMARK_OPT_UNSAFE): raw HTML and `javascript:` links are dropped.
    static let options = CMARK_OPT_DEFAULT | CMARK_OPT_FOOTNOTES

    /// Renders `markdown`; `rewrite` sees each link and image destination and returns the
    /// destination to write instead (or nil to keep it).
    public static func render(_ markdown: String, rewrite: (MarkdownLink) -> String? = { _ in nil }) -> RenderedMarkdown {
        lock.withLock { registered in
            if !registered {
                cmark_gfm_core_extensions_ensure_registered()
                registered = true
            }
            return renderUnlocked(markdown, rewrite: rewrite)
        }
    }

    private static func renderUnlocked(_ markdown: String, rewrite: (MarkdownLink) -> String?) -> RenderedMarkdown {
        guard let parser = cmark_parser_new(options) else { return RenderedMarkdown(html: "", firstParagraph: "") }
        defer { cmark_parser_free(parser) }
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
        guard let document = cmark_parser_finish(parser) else { return RenderedMarkdown(html: "", firstParagraph: "") }
        defer { cmark_node_free(document) }

        var firstParagraph: String?
        if let iterator = cmark_iter_new(document) {
            defer { cmark_iter_free(iterator) }
            while case let event = cmark_iter_next(iterator), event != CMARK_EVENT_DONE {
                guard event == CMARK_EVENT_ENTER, let node = cmark_iter_get_node(iterator) else { continue }
                let type = cmark_node_get_type(node)
                if type == CMARK_NODE_LINK || type == CMARK_NODE_IMAGE, let url = cmark_node_get_url(node) {
                    let link = MarkdownLink(destination: String(cString: url), isImage: type == CMARK_NODE_IMAGE,
                                            line: Int(cmark_node_get_start_line(node)),
                                            column: Int(cmark_node_get_start_column(node)))
                    if let replacement = rewrite(link) {
                        cmark_node_set_url(node, replacement)
                    }
                } else if type == CMARK_NODE_PARAGRAPH, firstParagraph == nil,
                          cmark_node_parent(node) == document {
                    firstParagraph = takeString(cmark_render_plaintext(node, options, 0))
                }
            }
        }
        let html = takeString(cmark_render_html(document, options, cmark_parser_get_syntax_extensions(parser)))
        let summary = (firstParagraph ?? "").split(whereSeparator: \.isNewline).joined(separator: " ")
        return RenderedMarkdown(html: html, firstParagraph: summary.trimmingCharacters(in: .whitespaces))
    }

    /// Copies and frees a string that cmark allocated.
    private static func takeString(_ pointer: UnsafeMutablePointer<CChar>?) -> String {
        guard let pointer else { return "" }
        defer { free(pointer) }
        return String(cString: pointer)
    }
}
