/// "Did you mean" hints: the closest candidate within a small edit distance.
public enum Suggestion {
    /// The candidate closest to `value`, if it is close enough to be a likely typo.
    public static func closest(to value: String, in candidates: some Sequence<String>) -> String? {
        let limit = max(2, value.count / 3)
        var best: (candidate: String, distance: Int)?
        for candidate in candidates {
            let distance = editDistance(value.lowercased(), candidate.lowercased())
            if distance <= limit, distance < (best?.distance ?? Int.max) {
                best = (candidate, distance)
            }
        }
        return best?.candidate
    }

    /// ` (did you mean 'x'?)` or nothing: ready to append to a message.
    static func hint(for value: String, in candidates: some Sequence<String>) -> String {
        guard let match = closest(to: value, in: candidates) else { return "" }
        return " (did you mean '\(match)'?)"
    }

    /// The same hint in both languages: ` (did you mean 'x'?)`, ` (vouliez-vous dire 'x' ?)`.
    /// `prefix` goes before the candidate (`/` for a site path).
    static func worded(for value: String, in candidates: some Sequence<String>, prefix: String = "") -> Wording {
        guard let match = closest(to: value, in: candidates) else { return .empty }
        return worded(match: prefix + match)
    }

    /// ` (did you mean 'x'?)` for a match already found.
    static func worded(match: String) -> Wording {
        Wording(" (did you mean '\(match)'?)", french: " (vouliez-vous dire '\(match)' ?)")
    }

    /// Levenshtein distance over Unicode scalars.
    static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a.unicodeScalars), b = Array(b.unicodeScalars)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                current[j] = Swift.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }
}
