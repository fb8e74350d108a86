import Foundation
import Testing
@testable import Parcours

/// The folders of the output: those that hold folders are made first and marked for ext4 to
/// spread their folders (`SpreadFolders`); every other folder is made by the writer of its
/// first file, several writers at once.
@Suite("Output folders")
struct OutputFoldersTests {
    @Test func theFoldersHoldingFoldersAreEachFolderAboveAFile() {
        let files = ["index.html", "actualites/index.html", "actualites/ag/index.html", "actualites/ag/photo.jpg",
                     "actualites/page/2/index.html", "tags/sante/index.html", "recherche/index.json", "404.html"]
            .map { OutputFile(path: $0, contents: .text("")) }
        #expect(OutputWriter.foldersHoldingFolders(files) == Set(["actualites", "actualites/page", "tags"].map { Array($0.utf8) }))
        #expect(OutputWriter.foldersHoldingFolders([OutputFile(path: "a.html", contents: .text(""))]).isEmpty)
        // `é` in one character and in two: equal strings, two folders on the disk.
        let forms = ["caf\u{E9}/a/index.html", "cafe\u{301}/b/index.html"].map { OutputFile(path: $0, contents: .text("")) }
        #expect(OutputWriter.foldersHoldingFolders(forms).count == 2)
    }

    @Test func everyFileIsWrittenWhateverTheWriterThatMakesItsFolder() throws {
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("parcours-folders-\(UUID())")
        defer { try? FileManager.default.removeItem(at: output) }
        // Many files share each folder, so that writers race to make it.
        var files: [OutputFile] = []
        for page in 0..<200 {
            for name in ["index.html", "a.jpg", "b.jpg", "c.pdf"] {
                files.append(OutputFile(path: "actualites/page-\(page)/\(name)", contents: .text("\(page) \(name)")))
            }
        }
        files.append(OutputFile(path: "a/b/c/d/index.html", contents: .text("deep")))
        files.append(OutputFile(path: "index.html", contents: .text("home")))
        files.append(OutputFile(path: "recherche/index.json", contents: .text("[]")))
        files.append(OutputFile(path: "caf\u{E9}/a/index.html", contents: .text("one form")))
        files.append(OutputFile(path: "cafe\u{301}/b/index.html", contents: .text("the other")))
        #expect(OutputWriter.write(files, to: output.path, contentDirectory: "content").isEmpty)

        #expect(FolderFiles.read(output).count == files.count + 1)  // and the output's marker
        for file in files {
            guard case .text(let text) = file.contents else { continue }
            #expect(FileManager.default.contents(atPath: output.path + "/" + file.path) == Data(text.utf8), "\(file.path)")
        }

        // Where the file system keeps the attribute (ext4; not tmpfs, btrfs or XFS), the
        // folders that hold folders have it.
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("parcours-attribute-\(UUID())")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        SpreadFolders.mark(scratch.path)
        if (SpreadFolders.attributes(scratch.path) ?? 0) & SpreadFolders.topFolder != 0 {
            for folder in ["", "/actualites", "/a", "/a/b", "/a/b/c"] {
                #expect((SpreadFolders.attributes(output.path + folder) ?? 0) & SpreadFolders.topFolder != 0, "\(folder)")
            }
            #expect((SpreadFolders.attributes(output.path + "/actualites/page-0") ?? 0) & SpreadFolders.topFolder == 0)
        }
    }

    @Test func theReplacedOutputIsRemovedWholeAndNothingOutsideIt() throws {
        let fileManager = FileManager.default
        let root = fileManager.temporaryDirectory.appendingPathComponent("parcours-replaced-\(UUID())")
        defer { try? fileManager.removeItem(at: root) }
        let outside = root.appendingPathComponent("kept"), replaced = root.appendingPathComponent(".site.previous-1")
        try fileManager.createDirectory(at: outside, withIntermediateDirectories: true)
        try Data("kept".utf8).write(to: outside.appendingPathComponent("file.txt"))
        for page in 0..<50 {
            let folder = replaced.appendingPathComponent("actualites/page-\(page)")
            try fileManager.createDirectory(at: folder, withIntermediateDirectories: true)
            try Data("\(page)".utf8).write(to: folder.appendingPathComponent("index.html"))
        }
        try Data("home".utf8).write(to: replaced.appendingPathComponent("index.html"))
        // Links at each level, to a folder outside: removed, never followed.
        try fileManager.createSymbolicLink(at: replaced.appendingPathComponent("link"), withDestinationURL: outside)
        try fileManager.createSymbolicLink(at: replaced.appendingPathComponent("actualites/link"), withDestinationURL: outside)
        try fileManager.createSymbolicLink(at: replaced.appendingPathComponent("actualites/page-1/link"), withDestinationURL: outside)

        ReplacedOutput.remove(replaced.path)
        #expect(!fileManager.fileExists(atPath: replaced.path))
        #expect(fileManager.contents(atPath: outside.appendingPathComponent("file.txt").path) == Data("kept".utf8))
    }

    @Test func anOutputThatIsALinkLosesTheLinkOnlyWhenReplaced() throws {
        let site = try TestSite()
        defer { site.remove() }
        // `site` is a link to a release folder: a build replaces the link, never empties the release.
        let release = site.root.appendingPathComponent("releases/v12")
        #expect(try site.build().status == 0)
        try FileManager.default.createDirectory(at: release.deletingLastPathComponent(), withIntermediateDirectories: true)
        try FileManager.default.moveItem(at: site.root.appendingPathComponent("site"), to: release)
        try FileManager.default.createSymbolicLink(at: site.root.appendingPathComponent("site"), withDestinationURL: release)
        let before = FolderFiles.read(release)
        #expect(before.count > 3)
        #expect(try site.build().status == 0)
        #expect(FolderFiles.read(release) == before)
        #expect(site.outputExists("index.html"))
    }
}
