import Foundation

/// The rendered files of a site, indexed for `parcours check`: which paths exist, what each
/// HTML file links to and which ids it has, and the page each file comes from.
struct RenderedSite: Sendable {
    /// A rendered HTML file.
    struct HTMLFile: Sendable {
        /// Path under the output folder: `actualites/ag/index.html`.
        var path: String
        var scan: HTMLScan
        /// The page it shows: the page itself, or a section's `_index.md` for every page of its list.
        var owner: Int?
        /// An `aliases` redirect: a stub, without the theme.
        var isRedirect: Bool
    }

    let site: Site
    let paths: Set<String>
    /// Sorted by path.
    let htmlFiles: [HTMLFile]
    let htmlByPath: [String: Int]

    init(files: [OutputFile], site: Site) {
        self.site = site
        self.paths = Set(files.map(\.path))
        let redirects = Set(site.redirects.map { $0.from.hasSuffix(".html") ? $0.from : $0.from + "index.html" })
        let html = files.filter(\.isHTML).sorted { $0.path < $1.path }
        self.htmlFiles = ParallelMap.map(html) { file in
            let text: String
            switch file.contents {
            case .text(let string): text = string
            case .data(let data): text = String(decoding: data, as: UTF8.self)
            case .copy: text = ""
            }
            return HTMLFile(path: file.path, scan: HTMLScanner.scan(text), owner: Self.owner(of: file.path, in: site),
                            isRedirect: redirects.contains(file.path))
        }
        self.htmlByPath = Dictionary(htmlFiles.enumerated().map { ($1.path, $0) }, uniquingKeysWith: { a, _ in a })
        // The menu, the footer and the breadcrumbs repeat the same URLs on every page:
        // resolve each URL that does not depend on the file once.
        var absolute: Set<String> = []
        for file in htmlFiles {
            for reference in file.scan.references where reference.value.hasPrefix("/") || Self.hasScheme(reference.value) {
                absolute.insert(reference.value)
            }
        }
        var resolved: [String: Target?] = [:]
        for value in absolute {
            resolved.updateValue(resolve(value, from: ""), forKey: value)
        }
        self.resolvedURLs = resolved
    }

    /// Targets of the URLs that do not depend on the file they are in (nil: outside the site).
    private var resolvedURLs: [String: Target?] = [:]

    /// `actualites/ag/index.html` → the page at `actualites/ag/`; `actualites/page/2/index.html`
    /// → the list `actualites/`.
    private static func owner(of path: String, in site: Site) -> Int? {
        guard path == "index.html" || path.hasSuffix("/index.html") else { return nil }
        let folder = String(path.dropLast("index.html".count))
        if let id = site.pageByPath[folder] { return id }
        // A numbered list page: `<list>/page/<n>/`.
        let parts = folder.split(separator: "/", omittingEmptySubsequences: true)
        guard parts.count >= 2, parts[parts.count - 2] == "page", Int(parts[parts.count - 1]) != nil else { return nil }
        let base = parts.dropLast(2).map { $0 + "/" }.joined()
        guard let id = site.pageByPath[base], site.pages[id].page.isList else { return nil }
        return id
    }

    /// The theme's layout that rendered a file (as `RenderStage` chooses it).
    func layout(of file: HTMLFile) -> String {
        if let owner = file.owner {
            let page = site.pages[owner]
            if page.page.isList, let section = site.sections.firstIndex(where: { $0.indexPage == page.id }) {
                return RenderStage.layout(of: .list(section: section, number: 1), in: site)
            }
            return RenderStage.layout(of: .page(owner), in: site)
        }
        switch file.path {
        case "404.html": return "404"
        case "tags/index.html": return "tags"
        case _ where file.path.hasPrefix("tags/"): return "tag"
        default: return "search"
        }
    }

    /// The URL a visitor sees for an output path: `/actualites/ag/`, `/404.html`.
    func url(of path: String) -> String {
        let folder = path == "index.html" ? "" : path.hasSuffix("/index.html") ? String(path.dropLast("index.html".count)) : path
        return site.url(folder)
    }

