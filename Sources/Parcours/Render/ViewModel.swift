/// What a template receives: plain dictionaries and arrays (which swift-mustache reads
/// without reflection). Absent values are left out, so `{{#key}}` renders nothing.
typealias ViewModel = [String: Any]

extension Dictionary where Key == String, Value == Any {
    /// Sets `value` unless it is nil or an empty string.
    mutating func set(_ key: String, _ value: Any?) {
        guard let value else { return }
        if let text = value as? String, text.isEmpty { return }
        self[key] = value
    }
}

/// The pieces every view-model builder needs.
struct RenderContext: Sendable {
    let site: Site
    let theme: CompiledTheme
    let formatting: Formatting
    /// Parts of every page's view model that do not depend on the page, computed once.
    let shared: SharedViews

    init(site: Site, theme: CompiledTheme) {
        self.site = site
        self.theme = theme
        self.formatting = Formatting(language: site.configuration.language, strings: theme.strings)
        self.shared = SharedViews(site: site, theme: theme, formatting: formatting)
    }

    func t(_ key: String, _ fallback: String) -> String { theme.strings[key] ?? fallback }

    /// `{key, label}`, the label from the theme's strings.
    func labelled(_ key: String, prefix: String) -> ViewModel {
        ["key": key, "label": t(prefix + key, key)]
    }

    func dateView(_ date: ContentDate) -> ViewModel {
        ["iso": date.hasTime ? date.iso : date.isoDay, "display": formatting.day(date)]
    }

    func link(_ page: SitePage) -> ViewModel {
        ["title": page.title, "url": site.url(page.path)]
    }

    func url(of page: SitePage) -> String { site.url(page.path) }
}
