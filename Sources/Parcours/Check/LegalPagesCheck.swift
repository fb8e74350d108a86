import Foundation

/// The legal pages of a French public-service site exist, and every page links to each.
/// They are found by their slug (the last segment of their URL).
enum LegalPagesCheck {
    struct LegalPage {
        var slug: String
        var name: Wording
    }

    static let required = [
        LegalPage(slug: "mentions-legales", name: Wording("the mentions légales (publisher, publication director, host)",
                                                          french: "les mentions légales (éditeur, directeur de la publication, hébergeur)")),
        LegalPage(slug: "declaration-accessibilite", name: Wording("the déclaration d’accessibilité (RGAA)",
                                                                   french: "la déclaration d’accessibilité (RGAA)")),
        LegalPage(slug: "politique-de-confidentialite", name: Wording("the politique de confidentialité (GDPR)",
                                                                      french: "la politique de confidentialité (RGPD)")),
    ]

    private static func page(_ legal: LegalPage, in site: Site) -> SitePage? {
        site.pages.first { $0.slug == legal.slug && !$0.page.isHome }
    }

    /// The legal pages that do not exist (with the content, before rendering).
    static func missing(in site: Site) -> [Diagnostic] {
        let contentFolder = String(site.configuration.source.path.dropLast(ContentLoader.configurationFileName.count))
        return required.filter { page($0, in: site) == nil }.map { legal in
            .error(at: nil, "no legal page '\(legal.slug)': write \(contentFolder)\(legal.slug).md, \(legal.name.english), required on a French public-service site",
                   french: "la page légale '\(legal.slug)' manque : écrivez \(contentFolder)\(legal.slug).md, \(legal.name.french), obligatoire sur un site de service public français")
        }
    }

    /// Every rendered page links to each legal page that exists.
    static func run(_ rendered: RenderedSite) -> [Diagnostic] {
        let site = rendered.site
        var diagnostics: [Diagnostic] = []
        let found = required.compactMap { legal in page(legal, in: site).map { (legal: legal, page: $0, file: $0.path + "index.html") } }
        guard !found.isEmpty else { return diagnostics }

        let pages = rendered.htmlFiles.filter { !$0.isRedirect }
        // For each file, the legal pages it does not link to.
        var missing: [(file: RenderedSite.HTMLFile, pages: [SitePage])] = []
        var linkedFrom = [Int](repeating: 0, count: found.count)
        for file in pages {
            let targets = Set(file.scan.references.filter { $0.tag == "a" }.compactMap { rendered.target(of: $0.value, from: file.path)?.path })
            var lacking: [SitePage] = []
            for (index, legal) in found.enumerated() {
                if targets.contains(legal.file) {
                    // A page's breadcrumbs link to itself: that says nothing of the others.
                    if file.path != legal.file { linkedFrom[index] += 1 }
                } else {
                    lacking.append(legal.page)
                }
            }
            if !lacking.isEmpty { missing.append((file, lacking)) }
        }

        // Linked from no other page: the footer menu lacks it.
        let footerLine = Self.footerMenuLine(in: site.configuration.source)
        var unlinked: Set<Int> = []
        for (index, legal) in found.enumerated() where linkedFrom[index] == 0 {
            unlinked.insert(legal.page.id)
            let written = "/" + legal.page.path
            let title = legal.page.title.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            diagnostics.append(site.configuration.source.error(line: footerLine, column: 1,
                "no page links to the legal page \(written): add '- { title: \"\(title)\", url: \(written) }' to footer_menu in site.yaml (the theme shows it at the bottom of every page)",
                french: "aucune page n’a de lien vers la page légale \(written) : ajoutez '- { title: \"\(title)\", url: \(written) }' à footer_menu dans site.yaml (le thème l’affiche en bas de chaque page)"))
        }

        // Linked from some pages only: a layout without the site's footer.
        var withoutSource: [(file: RenderedSite.HTMLFile, urls: [String])] = []
        func list(_ urls: [String]) -> Wording {
            Wording((urls.count == 1 ? "the legal page " : "the legal pages ") + urls.joined(separator: ", "),
                    french: (urls.count == 1 ? "la page légale " : "les pages légales ") + urls.joined(separator: ", "))
        }
        for (file, lacking) in missing {
            let lacking = lacking.filter { !unlinked.contains($0.id) }
            guard !lacking.isEmpty else { continue }
            let urls = lacking.map { "/" + $0.path }
            if file.owner != nil {
                let layout = rendered.layout(of: file), list = list(urls)
                diagnostics.append(rendered.diagnostic(about: file, Wording(
                    "does not link to \(list.english) (every page must: does the layout '\(layout)' leave out the site's footer?)",
                    french: "n’a pas de lien vers \(list.french) (chaque page doit en avoir : le gabarit '\(layout)' omet-il le pied de page du site ?)")))
            } else {
                withoutSource.append((file, urls))
            }
        }
        for urls in Set(withoutSource.map(\.urls)).sorted(by: { list($0).english < list($1).english }) {
            let files = withoutSource.filter { $0.urls == urls }.map(\.file)
            guard let first = files.first else { continue }
            let others = files.count > 1 ? "; \(files.count - 1) other page\(files.count == 2 ? "" : "s") too" : ""
            let frenchOthers = files.count > 1 ? " ; \(files.count - 1) autre\(files.count == 2 ? " page" : "s pages") aussi" : ""
            let layout = rendered.layout(of: first), list = list(urls)
            diagnostics.append(rendered.diagnostic(about: first, Wording(
                "does not link to \(list.english) (every page must: does the layout '\(layout)' leave out the site's footer?\(others))",
                french: "n’a pas de lien vers \(list.french) (chaque page doit en avoir : le gabarit '\(layout)' omet-il le pied de page du site ?\(frenchOthers))")))
        }
        return diagnostics
    }

    /// The line of `footer_menu:` in site.yaml, else 1.
    private static func footerMenuLine(in source: SourceText) -> Int {
        for (offset, line) in source.text.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
        where line.hasPrefix("footer_menu:") {
            return offset + 1
        }
        return 1
    }
}
