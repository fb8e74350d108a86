import Foundation
import Yams

/// A content file whose front matter has been read into typed values.
///
/// A class, though it never changes once made: every later stage carries it (in `SitePage`,
/// list entries, the caches), and a copy of a struct of some forty fields was a fifth of the
/// preview's rebuild at 10,000 pages; a copy of a reference is one count.
public final class ValidatedPage: Sendable {
    public let raw: RawPage
    public let metadata: CommonMetadata
    /// The page's own `type`, else its section's, else `page`.
    public let type: PageType
    public let details: PageDetails

    init(raw: RawPage, metadata: CommonMetadata, type: PageType, details: PageDetails) {
        self.raw = raw
        self.metadata = metadata
        self.type = type
        self.details = details
    }

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
        if let cache, let validated = validateAgain(pages, configuration: configuration, cache: cache) {
            return (validated, [])
        }
        // Pass 1: the `type` of each section's _index.md, which its pages inherit.
        // (Their diagnostics are reported by pass 2, which reads them again.)
        // A section whose _index.md cannot be read has an unknown type: its pages are left
        // out without errors of their own, so that one mistake gives one error.
        let sectionIndexes = pages.filter(\.isSectionIndex).map { ($0.folder, Parsed($0, timeZone: configuration.timeZone)) }
        var sectionTypes = Dictionary(sectionIndexes.compactMap { folder, parsed in parsed.declaredType.map { (folder, $0) } },
                                      uniquingKeysWith: { first, _ in first })
        // The last build's table when it is the same: each cached page then finds its own
        // to be this one by identity, without comparing every entry (thousands of pages).
        if let known = cache?.read(\.sectionTypes), known == sectionTypes {
            sectionTypes = known
        } else {
            cache?.update { [sectionTypes] in $0.sectionTypes = sectionTypes }
        }
        let unreadableSections = Set(sectionIndexes.filter { _, parsed in
            parsed.fields.map { $0.has("type") && parsed.declaredType == nil } ?? true
        }.map(\.0))

