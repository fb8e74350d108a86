import Foundation
import Testing
@testable import Parcours

/// `serve` rebuilds from its cache (issue 15): after a save, the site it serves must be the
/// one a build from nothing gives, whatever the cache kept, and the resolved site is reused
/// only when what it was made from did not change.
@Suite("Rebuilds from the cache")
struct IncrementalRebuildTests {
    private static let start = Date(timeIntervalSince1970: 1_790_000_000)  // 2026-09-21

    private static func news(_ title: String, body: String, publish: String? = nil) -> String {
        "---\ntitle: \(title)\ndate: 2026-09-01\ntags: [prévention]\nsummary: Résumé de « \(title) ».\n"
            + (publish.map { "publish_date: \($0)\n" } ?? "") + "---\n\(body)\n"
    }

    private static func files() -> [String: String] {
        [
            "actualites/_index.md": "---\ntitle: Actualités\ntype: news\n---\n",
            "actualites/vaccination.md": news("Campagne de vaccination", body: "Les pharmacies vaccinent dès octobre."),
            "actualites/ag.md": news("Assemblée générale", body: "L’assemblée se tient à Niort.", publish: "2026-01-05"),
            "actualites/atelier.md": news("Atelier prévention des chutes", body: "Un atelier pour les aînés.",
                                          publish: "2026-09-21T16:00"),
        ]
    }

    private func build(_ site: TestSite, cache: BuildCache?, now: Date, changed: [String]? = nil) -> [String: String] {
        var options = site.inMemoryBuildOptions()
        options.cache = cache
        options.rules = PublishingRules(now: now)
        let content = URL(fileURLWithPath: options.source).standardizedFileURL.path
        options.changedFiles = changed.map { Set($0.map { content + "/" + $0 }) }
        let report = Build.run(options)
        #expect(report.succeeded, "\(report.diagnostics.report(in: .english))")
        var files: [String: String] = [:]
        for file in report.files {
            switch file.contents {
            case .text(let text): files[file.path] = text
            case .data(let data): files[file.path] = data.base64EncodedString()
            case .copy(let source): files[file.path] = "copy of " + source
            }
        }
        return files
    }

    /// The same save, built from the cache and from nothing, at the same moment.
    private func expectSameAsFromNothing(_ site: TestSite, cache: BuildCache, now: Date, changed: [String]) -> [String: String] {
        let rebuilt = build(site, cache: cache, now: now, changed: changed)
        let fromNothing = build(site, cache: nil, now: now)
        #expect(rebuilt.keys.sorted() == fromNothing.keys.sorted())
        for (path, text) in fromNothing where rebuilt[path] != text {
            Issue.record("\(path) differs from a build from nothing")
        }
        return rebuilt
    }

    @Test func aSavedBodyIsServedWithTheResolvedSiteReused() throws {
        let site = try TestSite(Self.files())
        defer { site.remove() }
        let cache = BuildCache()
        _ = build(site, cache: cache, now: Self.start)
        try site.write("actualites/ag.md", Self.news("Assemblée générale", body: "L’assemblée se tient à Melle, salle des fêtes.",
                                                     publish: "2026-01-05"))
        let files = expectSameAsFromNothing(site, cache: cache, now: Self.start.addingTimeInterval(60), changed: ["actualites/ag.md"])
        #expect(files["actualites/ag/index.html"]?.contains("salle des fêtes") == true)
        #expect(files["actualites/atom.xml"]?.contains("salle des fêtes") == true)
        #expect(files["recherche/index.json"]?.contains("salle") == true)
        // A list that gains text of its own enters the search index.
        try site.write("actualites/_index.md", "---\ntitle: Actualités\ntype: news\n---\nLes nouvelles du territoire.\n")
        let listed = expectSameAsFromNothing(site, cache: cache, now: Self.start.addingTimeInterval(120), changed: ["actualites/_index.md"])
        #expect(listed["recherche/index.json"]?.contains("territoire") == true)
    }

    @Test func aPageScheduledForLaterAppearsOnceItsTimeComesThoughOnlyABodyChanged() throws {
        let site = try TestSite(Self.files())
        defer { site.remove() }
        let cache = BuildCache()
        // Before 16:00 (Paris) on 2026-09-21 the workshop is not published.
        let morning = try #require(ISO8601DateFormatter().date(from: "2026-09-21T08:00:00Z"))
        let before = build(site, cache: cache, now: morning)
        #expect(before["actualites/atelier/index.html"] == nil)
        try site.write("actualites/ag.md", Self.news("Assemblée générale", body: "Ordre du jour en ligne.", publish: "2026-01-05"))
        let evening = try #require(ISO8601DateFormatter().date(from: "2026-09-21T15:00:00Z"))
        let after = expectSameAsFromNothing(site, cache: cache, now: evening, changed: ["actualites/ag.md"])
        #expect(after["actualites/atelier/index.html"]?.contains("Atelier prévention des chutes") == true)
        #expect(after["actualites/index.html"]?.contains("Atelier prévention des chutes") == true)
    }

