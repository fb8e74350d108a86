import Foundation
import Parcours

/// The editor's pages, as HTML written here (server-rendered, usable without JavaScript),
/// in the site's language. Accessible as the public site is: labels, hints and errors tied
/// to their fields, a GOV.UK-style error summary, no colour alone to say anything.
struct EditorHTML {
    let site: EditorSite
    let csrfToken: String
    let mount: EditorMount

    var prefix: String { mount.prefix }

    var language: String { site.language }
    var isFrench: Bool { language != "en" }
    var schemaLanguage: SchemaLanguage { isFrench ? .french : .english }

    func t(_ french: String, _ english: String) -> String { isFrench ? french : english }

    /// A page to show in the form: what the fields hold, the errors by field name ("" for
    /// the summary only), a conflict with the file on disk.
    struct FormPage {
        var relativePath: String?
        var type: PageType
        var fields: [String: String]
        var body: String
        var version: String
        var isNew: Bool
        var errors: [String: String] = [:]
        var conflict: String?
        var notice: String?
    }

    // MARK: Layout

    func document(title: String, main: String) -> String {
        """
        <!doctype html>
        <html lang="\(language.markupEscaped)">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <link rel="icon" href="data:,">
        <title>\(title.markupEscaped) — \(t("Éditeur", "Editor")) — \(site.title.markupEscaped)</title>
        <link rel="stylesheet" href="\(prefix)editeur.css">
        <script src="\(prefix)editeur.js" defer></script>
        </head>
        <body>
        <a class="evitement" href="#contenu">\(t("Aller au contenu", "Skip to content"))</a>
        <header class="entete">
        <p class="nom">\(site.title.markupEscaped) <span>· \(mount.roomName.markupEscaped)</span></p>
        <nav aria-label="\(mount.roomName.markupEscaped)"><ul>
        \(mount.links.isEmpty ? "" : mount.links.map { "<li><a href=\"\($0.href.markupEscaped)\">\($0.label.markupEscaped)</a></li>" }.joined(separator: "\n"))
        <li><a href="\(prefix)">\(t("Toutes les pages", "All pages"))</a></li>
        \(mount.allowsSettings ? "<li><a href=\"\(prefix)reglages\">\(t("Réglages du site", "Site settings"))</a></li>" : "")
        <li><a href="\(prefix)corbeille/">\(t("Corbeille", "Trash"))</a></li>
        <li><a href="\(mount.siteAddress.markupEscaped)">\(t("Voir le site", "View the site"))</a></li>
        </ul></nav>
        \(mount.headerExtra)
        </header>
        <main id="contenu" tabindex="-1">
        \(main)
        </main>
        </body>
        </html>

        """
    }

    func message(title: String, text: String) -> String {
        document(title: title, main: "<h1>\(title.markupEscaped)</h1>\n<p>\(text.markupEscaped)</p>\n<p><a href=\"\(prefix)\">\(t("Retour à la liste des pages", "Back to the list of pages"))</a></p>")
    }

    func notice(_ code: String) -> String? {
        switch code {
        case "supprime": return t("La page a été mise à la corbeille. Vous pouvez la restaurer depuis la corbeille.", "The page was moved to the trash. You can restore it from the trash.")
        case "occupe": return t("Impossible de restaurer : un autre fichier occupe sa place.", "Cannot restore: another file has taken its place.")
        default: return nil
        }
    }

    func noticeBlock(_ text: String?) -> String {
        text.map { "<div class=\"bandeau\" role=\"status\"><p>\($0.markupEscaped)</p></div>\n" } ?? ""
    }

    // MARK: The list of pages

    func stateLabel(_ state: EditorSite.Entry.State) -> String {
        switch state {
        case .published: return t("publié", "published")
        case .draft: return t("brouillon", "draft")
        case .scheduled: return t("programmé", "scheduled")
        case .expired: return t("expiré", "expired")
        case .invalid: return t("à corriger", "to fix")
        }
    }

