import Foundation
import Testing
@testable import Parcours

@Suite("Markdown")
struct MarkdownTests {
    /// Debian's cmark-gfm corrupts output when two parsers with extensions run at once:
    /// every parse must go through the renderer's lock (the walk and the HTML need not).
    /// Many documents rendered from many threads, with every extension, links and
    /// footnotes, must equal a serial run.
    @Test func concurrentRenderingMatchesSerialRendering() async {
        let documents = (0..<400).map { index in
            """
            # Titre \(index)

            Texte ~~barré \(index)~~ avec un lien https://exemple.fr/\(index) et **gras**, vers
            l’[équipe](/equipe/\(index)/) et ![photo \(index)](/images/\(index).png).

            | a | b |
            |---|---|
            | \(index) | ~~x~~ |

            - [ ] tâche \(index)

            Note[^n\(index)].

            [^n\(index)]: Une note.
            """
        }
        // Links are rewritten as the stage rewrites them: on the tree, outside the lock.
        @Sendable func render(_ document: String) -> RenderedMarkdown {
            MarkdownRenderer.render(document) { link in link.destination.hasPrefix("/") ? "/site" + link.destination : nil }
        }
        let serial = documents.map(render)
        let concurrent = await withTaskGroup(of: (Int, RenderedMarkdown).self) { group in
            for (index, document) in documents.enumerated() {
                group.addTask { (index, render(document)) }
            }
            var results = [RenderedMarkdown?](repeating: nil, count: documents.count)
            for await (index, rendered) in group { results[index] = rendered }
            return results
        }
        let threaded = ParallelMap.map(documents, render)
        for index in documents.indices {
            #expect(concurrent[index] == serial[index])
            #expect(threaded[index] == serial[index])
            #expect(serial[index].html.contains("<del>barré \(index)</del>"))
            #expect(serial[index].html.contains("<a href=\"https://exemple.fr/\(index)\">"))
            #expect(serial[index].html.contains("<a href=\"/site/equipe/\(index)/\">équipe</a>"))
            #expect(serial[index].html.contains("<img src=\"/site/images/\(index).png\" alt=\"photo \(index)\" />"))
        }
    }

    /// The summary's lines are joined on scalars: the same as the `Character` path it replaced.
    @Test func summaryLinesAreJoinedAsCharactersWouldBe() {
        let texts = ["", "Une ligne.", "\n", "\n\n", "Deux\nlignes", "CR\r\nLF", "seul\rCR", "vide\n\n\nentre",
                     "\ndébut et fin\n", "NEL\u{85}ici", "U+2028\u{2028}et U+2029\u{2029}", "tab\u{0B}et\u{0C}page",
                     "accent\n\u{301}après", "é\u{301}\ncombiné", "👩‍⚕️\r\n👨‍👩‍👧", " espaces \n autour "]
        for text in texts {
            #expect(MarkdownRenderer.oneLine(text) == text.split(whereSeparator: \.isNewline).joined(separator: " "),
                    "\(text.debugDescription)")
        }
    }

    /// The summary is trimmed as `trimmingCharacters(in: .whitespaces)` trims, scalar by
    /// scalar: no-break and ideographic spaces too, a combining mark left where it was.
    @Test func summaryIsTrimmedAsFoundationTrims() {
        let texts = ["", " ", "\t \u{A0}", "sans espace", " \u{301}abc ", "abc \u{301}", "\u{A0}x\u{2003}", "\t x \t",
                     "\u{3000}日本\u{3000}", " \n x \n ", "\u{200B}x\u{200B}", "\u{1680}x\u{205F}", "\u{85}x\u{85}",
                     " \u{FEFF}x", "  deux  mots  ", "👩‍⚕️ ", " é"]
        for text in texts {
            #expect(MarkdownRenderer.trimmingWhitespace(text) == text.trimmingCharacters(in: .whitespaces), "\(text.debugDescription)")
        }
    }

    @Test func firstParagraphIsTheDefaultSummary() {
        let rendered = MarkdownRenderer.render("## Titre\n\nPremier *paragraphe*\nsur deux lignes.\n\nSecond.")
        #expect(rendered.firstParagraph == "Premier paragraphe sur deux lignes.")
    }

    @Test func linksAreRewritten() {
        let rendered = MarkdownRenderer.render("[a](/x/) et ![b](c.png)") { link in
            link.isImage ? "/img/" + link.destination : "/base" + link.destination
        }
        #expect(rendered.html == "<p><a href=\"/base/x/\">a</a> et <img src=\"/img/c.png\" alt=\"b\" /></p>\n")
    }
}

