import Foundation
import Yams

/// A content file whose front matter has been read into typed values.
public struct ValidatedPage: Sendable {
    public let raw: RawPage
    public let metadata: CommonMetadata
    /// The page's own `type`, else its section's, else `page`.
    public let type: PageType
    public let details: PageDetails

    /// `content/_index.md`.
    public var isHome: Bool { raw.relativePath == "_index.md" }
    /// A section's `_index.md` that lists its pages.
    public var isList: Bool {
        if case .list = details { return true }
        return false
    }
}

/// Raw pages → typed pages, and a diagnostic for every problem of every file.
public enum PageValidator {
    /// - Parameter cache: a page whose text and inherited section types did not change is
    ///   not validated again. (A change of site.yaml empties the cache: see `Build`.)
    public static func validate(_ pages: [RawPage], configuration: SiteConfiguration,
                                cache: BuildCache? = nil) -> ([ValidatedPage], [Diagnostic]) {
        // Pass 1: the `type` of each section's _index.md, which its pages inherit.
        // (Their diagnostics are reported by pass 2, which reads them again.)
        // A section whose _index.md cannot be read has an unknown type: its pages are left
        // out without errors of their own, so that one mistake gives one error.
        let sectionIndexes = pages.filter(\.isSectionIndex).map { ($0.folder, Parsed($0, timeZone: configuration.timeZone)) }
        let sectionTypes = Dictionary(sectionIndexes.compactMap { folder, parsed in parsed.declaredType.map { (folder, $0) } },
                                      uniquingKeysWith: { first, _ in first })
        let unreadableSections = Set(sectionIndexes.filter { _, parsed in
            parsed.fields.map { $0.has("type") && parsed.declaredType == nil } ?? true
        }.map(\.0))

        // Pass 2: every file on its own, in parallel (each has its own YAML parser).
        let previous = cache?.read(\.validations) ?? [:]
        let results = ParallelMap.map(pages) { raw -> BuildCache.Validation in
            if let known = previous[raw.relativePath], known.text == raw.source.text, known.sectionTypes == sectionTypes {
                return known
            }
            let page = Parsed(raw, timeZone: configuration.timeZone)
            guard let fields = page.fields else {
                return .init(text: raw.source.text, sectionTypes: sectionTypes, page: nil, diagnostics: page.document.diagnostics)
            }
            if raw.isSectionIndex, unreadableSections.contains(raw.folder) {
                return .init(text: raw.source.text, sectionTypes: sectionTypes, page: nil, diagnostics: page.document.diagnostics)
            }
            guard let type = effectiveType(of: page, sectionTypes: sectionTypes, unreadableSections: unreadableSections) else {
                return .init(text: raw.source.text, sectionTypes: sectionTypes, page: nil, diagnostics: [])
            }
            let result = read(raw, fields: fields, type: type)
            return .init(text: raw.source.text, sectionTypes: sectionTypes, page: result, diagnostics: page.document.diagnostics)
        }
        cache?.update { storage in
            storage.validations = Dictionary(zip(pages.map(\.relativePath), results), uniquingKeysWith: { a, _ in a })
        }
        return (results.compactMap(\.page), results.flatMap(\.diagnostics))
    }

    /// A file whose YAML has been parsed, before its keys are read.
    private struct Parsed {
        let raw: RawPage
        let document: YAMLDocument
        let fields: Fields?
        let declaredType: PageType?

        init(_ raw: RawPage, timeZone: TimeZone) {
            self.raw = raw
            let document = YAMLDocument(source: raw.source, firstLine: raw.frontMatterFirstLine)
            self.document = document
            guard let yaml = raw.frontMatter else {
                document.error(line: 1, column: 1, "missing front matter: a page starts with a '---' line, then 'title: …', then a '---' line")
                self.fields = nil
                self.declaredType = nil
                return
            }
            guard raw.isFrontMatterClosed else {
                document.error(line: 1, column: 1, "front matter opened with '---' is never closed (add a '---' line after the last key)")
                self.fields = nil
                self.declaredType = nil
                return
            }
            guard let mapping = document.parseMapping(yaml, what: "front matter") else {
                self.fields = nil
                self.declaredType = nil
                return
            }
            let fields = Fields(mapping, in: document, owner: "a page", timeZone: timeZone)
            self.fields = fields
            self.declaredType = fields.choice("type", from: PageType.allCases.map(\.rawValue)).flatMap(PageType.init(rawValue:))
        }
    }

