import ArgumentParser
import Foundation
import Parcours

struct NewCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "new",
        abstract: "Create a page: its Markdown file in the section of its type, the front matter ready to fill in.",
        discussion: "Types, in English or in French: \(typeNames). Prints the path of the new file; never overwrites one."
    )

    @Argument(help: "The type of the page, in English or in French: news or actualite, event or evenement…")
    var type: String

    @Argument(help: "The title of the page; the file name is made from it (\"Journée de prévention\" → journee-de-prevention.md).")
    var title: String

    @Option(help: ArgumentHelp("Folder of the content folder to create the page in, instead of the section of its type.", valueName: "dir"))
    var section: String?

    @Option(help: "Folder of the content and site.yaml.")
    var source = "content"

    /// `page, news (actualite), event (evenement), …`, from the schema.
    private static var typeNames: String {
        PageSchema.all.map { $0.frenchName == $0.type.rawValue ? $0.frenchName : "\($0.type.rawValue) (\($0.frenchName))" }
            .joined(separator: ", ")
    }

    func validate() throws {
        if case .failure(let failure) = NewPage.type(named: type) {
            throw ValidationError(failure.message)
        }
    }

    func run() throws {
        guard case .success(let pageType) = NewPage.type(named: type) else { return }
        let (site, diagnostics) = NewPage.loadSite(source: source)
        guard let site else {
            // The site's errors in its language (unless LANG says English), like `build`'s.
            let language = CLILanguage.resolve(site: SiteLanguage.of(source: source), environment: ProcessInfo.processInfo.environment)
            Self.fail(diagnostics.filter { $0.severity == .error }.map { $0.formatted(in: language) }.joined(separator: "\n"))
        }
        let page: NewPage
        do {
            page = try NewPage.make(type: pageType, title: title, section: section, site: site,
                                    contentDirectory: source, today: Date())
        } catch .usage(let message) {
            FileHandle.standardError.write(Data(("Error: " + message + "\n" + NewCommand.helpMessage() + "\n").utf8))
            throw ExitCode(2)
        } catch {
            Self.fail("error: " + error.message)
        }
        let file = URL(fileURLWithPath: source).appendingPathComponent(page.relativePath)
        if FileManager.default.fileExists(atPath: file.path) {
            Self.fail("error: \(page.path) already exists (parcours new never overwrites a file: edit it, or choose another title)")
        }
        do {
            try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(page.text.utf8).write(to: file, options: .withoutOverwriting)
        } catch {
            Self.fail("error: cannot write \(page.path): \(error.localizedDescription)")
        }
        print(page.path)
    }

    private static func fail(_ message: String) -> Never {
        FileHandle.standardError.write(Data((message + "\n").utf8))
        Foundation.exit(1)
    }
}
