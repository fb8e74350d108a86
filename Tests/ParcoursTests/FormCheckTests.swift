import Foundation
import Testing
@testable import Parcours

/// The build-time checks of a form: each bad form gets its exact `file:line:col: error: …`
/// message and exit code 1, and leaves the previous site/ as it was. (The http endpoint
/// is in BuildErrorTests.) Also: the Content-Security-Policy allows exactly the endpoint.
@Suite("Form checks")
struct FormCheckTests {
    static let privacy = "privacy: { controller: CPTS de Test, contact: dpo@cpts-test.fr, retention: 12 mois }"
    static let forms = """
        forms:
          acces-medecin:
            endpoint: https://formulaires.example.org/acces
            success_page: /demande/merci/
            redirect_field: _next
        """
    static let configuration = TestSite.minimalConfiguration + "\n" + privacy + "\n" + forms + "\n"

    /// A form page; `fields` is the YAML of the list (each line indented by 4 spaces).
    static func formPage(id: String = "acces-medecin", purpose: Bool = true, legalBasis: Bool = true,
                         fields: String = defaultFields) -> String {
        var lines = ["---", "title: Demande", "type: form", "form:", "  id: \(id)"]
        if purpose { lines.append("  purpose: Vous rappeler.") }
        if legalBasis { lines.append("  legal_basis: Votre consentement.") }
        lines.append("  fields:")
        lines.append(fields)
        lines.append("---")
        return lines.joined(separator: "\n") + "\n"
    }

    static let defaultFields = """
            - { name: nom, label: Nom, type: text, required: true }
            - { name: naissance, label: Date de naissance, type: date, autocomplete: bday }
            - { name: consentement, label: J’accepte., type: checkbox, required: true }
        """

    static let files = [
        "site.yaml": configuration,
        "demande/_index.md": formPage(),
        "demande/merci.md": "---\ntitle: Merci\ntype: page\n---\n## Et maintenant ?\n\nNous vous rappelons.\n",
        "politique-de-confidentialite.md": "---\ntitle: Politique de confidentialité\n---\nTexte.\n",
    ]

    func expectFailure(breaking: (TestSite) throws -> Void, messages: [String]) throws {
        try TestSite.expectFailure(Self.files, breaking: breaking, messages: messages)
    }

    // MARK: - The form page

    @Test func unknownFormIdWhenSiteHasNoForms() throws {
        try expectFailure(breaking: { site in
            try site.write("site.yaml", TestSite.minimalConfiguration + "\n" + Self.privacy + "\n")
        }, messages: [
            "content/demande/_index.md:5:7: error: unknown form id 'acces-medecin': add it under 'forms' in site.yaml with its endpoint (site.yaml has no 'forms')",
            "1 error, 0 warnings",
        ])
    }

    @Test func unknownFormIdWithSuggestion() throws {
        try expectFailure(breaking: { site in
            try site.write("demande/_index.md", Self.formPage(id: "acces-medcin"))
        }, messages: [
            "content/demande/_index.md:5:7: error: unknown form id 'acces-medcin' (did you mean 'acces-medecin'?): add it under 'forms' in site.yaml with its endpoint (site.yaml's forms are: acces-medecin)",
        ])
    }

    @Test func fieldWithoutLabel() throws {
        try expectFailure(breaking: { site in
            try site.write("demande/_index.md", Self.formPage(fields: "    - { name: nom, type: text, required: true }"))
        }, messages: [
            "content/demande/_index.md:9:7: error: field 'nom' has no label: every field needs a visible label (add 'label: …')",
            "1 error, 0 warnings",
        ])
    }

    @Test func emptyLabel() throws {
        try expectFailure(breaking: { site in
            try site.write("demande/_index.md", Self.formPage(fields: "    - { name: nom, label: \"  \", type: text }"))
        }, messages: [
            "content/demande/_index.md:9:27: error: field 'nom' has an empty label: every field needs a visible label",
            "1 error, 0 warnings",
        ])
    }

    @Test func duplicateFieldNames() throws {
        let fields = """
                - { name: nom, label: Nom, type: text }
                - { name: prenom, label: Prénom, type: text }
                - { name: nom, label: Nom de naissance, type: text }
            """
        try expectFailure(breaking: { site in
            try site.write("demande/_index.md", Self.formPage(fields: fields))
        }, messages: [
            "content/demande/_index.md:11:15: error: duplicate field name 'nom' (already used at line 9): each field needs its own name",
            "1 error, 0 warnings",
        ])
    }

