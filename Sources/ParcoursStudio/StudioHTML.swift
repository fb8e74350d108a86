import Foundation
import Parcours

/// The studio's own pages (login, home, accounts, history, journal), in French, written
/// here like the editor's: server-rendered, usable without JavaScript, accessible as the
/// public site is (labels tied to fields, an error summary, no colour alone to say a thing).
struct StudioHTML {
    let siteTitle: String
    let account: Account?
    /// The session's token, for the forms of the header (log out).
    let csrfToken: String?
    let canPublish: Bool

    static let styleSheet = "/studio.css"

    func document(title: String, main: String) -> String {
        """
        <!doctype html>
        <html lang="fr">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <link rel="icon" href="data:,">
        <title>\(title.markupEscaped) — Studio — \(siteTitle.markupEscaped)</title>
        <link rel="stylesheet" href="\(Self.styleSheet)">
        </head>
        <body>
        <a class="evitement" href="#contenu">Aller au contenu</a>
        <header class="entete">
        <p class="nom">\(siteTitle.markupEscaped) <span>· studio</span></p>
        \(navigation)
        </header>
        <main id="contenu" tabindex="-1">
        \(main)
        </main>
        </body>
        </html>

        """
    }

    /// The rooms this account may enter, and the logout button.
    var navigation: String {
        guard let account, let csrfToken else { return "" }
        var links = [("/", "Accueil")]
        if account.role.editsPages { links += [("/editeur/", "Pages"), ("/historique/", "Historique"), ("/apercu/", "Aperçu")] }
        if account.role.readsInbox { links.append(("/demandes/", "Demandes")) }
        if account.role == .administration { links += [("/comptes/", "Comptes"), ("/journal/", "Journal")] }
        let items = links.map { "<li><a href=\"\($0.0)\">\($0.1)</a></li>" }.joined(separator: "\n")
        return """
        <nav aria-label="Studio"><ul>
        \(items)
        </ul></nav>
        \(Self.logoutForm(account: account, csrfToken: csrfToken))
        """
    }

    static func logoutForm(account: Account, csrfToken: String) -> String {
        """
        <form method="post" action="/deconnexion" class="deconnexion">
        <input type="hidden" name="csrf" value="\(csrfToken.markupEscaped)">
        <span>\(account.name.markupEscaped) (\(account.role.label.markupEscaped))</span>
        <button type="submit">Se déconnecter</button>
        </form>
        """
    }

    func errorSummary(_ errors: [(field: String, message: String)], title: String) -> String {
        guard !errors.isEmpty else { return "" }
        let items = errors.map { error in
            error.field.isEmpty ? "<li>\(error.message.markupEscaped)</li>"
                : "<li><a href=\"#\(error.field.markupEscaped)\">\(error.message.markupEscaped)</a></li>"
        }.joined(separator: "\n")
        return """
        <div class="resume-erreurs" role="alert" tabindex="-1" aria-labelledby="resume-erreurs-titre">
        <h2 id="resume-erreurs-titre">\(title.markupEscaped)</h2>
        <ul>
        \(items)
        </ul>
        </div>
        """
    }

    func notice(_ text: String?) -> String {
        text.map { "<p class=\"bandeau\" role=\"status\">\($0.markupEscaped)</p>" } ?? ""
    }

    func message(title: String, text: String, back: (href: String, label: String)? = ("/", "Retour à l’accueil du studio")) -> String {
        document(title: title, main: """
        <h1>\(title.markupEscaped)</h1>
        <p>\(text.markupEscaped)</p>
        \(back.map { "<p><a href=\"\($0.href)\">\($0.label.markupEscaped)</a></p>" } ?? "")
        """)
    }

    // MARK: Login

    func login(email: String, token: String, problem: String?, notice: String? = nil) -> String {
        let error = problem.map { errorSummary([("", $0)], title: "Connexion impossible") } ?? ""
        return document(title: "Connexion", main: """
        <h1>Connexion au studio</h1>
        \(self.notice(notice))
        \(error)
        <form method="post" action="/connexion" class="formulaire connexion">
        <input type="hidden" name="csrf" value="\(token.markupEscaped)">
        <div class="champ">
        <label for="email">Adresse électronique</label>
        <input type="email" id="email" name="email" autocomplete="username" required value="\(email.markupEscaped)">
        </div>
        <div class="champ">
        <label for="mot_de_passe">Mot de passe</label>
        <input type="password" id="mot_de_passe" name="mot_de_passe" autocomplete="current-password" required>
        </div>
        <div class="champ">
        <label for="code">Code de double authentification</label>
        <p class="aide" id="code-aide">Comptes d’administration : les 6 chiffres affichés par votre application d’authentification. Les autres comptes laissent ce champ vide.</p>
        <input type="text" id="code" name="code" inputmode="numeric" autocomplete="one-time-code" aria-describedby="code-aide" maxlength="8">
        </div>
        <p><button type="submit" class="principal">Se connecter</button></p>
        </form>
        <p class="aide">Mot de passe oublié ? Demandez à l’administration de la CPTS de le réinitialiser.</p>
        """)
    }

