import Foundation
import Testing
@testable import Parcours
@testable import ParcoursServer

/// Diagnostics in the site's language (issue 10, item 4): a `language: fr` site (the
/// default) gets its errors in plain French, a `language: en` site in English; the command
/// line follows the site unless LANG (LC_ALL, LC_MESSAGES) says English.
@Suite("French diagnostics")
struct FrenchDiagnosticsTests {
    static let french = "fr_FR.UTF-8"
    static let news = "---\ntitle: Actualités\ntype: news\n---\n"
    static let englishConfiguration = TestSite.minimalConfiguration + "\nlanguage: en\n"

    /// A site that builds, with a mission and the sections the broken pages need.
    static let goodFiles = [
        "actualites/_index.md": news,
        "missions/_index.md": "---\ntitle: Missions\ntype: mission\n---\n",
        "missions/prevention.md": "---\ntitle: Prévention\naxis: prevention\n---\n",
        "projets/_index.md": "---\ntitle: Projets\ntype: project\n---\n",
        "projets/cassis.md": "---\ntitle: Cassis\nmissions: [prevention]\n---\n",
    ]

    /// One file of each kind of mistake a communications officer makes.
    static func breakEverything(_ site: TestSite) throws {
        try site.write("bilan.md", "---\ntitle: Bilan : 2026\n---\nTexte.\n")
        try site.write("actualites/a.md", "---\ntitle: A\ndate: 2026-01-05\ndat: 2026-01-06\n---\n")
        try site.write("actualites/b.md", "---\ntitle: B\ndate: 15/01/2027\n---\n")
        try site.write("actualites/c.md", "---\ntitle: C\n---\nTexte.\n")
        try site.write("projets/cassis.md", "---\ntitle: Cassis\nmissions: [prevenion]\n---\n")
        try site.write("page.md", "---\ntitle: Page\n---\nVoir [la mission](/missions/prevension/).\n")
    }

    static let frenchMessages = [
        #"content/bilan.md:2:14: erreur : l’en-tête de la page est mal écrit (syntaxe YAML) : une valeur qui contient « : » doit être entre guillemets, par exemple title: "Bilan : 2026" (détail technique : mapping values are not allowed in this context)"#,
        "content/actualites/a.md:4:1: erreur : clé inconnue 'dat' pour une actualité (vouliez-vous dire 'date' ?)",
        #"content/actualites/b.md:3:7: erreur : 'date' n’est pas une date : "15/01/2027" (attendu AAAA-MM-JJ ou AAAA-MM-JJTHH:MM ; vouliez-vous dire 2027-01-15 ?)"#,
        "content/actualites/c.md:2:1: erreur : clé obligatoire 'date' manquante pour une actualité",
        "content/projets/cassis.md:3:12: erreur : mission inconnue 'prevenion' (vouliez-vous dire 'prevention' ?)",
        "content/page.md:4:6: erreur : le lien '/missions/prevension/' ne mène à aucune page (vouliez-vous dire '/missions/prevention/' ?)",
        "6 erreurs, 0 avertissement",
    ]

    static let englishMessages = [
        #"content/bilan.md:2:14: error: invalid YAML: mapping values are not allowed in this context (a value containing ': ' must be quoted: title: "Bilan : 2026")"#,
        "content/actualites/a.md:4:1: error: unknown key 'dat' for a news page (did you mean 'date'?)",
        #"content/actualites/b.md:3:7: error: 'date' is not a date: "15/01/2027" (expected YYYY-MM-DD or YYYY-MM-DDTHH:MM; did you mean 2027-01-15?)"#,
        "content/actualites/c.md:2:1: error: missing required key 'date' for a news page",
        "content/projets/cassis.md:3:12: error: unknown mission 'prevenion' (did you mean 'prevention'?)",
        "content/page.md:4:6: error: link '/missions/prevension/' matches no page (did you mean '/missions/prevention/'?)",
        "6 errors, 0 warnings",
    ]

    /// The whole report of a broken `language: fr` site under LANG=fr_FR.UTF-8: each message
    /// in French, the file:line:col, the source line and the caret as in English.
    @Test func aFrenchSiteGetsItsErrorsInFrench() throws {
        try TestSite.expectFailure(Self.goodFiles, language: Self.french, breaking: Self.breakEverything,
                                   messages: Self.frenchMessages, sourceLine: ("title: Bilan : 2026", "             ^"))
    }

    /// The same site with LANG unset, or the C locale: the site's language, French.
    @Test(arguments: [nil, "C", "C.UTF-8", "POSIX"] as [String?])
    func withoutAnEnglishLocaleTheSiteLanguageWins(lang: String?) throws {
        let site = try TestSite(Self.goodFiles)
        defer { site.remove() }
        try Self.breakEverything(site)
        let run = try site.build(language: lang)
        #expect(run.status == 1)
        for message in Self.frenchMessages {
            #expect(run.errors.contains(message + "\n"), "expected «\(message)» in:\n\(run.errors)")
        }
    }

