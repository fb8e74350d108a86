import Foundation
import Testing
import ParcoursStudio

/// `parcours studio user …` as an administrator types it on the server.
@Suite("Studio command line")
struct StudioCommandTests {
    static let configuration = """
        listen: 127.0.0.1:18090
        public_url: https://studio.cpts-test.fr
        content: content
        themes: themes
        docroot: www/public
        data: data
        key_file: inbox.key
        """

    @Test func accountsAreAddedListedResetAndRemovedFromTheCommandLine() throws {
        let site = try TestSite()
        defer { site.remove() }
        try site.write("studio.yaml", Self.configuration, under: ".")
        let add = try site.run(["studio", "user", "add", "admin@cpts-test.fr", "--role", "administration", "--name", "Alice Martin",
                                "--config", "studio.yaml"], input: "une phrase assez longue\n")
        #expect(add.status == 0, "\(add.errors)")
        #expect(add.output.contains("Compte créé : admin@cpts-test.fr (Administration)"))
        #expect(add.output.contains("double authentification sera demandée"))

        let short = try site.run(["studio", "user", "add", "bruno@cpts-test.fr", "--role", "redaction", "--config", "studio.yaml"], input: "court\n")
        #expect(short.status == 1)
        #expect(short.errors.contains("au moins 12 caractères"))
        let noPassword = try site.run(["studio", "user", "add", "bruno@cpts-test.fr", "--role", "redaction", "--config", "studio.yaml"])
        #expect(noPassword.status == 1)
        #expect(noPassword.errors.contains("aucun mot de passe"))
        let role = try site.run(["studio", "user", "add", "bruno@cpts-test.fr", "--role", "redacteur", "--config", "studio.yaml"], input: "une phrase assez longue\n")
        #expect(role.status == 2)
        #expect(role.errors.contains("redaction, administration or secretariat"))
        let twice = try site.run(["studio", "user", "add", "ADMIN@cpts-test.fr", "--role", "redaction", "--config", "studio.yaml"], input: "une phrase assez longue\n")
        #expect(twice.status == 1)
        #expect(twice.errors.contains("un compte existe déjà pour admin@cpts-test.fr"))

        let list = try site.run(["studio", "user", "list", "--config", "studio.yaml"])
        #expect(list.output == "admin@cpts-test.fr\tadministration\tAlice Martin  double authentification à activer\n")
        #expect(try site.run(["studio", "user", "reset-password", "admin@cpts-test.fr", "--config", "studio.yaml"], input: "une autre phrase longue\n").status == 0)
        #expect(try site.run(["studio", "user", "reset-second-factor", "admin@cpts-test.fr", "--config", "studio.yaml"]).status == 0)
        let unknown = try site.run(["studio", "user", "reset-password", "personne@cpts-test.fr", "--config", "studio.yaml"], input: "une autre phrase longue\n")
        #expect(unknown.status == 1)
        #expect(unknown.errors.contains("aucun compte pour personne@cpts-test.fr"))
        let last = try site.run(["studio", "user", "remove", "admin@cpts-test.fr", "--config", "studio.yaml"])
        #expect(last.status == 1)
        #expect(last.errors.contains("dernier compte d’administration"))

        // The data folder is the studio's alone.
        let attributes = try FileManager.default.attributesOfItem(atPath: site.root.appendingPathComponent("data").path)
        #expect((attributes[.posixPermissions] as? Int) == 0o700)
    }

    @Test func theDeploymentKitsStudioYamlIsValid() throws {
        let path = TestSite.repository.appendingPathComponent("deploy/studio/studio.yaml").path
        guard case .success(let configuration) = StudioConfiguration.load(path: path) else {
            Issue.record("deploy/studio/studio.yaml: \(StudioConfiguration.load(path: path))")
            return
        }
        #expect(configuration.publicURL == "https://studio.cpts-trois-rivieres.fr")
        #expect(configuration.listenHost == "127.0.0.1")
        #expect(configuration.docroot == "/srv/parcours/www/public")
    }

    @Test func aBadStudioYamlSaysEveryProblemAndExitsWithTwo() throws {
        let site = try TestSite()
        defer { site.remove() }
        try site.write("studio.yaml", "public_url: studio\ncontent: content\nlisten: partout\n", under: ".")
        let run = try site.run(["studio", "--config", "studio.yaml"])
        #expect(run.status == 2)
        #expect(run.errors.contains("studio.yaml:1:13 : « public_url » doit être l’adresse https du studio"))
        #expect(run.errors.contains("studio.yaml:3:9 : « listen » doit être une adresse et un port"))
        #expect(run.errors.contains("le réglage « docroot » manque"))
        let missing = try site.run(["studio", "user", "list", "--config", "absent.yaml"])
        #expect(missing.status == 2)
        #expect(missing.errors.contains("absent.yaml : fichier introuvable"))
    }

    @Test func theInboxKeyIsMadeOnceReadableByTheStudioAlone() throws {
        let site = try TestSite(copyExample: true)
        defer { site.remove() }
        try site.write("studio.yaml", Self.configuration, under: ".")
        // Opening the studio makes the key (then the server would start: not needed here).
        let studio = try ParcoursStudioOpener.open(site.root.appendingPathComponent("studio.yaml").path)
        _ = studio
        let key = site.root.appendingPathComponent("inbox.key").path
        let attributes = try FileManager.default.attributesOfItem(atPath: key)
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
        let bytes = try Data(contentsOf: URL(fileURLWithPath: key))
        #expect(bytes.count == 32)
        _ = try ParcoursStudioOpener.open(site.root.appendingPathComponent("studio.yaml").path)
        #expect(try Data(contentsOf: URL(fileURLWithPath: key)) == bytes)
        chmod(key, 0o644)
        #expect(throws: (any Error).self) { try ParcoursStudioOpener.open(site.root.appendingPathComponent("studio.yaml").path) }
    }
}



enum ParcoursStudioOpener {
    static func open(_ path: String) throws -> Studio {
        switch StudioConfiguration.load(path: path) {
        case .success(let configuration): return try Studio.open(configuration, passwordCost: 4)
        case .failure(let errors): throw errors
        }
    }
}
