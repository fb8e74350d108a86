import Foundation

/// The values the mutators write: what a hurried site owner or an attacker would type.
/// Each is YAML or Markdown text as it stands in the file.
enum Dictionaries {
    /// Integers at and beyond every limit (YAML text).
    static let integers: [String] = [
        "0", "-1", "1", "2", "10", "1000", "1001", "100000", "2147483647", "2147483648", "-2147483649", "4294967296",
        "9223372036854775807", "-9223372036854775808", "9223372036854775806", "-9223372036854775807",
        "9223372036854775808", "-9223372036854775809", "99999999999999999999999999", "0x7FFFFFFFFFFFFFFF", "-0x8000000000000000",
        "0o777", "0b101", "1_000", "+12", "-0", "007", "1e3", "1.5", "-1.5", ".inf", "-.inf", ".nan", "1e400",
    ]
    /// The extremes alone: the values that overflowed arithmetic in the past.
    static let extremeIntegers: [String] = ["9223372036854775807", "-9223372036854775808", "9223372036854775806", "-9223372036854775807"]

    static let emptyish: [String] = ["", "\"\"", "''", "~", "null", "\"null\"", "\" \"", "\"\\t\"", "[]", "{}", "[\"\"]", "[~]"]
    static let booleans: [String] = ["true", "false", "yes", "no", "on", "off", "y", "n", "True", "FALSE", "\"true\""]

    /// Paths and URLs, hostile or just unusual.
    static let paths: [String] = [
        "../../../x", "/../../../x/", "/../../../../../../x/", "/./", "/actualites/./", "/contact//", "//", "/", ".", "..", "/..",
        "../outside.png", "../../../../etc/passwd", "/etc/passwd", "media/../../../x.png", "./media/x.png", "media/", "media",
        "C:\\\\Windows\\\\x", "\"\\\\\\\\evil\\\\share\"", "/\\\\evil.example/", "%2e%2e/%2e%2e/x", "/%2e%2e/%2e%2e/x/", "/a%2Fb/",
        "/sitemap.xml", "/robots.txt", "/404.html", "/index.html", "/assets/", "/media/", "/tags/", "/recherche/", "/actualites/page/2/",
        "/actualites/atom.xml", "/agenda/agenda.ics", "/é/", "/%C3%A9/", "/🏥/", "/a b/", "/a?b/", "/a#b/", "/ACTUALITES/", "actualites",
        "/" + String(repeating: "a", count: 300) + "/", "/" + Array(repeating: "x", count: 60).joined(separator: "/") + "/",
        "/acces-medecin/merci/", "/missions/prevention/", "../missions/prevention.md", "missions/prevention.md", "../_index.md", "_index.md",
    ]
    static let urls: [String] = [
        "https://exemple.fr/", "http://exemple.fr/", "http://localhost:8080/x", "http://127.0.0.1/x", "https://", "https:///x", "https://exa mple.fr/",
        "javascript:alert(1)", "https:javascript:alert(1)", "JaVaScRiPt:alert(1)", "data:text/html,<script>alert(1)</script>",
        "//evil.example/", "/\\\\evil.example/", "\"https://ok.example/ https://evil.example\"", "\"https://x.example/;script-src-elem *\"",
        "\"https://x.example/\\\"'><script>\"", "mailto:x@example.org", "tel:+33500000000", "file:///etc/passwd", "ftp://x.example/",
        "https://[::1]/", "https://xn--caf-dma.fr/", "https://café.fr/", "https://x.example:99999/", "https://user:pass@x.example/",
        "https://x.example/#frag", "https://x.example/?a=1&b=<2>", "\"https:\\/\\/x.example\"",
    ]
    /// Text that is not plain ASCII, or not text at all once escaped.
    static let unicode: [String] = [
        "é", "\"e\\u0301\"", "🏥", "\"👩‍⚕️👨‍👩‍👧‍👦\"", "\"\\u202Eevil\"", "\"\\0\"", "\"\\x00nul\"", "\"\\uFEFF\"", "\"\\u2028\\u2029\"",
        "\"\\uD800\"", "中文", "Ελληνικά", "עברית", "\"" + String(repeating: "e\u{301}", count: 500) + "\"", "\"\\t\\r\\n\"",
        "\"<script>alert(1)</script>\"", "\"{{title}}\"", "\"{{> base}}\"", "\"]]>\"", "\"&amp;&lt;&#0;&#x110000;\"", "\"\\\"'`\"",
        "\"" + String(repeating: "x", count: 20_000) + "\"", "\"" + String(repeating: "mot ", count: 5_000) + "\"", "\"---\"", "\"...\"",
    ]
    /// Dates, valid and not.
    static let dates: [String] = [
        "2026-03-24", "2026-02-30", "2026-13-01", "2026-00-10", "0000-01-01", "0001-01-01", "9999-12-31", "10000-01-01",
        "292277026596-12-04", "-2026-01-01", "2026-3-4", "2026-03-24T17:00", "2026-03-24T25:00", "2026-03-24T23:60",
        "2026-03-24T17:00:00+01:00", "2026-03-24T17:00:00+99:00", "2026-03-24T17:00:00-18:00", "2026-03-24T17:00:00Z",
        "2026-03-24T17:00:00.123456789Z", "2026-03-24 17:00", "2026-03-29T02:30", "2026-10-25T02:30", "1970-01-01",
        "1969-12-31T23:59", "\"2026-03-24\"", "2026-03-24T", "T17:00", "24/03/2026", "hier", "2026-03-24T17:00:00+01:00:00",
    ]
    /// Whole YAML values with structure: lists, maps, anchors, tags, block scalars.
    static let structures: [String] = [
        "[]", "{}", "[a, [b, [c, [d]]]]", "{a: {b: {c: {d: e}}}}", "[1, two, 3.0, null, true]", "&a x", "*undefined",
        "!!binary aGVsbG8=", "!!timestamp 2001-12-14t21:59:43.10-05:00", "!custom x", "!!int \"12\"", "!!float x", "!!str 12",
        "!!set {a, b}", "!!omap [a: 1]", "!!null ''", "|\n  une\n  deux", ">-\n  plié\n  ici", "|+\n\n", "? a\n  : b",
        "[" + String(repeating: "[", count: 200) + String(repeating: "]", count: 200) + "]",
        String(repeating: "[", count: 2_000) + String(repeating: "]", count: 2_000),
        String(repeating: "{a: ", count: 500) + "x" + String(repeating: "}", count: 500),
        "[" + Array(repeating: "x", count: 5_000).joined(separator: ", ") + "]",
    ]

