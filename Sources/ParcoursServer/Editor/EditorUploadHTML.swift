import Parcours

/// The form that sends an image or a PDF, apart from the page's form (a file needs
/// `multipart/form-data`); with JavaScript its result goes straight into the page's text.
extension EditorHTML {
    func uploadForm(page: String?) -> String {
        """
        <form method="post" action="\(prefix)image" enctype="multipart/form-data" class="televersement" data-televersement>
        <fieldset class="champ">
        <legend>\(t("Ajouter une image ou un PDF", "Add an image or a PDF"))</legend>
        <p class="aide" id="televersement-aide">\(t("JPEG, PNG, GIF, WebP ou PDF, 10 Mo au plus. Le fichier est rangé dans media/ et le texte qui l’affiche est ajouté à la page. Sans JavaScript, enregistrez d’abord la page.", "JPEG, PNG, GIF, WebP or PDF, 10 MB at most. The file goes to media/ and the text that shows it is added to the page. Without JavaScript, save the page first."))</p>
        <input type="hidden" name="csrf" value="\(csrfToken.markupEscaped)">
        <input type="hidden" name="page" value="\((page ?? "").markupEscaped)">
        <label for="televersement-fichier">\(t("Fichier", "File"))</label>
        <input type="file" id="televersement-fichier" name="fichier" accept="image/jpeg,image/png,image/gif,image/webp,application/pdf" aria-describedby="televersement-aide">
        <label for="televersement-alt">\(t("Texte de remplacement (ce que montre l’image)", "Alternative text (what the image shows)"))</label>
        <input type="text" id="televersement-alt" name="alt">
        <p class="erreur" data-televersement-erreur tabindex="-1" role="alert" hidden></p>
        <button type="submit">\(t("Envoyer le fichier", "Send the file"))</button>
        </fieldset>
        </form>

        """
    }

    func uploaded(markdown: String, page: String?) -> String {
        let back = page.flatMap { $0.isEmpty ? nil : "<p><a href=\"\(prefix)modifier/\($0.percentEncodedPath.markupEscaped)\">\(t("Retour à la page", "Back to the page"))</a></p>" } ?? ""
        return message(title: t("Fichier ajouté", "File added"), text: t("Copiez ce texte dans la page, là où le fichier doit apparaître :", "Copy this text into the page, where the file should appear:"))
            .replacingOccurrences(of: "</main>", with: "<pre class=\"a-copier\">\(markdown.markupEscaped)</pre>\n\(back)\n</main>")
    }
}
