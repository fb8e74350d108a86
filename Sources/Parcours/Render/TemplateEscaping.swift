import Mustache

/// How `{{value}}` is escaped in a theme's templates: as every other page text is
/// (`markupEscaped`), on bytes.
///
/// swift-mustache's own HTML escaping looks each `Character` up in a dictionary, which made
/// it the most expensive step of rendering (issue 15); and a quote followed by a combining
/// accent is one `Character` that it does not escape, which could end an attribute value.
/// Its documented way to change this is a content type, chosen by a pragma at the top of a
/// template: `ThemeCompiler` puts that pragma, on a line of its own, before each template.
struct TemplateEscaping: MustacheContentType {
    static let name = "PARCOURS_HTML"

    /// The line put before each template (a standalone tag: it renders nothing).
    static let pragmaLine: String = {
        MustacheContentTypes.register(TemplateEscaping(), named: name)
        return "{{% CONTENT_TYPE: \(name) }}\n"
    }()

    func escapeText(_ text: String) -> String { text.markupEscaped }
}