    /// A "billion laughs": `levels` levels of `width` aliases each.
    static func aliasBomb(levels: Int, width: Int) -> String {
        var lines = ["extra:", "  l0: &l0 [" + Array(repeating: "\"rire\"", count: width).joined(separator: ", ") + "]"]
        for level in 1..<levels {
            lines.append("  l\(level): &l\(level) [" + Array(repeating: "*l\(level - 1)", count: width).joined(separator: ", ") + "]")
        }
        return lines.joined(separator: "\n")
    }

    /// File and folder names: spaces, accents (composed and not), very long, dots.
    static let fileNames: [String] = [
        "a b", "é", "e\u{301}", "🏥", "👩‍⚕️", "x", String(repeating: "x", count: 120), String(repeating: "é", count: 100),
        String(repeating: "a", count: 240), "a.b.c", ".", "..", "...", "-", "--", "_", "_index ", " _index", "Index", "INDEX", "index",
        "%2e%2e", "a#b", "a?b", "a&b", "a'b\"c", "a\\b", "a:b", "con", "nul", "trailing ", " leading", "tab\tname", "sitemap.xml",
        "robots.txt", "404", "index.html", "recherche", "tags", "assets", "media", "page", "atom.xml", "agenda.ics", "UPPER", "CamelCase",
        "l'été", "ça-va", "a_b", "a--b", "-leading-dash", "123", "0", "<script>", "{{title}}", "a\u{202E}b", "a\u{200B}b",
    ]