    func enrolment(secret: String, qrCode: String, csrfToken: String, problem: String?) -> String {
        let error = problem.map { errorSummary([("code", $0)], title: "Code refusé") } ?? ""
        let grouped = stride(from: 0, to: secret.count, by: 4).map { offset -> String in
            let start = secret.index(secret.startIndex, offsetBy: offset)
            let end = secret.index(start, offsetBy: 4, limitedBy: secret.endIndex) ?? secret.endIndex
            return String(secret[start..<end])
        }.joined(separator: " ")
        return document(title: "Double authentification", main: """
        <h1>Activer la double authentification</h1>
        \(error)
        <p>Les comptes d’administration peuvent tout changer sur le site : leur connexion demande, en plus du mot de passe, un code à six chiffres donné par une application de votre téléphone (par exemple FreeOTP, Aegis ou Google Authenticator).</p>
        <ol>
        <li>Dans l’application, ajoutez un compte en scannant ce code :
        <div class="qr">\(qrCode)</div>
        </li>
        <li>Ou tapez cette clé à la main (type « basé sur le temps ») : <code class="cle" id="cle-totp">\(grouped.markupEscaped)</code></li>
        <li>Puis tapez le code que l’application affiche :</li>
        </ol>
        <form method="post" action="/double-authentification" class="formulaire">
        <input type="hidden" name="csrf" value="\(csrfToken.markupEscaped)">
        <div class="champ">
        <label for="code">Code à six chiffres</label>
        <input type="text" id="code" name="code" inputmode="numeric" autocomplete="one-time-code" required maxlength="8"\(problem == nil ? "" : " aria-invalid=\"true\"")>
        </div>
        <p><button type="submit" class="principal">Activer</button></p>
        </form>
        """)
    }

    // MARK: Home

    func home(publication: Workshop.Publication?, nextChange: Date?, newRequests: Int?, notice: String?) -> String {
        guard let account else { return "" }
        var main = "<h1>Bonjour \(account.name.markupEscaped)</h1>\n" + self.notice(notice)
        var rooms: [String] = []
        if account.role.editsPages {
            rooms.append("<li><a href=\"/editeur/\">Écrire et modifier les pages</a> : actualités, agenda, missions…</li>")
            rooms.append("<li><a href=\"/historique/\">Historique</a> : qui a changé quoi, et revenir à une version précédente.</li>")
            rooms.append("<li><a href=\"/apercu/\">Aperçu du site</a> : le site tel qu’il sera publié, avec les derniers enregistrements.</li>")
        }
        if account.role.readsInbox {
            let count = newRequests.map { $0 == 0 ? "aucune nouvelle demande" : $0 == 1 ? "1 nouvelle demande" : "\($0) nouvelles demandes" } ?? ""
            rooms.append("<li><a href=\"/demandes/\">Demandes</a> : les demandes d’accès reçues par le formulaire (<strong class=\"compte-demandes\">\(count)</strong>).</li>")
        }
        if account.role == .administration {
            rooms.append("<li><a href=\"/comptes/\">Comptes</a> : qui peut se connecter au studio.</li>")
            rooms.append("<li><a href=\"/journal/\">Journal</a> : les connexions, enregistrements et publications.</li>")
        }
        main += "<ul class=\"salles\">\n" + rooms.joined(separator: "\n") + "\n</ul>\n"
        if account.role.editsPages {
            main += "<section aria-labelledby=\"publication-titre\">\n<h2 id=\"publication-titre\">Publication</h2>\n"
            if let publication {
                let state = publication.succeeded ? "publiée" : "refusée"
                main += "<p>Dernière publication \(state) le \(Self.dateTime(publication.at).markupEscaped) par \(publication.account.markupEscaped).</p>\n"
            } else {
                main += "<p>Le site n’a pas encore été publié depuis le studio.</p>\n"
            }
            if let nextChange {
                main += "<p>Prochaine mise à jour programmée (date de publication ou de retrait d’une page) : le \(Self.dateTime(nextChange).markupEscaped). Le studio la fera tout seul.</p>\n"
            }
            if canPublish, let csrfToken {
                main += """
                <form method="post" action="/publier">
                <input type="hidden" name="csrf" value="\(csrfToken.markupEscaped)">
                <p class="aide" id="publier-aide">Met en ligne l’état actuel des pages. Si une page a une erreur, rien ne change sur le site public et les erreurs s’affichent.</p>
                <button type="submit" class="principal" aria-describedby="publier-aide">Publier</button>
                </form>

                """
            } else {
                main += "<p>La publication est faite par l’administration de la CPTS.</p>\n"
            }
            main += "</section>\n"
        }
        return document(title: "Accueil", main: main)
    }

