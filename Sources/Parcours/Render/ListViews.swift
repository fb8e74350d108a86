import Foundation

/// Section lists (paginated), tag pages and the home page's selections.
enum ListViews {
    /// Event, mission and partner lists show all their pages on one page (split into
    /// upcoming and past, or grouped); the others are paginated.
    static func isPaginated(_ section: Section) -> Bool {
        ![.event, .mission, .partner].contains(section.type)
    }

    static func pageCount(_ section: Section, context: RenderContext) -> Int {
        guard isPaginated(section) else { return 1 }
        // Division first: `count + size - 1` could overflow for a size that validation did not bound.
        let size = max(1, section.pageSize)
        return max(1, section.pages.count / size + (section.pages.count % size == 0 ? 0 : 1))
    }

    /// The pages shown on list page `number` of a section.
    static func items(of section: Section, number: Int) -> [Int] {
        guard isPaginated(section) else { return section.pages }
        return Array(section.pages.dropFirst((number - 1) * section.pageSize).prefix(section.pageSize))
    }

    /// The pages shown on page `number` of a tag.
    static func tagItems(of tag: Tag, number: Int) -> ArraySlice<Int> {
        tag.pages.dropFirst((number - 1) * tagPageSize).prefix(tagPageSize)
    }

    /// `actualites/`, then `actualites/page/2/`.
    static func path(of section: Section, number: Int, in site: Site) -> String {
        Pager.path(base: site.pages[section.indexPage].path, number: number)
    }

    static func listContext(section: Section, number: Int, context: RenderContext) -> ViewModel {
        let site = context.site
        let index = site.pages[section.indexPage]
        let count = pageCount(section, context: context)
        let items = Self.items(of: section, number: number)
        var list: ViewModel = [
            "items": items.map { context.pageView(site.pages[$0]) },
            "has_items": !items.isEmpty,
        ]
        list.set("pagination", Pager(base: index.path, count: count).view(number: number, in: site))
        switch section.type {
        case .event:
            let (upcoming, past) = splitEvents(section.pages, context: context)
            list["ics_url"] = site.url(ICalendar.agendaPath(of: section, in: site))
            list["upcoming"] = upcoming.map { context.pageView(site.pages[$0]) }
            list["past"] = past.map { context.pageView(site.pages[$0]) }
        case .partner:
            list["groups"] = PartnerMetadata.kinds.compactMap { kind -> ViewModel? in
                let members = items.filter {
                    if case .partner(let partner) = site.pages[$0].page.details { return partner.kind == kind }
                    return false
                }
                guard !members.isEmpty else { return nil }
                return ["kind": context.labelled(kind, prefix: "partner_kind_"),
                        "items": members.map { context.pageView(site.pages[$0]) }]
            }
        case .mission:
            let isSocle: (Int) -> Bool = {
                if case .mission(let mission) = site.pages[$0].page.details { return MissionMetadata.socleAxes.contains(mission.axis) }
                return false
            }
            list["groups"] = [
                ["title": context.t("missions_socle", "Missions socles"), "items": items.filter(isSocle).map { context.pageView(site.pages[$0]) }],
                ["title": context.t("missions_other", "Missions complémentaires"), "items": items.filter { !isSocle($0) }.map { context.pageView(site.pages[$0]) }],
            ].filter { !(($0["items"] as? [ViewModel]) ?? []).isEmpty } as [ViewModel]
        default:
            break
        }
        let listPath = path(of: section, number: number, in: site)
        var title = index.title
        if number > 1 { title += " — " + context.t("page", "Page") + " \(number)" }
        var view = context.layoutContext(
            page: context.pageView(index), path: listPath, trail: context.trail(of: index),
            jsonLD: StructuredData.collection(title: index.title, path: listPath, trail: context.trail(of: index), context: context),
            title: title, description: index.metadata.description ?? (index.summary.isEmpty ? nil : index.summary))
        view["list"] = list
        return view
    }

    /// Upcoming soonest first; past newest first.
    static func splitEvents(_ pages: [Int], context: RenderContext) -> (upcoming: [Int], past: [Int]) {
        var upcoming: [(Int, ContentDate)] = [], past: [(Int, ContentDate)] = []
        for id in pages {
            guard case .event(let event) = context.site.pages[id].page.details else { continue }
            if context.isPast(event) { past.append((id, event.start)) } else { upcoming.append((id, event.start)) }
        }
        return (upcoming.sorted { $0.1 < $1.1 }.map(\.0), past.sorted { $0.1 > $1.1 }.map(\.0))
    }

    /// Tag pages list 10 pages each, like news lists.
    static let tagPageSize = 10

    static func tagPageCount(_ tag: Tag) -> Int {
        max(1, (tag.pages.count + tagPageSize - 1) / tagPageSize)
    }

