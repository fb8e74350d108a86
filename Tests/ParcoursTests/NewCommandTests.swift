import Foundation
import Testing
@testable import Parcours

/// `parcours new <type> "<Titre>"`: the file lands in the section of its type, named after
/// its title, and builds as it is.
@Suite("parcours new")
struct NewCommandTests {
    /// A section of every listed type, a mission and a partner to name, a form endpoint and
    /// the privacy notice a form page needs.
    static let sections: [String: String] = [
        "site.yaml": TestSite.minimalConfiguration + """

            privacy:
              controller: CPTS de Test
              contact: dpo@cpts-test.fr
              retention: 12 mois
            forms:
              contact:
                endpoint: https://formulaires.example.org/contact
            """,
        "actualites/_index.md": "---\ntitle: Actualités\ntype: news\n---\n",
        "agenda/_index.md": "---\ntitle: Agenda\ntype: event\n---\n",
        "missions/_index.md": "---\ntitle: Missions\ntype: mission\n---\n",
        "missions/prevention.md": "---\ntitle: Prévention\naxis: prevention\n---\n",
        "projets/_index.md": "---\ntitle: Projets\ntype: project\n---\n",
        "partenaires/_index.md": "---\ntitle: Partenaires\ntype: partner\n---\n",
        "partenaires/cpam-vienne.md": "---\ntitle: CPAM de la Vienne\nkind: institution\n---\n",
    ]

    static var today: String {
        ContentDate(instant: Date(), hasTime: false, timeZone: TimeZone(identifier: "Europe/Paris") ?? .gmt).isoDay
    }

    func text(_ site: TestSite, _ path: String) throws -> String {
        try String(contentsOf: site.root.appendingPathComponent(path), encoding: .utf8)
    }

    @Test func eventGoesToTheAgendaWithTodaysDate() throws {
        let site = try TestSite(Self.sections)
        defer { site.remove() }
        let run = try site.run(["new", "event", "Journée de prévention"])
        #expect(run.status == 0, "\(run.errors)")
        #expect(run.output == "content/agenda/journee-de-prevention.md\n")
        #expect(run.errors == "")
        let file = try text(site, "content/agenda/journee-de-prevention.md")
        #expect(file.hasPrefix("---\ntitle: \"Journée de prévention\" "))
        #expect(file.contains("\nstart: \(Self.today) "))
        #expect(file.contains("\n# location: "), "optional keys are commented out")
        #expect(!file.contains("\ntype:"), "the section gives the type")
        let build = try site.build()
        #expect(build.status == 0 && build.errors == "", "\(build.errors)")
        #expect(site.outputExists("agenda/journee-de-prevention/index.html"))
    }

    /// Every type, as generated, builds without an error or a warning.
    @Test func everyTypeBuildsAsGenerated() throws {
        let site = try TestSite(Self.sections)
        defer { site.remove() }
        let expected = [
            ("page", "Qui sommes-nous ?", "content/qui-sommes-nous.md"),
            ("news", "L’assemblée générale : bilan", "content/actualites/l-assemblee-generale-bilan.md"),
            ("event", "Soirée « santé des femmes »", "content/agenda/soiree-sante-des-femmes.md"),
            ("mission", "Accès aux soins", "content/missions/acces-aux-soins.md"),
            ("project", "Sport santé", "content/projets/sport-sante.md"),
            ("partner", "Maison de santé du Val d’Envigne", "content/partenaires/maison-de-sante-du-val-d-envigne.md"),
            ("health-project", "Projet de santé 2026–2031", "content/projet-de-sante-2026-2031/_index.md"),
            ("form", "Inscription à la journée", "content/inscription-a-la-journee/_index.md"),
        ]
        for (type, title, path) in expected {
            let run = try site.run(["new", type, title])
            #expect(run.status == 0, "\(type): \(run.errors)")
            #expect(run.output == path + "\n")
        }
        let news = try text(site, "content/actualites/l-assemblee-generale-bilan.md")
        #expect(news.hasPrefix("---\ntitle: \"L’assemblée générale : bilan\" "))
        #expect(news.contains("\ndate: \(Self.today) "))
        let project = try text(site, "content/projets/sport-sante.md")
        #expect(project.contains("\nmissions: [acces-aux-soins] "), "a project names a mission that exists (the first, by slug)")
        #expect(project.contains("\n# partners: [cpam-vienne] "))
        let form = try text(site, "content/inscription-a-la-journee/_index.md")
        #expect(form.contains("\ntype: form "))
        #expect(form.contains("\n  id: contact "))

        let build = try site.build()
        #expect(build.status == 0, "\(build.errors)")
        #expect(build.errors == "", "no error, no warning: \(build.errors)")
        for path in ["qui-sommes-nous/", "actualites/l-assemblee-generale-bilan/", "missions/acces-aux-soins/",
                     "projets/sport-sante/", "projet-de-sante-2026-2031/", "inscription-a-la-journee/"] {
            #expect(site.outputExists(path + "index.html"), "\(path)")
        }
    }

