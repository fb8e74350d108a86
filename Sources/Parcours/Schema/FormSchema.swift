/// A form page (`formulaire`): a form whose answers go to a form of site.yaml, with the
/// GDPR notice beside it; the `_index.md` of its own folder (a `merci.md` may stand beside it).
extension PageSchema {
    public static let form = PageSchema(
        type: .form, frenchName: "formulaire",
        label: LocalizedText("Formulaire", "Form"),
        newPageLabel: LocalizedText("Nouveau formulaire", "New form"),
        keys: [FormKeys.form])
}

public enum FormKeys {
    public static let form = FrontMatterKey(
        "form", .map([id, fields, submitLabel, phone, purpose, legalBasis]), required: true,
        label: LocalizedText("Formulaire", "Form"),
        help: LocalizedText("Le formulaire : où vont les réponses, ses champs et la notice sur les données personnelles.",
                            "The form: where its answers go, its fields and the personal data notice."))

    public static let id = FrontMatterKey(
        "id", .configuredForm, required: true,
        label: LocalizedText("Formulaire de site.yaml", "Form of site.yaml"),
        help: LocalizedText("Le formulaire de site.yaml (forms) qui reçoit les réponses.",
                            "The form of site.yaml (forms) that receives the answers."))

    public static let fields = FrontMatterKey(
        "fields", .list(.map(Field.all)), required: true,
        label: LocalizedText("Champs", "Fields"),
        help: LocalizedText("Les champs du formulaire, dans l’ordre.", "The form's fields, in order."))

    public static let submitLabel = FrontMatterKey(
        "submit_label", .text,
        label: LocalizedText("Texte du bouton", "Button text"),
        help: LocalizedText("Le texte du bouton d’envoi (par défaut : Envoyer).", "The text of the send button (default: Envoyer)."),
        example: "Envoyer")

    public static let phone = FrontMatterKey(
        "phone", .text,
        label: LocalizedText("Téléphone", "Phone"),
        help: LocalizedText("Un numéro pour faire la demande par téléphone, affiché à côté du formulaire.",
                            "A number to make the request by phone, shown beside the form."),
        example: "\"05 00 00 00 00\"")

    public static let purpose = FrontMatterKey(
        "purpose", .longText, required: true,
        label: LocalizedText("Finalité", "Purpose"),
        help: LocalizedText("À quoi servent les données recueillies, pour la notice RGPD affichée à côté.",
                            "What the collected data is for, for the GDPR notice shown beside the form."),
        example: "\"Répondre à votre demande.\"")

    public static let legalBasis = FrontMatterKey(
        "legal_basis", .text, required: true,
        label: LocalizedText("Base légale", "Legal basis"),
        help: LocalizedText("Ce qui permet de traiter ces données (RGPD), pour la même notice.",
                            "What allows processing this data (GDPR), for the same notice."),
        example: "\"Votre consentement (RGPD, article 6.1.a).\"")

    /// The keys of each item of `fields`.
    public enum Field {
        public static let all = [name, label, type, required, autocomplete, help, options, min, max, pattern]

        public static let name = FrontMatterKey(
            "name", .text, required: true,
            label: LocalizedText("Nom technique", "Technical name"),
            help: LocalizedText("Le nom sous lequel la réponse est envoyée : lettres sans accents, chiffres, - et _.",
                                "The name the answer is sent under: ASCII letters, digits, - and _."),
            example: "nom")

        public static let label = FrontMatterKey(
            "label", .text, required: true,
            label: LocalizedText("Libellé", "Label"),
            help: LocalizedText("Ce que le champ demande, affiché au-dessus.", "What the field asks, shown above it."),
            example: "Nom")

        /// The first is the default.
        public static let type = FrontMatterKey(
            "type", .choice([
                .init("text", LocalizedText("Texte", "Text")),
                .init("email", LocalizedText("Adresse e-mail", "E-mail address")),
                .init("tel", LocalizedText("Téléphone", "Phone")),
                .init("date", LocalizedText("Date", "Date")),
                .init("number", LocalizedText("Nombre", "Number")),
                .init("postal-code", LocalizedText("Code postal", "Postal code")),
                .init("select", LocalizedText("Liste de choix", "Drop-down list")),
                .init("radio", LocalizedText("Boutons radio", "Radio buttons")),
                .init("checkbox", LocalizedText("Case à cocher", "Checkbox")),
                .init("textarea", LocalizedText("Texte long", "Long text")),
            ]),
            label: LocalizedText("Type de champ", "Field type"),
            help: LocalizedText("Le genre de réponse attendue (texte par défaut).", "The kind of answer expected (text by default)."),
            example: "text")

        public static let required = FrontMatterKey(
            "required", .bool,
            label: LocalizedText("Obligatoire", "Required"),
            help: LocalizedText("Le champ doit être rempli.", "The field must be filled in."),
            example: "true")

        public static let autocomplete = FrontMatterKey(
            "autocomplete", .text,
            label: LocalizedText("Remplissage automatique", "Autocomplete"),
            help: LocalizedText("Ce que le navigateur peut proposer : family-name, email, tel…",
                                "What the browser may fill in: family-name, email, tel…"))

        public static let help = FrontMatterKey(
            "help", .text,
            label: LocalizedText("Aide", "Help"),
            help: LocalizedText("Une phrase d’aide sous le libellé.", "A help sentence under the label."))

        public static let options = FrontMatterKey(
            "options", .list(.map([Option.value, Option.label])),
            label: LocalizedText("Choix", "Options"),
            help: LocalizedText("Les choix d’une liste de choix ou de boutons radio (un texte seul vaut valeur et libellé).",
                                "The choices of a drop-down list or radio buttons (a text alone is both value and label)."))

        public static let min = FrontMatterKey(
            "min", .text,
            label: LocalizedText("Minimum", "Minimum"),
            help: LocalizedText("La plus petite valeur acceptée (nombre ou date).", "The smallest accepted value (number or date)."))

        public static let max = FrontMatterKey(
            "max", .text,
            label: LocalizedText("Maximum", "Maximum"),
            help: LocalizedText("La plus grande valeur acceptée (nombre ou date).", "The largest accepted value (number or date)."))

        public static let pattern = FrontMatterKey(
            "pattern", .text,
            label: LocalizedText("Format", "Pattern"),
            help: LocalizedText("Une expression régulière que la réponse doit suivre.", "A regular expression the answer must match."))
    }

    /// The keys of each item of a field's `options`.
    public enum Option {
        public static let value = FrontMatterKey(
            "value", .text, required: true,
            label: LocalizedText("Valeur", "Value"),
            help: LocalizedText("Ce qui est envoyé.", "What is sent."))

        public static let label = FrontMatterKey(
            "label", .text,
            label: LocalizedText("Libellé", "Label"),
            help: LocalizedText("Ce qui est affiché (par défaut, la valeur).", "What is shown (default: the value)."))
    }
}
