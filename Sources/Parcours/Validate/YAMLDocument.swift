import Yams

/// A YAML text (site.yaml, a front matter block, a theme's strings) parsed into a node
/// tree that remembers where each value stands, so that every error can point at it.
final class YAMLDocument {
    let source: SourceText
    /// File line of the YAML's first line, minus one: Yams counts from the YAML's start.
    let lineOffset: Int
    private(set) var diagnostics: [Diagnostic] = []
    /// The text's name in messages, as `parseMapping` was told it.
    private var what = Wording("the YAML", french: "le texte YAML")

    init(source: SourceText, firstLine: Int) {
        self.source = source
        self.lineOffset = firstLine - 1
    }

    /// The root mapping, or nil after recording why there is none.
    /// - Parameter what: the text's name in messages (`site.yaml`, `front matter`).
    func parseMapping(_ yaml: String, what: Wording) -> Node.Mapping? {
        self.what = what
        if let line = YAMLLimits.lineTooDeep(yaml) {
            error(line: lineOffset + line, column: 1,
                  "\(what.english) is nested more than \(YAMLLimits.maximumDepth) levels deep (lists in lists, maps in maps): write it flatter",
                  french: "\(what.french) a plus de \(YAMLLimits.maximumDepth) niveaux d’imbrication (des listes dans des listes, des clés dans des clés) : simplifiez-le")
            return nil
        }
        do {
            // The parser keeps the anchors alive while the tree is checked (nodes hold them weakly).
            // No tag resolution (`.basic`): the validators read each scalar's text and decide
            // what it is themselves, and Yams's default rules cost a regular expression per scalar.
            // UTF-8 said outright: Yams's default encoding reads the whole environment, per page.
            // No constructor maps either: nothing is constructed, and Yams's default constructor
            // builds its three tables for each parser.
            let parser = try Parser(yaml: yaml, resolver: .basic, constructor: Constructor([:], [:], [:]), encoding: .utf8)
            let composed = try parser.singleRoot()
            // A text without `&` has no anchor, so no alias either: most pages skip the walk.
            if UTF8Text.contains(yaml, byte: UInt8(ascii: "&")),
               let anchored = withExtendedLifetime(parser, { composed.flatMap(YAMLLimits.firstAnchoredNode) }) {
                error(at: anchored.mark, "YAML anchors and aliases (&name, *name) are not supported: write the value out in full (an alias can make a small file grow without end)",
                      french: "les ancres et les alias YAML (&nom, *nom) ne sont pas acceptés : écrivez la valeur en entier (un alias peut faire grossir un petit fichier sans limite)")
                return nil
            }
            guard let root = composed else {
                error(line: lineOffset + 1, column: 1, "\(what.english) is empty (expected at least 'title: …')",
                      french: "\(what.french) est vide (il faut au moins une ligne 'title: …')")
                return nil
            }
            guard case .mapping(let mapping) = root else {
                error(at: root.mark, "\(what.english) must be a list of 'key: value' lines, not \(root.kindDescription)",
                      french: "\(what.french) doit être une suite de lignes 'clé: valeur', pas \(root.frenchKindDescription)")
                return nil
            }
            return mapping
        } catch let yamlError as YamlError {
            report(yamlError)
            return nil
        } catch {
            invalidSyntax(line: lineOffset + 1, column: 1, detail: "\(error)", advice: .empty)
            return nil
        }
    }

    private func report(_ yamlError: YamlError) {
        switch yamlError {
        case .scanner(let context, let problem, let mark, _),
             .parser(let context, let problem, let mark, _),
             .composer(let context, let problem, let mark, _):
            let detail = context.map { "\(problem) \($0.text)" } ?? problem
            let place = location(of: mark)
            invalidSyntax(line: place.line, column: place.column, detail: detail, advice: Self.advice(for: problem))
        case .duplicatedKeysInMapping(let duplicates, let context):
            let keys = duplicates.map { "'\($0)'" }.joined(separator: ", ")
            error(at: context.mark, "duplicate key \(keys): each key may appear once (remove one of them)",
                  french: duplicates.count == 1
                      ? "la clé \(keys) est écrite deux fois : chaque clé ne peut figurer qu’une fois (supprimez l’une des deux)"
                      : "les clés \(keys) sont écrites deux fois : chaque clé ne peut figurer qu’une fois (supprimez l’un des doublons)")
        case .reader(let problem, _, _, _):
            invalidSyntax(line: lineOffset + 1, column: 1, detail: problem, advice: .empty)
        default:
            invalidSyntax(line: lineOffset + 1, column: 1, detail: "\(yamlError)", advice: .empty)
        }
    }

    /// `invalid YAML: <the parser's words><advice>`; in French the advice comes first and the
    /// parser's (English) words last, as a technical detail.
    private func invalidSyntax(line: Int, column: Int, detail: String, advice: Wording) {
        let french = advice.french.isEmpty
            ? "\(what.french) est mal écrit (syntaxe YAML ; détail technique : \(detail))"
            : "\(what.french) est mal écrit (syntaxe YAML) : \(advice.french) (détail technique : \(detail))"
        error(line: line, column: column, "invalid YAML: \(detail)\(advice.english.isEmpty ? "" : " (\(advice.english))")", french: french)
    }

