import Parcours

/// What the browser shows while the content has errors: each one with its file, line,
/// message and source line, in plain words. It goes away at the next good save.
enum ErrorPage {
    static func html(_ diagnostics: [Diagnostic]) -> String {
        let errors = diagnostics.filter { $0.severity == .error }
        var items = ""
        for diagnostic in errors {
            let place = diagnostic.location.map { "\($0.file):\($0.line):\($0.column)" } ?? ""
            items += "<li><p><strong>\(place.markupEscaped)</strong></p><p>\(diagnostic.message.markupEscaped)</p>"
            if let line = diagnostic.sourceLine, let location = diagnostic.location {
                let caret = String(repeating: " ", count: max(0, location.column - 1)) + "^"
                items += "<pre>\(line.markupEscaped)\n\(caret)</pre>"
            }
            items += "</li>\n"
        }
        let count = errors.count == 1 ? "1 erreur" : "\(errors.count) erreurs"
        return """
            <!doctype html>
            <html lang="fr">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(count) à corriger — aperçu Parcours</title>
            <style>
            body { font: 1.05rem/1.5 system-ui, sans-serif; margin: 2rem auto; max-width: 60rem; padding: 0 1rem; color: #1a1a1a; }
            h1 { color: #a4000f; font-size: 1.6rem; }
            li { margin-bottom: 1.5rem; }
            pre { background: #f4f4f4; padding: .75rem; overflow-x: auto; border-left: 4px solid #a4000f; }
            </style>
            </head>
            <body>
            <main>
            <h1>La construction du site a échoué : \(count) à corriger</h1>
            <p>Corrigez le fichier indiqué et enregistrez : la page se rechargera d’elle-même.</p>
            <ol>
            \(items)</ol>
            </main>
            </body>
            </html>

            """
    }
}
