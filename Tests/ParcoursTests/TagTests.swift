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
        let report = Build.run(site.inMemoryBuildOptions())
        let succeeded = report.succeeded
        #expect(succeeded)
        func text(_ path: String) -> String? {
            guard case .text(let text)? = report.files.first(where: { $0.path == path })?.contents else { return nil }
            return text
        }
        let tagPage = text("tags/prevention/index.html")
        #expect(tagPage?.components(separatedBy: "/actualites/ag/").count == 2, "the page is listed once")
        let page = text("actualites/ag/index.html")
        #expect(page?.components(separatedBy: "/tags/prevention/\"").count == 2, "the tag is shown once")
        #expect(page?.contains("/tags/territoire/") == true)
    }
}
