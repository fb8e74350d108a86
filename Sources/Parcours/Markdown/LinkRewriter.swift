import Foundation

/// Turns the links a writer types into the site's final URLs, and reports those that lead
/// nowhere: `/missions/prevention/` gains the base path; `../missions/_index.md` becomes the
/// URL of that page; `carte.svg` beside the file becomes the URL of the copied file.
struct LinkRewriter {
    let site: Site
    let references: ReferenceChecker

    /// Output path of each copied file, by its path in content/: looked up for every relative link.
    let staticOutputs: [String: String]

    init(site: Site) {
        self.site = site
        self.references = ReferenceChecker(site: site)
        self.staticOutputs = Dictionary(site.staticFiles.map { ($0.source, $0.output) }, uniquingKeysWith: { a, _ in a })
    }

    enum Outcome {
        case keep
        case replace(String)
        case broken(Wording)
    }

    func rewrite(_ destination: String, from page: SitePage) -> Outcome {
        if destination.isEmpty || destination.hasPrefix("#") || Self.hasScheme(destination) || destination.hasPrefix("//") {
            return .keep
        }
        let (target, suffix) = Self.splitSuffix(destination)
        if let path = ReferenceChecker.sitePath(ofInternal: target) {
            if let problem = references.problem(withPath: path, written: target) {
                return .broken(Wording("link \(problem.english)", french: "le lien \(problem.french)"))
            }
            let resolved = site.pageByPath[path] == nil && site.pageByPath[path + "/"] != nil ? path + "/" : path
            return .replace(site.url(resolved) + suffix)
        }
        // Relative to the Markdown file's folder in content/.
        let folder = page.page.raw.folder
        guard let contentPath = PathArithmetic.normalize(folder.isEmpty ? target : folder + "/" + target) else {
            return .broken(Wording("link '\(destination)' climbs above the content folder",
                                   french: "le lien '\(destination)' remonte au-dessus du dossier de contenu"))
        }
        if target.hasSuffix(".md") {
            guard let id = site.pageBySource[contentPath] else {
                let hint = Suggestion.worded(for: contentPath, in: site.pageBySource.keys)
                return .broken(Wording("link '\(target)': no page content/\(contentPath)\(hint.english)",
                                       french: "le lien '\(target)' : aucune page content/\(contentPath)\(hint.french)"))
            }
            return .replace(site.url(site.pages[id].path) + suffix)
        }
        if let output = staticOutputs[contentPath] {
            return .replace(site.url(output) + suffix)
        }
        return .broken(Wording("link '\(target)': no file content/\(contentPath) (write a page as a path like /missions/ or a .md file)",
                               french: "le lien '\(target)' : aucun fichier content/\(contentPath) (écrivez une page comme un chemin, par exemple /missions/, ou comme un fichier .md)"))
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
    /// - Parameter cache: a body that did not change, in a site whose pages and files did not
    ///   change (what its links resolve against), is not converted again.
    public static func render(_ site: inout Site, cache: BuildCache? = nil) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        // By URL as cmark writes it in `src` (percent-encoded).
        let imagesByURL = Dictionary(site.images.values.map { (ImageMarkup.url($0.path, site: site), $0) }, uniquingKeysWith: { a, _ in a })
        let converted = convert(site, cache: cache)
        // Images are sized after the cache (their files may change without the page): on
        // every core too, each page's HTML on its own.
        let withImages = ParallelMap.map(Array(converted.indices)) { [site] index in
            // Every image of a body is one of its links: most pages have none to look for.
            let result = converted[index].result
            guard result.links.contains(where: \.isImage) else { return result.rendered.html }
            return ImageMarkup.rewriteBodyImages(result.rendered.html, images: imagesByURL, site: site)
        }
        for index in site.pages.indices {
            let result = converted[index].result
            site.pages[index].html = withImages[index]
            site.pages[index].links = result.links
            site.pages[index].summary = site.pages[index].metadata.summary ?? result.rendered.firstParagraph
            diagnostics += result.diagnostics
        }
        cache?.update { storage in
            storage.markdown.update(site.pages.indices.map { (site.pages[$0].page.raw.relativePath, converted[$0].result, converted[$0].isFresh) })
        }
        return diagnostics
    }

