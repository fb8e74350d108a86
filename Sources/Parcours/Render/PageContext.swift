import Foundation

/// The keys every layout receives: `lang`, `t`, `assets`, `site`, `meta`, `breadcrumbs`, `page`.
extension RenderContext {
    /// - Parameters:
    ///   - page: the page view of the page being rendered.
    ///   - path: its site path (for the canonical URL and the current menu entry).
    ///   - trail: the pages between the home page and this one, for the breadcrumbs.
    func layoutContext(page: ViewModel, path: String, trail: [Crumb], jsonLD: [SchemaNode], ogType: String = "website",
                       title: String, description: String?, isHome: Bool = false) -> ViewModel {
        let configuration = site.configuration
        var meta: ViewModel = [
            "title": isHome ? configuration.title : "\(title) — \(configuration.title)",
            "canonical": site.permalink(path),
            "og_type": ogType,
        ]
        meta.set("json_ld", jsonLD.isEmpty ? nil : StructuredData.serialize(jsonLD))
        meta.set("description", description ?? configuration.description)
        meta.set("feed_url", shared.feedURL)
        meta["csp"] = shared.contentSecurityPolicy
        if let image = page["image"] as? ViewModel { meta.set("image", image["permalink"]) }

        var view: ViewModel = [
            "lang": configuration.language,
            "t": theme.strings,
            "assets": shared.assets,
            "site": siteView(currentPath: path),
            "meta": meta,
            "page": page,
            "is_home": isHome,
        ]
        if !isHome {
            var crumbs: [ViewModel] = [["title": t("home", "Accueil"), "url": site.url(""), "current": false]]
            crumbs += trail.map { ["title": $0.title, "url": site.url($0.path), "current": false] as ViewModel }
            crumbs.append(["title": title, "url": site.url(path), "current": true])
            view["breadcrumbs"] = crumbs
        }
        return view
    }

    private func siteView(currentPath: String) -> ViewModel {
        var view = shared.site
        view["menu"] = shared.menu.map { $0.view(currentPath: currentPath) }
        view["footer_menu"] = shared.footerMenu.map { $0.view(currentPath: currentPath) }
        return view
    }

    /// The sections above a page, outermost first, for the breadcrumbs.
    func trail(of page: SitePage) -> [Crumb] {
        var trail: [Crumb] = []
        var folder: String? = page.page.raw.isSectionIndex || page.page.raw.isBundleIndex
            ? Resolver.parent(of: page.page.raw.folder) : page.page.raw.folder
        while let current = folder, !current.isEmpty {
            if let id = site.pageBySource[current + "/_index.md"] {
                trail.insert(Crumb(title: site.pages[id].title, path: site.pages[id].path), at: 0)
            }
            folder = Resolver.parent(of: current)
        }
        return trail
    }
}

/// A step of the breadcrumbs: a page above the current one.
struct Crumb: Sendable {
    var title: String
    /// Site path.
    var path: String
}

/// The `site` and `assets` keys, the same on every page but for the current menu entry.
struct SharedViews: @unchecked Sendable {
    // @unchecked: the dictionaries hold only strings, booleans, arrays and dictionaries of
    // them, built once and never mutated.
    let site: ViewModel
    let assets: ViewModel
    /// The Atom feed of the (first) news section, advertised on every page.
    let feedURL: String?
    /// Scripts, styles and images from the site itself only; forms may post (and scripts
    /// send) to the site and to exactly the endpoints of site.yaml, nowhere else.
    let contentSecurityPolicy: String
    /// The menus' links, resolved once; each page only says which one is current.
    let menu: [MenuLink]
    let footerMenu: [MenuLink]

    struct MenuLink {
        var title: String
        var url: String
        /// The site path the item leads to (`actualites/`); nil for another site's address.
        var path: String?

        init(_ item: SiteConfiguration.MenuItem, site: Site) {
            title = item.title
            if let sitePath = ReferenceChecker.sitePath(ofInternal: item.url.value) {
                let normalized = sitePath.isEmpty || sitePath.hasSuffix("/") ? sitePath : sitePath + "/"
                path = normalized
                url = site.url(normalized)
            } else {
                url = item.url.value
            }
        }

        func view(currentPath: String) -> ViewModel {
            let current = path.map { $0.isEmpty ? currentPath.isEmpty : currentPath.hasPrefix($0) } ?? false
            return ["title": title, "url": url, "current": current]
        }
    }

    init(site: Site, theme: CompiledTheme, formatting: Formatting) {
        let configuration = site.configuration
        menu = configuration.menu.map { MenuLink($0, site: site) }
        footerMenu = configuration.footerMenu.map { MenuLink($0, site: site) }
        assets = theme.assetPaths.mapValues { site.url($0) }
        feedURL = site.sections.first { $0.type == .news }.map { site.url(AtomFeed.path(of: $0, in: site)) }
        // The endpoints' origins alone: a path or a `;` written in site.yaml can add nothing to the policy.
        let endpoints = Set(configuration.forms.values.compactMap { WebAddress.origin(of: $0.endpoint.value) }).sorted()
            .joined(separator: " ")
        contentSecurityPolicy = [
            "default-src 'self'", "script-src 'self'", "style-src 'self'", "img-src 'self' data:", "font-src 'self'",
            "connect-src 'self'" + (endpoints.isEmpty ? "" : " " + endpoints),
            "form-action 'self'" + (endpoints.isEmpty ? "" : " " + endpoints),
            "base-uri 'self'", "object-src 'none'",
        ].joined(separator: "; ")
        var view: ViewModel = [
            "title": configuration.title,
            "home_url": site.url(""),
            "base_url": configuration.baseURL,
            "year": "\(Calendar(identifier: .gregorian).component(.year, from: site.now))",
            "search_url": site.url("recherche/"),
            "sitemap_url": site.url("sitemap.xml"),
        ]
        view.set("tagline", configuration.tagline)
        view.set("description", configuration.description)
        if let organization = configuration.organization {
            var org: ViewModel = ["name": organization.name]
            org.set("legal_form", organization.legalForm)
            org.set("founded", organization.founded)
            org.set("phone", organization.phone)
            org.set("phone_href", organization.phone.map(Formatting.telephoneLink))
            org.set("email", organization.email)
            org.set("email_href", organization.email.map { "mailto:" + $0 })
            if let address = organization.address {
                var addressView: ViewModel = [:]
                addressView.set("street", address.street)
                addressView.set("postal_code", address.postalCode)
                addressView.set("city", address.city)
                org["address"] = addressView
            }
            view["organization"] = org
        }
        if let territory = configuration.territory {
            var territoryView: ViewModel = [
                "name": territory.name,
                "communes": territory.communes,
                "communes_text": formatting.enumeration(territory.communes),
            ]
            territoryView.set("department", territory.department)
            territoryView.set("population", territory.population.map(formatting.number))
            territoryView.set("professionals", territory.professionals.map(formatting.number))
            view["territory"] = territoryView
        }
        self.site = view
    }
}
