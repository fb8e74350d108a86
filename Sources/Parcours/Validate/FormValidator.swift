import Foundation

/// The `form:` key of a form page: its fields and its GDPR notice.
enum FormValidator {
    static let keys = ["id", "fields", "submit_label", "phone", "purpose", "legal_basis"]
    static let fieldKeys = ["name", "label", "type", "required", "autocomplete", "help", "options", "min", "max", "pattern"]

    static func read(_ page: Fields) -> FormMetadata? {
        guard let form = page.map("form", owner: "'form'", required: true) else { return nil }
        form.rejectUnknownKeys(keys)
        let id = form.located("id", required: true)
        let submitLabel = form.string("submit_label") ?? "Envoyer"
        let fields = form.maps("fields", required: true, field)
        // Names as the form service receives them: a date is sent as three fields.
        var seen: [String: (field: FormField, sent: String)] = [:]
        for field in fields {
            if field.name.value == FormView.honeypotName {
                form.document.append(field.name.error(
                    "field name '\(field.name.value)' is reserved: the form's spam trap uses it (choose another name)"))
            }
            for sent in sentNames(of: field) {
                if let first = seen[sent] {
                    let line = first.field.name.location.line
                    let what: String
                    if first.field.type == "date" {
                        what = "field '\(field.name.value)' has the name of a box of the date field '\(first.field.name.value)' (line \(line)), sent as \(sentNames(of: first.field).joined(separator: ", "))"
                    } else if field.type == "date" {
                        what = "the date field '\(field.name.value)' is sent as \(sentNames(of: field).joined(separator: ", ")), and '\(sent)' is already the name of field '\(first.field.name.value)' (line \(line))"
                    } else {
                        what = "duplicate field name '\(sent)' (already used at line \(line))"
                    }
                    form.document.append(field.name.error(what + ": each field needs its own name"))
                    break
                }
                seen[sent] = (field, sent)
            }
        }
        if form.has("fields"), fields.isEmpty, form.document.diagnostics.isEmpty {
            form.document.error(at: form.node("fields")?.mark, "'form.fields' must list at least one field")
        }
        let purpose = form.string("purpose", required: true)
        let legalBasis = form.string("legal_basis", required: true)
        guard let id else { return nil }
        return FormMetadata(id: id, fields: fields, submitLabel: submitLabel, phone: form.string("phone"),
                            purpose: purpose, legalBasis: legalBasis, location: page.location(of: "form"))
    }

    private static func field(_ item: Fields) -> FormField? {
        item.rejectUnknownKeys(fieldKeys)
        let name = item.located("name", required: true)
        if let name, !isValidName(name.value) {
            item.document.append(name.error("field name \"\(name.value)\" may use only ASCII letters, digits, '-' and '_' (it is sent to the form service)"))
        }
        if !item.has("label") {
            item.document.error(at: item.mapping.mark,
                                "field '\(name?.value ?? "?")' has no label: every field needs a visible label (add 'label: …')")
        }
        let label = item.has("label") ? item.string("label", required: true) : nil
        if let label, label.trimmingCharacters(in: .whitespaces).isEmpty {
            item.document.error(at: item.node("label")?.mark, "field '\(name?.value ?? "?")' has an empty label: every field needs a visible label")
        }
        let type = item.choice("type", from: FormField.types) ?? "text"
        let options = item.items("options").compactMap { node -> FormField.Option? in
            if let text = node.scalar?.string { return .init(value: text, label: text) }
            guard let option = Fields.map(node, name: item.name("options"), in: item.document,
                                          owner: "an option", timeZone: item.timeZone) else { return nil }
            option.rejectUnknownKeys(["value", "label"])
            guard let value = option.string("value", required: true) else { return nil }
            return .init(value: value, label: option.string("label") ?? value)
        }
        if ["select", "radio"].contains(type), options.isEmpty, item.node("options") == nil {
            item.document.error(at: item.mapping.mark, "field '\(name?.value ?? "?")' of type \(type) needs 'options' (a list of {value, label})")
        }
        guard let name, let label else { return nil }
        return FormField(name: name, label: label, type: type, required: item.bool("required") ?? false,
                         autocomplete: item.string("autocomplete"), help: item.string("help"), options: options,
                         min: item.string("min"), max: item.string("max"), pattern: item.string("pattern"))
    }

    /// The names a field is sent under: a date's three boxes (see FormView).
    static func sentNames(of field: FormField) -> [String] {
        let name = field.name.value
        return field.type == "date" ? ["jour", "mois", "annee"].map { "\(name)_\($0)" } : [name]
    }

    private static func isValidName(_ name: String) -> Bool {
        !name.isEmpty && name.unicodeScalars.allSatisfy { $0.isASCII && (CharacterSet.alphanumerics.contains($0) || $0 == "-" || $0 == "_") }
    }
}
