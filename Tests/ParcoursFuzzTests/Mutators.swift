import Foundation

/// Local runs only: `PARCOURS_FUZZ_SKIP_KNOWN=1` leaves out the mutations that reach the
/// crashes and escapes already filed (issue 9, being fixed), so that a long run can look
/// for new ones. CI and `scripts/fuzz` by default run everything.
enum Known {
    /// Set once, before fuzzing (or by `minimize`, as the input's case.json says).
    nonisolated(unsafe) static var skip = ProcessInfo.processInfo.environment["PARCOURS_FUZZ_SKIP_KNOWN"] == "1"

    /// Integers that overflowed the page count (`paginate`) or `abs` (`population`).
    static func allowsInteger(_ value: String) -> Bool { !skip || !Dictionaries.extremeIntegers.contains(value) }
    static func allowsPath(_ value: String) -> Bool { !skip || !value.contains("..") }
}

/// The mutations: each takes the input and a generator seeded by its recipe step, changes
/// the input a little, and says what it did in `notes`.
enum Mutators {
    typealias Mutation = @Sendable (inout FuzzInput, inout SplitMix64) -> String

    /// Each mutation with its weight: how often it is picked.
    static let table: [(weight: Int, name: String, mutate: Mutation)] = [
        (14, "front matter value", frontMatterValue),
        (10, "front matter key", frontMatterInsertKey),
        (8, "integer at the limits", integerAtLimits),
        (5, "front matter structure", frontMatterStructure),
        (12, "Markdown body", markdownBody),
        (8, "site.yaml", siteConfiguration),
        (6, "file name", fileName),
        (4, "new or copied page", newPage),
        (9, "theme template", themeTemplate),
        (3, "theme strings", themeStrings),
        (6, "encoding", encoding),
        (3, "remove a file", removeFile),
        (4, "build options", buildOptions),
    ]
    static let totalWeight = table.reduce(0) { $0 + $1.weight }

    static func apply(kind: Int, to input: inout FuzzInput, rng: inout SplitMix64) {
        var rest = ((kind % totalWeight) + totalWeight) % totalWeight
        for entry in table {
            if rest < entry.weight {
                input.notes.append("\(entry.name): " + entry.mutate(&input, &rng))
                return
            }
            rest -= entry.weight
        }
    }

    // MARK: - Front matter

    /// A file's lines, split at the front matter's closing `---`.
    struct Document {
        var frontMatter: [String]
        var body: [String]
        var hasFrontMatter: Bool

        init(_ text: String) {
            let lines = text.components(separatedBy: "\n")
            if lines.first == "---", let close = lines.dropFirst().firstIndex(of: "---") {
                frontMatter = Array(lines[1..<close])
                body = Array(lines[(close + 1)...])
                hasFrontMatter = true
            } else {
                frontMatter = []
                body = lines
                hasFrontMatter = false
            }
        }

        var text: String {
            (hasFrontMatter ? ["---"] + frontMatter + ["---"] + body : body).joined(separator: "\n")
        }
    }

    static let commonKeys = ["title", "type", "slug", "summary", "description", "draft", "publish_date", "expiry_date", "weight",
                             "image", "image_alt", "image_decorative", "tags", "aliases", "layout", "paginate", "extra"]
    static let typeKeys = ["date", "updated", "author", "start", "end", "location", "online_url", "registration_url", "audience",
                           "status", "axis", "objectives", "indicators", "missions", "leads", "partners", "contact", "form", "kind",
                           "url", "logo", "logo_alt", "period", "adopted", "axes", "document"]

