import Foundation
import Testing
@testable import Parcours

/// The holes a hostile probe found (issue 9), each reproduced: the located error a person
/// now gets (exact message), or the safe behaviour, and that nothing outside the output
/// changed.
@Suite("Hardening")
struct HardeningTests {
    static let news = "---\ntitle: Actualités\ntype: news\n---\n"

    /// Every file of the test folder but the output, with its bytes.
    static func everythingButTheOutput(_ site: TestSite) -> [String: Data] {
        var result: [String: Data] = [:]
        for path in FileTree.files(under: site.root) where !path.hasPrefix("site/") {
            result[path] = try? Data(contentsOf: site.root.appendingPathComponent(path))
        }
        return result
    }

    // MARK: 1. The output folder is never a folder a person keeps

    @Test(arguments: [
        (["--output", "content"], "Error: --output 'content' is the content folder 'content': a build replaces its output whole, which would delete your files (choose another folder, for example --output site)"),
        (["--output", "."], "Error: --output '.' contains the content folder 'content': a build replaces its output whole, which would delete your files (choose another folder, for example --output site)"),
        (["--output", ""], "Error: --output is empty: name the folder to write the site into (for example --output site)"),
        (["--output", "themes"], "Error: --output 'themes' is the themes folder 'themes': a build replaces its output whole, which would delete your files (choose another folder, for example --output site)"),
        (["--output", "content/site"], "Error: --output 'content/site' lies inside the content folder 'content': a build replaces its output whole, which would delete your files (choose another folder, for example --output site)"),
        (["--output", "themes/default/x"], "Error: --output 'themes/default/x' lies inside the themes folder 'themes': a build replaces its output whole, which would delete your files (choose another folder, for example --output site)"),
        (["--output", "/"], "Error: --output '/' is the root of the file system: name a folder of its own (for example --output site)"),
        (["--output", "documents"], "Error: --output 'documents' is a folder that Parcours did not make (it has no .parcours-output file and is not empty): a build replaces its output whole, so it refuses to delete it (choose another folder, or empty this one yourself)"),
        (["--output", "site", "--source", "site/content"], "Error: --output 'site' contains the content folder 'site/content': a build replaces its output whole, which would delete your files (choose another folder, for example --output site)"),
    ])
    func outputThatIsNotAParcoursOutputIsRefused(arguments: [String], message: String) throws {
        let site = try TestSite()
        defer { site.remove() }
        try site.write("documents/rapport.txt", "Le rapport annuel.\n", under: ".")
        try site.write("site/content/site.yaml", TestSite.minimalConfiguration, under: ".")
        let before = Self.everythingButTheOutput(site)
        let run = try site.build(arguments)
        #expect(run.status == 2, "\(run.errors)")
        #expect(run.errors.hasPrefix(message + "\n"), "\(run.errors)")
        #expect(Self.everythingButTheOutput(site) == before)
        #expect(FileManager.default.fileExists(atPath: site.root.appendingPathComponent("site/content/site.yaml").path))
    }

    @Test func anOutputIsMarkedAndReplacedNextTime() throws {
        let site = try TestSite()
        defer { site.remove() }
        #expect(try site.build().status == 0)
        #expect(site.outputExists(OutputFolder.markerName))
        #expect(try site.build().status == 0)
        // An empty folder may become an output; so may an output of Parcours before the marker.
        try FileManager.default.createDirectory(at: site.root.appendingPathComponent("vide"), withIntermediateDirectories: true)
        #expect(try site.build(["--output", "vide"]).status == 0)
        try FileManager.default.removeItem(at: site.root.appendingPathComponent("site/\(OutputFolder.markerName)"))
        #expect(try site.build().status == 0)
        // A folder that does not exist yet, nor its parent.
        #expect(try site.build(["--output", "public/www/site"]).status == 0)
        #expect(FileManager.default.fileExists(atPath: site.root.appendingPathComponent("public/www/site/index.html").path))
    }

    // MARK: 2. Aliases stay inside the site and replace nothing

