import Foundation
import GRDB
import Hummingbird
import HummingbirdOTP
import HummingbirdTesting
import Testing
@testable import Parcours
@testable import ParcoursServer
@testable import ParcoursStudio

/// The studio in process (HummingbirdTesting's router client, no socket): every attack of
/// issue 11 is refused, and each test checks that nothing changed (content files, history,
/// accounts, public site).
@Suite("Studio")
struct StudioTests {
    static let origin = "https://localhost"
    static let adminPassword = "un mot de passe assez long"
    static let writerPassword = "la rédaction écrit beaucoup"
    static let secretaryPassword = "le secrétariat rappelle"

    /// A clock the tests move forward (idle timeouts, lockouts, scheduled pages).
    final class Clock: @unchecked Sendable {
        private let lock = NSLock()
        private var current = Date()
        var now: Date { lock.withLock { current } }
        func advance(_ seconds: TimeInterval) { lock.withLock { current = current.addingTimeInterval(seconds) } }
    }

    /// A studio on a copy of the example site, with an administrator (second factor
    /// enrolled), a writer and a secretary.
    struct Fixture {
        let site: TestSite
        let studio: Studio
        let clock: Clock
        let adminSecret: String

        var content: URL { site.root.appendingPathComponent("site/content") }
        var docroot: URL { site.root.appendingPathComponent("www/public") }

        init(publicURL: String = StudioTests.origin, configure: (inout StudioConfiguration) -> Void = { _ in }) async throws {
            site = try TestSite(copyExample: true)
            let fileManager = FileManager.default
            // The site's repository: content and themes in one folder, as on a server.
            try fileManager.createDirectory(at: site.root.appendingPathComponent("site"), withIntermediateDirectories: true)
            try fileManager.moveItem(at: site.root.appendingPathComponent("content"), to: site.root.appendingPathComponent("site/content"))
            try fileManager.moveItem(at: site.root.appendingPathComponent("themes"), to: site.root.appendingPathComponent("site/themes"))
            try fileManager.createDirectory(at: site.root.appendingPathComponent("www"), withIntermediateDirectories: true)
            var configuration = StudioConfiguration(
                publicURL: publicURL, content: site.root.appendingPathComponent("site/content").path,
                themes: site.root.appendingPathComponent("site/themes").path,
                docroot: site.root.appendingPathComponent("www/public").path, data: site.root.appendingPathComponent("data").path,
                keyFile: site.root.appendingPathComponent("inbox.key").path)
            configuration.redactionCanPublish = true
            configure(&configuration)
            let clock = Clock()
            self.clock = clock
            // bcrypt's lowest cost: the same checks, faster tests.
            studio = try Studio.open(configuration, passwordCost: 4, now: { clock.now })
            let admin = try studio.accounts.add(email: "admin@cpts-test.fr", name: "Alice Martin", role: .administration, password: StudioTests.adminPassword)
            _ = try studio.accounts.add(email: "redaction@cpts-test.fr", name: "Bruno Petit", role: .redaction, password: StudioTests.writerPassword)
            _ = try studio.accounts.add(email: "secretariat@cpts-test.fr", name: "Chloé Durand", role: .secretariat, password: StudioTests.secretaryPassword)
            let id = try #require(admin.id)
            _ = try await studio.accounts.startEnrolment(of: id)
            try await studio.accounts.confirmEnrolment(of: id)
            adminSecret = try #require(try await studio.accounts.account(id: id)?.totpSecret)
        }

        func code(at date: Date? = nil) -> String {
            String(format: "%06d", TOTP(secret: adminSecret).compute(date: date ?? clock.now))
        }

        func run(_ test: @Sendable @escaping (Client) async throws -> Void) async throws {
            let app = Application(router: StudioServer.router(studio))
            let fixture = self
            try await app.test(.router) { client in
                try await test(Client(client: client, fixture: fixture))
            }
        }

        /// What an attack must leave as it was: every content file's bytes, the history, the
        /// accounts, the public site.
        func state() throws -> [String] {
            var lines: [String] = []
            for path in FileTree.files(under: content).sorted() {
                let data = try Data(contentsOf: content.appendingPathComponent(path))
                lines.append("\(path) \(ContentFolder.version(of: data))")
            }
            lines.append("HEAD " + (try studio.history.head()))
            lines += try studio.accounts.list().map { "\($0.email) \($0.role.rawValue) \($0.passwordHash)" }
            lines += FileTree.files(under: docroot).sorted()
            return lines
        }

        func file(_ path: String) throws -> String {
            try String(contentsOf: content.appendingPathComponent(path), encoding: .utf8)
        }
    }

    /// An HTTP client that keeps its session cookie, like a browser.
    struct Client: Sendable {
        let client: any TestClientProtocol
        let fixture: Fixture

        struct Answer {
            var status: Int
            var headers: HTTPFields
            var body: String
            var location: String? { headers[.location] }
            var setCookies: [String] { headers[values: .setCookie] }
            var csrf: String? {
                body.range(of: "name=\"csrf\" value=\"").flatMap { start in
                    body[start.upperBound...].split(separator: "\"", maxSplits: 1).first.map(String.init)
                }
            }
        }