    /// In `_index.md`, `type` names the type of the section's pages.
    /// nil when the type comes from a section whose `_index.md` has errors of its own.
    private static func effectiveType(of page: Parsed, sectionTypes: [String: PageType], unreadableSections: Set<String>) -> PageType? {
        if let declared = page.declaredType { return declared }
        var folder = page.raw.isSectionIndex ? parent(of: page.raw.folder) : page.raw.folder
        while let current = folder {
            if let type = sectionTypes[current] { return type }
            if unreadableSections.contains(current) { return nil }
            folder = parent(of: current)
        }
        return .page
    }

    private static func parent(of folder: String) -> String? {
        if folder.isEmpty { return nil }
        guard let slash = folder.lastIndex(of: "/") else { return "" }
        return String(folder[..<slash])
    }

    private static func read(_ raw: RawPage, fields generic: Fields, type: PageType) -> ValidatedPage? {
        let isHome = raw.relativePath == "_index.md"
        let isList = raw.isSectionIndex && !isHome && type.isListedInSection
        let owner = isHome ? "the home page" : isList ? "a section list (\(raw.relativePath))" : type.owner
        let fields = Fields(generic.mapping, in: generic.document, owner: owner, timeZone: generic.timeZone)

        var known = CommonMetadata.keys
        if !isList && !isHome { known += type.keys }
        fields.rejectUnknownKeys(known)

        let common = readCommon(fields, isSectionIndex: raw.isSectionIndex)
        let details: PageDetails?
        if isList {
            details = .list
        } else if isHome {
            details = .page
        } else {
            details = readDetails(fields, type: type)
        }
        guard let common, let details else { return nil }
        return ValidatedPage(raw: raw, metadata: common, type: type, details: details)
    }

    // MARK: Common keys