    private static func advice(for problem: String) -> Wording {
        if problem.contains("mapping values are not allowed") {
            return Wording("a value containing ': ' must be quoted: title: \"Bilan : 2026\"",
                           french: "une valeur qui contient « : » doit être entre guillemets, par exemple title: \"Bilan : 2026\"")
        }
        if problem.contains("found character that cannot start any token") {
            return Wording("values starting with @, ` or % must be quoted",
                           french: "une valeur qui commence par @, ` ou % doit être entre guillemets")
        }
        return .empty
    }

    // MARK: Diagnostics

    func location(of mark: Mark?) -> (line: Int, column: Int) {
        guard let mark else { return (lineOffset + 1, 1) }
        return (mark.line + lineOffset, mark.column)
    }

    func error(at mark: Mark?, _ message: String, french: String) {
        let place = location(of: mark)
        diagnostics.append(source.error(line: place.line, column: place.column, message, french: french))
    }

    func warning(at mark: Mark?, _ message: String, french: String) {
        let place = location(of: mark)
        diagnostics.append(source.warning(line: place.line, column: place.column, message, french: french))
    }

    func error(line: Int, column: Int, _ message: String, french: String) {
        diagnostics.append(source.error(line: line, column: column, message, french: french))
    }

    func append(_ diagnostic: Diagnostic) {
        diagnostics.append(diagnostic)
    }

    func sourceLocation(of mark: Mark?) -> SourceLocation {
        let place = location(of: mark)
        return source.location(line: place.line, column: place.column)
    }
}

extension Node {
    var kindDescription: String {
        switch self {
        case .scalar(let scalar): return "the text \"\(scalar.string)\""
        case .mapping: return "a map of keys"
        case .sequence: return "a list"
        case .alias: return "an alias"
        }
    }

    var frenchKindDescription: String {
        switch self {
        case .scalar(let scalar): return "le texte \"\(scalar.string)\""
        case .mapping: return "un groupe de clés"
        case .sequence: return "une liste"
        case .alias: return "un alias"
        }
    }
}

/// Bounds on what a YAML text may make the parser do: aliases (`*name`) can make a few lines
/// stand for billions of nodes, and deep nesting recurses once per level.
enum YAMLLimits {
    static let maximumDepth = 100

    /// The first node that carries an anchor (`&name`); aliases share their anchor's node,
    /// so no alias exists without one. Visits each node of the text once: the walk stops at
    /// an anchored node rather than expanding its aliases.
    static func firstAnchoredNode(_ root: Node) -> Node? {
        var pending = [root]
        while let node = pending.popLast() {
            switch node {
            case .scalar(let scalar):
                if scalar.anchor != nil { return node }
            case .sequence(let sequence):
                if sequence.anchor != nil { return node }
                pending.append(contentsOf: sequence.reversed())
            case .mapping(let mapping):
                if mapping.anchor != nil { return node }
                for (key, value) in mapping.reversed() { pending.append(value); pending.append(key) }
            case .alias:
                return node
            }
        }
        return nil
    }

    /// The 1-based line where nesting first goes past `maximumDepth`, estimated from above
    /// (indentation, `- ` items on one line, open brackets), or nil.
    static func lineTooDeep(_ yaml: String) -> Int? {
        var flowDepth = 0
        var line = 1
        var atLineStart = true
        var indentation = 0
        var dashes = 0
        var quote: UInt8?
        var previous: UInt8 = 10
        for byte in yaml.utf8 {
            if byte == 10 {
                line += 1
                atLineStart = true
                indentation = 0
                dashes = 0
                quote = nil
                previous = byte
                continue
            }
            if let open = quote {
                if byte == open && previous != UInt8(ascii: "\\") { quote = nil }
            } else if atLineStart && byte == UInt8(ascii: " ") {
                indentation += 1
            } else {
                atLineStart = false
                if byte == UInt8(ascii: "#"), previous == UInt8(ascii: " ") || previous == 10 {
                    quote = 10 // a comment: nothing counts up to the end of the line
                    previous = byte
                    continue
                }
                switch byte {
                case UInt8(ascii: "["), UInt8(ascii: "{"): flowDepth += 1
                case UInt8(ascii: "]"), UInt8(ascii: "}"): flowDepth = max(0, flowDepth - 1)
                case UInt8(ascii: "\""), UInt8(ascii: "'"):
                    if previous == UInt8(ascii: " ") || previous == UInt8(ascii: "[") || previous == UInt8(ascii: "{") || previous == UInt8(ascii: ",") || previous == UInt8(ascii: ":") {
                        quote = byte
                    }
                case UInt8(ascii: "-"), UInt8(ascii: "?"):
                    if previous == UInt8(ascii: " ") || previous == 10 { dashes += 1 }
                default: break
                }
            }
            if indentation / 2 + dashes + flowDepth > maximumDepth * 2 || dashes + flowDepth > maximumDepth { return line }
            previous = byte
        }
        return nil
    }
}
