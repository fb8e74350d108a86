import Foundation

/// A schema.org node, as JSON-LD. One type for all the kinds the site describes
/// (NGO + MedicalOrganization, Event, NewsArticle, BreadcrumbList, WebPage…): the
/// properties a kind does not use stay nil and are left out of the JSON.
final class SchemaNode: Encodable {
    var type: [String]
    var name, url, description, headline, image: String?
    var datePublished, dateModified, startDate, endDate, eventStatus, eventAttendanceMode: String?
    var telephone, email, foundingDate: String?
    var streetAddress, postalCode, addressLocality, addressCountry: String?
    var position: Int?
    var item: String?
    var author, publisher, organizer, address: SchemaNode?
    var location, areaServed, itemListElement: [SchemaNode]?

    init(_ type: String...) { self.type = type }

    enum CodingKeys: String, CodingKey {
        case type = "@type"
        case name, url, description, headline, image, datePublished, dateModified, startDate, endDate,
             eventStatus, eventAttendanceMode, telephone, email, foundingDate, streetAddress, postalCode,
             addressLocality, addressCountry, position, item, author, publisher, organizer, address, location,
             areaServed, itemListElement
    }

    func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        if type.count == 1 { try container.encode(type[0], forKey: .type) } else { try container.encode(type, forKey: .type) }
        try container.encodeIfPresent(name, forKey: .name)
        try container.encodeIfPresent(headline, forKey: .headline)
        try container.encodeIfPresent(url, forKey: .url)
        try container.encodeIfPresent(description, forKey: .description)
        try container.encodeIfPresent(image, forKey: .image)
        try container.encodeIfPresent(datePublished, forKey: .datePublished)
        try container.encodeIfPresent(dateModified, forKey: .dateModified)
        try container.encodeIfPresent(startDate, forKey: .startDate)
        try container.encodeIfPresent(endDate, forKey: .endDate)
        try container.encodeIfPresent(eventStatus, forKey: .eventStatus)
        try container.encodeIfPresent(eventAttendanceMode, forKey: .eventAttendanceMode)
        try container.encodeIfPresent(telephone, forKey: .telephone)
        try container.encodeIfPresent(email, forKey: .email)
        try container.encodeIfPresent(foundingDate, forKey: .foundingDate)
        try container.encodeIfPresent(streetAddress, forKey: .streetAddress)
        try container.encodeIfPresent(postalCode, forKey: .postalCode)
        try container.encodeIfPresent(addressLocality, forKey: .addressLocality)
        try container.encodeIfPresent(addressCountry, forKey: .addressCountry)
        try container.encodeIfPresent(position, forKey: .position)
        try container.encodeIfPresent(item, forKey: .item)
        try container.encodeIfPresent(author, forKey: .author)
        try container.encodeIfPresent(publisher, forKey: .publisher)
        try container.encodeIfPresent(organizer, forKey: .organizer)
        try container.encodeIfPresent(address, forKey: .address)
        if let location { try location.count == 1 ? container.encode(location[0], forKey: .location) : container.encode(location, forKey: .location) }
        try container.encodeIfPresent(areaServed, forKey: .areaServed)
        try container.encodeIfPresent(itemListElement, forKey: .itemListElement)
    }
}

/// schema.org JSON-LD of a page: the organisation on the home page, the event or the
/// news article on theirs, and breadcrumbs everywhere else.
enum StructuredData {
    private struct Document: Encodable {
        let context = "https://schema.org"
        let graph: [SchemaNode]
        enum CodingKeys: String, CodingKey {
            case context = "@context"
            case graph = "@graph"
        }
    }