    /// A value for a key, of the kind the key expects most of the time, else anything.
    static func value(for key: String, rng: inout SplitMix64) -> String {
        let any = Dictionaries.integers + Dictionaries.emptyish + Dictionaries.booleans + Dictionaries.paths + Dictionaries.urls
            + Dictionaries.unicode + Dictionaries.dates + Dictionaries.structures
        var choices: [String]
        switch key {
        case "weight", "paginate", "size", "population", "professionals", "founded", "min", "max", "value", "target":
            choices = Dictionaries.integers
        case "date", "updated", "start", "end", "publish_date", "expiry_date", "adopted", "from", "to":
            choices = Dictionaries.dates
        case "image", "logo", "document", "slug", "layout", "form", "success_page":
            choices = Dictionaries.paths + Dictionaries.fileNames.map { "\"\($0)\"" }
        case "aliases":
            choices = Dictionaries.paths.map { "[\"\($0)\"]" } + Dictionaries.paths.map { "\n  - \($0)" }
        case "url", "online_url", "registration_url", "endpoint", "base_url":
            choices = Dictionaries.urls + Dictionaries.paths
        case "draft", "image_decorative", "required":
            choices = Dictionaries.booleans + Dictionaries.emptyish
        case "tags", "audience", "missions", "partners", "objectives", "communes":
            choices = Dictionaries.unicode.map { "[\($0)]" } + ["[a, a, A]", "[\"\", \" \"]", "[🏥, \"!!!\", \"...\"]", "[[a]]", "[{a: b}]"]
        case "extra", "location", "contact", "period":
            choices = Dictionaries.structures + [Dictionaries.aliasBomb(levels: 3, width: 3).replacingOccurrences(of: "extra:", with: "")]
        default:
            choices = any
        }
        if rng.chance(0.25) { choices = any }
        var picked = rng.pick(choices)
        while !Known.allowsInteger(picked) || !Known.allowsPath(picked) { picked = rng.pick(choices) }
        return picked
    }

    /// The YAML of a value on the line of its key: a block value starts on the next line.
    static func line(_ indent: String, _ key: String, _ value: String) -> String {
        if value.hasPrefix("\n") { return indent + key + ":" + value.replacingOccurrences(of: "\n", with: "\n" + indent) }
        if value.contains("\n") { return indent + key + ": " + value.replacingOccurrences(of: "\n", with: "\n" + indent + "  ") }
        return indent + key + ": " + value
    }

    static func randomPage(_ input: FuzzInput, rng: inout SplitMix64) -> String? {
        let pages = input.pages
        return pages.isEmpty ? nil : rng.pick(pages)
    }

    /// Replaces the value of one `key: value` line (at any depth, in a list or not) of a
    /// page's front matter or of site.yaml.
    static func frontMatterValue(_ input: inout FuzzInput, _ rng: inout SplitMix64) -> String {
        let candidates = input.pages + ["content/site.yaml"]
        return value(in: rng.pick(candidates), of: &input, rng: &rng)
    }

    static func value(in path: String, of input: inout FuzzInput, rng: inout SplitMix64) -> String {
        guard let text = input.text(path) else { return "nothing (no \(path))" }
        var document = path.hasSuffix(".yaml") ? Document("---\n" + text + "\n---") : Document(text)
        let keyed = document.frontMatter.indices.filter { keyValue(document.frontMatter[$0]) != nil }
        guard !keyed.isEmpty else { return "nothing (\(path) has no key)" }
        let index = rng.pick(keyed)
        let (indent, key, _) = keyValue(document.frontMatter[index])!
        let value = value(for: key, rng: &rng)
        document.frontMatter[index] = line(indent, key, value)
        write(document, to: path, in: &input)
        return "\(path): \(key): \(value.prefix(80))"
    }