        func get(_ path: String, cookie: String? = nil, headers extra: HTTPFields = [:]) async throws -> Answer {
            var headers = extra
            if let cookie { headers[.cookie] = cookie }
            let response = try await client.execute(uri: path, method: .get, headers: headers, body: nil)
            return Answer(status: Int(response.status.code), headers: response.headers, body: String(buffer: response.body))
        }

        func post(_ path: String, _ form: [String: String], cookie: String? = nil, origin: String? = StudioTests.origin,
                  headers extra: HTTPFields = [:]) async throws -> Answer {
            var headers = extra
            headers[.contentType] = "application/x-www-form-urlencoded"
            if let origin { headers[.origin] = origin }
            if let cookie { headers[.cookie] = cookie }
            let body = form.map { key, value in
                "\(key)=\(value.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")"
            }.joined(separator: "&")
            let response = try await client.execute(uri: path, method: .post, headers: headers, body: ByteBuffer(string: body))
            return Answer(status: Int(response.status.code), headers: response.headers, body: String(buffer: response.body))
        }

        /// Logs in; the session cookie (`name=value`) and the session's token.
        func login(_ email: String, _ password: String, code: String = "", address: String? = nil) async throws -> (answer: Answer, cookie: String?, csrf: String?) {
            var headers: HTTPFields = [:]
            if let address, let name = HTTPFields.Element.Name("X-Real-IP") { headers[name] = address }
            let page = try await get("/connexion")
            let answer = try await post("/connexion", ["csrf": page.csrf ?? "", "email": email, "mot_de_passe": password, "code": code], headers: headers)
            guard answer.status == 303, let cookie = answer.setCookies.first?.split(separator: ";").first.map(String.init) else {
                return (answer, nil, nil)
            }
            let home = try await get("/", cookie: cookie)
            return (answer, cookie, home.csrf)
        }

