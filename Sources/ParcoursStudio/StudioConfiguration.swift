import Foundation
import Parcours
import Yams

/// `studio.yaml`: where the studio listens, where the site's files are, where it publishes
/// and keeps its data. Kept outside `content/`: nothing of it is public.
public struct StudioConfiguration: Sendable {
    public var listenHost = "127.0.0.1"
    public var listenPort = 8090
    /// The studio's own address, `https://studio.cpts-trois-rivieres.fr`: the only origin
    /// allowed to change anything, and the host it answers to.
    public var publicURL: String
    public var content: String
    public var themes: String
    /// The folder nginx serves, replaced whole at each publication.
    public var docroot: String
    /// Accounts, sessions, the audit log (`studio.sqlite`).
    public var data: String
    /// The inbox's encryption key (issue 12), outside `data`.
    public var keyFile: String
    /// The public site's origin (CORS of the form endpoint).
    public var siteOrigin: String?
    public var redactionCanPublish = false
    public var sessionIdle: Duration = .seconds(30 * 60)
    public var sessionMaximum: Duration = .seconds(10 * 3600)
    public var scheduleCheck: Duration = .seconds(60)
    /// Whether the session cookie carries `Secure`: always, but for tests that speak plain
    /// HTTP to the studio in process (a browser drops a Secure cookie over http).
    public var secureCookies = true
    /// The form endpoint's rate limit per address: this many at once, then so many a minute.
    public var formBurst = 10
    public var formRatePerMinute = 6
    /// The e-mail that says "1 nouvelle demande" (nil: none is sent).
    public var notification: Notifier.Settings?

    public var publicOrigin: String { WebAddress.origin(of: publicURL) ?? publicURL }
    public var publicHost: String { URLComponents(string: publicURL)?.host?.lowercased() ?? "" }

    public init(publicURL: String, content: String, themes: String, docroot: String, data: String, keyFile: String) {
        self.publicURL = publicURL
        self.content = content
        self.themes = themes
        self.docroot = docroot
        self.data = data
        self.keyFile = keyFile
    }

    static let keys = ["listen", "public_url", "content", "themes", "docroot", "data", "key_file", "site_origin",
                       "redaction_can_publish", "session_idle_minutes", "session_max_hours", "schedule_check_seconds",
                       "form_burst", "form_rate_per_minute",
                       "notification_email", "smtp_host", "smtp_port", "smtp_from", "smtp_tls", "msmtp_config"]

    /// Reads `studio.yaml`; every problem at once, each at its line, in French (the studio's
    /// administrators are the CPTS's). Relative paths are relative to the file's folder.
    public static func load(path: String) -> Result<StudioConfiguration, StudioConfigurationErrors> {
        guard let data = FileManager.default.contents(atPath: path) else {
            return .failure(StudioConfigurationErrors(messages: ["\(path) : fichier introuvable ou illisible (indiquez-le avec --config)"]))
        }
        return parse(String(decoding: data, as: UTF8.self), path: path)
    }