    /// `  - key: value` → ("  - ", "key", "value").
    static func keyValue(_ line: String) -> (indent: String, key: String, value: String)? {
        var rest = Substring(line)
        var indent = ""
        while let first = rest.first, first == " " || first == "-" { indent.append(first); rest = rest.dropFirst() }
        guard let colon = rest.firstIndex(of: ":") else { return nil }
        let key = rest[..<colon]
        guard !key.isEmpty, key.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" }) else { return nil }
        let value = rest[rest.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        guard !value.isEmpty else { return nil }
        return (indent, String(key), value)
    }

    static func write(_ document: Mutators.Document, to path: String, in input: inout FuzzInput) {
        if path.hasSuffix(".yaml") {
            input.setText(path, document.frontMatter.joined(separator: "\n") + "\n")
        } else {
            input.setText(path, document.text)
        }
    }

    /// Adds a key (known, misspelt or unknown) with a value of its kind.
    static func frontMatterInsertKey(_ input: inout FuzzInput, _ rng: inout SplitMix64) -> String {
        guard let path = randomPage(input, rng: &rng), let text = input.text(path) else { return "nothing" }
        var document = Document(text)
        if !document.hasFrontMatter { document = Document("---\ntitle: Sans front matter\n---\n" + text) }
        var key = rng.chance(0.8) ? rng.pick(commonKeys + typeKeys) : rng.pick(["dat", "titel", "Title", "TITLE", "tag", "extras", "é", "🏥", "a b", "<<", "1"])
        if key == "aliases", Known.skip { key = "tags" }
        let value: String
        if key == "extra", rng.chance(0.15), !Known.skip {
            let bomb = Dictionaries.aliasBomb(levels: rng.int(2...9), width: rng.int(2...9))
            document.frontMatter.removeAll { $0.hasPrefix("extra:") }
            document.frontMatter.append(bomb)
            write(document, to: path, in: &input)
            return "\(path): an alias bomb in extra: \(bomb.split(separator: "\n").count - 2) levels"
        } else {
            value = self.value(for: key, rng: &rng)
        }
        let at = rng.int(0...document.frontMatter.count)
        document.frontMatter.insert(line("", key, value), at: at)
        write(document, to: path, in: &input)
        return "\(path): line \(at + 2): \(key): \(value.prefix(80))"
    }

    /// An integer key at and beyond its limits: `paginate` in a section with pages,
    /// territory numbers of site.yaml, `weight`, a form field's `min` and `max`.
    static func integerAtLimits(_ input: inout FuzzInput, _ rng: inout SplitMix64) -> String {
        var value = rng.pick(rng.chance(0.6) ? Dictionaries.extremeIntegers : Dictionaries.integers)
        while !Known.allowsInteger(value) { value = rng.pick(Dictionaries.integers) }
        switch rng.int(0...2) {
        case 0:
            let sections = input.pages.filter { $0.hasSuffix("/_index.md") && $0 != "content/_index.md" }
            guard !sections.isEmpty else { return "nothing" }
            let path = rng.pick(sections)
            setKey("paginate", to: value, in: path, of: &input)
            return "\(path): paginate: \(value)"
        case 1:
            guard var text = input.text("content/site.yaml") else { return "nothing" }
            let key = rng.pick(["population", "professionals", "size", "founded"])
            if let range = text.range(of: "  \(key): ") {
                let end = text[range.upperBound...].firstIndex(of: "\n") ?? text.endIndex
                text.replaceSubrange(range.upperBound..<end, with: value)
            } else {
                text += "\nterritory:\n  name: T\n  \(key): \(value)\n"
            }
            input.setText("content/site.yaml", text)
            return "site.yaml: \(key): \(value)"
        default:
            guard let path = randomPage(input, rng: &rng) else { return "nothing" }
            setKey("weight", to: value, in: path, of: &input)
            return "\(path): weight: \(value)"
        }
    }

    /// Sets a top-level key of a page's front matter (replacing it when it is there).
    static func setKey(_ key: String, to value: String, in path: String, of input: inout FuzzInput) {
        guard let text = input.text(path) else { return }
        var document = Document(text)
        document.hasFrontMatter = true
        document.frontMatter.removeAll { $0.hasPrefix(key + ":") }
        document.frontMatter.append(line("", key, value))
        write(document, to: path, in: &input)
    }

    /// The front matter as a whole: deep nesting, anchors and aliases, tags, duplicate keys,
    /// a document that is not a mapping, no closing line.
    static func frontMatterStructure(_ input: inout FuzzInput, _ rng: inout SplitMix64) -> String {
        guard let path = randomPage(input, rng: &rng), let text = input.text(path) else { return "nothing" }
        var document = Document(text)
        let depth = rng.pick([10, 100, 1_000, 10_000])
        let position = rng.int(0...document.frontMatter.count)
        let variants: [(String, () -> Void)] = [
            ("extra nested \(depth) deep in flow style", {
                document.frontMatter.append("extra: " + String(repeating: "[", count: depth) + String(repeating: "]", count: depth)) }),
            ("extra nested \(depth) deep in block style", {
                document.frontMatter.append("extra:")
                document.frontMatter += (1...min(depth, 1_000)).map { String(repeating: " ", count: $0 * 2) + "k\($0):" }
                document.frontMatter.append(String(repeating: " ", count: min(depth, 1_000) * 2 + 2) + "fin") }),
            ("an anchor on the title used as tags", {
                document.frontMatter = document.frontMatter.map { $0.hasPrefix("title: ") ? "title: &t " + $0.dropFirst(7) : $0 }
                document.frontMatter.append("tags: [*t, *t]") }),
            ("a merge key", { document.frontMatter.append("extra: &e {a: 1}\nlocation:\n  <<: *e\n  name: x") }),
            ("an undefined alias", { document.frontMatter.append("summary: *nulle") }),
            ("a duplicate title", { document.frontMatter.append("title: Encore") }),
            ("a list for root", { document.frontMatter = ["- title: x", "- b"] }),
            ("a scalar for root", { document.frontMatter = ["juste du texte"] }),
            ("an empty front matter", { document.frontMatter = [] }),
            ("null for root", { document.frontMatter = ["~"] }),
            ("two documents", { document.frontMatter += ["---", "title: Deux"] }),
            ("a document end marker", { document.frontMatter.insert("...", at: position) }),
            ("no closing line", { document.body.insert(contentsOf: document.frontMatter, at: 0); document.hasFrontMatter = false
                document.body.insert("---", at: 0) }),
            ("tabs for indentation", { document.frontMatter = document.frontMatter.map { $0.replacingOccurrences(of: "  ", with: "\t") } }),
            ("a tagged title", { document.frontMatter = document.frontMatter.map { $0.hasPrefix("title: ") ? "title: !!binary aGVsbG8=" : $0 } }),
            ("a complex key", { document.frontMatter.append("? [a, b]\n: c") }),
            ("a directive", { document.frontMatter.insert("%YAML 1.1", at: 0) }),
            ("a key with no value", { document.frontMatter.append("summary:") }),
            ("a very long title", { document.frontMatter.append("summary: " + String(repeating: "long ", count: 50_000)) }),
            ("a title on 10,000 lines", { document.frontMatter = document.frontMatter.filter { !$0.hasPrefix("title:") }
                document.frontMatter.append("title: |\n" + (0..<10_000).map { "  ligne \($0)" }.joined(separator: "\n")) }),
        ]
        let (name, mutate) = rng.pick(variants)
        mutate()
        write(document, to: path, in: &input)
        return "\(path): \(name)"
    }

    // MARK: - Markdown

    static func markdownBody(_ input: inout FuzzInput, _ rng: inout SplitMix64) -> String {
        guard let path = randomPage(input, rng: &rng), let text = input.text(path) else { return "nothing" }
        var document = Document(text)
        var url = rng.pick(Dictionaries.paths + Dictionaries.urls.map { $0.replacingOccurrences(of: "\"", with: "") })
        while !Known.allowsPath(url) { url = rng.pick(Dictionaries.paths) }
        var snippet = rng.pick(Dictionaries.markdown).replacingOccurrences(of: "%URL%", with: url)
        if rng.chance(0.2) { snippet = (0..<rng.int(2...5)).map { _ in rng.pick(Dictionaries.markdown).replacingOccurrences(of: "%URL%", with: url) }.joined(separator: "\n\n") }
        let at = rng.int(0...document.body.count)
        document.body.insert(contentsOf: snippet.components(separatedBy: "\n"), at: at)
        write(document, to: path, in: &input)
        return "\(path): body line \(at + 1): \(snippet.prefix(80).debugDescription)"
    }

    // MARK: - site.yaml

    static func siteConfiguration(_ input: inout FuzzInput, _ rng: inout SplitMix64) -> String {
        guard var text = input.text("content/site.yaml") else { return "nothing (no site.yaml)" }
        var lines = text.components(separatedBy: "\n")
        func replace(_ prefix: String, _ value: String) -> Bool {
            guard let index = lines.firstIndex(where: { $0.hasPrefix(prefix) }) else { return false }
            lines[index] = prefix + value
            return true
        }
        let note: String
        switch rng.int(0...9) {
        case 0:
            var url = rng.pick(Dictionaries.paths + Dictionaries.urls)
            while !Known.allowsPath(url) { url = rng.pick(Dictionaries.urls) }
            let title = rng.chance(0.7) ? "Lien" : rng.pick(Dictionaries.unicode + Dictionaries.emptyish)
            let menu = rng.pick(["menu:", "footer_menu:"])
            if let index = lines.firstIndex(of: menu) { lines.insert("  - { title: \(title), url: \(url) }", at: index + 1) }
            note = "\(menu) + { title: \(title.prefix(40)), url: \(url) }"
        case 1:
            let value = rng.pick(["[]", "~", "{}", "x", "[x]", "[{title: x}]", "[{url: /}]", "[{title: x, url: /, extra: y}]"])
            _ = replace(rng.pick(["menu:", "footer_menu:"]), " " + value)
            note = "a menu is \(value)"
        case 2:
            var id = rng.pick(["\"../../../../x\"", "\"\"", "\"a b\"", "🏥", "\"a/b\"", "\".\"", "\"..\"", "ACCES", "\"x\\u0000\"",
                               "\"" + String(repeating: "f", count: 300) + "\"", "1", "\"acces medecin\"", "acces-medecin2"])
            while !Known.allowsPath(id) { id = "\"\"" }
            if let index = lines.firstIndex(of: "  acces-medecin:") { lines[index] = "  \(id):" }
            note = "the form id is \(id.prefix(40))"
        case 3:
            let value = rng.pick(Dictionaries.urls)
            _ = replace("    endpoint: ", value)
            note = "endpoint: \(value)"
        case 4:
            var theme = rng.pick(["\"../../elsewhere\"", "\"../themes/default\"", "\"default/../default\"", "\"\"", ".", "..", "/", "/etc",
                                  "defaut", "Default", "\"default \"", "🏥", "[default]", "~", "\"themes/default\"", "\"./default\""])
            while !Known.allowsPath(theme) { theme = "defaut" }
            _ = replace("theme: ", theme)
            note = "theme: \(theme)"
        case 5:
            let language = rng.pick(["en", "de", "FR", "\"\"", "\"../x\"", "fr-FR", "🏥", "[fr]"])
            _ = replace("language: ", language)
            note = "language: \(language)"
        case 6:
            let zone = rng.pick(["UTC", "Pacific/Kiritimati", "Pacific/Pago_Pago", "America/St_Johns", "Asia/Kathmandu", "Europe/Pari",
                                 "\"\"", "\"../../etc/localtime\"", "GMT+14", "+01:00", "Europe/Paris "])
            _ = replace("timezone: ", zone)
            note = "timezone: \(zone)"
        case 7:
            let base = rng.pick(["https://x.github.io/cpts/", "https://x.github.io/a b/", "https://x.github.io/é/", "https://x.example",
                                 "http://localhost:1313/", "https://x.example/../../", "https://x.example/?q=1", "https://x.example/#f",
                                 "https://x.example//", "https://x.example/a/b/c/d/e/f/g/", "/relative/", "\"\"", "https://"])
            _ = replace("base_url: ", base)
            note = "base_url: \(base)"
        case 8:
            let value = rng.pick(["success_page: /nulle-part/", "success_page: \"../../x\"", "encoding: xml", "encoding: JSON",
                                  "redirect_field: \"\"", "redirect_field: \"a b\"", "redirect_field: \"<x>\"", "unknown: 1"])
            if let index = lines.firstIndex(where: { $0.hasPrefix("    encoding: ") }) { lines.insert("    " + value, at: index) }
            lines.removeAll { $0.hasPrefix("    " + value.prefix(while: { $0 != ":" }) + ":") && $0 != "    " + value }
            note = value
        default:
            return value(in: "content/site.yaml", of: &input, rng: &rng)
        }
        text = lines.joined(separator: "\n")
        input.setText("content/site.yaml", text)
        return note
    }

    // MARK: - File names

    static func fileName(_ input: inout FuzzInput, _ rng: inout SplitMix64) -> String {
        guard let path = randomPage(input, rng: &rng), path != "content/_index.md" else { return "nothing" }
        let data = input.files[path]
        let folder = (path as NSString).deletingLastPathComponent
        var name = rng.pick(Dictionaries.fileNames)
        while !Known.allowsPath(name) { name = rng.pick(Dictionaries.fileNames) }
        let newPath: String
        switch rng.int(0...3) {
        case 0: newPath = folder + "/" + name + ".md"
        case 1: newPath = folder + "/" + name + "/index.md"
        case 2: newPath = folder + "/" + name + "/" + (path as NSString).lastPathComponent
        default: newPath = folder + "/" + name + rng.pick([".MD", ".markdown", ".md.md", ".md ", ".md~", ".txt", ".yaml", ".html", ""])
        }
        // A name a file system refuses (over 255 bytes) would not test Parcours.
        guard newPath.split(separator: "/").allSatisfy({ $0.utf8.count <= 255 }), newPath != path else { return "nothing (\(name))" }
        input.files[path] = nil
        input.files[newPath] = data
        return "\(path) → \(newPath.debugDescription)"
    }

    static func newPage(_ input: inout FuzzInput, _ rng: inout SplitMix64) -> String {
        guard let source = randomPage(input, rng: &rng), let data = input.files[source] else { return "nothing" }
        let folders = Set(input.pages.map { ($0 as NSString).deletingLastPathComponent }).sorted()
        let folder = rng.chance(0.5) ? (source as NSString).deletingLastPathComponent : rng.pick(folders)
        let name = rng.chance(0.5) ? "copie-\(rng.int(1...99))" : (source as NSString).lastPathComponent.replacingOccurrences(of: ".md", with: "")
        let path = folder + "/" + name + ".md"
        guard path != source else { return "nothing" }
        input.files[path] = data
        return "\(source) copied to \(path)"
    }

    // MARK: - Theme

    static let theme = "themes/default/"

    static func themeTemplate(_ input: inout FuzzInput, _ rng: inout SplitMix64) -> String {
        let templates = input.files.keys.filter { $0.hasPrefix(theme) && $0.hasSuffix(".mustache") }.sorted()
        let partials = templates.filter { $0.hasPrefix(theme + "partials/") }
        guard !templates.isEmpty else { return "nothing" }
        func name(_ path: String) -> String { ((path as NSString).lastPathComponent as NSString).deletingPathExtension }
        func append(_ path: String, _ text: String) { input.setText(path, (input.text(path) ?? "") + text) }
        var variant = rng.int(0...8)
        if Known.skip, variant <= 2 { variant = 3 }
        switch variant {
        case 0 where !partials.isEmpty:
            let partial = rng.pick(partials)
            append(partial, "{{> \(name(partial))}}")
            return "\(partial) includes itself"
        case 1 where partials.count >= 2:
            let a = rng.pick(partials)
            var b = rng.pick(partials)
            while b == a { b = rng.pick(partials) }
            append(a, "{{> \(name(b))}}")
            append(b, "{{> \(name(a))}}")
            return "\(a) and \(b) include each other"
        case 2:
            let layout = templates.filter { $0.contains("/layouts/") && !$0.hasSuffix("/base.mustache") }
            guard !layout.isEmpty else { return "nothing" }
            let path = rng.pick(layout)
            input.setText(path, "{{<\(name(path))}}{{$main}}x{{/main}}{{/\(name(path))}}")
            return "\(path) inherits from itself"
        case 3:
            let path = rng.pick(templates)
            // ` card ` is the partial card (the tag's spaces are trimmed): a cycle when it is card itself.
            append(path, "{{> \(rng.pick(["nope", "Card", "partials/card", "../layouts/base", "🏥"] + (Known.skip ? [] : [" card "])))}}")
            return "\(path) includes an unknown partial"
        case 4, 5:
            let path = rng.pick(templates)
            guard var text = input.text(path) else { return "nothing" }
            var snippet = rng.pick(Dictionaries.mustache)
            // 1,000 nested sections overflow the stack of swift-mustache's parser (Regressions/mustache-sections-nested-1000).
            while Known.skip, snippet.count > 1_000 { snippet = rng.pick(Dictionaries.mustache) }
            let offset = text.isEmpty ? 0 : rng.int(0...text.count)
            text.insert(contentsOf: snippet, at: text.index(text.startIndex, offsetBy: offset))
            input.setText(path, text)
            return "\(path) at \(offset): \(snippet.prefix(60).debugDescription)"
        case 6:
            let path = rng.pick(templates)
            input.files[path] = nil
            return "\(path) removed"
        case 7:
            let layouts = templates.filter { $0.contains("/layouts/") }.map(name)
            guard let layout = layouts.isEmpty ? nil : rng.pick(layouts) else { return "nothing" }
            input.setText(theme + "partials/\(layout).mustache", "{{title}}")
            return "a partial named like the layout \(layout)"
        default:
            let path = rng.pick(templates)
            guard let text = input.text(path) else { return "nothing" }
            // Drop a slice: tags lose their closing half.
            let start = rng.int(0...max(0, text.count - 1))
            let length = rng.int(1...40)
            let from = text.index(text.startIndex, offsetBy: start)
            let to = text.index(from, offsetBy: length, limitedBy: text.endIndex) ?? text.endIndex
            input.setText(path, String(text[..<from] + text[to...]))
            return "\(path): \(length) characters cut at \(start)"
        }
    }

    static func themeStrings(_ input: inout FuzzInput, _ rng: inout SplitMix64) -> String {
        let files = input.files.keys.filter { $0.hasPrefix(theme + "i18n/") || $0 == theme + "theme.yaml" }.sorted()
        guard !files.isEmpty else { return "nothing" }
        let path = rng.pick(files)
        guard let text = input.text(path) else { return "nothing" }
        var lines = text.components(separatedBy: "\n")
        let keyed = lines.indices.filter { keyValue(lines[$0]) != nil }
        if rng.chance(0.3) || keyed.isEmpty {
            let choice = rng.pick(["", "- a\n- b", "~", "a: [1, 2]", "a: {b: c}", "x: &x a\ny: *x", "%%%", "\u{FEFF}" + text])
            input.setText(path, choice)
            return "\(path) is \(choice.prefix(30).debugDescription)"
        }
        let index = rng.pick(keyed)
        let (indent, key, _) = keyValue(lines[index])!
        let value = rng.pick(Dictionaries.structures + Dictionaries.unicode + Dictionaries.emptyish + Dictionaries.mustache.map { "\"\($0)\"" })
        lines[index] = line(indent, key, value)
        input.setText(path, lines.joined(separator: "\n"))
        return "\(path): \(key): \(value.prefix(60))"
    }

    // MARK: - Bytes

    static func encoding(_ input: inout FuzzInput, _ rng: inout SplitMix64) -> String {
        let candidates = input.pages + ["content/site.yaml"] + input.files.keys.filter { $0.hasPrefix(theme) && ($0.hasSuffix(".mustache") || $0.hasSuffix(".yaml")) }.sorted()
        let path = rng.pick(candidates)
        guard var data = input.files[path] else { return "nothing" }
        var variant = rng.int(0...8)
        if Known.skip, variant <= 1 { variant = 2 }
        let name: String
        switch variant {
        case 0: data = Data(String(decoding: data, as: UTF8.self).replacingOccurrences(of: "\n", with: "\r\n").utf8); name = "CRLF line endings"
        case 1: data = Data([0xEF, 0xBB, 0xBF]) + Data(String(decoding: data, as: UTF8.self).replacingOccurrences(of: "\n", with: "\r\n").utf8); name = "a BOM and CRLF"
        case 2: data = Data([0xEF, 0xBB, 0xBF]) + data; name = "a UTF-8 BOM"
        case 3: data = Data(String(decoding: data, as: UTF8.self).replacingOccurrences(of: "\n", with: "\r").utf8); name = "CR line endings"
        case 4:
            let at = data.isEmpty ? 0 : rng.int(0...data.count)
            data.insert(contentsOf: rng.pick([[0xFF], [0xC3], [0xED, 0xA0, 0x80], [0x00], [0xF4, 0x90, 0x80, 0x80]]), at: at)
            name = "a bad byte at \(at)"
        case 5: data = data.prefix(data.isEmpty ? 0 : rng.int(0...data.count)); name = "cut at \(data.count) bytes"
        case 6: data = Data(); name = "empty"
        case 7: data = Data(String(decoding: data, as: UTF8.self).trimmingCharacters(in: .newlines).utf8); name = "no final newline"
        default: data = Data(String(decoding: data, as: UTF8.self).replacingOccurrences(of: "\n", with: "  \n").utf8); name = "trailing spaces"
        }
        input.files[path] = data
        return "\(path): \(name)"
    }

    static func removeFile(_ input: inout FuzzInput, _ rng: inout SplitMix64) -> String {
        let path = rng.pick(input.files.keys.sorted())
        input.files[path] = nil
        return "\(path) removed"
    }

    static func buildOptions(_ input: inout FuzzInput, _ rng: inout SplitMix64) -> String {
        switch rng.int(0...5) {
        case 0: input.mode = .check
        case 1: input.mode = .serve
        case 5: input.mode = .rebuild
        case 2: input.drafts = true
        case 3: input.future = true
        default: input.expired = true
        }
        return "mode \(input.mode.rawValue), drafts \(input.drafts), future \(input.future), expired \(input.expired)"
    }
}
