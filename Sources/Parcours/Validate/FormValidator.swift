import Foundation

/// The `form:` key of a form page: its fields and its GDPR notice.
enum FormValidator {
    /// The keys of `form:` and of each of its fields come from the schema (`FormKeys`).
    static func read(_ page: Fields) -> FormMetadata? {
        guard let form = page.map(FormKeys.form, owner: Wording("'form'", french: "'form'")) else { return nil }
        let id = form.located(FormKeys.id)
        let submitLabel = form.string(FormKeys.submitLabel) ?? "Envoyer"
        let fields = form.maps(FormKeys.fields, field)
        // Names as the form service receives them: a date is sent as three fields.
        var seen: [String: (field: FormField, sent: String)] = [:]
        for field in fields {
            if field.name.value == FormView.honeypotName {
                form.document.append(field.name.error(
                    "field name '\(field.name.value)' is reserved: the form's spam trap uses it (choose another name)",
                    french: "le nom de champ '\(field.name.value)' est réservé : le piège à spam du formulaire l’utilise (choisissez un autre nom)"))
            }
            for sent in sentNames(of: field) {
                if let first = seen[sent] {
                    let line = first.field.name.location.line
                    let what: Wording
                    if first.field.type == "date" {
                        what = Wording("field '\(field.name.value)' has the name of a box of the date field '\(first.field.name.value)' (line \(line)), sent as \(sentNames(of: first.field).joined(separator: ", "))",
                                       french: "le champ '\(field.name.value)' porte le nom d’une case du champ de date '\(first.field.name.value)' (ligne \(line)), envoyé sous les noms \(sentNames(of: first.field).joined(separator: ", "))")
                    } else if field.type == "date" {
                        what = Wording("the date field '\(field.name.value)' is sent as \(sentNames(of: field).joined(separator: ", ")), and '\(sent)' is already the name of field '\(first.field.name.value)' (line \(line))",
                                       french: "le champ de date '\(field.name.value)' est envoyé sous les noms \(sentNames(of: field).joined(separator: ", ")), et '\(sent)' est déjà le nom du champ '\(first.field.name.value)' (ligne \(line))")
                    } else {
                        what = Wording("duplicate field name '\(sent)' (already used at line \(line))",
                                       french: "le nom de champ '\(sent)' est employé deux fois (déjà à la ligne \(line))")
                    }
                    form.document.append(field.name.error(what.english + ": each field needs its own name",
                                                          french: what.french + " : chaque champ a besoin de son propre nom"))
                    break
                }
                seen[sent] = (field, sent)
            }
        }
        if form.has("fields"), fields.isEmpty, form.document.diagnostics.isEmpty {
            form.document.error(at: form.node("fields")?.mark, "'form.fields' must list at least one field",
                                french: "'form.fields' doit contenir au moins un champ")
        }
        let purpose = form.string(FormKeys.purpose)
        let legalBasis = form.string(FormKeys.legalBasis)
        guard let id else { return nil }
        return FormMetadata(id: id, fields: fields, submitLabel: submitLabel, phone: form.string(FormKeys.phone),
                            purpose: purpose, legalBasis: legalBasis, location: page.location(of: "form"))
    }

    /// One item of `fields` (its unknown keys are already reported).
    private static func field(_ item: Fields) -> FormField? {
        let name = item.located(FormKeys.Field.name)
        if let name, !isValidName(name.value) {
            item.document.append(name.error("field name \"\(name.value)\" may use only ASCII letters, digits, '-' and '_' (it is sent to the form service)",
                                            french: "le nom de champ \"\(name.value)\" ne peut contenir que des lettres sans accent, des chiffres, '-' et '_' (il est envoyé au service de formulaires)"))
        }
        if !item.has(FormKeys.Field.label.name) {
            item.document.error(at: item.mapping.mark,
                                "field '\(name?.value ?? "?")' has no label: every field needs a visible label (add 'label: …')",
                                french: "le champ '\(name?.value ?? "?")' n’a pas d’intitulé : chaque champ a besoin d’un intitulé visible (ajoutez 'label: …')")
        }
        let label = item.has(FormKeys.Field.label.name) ? item.string(FormKeys.Field.label) : nil
        if let label, label.trimmingCharacters(in: .whitespaces).isEmpty {
            item.document.error(at: item.node(FormKeys.Field.label.name)?.mark, "field '\(name?.value ?? "?")' has an empty label: every field needs a visible label",
                                french: "le champ '\(name?.value ?? "?")' a un intitulé vide : chaque champ a besoin d’un intitulé visible")
        }
        let type = item.choice(FormKeys.Field.type) ?? FormKeys.Field.type.values.first ?? "text"
        // An option is a map of `FormKeys.Option`, or a text alone that is both its value and its label.
        let options = item.items(FormKeys.Field.options).compactMap { node -> FormField.Option? in
            if let text = node.scalar?.string { return .init(value: text, label: text) }
            guard let option = Fields.map(node, name: item.name(FormKeys.Field.options.name), in: item.document,
                                          owner: Wording("an option", french: "une option"), timeZone: item.timeZone) else { return nil }
            option.rejectUnknownKeys(FormKeys.Field.options.keyNames)
            guard let value = option.string(FormKeys.Option.value) else { return nil }
            return .init(value: value, label: option.string(FormKeys.Option.label) ?? value)
        }
        if ["select", "radio"].contains(type), options.isEmpty, item.node("options") == nil {
            item.document.error(at: item.mapping.mark, "field '\(name?.value ?? "?")' of type \(type) needs 'options' (a list of {value, label})",
                                french: "le champ '\(name?.value ?? "?")' de type \(type) a besoin de 'options' (une liste de {value, label})")
        }
        guard let name, let label else { return nil }
        return FormField(name: name, label: label, type: type, required: item.bool(FormKeys.Field.required) ?? false,
                         autocomplete: item.string(FormKeys.Field.autocomplete), help: item.string(FormKeys.Field.help), options: options,
                         min: item.string(FormKeys.Field.min), max: item.string(FormKeys.Field.max), pattern: item.string(FormKeys.Field.pattern))
    }

    /// The names a field is sent under: a date's three boxes (see FormView).
    static func sentNames(of field: FormField) -> [String] { field.sentNames }

    private static func isValidName(_ name: String) -> Bool {
        !name.isEmpty && name.unicodeScalars.allSatisfy { $0.isASCII && (CharacterSet.alphanumerics.contains($0) || $0 == "-" || $0 == "_") }
    }
}
