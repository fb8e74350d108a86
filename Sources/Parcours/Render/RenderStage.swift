import Foundation
import Mustache

/// Site + theme → the files of the site, in memory. Templates render in parallel: nothing
/// here touches cmark-gfm.
public enum RenderStage {
    /// One HTML file to produce.
    enum Job: Sendable, Hashable {
        case page(Int)
        case list(section: Int, number: Int)
        case tag(Int, number: Int)
        case tagIndex
        case search
        case notFound
    }

    /// Files made from the whole site that take little work: side by side.
    private enum SiteWideFiles: CaseIterable { case feeds, sitemap }

    /// - Parameter cache: a page whose inputs did not change is not rendered again; after a
    ///   save that changed only bodies, only the files that show the changed pages are.
    public static func render(_ site: Site, theme: CompiledTheme, cache: BuildCache? = nil) -> ([OutputFile], [Diagnostic]) {
        let context = RenderContext(site: site, theme: theme)
        var diagnostics: [Diagnostic] = []
        let planKey = cache == nil ? nil : RenderPlan.Key(site: site, theme: theme)
        let jobs: [Job]
        var files: [OutputFile]
        var sitemap: JoinedText?  // Known already when `serve` keeps a plan.
        if let cache, let planKey, let planned = renderAgain(context: context, key: planKey, cache: cache) {
            (jobs, files, sitemap) = (planned.jobs, planned.files, planned.sitemap)
        } else {
            jobs = Self.jobs(of: site, context: context)
            diagnostics += missingLayouts(jobs, context: context)
            guard !diagnostics.hasErrors else { return ([], diagnostics) }
            let rendered = render(jobs, context: context, cache: cache)
            cache?.update { storage in
                storage.rendered.update(zip(jobs, rendered).map { ($0, $1.result, $1.isFresh) })
            }
            files = zip(jobs, rendered).map { withOrigin($1.result.file, of: $0, in: site) }
            if let planKey {
                let made = Self.sitemap(of: jobs, in: site)
                sitemap = made
                let plan = RenderPlan(key: planKey, jobs: jobs, files: files, sitemap: made, site: site)
                cache?.update { $0.renderPlan = plan }
            }
        }
        // The files made from the whole site: after a save in `serve`, they are most of what
        // is left to do. The search index on its own, first: it folds the words of every
        // page on every core, and a `ParallelMap` inside another runs on one thread (it
        // kept one core idle for half a second of a 10,000-page build).
        let searchIndex = SearchIndex.render(site, context: context, cache: cache)
        files += ParallelMap.map(SiteWideFiles.allCases) { [sitemap] part -> [OutputFile] in
            switch part {
            case .feeds:
                return feeds(context: context)
            case .sitemap:
                let text = (sitemap ?? Self.sitemap(of: jobs, in: site)).text
                return [OutputFile(path: "sitemap.xml", contents: .text(text)),
                        OutputFile(path: "robots.txt", contents: .text(Sitemap.robots(site: site)))]
            }
        }.flatMap { $0 }
        files.append(OutputFile(path: SearchIndex.path, contents: .text(searchIndex)))
        files += theme.assetFiles.map { OutputFile(path: $0.key, contents: .data($0.value)) }
        let contentFolder = String(site.configuration.source.path.dropLast(ContentLoader.configurationFileName.count))
        files += site.imageFiles
        files += site.staticFiles.filter { site.images[$0.output] == nil }.map { file in
            OutputFile(path: file.output, contents: .copy(from: file.source),
                       origin: .init(kind: .copiedFile, written: Located(file.source, at: SourceLocation(file: contentFolder + file.source, line: 1, column: 1))))
        }
        files += site.redirects.map { redirect in
            let target = site.pages[redirect.to]
            let path = redirect.from.hasSuffix(".html") ? redirect.from : redirect.from + "index.html"
            return OutputFile(path: path, contents: .text(redirectPage(to: target, in: site)), origin: .init(kind: .alias, written: redirect.written))
        }
        diagnostics += OutputConflicts.check(files, cache: cache)
        return (files, diagnostics)
    }

    /// Every HTML file of the site, in the order of its pages.
    private static func jobs(of site: Site, context: RenderContext) -> [Job] {
        var jobs: [Job] = []
        for page in site.pages {
            if page.page.isList, let section = site.sections.firstIndex(where: { $0.indexPage == page.id }) {
                for number in 1...ListViews.pageCount(site.sections[section], context: context) {
                    jobs.append(.list(section: section, number: number))
                }
            } else {
                jobs.append(.page(page.id))
            }
        }
        if !site.tags.isEmpty {
            for (index, tag) in site.tags.enumerated() {
                jobs += (1...ListViews.tagPageCount(tag)).map { Job.tag(index, number: $0) }
            }
            jobs.append(.tagIndex)
        }
        jobs.append(.search)
        jobs.append(.notFound)
        return jobs
    }

