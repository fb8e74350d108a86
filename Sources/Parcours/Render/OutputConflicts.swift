/// Two files of the site at one path, or a file where another needs a folder: the write
/// would fail half-way or one would silently replace the other. Found here, after every
/// file is known, and reported where a person wrote the name (an alias, a copied file).
enum OutputConflicts {
    static func check(_ files: [OutputFile]) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        var byPath: [String: OutputFile] = [:]
        byPath.reserveCapacity(files.count)
        var reported = Set<String>()

        /// Blames the file a person named (the other one is the site's own), at its origin.
        func report(_ file: OutputFile, against other: OutputFile?, _ problem: (OutputFile, OutputFile?) -> String) {
            var (blamed, counterpart) = (file, other)
            if file.origin == nil, let other, other.origin != nil { (blamed, counterpart) = (other, file) }
            guard reported.insert(blamed.path).inserted else { return }
            let message = "\(describe(blamed)) \(problem(blamed, counterpart))"
            if let origin = blamed.origin {
                diagnostics.append(origin.written.error(message))
            } else {
                diagnostics.append(.error(at: nil, "render: \(message)"))
            }
        }

        for file in files {
            if let problem = OutputPath.problem(file.path) {
                report(file, against: nil) { _, _ in "cannot be written: \(problem)" }
                continue
            }
            if let other = byPath[file.path] {
                report(file, against: other) { _, counterpart in
                    "cannot be published at /\(file.path): that is already \(counterpart.map(describe) ?? "taken") (choose an address that nothing else uses)"
                }
                continue
            }
            byPath[file.path] = file
        }
        // A file whose path is a folder of another file.
        for file in files {
            var folder = Substring(file.path)
            while let slash = folder.lastIndex(of: "/") {
                folder = folder[..<slash]
                guard let blocking = byPath[String(folder)] else { continue }
                report(file, against: blocking) { blamed, counterpart in
                    blamed.path == file.path
                        ? "cannot be published at /\(file.path): /\(folder) is already \(counterpart.map(describe) ?? "taken") (choose an address that nothing else uses)"
                        : "cannot be published at /\(folder): the site needs a folder there for /\(file.path) (choose an address that nothing else uses)"
                }
                break
            }
        }
        return diagnostics
    }

    private static func describe(_ file: OutputFile) -> String {
        switch file.origin?.kind {
        case .copiedFile?: return "the file '\(file.origin?.written.value ?? file.path)'"
        case .alias?: return "alias '\(file.origin?.written.value ?? file.path)'"
        case .page?: return "the page \(file.origin?.written.value ?? file.path)"
        case nil: return "a file that the site makes"
        }
    }
}
