import Foundation

/// One input of the fuzzer: a whole site (content and themes, as bytes by path under the
/// site's folder: `content/agenda/_index.md`, `themes/default/partials/card.mustache`) and
/// how to build it. It is made from a `Recipe` (a base and a few mutations), so that the
/// same recipe always gives the same site.
struct FuzzInput: Sendable {
    enum Mode: String, Codable, Sendable {
        /// `parcours build`.
        case build
        /// `parcours check`: every stage and the checks, nothing written.
        case check
        /// `parcours serve`: a first build of the base site with a cache, then the mutated
        /// site built again with that cache and the changed files.
        case serve
        /// `parcours build` over the output of a first, good build of the site before the
        /// mutations: a build that fails must leave that output exactly as it was.
        case rebuild

        /// The site before the mutations is built first.
        var hasFirstBuild: Bool { self == .serve || self == .rebuild }
    }

    var files: [String: Data]
    /// `serve` and `rebuild`: the site of the first build (the input before its mutations).
    var baseFiles: [String: Data] = [:]
    var mode: Mode = .build
    var drafts = false
    var future = false
    var expired = false
    /// What each mutation did, in order, for people.
    var notes: [String] = []

    /// The paths of the Markdown files under content/.
    var pages: [String] { files.keys.filter { $0.hasPrefix("content/") && $0.hasSuffix(".md") }.sorted() }

    /// The text files with CRLF line endings or a UTF-8 BOM.
    var crlfFiles: [String] {
        files.filter { path, data in
            [".md", ".yaml", ".mustache"].contains { path.hasSuffix($0) }
                && (data.starts(with: [0xEF, 0xBB, 0xBF]) || data.firstRange(of: Data([13, 10])) != nil)
                && String(data: data, encoding: .utf8) != nil
        }.keys.sorted()
    }

    /// The same input with LF line endings and no BOM, or nil when it has none of them.
    func withUnixLineEndings() -> FuzzInput? {
        let paths = crlfFiles
        guard !paths.isEmpty else { return nil }
        var twin = self
        for path in paths {
            var data = files[path]!
            if data.starts(with: [0xEF, 0xBB, 0xBF]) { data = data.dropFirst(3) }
            twin.files[path] = Data(String(decoding: data, as: UTF8.self).replacingOccurrences(of: "\r\n", with: "\n").utf8)
        }
        twin.notes.append("the same with LF line endings and no BOM: " + paths.joined(separator: ", "))
        return twin
    }

    func text(_ path: String) -> String? { files[path].map { String(decoding: $0, as: UTF8.self) } }
    mutating func setText(_ path: String, _ text: String) { files[path] = Data(text.utf8) }
}

/// How to make one input: a base site and the mutations applied to it, each a kind and a
/// seed of its own. Made of integers so that PropertyBased can generate and shrink it.
struct Recipe: Sendable, Codable, Hashable, CustomStringConvertible {
    struct Step: Sendable, Codable, Hashable {
        var kind: Int
        var seed: UInt64
    }

    /// 0: the whole example site; 1: a smaller site made of some of its pages.
    var base: Int
    var baseSeed: UInt64
    var steps: [Step]

    var description: String {
        "Recipe(base: \(base), baseSeed: \(baseSeed), steps: [" + steps.map { "(\($0.kind), \($0.seed))" }.joined(separator: ", ") + "])"
    }

    func make() -> FuzzInput {
        var input = base == 0 ? Corpus.example : Corpus.smallSite(seed: baseSeed)
        input.notes.append(base == 0 ? "base: the example site" : "base: a small site (seed \(baseSeed))")
        input.baseFiles = input.files
        for step in steps {
            var rng = SplitMix64(seed: step.seed)
            Mutators.apply(kind: step.kind, to: &input, rng: &rng)
        }
        input.makeWritable()
        return input
    }
}

/// A small, fast, seedable generator for the mutators (the recipe gives each its seed).
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

extension RandomNumberGenerator {
    mutating func pick<T>(_ items: [T]) -> T { items[Int.random(in: 0..<items.count, using: &self)] }
    mutating func chance(_ probability: Double) -> Bool { Double.random(in: 0..<1, using: &self) < probability }
    mutating func int(_ range: ClosedRange<Int>) -> Int { Int.random(in: range, using: &self) }
}

/// The seed corpus: the example site's files (content/ and themes/default/), read once.
enum Corpus {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static let exampleFiles: [String: Data] = {
        var files: [String: Data] = [:]
        for folder in ["content", "themes/default"] {
            let root = repository.appendingPathComponent(folder)
            guard let enumerator = FileManager.default.enumerator(at: root, includingPropertiesForKeys: [.isRegularFileKey]) else { continue }
            for case let url as URL in enumerator {
                guard (try? url.resourceValues(forKeys: [.isRegularFileKey]))?.isRegularFile == true,
                      let data = try? Data(contentsOf: url) else { continue }
                let relative = String(url.standardizedFileURL.path.dropFirst(root.standardizedFileURL.path.count + 1))
                files[folder + "/" + relative] = data
            }
        }
        return files
    }()

