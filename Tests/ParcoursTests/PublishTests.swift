import Foundation
import Testing
@testable import Parcours
@testable import ParcoursPublish

/// `parcours publish`: publish.yaml's errors, and the git target against a local bare
/// repository (rsync and sftp against a real sshd are in Tests/browser/test_publish_ssh.py).
@Suite("Publishing")
struct PublishTests {
    @Test func everyProblemOfPublishYamlAtItsLineInFrench() throws {
        let text = """
            targets:
              - name: hebergeur
                type: rsinc
              - name: hebergeur
                type: sftp
                host: -oProxyCommand=touch
                user: cpts
                port: 99999
                pathe: /var/www
              - name: pages
                type: git
                host: github.com
            """
        let errors: [Diagnostic]
        switch PublishConfiguration.parse(text, path: "publish.yaml", home: "/home/cpts") {
        case .success: Issue.record("accepted"); return
        case .failure(let problems): errors = problems.diagnostics
        }
        let report = errors.report(in: .french)
        #expect(report.contains("publish.yaml:3:11: erreur : type inconnu « rsinc » (vouliez-vous dire « rsync » ?)"))
        #expect(report.contains("publish.yaml:4:11: erreur : deux cibles s’appellent « hebergeur »"))
        #expect(report.contains("publish.yaml:6:11: erreur : « host » n’est pas un nom de serveur ou une adresse : « -oProxyCommand=touch »"))
        #expect(report.contains("publish.yaml:8:11: erreur : « port » doit être un nombre de 1 à 65535, pas « 99999 »"))
        #expect(report.contains("publish.yaml:9:5: erreur : clé inconnue « pathe » (vouliez-vous dire « path » ?)"))
        #expect(report.contains("la cible n’a pas de « path » (par exemple path: /var/www/cpts)"))
        #expect(report.contains("publish.yaml:12:11: erreur : « host » ne s’applique pas à une cible git"))
        #expect(report.contains("        pathe: /var/www\n        ^"))
    }

    @Test func pathsAreReadFromTheFilesFolderAndHome() throws {
        let text = """
            targets:
              - name: hebergeur
                type: rsync
                host: www.cpts-exemple.fr
                user: cpts
                path: /var/www/cpts
                identity_file: ~/.ssh/cpts_publication
              - name: pages
                type: git
                repository: ../depot.git
            """
        let configuration = try PublishConfiguration.parse(text, path: "/srv/site/publish.yaml", home: "/home/cpts").get()
        #expect(configuration.targets.count == 2)
        #expect(configuration.targets[0].ssh?.identityFile == "/home/cpts/.ssh/cpts_publication")
        #expect(configuration.targets[0].ssh?.knownHosts == "/home/cpts/.ssh/known_hosts")
        #expect(configuration.targets[0].ssh?.port == 22)
        #expect(configuration.targets[1].repository == "/srv/site/../depot.git")
        #expect(configuration.targets[1].branch == "gh-pages")
        #expect(PublishConfiguration.defaultPath(source: "content") == "publish.yaml")
        #expect(PublishConfiguration.defaultPath(source: "/srv/site/content/") == "/srv/site/publish.yaml")
    }

