import Foundation

/// iCalendar (RFC 5545): `<events section>/agenda.ics` with every event, and one `.ics`
/// per event for "Ajouter à mon agenda". Times are written in UTC, which every calendar
/// converts to its own zone; an event without a time is a whole day (`VALUE=DATE`).
enum ICalendar {
    static let agendaFileName = "agenda.ics"

    static func agendaPath(of section: Section, in site: Site) -> String {
        site.pages[section.indexPage].path + agendaFileName
    }

    /// `agenda/ag-2026.ics` for the page `agenda/ag-2026/`.
    static func eventPath(of page: SitePage) -> String {
        String(page.path.dropLast()) + ".ics"
    }

    static func agenda(_ section: Section, context: RenderContext) -> String {
        let site = context.site
        let events = section.pages.map { site.pages[$0] }.filter { $0.type == .event }
        return calendar(events, name: "\(site.pages[section.indexPage].title) — \(site.configuration.title)", context: context)
    }

    static func single(_ page: SitePage, context: RenderContext) -> String {
        calendar([page], name: page.title, context: context)
    }

    private static func calendar(_ pages: [SitePage], name: String, context: RenderContext) -> String {
        let site = context.site
        var lines = [
            "BEGIN:VCALENDAR",
            "VERSION:2.0",
            "PRODID:-//Parcours//\(text(site.configuration.title))//\(site.configuration.language.uppercased())",
            "CALSCALE:GREGORIAN",
            "METHOD:PUBLISH",
            "X-WR-CALNAME:\(text(name))",
            "X-WR-TIMEZONE:\(site.configuration.timeZone.identifier)",
        ]
        for page in pages {
            guard case .event(let event) = page.page.details else { continue }
            lines.append("BEGIN:VEVENT")
            lines.append("UID:\(uid(page, in: site))")
            // From the content, not the time of the build: the same content gives the same
            // bytes (a publication sends only what changed), and a calendar application sees
            // a new stamp when the event's file changed.
            lines.append("DTSTAMP:\(utc(page.page.raw.lastModified ?? event.start.instant))")
            if event.isAllDay {
                lines.append("DTSTART;VALUE=DATE:\(day(event.start))")
                // DTEND of a whole-day event is the day after the last one (exclusive).
                let last = event.end ?? event.start
                lines.append("DTEND;VALUE=DATE:\(day(last, addingDays: 1))")
            } else {
                lines.append("DTSTART:\(utc(event.start.instant))")
                if let end = event.end { lines.append("DTEND:\(utc(end.instant))") }
            }
            lines.append("SUMMARY:\(text(page.title))")
            let url = site.permalink(page.path)
            let description = [page.summary, event.onlineURL.map { context.t("event_online", "En ligne") + " : " + site.absoluteHref($0.value) }, url]
                .compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: "\n")
            lines.append("DESCRIPTION:\(text(description))")
            if let location = event.location {
                let place = [location.name, location.address,
                             [location.postalCode, location.city].compactMap { $0 }.joined(separator: " ")]
                    .compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: ", ")
                lines.append("LOCATION:\(text(place))")
            } else if let online = event.onlineURL {
                lines.append("LOCATION:\(text(site.absoluteHref(online.value)))")
            }
            lines.append("URL:\(url)")
            lines.append("STATUS:\(event.status == .cancelled ? "CANCELLED" : event.status == .postponed ? "TENTATIVE" : "CONFIRMED")")
            lines.append("END:VEVENT")
        }
        lines.append("END:VCALENDAR")
        return lines.map(fold).joined(separator: "\r\n") + "\r\n"
    }

    /// Stable across builds: the page's path at the site's host.
    static func uid(_ page: SitePage, in site: Site) -> String {
        let host = URL(string: site.configuration.baseURL)?.host ?? "localhost"
        return "\(site.url(page.path).trimmingCharacters(in: CharacterSet(charactersIn: "/")).replacingOccurrences(of: "/", with: "-"))@\(host)"
    }

    /// TEXT values: backslash, semicolon, comma and line breaks escaped (RFC 5545 §3.3.11).
    static func text(_ value: String) -> String {
        var result = ""
        for character in value {
            switch character {
            case "\\": result += "\\\\"
            case ";": result += "\\;"
            case ",": result += "\\,"
            case "\n", "\r\n": result += "\\n"
            case "\r": continue
            default: result.append(character)
            }
        }
        return result
    }

    /// Lines longer than 75 octets are folded: CRLF then a space, never inside a UTF-8 character.
    static func fold(_ line: String) -> String {
        guard line.utf8.count > 75 else { return line }
        var folded = ""
        var count = 0
        var limit = 75
        for character in line {
            let size = String(character).utf8.count
            if count + size > limit {
                folded += "\r\n "
                count = 0
                limit = 74 // the leading space counts
            }
            folded.append(character)
            count += size
        }
        return folded
    }

    private static func utc(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = .gmt
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        return String(format: "%04d%02d%02dT%02d%02d%02dZ", c.year ?? 0, c.month ?? 0, c.day ?? 0, c.hour ?? 0, c.minute ?? 0, c.second ?? 0)
    }

    private static func day(_ date: ContentDate, addingDays days: Int = 0) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = .gmt
        let start = calendar.date(from: DateComponents(year: date.year, month: date.month, day: date.day)) ?? date.instant
        let shifted = calendar.date(byAdding: .day, value: days, to: start) ?? start
        let c = calendar.dateComponents([.year, .month, .day], from: shifted)
        return String(format: "%04d%02d%02d", c.year ?? 0, c.month ?? 0, c.day ?? 0)
    }
}
