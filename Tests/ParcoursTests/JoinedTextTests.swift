import Testing
@testable import Parcours

/// The search index is written again from its last text after a save (issue 15): replacing
/// parts must give what joining the new parts gives.
@Suite("Joined text")
struct JoinedTextTests {
    private static let parts = [#"{"title":"Été"}"#, "", #"{"words":"œuvre 👩🏽‍⚕️ santé"}"#, "x", #"{"url":"/a/"}"#]

    @Test(arguments: [
        [(0, "premier")],
        [(4, "dernier, plus long")],
        [(1, "était vide")],
        [(2, "")],
        [(3, "é"), (0, "👩🏽‍⚕️"), (4, "")],
        [(0, "a"), (1, "b"), (2, "c"), (3, "d"), (4, "e")],
    ])
    func replacedPartsGiveTheJoinOfTheNewParts(_ changes: [(Int, String)]) {
        var joined = JoinedText(Self.parts, separator: ",", prefix: "[", suffix: "]")
        var parts = Self.parts
        joined.replace(changes.map { (index: $0.0, part: $0.1) })
        for (index, part) in changes { parts[index] = part }
        #expect(joined.text == "[" + parts.joined(separator: ",") + "]")
        // Where each part ends was kept right: a second change lands in its place.
        joined.replace([(index: 2, part: "ensuite")])
        parts[2] = "ensuite"
        #expect(joined.text == "[" + parts.joined(separator: ",") + "]")
    }

    @Test func aRepeatedIndexTakesItsLastPartAndOneOutOfRangeNothing() {
        var joined = JoinedText(Self.parts, separator: ",")
        joined.replace([(index: 1, part: "premier"), (index: 9, part: "hors"), (index: -1, part: "hors"), (index: 1, part: "second")])
        var parts = Self.parts
        parts[1] = "second"
        #expect(joined.text == parts.joined(separator: ","))
    }

    @Test func noChangeKeepsTheText() {
        var joined = JoinedText(Self.parts, separator: ", ")
        joined.replace([])
        #expect(joined.text == Self.parts.joined(separator: ", "))
        #expect(joined.count == Self.parts.count)
    }
}
