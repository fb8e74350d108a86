import Foundation

/// What a reviewer would flag in the content, before looking at the rendered pages:
/// images of the Markdown without alternative text (errors), news without a summary, events
/// without a place, "current" pages left untouched for months (warnings).
enum ContentCheck {
    /// How old a page "in progress" may be before `check` asks whether it is still true.
    static let staleMonths = 6

    static func run(_ site: Site) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = site.configuration.timeZone
        let staleBefore = calendar.date(byAdding: .month, value: -staleMonths, to: site.now) ?? site.now

        for page in site.pages {
            let raw = page.page.raw
            for image in page.links where image.isImage && !image.isReported {
                let line = image.location.line, column = image.location.column
                if image.alt.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                    diagnostics.append(raw.source.error(line: line, column: column,
                        "image '\(image.written)' has no alternative text: describe it between the brackets, like ![what the image shows](\(image.written)), for people who cannot see it",
                        french: "l’image '\(image.written)' n’a pas de texte alternatif : décrivez-la entre les crochets, comme ![ce que montre l’image](\(image.written)), pour les personnes qui ne la voient pas"))
                }
                if RenderedSite.hasScheme(image.written) || image.written.hasPrefix("//") {
                    let name = image.written.split(separator: "/").last.map(String.init) ?? "image"
                    diagnostics.append(raw.source.error(line: line, column: column,
                        "image '\(image.written)' is on another site, and the site loads nothing from other origins: copy it into content/media/ and write /media/\(name)",
                        french: "l’image '\(image.written)' est sur un autre site, et le site ne charge rien depuis d’autres sites : copiez-la dans content/media/ et écrivez /media/\(name)"))
                }
            }

            switch page.page.details {
            case .news:
                if (page.metadata.summary ?? "").trimmingCharacters(in: .whitespaces).isEmpty {
                    diagnostics.append(warning(raw, key: nil,
                        "news item without 'summary': lists, the feed and search engines will show its first paragraph instead (add 'summary: …', one or two sentences)",
                        french: "actualité sans résumé 'summary' : les listes, le flux et les moteurs de recherche montreront son premier paragraphe à la place (ajoutez 'summary: …', une ou deux phrases)"))
                }
            case .event(let event):
                if event.location == nil && event.onlineURL == nil {
                    diagnostics.append(warning(raw, key: nil,
                        "event without 'location' or 'online_url': say where it takes place (add 'location:' with name, address, postal_code and city, or 'online_url:' for an event online)",
                        french: "événement sans lieu 'location' ni lien 'online_url' : dites où il a lieu (ajoutez 'location:' avec name, address, postal_code et city, ou 'online_url:' pour un événement en ligne)"))
                }
            case .project(let project) where project.status == "en-cours":
                if let modified = raw.lastModified, modified < staleBefore {
                    diagnostics.append(warning(raw, key: "status",
                        "'status: en-cours', but the file has not changed since \(day(modified, in: site)), more than \(staleMonths) months ago: is the project still under way? (update the page, or its status)",
                        french: "'status: en-cours', mais le fichier n’a pas changé depuis le \(day(modified, in: site)), il y a plus de \(staleMonths) mois : le projet est-il toujours en cours ? (mettez la page à jour, ou son statut)"))
                }
            case .healthProject(let healthProject) where healthProject.status == "en-vigueur":
                if let modified = raw.lastModified, modified < staleBefore {
                    diagnostics.append(warning(raw, key: "status",
                        "'status: en-vigueur', but the file has not changed since \(day(modified, in: site)), more than \(staleMonths) months ago: is the health project still in force? (update the page, or its status)",
                        french: "'status: en-vigueur', mais le fichier n’a pas changé depuis le \(day(modified, in: site)), il y a plus de \(staleMonths) mois : le projet de santé est-il toujours en vigueur ? (mettez la page à jour, ou son statut)"))
                }
            default:
                break
            }
        }
        return diagnostics
    }

    /// A warning at a top-level key of the front matter (`status:`), or at its first line
    /// when the key is not there.
    private static func warning(_ raw: RawPage, key: String?, _ message: String, french: String) -> Diagnostic {
        var line = raw.frontMatterFirstLine
        if let key, let frontMatter = raw.frontMatter {
            for (offset, text) in frontMatter.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
            where text.hasPrefix(key + ":") {
                line = raw.frontMatterFirstLine + offset
                break
            }
        }
        return raw.source.warning(line: line, column: 1, message, french: french)
    }

    private static func day(_ date: Date, in site: Site) -> String {
        ContentDate(instant: date, hasTime: false, timeZone: site.configuration.timeZone).isoDay
    }
}