    private static func readCommon(_ fields: Fields, isSectionIndex: Bool) -> CommonMetadata? {
        let title = fields.string("title", required: true)
        if let title, title.trimmingCharacters(in: .whitespaces).isEmpty {
            fields.document.error(at: fields.node("title")?.mark, "'title' is empty (every page needs a title)")
        }
        var slug = fields.string("slug")
        if let value = slug, !isValidSlug(value) {
            fields.document.error(at: fields.node("slug")?.mark,
                                  "'slug' must use lower-case ASCII letters, digits and dashes: \"\(value)\" (try \"\(Slug.make(value))\")")
            slug = nil
        } else if let value = slug, value.utf8.count > maximumSlugLength {
            fields.document.error(at: fields.node("slug")?.mark,
                                  "'slug' is \(value.utf8.count) characters long: a URL segment may have at most \(maximumSlugLength) (shorten it)")
            slug = nil
        }
        let paginate = fields.int("paginate", in: 1...1000)
        if paginate != nil, !isSectionIndex {
            fields.document.error(at: fields.keyMark("paginate"), "'paginate' is only read in a section's _index.md (move it there)")
        }
        let image = readImage(fields, pathKey: "image", altKey: "image_alt", decorativeKey: "image_decorative")
        let layout = fields.located("layout")
        let extra = fields.node("extra").map { templateValue($0, name: "extra", in: fields.document) }
        guard let title else { return nil }
        var metadata = CommonMetadata(
            title: title,
            type: fields.string("type").flatMap(PageType.init(rawValue:)),
            slug: slug,
            summary: fields.string("summary"),
            description: fields.string("description"),
            draft: fields.bool("draft") ?? false,
            publishDate: fields.date("publish_date"),
            expiryDate: fields.date("expiry_date"),
            weight: fields.int("weight", in: -1_000_000...1_000_000),
            image: image,
            tags: readTags(fields),
            aliases: fields.items("aliases").compactMap { node in
                Fields.text(node, name: "aliases", in: fields.document).map { value in
                    let place = fields.document.location(of: node.mark)
                    return Located(value, at: fields.document.source.location(line: place.line, column: place.column),
                                   sourceLine: fields.document.source.line(place.line))
                }
            },
            layout: layout,
            paginate: paginate,
            extra: extra
        )
        // Worked out here, once per change of the file, rather than at every build of `serve`.
        metadata.tagSlugs = metadata.tags.map(Slug.make)
        metadata.sortTitle = title.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil)
        return metadata
    }

    /// The longest slug (and alias segment, tag slug): a file name has at most 255 bytes, and
    /// an event's slug also names its `.ics` file.
    static let maximumSlugLength = 200

    /// Tags, each of which must give a URL (`/tags/<slug>/`): one made only of emoji or
    /// punctuation would have none.
    private static func readTags(_ fields: Fields) -> [String] {
        fields.items("tags").compactMap { node -> String? in
            guard let tag = Fields.text(node, name: "tags", in: fields.document) else { return nil }
            let slug = Slug.make(tag)
            if slug.isEmpty {
                fields.document.error(at: node.mark, "tag \"\(tag)\" has no letter or digit to make its address /tags/…/ from (write it with words, for example \"prévention\")")
                return nil
            }
            if slug.utf8.count > maximumSlugLength {
                fields.document.error(at: node.mark, "tag \"\(tag.prefix(40))…\" is too long to be an address: at most \(maximumSlugLength) characters (shorten it)")
                return nil
            }
            return tag
        }
    }

    static func isValidSlug(_ value: String) -> Bool {
        !value.isEmpty && value.utf8.allSatisfy { ($0 >= 97 && $0 <= 122) || ($0 >= 48 && $0 <= 57) || $0 == 45 }
    }

    private static func readImage(_ fields: Fields, pathKey: String, altKey: String, decorativeKey: String?) -> ImageReference? {
        let decorative = decorativeKey.flatMap { fields.bool($0) } ?? false
        let alt = fields.string(altKey)
        guard let path = fields.located(pathKey) else {
            if alt != nil {
                fields.document.warning(at: fields.keyMark(altKey), "'\(altKey)' is set but '\(pathKey)' is not (remove it, or add the image)")
            }
            return nil
        }
        if decorative {
            if let alt, !alt.isEmpty {
                fields.document.error(at: fields.node(altKey)?.mark, "a decorative image has no alternative text: set '\(altKey): \"\"' or remove 'image_decorative'")
            }
            return ImageReference(path: path, alt: "", decorative: true)
        }
        guard let alt, !alt.trimmingCharacters(in: .whitespaces).isEmpty else {
            fields.document.error(at: fields.keyMark(pathKey),
                                  "'\(altKey)' is required when '\(pathKey)' is set: describe the image for people who cannot see it (or, for a purely decorative image, set '\(altKey): \"\"' and 'image_decorative: true')")
            return nil
        }
        return ImageReference(path: path, alt: alt, decorative: false)
    }

    private static func templateValue(_ node: Node, name: String, in document: YAMLDocument) -> TemplateValue {
        switch node {
        case .scalar(let scalar):
            return .text(scalar.string)
        case .sequence(let sequence):
            return .list(sequence.map { templateValue($0, name: name, in: document) })
        case .mapping(let mapping):
            var map: [String: TemplateValue] = [:]
            for (key, value) in mapping {
                map[key.scalar?.string ?? ""] = templateValue(value, name: name, in: document)
            }
            return .map(map)
        case .alias:
            document.error(at: node.mark, "'\(name)' uses a YAML alias, which Parcours does not support (write the value out)")
            return .text("")
        }
    }

    // MARK: Per-type keys

    private static func readDetails(_ fields: Fields, type: PageType) -> PageDetails? {
        switch type {
        case .page: return .page
        case .news: return readNews(fields).map(PageDetails.news)
        case .event: return readEvent(fields).map(PageDetails.event)
        case .mission: return readMission(fields).map(PageDetails.mission)
        case .project: return readProject(fields).map(PageDetails.project)
        case .partner: return readPartner(fields).map(PageDetails.partner)
        case .healthProject: return readHealthProject(fields).map(PageDetails.healthProject)
        case .form: return FormValidator.read(fields).map(PageDetails.form)
        }
    }

    private static func readNews(_ fields: Fields) -> NewsMetadata? {
        let date = fields.date("date", required: true)
        let updated = fields.date("updated")
        let author = fields.string("author")
        guard let date else { return nil }
        return NewsMetadata(date: date, updated: updated, author: author)
    }

    private static func readEvent(_ fields: Fields) -> EventMetadata? {
        let start = fields.date("start", required: true)
        let end = fields.date("end")
        if let start, let end, end < start {
            fields.document.error(at: fields.node("end")?.mark, "'end' (\(end.iso)) is before 'start' (\(start.iso))")
        }
        let location = fields.map("location").map { location -> EventLocation in
            location.rejectUnknownKeys(["name", "address", "postal_code", "city"])
            return EventLocation(name: location.string("name"), address: location.string("address"),
                                 postalCode: location.string("postal_code"), city: location.string("city"))
        }
        let audience = fields.items("audience").compactMap { node -> String? in
            Fields.text(node, name: "audience", in: fields.document).flatMap {
                Fields.choice($0, at: node.mark, name: "audience", from: EventMetadata.audiences, in: fields.document)
            }
        }
        let status = fields.choice("status", from: EventMetadata.Status.allCases.map(\.rawValue)).flatMap(EventMetadata.Status.init(rawValue:))
        let onlineURL = readExternalURL(fields, "online_url")
        let registrationURL = readExternalURL(fields, "registration_url")
        guard let start else { return nil }
        return EventMetadata(start: start, end: end, location: location, onlineURL: onlineURL,
                             registrationURL: registrationURL, audience: audience, status: status ?? .scheduled)
    }

    /// An absolute URL, or a path on this site (`/contact/`), checked with the other references.
    private static func readExternalURL(_ fields: Fields, _ key: String) -> Located<String>? {
        guard let value = fields.located(key) else { return nil }
        if WebAddress.isSitePath(value.value) { return value }
        if let problem = WebAddress.problem(value.value, kind: .linkOrMail) {
            fields.document.error(at: fields.node(key)?.mark,
                                  "'\(key)' must be an https:// address or a path on this site (/contact/): \"\(value.value)\": \(problem)")
            return nil
        }
        return value
    }

    private static func readMission(_ fields: Fields) -> MissionMetadata? {
        let axis = fields.choice("axis", from: MissionMetadata.axes, required: true)
        let objectives = fields.strings("objectives")
        let indicators = fields.maps("indicators") { item -> MissionMetadata.Indicator? in
            item.rejectUnknownKeys(["label", "value", "target"])
            guard let label = item.string("label", required: true) else { return nil }
            return .init(label: label, value: item.string("value"), target: item.string("target"))
        }
        guard let axis else { return nil }
        return MissionMetadata(axis: axis, objectives: objectives, indicators: indicators)
    }

    private static func locatedStrings(_ fields: Fields, _ key: String, required: Bool = false) -> [Located<String>] {
        fields.items(key, required: required).compactMap { node in
            Fields.text(node, name: fields.name(key), in: fields.document).map { value in
                let place = fields.document.location(of: node.mark)
                return Located(value, at: fields.document.source.location(line: place.line, column: place.column),
                               sourceLine: fields.document.source.line(place.line))
            }
        }
    }

    private static func readProject(_ fields: Fields) -> ProjectMetadata? {
        let missions = locatedStrings(fields, "missions", required: true)
        if fields.has("missions"), missions.isEmpty {
            fields.document.error(at: fields.node("missions")?.mark, "'missions' must name at least one mission (the slug of a mission page)")
        }
        let status = fields.choice("status", from: ProjectMetadata.statuses)
        let start = fields.date("start"), end = fields.date("end")
        let leads = fields.maps("leads") { item -> ProjectMetadata.Person? in
            item.rejectUnknownKeys(["name", "role"])
            guard let name = item.string("name", required: true) else { return nil }
            return .init(name: name, role: item.string("role"))
        }
        let contact = fields.map("contact").map { contact -> ProjectMetadata.Contact in
            contact.rejectUnknownKeys(["name", "email", "phone"])
            return .init(name: contact.string("name"), email: contact.string("email"), phone: contact.string("phone"))
        }
        let partners = locatedStrings(fields, "partners")
        let form = fields.located("form")
        guard !missions.isEmpty else { return nil }
        return ProjectMetadata(missions: missions, status: status, start: start, end: end, leads: leads,
                               partners: partners, contact: contact, form: form)
    }

    private static func readPartner(_ fields: Fields) -> PartnerMetadata? {
        let kind = fields.choice("kind", from: PartnerMetadata.kinds, required: true)
        let url = readExternalURL(fields, "url")?.value
        let logo = readImage(fields, pathKey: "logo", altKey: "logo_alt", decorativeKey: nil)
        guard let kind else { return nil }
        return PartnerMetadata(kind: kind, url: url, logo: logo)
    }

    private static func readHealthProject(_ fields: Fields) -> HealthProjectMetadata? {
        let period = fields.map("period", owner: "'period'", required: true)
        period?.rejectUnknownKeys(["from", "to"])
        let from = period?.string("from", required: true)
        let to = period?.string("to", required: true)
        let adopted = fields.date("adopted")
        let status = fields.choice("status", from: HealthProjectMetadata.statuses)
        let axes = fields.maps("axes") { item -> HealthProjectMetadata.Axis? in
            item.rejectUnknownKeys(["title", "summary", "missions"])
            guard let title = item.string("title", required: true) else { return nil }
            return .init(title: title, summary: item.string("summary"), missions: locatedStrings(item, "missions"))
        }
        let document = fields.located("document")
        guard let from, let to else { return nil }
        return HealthProjectMetadata(periodFrom: from, periodTo: to, adopted: adopted, status: status, axes: axes, document: document)
    }
}
