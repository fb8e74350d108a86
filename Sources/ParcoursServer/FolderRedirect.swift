import Foundation

/// Where the URL of a folder without its final slash (`/actualites`) is sent: the same
/// folder with the slash (`/actualites/`), always as a path on this server. The location
/// is rebuilt from the folder's name in the build, never copied from the request: a
/// request for `//actualites` would otherwise be sent to `//actualites/`, which a browser
/// reads as the host `actualites`. One leading slash, and every character that is not
/// plainly part of a path percent-encoded (a backslash too: `/\host/` means `//host/` to
/// a browser).
enum FolderRedirect {
    /// - Parameters:
    ///   - folder: the folder's path in the build, without slashes at either end.
    ///   - query: the request's query, kept so that `/recherche?q=x` still searches.
    static func location(forFolder folder: String, query: String?) -> String {
        let trimmed = folder.drop { $0 == "/" }
        guard !trimmed.isEmpty else { return "/" }  // never "//": that is a host, not a path
        let path = "/" + (trimmed.addingPercentEncoding(withAllowedCharacters: pathCharacters) ?? "") + "/"
        guard let query, !query.isEmpty else { return path }
        return path + "?" + query
    }

    /// RFC 3986's characters of a path segment, and the slash between segments.
    private static let pathCharacters = CharacterSet(
        charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~!$&'()*+,;=:@/")
}
