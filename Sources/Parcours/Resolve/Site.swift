import Foundation

/// The whole site once every page has its URL and every reference is checked: the value
/// the render stage turns into files.
public struct Site: Sendable {
    public var configuration: SiteConfiguration
    /// Published pages; a page's index in this array is its id.
    public var pages: [SitePage]
    public var sections: [Section]
    public var tags: [Tag]
    public var staticFiles: [StaticFile]
    /// Old URLs (`aliases`) → the page they redirect to.
    public var redirects: [Redirect]
    /// The time the build counts as "now" (upcoming and past events).
    public var now: Date

    /// Ids of the projects that name each mission and each partner (by slug), in list order.
    public var projectsByMission: [String: [Int]] = [:]
    public var projectsByPartner: [String: [Int]] = [:]

    /// Page id by site path (`actualites/ag/`).
    public var pageByPath: [String: Int]
    /// Page id by content path (`actualites/ag.md`).
    public var pageBySource: [String: Int]
    /// Site paths of pages left out by the publishing rules, with the reason (for messages).
    var unpublished: [String: Wording] = [:]
    /// Site paths of files that failed validation: links to them are not reported again.
    public var invalid: Set<String> = []
    /// The images the site publishes, processed (`media/photo.jpg` → its widths and WebP).
    public var images: [String: ProcessedImage] = [:]
    /// Their files, which replace the copies of the originals.
    var imageFiles: [OutputFile] = []
    /// The first moment after `now` when a page's `publish_date` or `expiry_date` is reached:
    /// from then on the same content builds to another site (the studio rebuilds then).
    public var nextScheduledChange: Date?
    /// `MarkdownStage.linkContextHash`, when resolved for a build that keeps a cache: a site
    /// resolved once serves several rebuilds.
    var linkContext: Int?
    /// Made anew each time the site is resolved for a build that keeps a cache, kept while
    /// a resolved site serves several rebuilds: the render stage's plan is for one of them.
    var resolutionID: UUID?

    public var home: SitePage? { pageByPath[""].map { pages[$0] } }

    /// The published forms by id, with the site path of their page: what a form endpoint
    /// checks a submission against (the same fields the page shows). Resolved once.
    public internal(set) var forms: [String: PublishedForm] = [:]

    /// The section (list) that holds a page, if any.
    public func section(of page: SitePage) -> Section? {
        page.sectionIndex.map { sections[$0] }
    }

    /// Site-relative URL (with the base path) of a site path.
    public func url(_ path: String) -> String { configuration.basePath + path }
    /// Absolute URL of a site path.
    public func permalink(_ path: String) -> String { configuration.baseURL + path }

    /// A URL written in front matter: a path on this site (`/contact/`) gains the base
    /// path; an absolute URL stays as it is.
    public func href(_ written: String) -> String {
        guard written.hasPrefix("/"), !written.hasPrefix("//") else { return written }
        return url(String(written.dropFirst()))
    }

    /// The same, absolute: for feeds and calendars, read away from the site.
    public func absoluteHref(_ written: String) -> String {
        guard written.hasPrefix("/"), !written.hasPrefix("//") else { return written }
        return permalink(String(written.dropFirst()))
    }
}

/// A published page with its place in the site.
public struct SitePage: Sendable {
    public var id: Int
    public var page: ValidatedPage
    /// Path under the site root, with a trailing slash, no leading one: `actualites/ag/` (empty for the home page).
    public var path: String
    /// The last segment of the path: `ag`. Projects name missions and partners by it.
    public var slug: String
    /// Index in `Site.sections` of the list that shows this page.
    public var sectionIndex: Int?
    /// Tag slugs.
    public var tags: [String]
    /// Set by the Markdown stage.
    public var html: String = ""
    /// Front matter `summary`, else the first paragraph.
    public var summary: String = ""
    /// Set by the Markdown stage: the links and images of the body, for `parcours check`.
    public var links: [PageLink] = []

    public var title: String { page.metadata.title }
    public var type: PageType { page.type }
    public var metadata: CommonMetadata { page.metadata }

    /// The date lists sort and show: a news item's date, an event's start.
    public var date: ContentDate? {
        switch page.details {
        case .news(let news): return news.date
        case .event(let event): return event.start
        case .project(let project): return project.start
        default: return nil
        }
    }
}

/// A folder whose `_index.md` lists its pages.
public struct Section: Sendable {
    /// Content folder: `actualites`.
    public var folder: String
    /// The `_index.md` page.
    public var indexPage: Int
    /// The type of its pages.
    public var type: PageType
    /// Its pages, in list order.
    public var pages: [Int]
    /// The same, newest first (`ListOrder.newestFirst`): what its feed and the home page show.
    public var newestFirst: [Int] = []
    public var pageSize: Int
}

public struct Tag: Sendable {
    public var slug: String
    public var name: String
    /// Newest first.
    public var pages: [Int]
    public var path: String { "tags/\(slug)/" }
}

public struct StaticFile: Sendable, Hashable {
    /// Path under the content folder.
    public var source: String
    /// Path under the site root.
    public var output: String
}

public struct Redirect: Sendable {
    /// Site path of the old URL.
    public var from: String
    public var to: Int
    /// The alias as written in front matter, for errors about the file it becomes.
    public var written: Located<String>
}

/// A form as its page publishes it.
public struct PublishedForm: Sendable {
    public var form: FormMetadata
    /// `acces-medecin/`: the page that shows it.
    public var pagePath: String
}
