import Foundation
import Testing
@testable import Parcours

/// A tag given twice, or in two spellings of one tag, is one tag (found by the fuzzer:
/// 5,000 times the same tag made a build of minutes).
@Suite("Tags")
struct TagTests {
    @Test func aTagGivenTwiceIsOneTag() throws {
        let site = try TestSite([
            "actualites/_index.md": "---\ntitle: Actualités\ntype: news\n---\n",
            "actualites/ag.md": "---\ntitle: Assemblée générale\ndate: 2026-09-01\ntags: [Prévention, prévention, Prevention, Territoire]\n---\nÀ Niort.\n",
        ])
        defer { site.remove() }
        var options = BuildOptions()
        options.source = site.root.appendingPathComponent("content").path
        options.themes = site.root.appendingPathComponent("themes").path
        options.writesOutput = false
        options.keepsFiles = true
        let report = Build.run(options)
        let succeeded = report.succeeded
        #expect(succeeded)
        let tagPage = report.files.first { $0.path == "tags/prevention/index.html" }.flatMap { file -> String? in
            if case .text(let text) = file.contents { return text }
            return nil
        }
        #expect(tagPage?.components(separatedBy: "/actualites/ag/").count == 2, "the page is listed once")
        let page = report.files.first { $0.path == "actualites/ag/index.html" }.flatMap { file -> String? in
            if case .text(let text) = file.contents { return text }
            return nil
        }
        #expect(page?.components(separatedBy: "/tags/prevention/\"").count == 2, "the tag is shown once")
        #expect(page?.contains("/tags/territoire/") == true)
    }
}
