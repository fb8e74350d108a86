import Foundation
import Testing
@testable import Parcours

/// The byte-level paths of issue 15 give what the character-level ones gave.
@Suite("Text on bytes")
struct UTF8TextTests {
    /// Every document of up to five lines made of the pieces that matter to the splitter.
    @Test func theFrontMatterSplitterMatchesTheLineByLinePath() {
        let pieces = ["---", "--- ", "...", "title: é", "", "--", "\t---\t", "body ✓ é\u{301}"]
        var documents: [String] = [""]
        var frontier: [[String]] = [[]]
        for _ in 1...4 {
            frontier = frontier.flatMap { lines in pieces.map { lines + [$0] } }
            for lines in frontier {
                documents.append(lines.joined(separator: "\n"))
                documents.append(lines.joined(separator: "\n") + "\n")
            }
        }
        for document in documents {
            let fast = FrontMatterSplitter.split(document), general = FrontMatterSplitter.splitLines(document)
            #expect(fast.frontMatter == general.frontMatter && fast.body == general.body
                    && fast.bodyFirstLine == general.bodyFirstLine && fast.isClosed == general.isClosed, "\(document.debugDescription)")
        }
    }

    @Test func wordsAreThoseOfCharacterProperties() {
        let texts = ["L’équipe de soins primaires : 12 000 patients, 3e réunion.", "e\u{301}té naïve œuvre — Œdème ÆSOP",
                     "a1b2 ٣٤ 東京 x\u{200D}y emoji 👩‍⚕️ fin", "R&D <b>x</b> &amp; __init__"]
        for text in texts {
            let expected = text.split(whereSeparator: { !($0.isLetter || $0.isNumber) })
            #expect(UTF8Text.words(text) == expected, "\(text)")
        }
    }

    /// The scalars up to U+2FFF are looked up in a table: each of them, inside a word,
    /// alone and after a space, splits as `Character` properties split.
    @Test func everyScalarOfTheTableSplitsAsCharactersDo() {
        for value in UInt32(0x80)..<0x3000 {
            guard let scalar = Unicode.Scalar(value) else { continue }
            let text = "x\(scalar)y \(scalar) z\(scalar) 1\(scalar)2"
            let expected = text.split(whereSeparator: { !($0.isLetter || $0.isNumber) })
            #expect(UTF8Text.words(text) == expected, "U+\(String(value, radix: 16))")
        }
    }

    @Test func replacingPrefersTheFirstPatternAtAPlace() {
        #expect(UTF8Text.replacing("<li><a> <a>", [("<li><a>", "L"), ("<a>", "A")]) == "L A")
        #expect(UTF8Text.replacing("é<a>é", [("<a>", "–")]) == "é–é")
        #expect(UTF8Text.replacing("rien", [("<a>", "–")]) == "rien")
    }

    /// The search index's words as they were computed before issue 15, `Character` by
    /// `Character` with sets of strings: the byte path must give the same line.
    private static func referenceWords(of text: String) -> String {
        var seenRaw = Set<Substring>()
        var distinct: [Substring] = []
        for raw in text.split(whereSeparator: { !($0.isLetter || $0.isNumber) }) where raw.count >= 2 && seenRaw.insert(raw).inserted {
            distinct.append(raw)
        }
        var seen = Set<String>()
        var result: [String] = []
        for word in distinct {
            let folded = SearchIndex.fold(String(word))
            if seen.insert(folded).inserted { result.append(folded) }
        }
        return result.joined(separator: " ")
    }

    @Test func searchWordsAreThoseOfTheCharacterPath() {
        let texts = ["L’équipe de soins primaires : 12 000 patients, 3e réunion, l'Équipe, L’ÉQUIPE, equipe.",
                     "e\u{301}té été ÉTÉ naïve NAÏVE œuvre Œuvre oeuvre — Œdème ÆSOP aesop",
                     "a1b2 ٣٤ 東京 x\u{200D}y emoji 👩‍⚕️ fin Fin FIN", "R&D <b>x</b> &amp; __init__ a A é",
                     "Kelvin \u{212A}g kg KG ǅemal ﬁnal final straße STRASSE",
                     "한국 \u{1112}\u{1161}\u{11AB}국 한국어 été e\u{301}te\u{301} ÉTÉ été",
                     "\u{600}12 \u{6DD}ab ab \u{110BD}cd cd\u{200B}ef", ""]
        for text in texts {
            #expect(SearchIndex.words(of: text) == Self.referenceWords(of: text), "\(text)")
        }
        // The pages of one index share their folded spellings: in any order, each page's
        // words are those it has alone.
        for order in [texts, texts.reversed(), texts + texts] {
            let spellings = SearchIndex.FoldedSpellings()
            for text in order {
                #expect(SearchIndex.words(of: text, spellings: spellings) == Self.referenceWords(of: text), "\(text)")
            }
        }
    }
}
