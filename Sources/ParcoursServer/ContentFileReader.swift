import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Reads, at request time, a file that the last build copies from the content folder
/// (`OutputFile.Contents.copy`). The build only named it; between the build and the
/// request anyone can replace it, or a folder on its way, with a symbolic link to a file
/// outside the site (`ln -s /etc/shadow content/media/x.txt`). So the path is walked one
/// name at a time from the content folder with `O_NOFOLLOW`, and only a regular file is
/// read: a link anywhere below the content folder, a device or a pipe reads as missing.
enum ContentFileReader {
    /// The bytes of `relativePath` under `folder`, or nil when it cannot be read safely.
    static func read(_ relativePath: String, under folder: String) -> Data? {
        let names = relativePath.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        // The build writes plain relative paths; anything else is not one of its files.
        guard !names.isEmpty, names.allSatisfy({ !$0.isEmpty && $0 != "." && $0 != ".." }) else { return nil }

        // The content folder itself is the one the person named: it may be a link.
        var current = open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard current >= 0 else { return nil }
        for name in names.dropLast() {
            let next = openat(current, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
            close(current)
            guard next >= 0 else { return nil }
            current = next
        }
        // O_NONBLOCK: a named pipe put in place of the file must not hang the server.
        let file = openat(current, names[names.count - 1], O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC)
        close(current)
        guard file >= 0 else { return nil }
        let handle = FileHandle(fileDescriptor: file, closeOnDealloc: true)
        var status = stat()
        guard fstat(file, &status) == 0, (status.st_mode & S_IFMT) == S_IFREG else { return nil }
        return (try? handle.readToEnd()) ?? Data()
    }
}
