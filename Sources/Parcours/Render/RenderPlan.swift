import Foundation

/// What the last render made from a resolved site, and which of its files show each page:
/// after a save that changed only pages' bodies (the site resolved as before, the same
/// theme and images, no event over since), only the files that show those pages are rendered
/// again, and nothing passes over every job (issue 15: the preview at 10,000 pages).
struct RenderPlan: Sendable {
    /// What the files depend on beyond the pages' text: when any of it changed, the render
    /// starts again from the jobs.
    struct Key: Equatable, Sendable {
        var resolution: UUID
        var theme: Int
        var clock: Int
        var images: [String: ProcessedImage]

        init?(site: Site, theme: CompiledTheme) {
            guard let resolution = site.resolutionID else { return nil }
            self.resolution = resolution
            self.theme = theme.fingerprint
            clock = JobInputs.clock(of: site)
            images = site.images
        }
    }

    let key: Key
    let jobs: [RenderStage.Job]
    /// The file of each job, in the order of `jobs`.
    var files: [OutputFile]
    /// Each page's text digest and summary, by page id, as the files show them (a new
    /// summary changes every list that shows the page: the plan is then made again).
    var digests: [Int]
    let summaries: [String]
    /// By page id: the indexes in `jobs` of the files that show the page, but the home page's.
    let shownOn: [[Int]]
    /// The home page shows lists of every kind: it is rendered again at each change.
    let homeJob: Int?
    /// The sitemap, one part per job, and the time of each page's file, by page id: a save
    /// changes the date of the sitemap entry that reads it (see `sitemapJob`).
    var sitemap: JoinedText
    var fileTimes: [Date?]
    /// By page id: the job whose sitemap entry gives the page's time (its own, or its list's first).
    let sitemapJob: [Int?]

    init(key: Key, jobs: [RenderStage.Job], files: [OutputFile], sitemap: JoinedText, site: Site) {
        self.key = key
        self.jobs = jobs
        self.files = files
        self.sitemap = sitemap
        digests = site.pages.map(\.page.raw.digest)
        summaries = site.pages.map(\.summary)
        fileTimes = site.pages.map(\.page.raw.lastModified)
        var shownOn = [[Int]](repeating: [], count: site.pages.count)
        var sitemapJob = [Int?](repeating: nil, count: site.pages.count)
        var homeJob: Int?
        for (index, job) in jobs.enumerated() {
            if let pages = JobInputs.pagesShown(by: job, in: site) {
                for id in pages { shownOn[id].append(index) }
            } else {
                homeJob = index
            }
            switch job {
            case .page(let id): sitemapJob[id] = index
            case .list(let section, 1): sitemapJob[site.sections[section].indexPage] = index
            default: break
            }
        }
        self.shownOn = shownOn
        self.sitemapJob = sitemapJob
        self.homeJob = homeJob
    }

    /// The indexes of the jobs to render again for `site`, or nil when the plan does not fit
    /// it: another resolution, theme, clock (see `JobInputs.clock`) or set of images, or a page whose summary changed
    /// (every list that shows it changes then).
    func jobsToRender(for site: Site, key: Key) -> [Int]? {
        guard key == self.key, site.pages.count == digests.count else { return nil }
        var indexes = Set<Int>()
        for id in site.pages.indices where site.pages[id].page.raw.digest != digests[id] {
            guard site.pages[id].summary == summaries[id] else { return nil }
            indexes.formUnion(shownOn[id])
        }
        if !indexes.isEmpty, let homeJob { indexes.insert(homeJob) }
        return indexes.sorted()
    }

    /// The plan after those jobs were rendered again; `sitemapElement` gives a job's part of
    /// the sitemap, for the pages whose file's time changed.
    mutating func update(_ rendered: [(index: Int, file: OutputFile)], site: Site, sitemapElement: (Int) -> String) {
        for (index, file) in rendered { files[index] = file }
        var sitemapChanges: [(index: Int, part: String)] = []
        for id in site.pages.indices {
            let raw = site.pages[id].page.raw
            digests[id] = raw.digest
            if raw.lastModified != fileTimes[id] {
                fileTimes[id] = raw.lastModified
                if let job = sitemapJob[id] { sitemapChanges.append((job, sitemapElement(job))) }
            }
        }
        sitemap.replace(sitemapChanges)
    }
}
