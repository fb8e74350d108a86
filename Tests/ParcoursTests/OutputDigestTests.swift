import Crypto
import Foundation
import Testing
@testable import Parcours

/// Work on speed must not change a byte of the output (issue 15). Two sites are built with
/// a fixed clock and fixed file dates, and the SHA-256 of every output file is compared
/// with the list recorded before that work: the example site, and a corpus shaped like the
/// benchmark's (benchmarks/compare-with-hugo: news with tables, task lists, links, tags,
/// the benchmark theme). `PARCOURS_RECORD_DIGESTS=1 swift test --filter OutputDigestTests`
/// writes the lists again, for a change that means to change the output.
@Suite("Output digests")
struct OutputDigestTests {
    static let now = Date(timeIntervalSince1970: 1_796_112_000)  // 2026-12-01T08:00:00Z
    static let fileDate = Date(timeIntervalSince1970: 1_793_520_000)  // 2026-11-01T08:00:00Z
    static let folder = TestSite.repository.appendingPathComponent("Tests/ParcoursTests/Digests")

    @Test func theExampleSiteGivesTheRecordedBytes() throws {
        let site = try TestSite(copyExample: true)
        defer { site.remove() }
        try check(content: site.root.appendingPathComponent("content"), themes: site.root.appendingPathComponent("themes"),
                  list: "example-site.txt")
    }

    @Test func theBenchmarkCorpusGivesTheRecordedBytes() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("parcours-digests-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let content = root.appendingPathComponent("content")
        try Self.writeCorpus(pages: 300, into: content)
        let themes = root.appendingPathComponent("themes")
        try FileManager.default.createDirectory(at: themes, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: TestSite.repository.appendingPathComponent("benchmarks/parcours-theme"),
                                         to: themes.appendingPathComponent("bench"))
        try check(content: content, themes: themes, list: "benchmark-corpus.txt")
    }

    private func check(content: URL, themes: URL, list: String) throws {
        // The sitemap's lastmod and the calendars' DTSTAMP come from the files' dates.
        if let enumerator = FileManager.default.enumerator(atPath: content.path) {
            while let relative = enumerator.nextObject() as? String {
                try FileManager.default.setAttributes([.modificationDate: Self.fileDate], ofItemAtPath: content.appendingPathComponent(relative).path)
            }
        }
        var options = BuildOptions()
        options.source = content.path
        options.themes = themes.path
        options.writesOutput = false
        options.keepsFiles = true
        options.rules = PublishingRules(now: Self.now)
        let report = Build.run(options)
        #expect(report.succeeded, "\(report.diagnostics.report)")
        var digests: [String: String] = [:]
        for file in report.files {
            let data: Data = switch file.contents {
            case .text(let text): Data(text.utf8)
            case .data(let data): data
            case .copy(let source): FileManager.default.contents(atPath: content.appendingPathComponent(source).path) ?? Data()
            }
            digests[file.path] = SHA256.hash(data: data).hexadecimal
        }
        let text = digests.keys.sorted().map { "\(digests[$0] ?? "")  \($0)" }.joined(separator: "\n") + "\n"
        let url = Self.folder.appendingPathComponent(list)
        if ProcessInfo.processInfo.environment["PARCOURS_RECORD_DIGESTS"] == "1" {
            try FileManager.default.createDirectory(at: Self.folder, withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
            return
        }
        let recorded = try String(contentsOf: url, encoding: .utf8)
        var expected: [String: String] = [:]
        for line in recorded.split(separator: "\n") {
            let parts = line.split(separator: " ", maxSplits: 1)
            if parts.count == 2 { expected[String(parts[1].dropFirst())] = String(parts[0]) }
        }
        let missing = Set(expected.keys).subtracting(digests.keys).sorted()
        let added = Set(digests.keys).subtracting(expected.keys).sorted()
        let changed = digests.keys.filter { expected[$0] != nil && expected[$0] != digests[$0] }.sorted()
        #expect(missing.isEmpty && added.isEmpty && changed.isEmpty,
                "output differs from \(list): changed \(changed.prefix(20)), missing \(missing.prefix(20)), new \(added.prefix(20))")
    }

    /// The benchmark's corpus (benchmarks/compare-with-hugo, `generate`), in Swift.
    static func writeCorpus(pages: Int, into content: URL) throws {
        let news = content.appendingPathComponent("actualites")
        try FileManager.default.createDirectory(at: news, withIntermediateDirectories: true)
        func write(_ url: URL, _ text: String) throws { try Data(text.utf8).write(to: url) }
        try write(content.appendingPathComponent("site.yaml"),
                  "title: Banc d'essai\nbase_url: https://bench.example.org/\ntheme: bench\nmenu:\n  - { title: Actualités, url: /actualites/ }\n")
        try write(content.appendingPathComponent("_index.md"), "---\ntitle: Accueil\n---\nBienvenue.\n")
        try write(news.appendingPathComponent("_index.md"), "---\ntitle: Actualités\ntype: news\n---\n")
        let filler = String(repeating: "Texte de remplissage pour donner à chaque page une taille réaliste. ", count: 12)
            .trimmingCharacters(in: .whitespaces)
        for i in 0..<pages {
            let body = """
                ## Contexte

                La CPTS poursuit son action sur le territoire : **\(i)** professionnels réunis, des
                [parcours](https://www.example.org/parcours/\(i)) mieux coordonnés et ~~moins~~ plus de
                temps médical. Voir aussi https://www.ameli.fr pour les démarches.

                | Indicateur | Valeur | Cible |
                |---|---|---|
                | Patients suivis | \(i) | 12 000 |
                | Professionnels | 400 | 450 |

                - [x] réunion de lancement
                - [ ] bilan à six mois

                > Une citation d'un médecin du territoire, numéro \(i).

                \(filler)

                """
            let month = String(format: "%02d", 1 + i % 12), day = String(format: "%02d", 1 + i % 28)
            let front = "---\ntitle: Actualité numéro \(i)\ndate: \(2020 + i % 6)-\(month)-\(day)\n"
                + "tags: [theme-\(i % 20), territoire]\nsummary: Résumé de l'actualité \(i).\n---\n"
            try write(news.appendingPathComponent("actualite-\(i).md"), front + body)
        }
    }
}
