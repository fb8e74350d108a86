import Foundation

/// The language the diagnostics of a site speak: site.yaml's `language` (French unless it
/// says `en`), read from the text alone, so that a site.yaml with errors still gets its
/// errors in its own language.
public enum SiteLanguage {
    /// `language:` of a site.yaml text, the last `--set language=…` winning; French when
    /// neither says English (and when the file cannot be read).
    public static func declared(in configurationText: String?, overrides: [ConfigurationOverride] = []) -> SchemaLanguage {
        if let override = overrides.last(where: { $0.path == ["language"] }) {
            return language(named: override.value)
        }
        guard let text = configurationText else { return .french }
        var found: SchemaLanguage = .french
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) where line.hasPrefix("language:") {
            var value = line.dropFirst("language:".count)
            if let comment = value.range(of: " #") { value = value[..<comment.lowerBound] }
            let trimmed = value.trimmingCharacters(in: .whitespaces).trimmingCharacters(in: CharacterSet(charactersIn: "\"'"))
            found = language(named: trimmed)
        }
        return found
    }

    /// The language of the site whose content folder is `source` (its `site.yaml` read from disk).
    public static func of(source: String, overrides: [ConfigurationOverride] = []) -> SchemaLanguage {
        let file = URL(fileURLWithPath: source).appendingPathComponent(ContentLoader.configurationFileName)
        let text = (try? Data(contentsOf: file)).map { String(decoding: $0, as: UTF8.self) }
        return declared(in: text, overrides: overrides)
    }

    static func language(named name: String) -> SchemaLanguage {
        name.trimmingCharacters(in: .whitespaces).lowercased() == "en" ? .english : .french
    }
}

/// The language of the command line: the site's, unless the person's locale asks for English.
public enum CLILanguage {
    /// English when the locale that governs messages (the first of `LC_ALL`, `LC_MESSAGES`,
    /// `LANG` that is set and not empty, as POSIX has it) starts with `en` (`en_US.UTF-8`,
    /// `en_GB`, `en`); otherwise the site's language (`fr_FR.UTF-8`, `C`, nothing at all).
    public static func resolve(site: SchemaLanguage, environment: [String: String]) -> SchemaLanguage {
        let locale = ["LC_ALL", "LC_MESSAGES", "LANG"].lazy.compactMap { environment[$0] }.first { !$0.isEmpty } ?? ""
        return locale.lowercased().hasPrefix("en") ? .english : site
    }
}
