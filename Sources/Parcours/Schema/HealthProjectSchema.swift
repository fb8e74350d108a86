/// The health project (`projet-de-sante`): the CPTS's roadmap for several years, the
/// `_index.md` of its own folder.
extension PageSchema {
    public static let healthProject = PageSchema(
        type: .healthProject, frenchName: "projet-de-sante",
        label: LocalizedText("Projet de santé", "Health project"),
        newPageLabel: LocalizedText("Nouveau projet de santé", "New health project"),
        keys: [HealthProjectKeys.period, HealthProjectKeys.adopted, HealthProjectKeys.status,
               HealthProjectKeys.axes, HealthProjectKeys.document])
}

public enum HealthProjectKeys {
    public static let period = FrontMatterKey(
        "period", .map([Period.from, Period.to]), required: true,
        label: LocalizedText("Période", "Period"),
        help: LocalizedText("Les années que couvre le projet de santé.", "The years the health project covers."))

    /// The keys of `period`.
    public enum Period {
        public static let from = FrontMatterKey(
            "from", .text, required: true,
            label: LocalizedText("De", "From"),
            help: LocalizedText("L’année de début.", "The first year."),
            example: "2026")

        public static let to = FrontMatterKey(
            "to", .text, required: true,
            label: LocalizedText("À", "To"),
            help: LocalizedText("L’année de fin.", "The last year."),
            example: "2031")
    }

    public static let adopted = FrontMatterKey(
        "adopted", .date,
        label: LocalizedText("Adopté le", "Adopted on"),
        help: LocalizedText("La date d’adoption du projet de santé.", "The date the health project was adopted."))

    public static let status = FrontMatterKey(
        "status", .choice([
            .init("en-vigueur", LocalizedText("En vigueur", "In force")),
            .init("en-preparation", LocalizedText("En préparation", "In preparation")),
            .init("archive", LocalizedText("Archivé", "Archived")),
        ]),
        label: LocalizedText("État", "Status"),
        help: LocalizedText("Le projet est en vigueur, en préparation ou archivé.",
                            "The project is in force, in preparation or archived."))

    public static let axes = FrontMatterKey(
        "axes", .list(.map([Axis.title, Axis.summary, Axis.missions])),
        label: LocalizedText("Axes", "Areas of work"),
        help: LocalizedText("Les axes de travail du projet de santé.", "The areas of work of the health project."))

    /// The keys of each item of `axes`.
    public enum Axis {
        public static let title = FrontMatterKey(
            "title", .text, required: true,
            label: LocalizedText("Titre", "Title"),
            help: LocalizedText("Le titre de l’axe.", "The title of the area."),
            example: "\"Un axe\"")

        public static let summary = FrontMatterKey(
            "summary", .longText,
            label: LocalizedText("Résumé", "Summary"),
            help: LocalizedText("Ce que l’axe veut changer, en une ou deux phrases.", "What the area aims to change, in a sentence or two."),
            example: "\"Ce que l’axe veut changer.\"")

        public static let missions = FrontMatterKey(
            "missions", .list(.pageSlug(.mission)),
            label: LocalizedText("Missions", "Missions"),
            help: LocalizedText("Les missions de la CPTS que l’axe met en œuvre.", "The CPTS missions the area carries out."))
    }

    public static let document = FrontMatterKey(
        "document", .file(.document),
        label: LocalizedText("Document", "Document"),
        help: LocalizedText("Le projet de santé complet à télécharger, en PDF.", "The full health project to download, as a PDF."),
        example: "/media/projet-de-sante.pdf")
}
