import Foundation
import Testing
@testable import Parcours

/// The schema of the page types: well formed, and the source of what the validator accepts.
@Suite("Page schema")
struct SchemaTests {
    /// Every key of `keys` and of the maps under them, with its path (`location.city`, `leads[].name`).
    static func flatten(_ keys: [FrontMatterKey], path: String = "") -> [(path: String, key: FrontMatterKey)] {
        keys.flatMap { key -> [(path: String, key: FrontMatterKey)] in
            let name = path + key.name
            switch key.kind {
            case .map(let children): return [(name, key)] + flatten(children, path: name + ".")
            case .list(.map(let children)): return [(name, key)] + flatten(children, path: name + "[].")
            default: return [(name, key)]
            }
        }
    }

    static var everyKey: [(path: String, key: FrontMatterKey)] {
        flatten(PageSchema.common) + PageSchema.all.flatMap { flatten($0.keys, path: "\($0.type.rawValue): ") }
    }

    @Test func keysAreUniqueInEveryType() {
        for schema in PageSchema.all {
            let names = schema.allKeys.map(\.name)
            #expect(Set(names).count == names.count, "\(schema.type): \(names)")
            // Each map's own keys, too.
            for (path, key) in Self.flatten(schema.allKeys) where !key.keys.isEmpty {
                #expect(Set(key.keyNames).count == key.keyNames.count, "\(path): \(key.keyNames)")
            }
        }
    }

    @Test func everyChoiceHasValues() {
        var choices = 0
        for (path, key) in Self.everyKey where !key.choices.isEmpty || isChoice(key.kind) {
            choices += 1
            #expect(!key.values.isEmpty, "\(path)")
            #expect(Set(key.values).count == key.values.count, "\(path): \(key.values)")
            for choice in key.choices {
                #expect(!choice.value.isEmpty && !choice.label.french.isEmpty && !choice.label.english.isEmpty, "\(path): \(choice)")
            }
        }
        #expect(choices >= 7, "type, audience, status (3), axis, kind, field type")
    }

    private func isChoice(_ kind: FrontMatterKey.Kind) -> Bool {
        switch kind {
        case .choice, .list(.choice): return true
        default: return false
        }
    }

    @Test func everyKeyHasFrenchAndEnglishLabelAndHelp() {
        for (path, key) in Self.everyKey {
            #expect(!key.label.french.isEmpty && !key.label.english.isEmpty, "\(path): label")
            #expect(!key.help.french.isEmpty && !key.help.english.isEmpty, "\(path): help")
            #expect(key.label.french != key.help.french, "\(path): the help says more than the label")
        }
    }

    @Test func everyNumberHasBounds() {
        for (path, key) in Self.everyKey {
            if case .integer(let bounds) = key.kind {
                #expect(bounds.lowerBound > Int.min / 2 && bounds.upperBound < Int.max / 2, "\(path): \(bounds)")
            }
        }
    }

    @Test func typesHaveFrenchNamesAndLabels() {
        let french = PageSchema.all.map(\.frenchName)
        #expect(french == ["page", "actualite", "evenement", "mission", "projet", "partenaire", "projet-de-sante", "formulaire"])
        #expect(PageSchema.all.map(\.label.french) == ["Page", "Actualité", "Événement", "Mission", "Projet", "Partenaire", "Projet de santé", "Formulaire"])
        for schema in PageSchema.all {
            #expect(PageType(name: schema.frenchName) == schema.type)
            #expect(PageType(name: schema.type.rawValue) == schema.type)
            #expect(schema.type.schema == schema)
            #expect(!schema.label.english.isEmpty && !schema.newPageLabel.french.isEmpty && !schema.newPageLabel.english.isEmpty)
        }
        // A French name is never another type's English name.
        for schema in PageSchema.all {
            #expect(PageType(rawValue: schema.frenchName).map { $0 == schema.type } ?? true, "\(schema.frenchName)")
        }
        #expect(PageType(name: "evnt") == nil)
    }

    /// The typed values the validator builds agree with the schema's lists.
    @Test func typedValuesAgreeWithTheSchema() {
        #expect(EventMetadata.Status.allCases.map(\.rawValue) == EventKeys.status.values)
        #expect(MissionMetadata.socleAxes == Set(MissionKeys.axis.values.prefix(4)))
        #expect(CommonKeys.type.values == PageType.allCases.map(\.rawValue))
        #expect(CommonMetadata.keys == PageSchema.common.map(\.name))
        #expect(PageType.event.keys == ["start", "end", "location", "online_url", "registration_url", "audience", "status"])
        #expect(FormField.types.first == "text", "the default type of a form field")
    }

    // MARK: The validator reads the schema

    /// Diagnostics of a site made of `files`, validated in this process.
    func diagnostics(_ files: [String: String]) throws -> [String] {
        let site = try TestSite(files)
        defer { site.remove() }
        let (_, diagnostics) = NewPage.loadSite(source: site.root.appendingPathComponent("content").path)
        return diagnostics.map { diagnostic in
            let file = diagnostic.location.map { URL(fileURLWithPath: $0.file).lastPathComponent } ?? ""
            return "\(file): \(diagnostic.message)"
        }
    }

