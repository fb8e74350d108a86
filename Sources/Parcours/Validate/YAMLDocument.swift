import Yams

/// A YAML text (site.yaml, a front matter block, a theme's strings) parsed into a node
/// tree that remembers where each value stands, so that every error can point at it.
final class YAMLDocument {
    let source: SourceText
    /// File line of the YAML's first line, minus one: Yams counts from the YAML's start.
    let lineOffset: Int
    private(set) var diagnostics: [Diagnostic] = []

    init(source: SourceText, firstLine: Int) {
        self.source = source
        self.lineOffset = firstLine - 1
    }

    /// The root mapping, or nil after recording why there is none.
    func parseMapping(_ yaml: String, what: String) -> Node.Mapping? {
        do {
            guard let root = try Yams.compose(yaml: yaml) else {
                error(line: lineOffset + 1, column: 1, "\(what) is empty (expected at least 'title: …')")
                return nil
            }
            guard case .mapping(let mapping) = root else {
                error(at: root.mark, "\(what) must be a list of 'key: value' lines, not \(root.kindDescription)")
                return nil
            }
            return mapping
        } catch let yamlError as YamlError {
            report(yamlError)
            return nil
        } catch {
            self.error(line: lineOffset + 1, column: 1, "invalid YAML: \(error)")
            return nil
        }
    }

    private func report(_ yamlError: YamlError) {
        switch yamlError {
        case .scanner(let context, let problem, let mark, _),
             .parser(let context, let problem, let mark, _),
             .composer(let context, let problem, let mark, _):
            let detail = context.map { "\(problem) \($0.text)" } ?? problem
            error(at: mark, "invalid YAML: \(detail)\(Self.advice(for: problem))")
        case .duplicatedKeysInMapping(let duplicates, let context):
            let keys = duplicates.map { "'\($0)'" }.joined(separator: ", ")
            error(at: context.mark, "duplicate key \(keys): each key may appear once (remove one of them)")
        case .reader(let problem, _, _, _):
            error(line: lineOffset + 1, column: 1, "invalid YAML: \(problem)")
        default:
            error(line: lineOffset + 1, column: 1, "invalid YAML: \(yamlError)")
        }
    }

    private static func advice(for problem: String) -> String {
        if problem.contains("mapping values are not allowed") {
            return " (a value containing ': ' must be quoted: title: \"Bilan : 2026\")"
        }
        if problem.contains("found character that cannot start any token") {
            return " (values starting with @, ` or % must be quoted)"
        }
        return ""
    }

    // MARK: Diagnostics

    func location(of mark: Mark?) -> (line: Int, column: Int) {
        guard let mark else { return (lineOffset + 1, 1) }
        return (mark.line + lineOffset, mark.column)
    }

    func error(at mark: Mark?, _ message: String) {
        let place = location(of: mark)
        diagnostics.append(source.error(line: place.line, column: place.column, message))
    }

    func warning(at mark: Mark?, _ message: String) {
        let place = location(of: mark)
        diagnostics.append(source.warning(line: place.line, column: place.column, message))
    }

    func error(line: Int, column: Int, _ message: String) {
        diagnostics.append(source.error(line: line, column: column, message))
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
}
