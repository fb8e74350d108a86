import Foundation
import Parcours

/// The parts of site.yaml a communications officer changes, as a form: the site's name,
/// the contact details, the menus, the privacy notice. The rest of site.yaml (address of
/// the site, forms' endpoints, theme) stays for the person who set the site up.
public enum SiteSettings {
    private static func text(_ name: String, _ french: String, _ english: String, help: (String, String), required: Bool = false, long: Bool = false) -> FrontMatterKey {
        FrontMatterKey(name, long ? .longText : .text, required: required, label: LocalizedText(french, english), help: LocalizedText(help.0, help.1))
    }

    private static let menuItem: [FrontMatterKey] = [
        text("title", "Libellé", "Label", help: ("Le texte du lien, court.", "The link's text, short."), required: true),
        text("url", "Adresse", "Address", help: ("Une page du site (/contact/) ou une adresse https://…", "A page of the site (/contact/) or an https://… address"), required: true),
    ]

    static let keys: [FrontMatterKey] = [
        text("title", "Nom du site", "Site name", help: ("En haut de chaque page et dans son titre.", "At the top of every page and in its title."), required: true),
        text("tagline", "Sous-titre", "Tagline", help: ("Sous le nom, en petit.", "Under the name, small.")),
        text("description", "Description", "Description", help: ("Une phrase pour les moteurs de recherche.", "One sentence for search engines."), long: true),
        FrontMatterKey("menu", .list(.map(menuItem)), label: LocalizedText("Menu principal", "Main menu"),
                       help: LocalizedText("Les liens en haut de chaque page, dans l’ordre.", "The links at the top of every page, in order.")),
        FrontMatterKey("footer_menu", .list(.map(menuItem)), label: LocalizedText("Menu du pied de page", "Footer menu"),
                       help: LocalizedText("Les liens en bas de chaque page (mentions légales, accessibilité…).", "The links at the foot of every page (legal notice, accessibility…).")),
        FrontMatterKey("organization", .map([
            text("name", "Nom de l’association", "Name of the association", help: ("Tel qu’il figure dans les statuts.", "As in the statutes."), required: true),
            text("legal_form", "Forme juridique", "Legal form", help: ("Par exemple : Association loi 1901.", "For example: Association loi 1901.")),
            text("founded", "Année de création", "Year founded", help: ("Quatre chiffres.", "Four digits.")),
            FrontMatterKey("address", .map([
                text("street", "Rue", "Street", help: ("Le numéro et la rue.", "Number and street.")),
                text("postal_code", "Code postal", "Postal code", help: ("Cinq chiffres.", "Five digits.")),
                text("city", "Commune", "Town", help: ("La commune du siège.", "The town of the head office.")),
            ]), label: LocalizedText("Adresse", "Address"), help: LocalizedText("L’adresse postale de l’association.", "The association's postal address.")),
            text("phone", "Téléphone", "Phone", help: ("Affiché sur chaque page : 05 49 00 00 00.", "Shown on every page.")),
            text("email", "Adresse électronique", "E-mail", help: ("L’adresse de contact publique.", "The public contact address.")),
            text("publication_director", "Directeur ou directrice de la publication", "Publication director", help: ("Pour les mentions légales.", "For the legal notice.")),
            FrontMatterKey("host", .map([
                text("name", "Nom", "Name", help: ("L’hébergeur du site.", "The site's host."), required: true),
                text("address", "Adresse", "Address", help: ("Son adresse postale.", "Its postal address.")),
                text("phone", "Téléphone", "Phone", help: ("Son numéro.", "Its number.")),
            ]), label: LocalizedText("Hébergeur", "Host"), help: LocalizedText("Pour les mentions légales.", "For the legal notice.")),
        ]), label: LocalizedText("L’association", "The association"), help: LocalizedText("Coordonnées et mentions légales.", "Contact details and legal notice.")),
        FrontMatterKey("privacy", .map([
            text("controller", "Responsable du traitement", "Controller", help: ("Qui est responsable des données des formulaires.", "Who is responsible for the forms' data."), required: true),
            text("contact", "Contact pour les données personnelles", "Data protection contact", help: ("Une adresse pour exercer ses droits.", "An address to exercise one's rights."), required: true),
            text("retention", "Durée de conservation", "Retention", help: ("Par exemple : 12 mois après la dernière prise de contact.", "For example: 12 months after the last contact."), required: true),
            FrontMatterKey("retention_days", .integer(1...3650), label: LocalizedText("Durée de conservation, en jours", "Retention, in days"),
                           help: LocalizedText("Le studio efface les demandes reçues plus anciennes que ce nombre de jours (365 pour 12 mois). Vide : elles ne sont pas effacées.",
                                               "The studio deletes the requests received longer ago than this many days (365 for 12 months). Empty: they are not deleted.")),
            text("recipients", "Destinataires", "Recipients", help: ("Qui reçoit les demandes.", "Who receives the requests."), long: true),
            text("rights", "Vos droits", "Your rights", help: ("Laisser vide pour le texte habituel sur les droits RGPD.", "Leave empty for the usual GDPR rights text."), long: true),
        ]), label: LocalizedText("Données personnelles (formulaires)", "Personal data (forms)"),
           help: LocalizedText("La notice RGPD affichée à côté de chaque formulaire.", "The GDPR notice shown beside every form.")),
    ]
}

