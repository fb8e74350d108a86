import Foundation
import Hummingbird
import Parcours
import ParcoursServer

/// The editor, the history and the accounts, as rooms of the studio.
extension StudioRooms {
    // MARK: Editor

    /// The editor of `parcours serve`, mounted under /editeur/ with the session's token;
    /// each change it makes becomes a commit authored by the account.
    func edit(_ request: Request, path: String, context: StudioContext, account: Account, session: StudioSession) async -> Response {
        let exchange: EditorRequest
        switch await EditorHTTP.exchange(request, path: path) {
        case .failure(let refusal): return refusal.response
        case .success(let value): exchange = value
        }
        var build = BuildOptions()
        build.source = configuration.content
        build.themes = configuration.themes
        build.overrides.append(ConfigurationOverride(path: ["base_url"], value: StudioPreview.baseURL(configuration)))
        let html = page(for: account, session: session)
        let mount = EditorMount(
            prefix: "/editeur/", roomName: "pages", allowsSettings: account.role == .administration,
            links: [("/", "Accueil du studio"), ("/historique/", "Historique"), (StudioPreview.prefix, "Aperçu du site")],
            headerExtra: StudioHTML.logoutForm(account: account, csrfToken: session.csrfToken),
            siteAddress: configuration.siteOrigin.map { $0 + "/" } ?? "/",
            savedNotice: ("Enregistré dans l’historique du site. Pour le mettre en ligne, appuyez sur « Publier » à l’accueil du studio.",
                          "Saved in the site's history. To put it online, press 'Publier' on the studio's home."))
        let room = EditorRoom(build: build, origin: configuration.publicOrigin, csrfToken: session.csrfToken, mount: mount, now: studio.now)
        if exchange.path == "reglages", account.role != .administration {
            return await forbidden(html, context: context, request: request, account: account)
        }
        let answer: EditorResponse
        if exchange.method == .post {
            answer = await studio.workshop.change({ EditorChangeResult(response: room.respond(exchange)) }, author: account,
                                                  address: context.address(of: request)).response
        } else {
            answer = await Task.detached { room.respond(exchange) }.value
        }
        var response = EditorHTTP.response(answer)
        if exchange.form["action"] == "apercu" {
            // The preview is shown in a frame of the editor's own page.
            if let policy = HTTPFields.Element.Name("Content-Security-Policy") { response.headers[policy] = SecurityHeaders.previewPolicy }
        } else if let frame = HTTPFields.Element.Name("X-Frame-Options") {
            response.headers[frame] = "DENY"
        }
        return response
    }

    // MARK: History

    func history(_ route: String, request: Request, context: StudioContext, account: Account, session: StudioSession, html: StudioHTML) async -> Response {
        let history = studio.history
        let content = ContentFolder(configuration.content)
        if request.method == .post {
            guard route == "restaurer" else { return notFound(context) }
            guard let form = await changeForm(request, session: session) else { return refusedToken() }
            let revision = form["version"] ?? "", path = form["page"] ?? ""
            guard ContentHistory.isRevisionID(revision), (try? content.markdownFile(path)) != nil else { return notFound(context) }
            do {
                _ = try await studio.workshop.restore(path, at: revision, author: account, address: context.address(of: request), content: content)
            } catch ContentHistory.Problem.notAPage {
                return html.response(html.message(title: "Restauration impossible", text: "La page n’existait pas dans cette version : il n’y a rien à rétablir."),
                                     status: .unprocessableContent)
            } catch {
                // The details (git's own words, paths of the server) go to the journal, not to the page.
                await studio.audit.record(.restored, account: account.email, address: context.address(of: request), detail: "échec : \(error)")
                return html.response(html.message(title: "Restauration impossible",
                                                  text: "Cette version n’a pas pu être rétablie (la page a peut-être été modifiée entre-temps) : rechargez l’historique et réessayez."),
                                     status: .unprocessableContent)
            }
            return redirect("/historique/page/\(path.percentEncodedPath)?message=restauree")
        }
        if route.isEmpty {
            let revisions = (try? await Task.detached { try history.revisions() }.value) ?? []
            return html.response(html.history(revisions, page: nil))
        }
        if route.hasPrefix("page/") {
            let path = String(route.dropFirst("page/".count))
            // Only a page's path: never a way out of the content folder.
            guard (try? content.markdownFile(path)) != nil || path == ContentLoader.configurationFileName else { return notFound(context) }
            let revisions = (try? await Task.detached { try history.revisions(of: path) }.value) ?? []
            var body = html.history(revisions, page: path)
            if EditorHTTP.queryFields(request.uri.query)["message"] == "restauree" {
                body = body.replacingOccurrences(of: "<table class=\"pages historique\">",
                                                 with: html.notice("Version rétablie : c’est le nouvel état de la page, enregistré dans l’historique. Publiez pour la mettre en ligne.") + "\n<table class=\"pages historique\">")
            }
            return html.response(body)
        }
        if route.hasPrefix("version/") {
            let rest = route.dropFirst("version/".count)
            let revision = String(rest.prefix { $0 != "/" })
            let path = String(rest.dropFirst(revision.count + 1))
            guard ContentHistory.isRevisionID(revision), (try? content.markdownFile(path)) != nil || path == ContentLoader.configurationFileName else {
                return notFound(context)
            }
            let found = try? await Task.detached { () throws -> (ContentHistory.Revision?, [DiffLine], Bool) in
                let entry = try history.revisions(of: path).first { $0.id == revision }
                let lines = try history.changes(of: path, at: revision)
                let exists = try history.text(of: path, at: revision) != nil
                return (entry, lines, exists)
            }.value
            guard let found, let entry = found.0 else { return notFound(context) }
            return html.response(html.revision(entry, page: path, lines: found.1, exists: found.2, notice: nil))
        }
        return notFound(context)
    }

