import Foundation
import Testing
@testable import Parcours

/// Each kind of bad input gets its exact `file:line:col: error: …` message, exit code 1,
/// and leaves the previous site/ byte for byte.
@Suite("Build errors")
struct BuildErrorTests {
    static let agenda = "---\ntitle: Agenda\ntype: event\n---\n"

    func expectFailure(_ files: [String: String] = [:], breaking: (TestSite) throws -> Void,
                       messages: [String], sourceLine: (String, String)? = nil) throws {
        try TestSite.expectFailure(files, breaking: breaking, messages: messages, sourceLine: sourceLine)
    }

    @Test func yamlSyntaxError() throws {
        try expectFailure(breaking: { site in
            try site.write("bilan.md", "---\ntitle: Bilan : 2026\n---\nTexte.\n")
        }, messages: [
            #"content/bilan.md:2:14: error: invalid YAML: mapping values are not allowed in this context (a value containing ': ' must be quoted: title: "Bilan : 2026")"#,
            "1 error, 0 warnings",
        ], sourceLine: ("title: Bilan : 2026", "             ^"))
    }

    @Test func duplicateKey() throws {
        try expectFailure(breaking: { site in
            try site.write("page.md", "---\ntitle: Un\nsummary: a\ntitle: Deux\n---\n")
        }, messages: ["content/page.md:2:1: error: duplicate key 'title': each key may appear once (remove one of them)"])
    }

    @Test func wrongType() throws {
        try expectFailure(breaking: { site in
            try site.write("page.md", "---\ntitle: Page\nweight: beaucoup\ndraft: oui\n---\n")
        }, messages: [
            #"content/page.md:3:9: error: 'weight' must be a whole number, not the text "beaucoup""#,
            #"content/page.md:4:8: error: 'draft' must be true or false, not "oui""#,
            "2 errors, 0 warnings",
        ])
    }

    @Test func missingRequiredKey() throws {
        try expectFailure(["actualites/_index.md": "---\ntitle: Actualités\ntype: news\n---\n"], breaking: { site in
            try site.write("actualites/ag.md", "---\ntitle: Assemblée générale\n---\nTexte.\n")
        }, messages: ["content/actualites/ag.md:2:1: error: missing required key 'date' for a news page"])
    }

    @Test func badDate() throws {
        try expectFailure(["evenements/_index.md": Self.agenda], breaking: { site in
            try site.write("evenements/ag-2026.md", "---\ntitle: AG\nsummary: x\nstart: 2026-13-01\n---\n")
        }, messages: [
            #"content/evenements/ag-2026.md:4:8: error: 'start' is not a date: "2026-13-01" (expected YYYY-MM-DD or YYYY-MM-DDTHH:MM)"#,
        ], sourceLine: ("start: 2026-13-01", "       ^"))
    }

