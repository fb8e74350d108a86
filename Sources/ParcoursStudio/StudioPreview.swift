import Foundation
import Hummingbird
import Parcours
import ParcoursServer

/// The site as it would be published now, under /apercu/: the editor's preview of a page
/// takes its style sheets and images from here, and the writers see the whole site before
/// pressing "Publier". Built in memory by `parcours serve`'s `PreviewSite`, again after a
/// change, when somebody next looks.
actor StudioPreview {
    static let prefix = "/apercu/"
    private let site: PreviewSite
    private var isStale = true

    init(configuration: StudioConfiguration) {
        var options = BuildOptions()
        options.source = configuration.content
        options.themes = configuration.themes
        options.writesOutput = false
        options.keepsFiles = true
        options.overrides.append(ConfigurationOverride(path: ["base_url"], value: Self.baseURL(configuration)))
        site = PreviewSite(options: options)
    }

    static func baseURL(_ configuration: StudioConfiguration) -> String {
        (configuration.publicURL.hasSuffix("/") ? configuration.publicURL : configuration.publicURL + "/") + "apercu/"
    }

    func invalidate() {
        isStale = true
    }

    func respond(to path: String, query: String?) async -> Response {
        if isStale {
            isStale = false
            await site.rebuild()
        }
        switch await site.lookup(path, query: query) {
        case .file(let data, let type):
            return Responses.bytes(data, type: type)
        case .folder(let location):
            return Response(status: .movedPermanently, headers: [.location: Self.prefix + location.drop { $0 == "/" }])
        case .missing(let page):
            return Responses.bytes(page ?? Data("Page introuvable".utf8), type: "text/html; charset=utf-8", status: .notFound)
        case .building:
            return Responses.text("Construction en cours…", status: .serviceUnavailable)
        case .failed(let diagnostics, _):
            return Responses.bytes(Data(ErrorPage.html(diagnostics, language: .french).utf8), type: "text/html; charset=utf-8",
                                   status: .internalServerError)
        }
    }
}