    func index(filter: String, notice: String?) -> String {
        let words = filter.lowercased().split(separator: " ").map(String.init)
        let shown = site.entries.filter { entry in
            let haystack = [entry.title, entry.relativePath, entry.type.map { $0.schema.label.text(in: schemaLanguage) } ?? "", stateLabel(entry.state)].joined(separator: " ").lowercased()
            return words.allSatisfy { haystack.contains($0) }
        }
        var html = "<h1>\(t("Les pages du site", "The site's pages"))</h1>\n" + noticeBlock(notice)
        let creatable = PageType.allCases.filter { $0 == .page || site.sectionTypes[$0] != nil }
        html += "<h2>\(t("Créer une page", "Create a page"))</h2>\n<ul class=\"nouveau\">\n"
        for type in creatable {
            html += "<li><a class=\"bouton\" href=\"\(prefix)nouveau/\(type.rawValue)\">\(type.schema.newPageLabel.text(in: schemaLanguage).markupEscaped)</a></li>\n"
        }
        html += "</ul>\n"
        html += """
            <form method="get" action="\(prefix)" class="filtre" role="search">
            <label for="filtre">\(t("Filtrer les pages", "Filter the pages"))</label>
            <p class="aide" id="filtre-aide">\(t("Un mot du titre, un type (actualité, événement…) ou un état (brouillon, programmé…).", "A word of the title, a type or a state."))</p>
            <input type="search" id="filtre" name="q" value="\(filter.markupEscaped)" aria-describedby="filtre-aide">
            <button type="submit">\(t("Filtrer", "Filter"))</button>
            </form>

            """
        html += "<p role=\"status\">\(shown.count) \(t(shown.count > 1 ? "pages" : "page", shown.count == 1 ? "page" : "pages"))</p>\n"
        let sections = Dictionary(grouping: shown, by: \.section)
        for name in sections.keys.sorted() {
            // A section is named by its list page's title (`actualites/_index.md`: "Actualités").
            let listTitle = site.entries.first { $0.relativePath == name + "/_index.md" && $0.state != .invalid }?.title
            let caption = name.isEmpty ? t("Pages à la racine", "Pages at the root") : listTitle ?? name
            html += "<table class=\"pages\">\n<caption>\(caption.markupEscaped)</caption>\n<thead><tr><th scope=\"col\">\(t("Titre", "Title"))</th><th scope=\"col\">Type</th><th scope=\"col\">Date</th><th scope=\"col\">\(t("État", "State"))</th></tr></thead>\n<tbody>\n"
            for entry in sections[name] ?? [] {
                let type = entry.type.map { $0.schema.label.text(in: schemaLanguage) } ?? t("Liste", "List")
                let date = entry.date.map { PageFormDisplay.day($0) } ?? ""
                html += "<tr><td><a href=\"\(prefix)modifier/\(entry.relativePath.percentEncodedPath.markupEscaped)\">\(entry.title.markupEscaped)</a></td><td>\(type.markupEscaped)</td><td>\(date.markupEscaped)</td><td><span class=\"etat etat-\(entry.state.rawValue)\">\(stateLabel(entry.state))</span></td></tr>\n"
            }
            html += "</tbody>\n</table>\n"
        }
        return document(title: t("Les pages du site", "The site's pages"), main: html)
    }

    // MARK: Trash

    func trash(_ pages: [ContentFolder.TrashedPage], notice: String?) -> String {
        var html = "<h1>\(t("Corbeille", "Trash"))</h1>\n" + noticeBlock(notice)
        html += "<p>\(t("Les pages supprimées restent ici : rien n’est jamais effacé.", "Deleted pages stay here: nothing is ever erased."))</p>\n"
        if pages.isEmpty { html += "<p>\(t("La corbeille est vide.", "The trash is empty."))</p>\n" }
        else {
            html += "<ul class=\"corbeille\">\n"
            for page in pages {
                let when = PageFormDisplay.day(page.deletedAt.formatted(.iso8601.year().month().day().dateSeparator(.dash)))
                html += """
                    <li><span>\(page.title.markupEscaped) (\(page.originalPath.markupEscaped), \(t("supprimée le", "deleted on")) \(when))</span>
                    <form method="post" action="\(prefix)restaurer/\(page.id.markupEscaped)">
                    <input type="hidden" name="csrf" value="\(csrfToken.markupEscaped)">
                    <button type="submit">\(t("Restaurer", "Restore"))<span class="visually-hidden"> \(page.title.markupEscaped)</span></button>
                    </form></li>

                    """
            }
            html += "</ul>\n"
        }
        return document(title: t("Corbeille", "Trash"), main: html)
    }

