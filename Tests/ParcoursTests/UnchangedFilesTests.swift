import Foundation
import Testing
@testable import Parcours

/// A rebuild writes only the files whose bytes changed: the others are linked from the
/// output it replaces (the same inode), and the output is still complete and right.
@Suite("Writing only what changed")
struct UnchangedFilesTests {
    @Test func aRebuildLinksTheUnchangedFilesAndWritesTheChangedOnes() throws {
        let site = try TestSite(copyExample: true)
        defer { site.remove() }
        var options = BuildOptions()
        options.source = site.root.appendingPathComponent("content").path
        options.themes = site.root.appendingPathComponent("themes").path
        options.output = site.root.appendingPathComponent("site").path
        #expect(Build.run(options).succeeded)
        func inode(_ path: String) throws -> UInt64 {
            let attributes = try FileManager.default.attributesOfItem(atPath: site.root.appendingPathComponent("site/" + path).path)
            return (attributes[.systemFileNumber] as? NSNumber)?.uint64Value ?? 0
        }
        let unchanged = "mentions-legales/index.html", edited = "actualites/recrutement-ipa/index.html"
        let before = (unchanged: try inode(unchanged), edited: try inode(edited))

        let news = site.root.appendingPathComponent("content/actualites/recrutement-ipa.md")
        try Data((try String(contentsOf: news, encoding: .utf8) + "\nUne phrase ajoutée.\n").utf8).write(to: news)
        #expect(Build.run(options).succeeded)
        #expect(try inode(unchanged) == before.unchanged)
        #expect(try inode(edited) != before.edited)
        #expect(try site.output("actualites/recrutement-ipa/index.html").contains("Une phrase ajoutée."))

        // The output is the one a build from nothing gives.
        let fresh = site.root.appendingPathComponent("fresh")
        options.output = fresh.path
        #expect(Build.run(options).succeeded)
        #expect(FolderFiles.read(site.root.appendingPathComponent("site")) == FolderFiles.read(fresh))
    }
}

enum FolderFiles {
    static func read(_ folder: URL) -> [String: Data] {
        var result: [String: Data] = [:]
        guard let enumerator = FileManager.default.enumerator(atPath: folder.path) else { return result }
        while let relative = enumerator.nextObject() as? String {
            var isFolder: ObjCBool = false
            let path = folder.appendingPathComponent(relative).path
            if FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), !isFolder.boolValue {
                result[relative] = FileManager.default.contents(atPath: path)
            }
        }
        return result
    }
}
