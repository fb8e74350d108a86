/// Two files of the site at one path, or a file where another needs a folder: the write
/// would fail half-way or one would silently replace the other. Found here, after every
/// file is known, and reported where a person wrote the name (an alias, a copied file).
enum OutputConflicts {
    /// - Parameter cache: a site whose files have the paths of the last one, which had no
    ///   conflict, has none (`serve`, at each save: the check is a table of every path).
    static func check(_ files: [OutputFile], cache: BuildCache?) -> [Diagnostic] {
        guard let cache else { return check(files) }
        let paths = files.map(\.path)
        if cache.read({ $0.conflictFreePaths == paths }) { return [] }
        let diagnostics = check(files)
        cache.update { $0.conflictFreePaths = diagnostics.isEmpty ? paths : nil }
        return diagnostics
    }

    static func check(_ files: [OutputFile]) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        // Indexes, not files: a copy of each of 13,000 files was most of this check.
        var byPath: [Substring: Int] = [:]
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

        for index in files.indices {
            let path = files[index].path
            if let problem = OutputPath.wordedProblem(path) {
                report(files[index], against: nil) { _, _, subject in
                    Wording("\(subject.english) cannot be written: \(problem.english)",
                            french: "impossible d’écrire \(subject.french) : \(problem.french)")
                }
                continue
            }
            if let other = byPath[path[...]] {
                report(files[index], against: files[other]) { _, counterpart, subject in
                    let other = holder(counterpart)
                    return Wording("\(subject.english) cannot be published at /\(path): that is already \(other.english) (choose an address that nothing else uses)",
                                   french: "impossible de publier \(subject.french) à /\(path) : cette adresse est déjà \(other.french) (choisissez une adresse que rien d’autre n’utilise)")
                }
                continue
            }
            byPath[path[...]] = index
        }
        // A file whose path is a folder of another file. (Folders are looked up as slices of
        // the path, on bytes: no string is made for each.)
        for index in files.indices {
            let path = files[index].path
            var end = path.utf8.endIndex
            while let slash = path.utf8[..<end].lastIndex(of: UInt8(ascii: "/")) {
                end = slash
                let folder = path[..<slash]
                guard let blocking = byPath[folder] else { continue }
                report(files[index], against: files[blocking]) { blamed, counterpart, subject in
                    let other = holder(counterpart)
                    return blamed.path == path
                        ? Wording("\(subject.english) cannot be published at /\(path): /\(folder) is already \(other.english) (choose an address that nothing else uses)",
                                  french: "impossible de publier \(subject.french) à /\(path) : l’adresse /\(folder) est déjà \(other.french) (choisissez une adresse que rien d’autre n’utilise)")
                        : Wording("\(subject.english) cannot be published at /\(folder): the site needs a folder there for /\(path) (choose an address that nothing else uses)",
                                  french: "impossible de publier \(subject.french) à /\(folder) : le site a besoin d’un dossier à cette adresse pour /\(path) (choisissez une adresse que rien d’autre n’utilise)")
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
