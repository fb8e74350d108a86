import Foundation

/// The few lines `serve` adds to every HTML page it sends (never to site/): they listen to
/// the server's event stream and reload the page after each build.
enum LiveReload {
    static let scriptPath = "/__parcours/live-reload.js"
    static let eventsPath = "/__parcours/events"

    static let script = """
        // Parcours preview: reload this page when the site has been built again.
        (function () {
          "use strict";
          var source = new EventSource("\(eventsPath)");
          source.addEventListener("reload", function () { window.location.reload(); });
        })();

        """

    /// The page with the script tag before `</body>` (or at the end).
    static func inject(into html: String) -> String {
        let tag = "<script src=\"\(scriptPath)\" defer></script>\n"
        guard let body = html.range(of: "</body>", options: .backwards) else { return html + tag }
        var result = html
        result.insert(contentsOf: tag, at: body.lowerBound)
        return result
    }
}

/// A line on the terminal, at once: stdout is not a terminal under a test or a pipe, and
/// would be buffered.
func say(_ line: String) {
    FileHandle.standardOutput.write(Data((line + "\n").utf8))
}
