import Foundation

/// A date from front matter: a day (`2026-03-24`), a local time in the site's time zone
/// (`2026-03-24T17:00`), or an instant with its offset (RFC 3339).
public struct ContentDate: Sendable, Hashable, Comparable {
    /// The instant; for a day alone, its midnight in the site's time zone.
    public let instant: Date
    /// False for a day alone (an all-day event, a news date).
    public let hasTime: Bool
    /// The calendar fields in the site's time zone, for display.
    public let year: Int, month: Int, day: Int, hour: Int, minute: Int
    /// 1 = Monday … 7 = Sunday.
    public let weekday: Int
    /// Seconds east of UTC in the site's time zone at this instant.
    public let utcOffset: Int

    public static func < (lhs: ContentDate, rhs: ContentDate) -> Bool { lhs.instant < rhs.instant }

    /// `2026-03-24` for a day, `2026-03-24T17:00:00+01:00` for a time.
    public var iso: String { hasTime ? isoDateTime : isoDay }

    /// Always a full RFC 3339 date-time (a day alone is its midnight): what feeds need.
    public var isoDateTime: String {
        // Bytes written by hand, not `String(format:)` nor a dozen small strings: the sitemap
        // and the feeds ask for thousands of these at each save in `serve`.
        var bytes = isoDayBytes
        let offset = utcOffset.magnitude
        bytes.append(UInt8(ascii: "T"))
        Self.append(hour, 2, to: &bytes)
        bytes.append(UInt8(ascii: ":"))
        Self.append(minute, 2, to: &bytes)
        bytes.append(contentsOf: ":00".utf8)
        bytes.append(utcOffset < 0 ? UInt8(ascii: "-") : UInt8(ascii: "+"))
        Self.append(Int(offset / 3600), 2, to: &bytes)
        bytes.append(UInt8(ascii: ":"))
        Self.append(Int(offset % 3600 / 60), 2, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// `2026-03-24` whatever the time.
    public var isoDay: String { String(decoding: isoDayBytes, as: UTF8.self) }

    private var isoDayBytes: [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(32)
        Self.append(year, 4, to: &bytes)
        bytes.append(UInt8(ascii: "-"))
        Self.append(month, 2, to: &bytes)
        bytes.append(UInt8(ascii: "-"))
        Self.append(day, 2, to: &bytes)
        return bytes
    }

    /// `number` with zeros in front up to `width` digits, as `%0Nd` writes it. (Unlike
    /// `%0Nd`, a negative number gets `width` digits after its sign; no date field is negative.)
    static func digits(_ number: Int, _ width: Int) -> String {
        var bytes: [UInt8] = []
        append(number, width, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    private static func append(_ number: Int, _ width: Int, to bytes: inout [UInt8]) {
        if number < 0 { bytes.append(UInt8(ascii: "-")) }
        let magnitude = number.magnitude
        // The largest power of ten not above it (an Int has at most 19 digits: no overflow).
        var divisor: UInt = 1
        var count = 1
        while magnitude / divisor >= 10 {
            divisor *= 10
            count += 1
        }
        if count < width { bytes.append(contentsOf: repeatElement(UInt8(ascii: "0"), count: width - count)) }
        while divisor > 0 {
            bytes.append(UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: magnitude / divisor % 10))
            divisor /= 10
        }
    }

    public static let expectedFormat = "expected YYYY-MM-DD or YYYY-MM-DDTHH:MM"
    public static let frenchExpectedFormat = "attendu AAAA-MM-JJ ou AAAA-MM-JJTHH:MM"

    /// The accepted form of a date written the French way: `15/01/2027` → `2027-01-15`,
    /// `15/01/2027 à 18h30` → `2027-01-15T18:30`; a time alone asks for its day.
    public static func suggestion(for text: String) -> String? {
        wordedSuggestion(for: text)?.english
    }

    /// The same in both languages (they differ only for a time alone).
    static func wordedSuggestion(for text: String) -> Wording? {
        let words = text.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init).filter { $0 != "à" && $0 != "a" }
        if words.count == 1, let day = FrenchDateInput.day(words[0]) { return Wording(day, french: day) }
        if words.count == 1, let time = FrenchDateInput.time(words[0]) {
            return Wording("YYYY-MM-DDT\(time) (a time needs its day)", french: "AAAA-MM-JJT\(time) (une heure a besoin de son jour)")
        }
        if words.count >= 2, let day = FrenchDateInput.day(words[0]), let time = FrenchDateInput.time(words.dropFirst().joined()) {
            return Wording(day + "T" + time, french: day + "T" + time)
        }
        return nil
    }

    /// Parses the three accepted forms; nil when the text is none of them or not a real day.
    public static func parse(_ text: String, timeZone: TimeZone) -> ContentDate? {
        let text = text.trimmingCharacters(in: .whitespaces)
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let scalars = Array(text.utf8)
        func number(_ range: Range<Int>) -> Int? {
            guard range.upperBound <= scalars.count else { return nil }
            var value = 0
            for byte in scalars[range] {
                guard byte >= 48, byte <= 57 else { return nil }
                value = value * 10 + Int(byte - 48)
            }
            return value
        }
        func byte(_ index: Int) -> UInt8? { index < scalars.count ? scalars[index] : nil }

        guard scalars.count >= 10, let year = number(0..<4), byte(4) == 45, let month = number(5..<7),
              byte(7) == 45, let day = number(8..<10) else { return nil }
        guard (1...12).contains(month), (1...31).contains(day) else { return nil }

        var hour = 0, minute = 0, second = 0, hasTime = false
        var explicitOffset: Int?
        if scalars.count > 10 {
            guard let separator = byte(10), separator == 84 || separator == 116 || separator == 32,
                  let h = number(11..<13), byte(13) == 58, let m = number(14..<16) else { return nil }
            hour = h; minute = m; hasTime = true
            var index = 16
            if byte(index) == 58 {
                guard let s = number(17..<19) else { return nil }
                second = s
                index = 19
                if byte(index) == 46 { // fractional seconds: ignored
                    index += 1
                    while let b = byte(index), b >= 48, b <= 57 { index += 1 }
                }
            }
            if index < scalars.count {
                if byte(index) == 90 || byte(index) == 122, index + 1 == scalars.count {
                    explicitOffset = 0
                } else if let sign = byte(index), sign == 43 || sign == 45,
                          let oh = number(index + 1..<index + 3), byte(index + 3) == 58,
                          let om = number(index + 4..<index + 6), index + 6 == scalars.count,
                          om < 60, oh * 60 + om <= 18 * 60 {
                    // RFC 3339 offsets stop at ±18:00 (beyond, Foundation has no time zone).
                    explicitOffset = (sign == 45 ? -1 : 1) * (oh * 3600 + om * 60)
                } else {
                    return nil
                }
            }
            guard hour < 24, minute < 60, second < 61 else { return nil }
        }

        var components = DateComponents(year: year, month: month, day: day, hour: hour, minute: minute, second: second)
        if let explicitOffset {
            components.timeZone = TimeZone(secondsFromGMT: explicitOffset)
        } else {
            components.timeZone = timeZone
        }
        guard let instant = calendar.date(from: components) else { return nil }
        // Reject days that do not exist (2026-02-30 would roll over to March).
        var check = Calendar(identifier: .gregorian)
        check.timeZone = components.timeZone ?? timeZone
        let back = check.dateComponents([.year, .month, .day], from: instant)
        guard back.year == year, back.month == month, back.day == day else { return nil }
        return ContentDate(instant: instant, hasTime: hasTime, timeZone: timeZone)
    }

    /// The calendar fields of `instant` in `timeZone`.
    public init(instant: Date, hasTime: Bool, timeZone: TimeZone) {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let fields = calendar.dateComponents([.year, .month, .day, .hour, .minute, .weekday], from: instant)
        self.instant = instant
        self.hasTime = hasTime
        self.year = fields.year ?? 1970
        self.month = fields.month ?? 1
        self.day = fields.day ?? 1
        self.hour = fields.hour ?? 0
        self.minute = fields.minute ?? 0
        // Foundation: 1 = Sunday. Ours: 1 = Monday.
        let sundayFirst = fields.weekday ?? 1
        self.weekday = sundayFirst == 1 ? 7 : sundayFirst - 1
        self.utcOffset = timeZone.secondsFromGMT(for: instant)
    }
}
