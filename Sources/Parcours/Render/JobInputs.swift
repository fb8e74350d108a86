import Foundation

/// What each rendered file depends on, as one hash: the theme, site.yaml, the images, the shape of the
/// site (every page's path, title, type, summary, date, tags… which menus, breadcrumbs and
/// lists show), and the text of the pages it shows. When the hash is the one of the last
/// build, the file is the same: `serve` does not render it again.
struct JobInputs {
    private let global: Int
    /// Hash of each page's file text, by page id.
    private let digests: [Int]
    private let site: Site

    init(site: Site, theme: CompiledTheme) {
        self.site = site
        digests = site.pages.map(\.page.raw.digest)
        var hasher = Hasher()
        hasher.combine(theme.fingerprint)
        hasher.combine(site.configuration.source.text)
        hasher.combine(site.configuration.baseURL)
        hasher.combine(site.configuration.forms.values.map(\.endpoint.value).sorted())
        // An image replaced under the same name changes no page's text, only the sizes that
        // the pages showing it give.
        hasher.combine(site.images)
        hasher.combine(Self.clock(of: site))
        // By index, and the date as a value, not as text: this runs at each save in `serve`.
        for id in site.pages.indices {
            hasher.combineBytes(of: site.pages[id].path)
            hasher.combineBytes(of: site.pages[id].title)
            hasher.combine(site.pages[id].type)
            hasher.combineBytes(of: site.pages[id].summary)
            hasher.combine(site.pages[id].date)
            hasher.combine(site.pages[id].tags.count)
            for tag in site.pages[id].tags { hasher.combineBytes(of: tag) }
            hasher.combine(site.pages[id].metadata.weight)
            hasher.combine(site.pages[id].sectionIndex)
            hasher.combineBytes(of: site.pages[id].metadata.image?.path.value)
            if case .project(let project) = site.pages[id].page.details {
                hasher.combine(project.status)
                hasher.combine(project.missions.map(\.value))
                hasher.combine(project.partners.map(\.value))
            }
        }
        global = hasher.finalize()
    }

    func hash(of job: RenderStage.Job) -> Int {
        var hasher = Hasher()
        hasher.combine(global)
        hasher.combine(job)
        if let pages = Self.pagesShown(by: job, in: site) {
            for id in pages { hasher.combine(digests[id]) }
        } else {
            hasher.combine(digests)
        }
        return hasher.finalize()
    }

    /// The pages whose text a job's file shows, beyond the site's shape: nil for the home
    /// page, which shows lists of every kind and so depends on every page.
    static func pagesShown(by job: RenderStage.Job, in site: Site) -> [Int]? {
        let pages: [Int]
        switch job {
        case .page(let id):
            if site.pages[id].page.isHome { return nil }
            pages = [id]
        case .list(let section, let number):
            pages = [site.sections[section].indexPage] + ListViews.items(of: site.sections[section], number: number)
        case .tag(let index, let number):
            pages = Array(ListViews.tagItems(of: site.tags[index], number: number))
        case .tagIndex, .search, .notFound:
            pages = []
        }
        // A form shows its success page's text (the confirmation after sending), wherever
        // the form is shown.
        return pages + pages.compactMap { id in
            guard case .form(let form) = site.pages[id].page.details else { return nil }
            return FormView.successPage(of: form, in: site)
        }
    }

    /// What the passing time changes in the files: the day (the footer's year, a news list's
    /// dates stay), and which events are over (an event's page and the agenda say so, at
    /// the event's end time).
    static func clock(of site: Site) -> Int {
        var hasher = Hasher()
        hasher.combine(Calendar(identifier: .gregorian).ordinality(of: .day, in: .era, for: site.now))
        for page in site.pages {
            if case .event(let event) = page.page.details, event.isOver(at: site.now) { hasher.combine(page.id) }
        }
        return hasher.finalize()
    }
}