    func publication(_ outcome: Publisher.Outcome, siteAddress: String?) -> String {
        if outcome.succeeded {
            return document(title: "Site publié", main: """
            <h1>Site publié</h1>
            <p class="bandeau" role="status">\(outcome.report.markupEscaped)</p>
            \(siteAddress.map { "<p><a href=\"\($0.markupEscaped)\">Voir le site public</a></p>" } ?? "")
            <p><a href="/">Retour à l’accueil du studio</a></p>
            """)
        }
        return document(title: "Publication refusée", main: """
        <h1>Publication refusée</h1>
        <div class="resume-erreurs" role="alert" tabindex="-1" aria-labelledby="resume-erreurs-titre">
        <h2 id="resume-erreurs-titre">Le site public n’a pas changé : corrigez ces erreurs, puis publiez de nouveau</h2>
        <pre class="rapport">\(outcome.report.markupEscaped)</pre>
        </div>
        <p><a href="/editeur/">Ouvrir les pages</a> · <a href="/">Retour à l’accueil du studio</a></p>
        """)
    }

    // MARK: Accounts

    func accounts(_ list: [Account], values: [String: String], errors: [(field: String, message: String)], notice: String?) -> String {
        guard let csrfToken else { return "" }
        var rows = ""
        for other in list {
            let factor = other.role.requiresSecondFactor ? (other.hasSecondFactor ? "activée" : "à activer à la première connexion") : "—"
            let remove = other.id == account?.id ? "<td>(vous)</td>" : """
            <td><form method="post" action="/comptes/supprimer">
            <input type="hidden" name="csrf" value="\(csrfToken.markupEscaped)">
            <input type="hidden" name="email" value="\(other.email.markupEscaped)">
            <button type="submit" class="supprimer-compte">Supprimer<span class="visually-hidden"> le compte de \(other.name.markupEscaped)</span></button>
            </form></td>
            """
            rows += "<tr><td>\(other.name.markupEscaped)</td><td>\(other.email.markupEscaped)</td><td>\(other.role.label)</td><td>\(factor)</td>\(remove)</tr>\n"
        }
        func field(_ name: String, _ label: String, type: String, help: String? = nil, autocomplete: String) -> String {
            let error = errors.first { $0.field == name }
            let helpID = help.map { _ in "\(name)-aide" }
            let described = [helpID, error.map { _ in "\(name)-erreur" }].compactMap { $0 }.joined(separator: " ")
            return """
            <div class="champ">
            <label for="\(name)">\(label)</label>
            \(help.map { "<p class=\"aide\" id=\"\(name)-aide\">\($0.markupEscaped)</p>" } ?? "")
            \(error.map { "<p class=\"erreur\" id=\"\(name)-erreur\">\($0.message.markupEscaped)</p>" } ?? "")
            <input type="\(type)" id="\(name)" name="\(name)" autocomplete="\(autocomplete)" value="\(type == "password" ? "" : (values[name] ?? "").markupEscaped)"\(described.isEmpty ? "" : " aria-describedby=\"\(described)\"")\(error == nil ? "" : " aria-invalid=\"true\"") required>
            </div>
            """
        }
        let roleOptions = Role.allCases.map { role in
            "<option value=\"\(role.rawValue)\"\(values["role"] == role.rawValue ? " selected" : "")>\(role.label)</option>"
        }.joined()
        return document(title: "Comptes", main: """
        <h1>Comptes du studio</h1>
        \(self.notice(notice))
        <table class="pages">
        <caption>Qui peut se connecter</caption>
        <thead><tr><th scope="col">Nom</th><th scope="col">Adresse</th><th scope="col">Rôle</th><th scope="col">Double authentification</th><th scope="col"><span class="visually-hidden">Actions</span></th></tr></thead>
        <tbody>
        \(rows)
        </tbody>
        </table>
        <h2 id="ajout">Ajouter un compte</h2>
        \(errorSummary(errors, title: "Le compte n’a pas été créé"))
        <form method="post" action="/comptes/ajouter" class="formulaire" aria-labelledby="ajout" novalidate>
        <input type="hidden" name="csrf" value="\(csrfToken.markupEscaped)">
        \(field("nom", "Nom et prénom", type: "text", autocomplete: "off"))
        \(field("email", "Adresse électronique", type: "email", autocomplete: "off"))
        <div class="champ">
        <label for="role">Rôle</label>
        <p class="aide" id="role-aide">Rédaction : écrit les pages. Administration : tout, dont les réglages, les comptes et la publication (double authentification obligatoire). Secrétariat : les demandes seulement.</p>
        <select id="role" name="role" aria-describedby="role-aide">\(roleOptions)</select>
        </div>
        \(field("mot_de_passe", "Mot de passe provisoire", type: "password", help: "Au moins \(AccountStore.minimumPasswordLength) caractères. Transmettez-le à la personne par un autre moyen que le courriel (de vive voix, par exemple).", autocomplete: "new-password"))
        <p><button type="submit" class="principal">Créer le compte</button></p>
        </form>
        """)
    }

