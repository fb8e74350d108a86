import Foundation

/// Where the themes are when `--themes` is not given: the site's own `themes/` folder if it
/// has one (a developer's checkout, a customised site); otherwise the themes installed with
/// Parcours, beside its binary: `/usr/share/parcours/themes` for the .deb's `/usr/bin/parcours`,
/// `share/parcours/themes` of the unpacked archive for its `bin/parcours`. So a CPTS's
/// repository needs only `content/`.
public enum InstalledThemes {
    public static let siteFolder = "themes"

    public static func folder(executable: String?, exists: (String) -> Bool = { FileManager.default.fileExists(atPath: $0) }) -> String {
        if exists(siteFolder) { return siteFolder }
        guard let executable else { return siteFolder }
        let installed = URL(fileURLWithPath: executable).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("share/parcours/themes").standardizedFileURL.path
        return exists(installed) ? installed : siteFolder
    }

    /// This process's binary, links resolved (`/proc/self/exe`).
    public static var currentExecutable: String? {
        try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")
    }
}