    /// Markdown snippets, each a few lines; `%URL%` is replaced with a path.
    static let markdown: [String] = [
        "[un lien](%URL%)", "[lien](%URL% \"titre\")", "![image](%URL%)", "![](%URL%)", "[vide]()", "[chevrons](<>)", "[ancre](#)",
        "[ancre inconnue](#nulle-part)", "[page et ancre](/missions/prevention/#nulle-part)", "[réf][inconnue]", "[réf]\n\n[réf]: %URL%",
        "<https://exemple.fr/>", "www.exemple.fr", "contact@exemple.fr", "<javascript:alert(1)>", "[x](javascript:alert(1))",
        "- un\n  - deux\n    - trois\n      - quatre\n        - cinq", "1. un\n2. deux\n   1. deux.un\n   2. deux.deux\n10. dix",
        "| a | b |\n|---|---|\n| 1 | 2 |\n| 3 |", "| a |\n|:-:|\n| `|` |\n| [x](%URL%) |", "|a|b|c|\n|-|-|\n|1|2|3|4|",
        "- [ ] à faire\n- [x] fait\n  - [ ] sous-tâche\n- [X] FAIT", "* [ ]\n* [x]", "Note[^1].\n\n[^1]: La note.", "Note[^inconnue].",
        "[^a]: [^a]\n\nTexte[^a].", "# Titre\n\n# Titre\n\n# Titre", "# 🏥\n\n## ...\n\n### <script>", "####### sept", "Titre\n=====",
        "<script>alert(1)</script>", "<iframe src=\"https://evil.example\"></iframe>", "<!-- commentaire non fermé", "<div>\n\n*md*\n\n</div>",
        "```\nbloc non fermé", "~~~swift\nlet x = 1\n~~~", "    code indenté", "`code` ``double``", "~~barré~~", "**gras *et italique***",
        "{{title}} {{{site.title}}} {{> base}} {{#pages}}x{{/pages}}", "---\ntitle: pas du front matter\n---", "...", "\\", "&#0; &#x110000; &#xD800; &bogus;",
        "\u{0}", "\u{2028}\u{2029}", "\u{FEFF}", "\u{202E}texte inversé", String(repeating: "mot ", count: 20_000),
        String(repeating: "> ", count: 500) + "citation profonde", String(repeating: "*", count: 5_000) + "x",
        String(repeating: "[", count: 5_000) + "x" + String(repeating: "]", count: 5_000), String(repeating: "- ", count: 300) + "liste",
    ] + generatedMarkdown

    /// Long Markdown, made by code.
    static let generatedMarkdown: [String] = {
        let nested: String = (0..<300).map { (level: Int) -> String in String(repeating: "  ", count: level) + "- \(level)" }.joined(separator: "\n")
        let header: String = (0..<200).map { (column: Int) -> String in "| \(column) " }.joined() + "|"
        let rule: String = String(repeating: "|---", count: 200) + "|"
        let links: String = (0..<500).map { (index: Int) -> String in "[lien \(index)](%URL%)" }.joined(separator: " ")
        let headings: String = String(repeating: "## Titre\n\n", count: 200)
        return [nested, header + "\n" + rule, links, headings]
    }()

    /// Mustache that is broken, or valid but unusual.
    static let mustache: [String] = [
        "{{", "}}", "{{#x}}", "{{/x}}", "{{^x}}", "{{#a}}{{/b}}", "{{=<% %>=}}", "{{= =}}", "{{{x}}", "{{&}}", "{{!", "{{!-- x --}}",
        "{{<base}}", "{{$main}}", "{{/main}}", "{{<nope}}{{/nope}}", "{{>}}", "{{> }}", "{{> ../../../etc/passwd}}", "{{> nope}}",
        "{{t.nope}}", "{{.}}", "{{#.}}{{.}}{{/.}}", "{{#t}}{{.}}{{/t}}", "{{{page.content}}}", "{{#pages}}{{#pages}}{{/pages}}{{/pages}}",
        "{{%x}}", "{{#x}}{{#y}}{{#z}}", "{{ title | uppercased }}", "{{uppercased(title)}}", "{{#first(pages)}}{{/first(pages)}}",
        "\u{0}", "{{\u{FEFF}title}}", String(repeating: "{{#a}}", count: 1_000) + String(repeating: "{{/a}}", count: 1_000),
    ]
}
