import Foundation

/// A theme's files, read from disk.
public struct RawTheme: Sendable {
    public var name: String
    /// Templates by name: `news-list` for `layouts/news-list.mustache`.
    public var layouts: [String: SourceText]
    public var partials: [String: SourceText]
    /// Asset bytes by path under `assets/`: `css/site.css`.
    public var assets: [String: Data]
    /// `i18n/<language>.yaml` by language.
    public var strings: [String: SourceText]
}

public enum ThemeLoader {
    /// - Parameter namedAt: where site.yaml names the theme, for the error when it is missing.
    public static func load(themesDirectory: String, name: String, namedAt: (location: SourceLocation, line: String?)? = nil) -> (RawTheme, [Diagnostic]) {
        var diagnostics: [Diagnostic] = []
        var theme = RawTheme(name: name, layouts: [:], partials: [:], assets: [:], strings: [:])
        let folder = FileTree.join(themesDirectory, name)
        let root = URL(fileURLWithPath: folder)
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: root.path, isDirectory: &isFolder), isFolder.boolValue else {
            let available = (try? FileManager.default.contentsOfDirectory(atPath: themesDirectory)) ?? []
            let hint = Suggestion.worded(for: name, in: available)
            diagnostics.append(.error(at: namedAt?.location, sourceLine: namedAt?.line, "theme '\(name)' not found in '\(themesDirectory)'\(hint.english)",
                                      french: "le thème '\(name)' est introuvable dans '\(themesDirectory)'\(hint.french)"))
            return (theme, diagnostics)
        }
        for relativePath in FileTree.files(under: root) {
            let url = root.appendingPathComponent(relativePath)
            let display = FileTree.join(folder, relativePath)
            let parts = relativePath.split(separator: "/", maxSplits: 1).map(String.init)
            guard parts.count == 2 else { continue }
            switch (parts[0], parts[1]) {
            case ("layouts", let file) where file.hasSuffix(".mustache"):
                theme.layouts[String(file.dropLast(9))] = ContentLoader.readText(url, displayPath: display, into: &diagnostics)
            case ("partials", let file) where file.hasSuffix(".mustache"):
                theme.partials[String(file.dropLast(9))] = ContentLoader.readText(url, displayPath: display, into: &diagnostics)
            case ("i18n", let file) where file.hasSuffix(".yaml"):
                theme.strings[String(file.dropLast(5))] = ContentLoader.readText(url, displayPath: display, into: &diagnostics)
            case ("assets", let path):
                if let data = try? Data(contentsOf: url) {
                    theme.assets[path] = data
                } else {
                    diagnostics.append(.error(at: SourceLocation(file: display, line: 1, column: 1), "cannot read asset",
                                              french: "impossible de lire ce fichier du thème"))
                }
            default:
                continue
            }
        }
        return (theme, diagnostics)
    }
}
