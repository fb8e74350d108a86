import Foundation
import Parcours

/// A submission of a form checked against the fields its page shows (the same definition
/// the page was rendered from): required answers, types, lengths, options, the three boxes
/// of a date. What is accepted is kept with each field's label, as the form worded it.
enum SubmissionCheck {
    struct Answer: Codable, Sendable, Hashable {
        var name: String
        var label: String
        var value: String
        /// The field's type (`tel`, `text`…): the inbox's list shows the phone number apart.
        var type: String = "text"
    }

    struct Problem: Error, Sendable, Hashable {
        var field: String
        var message: String
    }

    struct Problems: Error, Sendable {
        var list: [Problem]
    }

    /// Longest answers: a line, and a long text (a page of writing).
    static let lineLimit = 200
    static let textLimit = 5_000

    static func check(_ values: [String: [String]], form: FormMetadata, now: Date) -> Result<[Answer], Problems> {
        var answers: [Answer] = []
        var problems: [Problem] = []
        func value(_ name: String) -> String {
            (values[name]?.last ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        }
        for field in form.fields {
            let name = field.name.value
            let label = field.label
            func problem(_ message: String) { problems.append(Problem(field: name, message: "« \(label) » : \(message)")) }
            if field.type == "date" {
                let parts = field.sentNames.map(value)
                if parts.allSatisfy(\.isEmpty) {
                    if field.required { problem("la date manque") }
                    continue
                }
                guard let date = birthDate(parts, now: now) else {
                    problem("« \(parts.joined(separator: "/")) » n’est pas une date (jour, mois, année, comme 15 3 1958)")
                    continue
                }
                answers.append(Answer(name: name, label: label, value: date, type: field.type))
                continue
            }
            let text = value(name)
            if text.isEmpty {
                if field.required { problem(field.type == "checkbox" ? "la case doit être cochée" : "la réponse manque") }
                continue
            }
            let limit = field.type == "textarea" ? textLimit : lineLimit
            guard text.count <= limit else {
                problem("la réponse dépasse \(limit) caractères")
                continue
            }
            guard !text.unicodeScalars.contains(where: { $0.properties.generalCategory == .control && $0 != "\n" && $0 != "\r" && $0 != "\t" }) else {
                problem("la réponse contient des caractères invisibles")
                continue
            }
            switch field.type {
            case "select", "radio":
                guard let option = field.options.first(where: { $0.value == text }) else {
                    problem("« \(text.prefix(40)) » n’est pas une des réponses proposées")
                    continue
                }
                answers.append(Answer(name: name, label: label, value: option.label, type: field.type))
                continue
            case "checkbox":
                answers.append(Answer(name: name, label: label, value: "Oui", type: field.type))
                continue
            case "email":
                guard AccountStore.isEmail(text) else { problem("« \(text.prefix(60)) » n’est pas une adresse électronique"); continue }
            case "tel":
                let digits = text.filter(\.isNumber)
                guard text.allSatisfy({ $0.isNumber || " .-+()".contains($0) }), (8...15).contains(digits.count) else {
                    problem("« \(text.prefix(40)) » n’est pas un numéro de téléphone"); continue
                }
            case "postal-code":
                guard text.count == 5, text.allSatisfy({ $0.isASCII && $0.isNumber }) else { problem("un code postal a cinq chiffres"); continue }
            case "number":
                guard let number = Double(text.replacingOccurrences(of: ",", with: ".")) else { problem("« \(text.prefix(20)) » n’est pas un nombre"); continue }
                if let min = field.min.flatMap(Double.init), number < min { problem("le nombre doit valoir au moins \(min)"); continue }
                if let max = field.max.flatMap(Double.init), number > max { problem("le nombre doit valoir au plus \(max)"); continue }
            default:
                break
            }
            if let pattern = field.pattern, let expression = try? NSRegularExpression(pattern: "^(?:" + pattern + ")$"),
               expression.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) == nil {
                problem("la réponse n’a pas la forme attendue")
                continue
            }
            answers.append(Answer(name: name, label: label, value: text, type: field.type))
        }
        return problems.isEmpty ? .success(answers) : .failure(Problems(list: problems))
    }

    /// `15`, `3`, `1958` → `15/03/1958`, for a date of birth: a real day, not in the future,
    /// not before 1900.
    static func birthDate(_ parts: [String], now: Date) -> String? {
        guard parts.count == 3, let day = Int(parts[0]), let month = Int(parts[1]), let year = Int(parts[2]),
              parts[2].count == 4, (1900...9999).contains(year), (1...12).contains(month), (1...31).contains(day) else { return nil }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "Europe/Paris") ?? .current
        guard let date = calendar.date(from: DateComponents(year: year, month: month, day: day)),
              calendar.component(.day, from: date) == day, date <= now else { return nil }
        return String(format: "%02d/%02d/%04d", day, month, year)
    }

    /// Whether a commune is one of the territory's (case, accents, dashes and "St" ignored),
    /// as the page's script compares them: outside, the request is kept and marked.
    static func isInTerritory(_ commune: String, communes: [String]) -> Bool {
        func key(_ text: String) -> String {
            let folded = text.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: Locale(identifier: "fr_FR"))
            let words = folded.split(whereSeparator: { !$0.isLetter && !$0.isNumber }).map { $0 == "st" ? "saint" : $0 == "ste" ? "sainte" : String($0) }
            return words.joined(separator: " ")
        }
        let wanted = key(commune)
        return communes.contains { key($0) == wanted }
    }
}