        func loginAdmin() async throws -> (cookie: String, csrf: String) {
            // A code works once: each login of the administrator takes the next one.
            fixture.clock.advance(30)
            let session = try await login("admin@cpts-test.fr", StudioTests.adminPassword, code: fixture.code())
            return (try #require(session.cookie), try #require(session.csrf))
        }

        func loginWriter() async throws -> (cookie: String, csrf: String) {
            let session = try await login("redaction@cpts-test.fr", StudioTests.writerPassword)
            return (try #require(session.cookie), try #require(session.csrf))
        }
    }

    // MARK: Login

    @Test func theSessionCookieIsHttpOnlySecureStrictAndNewAtEachLogin() async throws {
        let fixture = try await Fixture()
        defer { fixture.site.remove() }
        try await fixture.run { client in
            let first = try await client.login("redaction@cpts-test.fr", StudioTests.writerPassword)
            let header = try #require(first.answer.setCookies.first)
            #expect(header.hasPrefix(StudioServer.cookieName + "="))
            #expect(header.contains("HttpOnly"))
            #expect(header.contains("Secure"))
            #expect(header.contains("SameSite=Strict"))
            #expect(header.contains("Path=/"))
            // Logging in again with that cookie gives another id, and the old one opens nothing.
            let cookie = try #require(first.cookie)
            let page = try await client.get("/connexion")
            let again = try await client.post("/connexion", ["csrf": page.csrf ?? "", "email": "redaction@cpts-test.fr",
                                                             "mot_de_passe": StudioTests.writerPassword], cookie: cookie)
            let second = try #require(again.setCookies.first?.split(separator: ";").first.map(String.init))
            #expect(second != cookie)
            #expect(try await client.get("/", cookie: cookie).location == "/connexion")
            let opened = try await client.get("/", cookie: second)
            #expect(opened.status == 200, "\(again.setCookies) \(opened.status) \(opened.location ?? "")")
        }
    }

    @Test func anAdministratorNeedsTheCodeAndAFirstLoginEnrolsOne() async throws {
        let fixture = try await Fixture()
        defer { fixture.site.remove() }
        _ = try fixture.studio.accounts.add(email: "nouvelle@cpts-test.fr", name: "Nadia Roux", role: .administration, password: "encore un mot de passe")
        try await fixture.run { client in
            let withoutCode = try await client.login("admin@cpts-test.fr", StudioTests.adminPassword)
            #expect(withoutCode.answer.status == 401)
            #expect(withoutCode.answer.setCookies.isEmpty)
            // The same words as a wrong password: the page does not confirm the password.
            let wrongPassword = try await client.login("admin@cpts-test.fr", "pas le bon mot de passe", code: fixture.code())
            #expect(wrongPassword.answer.status == 401)
            #expect(withoutCode.answer.body.contains("Adresse électronique, mot de passe ou code incorrect"))
            #expect(wrongPassword.answer.body.contains("Adresse électronique, mot de passe ou code incorrect"))
            let wrongCode = try await client.login("admin@cpts-test.fr", StudioTests.adminPassword, code: "000000" == fixture.code() ? "111111" : "000000")
            #expect(wrongCode.answer.status == 401)
            #expect(try await client.login("admin@cpts-test.fr", StudioTests.adminPassword, code: fixture.code()).answer.status == 303)
            // The same code a second time (seen over a shoulder, replayed): refused; the next one works.
            let replayed = try await client.login("admin@cpts-test.fr", StudioTests.adminPassword, code: fixture.code())
            #expect(replayed.answer.status == 401)
            #expect(replayed.answer.body.contains("chaque code ne sert qu’une fois"))
            fixture.clock.advance(30)
            #expect(try await client.login("admin@cpts-test.fr", StudioTests.adminPassword, code: fixture.code()).answer.status == 303)

            // A new administrator: the password opens only the enrolment page, which shows
            // the key as text and as a QR code; the right code ends the enrolment.
            let first = try await client.login("nouvelle@cpts-test.fr", "encore un mot de passe")
            #expect(first.answer.location == "/double-authentification")
            let cookie = try #require(first.cookie)
            #expect(try await client.get("/comptes/", cookie: cookie).location == "/double-authentification")
            #expect(try await client.get("/editeur/", cookie: cookie).location == "/double-authentification")
            let page = try await client.get("/double-authentification", cookie: cookie)
            #expect(page.body.contains("<svg"))
            #expect(page.body.contains("id=\"cle-totp\""))
            let account = try #require(try await fixture.studio.accounts.account(email: "nouvelle@cpts-test.fr"))
            let secret = try #require(account.totpSecret)
            let enrolled = try await client.post("/double-authentification",
                                                 ["csrf": page.csrf ?? "", "code": String(format: "%06d", TOTP(secret: secret).compute(date: fixture.clock.now))],
                                                 cookie: cookie)
            #expect(enrolled.location == "/?message=bienvenue")
            #expect(try await client.get("/comptes/", cookie: cookie).status == 200)
            #expect(try await fixture.studio.accounts.account(email: "nouvelle@cpts-test.fr")?.hasSecondFactor == true)
        }
    }

    @Test func repeatedWrongPasswordsLockTheAccountEvenAgainstTheRightOne() async throws {
        let fixture = try await Fixture()
        defer { fixture.site.remove() }
        let before = try fixture.state()
        try await fixture.run { client in
            for _ in 0..<LoginThrottle.accountThreshold {
                #expect(try await client.login("redaction@cpts-test.fr", "pas le bon mot de passe").answer.status == 401)
            }
            let locked = try await client.login("redaction@cpts-test.fr", StudioTests.writerPassword)
            #expect(locked.answer.status == 429)
            #expect(locked.answer.setCookies.isEmpty)
            #expect(locked.answer.body.contains("Trop d’essais manqués"))
            // A minute later the lock is over; one more failure locks it for twice as long.
            fixture.clock.advance(61)
            #expect(try await client.login("redaction@cpts-test.fr", "toujours pas le bon").answer.status == 401)
            fixture.clock.advance(61)
            #expect(try await client.login("redaction@cpts-test.fr", StudioTests.writerPassword).answer.status == 429)
            fixture.clock.advance(61)
            #expect(try await client.login("redaction@cpts-test.fr", StudioTests.writerPassword).answer.status == 303)
        }
        #expect(try fixture.state() == before)
        let log = try await fixture.studio.audit.latest()
        #expect(log.contains { $0.action == "connexion refusée" && $0.account == "redaction@cpts-test.fr" })
        #expect(log.contains { $0.action == "connexion bloquée" })
    }

    @Test func manyLoginsSentAtOnceCannotAllPassTheLock() async throws {
        let fixture = try await Fixture()
        defer { fixture.site.remove() }
        try await fixture.run { client in
            let page = try await client.get("/connexion")
            let token = try #require(page.csrf)
            let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
                for index in 0..<30 {
                    group.addTask {
                        try await client.post("/connexion", ["csrf": token, "email": "redaction@cpts-test.fr",
                                                             "mot_de_passe": "mauvais mot de passe \(index)"]).status
                    }
                }
                var statuses: [Int] = []
                for try await status in group { statuses.append(status) }
                return statuses
            }
            // Each attempt is counted before its password is checked: five are checked, the rest locked out.
            #expect(statuses.filter { $0 == 401 }.count == LoginThrottle.accountThreshold)
            #expect(statuses.filter { $0 == 429 }.count == 30 - LoginThrottle.accountThreshold)
            #expect(try await client.login("redaction@cpts-test.fr", StudioTests.writerPassword).answer.status == 429)
        }
    }

    @Test func aSessionDeletedDuringASlowRequestDoesNotComeBack() async throws {
        let fixture = try await Fixture()
        defer { fixture.site.remove() }
        let store = fixture.studio.sessions
        let session = StudioSession(accountID: 1, csrfToken: "x", createdAt: Date(), lastSeen: Date(), mustEnrol: false)
        try await store.set(key: "hbs.cle", value: session, expires: .seconds(600))
        try await store.remove(key: "hbs.cle")
        // What the session middleware does at the end of a request that began before the logout.
        try await store.set(key: "hbs.cle", value: session, expires: nil)
        #expect(try await store.get(key: "hbs.cle", as: StudioSession.self) == nil)
    }

