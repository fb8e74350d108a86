import Crypto
import Foundation
import Parcours
import Yams

/// The editor of `parcours serve`, under `/__parcours/editeur/`: the site's pages in a list,
/// each page as a form derived from its type's schema, saved only when the whole pipeline
/// accepts it. It calls the stages (load, validate, resolve, render) through `Build.run`;
/// it is not a second pipeline.
public struct EditorRoom: Sendable {
    /// Where `parcours serve` mounts it.
    public static let previewPrefix = "/__parcours/editeur/"

    /// The build options of the preview (content and themes folders, the local base URL).
    let build: BuildOptions
    /// `http://127.0.0.1:8080`: the only origin allowed to change anything.
    let origin: String
    /// Sent in every form that changes something; a request without it changes nothing.
    let csrfToken: String
    let now: @Sendable () -> Date
    /// Where the room is mounted and what surrounds it (nil: `parcours serve`'s, in the site's language).
    let givenMount: EditorMount?

    public init(build: BuildOptions, origin: String, csrfToken: String = EditorRoom.newToken(), mount: EditorMount? = nil,
                now: @escaping @Sendable () -> Date = { Date() }) {
        var build = build
        build.writesOutput = false
        build.keepsFiles = false
        build.cache = nil
        build.changedFiles = nil
        // The editor shows and checks drafts and scheduled pages like the others.
        build.rules = PublishingRules(includeDrafts: true, includeFuture: true, includeExpired: true)
        self.build = build
        self.origin = origin
        self.csrfToken = csrfToken
        self.givenMount = mount
        self.now = now
    }

    func mount(french: Bool) -> EditorMount { givenMount ?? .preview(french: french) }
    var prefix: String { givenMount?.prefix ?? Self.previewPrefix }

