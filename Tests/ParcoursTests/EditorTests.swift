import Foundation
import Testing
@testable import Parcours
@testable import ParcoursServer

/// The editor of `parcours serve`, in process: what a save writes (and does not), what a
/// hostile request changes (nothing), conflicts, the trash.
@Suite("Editor")
struct EditorTests {
    static let origin = "http://127.0.0.1:8080"

    struct Room {
        let site: TestSite
        let room: EditorRoom

        init(copyExample: Bool = true, files: [String: String] = [:]) throws {
            site = try TestSite(files, copyExample: copyExample)
            var build = BuildOptions()
            build.source = site.root.appendingPathComponent("content").path
            build.themes = site.root.appendingPathComponent("themes").path
            room = EditorRoom(build: build, origin: EditorTests.origin, csrfToken: "jeton-de-test")
        }

        func file(_ path: String) throws -> String {
            try String(contentsOf: site.root.appendingPathComponent("content").appendingPathComponent(path), encoding: .utf8)
        }

        func get(_ path: String) -> EditorResponse {
            room.respond(EditorRequest(method: .get, path: path))
        }

        func post(_ path: String, _ form: [String: String], origin: String? = EditorTests.origin) -> EditorResponse {
            room.respond(EditorRequest(method: .post, path: path, origin: origin, form: form))
        }

        /// The form of a page as the editor shows it, ready to post back.
        func form(of relativePath: String) throws -> [String: String] {
            let text = try file(relativePath)
            let values = try #require(PageForm.values(ofPage: text))
            let type = EditorSite.load(room.build).type(of: relativePath, values: values)
            var form = EditorFields.shown(values: values, form: PageForm(type: type, language: "fr", relativePath: relativePath))
            form["csrf"] = "jeton-de-test"
            form["version"] = ContentFolder.version(of: Data(text.utf8))
            form["body"] = PageForm.body(ofPage: text)
            form["action"] = "enregistrer"
            return form
        }
    }

    @Test func eachExamplePageSavesOneFieldAndNothingElse() throws {
        let editor = try Room()
        defer { editor.site.remove() }
        let pages = FileTree.files(under: editor.site.root.appendingPathComponent("content")).filter { $0.hasSuffix(".md") }
        #expect(pages.count > 40)
        for page in pages {
            let before = try editor.file(page)
            var form = try editor.form(of: page)
            // Unchanged: the same bytes.
            let unchanged = editor.post("modifier/" + page, form)
            #expect(unchanged.status == 303, "\(page): \(unchanged.body.prefix(2000))")
            #expect(try editor.file(page) == before, "\(page) saved without a change must stay byte for byte")
            // One field changed: that line alone.
            let title = try #require(form["title"])
            form["title"] = title + " (modifié)"
            let saved = editor.post("modifier/" + page, form)
            #expect(saved.status == 303, "\(page): \(saved.body.prefix(3000))")
            let after = try editor.file(page)
            let changedLines = zip(before.split(separator: "\n", omittingEmptySubsequences: false), after.split(separator: "\n", omittingEmptySubsequences: false))
                .filter { $0 != $1 }
            #expect(changedLines.count == 1, "\(page): \(changedLines)")
            #expect(before.split(separator: "\n", omittingEmptySubsequences: false).count == after.split(separator: "\n", omittingEmptySubsequences: false).count)
            #expect(changedLines.first.map { $0.1.contains("(modifié)") } == true)
        }
    }

    @Test func anEventsTimeTypedTheFrenchWay() throws {
        let editor = try Room()
        defer { editor.site.remove() }
        let page = "agenda/assemblee-generale-2025.md"
        var form = try editor.form(of: page)
        form["start.heure"] = "18h30"
        form["location.city"] = "Naintré"
        #expect(editor.post("modifier/" + page, form).status == 303)
        let text = try editor.file(page)
        #expect(text.contains("start: 2025-12-11T18:30\n"))
        #expect(text.contains("  city: Naintré\n"))
    }

