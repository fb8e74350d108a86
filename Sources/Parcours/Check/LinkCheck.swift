import Foundation

/// Every internal link and image of the rendered pages leads to a file of the site, and
/// every `#fragment` to an id of that file; every id of a page is unique.
///
/// A broken link of the Markdown is reported where it is written (`file:line:col`); one
/// from the theme or the front matter, at the page's file, once for all the pages that
/// carry it.
enum LinkCheck {
    static func run(_ rendered: RenderedSite) -> [Diagnostic] {
        let site = rendered.site
        var diagnostics: [Diagnostic] = []
        var reportedLinks: Set<SourceLocation> = []
        var outsideMarkdown: [Problem: [RenderedSite.HTMLFile]] = [:]
        var order: [Problem] = []

        for file in rendered.htmlFiles {
            let owner = file.owner.map { site.pages[$0] }
            let markdownLinks = Dictionary(grouping: owner?.links ?? [], by: { RenderedSite.normalizedURL($0.url) })
            var seen: Set<HTMLScan.Reference> = []
            for reference in file.scan.references where seen.insert(reference).inserted {
                guard let target = rendered.target(of: reference.value, from: file.path) else { continue }
                let missing = target.path == nil ? nil : rendered.missingFragment(target)
                guard target.path == nil || missing != nil else { continue }

                if let owner, let links = markdownLinks[RenderedSite.normalizedURL(reference.value)] {
                    for link in links where !link.isReported && reportedLinks.insert(link.location).inserted {
                        let kind = link.isImage ? Wording("image", french: "l’image") : Wording("link", french: "le lien")
                        let message: Wording
                        if let (ids, fragment) = missing {
                            let place = target.path == file.path ? Wording("this page", french: "cette page") : Wording(target.url, french: target.url)
                            let hint = Suggestion.worded(for: fragment, in: ids.sorted())
                            message = Wording("\(kind.english) '\(link.written)': \(place.english) has no heading or element with id '\(fragment)'\(hint.english)",
                                              french: "\(kind.french) '\(link.written)' : \(place.french) n’a pas de titre ni d’élément d’identifiant '\(fragment)'\(hint.french)")
                        } else {
                            message = Wording("\(kind.english) '\(link.written)' leads to \(target.url), which is not a file of the site",
                                              french: "\(kind.french) '\(link.written)' mène à \(target.url), qui n’est pas un fichier du site")
                        }
                        diagnostics.append(owner.page.raw.source.error(line: link.location.line, column: link.location.column,
                                                                       message.english, french: message.french))
                    }
                    continue
                }
                let problem: Problem
                if let (ids, fragment) = missing {
                    let hint = Suggestion.worded(for: fragment, in: ids.sorted())
                    problem = Problem(reference: reference,
                                      detail: Wording(", but \(target.url) has no element with id '\(fragment)'\(hint.english)",
                                                      french: ", mais \(target.url) n’a pas d’élément d’identifiant '\(fragment)'\(hint.french)"))
                } else {
                    problem = Problem(reference: reference, detail: Wording(", which is not a file of the site", french: ", qui n’est pas un fichier du site"))
                }
                if outsideMarkdown[problem] == nil { order.append(problem) }
                outsideMarkdown[problem, default: []].append(file)
            }
            // cmark always writes `alt`: an image without one comes from the layout.
            for source in file.scan.imagesWithoutAlt {
                let problem = Problem(reference: .init(tag: "img", attribute: "alt", value: source), detail: .empty)
                if outsideMarkdown[problem] == nil { order.append(problem) }
                outsideMarkdown[problem, default: []].append(file)
            }
            diagnostics += duplicateIDs(in: file, rendered: rendered)
        }

        for problem in order {
            let files = outsideMarkdown[problem] ?? []
            guard let first = files.first(where: { $0.owner != nil }) ?? files.first else { continue }
            let others = files.count > 1 ? "; \(files.count - 1) other page\(files.count == 2 ? " has" : "s have") it too" : ""
            let frenchOthers = files.count > 1 ? " ; \(files.count - 1) autre\(files.count == 2 ? " page l’a" : "s pages l’ont") aussi" : ""
            let layout = rendered.layout(of: first)
            let text: Wording
            if problem.reference.attribute == "alt" {
                text = Wording("shows an image without an 'alt' attribute ('\(problem.reference.value)'): every <img> needs one, alt=\"\" for a decorative image (it comes from the layout '\(layout)'\(others))",
                               french: "montre une image sans attribut 'alt' ('\(problem.reference.value)') : chaque <img> en a besoin, alt=\"\" pour une image décorative (elle vient du gabarit '\(layout)'\(frenchOthers))")
            } else {
                let isSource = problem.reference.attribute == "src"
                text = Wording("\(isSource ? "loads" : "links to") '\(problem.reference.value)'\(problem.detail.english) (the link comes from the layout '\(layout)' or the front matter, not from the Markdown\(others))",
                               french: "\(isSource ? "charge" : "a un lien vers") '\(problem.reference.value)'\(problem.detail.french) (le lien vient du gabarit '\(layout)' ou de l’en-tête, pas du texte Markdown\(frenchOthers))")
            }
            diagnostics.append(rendered.diagnostic(about: first, text))
        }
        return diagnostics.uniqued()
    }