    @Test func refusesToOverwrite() throws {
        let site = try TestSite(Self.sections)
        defer { site.remove() }
        try site.write("agenda/journee-de-prevention.md", "---\ntitle: Déjà là\nstart: 2026-04-03\n---\n")
        let run = try site.run(["new", "event", "Journée de prévention"])
        #expect(run.status == 1)
        #expect(run.output == "")
        #expect(run.errors == "error: content/agenda/journee-de-prevention.md already exists (parcours new never overwrites a file: edit it, or choose another title)\n")
        #expect(try text(site, "content/agenda/journee-de-prevention.md") == "---\ntitle: Déjà là\nstart: 2026-04-03\n---\n")
    }

    @Test func unknownTypeIsAUsageError() throws {
        let site = try TestSite()
        defer { site.remove() }
        let run = try site.run(["new", "evnt", "Journée de prévention"])
        #expect(run.status == 2)
        #expect(run.errors.hasPrefix("Error: unknown type 'evnt' (did you mean 'event'?): the types are page, news, event, mission, project, partner, health-project, form\n"), "\(run.errors)")
    }

    /// The types have French names too, for the people who write a CPTS's content.
    @Test func frenchTypeNames() throws {
        let site = try TestSite(Self.sections)
        defer { site.remove() }
        for (type, title, path) in [
            ("actualite", "Assemblée générale", "content/actualites/assemblee-generale.md"),
            ("evenement", "Soirée prévention", "content/agenda/soiree-prevention.md"),
            ("partenaire", "Mairie de Naintré", "content/partenaires/mairie-de-naintre.md"),
            ("projet-de-sante", "Projet de santé 2027", "content/projet-de-sante-2027/_index.md"),
        ] {
            let run = try site.run(["new", type, title])
            #expect(run.status == 0, "\(type): \(run.errors)")
            #expect(run.output == path + "\n")
        }
        #expect(try text(site, "content/projet-de-sante-2027/_index.md").contains("\ntype: health-project "),
                "the file says the type's name of the front matter")
        let typo = try site.run(["new", "actualit", "Assemblée générale"])
        #expect(typo.status == 2)
        #expect(typo.errors.hasPrefix("Error: unknown type 'actualit' (did you mean 'actualite'?): "), "\(typo.errors)")
        let build = try site.build()
        #expect(build.status == 0 && build.errors == "", "\(build.errors)")
    }

    @Test func noSectionOfTheType() throws {
        let site = try TestSite()
        defer { site.remove() }
        let run = try site.run(["new", "news", "Assemblée générale"])
        #expect(run.status == 1)
        #expect(run.errors == "error: no section of type 'news': pass --section DIR, or create one, a folder with an _index.md whose front matter says 'type: news'\n")
        #expect(!FileManager.default.fileExists(atPath: site.root.appendingPathComponent("content/assemblee-generale.md").path))
    }

    /// `--section` puts the page elsewhere; when that folder's type is another, the page says its own.
    @Test func sectionOverridesTheFolder() throws {
        let site = try TestSite(Self.sections)
        defer { site.remove() }
        let run = try site.run(["new", "news", "Vie associative", "--section", "content/agenda/"])
        #expect(run.status == 0, "\(run.errors)")
        #expect(run.output == "content/agenda/vie-associative.md\n")
        #expect(try text(site, "content/agenda/vie-associative.md").contains("\ntype: news "))
        let build = try site.build()
        #expect(build.status == 0 && build.errors == "", "\(build.errors)")
    }

    /// A project must name a mission: without any, `new project` says what to do first.
    @Test func projectWithoutAnyMission() throws {
        let site = try TestSite(["projets/_index.md": "---\ntitle: Projets\ntype: project\n---\n"])
        defer { site.remove() }
        let run = try site.run(["new", "project", "Sport santé"])
        #expect(run.status == 1)
        #expect(run.errors == "error: a project names at least one mission, and the site has no mission page: create one first (parcours new mission \"…\")\n")
    }

    @Test func slugComesFromTheTitle() throws {
        #expect(Slug.make("Journée de prévention") == "journee-de-prevention")
        let files = try TestSite(Self.sections)
        defer { files.remove() }
        let (loaded, _) = NewPage.loadSite(source: files.root.appendingPathComponent("content").path)
        let site = try #require(loaded)
        let page = try NewPage.make(type: .event, title: "Journée de prévention", section: nil, site: site,
                                    contentDirectory: "content", today: Date(timeIntervalSince1970: 1_800_000_000))
        #expect(page.path == "content/agenda/journee-de-prevention.md")
        #expect(page.text.contains("\nstart: 2027-01-15 "))
    }
}
