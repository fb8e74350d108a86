import Crypto
import Foundation
import Hummingbird
import HummingbirdAuth
import Parcours
import ParcoursServer

/// The studio's rooms, by path: login, home, editor, history, publication, accounts,
/// journal. Every answer is made here from plain values; nothing thrown reaches the client.
struct StudioRooms: Sendable {
    let studio: Studio

    var configuration: StudioConfiguration { studio.configuration }

    func respond(_ request: Request, context: StudioContext) async -> Response {
        let rawPath = request.uri.path
        // A path is read once decoded; one that does not decode is nobody's.
        guard let path = rawPath.removingPercentEncoding, !path.contains("\0") else { return notFound(context) }
        let method = request.method
        // The public site's form: open to anybody, with its own rules (CORS, rate limit).
        if path.hasPrefix(FormEndpoint.prefix) {
            return await FormEndpoint(studio: studio).respond(request, id: String(path.dropFirst(FormEndpoint.prefix.count)), context: context)
        }
        guard [.get, .head, .post].contains(method) else {
            return Response(status: .methodNotAllowed, headers: [.allow: "GET, HEAD, POST", .contentType: "text/plain; charset=utf-8"],
                            body: .init(byteBuffer: ByteBuffer(string: "Méthode non permise.")))
        }
        let isPost = method == .post
        // Before anything that changes something: the request comes from the studio's own pages.
        if isPost, request.headers[.origin] != configuration.publicOrigin {
            await studio.audit.record(.refused, account: context.account?.email ?? "", address: context.address(of: request),
                                      detail: "POST \(path.prefix(100)) d’une autre origine (\(request.headers[.origin]?.prefix(100) ?? "aucune"))")
            return plain("Refusé : cette demande ne vient pas d’une page du studio.", status: .forbidden)
        }
        switch path {
        case StudioHTML.styleSheet:
            return Response(status: .ok, headers: [.contentType: "text/css; charset=utf-8", .cacheControl: "max-age=300"],
                            body: .init(byteBuffer: ByteBuffer(string: EditorAssets.css + "\n" + StudioHTML.css + "\n" + StudioHTML.inboxCSS)))
        case "/connexion":
            if isPost { return await login(request, context: context) }
            let loggedOut = EditorHTTP.queryFields(request.uri.query)["message"] == "deconnexion"
            return loginPage(context: context, email: "", problem: nil, notice: loggedOut ? "Vous êtes déconnecté·e." : nil)
        default:
            break
        }
        // Everything else needs a session.
        guard let account = context.account, let session = context.session else {
            if isPost { return plain("Refusé : votre session a expiré ou n’existe pas ; reconnectez-vous.", status: .forbidden) }
            return redirect("/connexion")
        }
        if path == "/deconnexion" {
            return isPost ? await logout(request, context: context, account: account, session: session) : redirect("/")
        }
        if path == "/double-authentification" {
            return await enrolment(request, context: context, account: account, session: session)
        }
        if session.mustEnrol { return redirect("/double-authentification") }
        let html = page(for: account, session: session)

        switch path {
        case "/":
            guard !isPost else { return notFound(context) }
            return await home(html, request: request)
        case "/publication":
            guard account.role.editsPages, !isPost else { return notFound(context) }
            return await publicationResult(html)
        case "/publier":
            guard isPost else { return redirect("/") }
            return await publish(request, context: context, account: account, session: session, html: html)
        case "/editeur":
            return redirect("/editeur/")
        case let editor where editor.hasPrefix("/editeur/"):
            guard account.role.editsPages else { return await forbidden(html, context: context, request: request, account: account) }
            return await edit(request, path: String(editor.dropFirst("/editeur/".count)), context: context, account: account, session: session)
        case "/apercu":
            return redirect(StudioPreview.prefix)
        case let preview where preview.hasPrefix(StudioPreview.prefix):
            guard account.role.editsPages else { return await forbidden(html, context: context, request: request, account: account) }
            guard !isPost else { return notFound(context) }
            var response = await studio.preview.respond(to: String(preview.dropFirst(StudioPreview.prefix.count)), query: request.uri.query)
            // The site's pages, shown in the editor's preview frame too.
            if let policy = HTTPFields.Element.Name("Content-Security-Policy") { response.headers[policy] = SecurityHeaders.previewPolicy }
            if let frame = HTTPFields.Element.Name("X-Frame-Options") { response.headers[frame] = "SAMEORIGIN" }
            return response
        case "/historique":
            return redirect("/historique/")
        case let history where history.hasPrefix("/historique/"):
            guard account.role.editsPages else { return await forbidden(html, context: context, request: request, account: account) }
            return await self.history(String(history.dropFirst("/historique/".count)), request: request, context: context,
                                      account: account, session: session, html: html)
        case "/demandes":
            return redirect("/demandes/")
        case let inbox where inbox.hasPrefix("/demandes/"):
            guard account.role.readsInbox else { return await forbidden(html, context: context, request: request, account: account) }
            return await InboxRoom(studio: studio, rooms: self).respond(String(inbox.dropFirst("/demandes/".count)), request: request, context: context,
                                                                       account: account, session: session, html: html)
        case "/comptes", "/journal":
            return redirect(path + "/")
        case let room where room.hasPrefix("/comptes/"):
            guard account.role == .administration else { return await forbidden(html, context: context, request: request, account: account) }
            return await accounts(String(room.dropFirst("/comptes/".count)), request: request, context: context, account: account,
                                  session: session, html: html)
        case "/journal/":
            guard account.role == .administration else { return await forbidden(html, context: context, request: request, account: account) }
            let entries = (try? await studio.audit.latest()) ?? []
            return html.response(html.journal(entries))
        default:
            return notFound(context)
        }
    }

