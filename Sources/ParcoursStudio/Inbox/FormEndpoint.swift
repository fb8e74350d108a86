import Foundation
import Hummingbird
import Parcours
import ParcoursServer

/// `POST /formulaires/<form id>`: where the public site's form sends a request (DESIGN.md
/// "The inbox"). It is open to anybody, so: CORS for the public site's origin only, a rate
/// limit per address, a body limit, every answer checked against the fields the published
/// page shows, then the request sealed and stored (synced) before the answer is sent. A
/// script (`fetch`) gets JSON; a browser without JavaScript a 303 to the success page, or
/// a page in French that says what to correct.
struct FormEndpoint: Sendable {
    static let prefix = "/formulaires/"
    static let bodyLimit = 64 * 1024
    let studio: Studio

    func respond(_ request: Request, id: String, context: StudioContext) async -> Response {
        let origin = request.headers[.origin]
        let siteOrigin = studio.configuration.siteOrigin
        // A page of another site gets no permission to read the answer, and sends nothing.
        if let origin, origin != siteOrigin, origin != studio.configuration.publicOrigin {
            return Response(status: .forbidden, headers: [.contentType: "text/plain; charset=utf-8"],
                            body: .init(byteBuffer: ByteBuffer(string: "Refusé : ce formulaire ne peut être envoyé que depuis le site de la CPTS.")))
        }
        var cors: HTTPFields = [:]
        if let origin, origin == siteOrigin, let allow = HTTPFields.Element.Name("Access-Control-Allow-Origin"),
           let vary = HTTPFields.Element.Name("Vary") {
            cors[allow] = origin
            cors[vary] = "Origin"
        }
        if request.method == .options {
            guard !cors.isEmpty, let methods = HTTPFields.Element.Name("Access-Control-Allow-Methods"),
                  let allowedHeaders = HTTPFields.Element.Name("Access-Control-Allow-Headers"),
                  let maxAge = HTTPFields.Element.Name("Access-Control-Max-Age") else {
                return Response(status: .forbidden)
            }
            cors[methods] = "POST"
            cors[allowedHeaders] = "Content-Type, Accept"
            cors[maxAge] = "600"
            return Response(status: .noContent, headers: cors)
        }
        guard request.method == .post else {
            return Response(status: .methodNotAllowed, headers: [.allow: "POST, OPTIONS"])
        }
        let contentType = (request.headers[.contentType] ?? "").lowercased()
        let wantsJSON = (request.headers[.accept] ?? "").contains("application/json") || contentType.hasPrefix("application/json")
        let unknown = Answer(wantsJSON: wantsJSON, cors: cors, siteTitle: nil)

        guard FormInbox.isFormID(id), let site = await studio.workshop.published, let form = site.forms[id] else {
            return unknown.problem(.notFound, "Ce formulaire n’existe pas sur le site publié.", fields: [], back: nil)
        }
        let back = site.configuration.baseURL + form.pagePath
        let answer = Answer(wantsJSON: wantsJSON, cors: cors, siteTitle: site.configuration.title)
        let address = context.address(of: request)
        guard await studio.formLimiter.allows(address, now: studio.now()) else {
            return answer.problem(.tooManyRequests, "Trop d’envois depuis cette adresse : attendez une minute avant de renvoyer le formulaire.",
                                  fields: [], back: back)
        }
        var request = request
        guard let buffer = try? await request.collectBody(upTo: Self.bodyLimit) else {
            return answer.problem(.contentTooLarge, "La demande est trop longue (64 ko au plus).", fields: [], back: back)
        }
        let body = Data(buffer.readableBytesView)
        guard let values = Self.values(of: body, json: contentType.hasPrefix("application/json")) else {
            return answer.problem(.badRequest, "La demande est illisible.", fields: [], back: back)
        }
        // Robots: a filled hidden field, or a form sent faster than a person can fill it.
        if !(values[FormView.honeypotName]?.last ?? "").isEmpty {
            return answer.problem(.unprocessableContent, "Refusé : un champ caché, que seuls les robots remplissent, est rempli.", fields: [], back: back)
        }
        if let started = values["_debut"]?.last.flatMap(Double.init),
           studio.now().timeIntervalSince1970 * 1000 - started < Double(FormView.minimumFillSeconds) * 1000 {
            return answer.problem(.unprocessableContent, "Refusé : le formulaire a été envoyé trop vite pour avoir été rempli par une personne.",
                                  fields: [], back: back)
        }
        let answers: [SubmissionCheck.Answer]
        switch SubmissionCheck.check(values, form: form.form, now: studio.now()) {
        case .failure(let problems):
            return answer.problem(.unprocessableContent, "La demande n’a pas été enregistrée : corrigez ces réponses.", fields: problems.list, back: back)
        case .success(let accepted):
            answers = accepted
        }
        let communes = site.configuration.territory?.communes ?? []
        let communeField = form.form.fields.first { $0.autocomplete == "address-level2" }?.name.value
        let commune = communeField.flatMap { name in values[name]?.last }
        let outside = !communes.isEmpty && commune.map { !SubmissionCheck.isInTerritory($0, communes: communes) } == true
        do {
            _ = try await studio.inbox.store(formID: id, contents: InboxStore.Contents(answers: answers, outsideTerritory: outside), now: studio.now())
        } catch {
            return answer.problem(.serviceUnavailable, "La demande n’a pas pu être enregistrée : réessayez dans quelques minutes, ou téléphonez-nous.",
                                  fields: [], back: back)
        }
        await studio.audit.record(.requestReceived, account: "formulaire", address: address, detail: id)
        await studio.notifier?.newRequest()
        if wantsJSON { return answer.json(#"{"ok":true}"#, status: .ok) }
        // Only to this site: an endpoint that redirects anywhere would be an open redirect.
        let base = site.configuration.baseURL
        if let field = site.configuration.forms[id]?.redirectField, let next = values[field]?.last, next.hasPrefix(base) {
            return answer.redirect(next)
        }
        if let success = site.configuration.forms[id]?.successPage?.value {
            return answer.redirect(base + success.drop { $0 == "/" })
        }
        return answer.redirect(back)
    }

    /// urlencoded (names may repeat) or a JSON object of strings, numbers, booleans or lists of them.
    static func values(of body: Data, json: Bool) -> [String: [String]]? {
        var values: [String: [String]] = [:]
        if json {
            guard let object = try? JSONSerialization.jsonObject(with: body) as? [String: Any] else { return nil }
            for (key, value) in object {
                switch value {
                case let text as String: values[key, default: []].append(text)
                case let list as [Any]: values[key, default: []] += list.map { "\($0)" }
                case let number as NSNumber: values[key, default: []].append(number.stringValue)
                default: return nil
                }
            }
            return values
        }
        for pair in String(decoding: body, as: UTF8.self).split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let decode = { (text: Substring) in String(text).replacingOccurrences(of: "+", with: " ").removingPercentEncoding }
            guard let name = parts.first.flatMap(decode), !name.isEmpty else { continue }
            guard let value = parts.count > 1 ? decode(parts[1]) : "" else { return nil }
            values[name, default: []].append(value)
        }
        return values
    }

    /// The shapes of the endpoint's answers, with the CORS headers of the request.
    struct Answer {
        let wantsJSON: Bool
        let cors: HTTPFields
        /// The CPTS's name, on the page a person without JavaScript sees.
        let siteTitle: String?

        func json(_ text: String, status: HTTPResponse.Status) -> Response {
            var headers = cors
            headers[.contentType] = "application/json; charset=utf-8"
            return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: text)))
        }

        func redirect(_ location: String) -> Response {
            var headers = cors
            headers[.location] = location
            return Response(status: .seeOther, headers: headers)
        }

        func problem(_ status: HTTPResponse.Status, _ message: String, fields: [SubmissionCheck.Problem], back: String?) -> Response {
            if wantsJSON {
                let object: [String: Any] = ["erreur": message, "champs": fields.map { ["champ": $0.field, "message": $0.message] }]
                let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data("{}".utf8)
                return json(String(decoding: data, as: UTF8.self), status: status)
            }
            var headers = cors
            headers[.contentType] = "text/html; charset=utf-8"
            let items = fields.map { "<li>\($0.message.markupEscaped)</li>" }.joined(separator: "\n")
            let html = """
                <!doctype html>
                <html lang="fr">
                <head>
                <meta charset="utf-8">
                <meta name="viewport" content="width=device-width, initial-scale=1">
                <link rel="icon" href="data:,">
                <title>Demande non envoyée\(siteTitle.map { " — " + $0.markupEscaped } ?? "")</title>
                <link rel="stylesheet" href="/studio.css">
                </head>
                <body>
                \(siteTitle.map { "<header class=\"entete\"><p class=\"nom\">\($0.markupEscaped)</p></header>" } ?? "")
                <main id="contenu">
                <h1>Demande non envoyée</h1>
                <p>\(message.markupEscaped)</p>
                \(items.isEmpty ? "" : "<ul>\n\(items)\n</ul>")
                \(back.map { "<p>Le bouton «\u{00A0}Retour\u{00A0}» de votre navigateur vous ramène au formulaire avec ce que vous aviez tapé. Vous pouvez aussi <a href=\"\($0.markupEscaped)\">ouvrir le formulaire vide</a>.</p>" } ?? "")
                </main>
                </body>
                </html>

                """
            return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: html)))
        }
    }
}
