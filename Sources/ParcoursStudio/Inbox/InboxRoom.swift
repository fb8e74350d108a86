import Foundation
import Hummingbird
import Parcours
import ParcoursServer

/// `/demandes/`: the requests of the forms, for `secretariat` and `administration`. Every
/// look at a request and every export is in the journal.
struct InboxRoom: Sendable {
    let studio: Studio
    let rooms: StudioRooms

    func respond(_ route: String, request: Request, context: StudioContext, account: Account, session: StudioSession, html: StudioHTML) async -> Response {
        let address = context.address(of: request)
        let inbox = studio.inbox
        switch (request.method, route) {
        case (.get, ""), (.head, ""):
            guard let (requests, unreadable) = try? await inbox.all() else { return rooms.plain("Base de données indisponible.", status: .serviceUnavailable) }
            await studio.audit.record(.requestViewed, account: account.email, address: address, detail: "liste (\(requests.count))")
            let notice = EditorHTTP.queryFields(request.uri.query)["message"] == "enregistre" ? "Demande mise à jour." : nil
            return html.response(html.inbox(requests, unreadable: unreadable, retentionDays: await retentionDays, notice: notice))
        case (.get, "export.csv"), (.head, "export.csv"):
            guard let (requests, _) = try? await inbox.all() else { return rooms.plain("Base de données indisponible.", status: .serviceUnavailable) }
            await studio.audit.record(.requestsExported, account: account.email, address: address, detail: "\(requests.count) demande(s)")
            let stamp = String(ISO8601DateFormatter().string(from: studio.now()).prefix(10))
            return Response(status: .ok, headers: [.contentType: "text/csv; charset=utf-8", .cacheControl: "no-store",
                                                   .contentDisposition: "attachment; filename=\"demandes-\(stamp).csv\""],
                            body: .init(byteBuffer: ByteBuffer(bytes: InboxCSV.bytes(requests))))
        case (.get, let reference), (.head, let reference):
            guard let found = try? await inbox.request(reference) else { return rooms.notFound(context) }
            await studio.audit.record(.requestViewed, account: account.email, address: address, detail: reference)
            return html.response(html.inboxRequest(found, notice: nil))
        case (.post, let reference):
            guard let form = await rooms.changeForm(request, session: session) else { return rooms.refusedToken() }
            guard let status = InboxStore.Status(rawValue: form["statut"] ?? ""), (form["note"] ?? "").count <= 5_000 else {
                return rooms.plain("Statut inconnu ou note trop longue (5 000 caractères au plus).", status: .unprocessableContent)
            }
            guard (try? await inbox.update(reference, status: status, note: form["note"] ?? "", by: account.name, now: studio.now())) == true else {
                return rooms.notFound(context)
            }
            await studio.audit.record(.requestChanged, account: account.email, address: address, detail: "\(reference) : \(status.label)")
            return rooms.redirect("/demandes/?message=enregistre")
        default:
            return rooms.notFound(context)
        }
    }

    var retentionDays: Int? {
        get async { await studio.workshop.published?.configuration.privacy?.retentionDays }
    }
}

/// The export for a spreadsheet: UTF-8 with a byte order mark (so that a spreadsheet opens
/// the accents right), `;` between columns (what a French spreadsheet expects), one line
/// per request, one column per question.
enum InboxCSV {
    static func bytes(_ requests: [InboxStore.Request]) -> [UInt8] {
        var labels: [String] = []
        for request in requests.reversed() {
            for answer in request.contents.answers where !labels.contains(answer.label) { labels.append(answer.label) }
        }
        var lines = [(["Reçue le", "Formulaire", "Statut"] + labels + ["Hors du territoire", "Note", "Modifiée par", "Modifiée le"])
            .map(cell).joined(separator: ";")]
        for request in requests {
            var row = [StudioHTML.dateTime(request.receivedAt), request.formID, request.status.label]
            for label in labels { row.append(request.contents.answers.first { $0.label == label }?.value ?? "") }
            row += [request.contents.outsideTerritory ? "oui" : "non", request.note, request.changedBy ?? "",
                    request.changedAt.map(StudioHTML.dateTime) ?? ""]
            lines.append(row.map(cell).joined(separator: ";"))
        }
        return [0xEF, 0xBB, 0xBF] + Array((lines.joined(separator: "\r\n") + "\r\n").utf8)
    }

    /// RFC 4180 quoting; a value that a spreadsheet would read as a formula (`=`, `+`, `-`,
    /// `@`) starts with an apostrophe, so that a request cannot run anything on opening.
    static func cell(_ value: String) -> String {
        var text = value
        if let first = text.first, "=+-@\t\r".contains(first) { text = "'" + text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