    /// Where a URL of the site leads.
    struct Target {
        /// The output file, or nil when none matches.
        var path: String?
        /// What the visitor asked for, for messages: `/actualites/ag/`.
        var url: String
        /// Percent-decoded, without `#`; nil when there is none.
        var fragment: String?
    }

    /// The target of an `href` or `src` found in the file at `path`; nil for a URL outside
    /// the site (another origin, `mailto:`, a path outside the base path).
    func target(of reference: String, from path: String) -> Target? {
        if let target = resolvedURLs[reference] { return target }
        return resolve(reference, from: path)
    }

    private func resolve(_ reference: String, from path: String) -> Target? {
        var value = reference.trimmingCharacters(in: .whitespacesAndNewlines)
        if value.isEmpty { return nil }
        var sitePath: String
        if value.hasPrefix("#") {
            return Target(path: path, url: url(of: path), fragment: Self.fragment(value))
        }
        if value.hasPrefix("//") { return nil }
        if Self.hasScheme(value) {
            guard value.hasPrefix(site.configuration.baseURL) else { return nil }
            value = site.configuration.basePath + value.dropFirst(site.configuration.baseURL.count)
        }
        if value.hasPrefix("/") {
            guard value.hasPrefix(site.configuration.basePath) else { return nil }
            sitePath = String(value.dropFirst(site.configuration.basePath.count))
        } else {
            // Relative to the file's folder.
            let folder = path.contains("/") ? String(path[..<(path.lastIndex(of: "/") ?? path.startIndex)]) + "/" : ""
            sitePath = folder + value
        }
        var fragment: String?
        if let hash = sitePath.firstIndex(of: "#") {
            fragment = Self.fragment(String(sitePath[hash...]))
            sitePath = String(sitePath[..<hash])
        }
        if let question = sitePath.firstIndex(of: "?") {
            sitePath = String(sitePath[..<question])
        }
        if sitePath.contains("%") { sitePath = sitePath.removingPercentEncoding ?? sitePath }
        guard let normalized = PathArithmetic.normalize(sitePath) else {
            return Target(path: nil, url: value, fragment: fragment)
        }
        let shown = site.url(normalized)
        var candidates: [String] = []
        if normalized.isEmpty || normalized.hasSuffix("/") {
            candidates = [normalized + "index.html"]
        } else {
            candidates = [normalized, normalized + "/index.html"]
        }
        return Target(path: candidates.first(where: paths.contains), url: shown, fragment: fragment)
    }

    /// Why a fragment does not resolve in an existing file; nil when it does (or the file is not HTML).
    func missingFragment(_ target: Target) -> (ids: Set<String>, fragment: String)? {
        guard let path = target.path, let fragment = target.fragment, let index = htmlByPath[path] else { return nil }
        // `#` and `#top` scroll to the top of any page; `#:~:text=` is a text fragment.
        if fragment.isEmpty || fragment.lowercased() == "top" || fragment.hasPrefix(":~:") { return nil }
        let ids = htmlFiles[index].scan.ids
        return ids.contains(fragment) ? nil : (ids, fragment)
    }

    private static func fragment(_ text: String) -> String {
        let raw = String(text.dropFirst())
        return raw.contains("%") ? raw.removingPercentEncoding ?? raw : raw
    }

    static func hasScheme(_ url: String) -> Bool {
        guard let colon = url.firstIndex(of: ":") else { return false }
        let scheme = url[..<colon]
        return !scheme.isEmpty && scheme.allSatisfy { $0.isLetter || $0.isNumber || $0 == "+" || $0 == "-" || $0 == "." }
            && !scheme.contains("/")
    }

    /// `href` and `src` values compared as a browser would: entities and percent-escapes decoded.
    static func normalizedURL(_ url: String) -> String {
        url.contains("%") ? url.removingPercentEncoding ?? url : url
    }
}
