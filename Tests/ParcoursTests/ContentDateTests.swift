import Foundation
import Testing
@testable import Parcours

/// Dates are written by hand on bytes (issue 15): they must read as `String(format:)` wrote
/// them, in the sitemap, the feeds and the pages.
@Suite("Dates as written")
struct ContentDateTests {
    /// (A date's fields are never negative: its offset is written as a sign and a magnitude.)
    @Test func digitsAreThoseOfPrintf() {
        let numbers = [0, 1, 7, 9, 10, 42, 99, 100, 999, 2026, 12_345, 99_999, 100_000, Int.max]
        for number in numbers {
            for width in 0...6 {
                #expect(ContentDate.digits(number, width) == String(format: "%0\(width)ld", number), "\(number), \(width)")
            }
        }
    }

    @Test func dateTimesHaveTheirOffsetInEveryKindOfTimeZone() throws {
        let zones = ["Europe/Paris", "UTC", "America/St_Johns", "Asia/Kolkata", "Pacific/Chatham", "America/Los_Angeles"]
        // Either side of the changes of time, and a day alone.
        let instants = [1_774_742_400.0, 1_774_746_000, 1_792_886_400, 1_792_890_000, 0, 4_102_444_800]
        for name in zones {
            let zone = try #require(TimeZone(identifier: name))
            for seconds in instants {
                let date = ContentDate(instant: Date(timeIntervalSince1970: seconds), hasTime: true, timeZone: zone)
                let offset = abs(date.utcOffset)
                let expected = String(format: "%04ld-%02ld-%02ldT%02ld:%02ld:00", date.year, date.month, date.day, date.hour, date.minute)
                    + (date.utcOffset < 0 ? "-" : "+") + String(format: "%02ld:%02ld", offset / 3600, offset % 3600 / 60)
                #expect(date.isoDateTime == expected, "\(name) \(seconds)")
                #expect(date.isoDay == String(expected.prefix(10)))
                #expect(date.iso == expected)
            }
        }
    }
}
