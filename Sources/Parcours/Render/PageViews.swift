import Foundation

/// A page as templates see it: the same shape for the current page and for list items.
extension RenderContext {
    func pageView(_ page: SitePage) -> ViewModel {
        var view: ViewModel = [
            "title": page.title,
            "url": site.url(page.path),
            "permalink": site.permalink(page.path),
            "type": page.type.rawValue,
            "content": page.html,
            "is_" + page.type.templateKey: true,
            "tags": page.tags.compactMap { slug in
                site.tags.first { $0.slug == slug }.map { ["name": $0.name, "url": site.url($0.path)] as ViewModel }
            },
        ]
        view.set("summary", page.summary)
        view.set("description", page.metadata.description ?? page.summary)
        view.set("date", page.date.map(dateView))
        view.set("extra", page.metadata.extra?.mustacheValue)
        if let image = page.metadata.image, let path = ReferenceChecker.fileOutputPath(image.path.value, of: page, in: site) {
            view["image"] = imageView(path, alt: image.alt, decorative: image.decorative)
        }
        switch page.page.details {
        case .news(let news): view["news"] = newsView(news)
        case .event(let event):
            var eventView = eventView(event)
            eventView["ics_url"] = site.url(ICalendar.eventPath(of: page))
            view["event"] = eventView
        case .mission(let mission): view["mission"] = missionView(mission, page: page)
        case .project(let project): view["project"] = projectView(project)
        case .partner(let partner): view["partner"] = partnerView(partner, page: page)
        case .healthProject(let healthProject): view["health_project"] = healthProjectView(healthProject, page: page)
        case .form(let form): view["form"] = FormView.build(form, context: self)
        case .page, .list: break
        }
        return view
    }

    /// An image as templates see it: its URL and text, and for an image libvips processed,
    /// its size (`width`, `height`: nothing moves while it loads) and its widths
    /// (`srcset` in its own format, `webp_srcset`).
    func imageView(_ path: String, alt: String, decorative: Bool) -> ViewModel {
        var view: ViewModel = ["url": ImageMarkup.url(path, site: site), "permalink": site.permalink(path), "alt": alt, "decorative": decorative]
        if let image = site.images[path] {
            view["width"] = image.width
            view["height"] = image.height
            view["srcset"] = ImageMarkup.srcset(image.originalFormat, site: site)
            if !image.webp.isEmpty, !path.lowercased().hasSuffix(".webp") { view["webp_srcset"] = ImageMarkup.srcset(image.webp, site: site) }
        }
        return view
    }

    private func newsView(_ news: NewsMetadata) -> ViewModel {
        var view: ViewModel = ["date": dateView(news.date)]
        view.set("updated", news.updated.map(dateView))
        view.set("author", news.author)
        return view
    }

    private func eventDateView(_ date: ContentDate) -> ViewModel {
        var view: ViewModel = [
            "iso": date.hasTime ? date.iso : date.isoDay,
            "display_date": formatting.day(date),
            "day": "\(date.day)",
            "month_short": formatting.monthName(date.month),
            "year": "\(date.year)",
        ]
        if date.hasTime { view["display_time"] = formatting.time(date) }
        return view
    }

    /// An event is past once its end (or its start, or its day) is over.
    func isPast(_ event: EventMetadata) -> Bool { event.isOver(at: site.now) }

    func eventView(_ event: EventMetadata) -> ViewModel {
        var view: ViewModel = [
            "when": formatting.eventWhen(start: event.start, end: event.end),
            "start": eventDateView(event.start),
            "all_day": event.isAllDay,
            "audience": event.audience.map { labelled($0, prefix: "audience_") },
            "status": labelled(event.status.rawValue, prefix: "status_"),
            "is_cancelled": event.status == .cancelled,
            "is_postponed": event.status == .postponed,
            "is_past": isPast(event),
        ]
        view.set("end", event.end.map(eventDateView))
        if let location = event.location {
            var place: ViewModel = [:]
            place.set("name", location.name)
            place.set("address", location.address)
            place.set("postal_code", location.postalCode)
            place.set("city", location.city)
            view["location"] = place
        }
        view.set("online_url", event.onlineURL.map { site.href($0.value) })
        view.set("registration_url", event.registrationURL.map { site.href($0.value) })
        return view
    }