    /// Each page's body: from the cache when it and what its links resolve against did not
    /// change, else converted (fresh).
    private static func convert(_ site: Site, cache: BuildCache?) -> [(result: BuildCache.Markdown, isFresh: Bool)] {
        let linkContext = cache == nil ? 0 : site.linkContext ?? linkContextHash(of: site)
        let previous = cache?.read(\.markdown) ?? [:]
        // The last results by page id, for the same resolved site: looked up by index rather
        // than by path (thousands of hashes at each save).
        let byID = cache?.read(\.markdownByID).flatMap { last in
            last.resolution == site.resolutionID && last.entries.count == site.pages.count ? last.entries : nil
        }
        let taskLabels: TaskListItems.Labels = site.configuration.language.hasPrefix("en") ? .english : .french
        let known = ParallelMap.map(Array(site.pages.indices)) { [site] index -> BuildCache.Markdown? in
            let raw = site.pages[index].page.raw
            if let known = byID?[index], known.page === raw, known.linkContext == linkContext { return known }
            // The same file read (most of them: the loader keeps what did not change), else the same body.
            if let known = previous[raw.relativePath], known.page === raw || known.page.body == raw.body,
               known.linkContext == linkContext {
                return known
            }
            return nil
        }
        // The link table is a pass over every page: made only when a body is converted.
        let toConvert = known.indices.filter { known[$0] == nil }
        var converted = known.map { ($0, false) }
        if !toConvert.isEmpty {
            let rewriter = LinkRewriter(site: site)
            // On every core: cmark's parse takes its lock page by page, and the rest (the
            // tree's links, its HTML, the post-processing) goes on beside it.
            let fresh = ParallelMap.map(toConvert) { [site] index in convert(site.pages[index], rewriter: rewriter, linkContext: linkContext, taskLabels: taskLabels) }
            for (index, result) in zip(toConvert, fresh) { converted[index] = (result, true) }
        }
        let results = converted.compactMap { entry in entry.0.map { (result: $0, isFresh: entry.1) } }
        if let cache, let resolution = site.resolutionID {
            let entries = results.map(\.result)
            cache.update { $0.markdownByID = (resolution, entries) }
        }
        return results
    }

    /// One page's body to HTML, its links rewritten and checked.
    private static func convert(_ page: SitePage, rewriter: LinkRewriter, linkContext: Int,
                                taskLabels: TaskListItems.Labels) -> BuildCache.Markdown {
        let raw = page.page.raw
        var diagnostics: [Diagnostic] = []
        var links: [PageLink] = []
        let rendered = MarkdownRenderer.render(String(raw.body), taskLabels: taskLabels) { link in
            let line = raw.bodyFirstLine + link.line - 1
            let column = characterColumn(in: raw.body, line: link.line, byteColumn: link.column)
            var found = PageLink(written: link.destination, url: link.destination, isImage: link.isImage, alt: link.alt,
                                 location: raw.source.location(line: line, column: column))
            defer { links.append(found) }
            switch rewriter.rewrite(link.destination, from: page) {
            case .keep: return nil
            case .replace(let url):
                found.url = url
                return url
            case .broken(let message):
                found.isReported = true
                diagnostics.append(raw.source.error(line: line, column: column, message.english, french: message.french))
                return nil
            }
        }
        return BuildCache.Markdown(page: raw, linkContext: linkContext, rendered: rendered, links: links, diagnostics: diagnostics)
    }

    /// cmark counts columns in bytes; editors (and the caret under the line), in characters.
    /// (The body's lines end with `\n` alone: the loader normalised them.)
    static func characterColumn(in body: Substring, line: Int, byteColumn: Int) -> Int {
        let bytes = body.utf8
        var lineStart = bytes.startIndex
        for _ in 1..<max(1, line) {
            guard let end = bytes[lineStart...].firstIndex(of: 10) else { return byteColumn }
            lineStart = bytes.index(after: end)
        }
        let lineEnd = bytes[lineStart...].firstIndex(of: 10) ?? bytes.endIndex
        let prefix = bytes[lineStart..<lineEnd].prefix(max(0, byteColumn - 1))
        return String(decoding: prefix, as: UTF8.self).count + 1
    }

    /// What links resolve against: the paths of pages and files, and the base path.
    static func linkContextHash(of site: Site) -> Int {
        var hasher = Hasher()
        hasher.combine(site.configuration.basePath)
        hasher.combine(unordered(site.pageByPath.keys))
        hasher.combine(unordered(site.pageBySource.keys))
        hasher.combine(site.staticFiles.map(\.source))
        hasher.combine(unordered(site.unpublished.keys))
        hasher.combine(unordered(site.invalid))
        return hasher.finalize()
    }

    /// A hash of a set of paths that does not depend on their order: sorting 20,000 paths
    /// at each save was a tenth of the Markdown stage in `serve` (issue 15).
    private static func unordered<Paths: Collection<String>>(_ paths: Paths) -> Int {
        paths.reduce(paths.count) { $0 &+ $1.hashValue }
    }
}

/// A link or image of a page's Markdown, kept for `parcours check` (anchors, alternative text).
public struct PageLink: Sendable {
    /// The destination as written: `../projets/cassis.md#contact`.
    public var written: String
    /// As it stands in the HTML: `/projets/cassis/#contact`.
    public var url: String
    public var isImage: Bool
    /// An image's alternative text.
    public var alt: String
    /// Where it is written in the Markdown file.
    public var location: SourceLocation
    /// Broken, and already reported by the Markdown stage.
    public var isReported = false
}