    @Test func fieldNamedLikeABoxOfADate() throws {
        let fields = """
                - { name: naissance, label: Date de naissance, type: date }
                - { name: naissance_mois, label: Mois, type: text }
            """
        try expectFailure(breaking: { site in
            try site.write("demande/_index.md", Self.formPage(fields: fields))
        }, messages: [
            "content/demande/_index.md:10:15: error: field 'naissance_mois' has the name of a box of the date field 'naissance' (line 9), sent as naissance_jour, naissance_mois, naissance_annee: each field needs its own name",
            "1 error, 0 warnings",
        ])
    }

    @Test func fieldNamedLikeTheSpamTrap() throws {
        try expectFailure(breaking: { site in
            try site.write("demande/_index.md", Self.formPage(fields: "    - { name: reference_interne, label: Référence, type: text }"))
        }, messages: [
            "content/demande/_index.md:9:15: error: field name 'reference_interne' is reserved: the form's spam trap uses it (choose another name)",
        ])
    }

    @Test func fieldNameThatIsNotSafe() throws {
        try expectFailure(breaking: { site in
            try site.write("demande/_index.md", Self.formPage(fields: "    - { name: \"n° dossier\", label: Dossier, type: text }"))
        }, messages: [
            #"content/demande/_index.md:9:15: error: field name "n° dossier" may use only ASCII letters, digits, '-' and '_' (it is sent to the form service)"#,
        ])
    }

    @Test func missingPurposeAndLegalBasis() throws {
        try expectFailure(breaking: { site in
            try site.write("demande/_index.md", Self.formPage(purpose: false, legalBasis: false))
        }, messages: [
            "content/demande/_index.md:5:3: error: missing required key 'form.purpose' for 'form'",
            "content/demande/_index.md:5:3: error: missing required key 'form.legal_basis' for 'form'",
            "2 errors, 0 warnings",
        ])
    }

    // MARK: - site.yaml

    @Test func missingPrivacyNotice() throws {
        try expectFailure(breaking: { site in
            try site.write("site.yaml", TestSite.minimalConfiguration + "\n" + Self.forms + "\n")
        }, messages: [
            "content/demande/_index.md:5:7: error: a form needs the privacy notice of site.yaml: add 'privacy' with controller, contact and retention (GDPR art. 13)",
            "1 error, 0 warnings",
        ])
    }

    @Test func incompletePrivacyNotice() throws {
        try expectFailure(breaking: { site in
            try site.write("site.yaml", TestSite.minimalConfiguration + "\nprivacy: { controller: CPTS de Test, retention: 12 mois }\n" + Self.forms + "\n")
        }, messages: [
            "content/site.yaml:10:10: error: missing required key 'privacy.contact' for 'privacy'",
        ])
    }

    @Test func missingEndpoint() throws {
        try expectFailure(breaking: { site in
            try site.write("site.yaml", TestSite.minimalConfiguration + "\n" + Self.privacy + """

                forms:
                  acces-medecin:
                    success_page: /demande/merci/
                """)
        }, messages: [
            "content/site.yaml:13:5: error: missing required key 'forms.acces-medecin.endpoint' for the form 'acces-medecin'",
        ])
    }

    @Test func badRedirectField() throws {
        try expectFailure(breaking: { site in
            try site.write("site.yaml", Self.configuration.replacingOccurrences(of: "redirect_field: _next", with: "redirect_field: \"page suivante\""))
        }, messages: [
            #"content/site.yaml:15:21: error: 'forms.acces-medecin.redirect_field' must be a field name of ASCII letters, digits, '-' and '_', not "page suivante""#,
            "1 error, 0 warnings",
        ])
    }

    @Test func badEncoding() throws {
        try expectFailure(breaking: { site in
            try site.write("site.yaml", Self.configuration.replacingOccurrences(of: "redirect_field: _next", with: "encoding: xml"))
        }, messages: [
            #"content/site.yaml:15:15: error: 'forms.acces-medecin.encoding' must be one of urlencoded, json, not "xml""#,
            "1 error, 0 warnings",
        ])
    }

