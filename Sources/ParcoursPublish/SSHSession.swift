import Foundation
import Parcours

/// A private ssh configuration for one target, in a temporary folder removed after the
/// transfer. The programs (rsync, sftp, git) are told `ssh -F <file>` and the host alias
/// `parcours-cible`: no value of publish.yaml ever reaches a command line, where a host
/// starting with `-` could pass for an option.
struct SSHSession {
    static let hostAlias = "parcours-cible"

    let configuration: URL

    /// - Parameter access: with no host (a git target, whose URL names it), the settings
    ///   apply to any host.
    init(access: SSHAccess, in folder: URL) throws {
        configuration = folder.appendingPathComponent("ssh_config")
        var lines: [String]
        if access.host.isEmpty {
            lines = ["Host *"]
        } else {
            lines = ["Host \(Self.hostAlias)",
                     "  HostName \(access.host.trimmingCharacters(in: CharacterSet(charactersIn: "[]")))",
                     "  Port \(access.port)"]
            if !access.user.isEmpty { lines.append("  User \(access.user)") }
        }
        lines += [
            // Never a question on a terminal, never a password: keys only.
            "  BatchMode yes",
            // The host key must be in known_hosts already, and is never added or replaced.
            "  StrictHostKeyChecking yes",
            "  UserKnownHostsFile \(Self.quoted(access.knownHosts))",
            "  UpdateHostKeys no",
            "  ConnectTimeout 20",
            "  ServerAliveInterval 15",
            "  ServerAliveCountMax 4",
        ]
        if let identity = access.identityFile {
            lines.append("  IdentityFile \(Self.quoted(identity))")
            lines.append("  IdentitiesOnly yes")
        }
        try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: configuration)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: configuration.path)
    }

    /// The command rsync and git run to reach the server. Parsed by rsync's own splitter and
    /// by a shell for git: the only value in it is our temporary file's path, in single quotes.
    var command: String { "ssh -F '\(configuration.path.replacingOccurrences(of: "'", with: "'\\''"))'" }

    /// The environment of rsync, sftp and git: the agent's socket and HOME for ssh.
    static var environment: [String: String] {
        ExternalProgram.inheritedEnvironment(["PATH", "LANG", "LC_ALL", "TZ", "HOME", "SSH_AUTH_SOCK", "USER", "LOGNAME"])
    }

    /// A path in ssh_config: in double quotes, and `%` doubled (ssh expands `%h` and the like
    /// in these paths).
    static func quoted(_ path: String) -> String {
        "\"" + path.replacingOccurrences(of: "%", with: "%%") + "\""
    }

    /// Why ssh refused, in words a communications officer can act on, from ssh's messages.
    static func explanation(of errors: String, target: PublishTarget) -> Wording? {
        let knownHosts = target.ssh?.knownHosts ?? "known_hosts"
        if errors.contains("REMOTE HOST IDENTIFICATION HAS CHANGED") || errors.contains("Host key verification failed") {
            return Wording(
                "the server's host key is not the one in \(knownHosts): the connection was refused. Check the key's fingerprint with your host before adding it (ssh-keyscan, then compare); Parcours never skips this check",
                french: "la clé d’hôte du serveur n’est pas celle de \(knownHosts) : la connexion a été refusée. Vérifiez l’empreinte de la clé auprès de votre hébergeur avant de l’ajouter (ssh-keyscan, puis comparez) ; Parcours ne saute jamais cette vérification")
        }
        if errors.contains("Permission denied") && errors.contains("publickey") {
            return Wording(
                "the server refused the key (no key of the SSH agent or of identity_file is authorised for this account)",
                french: "le serveur a refusé la clé (aucune clé de l’agent SSH ni de identity_file n’est autorisée pour ce compte)")
        }
        if errors.contains("Connection refused") || errors.contains("Could not resolve hostname") || errors.contains("timed out") {
            return Wording("the server cannot be reached (\(errors.trimmingCharacters(in: .whitespacesAndNewlines).prefix(200)))",
                           french: "le serveur est injoignable (\(errors.trimmingCharacters(in: .whitespacesAndNewlines).prefix(200)))")
        }
        return nil
    }
}
