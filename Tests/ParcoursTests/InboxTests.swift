import Foundation
import GRDB
import Hummingbird
import HummingbirdTesting
import Testing
@testable import Parcours
@testable import ParcoursStudio

/// The inbox (issue 12) in process: the endpoint of the public site's form, its refusals
/// (each storing nothing), the sealed storage, the secretary's pages, the export, retention.
@Suite("Inbox")
struct InboxTests {
    static let siteOrigin = "https://www.cpts-test.fr"
    typealias Fixture = StudioTests.Fixture

    static let person: [String: String] = [
        "nom": "Lefèvre", "prenom": "Hélène", "date_naissance_jour": "14", "date_naissance_mois": "3", "date_naissance_annee": "1956",
        "telephone": "06 12 34 56 78", "email": "", "commune": "Naintré", "medecin_traitant": "non", "ald": "oui",
        "deplacement": "accompagne", "foyer": "non", "rappel": "matin", "consentement": "on", "reference_interne": "",
        "_next": "https://www.cpts-trois-rivieres.fr/acces-medecin/merci/",
    ]

    static func fixture(_ configure: @escaping (inout StudioConfiguration) -> Void = { _ in }) async throws -> Fixture {
        let fixture = try await Fixture { configuration in
            configuration.siteOrigin = InboxTests.siteOrigin
            configure(&configuration)
        }
        // The inbox checks requests against the published site.
        await fixture.studio.workshop.publishLatest()
        return fixture
    }

    func send(_ client: StudioTests.Client, _ fields: [String: String], form: String = "acces-medecin", origin: String? = InboxTests.siteOrigin,
              json: Bool = false, address: String = "192.0.2.10") async throws -> StudioTests.Client.Answer {
        var headers: HTTPFields = [:]
        if let name = HTTPFields.Element.Name("X-Real-IP") { headers[name] = address }
        if json {
            headers[.contentType] = "application/json"
            headers[.accept] = "application/json"
            if let origin { headers[.origin] = origin }
            let body = try JSONSerialization.data(withJSONObject: fields)
            let response = try await client.client.execute(uri: "/formulaires/" + form, method: .post, headers: headers, body: ByteBuffer(bytes: body))
            return .init(status: Int(response.status.code), headers: response.headers, body: String(buffer: response.body))
        }
        return try await client.post("/formulaires/" + form, fields, origin: origin, headers: headers)
    }

    func stored(_ fixture: Fixture) async throws -> Int {
        try await fixture.studio.inbox.all().requests.count
    }

    @Test func aRequestFromThePublicSiteIsStoredSealedAndTheBrowserGoesToTheThankYouPage() async throws {
        let fixture = try await Self.fixture()
        defer { fixture.site.remove() }
        try await fixture.run { client in
            let answer = try await send(client, Self.person)
            #expect(answer.status == 303)
            #expect(answer.location == "https://www.cpts-trois-rivieres.fr/acces-medecin/merci/")
            #expect(answer.headers[HTTPFields.Element.Name("Access-Control-Allow-Origin")!] == Self.siteOrigin)
            let script = try await send(client, Self.person, json: true)
            #expect(script.status == 200)
            #expect(script.body == #"{"ok":true}"#)
        }
        let requests = try await fixture.studio.inbox.all().requests
        #expect(requests.count == 2)
        let answers = try #require(requests.first?.contents.answers)
        #expect(answers.first { $0.name == "nom" }?.value == "Lefèvre")
        #expect(answers.first { $0.name == "date_naissance" }?.value == "14/03/1956")
        #expect(answers.first { $0.name == "deplacement" }?.value == "Oui, si quelqu’un m’accompagne")
        #expect(answers.first { $0.name == "ald" }?.label == "Êtes-vous suivi pour une maladie chronique ou une affection de longue durée (ALD) ?")
        #expect(requests.first?.contents.outsideTerritory == false)
        // Nothing in clear on the disk: not the name, not the phone number, in any file of data/.
        for file in FileTree.files(under: fixture.site.root.appendingPathComponent("data")) {
            let bytes = try Data(contentsOf: fixture.site.root.appendingPathComponent("data").appendingPathComponent(file))
            for secret in ["Lefèvre", "Hélène", "06 12 34 56 78", "0612345678", "accompagne"] {
                #expect(bytes.range(of: Data(secret.utf8)) == nil, "\(secret) in \(file)")
            }
        }
    }

