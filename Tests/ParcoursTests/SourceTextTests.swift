import Testing
@testable import Parcours

/// Every diagnostic shows the line it points at, and every value read from front matter
/// keeps its line: `SourceText.line` reads bytes up to that line (issue 15).
@Suite("Source lines")
struct SourceTextTests {
    @Test func linesAreThoseAnEditorShows() {
        let source = SourceText(path: "content/ag.md", text: "---\ntitle: Été à Châtellerault\n\n  - 👩🏽‍⚕️ accueil\u{301}\nfin")
        #expect(source.line(0) == nil)
        #expect(source.line(1) == "---")
        #expect(source.line(2) == "title: Été à Châtellerault")
        #expect(source.line(3) == "")
        #expect(source.line(4) == "  - 👩🏽‍⚕️ accueil\u{301}")
        #expect(source.line(5) == "fin")
        #expect(source.line(6) == nil)
        #expect(SourceText(path: "a", text: "a\n").line(2) == "")
        #expect(SourceText(path: "a", text: "a\n").line(3) == nil)
        #expect(SourceText(path: "a", text: "").line(1) == "")
    }

    @Test func aLineBreakBeforeACombiningMarkStillEndsTheLine() {
        // "\n" and a combining mark are two characters: the mark starts the next line.
        let source = SourceText(path: "a", text: "un\n\u{301}deux")
        #expect(source.line(1) == "un")
        #expect(source.line(2) == "\u{301}deux")
    }

    @Test func aCarriageReturnBeforeTheLineBreakIsNotShown() {
        let source = SourceText(path: "a", text: "un\r\ndeux\r\n")
        #expect(source.line(1) == "un")
        #expect(source.line(2) == "deux")
    }
}
