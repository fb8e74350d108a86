import Foundation
import Testing
@testable import Parcours
import Yams

/// The editor changes what the person changed and nothing else: comments, order, unknown
/// keys, quoting and line endings stay as they were written.
@Suite("Front matter editor")
struct FrontMatterEditorTests {
    static let page = """
        ---
        # Relu par le bureau le 3 mars.
        title: "Assemblée générale 2026"
        start: 2026-12-10T17:00   # heure de Paris
        location:
          name: Salle des fêtes  # la grande salle
          city: Naintré
        audience: [professionnels]
        tags:
          - vie associative
          - assemblée
        extra:
          couleur: bleu
        ---
        Tous les adhérents sont invités.

        """

    func edit(_ changes: [(key: String, value: EditValue?)], _ text: String = page) throws -> String {
        try FrontMatterEditor.apply(changes, to: text)
    }

    @Test func unchangedValuesGiveTheSameBytes() throws {
        #expect(try edit([("title", .text("Assemblée générale 2026")), ("start", .literal("2026-12-10T17:00")),
                          ("tags", .list([.text("vie associative"), .text("assemblée")]))]) == Self.page)
        let windows = Self.page.replacingOccurrences(of: "\n", with: "\r\n")
        #expect(try edit([("title", .text("Assemblée générale 2026"))], "\u{FEFF}" + windows) == "\u{FEFF}" + windows)
    }

    @Test func aScalarChangesOnItsLineAndKeepsItsComment() throws {
        let result = try edit([("start", .literal("2026-12-11T18:30")), ("title", .text("AG : le bilan"))])
        #expect(result == Self.page
            .replacingOccurrences(of: "start: 2026-12-10T17:00   # heure de Paris", with: "start: 2026-12-11T18:30   # heure de Paris")
            .replacingOccurrences(of: "title: \"Assemblée générale 2026\"", with: "title: \"AG : le bilan\""))
    }

    @Test func aNestedKeyChangesAloneInItsMap() throws {
        let result = try edit([("location", .map([.init("name", .text("Salle des fêtes")), .init("city", .text("Châtellerault"))]))])
        #expect(result == Self.page.replacingOccurrences(of: "  city: Naintré", with: "  city: Châtellerault"))
        let added = try edit([("location", .map([.init("name", .text("Salle des fêtes")), .init("city", .text("Naintré")),
                                                 .init("postal_code", .text("86530"))]))])
        #expect(added == Self.page.replacingOccurrences(of: "  city: Naintré\n", with: "  city: Naintré\n  postal_code: \"86530\"\n"))
    }

    @Test func listsAreRewrittenKeysAddedAndRemoved() throws {
        let result = try edit([("tags", .list([.text("assemblée"), .text("vie associative"), .text("2026")])),
                               ("audience", nil), ("summary", .text("L’assemblée annuelle."))])
        #expect(result == """
            ---
            # Relu par le bureau le 3 mars.
            title: "Assemblée générale 2026"
            start: 2026-12-10T17:00   # heure de Paris
            location:
              name: Salle des fêtes  # la grande salle
              city: Naintré
            tags:
              - assemblée
              - vie associative
              - "2026"
            extra:
              couleur: bleu
            summary: L’assemblée annuelle.
            ---
            Tous les adhérents sont invités.

            """)
    }

    @Test(arguments: ["oui", "true", "12", "2026-01-01", "a: b", "# titre", "- tiret", "  espaces ", "guillemet \" et \\", "ligne\nsuivante", "", "@arobase", "valeur #1", "fin:"])
    func textReadsBackAsTheSameText(_ text: String) throws {
        let result = try edit([("title", .text(text))])
        let frontMatter = result.components(separatedBy: "---\n")[1]
        let parsed = try #require(try Yams.compose(yaml: frontMatter))
        #expect(parsed.mapping?["title"]?.scalar?.string == text, "\(result)")
    }

    @Test func aPageWithoutFrontMatterIsLeftToATextEditor() {
        #expect(throws: FrontMatterEditor.Failure.self) { try FrontMatterEditor.apply([("title", .text("x"))], to: "Pas d’en-tête.\n") }
    }
}
