import Foundation
import Parcours

/// An e-mail to the secretariat when requests arrive, without any of their content: "1
/// nouvelle demande" and the studio's address, nothing that would put health data in a
/// mailbox. Sent by Debian's `msmtp` (an SMTP client made for this: TLS, authentication
/// from its own configuration file), run with an argument list; at most one message a
/// minute, which counts what arrived meanwhile.
public actor Notifier {
    public struct Settings: Sendable {
        public var to: String
        public var from: String
        public var host: String
        public var port: Int
        public var tls: Bool
        /// An msmtp configuration file for a server that needs a password (never in studio.yaml).
        public var msmtpConfiguration: String?

        public init(to: String, from: String, host: String, port: Int, tls: Bool, msmtpConfiguration: String?) {
            self.to = to
            self.from = from
            self.host = host
            self.port = port
            self.tls = tls
            self.msmtpConfiguration = msmtpConfiguration
        }
    }

    let settings: Settings
    let studioAddress: String
    let audit: AuditLog
    private var pending = 0
    private var isScheduled = false
    private var lastSent: Date?
    static let interval: TimeInterval = 60

    init(settings: Settings, studioAddress: String, audit: AuditLog) {
        self.settings = settings
        self.studioAddress = studioAddress
        self.audit = audit
    }

    func newRequest() {
        pending += 1
        guard !isScheduled else { return }
        isScheduled = true
        let wait = lastSent.map { max(0, Self.interval - Date().timeIntervalSince($0)) } ?? 0
        Task {
            if wait > 0 { try? await Task.sleep(for: .seconds(wait)) }
            await self.sendPending()
        }
    }

    private func sendPending() async {
        let count = pending
        pending = 0
        isScheduled = false
        lastSent = Date()
        guard count > 0 else { return }
        let subject = count == 1 ? "1 nouvelle demande" : "\(count) nouvelles demandes"
        let message = """
            From: \(settings.from)
            To: \(settings.to)
            Subject: \(subject)
            Date: \(Self.rfc5322Date(Date()))
            MIME-Version: 1.0
            Content-Type: text/plain; charset=utf-8
            Content-Transfer-Encoding: 8bit

            \(subject) sur le studio : \(studioAddress)demandes/

            Ce message ne contient aucune donnée de la demande. Connectez-vous au studio pour la lire.

            """.replacingOccurrences(of: "\n", with: "\r\n")
        let settings = self.settings
        let result = await Task.detached { Self.send(message, settings: settings) }.value
        if let problem = result {
            await audit.record(.notificationFailed, account: "studio", address: "notification", detail: problem)
        }
    }

    /// nil when msmtp accepted the message; otherwise why not.
    static func send(_ message: String, settings: Settings) -> String? {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("parcours-notification-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: file) }
        do {
            try Data(message.utf8).write(to: file, options: .withoutOverwriting)
            var arguments: [String] = []
            if let configuration = settings.msmtpConfiguration { arguments += ["--file=\(configuration)"] }
            arguments += ["--host=\(settings.host)", "--port=\(settings.port)", "--from=\(settings.from)",
                          "--tls=\(settings.tls ? "on" : "off")", "--tls-starttls=\(settings.tls ? "on" : "off")", "--", settings.to]
            // The message comes from a file, not a pipe (see `ExternalProgram.run`).
            let outcome = try ExternalProgram("msmtp").run(arguments, environment: ExternalProgram.inheritedEnvironment(["PATH", "LANG", "LC_ALL", "TZ", "HOME"]), input: file)
            return outcome.succeeded ? nil : "msmtp (\(outcome.status)) : \(outcome.errorText.prefix(300))"
        } catch {
            return "msmtp : \(error)"
        }
    }

    static func rfc5322Date(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss '+0000'"
        return formatter.string(from: date)
    }
}
