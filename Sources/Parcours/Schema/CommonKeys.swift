/// The front matter keys every page may carry, whatever its type.
public enum CommonKeys {
    /// In this order in "known keys" messages and the README's table.
    public static let all: [FrontMatterKey] = [
        title, type, slug, summary, description, draft, publishDate, expiryDate,
        weight, image, imageAlt, imageDecorative, tags, aliases, layout, paginate, search, extra,
    ]

    public static let title = FrontMatterKey(
        "title", .text, required: true,
        label: LocalizedText("Titre", "Title"),
        help: LocalizedText("Le titre de la page, en haut de la page et dans les listes.",
                            "The title of the page, at its top and in lists."))

    public static let type = FrontMatterKey(
        "type", .choice(PageType.allCases.map { FrontMatterKey.Choice($0.rawValue, $0.schema.label) }), advanced: true,
        label: LocalizedText("Type de page", "Page type"),
        help: LocalizedText("Le genre de page (actualité, événement…) ; dans le _index.md d’une rubrique, celui des pages de la rubrique.",
                            "The kind of page (news item, event…); in a section's _index.md, that of the section's pages."))

    public static let slug = FrontMatterKey(
        "slug", .text, advanced: true,
        label: LocalizedText("Fin de l’adresse", "Slug"),
        help: LocalizedText("Le dernier mot de l’adresse de la page : lettres minuscules sans accents, chiffres et tirets (par défaut, le nom du fichier).",
                            "The last segment of the page's address: lower-case ASCII letters, digits and dashes (default: the file name)."))

    public static let summary = FrontMatterKey(
        "summary", .longText,
        label: LocalizedText("Résumé", "Summary"),
        help: LocalizedText("Une ou deux phrases pour les listes, le flux et les moteurs de recherche (par défaut, le premier paragraphe).",
                            "One or two sentences for lists, feeds and search engines (default: the first paragraph)."),
        example: "\"Une ou deux phrases.\"")

    public static let description = FrontMatterKey(
        "description", .longText,
        label: LocalizedText("Description pour les moteurs de recherche", "Search engine description"),
        help: LocalizedText("Le texte que les moteurs de recherche montrent sous le titre (par défaut, le résumé).",
                            "The text search engines show under the title (default: the summary)."),
        example: "\"Une phrase pour les moteurs de recherche.\"")

    public static let draft = FrontMatterKey(
        "draft", .bool,
        label: LocalizedText("Brouillon", "Draft"),
        help: LocalizedText("Un brouillon n’est pas publié (seulement avec --drafts, pour le relire).",
                            "A draft is not published (only with --drafts, to review it)."),
        example: "true")

    public static let publishDate = FrontMatterKey(
        "publish_date", .dateTime,
        label: LocalizedText("Publier à partir du", "Publish from"),
        help: LocalizedText("La page reste cachée avant cette date.",
                            "The page stays hidden before this date."))

    public static let expiryDate = FrontMatterKey(
        "expiry_date", .dateTime,
        label: LocalizedText("Retirer après le", "Remove after"),
        help: LocalizedText("La page est retirée du site après cette date.",
                            "The page is taken off the site after this date."))

    public static let search = FrontMatterKey(
        "search", .bool, advanced: true,
        label: LocalizedText("Dans la recherche du site", "In the site's search"),
        help: LocalizedText("false : la page n’apparaît pas dans les résultats de la recherche du site (page de remerciement, mentions légales).",
                            "false: the page does not show in the site's search results (thank-you page, legal notice)."),
        example: "false")

    public static let weight = FrontMatterKey(
        "weight", .integer(-1_000_000...1_000_000),
        label: LocalizedText("Ordre", "Order"),
        help: LocalizedText("Place dans les listes : les plus petits nombres d’abord, puis par date, puis par titre.",
                            "Place in lists: smallest numbers first, then by date, then by title."),
        example: "1")

    public static let image = FrontMatterKey(
        "image", .file(.image),
        label: LocalizedText("Image", "Image"),
        help: LocalizedText("L’image de la page : un fichier à côté de la page, ou sous /media/.",
                            "The page's image: a file beside the page, or under /media/."),
        example: "photo.jpg")

    public static let imageAlt = FrontMatterKey(
        "image_alt", .text,
        label: LocalizedText("Texte de remplacement de l’image", "Image alternative text"),
        help: LocalizedText("Ce que montre l’image, pour les personnes qui ne la voient pas ; obligatoire avec une image.",
                            "What the image shows, for people who cannot see it; required with an image."),
        example: "\"Ce que montre l’image\"")

    public static let imageDecorative = FrontMatterKey(
        "image_decorative", .bool,
        label: LocalizedText("Image décorative", "Decorative image"),
        help: LocalizedText("L’image n’apporte aucune information : son texte de remplacement reste vide.",
                            "The image carries no information: its alternative text stays empty."),
        example: "true")

    public static let tags = FrontMatterKey(
        "tags", .list(.text),
        label: LocalizedText("Thématiques", "Tags"),
        help: LocalizedText("Les thèmes de la page ; chacun a sa page, qui réunit les pages du même thème.",
                            "The topics of the page; each has a page listing the pages of that topic."),
        example: "[prévention]")

    public static let aliases = FrontMatterKey(
        "aliases", .list(.sitePath), advanced: true,
        label: LocalizedText("Anciennes adresses", "Former addresses"),
        help: LocalizedText("Les anciennes adresses de la page, qui mènent désormais à elle.",
                            "Old addresses of the page, which now lead to it."),
        example: "[/ancienne-adresse/]")

    public static let layout = FrontMatterKey(
        "layout", .text, advanced: true,
        label: LocalizedText("Mise en page", "Layout"),
        help: LocalizedText("Une mise en page du thème à utiliser à la place de celle du type.",
                            "A layout of the theme to use instead of the type's."))

    public static let paginate = FrontMatterKey(
        "paginate", .integer(1...1000), advanced: true,
        label: LocalizedText("Éléments par page de liste", "Items per list page"),
        help: LocalizedText("Dans le _index.md d’une rubrique : combien de pages montre chaque page de la liste (10 par défaut).",
                            "In a section's _index.md: how many items each list page shows (default 10)."),
        example: "10")

    public static let extra = FrontMatterKey(
        "extra", .freeMap, advanced: true,
        label: LocalizedText("Données libres", "Extra data"),
        help: LocalizedText("Des données libres, transmises telles quelles aux gabarits du thème.",
                            "Free data, handed to the theme's templates as is."))
}
