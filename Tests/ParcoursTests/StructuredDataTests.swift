import Foundation
import Testing
@testable import Parcours

/// A page's JSON-LD is written straight to bytes (issue 15): it must be the JSON that
/// `JSONValue` (and so `JSONEncoder`) writes of the same node, with every `<` written
/// `\u003c` so that no text of the page can close its `<script>`.
@Suite("Structured data")
struct StructuredDataTests {
    /// The JSON of a node as `JSONValue` writes it: members with a value, sorted by it.
    private static func reference(_ node: SchemaNode) -> JSONValue {
        func text(_ value: String?) -> JSONValue? { value.map(JSONValue.string) }
        func list(_ nodes: [SchemaNode]?) -> JSONValue? { nodes.map { .array($0.map(reference)) } }
        let members: [(String, JSONValue?)] = [
            ("@type", node.type.count == 1 ? .string(node.type[0]) : .array(node.type.map(JSONValue.string))),
            ("name", text(node.name)), ("headline", text(node.headline)), ("url", text(node.url)),
            ("description", text(node.description)), ("image", text(node.image)), ("datePublished", text(node.datePublished)),
            ("dateModified", text(node.dateModified)), ("startDate", text(node.startDate)), ("endDate", text(node.endDate)),
            ("eventStatus", text(node.eventStatus)), ("eventAttendanceMode", text(node.eventAttendanceMode)),
            ("telephone", text(node.telephone)), ("email", text(node.email)), ("foundingDate", text(node.foundingDate)),
            ("streetAddress", text(node.streetAddress)), ("postalCode", text(node.postalCode)),
            ("addressLocality", text(node.addressLocality)), ("addressCountry", text(node.addressCountry)),
            ("position", node.position.map(JSONValue.integer)), ("item", text(node.item)),
            ("author", node.author.map(reference)), ("publisher", node.publisher.map(reference)),
            ("organizer", node.organizer.map(reference)), ("address", node.address.map(reference)),
            ("location", node.location.map { $0.count == 1 ? reference($0[0]) : .array($0.map(reference)) }),
            ("areaServed", list(node.areaServed)), ("itemListElement", list(node.itemListElement)),
        ]
        return .object(members.compactMap { key, value in value.map { (key, $0) } })
    }

    private static func everyProperty(_ text: String) -> SchemaNode {
        let node = SchemaNode("Event", "Thing")
        (node.name, node.url, node.description, node.headline, node.image) = (text, "/a/", text, text, "/i.png")
        (node.datePublished, node.dateModified, node.startDate, node.endDate) = ("2026-01-01", "2026-01-02", "2026-03-04T18:30:00+01:00", "2026-03-04")
        (node.eventStatus, node.eventAttendanceMode) = ("https://schema.org/EventScheduled", "https://schema.org/MixedEventAttendanceMode")
        (node.telephone, node.email, node.foundingDate) = ("04 00 00 00 00", "contact@exemple.fr", "2021")
        (node.streetAddress, node.postalCode, node.addressLocality, node.addressCountry) = (text, "01000", text, "FR")
        node.position = -3
        node.item = "https://exemple.fr/"
        let person = SchemaNode("Person")
        person.name = text
        (node.author, node.publisher, node.organizer, node.address) = (person, person, person, SchemaNode("PostalAddress"))
        let place = SchemaNode("Place")
        place.name = "Salle <b>"
        node.location = [place, SchemaNode("VirtualLocation")]
        node.areaServed = [SchemaNode("City"), person]
        node.itemListElement = []
        return node
    }

    @Test func aPagesGraphIsTheJSONOfItsNodesWithNoLessThanSign() {
        for text in ["Réunion « santé » / 2026", "</script><script>alert(1)</script>", "a < b \"c\" \\ \n\t\u{1}", "👩‍⚕️ é\u{301}", ""] {
            let full = Self.everyProperty(text)
            let single = SchemaNode("WebPage")
            single.location = [full]
            let graph = [full, single, SchemaNode("BreadcrumbList")]
            let expected = JSONValue.object(["@context": .string("https://schema.org"), "@graph": .array(graph.map(Self.reference))])
                .text.replacingOccurrences(of: "<", with: "\\u003c")
            let written = StructuredData.serialize(graph)
            #expect(written == expected, "\(text.debugDescription)")
            #expect(!written.contains("<"))
        }
    }
}
