/// `parcours check`: what a reviewer would flag, beyond what a build refuses.
///
/// Two passes: `content` over the site (images of the Markdown without alternative text,
/// news without summary, events without a place, "current" pages out of date, legal pages
/// that do not exist), reported with the other stages' diagnostics; `output` over the
/// rendered files (every link and anchor, every page linking to the legal pages), run only
/// on a site without errors, so that a reference the earlier stages found broken is
/// reported once, where it is written.
public enum SiteCheck {
    public static func content(_ site: Site) -> [Diagnostic] {
        ContentCheck.run(site) + LegalPagesCheck.missing(in: site)
    }

    public static func output(_ files: [OutputFile], site: Site) -> [Diagnostic] {
        let rendered = RenderedSite(files: files, site: site)
        return LinkCheck.run(rendered) + LegalPagesCheck.run(rendered)
    }
}
