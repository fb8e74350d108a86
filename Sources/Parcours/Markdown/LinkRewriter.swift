import Foundation

/// Turns the links a writer types into the site's final URLs, and reports those that lead
/// nowhere: `/missions/prevention/` gains the base path; `../missions/_index.md` becomes the
/// URL of that page; `carte.svg` beside the file becomes the URL of the copied file.
struct LinkRewriter {
    let site: Site
    let references: ReferenceChecker

    init(site: Site) {
        self.site = site
        self.references = ReferenceChecker(site: site, unpublished: [:])
    }

    enum Outcome {
        case keep
        case replace(String)
        case broken(String)
    }

    func rewrite(_ destination: String, from page: SitePage) -> Outcome {
        if destination.isEmpty || destination.hasPrefix("#") || Self.hasScheme(destination) || destination.hasPrefix("//") {
            return .keep
        }
        let (target, suffix) = Self.splitSuffix(destination)
        if let path = ReferenceChecker.sitePath(ofInternal: target) {
            if let problem = references.problem(withPath: path, written: target) {
                return .broken("link \(problem)")
            }
            let resolved = site.pageByPath[path] == nil && site.pageByPath[path + "/"] != nil ? path + "/" : path
            return .replace(site.url(resolved) + suffix)
        }
        // Relative to the Markdown file's folder in content/.
        let folder = page.page.raw.folder
        guard let contentPath = PathArithmetic.normalize(folder.isEmpty ? target : folder + "/" + target) else {
            return .broken("link '\(destination)' climbs above the content folder")
        }
        if target.hasSuffix(".md") {
            guard let id = site.pageBySource[contentPath] else {
                let hint = Suggestion.closest(to: contentPath, in: site.pageBySource.keys).map { " (did you mean '\($0)'?)" } ?? ""
                return .broken("link '\(target)': no page content/\(contentPath)\(hint)")
            }
            return .replace(site.url(site.pages[id].path) + suffix)
        }
        if let file = site.staticFiles.first(where: { $0.source == contentPath }) {
            return .replace(site.url(file.output) + suffix)
        }
        return .broken("link '\(target)': no file content/\(contentPath) (write a page as a path like /missions/ or a .md file)")
    }

    private static func hasScheme(_ url: String) -> Bool {
        guard let colon = url.firstIndex(of: ":") else { return false }
        let scheme = url[..<colon]
        return !scheme.isEmpty && scheme.allSatisfy { $0.isLetter || $0.isNumber || $0 == "+" || $0 == "-" || $0 == "." }
    }

    /// `a.md#x` → (`a.md`, `#x`).
    private static func splitSuffix(_ url: String) -> (String, String) {
        guard let index = url.firstIndex(where: { $0 == "#" || $0 == "?" }) else { return (url, "") }
        return (String(url[..<index]), String(url[index...]))
    }
}

/// The Markdown stage: every page's body to HTML, one at a time (see `MarkdownRenderer`).
public enum MarkdownStage {
    public static func render(_ site: Site) -> (Site, [Diagnostic]) {
        var site = site
        var diagnostics: [Diagnostic] = []
        let rewriter = LinkRewriter(site: site)
        for index in site.pages.indices {
            let page = site.pages[index]
            let raw = page.page.raw
            let rendered = MarkdownRenderer.render(raw.body) { link in
                switch rewriter.rewrite(link.destination, from: page) {
                case .keep: return nil
                case .replace(let url): return url
                case .broken(let message):
                    let line = raw.bodyFirstLine + link.line - 1
                    diagnostics.append(raw.source.error(line: line, column: link.column, message))
                    return nil
                }
            }
            site.pages[index].html = rendered.html
            site.pages[index].summary = page.metadata.summary ?? rendered.firstParagraph
        }
        return (site, diagnostics)
    }
}