    @Test func everyInvalidSubmissionIsRefusedWithItsReasonAndStoresNothing() async throws {
        let fixture = try await Self.fixture()
        defer { fixture.site.remove() }
        try await fixture.run { client in
            var missing = Self.person
            missing["telephone"] = nil
            let noPhone = try await send(client, missing)
            #expect(noPhone.status == 422)
            #expect(noPhone.body.contains("« Téléphone » : la réponse manque"))
            #expect(noPhone.body.contains("ouvrir le formulaire vide"))

            var option = Self.person
            option["rappel"] = "la-nuit"
            let unknown = try await send(client, option, json: true)
            #expect(unknown.status == 422)
            #expect(unknown.body.contains("n’est pas une des réponses proposées"))

            var date = Self.person
            date["date_naissance_jour"] = "31"
            date["date_naissance_mois"] = "2"
            #expect(try await send(client, date).body.contains("n’est pas une date"))

            var robot = Self.person
            robot["reference_interne"] = "https://spam.example/"
            let trapped = try await send(client, robot)
            #expect(trapped.status == 422)
            #expect(trapped.body.contains("seuls les robots remplissent"))

            var hasty = Self.person
            hasty["_debut"] = String(Int(fixture.clock.now.timeIntervalSince1970 * 1000) - 500)
            #expect(try await send(client, hasty).body.contains("trop vite"))

            #expect(try await send(client, Self.person, form: "inconnu").status == 404)
            #expect(try await send(client, Self.person, form: "../../etc").status == 404)

            var huge = Self.person
            huge["nom"] = String(repeating: "a", count: 10_000_000)
            #expect(try await send(client, huge).status == 413)
            var long = Self.person
            long["nom"] = String(repeating: "a", count: 201)
            #expect(try await send(client, long).body.contains("dépasse 200 caractères"))

            // A page of another site gets no permission, and sends nothing.
            let foreign = try await send(client, Self.person, origin: "https://attaquant.example")
            #expect(foreign.status == 403)
            #expect(foreign.headers[HTTPFields.Element.Name("Access-Control-Allow-Origin")!] == nil)
        }
        #expect(try await stored(fixture) == 0)
    }

    @Test func thePreflightAllowsThePublicSiteOnly() async throws {
        let fixture = try await Self.fixture()
        defer { fixture.site.remove() }
        try await fixture.run { client in
            let allowed = try await client.client.execute(uri: "/formulaires/acces-medecin", method: .options,
                                                          headers: [.origin: Self.siteOrigin], body: nil)
            #expect(allowed.status == .noContent)
            #expect(allowed.headers[HTTPFields.Element.Name("Access-Control-Allow-Origin")!] == Self.siteOrigin)
            #expect(allowed.headers[HTTPFields.Element.Name("Access-Control-Allow-Headers")!]?.contains("Content-Type") == true)
            let refused = try await client.client.execute(uri: "/formulaires/acces-medecin", method: .options,
                                                          headers: [.origin: "https://attaquant.example"], body: nil)
            #expect(refused.status == .forbidden)
            #expect(refused.headers[HTTPFields.Element.Name("Access-Control-Allow-Origin")!] == nil)
        }
    }

    @Test func aFloodIsRefusedWith429AndStoresNothingMore() async throws {
        let fixture = try await Self.fixture { $0.formBurst = 5; $0.formRatePerMinute = 6 }
        defer { fixture.site.remove() }
        try await fixture.run { client in
            var statuses: [Int] = []
            for _ in 0..<12 { statuses.append(try await send(client, Self.person, json: true).status) }
            #expect(statuses.prefix(5).allSatisfy { $0 == 200 })
            #expect(statuses.dropFirst(5).allSatisfy { $0 == 429 })
            // Another address is not slowed down by this one.
            #expect(try await send(client, Self.person, json: true, address: "198.51.100.3").status == 200)
        }
        #expect(try await stored(fixture) == 6)
    }

