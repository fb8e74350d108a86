import Foundation
import Testing
@testable import Parcours

/// `JSONValue` writes the bytes `JSONEncoder` wrote before it (issue 15): the pages'
/// JSON-LD and the search index must not change by one byte.
@Suite("JSON as JSONEncoder writes it")
struct JSONValueTests {
    private func encoded(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    /// Every scalar of the first pages of Unicode, alone and around text, and characters
    /// made of several scalars.
    @Test func stringsAreEscapedAsJSONEncoderEscapesThem() throws {
        var texts = ["", "Journée « santé » / 2026", "é\u{301}", "👩‍⚕️ œ", "a\"b\\c</script>", "\u{2028}\u{2029}\u{FEFF}"]
        for value in UInt32(0)...0x2FF {
            guard let scalar = Unicode.Scalar(value) else { continue }
            texts.append(String(scalar))
            texts.append("x\(scalar)y\(scalar)")
        }
        for text in texts {
            #expect(JSONValue.string(text).text == (try encoded(text)), "\(text.debugDescription)")
        }
    }

    @Test func objectsHaveTheirKeysInTheOrderOfSortedKeys() throws {
        let keys = ["@type", "@context", "name", "Name", "_x", "a1", "a10", "a2", "itemListElement", "item", "é", "z"]
        let members = keys.enumerated().map { ($0.element, JSONValue.string("v\($0.offset)")) }
        let dictionary = Dictionary(uniqueKeysWithValues: keys.enumerated().map { ($0.element, "v\($0.offset)") })
        #expect(JSONValue.object(members).text == (try encoded(dictionary)))
    }

    @Test func nilMembersAreLeftOutAndNumbersAndListsAreWrittenPlainly() throws {
        struct Node: Encodable { var position: Int; var name: String?; var list: [String] }
        let value = JSONValue.object(["position": .integer(-12), "name": nil, "list": .array([.string("a"), .string("b")])])
        #expect(value.text == (try encoded(Node(position: -12, name: nil, list: ["a", "b"]))))
        #expect(value.text == #"{"list":["a","b"],"position":-12}"#)
    }

    /// Members given in key order are written as given; in any other order, sorted.
    @Test func membersInKeyOrderAndOutOfItGiveTheSameText() throws {
        let sorted: [(key: String, value: JSONValue)] = [("@type", .string("a")), ("Z", .integer(1)), ("item", .string("b")),
                                                         ("itemListElement", .array([])), ("name", .string("c"))]
        #expect(JSONValue.object(sorted).text == JSONValue.object(sorted.reversed()).text)
        #expect(JSONValue.object(sorted).text == #"{"@type":"a","Z":1,"item":"b","itemListElement":[],"name":"c"}"#)
    }
}