    static func tagPath(_ tag: Tag, number: Int) -> String {
        Pager.path(base: tag.path, number: number)
    }

    static func tagContext(_ tag: Tag, number: Int, context: RenderContext) -> ViewModel {
        let site = context.site
        var title = context.t("title_tag", "Thématique : ") + tag.name
        if number > 1 { title += " — " + context.t("page", "Page") + " \(number)" }
        let path = tagPath(tag, number: number)
        let page: ViewModel = ["title": title, "url": site.url(path)]
        let tagsIndex = Crumb(title: context.t("title_tags", "Thématiques"), path: "tags/")
        var view = context.layoutContext(page: page, path: path, trail: [tagsIndex],
                                         jsonLD: StructuredData.collection(title: title, path: path, trail: [tagsIndex], context: context),
                                         title: title, description: nil)
        let items = tagItems(of: tag, number: number)
        var list: ViewModel = ["items": items.map { context.pageView(site.pages[$0]) }, "has_items": !items.isEmpty,
                               "tag": ["name": tag.name]]
        list.set("pagination", Pager(base: tag.path, count: tagPageCount(tag)).view(number: number, in: site))
        view["list"] = list
        return view
    }

    static func tagIndexContext(context: RenderContext) -> ViewModel {
        let site = context.site
        let title = context.t("title_tags", "Thématiques")
        var view = context.layoutContext(page: ["title": title, "url": site.url("tags/")], path: "tags/", trail: [],
                                         jsonLD: StructuredData.collection(title: title, path: "tags/", trail: [], context: context),
                                         title: title, description: nil)
        view["list"] = ["tags": site.tags.map { ["name": $0.name, "url": site.url($0.path), "count": $0.pages.count] as ViewModel },
                        "has_items": !site.tags.isEmpty] as ViewModel
        return view
    }

    static func homeView(context: RenderContext) -> ViewModel {
        let site = context.site
        // The latest three of all news lists are among the latest three of each.
        let news = site.sections.filter { $0.type == .news }.flatMap { $0.newestFirst.prefix(3) }
            .map { (id: $0, key: ListOrder.Key(site.pages[$0])) }
            .sorted { ListOrder.newestFirst($0.key, $1.key) }.prefix(3).map { site.pages[$0.id] }
        let events = site.sections.filter { $0.type == .event }.flatMap { splitEvents($0.pages, context: context).upcoming }
        // By index: a copy of each of thousands of pages to keep a few (issue 15).
        let missions = site.pages.indices.filter { site.pages[$0].type == .mission && !site.pages[$0].page.isList }
            .map { site.pages[$0] }.sorted(by: ListOrder.precedes)
        let forms = site.pages.indices.filter { site.pages[$0].type == .form }.map { site.pages[$0] }
        var view: ViewModel = [
            "news": news.prefix(3).map(context.pageView),
            "events": events.prefix(3).map { context.pageView(site.pages[$0]) },
            "missions": missions.map(context.pageView),
            "forms": forms.map(context.pageView),
        ]
        if let section = site.sections.first(where: { $0.type == .news }) { view["news_url"] = site.url(site.pages[section.indexPage].path) }
        if let section = site.sections.first(where: { $0.type == .event }) { view["events_url"] = site.url(site.pages[section.indexPage].path) }
        return view
    }
}

/// Numbered list pages: `base/`, `base/page/2/` … and their navigation.
struct Pager {
    /// Site path of the first page.
    let base: String
    let count: Int

    static func path(base: String, number: Int) -> String {
        number == 1 ? base : base + "page/\(number)/"
    }

    /// The page numbers to link: the first, the last, and two on each side of the current
    /// one; nil stands for a gap (…). A list of 1,000 pages gets 7 links, not 1,000.
    static func window(number: Int, count: Int, around: Int = 2) -> [Int?] {
        let shown = Set([1, count] + Array(max(1, number - around)...min(count, number + around)))
        var result: [Int?] = []
        for page in shown.sorted() {
            if let last = result.last, let previous = last, page > previous + 1 { result.append(nil) }
            result.append(page)
        }
        return result
    }

    /// The `pagination` view model, or nil for a list of one page.
    func view(number: Int, in site: Site) -> ViewModel? {
        guard count > 1 else { return nil }
        var pagination: ViewModel = [
            "current": number,
            "total": count,
            "pages": Self.window(number: number, count: count).map { page -> ViewModel in
                guard let page else { return ["is_gap": true] }
                return ["number": page, "url": site.url(Self.path(base: base, number: page)), "current": page == number]
            },
        ]
        if number > 1 { pagination["prev_url"] = site.url(Self.path(base: base, number: number - 1)) }
        if number < count { pagination["next_url"] = site.url(Self.path(base: base, number: number + 1)) }
        return pagination
    }
}