    /// LANG says English: English, whatever the site's language.
    @Test func anEnglishLocaleGetsEnglish() throws {
        let site = try TestSite(Self.goodFiles)
        defer { site.remove() }
        try Self.breakEverything(site)
        let run = try site.build(language: "en_GB.UTF-8")
        #expect(run.status == 1)
        for message in Self.englishMessages {
            #expect(run.errors.contains(message + "\n"), "expected «\(message)» in:\n\(run.errors)")
        }
        #expect(!run.errors.contains("erreur"), "\(run.errors)")
    }

    /// A `language: en` site speaks English, even to a French locale.
    @Test(arguments: ["fr_FR.UTF-8", nil] as [String?])
    func anEnglishSiteGetsEnglish(lang: String?) throws {
        var files = Self.goodFiles
        files["site.yaml"] = Self.englishConfiguration
        let site = try TestSite(files)
        defer { site.remove() }
        try Self.breakEverything(site)
        let run = try site.build(language: lang)
        #expect(run.status == 1)
        for message in Self.englishMessages {
            #expect(run.errors.contains(message + "\n"), "expected «\(message)» in:\n\(run.errors)")
        }
        #expect(!run.errors.contains("erreur"), "\(run.errors)")
    }

    /// An `en` site whose site.yaml has an error of its own: the language is still read from it.
    @Test func aBrokenEnglishSiteYAMLStillSpeaksEnglish() throws {
        let site = try TestSite(["site.yaml": Self.englishConfiguration + "colour: blue\n"])
        defer { site.remove() }
        let run = try site.build(language: Self.french)
        #expect(run.status == 1)
        #expect(run.errors.contains("content/site.yaml:11:1: error: unknown key 'colour' for site.yaml (known keys: "), "\(run.errors)")
        #expect(run.errors.hasSuffix("\n1 error, 0 warnings\n"), "\(run.errors)")
    }

