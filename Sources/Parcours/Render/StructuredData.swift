import Foundation

/// A schema.org node, as JSON-LD. One type for all the kinds the site describes
/// (NGO + MedicalOrganization, Event, NewsArticle, BreadcrumbList, WebPage…): the
/// properties a kind does not use stay nil and are left out of the JSON.
final class SchemaNode {
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

    /// The node as JSON for a `<script>` (every `<` escaped), written straight into `bytes`:
    /// a page's JSON-LD is written for every page of a build, and a tree of `JSONValue`s
    /// first cost more than the writing. Members with a value only, in key order (byte
    /// order, as `JSONValue` writes an object's).
    func write(into bytes: inout [UInt8]) {
        var isFirst = true
        func key(_ name: String) {
            bytes.append(isFirst ? UInt8(ascii: "{") : UInt8(ascii: ","))
            isFirst = false
            JSONValue.write(name, into: &bytes, escapingLessThan: true)
            bytes.append(UInt8(ascii: ":"))
        }
        func text(_ name: String, _ value: String?) {
            guard let value else { return }
            key(name)
            JSONValue.write(value, into: &bytes, escapingLessThan: true)
        }
        func node(_ name: String, _ value: SchemaNode?) {
            guard let value else { return }
            key(name)
            value.write(into: &bytes)
        }
        func list(_ name: String, _ nodes: [SchemaNode]?, singleAlone: Bool = false) {
            guard let nodes else { return }
            key(name)
            if singleAlone, nodes.count == 1 { return nodes[0].write(into: &bytes) }
            SchemaNode.write(nodes, into: &bytes)
        }
        key("@type")
        if type.count == 1 {
            JSONValue.write(type[0], into: &bytes, escapingLessThan: true)
        } else {
            JSONValue.array(type.map(JSONValue.string)).write(into: &bytes, escapingLessThan: true)
        }
        node("address", address)
        text("addressCountry", addressCountry)
        text("addressLocality", addressLocality)
        list("areaServed", areaServed)
        node("author", author)
        text("dateModified", dateModified)
        text("datePublished", datePublished)
        text("description", description)
        text("email", email)
        text("endDate", endDate)
        text("eventAttendanceMode", eventAttendanceMode)
        text("eventStatus", eventStatus)
        text("foundingDate", foundingDate)
        text("headline", headline)
        text("image", image)
        text("item", item)
        list("itemListElement", itemListElement)
        list("location", location, singleAlone: true)
        text("name", name)
        node("organizer", organizer)
        if let position {
            key("position")
            bytes.append(contentsOf: String(position).utf8)
        }
        text("postalCode", postalCode)
        node("publisher", publisher)
        text("startDate", startDate)
        text("streetAddress", streetAddress)
        text("telephone", telephone)
        text("url", url)
        bytes.append(UInt8(ascii: "}"))
    }

    /// Nodes as a JSON array, for a list member and for the page's `@graph`.
    static func write(_ nodes: [SchemaNode], into bytes: inout [UInt8]) {
        bytes.append(UInt8(ascii: "["))
        for (index, node) in nodes.enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: ",")) }
            node.write(into: &bytes)
        }
        bytes.append(UInt8(ascii: "]"))
    }
}

/// schema.org JSON-LD of a page: the organisation on the home page, the event or the
/// news article on theirs, and breadcrumbs everywhere else.
enum StructuredData {
    /// JSON that is safe inside `<script>`: `<` is escaped so no `</script>` can close it.
    static func serialize(_ graph: [SchemaNode]) -> String {
        var bytes = Array(#"{"@context":"https://schema.org","@graph":"#.utf8)
        bytes.reserveCapacity(2048)
        SchemaNode.write(graph, into: &bytes)
        bytes.append(UInt8(ascii: "}"))
        return String(decoding: bytes, as: UTF8.self)
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