    // MARK: A page's form

    func form(_ page: FormPage, form: PageForm) -> String {
        let typeLabel = page.type.schema.label.text(in: schemaLanguage)
        let heading = page.isNew ? page.type.schema.newPageLabel.text(in: schemaLanguage)
            : t("Modifier", "Edit") + " : " + (page.fields["title"] ?? page.relativePath ?? "")
        let action = page.isNew ? "\(prefix)nouveau/\(page.type.rawValue)" : "\(prefix)modifier/\((page.relativePath ?? "").percentEncodedPath)"
        var html = "<h1>\(heading.markupEscaped)</h1>\n"
        html += "<p class=\"type\">\(t("Type", "Type")) : \(typeLabel.markupEscaped)\(page.relativePath.map { " · <code>\($0.markupEscaped)</code>" } ?? "")</p>\n"
        html += errorSummary(page.errors, form: form)
        html += noticeBlock(page.notice)
        if let conflict = page.conflict {
            html += """
                <div class="conflit" role="alert" tabindex="-1">
                <h2>\(t("Le fichier a changé depuis son ouverture", "The file changed since it was opened"))</h2>
                <p>\(t("Quelqu’un (ou un autre programme) a modifié cette page sur le disque. Vos saisies sont ci-dessous, rien n’a été écrasé. Voici la version du disque ; « Enregistrer » remplacera maintenant cette version par la vôtre.", "Someone (or another program) changed this page on disk. Your values are below; nothing was overwritten. Here is the version on disk; \"Save\" will now replace it with yours."))</p>
                <pre class="version-disque" tabindex="0" role="region" aria-label="\(t("Version du disque", "Version on disk"))">\(conflict.markupEscaped)</pre>
                </div>

                """
        }
        html += "<div class=\"edition\">\n<form method=\"post\" action=\"\(action.markupEscaped)\" class=\"formulaire\" novalidate>\n"
        html += "<input type=\"hidden\" name=\"csrf\" value=\"\(csrfToken.markupEscaped)\">\n<input type=\"hidden\" name=\"version\" value=\"\(page.version.markupEscaped)\">\n"
        for key in Self.displayOrder(form.keys) {
            html += field(key, name: key.name, page: page)
        }
        html += publicationFields(page)
        html += bodyField(page) + pagesForLinks()
        html += """
            <div class="actions">
            <button type="submit" name="action" value="enregistrer" class="principal">\(t("Enregistrer", "Save"))</button>
            <button type="submit" name="action" value="apercu" formtarget="apercu" formnovalidate>\(t("Aperçu", "Preview"))</button>
            </div>
            </form>

            """
        html += uploadForm(page: page.relativePath)
        if !page.isNew, let path = page.relativePath {
            html += """
                <form method="post" action="\(prefix)supprimer/\(path.percentEncodedPath.markupEscaped)" class="supprimer">
                <input type="hidden" name="csrf" value="\(csrfToken.markupEscaped)">
                <button type="submit">\(t("Mettre à la corbeille", "Move to the trash"))</button>
                </form>

                """
        }
        html += """
            <section class="apercu" aria-labelledby="apercu-titre">
            <h2 id="apercu-titre">\(t("Aperçu", "Preview"))</h2>
            <p class="aide">\(t("« Aperçu » montre la page telle que le site l’affichera, sans l’enregistrer.", "\"Preview\" shows the page as the site will, without saving it."))</p>
            <iframe name="apercu" title="\(t("Aperçu de la page", "Page preview"))" src="about:blank"></iframe>
            </section>
            </div>

            """
        return document(title: heading, main: html)
    }

