import Foundation
import Testing
@testable import Parcours

extension TestSite {
    /// The minimal site with its legal pages, linked from the footer of every page: what
    /// `parcours check` asks of every site.
    static let withLegalPages: [String: String] = [
        "site.yaml": minimalConfiguration + """

            footer_menu:
              - { title: Mentions légales, url: /mentions-legales/ }
              - { title: Accessibilité, url: /declaration-accessibilite/ }
              - { title: Politique de confidentialité, url: /politique-de-confidentialite/ }
            """,
        "mentions-legales.md": "---\ntitle: Mentions légales\n---\nÉditeur : la CPTS.\n",
        "declaration-accessibilite.md": "---\ntitle: Déclaration d’accessibilité\n---\nPartiellement conforme.\n",
        "politique-de-confidentialite.md": "---\ntitle: Politique de confidentialité\n---\nVos données.\n",
    ]
}

/// `parcours check`: links and anchors of the rendered pages, images, legal pages, and the
/// warnings a reviewer would give; each with its exact message.
@Suite("parcours check")
struct CheckCommandTests {
    /// Runs `parcours check` on the minimal site with its legal pages, plus `files`.
    func check(_ files: [String: String], arguments: [String] = [], prepare: (TestSite) throws -> Void = { _ in }) throws -> TestSite.Run {
        let site = try TestSite(TestSite.withLegalPages.merging(files) { _, new in new })
        defer { site.remove() }
        try prepare(site)
        let run = try site.run(["check"] + arguments)
        #expect(!site.outputExists("index.html"), "check writes nothing")
        return run
    }

    func expect(_ run: TestSite.Run, status: Int32, messages: [String], sourceLine: (String, String)? = nil) {
        #expect(run.status == status, "\(run.errors)")
        for message in messages {
            #expect(run.errors.contains(message + "\n"), "expected «\(message)» in:\n\(run.errors)")
        }
        if let (line, caret) = sourceLine {
            #expect(run.errors.contains("\n    \(line)\n    \(caret)\n"), "expected the source line and caret in:\n\(run.errors)")
        }
    }

    @Test func siteWithItsLegalPagesPasses() throws {
        let run = try check([:])
        #expect(run.status == 0, "\(run.errors)")
        #expect(run.errors == "")
        #expect(run.output == "No errors in content\n")
    }

    // MARK: Links and anchors

