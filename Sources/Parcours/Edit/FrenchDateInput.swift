/// Dates and times as people in France type them: `15/01/2027`, `18h30`. The editor turns
/// them into the front matter's form (`2027-01-15T18:30`); ISO dates are accepted as well.
public enum FrenchDateInput {
    /// `15/01/2027`, `15-1-2027`, `15.01.2027` or `2027-01-15` → `2027-01-15`; nil otherwise.
    public static func day(_ text: String) -> String? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let parts = trimmed.split(whereSeparator: { $0 == "/" || $0 == "-" || $0 == "." }).map(String.init)
        guard parts.count == 3, parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }) else { return nil }
        let (day, month, year): (String, String, String)
        if parts[0].count == 4 {
            (year, month, day) = (parts[0], parts[1], parts[2])
        } else {
            (day, month, year) = (parts[0], parts[1], parts[2])
        }
        guard year.count == 4, (1...2).contains(month.count), (1...2).contains(day.count),
              let y = Int(year), let m = Int(month), let d = Int(day),
              (1...12).contains(m), (1...daysIn(month: m, year: y)).contains(d) else { return nil }
        return "\(year)-\(pad(m))-\(pad(d))"
    }

    /// `18h30`, `18 h 30`, `18h`, `18:30`, `9h05` → `18:30`; nil otherwise.
    public static func time(_ text: String) -> String? {
        let compact = text.lowercased().filter { $0 != " " }
        let parts = compact.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "h" || $0 == ":" }).map(String.init)
        guard (1...2).contains(parts.count), parts.allSatisfy({ $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }),
              let hour = Int(parts[0]), parts[0].count <= 2, (0...23).contains(hour) else { return nil }
        let minutePart = parts.count == 2 ? parts[1] : ""
        guard minutePart.count <= 2 else { return nil }
        let minute = minutePart.isEmpty ? 0 : Int(minutePart) ?? -1
        guard (0...59).contains(minute), parts.count == 2 || compact.allSatisfy(\.isNumber) else { return nil }
        return "\(pad(hour)):\(pad(minute))"
    }

    /// A date field and a time field → the front matter value, or why not.
    public static func value(day dayText: String, time timeText: String?, allowsTime: Bool) -> Result<String?, Problem> {
        let dayText = dayText.trimmingCharacters(in: .whitespaces)
        let timeText = (timeText ?? "").trimmingCharacters(in: .whitespaces)
        if dayText.isEmpty && timeText.isEmpty { return .success(nil) }
        guard !dayText.isEmpty else { return .failure(.timeWithoutDay) }
        guard let day = day(dayText) else { return .failure(.day(dayText)) }
        guard allowsTime, !timeText.isEmpty else { return .success(day) }
        guard let time = time(timeText) else { return .failure(.time(timeText)) }
        return .success(day + "T" + time)
    }

    public enum Problem: Error, Sendable, Hashable {
        case day(String)
        case time(String)
        case timeWithoutDay

        public func message(french: Bool) -> String {
            switch self {
            case .day(let text):
                return french ? "« \(text) » n’est pas une date : écrivez-la jour/mois/année, par exemple 15/01/2027"
                    : "\"\(text)\" is not a date: write it day/month/year, for example 15/01/2027"
            case .time(let text):
                return french ? "« \(text) » n’est pas une heure : écrivez-la comme 18h30 ou 9h"
                    : "\"\(text)\" is not a time: write it like 18:30 or 9:00"
            case .timeWithoutDay:
                return french ? "une heure sans date : indiquez aussi le jour" : "a time without a date: give the day too"
            }
        }
    }

    private static func pad(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }

    private static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }
}
