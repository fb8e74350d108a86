import Foundation

/// The view model of a form page: its fields as HTML wants them, where it posts, and the
/// GDPR notice shown beside it.
public enum FormView {
    /// The page whose text a form shows once sent (site.yaml's `success_page`), if published.
    static func successPage(of form: FormMetadata, in site: Site) -> Int? {
        guard let success = site.configuration.forms[form.id.value]?.successPage,
              let path = ReferenceChecker.sitePath(ofInternal: success.value) else { return nil }
        let key = path.isEmpty || path.hasSuffix("/") ? path : path + "/"
        return site.pageByPath[key] ?? site.pageByPath[path]
    }

    static func build(_ form: FormMetadata, context: RenderContext) -> ViewModel {
        let site = context.site
        let endpoint = site.configuration.forms[form.id.value]
        var view: ViewModel = [
            "id": form.id.value,
            "method": "post",
            "enctype": "application/x-www-form-urlencoded",
            "encoding": endpoint?.encoding.rawValue ?? "urlencoded",
            "submit_label": form.submitLabel,
            "fields": form.fields.map(field),
        ]
        view.set("action", endpoint?.endpoint.value)
        if let success = endpoint?.successPage, let path = ReferenceChecker.sitePath(ofInternal: success.value) {
            view["success_url"] = site.permalink(path)
            // The success page's text, for the confirmation the script shows in the page
            // after sending: one text says what happens next, with or without JavaScript.
            if let id = successPage(of: form, in: site) {
                view["success"] = ["title": site.pages[id].title,
                                   "content": demotingHeadings(site.pages[id].html, by: 2)] as ViewModel
            }
        }
        view.set("redirect_field", endpoint?.redirectField)
        view["honeypot"] = ["name": honeypotName, "id": "champ-" + honeypotName] as ViewModel
        view["min_fill_seconds"] = minimumFillSeconds
        if let territory = site.configuration.territory {
            view["territory"] = territory.name
            // For the script that checks the commune: a JSON array in a data attribute.
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.withoutEscapingSlashes]
            view.set("communes_json", (try? encoder.encode(territory.communes)).map { String(decoding: $0, as: UTF8.self) })
        }
        view.set("phone", form.phone ?? site.configuration.organization?.phone)
        view.set("phone_href", (form.phone ?? site.configuration.organization?.phone).map(Formatting.telephoneLink))
        view.set("purpose", form.purpose)
        view.set("legal_basis", form.legalBasis)
        if let privacy = site.configuration.privacy {
            var notice: ViewModel = [
                "controller": privacy.controller,
                "contact": privacy.contact,
                "retention": privacy.retention,
            ]
            notice.set("contact_href", privacy.contact.contains("@") ? "mailto:" + privacy.contact : nil)
            notice.set("recipients", privacy.recipients)
            notice.set("rights", privacy.rights)
            view["privacy"] = notice
        }
        view.set("privacy_url", privacyPolicy(in: site).map { site.url($0.path) })
        return view
    }

    /// The spam trap: a field no person sees or fills (hidden from everyone, not
    /// autofilled), with a name that does not look like one a browser would fill.
    public static let honeypotName = "reference_interne"
    /// A person takes longer than this to fill the form; a robot does not.
    public static let minimumFillSeconds = 3

    /// The privacy policy page: the page whose slug says so.
    static func privacyPolicy(in site: Site) -> SitePage? {
        site.pages.first { ["politique-de-confidentialite", "confidentialite", "privacy", "privacy-policy"].contains($0.slug) }
    }

    /// Headings of a page's body moved `levels` down (h2 → h4, at most h6), without their
    /// `id` (the form page has its own): the success page's text sits under the
    /// confirmation's own heading (h3) in the form page.
    static func demotingHeadings(_ html: String, by levels: Int) -> String {
        guard let pattern = try? NSRegularExpression(pattern: "<(/?)h([1-6])(\\s[^>]*)?>") else { return html }
        var result = ""
        var last = html.startIndex
        for match in pattern.matches(in: html, range: NSRange(html.startIndex..., in: html)) {
            guard let whole = Range(match.range, in: html), let slash = Range(match.range(at: 1), in: html),
                  let digit = Range(match.range(at: 2), in: html), let level = Int(html[digit]) else { continue }
            result += html[last..<whole.lowerBound]
            result += "<\(html[slash])h\(min(level + levels, 6))>"
            last = whole.upperBound
        }
        result += html[last...]
        return result
    }

    private static func field(_ field: FormField) -> ViewModel {
        let name = field.name.value
        let id = "champ-" + name
        var view: ViewModel = [
            "name": name,
            "id": id,
            "label": field.label,
            "required": field.required,
            "help_id": id + "-aide",
            "is_input": !["select", "radio", "checkbox", "textarea"].contains(field.type),
            "is_select": field.type == "select",
            "is_radio": field.type == "radio",
            "is_checkbox": field.type == "checkbox",
            "is_textarea": field.type == "textarea",
            "options": field.options.enumerated().map { index, option -> ViewModel in
                ["value": option.value, "label": option.label, "id": "\(id)-\(index + 1)", "index": index + 1]
            },
        ]
        switch field.type {
        case "date":
            // Three numeric boxes (day, month, year) in a fieldset: easier than a date picker
            // for a date of birth, on every phone and with every assistive technology.
            view["type"] = "date"
            view["is_input"] = false
            view["is_date_parts"] = true
            let autocompletePrefix = field.autocomplete == "bday" ? "bday-" : nil
            view["parts"] = [("jour", "day", 2, 1, 31), ("mois", "month", 2, 1, 12), ("annee", "year", 4, 1900, 2100)].map {
                (suffix, token, width, minimum, maximum) -> ViewModel in
                var part: ViewModel = [
                    "name": "\(name)_\(suffix)", "id": "\(id)-\(suffix)", "suffix": suffix, "width": width,
                    "min": minimum, "max": maximum,
                    "is_day": suffix == "jour", "is_month": suffix == "mois", "is_year": suffix == "annee",
                ]
                part.set("autocomplete", autocompletePrefix.map { $0 + token })
                return part
            }
        case "postal-code":
            view["type"] = "text"
            view["inputmode"] = "numeric"
            view["pattern"] = field.pattern ?? "[0-9]{5}"
            view["autocomplete"] = field.autocomplete ?? "postal-code"
        case "number":
            view["type"] = "number"
            view["inputmode"] = "numeric"
        default:
            view["type"] = field.type
        }
        view.set("autocomplete", field.autocomplete)
        view.set("help", field.help)
        view.set("min", field.min)
        view.set("max", field.max)
        view.set("pattern", field.pattern)
        return view
    }
}