    private func missionView(_ mission: MissionMetadata, page: SitePage) -> ViewModel {
        let projects = (site.projectsByMission[page.slug] ?? []).map { site.pages[$0] }
        return [
            "axis": labelled(mission.axis, prefix: "axis_"),
            "is_socle": MissionMetadata.socleAxes.contains(mission.axis),
            "objectives": mission.objectives,
            "indicators": mission.indicators.map { indicator -> ViewModel in
                var view: ViewModel = ["label": indicator.label]
                view.set("value", indicator.value)
                view.set("target", indicator.target)
                return view
            },
            "has_indicators": !mission.indicators.isEmpty,
            "projects": projects.map { project -> ViewModel in
                var view = link(project)
                view.set("summary", project.summary)
                if case .project(let metadata) = project.page.details, let status = metadata.status {
                    view["status"] = labelled(status, prefix: "project_status_")
                }
                return view
            },
        ]
    }

    private func page(slug: String, type: PageType) -> SitePage? {
        site.pages.first { $0.type == type && $0.slug == slug && !$0.page.isList }
    }

    private func projectView(_ project: ProjectMetadata) -> ViewModel {
        var view: ViewModel = [
            "leads": project.leads.map { lead -> ViewModel in
                var view: ViewModel = ["name": lead.name]
                view.set("role", lead.role)
                return view
            },
            "missions": project.missions.compactMap { page(slug: $0.value, type: .mission).map(link) },
            "partners": project.partners.compactMap { page(slug: $0.value, type: .partner).map(link) },
        ]
        view.set("status", project.status.map { labelled($0, prefix: "project_status_") })
        view.set("start", project.start.map(dateView))
        view.set("end", project.end.map(dateView))
        if let contact = project.contact {
            var contactView: ViewModel = [:]
            contactView.set("name", contact.name)
            contactView.set("email", contact.email)
            contactView.set("email_href", contact.email.map { "mailto:" + $0 })
            contactView.set("phone", contact.phone)
            contactView.set("phone_href", contact.phone.map(Formatting.telephoneLink))
            view["contact"] = contactView
        }
        if let form = project.form, let path = ReferenceChecker.sitePath(ofInternal: form.value),
           let id = site.pageByPath[path.hasSuffix("/") ? path : path + "/"] {
            view["form"] = link(site.pages[id])
        }
        return view
    }

    private func partnerView(_ partner: PartnerMetadata, page: SitePage) -> ViewModel {
        var view: ViewModel = [
            // `label` names the group in lists (plural); `label_one` one partner's kind.
            "kind": labelled(partner.kind, prefix: "partner_kind_")
                .merging(["label_one": t("partner_kind_one_" + partner.kind, partner.kind)]) { first, _ in first },
            "projects": (site.projectsByPartner[page.slug] ?? []).map { link(site.pages[$0]) },
        ]
        view.set("url", partner.url)
        if let logo = partner.logo, let path = ReferenceChecker.fileOutputPath(logo.path.value, of: page, in: site) {
            view["logo"] = imageView(path, alt: logo.alt, decorative: false)
        }
        return view
    }

    private func healthProjectView(_ healthProject: HealthProjectMetadata, page: SitePage) -> ViewModel {
        var view: ViewModel = [
            "period": ["from": healthProject.periodFrom, "to": healthProject.periodTo],
            "axes": healthProject.axes.map { axis -> ViewModel in
                var view: ViewModel = [
                    "title": axis.title,
                    "missions": axis.missions.compactMap { self.page(slug: $0.value, type: .mission).map(link) },
                ]
                view.set("summary", axis.summary)
                return view
            },
        ]
        view.set("adopted", healthProject.adopted.map(dateView))
        view.set("status", healthProject.status.map { labelled($0, prefix: "hp_status_") })
        if let document = healthProject.document, let path = ReferenceChecker.fileOutputPath(document.value, of: page, in: site) {
            view["document"] = ["url": site.url(path)]
        }
        return view
    }
}