    /// Warnings, singular counts, and the other words of the command line.
    @Test func warningsAndTheCountLine() throws {
        let site = try TestSite(["actualites/_index.md": Self.news])
        defer { site.remove() }
        try site.write("actualites/loin.md", "---\ntitle: Loin\ndate: 2062-01-15\n---\n")
        let good = try site.build(language: Self.french)
        #expect(good.status == 0, "\(good.errors)")
        #expect(good.errors == """
            content/actualites/loin.md:3:7: avertissement : 'date' est à plus d’un an (2062-01-15) : une actualité garde sa date en tête de toutes les listes ; vérifiez l’année (pour la publier plus tard, utilisez 'publish_date')
                date: 2062-01-15
                      ^
            0 erreur, 1 avertissement

            """)
        #expect(good.output.hasPrefix("Site construit : 5 pages (13 fichiers) dans site en "), "\(good.output)")
        #expect(good.output.range(of: #"en [0-9]+,[0-9]{2} s\n$"#, options: .regularExpression) != nil, "\(good.output)")

        try site.write("page.md", "---\ntitle: Page\nweight: beaucoup\n---\n")
        let bad = try site.build(language: Self.french)
        #expect(bad.status == 1)
        #expect(bad.errors.contains(#"content/page.md:3:9: erreur : 'weight' doit être un nombre entier, pas le texte "beaucoup""# + "\n"), "\(bad.errors)")
        #expect(bad.errors.hasSuffix("\n1 erreur, 1 avertissement\n"), "\(bad.errors)")
    }

    /// `parcours check` speaks French too, down to its last line.
    @Test func checkSpeaksFrench() throws {
        let site = try TestSite(TestSite.withLegalPages)
        defer { site.remove() }
        let good = try site.run(["check"], language: Self.french)
        #expect(good.status == 0, "\(good.errors)")
        #expect(good.errors == "")
        #expect(good.output == "Aucune erreur dans content\n")

        try site.write("actualites/_index.md", Self.news)
        try site.write("actualites/ag.md", "---\ntitle: Assemblée générale\ndate: 2026-03-02\n---\nTexte.\n")
        try site.write("page/index.md", "---\ntitle: Page\n---\nLe territoire :\n\n![](carte.svg)\n")
        try site.write("page/carte.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"/>")
        let bad = try site.run(["check"], language: Self.french)
        #expect(bad.status == 1)
        #expect(bad.errors == """
            content/actualites/ag.md:2:1: avertissement : actualité sans résumé 'summary' : les listes, le flux et les moteurs de recherche montreront son premier paragraphe à la place (ajoutez 'summary: …', une ou deux phrases)
                title: Assemblée générale
                ^
            content/page/index.md:6:1: erreur : l’image 'carte.svg' n’a pas de texte alternatif : décrivez-la entre les crochets, comme ![ce que montre l’image](carte.svg), pour les personnes qui ne la voient pas
                ![](carte.svg)
                ^
            1 erreur, 1 avertissement

            """)
    }

    /// The refusal of `--output`, a usage error, in French (the usage line stays English).
    @Test func outputRefusedInFrench() throws {
        let site = try TestSite()
        defer { site.remove() }
        try site.write("documents/rapport.txt", "Le rapport annuel.\n", under: ".")
        let run = try site.build(["--output", "documents"], language: Self.french)
        #expect(run.status == 2, "\(run.errors)")
        #expect(run.errors.hasPrefix("Erreur : --output 'documents' est un dossier que Parcours n’a pas créé (il n’a pas de fichier .parcours-output et n’est pas vide) : une construction remplace tout son dossier de sortie, elle refuse donc de l’effacer (choisissez un autre dossier, ou videz celui-ci vous-même)\n"), "\(run.errors)")
        let content = try site.build(["--output", "content"], language: nil)
        #expect(content.errors.hasPrefix("Erreur : --output 'content' est le dossier de contenu 'content' : une construction remplace tout son dossier de sortie, ce qui effacerait vos fichiers (choisissez un autre dossier, par exemple --output site)\n"), "\(content.errors)")
        let english = try site.build(["--output", "content"])
        #expect(english.errors.hasPrefix("Error: --output 'content' is the content folder 'content': "), "\(english.errors)")
    }

    // MARK: The rule, and the preview's error page

    @Test func theLanguageRule() {
        let resolve = CLILanguage.resolve
        #expect(resolve(.french, [:]) == .french)
        #expect(resolve(.french, ["LANG": "fr_FR.UTF-8"]) == .french)
        #expect(resolve(.french, ["LANG": "C.UTF-8"]) == .french)
        #expect(resolve(.french, ["LANG": "en_US.UTF-8"]) == .english)
        #expect(resolve(.english, ["LANG": "fr_FR.UTF-8"]) == .english)
        #expect(resolve(.french, ["LANG": "fr_FR.UTF-8", "LC_MESSAGES": "en_GB"]) == .english)
        #expect(resolve(.french, ["LANG": "en_US.UTF-8", "LC_ALL": "fr_FR.UTF-8"]) == .french)
        #expect(resolve(.french, ["LANG": "en_US.UTF-8", "LC_ALL": ""]) == .english)

        #expect(SiteLanguage.declared(in: nil) == .french)
        #expect(SiteLanguage.declared(in: "title: X\nlanguage: en\n") == .english)
        #expect(SiteLanguage.declared(in: "title: X\nlanguage: \"en\"  # English\n") == .english)
        #expect(SiteLanguage.declared(in: "title: X\nlanguage: fr\n") == .french)
        #expect(SiteLanguage.declared(in: "title: X\nlanguage: fr\n", overrides: [ConfigurationOverride(path: ["language"], value: "en")]) == .english)
    }

    @Test func aDiagnosticInEachLanguage() {
        let diagnostic = Diagnostic.error(at: SourceLocation(file: "content/a.md", line: 2, column: 3), sourceLine: "x: yz",
                                          "'x' is wrong", french: "'x' est faux")
        #expect(diagnostic.formatted == "content/a.md:2:3: error: 'x' is wrong\n    x: yz\n      ^")
        #expect(diagnostic.formatted(in: .french) == "content/a.md:2:3: erreur : 'x' est faux\n    x: yz\n      ^")
        let englishOnly = Diagnostic(.warning, at: nil, "only English")
        #expect(englishOnly.formatted(in: .french) == "avertissement : only English")
        #expect([diagnostic, diagnostic].report(in: .french).hasSuffix("\n2 erreurs, 0 avertissement"))
        #expect([diagnostic, englishOnly].report(in: .french).hasSuffix("\n1 erreur, 1 avertissement"))
        #expect([englishOnly, englishOnly].report(in: .english).hasSuffix("\n0 errors, 2 warnings"))
    }

    /// The preview's error page speaks the site's language, as the build reports it.
    @Test func thePreviewErrorPageSpeaksTheSiteLanguage() throws {
        for (configuration, language) in [(TestSite.minimalConfiguration, SchemaLanguage.french), (Self.englishConfiguration, .english)] {
            let site = try TestSite(["site.yaml": configuration, "page.md": "---\ntitle: Page\nwieght: 3\n---\n"])
            defer { site.remove() }
            var options = BuildOptions()
            options.source = site.root.appendingPathComponent("content").path
            options.themes = site.root.appendingPathComponent("themes").path
            options.writesOutput = false
            let report = Build.run(options)
            #expect(report.language == language)
            let page = ErrorPage.html(report.diagnostics, language: report.language)
            if language == .french {
                #expect(page.contains("<html lang=\"fr\">"))
                #expect(page.contains("La construction du site a échoué : 1 erreur à corriger"))
                #expect(page.contains("<p>clé inconnue &#39;wieght&#39; pour une page (vouliez-vous dire &#39;weight&#39; ?)</p>"), "\(page)")
            } else {
                #expect(page.contains("<html lang=\"en\">"))
                #expect(page.contains("The site could not be built: 1 error to fix"))
                #expect(page.contains("<p>unknown key &#39;wieght&#39; for a page (did you mean &#39;weight&#39;?)</p>"), "\(page)")
            }
        }
    }
}