    @Test func theSecretaryReadsUpdatesAndExportsAndEveryLookIsInTheJournal() async throws {
        let fixture = try await Self.fixture()
        defer { fixture.site.remove() }
        try await fixture.run { client in
            var outside = Self.person
            outside["commune"] = "Poitiers"
            outside["nom"] = "Dupré"
            _ = try await send(client, Self.person)
            _ = try await send(client, outside)
            let secretary = try #require(try await client.login("secretariat@cpts-test.fr", StudioTests.secretaryPassword).cookie)
            let home = try await client.get("/", cookie: secretary)
            #expect(home.body.contains("2 nouvelles demandes"))
            let list = try await client.get("/demandes/", cookie: secretary)
            #expect(list.status == 200)
            #expect(list.body.contains("Dupré Hélène"))
            #expect(list.body.contains("hors territoire"))
            let reference = try #require(list.body.range(of: "<td><a href=\"/demandes/").map { String(list.body[$0.upperBound...].prefix(24)) })
            let detail = try await client.get("/demandes/" + reference, cookie: secretary)
            #expect(detail.body.contains("Êtes-vous suivi pour une maladie chronique"))
            #expect(detail.body.contains("06 12 34 56 78"))
            let token = try #require(detail.csrf)
            let updated = try await client.post("/demandes/" + reference, ["csrf": token, "statut": "rappelee", "note": "Rappelée mardi, RDV jeudi 10 h à Lencloître."],
                                                cookie: secretary)
            #expect(updated.location == "/demandes/?message=enregistre")
            #expect(try await client.post("/demandes/" + reference, ["statut": "close", "note": ""], cookie: secretary).status == 403)
            let again = try await client.get("/demandes/" + reference, cookie: secretary)
            #expect(again.body.contains("Rappelée mardi"))
            #expect(again.body.contains("Dernière mise à jour par Chloé Durand"))
            let csv = try await client.client.execute(uri: "/demandes/export.csv", method: .get, headers: [.cookie: secretary], body: nil)
            let bytes = Array(csv.body.readableBytesView)
            #expect(bytes.prefix(3) == [0xEF, 0xBB, 0xBF])
            let text = String(decoding: bytes.dropFirst(3), as: UTF8.self)
            #expect(text.hasPrefix("\"Reçue le\";\"Formulaire\";\"Statut\";\"Nom\";\"Prénom\""))
            #expect(text.contains("\"Rappelée\""))
            #expect(text.contains("\"Hélène\""))
            #expect(text.contains("\"Rappelée mardi, RDV jeudi 10 h à Lencloître.\""))
            // The note is sealed too.
            for file in FileTree.files(under: fixture.site.root.appendingPathComponent("data")) {
                let data = try Data(contentsOf: fixture.site.root.appendingPathComponent("data").appendingPathComponent(file))
                #expect(data.range(of: Data("RDV jeudi".utf8)) == nil)
            }

            // The writer sees none of it.
            let (writer, _) = try await client.loginWriter()
            #expect(try await client.get("/demandes/", cookie: writer).status == 403)
            #expect(try await client.get("/demandes/" + reference, cookie: writer).status == 403)
            #expect(try await client.get("/demandes/export.csv", cookie: writer).status == 403)
        }
        let log = try await fixture.studio.audit.latest()
        #expect(log.filter { $0.action == "demande reçue" }.count == 2)
        #expect(log.contains { $0.action == "demande consultée" && $0.account == "secretariat@cpts-test.fr" })
        #expect(log.contains { $0.action == "demandes exportées" })
        #expect(!log.contains { $0.detail.contains("Hélène") || $0.detail.contains("06 12") })
    }

    @Test func requestsOlderThanTheRetentionAreDeletedAndOnlyCounted() async throws {
        let fixture = try await Self.fixture()
        defer { fixture.site.remove() }
        try await fixture.run { client in
            _ = try await send(client, Self.person)
        }
        fixture.clock.advance(364 * 86_400)
        await fixture.studio.workshop.purgeExpiredRequests(in: fixture.studio.inbox)
        #expect(try await stored(fixture) == 1)
        fixture.clock.advance(2 * 86_400)
        await fixture.studio.workshop.purgeExpiredRequests(in: fixture.studio.inbox)
        #expect(try await stored(fixture) == 0)
        let purge = try #require(try await fixture.studio.audit.latest().first { $0.action.hasPrefix("demandes effacées") })
        #expect(purge.detail.hasPrefix("1 demande reçue avant le"))
    }
}