    public static func newToken() -> String {
        SymmetricKey(size: .bits256).withUnsafeBytes { Data($0) }.base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    var content: ContentFolder { ContentFolder(build.source) }

    // MARK: Routing

    public func respond(_ request: EditorRequest) -> EditorResponse {
        // The style sheet and the script need no site: served before the site is read.
        switch (request.method, request.path) {
        case (.get, "editeur.css"): return .text(EditorAssets.css, status: 200, type: "text/css; charset=utf-8")
        case (.get, "editeur.js"): return .text(EditorAssets.script, status: 200, type: "text/javascript; charset=utf-8")
        default: break
        }
        let site = EditorSite.load(build)
        let html = EditorHTML(site: site, csrfToken: csrfToken, mount: mount(french: site.language != "en"))
        let path = request.path
        if request.method == .other {
            return .text(html.t("Méthode non permise.", "Method not allowed."), status: 405)
        }
        if request.method == .post, let refusal = refusal(of: request, html: html) {
            return refusal
        }
        switch (request.method, path) {
        case (.get, ""):
            return .html(html.index(filter: request.query["q"] ?? "", notice: request.query["message"].flatMap(html.notice)))
        case (.get, "corbeille/"):
            return .html(html.trash(content.trashedPages(), notice: request.query["message"].flatMap(html.notice)))
        case (_, "reglages"):
            return settings(request, html: html)
        case (.post, "image"):
            return upload(request, html: html)
        case (.post, let route) where route.hasPrefix("restaurer/"):
            return restore(String(route.dropFirst("restaurer/".count)), html: html)
        case (.post, let route) where route.hasPrefix("supprimer/"):
            return delete(String(route.dropFirst("supprimer/".count)), html: html)
        case (_, let route) where route.hasPrefix("nouveau/"):
            guard let type = PageType(name: String(route.dropFirst("nouveau/".count))) else { return notFound(html) }
            return request.method == .get ? newForm(type, html: html) : create(type, request: request, html: html)
        case (_, let route) where route.hasPrefix("modifier/"):
            let relativePath = String(route.dropFirst("modifier/".count))
            return request.method == .get ? editForm(relativePath, saved: request.query["enregistre"] != nil,
                                                     restored: request.query["restaure"] != nil, html: html)
                : save(relativePath, request: request, html: html)
        default:
            return notFound(html)
        }
    }

    /// A change must come from the editor's own page: same origin, and the token of this run.
    private func refusal(of request: EditorRequest, html: EditorHTML) -> EditorResponse? {
        guard request.origin == origin else {
            return .text(html.t("Refusé : cette demande ne vient pas de l’éditeur (origine \(request.origin ?? "absente")).",
                                "Refused: this request does not come from the editor (origin \(request.origin ?? "missing")))."), status: 403)
        }
        guard SecretComparison.matches(request.form["csrf"] ?? "", csrfToken) else {
            return .text(html.t("Refusé : le jeton du formulaire manque ou a expiré ; rechargez la page de l’éditeur.",
                                "Refused: the form's token is missing or expired; reload the editor's page."), status: 403)
        }
        return nil
    }

    private func notFound(_ html: EditorHTML) -> EditorResponse {
        .html(html.message(title: html.t("Page introuvable", "Page not found"),
                           text: html.t("Cette adresse ne correspond à rien dans l’éditeur.", "This address matches nothing in the editor.")), status: 404)
    }

    // MARK: Pages

    private func editForm(_ relativePath: String, saved: Bool, restored: Bool = false, html: EditorHTML) -> EditorResponse {
        let file: (text: String, version: String)
        do {
            file = try content.read(relativePath)
        } catch {
            return notFound(html)
        }
        guard let values = PageForm.values(ofPage: file.text) else {
            return .html(html.message(title: relativePath, text: html.t(
                "Cette page n’a pas d’en-tête lisible (les lignes entre deux « --- ») : corrigez-la dans un éditeur de texte.",
                "This page has no readable front matter (the lines between two '---'): fix it in a text editor.")), status: 422)
        }
        let type = site(html).type(of: relativePath, values: values)
        let form = PageForm(type: type, language: html.language, relativePath: relativePath)
        let fields = EditorFields.shown(values: values, form: form)
        var page = EditorHTML.FormPage(relativePath: relativePath, type: type, fields: fields, body: PageForm.body(ofPage: file.text),
                                       version: file.version, isNew: false)
        if saved { page.notice = html.t(html.mount.savedNotice.french, html.mount.savedNotice.english) }
        if restored { page.notice = html.t("Page restaurée depuis la corbeille.", "Page restored from the trash.") }
        return .html(html.form(page, form: form))
    }

    private func newForm(_ type: PageType, html: EditorHTML) -> EditorResponse {
        let form = PageForm(type: type, language: html.language)
        let page = EditorHTML.FormPage(relativePath: nil, type: type, fields: ["publication": "maintenant"], body: "", version: "", isNew: true)
        return .html(html.form(page, form: form))
    }

    private func site(_ html: EditorHTML) -> EditorSite { html.site }

    // MARK: Saving

    private func save(_ relativePath: String, request: EditorRequest, html: EditorHTML) -> EditorResponse {
        let file: (text: String, version: String)
        do {
            file = try content.read(relativePath)
        } catch {
            return notFound(html)
        }
        guard let values = PageForm.values(ofPage: file.text) else { return notFound(html) }
        let type = html.site.type(of: relativePath, values: values)
        let form = PageForm(type: type, language: html.language, relativePath: relativePath)
        let shown = EditorFields.shown(values: values, form: form)
        let posted = request.form
        var page = EditorHTML.FormPage(relativePath: relativePath, type: type, fields: posted, body: posted["body"] ?? "",
                                       version: posted["version"] ?? "", isNew: false)

        let (changes, errors) = EditorFields.changes(posted: posted, shown: shown, form: form)
        if !errors.isEmpty {
            page.errors = errors
            return .html(html.form(page, form: form), status: 422)
        }
        let newText: String
        do {
            newText = try EditorFields.apply(changes, body: posted["body"], to: file.text)
        } catch {
            page.errors = ["": html.t("La page n’a pas pu être modifiée : son en-tête est illisible.", "The page could not be changed: its front matter cannot be read.")]
            return .html(html.form(page, form: form), status: 422)
        }
        if request.form["action"] == "apercu" { return preview(relativePath, text: newText, html: html) }
        // A file changed on disk since the form was opened is not overwritten: the editor shows both.
        if posted["version"] != file.version {
            page.conflict = file.text
            page.version = file.version
            return .html(html.form(page, form: form), status: 409)
        }
        if newText == file.text { return .redirect(prefix + "modifier/" + relativePath.percentEncodedPath + "?enregistre=1") }
        let diagnostics = check(relativePath, text: newText)
        if diagnostics.hasErrors {
            page.errors = EditorFields.errorsByField(diagnostics, text: newText, form: form)
            return .html(html.form(page, form: form), status: 422)
        }
        do {
            try content.write(newText, to: relativePath, expectedVersion: file.version)
        } catch .changedOnDisk {
            page.conflict = (try? content.read(relativePath).text) ?? ""
            return .html(html.form(page, form: form), status: 409)
        } catch {
            page.errors = ["": html.t("Impossible d’enregistrer le fichier : \(error).", "Cannot save the file: \(error).")]
            return .html(html.form(page, form: form), status: 500)
        }
        return .redirect(prefix + "modifier/" + relativePath.percentEncodedPath + "?enregistre=1",
                         change: EditorChange(kind: .modified, paths: [relativePath], title: posted["title"] ?? relativePath, type: type))
    }

    private func create(_ type: PageType, request: EditorRequest, html: EditorHTML) -> EditorResponse {
        let form = PageForm(type: type, language: html.language)
        let posted = request.form
        var page = EditorHTML.FormPage(relativePath: nil, type: type, fields: posted, body: posted["body"] ?? "", version: "", isNew: true)
        let (changes, errors) = EditorFields.changes(posted: posted, shown: [:], form: form)
        if !errors.isEmpty {
            page.errors = errors
            return .html(html.form(page, form: form), status: 422)
        }
        let relativePath: String
        switch html.site.newPagePath(type: type, title: posted["title"] ?? "") {
        case .success(let path): relativePath = path
        case .failure(let problem):
            page.errors = ["title": problem.message(french: html.isFrench)]
            return .html(html.form(page, form: form), status: 422)
        }
        let newText = EditorFields.newPage(changes, body: posted["body"] ?? "", order: ["title"] + form.schema.keys.map(\.name) + PageSchema.common.map(\.name))
        if request.form["action"] == "apercu" { return preview(relativePath, text: newText, html: html) }
        let diagnostics = check(relativePath, text: newText)
        if diagnostics.hasErrors {
            page.errors = EditorFields.errorsByField(diagnostics, text: newText, form: form)
            return .html(html.form(page, form: form), status: 422)
        }
        do {
            try content.write(newText, to: relativePath, expectedVersion: nil)
        } catch .changedOnDisk {
            page.errors = ["title": html.t("Une page de ce nom existe déjà : choisissez un autre titre.", "A page of this name exists already: choose another title.")]
            return .html(html.form(page, form: form), status: 409)
        } catch {
            page.errors = ["": html.t("Impossible d’enregistrer le fichier : \(error).", "Cannot save the file: \(error).")]
            return .html(html.form(page, form: form), status: 500)
        }
        return .redirect(prefix + "modifier/" + relativePath.percentEncodedPath + "?enregistre=1",
                         change: EditorChange(kind: .created, paths: [relativePath], title: posted["title"] ?? relativePath, type: type))
    }

    /// The errors the whole pipeline finds in this page once changed (those of other files
    /// do not stop a save: they are the other files' business).
    private func check(_ relativePath: String, text: String) -> [Diagnostic] {
        var options = build
        options.unsavedPages = [relativePath: text]
        let display = FileTree.join(build.source, relativePath)
        return Build.run(options).diagnostics.filter { $0.location?.file == display && $0.severity == .error }
    }

    /// The page as the site would show it, rendered by the real pipeline and theme.
    private func preview(_ relativePath: String, text: String, html: EditorHTML) -> EditorResponse {
        var options = build
        options.unsavedPages = [relativePath: text]
        options.keepsFiles = true
        let report = Build.run(options)
        let slug = PageForm.values(ofPage: text)?["slug"].flatMap { value -> String? in
            if case .text(let slug) = value { return slug }
            return nil
        }
        let raw = RawPage(relativePath: relativePath, source: SourceText(path: relativePath, text: text))
        let path = Resolver.sitePath(of: raw, slug: slug).path + "index.html"
        guard report.succeeded, let file = report.files.first(where: { $0.path == path }), case .text(let page) = file.contents else {
            let errors = report.diagnostics.filter { $0.severity == .error }.prefix(5).map { $0.formatted(in: html.schemaLanguage) }
            return .html(html.previewProblem(errors))
        }
        return .html(page)
    }

    // MARK: Images and documents

    /// Stores an image or a PDF in `content/media/` and gives the Markdown that shows it.
    private func upload(_ request: EditorRequest, html: EditorHTML) -> EditorResponse {
        let alternative = request.form["alt"] ?? ""
        let result = MediaUpload.store(request.upload?.data ?? Data(), originalName: request.upload?.filename ?? "",
                                       alternative: alternative, decorative: false, in: content)
        switch result {
        case .success(let stored):
            let markdown = MediaUpload.markdown(path: stored.path, kind: stored.kind, alternative: alternative, decorative: false)
            let change = EditorChange(kind: .uploaded, paths: [stored.path], title: URL(fileURLWithPath: stored.path).lastPathComponent)
            var answer: EditorResponse = request.wantsJSON
                ? .text(#"{"markdown":\#(jsonString(markdown)),"path":\#(jsonString(stored.path))}"#, status: 201, type: "application/json")
                : .html(html.uploaded(markdown: markdown, page: request.form["page"]), status: 201)
            answer.change = change
            return answer
        case .failure(let problem):
            let message = problem.message(french: html.isFrench)
            if request.wantsJSON { return .text(#"{"erreur":\#(jsonString(message))}"#, status: 422, type: "application/json") }
            return .html(html.message(title: html.t("Fichier refusé", "File refused"), text: message), status: 422)
        }
    }

    private func jsonString(_ text: String) -> String {
        (try? String(decoding: JSONEncoder().encode(text), as: UTF8.self)) ?? "\"\""
    }

    // MARK: Trash

    private func delete(_ relativePath: String, html: EditorHTML) -> EditorResponse {
        let type = (try? content.read(relativePath)).flatMap { PageForm.values(ofPage: $0.text) }.map { html.site.type(of: relativePath, values: $0) }
        let trashed: ContentFolder.TrashedPage
        do {
            trashed = try content.moveToTrash(relativePath, now: now())
        } catch {
            return notFound(html)
        }
        return .redirect(prefix + "?message=supprime", change: EditorChange(kind: .deleted, paths: [relativePath], title: trashed.title, type: type))
    }

    private func restore(_ id: String, html: EditorHTML) -> EditorResponse {
        do {
            let path = try content.restore(id)
            let values = (try? content.read(path)).flatMap { PageForm.values(ofPage: $0.text) }
            var title = path
            if case .text(let text)? = values?["title"] { title = text }
            return .redirect(prefix + "modifier/" + path.percentEncodedPath + "?restaure=1",
                             change: EditorChange(kind: .restored, paths: [path], title: title, type: values.map { html.site.type(of: path, values: $0) }))
        } catch .changedOnDisk {
            return .redirect(prefix + "corbeille/?message=occupe")
        } catch {
            return notFound(html)
        }
    }
}

extension String {
    /// A content path in a URL: each segment percent-encoded, the slashes kept.
    public var percentEncodedPath: String {
        split(separator: "/", omittingEmptySubsequences: false)
            .map { $0.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed.subtracting(CharacterSet(charactersIn: "/?#"))) ?? String($0) }
            .joined(separator: "/")
    }
}