    @Test func aNameGitWouldRefuseIsRefusedAndAFailedCommitLeavesNothingStaged() async throws {
        let fixture = try await Fixture()
        defer { fixture.site.remove() }
        for name in [".", "<>", "a\u{0}b", "Nom\nSuite", String(repeating: "x", count: 101)] {
            #expect(throws: AccountStore.Problem.invalidName) {
                _ = try fixture.studio.accounts.add(email: "x@cpts-test.fr", name: name, role: .redaction, password: "un mot de passe assez long")
            }
        }
        // git itself refuses this author: the studio says so and stays up, nothing left staged.
        try Data("---\ntitle: Test\n---\nTexte.\n".utf8).write(to: fixture.content.appendingPathComponent("test.md"))
        #expect(throws: (any Error).self) {
            try fixture.studio.history.commit(paths: ["test.md"], message: "Page « Test » créée", author: .init(name: ".", email: "x@y.fr"))
        }
        let staged = try fixture.studio.history.git.run(["diff", "--cached", "--name-only"])
        #expect(staged.isEmpty)
    }

    @Test func oneAddressTryingManyAccountsIsLockedButOthersAreNot() async throws {
        let fixture = try await Fixture()
        defer { fixture.site.remove() }
        try await fixture.run { client in
            for index in 0..<LoginThrottle.addressThreshold {
                _ = try await client.login("personne\(index)@cpts-test.fr", "mauvais mot de passe", address: "203.0.113.7")
            }
            #expect(try await client.login("redaction@cpts-test.fr", StudioTests.writerPassword, address: "203.0.113.7").answer.status == 429)
            #expect(try await client.login("redaction@cpts-test.fr", StudioTests.writerPassword, address: "198.51.100.20").answer.status == 303)
        }
    }

    @Test func aLoginFormFromElsewhereOrWithoutItsTokenLogsNobodyIn() async throws {
        let fixture = try await Fixture()
        defer { fixture.site.remove() }
        try await fixture.run { client in
            let page = try await client.get("/connexion")
            let fields = ["csrf": page.csrf ?? "", "email": "redaction@cpts-test.fr", "mot_de_passe": StudioTests.writerPassword]
            #expect(try await client.post("/connexion", fields, origin: "https://attaquant.example").status == 403)
            #expect(try await client.post("/connexion", fields, origin: nil).status == 403)
            var forged = fields
            forged["csrf"] = "1700000000.0000"
            let refused = try await client.post("/connexion", forged)
            #expect(refused.status == 403)
            #expect(refused.setCookies.isEmpty)
        }
    }

    // MARK: Sessions

    @Test func aForgedCookieOrOneUsedAfterLogoutOpensNothing() async throws {
        let fixture = try await Fixture()
        defer { fixture.site.remove() }
        let before = try fixture.state()
        try await fixture.run { client in
            let forged = StudioServer.cookieName + "=" + String(repeating: "A", count: 43) + "="
            #expect(try await client.get("/", cookie: forged).location == "/connexion")
            #expect(try await client.get("/editeur/", cookie: forged).location == "/connexion")
            #expect(try await client.post("/publier", ["csrf": "x"], cookie: forged).status == 403)

            let (cookie, csrf) = try await client.loginWriter()
            // Another address with the real cookie is fine (a phone moving between networks).
            if let name = HTTPFields.Element.Name("X-Real-IP") {
                #expect(try await client.get("/", cookie: cookie, headers: [name: "192.0.2.44"]).status == 200)
            }
            let logout = try await client.post("/deconnexion", ["csrf": csrf], cookie: cookie)
            #expect(logout.location == "/connexion?message=deconnexion")
            #expect(logout.setCookies.contains { $0.contains("Expires") })
            #expect(try await client.get("/", cookie: cookie).location == "/connexion")
            let form = try await client.get("/editeur/nouveau/news", cookie: cookie)
            #expect(form.location == "/connexion")
            let attempt = try await client.post("/editeur/nouveau/news", ["csrf": csrf, "title": "Après déconnexion", "date": "2026-11-30",
                                                                          "action": "enregistrer"], cookie: cookie)
            #expect(attempt.status == 403)
        }
        #expect(try fixture.state() == before)
    }

    @Test func anIdleSessionEndsAndSoDoesAVeryLongOne() async throws {
        let fixture = try await Fixture()
        defer { fixture.site.remove() }
        try await fixture.run { client in
            let (cookie, _) = try await client.loginWriter()
            fixture.clock.advance(29 * 60)
            #expect(try await client.get("/", cookie: cookie).status == 200)
            fixture.clock.advance(31 * 60)
            #expect(try await client.get("/", cookie: cookie).location == "/connexion")

            let (active, _) = try await client.loginWriter()
            for _ in 0..<21 {
                fixture.clock.advance(29 * 60)
                _ = try await client.get("/", cookie: active)
            }
            // Active for more than ten hours: logged out all the same.
            #expect(try await client.get("/", cookie: active).location == "/connexion")
        }
    }

    // MARK: Changes need the token and the studio's origin

    @Test func aChangeWithoutTokenOrFromAnotherOriginChangesNothing() async throws {
        let fixture = try await Fixture()
        defer { fixture.site.remove() }
        let before = try fixture.state()
        try await fixture.run { client in
            let (cookie, csrf) = try await client.loginAdmin()
            let news = ["title": "Fausse actualité", "date": "2026-11-30", "summary": "x", "body": "x", "action": "enregistrer"]
            let attempts: [(String, [String: String])] = [
                ("/editeur/nouveau/news", news), ("/publier", [:]),
                ("/comptes/ajouter", ["nom": "Intrus", "email": "intrus@example.org", "role": "administration", "mot_de_passe": "un mot de passe très long"]),
                ("/comptes/supprimer", ["email": "redaction@cpts-test.fr"]),
                ("/editeur/supprimer/actualites/bien-grandir-bilan-annee-scolaire.md", [:]),
                ("/historique/restaurer", ["version": String(repeating: "a", count: 40), "page": "_index.md"]),
            ]
            for (path, form) in attempts {
                let noToken = try await client.post(path, form, cookie: cookie)
                #expect(noToken.status == 403, "\(path) without a token: \(noToken.status)")
                var withToken = form
                withToken["csrf"] = String(csrf.dropLast()) + (csrf.last == "0" ? "1" : "0")
                #expect(try await client.post(path, withToken, cookie: cookie).status == 403, "\(path) with a wrong token")
                withToken["csrf"] = csrf
                #expect(try await client.post(path, withToken, cookie: cookie, origin: "https://attaquant.example").status == 403,
                        "\(path) from another origin")
                #expect(try await client.post(path, withToken, cookie: cookie, origin: nil).status == 403, "\(path) without Origin")
            }
        }
        #expect(try fixture.state() == before)
    }

    @Test func aTenMegabyteBodyIsRefusedEverywhereAndChangesNothing() async throws {
        let fixture = try await Fixture()
        defer { fixture.site.remove() }
        let before = try fixture.state()
        try await fixture.run { client in
            let (cookie, csrf) = try await client.loginAdmin()
            let huge = String(repeating: "a", count: 10_000_000)
            for path in ["/connexion", "/publier", "/deconnexion", "/editeur/nouveau/news", "/editeur/reglages", "/comptes/ajouter",
                         "/historique/restaurer"] {
                let answer = try await client.post(path, ["csrf": csrf, "title": huge, "email": "x@cpts-test.fr"], cookie: cookie)
                #expect([403, 413].contains(answer.status), "\(path): \(answer.status)")
            }
            // An enrolled administrator is sent home before the body is read.
            #expect(try await client.post("/double-authentification", ["csrf": csrf, "code": huge], cookie: cookie).location == "/")
            // The session is still open: none of these was taken for a logout.
            #expect(try await client.get("/", cookie: cookie).status == 200)
        }
        #expect(try fixture.state() == before)
        #expect(FileTree.files(under: fixture.docroot).isEmpty)
    }

    // MARK: Roles

    @Test func eachRoleEntersOnlyItsRooms() async throws {
        let fixture = try await Fixture()
        defer { fixture.site.remove() }
        let before = try fixture.state()
        try await fixture.run { client in
            let (writer, writerToken) = try await client.loginWriter()
            for path in ["/demandes/", "/comptes/", "/journal/", "/editeur/reglages"] {
                #expect(try await client.get(path, cookie: writer).status == 403, "redaction GET \(path)")
            }
            #expect(try await client.post("/editeur/reglages", ["csrf": writerToken, "title": "Piraté", "version": "x"], cookie: writer).status == 403)
            #expect(try await client.post("/comptes/ajouter", ["csrf": writerToken, "nom": "X", "email": "x@example.org", "role": "administration",
                                                               "mot_de_passe": "un mot de passe très long"], cookie: writer).status == 403)
            #expect(!(try await client.get("/editeur/", cookie: writer).body.contains("/editeur/reglages")))

            let secretary = try #require(try await client.login("secretariat@cpts-test.fr", StudioTests.secretaryPassword).cookie)
            let secretaryToken = try #require(try await client.get("/", cookie: secretary).csrf)
            for path in ["/editeur/", "/editeur/modifier/_index.md", "/historique/", "/comptes/", "/journal/"] {
                #expect(try await client.get(path, cookie: secretary).status == 403, "secretariat GET \(path)")
            }
            #expect(try await client.post("/publier", ["csrf": secretaryToken], cookie: secretary).status == 403)
            #expect(try await client.post("/editeur/nouveau/news", ["csrf": secretaryToken, "title": "X", "date": "2026-11-30",
                                                                     "action": "enregistrer"], cookie: secretary).status == 403)
        }
        #expect(try fixture.state() == before)
        let log = try await fixture.studio.audit.latest()
        #expect(log.contains { $0.action == "accès refusé" && $0.account == "secretariat@cpts-test.fr" })
    }

    @Test func aWriterMayNotPublishUnlessStudioYamlAllowsIt() async throws {
        let fixture = try await Fixture { $0.redactionCanPublish = false }
        defer { fixture.site.remove() }
        try await fixture.run { client in
            let (cookie, csrf) = try await client.loginWriter()
            #expect(!(try await client.get("/", cookie: cookie).body.contains("action=\"/publier\"")))
            #expect(try await client.post("/publier", ["csrf": csrf], cookie: cookie).status == 403)
        }
        #expect(FileTree.files(under: fixture.docroot).isEmpty)
    }

    @Test func pathsThatLeaveTheContentFolderAreRefusedEverywhere() async throws {
        let fixture = try await Fixture()
        defer { fixture.site.remove() }
        try Data("secret: ne pas lire\n".utf8).write(to: fixture.site.root.appendingPathComponent("site/secret.md"))
        let before = try fixture.state()
        try await fixture.run { client in
            let (cookie, csrf) = try await client.loginAdmin()
            let head = try fixture.studio.history.head()
            let paths = [
                "/editeur/modifier/../secret.md", "/editeur/modifier/%2e%2e/secret.md", "/editeur/modifier/..%2fsecret.md",
                "/editeur/modifier//etc/passwd", "/editeur/modifier/.git/config",
                "/historique/page/../secret.md", "/historique/page/%2e%2e%2fsecret.md", "/historique/page/.git/config",
                "/historique/version/\(head)/../secret.md", "/historique/version/\(head)/%2e%2e/secret.md",
                "/historique/version/HEAD/_index.md", "/historique/version/\(head)/..%2f..%2fstudio.yaml",
                "/..%2f..%2fetc/passwd", "/editeur/../../data/studio.sqlite",
            ]
            for path in paths {
                let answer = try await client.get(path, cookie: cookie)
                #expect([404, 303].contains(answer.status), "\(path): \(answer.status)")
                #expect(!answer.body.contains("ne pas lire"), "\(path)")
            }
            for (path, form) in [("/editeur/modifier/../secret.md", ["title": "x", "action": "enregistrer"]),
                                 ("/editeur/supprimer/../secret.md", [:]),
                                 ("/historique/restaurer", ["version": head, "page": "../secret.md"]),
                                 ("/historique/restaurer", ["version": "HEAD~1", "page": "_index.md"])] {
                var form = form
                form["csrf"] = csrf
                let answer = try await client.post(path, form, cookie: cookie)
                #expect(answer.status == 404, "POST \(path) \(form): \(answer.status)")
            }
        }
        #expect(try fixture.state() == before)
    }

    @Test func anotherHostNameGetsNothing() async throws {
        // The test client always sends Host: localhost; this studio answers only to studio.example.
        let fixture = try await Fixture(publicURL: "https://studio.example")
        defer { fixture.site.remove() }
        try await fixture.run { client in
            let answer = try await client.get("/connexion")
            #expect(answer.status == 421)
            #expect(try await client.post("/connexion", ["email": "admin@cpts-test.fr"]).status == 421)
        }
    }

    @Test func everyAnswerCarriesTheSecurityHeaders() async throws {
        let fixture = try await Fixture()
        defer { fixture.site.remove() }
        try await fixture.run { client in
            for path in ["/connexion", "/", "/studio.css", "/inconnu"] {
                let answer = try await client.get(path)
                let policy = try #require(answer.headers[HTTPFields.Element.Name("Content-Security-Policy")!], "\(path)")
                #expect(policy.contains("frame-ancestors 'none'"))
                #expect(policy.contains("script-src 'self'"))
                #expect(!policy.contains("unsafe-inline"))
                #expect(answer.headers[HTTPFields.Element.Name("Strict-Transport-Security")!]?.contains("max-age=") == true)
                #expect(answer.headers[HTTPFields.Element.Name("X-Content-Type-Options")!] == "nosniff")
            }
            let page = try await client.get("/connexion")
            #expect(!page.body.contains("<script>"))
            #expect(!page.body.contains(" style="))
        }
    }

    // MARK: History and publication

    @Test func aSaveIsACommitByTheAccountAndTheHistoryRestoresIt() async throws {
        let fixture = try await Fixture()
        defer { fixture.site.remove() }
        try await fixture.run { client in
            let (cookie, csrf) = try await client.loginWriter()
            let created = try await client.post("/editeur/nouveau/news", [
                "csrf": csrf, "title": "Permanence de vaccination à Naintré", "date": "2026-11-30",
                "summary": "Une permanence sans rendez-vous.", "body": "Venez le mardi matin.", "action": "enregistrer"], cookie: cookie)
            #expect(created.status == 303, "\(created.body.prefix(1500))")
            let path = "actualites/permanence-de-vaccination-a-naintre.md"
            let first = try fixture.file(path)
            var revisions = try fixture.studio.history.revisions(of: path)
            #expect(revisions.count == 1)
            #expect(revisions.first?.authorName == "Bruno Petit")
            #expect(revisions.first?.authorEmail == "redaction@cpts-test.fr")
            #expect(revisions.first?.message == "Actualité « Permanence de vaccination à Naintré » créée")

            let edit = try await client.get("/editeur/modifier/" + path, cookie: cookie)
            let version = try #require(edit.body.range(of: "name=\"version\" value=\"").flatMap { edit.body[$0.upperBound...].split(separator: "\"").first.map(String.init) })
            let saved = try await client.post("/editeur/modifier/" + path, [
                "csrf": csrf, "version": version, "title": "Permanence de vaccination à Naintré", "date": "2026-11-30",
                "summary": "Une permanence sans rendez-vous, le mardi.", "body": "Venez le mardi matin, de 9 h à 12 h.", "action": "enregistrer"], cookie: cookie)
            #expect(saved.status == 303, "\(saved.body.prefix(1500))")
            revisions = try fixture.studio.history.revisions(of: path)
            #expect(revisions.map(\.message) == ["Actualité « Permanence de vaccination à Naintré » modifiée",
                                                 "Actualité « Permanence de vaccination à Naintré » créée"])

            // The unpublished site shows it under /apercu/, with its style sheet.
            let preview = try await client.get("/apercu/actualites/permanence-de-vaccination-a-naintre/", cookie: cookie)
            #expect(preview.status == 200)
            #expect(preview.body.contains("le mardi"))
            let styleSheet = try #require(preview.body.range(of: "rel=\"stylesheet\" href=\"").flatMap { preview.body[$0.upperBound...].split(separator: "\"").first })
            #expect(styleSheet.hasPrefix("/apercu/"))
            #expect(try await client.get(String(styleSheet), cookie: cookie).status == 200)
            #expect(!FileManager.default.fileExists(atPath: fixture.docroot.appendingPathComponent("actualites/permanence-de-vaccination-a-naintre").path))

            // The history says what changed, in words.
            let list = try await client.get("/historique/page/" + path, cookie: cookie)
            #expect(list.body.contains("Bruno Petit"))
            let diff = try await client.get("/historique/version/\(revisions[0].id)/\(path)", cookie: cookie)
            #expect(diff.status == 200)
            #expect(diff.body.contains("<del>"))
            #expect(diff.body.contains("<ins>"))
            #expect(diff.body.contains("le mardi"))

            // Restoring the first version is a new commit with the first text.
            let restored = try await client.post("/historique/restaurer", ["csrf": csrf, "version": revisions[1].id, "page": path], cookie: cookie)
            #expect(restored.status == 303)
            #expect(try fixture.file(path) == first)
            let after = try fixture.studio.history.revisions(of: path)
            #expect(after.count == 3)
            #expect(after.first?.authorName == "Bruno Petit")
            #expect(after.first?.message.hasPrefix("Page « Permanence de vaccination à Naintré » rétablie") == true)
        }
    }

    @Test func publishingBuildsTheLatestRevisionAndAFailedBuildLeavesThePublicSite() async throws {
        let fixture = try await Fixture()
        defer { fixture.site.remove() }
        try await fixture.run { client in
            let (cookie, csrf) = try await client.loginAdmin()
            let publish = try await client.post("/publier", ["csrf": csrf], cookie: cookie)
            #expect(publish.location == "/publication")
            let published = try await client.get("/publication", cookie: cookie)
            #expect(published.status == 200)
            #expect(published.body.contains("Site construit"))
            let index = fixture.docroot.appendingPathComponent("index.html")
            let before = try Data(contentsOf: index)

            // A page broken on disk (and committed, as a push from elsewhere would): the build
            // fails, the errors are in French, the public site does not change.
            try Data("---\ntitle: Cassée\ndate: 2026-13-45\n---\nTexte.\n".utf8).write(to: fixture.content.appendingPathComponent("actualites/cassee.md"))
            try fixture.studio.history.commit(paths: ["actualites/cassee.md"], message: "Page cassée", author: .studio)
            #expect(try await client.post("/publier", ["csrf": csrf], cookie: cookie).location == "/publication")
            let refused = try await client.get("/publication", cookie: cookie)
            #expect(refused.status == 422)
            #expect(refused.body.contains("Publication refusée"))
            #expect(refused.body.contains("actualites/cassee.md:3"))
            #expect(refused.body.contains("erreur"))
            #expect(try Data(contentsOf: index) == before)
            #expect(!FileManager.default.fileExists(atPath: fixture.docroot.appendingPathComponent("actualites/cassee").path))
        }
        let log = try await fixture.studio.audit.latest()
        #expect(log.contains { $0.action == "publication" })
        #expect(log.contains { $0.action == "publication refusée" })
    }

    @Test func aScheduledPageAppearsOnItsDayAndAnExpiredOneGoesWithoutAnybody() async throws {
        let fixture = try await Fixture()
        defer { fixture.site.remove() }
        var paris = Calendar(identifier: .gregorian)
        paris.timeZone = try #require(TimeZone(identifier: "Europe/Paris"))
        func local(_ date: Date) -> String {
            let parts = paris.dateComponents([.year, .month, .day, .hour, .minute], from: date)
            return String(format: "%04d-%02d-%02dT%02d:%02d", parts.year ?? 0, parts.month ?? 0, parts.day ?? 0, parts.hour ?? 0, parts.minute ?? 0)
        }
        let soon = fixture.clock.now.addingTimeInterval(120)
        try Data("---\ntitle: Bientôt\ndate: 2026-11-30\npublish_date: \(local(soon))\n---\nTexte.\n".utf8)
            .write(to: fixture.content.appendingPathComponent("actualites/bientot.md"))
        try Data("---\ntitle: Bientôt retirée\ndate: 2026-11-30\nexpiry_date: \(local(soon))\n---\nTexte.\n".utf8)
            .write(to: fixture.content.appendingPathComponent("actualites/bientot-retiree.md"))
        try fixture.studio.history.commit(paths: ["actualites"], message: "Deux pages programmées", author: .studio)
        try await fixture.run { client in
            let (cookie, csrf) = try await client.loginAdmin()
            #expect(try await client.post("/publier", ["csrf": csrf], cookie: cookie).location == "/publication")
        }
        let upcoming = fixture.docroot.appendingPathComponent("actualites/bientot/index.html").path
        let expiring = fixture.docroot.appendingPathComponent("actualites/bientot-retiree/index.html").path
        #expect(!FileManager.default.fileExists(atPath: upcoming))
        #expect(FileManager.default.fileExists(atPath: expiring))
        #expect(await fixture.studio.workshop.nextScheduledChange != nil)
        await fixture.studio.workshop.republishIfDue()
        #expect(!FileManager.default.fileExists(atPath: upcoming))
        fixture.clock.advance(180)
        await fixture.studio.workshop.republishIfDue()
        #expect(FileManager.default.fileExists(atPath: upcoming))
        #expect(!FileManager.default.fileExists(atPath: expiring))
        #expect(try await fixture.studio.audit.latest().contains { $0.action == "publication programmée" })
    }

    // MARK: Accounts and the journal

    @Test func anAdministratorAddsAndRemovesAccountsAndTheJournalKeepsEverything() async throws {
        let fixture = try await Fixture()
        defer { fixture.site.remove() }
        try await fixture.run { client in
            let (cookie, csrf) = try await client.loginAdmin()
            let short = try await client.post("/comptes/ajouter", ["csrf": csrf, "nom": "Denis", "email": "denis@cpts-test.fr", "role": "redaction",
                                                                   "mot_de_passe": "court"], cookie: cookie)
            #expect(short.status == 422)
            #expect(short.body.contains("au moins 12 caractères"))
            let added = try await client.post("/comptes/ajouter", ["csrf": csrf, "nom": "Denis Moreau", "email": "denis@cpts-test.fr",
                                                                   "role": "redaction", "mot_de_passe": "un mot de passe provisoire"], cookie: cookie)
            #expect(added.location == "/comptes/?message=cree")
            #expect(try await client.login("denis@cpts-test.fr", "un mot de passe provisoire").answer.status == 303)
            let removed = try await client.post("/comptes/supprimer", ["csrf": csrf, "email": "denis@cpts-test.fr"], cookie: cookie)
            #expect(removed.location == "/comptes/?message=supprime")
            #expect(try await client.login("denis@cpts-test.fr", "un mot de passe provisoire").answer.status == 401)
            let journal = try await client.get("/journal/", cookie: cookie)
            #expect(journal.body.contains("compte créé"))
            #expect(journal.body.contains("compte supprimé"))
            #expect(journal.body.contains("connexion refusée"))
        }
        // Append-only, whoever asks: the database refuses to change or delete a line.
        await #expect(throws: (any Error).self) {
            try await fixture.studio.database.write { db in try db.execute(sql: "UPDATE audit SET detail = 'effacé'") }
        }
        await #expect(throws: (any Error).self) {
            try await fixture.studio.database.write { db in try db.execute(sql: "DELETE FROM audit") }
        }
    }

    // MARK: studio.yaml

    @Test func studioYamlErrorsAreAllSaidAtTheirLineInFrench() throws {
        let text = """
            listen: 127.0.0.1:99999
            public_url: pas une adresse
            content: site/content
            themes: site/themes
            docroot: www/public
            data: data
            key_file: inbox.key
            sesion_idle_minutes: 10
            session_max_hours: 0
            """
        guard case .failure(let errors) = StudioConfiguration.parse(text, path: "/srv/studio.yaml") else {
            Issue.record("accepted")
            return
        }
        #expect(errors.messages.count == 4)
        #expect(errors.messages.contains { $0.hasPrefix("/srv/studio.yaml:1:") && $0.contains("« listen »") })
        #expect(errors.messages.contains { $0.hasPrefix("/srv/studio.yaml:2:") && $0.contains("https://studio.cpts-exemple.fr") })
        #expect(errors.messages.contains { $0.hasPrefix("/srv/studio.yaml:8:") && $0.contains("vouliez-vous dire « session_idle_minutes »") })
        #expect(errors.messages.contains { $0.hasPrefix("/srv/studio.yaml:9:") && $0.contains("entre 1 et 168") })
    }
}
