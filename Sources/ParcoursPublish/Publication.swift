import Foundation
import Parcours

/// Sends a built site to the targets of publish.yaml, one after the other: what
/// `parcours publish` does once the build has succeeded.
public enum Publication {
    /// One target's outcome.
    public struct Outcome: Sendable {
        public var target: PublishTarget
        public var result: Result<PublishChanges, PublishFailure>
    }

    /// Sends `site` to each target. A target that fails
    /// does not stop the others.
    public static func send(site: URL, to targets: [PublishTarget], dryRun: Bool) -> [Outcome] {
        targets.map { target in
            Outcome(target: target, result: Result { () throws(PublishFailure) -> PublishChanges in
                try send(site: site, to: target, dryRun: dryRun)
            })
        }
    }

    static func send(site: URL, to target: PublishTarget, dryRun: Bool) throws(PublishFailure) -> PublishChanges {
        // The ssh configuration, the sftp lists and git's index live here for one transfer.
        let workspace = FileManager.default.temporaryDirectory.appendingPathComponent("parcours-publication-\(UUID().uuidString)")
        do {
            try FileManager.default.createDirectory(at: workspace, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o700])
        } catch {
            throw PublishFailure(target: target, file: nil, reason: Wording("cannot make a temporary folder: \(error)",
                                                                            french: "impossible de créer un dossier temporaire : \(error)"))
        }
        defer { try? FileManager.default.removeItem(at: workspace) }
        if let access = target.ssh, target.usesSSH {
            if let identity = access.identityFile, !FileManager.default.isReadableFile(atPath: identity) {
                throw PublishFailure(target: target, file: nil, reason: Wording(
                    "the key file \(identity) (identity_file) cannot be read",
                    french: "le fichier de clé \(identity) (identity_file) est illisible ou absent"))
            }
            if target.kind != .git, !FileManager.default.isReadableFile(atPath: access.knownHosts) {
                throw PublishFailure(target: target, file: nil, reason: Wording(
                    "\(access.knownHosts) does not exist: add the server's host key (ssh-keyscan -p \(access.port) \(access.host)) after checking its fingerprint with your host",
                    french: "\(access.knownHosts) n’existe pas : ajoutez-y la clé d’hôte du serveur (ssh-keyscan -p \(access.port) \(access.host)) après avoir vérifié son empreinte auprès de votre hébergeur"))
            }
        }
        switch target.kind {
        case .rsync: return try RsyncTransfer(target: target).send(site: site, dryRun: dryRun, workspace: workspace)
        case .sftp: return try SFTPTransfer(target: target).send(site: site, dryRun: dryRun, workspace: workspace)
        case .git: return try GitTransfer(target: target).send(site: site, dryRun: dryRun, workspace: workspace)
        }
    }
}
