import Foundation

/// URL segments from titles and tags: "Journée de prévention" → `journee-de-prevention`.
public enum Slug {
    public static func make(_ text: String) -> String {
        // Ligatures have no decomposition to fold: spell them out first (cœur → coeur).
        var spelled = text
        if text.contains(where: { "œŒæÆ".contains($0) }) {
            spelled = text.replacing("œ", with: "oe").replacing("Œ", with: "oe").replacing("æ", with: "ae").replacing("Æ", with: "ae")
        }
        let folded = spelled.folding(options: [.diacriticInsensitive, .caseInsensitive], locale: Locale(identifier: "fr_FR"))
            .lowercased()
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
