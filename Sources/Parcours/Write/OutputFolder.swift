import Foundation

/// The output folder, and what a build may do to it. A build replaces the whole folder, so
/// it must never be pointed at something a person keeps: the content, the themes, the
/// project, or any folder that a Parcours build did not make. Each output carries a marker
/// file; a folder without it is refused unless it is empty.
public enum OutputFolder {
    /// Written into every output: proof that the folder is a Parcours output and can be replaced.
    public static let markerName = ".parcours-output"
    static let markerText = "This folder is the output of `parcours build`: each build replaces it whole.\n"

    /// Why `output` must not be written, or nil when it may. Checked before anything is read:
    /// the command line turns the answer into a usage error (exit code 2).
    public static func problem(output: String, source: String, themes: String) -> String? {
        problem(output: output, source: source, themes: themes, in: .english)
    }

    /// The same in `language`.
    public static func problem(output: String, source: String, themes: String, in language: SchemaLanguage) -> String? {
        wordedProblem(output: output, source: source, themes: themes)?.text(in: language)
    }

    static func wordedProblem(output: String, source: String, themes: String) -> Wording? {
        if output.trimmingCharacters(in: .whitespaces).isEmpty {
            return Wording("--output is empty: name the folder to write the site into (for example --output site)",
                           french: "--output est vide : indiquez le dossier où écrire le site (par exemple --output site)")
        }
        let target = canonical(output)
        if target == "/" {
            return Wording("--output '\(output)' is the root of the file system: name a folder of its own (for example --output site)",
                           french: "--output '\(output)' est la racine du système de fichiers : indiquez un dossier à part (par exemple --output site)")
        }
        for (folder, option) in [(source, "--source"), (themes, "--themes")] {
            let protected = canonical(folder)
            if target == protected || isInside(target, protected) || isInside(protected, target) {
                let isContent = option == "--source"
                let english = "--output '\(output)' \(target == protected ? "is" : isInside(target, protected) ? "lies inside" : "contains") the \(isContent ? "content" : "themes") folder '\(folder)': a build replaces its output whole, which would delete your files (choose another folder, for example --output site)"
                let relation = target == protected ? "est" : isInside(target, protected) ? "se trouve dans" : "contient"
                let french = "--output '\(output)' \(relation) le dossier \(isContent ? "de contenu" : "des thèmes") '\(folder)' : une construction remplace tout son dossier de sortie, ce qui effacerait vos fichiers (choisissez un autre dossier, par exemple --output site)"
                return Wording(english, french: french)
            }
        }
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: target, isDirectory: &isFolder) else { return nil }
        guard isFolder.boolValue else {
            return Wording("--output '\(output)' is a file, not a folder (choose another name, for example --output site)",
                           french: "--output '\(output)' est un fichier, pas un dossier (choisissez un autre nom, par exemple --output site)")
        }
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: target)) ?? []
        if entries.isEmpty || entries.contains(markerName) || looksLikeEarlierOutput(entries) { return nil }
        return Wording("--output '\(output)' is a folder that Parcours did not make (it has no \(markerName) file and is not empty): a build replaces its output whole, so it refuses to delete it (choose another folder, or empty this one yourself)",
                       french: "--output '\(output)' est un dossier que Parcours n’a pas créé (il n’a pas de fichier \(markerName) et n’est pas vide) : une construction remplace tout son dossier de sortie, elle refuse donc de l’effacer (choisissez un autre dossier, ou videz celui-ci vous-même)")
    }

    /// Outputs of Parcours before the marker existed: the three files every build writes.
    static func looksLikeEarlierOutput(_ entries: [String]) -> Bool {
        Set(entries).isSuperset(of: ["404.html", "sitemap.xml", "robots.txt"]) && !entries.contains(where: { $0.hasSuffix(".md") })
    }

    /// The absolute path with symbolic links resolved, so that `./content/../content` and a
    /// link to the content folder are recognised as the content folder.
    static func canonical(_ path: String) -> String {
        let url = URL(fileURLWithPath: path).standardizedFileURL
        // Resolve the part that exists: the folder itself may not exist yet.
        var existing = url
        var missing: [String] = []
        while !FileManager.default.fileExists(atPath: existing.path), existing.path != "/" {
            missing.insert(existing.lastPathComponent, at: 0)
            existing.deleteLastPathComponent()
        }
        var resolved = existing.resolvingSymlinksInPath()
        for component in missing { resolved.appendPathComponent(component) }
        return resolved.standardizedFileURL.path
    }

    /// True when `path` lies strictly inside `folder`.
    static func isInside(_ path: String, _ folder: String) -> Bool {
        let prefix = folder.hasSuffix("/") ? folder : folder + "/"
        return path.hasPrefix(prefix)
    }
}