    @Test func dayThatDoesNotExist() throws {
        try expectFailure(["actualites/_index.md": "---\ntitle: Actualités\ntype: news\n---\n"], breaking: { site in
            try site.write("actualites/a.md", "---\ntitle: A\ndate: 2026-02-30\n---\n")
        }, messages: [#"content/actualites/a.md:3:7: error: 'date' is not a date: "2026-02-30" (expected YYYY-MM-DD or YYYY-MM-DDTHH:MM)"#])
    }

    @Test func unknownType() throws {
        try expectFailure(breaking: { site in
            try site.write("page.md", "---\ntitle: Page\ntype: evnt\n---\n")
        }, messages: [
            #"content/page.md:3:7: error: 'type' must be one of page, news, event, mission, project, partner, health-project, form, not "evnt" (did you mean 'event'?)"#,
        ])
    }

    @Test func unknownKeyWithSuggestion() throws {
        try expectFailure(["actualites/_index.md": "---\ntitle: Actualités\ntype: news\n---\n"], breaking: { site in
            try site.write("actualites/a.md", "---\ntitle: A\ndate: 2026-01-05\nautor: Claire\n---\n")
        }, messages: ["content/actualites/a.md:4:1: error: unknown key 'autor' for a news page (did you mean 'author'?)"])
    }

    @Test func unknownReference() throws {
        let files = [
            "missions/_index.md": "---\ntitle: Missions\ntype: mission\n---\n",
            "missions/prevention.md": "---\ntitle: Prévention\naxis: prevention\n---\n",
            "partenaires/_index.md": "---\ntitle: Partenaires\ntype: partner\n---\n",
            "partenaires/chu-poitiers.md": "---\ntitle: CHU de Poitiers\nkind: etablissement-sante\n---\n",
            "projets/_index.md": "---\ntitle: Projets\ntype: project\n---\n",
            "projets/cassis.md": "---\ntitle: Cassis\nmissions: [prevention]\npartners: [chu-poitiers]\n---\n",
        ]
        try expectFailure(files, breaking: { site in
            try site.write("projets/cassis.md", "---\ntitle: Cassis\nmissions: [prevenion]\npartners:\n  - chu-poitier\n---\n")
        }, messages: [
            "content/projets/cassis.md:3:12: error: unknown mission 'prevenion' (did you mean 'prevention'?)",
            "content/projets/cassis.md:5:5: error: unknown partner 'chu-poitier' (did you mean 'chu-poitiers'?)",
            "2 errors, 0 warnings",
        ])
    }

    @Test func unknownMenuURL() throws {
        try expectFailure(["contact.md": "---\ntitle: Contact\n---\n"], breaking: { site in
            try site.write("site.yaml", TestSite.minimalConfiguration + "\n  - { title: Contact, url: /contcat/ }\n")
        }, messages: ["content/site.yaml:10:28: error: menu entry 'Contact': '/contcat/' matches no page (did you mean '/contact/'?)"])
    }

    @Test func brokenMarkdownLink() throws {
        try expectFailure(["contact.md": "---\ntitle: Contact\n---\n"], breaking: { site in
            try site.write("page.md", "---\ntitle: Page\n---\nÉcrivez-nous : [contact](contact.md).\n\nVoir [les missions](/missions/).\n")
        }, messages: [
            "content/page.md:6:6: error: link '/missions/' matches no page",
        ])
    }

    @Test func duplicateURL() throws {
        try expectFailure(["actualites/_index.md": "---\ntitle: Actualités\ntype: news\n---\n",
                           "actualites/ag.md": "---\ntitle: AG\ndate: 2026-01-05\n---\n"], breaking: { site in
            try site.write("actualites/ag-2026.md", "---\ntitle: AG 2026\ndate: 2026-01-06\nslug: ag\n---\n")
        }, messages: ["content/actualites/ag.md:1:1: error: URL /actualites/ag/ is already the URL of content/actualites/ag-2026.md (change 'slug' or rename one of the files)"])
    }

    @Test func missingLayout() throws {
        try expectFailure(breaking: { site in
            try site.write("page.md", "---\ntitle: Page\nlayout: speciale\n---\n")
        }, messages: ["content/page.md:3:9: error: no layout 'speciale' in theme 'default' (add layouts/speciale.mustache to the theme)"])
    }

    @Test func mustacheSyntaxError() throws {
        try expectFailure(breaking: { site in
            try site.write("default/layouts/page.mustache", "{{<base}}\n{{$main}}\n<h1>{{page.title}</h1>\n{{/main}}\n{{/base}}\n", under: "themes")
        }, messages: ["themes/default/layouts/page.mustache:3:17: error: Mustache syntax error: a tag is not closed (expected }})"])
    }

    @Test func missingPartial() throws {
        try expectFailure(breaking: { site in
            try site.write("default/layouts/page.mustache", "{{<base}}\n{{$main}}\n  {{>carte-inconnue}}\n{{/main}}\n{{/base}}\n", under: "themes")
        }, messages: ["themes/default/layouts/page.mustache:3:3: error: no layout or partial named 'carte-inconnue'"])
    }

    @Test func formWithUnknownIdAndHTTPEndpoint() throws {
        let form = """
            ---
            title: Demande
            type: form
            form:
              id: acces-medcin
              purpose: Vous rappeler.
              legal_basis: Consentement.
              fields:
                - { name: nom, label: Nom, type: text, required: true }
            ---
            """
        try expectFailure(breaking: { site in
            try site.write("site.yaml", TestSite.minimalConfiguration + """

                privacy: { controller: CPTS de Test, contact: dpo@cpts-test.fr, retention: 12 mois }
                forms:
                  acces-medecin: { endpoint: "http://formulaires.example.org/acces" }
                """)
            try site.write("demande/_index.md", form)
        }, messages: [
            #"content/site.yaml:12:30: error: 'forms.acces-medecin.endpoint' must be one https URL: "http://formulaires.example.org/acces": it must use https (http is allowed only for localhost and 127.0.0.1)"#,
            "content/demande/_index.md:5:7: error: unknown form id 'acces-medcin' (did you mean 'acces-medecin'?): add it under 'forms' in site.yaml with its endpoint (site.yaml's forms are: acces-medecin)",
        ])
    }

    /// A form without endpoint, and a page whose front matter is broken, are each reported
    /// once: the form page naming that form and the links to that page are not errors too.
    @Test func oneMistakeIsOneError() throws {
        let form = "---\ntitle: Demande\ntype: form\nform:\n  id: demande\n  purpose: Vous rappeler.\n  legal_basis: Consentement.\n  fields:\n    - { name: nom, label: Nom }\n---\n"
        let configuration = TestSite.minimalConfiguration + "\n  - { title: Contact, url: /contact/ }\nprivacy: { controller: CPTS, contact: dpo@cpts-test.fr, retention: 12 mois }\nforms:\n  demande: { endpoint: https://formulaires.example.org/demande }\n"
        try expectFailure(["site.yaml": configuration, "demande/_index.md": form, "contact.md": "---\ntitle: Contact\n---\n",
                           "page.md": "---\ntitle: Page\n---\nÉcrire au [contact](/contact/).\n"], breaking: { site in
            try site.write("site.yaml", configuration.replacingOccurrences(of: "{ endpoint: https://formulaires.example.org/demande }", with: "{ encoding: json }"))
            try site.write("contact.md", "---\ntitle: Contact : nous écrire\n---\n")
        }, messages: [
            "content/contact.md:2:16: error: invalid YAML: mapping values are not allowed in this context (a value containing ': ' must be quoted: title: \"Bilan : 2026\")",
            "content/site.yaml:13:12: error: missing required key 'forms.demande.endpoint' for the form 'demande'",
            "2 errors, 0 warnings",
        ])
    }

    @Test func allErrorsOfABuildAtOnce() throws {
        try expectFailure(["evenements/_index.md": Self.agenda], breaking: { site in
            try site.write("evenements/a.md", "---\ntitle: A\nstart: demain\n---\n")
            try site.write("evenements/b.md", "---\ntitle: B\nstart: 2026-01-01\nstatus: annule\n---\n")
            try site.write("c.md", "---\ntitle: C\nimage: photo.jpg\n---\n")
        }, messages: [
            #"content/evenements/a.md:3:8: error: 'start' is not a date: "demain" (expected YYYY-MM-DD or YYYY-MM-DDTHH:MM)"#,
            #"content/evenements/b.md:4:9: error: 'status' must be one of scheduled, cancelled, postponed, not "annule""#,
            #"content/c.md:3:1: error: 'image_alt' is required when 'image' is set: describe the image for people who cannot see it (or, for a purely decorative image, set 'image_alt: ""' and 'image_decorative: true')"#,
            "3 errors, 0 warnings",
        ])
    }

    @Test func usageErrorExitsWithTwo() throws {
        let site = try TestSite()
        defer { site.remove() }
        let run = try site.run(["build", "--nope"])
        #expect(run.status == 2)
        #expect(run.errors.contains("Unknown option '--nope'"))
        let help = try site.run([])
        #expect(help.status == 0)
        #expect(help.output.contains("USAGE: parcours <subcommand>"))
    }
}