    @Test func errorsComeBackBesideTheirFieldsAndNothingIsWritten() throws {
        let editor = try Room()
        defer { editor.site.remove() }
        let page = "agenda/assemblee-generale-2025.md"
        let before = try editor.file(page)
        var form = try editor.form(of: page)
        form["end"] = "32/13/2025"
        form["start.heure"] = "25h"
        form["title"] = ""
        let bad = editor.post("modifier/" + page, form)
        #expect(bad.status == 422)
        #expect(bad.body.contains("<li><a href=\"#champ-title\">Ce champ est obligatoire.</a></li>"))
        #expect(bad.body.contains("<li><a href=\"#champ-end\">« 32/13/2025 » n’est pas une date : écrivez-la jour/mois/année, par exemple 15/01/2027</a></li>"))
        #expect(bad.body.contains("<li><a href=\"#champ-start\">« 25h » n’est pas une heure : écrivez-la comme 18h30 ou 9h</a></li>"))
        #expect(bad.body.contains("name=\"end\" value=\"32/13/2025\""), "every value comes back as typed")
        #expect(try editor.file(page) == before)

        // An error only the pipeline finds (the end before the start) stands beside its field too.
        form = try editor.form(of: page)
        form["start"] = "01/01/2027"
        let late = editor.post("modifier/" + page, form)
        #expect(late.status == 422)
        #expect(late.body.contains("<p class=\"erreur\" id=\"champ-end-erreur\">"))
        #expect(try editor.file(page) == before)
    }

    @Test func aFileChangedOnDiskIsNotOverwritten() throws {
        let editor = try Room()
        defer { editor.site.remove() }
        let page = "contact.md"
        var form = try editor.form(of: page)
        let onDisk = try editor.file(page).replacingOccurrences(of: "title:", with: "# changé ailleurs\ntitle:")
        try editor.site.write(page, onDisk)
        form["title"] = "Écrivez-nous"
        let conflict = editor.post("modifier/" + page, form)
        #expect(conflict.status == 409)
        #expect(conflict.body.contains("Le fichier a changé depuis son ouverture"))
        #expect(conflict.body.contains("# changé ailleurs"), "the version on disk is shown")
        #expect(conflict.body.contains("value=\"Écrivez-nous\""), "the typed values are kept")
        #expect(try editor.file(page) == onDisk)
    }

    @Test func hostileRequestsChangeNothing() throws {
        let editor = try Room()
        defer { editor.site.remove() }
        let page = "contact.md"
        let before = try editor.file(page)
        var form = try editor.form(of: page)
        form["title"] = "Piraté"
        // Another origin, no origin, no token, a wrong token.
        #expect(editor.post("modifier/" + page, form, origin: "https://evil.example").status == 403)
        #expect(editor.post("modifier/" + page, form, origin: nil).status == 403)
        var withoutToken = form
        withoutToken["csrf"] = nil
        #expect(editor.post("modifier/" + page, withoutToken).status == 403)
        withoutToken["csrf"] = "jeton-de-tesT"
        #expect(editor.post("modifier/" + page, withoutToken).status == 403)
        #expect(editor.post("supprimer/" + page, ["csrf": "faux"]).status == 403)
        // Paths that climb, hide or are not pages.
        for path in ["../site.yaml", "../../etc/passwd", "actualites/../../x.md", ".parcours/x.md", "site.yaml", "/etc/passwd.md", "actualites//a.md"] {
            #expect(editor.post("modifier/" + path, form).status == 404, "\(path)")
            #expect(editor.post("supprimer/" + path, form).status == 404, "\(path)")
            #expect(editor.get("modifier/" + path).status == 404, "\(path)")
        }
        #expect(try editor.file(page) == before)
        #expect(!FileManager.default.fileExists(atPath: editor.site.root.appendingPathComponent("x.md").path))
    }

    @Test func aLinkInTheContentFolderIsNeverFollowed() throws {
        let editor = try Room(copyExample: false, files: ["page.md": "---\ntitle: Page\n---\n"])
        defer { editor.site.remove() }
        let outside = editor.site.root.appendingPathComponent("dehors.md")
        try Data("---\ntitle: Dehors\n---\n".utf8).write(to: outside)
        try FileManager.default.createSymbolicLink(at: editor.site.root.appendingPathComponent("content/lien.md"), withDestinationURL: outside)
        #expect(editor.get("modifier/lien.md").status == 404)
        var form = try editor.form(of: "page.md")
        form["version"] = ContentFolder.version(of: try Data(contentsOf: outside))
        #expect(editor.post("modifier/lien.md", form).status == 404)
        #expect(try String(contentsOf: outside, encoding: .utf8) == "---\ntitle: Dehors\n---\n")
    }