    /// A broken URL outside the Markdown, with what is wrong with it.
    private struct Problem: Hashable {
        var reference: HTMLScan.Reference
        var detail: Wording
    }

    private static func duplicateIDs(in file: RenderedSite.HTMLFile, rendered: RenderedSite) -> [Diagnostic] {
        file.scan.duplicateIDs.map { duplicate in
            let isHeading = duplicate.tag.count == 2 && duplicate.tag.hasPrefix("h") && duplicate.tag.last?.isNumber == true
            if isHeading, let owner = file.owner, let line = headingLine(id: duplicate.id, in: rendered.site.pages[owner]) {
                let raw = rendered.site.pages[owner].page.raw
                return raw.source.error(line: line, column: 1,
                    "the heading's id '\(duplicate.id)' is already the id of an element of the page, from the theme (reword the heading)",
                    french: "l’identifiant '\(duplicate.id)' de ce titre est déjà celui d’un élément de la page, venu du thème (reformulez le titre)")
            }
            let advice = isHeading
                ? Wording("a heading makes the id of an element of the theme: reword the heading",
                          french: "un titre donne l’identifiant d’un élément du thème : reformulez le titre")
                : Wording("ids must be unique: look at the layout", french: "les identifiants doivent être uniques : regardez le gabarit")
            return rendered.diagnostic(about: file, Wording("has two elements with id '\(duplicate.id)' (\(advice.english))",
                                                            french: "a deux éléments d’identifiant '\(duplicate.id)' (\(advice.french))"))
        }
    }

    /// The line of the Markdown heading (`## Contenu`) whose id is `id`.
    private static func headingLine(id: String, in page: SitePage) -> Int? {
        let raw = page.page.raw
        for (offset, line) in raw.body.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let trimmed = line.drop { $0 == " " }
            guard trimmed.hasPrefix("#") else { continue }
            let text = trimmed.drop { $0 == "#" }
            if Slug.make(String(text)) == id { return raw.bodyFirstLine + offset }
        }
        return nil
    }
}

extension RenderedSite {
    /// A diagnostic about a rendered file: at its page's source file, or, for a page of its
    /// own (a tag, the search page, the 404 page), naming its URL. `predicate` follows
    /// "the page" ("la page"): `has two elements…`.
    func diagnostic(about file: HTMLFile, _ predicate: Wording, severity: Diagnostic.Severity = .error) -> Diagnostic {
        if let owner = file.owner {
            let source = site.pages[owner].page.raw.source
            return Diagnostic(severity, at: source.location(line: 1, column: 1), sourceLine: source.line(1),
                              "the page \(predicate.english)", french: "la page \(predicate.french)")
        }
        let url = url(of: file.path)
        return Diagnostic(severity, at: nil, "the page \(url) \(predicate.english)", french: "la page \(url) \(predicate.french)")
    }
}

extension Array where Element == Diagnostic {
    /// Without repeats (a list's body is on each of its numbered pages), in order.
    func uniqued() -> [Diagnostic] {
        var seen: Set<Diagnostic> = []
        return filter { seen.insert($0).inserted }
    }
}
