import Foundation

/// `content/site.yaml`, typed.
public struct SiteConfiguration: Sendable {
    public var title: String
    public var tagline: String?
    public var description: String?
    /// Absolute, with a trailing slash: `https://x.github.io/cpts/`.
    public var baseURL: String
    /// The path of `baseURL`, with slashes at both ends: `/cpts/` (or `/`).
    public var basePath: String
    public var language: String
    public var timeZone: TimeZone
    public var theme: String
    public var organization: Organization?
    public var territory: Territory?
    public var menu: [MenuItem]
    public var footerMenu: [MenuItem]
    public var privacy: PrivacyNotice?
    public var forms: [String: FormEndpoint]
    /// Every id under `forms`, valid or not (an invalid one has its own error).
    public var declaredForms: Set<String> = []
    /// `privacy` is there, valid or not.
    public var declaresPrivacy = false
    /// Where `forms:` stands, for "unknown form id" hints.
    public var source: SourceText

    /// The value of a top-level key of site.yaml (`theme`), for errors found after
    /// validation; the file's first line when the key is absent (its default applies).
    public func placeOfKey(_ key: String) -> (location: SourceLocation, line: String?) {
        for (index, line) in source.text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() where line.hasPrefix(key + ":") {
            let column = line.dropFirst(key.count + 1).prefix { $0 == " " }.count + key.count + 2
            return (source.location(line: index + 1, column: column), String(line))
        }
        return (source.location(line: 1, column: 1), source.line(1))
    }

    public struct Organization: Sendable {
        public var name: String
        public var legalForm: String?
        public var founded: String?
        public var address: PostalAddress?
        public var phone: String?
        public var email: String?
        public var publicationDirector: String?
        public var host: Host?
    }

    public struct PostalAddress: Sendable, Hashable {
        public var street: String?
        public var postalCode: String?
        public var city: String?
    }

    public struct Host: Sendable {
        public var name: String
        public var address: String?
        public var phone: String?
    }

    public struct Territory: Sendable {
        public var name: String
        public var department: String?
        public var size: Int?
        public var population: Int?
        public var professionals: Int?
        public var communes: [String]
    }

    public struct MenuItem: Sendable {
        public var title: String
        public var url: Located<String>
    }

    /// The GDPR art. 13 notice shown beside every form.
    public struct PrivacyNotice: Sendable {
        public var controller: String
        public var contact: String
        public var retention: String
        /// The same retention as a number of days, which the studio's inbox applies
        /// (requests older than this are deleted); `retention` stays the notice's sentence.
        public var retentionDays: Int?
        public var recipients: String?
        public var rights: String?
    }

    public struct FormEndpoint: Sendable {
        public enum Encoding: String, Sendable, CaseIterable { case urlencoded, json }
        public var id: String
        public var endpoint: Located<String>
        public var encoding: Encoding
        public var successPage: Located<String>?
        /// Name of the hidden field that carries the success page's absolute URL, for a
        /// form service that sends the browser there after a post without JavaScript (`_next`).
        public var redirectField: String?
    }
}

/// `key=value` given with `--set` (and `--base-url`): replaces a value of site.yaml for one build.
public struct ConfigurationOverride: Sendable, Hashable {
    public var path: [String]
    public var value: String

    public init(path: [String], value: String) {
        self.path = path
        self.value = value
    }

    /// Parses `forms.acces-medecin.endpoint=https://…`.
    public init?(assignment: String) {
        guard let equals = assignment.firstIndex(of: "=") else { return nil }
        let key = assignment[..<equals]
        let path = key.split(separator: ".").map(String.init)
        guard !path.isEmpty, !path.contains(where: \.isEmpty) else { return nil }
        self.path = path
        self.value = String(assignment[assignment.index(after: equals)...])
    }
}