    // MARK: History

    func history(_ revisions: [ContentHistory.Revision], page: String?) -> String {
        var rows = ""
        for revision in revisions {
            let pages = revision.paths.prefix(5).map { path in
                "<a href=\"/historique/page/\(path.percentEncodedPath.markupEscaped)\">\(path.markupEscaped)</a>"
            }.joined(separator: ", ")
            let target = page ?? revision.paths.first ?? ""
            let link = target.isEmpty ? revision.message.markupEscaped
                : "<a href=\"/historique/version/\(revision.id)/\(target.percentEncodedPath.markupEscaped)\">\(revision.message.markupEscaped)</a>"
            rows += "<tr><td>\(Self.dateTime(revision.date).markupEscaped)</td><td>\(revision.authorName.markupEscaped)</td><td>\(link)</td><td>\(pages)</td></tr>\n"
        }
        let title = page.map { "Historique de \($0)" } ?? "Historique du site"
        let heading = page.map { "Historique de <span class=\"chemin\">\($0.markupEscaped)</span>" } ?? "Historique du site"
        return document(title: title, main: """
        <h1>\(heading)</h1>
        \(page == nil ? "" : "<p><a href=\"/historique/\">Tout l’historique</a></p>")
        <table class="pages historique">
        <caption>Les enregistrements, du plus récent au plus ancien</caption>
        <thead><tr><th scope="col">Date</th><th scope="col">Par</th><th scope="col">Changement</th><th scope="col">Fichiers</th></tr></thead>
        <tbody>
        \(rows.isEmpty ? "<tr><td colspan=\"4\">Aucun enregistrement.</td></tr>" : rows)
        </tbody>
        </table>
        """)
    }