    @Test func aliasesThatClimbOrReplaceArePointedAt() throws {
        try TestSite.expectFailure(["actualites/_index.md": Self.news], breaking: { site in
            try site.write("vieux.md", """
                ---
                title: Vieux
                aliases: ["/../../../x/", "/./", "/actualites/./", "/contact//", "/sitemap.xml", "/", "/actualites/"]
                ---
                Texte.
                """)
        }, messages: [
            #"content/vieux.md:3:11: error: alias "/../../../x/" contains '..': an alias is the old URL itself, like /ancienne-adresse/, without '.' or '..'"#,
            #"content/vieux.md:3:27: error: alias "/./" contains '.': an alias is the old URL itself, like /ancienne-adresse/, without '.' or '..'"#,
            #"content/vieux.md:3:34: error: alias "/actualites/./" contains '.': an alias is the old URL itself, like /ancienne-adresse/, without '.' or '..'"#,
            #"content/vieux.md:3:52: error: alias "/contact//" has an empty segment ('//'): write each part of the path once, like /ancienne-adresse/"#,
            "content/vieux.md:3:66: error: alias '/sitemap.xml' cannot be published at /sitemap.xml/index.html: /sitemap.xml is already a file that the site makes (choose an address that nothing else uses)",
            "content/vieux.md:3:82: error: alias '/' is the URL of content/_index.md: an alias must be an old URL that no page uses",
            "content/vieux.md:3:87: error: alias '/actualites/' is the URL of content/actualites/_index.md: an alias must be an old URL that no page uses",
            "7 errors, 0 warnings",
        ])
    }

    @Test func checkReportsAClimbingAliasToo() throws {
        let site = try TestSite(["vieux.md": "---\ntitle: Vieux\naliases: [\"/../x/\"]\n---\n"])
        defer { site.remove() }
        let run = try site.run(["check"])
        #expect(run.status == 1)
        #expect(run.errors.contains("content/vieux.md:3:11: error: alias \"/../x/\" contains '..'"), "\(run.errors)")
    }

    @Test func everyOutputPathIsCheckedWhateverMadeIt() {
        #expect(OutputPath.problem("a/../../x/index.html") == "the path has a '..' segment")
        #expect(OutputPath.problem("/etc/passwd") == "the path is absolute")
        #expect(OutputPath.problem("a//b") == "the path has an empty segment ('//')")
        #expect(OutputPath.problem("a/./b") == "the path has a '.' segment")
        #expect(OutputPath.problem(String(repeating: "a", count: 256)) != nil)
        #expect(OutputPath.problem("actualites/ag/index.html") == nil)
        let files = [OutputFile(path: "../x/index.html", contents: .text("x"))]
        let diagnostics = OutputWriter.write(files, to: FileManager.default.temporaryDirectory.appendingPathComponent("parcours-\(UUID())").path,
                                             contentDirectory: "content")
        #expect(diagnostics.map(\.message) == ["write: refusing to write '../x/index.html': the path has a '..' segment"])
    }

    // MARK: 3. Ids are slugs