    /// The ssh configuration that rsync, sftp and git are given checks host keys, whatever
    /// publish.yaml says, and carries the host only as a value of its own file.
    @Test func theSSHConfigurationAlwaysChecksTheHostKey() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("parcours-ssh-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let session = try SSHSession(access: SSHAccess(host: "www.cpts-exemple.fr", port: 2222, user: "cpts",
                                                       identityFile: "/home/cpts/clé 100%", knownHosts: "/home/cpts/known_hosts"), in: folder)
        let text = try String(contentsOf: session.configuration, encoding: .utf8)
        #expect(text.contains("StrictHostKeyChecking yes"))
        #expect(text.contains("BatchMode yes"))
        #expect(text.contains("IdentityFile \"/home/cpts/clé 100%%\""))
        #expect(text.contains("HostName www.cpts-exemple.fr"))
        #expect(!session.command.contains("cpts-exemple"))
    }

    @Test func theGitTargetSendsOnlyWhatChangedAndRemovesWhatIsGone() throws {
        let site = try TestSite(copyExample: true)
        defer { site.remove() }
        let bare = site.root.appendingPathComponent("depot.git")
        _ = try ExternalProgram("git").run(["init", "--quiet", "--bare", bare.path], environment: ExternalProgram.inheritedEnvironment())
        let target = PublishTarget(name: "pages", kind: .git, location: SourceLocation(file: "publish.yaml", line: 2, column: 11),
                                   ssh: SSHAccess(knownHosts: "/nonexistent"), repository: bare.path, branch: "gh-pages")
        let output = site.root.appendingPathComponent("site")
        func build() throws -> [String: Data] {
            var options = BuildOptions()
            options.source = site.root.appendingPathComponent("content").path
            options.themes = site.root.appendingPathComponent("themes").path
            options.output = output.path
            let report = Build.run(options)
            #expect(report.succeeded, "\(report.diagnostics.report)")
            return Self.files(in: output)
        }
        func published() throws -> Set<String> {
            let listing = try ExternalProgram("git").run(["--git-dir=\(bare.path)", "ls-tree", "-r", "-z", "--name-only", "gh-pages"],
                                                         environment: ExternalProgram.inheritedEnvironment())
            return Set(listing.outputText.split(separator: "\0").map(String.init))
        }

        // 1. The first publication sends every file (but Parcours's own bookkeeping).
        let first = try build()
        let sent = try Publication.send(site: output, to: target, dryRun: false)
        let expected = Set(first.keys.filter { !$0.hasPrefix(".parcours-") })
        #expect(Set(sent.added) == expected)
        #expect(try published() == expected.union([".nojekyll"]))

        // 2. Nothing changed: nothing sent, no new commit.
        let head = try ExternalProgram("git").run(["--git-dir=\(bare.path)", "rev-parse", "gh-pages"], environment: [:]).outputText
        #expect(try Publication.send(site: output, to: target, dryRun: false).isEmpty)
        #expect(try ExternalProgram("git").run(["--git-dir=\(bare.path)", "rev-parse", "gh-pages"], environment: [:]).outputText == head)

        // 3. One news item's text changed: exactly the files whose bytes changed are sent.
        let news = site.root.appendingPathComponent("content/actualites/bien-grandir-bilan-annee-scolaire.md")
        let text = try String(contentsOf: news, encoding: .utf8)
        try Data((text + "\nUn paragraphe ajouté pour la publication.\n").utf8).write(to: news)
        let second = try build()
        let differing = Set(second.keys.filter { first[$0] != second[$0] && !$0.hasPrefix(".parcours-") })
        #expect(differing.contains("actualites/bien-grandir-bilan-annee-scolaire/index.html"))
        let dryRun = try Publication.send(site: output, to: target, dryRun: true)
        #expect(Set(dryRun.changed) == differing && dryRun.added.isEmpty && dryRun.removed.isEmpty)
        #expect(try ExternalProgram("git").run(["--git-dir=\(bare.path)", "rev-parse", "gh-pages"], environment: [:]).outputText == head)
        let update = try Publication.send(site: output, to: target, dryRun: false)
        #expect(Set(update.changed) == differing)

        // 4. A page removed from the content is removed from the branch.
        try FileManager.default.removeItem(at: site.root.appendingPathComponent("content/actualites/recrutement-ipa.md"))
        _ = try build()
        let removal = try Publication.send(site: output, to: target, dryRun: false)
        #expect(removal.removed.contains("actualites/recrutement-ipa/index.html"))
        #expect(try !published().contains("actualites/recrutement-ipa/index.html"))
        let log = try ExternalProgram("git").run(["--git-dir=\(bare.path)", "log", "--format=%s", "gh-pages"], environment: [:]).outputText
        #expect(log.split(separator: "\n").count == 3)
    }

    @Test func aMissingKnownHostsFileIsExplainedBeforeAnyConnection() throws {
        let target = PublishTarget(name: "hebergeur", kind: .rsync, location: SourceLocation(file: "publish.yaml", line: 2, column: 11),
                                   ssh: SSHAccess(host: "www.cpts-exemple.fr", user: "cpts", knownHosts: "/nonexistent/known_hosts"),
                                   path: "/var/www")
        do {
            _ = try Publication.send(site: URL(fileURLWithPath: "/nonexistent"), to: target, dryRun: false)
            Issue.record("sent")
        } catch {
            let message = error.message(in: .french)
            #expect(message.contains("/nonexistent/known_hosts n’existe pas : ajoutez-y la clé d’hôte du serveur (ssh-keyscan -p 22 www.cpts-exemple.fr)"))
        }
    }

    @Test func theInstalledThemesAreUsedWhenTheSiteHasNone() {
        let installed = "/opt/parcours-0.2.0/share/parcours/themes"
        #expect(InstalledThemes.folder(executable: "/opt/parcours-0.2.0/bin/parcours", exists: { $0 == installed }) == installed)
        #expect(InstalledThemes.folder(executable: "/usr/bin/parcours", exists: { $0 == "/usr/share/parcours/themes" }) == "/usr/share/parcours/themes")
        #expect(InstalledThemes.folder(executable: "/usr/bin/parcours", exists: { _ in true }) == "themes")
        #expect(InstalledThemes.folder(executable: "/usr/bin/parcours", exists: { _ in false }) == "themes")
    }

    static func files(in folder: URL) -> [String: Data] { FolderFiles.read(folder) }
}
