import Crypto
import Foundation
import Mustache
import Yams

/// A theme ready to render: templates parsed, strings of the site's language read,
/// assets named after their content.
public struct CompiledTheme: Sendable {
    public var library: MustacheLibrary
    public var layouts: Set<String>
    /// `i18n/<language>.yaml`: what the templates get as `t`.
    public var strings: [String: String]
    /// Fingerprinted assets: site path → bytes.
    public var assetFiles: [String: Data]
    /// Template key (`css_site_css`) → site path (`assets/css/site.1a2b3c4d5e.css`).
    public var assetPaths: [String: String]
    public var name: String
    /// Changes whenever a template, a string or an asset does: `serve` renders everything again.
    public var fingerprint: Int = 0

    public func string(_ key: String) -> String? { strings[key] }
}

public enum ThemeCompiler {
    /// - Parameter cache: a theme whose files did not change is not compiled again.
    public static func compile(_ raw: RawTheme, language: String, cache: BuildCache?) -> (CompiledTheme?, [Diagnostic]) {
        guard let cache else { return compile(raw, language: language) }
        var hasher = Hasher()
        hasher.combine(language)
        hasher.combine(raw.name)
        for (name, source) in (raw.layouts.map { ("l/" + $0.key, $0.value) } + raw.partials.map { ("p/" + $0.key, $0.value) }
                               + raw.strings.map { ("s/" + $0.key, $0.value) }).sorted(by: { $0.0 < $1.0 }) {
            hasher.combine(name)
            hasher.combine(source.text)
        }
        for (path, data) in raw.assets.sorted(by: { $0.key < $1.key }) {
            hasher.combine(path)
            hasher.combine(data)
        }
        let key = hasher.finalize()
        if let known = cache.read(\.theme), known.key == key { return (known.theme, known.diagnostics) }
        let (theme, diagnostics) = compile(raw, language: language)
        cache.update { $0.theme = (key, theme, diagnostics) }
        return (theme, diagnostics)
    }

    public static func compile(_ raw: RawTheme, language: String) -> (CompiledTheme?, [Diagnostic]) {
        var diagnostics: [Diagnostic] = []
        var library = MustacheLibrary()
        let templates = raw.layouts.map { ($0.key, $0.value, true) } + raw.partials.map { ($0.key, $0.value, false) }
        for (name, source, isLayout) in templates.sorted(by: { $0.1.path < $1.1.path }) {
            if !isLayout, raw.layouts[name] != nil {
                diagnostics.append(source.error(line: 1, column: 1,
                    "partial '\(name)' has the name of a layout: layouts and partials share one namespace (rename the partial)",
                    french: "le fragment (partial) '\(name)' porte le nom d’un gabarit (layout) : gabarits et fragments partagent les mêmes noms (renommez le fragment)"))
                continue
            }
            // swift-mustache's parser recurses once per open section: bounded here, before it.
            if let place = sectionNestingTooDeep(source.text) {
                diagnostics.append(source.error(line: place.line, column: place.column,
                    "sections are nested more than \(maximumSectionDepth) levels deep ({{#…}} inside {{#…}}): write the template flatter",
                    french: "les sections sont imbriquées sur plus de \(maximumSectionDepth) niveaux ({{#…}} dans {{#…}}) : simplifiez le gabarit"))
                continue
            }
            do {
                try library.register(MustacheTemplate(string: TemplateEscaping.pragmaLine + source.text), named: name)
            } catch let error as MustacheTemplate.ParserError {
                let problem = describe(error.error)
                // The line numbers of the text as the theme wrote it, without the pragma's line.
                diagnostics.append(source.error(line: max(1, error.context.lineNumber - 1), column: error.context.columnNumber,
                                                "Mustache syntax error: \(problem.english)", french: "erreur de syntaxe Mustache : \(problem.french)"))
            } catch {
                diagnostics.append(source.error(line: 1, column: 1, "Mustache syntax error: \(error)", french: "erreur de syntaxe Mustache : \(error)"))
            }
        }
        let known = Set(raw.layouts.keys).union(raw.partials.keys)
        var references: [String: [TemplateReference]] = [:]
        for (name, source, _) in templates {
            references[name] = templateReferences(in: source)
            diagnostics += missingPartials(references[name] ?? [], in: source, known: known)
        }
        diagnostics += inclusionCycles(references, sources: Dictionary(templates.map { ($0.0, $0.1) }, uniquingKeysWith: { a, _ in a }))

        var strings: [String: String] = [:]
        if let file = raw.strings[language] {
            let (read, problems) = readStrings(file)
            strings = read
            diagnostics += problems
        } else {
            diagnostics.append(.error(at: nil, "theme '\(raw.name)' has no strings for language '\(language)' (add i18n/\(language).yaml to the theme)",
                                      french: "le thème '\(raw.name)' n’a pas de textes pour la langue '\(language)' (ajoutez i18n/\(language).yaml au thème)"))
        }

        var assetFiles: [String: Data] = [:]
        var assetPaths: [String: String] = [:]
        for (path, data) in raw.assets {
            let output = "assets/" + fingerprinted(path, data: data)
            assetFiles[output] = data
            assetPaths[templateKey(for: path)] = output
        }
        guard !diagnostics.hasErrors else { return (nil, diagnostics) }
        var hasher = Hasher()
        for (name, source, _) in templates.sorted(by: { $0.0 < $1.0 }) {
            hasher.combine(name)
            hasher.combine(source.text)
        }
        hasher.combine(strings.sorted { $0.key < $1.key }.map { $0.key + "=" + $0.value })
        hasher.combine(assetPaths.values.sorted())
        return (CompiledTheme(library: library, layouts: Set(raw.layouts.keys), strings: strings, assetFiles: assetFiles,
                              assetPaths: assetPaths, name: raw.name, fingerprint: hasher.finalize()), diagnostics)
    }