    @Test func aNewsItemWrittenInTheEditorIsBuilt() throws {
        let editor = try Room()
        defer { editor.site.remove() }
        let created = editor.post("nouveau/news", [
            "csrf": "jeton-de-test", "action": "enregistrer", "title": "Journée de dépistage à Naintré",
            "date": "15/01/2027", "summary": "Un dépistage gratuit du diabète.", "tags.0": "prévention", "tags.1": "diabète",
            "publication": "maintenant", "body": "Rendez-vous à la [mission prévention](/missions/prevention/).\r\n",
        ])
        #expect(created.status == 303, "\(created.body.prefix(3000))")
        #expect(created.location == "/__parcours/editeur/modifier/actualites/journee-de-depistage-a-naintre.md?enregistre=1")
        #expect(try editor.file("actualites/journee-de-depistage-a-naintre.md") == """
            ---
            title: Journée de dépistage à Naintré
            date: 2027-01-15
            summary: Un dépistage gratuit du diabète.
            tags:
              - prévention
              - diabète
            ---
            Rendez-vous à la [mission prévention](/missions/prevention/).

            """)
        let build = try editor.site.build()
        #expect(build.status == 0, "\(build.errors)")
        #expect(try editor.site.output("actualites/journee-de-depistage-a-naintre/index.html").contains("mission prévention"))
    }

    @Test func deleteMovesToTheTrashAndRestorePutsBack() throws {
        let editor = try Room()
        defer { editor.site.remove() }
        let page = "contact.md"
        let before = try editor.file(page)
        let deleted = editor.post("supprimer/" + page, ["csrf": "jeton-de-test"])
        #expect(deleted.status == 303)
        #expect(!FileManager.default.fileExists(atPath: editor.site.root.appendingPathComponent("content/contact.md").path))
        let trash = editor.get("corbeille/")
        #expect(trash.body.contains("contact.md"))
        let trashed = ContentFolder(editor.room.build.source).trashedPages()
        #expect(trashed.count == 1)
        let id = try #require(trashed.first?.id)
        #expect(editor.post("restaurer/" + id, ["csrf": "jeton-de-test"]).status == 303)
        #expect(try editor.file(page) == before)
    }

    @Test func theListShowsEveryPageWithItsState() throws {
        let editor = try Room(copyExample: false, files: [
            "actualites/_index.md": "---\ntitle: Actualités\ntype: news\n---\n",
            "actualites/brouillon.md": "---\ntitle: Un brouillon\ndate: 2026-01-01\ndraft: true\n---\n",
            "actualites/futur.md": "---\ntitle: Plus tard\ndate: 2026-01-01\npublish_date: 2999-01-01\n---\n",
            "actualites/casse.md": "---\ntitle: [\n---\n",
        ])
        defer { editor.site.remove() }
        let list = editor.get("").body
        #expect(list.contains(">Un brouillon</a></td><td>Actualité</td><td>01/01/2026</td><td><span class=\"etat etat-draft\">brouillon</span>"))
        #expect(list.contains(">Plus tard</a></td><td>Actualité</td><td>01/01/2026</td><td><span class=\"etat etat-scheduled\">programmé</span>"))
        #expect(list.contains("etat-invalid\">à corriger</span>"))
        #expect(list.contains("href=\"/__parcours/editeur/nouveau/news\">Nouvelle actualité</a>"))
        let filtered = editor.room.respond(EditorRequest(method: .get, path: "", query: ["q": "brouillon"])).body
        #expect(filtered.contains(">Un brouillon</a>"))
        #expect(!filtered.contains(">Plus tard</a>"))
    }
}

/// Files sent from the editor: kind by bytes, clean names, no overwrite, alternative text.
@Suite("Editor uploads")
struct EditorUploadTests {
    static let png = Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13])
    static let jpeg = Data([0xFF, 0xD8, 0xFF, 0xE0, 0, 16])

    @Test func kindsAreReadFromTheBytesNotTheName() {
        #expect(MediaUpload.kind(of: Self.png) == .png)
        #expect(MediaUpload.kind(of: Self.jpeg) == .jpeg)
        #expect(MediaUpload.kind(of: Data("%PDF-1.7\n".utf8)) == .pdf)
        #expect(MediaUpload.kind(of: Data("<svg xmlns=\"http://www.w3.org/2000/svg\"><script/></svg>".utf8)) == nil)
        #expect(MediaUpload.kind(of: Data("<html>".utf8)) == nil)
        #expect(MediaUpload.cleanName("Photo de l’équipe (2).JPG") == "photo-de-l-equipe-2")
        #expect(MediaUpload.cleanName("../../etc/passwd") == "etc-passwd")
    }

    @Test func aPhotoGoesToMediaWithACleanNameAndItsMarkdown() throws {
        let editor = try EditorTests.Room(copyExample: false, files: ["page.md": "---\ntitle: Page\n---\n"])
        defer { editor.site.remove() }
        func send(_ data: Data, name: String, alt: String, token: String = "jeton-de-test", origin: String? = EditorTests.origin) -> EditorResponse {
            editor.room.respond(EditorRequest(method: .post, path: "image", origin: origin, form: ["csrf": token, "alt": alt],
                                              upload: .init(data: data, filename: name), wantsJSON: true))
        }
        let first = send(Self.jpeg, name: "Été à Naintré.png", alt: "Le stand de prévention")
        #expect(first.status == 201)
        #expect(first.body == #"{"markdown":"![Le stand de prévention](\/media\/ete-a-naintre.jpg)","path":"\/media\/ete-a-naintre.jpg"}"#)
        let second = send(Self.jpeg, name: "Été à Naintré.jpg", alt: "Encore")
        #expect(second.body.contains("ete-a-naintre-2.jpg"), "never overwrites")
        let media = editor.site.root.appendingPathComponent("content/media")
        #expect(try Data(contentsOf: media.appendingPathComponent("ete-a-naintre.jpg")) == Self.jpeg)

        #expect(send(Self.png, name: "sans-alt.png", alt: " ").body.contains("Décrivez l’image"))
        #expect(send(Data("<svg onload=alert(1)>".utf8), name: "logo.svg", alt: "Logo").body.contains("Les images SVG ne sont pas acceptées"))
        #expect(send(Data("MZ".utf8), name: "photo.jpg", alt: "x").status == 422)
        #expect(send(Data(count: MediaUpload.maximumBytes + 1), name: "grosse.jpg", alt: "x").body.contains("10 Mo au plus"))
        #expect(send(Self.png, name: "x.png", alt: "x", token: "faux").status == 403)
        #expect(send(Self.png, name: "x.png", alt: "x", origin: "https://evil.example").status == 403)
        let files = try FileManager.default.contentsOfDirectory(atPath: media.path).sorted()
        #expect(files == ["ete-a-naintre-2.jpg", "ete-a-naintre.jpg"])
    }
}

/// site.yaml's parts a communications officer changes: menus, contact details, privacy.
@Suite("Editor settings")
struct EditorSettingsTests {
    func form(_ editor: EditorTests.Room) throws -> [String: String] {
        let text = try editor.file("site.yaml")
        var form = PageForm.fields(of: SiteSettings.values(of: text), keys: SiteSettings.keys)
        form["csrf"] = "jeton-de-test"
        form["version"] = ContentFolder.version(of: Data(text.utf8))
        return form
    }

    @Test func settingsKeepTheRestOfSiteYAML() throws {
        let editor = try EditorTests.Room()
        defer { editor.site.remove() }
        let before = try editor.file("site.yaml")
        #expect(editor.get("reglages").body.contains("name=\"menu.0.title\""))
        var form = try form(editor)
        #expect(editor.post("reglages", form).status == 303)
        #expect(try editor.file("site.yaml") == before, "unchanged settings leave site.yaml byte for byte")

        // Reorder the menu (swap the first two entries), rename one, change the phone number.
        let (title0, url0) = (try #require(form["menu.0.title"]), try #require(form["menu.0.url"]))
        form["menu.0.title"] = form["menu.1.title"]
        form["menu.0.url"] = form["menu.1.url"]
        form["menu.1.title"] = title0 + " (renommé)"
        form["menu.1.url"] = url0
        form["organization.phone"] = "05 49 11 22 33"
        #expect(editor.post("reglages", form).status == 303)
        let after = try editor.file("site.yaml")
        let configuration = try #require(ConfigurationValidator.validate(SourceText(path: "site.yaml", text: after), overrides: []).0)
        #expect(configuration.menu.prefix(2).map(\.title) == [form["menu.0.title"], title0 + " (renommé)"])
        #expect(configuration.organization?.phone == "05 49 11 22 33")
        #expect(after.contains("  phone: \"05 49 11 22 33\"\n"), "a quoted value stays quoted")
        // Everything outside the menu and the phone line is as it was.
        let untouched = { (text: String) in
            text.split(separator: "\n", omittingEmptySubsequences: false).filter { !$0.hasPrefix("  phone: ") && !$0.hasPrefix("  - ") && !$0.hasPrefix("    ") }
        }
        #expect(untouched(after).filter { !$0.hasPrefix("menu:") } == untouched(before).filter { !$0.hasPrefix("menu:") })
        #expect(try editor.site.build().status == 0)
    }

    @Test func aBadMenuAddressIsRefusedBesideItsField() throws {
        let editor = try EditorTests.Room()
        defer { editor.site.remove() }
        let before = try editor.file("site.yaml")
        var form = try form(editor)
        form["menu.0.url"] = "http://insecure.example/"
        let refused = editor.post("reglages", form)
        #expect(refused.status == 422)
        #expect(refused.body.contains("id=\"champ-menu-0-url-erreur\""), "\(refused.body.prefix(3000))")
        #expect(try editor.file("site.yaml") == before)
        form["menu.0.url"] = nil
        form["menu.0.title"] = "Sans adresse"
        #expect(editor.post("reglages", form).status == 422)
        #expect(try editor.file("site.yaml") == before)
    }
}