    @Test func headingsGetUniqueIDs() throws {
        let rendered = MarkdownRenderer.render("# Programme\n\n## Programme\n\n## L’été, **enfin** !\n\n### ???\n\nTexte.\n")
        #expect(rendered.html == """
            <h1 id="programme">Programme</h1>
            <h2 id="programme-2">Programme</h2>
            <h2 id="l-ete-enfin">L’été, <strong>enfin</strong> !</h2>
            <h3 id="section">???</h3>
            <p>Texte.</p>

            """)
    }

    @Test func anchorsToHeadingsResolve() throws {
        let run = try check([
            "programme.md": "---\ntitle: Programme\n---\n## Matin\n\n## Après-midi\n\nRetour [au matin](#matin).\n",
            "page.md": "---\ntitle: Page\n---\nVoir [l’après-midi](programme.md#apres-midi) et [le matin](/programme/#matin).\n",
        ])
        #expect(run.status == 0, "\(run.errors)")
        #expect(run.errors == "")
    }

    @Test func brokenAnchorToAnotherPage() throws {
        let run = try check([
            "programme.md": "---\ntitle: Programme\n---\n## Matin\n\n## Après-midi\n",
            "page.md": "---\ntitle: Page\n---\nTexte.\n\nVoir [l’après-midi](programme.md#apres-midii).\n",
        ])
        expect(run, status: 1, messages: [
            "content/page.md:6:6: error: link 'programme.md#apres-midii': /programme/ has no heading or element with id 'apres-midii' (did you mean 'apres-midi'?)",
            "1 error, 0 warnings",
        ], sourceLine: ("Voir [l’après-midi](programme.md#apres-midii).", "     ^"))
    }

    @Test func brokenAnchorInThePage() throws {
        let run = try check(["page.md": "---\ntitle: Page\n---\n## Contacts\n\nÉcrivez aux [contacts](#contact).\n"])
        expect(run, status: 1, messages: [
            "content/page.md:6:13: error: link '#contact': this page has no heading or element with id 'contact' (did you mean 'contacts'?)",
            "1 error, 0 warnings",
        ], sourceLine: ("Écrivez aux [contacts](#contact).", "            ^"))
    }

    /// A Markdown link to no page is the Markdown stage's error: check does not repeat it.
    @Test func brokenMarkdownLinkIsReportedOnce() throws {
        let run = try check(["page.md": "---\ntitle: Page\n---\nVoir [les missions](/missions/#socle) et ![Carte](carte.png).\n"])
        expect(run, status: 1, messages: [
            "content/page.md:4:6: error: link '/missions/' matches no page",
            "content/page.md:4:42: error: link 'carte.png': no file content/carte.png (write a page as a path like /missions/ or a .md file)",
            "2 errors, 0 warnings",
        ])
    }

    /// A link the layout writes is reported at the page, once for every page that has it.
    @Test func brokenLinkOfTheTheme() throws {
        let layout = "{{<base}}{{$main}}<h1>{{page.title}}</h1><a href=\"/agenda/\">Agenda</a> <img src=\"/media/logo.svg\" alt=\"\"> <img src=\"/media/carte.svg\">{{{page.content}}}{{/main}}{{/base}}\n"
        let run = try check([
            "a.md": "---\ntitle: A\nlayout: speciale\n---\nTexte.\n",
            "b.md": "---\ntitle: B\nlayout: speciale\n---\nTexte.\n",
            "media/carte.svg": "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
        ], prepare: { site in
            try site.write("default/layouts/speciale.mustache", layout, under: "themes")
        })
        expect(run, status: 1, messages: [
            "content/a.md:1:1: error: the page links to '/agenda/', which is not a file of the site (the link comes from the layout 'speciale' or the front matter, not from the Markdown; 1 other page has it too)",
            "content/a.md:1:1: error: the page loads '/media/logo.svg', which is not a file of the site (the link comes from the layout 'speciale' or the front matter, not from the Markdown; 1 other page has it too)",
            "content/a.md:1:1: error: the page shows an image without an 'alt' attribute ('/media/carte.svg'): every <img> needs one, alt=\"\" for a decorative image (it comes from the layout 'speciale'; 1 other page has it too)",
            "3 errors, 0 warnings",
        ])
    }

    /// A heading may not take an id the theme uses (`<main id="contenu">`).
    @Test func headingIDClashesWithTheTheme() throws {
        let run = try check(["page.md": "---\ntitle: Page\n---\nIntroduction.\n\n## Contenu\n"])
        expect(run, status: 1, messages: [
            "content/page.md:6:1: error: the heading's id 'contenu' is already the id of an element of the page, from the theme (reword the heading)",
        ])
    }

    // MARK: Images

    @Test func imageWithoutAlternativeText() throws {
        let run = try check([
            "page/index.md": "---\ntitle: Page\n---\nLe territoire :\n\n![](carte.svg)\n",
            "page/carte.svg": "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
        ])
        expect(run, status: 1, messages: [
            "content/page/index.md:6:1: error: image 'carte.svg' has no alternative text: describe it between the brackets, like ![what the image shows](carte.svg), for people who cannot see it",
            "1 error, 0 warnings",
        ], sourceLine: ("![](carte.svg)", "^"))
    }

    @Test func imageFromAnotherSite() throws {
        let run = try check(["page.md": "---\ntitle: Page\n---\n![Carte](https://cartes.example.org/vienne.png)\n"])
        expect(run, status: 1, messages: [
            "content/page.md:4:1: error: image 'https://cartes.example.org/vienne.png' is on another site, and the site loads nothing from other origins: copy it into content/media/ and write /media/vienne.png",
        ])
    }

    // MARK: Legal pages

    @Test func missingLegalPage() throws {
        let run = try check([:], prepare: { site in
            try FileManager.default.removeItem(at: site.root.appendingPathComponent("content/declaration-accessibilite.md"))
        })
        expect(run, status: 1, messages: [
            "error: no legal page 'declaration-accessibilite': write content/declaration-accessibilite.md, the déclaration d’accessibilité (RGAA), required on a French public-service site",
            "content/site.yaml:12:34: error: menu entry 'Accessibilité': '/declaration-accessibilite/' matches no page",
            "2 errors, 0 warnings",
        ])
    }

    @Test func legalPageMissingFromTheFooter() throws {
        let configuration = TestSite.minimalConfiguration + """

            footer_menu:
              - { title: Mentions légales, url: /mentions-legales/ }
              - { title: Accessibilité, url: /declaration-accessibilite/ }
            """
        let run = try check(["site.yaml": configuration])
        expect(run, status: 1, messages: [
            #"content/site.yaml:10:1: error: no page links to the legal page /politique-de-confidentialite/: add '- { title: "Politique de confidentialité", url: /politique-de-confidentialite/ }' to footer_menu in site.yaml (the theme shows it at the bottom of every page)"#,
            "1 error, 0 warnings",
        ], sourceLine: ("footer_menu:", "^"))
    }

    @Test func layoutWithoutTheFooter() throws {
        let layout = "<!doctype html><html lang=\"fr\"><head><title>{{page.title}}</title></head><body><main>{{{page.content}}}</main></body></html>\n"
        let run = try check(["seule.md": "---\ntitle: Seule\nlayout: nue\n---\nTexte.\n"], prepare: { site in
            try site.write("default/layouts/nue.mustache", layout, under: "themes")
        })
        expect(run, status: 1, messages: [
            "content/seule.md:1:1: error: the page does not link to the legal pages /mentions-legales/, /declaration-accessibilite/, /politique-de-confidentialite/ (every page must: does the layout 'nue' leave out the site's footer?)",
            "1 error, 0 warnings",
        ])
    }

    // MARK: Warnings

    @Test func newsWithoutSummary() throws {
        let files = [
            "actualites/_index.md": "---\ntitle: Actualités\ntype: news\n---\n",
            "actualites/ag.md": "---\ntitle: Assemblée générale\ndate: 2026-03-02\n---\nTexte.\n",
            "actualites/bilan.md": "---\ntitle: Bilan\ndate: 2026-03-01\nsummary: Le bilan de l’année.\n---\nTexte.\n",
        ]
        let message = "content/actualites/ag.md:2:1: %@: news item without 'summary': lists, the feed and search engines will show its first paragraph instead (add 'summary: …', one or two sentences)"
        let run = try check(files)
        expect(run, status: 0, messages: [String(format: message, "warning"), "0 errors, 1 warning"],
               sourceLine: ("title: Assemblée générale", "^"))
        #expect(run.output == "No errors in content\n")

        let strict = try check(files, arguments: ["--strict"])
        expect(strict, status: 1, messages: [String(format: message, "error"), "1 error, 0 warnings"])
    }

    @Test func eventWithoutPlace() throws {
        let run = try check([
            "agenda/_index.md": "---\ntitle: Agenda\ntype: event\n---\n",
            "agenda/ag.md": "---\ntitle: Assemblée générale\nsummary: L’AG.\nstart: 2026-12-10T17:00\n---\n",
            "agenda/webinaire.md": "---\ntitle: Webinaire\nsummary: En ligne.\nstart: 2026-12-11T12:00\nonline_url: https://visio.example.org/cpts\n---\n",
            "agenda/salle.md": "---\ntitle: Réunion\nsummary: En salle.\nstart: 2026-12-12T18:00\nlocation: { name: Mairie, city: Naintré }\n---\n",
        ])
        expect(run, status: 0, messages: [
            "content/agenda/ag.md:2:1: warning: event without 'location' or 'online_url': say where it takes place (add 'location:' with name, address, postal_code and city, or 'online_url:' for an event online)",
            "0 errors, 1 warning",
        ])
    }

    /// A project "en cours" or a health project "en vigueur" whose file has not changed for
    /// more than six months.
    @Test func currentPagesOutOfDate() throws {
        let old = try #require(ISO8601DateFormatter().date(from: "2020-01-15T12:00:00Z"))
        let run = try check([
            "missions/_index.md": "---\ntitle: Missions\ntype: mission\n---\n",
            "missions/prevention.md": "---\ntitle: Prévention\naxis: prevention\n---\n",
            "projets/_index.md": "---\ntitle: Projets\ntype: project\n---\n",
            "projets/cassis.md": "---\ntitle: Cassis\nmissions: [prevention]\nstatus: en-cours\n---\n",
            "projets/fini.md": "---\ntitle: Fini\nmissions: [prevention]\nstatus: termine\n---\n",
            "projets/neuf.md": "---\ntitle: Neuf\nmissions: [prevention]\nstatus: en-cours\n---\n",
            "projet-de-sante/_index.md": "---\ntitle: Projet de santé\ntype: health-project\nperiod: { from: 2019, to: 2024 }\nstatus: en-vigueur\n---\n",
        ], prepare: { site in
            for path in ["projets/cassis.md", "projets/fini.md", "projet-de-sante/_index.md"] {
                try FileManager.default.setAttributes([.modificationDate: old],
                                                      ofItemAtPath: site.root.appendingPathComponent("content/" + path).path)
            }
        })
        expect(run, status: 0, messages: [
            "content/projet-de-sante/_index.md:5:1: warning: 'status: en-vigueur', but the file has not changed since 2020-01-15, more than 6 months ago: is the health project still in force? (update the page, or its status)",
            "content/projets/cassis.md:4:1: warning: 'status: en-cours', but the file has not changed since 2020-01-15, more than 6 months ago: is the project still under way? (update the page, or its status)",
            "0 errors, 2 warnings",
        ], sourceLine: ("status: en-cours", "^"))
    }

    // MARK: The example site

    @Test func exampleSitePasses() throws {
        let site = try TestSite(copyExample: true)
        defer { site.remove() }
        let run = try site.run(["check"])
        #expect(run.status == 0, "\(run.errors)")
        #expect(!run.errors.contains(": error: "), "\(run.errors)")
        #expect(run.output == "No errors in content\n")
    }
}