    // MARK: Shapes

    func page(for account: Account, session: StudioSession) -> StudioHTML {
        StudioHTML(siteTitle: siteTitle, account: account, csrfToken: session.csrfToken, canPublish: canPublish(account))
    }

    var siteTitle: String {
        let url = URL(fileURLWithPath: configuration.content).appendingPathComponent(ContentLoader.configurationFileName)
        guard let text = try? String(contentsOf: url, encoding: .utf8), case .text(let title)? = SiteSettings.values(of: text)["title"] else {
            return "Site"
        }
        return title
    }

    func canPublish(_ account: Account) -> Bool {
        account.role == .administration || (account.role == .redaction && configuration.redactionCanPublish)
    }

    func plain(_ text: String, status: HTTPResponse.Status) -> Response {
        Response(status: status, headers: [.contentType: "text/plain; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    func redirect(_ location: String) -> Response {
        Response(status: .seeOther, headers: [.location: location])
    }

    func notFound(_ context: StudioContext) -> Response {
        let html = StudioHTML(siteTitle: siteTitle, account: context.account, csrfToken: context.session?.csrfToken, canPublish: false)
        return html.response(html.message(title: "Page introuvable", text: "Cette adresse ne correspond à rien dans le studio."), status: .notFound)
    }

    func forbidden(_ html: StudioHTML, context: StudioContext, request: Request, account: Account) async -> Response {
        await studio.audit.record(.refused, account: account.email, address: context.address(of: request),
                                  detail: "\(request.method.rawValue) \(request.uri.path.prefix(100)) (rôle \(account.role.rawValue))")
        return html.response(html.message(title: "Accès refusé", text: "Votre rôle (\(account.role.label)) ne donne pas accès à cette partie du studio."),
                             status: .forbidden)
    }

    /// The fields of a studio form, once its origin (checked before) and its token are right.
    func changeForm(_ request: Request, session: StudioSession) async -> [String: String]? {
        var request = request
        guard let buffer = try? await request.collectBody(upTo: 64 * 1024) else { return nil }
        let form = EditorRequest.formFields(String(decoding: buffer.readableBytesView, as: UTF8.self))
        guard SecretComparison.matches(form["csrf"] ?? "", session.csrfToken) else { return nil }
        return form
    }

    func refusedToken() -> Response {
        plain("Refusé : le jeton du formulaire manque ou a expiré ; rechargez la page.", status: .forbidden)
    }

    // MARK: Login

    /// The login form's token: a time and its HMAC under this run's key (a person who is
    /// not logged in has no session to hold a token); valid two hours.
    func loginToken(at date: Date) -> String {
        let stamp = String(Int(date.timeIntervalSince1970))
        let mac = HMAC<SHA256>.authenticationCode(for: Data(("connexion|" + stamp).utf8), using: studio.loginKey)
        return stamp + "." + Data(mac).hexadecimal
    }

    func loginTokenIsValid(_ token: String) -> Bool {
        let parts = token.split(separator: ".", maxSplits: 1)
        guard parts.count == 2, parts[0].count <= 12, let seconds = Int(parts[0]) else { return false }
        let age = studio.now().timeIntervalSince1970 - Double(seconds)
        guard age >= -60, age <= 7200 else { return false }
        return SecretComparison.matches(token, loginToken(at: Date(timeIntervalSince1970: Double(seconds))))
    }

    func loginPage(context: StudioContext, email: String, problem: String?, status: HTTPResponse.Status = .ok, notice: String? = nil) -> Response {
        if context.account != nil, problem == nil, context.session?.mustEnrol == false { return redirect("/") }
        let html = StudioHTML(siteTitle: siteTitle, account: nil, csrfToken: nil, canPublish: false)
        return html.response(html.login(email: email, token: loginToken(at: studio.now()), problem: problem, notice: notice), status: status)
    }

    func login(_ request: Request, context: StudioContext) async -> Response {
        var request = request
        guard let buffer = try? await request.collectBody(upTo: 16 * 1024) else { return plain("Requête trop grande.", status: .contentTooLarge) }
        let form = EditorRequest.formFields(String(decoding: buffer.readableBytesView, as: UTF8.self))
        let email = AccountStore.normalized(form["email"] ?? "")
        let address = context.address(of: request)
        guard loginTokenIsValid(form["csrf"] ?? "") else {
            return loginPage(context: context, email: email, problem: "Le formulaire a expiré : tapez de nouveau votre mot de passe.", status: .forbidden)
        }
        let now = studio.now()
        // Counted before the password is checked (see LoginThrottle.attempt).
        let lock: Date?
        do {
            lock = try await studio.throttle.attempt(email: email, address: address, now: now)
        } catch {
            return plain("Base de données indisponible : réessayez dans un instant.", status: .serviceUnavailable)
        }
        if let until = lock {
            await studio.audit.record(.loginLocked, account: AuditLog.accountField(email), address: address)
            return loginPage(context: context, email: email, problem: "Trop d’essais manqués : la connexion est bloquée jusqu’à \(StudioHTML.dateTime(until).components(separatedBy: " à ").last ?? "") (heure de Paris). Réessayez ensuite, ou demandez à l’administration de réinitialiser votre mot de passe.",
                             status: .tooManyRequests)
        }
        let account = try? await studio.accounts.account(email: email)
        let password = form["mot_de_passe"] ?? ""
        let passwordMatches = await PasswordCheck.verify(password, of: account, in: studio.accounts)
        var succeeded = passwordMatches
        if passwordMatches, let account, let id = account.id, account.role.requiresSecondFactor, account.hasSecondFactor {
            succeeded = false
            if let step = AccountStore.matchingStep(form["code"] ?? "", secret: account.totpSecret ?? "", now: now, after: account.totpLastStep) {
                succeeded = (try? await studio.accounts.useStep(step, of: id)) == true
            }
        }
        guard succeeded, let account, let id = account.id else {
            await studio.audit.record(.loginFailed, account: AuditLog.accountField(email), address: address)
            // One message whatever was wrong: the page does not tell that the password of an
            // administration account was right but its code was not.
            return loginPage(context: context, email: email,
                             problem: "Adresse électronique, mot de passe ou code incorrect (le code à six chiffres ne sert qu’aux comptes d’administration, et chaque code ne sert qu’une fois).",
                             status: .unauthorized)
        }
        try? await studio.throttle.recordSuccess(email: email, address: address)
        // A new session id at each login: a session id known before (fixed by someone else,
        // or left on a shared computer) opens nothing.
        if let old = request.cookies[StudioServer.cookieName]?.value {
            try? await studio.sessions.remove(key: "hbs." + String(old))
        }
        let mustEnrol = account.role.requiresSecondFactor && !account.hasSecondFactor
        context.sessions.createSession(StudioSession(accountID: id, csrfToken: StudioSession.newToken(), createdAt: now, lastSeen: now,
                                                     mustEnrol: mustEnrol), expiresIn: configuration.sessionMaximum)
        await studio.audit.record(.loginSucceeded, account: AuditLog.accountField(email), address: address)
        return redirect(mustEnrol ? "/double-authentification" : "/")
    }

    func logout(_ request: Request, context: StudioContext, account: Account, session: StudioSession) async -> Response {
        guard await changeForm(request, session: session) != nil else { return refusedToken() }
        context.sessions.clearSession()
        await studio.audit.record(.logout, account: account.email, address: context.address(of: request))
        return redirect("/connexion?message=deconnexion")
    }

    func enrolment(_ request: Request, context: StudioContext, account: Account, session: StudioSession) async -> Response {
        guard account.role.requiresSecondFactor, !account.hasSecondFactor, let id = account.id else { return redirect("/") }
        let html = StudioHTML(siteTitle: siteTitle, account: nil, csrfToken: nil, canPublish: false)
        let secret: String
        if let pending = account.totpSecret {
            secret = pending
        } else {
            guard let made = try? await studio.accounts.startEnrolment(of: id) else { return plain("Base de données indisponible.", status: .internalServerError) }
            secret = (try? await studio.accounts.account(id: id))?.totpSecret ?? made
        }
        let enrolment = AccountStore.enrolment(secret: secret, email: account.email, issuer: "Studio " + siteTitle)
        let qr = (try? QRCode(enrolment.url))?.svg(label: "Code QR à scanner avec l’application d’authentification") ?? ""
        var problem: String?
        if request.method == .post {
            guard let form = await changeForm(request, session: session) else { return refusedToken() }
            if let step = AccountStore.matchingStep(form["code"] ?? "", secret: secret, now: studio.now()) {
                try? await studio.accounts.confirmEnrolment(of: id, step: step)
                var session = session
                session.mustEnrol = false
                _ = context.sessions.updateSession(session)
                await studio.audit.record(.secondFactorEnrolled, account: account.email, address: context.address(of: request))
                return redirect("/?message=bienvenue")
            }
            problem = "Ce code ne correspond pas : vérifiez l’heure du téléphone, puis tapez le code affiché maintenant."
        }
        return html.response(html.enrolment(secret: enrolment.typedSecret, qrCode: qr, csrfToken: session.csrfToken, problem: problem),
                             status: problem == nil ? .ok : .unprocessableContent)
    }

    // MARK: Home and publication

    func home(_ html: StudioHTML, request: Request) async -> Response {
        let publication = await studio.workshop.latestPublication()
        let next = await studio.workshop.nextScheduledChange
        let notice = EditorHTTP.queryFields(request.uri.query)["message"] == "bienvenue" ? "Double authentification activée." : nil
        let newRequests = html.account?.role.readsInbox == true ? (try? await studio.inbox.countNew()) : nil
        return html.response(html.home(publication: publication, nextChange: next, newRequests: newRequests, notice: notice))
    }

    func publish(_ request: Request, context: StudioContext, account: Account, session: StudioSession, html: StudioHTML) async -> Response {
        guard await changeForm(request, session: session) != nil else { return refusedToken() }
        guard canPublish(account) else { return await forbidden(html, context: context, request: request, account: account) }
        _ = await studio.workshop.publish(by: account, address: context.address(of: request))
        // The result is a page of its own: reloading it shows it again, it does not publish again.
        return redirect("/publication")
    }

    /// The last publication's result: the summary and a link to the public site, or every
    /// error, in French.
    func publicationResult(_ html: StudioHTML) async -> Response {
        guard let publication = await studio.workshop.latestPublication() else { return redirect("/") }
        let outcome = Publisher.Outcome(revision: publication.revision, succeeded: publication.succeeded, report: publication.report,
                                        nextScheduledChange: nil, site: nil)
        return html.response(html.publication(outcome, siteAddress: configuration.siteOrigin.map { $0 + "/" }),
                             status: outcome.succeeded ? .ok : .unprocessableContent)
    }
}

extension StudioHTML {
    func response(_ body: String, status: HTTPResponse.Status = .ok) -> Response {
        Response(status: status, headers: [.contentType: "text/html; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: body)))
    }
}

extension StudioContext {
    /// The same request, seen as from nobody (the page after logging out).
    static func loggedOut(from context: StudioContext) -> StudioContext {
        var copy = context
        copy.account = nil
        copy.session = nil
        return copy
    }
}
