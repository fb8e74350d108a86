import Foundation
import Testing
@testable import Parcours

/// The example site of the repository, built end to end as the README's first command does.
@Suite("Example site", .serialized)
struct ExampleSiteTests {
    @Test func everyContentFileGetsAPage() throws {
        let site = try TestSite(copyExample: true)
        defer { site.remove() }
        let run = try site.build()
        #expect(run.status == 0, "\(run.errors)")
        #expect(run.output.hasPrefix("Built "))
        #expect(run.output.contains(" pages ("))

        let content = site.root.appendingPathComponent("content")
        for path in FileTree.files(under: content) where path.hasSuffix(".md") {
            var output = String(path.dropLast(3))
            if output.hasSuffix("_index") || output.hasSuffix("/index") || output == "index" {
                output = String(output.dropLast(output.hasSuffix("_index") ? 6 : 5))
            } else {
                output += "/"
            }
            if output.hasSuffix("//") { output.removeLast() }
            if output == "/" { output = "" }
            let slug = try String(contentsOf: content.appendingPathComponent(path), encoding: .utf8).contains("\nslug:")
            if slug { continue }
            #expect(site.outputExists(output + "index.html"), "no page for content/\(path) at site/\(output)index.html")
        }
        #expect(site.outputExists("404.html"))
        #expect(site.outputExists("actualites/page/2/index.html"), "14 news items at 10 a page make two list pages")
        #expect(site.outputExists("tags/index.html"))

        let assets = FileTree.files(under: site.root.appendingPathComponent("site/assets"))
        #expect(assets.contains { $0.range(of: #"^css/site\.[0-9a-f]{10}\.css$"#, options: .regularExpression) != nil }, "\(assets)")
        let home = try site.output("index.html")
        #expect(home.contains("<html lang=\"fr\">"))
        #expect(home.contains("href=\"/assets/css/site."))
        #expect(!home.contains("http://") || !home.contains("src=\"http"), "nothing loaded from another origin")
    }

    @Test func eventPageShowsDateTimePlaceAndAudience() throws {
        let site = try TestSite(copyExample: true)
        defer { site.remove() }
        #expect(try site.build().status == 0)
        let page = try site.output("agenda/assemblee-generale-2026/index.html")
        #expect(page.contains("jeudi 10 décembre 2026, de 17\u{A0}h à 21\u{A0}h\u{A0}30"))
        #expect(page.contains("datetime=\"2026-12-10T17:00:00+01:00\""))
        #expect(page.contains("Salle des fêtes de Naintré"))
        #expect(page.contains("Professionnels de santé"))
        #expect(page.contains("\"@type\":\"Event\""))
    }

    @Test func formPostsToTheConfiguredEndpointAndSetOverridesIt() throws {
        let site = try TestSite(copyExample: true)
        defer { site.remove() }
        #expect(try site.build().status == 0)
        let form = try site.output("acces-medecin/index.html")
        #expect(form.contains("action=\"https://formulaires.example.org/cpts-trois-rivieres/acces-medecin\""))
        #expect(form.contains("method=\"post\""))
        #expect(form.contains("autocomplete=\"family-name\""))
        #expect(form.contains("tel:+33"))

        let run = try site.build(["--set", "forms.acces-medecin.endpoint=https://autre.example.net/recevoir"])
        #expect(run.status == 0, "\(run.errors)")
        #expect(try site.output("acces-medecin/index.html").contains("action=\"https://autre.example.net/recevoir\""))
    }

    @Test func subPathBaseURLPrefixesEveryLink() throws {
        let site = try TestSite(copyExample: true)
        defer { site.remove() }
        let run = try site.build(["--base-url", "https://exemple.github.io/cpts/"])
        #expect(run.status == 0, "\(run.errors)")
        let home = try site.output("index.html")
        #expect(home.contains("href=\"/cpts/assets/css/site."))
        #expect(home.contains("href=\"/cpts/projet-de-sante/\""))
        #expect(!home.contains("href=\"/projet-de-sante/\""))
        let project = try site.output("projets/soins-non-programmes/index.html")
        #expect(project.contains("href=\"/cpts/missions/acces-aux-soins/\""), "a relative .md link becomes the page's URL under the base path")
        #expect(project.contains("<link rel=\"canonical\" href=\"https://exemple.github.io/cpts/projets/soins-non-programmes/\">"))
    }
}

@Suite("Content rules")
struct ContentRuleTests {
    @Test func draftsFutureAndExpiredPagesAreLeftOut() throws {
        let site = try TestSite([
            "actualites/_index.md": "---\ntitle: Actualités\ntype: news\n---\n",
            "actualites/publiee.md": "---\ntitle: Publiée\ndate: 2026-01-05\ntags: [vie associative]\n---\nTexte.\n",
            "actualites/brouillon.md": "---\ntitle: Brouillon\ndate: 2026-01-05\ndraft: true\ntags: [vie associative]\n---\n",
            "actualites/future.md": "---\ntitle: Future\ndate: 2026-01-05\npublish_date: 2999-01-01\n---\n",
            "actualites/expiree.md": "---\ntitle: Expirée\ndate: 2026-01-05\nexpiry_date: 2001-01-01\n---\n",
        ])
        defer { site.remove() }
        #expect(try site.build().status == 0)
        #expect(site.outputExists("actualites/publiee/index.html"))
        #expect(!site.outputExists("actualites/brouillon/index.html"))
        #expect(!site.outputExists("actualites/future/index.html"))
        #expect(!site.outputExists("actualites/expiree/index.html"))
        let list = try site.output("actualites/index.html")
        #expect(list.contains("Publiée"))
        #expect(!list.contains("Brouillon") && !list.contains("Future") && !list.contains("Expirée"))
        #expect(!(try site.output("tags/vie-associative/index.html")).contains("Brouillon"))

        #expect(try site.build(["--drafts", "--future", "--expired"]).status == 0)
        #expect(site.outputExists("actualites/brouillon/index.html"))
        #expect(site.outputExists("actualites/future/index.html"))
        #expect(site.outputExists("actualites/expiree/index.html"))
    }

