import Foundation

/// schema.org JSON-LD: the organisation, events, news articles, breadcrumbs.
enum StructuredData {
    /// JSON that is safe inside `<script>`: `<` is escaped so no `</script>` can close it.
    static func serialize(_ object: [String: Any]) -> String {
        guard JSONSerialization.isValidJSONObject(object),
              let data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes]),
              let text = String(data: data, encoding: .utf8) else { return "{}" }
        return text.replacingOccurrences(of: "<", with: "\\u003c")
    }

    static func organization(_ context: RenderContext) -> [String: Any] {
        let configuration = context.site.configuration
        var organization: [String: Any] = [
            "@type": ["NGO", "MedicalOrganization"],
            "name": configuration.organization?.name ?? configuration.title,
            "url": configuration.baseURL,
        ]
        if let description = configuration.description { organization["description"] = description }
        if let org = configuration.organization {
            if let phone = org.phone { organization["telephone"] = phone }
            if let email = org.email { organization["email"] = email }
            if let founded = org.founded { organization["foundingDate"] = founded }
            if let address = org.address {
                var postal: [String: Any] = ["@type": "PostalAddress", "addressCountry": "FR"]
                if let street = address.street { postal["streetAddress"] = street }
                if let code = address.postalCode { postal["postalCode"] = code }
                if let city = address.city { postal["addressLocality"] = city }
                organization["address"] = postal
            }
        }
        if let territory = configuration.territory, !territory.communes.isEmpty {
            organization["areaServed"] = territory.communes.map { ["@type": "City", "name": $0] }
        }
        return organization
    }

    static func breadcrumbs(_ items: [(String, String)]) -> [String: Any] {
        [
            "@type": "BreadcrumbList",
            "itemListElement": items.enumerated().map { index, item in
                ["@type": "ListItem", "position": index + 1, "name": item.0, "item": item.1] as [String: Any]
            },
        ]
    }

    static func forPage(_ page: SitePage, context: RenderContext, trail: [Crumb]) -> [String: Any] {
        let site = context.site
        var graph: [[String: Any]] = []
        let crumbs = [(context.t("home", "Accueil"), site.permalink(""))]
            + trail.map { ($0.title, site.permalink($0.path)) } + [(page.title, site.permalink(page.path))]
        let publisher: [String: Any] = ["@type": ["NGO", "MedicalOrganization"],
                                        "name": site.configuration.organization?.name ?? site.configuration.title,
                                        "url": site.configuration.baseURL]
        switch page.page.details {
        case .news(let news):
            var article: [String: Any] = [
                "@type": "NewsArticle", "headline": page.title, "datePublished": news.date.iso,
                "dateModified": (news.updated ?? news.date).iso, "url": site.permalink(page.path),
                "publisher": publisher,
            ]
            article["author"] = news.author.map { ["@type": "Person", "name": $0] } ?? publisher
            if !page.summary.isEmpty { article["description"] = page.summary }
            if let image = page.metadata.image, let path = ReferenceChecker.fileOutputPath(image.path.value, of: page, in: site) {
                article["image"] = site.permalink(path)
            }
            graph.append(article)
        case .event(let event):
            var item: [String: Any] = [
                "@type": "Event", "name": page.title, "startDate": event.start.hasTime ? event.start.iso : event.start.isoDay,
                "url": site.permalink(page.path), "organizer": publisher,
                "eventStatus": "https://schema.org/" + ["scheduled": "EventScheduled", "cancelled": "EventCancelled",
                                                        "postponed": "EventPostponed"][event.status.rawValue, default: "EventScheduled"],
            ]
            if let end = event.end { item["endDate"] = end.hasTime ? end.iso : end.isoDay }
            if !page.summary.isEmpty { item["description"] = page.summary }
            let online = event.onlineURL != nil
            let physical = event.location != nil
            item["eventAttendanceMode"] = "https://schema.org/" + (online && physical ? "MixedEventAttendanceMode"
                : online ? "OnlineEventAttendanceMode" : "OfflineEventAttendanceMode")
            var locations: [[String: Any]] = []
            if let location = event.location {
                var place: [String: Any] = ["@type": "Place"]
                if let name = location.name { place["name"] = name }
                var address: [String: Any] = ["@type": "PostalAddress", "addressCountry": "FR"]
                if let street = location.address { address["streetAddress"] = street }
                if let code = location.postalCode { address["postalCode"] = code }
                if let city = location.city { address["addressLocality"] = city }
                place["address"] = address
                locations.append(place)
            }
            if let online = event.onlineURL { locations.append(["@type": "VirtualLocation", "url": online]) }
            if locations.count == 1 { item["location"] = locations[0] } else if !locations.isEmpty { item["location"] = locations }
            graph.append(item)
        default:
            graph.append(["@type": "WebPage", "name": page.title, "url": site.permalink(page.path)])
        }
        graph.append(breadcrumbs(crumbs))
        return ["@context": "https://schema.org", "@graph": graph]
    }
}
