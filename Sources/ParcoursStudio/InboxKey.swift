import Crypto
import Foundation

/// The key that encrypts the requests of the access form (AES-GCM, 256 bits), in
/// `key_file`, outside `data`: a copy of the data alone reveals nothing. Made on the first
/// start, readable by the studio's user only (mode 0600), never replaced once it exists.
enum InboxKey {
    enum Problem: Error, CustomStringConvertible {
        case unreadable(String)
        case wrongSize(String, Int)
        case tooOpen(String)
        var description: String {
            switch self {
            case .unreadable(let path): return "la clé \(path) est illisible"
            case .wrongSize(let path, let size): return "la clé \(path) doit faire 32 octets, pas \(size) (est-ce bien le fichier créé par le studio ?)"
            case .tooOpen(let path): return "la clé \(path) est lisible par d’autres comptes que celui du studio : chmod 600 \(path)"
            }
        }
    }

    static func loadOrCreate(at path: String) throws -> SymmetricKey {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0o600)
        if descriptor >= 0 {
            // New: 32 random bytes, written and synced before anything is encrypted with them.
            let key = SymmetricKey(size: .bits256)
            let bytes = key.withUnsafeBytes { Array($0) }
            let written = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
            fsync(descriptor)
            close(descriptor)
            guard written == bytes.count else { throw Problem.unreadable(path) }
            return key
        }
        var info = stat()
        guard lstat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { throw Problem.unreadable(path) }
        guard info.st_mode & 0o077 == 0 else { throw Problem.tooOpen(path) }
        guard let data = FileManager.default.contents(atPath: path) else { throw Problem.unreadable(path) }
        guard data.count == 32 else { throw Problem.wrongSize(path, data.count) }
        return SymmetricKey(data: data)
    }
}
