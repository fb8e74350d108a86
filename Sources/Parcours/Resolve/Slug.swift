import Foundation

/// URL segments from titles and tags: "Journée de prévention" → `journee-de-prevention`.
public enum Slug {
    public static func make(_ text: String) -> String {
        // ASCII needs no folding, only lower case: skip Foundation (most tags and many titles).
        if text.utf8.allSatisfy({ $0 < 0x80 }) { return slug(ofFolded: text.lowercased()) }
        // Ligatures have no decomposition to fold: spell them out first (cœur → coeur).
        var spelled = text
        if text.contains(where: { "œŒæÆ".contains($0) }) {
            spelled = text.replacing("œ", with: "oe").replacing("Œ", with: "oe").replacing("æ", with: "ae").replacing("Æ", with: "ae")
        }
        let folded = spelled.folding(options: [.diacriticInsensitive, .caseInsensitive], locale: Locale(identifier: "fr_FR"))
            .lowercased()
        return slug(ofFolded: folded)
    }

    /// Runs of `a`–`z` and `0`–`9` joined by single dashes.
    private static func slug(ofFolded folded: String) -> String {
        var slug = ""
        var pendingDash = false
        for scalar in folded.unicodeScalars {
            let isWordCharacter = (scalar.value >= 97 && scalar.value <= 122) || (scalar.value >= 48 && scalar.value <= 57)
            if isWordCharacter {
                if pendingDash, !slug.isEmpty { slug.append("-") }
                slug.unicodeScalars.append(scalar)
                pendingDash = false
            } else {
                pendingDash = true
            }
        }
        return slug
    }
}