    @Test func markdownIsSafeAndGitHubFlavoured() throws {
        let body = """
            Texte avec ~~barré~~, https://www.ameli.fr et une note[^1].

            | Mission | État |
            |---|---|
            | Prévention | en cours |

            - [x] fait

            <script>alert(1)</script>
            [piège](javascript:alert(1))

            [^1]: La note.
            """
        let site = try TestSite(["page.md": "---\ntitle: Page\n---\n" + body])
        defer { site.remove() }
        #expect(try site.build().status == 0)
        let html = try site.output("page/index.html")
        #expect(html.contains("<del>barré</del>"))
        #expect(html.contains("<a href=\"https://www.ameli.fr\">https://www.ameli.fr</a>"))
        #expect(html.contains("<table>"))
        // Task lists: words for screen readers, no unlabelled checkbox.
        #expect(html.contains("<li class=\"task-list-item task-list-item--done\">"))
        #expect(html.contains("<span class=\"visually-hidden\">Fait : </span>"))
        #expect(!html.contains("type=\"checkbox\""))
        #expect(html.contains("data-footnotes"))
        #expect(!html.contains("<script>alert"))
        #expect(!html.contains("javascript:"))
    }

    @Test func aliasesBecomeRedirectPages() throws {
        let site = try TestSite(["contact.md": "---\ntitle: Contact\naliases: [/nous-contacter/]\n---\n"])
        defer { site.remove() }
        #expect(try site.build().status == 0)
        let redirect = try site.output("nous-contacter/index.html")
        #expect(redirect.contains("<meta http-equiv=\"refresh\" content=\"0; url=/contact/\">"))
        #expect(redirect.contains("<link rel=\"canonical\" href=\"https://www.cpts-test.fr/contact/\">"))
    }

    @Test func pageBundleFilesAreCopiedBesideThePage() throws {
        let site = try TestSite([
            "actualites/_index.md": "---\ntitle: Actualités\ntype: news\n---\n",
            "actualites/bilan/index.md": "---\ntitle: Bilan\ndate: 2026-03-02\nimage: graphique.svg\nimage_alt: Graphique des consultations\n---\n![Graphique](graphique.svg)\n",
            "actualites/bilan/graphique.svg": "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
            "media/plaquette.pdf": "%PDF-1.4",
        ])
        defer { site.remove() }
        let run = try site.build()
        #expect(run.status == 0, "\(run.errors)")
        #expect(site.outputExists("actualites/bilan/graphique.svg"))
        #expect(site.outputExists("media/plaquette.pdf"))
        #expect(try site.output("actualites/bilan/index.html").contains("src=\"/actualites/bilan/graphique.svg\""))
    }

    @Test func checkWritesNothing() throws {
        let site = try TestSite(TestSite.withLegalPages)
        defer { site.remove() }
        let run = try site.run(["check"])
        #expect(run.status == 0)
        #expect(!site.outputExists("index.html"))
    }
}

@Suite("Reproducible output")
struct ReproducibleOutputTests {
    /// The same content built twice, a minute apart, gives the same bytes in every file
    /// (calendars included: their DTSTAMP comes from the content, not the clock).
    @Test func twoBuildsAMinuteApartAreByteForByteTheSame() throws {
        let site = try TestSite(copyExample: true)
        defer { site.remove() }
        var options = site.inMemoryBuildOptions()
        let now = Date()
        options.rules = PublishingRules(now: now)
        let first = Build.run(options)
        options.rules = PublishingRules(now: now.addingTimeInterval(60))
        let second = Build.run(options)
        #expect(first.succeeded && second.succeeded)
        func bytes(_ report: BuildReport) -> [String: Data] {
            Dictionary(report.files.map { file in
                let data: Data = switch file.contents {
                case .text(let text): Data(text.utf8)
                case .data(let data): data
                case .copy(let source): FileManager.default.contents(atPath: site.root.appendingPathComponent("content").appendingPathComponent(source).path) ?? Data()
                }
                return (file.path, data)
            }, uniquingKeysWith: { a, _ in a })
        }
        let a = bytes(first), b = bytes(second)
        #expect(a.keys.sorted() == b.keys.sorted())
        let different = a.keys.filter { a[$0] != b[$0] }.sorted()
        #expect(different.isEmpty, "files that differ: \(different)")
        #expect(a.keys.contains { $0.hasSuffix(".ics") })
    }
}