    func revision(_ revision: ContentHistory.Revision, page: String, lines: [DiffLine], exists: Bool, notice: String?) -> String {
        guard let csrfToken else { return "" }
        var diff = ""
        var removedLines = 0, addedLines = 0
        for line in lines {
            if line.isHunkStart { diff += "<li class=\"coupure\" aria-hidden=\"true\">…</li>\n"; continue }
            if line.runs.contains(where: { $0.kind == .removed }) { removedLines += 1 }
            if line.runs.contains(where: { $0.kind == .added }) { addedLines += 1 }
            let text = line.runs.map { run -> String in
                switch run.kind {
                case .kept: return run.text.markupEscaped
                case .removed: return "<del><span class=\"visually-hidden\">[retiré : </span>\(run.text.markupEscaped)<span class=\"visually-hidden\">]</span></del>"
                case .added: return "<ins><span class=\"visually-hidden\">[ajouté : </span>\(run.text.markupEscaped)<span class=\"visually-hidden\">]</span></ins>"
                }
            }.joined()
            diff += "<li\(line.hasChange ? " class=\"change\"" : "")>\(text.isEmpty ? "&nbsp;" : text)</li>\n"
        }
        let restore = exists ? """
        <form method="post" action="/historique/restaurer">
        <input type="hidden" name="csrf" value="\(csrfToken.markupEscaped)">
        <input type="hidden" name="version" value="\(revision.id.markupEscaped)">
        <input type="hidden" name="page" value="\(page.markupEscaped)">
        <p class="aide" id="restaurer-aide">La page reprend le texte qu’elle avait après ce changement. C’est un nouvel enregistrement : rien n’est effacé de l’historique.</p>
        <button type="submit" class="principal" aria-describedby="restaurer-aide">Rétablir cette version</button>
        </form>
        """ : "<p>La page n’existait plus après ce changement.</p>"
        return document(title: revision.message, main: """
        <h1>\(revision.message.markupEscaped)</h1>
        \(self.notice(notice))
        <p>Le \(Self.dateTime(revision.date).markupEscaped), par \(revision.authorName.markupEscaped) (\(revision.authorEmail.markupEscaped)). Fichier : \(page.markupEscaped).</p>
        <h2>Ce qui a changé</h2>
        <p>\(removedLines) ligne\(removedLines > 1 ? "s" : "") avec du texte retiré, \(addedLines) ligne\(addedLines > 1 ? "s" : "") avec du texte ajouté. Le texte retiré est barré, le texte ajouté est souligné.</p>
        <ol class="difference">
        \(diff.isEmpty ? "<li>Aucune différence de texte dans ce fichier.</li>" : diff)
        </ol>
        \(restore)
        <p><a href="/historique/page/\(page.percentEncodedPath.markupEscaped)">Historique de cette page</a></p>
        """)
    }

    // MARK: Journal

    func journal(_ entries: [AuditLog.Entry]) -> String {
        let rows = entries.map { entry in
            "<tr><td>\(Self.dateTime(entry.at).markupEscaped)</td><td>\(entry.account.markupEscaped)</td><td>\(entry.address.markupEscaped)</td><td>\(entry.action.markupEscaped)</td><td>\(entry.detail.markupEscaped)</td></tr>"
        }.joined(separator: "\n")
        return document(title: "Journal", main: """
        <h1>Journal du studio</h1>
        <p>Les 500 dernières lignes. Le journal ne peut être ni modifié ni effacé depuis le studio.</p>
        <div class="defilement" role="region" aria-labelledby="journal-titre" tabindex="0">
        <table class="journal">
        <caption id="journal-titre">Connexions, enregistrements, publications et changements de comptes</caption>
        <thead><tr><th scope="col">Date</th><th scope="col">Compte</th><th scope="col">Adresse</th><th scope="col">Action</th><th scope="col">Détail</th></tr></thead>
        <tbody>
        \(rows)
        </tbody>
        </table>
        </div>
        """)
    }

    // MARK: Words

    /// « 30/11/2026 à 14:05 », in Paris time (the CPTS's).
    static func dateTime(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "Europe/Paris") ?? .current
        let parts = calendar.dateComponents([.day, .month, .year, .hour, .minute], from: date)
        func two(_ value: Int?) -> String { String(format: "%02d", value ?? 0) }
        return "\(two(parts.day))/\(two(parts.month))/\(parts.year ?? 0) à \(two(parts.hour)):\(two(parts.minute))"
    }

    static let css = """
    .deconnexion { display: flex; align-items: center; gap: .75rem; margin: 0; }
    .deconnexion span { color: var(--gris); }
    .connexion { max-width: 30rem; }
    .salles li { margin-bottom: .5rem; }
    .qr svg { display: block; margin: .5rem 0; }
    .cle { font-size: 1.15rem; letter-spacing: .05em; background: #f6f6f6; padding: .1rem .4rem; }
    .rapport { white-space: pre-wrap; font-size: .95rem; }
    .difference { list-style: none; padding: 0; font-family: ui-monospace, Menlo, Consolas, monospace; font-size: .95rem; border: 1px solid #d0d7de; }
    .difference li { padding: .1rem .5rem; white-space: pre-wrap; overflow-wrap: break-word; }
    .difference li.change { background: #fffbe6; }
    .difference li.coupure { color: var(--gris); }
    del { background: #ffe3e3; color: #8a0000; }
    ins { background: #dcf5e3; color: #00461f; }
    .supprimer-compte { border-color: var(--erreur); color: var(--erreur); }
    h1 .chemin, .difference, td { overflow-wrap: anywhere; }
    h1 .chemin { font-family: ui-monospace, Menlo, Consolas, monospace; font-size: .8em; }
    .defilement { overflow-x: auto; max-width: 100%; }
    table.journal { border-collapse: collapse; min-width: 48rem; margin: 1rem 0 2rem; }
    table.journal caption { text-align: left; font-weight: 700; font-size: 1.15rem; padding: .25rem 0; }
    table.journal th, table.journal td { text-align: left; padding: .4rem .6rem; border-bottom: 1px solid #d0d7de; vertical-align: top; overflow-wrap: normal; }
    """
}