    func previewProblem(_ errors: [String]) -> String {
        document(title: t("Aperçu impossible", "No preview"), main: "<h1>\(t("Aperçu impossible", "No preview"))</h1>\n<p>\(t("La page contient des erreurs :", "The page has errors:"))</p>\n<ul>\(errors.map { "<li><pre>\($0.markupEscaped)</pre></li>" }.joined())</ul>")
    }

    /// The fields in the order a person fills them: the title, then what makes the page its
    /// type (a news item's date, an event's start, end and place), then the summary, the tags
    /// and the image, and last what is rarely changed (search engine description, order).
    static func displayOrder(_ keys: [FrontMatterKey]) -> [FrontMatterKey] {
        let common = Set(PageSchema.common.map(\.name))
        let early = ["summary", "tags", "image", "image_alt", "image_decorative"]
        let title = keys.filter { $0.name == "title" }
        let own = keys.filter { !common.contains($0.name) }
        let middle = early.compactMap { name in keys.first { $0.name == name } }
        let rest = keys.filter { common.contains($0.name) && $0.name != "title" && !early.contains($0.name) }
        return title + own + middle + rest
    }

    static func fieldID(_ name: String) -> String {
        "champ-" + name.replacingOccurrences(of: ".", with: "-")
    }

    func errorSummary(_ errors: [String: String], form: PageForm) -> String {
        guard !errors.isEmpty else { return "" }
        let order = Self.displayOrder(form.keys).map(\.name) + ["publish_date", "expiry_date", "body"]
        let sorted = errors.sorted { a, b in
            let ia = order.firstIndex { a.key == $0 || a.key.hasPrefix($0 + ".") } ?? Int.max
            let ib = order.firstIndex { b.key == $0 || b.key.hasPrefix($0 + ".") } ?? Int.max
            return (ia, a.key) < (ib, b.key)
        }
        var html = "<div class=\"resume-erreurs\" role=\"alert\" tabindex=\"-1\" aria-labelledby=\"resume-erreurs-titre\">\n<h2 id=\"resume-erreurs-titre\">\(t("La page n’a pas été enregistrée", "The page was not saved"))</h2>\n<ul>\n"
        for (name, message) in sorted {
            if name.isEmpty {
                html += "<li>\(message.markupEscaped)</li>\n"
            } else {
                html += "<li><a href=\"#\(Self.fieldID(name))\">\(message.markupEscaped)</a></li>\n"
            }
        }
        return html + "</ul>\n</div>\n"
    }

    // MARK: Fields

    private func describedBy(_ id: String, help: Bool, error: Bool) -> String {
        let ids = (help ? [id + "-aide"] : []) + (error ? [id + "-erreur"] : [])
        return ids.isEmpty ? "" : " aria-describedby=\"\(ids.joined(separator: " "))\""
    }

    private func errorText(_ id: String, _ message: String?) -> String {
        message.map { "<p class=\"erreur\" id=\"\(id)-erreur\"><span class=\"visually-hidden\">\(t("Erreur", "Error")) : </span>\($0.markupEscaped)</p>\n" } ?? ""
    }