extension EditorRoom {
    /// `reglages`: the settings form, and its save.
    func settings(_ request: EditorRequest, html: EditorHTML) -> EditorResponse {
        guard html.mount.allowsSettings else {
            return .text(html.t("Refusé : votre rôle ne permet pas de modifier les réglages du site.",
                                "Refused: your role does not allow changing the site's settings."), status: 403)
        }
        let url = URL(fileURLWithPath: build.source).appendingPathComponent(ContentLoader.configurationFileName)
        guard OutputWriter.isRegularFile(url.path), let data = FileManager.default.contents(atPath: url.path) else {
            return .html(html.message(title: "site.yaml", text: html.t("Le fichier site.yaml est introuvable.", "site.yaml cannot be found.")), status: 404)
        }
        let text = String(decoding: data, as: UTF8.self)
        let version = ContentFolder.version(of: data)
        let values = SiteSettings.values(of: text)
        let form = PageForm(type: .page, language: html.language)
        let shown = PageForm.fields(of: values, keys: SiteSettings.keys)
        guard request.method == .post else {
            return .html(html.settings(fields: shown, version: version, errors: [:], notice: request.query["enregistre"] != nil
                                       ? html.t("Réglages enregistrés.", "Settings saved.") : nil))
        }
        let posted = request.form
        let (changes, errors) = form.changes(posted: posted, shown: shown, keys: SiteSettings.keys)
        if !errors.isEmpty {
            return .html(html.settings(fields: posted, version: posted["version"] ?? "", errors: errors, notice: nil), status: 422)
        }
        guard posted["version"] == version else {
            return .html(html.settings(fields: posted, version: version, errors: ["": html.t(
                "site.yaml a changé sur le disque depuis l’ouverture de cette page : rien n’a été écrasé. Vérifiez vos saisies et enregistrez de nouveau.",
                "site.yaml changed on disk since this page was opened: nothing was overwritten. Check your values and save again.")], notice: nil), status: 409)
        }
        guard let newText = try? FrontMatterEditor.applyToYAML(changes, to: text) else {
            return .html(html.message(title: "site.yaml", text: html.t("site.yaml est illisible : corrigez-le dans un éditeur de texte.", "site.yaml cannot be read: fix it in a text editor.")), status: 422)
        }
        if newText == text { return .redirect(prefix + "reglages?enregistre=1") }
        var options = build
        options.unsavedConfiguration = newText
        let display = FileTree.join(build.source, ContentLoader.configurationFileName)
        let diagnostics = Build.run(options).diagnostics.filter { $0.location?.file == display && $0.severity == .error }
        if diagnostics.hasErrors {
            let errors = EditorFields.errorsByField(diagnostics, yaml: newText, firstLine: 1, keys: SiteSettings.keys,
                                                    language: html.schemaLanguage)
            return .html(html.settings(fields: posted, version: version, errors: errors, notice: nil), status: 422)
        }
        do {
            try ContentFolder.atomicWrite(Data(newText.utf8), to: url)
        } catch {
            return .html(html.message(title: "site.yaml", text: "\(error)"), status: 500)
        }
        return .redirect(prefix + "reglages?enregistre=1", change: EditorChange(kind: .settings, paths: [ContentLoader.configurationFileName],
                                                                                 title: html.t("Réglages du site", "Site settings")))
    }
}

extension SiteSettings {
    public static func values(of text: String) -> [String: EditValue] {
        PageForm.values(ofPage: "---\n" + normalizedText(text) + "\n---\n") ?? [:]
    }

    private static func normalizedText(_ text: String) -> String {
        text.replacingOccurrences(of: "\r\n", with: "\n").trimmingCharacters(in: .newlines)
    }
}

extension EditorHTML {
    func settings(fields: [String: String], version: String, errors: [String: String], notice: String?) -> String {
        let form = PageForm(type: .page, language: language)
        let page = FormPage(relativePath: nil, type: .page, fields: fields, body: "", version: version, isNew: false, errors: errors)
        var html = "<h1>\(t("Réglages du site", "Site settings"))</h1>\n"
        html += errorSummary(errors, form: form) + noticeBlock(notice)
        html += "<form method=\"post\" action=\"\(prefix)reglages\" class=\"formulaire\" novalidate>\n"
        html += "<input type=\"hidden\" name=\"csrf\" value=\"\(csrfToken.markupEscaped)\">\n<input type=\"hidden\" name=\"version\" value=\"\(version.markupEscaped)\">\n"
        for key in SiteSettings.keys { html += field(key, name: key.name, page: page) }
        html += "<div class=\"actions\"><button type=\"submit\" name=\"action\" value=\"enregistrer\" class=\"principal\">\(t("Enregistrer", "Save"))</button></div>\n</form>\n"
        return document(title: t("Réglages du site", "Site settings"), main: html)
    }
}
