import Foundation
import Parcours
import Yams

/// One place the built site is sent to, as `publish.yaml` names it.
public struct PublishTarget: Sendable, Equatable {
    public enum Kind: String, Sendable, CaseIterable {
        /// rsync over SSH: a server where the CPTS has an SSH account.
        case rsync
        /// sftp: shared hosting that offers SFTP but no shell.
        case sftp
        /// A branch of a git repository (GitHub or GitLab Pages).
        case git
    }

    public var name: String
    public var kind: Kind
    /// Where `name:` is written, for messages about the target.
    public var location: SourceLocation
    public var ssh: SSHAccess?
    /// The folder on the server (rsync, sftp).
    public var path: String = ""
    /// A git URL or a local path (git).
    public var repository: String = ""
    public var branch: String = ""

    /// Whether the transfer goes through ssh: rsync and sftp always, git for an SSH URL
    /// (`git@host:…`, `ssh://…`) but not for a folder.
    var usesSSH: Bool {
        kind != .git || (repository.contains(":") && !repository.hasPrefix("/"))
    }
}

/// How to reach a server over SSH. Host keys are always checked against `knownHosts`:
/// there is no setting to turn that off.
public struct SSHAccess: Sendable, Equatable {
    /// Empty for a git target, whose URL names the host.
    public var host: String = ""
    public var port: Int = 22
    public var user: String = ""
    /// A private key file; nil to use the keys of the SSH agent.
    public var identityFile: String?
    public var knownHosts: String
}

/// `publish.yaml`, beside `content/` (never inside it: nothing of it is public).
public struct PublishConfiguration: Sendable {
    public var targets: [PublishTarget]

    public static let fileName = "publish.yaml"

    static let targetKeys = ["name", "type", "host", "port", "user", "path", "identity_file", "known_hosts", "repository", "branch"]
    static let keysOf: [PublishTarget.Kind: Set<String>] = [
        .rsync: ["name", "type", "host", "port", "user", "path", "identity_file", "known_hosts"],
        .sftp: ["name", "type", "host", "port", "user", "path", "identity_file", "known_hosts"],
        .git: ["name", "type", "repository", "branch", "identity_file", "known_hosts"],
    ]

    /// The default place of the file: beside the content folder.
    public static func defaultPath(source: String) -> String {
        FileTree.join((source as NSString).deletingLastPathComponent, fileName)
    }

    /// Reads the file; every problem at once, each at its line and column.
    /// - Parameter home: the folder `~` stands for: `$HOME`, as in a shell.
    public static func load(path: String, home: String = ProcessInfo.processInfo.environment["HOME"] ?? NSHomeDirectory()) -> Result<PublishConfiguration, PublishConfigurationErrors> {
        guard let data = FileManager.default.contents(atPath: path) else {
            return .failure(PublishConfigurationErrors([.error(
                at: nil, "\(path) not found: write it beside content/ (see deploy/publish.yaml.exemple) or name it with --config",
                french: "\(path) est introuvable : écrivez-le à côté de content/ (voir deploy/publish.yaml.exemple) ou indiquez-le avec --config")]))
        }
        return parse(String(decoding: normalizedLineEndings(bytes: data), as: UTF8.self), path: path, home: home)
    }

