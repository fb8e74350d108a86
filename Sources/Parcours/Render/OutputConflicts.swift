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
        /// `problem` gets the two files and the blamed one's description, and gives the message.
        func report(_ file: OutputFile, against other: OutputFile?, _ problem: (OutputFile, OutputFile?, Wording) -> Wording) {
            var (blamed, counterpart) = (file, other)
            if file.origin == nil, let other, other.origin != nil { (blamed, counterpart) = (other, file) }
            guard reported.insert(blamed.path).inserted else { return }
            let message = problem(blamed, counterpart, describe(blamed))
            if let origin = blamed.origin {
                diagnostics.append(origin.written.error(message.english, french: message.french))
            } else {
                diagnostics.append(.error(at: nil, "render: \(message.english)", french: message.french))
            }
        }
        /// `the page …`, `occupée par la page …`: what already holds an address.
        func holder(_ counterpart: OutputFile?) -> Wording {
            counterpart.map { Wording(describe($0).english, french: "occupée par " + describe($0).french) } ?? Wording("taken", french: "occupée")
        }

        for file in files {
            if let problem = OutputPath.wordedProblem(file.path) {
                report(file, against: nil) { _, _, subject in
                    Wording("\(subject.english) cannot be written: \(problem.english)",
                            french: "impossible d’écrire \(subject.french) : \(problem.french)")
                }
                continue
            }
            if let other = byPath[file.path] {
                report(file, against: other) { _, counterpart, subject in
                    let other = holder(counterpart)
                    return Wording("\(subject.english) cannot be published at /\(file.path): that is already \(other.english) (choose an address that nothing else uses)",
                                   french: "impossible de publier \(subject.french) à /\(file.path) : cette adresse est déjà \(other.french) (choisissez une adresse que rien d’autre n’utilise)")
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
                report(file, against: blocking) { blamed, counterpart, subject in
                    let other = holder(counterpart)
                    return blamed.path == file.path
                        ? Wording("\(subject.english) cannot be published at /\(file.path): /\(folder) is already \(other.english) (choose an address that nothing else uses)",
                                  french: "impossible de publier \(subject.french) à /\(file.path) : l’adresse /\(folder) est déjà \(other.french) (choisissez une adresse que rien d’autre n’utilise)")
                        : Wording("\(subject.english) cannot be published at /\(folder): the site needs a folder there for /\(file.path) (choose an address that nothing else uses)",
                                  french: "impossible de publier \(subject.french) à /\(folder) : le site a besoin d’un dossier à cette adresse pour /\(file.path) (choisissez une adresse que rien d’autre n’utilise)")
                }
                break
            }
        }
        return diagnostics
    }

    private static func describe(_ file: OutputFile) -> Wording {
        let name = file.origin?.written.value ?? file.path
        switch file.origin?.kind {
        case .copiedFile?: return Wording("the file '\(name)'", french: "le fichier '\(name)'")
        case .alias?: return Wording("alias '\(name)'", french: "l’ancienne adresse '\(name)'")
        case .page?: return Wording("the page \(name)", french: "la page \(name)")
        case nil: return Wording("a file that the site makes", french: "un fichier que le site produit")
        }
    }
}
