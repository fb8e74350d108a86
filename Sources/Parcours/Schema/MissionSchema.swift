/// A mission of the CPTS: one of the six missions of the national agreement (ACI).
extension PageSchema {
    public static let mission = PageSchema(
        type: .mission, frenchName: "mission",
        label: LocalizedText("Mission", "Mission"),
        newPageLabel: LocalizedText("Nouvelle mission", "New mission"),
        keys: [MissionKeys.axis, MissionKeys.objectives, MissionKeys.indicators])
}

public enum MissionKeys {
    /// The first four are the compulsory "socle" missions of every CPTS.
    public static let axis = FrontMatterKey(
        "axis", .choice([
            .init("acces-aux-soins", LocalizedText("Accès aux soins", "Access to care")),
            .init("parcours", LocalizedText("Parcours pluriprofessionnels", "Care pathways")),
            .init("prevention", LocalizedText("Prévention", "Prevention")),
            .init("crises-sanitaires", LocalizedText("Crises sanitaires graves", "Health crises")),
            .init("qualite-pertinence", LocalizedText("Qualité et pertinence des soins", "Quality and relevance of care")),
            .init("accompagnement-professionnels", LocalizedText("Accompagnement des professionnels", "Support for professionals")),
        ]), required: true,
        label: LocalizedText("Axe", "Area"),
        help: LocalizedText("La mission de la CPTS que décrit la page ; les quatre premières sont les missions socles.",
                            "The CPTS mission this page describes; the first four are the compulsory ones."))

    public static let objectives = FrontMatterKey(
        "objectives", .list(.text),
        label: LocalizedText("Objectifs", "Objectives"),
        help: LocalizedText("Les objectifs de la mission, un par ligne.", "The mission's objectives, one per line."),
        example: "[\"Un objectif\"]")

    public static let indicators = FrontMatterKey(
        "indicators", .list(.map([Indicator.label, Indicator.value, Indicator.target])),
        label: LocalizedText("Indicateurs", "Indicators"),
        help: LocalizedText("Les chiffres qui suivent la mission : libellé, valeur atteinte, cible.",
                            "Figures that track the mission: label, value reached, target."))

    /// The keys of each item of `indicators`.
    public enum Indicator {
        public static let label = FrontMatterKey(
            "label", .text, required: true,
            label: LocalizedText("Libellé", "Label"),
            help: LocalizedText("Ce que l’on compte.", "What is counted."),
            example: "\"Patients accompagnés\"")

        public static let value = FrontMatterKey(
            "value", .text,
            label: LocalizedText("Valeur atteinte", "Value reached"),
            help: LocalizedText("Le chiffre atteint aujourd’hui.", "The figure reached today."),
            example: "\"120\"")

        public static let target = FrontMatterKey(
            "target", .text,
            label: LocalizedText("Cible", "Target"),
            help: LocalizedText("Le chiffre visé.", "The figure aimed at."),
            example: "\"200\"")
    }
}