    @Test func formIDThatIsNotASlug() throws {
        try TestSite.expectFailure([:], breaking: { site in
            try site.write("site.yaml", TestSite.minimalConfiguration + "\nforms:\n  \"../../../../x\":\n    endpoint: https://formulaires.example.org/x\n")
        }, messages: [#"content/site.yaml:11:3: error: form id "../../../../x" must use lower-case ASCII letters, digits and dashes (try "x")"#])
    }

    // MARK: 4. Numbers have bounds; no arithmetic traps

    @Test func hugePaginateIsALocatedError() throws {
        let files = ["actualites/_index.md": Self.news, "actualites/a.md": "---\ntitle: A\ndate: 2026-01-01\n---\n",
                     "actualites/b.md": "---\ntitle: B\ndate: 2026-01-02\n---\n"]
        try TestSite.expectFailure(files, breaking: { site in
            try site.write("actualites/_index.md", "---\ntitle: Actualités\ntype: news\npaginate: 9223372036854775807\n---\n")
        }, messages: [
            "content/actualites/_index.md:4:11: error: 'paginate' must be between 1 and 1000, not 9223372036854775807",
            "1 error, 0 warnings",
        ])
        let site = try TestSite(files.merging(["actualites/_index.md": "---\ntitle: Actualités\ntype: news\npaginate: 9223372036854775807\n---\n"]) { $1 })
        defer { site.remove() }
        #expect(try site.run(["check"]).status == 1)
    }

    @Test func extremeTerritoryNumbers() throws {
        try TestSite.expectFailure([:], breaking: { site in
            try site.write("site.yaml", TestSite.minimalConfiguration + """

                territory:
                  name: Trois Rivières
                  population: -9223372036854775808
                  professionals: -5
                  size: 99999999999999999999
                """)
        }, messages: [
            "content/site.yaml:12:15: error: 'territory.population' must be between 0 and 100000000, not -9223372036854775808",
            "content/site.yaml:13:18: error: 'territory.professionals' must be between 0 and 10000000, not -5",
            "content/site.yaml:14:9: error: 'territory.size' must be a whole number, not a number this large",
        ])
    }

    @Test func numbersAreFormattedWithoutTrapping() {
        let formatting = Formatting(language: "fr", strings: [:])
        #expect(formatting.number(Int.min) == "-9\u{202F}223\u{202F}372\u{202F}036\u{202F}854\u{202F}775\u{202F}808")
    }

    // MARK: 5. Theme partials that include themselves

    @Test func partialCyclesAreNamed() throws {
        try TestSite.expectFailure([:], breaking: { site in
            try site.write("default/partials/boucle.mustache", "Début {{>boucle}}\n", under: "themes")
            try site.write("default/partials/ping.mustache", "{{>pong}}\n", under: "themes")
            try site.write("default/partials/pong.mustache", "x\n{{#items}}{{>ping}}{{/items}}\n", under: "themes")
        }, messages: [
            "themes/default/partials/boucle.mustache:1:7: error: 'boucle' includes itself (boucle → boucle): rendering would never end (remove one of these tags)",
            "themes/default/partials/pong.mustache:2:11: error: 'ping' includes itself through 'pong' (ping → pong → ping): rendering would never end (remove one of these tags)",
            "2 errors, 0 warnings",
        ])
    }

    // MARK: 6. A theme is a folder of --themes

    @Test func themeNameThatClimbs() throws {
        try TestSite.expectFailure([:], breaking: { site in
            try site.write("site.yaml", TestSite.minimalConfiguration + "\ntheme: \"../../elsewhere\"\n")
        }, messages: [#"content/site.yaml:10:8: error: 'theme' must be the name of a folder of the themes folder, like default, not "../../elsewhere" (no '/', no '..')"#])
    }

    // MARK: 7. YAML that grows without end

    @Test func aliasBombIsRefusedAtItsLine() throws {
        var yaml = "---\ntitle: Bombe\nextra:\n  a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n"
        for (name, previous) in zip("bcdefghi", "abcdefgh") {
            yaml += "  \(name): &\(name) [" + Array(repeating: "*\(previous)", count: 9).joined(separator: ",") + "]\n"
        }
        try TestSite.expectFailure([:], breaking: { site in
            try site.write("bombe.md", yaml + "---\nx\n")
            try site.write("profond.md", "---\ntitle: Profond\nextra: " + String(repeating: "[", count: 5000) + String(repeating: "]", count: 5000) + "\n---\n")
            try site.write("tirets.md", "---\ntitle: Tirets\nextra:\n  " + String(repeating: "- ", count: 3000) + "x\n---\n")
        }, messages: [
            "content/bombe.md:4:6: error: YAML anchors and aliases (&name, *name) are not supported: write the value out in full (an alias can make a small file grow without end)",
            "content/profond.md:3:1: error: front matter is nested more than 100 levels deep (lists in lists, maps in maps): write it flatter",
            "content/tirets.md:4:1: error: front matter is nested more than 100 levels deep (lists in lists, maps in maps): write it flatter",
            "3 errors, 0 warnings",
        ])
    }

    // MARK: 8. A build cut short, and two builds at once

    @Test func leftoversOfAKilledBuildAreCleanedAndTheSiteRestored() throws {
        let site = try TestSite()
        defer { site.remove() }
        #expect(try site.build().status == 0)
        let before = site.snapshot()
        let fileManager = FileManager.default
        // Killed while writing: a half-written staging folder.
        let staging = site.root.appendingPathComponent(".site.building-999999")
        try fileManager.createDirectory(at: staging, withIntermediateDirectories: true)
        try Data(OutputFolder.markerText.utf8).write(to: staging.appendingPathComponent(OutputFolder.markerName))
        // Killed between the two renames: the previous site moved aside, no site/ at all.
        try fileManager.moveItem(at: site.root.appendingPathComponent("site"), to: site.root.appendingPathComponent(".site.previous-999998"))
        // The next build fails on content: it still repairs the output first.
        try site.write("casse.md", "---\ntitle: [\n---\n")
        #expect(try site.build().status == 1)
        #expect(site.snapshot() == before, "the previous site is back")
        let leftovers = try fileManager.contentsOfDirectory(atPath: site.root.path).filter { $0.contains(".building-") || $0.contains(".previous-") }
        #expect(leftovers.isEmpty, "\(leftovers)")
    }

    @Test func twoBuildsIntoOneOutputTakeTurns() throws {
        let site = try TestSite(copyExample: true)
        defer { site.remove() }
        let results = ParallelMap.map([0, 1, 2]) { _ in (try? site.build())?.status ?? -1 }
        #expect(results == [0, 0, 0])
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: site.root.path).filter { $0.contains(".building-") || $0.contains(".previous-") }
        #expect(leftovers.isEmpty, "\(leftovers)")
        #expect(site.outputExists("index.html"))
    }

    // MARK: 9. Files saved on Windows

    @Test func crlfAndByteOrderMarkBuildWithTheSameLocations() throws {
        let site = try TestSite([
            "windows.md": "\u{FEFF}---\r\ntitle: Windows\r\nsummary: Un fichier enregistré sous Windows.\r\n---\r\nCorps **gras**.\r\n\r\n- un\r\n- deux\r\n",
        ])
        defer { site.remove() }
        let run = try site.build()
        #expect(run.status == 0, "\(run.errors)")
        let html = try site.output("windows/index.html")
        #expect(html.contains("<p>Corps <strong>gras</strong>.</p>"))
        #expect(html.contains("<li>un</li>"))

        try site.write("windows.md", "\u{FEFF}---\r\ntitle: Windows\r\ndat: 2026-01-01\r\n---\r\n")
        let bad = try site.build()
        #expect(bad.errors.hasPrefix("content/windows.md:3:1: error: unknown key 'dat' for a page (did you mean 'draft'?)\n    dat: 2026-01-01\n    ^\n"), "\(bad.errors)")
    }

    // MARK: 10. Only what DESIGN.md publishes is published

    @Test func strayFilesAreNotPublishedAndNamed() throws {
        let site = try TestSite([
            "notes-internes.txt": "Mot de passe du wifi : …\n",
            "actualites/_index.md": Self.news,
            "actualites/compte-rendu.docx": "PK…",
            "media/affiche.pdf": "%PDF-1.4\n",
            "ag/index.md": "---\ntitle: AG\n---\n",
            "ag/convocation.pdf": "%PDF-1.4\n",
        ])
        defer { site.remove() }
        let run = try site.build()
        #expect(run.status == 0)
        #expect(run.errors == """
            content/actualites/compte-rendu.docx:1:1: warning: this file is not published: only the files of content/media/ and those beside a page's index.md are (move it there to publish it, or out of the content folder)
            content/notes-internes.txt:1:1: warning: this file is not published: only the files of content/media/ and those beside a page's index.md are (move it there to publish it, or out of the content folder)
            0 errors, 2 warnings

            """)
        #expect(!site.outputExists("notes-internes.txt"))
        #expect(!site.outputExists("actualites/compte-rendu.docx"))
        #expect(site.outputExists("media/affiche.pdf"))
        #expect(site.outputExists("ag/convocation.pdf"))
        let strict = try site.run(["check", "--strict"])
        #expect(strict.status == 1)
        #expect(strict.errors.contains("content/notes-internes.txt:1:1: error: this file is not published"))
    }

    // MARK: 11. Files that would run in the site's origin

    @Test func activeSVGAndHTMLAreRefused() throws {
        try TestSite.expectFailure([:], breaking: { site in
            try site.write("media/a.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\">\n  <rect ONLOAD=\"alert(1)\"/>\n</svg>\n")
            try site.write("media/b.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>")
            try site.write("media/c.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"><image href=\"https://evil.example/x.png\"/></svg>")
            try site.write("media/d.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"><foreignObject><div/></foreignObject></svg>")
            try site.write("media/page.html", "<p>Bonjour</p>\n")
        }, messages: [
            "content/media/a.svg:2:9: error: this SVG image contains an event handler attribute (on…=): a browser would run it in the site's origin (export the image again without scripts or links, or as PNG)",
            "content/media/b.svg:1:41: error: this SVG image contains a <script> element: a browser would run it in the site's origin (export the image again without scripts or links, or as PNG)",
            "content/media/c.svg:1:48: error: this SVG image contains a reference to another file or origin (href…): a browser would run it in the site's origin (export the image again without scripts or links, or as PNG)",
            "content/media/d.svg:1:41: error: this SVG image contains a <foreignObject> element (embedded HTML): a browser would run it in the site's origin (export the image again without scripts or links, or as PNG)",
            "content/media/page.html:1:1: error: an HTML file cannot be published as a file of the site: it would run in the site's origin (write it as a Markdown page, or link to a PDF)",
            "5 errors, 0 warnings",
        ])
    }

    @Test func aPlainSVGIsPublished() throws {
        let svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:xlink=\"http://www.w3.org/1999/xlink\"><defs><g id=\"a\"/></defs><use xlink:href=\"#a\"/><text>Consultations</text></svg>"
        #expect(ActiveContentCheck.firstActiveContent(in: svg) == nil)
        let site = try TestSite(["media/graphique.svg": svg])
        defer { site.remove() }
        #expect(try site.build().status == 0)
        #expect(site.outputExists("media/graphique.svg"))
    }

    // MARK: 12. One endpoint, and a policy built from its origin

    @Test func endpointWithSpacesOrDirectives() throws {
        try TestSite.expectFailure([:], breaking: { site in
            try site.write("site.yaml", TestSite.minimalConfiguration + """

                forms:
                  un:
                    endpoint: https://ok.example/ https://evil.example
                  deux:
                    endpoint: "https://ok.example/x;script-src-elem *"
                """)
        }, messages: [
            #"content/site.yaml:12:15: error: 'forms.un.endpoint' must be one https URL: "https://ok.example/ https://evil.example": it contains a space or a control character (one address only, with no space)"#,
            #"content/site.yaml:14:15: error: 'forms.deux.endpoint' must be one https URL: "https://ok.example/x;script-src-elem *": it contains a space or a control character (one address only, with no space)"#,
        ])
    }

    @Test func contentSecurityPolicyNamesTheEndpointsOrigin() throws {
        let site = try TestSite(["site.yaml": TestSite.minimalConfiguration + "\nforms:\n  acces:\n    endpoint: \"https://Formulaires.example.org:8443/cpts;x/acces?a=1\"\n"])
        defer { site.remove() }
        #expect(try site.build().status == 0)
        let html = try site.output("index.html")
        #expect(html.contains("connect-src &#39;self&#39; https://formulaires.example.org:8443; form-action &#39;self&#39; https://formulaires.example.org:8443; "), "\(html.prefix(900))")
    }

    /// A quote followed by a combining accent is one `Character`, which swift-mustache's own
    /// escaping let through unescaped: it ended the attribute and the rest became markup.
    @Test func aQuoteWithAnAccentOnItCannotLeaveAnAttribute() throws {
        let title = #"Atelier\" onmouseover=\"alert(1)\"\u0301 <b>"#
        let site = try TestSite(["actualites/_index.md": Self.news,
                                 "actualites/atelier.md": "---\ntitle: \"\(title)\"\ndate: 2026-03-02\n---\nTexte.\n"])
        defer { site.remove() }
        #expect(try site.build().status == 0)
        let html = try site.output("actualites/atelier/index.html")
        let accent = "\u{301}"
        let quoteLeftAsIs = "alert(1)\"" + accent, quoteEscaped = "Atelier&quot; onmouseover=&quot;alert(1)&quot;" + accent + " &lt;b&gt;"
        #expect(!html.contains(quoteLeftAsIs), "\(html)")
        #expect(html.contains(quoteEscaped), "\(html)")
    }

    // MARK: 13. Addresses are parsed

    @Test func addressesThatOnlyLookRight() throws {
        try TestSite.expectFailure(["agenda/_index.md": "---\ntitle: Agenda\ntype: event\n---\n"], breaking: { site in
            try site.write("site.yaml", TestSite.minimalConfiguration + """

                  - { title: A, url: "http://insecure.example/" }
                  - { title: B, url: "https:javascript:alert(1)" }
                  - { title: C, url: "https://" }
                  - { title: D, url: "/\\\\evil.example/" }
                """)
            try site.write("agenda/reunion.md", """
                ---
                title: Réunion
                start: 2026-12-01T18:00
                online_url: "https://"
                registration_url: http://inscriptions.example.org/
                ---
                """)
        }, messages: [
            #"content/site.yaml:10:22: error: menu URL "http://insecure.example/" must be a path of the site (/contact/) or an https:// address: it must use https: an http link sends the visitor to an insecure page (write https://…)"#,
            #"content/site.yaml:11:22: error: menu URL "https:javascript:alert(1)" must be a path of the site (/contact/) or an https:// address: it must start with https://"#,
            #"content/site.yaml:12:22: error: menu URL "https://" must be a path of the site (/contact/) or an https:// address: it has no valid host name after https://"#,
            #"content/site.yaml:13:22: error: menu URL "/\evil.example/" must be a path of the site (/contact/) or an https:// address: it contains a backslash (\)"#,
            #"content/agenda/reunion.md:4:13: error: 'online_url' must be an https:// address or a path on this site (/contact/): "https://": it has no valid host name after https://"#,
            #"content/agenda/reunion.md:5:19: error: 'registration_url' must be an https:// address or a path on this site (/contact/): "http://inscriptions.example.org/": it must use https: an http link sends the visitor to an insecure page (write https://…)"#,
            "6 errors, 0 warnings",
        ])
    }

    // MARK: 14. Accepted silently before

    @Test func valuesThatWereDroppedOrMisread() throws {
        try TestSite.expectFailure(["actualites/_index.md": Self.news, "media/logo.svg": "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\"></svg>"], breaking: { site in
            try site.write("actualites/a.md", """
                ---
                title: A
                date: 2026-01-01T10:00+99:00
                image: ../../../etc/passwd
                image_alt: Une image
                tags: ["🎉🎉", "!!!", "prévention"]
                ---
                """)
        }, messages: [
            #"content/actualites/a.md:3:7: error: 'date' is not a date: "2026-01-01T10:00+99:00" (expected YYYY-MM-DD or YYYY-MM-DDTHH:MM; a time zone offset lies between -18:00 and +18:00)"#,
            #"content/actualites/a.md:6:8: error: tag "🎉🎉" has no letter or digit to make its address /tags/…/ from (write it with words, for example "prévention")"#,
            #"content/actualites/a.md:6:14: error: tag "!!!" has no letter or digit to make its address /tags/…/ from (write it with words, for example "prévention")"#,
            "3 errors, 0 warnings",
        ])
        try TestSite.expectFailure(["actualites/_index.md": Self.news], breaking: { site in
            try site.write("actualites/a.md", "---\ntitle: A\ndate: 2026-01-01\nimage: ../../../etc/passwd\nimage_alt: Une image\n---\n")
        }, messages: ["content/actualites/a.md:4:8: error: 'image': '../../../etc/passwd' climbs above the content folder: name a file of content/media/ (/media/…) or one beside the page"])
    }

    @Test func emptyTitleOnTheCommandLine() throws {
        let site = try TestSite()
        defer { site.remove() }
        let run = try site.build(["--set", "title="])
        #expect(run.status == 1)
        #expect(run.errors == "error: --set title=: the site's title cannot be empty (give a title, or leave site.yaml's)\n1 error, 0 warnings\n")
    }

    @Test func portOutOfRange() throws {
        let site = try TestSite()
        defer { site.remove() }
        let run = try site.run(["serve", "--port", "99999"])
        #expect(run.status == 2)
        #expect(run.errors.hasPrefix("Error: --port must be between 0 and 65535 (0: any free port), not 99999\n"), "\(run.errors)")
    }

    // MARK: 15. Names the file system refuses, caught at validation

    @Test func namesTooLongOrReserved() throws {
        try TestSite.expectFailure([:], breaking: { site in
            try site.write("long.md", "---\ntitle: Long\nslug: \(String(repeating: "a", count: 300))\n---\n")
            try site.write("vieux.md", "---\ntitle: Vieux\naliases: [/robots.txt]\n---\n")
            try site.write("ag/index.md", "---\ntitle: AG\n---\n")
            try site.write("ag/index.html", "<p>x</p>\n")
        }, messages: [
            "content/long.md:3:7: error: 'slug' is 300 characters long: a URL segment may have at most 200 (shorten it)",
            "content/vieux.md:3:11: error: alias '/robots.txt' cannot be published at /robots.txt/index.html: /robots.txt is already a file that the site makes (choose an address that nothing else uses)",
            "content/ag/index.html:1:1: error: an HTML file cannot be published as a file of the site: it would run in the site's origin (write it as a Markdown page, or link to a PDF)",
            "3 errors, 0 warnings",
        ])
    }

    @Test func aPageWhoseAddressTheSiteAlreadyUses() throws {
        try TestSite.expectFailure(["actualites/_index.md": Self.news, "actualites/a.md": "---\ntitle: A\ndate: 2026-01-01\ntags: [Prévention]\n---\n"], breaking: { site in
            try site.write("sitemap.xml.md", "---\ntitle: Plan\n---\n")
            try site.write("tags/prevention.md", "---\ntitle: Prévention\n---\n")
        }, messages: [
            "content/sitemap.xml.md:1:1: error: the page content/sitemap.xml.md cannot be published at /sitemap.xml/index.html: /sitemap.xml is already a file that the site makes (choose an address that nothing else uses)",
            "content/tags/prevention.md:1:1: error: the page content/tags/prevention.md cannot be published at /tags/prevention/index.html: that is already a file that the site makes (choose an address that nothing else uses)",
            "2 errors, 0 warnings",
        ])
    }

    // MARK: Dates written the French way, and dates surely mistyped (issue 10)

    @Test func frenchDatesGetTheirAcceptedForm() throws {
        try TestSite.expectFailure(["actualites/_index.md": Self.news, "agenda/_index.md": "---\ntitle: Agenda\ntype: event\n---\n"], breaking: { site in
            try site.write("actualites/f.md", "---\ntitle: F\ndate: 15/01/2027\n---\n")
            try site.write("agenda/e.md", "---\ntitle: E\nstart: 15/01/2027 à 18h30\n---\n")
            try site.write("agenda/h.md", "---\ntitle: H\nstart: 18h30\n---\n")
        }, messages: [
            #"content/actualites/f.md:3:7: error: 'date' is not a date: "15/01/2027" (expected YYYY-MM-DD or YYYY-MM-DDTHH:MM; did you mean 2027-01-15?)"#,
            #"content/agenda/e.md:3:8: error: 'start' is not a date: "15/01/2027 à 18h30" (expected YYYY-MM-DD or YYYY-MM-DDTHH:MM; did you mean 2027-01-15T18:30?)"#,
            #"content/agenda/h.md:3:8: error: 'start' is not a date: "18h30" (expected YYYY-MM-DD or YYYY-MM-DDTHH:MM; did you mean YYYY-MM-DDT18:30 (a time needs its day)?)"#,
        ])
    }

    @Test func datesSurelyMistypedAreWarnedAbout() throws {
        let site = try TestSite(["actualites/_index.md": Self.news, "agenda/_index.md": "---\ntitle: Agenda\ntype: event\n---\n",
                                 "actualites/n.md": "---\ntitle: N\ndate: 2062-03-01\n---\n",
                                 "agenda/e.md": "---\ntitle: E\nstart: 2061-01-01\nend: 2063-01-01\n---\n"])
        defer { site.remove() }
        let run = try site.build()
        #expect(run.status == 0)
        #expect(run.errors.contains("content/actualites/n.md:3:7: warning: 'date' is more than a year ahead (2062-03-01): a news item keeps its date at the top of every list; check the year (to publish it later, use 'publish_date')\n"))
        #expect(run.errors.contains("content/agenda/e.md:3:8: warning: 'start' is more than two years ahead (2061-01-01): check the year\n"))
        #expect(run.errors.contains("content/agenda/e.md:4:6: warning: 'end' is more than a year after 'start' (2063-01-01): check the year\n"))
        #expect(try site.run(["check", "--strict"]).status == 1)
    }

    // MARK: One mistake, one error

    @Test func aBrokenSectionIndexDoesNotBlameItsPages() throws {
        try TestSite.expectFailure(["actualites/_index.md": Self.news,
                                    "actualites/a/index.md": "---\ntitle: A\ndate: 2026-01-01\n---\n",
                                    "actualites/a/photo.svg": "<svg xmlns=\"http://www.w3.org/2000/svg\"/>"], breaking: { site in
            try site.write("actualites/_index.md", "---\ntitle: Actualités\ntype: nws\n---\n")
        }, messages: [
            #"content/actualites/_index.md:3:7: error: 'type' must be one of page, news, event, mission, project, partner, health-project, form, not "nws" (did you mean 'news'?)"#,
            "1 error, 0 warnings",
        ])
    }
}