    /// `css/site.css` → `css/site.1a2b3c4d5e.css`: a new name whenever the content changes,
    /// so that the files can be cached for ever.
    static func fingerprinted(_ path: String, data: Data) -> String {
        let digest = SHA256.hash(data: data).prefix(5).hexadecimal
        guard let dot = path.lastIndex(of: "."), path[dot...].count > 1, !path[..<dot].hasSuffix("/") else {
            return path + "." + digest
        }
        return "\(path[..<dot]).\(digest)\(path[dot...])"
    }

    /// `css/site.css` → `css_site_css`: a name a template can write.
    static func templateKey(for path: String) -> String {
        String(path.map { $0.isASCII && ($0.isLetter || $0.isNumber) ? $0 : "_" })
    }

    private static func describe(_ error: Error) -> Wording {
        switch error as? MustacheTemplate.Error {
        case .sectionCloseNameIncorrect?:
            return Wording("the closing tag does not match the open section ({{#name}} … {{/name}})",
                           french: "la balise de fin ne correspond pas à la section ouverte ({{#nom}} … {{/nom}})")
        case .unfinishedName?: return Wording("a tag is not closed (expected }})", french: "une balise n’est pas fermée (il manque }})")
        case .expectedSectionEnd?: return Wording("a section is never closed (add its {{/name}})", french: "une section n’est jamais fermée (ajoutez son {{/nom}})")
        case .invalidSetDelimiter?: return Wording("bad set-delimiter tag", french: "balise de changement de délimiteurs incorrecte")
        case .transformAppliedToInheritanceSection?:
            return Wording("a transform cannot apply to an inherited section", french: "une transformation ne peut pas s’appliquer à une section héritée")
        case .illegalTokenInsideInheritSection?:
            return Wording("only {{$block}} sections may stand inside {{<parent}}", french: "seules des sections {{$bloc}} peuvent figurer dans {{<parent}}")
        case .textInsideInheritSection?:
            return Wording("text inside {{<parent}} must be inside a {{$block}}", french: "le texte placé dans {{<parent}} doit être dans un {{$bloc}}")
        case .invalidConfigVariableSyntax?, .unrecognisedConfigVariable?:
            return Wording("bad configuration tag", french: "balise de configuration incorrecte")
        case nil: return Wording("\(error)", french: "\(error)")
        }
    }

    static let maximumSectionDepth = 100

    /// The line and column where `{{#`, `{{^`, `{{$` or `{{<` sections first nest past the
    /// bound, or nil.
    static func sectionNestingTooDeep(_ text: String) -> (line: Int, column: Int)? {
        var depth = 0
        for (lineIndex, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            var rest = line[...]
            while let open = rest.range(of: "{{") {
                let after = rest[open.upperBound...]
                switch after.first {
                case "#", "^", "$", "<":
                    depth += 1
                    if depth > maximumSectionDepth { return (lineIndex + 1, line.distance(from: line.startIndex, to: open.lowerBound) + 1) }
                case "/":
                    depth = max(0, depth - 1)
                default:
                    break
                }
                rest = after
            }
        }
        return nil
    }