    /// JSON that is safe inside `<script>`: `<` is escaped so no `</script>` can close it.
    static func serialize(_ graph: [SchemaNode]) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(Document(graph: graph)) else { return "{}" }
        var text = String(decoding: data, as: UTF8.self)
        if text.contains("<") { text = text.replacingOccurrences(of: "<", with: "\\u003c") }
        return text
    }

    /// The organisation with its address, telephone and the communes it serves: the home page's.
    static func organization(_ context: RenderContext) -> SchemaNode {
        let configuration = context.site.configuration
        let node = publisher(context)
        node.description = configuration.description
        if let org = configuration.organization {
            node.telephone = org.phone
            node.email = org.email
            node.foundingDate = org.founded
            if let address = org.address {
                node.address = postalAddress(street: address.street, postalCode: address.postalCode, city: address.city)
            }
        }
        if let territory = configuration.territory, !territory.communes.isEmpty {
            node.areaServed = territory.communes.map { commune in
                let city = SchemaNode("City")
                city.name = commune
                return city
            }
        }
        return node
    }

    static func postalAddress(street: String?, postalCode: String?, city: String?) -> SchemaNode {
        let address = SchemaNode("PostalAddress")
        address.streetAddress = street
        address.postalCode = postalCode
        address.addressLocality = city
        address.addressCountry = "FR"
        return address
    }

    /// The organisation as publisher or organizer: its name and URL.
    static func publisher(_ context: RenderContext) -> SchemaNode {
        let configuration = context.site.configuration
        let node = SchemaNode("NGO", "MedicalOrganization")
        node.name = configuration.organization?.name ?? configuration.title
        node.url = configuration.baseURL
        return node
    }

    static func breadcrumbs(_ crumbs: [Crumb], context: RenderContext) -> SchemaNode {
        let list = SchemaNode("BreadcrumbList")
        list.itemListElement = crumbs.enumerated().map { index, crumb in
            let item = SchemaNode("ListItem")
            item.position = index + 1
            item.name = crumb.title
            item.item = context.site.permalink(crumb.path)
            return item
        }
        return list
    }

    static func collection(title: String, path: String, trail: [Crumb], context: RenderContext) -> [SchemaNode] {
        let page = SchemaNode("CollectionPage")
        page.name = title
        page.url = context.site.permalink(path)
        // Like the page's breadcrumbs: the home page first, then the trail, then the list.
        let home = Crumb(title: context.t("home", "Accueil"), path: "")
        return [page, breadcrumbs([home] + trail + [Crumb(title: title, path: path)], context: context)]
    }

    static func forPage(_ page: SitePage, context: RenderContext, trail: [Crumb]) -> [SchemaNode] {
        let site = context.site
        if page.page.isHome { return [organization(context)] }
        let node: SchemaNode
        switch page.page.details {
        case .news(let news):
            node = SchemaNode("NewsArticle")
            node.headline = page.title
            node.datePublished = news.date.iso
            node.dateModified = (news.updated ?? news.date).iso
            node.publisher = publisher(context)
            if let author = news.author {
                node.author = SchemaNode("Person")
                node.author?.name = author
            } else {
                node.author = publisher(context)
            }
            if let image = page.metadata.image, let path = ReferenceChecker.fileOutputPath(image.path.value, of: page, in: site) {
                node.image = site.permalink(path)
            }
        case .event(let event):
            node = SchemaNode("Event")
            node.name = page.title
            node.startDate = event.start.hasTime ? event.start.iso : event.start.isoDay
            node.endDate = event.end.map { $0.hasTime ? $0.iso : $0.isoDay }
            node.organizer = publisher(context)
            let status = ["scheduled": "EventScheduled", "cancelled": "EventCancelled", "postponed": "EventPostponed"]
            node.eventStatus = "https://schema.org/" + (status[event.status.rawValue] ?? "EventScheduled")
            let online = event.onlineURL != nil, physical = event.location != nil
            node.eventAttendanceMode = "https://schema.org/" + (online && physical ? "MixedEventAttendanceMode"
                : online ? "OnlineEventAttendanceMode" : "OfflineEventAttendanceMode")
            var locations: [SchemaNode] = []
            if let location = event.location {
                let place = SchemaNode("Place")
                place.name = location.name
                place.address = postalAddress(street: location.address, postalCode: location.postalCode, city: location.city)
                locations.append(place)
            }
            if let onlineURL = event.onlineURL {
                let virtual = SchemaNode("VirtualLocation")
                virtual.url = site.absoluteHref(onlineURL.value)
                locations.append(virtual)
            }
            node.location = locations.isEmpty ? nil : locations
        default:
            node = SchemaNode("WebPage")
            node.name = page.title
        }
        node.url = site.permalink(page.path)
        if !page.summary.isEmpty { node.description = page.summary }
        return [node, breadcrumbs([Crumb(title: context.t("home", "Accueil"), path: "")] + trail + [Crumb(title: page.title, path: page.path)],
                                  context: context)]
    }
}
