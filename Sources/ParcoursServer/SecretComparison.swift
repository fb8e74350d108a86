/// Tokens (a form's CSRF token, the login form's signature) compared in constant time: the
/// time a refusal takes says nothing about how much of the token was right.
public enum SecretComparison {
    public static func matches(_ sent: String, _ expected: String) -> Bool {
        let a = Array(sent.utf8), b = Array(expected.utf8)
        return a.count == b.count && !b.isEmpty && zip(a, b).reduce(0) { $0 | ($1.0 ^ $1.1) } == 0
    }
}
