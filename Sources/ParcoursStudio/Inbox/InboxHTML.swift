import Foundation
import Parcours

/// The inbox's pages: the list, newest first, and one request with its answers as the form
/// labelled them, its status and the secretary's note.
extension StudioHTML {
    func inbox(_ requests: [InboxStore.Request], unreadable: Int, retentionDays: Int?, notice: String?) -> String {
        var rows = ""
        for request in requests {
            let answers = request.contents.answers
            let person = answers.filter { $0.type == "text" }.prefix(2).map(\.value).joined(separator: " ")
            let phone = answers.first { $0.type == "tel" }?.value ?? ""
            let outside = request.contents.outsideTerritory ? " <span class=\"etat etat-expired\">hors territoire</span>" : ""
            rows += """
                <tr><td>\(Self.dateTime(request.receivedAt).markupEscaped)</td>\
                <td><a href="/demandes/\(request.reference)">\((person.isEmpty ? "Demande" : person).markupEscaped)</a>\(outside)</td>\
                <td>\(phone.markupEscaped)</td>\
                <td><span class="etat statut-\(request.status.rawValue)">\(request.status.label)</span></td></tr>

                """
        }
        let retention = retentionDays.map { "Les demandes sont effacées \($0) jours après leur réception (durée de conservation annoncée aux patients)." }
            ?? "Aucune durée de conservation en jours n’est réglée (site.yaml, privacy, retention_days) : les demandes ne sont pas effacées automatiquement."
        return document(title: "Demandes", main: """
        <h1>Demandes reçues</h1>
        \(self.notice(notice))
        <p>\(retention.markupEscaped)</p>
        \(unreadable > 0 ? "<p class=\"resume-erreurs\" role=\"alert\">\(unreadable) demande(s) ne peuvent pas être lues avec la clé actuelle (key_file) : vérifiez que c’est bien la clé d’origine.</p>" : "")
        <p><a class="bouton" href="/demandes/export.csv" download>Exporter en tableur (CSV)</a></p>
        <table class="pages demandes">
        <caption>Les demandes, de la plus récente à la plus ancienne</caption>
        <thead><tr><th scope="col">Reçue le</th><th scope="col">Personne</th><th scope="col">Téléphone</th><th scope="col">Statut</th></tr></thead>
        <tbody>
        \(rows.isEmpty ? "<tr><td colspan=\"4\">Aucune demande pour l’instant.</td></tr>" : rows)
        </tbody>
        </table>
        """)
    }

    func inboxRequest(_ request: InboxStore.Request, notice: String?) -> String {
        guard let csrfToken else { return "" }
        let answers = request.contents.answers.map { answer in
            "<dt>\(answer.label.markupEscaped)</dt><dd>\(answer.value.markupEscaped)</dd>"
        }.joined(separator: "\n")
        let options = InboxStore.Status.allCases.map { status in
            "<option value=\"\(status.rawValue)\"\(status == request.status ? " selected" : "")>\(status.label)</option>"
        }.joined()
        let changed = request.changedBy.map { by in
            "<p>Dernière mise à jour par \(by.markupEscaped)\(request.changedAt.map { " le " + Self.dateTime($0).markupEscaped } ?? "").</p>"
        } ?? ""
        return document(title: "Demande du \(Self.dateTime(request.receivedAt))", main: """
        <h1>Demande du \(Self.dateTime(request.receivedAt).markupEscaped)</h1>
        \(self.notice(notice))
        <p>Formulaire « \(request.formID.markupEscaped) ». Statut : <strong>\(request.status.label)</strong>.</p>
        \(request.contents.outsideTerritory ? "<p class=\"bandeau\">La commune indiquée n’est pas dans la liste des communes du territoire.</p>" : "")
        <dl class="reponses">
        \(answers)
        </dl>
        \(changed)
        <h2 id="suivi">Suivi</h2>
        <form method="post" action="/demandes/\(request.reference)" class="formulaire" aria-labelledby="suivi">
        <input type="hidden" name="csrf" value="\(csrfToken.markupEscaped)">
        <div class="champ">
        <label for="statut">Statut</label>
        <select id="statut" name="statut">\(options)</select>
        </div>
        <div class="champ">
        <label for="note">Note</label>
        <p class="aide" id="note-aide">Pour l’équipe : ce qui a été dit, le rendez-vous proposé. Pas de diagnostic : seulement ce qui sert au rappel.</p>
        <textarea id="note" name="note" rows="5" aria-describedby="note-aide" maxlength="5000">\(request.note.markupEscaped)</textarea>
        </div>
        <p><button type="submit" class="principal">Enregistrer le suivi</button></p>
        </form>
        <p><a href="/demandes/">Toutes les demandes</a></p>
        """)
    }

    static let inboxCSS = """
    .reponses { display: grid; grid-template-columns: minmax(10rem, 22rem) 1fr; gap: .35rem 1.5rem; margin: 1rem 0 1.5rem; }
    .reponses dt { font-weight: 700; }
    .reponses dd { margin: 0; }
    @media (max-width: 40rem) { .reponses { grid-template-columns: 1fr; } .reponses dd { margin-bottom: .5rem; } }
    .statut-nouvelle { color: #7a3e00; font-weight: 700; }
    """
}