    @Test func aChangedTitleOrPublishingDateIsResolvedAgain() throws {
        let site = try TestSite(Self.files())
        defer { site.remove() }
        let cache = BuildCache()
        _ = build(site, cache: cache, now: Self.start)
        // Same day: the title orders the list, and the new one comes first.
        try site.write("actualites/vaccination.md", Self.news("Agir pour la vaccination", body: "Les pharmacies vaccinent dès octobre."))
        let retitled = expectSameAsFromNothing(site, cache: cache, now: Self.start, changed: ["actualites/vaccination.md"])
        let list = try #require(retitled["actualites/index.html"])
        let first = try #require(list.range(of: "Agir pour la vaccination")), second = try #require(list.range(of: "Assemblée générale"))
        #expect(first.lowerBound < second.lowerBound)
        // The same lines, another publishing date: the page leaves the site.
        try site.write("actualites/ag.md", Self.news("Assemblée générale", body: "L’assemblée se tient à Niort.", publish: "2027-01-10"))
        let scheduled = expectSameAsFromNothing(site, cache: cache, now: Self.start, changed: ["actualites/ag.md"])
        #expect(scheduled["actualites/ag/index.html"] == nil)
    }

    @Test func aNewAndARemovedPageChangeTheListing() throws {
        let site = try TestSite(Self.files())
        defer { site.remove() }
        let cache = BuildCache()
        _ = build(site, cache: cache, now: Self.start)
        try site.write("actualites/permanence.md", Self.news("Nouvelle permanence", body: "Le mardi à Celles."))
        let added = expectSameAsFromNothing(site, cache: cache, now: Self.start, changed: ["actualites/permanence.md"])
        #expect(added["actualites/permanence/index.html"] != nil)
        try FileManager.default.moveItem(at: site.root.appendingPathComponent("content/actualites/ag.md"),
                                         to: site.root.appendingPathComponent("ag.md"))
        let removed = expectSameAsFromNothing(site, cache: cache, now: Self.start, changed: ["actualites/ag.md"])
        #expect(removed["actualites/ag/index.html"] == nil)
        #expect(removed["actualites/index.html"]?.contains("Assemblée générale") == false)
    }
    /// An image replaced under the same name changes no page's text, but the pages that show
    /// it give its new size (`width`, `height`, `srcset`).
    @Test func anImageReplacedUnderTheSameNameResizesThePagesThatShowIt() throws {
        var files = Self.files()
        files["actualites/ag.md"] = "---\ntitle: Assemblée générale\ndate: 2026-09-01\nimage: /media/salle.jpg\n"
            + "image_alt: Une salle de réunion\n---\nLa salle :\n\n![La salle des fêtes](/media/salle.jpg)\n"
        let site = try TestSite(files)
        defer { site.remove() }
        let photo = try Data(contentsOf: TestSite.repository.appendingPathComponent("content/media/assemblee-generale.jpg"))
        let media = site.root.appendingPathComponent("content/media")
        try FileManager.default.createDirectory(at: media, withIntermediateDirectories: true)
        try photo.write(to: media.appendingPathComponent("salle.jpg"))
        let cache = BuildCache()
        let before = build(site, cache: cache, now: Self.start)
        #expect(before["actualites/ag/index.html"]?.contains(#"width="1600" height="900""#) == true)
        try Libvips.resize(photo, width: 1000, format: .jpeg).data.write(to: media.appendingPathComponent("salle.jpg"))
        let after = expectSameAsFromNothing(site, cache: cache, now: Self.start, changed: ["media/salle.jpg"])
        #expect(after["actualites/ag/index.html"]?.contains(#"width="1600""#) == false)
        #expect(after["actualites/ag/index.html"]?.contains(#"width="1000""#) == true)
    }
    /// An event is past from its end time, not from the next day: a save in the afternoon
    /// shows the morning's event as past, on its page and in the agenda.
    @Test func anEventOverSinceTheLastSaveIsShownAsPast() throws {
        var files = Self.files()
        files["agenda/_index.md"] = "---\ntitle: Agenda\ntype: event\n---\n"
        files["agenda/formation.md"] = "---\ntitle: Formation aux gestes d’urgence\nstart: 2026-09-21T09:00\n"
            + "end: 2026-09-21T11:00\nlocation:\n  name: Salle des Tanneurs\n  city: Châtellerault\n---\nUne matinée.\n"
        let site = try TestSite(files)
        defer { site.remove() }
        let cache = BuildCache()
        let morning = try #require(ISO8601DateFormatter().date(from: "2026-09-21T08:00:00Z"))
        let before = build(site, cache: cache, now: morning)
        #expect(before["agenda/formation/index.html"]?.contains("class=\"notice\"") == false)
        try site.write("actualites/ag.md", Self.news("Assemblée générale", body: "L’assemblée se tient à Melle.", publish: "2026-01-05"))
        let after = expectSameAsFromNothing(site, cache: cache, now: morning.addingTimeInterval(4 * 3600), changed: ["actualites/ag.md"])
        #expect(after["agenda/formation/index.html"]?.contains("class=\"notice\"") == true)
    }
    /// The sitemap gives a page's time (its file's, but for news): after a save it is the new one.
    @Test func theSitemapGivesTheTimeOfTheSavedFile() throws {
        var files = Self.files()
        files["contact.md"] = "---\ntitle: Contact\n---\nÉcrivez-nous.\n"
        let site = try TestSite(files)
        defer { site.remove() }
        let contact = site.root.appendingPathComponent("content/contact.md")
        let cache = BuildCache()
        try FileManager.default.setAttributes([.modificationDate: Self.start.addingTimeInterval(-86_400)], ofItemAtPath: contact.path)
        let before = build(site, cache: cache, now: Self.start)
        #expect(before["sitemap.xml"]?.contains("contact/</loc><lastmod>2026-09-20") == true)
        // A second paragraph: the summary (the first) stays, and the resolved site too.
        try site.write("contact.md", "---\ntitle: Contact\n---\nÉcrivez-nous.\n\nOu appelez-nous.\n")
        try FileManager.default.setAttributes([.modificationDate: Self.start], ofItemAtPath: contact.path)
        let after = expectSameAsFromNothing(site, cache: cache, now: Self.start.addingTimeInterval(60), changed: ["contact.md"])
        #expect(after["sitemap.xml"]?.contains("contact/</loc><lastmod>2026-09-21") == true)
    }
    /// A save that adds no file reads only the saved files again: a saved image that now
    /// carries a script is still refused, and a site.yaml saved is read again.
    @Test func savedFilesOtherThanPagesAreReadAgain() throws {
        var files = Self.files()
        let clean = "<svg xmlns=\"http://www.w3.org/2000/svg\"><rect width=\"4\" height=\"4\"/></svg>"
        files["media/carte.svg"] = clean
        let site = try TestSite(files)
        defer { site.remove() }
        let cache = BuildCache()
        _ = build(site, cache: cache, now: Self.start)

        try site.write("media/carte.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>")
        var options = site.inMemoryBuildOptions()
        options.cache = cache
        options.rules = PublishingRules(now: Self.start)
        options.changedFiles = [URL(fileURLWithPath: options.source).standardizedFileURL.path + "/media/carte.svg"]
        let report = Build.run(options)
        let succeeded = report.succeeded, diagnostics = report.diagnostics
        #expect(!succeeded)
        #expect(diagnostics.contains { $0.message.contains("<script>") && $0.location?.file.hasSuffix("media/carte.svg") == true })

        try site.write("media/carte.svg", clean)
        _ = expectSameAsFromNothing(site, cache: cache, now: Self.start, changed: ["media/carte.svg"])
        try site.write("site.yaml", TestSite.minimalConfiguration.replacingOccurrences(of: "title: ", with: "title: Nouveau "))
        let retitled = expectSameAsFromNothing(site, cache: cache, now: Self.start, changed: ["site.yaml"])
        #expect(retitled["index.html"]?.contains("Nouveau ") == true)
    }
    /// A form shows its success page's text (the confirmation after sending): a save of the
    /// success page changes the form's page too.
    @Test func aFormShowsTheSavedTextOfItsSuccessPage() throws {
        var files = FormCheckTests.files
        files["demande/merci.md"] = "---\ntitle: Merci\ntype: page\nsummary: Merci.\n---\nNous vous rappelons.\n"
        let site = try TestSite(files)
        defer { site.remove() }
        let cache = BuildCache()
        _ = build(site, cache: cache, now: Self.start)
        try site.write("demande/merci.md", "---\ntitle: Merci\ntype: page\nsummary: Merci.\n---\nNous vous rappelons sous deux jours.\n")
        let saved = expectSameAsFromNothing(site, cache: cache, now: Self.start, changed: ["demande/merci.md"])
        #expect(saved["demande/index.html"]?.contains("sous deux jours") == true)
    }
    /// A save is listed as a walk of the folder lists it: an editor's backup beside a page is
    /// not published, and a page replaced by a symbolic link is not read through it.
    @Test func aSaveIsListedAsTheWalkListsIt() throws {
        let site = try TestSite(Self.files())
        defer { site.remove() }
        let cache = BuildCache()
        _ = build(site, cache: cache, now: Self.start)
        try site.write("media/logo.svg~", "<svg xmlns=\"http://www.w3.org/2000/svg\"/>")
        let backup = expectSameAsFromNothing(site, cache: cache, now: Self.start, changed: ["media/logo.svg~"])
        #expect(backup["media/logo.svg~"] == nil)
        let atelier = site.root.appendingPathComponent("content/actualites/atelier.md")
        try FileManager.default.removeItem(at: atelier)
        try FileManager.default.createSymbolicLink(at: atelier, withDestinationURL: site.root.appendingPathComponent("content/actualites/ag.md"))
        let linked = expectSameAsFromNothing(site, cache: cache, now: Self.start, changed: ["actualites/atelier.md"])
        #expect(linked["actualites/atelier/index.html"] == nil)
    }
}