    @Test func endpointOverrideMustBeHTTPSToo() throws {
        let site = try TestSite(Self.files)
        defer { site.remove() }
        let run = try site.build(["--set", "forms.acces-medecin.endpoint=http://192.168.1.20/acces"])
        #expect(run.status == 1)
        #expect(run.errors.contains(#"error: 'forms.acces-medecin.endpoint' must be one https URL: "http://192.168.1.20/acces": it must use https (http is allowed only for localhost and 127.0.0.1)"#),
                "\(run.errors)")
    }

    // MARK: - What a good form page carries

    /// The Content-Security-Policy lets the page post and connect to exactly the
    /// endpoint's origin (and the site itself); `--set` moves it, and the policy follows.
    @Test func contentSecurityPolicyAllowsExactlyTheEndpoint() throws {
        let site = try TestSite(Self.files)
        defer { site.remove() }
        for (arguments, endpoint, origin) in [([String](), "https://formulaires.example.org/acces", "https://formulaires.example.org"),
                                              (["--set", "forms.acces-medecin.endpoint=http://127.0.0.1:8123/acces"], "http://127.0.0.1:8123/acces", "http://127.0.0.1:8123")] {
            let run = try site.build(arguments)
            #expect(run.status == 0, "\(run.errors)")
            for page in ["demande/index.html", "index.html"] {
                let html = try site.output(page)
                #expect(html.contains("connect-src &#39;self&#39; \(origin); "), "\(page): \(html.prefix(600))")
                #expect(html.contains("form-action &#39;self&#39; \(origin); "), "\(page)")
                #expect(html.contains("script-src &#39;self&#39;; "), "\(page)")
            }
            let form = try site.output("demande/index.html")
            #expect(form.contains(#"action="\#(endpoint)""#))
        }
        #expect(!(try site.output("demande/index.html")).contains("formulaires.example.org"), "the override replaces the endpoint everywhere")
    }

    /// The no-JavaScript path: a plain POST, the success page's absolute URL in the
    /// redirect field, the spam trap, the date as three boxes, the script of the form.
    @Test func formPageMarkup() throws {
        let site = try TestSite(Self.files)
        defer { site.remove() }
        let run = try site.build(["--base-url", "https://www.cpts-test.fr/cpts/"])
        #expect(run.status == 0, "\(run.errors)")
        let html = try site.output("demande/index.html")
        #expect(html.contains(#"method="post" action="https://formulaires.example.org/acces" enctype="application/x-www-form-urlencoded""#))
        #expect(html.contains(#"<input type="hidden" name="_next" value="https://www.cpts-test.fr/cpts/demande/merci/">"#))
        #expect(html.contains(#"<input type="text" id="champ-reference_interne" name="reference_interne" value="" tabindex="-1" autocomplete="off">"#))
        for (part, token) in [("jour", "day"), ("mois", "month"), ("annee", "year")] {
            #expect(html.contains(#"id="champ-naissance-\#(part)" name="naissance_\#(part)" autocomplete="bday-\#(token)""#), "\(part)")
        }
        #expect(html.contains(#"<legend class="field__label">Date de naissance</legend>"#))
        #expect(html.contains(#"<script src="/cpts/assets/js/form."#))
        #expect(!(try site.output("index.html")).contains("/assets/js/form."), "the form script loads on the form page only")
        // The success page's text, for the in-page confirmation, under its own heading.
        #expect(html.contains("<h4>Et maintenant ?</h4>"))
        // The acknowledgement links to the privacy policy.
        #expect(html.contains(#"<a href="/cpts/politique-de-confidentialite/">"#))
    }

    /// Without `privacy.rights`, the notice shows the theme's standard GDPR rights text.
    @Test func privacyRightsDefaultToTheThemeText() throws {
        let site = try TestSite(Self.files)
        defer { site.remove() }
        #expect(try site.build().status == 0)
        #expect(try site.output("demande/index.html").contains("Vous pouvez aussi adresser une réclamation à la CNIL"))
        try site.write("site.yaml", Self.configuration.replacingOccurrences(
            of: "retention: 12 mois }", with: "retention: 12 mois, rights: Écrivez au délégué. }"))
        let run = try site.build()
        #expect(run.status == 0, "\(run.errors)")
        let html = try site.output("demande/index.html")
        #expect(html.contains("<dd>Écrivez au délégué.</dd>"))
        #expect(!html.contains("réclamation à la CNIL"))
    }
}
