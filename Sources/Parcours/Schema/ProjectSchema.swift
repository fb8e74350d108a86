/// A project (`projet`): concrete work that carries out one or more missions.
extension PageSchema {
    public static let project = PageSchema(
        type: .project, frenchName: "projet",
        label: LocalizedText("Projet", "Project"),
        newPageLabel: LocalizedText("Nouveau projet", "New project"),
        keys: [ProjectKeys.missions, ProjectKeys.status, ProjectKeys.start, ProjectKeys.end, ProjectKeys.leads,
               ProjectKeys.partners, ProjectKeys.contact, ProjectKeys.form])
}

public enum ProjectKeys {
    public static let missions = FrontMatterKey(
        "missions", .list(.pageSlug(.mission)), required: true,
        label: LocalizedText("Missions", "Missions"),
        help: LocalizedText("Les missions que le projet met en œuvre, au moins une.",
                            "The missions the project carries out, at least one."))

    public static let status = FrontMatterKey(
        "status", .choice([
            .init("en-preparation", LocalizedText("En préparation", "In preparation")),
            .init("en-cours", LocalizedText("En cours", "In progress")),
            .init("termine", LocalizedText("Terminé", "Completed")),
            .init("suspendu", LocalizedText("Suspendu", "Suspended")),
        ]),
        label: LocalizedText("État", "Status"),
        help: LocalizedText("Où en est le projet.", "Where the project stands."))

    public static let start = FrontMatterKey(
        "start", .date,
        label: LocalizedText("Début", "Start"),
        help: LocalizedText("La date de début du projet.", "The date the project started."))

    public static let end = FrontMatterKey(
        "end", .date,
        label: LocalizedText("Fin", "End"),
        help: LocalizedText("La date de fin, prévue ou réelle.", "The end date, planned or actual."))

    public static let leads = FrontMatterKey(
        "leads", .list(.map([Lead.name, Lead.role])),
        label: LocalizedText("Porteurs du projet", "Project leads"),
        help: LocalizedText("Les personnes qui portent le projet.", "The people who lead the project."))

    /// The keys of each item of `leads`.
    public enum Lead {
        public static let name = FrontMatterKey(
            "name", .text, required: true,
            label: LocalizedText("Nom", "Name"),
            help: LocalizedText("Prénom et nom.", "First and last name."),
            example: "\"Prénom Nom\"")

        public static let role = FrontMatterKey(
            "role", .text,
            label: LocalizedText("Rôle", "Role"),
            help: LocalizedText("Profession et commune, ou fonction.", "Profession and town, or position."),
            example: "\"Profession à Commune\"")
    }

    public static let partners = FrontMatterKey(
        "partners", .list(.pageSlug(.partner)),
        label: LocalizedText("Partenaires", "Partners"),
        help: LocalizedText("Les partenaires du projet.", "The project's partners."))

    public static let contact = FrontMatterKey(
        "contact", .map([Contact.name, Contact.email, Contact.phone]),
        label: LocalizedText("Contact", "Contact"),
        help: LocalizedText("À qui s’adresser pour le projet.", "Whom to contact about the project."))

    /// The keys of `contact`.
    public enum Contact {
        public static let name = FrontMatterKey(
            "name", .text,
            label: LocalizedText("Nom", "Name"),
            help: LocalizedText("Prénom, nom et fonction.", "First and last name, and position."),
            example: "\"Prénom Nom, fonction\"")

        public static let email = FrontMatterKey(
            "email", .text,
            label: LocalizedText("Adresse e-mail", "E-mail address"),
            help: LocalizedText("L’adresse e-mail du contact.", "The contact's e-mail address."),
            example: "contact@exemple.fr")

        public static let phone = FrontMatterKey(
            "phone", .text,
            label: LocalizedText("Téléphone", "Phone"),
            help: LocalizedText("Le numéro de téléphone du contact, entre guillemets.", "The contact's phone number, in quotes."),
            example: "\"05 00 00 00 00\"")
    }

    public static let form = FrontMatterKey(
        "form", .pagePath(.form),
        label: LocalizedText("Formulaire", "Form"),
        help: LocalizedText("La page de formulaire du projet, par son adresse, comme /acces-medecin/.",
                            "The project's form page, by its address, such as /acces-medecin/."),
        example: "/formulaire/")
}