        // Pass 2: every file on its own, in parallel (each has its own YAML parser).
        let results = validate(pages, sectionTypes: sectionTypes, unreadableSections: unreadableSections,
                               configuration: configuration, cache: cache)
        let validated = results.compactMap(\.result.page)
        let diagnostics = results.flatMap(\.result.diagnostics)
        cache?.update { storage in
            storage.validations.update(zip(pages, results).map { ($0.relativePath, $1.result, $1.isFresh) })
            storage.lastValidation = validated.count == pages.count && diagnostics.isEmpty ? (pages, validated) : nil
        }
        return (validated, diagnostics)
    }

    /// After a save that changed pages but no list's `_index.md` (nor what a page inherits
    /// from it), when the last validation had nothing to report: the last pages, with the
    /// files read again validated again, without a pass over every page (issue 15). Nil when
    /// that does not hold, or when a page validated again has something to report: the whole
    /// validation then says it in order.
    private static func validateAgain(_ pages: [RawPage], configuration: SiteConfiguration, cache: BuildCache) -> [ValidatedPage]? {
        guard let (lastRead, lastValidated) = cache.read(\.lastValidation), lastRead.count == pages.count,
              let sectionTypes = cache.read(\.sectionTypes) else { return nil }
        var changed: [Int] = []
        for index in pages.indices where pages[index] !== lastRead[index] {
            guard pages[index].relativePath == lastRead[index].relativePath, !pages[index].isSectionIndex else { return nil }
            changed.append(index)
        }
        var validated = lastValidated
        var entries: [(path: String, result: BuildCache.Validation)] = []
        for index in changed {
            let result = validate(pages[index], sectionTypes: sectionTypes, unreadableSections: [], configuration: configuration)
            guard let page = result.page, result.diagnostics.isEmpty else { return nil }
            validated[index] = page
            entries.append((pages[index].relativePath, result))
        }
        cache.update { storage in
            for entry in entries { storage.validations[entry.path] = entry.result }
            storage.lastValidation = (pages, validated)
        }
        return validated
    }

    /// Each page on its own, in parallel (each has its own YAML parser): from the cache when
    /// its text and the types it inherits did not change, else validated (fresh).
    private static func validate(_ pages: [RawPage], sectionTypes: [String: PageType], unreadableSections: Set<String>,
                                 configuration: SiteConfiguration,
                                 cache: BuildCache?) -> [(result: BuildCache.Validation, isFresh: Bool)] {
        let previous = cache?.read(\.validations) ?? [:]
        return ParallelMap.map(pages) { raw in
            if let known = previous[raw.relativePath], known.text == raw.source.text, known.sectionTypes == sectionTypes {
                return (known, false)
            }
            return (validate(raw, sectionTypes: sectionTypes, unreadableSections: unreadableSections, configuration: configuration), true)
        }
    }

    private static func validate(_ raw: RawPage, sectionTypes: [String: PageType], unreadableSections: Set<String>,
                                 configuration: SiteConfiguration) -> BuildCache.Validation {
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
                document.error(line: 1, column: 1, "missing front matter: a page starts with a '---' line, then 'title: …', then a '---' line",
                               french: "l’en-tête de la page manque : une page commence par une ligne '---', puis 'title: …', puis une autre ligne '---'")
                self.fields = nil
                self.declaredType = nil
                return
            }
            guard raw.isFrontMatterClosed else {
                document.error(line: 1, column: 1, "front matter opened with '---' is never closed (add a '---' line after the last key)",
                               french: "l’en-tête ouvert par '---' n’est jamais fermé (ajoutez une ligne '---' après la dernière clé)")
                self.fields = nil
                self.declaredType = nil
                return
            }
            guard let mapping = document.parseMapping(yaml, what: Wording("front matter", french: "l’en-tête de la page")) else {
                self.fields = nil
                self.declaredType = nil
                return
            }
            let fields = Fields(mapping, in: document, owner: PageType.page.ownerWording, timeZone: timeZone)
            self.fields = fields
            self.declaredType = fields.choice(CommonKeys.type).flatMap(PageType.init(rawValue:))
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
        let owner = isHome ? Wording("the home page", french: "la page d’accueil")
            : isList ? Wording("a section list (\(raw.relativePath))", french: "la page de liste d’une rubrique (\(raw.relativePath))")
            : type.ownerWording
        let fields = Fields(generic.mapping, in: generic.document, owner: owner, timeZone: generic.timeZone)

        // A list or the home page has only the common keys: its type's keys describe its pages.
        let schema = isList || isHome ? PageSchema.common : type.schema.allKeys
        fields.rejectUnknownKeys(schema.map(\.name))

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
        let title = fields.string(CommonKeys.title)
        if let title, title.trimmingCharacters(in: .whitespaces).isEmpty {
            fields.document.error(at: fields.node("title")?.mark, "'title' is empty (every page needs a title)",
                                  french: "'title' est vide (chaque page a besoin d’un titre)")
        }
        var slug = fields.string(CommonKeys.slug)
        if let value = slug, !isValidSlug(value) {
            fields.document.error(at: fields.node("slug")?.mark,
                                  "'slug' must use lower-case ASCII letters, digits and dashes: \"\(value)\" (try \"\(Slug.make(value))\")",
                                  french: "'slug' ne peut contenir que des lettres minuscules sans accent, des chiffres et des tirets : \"\(value)\" (essayez \"\(Slug.make(value))\")")
            slug = nil
        } else if let value = slug, value.utf8.count > maximumSlugLength {
            fields.document.error(at: fields.node("slug")?.mark,
                                  "'slug' is \(value.utf8.count) characters long: a URL segment may have at most \(maximumSlugLength) (shorten it)",
                                  french: "'slug' fait \(value.utf8.count) caractères : une partie d’adresse en a au plus \(maximumSlugLength) (raccourcissez-le)")
            slug = nil
        }
        let paginate = fields.int(CommonKeys.paginate)
        if paginate != nil, !isSectionIndex {
            fields.document.error(at: fields.keyMark("paginate"), "'paginate' is only read in a section's _index.md (move it there)",
                                  french: "'paginate' ne sert que dans le fichier _index.md d’une rubrique (déplacez-le là)")
        }
        let image = readImage(fields, pathKey: CommonKeys.image.name, altKey: CommonKeys.imageAlt.name,
                              decorativeKey: CommonKeys.imageDecorative.name)
        let layout = fields.located(CommonKeys.layout)
        let extra = fields.node(CommonKeys.extra.name).map { templateValue($0, name: CommonKeys.extra.name, in: fields.document) }
        guard let title else { return nil }
        var metadata = CommonMetadata(
            title: title,
            type: fields.string(CommonKeys.type).flatMap(PageType.init(rawValue:)),
            slug: slug,
            summary: fields.string(CommonKeys.summary),
            description: fields.string(CommonKeys.description),
            draft: fields.bool(CommonKeys.draft) ?? false,
            publishDate: fields.date(CommonKeys.publishDate),
            expiryDate: fields.date(CommonKeys.expiryDate),
            weight: fields.int(CommonKeys.weight),
            image: image,
            tags: readTags(fields),
            aliases: fields.items(CommonKeys.aliases).compactMap { node in
                Fields.text(node, name: CommonKeys.aliases.name, in: fields.document).map { value in
                    let place = fields.document.location(of: node.mark)
                    return Located(value, at: fields.document.source.location(line: place.line, column: place.column),
                                   sourceLine: fields.document.source.line(place.line))
                }
            },
            layout: layout,
            paginate: paginate,
            extra: extra
        )
        metadata.searchable = fields.bool(CommonKeys.search) ?? true
        // Worked out here, once per change of the file, rather than at every build of `serve`.
        // A tag given twice (or two spellings of one tag) is one tag: else a tag page would
        // list the page once per time, and show all its tags on each (5,000 times "x" made
        // a build of minutes, found by the fuzzer).
        var seenSlugs = Set<String>()
        let tags = zip(metadata.tags, metadata.tags.map(Slug.make)).filter { $0.1.isEmpty || seenSlugs.insert($0.1).inserted }
        metadata.tags = tags.map(\.0)
        metadata.tagSlugs = tags.map(\.1)
        metadata.sortTitle = title.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil)
        return metadata
    }

    /// The longest slug (and alias segment, tag slug): a file name has at most 255 bytes, and
    /// an event's slug also names its `.ics` file.
    static let maximumSlugLength = 200

    /// Tags, each of which must give a URL (`/tags/<slug>/`): one made only of emoji or
    /// punctuation would have none.
    private static func readTags(_ fields: Fields) -> [String] {
        fields.items(CommonKeys.tags).compactMap { node -> String? in
            guard let tag = Fields.text(node, name: CommonKeys.tags.name, in: fields.document) else { return nil }
            let slug = Slug.make(tag)
            if slug.isEmpty {
                fields.document.error(at: node.mark, "tag \"\(tag)\" has no letter or digit to make its address /tags/…/ from (write it with words, for example \"prévention\")",
                                      french: "le mot-clé \"\(tag)\" n’a ni lettre ni chiffre pour en faire l’adresse /tags/…/ (écrivez-le avec des mots, par exemple \"prévention\")")
                return nil
            }
            if slug.utf8.count > maximumSlugLength {
                fields.document.error(at: node.mark, "tag \"\(tag.prefix(40))…\" is too long to be an address: at most \(maximumSlugLength) characters (shorten it)",
                                      french: "le mot-clé \"\(tag.prefix(40))…\" est trop long pour une adresse : \(maximumSlugLength) caractères au plus (raccourcissez-le)")
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
                fields.document.warning(at: fields.keyMark(altKey), "'\(altKey)' is set but '\(pathKey)' is not (remove it, or add the image)",
                                        french: "'\(altKey)' est rempli mais pas '\(pathKey)' (supprimez-le, ou ajoutez l’image)")
            }
            return nil
        }
        if decorative {
            if let alt, !alt.isEmpty {
                fields.document.error(at: fields.node(altKey)?.mark, "a decorative image has no alternative text: set '\(altKey): \"\"' or remove 'image_decorative'",
                                      french: "une image décorative n’a pas de texte alternatif : écrivez '\(altKey): \"\"' ou supprimez 'image_decorative'")
            }
            return ImageReference(path: path, alt: "", decorative: true)
        }
        guard let alt, !alt.trimmingCharacters(in: .whitespaces).isEmpty else {
            fields.document.error(at: fields.keyMark(pathKey),
                                  "'\(altKey)' is required when '\(pathKey)' is set: describe the image for people who cannot see it (or, for a purely decorative image, set '\(altKey): \"\"' and 'image_decorative: true')",
                                  french: "'\(altKey)' est obligatoire avec '\(pathKey)' : décrivez l’image pour les personnes qui ne la voient pas (ou, pour une image purement décorative, écrivez '\(altKey): \"\"' et 'image_decorative: true')")
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
            document.error(at: node.mark, "'\(name)' uses a YAML alias, which Parcours does not support (write the value out)",
                           french: "'\(name)' utilise un alias YAML, que Parcours n’accepte pas (écrivez la valeur en entier)")
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
        let date = fields.date(NewsKeys.date)
        // A news item dated years ahead goes to the top of every list, unnoticed: a typo, surely.
        if let date, date.instant > Date().addingTimeInterval(DateSanity.oneYear) {
            fields.document.warning(at: fields.node("date")?.mark,
                                    "'date' is more than a year ahead (\(date.isoDay)): a news item keeps its date at the top of every list; check the year (to publish it later, use 'publish_date')",
                                    french: "'date' est à plus d’un an (\(date.isoDay)) : une actualité garde sa date en tête de toutes les listes ; vérifiez l’année (pour la publier plus tard, utilisez 'publish_date')")
        }
        let updated = fields.date(NewsKeys.updated)
        let author = fields.string(NewsKeys.author)
        guard let date else { return nil }
        return NewsMetadata(date: date, updated: updated, author: author)
    }

    private static func readEvent(_ fields: Fields) -> EventMetadata? {
        let start = fields.date(EventKeys.start)
        let end = fields.date(EventKeys.end)
        if let start, let end, end < start {
            fields.document.error(at: fields.node("end")?.mark, "'end' (\(end.iso)) is before 'start' (\(start.iso))",
                                  french: "la fin 'end' (\(end.iso)) est avant le début 'start' (\(start.iso))")
        }
        if let start, start.instant > Date().addingTimeInterval(2 * DateSanity.oneYear) {
            fields.document.warning(at: fields.node("start")?.mark, "'start' is more than two years ahead (\(start.isoDay)): check the year",
                                    french: "'start' est à plus de deux ans (\(start.isoDay)) : vérifiez l’année")
        }
        if let start, let end, end.instant > start.instant.addingTimeInterval(DateSanity.oneYear) {
            fields.document.warning(at: fields.node("end")?.mark, "'end' is more than a year after 'start' (\(end.isoDay)): check the year",
                                    french: "'end' est plus d’un an après 'start' (\(end.isoDay)) : vérifiez l’année")
        }
        let location = fields.map(EventKeys.location).map { location in
            EventLocation(name: location.string(EventKeys.Location.name), address: location.string(EventKeys.Location.address),
                          postalCode: location.string(EventKeys.Location.postalCode), city: location.string(EventKeys.Location.city))
        }
        let audience = fields.items(EventKeys.audience).compactMap { node -> String? in
            Fields.text(node, name: EventKeys.audience.name, in: fields.document).flatMap {
                Fields.choice($0, at: node.mark, name: EventKeys.audience.name, from: EventKeys.audience.values, in: fields.document)
            }
        }
        let status = fields.choice(EventKeys.status).flatMap(EventMetadata.Status.init(rawValue:))
        let onlineURL = readExternalURL(fields, EventKeys.onlineURL)
        let registrationURL = readExternalURL(fields, EventKeys.registrationURL)
        guard let start else { return nil }
        return EventMetadata(start: start, end: end, location: location, onlineURL: onlineURL,
                             registrationURL: registrationURL, audience: audience, status: status ?? .scheduled)
    }

    /// An absolute URL, or a path on this site (`/contact/`), checked with the other references.
    private static func readExternalURL(_ fields: Fields, _ schemaKey: FrontMatterKey) -> Located<String>? {
        let key = schemaKey.name
        guard let value = fields.located(schemaKey) else { return nil }
        if WebAddress.isSitePath(value.value) { return value }
        if let problem = WebAddress.wordedProblem(value.value, kind: .linkOrMail) {
            fields.document.error(at: fields.node(key)?.mark,
                                  "'\(key)' must be an https:// address or a path on this site (/contact/): \"\(value.value)\": \(problem.english)",
                                  french: "'\(key)' doit être une adresse https:// ou un chemin de ce site (/contact/) : \"\(value.value)\" : \(problem.french)")
            return nil
        }
        return value
    }

    private static func readMission(_ fields: Fields) -> MissionMetadata? {
        let axis = fields.choice(MissionKeys.axis)
        let objectives = fields.strings(MissionKeys.objectives.name)
        let indicators = fields.maps(MissionKeys.indicators) { item -> MissionMetadata.Indicator? in
            guard let label = item.string(MissionKeys.Indicator.label) else { return nil }
            return .init(label: label, value: item.string(MissionKeys.Indicator.value), target: item.string(MissionKeys.Indicator.target))
        }
        guard let axis else { return nil }
        return MissionMetadata(axis: axis, objectives: objectives, indicators: indicators)
    }

    private static func locatedStrings(_ fields: Fields, _ key: FrontMatterKey) -> [Located<String>] {
        fields.items(key).compactMap { node in
            Fields.text(node, name: fields.name(key.name), in: fields.document).map { value in
                let place = fields.document.location(of: node.mark)
                return Located(value, at: fields.document.source.location(line: place.line, column: place.column),
                               sourceLine: fields.document.source.line(place.line))
            }
        }
    }

    private static func readProject(_ fields: Fields) -> ProjectMetadata? {
        let missions = locatedStrings(fields, ProjectKeys.missions)
        if fields.has(ProjectKeys.missions.name), missions.isEmpty {
            fields.document.error(at: fields.node(ProjectKeys.missions.name)?.mark, "'missions' must name at least one mission (the slug of a mission page)",
                                  french: "'missions' doit nommer au moins une mission (le slug d’une page de mission)")
        }
        let status = fields.choice(ProjectKeys.status)
        let start = fields.date(ProjectKeys.start), end = fields.date(ProjectKeys.end)
        let leads = fields.maps(ProjectKeys.leads) { item -> ProjectMetadata.Person? in
            guard let name = item.string(ProjectKeys.Lead.name) else { return nil }
            return .init(name: name, role: item.string(ProjectKeys.Lead.role))
        }
        let contact = fields.map(ProjectKeys.contact).map { contact in
            ProjectMetadata.Contact(name: contact.string(ProjectKeys.Contact.name), email: contact.string(ProjectKeys.Contact.email),
                                    phone: contact.string(ProjectKeys.Contact.phone))
        }
        let partners = locatedStrings(fields, ProjectKeys.partners)
        let form = fields.located(ProjectKeys.form)
        guard !missions.isEmpty else { return nil }
        return ProjectMetadata(missions: missions, status: status, start: start, end: end, leads: leads,
                               partners: partners, contact: contact, form: form)
    }

    private static func readPartner(_ fields: Fields) -> PartnerMetadata? {
        let kind = fields.choice(PartnerKeys.kind)
        let url = readExternalURL(fields, PartnerKeys.url)?.value
        let logo = readImage(fields, pathKey: PartnerKeys.logo.name, altKey: PartnerKeys.logoAlt.name, decorativeKey: nil)
        guard let kind else { return nil }
        return PartnerMetadata(kind: kind, url: url, logo: logo)
    }

    private static func readHealthProject(_ fields: Fields) -> HealthProjectMetadata? {
        let period = fields.map(HealthProjectKeys.period, owner: Wording("'period'", french: "'period'"))
        let from = period?.string(HealthProjectKeys.Period.from)
        let to = period?.string(HealthProjectKeys.Period.to)
        let adopted = fields.date(HealthProjectKeys.adopted)
        let status = fields.choice(HealthProjectKeys.status)
        let axes = fields.maps(HealthProjectKeys.axes) { item -> HealthProjectMetadata.Axis? in
            guard let title = item.string(HealthProjectKeys.Axis.title) else { return nil }
            return .init(title: title, summary: item.string(HealthProjectKeys.Axis.summary),
                         missions: locatedStrings(item, HealthProjectKeys.Axis.missions))
        }
        let document = fields.located(HealthProjectKeys.document)
        guard let from, let to else { return nil }
        return HealthProjectMetadata(periodFrom: from, periodTo: to, adopted: adopted, status: status, axes: axes, document: document)
    }
}

/// Dates that are valid but surely mistyped get a warning.
enum DateSanity {
    static let oneYear: TimeInterval = 366 * 86_400
}
