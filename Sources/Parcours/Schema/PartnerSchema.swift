/// A partner (`partenaire`) of the CPTS: an institution, a hospital, an association…
extension PageSchema {
    public static let partner = PageSchema(
        type: .partner, frenchName: "partenaire",
        label: LocalizedText("Partenaire", "Partner"),
        newPageLabel: LocalizedText("Nouveau partenaire", "New partner"),
        keys: [PartnerKeys.kind, PartnerKeys.url, PartnerKeys.logo, PartnerKeys.logoAlt])
}

public enum PartnerKeys {
    /// In this order, the groups of the partner list.
    public static let kind = FrontMatterKey(
        "kind", .choice([
            .init("institution", LocalizedText("Institution", "Institution")),
            .init("collectivite", LocalizedText("Collectivité territoriale", "Local authority")),
            .init("etablissement-sante", LocalizedText("Établissement de santé", "Health facility")),
            .init("medico-social", LocalizedText("Établissement ou service médico-social", "Social and medical care service")),
            .init("association", LocalizedText("Association", "Association")),
            .init("autre", LocalizedText("Autre partenaire", "Other partner")),
        ]), required: true,
        label: LocalizedText("Catégorie", "Kind"),
        help: LocalizedText("Le genre de partenaire, qui le range dans un groupe de la liste des partenaires.",
                            "The kind of partner, which puts it in a group of the list of partners."))

    public static let url = FrontMatterKey(
        "url", .url,
        label: LocalizedText("Site web", "Web site"),
        help: LocalizedText("L’adresse du site du partenaire.", "The address of the partner's web site."),
        example: "https://www.exemple.fr/")

    public static let logo = FrontMatterKey(
        "logo", .file(.image),
        label: LocalizedText("Logo", "Logo"),
        help: LocalizedText("Le logo : un fichier à côté de la page, ou sous /media/.",
                            "The logo: a file beside the page, or under /media/."),
        example: "logo.svg")

    public static let logoAlt = FrontMatterKey(
        "logo_alt", .text,
        label: LocalizedText("Texte de remplacement du logo", "Logo alternative text"),
        help: LocalizedText("Ce qu’écrit le logo, pour les personnes qui ne le voient pas ; obligatoire avec un logo.",
                            "What the logo says, for people who cannot see it; required with a logo."),
        example: "\"Logo de …\"")
}