    /// The last render's files with those that show a changed page rendered again, when the
    /// last render's plan fits the site (see `RenderPlan`).
    private static func renderAgain(context: RenderContext, key: RenderPlan.Key,
                                    cache: BuildCache) -> (jobs: [Job], files: [OutputFile], sitemap: JoinedText)? {
        guard var plan = cache.take(\.renderPlan), let indexes = plan.jobsToRender(for: context.site, key: key) else { return nil }
        let jobs = plan.jobs
        let rendered = ParallelMap.map(indexes) { index in
            (index: index, file: withOrigin(render(jobs[index], context: context), of: jobs[index], in: context.site))
        }
        plan.update(rendered, site: context.site) { job in Sitemap.part(sitemapEntry(jobs[job], in: context.site), site: context.site) }
        let (files, sitemap) = (plan.files, plan.sitemap)
        cache.update { $0.renderPlan = plan }
        return (jobs, files, sitemap)
    }

    /// A page's file is the page's to fix when its path clashes with another, or cannot be
    /// written; a list's, its `_index.md`'s (a folder named with a backslash, say).
    private static func withOrigin(_ file: OutputFile, of job: Job, in site: Site) -> OutputFile {
        var file = file
        switch job {
        case .page(let id): file.origin = origin(of: site.pages[id])
        case .list(let section, _): file.origin = origin(of: site.pages[site.sections[section].indexPage])
        default: break
        }
        return file
    }

    /// A file named after a page: the page's file is where to fix its path.
    private static func origin(of page: SitePage) -> OutputFile.Origin {
        let source = page.page.raw.source
        return OutputFile.Origin(kind: .page, written: Located(source.path, at: source.location(line: 1, column: 1)))
    }

    /// Each job's file: from the cache when its inputs did not change, else rendered (fresh).
    private static func render(_ jobs: [Job], context: RenderContext,
                               cache: BuildCache?) -> [(result: BuildCache.Rendered, isFresh: Bool)] {
        let inputs = cache.map { _ in JobInputs(site: context.site, theme: context.theme) }
        let previous = cache?.read(\.rendered) ?? [:]
        return ParallelMap.map(jobs) { job in
            let key = inputs?.hash(of: job) ?? 0
            if let known = previous[job], inputs != nil, known.inputs == key { return (known, false) }
            return (.init(inputs: key, file: render(job, context: context)), true)
        }
    }

    static func layout(of job: Job, in site: Site) -> String {
        switch job {
        case .page(let id):
            let page = site.pages[id]
            if let layout = page.metadata.layout { return layout.value }
            return page.page.isHome ? "home" : page.type.layout
        case .list(let section, _):
            let index = site.pages[site.sections[section].indexPage]
            return index.metadata.layout?.value ?? site.sections[section].type.listLayout
        case .tag: return "tag"
        case .tagIndex: return "tags"
        case .search: return "search"
        case .notFound: return "404"
        }
    }

