import Foundation

/// Dates, numbers and phone numbers as a French (or English) reader writes them.
/// Month and weekday names come from the theme's strings (`month_3`, `weekday_2`), with
/// built-in names as a fallback.
struct Formatting: Sendable {
    let language: String
    let strings: [String: String]

    private static let frenchMonths = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
                                       "septembre", "octobre", "novembre", "décembre"]
    private static let englishMonths = ["January", "February", "March", "April", "May", "June", "July", "August",
                                        "September", "October", "November", "December"]
    private static let frenchWeekdays = ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"]
    private static let englishWeekdays = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]

    var isFrench: Bool { language != "en" }

    func monthName(_ month: Int) -> String {
        strings["month_\(month)"] ?? (isFrench ? Self.frenchMonths : Self.englishMonths)[(month - 1) % 12]
    }

    func weekdayName(_ weekday: Int) -> String {
        strings["weekday_\(weekday)"] ?? (isFrench ? Self.frenchWeekdays : Self.englishWeekdays)[(weekday - 1) % 7]
    }

    /// `1er mars 2026`, `24 mars 2026`; `24 March 2026`.
    func day(_ date: ContentDate, withYear: Bool = true, withMonth: Bool = true) -> String {
        var text = isFrench && date.day == 1 ? "1er" : "\(date.day)"
        if withMonth { text += " " + monthName(date.month) }
        if withYear { text += " \(date.year)" }
        return text
    }

    /// `mardi 24 mars 2026`.
    func dayWithWeekday(_ date: ContentDate) -> String {
        weekdayName(date.weekday) + " " + day(date)
    }

    /// `17 h`, `19 h 30` (with no-break spaces, so that a time never splits across lines); `17:00`.
    func time(_ date: ContentDate) -> String {
        if isFrench {
            return date.minute == 0 ? "\(date.hour)\u{A0}h" : String(format: "%d\u{A0}h\u{A0}%02d", date.hour, date.minute)
        }
        return String(format: "%02d:%02d", date.hour, date.minute)
    }

    /// The date of an event in words:
    /// `mardi 24 mars 2026, de 17 h à 19 h 30`, `samedi 13 juin 2026`, `du 2 au 4 juin 2026`.
    func eventWhen(start: ContentDate, end: ContentDate?) -> String {
        let sameDay = end.map { $0.year == start.year && $0.month == start.month && $0.day == start.day } ?? true
        if !start.hasTime {
            guard let end, !sameDay else { return dayWithWeekday(start) }
            let sameMonth = end.year == start.year && end.month == start.month
            let sameYear = end.year == start.year
            let from = day(start, withYear: !sameYear, withMonth: !sameMonth)
            return isFrench ? "du \(from) au \(day(end))" : "from \(from) to \(day(end))"
        }
        guard let end else {
            return dayWithWeekday(start) + (isFrench ? " à " : ", ") + time(start)
        }
        if sameDay {
            return dayWithWeekday(start) + (isFrench ? ", de \(time(start)) à \(time(end))" : ", \(time(start))–\(time(end))")
        }
        return isFrench
            ? "du \(dayWithWeekday(start)) à \(time(start)) au \(dayWithWeekday(end)) à \(time(end))"
            : "from \(dayWithWeekday(start)), \(time(start)) to \(dayWithWeekday(end)), \(time(end))"
    }

    /// `89 000` (a narrow no-break space between thousands in French); `89,000`.
    func number(_ value: Int) -> String {
        let digits = String(value.magnitude)
        var groups: [String] = []
        var end = digits.endIndex
        while end > digits.startIndex {
            let start = digits.index(end, offsetBy: -3, limitedBy: digits.startIndex) ?? digits.startIndex
            groups.insert(String(digits[start..<end]), at: 0)
            end = start
        }
        return (value < 0 ? "-" : "") + groups.joined(separator: isFrench ? "\u{202F}" : ",")
    }

    /// `A, B et C`.
    func enumeration(_ items: [String]) -> String {
        guard items.count > 1, let last = items.last else { return items.first ?? "" }
        return items.dropLast().joined(separator: ", ") + (isFrench ? " et " : " and ") + last
    }

    /// `05 49 00 00 00` → `tel:+33549000000`.
    static func telephoneLink(_ phone: String) -> String {
        var digits = phone.filter { $0.isASCII && $0.isNumber }
        if phone.trimmingCharacters(in: .whitespaces).hasPrefix("+") { return "tel:+" + digits }
        if digits.count == 10, digits.hasPrefix("0") {
            digits.removeFirst()
            return "tel:+33" + digits
        }
        return "tel:" + digits
    }
}