    static var example: FuzzInput { FuzzInput(files: exampleFiles) }

    /// The pages every small site keeps: the menus of site.yaml point at them, and the
    /// projects and the health project name the missions.
    static let kept: Set<String> = [
        "content/site.yaml", "content/_index.md", "content/qui-sommes-nous.md", "content/contact.md", "content/adherer.md",
        "content/mentions-legales.md", "content/declaration-accessibilite.md", "content/politique-de-confidentialite.md",
        "content/acces-medecin/_index.md", "content/acces-medecin/merci.md", "content/projet-de-sante/_index.md",
    ]

    /// A site of a few pages of each section of the example, for speed: the menus and
    /// every section stay, each section keeps two to four of its pages, and links to a page
    /// that was left out point at the home page instead (so that the site still builds).
    static func smallSite(seed: UInt64) -> FuzzInput {
        var rng = SplitMix64(seed: seed)
        var files = exampleFiles
        let pages = files.keys.filter { $0.hasPrefix("content/") && $0.hasSuffix(".md") }.sorted()
        let sections = Set(pages.filter { $0.hasSuffix("/_index.md") }.map { ($0 as NSString).deletingLastPathComponent })
        var removed: Set<String> = []
        for section in sections.sorted() where section != "content/missions" && section != "content" {
            let inside = pages.filter { ($0 as NSString).deletingLastPathComponent == section && !$0.hasSuffix("/_index.md") && !kept.contains($0) }
            let keep = Set(inside.shuffled(using: &rng).prefix(rng.int(2...4)))
            for page in inside where !keep.contains(page) { removed.insert(page) }
        }
        for page in removed { files[page] = nil }
        // The files of a removed bundle (`…/index.md` and its images).
        for page in removed where page.hasSuffix("/index.md") {
            let folder = (page as NSString).deletingLastPathComponent + "/"
            for path in files.keys where path.hasPrefix(folder) { files[path] = nil }
        }
        let removedURLs = Set(removed.map(siteURL))
        let removedSlugs = Set(removed.map { (siteURL($0).dropLast() as Substring).split(separator: "/").last.map(String.init) ?? "" })
        for page in files.keys.filter({ $0.hasPrefix("content/") && $0.hasSuffix(".md") }) {
            guard var text = files[page].map({ String(decoding: $0, as: UTF8.self) }) else { continue }
            text = redirectLinks(in: text, from: page, removedURLs: removedURLs, removedFiles: removed)
            text = dropReferences(in: text, to: removedSlugs)
            files[page] = Data(text.utf8)
        }
        return FuzzInput(files: files)
    }

    /// `content/actualites/ag.md` → `/actualites/ag/`; `…/_index.md` and `…/index.md` → their folder.
    static func siteURL(_ path: String) -> String {
        var relative = String(path.dropFirst("content/".count).dropLast(3))
        if relative == "_index" { return "/" }
        for suffix in ["/_index", "/index"] where relative.hasSuffix(suffix) { relative = String(relative.dropLast(suffix.count)) }
        return "/" + relative + "/"
    }

    /// Markdown links `](target)` to a page that is no longer there now point at `/`.
    static func redirectLinks(in text: String, from page: String, removedURLs: Set<String>, removedFiles: Set<String>) -> String {
        var result = ""
        var rest = Substring(text)
        while let open = rest.range(of: "](") {
            result += rest[..<open.upperBound]
            rest = rest[open.upperBound...]
            guard let close = rest.firstIndex(of: ")") else { break }
            let target = String(rest[..<close])
            let path = String(target.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first ?? "")
            var gone = removedURLs.contains(path)
            if path.hasSuffix(".md"), !path.hasPrefix("/") {
                let folder = (page as NSString).deletingLastPathComponent
                var parts: [Substring] = []
                for part in (folder + "/" + path).split(separator: "/") {
                    if part == ".." { _ = parts.popLast() } else if part != "." { parts.append(part) }
                }
                gone = removedFiles.contains(parts.joined(separator: "/"))
            }
            result += gone ? "/" : target
            rest = rest[close...]
        }
        return result + rest
    }

    /// `partners: [a, b]` (and the like, in flow style) without the slugs of removed pages.
    static func dropReferences(in text: String, to slugs: Set<String>) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
            guard line.hasPrefix("partners: ["), line.hasSuffix("]") else { return String(line) }
            let items = line.dropFirst("partners: [".count).dropLast().split(separator: ",")
                .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !slugs.contains($0) }
            return "partners: [" + items.joined(separator: ", ") + "]"
        }.joined(separator: "\n")
    }
}