    @Test func validatorRejectsAKeyNotInTheSchema() throws {
        var files: [String: String] = [:]
        for type in PageType.allCases {
            files["\(type.rawValue).md"] = "---\ntitle: Essai\ntype: \(type.rawValue)\nzzzz_zzzz: 1\n---\n"
        }
        let messages = try diagnostics(files)
        for schema in PageSchema.all {
            let known = schema.allKeys.map(\.name).joined(separator: ", ")
            let expected = "\(schema.type.rawValue).md: unknown key 'zzzz_zzzz' for \(schema.type.owner) (known keys: \(known))"
            #expect(messages.contains(expected), "expected «\(expected)» in \(messages)")
        }
    }

    @Test func nestedKeysComeFromTheSchema() throws {
        let messages = try diagnostics([
            "agenda/_index.md": "---\ntitle: Agenda\ntype: event\n---\n",
            "agenda/a.md": "---\ntitle: A\nstart: 2026-01-05\nlocation: { name: Salle, zzzz_zzzz: 1 }\n---\n",
        ])
        let known = EventKeys.location.keyNames.joined(separator: ", ")
        #expect(messages.contains("a.md: unknown key 'location.zzzz_zzzz' for 'location' (known keys: \(known))"), "\(messages)")
    }

    @Test func boundsComeFromTheSchema() throws {
        #expect(CommonKeys.paginate.bounds == 1...1000)
        #expect(CommonKeys.weight.bounds == -1_000_000...1_000_000)
        let messages = try diagnostics([
            "actualites/_index.md": "---\ntitle: Actualités\ntype: news\npaginate: 0\n---\n",
            "page.md": "---\ntitle: Page\nweight: 2000000\n---\n",
        ])
        for (file, key, value) in [("_index.md", CommonKeys.paginate, 0), ("page.md", CommonKeys.weight, 2_000_000)] {
            let bounds = try #require(key.bounds)
            let expected = "\(file): '\(key.name)' must be between \(bounds.lowerBound) and \(bounds.upperBound), not \(value)"
            #expect(messages.contains(expected), "expected «\(expected)» in \(messages)")
        }
    }

    @Test func requiredKeysComeFromTheSchema() throws {
        var files: [String: String] = [:]
        for type in PageType.allCases {
            files["\(type.rawValue).md"] = "---\ntitle: Essai\ntype: \(type.rawValue)\n---\n"
        }
        let messages = try diagnostics(files)
        for schema in PageSchema.all {
            for key in schema.keys where key.isRequired {
                let expected = "\(schema.type.rawValue).md: missing required key '\(key.name)' for \(schema.type.owner)"
                #expect(messages.contains(expected), "expected «\(expected)» in \(messages)")
            }
        }
    }

    @Test func choicesComeFromTheSchema() throws {
        let messages = try diagnostics([
            "partenaire.md": "---\ntitle: P\ntype: partner\nkind: autres\n---\n",
        ])
        let values = PartnerKeys.kind.values.joined(separator: ", ")
        #expect(messages.contains("partenaire.md: 'kind' must be one of \(values), not \"autres\" (did you mean 'autre'?)"), "\(messages)")
    }

    // MARK: The README's tables

    /// The README's key tables are the schema's, between `<!-- schema:<type> -->` and
    /// `<!-- /schema -->`. After a change of the schema, run the tests once with
    /// `PARCOURS_UPDATE_SCHEMA_TABLES=1` to write them, and read the diff.
    @Test func readmeTablesMatchTheSchema() throws {
        let readme = TestSite.repository.appendingPathComponent("README.md")
        let text = try String(contentsOf: readme, encoding: .utf8)
        var expected = ["common": PageSchema.commonMarkdownTable(language: .english)]
        for schema in PageSchema.all {
            expected[schema.type.rawValue] = schema.markdownTable(language: .english)
        }
        let blocks = SchemaTableBlocks(text)
        if ProcessInfo.processInfo.environment["PARCOURS_UPDATE_SCHEMA_TABLES"] == "1" {
            try Data(blocks.replacing(with: expected).utf8).write(to: readme)
            return
        }
        #expect(blocks.names.sorted() == expected.keys.sorted(), "one block per type, and one for the common keys")
        for (name, table) in expected {
            #expect(blocks.content[name] == table,
                    "README.md's table '\(name)' differs from the schema: run the tests with PARCOURS_UPDATE_SCHEMA_TABLES=1")
        }
    }
}

/// The generated blocks of a README: `<!-- schema:news -->\n…<!-- /schema -->`.
struct SchemaTableBlocks {
    let text: String
    private(set) var names: [String] = []
    private(set) var content: [String: String] = [:]
    /// Where each block's content lies in `text`.
    private var ranges: [(name: String, range: Range<String.Index>)] = []

    init(_ text: String) {
        self.text = text
        var searchFrom = text.startIndex
        while let open = text.range(of: "<!-- schema:", range: searchFrom..<text.endIndex),
              let openEnd = text.range(of: " -->\n", range: open.upperBound..<text.endIndex),
              let close = text.range(of: "<!-- /schema -->", range: openEnd.upperBound..<text.endIndex) {
            let name = String(text[open.upperBound..<openEnd.lowerBound])
            names.append(name)
            content[name] = String(text[openEnd.upperBound..<close.lowerBound])
            ranges.append((name, openEnd.upperBound..<close.lowerBound))
            searchFrom = close.upperBound
        }
    }

    /// The text with each block's content replaced.
    func replacing(with tables: [String: String]) -> String {
        var result = text
        for (name, range) in ranges.reversed() {
            if let table = tables[name] { result.replaceSubrange(range, with: table) }
        }
        return result
    }
}