    func field(_ key: FrontMatterKey, name: String, page: FormPage) -> String {
        let id = Self.fieldID(name)
        let label = key.label.text(in: schemaLanguage) + (key.isRequired ? t(" (obligatoire)", " (required)") : "")
        let help = key.help.text(in: schemaLanguage)
        let error = page.errors[name]
        let value = page.fields[name] ?? ""
        let invalid = error != nil ? " aria-invalid=\"true\"" : ""
        let helpBlock = "<p class=\"aide\" id=\"\(id)-aide\">\(help.markupEscaped)</p>\n"
        switch key.kind {
        case .longText:
            return "<div class=\"champ\">\n<label for=\"\(id)\">\(label.markupEscaped)</label>\n\(helpBlock)\(errorText(id, error))<textarea id=\"\(id)\" name=\"\(name)\" rows=\"3\"\(describedBy(id, help: true, error: error != nil))\(invalid)>\(value.markupEscaped)</textarea>\n</div>\n"
        case .bool:
            let checked = value == "true" || (page.fields[name] != nil && value != "false" && !value.isEmpty)
            return "<div class=\"champ case\">\n\(errorText(id, error))<input type=\"checkbox\" id=\"\(id)\" name=\"\(name)\" value=\"true\"\(checked ? " checked" : "")\(describedBy(id, help: true, error: error != nil))>\n<label for=\"\(id)\">\(label.markupEscaped)</label>\n\(helpBlock)</div>\n"
        case .date, .dateTime:
            let withTime: Bool
            if case .dateTime = key.kind { withTime = true } else { withTime = false }
            let time = page.fields[name + ".heure"] ?? ""
            // The error of a date and time key stands under "<key>": when the day is right and
            // the time is not, the time field is the one marked invalid.
            let timeIsWrong = withTime && page.errors[name + ".heure"] == nil && error != nil
                && FrenchDateInput.day(value) != nil && !time.trimmingCharacters(in: .whitespaces).isEmpty
                && FrenchDateInput.time(time) == nil
            let timeError = page.errors[name + ".heure"] ?? (timeIsWrong ? error : nil)
            let dayError = timeIsWrong ? nil : error
            var html = "<fieldset class=\"champ date\" id=\"\(id)-groupe\">\n<legend>\(label.markupEscaped)</legend>\n\(helpBlock)\(errorText(id, error ?? timeError))"
            html += "<div class=\"date-heure\"><div><label for=\"\(id)\">\(t("Date (jj/mm/aaaa)", "Date (dd/mm/yyyy)"))</label>\n<input type=\"text\" id=\"\(id)\" name=\"\(name)\" value=\"\(value.markupEscaped)\" inputmode=\"numeric\" size=\"11\" autocomplete=\"off\"\(describedBy(id, help: true, error: dayError != nil))\(dayError != nil ? " aria-invalid=\"true\"" : "")></div>\n"
            if withTime {
                html += "<div><label for=\"\(id)-heure\">\(t("Heure (ex. 18h30, facultative)", "Time (e.g. 18:30, optional)"))</label>\n<input type=\"text\" id=\"\(id)-heure\" name=\"\(name).heure\" value=\"\(time.markupEscaped)\" size=\"6\" autocomplete=\"off\"\(timeError != nil ? " aria-invalid=\"true\" aria-describedby=\"\(id)-erreur\"" : "")></div>\n"
            }
            return html + "</div>\n</fieldset>\n"
        case .choice(let choices):
            var options = key.isRequired ? "" : "<option value=\"\"\(value.isEmpty ? " selected" : "")>\(t("— aucun —", "— none —"))</option>\n"
            for choice in choices {
                options += "<option value=\"\(choice.value.markupEscaped)\"\(choice.value == value ? " selected" : "")>\(choice.label.text(in: schemaLanguage).markupEscaped)</option>\n"
            }
            return "<div class=\"champ\">\n<label for=\"\(id)\">\(label.markupEscaped)</label>\n\(helpBlock)\(errorText(id, error))<select id=\"\(id)\" name=\"\(name)\"\(describedBy(id, help: true, error: error != nil))\(invalid)>\n\(options)</select>\n</div>\n"
        case .pagePath(let type) where type == .form:
            return select(id: id, name: name, label: label, help: helpBlock, error: error, value: value, required: key.isRequired,
                          choices: site.formPages.map { ($0.path, $0.title) })
        case .configuredForm:
            return select(id: id, name: name, label: label, help: helpBlock, error: error, value: value, required: key.isRequired,
                          choices: site.formIDs.map { ($0, $0) })
        case .pageSlug(let type):
            return select(id: id, name: name, label: label, help: helpBlock, error: error, value: value, required: key.isRequired,
                          choices: type == .partner ? site.partners : site.missions)
        case .list(.pageSlug(let type)):
            let choices = type == .partner ? site.partners : site.missions
            let chosen = Set(page.fields.filter { $0.key.hasPrefix(name + ".") }.map(\.value))
            var html = "<fieldset class=\"champ choix\" id=\"\(id)\">\n<legend>\(label.markupEscaped)</legend>\n\(helpBlock)\(errorText(id, error))"
            for (index, choice) in choices.enumerated() {
                let itemID = "\(id)-\(index)"
                html += "<div class=\"case\"><input type=\"checkbox\" id=\"\(itemID)\" name=\"\(name).\(index)\" value=\"\(choice.slug.markupEscaped)\"\(chosen.contains(choice.slug) ? " checked" : "")><label for=\"\(itemID)\">\(choice.title.markupEscaped)</label></div>\n"
            }
            return html + "</fieldset>\n"
        case .list(let itemKind):
            return list(key, itemKind: itemKind, name: name, label: label, help: helpBlock, page: page)
        case .map(let keys):
            var html = "<fieldset class=\"champ groupe\" id=\"\(id)\">\n<legend>\(label.markupEscaped)</legend>\n\(helpBlock)\(errorText(id, error))"
            for child in keys { html += field(child, name: "\(name).\(child.name)", page: page) }
            return html + "</fieldset>\n"
        case .freeMap:
            return ""
        default:
            let list = key.name == "tags" ? " list=\"etiquettes\"" : ""
            return "<div class=\"champ\">\n<label for=\"\(id)\">\(label.markupEscaped)</label>\n\(helpBlock)\(errorText(id, error))<input type=\"text\" id=\"\(id)\" name=\"\(name)\" value=\"\(value.markupEscaped)\"\(list)\(describedBy(id, help: true, error: error != nil))\(invalid)>\n</div>\n"
        }
    }

    private func select(id: String, name: String, label: String, help: String, error: String?, value: String, required: Bool, choices: [(String, String)]) -> String {
        var options = required ? "" : "<option value=\"\"\(value.isEmpty ? " selected" : "")>\(t("— aucun —", "— none —"))</option>\n"
        for (choice, title) in choices {
            options += "<option value=\"\(choice.markupEscaped)\"\(choice == value ? " selected" : "")>\(title.markupEscaped)</option>\n"
        }
        return "<div class=\"champ\">\n<label for=\"\(id)\">\(label.markupEscaped)</label>\n\(help)\(errorText(id, error))<select id=\"\(id)\" name=\"\(name)\"\(describedBy(id, help: true, error: error != nil))\(error != nil ? " aria-invalid=\"true\"" : "")>\n\(options)</select>\n</div>\n"
    }

    /// A list: one row per item and one empty row to add another (JavaScript adds buttons to
    /// add, move and remove rows; without it, one item is added per save).
    private func list(_ key: FrontMatterKey, itemKind: FrontMatterKey.Kind, name: String, label: String, help: String, page: FormPage) -> String {
        let id = Self.fieldID(name)
        let prefix = name + "."
        let indexes = Set(page.fields.keys.compactMap { field -> Int? in
            guard field.hasPrefix(prefix) else { return nil }
            return Int(field.dropFirst(prefix.count).prefix { $0 != "." })
        }).sorted()
        let count = (indexes.last.map { $0 + 1 } ?? 0) + 1
        var html = "<fieldset class=\"champ liste\" id=\"\(id)\" data-liste>\n<legend>\(label.markupEscaped)</legend>\n\(help)\(errorText(id, page.errors[name]))<ol>\n"
        for index in 0..<count {
            let itemName = "\(name).\(index)"
            html += "<li data-element>\n"
            switch itemKind {
            case .map(let keys):
                html += "<fieldset class=\"groupe\"><legend>\(label.markupEscaped) \(index + 1)</legend>\n"
                for child in keys { html += field(child, name: "\(itemName).\(child.name)", page: page) }
                html += "</fieldset>\n"
            default:
                let itemID = Self.fieldID(itemName)
                let value = page.fields[itemName] ?? ""
                let error = page.errors[itemName]
                let datalist = key.name == "tags" ? " list=\"etiquettes\"" : ""
                html += "<label for=\"\(itemID)\">\(label.markupEscaped) \(index + 1)</label>\n\(errorText(itemID, error))<input type=\"text\" id=\"\(itemID)\" name=\"\(itemName)\" value=\"\(value.markupEscaped)\"\(datalist)\(error != nil ? " aria-invalid=\"true\" aria-describedby=\"\(itemID)-erreur\"" : "")>\n"
            }
            html += "</li>\n"
        }
        html += "</ol>\n"
        if key.name == "tags" {
            html += "<datalist id=\"etiquettes\">\(site.tags.map { "<option value=\"\($0.markupEscaped)\">" }.joined())</datalist>\n"
        }
        return html + "</fieldset>\n"
    }

    private func publicationFields(_ page: FormPage) -> String {
        let choice = page.fields["publication"] ?? "maintenant"
        let options: [(String, String)] = [
            ("maintenant", t("Publier maintenant", "Publish now")),
            ("programmer", t("Programmer la publication", "Schedule the publication")),
            ("brouillon", t("Brouillon (non publié)", "Draft (not published)")),
        ]
        var html = "<fieldset class=\"champ publication\" id=\"champ-publication\">\n<legend>\(t("Publication", "Publication"))</legend>\n"
        for (value, label) in options {
            html += "<div class=\"case\"><input type=\"radio\" id=\"publication-\(value)\" name=\"publication\" value=\"\(value)\"\(value == choice ? " checked" : "")><label for=\"publication-\(value)\">\(label)</label></div>\n"
        }
        if let key = EditorFields.schedulingKeys.first(where: { $0.name == "publish_date" }) { html += field(key, name: key.name, page: page) }
        if let key = EditorFields.schedulingKeys.first(where: { $0.name == "expiry_date" }) { html += field(key, name: key.name, page: page) }
        return html + "</fieldset>\n"
    }

    /// The line break after `<textarea>` is not part of its value (HTML drops one there), so
    /// a body that starts with a blank line comes back as it was.
    /// The site's pages for the text's toolbar ("Lien vers une page"): data for the script,
    /// never run (`application/json`).
    private func pagesForLinks() -> String {
        let entries = site.links.map { ["titre": $0.title, "adresse": $0.path] }
        let json = (try? JSONSerialization.data(withJSONObject: entries, options: [.sortedKeys])).map { String(decoding: $0, as: UTF8.self) } ?? "[]"
        // `<` escaped so that no text of a title can close the element.
        return "<script type=\"application/json\" id=\"pages-du-site\">\(json.replacingOccurrences(of: "<", with: "\\u003c"))</script>\n"
    }

    private func bodyField(_ page: FormPage) -> String {
        """
        <div class="champ corps">
        <label for="champ-body">\(t("Texte de la page", "Text of the page"))</label>
        <p class="aide" id="champ-body-aide">\(t("En Markdown : ## pour un intertitre, **gras**, *italique*, - pour une liste, [texte du lien](/adresse/) pour un lien.", "In Markdown: ## for a heading, **bold**, *italic*, - for a list, [link text](/address/) for a link."))</p>
        \(errorText("champ-body", page.errors["body"]))<textarea id="champ-body" name="body" rows="16" aria-describedby="champ-body-aide">
        \(page.body.markupEscaped)</textarea>
        </div>

        """
    }
}

/// Dates as the list shows them: `2026-12-10` → `10/12/2026`.
enum PageFormDisplay {
    static func day(_ iso: String) -> String {
        let parts = iso.split(separator: "-")
        guard parts.count == 3 else { return iso }
        return "\(parts[2])/\(parts[1])/\(parts[0])"
    }
}
