import Parcours

/// What the browser shows while the content has errors: each one with its file, line,
/// message and source line, in plain words, in the site's language. It goes away at the
/// next good save.
public enum ErrorPage {
    public static func html(_ diagnostics: [Diagnostic], language: SchemaLanguage = .french) -> String {
        let french = language == .french
        let errors = diagnostics.filter { $0.severity == .error }
        var items = ""
        for diagnostic in errors {
            let place = diagnostic.location.map { "\($0.file):\($0.line):\($0.column)" } ?? ""
            items += "<li><p><strong>\(place.markupEscaped)</strong></p><p>\(diagnostic.message(in: language).markupEscaped)</p>"
            if let line = diagnostic.sourceLine, let location = diagnostic.location {
                let caret = String(repeating: " ", count: max(0, location.column - 1)) + "^"
                items += "<pre>\(line.markupEscaped)\n\(caret)</pre>"
            }
            items += "</li>\n"
        }
        let count = french ? (errors.count == 1 ? "1 erreur" : "\(errors.count) erreurs")
                           : (errors.count == 1 ? "1 error" : "\(errors.count) errors")
        let title = french ? "\(count) à corriger — aperçu Parcours" : "\(count) to fix — Parcours preview"
        let heading = french ? "La construction du site a échoué : \(count) à corriger" : "The site could not be built: \(count) to fix"
        let advice = french ? "Corrigez le fichier indiqué et enregistrez : la page se rechargera d’elle-même."
                            : "Fix the file shown and save it: this page will reload by itself."
        return """
            <!doctype html>
            <html lang="\(language.rawValue)">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(title)</title>
            <style>
            body { font: 1.05rem/1.5 system-ui, sans-serif; margin: 2rem auto; max-width: 60rem; padding: 0 1rem; color: #1a1a1a; }
            h1 { color: #a4000f; font-size: 1.6rem; }
            li { margin-bottom: 1.5rem; }
            pre { background: #f4f4f4; padding: .75rem; overflow-x: auto; border-left: 4px solid #a4000f; }
            </style>
            </head>
            <body>
            <main>
            <h1>\(heading)</h1>
            <p>\(advice)</p>
            <ol>
            \(items)</ol>
            </main>
            </body>
            </html>

            """
    }
}