    private static func missingLayouts(_ jobs: [Job], context: RenderContext) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        var reported: Set<String> = []
        let available = context.theme.layouts.sorted()
        for job in jobs {
            let name = layout(of: job, in: context.site)
            guard !context.theme.layouts.contains(name), !reported.contains(name) else { continue }
            reported.insert(name)
            let hint = Suggestion.worded(for: name, in: available)
            let message = "no layout '\(name)' in theme '\(context.theme.name)'\(hint.english) (add layouts/\(name).mustache to the theme)"
            let french = "le thème '\(context.theme.name)' n’a pas de gabarit '\(name)'\(hint.french) (ajoutez layouts/\(name).mustache au thème)"
            switch job {
            case .page(let id) where context.site.pages[id].metadata.layout != nil:
                diagnostics.append(context.site.pages[id].metadata.layout?.error(message, french: french) ?? .error(at: nil, message, french: french))
            case .page(let id):
                let source = context.site.pages[id].page.raw.source
                diagnostics.append(source.error(line: 1, column: 1, message, french: french))
            case .list(let section, _):
                let source = context.site.pages[context.site.sections[section].indexPage].page.raw.source
                diagnostics.append(source.error(line: 1, column: 1, message, french: french))
            default:
                diagnostics.append(.error(at: nil, message, french: french))
            }
        }
        return diagnostics
    }

    private static func render(_ job: Job, context: RenderContext) -> OutputFile {
        let site = context.site
        let view: ViewModel
        let path: String
        switch job {
        case .page(let id):
            let page = site.pages[id]
            view = pageContext(page, context: context)
            path = page.path + "index.html"
        case .list(let section, let number):
            view = ListViews.listContext(section: site.sections[section], number: number, context: context)
            path = ListViews.path(of: site.sections[section], number: number, in: site) + "index.html"
        case .tag(let index, let number):
            view = ListViews.tagContext(site.tags[index], number: number, context: context)
            path = ListViews.tagPath(site.tags[index], number: number) + "index.html"
        case .tagIndex:
            view = ListViews.tagIndexContext(context: context)
            path = "tags/index.html"
        case .search:
            let title = context.t("title_search", "Rechercher")
            let crumb = Crumb(title: title, path: "recherche/")
            view = context.layoutContext(page: ["title": title, "url": site.url(crumb.path)], path: crumb.path, trail: [],
                                         jsonLD: StructuredData.collection(title: title, path: crumb.path, trail: [], context: context),
                                         title: title, description: nil)
                .merging(["search": ["index_url": site.url(SearchIndex.path), "sitemap_url": site.url("sitemap.xml")] as ViewModel]) { a, _ in a }
            path = crumb.path + "index.html"
        case .notFound:
            let title = context.t("title_404", "Page introuvable")
            let node = SchemaNode("WebPage")
            node.name = title
            view = context.layoutContext(page: ["title": title, "url": site.url("404.html")], path: "404.html", trail: [],
                                         jsonLD: [node],
                                         title: title, description: nil)
            path = "404.html"
        }
        var html = context.theme.library.render(view, withTemplate: layout(of: job, in: site)) ?? ""
        // Mustache builds the page by appending, so its storage can be up to twice its
        // length; every page is held until the write stage: keep an exact copy (issue 15,
        // a fifth of a large build's memory).
        html = html.withUTF8 { String(decoding: $0, as: UTF8.self) }
        return OutputFile(path: path, contents: .text(html))
    }

    /// Atom feeds of news sections, iCalendar files of event sections and of each event.
    private static func feeds(context: RenderContext) -> [OutputFile] {
        let site = context.site
        var files: [OutputFile] = []
        for section in site.sections {
            // Named after the list: a path that cannot be written is its `_index.md`'s to fix.
            let origin = origin(of: site.pages[section.indexPage])
            switch section.type {
            case .news:
                files.append(OutputFile(path: AtomFeed.path(of: section, in: site), contents: .text(AtomFeed.render(section, context: context)),
                                        origin: origin))
            case .event:
                files.append(OutputFile(path: ICalendar.agendaPath(of: section, in: site), contents: .text(ICalendar.agenda(section, context: context)),
                                        origin: origin))
            default:
                break
            }
        }
        for id in site.pages.indices where site.pages[id].type == .event && !site.pages[id].page.isList {
            let page = site.pages[id]
            // Named after the page: a clash of its path is the page's to fix.
            files.append(OutputFile(path: ICalendar.eventPath(of: page), contents: .text(ICalendar.single(page, context: context)),
                                    origin: origin(of: page)))
        }
        return files
    }

    /// The sitemap, one part per job.
    private static func sitemap(of jobs: [Job], in site: Site) -> JoinedText {
        Sitemap.render(jobs.map { sitemapEntry($0, in: site) }, site: site)
    }

    /// A job's entry in the sitemap: every HTML page a visitor can land on, not the 404 page
    /// (nor the redirects, which are no jobs).
    static func sitemapEntry(_ job: Job, in site: Site) -> Sitemap.Entry? {
        switch job {
        case .page(let id):
            return .init(path: site.pages[id].path, lastModified: Sitemap.lastModified(of: site.pages[id], timeZone: site.configuration.timeZone))
        case .list(let section, let number):
            let index = site.pages[site.sections[section].indexPage]
            return .init(path: ListViews.path(of: site.sections[section], number: number, in: site),
                         lastModified: number == 1 ? Sitemap.lastModified(of: index, timeZone: site.configuration.timeZone) : nil)
        case .tag(let index, let number):
            return .init(path: ListViews.tagPath(site.tags[index], number: number), lastModified: nil)
        case .tagIndex:
            return .init(path: "tags/", lastModified: nil)
        case .search:
            return .init(path: "recherche/", lastModified: nil)
        case .notFound:
            return nil
        }
    }

    static func pageContext(_ page: SitePage, context: RenderContext) -> ViewModel {
        let trail = context.trail(of: page)
        let isArticle = page.type == .news || page.type == .event
        var view = context.layoutContext(
            page: context.pageView(page), path: page.path, trail: trail,
            jsonLD: StructuredData.forPage(page, context: context, trail: trail),
            ogType: isArticle ? "article" : "website",
            title: page.title, description: page.metadata.description ?? (page.summary.isEmpty ? nil : page.summary),
            isHome: page.page.isHome)
        if page.page.isHome {
            view["home"] = ListViews.homeView(context: context)
        }
        return view
    }

    private static func redirectPage(to page: SitePage, in site: Site) -> String {
        let url = site.url(page.path).markupEscaped
        let permalink = site.permalink(page.path).markupEscaped
        let title = page.title.markupEscaped
        return """
        <!doctype html>
        <html lang="\(site.configuration.language)">
        <head>
        <meta charset="utf-8">
        <title>\(title)</title>
        <link rel="canonical" href="\(permalink)">
        <meta name="robots" content="noindex">
        <meta http-equiv="refresh" content="0; url=\(url)">
        </head>
        <body>
        <p><a href="\(url)">\(title)</a></p>
        </body>
        </html>

        """
    }
}