    static func parse(_ text: String, path: String) -> Result<StudioConfiguration, StudioConfigurationErrors> {
        var errors: [String] = []
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent()
        let root: Node
        do {
            guard let node = try Yams.compose(yaml: text), case .mapping = node else {
                return .failure(StudioConfigurationErrors(messages: ["\(path):1:1 : studio.yaml doit être une liste de réglages « clé: valeur »"]))
            }
            root = node
        } catch let error as YamlError {
            return .failure(StudioConfigurationErrors(messages: ["\(path) : YAML illisible : \(error)"]))
        } catch {
            return .failure(StudioConfigurationErrors(messages: ["\(path) : YAML illisible : \(error)"]))
        }
        var values: [String: (text: String, line: Int, column: Int)] = [:]
        if case .mapping(let mapping) = root {
            for (key, value) in mapping {
                let name = key.string ?? ""
                let place = "\(path):\(key.mark?.line ?? 0):\(key.mark?.column ?? 0)"
                guard keys.contains(name) else {
                    let hint = Suggestion.closest(to: name, in: keys).map { " (vouliez-vous dire « \($0) » ?)" } ?? ""
                    errors.append("\(place) : réglage inconnu « \(name) »\(hint) ; réglages possibles : \(keys.joined(separator: ", "))")
                    continue
                }
                guard let scalar = value.scalar else {
                    errors.append("\(place) : « \(name) » doit être une valeur simple, pas une liste")
                    continue
                }
                values[name] = (scalar.string, value.mark?.line ?? 0, value.mark?.column ?? 0)
            }
        }
        func place(_ key: String) -> String {
            values[key].map { "\(path):\($0.line):\($0.column)" } ?? "\(path)"
        }
        func required(_ key: String, example: String) -> String {
            guard let value = values[key]?.text, !value.isEmpty else {
                errors.append("\(path) : le réglage « \(key) » manque (par exemple \(key): \(example))")
                return ""
            }
            return value
        }
        func folderPath(_ key: String, example: String) -> String {
            let value = required(key, example: example)
            guard !value.isEmpty else { return "" }
            return value.hasPrefix("/") ? value : folder.appendingPathComponent(value).standardizedFileURL.path
        }
        func integer(_ key: String, in range: ClosedRange<Int>) -> Int? {
            guard let text = values[key]?.text else { return nil }
            guard let number = Int(text), range.contains(number) else {
                errors.append("\(place(key)) : « \(key) » doit être un nombre entier entre \(range.lowerBound) et \(range.upperBound), pas « \(text) »")
                return nil
            }
            return number
        }

        let publicURL = required("public_url", example: "https://studio.cpts-exemple.fr")
        if !publicURL.isEmpty, WebAddress.origin(of: publicURL) == nil || !(publicURL.hasPrefix("https://") || publicURL.hasPrefix("http://")) {
            errors.append("\(place("public_url")) : « public_url » doit être l’adresse https du studio, comme https://studio.cpts-exemple.fr, pas « \(publicURL) »")
        }
        var configuration = StudioConfiguration(
            publicURL: publicURL,
            content: folderPath("content", example: "/srv/parcours/site/content"),
            themes: folderPath("themes", example: "/srv/parcours/site/themes"),
            docroot: folderPath("docroot", example: "/srv/parcours/www/public"),
            data: folderPath("data", example: "/var/lib/parcours-studio"),
            keyFile: folderPath("key_file", example: "/etc/parcours-studio/inbox.key"))
        if let listen = values["listen"]?.text {
            let parts = listen.split(separator: ":", omittingEmptySubsequences: false)
            if parts.count == 2, let port = Int(parts[1]), (1...65535).contains(port), !parts[0].isEmpty {
                configuration.listenHost = String(parts[0])
                configuration.listenPort = port
            } else {
                errors.append("\(place("listen")) : « listen » doit être une adresse et un port, comme 127.0.0.1:8090, pas « \(listen) »")
            }
        }
        if let origin = values["site_origin"]?.text {
            if let parsed = WebAddress.origin(of: origin) {
                configuration.siteOrigin = parsed
            } else {
                errors.append("\(place("site_origin")) : « site_origin » doit être l’adresse du site public, comme https://www.cpts-exemple.fr, pas « \(origin) »")
            }
        }
        if let flag = values["redaction_can_publish"]?.text {
            switch flag.lowercased() {
            case "true", "oui", "yes": configuration.redactionCanPublish = true
            case "false", "non", "no": configuration.redactionCanPublish = false
            default: errors.append("\(place("redaction_can_publish")) : « redaction_can_publish » vaut true ou false, pas « \(flag) »")
            }
        }
        if let minutes = integer("session_idle_minutes", in: 1...1440) { configuration.sessionIdle = .seconds(minutes * 60) }
        if let hours = integer("session_max_hours", in: 1...168) { configuration.sessionMaximum = .seconds(hours * 3600) }
        if let seconds = integer("schedule_check_seconds", in: 1...3600) { configuration.scheduleCheck = .seconds(seconds) }
        if let burst = integer("form_burst", in: 1...10_000) { configuration.formBurst = burst }
        if let rate = integer("form_rate_per_minute", in: 1...100_000) { configuration.formRatePerMinute = rate }
        if let to = values["notification_email"]?.text {
            if !AccountStore.isEmail(to) {
                errors.append("\(place("notification_email")) : « notification_email » doit être une adresse électronique, pas « \(to) »")
            }
            let from = values["smtp_from"]?.text ?? ""
            if !AccountStore.isEmail(from) {
                errors.append("\(place("smtp_from")) : « smtp_from » (l’expéditeur du courriel de notification) doit être une adresse électronique\(from.isEmpty ? "" : ", pas « \(from) »")")
            }
            var tls = false
            if let flag = values["smtp_tls"]?.text {
                switch flag.lowercased() {
                case "true", "oui", "yes": tls = true
                case "false", "non", "no": tls = false
                default: errors.append("\(place("smtp_tls")) : « smtp_tls » vaut true ou false, pas « \(flag) »")
                }
            }
            let host = values["smtp_host"]?.text ?? "localhost"
            if host.isEmpty || host.hasPrefix("-") || host.contains(where: { $0.isWhitespace }) {
                errors.append("\(place("smtp_host")) : « smtp_host » doit être un nom de serveur, pas « \(host) »")
            }
            var msmtpConfiguration: String?
            if let given = values["msmtp_config"]?.text {
                msmtpConfiguration = given.hasPrefix("/") ? given : folder.appendingPathComponent(given).standardizedFileURL.path
            }
            configuration.notification = Notifier.Settings(
                to: to, from: from, host: host, port: integer("smtp_port", in: 1...65535) ?? (tls ? 587 : 25), tls: tls,
                msmtpConfiguration: msmtpConfiguration)
        }
        return errors.isEmpty ? .success(configuration) : .failure(StudioConfigurationErrors(messages: errors))
    }
}

/// Every problem of a studio.yaml, one per line.
public struct StudioConfigurationErrors: Error, Sendable, CustomStringConvertible {
    public var messages: [String]
    public var description: String { messages.joined(separator: "\n") }
}
