/// A news item (`actualite`): dated, listed newest first, in the Atom feed.
extension PageSchema {
    public static let news = PageSchema(
        type: .news, frenchName: "actualite",
        label: LocalizedText("Actualité", "News item"),
        newPageLabel: LocalizedText("Nouvelle actualité", "New news item"),
        keys: [NewsKeys.date, NewsKeys.updated, NewsKeys.author])
}

public enum NewsKeys {
    public static let date = FrontMatterKey(
        "date", .date, required: true,
        label: LocalizedText("Date de publication", "Publication date"),
        help: LocalizedText("La date de l’actualité, qui la range dans les listes (la plus récente d’abord).",
                            "The date of the news item, which orders the lists (newest first)."))

    public static let updated = FrontMatterKey(
        "updated", .date,
        label: LocalizedText("Mise à jour le", "Updated on"),
        help: LocalizedText("La date de la dernière modification importante.",
                            "The date of the last significant change."))

    public static let author = FrontMatterKey(
        "author", .text,
        label: LocalizedText("Auteur ou autrice", "Author"),
        help: LocalizedText("Qui a écrit l’actualité.", "Who wrote the news item."),
        example: "\"Prénom Nom\"")
}