    static func parse(_ text: String, path: String, home: String) -> Result<PublishConfiguration, PublishConfigurationErrors> {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let folder = URL(fileURLWithPath: path).standardizedFileURL.deletingLastPathComponent().path
        var diagnostics: [Diagnostic] = []
        func location(_ node: Node?) -> SourceLocation {
            SourceLocation(file: path, line: (node?.mark?.line ?? 1), column: (node?.mark?.column ?? 1))
        }
        func sourceLine(_ node: Node?) -> String? {
            guard let line = node?.mark?.line, line >= 1, line <= lines.count else { return nil }
            return lines[line - 1]
        }
        func error(_ node: Node?, _ english: String, french: String) {
            diagnostics.append(.error(at: location(node), sourceLine: sourceLine(node), english, french: french))
        }

        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch {
            return .failure(PublishConfigurationErrors([.error(at: SourceLocation(file: path, line: 1, column: 1), "unreadable YAML: \(error)",
                                    french: "YAML illisible : \(error)")]))
        }
        guard let root, let mapping = root.mapping else {
            return .failure(PublishConfigurationErrors([.error(at: SourceLocation(file: path, line: 1, column: 1),
                                    "publish.yaml must start with 'targets:' followed by a list of targets",
                                    french: "publish.yaml doit commencer par « targets: » suivi de la liste des cibles")]))
        }
        var targetsNode: Node?
        for (key, value) in mapping {
            if key.string == "targets" {
                targetsNode = value
            } else {
                let hint = Suggestion.closest(to: key.string ?? "", in: ["targets"]).map { " (did you mean '\($0)'?)" } ?? ""
                error(key, "unknown key '\(key.string ?? "")'\(hint); publish.yaml has one key, 'targets'",
                      french: "clé inconnue « \(key.string ?? "") »\(hint.isEmpty ? "" : " (vouliez-vous dire « targets » ?)") ; publish.yaml a une seule clé, « targets »")
            }
        }
        guard let list = targetsNode?.sequence, !list.isEmpty else {
            error(targetsNode ?? root, "'targets' must be a list of targets, each starting with '- name:'",
                  french: "« targets » doit être une liste de cibles, chacune commençant par « - name: »")
            return .failure(PublishConfigurationErrors(diagnostics))
        }

        var targets: [PublishTarget] = []
        var names: Set<String> = []
        for item in list {
            guard let fields = item.mapping else {
                error(item, "each target is a list of 'key: value' (name, type, …)",
                      french: "chaque cible est une liste de « clé: valeur » (name, type, …)")
                continue
            }
            var values: [String: (text: String, node: Node)] = [:]
            for (key, value) in fields {
                let name = key.string ?? ""
                guard targetKeys.contains(name) else {
                    let hint = Suggestion.closest(to: name, in: targetKeys)
                    error(key, "unknown key '\(name)'\(hint.map { " (did you mean '\($0)'?)" } ?? ""); a target's keys are \(targetKeys.joined(separator: ", "))",
                          french: "clé inconnue « \(name) »\(hint.map { " (vouliez-vous dire « \($0) » ?)" } ?? "") ; les clés d’une cible sont \(targetKeys.joined(separator: ", "))")
                    continue
                }
                guard let scalar = value.scalar else {
                    error(value, "'\(name)' must be a single value", french: "« \(name) » doit être une valeur simple")
                    continue
                }
                values[name] = (scalar.string, value)
            }
            func required(_ key: String, example: String) -> String {
                guard let value = values[key]?.text, !value.isEmpty else {
                    error(item, "the target has no '\(key)' (for example \(key): \(example))",
                          french: "la cible n’a pas de « \(key) » (par exemple \(key): \(example))")
                    return ""
                }
                return value
            }
            func file(_ key: String) -> String? {
                guard let value = values[key]?.text, !value.isEmpty else { return nil }
                if value == "~" { return home }
                if value.hasPrefix("~/") { return FileTree.join(home, String(value.dropFirst(2))) }
                return value.hasPrefix("/") ? value : FileTree.join(folder, value)
            }
            func checkPlain(_ key: String, _ value: String, allowed: (Character) -> Bool, expected: String, french expectedFrench: String) {
                guard !value.isEmpty else { return }
                if value.hasPrefix("-") || !value.allSatisfy(allowed) {
                    error(values[key]?.node, "'\(key)' is not \(expected): \"\(value)\"",
                          french: "« \(key) » n’est pas \(expectedFrench) : « \(value) »")
                }
            }

            let name = required("name", example: "hebergeur")
            checkPlain("name", name, allowed: { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") },
                       expected: "a plain name (letters, digits, - and _)", french: "un nom simple (lettres, chiffres, - et _)")
            if !name.isEmpty, !names.insert(name).inserted {
                error(values["name"]?.node, "two targets are named '\(name)'", french: "deux cibles s’appellent « \(name) »")
            }
            let typeText = required("type", example: "rsync")
            guard let kind = PublishTarget.Kind(rawValue: typeText) else {
                if !typeText.isEmpty {
                    let hint = Suggestion.closest(to: typeText, in: PublishTarget.Kind.allCases.map(\.rawValue))
                    error(values["type"]?.node, "unknown type '\(typeText)'\(hint.map { " (did you mean '\($0)'?)" } ?? ""); expected rsync, sftp or git",
                          french: "type inconnu « \(typeText) »\(hint.map { " (vouliez-vous dire « \($0) » ?)" } ?? "") ; types possibles : rsync, sftp ou git")
                }
                continue
            }
            for key in values.keys where keysOf[kind]?.contains(key) == false {
                error(values[key]?.node, "'\(key)' does not apply to a \(kind.rawValue) target", french: "« \(key) » ne s’applique pas à une cible \(kind.rawValue)")
            }
            var target = PublishTarget(name: name, kind: kind, location: location(values["name"]?.node ?? item))
            let knownHosts = file("known_hosts") ?? FileTree.join(home, ".ssh/known_hosts")
            for key in ["identity_file", "known_hosts"] {
                // ssh_config's own syntax: a quote or a line break would change its meaning.
                if let value = values[key]?.text, value.contains(where: { $0 == "\"" || $0.isNewline }) {
                    error(values[key]?.node, "'\(key)' cannot contain a double quote or a line break", french: "« \(key) » ne peut pas contenir de guillemet droit ni de retour à la ligne")
                }
            }
            switch kind {
            case .rsync, .sftp:
                var ssh = SSHAccess(knownHosts: knownHosts)
                ssh.host = required("host", example: "www.cpts-exemple.fr")
                checkPlain("host", ssh.host, allowed: { $0.isASCII && ($0.isLetter || $0.isNumber || ".-:[]".contains($0)) },
                           expected: "a server name or address", french: "un nom de serveur ou une adresse")
                ssh.user = required("user", example: "cpts")
                checkPlain("user", ssh.user, allowed: { $0.isASCII && ($0.isLetter || $0.isNumber || "._-".contains($0)) },
                           expected: "an account name", french: "un nom de compte")
                if let portText = values["port"]?.text {
                    if let port = Int(portText), (1...65535).contains(port) {
                        ssh.port = port
                    } else {
                        error(values["port"]?.node, "'port' must be a number from 1 to 65535, not \"\(portText)\"",
                              french: "« port » doit être un nombre de 1 à 65535, pas « \(portText) »")
                    }
                }
                ssh.identityFile = file("identity_file")
                target.ssh = ssh
                target.path = required("path", example: "/var/www/cpts")
                if target.path.contains(where: { $0.isNewline || $0 == "\"" }) {
                    error(values["path"]?.node, "'path' cannot contain a double quote or a line break", french: "« path » ne peut pas contenir de guillemet droit ni de retour à la ligne")
                }
            case .git:
                target.repository = required("repository", example: "git@github.com:cpts-exemple/site.git")
                if target.repository.hasPrefix("-") || target.repository.contains(where: \.isNewline) {
                    error(values["repository"]?.node, "'repository' is not a git URL or folder: \"\(target.repository)\"",
                          french: "« repository » n’est pas une adresse git ni un dossier : « \(target.repository) »")
                }
                if !target.repository.contains(":"), !target.repository.hasPrefix("/") {
                    target.repository = FileTree.join(folder, target.repository)
                }
                target.branch = values["branch"]?.text ?? "gh-pages"
                checkPlain("branch", target.branch, allowed: { $0.isASCII && ($0.isLetter || $0.isNumber || "._-/".contains($0)) },
                           expected: "a branch name", french: "un nom de branche")
                target.ssh = SSHAccess(identityFile: file("identity_file"), knownHosts: knownHosts)
            }
            targets.append(target)
        }
        return diagnostics.isEmpty ? .success(PublishConfiguration(targets: targets)) : .failure(PublishConfigurationErrors(diagnostics))
    }
}

/// Every problem of a publish.yaml.
public struct PublishConfigurationErrors: Error, Sendable {
    public var diagnostics: [Diagnostic]
    init(_ diagnostics: [Diagnostic]) { self.diagnostics = diagnostics }
}
