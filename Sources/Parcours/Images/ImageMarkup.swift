import Foundation

/// The markup of processed images: `srcset` lists, and the images of a page's text
/// (Markdown), which become a `<picture>` with their WebP widths, their size and
/// `loading="lazy"` (they are below the page's title).
enum ImageMarkup {
    static func srcset(_ variants: [ProcessedImage.Variant], site: Site) -> String {
        variants.map { "\(url($0.path, site: site)) \($0.width)w" }.joined(separator: ", ")
    }

    /// A file's URL, percent-encoded: a space in a file's name must not end a `srcset` entry.
    static func url(_ path: String, site: Site) -> String {
        let url = site.url(path)
        return url.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed.subtracting(CharacterSet(charactersIn: "?#"))) ?? url
    }

    /// The text column is at most about 45 rem wide.
    static let bodySizes = "(min-width: 48rem) 45rem, 100vw"

    /// cmark writes `<img src="URL" alt="TEXT" />` (safe mode: every `<img` is the writer's
    /// Markdown image); each whose URL is a processed image gets its widths and size.
    static func rewriteBodyImages(_ html: String, images byURL: [String: ProcessedImage], site: Site) -> String {
        // On bytes: Foundation's `contains` over every page of a large site was most of a
        // preview's rebuild (issue 15).
        guard !byURL.isEmpty, UTF8Text.contains(html, "<img src=\"") else { return html }
        var result = ""
        result.reserveCapacity(html.utf8.count + 512)
        var rest = html[...]
        while let start = rest.range(of: "<img src=\"") {
            result += rest[..<start.lowerBound]
            let afterSource = rest[start.upperBound...]
            guard let quote = afterSource.firstIndex(of: "\""), let end = afterSource[quote...].range(of: " />") else {
                result += rest[start.lowerBound...]
                return result
            }
            let url = String(afterSource[..<quote])
            let tail = afterSource[afterSource.index(after: quote)..<end.lowerBound]
            guard let image = byURL[url.removingHTMLEntities] else {
                result += rest[start.lowerBound..<end.upperBound]
                rest = afterSource[end.upperBound...]
                continue
            }
            let original = srcset(image.originalFormat, site: site)
            var markup = "<picture>"
            if !image.webp.isEmpty, !image.path.lowercased().hasSuffix(".webp") {
                markup += "<source type=\"image/webp\" srcset=\"\(srcset(image.webp, site: site).markupEscaped)\" sizes=\"\(bodySizes)\">"
            }
            markup += "<img src=\"\(url)\"\(tail) width=\"\(image.width)\" height=\"\(image.height)\" srcset=\"\(original.markupEscaped)\" sizes=\"\(bodySizes)\" loading=\"lazy\" decoding=\"async\" /></picture>"
            result += markup
            rest = afterSource[end.upperBound...]
        }
        result += rest
        return result
    }
}

private extension String {
    /// cmark escapes `&` in attribute values.
    var removingHTMLEntities: String { replacingOccurrences(of: "&amp;", with: "&") }
}