@Suite("Values")
struct ValueTests {
    let paris = TimeZone(identifier: "Europe/Paris") ?? .gmt

    @Test func datesInTheThreeForms() throws {
        let day = try #require(ContentDate.parse("2026-03-24", timeZone: paris))
        #expect(!day.hasTime && day.iso == "2026-03-24" && day.weekday == 2)
        let local = try #require(ContentDate.parse("2026-07-14T17:30", timeZone: paris))
        #expect(local.iso == "2026-07-14T17:30:00+02:00")
        let instant = try #require(ContentDate.parse("2026-01-10T08:00:00Z", timeZone: paris))
        #expect(instant.hour == 9 && instant.iso == "2026-01-10T09:00:00+01:00")
        #expect(ContentDate.parse("2026-13-01", timeZone: paris) == nil)
        #expect(ContentDate.parse("2026-02-29", timeZone: paris) == nil)
        #expect(ContentDate.parse("24/03/2026", timeZone: paris) == nil)
        #expect(ContentDate.parse("2026-03-24T25:00", timeZone: paris) == nil)
    }

    @Test func frenchEventDates() throws {
        let format = Formatting(language: "fr", strings: [:])
        let start = try #require(ContentDate.parse("2026-03-24T17:00", timeZone: paris))
        let end = try #require(ContentDate.parse("2026-03-24T19:30", timeZone: paris))
        #expect(format.eventWhen(start: start, end: end) == "mardi 24 mars 2026, de 17\u{A0}h à 19\u{A0}h\u{A0}30")
        let first = try #require(ContentDate.parse("2026-06-01", timeZone: paris))
        #expect(format.eventWhen(start: first, end: nil) == "lundi 1er juin 2026")
        let third = try #require(ContentDate.parse("2026-06-03", timeZone: paris))
        #expect(format.eventWhen(start: first, end: third) == "du 1er au 3 juin 2026")
        #expect(format.number(89000) == "89\u{202F}000")
        #expect(Formatting.telephoneLink("05 49 00 00 00") == "tel:+33549000000")
    }

    @Test func slugsAndSuggestions() {
        #expect(Slug.make("Journée de prévention") == "journee-de-prevention")
        #expect(Slug.make("  Vie associative ! ") == "vie-associative")
        #expect(Slug.make("Santé du cœur") == "sante-du-coeur")
        #expect(Suggestion.closest(to: "chu-poitier", in: ["chu-poitiers", "cpam-vienne"]) == "chu-poitiers")
        #expect(Suggestion.closest(to: "zzz", in: ["chu-poitiers"]) == nil)
    }
}

@Suite("Task lists")
struct TaskListTests {
    @Test func aTaskListSaysDoneAndToDoInWordsWithNoUnlabelledControl() {
        let html = MarkdownRenderer.render("- [x] Réunion faite\n- [ ] Compte rendu\n\n1. [x] loose\n\n2. [ ] second\n").html
        #expect(!html.contains("<input"), "\(html)")
        #expect(html.contains("<li class=\"task-list-item task-list-item--done\"><span class=\"task-list-item__state task-list-item__state--done\" aria-hidden=\"true\"></span><span class=\"visually-hidden\">Fait : </span>Réunion faite</li>"), "\(html)")
        #expect(html.contains("<span class=\"visually-hidden\">À faire : </span>Compte rendu"), "\(html)")
        #expect(html.contains("<span class=\"visually-hidden\">Fait : </span>\n<p>loose</p>"), "\(html)")
        let english = MarkdownRenderer.render("- [x] done\n", taskLabels: .english).html
        #expect(english.contains("<span class=\"visually-hidden\">Done: </span>done"))
    }
}
