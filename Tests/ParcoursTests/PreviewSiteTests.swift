import Foundation
import Testing
@testable import Parcours
@testable import ParcoursServer

/// What `serve` answers after each save: its table of files is updated in place when the
/// build gave the same paths (issue 15), and made again when it did not.
@Suite("The preview's files")
struct PreviewSiteTests {
    private func text(_ site: PreviewSite, _ path: String) async -> String? {
        guard case .file(let data, _) = await site.lookup(path, query: nil) else { return nil }
        return String(decoding: data, as: UTF8.self)
    }

    @Test func eachSaveIsServedAndNothingElseChanges() async throws {
        let site = try TestSite([
            "actualites/_index.md": "---\ntitle: Actualités\ntype: news\n---\n",
            "actualites/ag.md": "---\ntitle: Assemblée générale\ndate: 2026-09-01\n---\nÀ Niort.\n",
            "contact.md": "---\ntitle: Contact\n---\nÉcrivez-nous.\n",
        ])
        defer { site.remove() }
        let options = site.inMemoryBuildOptions()
        let preview = PreviewSite(options: options)
        #expect(await preview.rebuild().succeeded)
        let contact = await text(preview, "/contact/")
        #expect(await text(preview, "/actualites/ag/")?.contains("À Niort.") == true)

        // The same paths: the saved page changes, the others are served as they were.
        try site.write("actualites/ag.md", "---\ntitle: Assemblée générale\ndate: 2026-09-01\n---\nÀ Melle, salle des fêtes.\n")
        #expect(await preview.rebuild(changes: [options.source + "/actualites/ag.md"]).succeeded)
        #expect(await text(preview, "/actualites/ag/")?.contains("salle des fêtes") == true)
        #expect(await text(preview, "/actualites/ag/")?.contains("À Niort.") == false)
        #expect(await text(preview, "/contact/") == contact)

        // Another set of paths: a new page is served, a removed one is gone.
        try site.write("actualites/atelier.md", "---\ntitle: Atelier\ndate: 2026-09-02\n---\nPour les aînés.\n")
        try FileManager.default.removeItem(at: site.root.appendingPathComponent("content/contact.md"))
        #expect(await preview.rebuild().succeeded)
        #expect(await text(preview, "/actualites/atelier/")?.contains("Pour les aînés.") == true)
        #expect(await text(preview, "/contact/") == nil)
        #expect(await text(preview, "/actualites/ag/")?.contains("salle des fêtes") == true)
    }
}