    // MARK: Accounts

    func accounts(_ route: String, request: Request, context: StudioContext, account: Account, session: StudioSession, html: StudioHTML) async -> Response {
        let store = studio.accounts
        let list = { (try? await Task.detached { try store.list() }.value) ?? [] }
        guard request.method == .post else {
            guard route.isEmpty else { return notFound(context) }
            let notice: String? = switch EditorHTTP.queryFields(request.uri.query)["message"] {
            case "cree": "Compte créé. Transmettez le mot de passe provisoire à la personne par un autre moyen que le courriel."
            case "supprime": "Compte supprimé."
            default: nil
            }
            return html.response(html.accounts(await list(), values: [:], errors: [], notice: notice))
        }
        guard let form = await changeForm(request, session: session) else { return refusedToken() }
        let address = context.address(of: request)
        switch route {
        case "ajouter":
            guard let role = Role(rawValue: form["role"] ?? "") else {
                return html.response(html.accounts(await list(), values: form, errors: [("role", "Choisissez un rôle.")], notice: nil), status: .unprocessableContent)
            }
            let email = form["email"] ?? "", name = form["nom"] ?? "", password = form["mot_de_passe"] ?? ""
            do {
                _ = try await Task.detached { try store.add(email: email, name: name, role: role, password: password) }.value
            } catch let problem as AccountStore.Problem {
                let field: String = switch problem {
                case .invalidEmail, .exists: "email"
                case .weakPassword: "mot_de_passe"
                case .invalidName: "nom"
                default: ""
                }
                return html.response(html.accounts(await list(), values: form, errors: [(field, problem.description.capitalizedFirst + ".")], notice: nil),
                                     status: .unprocessableContent)
            } catch {
                return html.response(html.message(title: "Comptes", text: "Le compte n’a pas pu être créé : \(error)."), status: .internalServerError)
            }
            await studio.audit.record(.accountAdded, account: account.email, address: address, detail: "\(AccountStore.normalized(email)) (\(role.rawValue))")
            return redirect("/comptes/?message=cree")
        case "supprimer":
            let email = form["email"] ?? ""
            guard AccountStore.normalized(email) != account.email else {
                return html.response(html.accounts(await list(), values: [:], errors: [("", "Vous ne pouvez pas supprimer votre propre compte.")], notice: nil),
                                     status: .unprocessableContent)
            }
            do {
                try await Task.detached { try store.remove(email: email) }.value
            } catch {
                return html.response(html.accounts(await list(), values: [:], errors: [("", "\(error)".capitalizedFirst + ".")], notice: nil),
                                     status: .unprocessableContent)
            }
            await studio.audit.record(.accountRemoved, account: account.email, address: address, detail: AccountStore.normalized(email))
            return redirect("/comptes/?message=supprime")
        default:
            return notFound(context)
        }
    }
}

extension String {
    var capitalizedFirst: String { prefix(1).uppercased() + dropFirst() }
}
