/// An event (`evenement`): the agenda, its iCalendar feed and one `.ics` file per event.
extension PageSchema {
    public static let event = PageSchema(
        type: .event, frenchName: "evenement",
        label: LocalizedText("Événement", "Event"),
        newPageLabel: LocalizedText("Nouvel événement", "New event"),
        keys: [EventKeys.start, EventKeys.end, EventKeys.location, EventKeys.onlineURL,
               EventKeys.registrationURL, EventKeys.audience, EventKeys.status])
}

public enum EventKeys {
    public static let start = FrontMatterKey(
        "start", .dateTime, required: true,
        label: LocalizedText("Début", "Start"),
        help: LocalizedText("Le jour (toute la journée), ou le jour et l’heure du début.",
                            "The day (all day), or the day and time it starts."))

    public static let end = FrontMatterKey(
        "end", .dateTime,
        label: LocalizedText("Fin", "End"),
        help: LocalizedText("Le jour, ou le jour et l’heure de la fin, après le début.",
                            "The day, or the day and time it ends, after the start."))

    public static let location = FrontMatterKey(
        "location", .map([Location.name, Location.address, Location.postalCode, Location.city]),
        label: LocalizedText("Lieu", "Place"),
        help: LocalizedText("Où se tient l’événement (ou online_url pour un événement en ligne).",
                            "Where the event takes place (or online_url for an online event)."))

    /// The keys of `location`.
    public enum Location {
        public static let name = FrontMatterKey(
            "name", .text,
            label: LocalizedText("Nom du lieu", "Name of the place"),
            help: LocalizedText("Le nom de la salle ou du bâtiment.", "The name of the hall or building."),
            example: "Salle des fêtes")

        public static let address = FrontMatterKey(
            "address", .text,
            label: LocalizedText("Adresse", "Street address"),
            help: LocalizedText("Le numéro et la rue.", "Number and street."),
            example: "1 place de la Mairie")

        public static let postalCode = FrontMatterKey(
            "postal_code", .text,
            label: LocalizedText("Code postal", "Postal code"),
            help: LocalizedText("Les cinq chiffres du code postal, entre guillemets.", "The five-digit postal code, in quotes."),
            example: "\"86000\"")

        public static let city = FrontMatterKey(
            "city", .text,
            label: LocalizedText("Commune", "Town"),
            help: LocalizedText("La commune où se tient l’événement.", "The town where the event takes place."),
            example: "Ville")
    }

    public static let onlineURL = FrontMatterKey(
        "online_url", .url,
        label: LocalizedText("Lien de la réunion en ligne", "Online meeting link"),
        help: LocalizedText("L’adresse où suivre l’événement en ligne.", "The address where to join the event online."),
        example: "https://visio.exemple.fr/reunion")

    public static let registrationURL = FrontMatterKey(
        "registration_url", .url,
        label: LocalizedText("Lien d’inscription", "Registration link"),
        help: LocalizedText("Où s’inscrire : une adresse https:// ou une page du site, comme /contact/.",
                            "Where to register: an https:// address or a page of the site, such as /contact/."),
        example: "https://www.exemple.fr/inscription")

    public static let audience = FrontMatterKey(
        "audience", .list(.choice([
            .init("professionnels", LocalizedText("Professionnels de santé", "Health professionals")),
            .init("grand-public", LocalizedText("Grand public", "General public")),
        ])),
        label: LocalizedText("Public", "Audience"),
        help: LocalizedText("À qui s’adresse l’événement : l’un, l’autre ou les deux.",
                            "Who the event is for: one or both."))

    public static let status = FrontMatterKey(
        "status", .choice([
            .init("scheduled", LocalizedText("Programmé", "Scheduled")),
            .init("cancelled", LocalizedText("Annulé", "Cancelled")),
            .init("postponed", LocalizedText("Reporté", "Postponed")),
        ]),
        label: LocalizedText("État", "Status"),
        help: LocalizedText("Programmé (par défaut), annulé ou reporté : la page reste en ligne et le dit.",
                            "Scheduled (the default), cancelled or postponed: the page stays online and says so."))
}