    /// A `{{>partial}}` or `{{<parent}}` tag, with where it stands.
    struct TemplateReference {
        var name: String
        var line: Int
        var column: Int
    }

    static func templateReferences(in source: SourceText) -> [TemplateReference] {
        var references: [TemplateReference] = []
        for (lineIndex, line) in source.text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            var rest = line[...]
            while let open = rest.range(of: "{{") {
                let after = rest[open.upperBound...]
                guard let marker = after.first, marker == ">" || marker == "<",
                      let close = after.range(of: "}}") else {
                    rest = after
                    continue
                }
                let name = after[after.index(after: after.startIndex)..<close.lowerBound].trimmingCharacters(in: .whitespaces)
                let column = line.distance(from: line.startIndex, to: open.lowerBound) + 1
                references.append(TemplateReference(name: name, line: lineIndex + 1, column: column))
                rest = after[close.upperBound...]
            }
        }
        return references
    }

    /// `{{>name}}` and `{{<name}}` naming no template: swift-mustache would render nothing.
    private static func missingPartials(_ references: [TemplateReference], in source: SourceText, known: Set<String>) -> [Diagnostic] {
        references.filter { !known.contains($0.name) }.map { reference in
            let hint = Suggestion.worded(for: reference.name, in: known)
            return source.error(line: reference.line, column: reference.column,
                                "no layout or partial named '\(reference.name)'\(hint.english)",
                                french: "aucun gabarit ni fragment ne s’appelle '\(reference.name)'\(hint.french)")
        }
    }

    /// A template that includes itself, directly or through others, would recurse until the
    /// stack overflows while rendering: each cycle is reported once, named in full, at the
    /// tag that closes it.
    static func inclusionCycles(_ references: [String: [TemplateReference]], sources: [String: SourceText]) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        var state: [String: Bool] = [:] // false: on the current path; true: done
        var path: [String] = []
        var reported = Set<Set<String>>()

        // Depth-first, with an explicit stack of (template, index of the next reference).
        for root in references.keys.sorted() where state[root] == nil {
            var stack: [(String, Int)] = [(root, 0)]
            state[root] = false
            path = [root]
            while let (name, index) = stack.last {
                let outgoing = references[name] ?? []
                guard index < outgoing.count else {
                    state[name] = true
                    stack.removeLast()
                    path.removeLast()
                    continue
                }
                stack[stack.count - 1].1 += 1
                let reference = outgoing[index]
                switch state[reference.name] {
                case nil where references[reference.name] != nil:
                    state[reference.name] = false
                    stack.append((reference.name, 0))
                    path.append(reference.name)
                case false?:
                    let cycle = Array(path[(path.lastIndex(of: reference.name) ?? 0)...]) + [reference.name]
                    guard reported.insert(Set(cycle)).inserted, let source = sources[name] else { continue }
                    let through = cycle.dropFirst().dropLast().map { "'\($0)'" }.joined(separator: ", ")
                    let description = cycle.count == 2
                        ? Wording("'\(name)' includes itself", french: "'\(name)' s’inclut lui-même")
                        : Wording("'\(reference.name)' includes itself through \(through)", french: "'\(reference.name)' s’inclut lui-même par \(through)")
                    let chain = cycle.joined(separator: " → ")
                    diagnostics.append(source.error(line: reference.line, column: reference.column,
                        "\(description.english) (\(chain)): rendering would never end (remove one of these tags)",
                        french: "\(description.french) (\(chain)) : le rendu ne finirait jamais (supprimez l’une de ces balises)"))
                default:
                    continue
                }
            }
        }
        return diagnostics
    }

    private static func readStrings(_ file: SourceText) -> ([String: String], [Diagnostic]) {
        let document = YAMLDocument(source: file, firstLine: 1)
        guard let mapping = document.parseMapping(file.text, what: Wording("the theme's strings", french: "le fichier de textes du thème")) else {
            return ([:], document.diagnostics)
        }
        var strings: [String: String] = [:]
        for (key, value) in mapping {
            guard let name = key.scalar?.string else { continue }
            guard let text = value.scalar?.string else {
                document.error(at: value.mark, "'\(name)' must be text, not \(value.kindDescription)",
                               french: "'\(name)' doit être un texte, pas \(value.frenchKindDescription)")
                continue
            }
            strings[name] = text
        }
        return (strings, document.diagnostics)
    }
}
